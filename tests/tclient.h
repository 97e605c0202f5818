/*
 * tclient: what the C programs that drive a real skd share: a client
 * configuration from its parts or from a user's .conf, connecting with
 * the reason printed when it fails, the status of a raw response, and a
 * place to keep the outcome of the last call for the checks that follow.
 */
#ifndef SK_TCLIENT_H
#define SK_TCLIENT_H

#include "call.h"
#include "skc.h"

/*
 * The outcome of the last call a test made with &tclient_err as its err:
 * call.h clears it first, so code is 0 after a success, and after a
 * failure the code returned with the server's message naming the field.
 */
extern struct sk_error tclient_err;

/* Connect to skd on 127.0.0.1:port with ca, and cert and key unless NULL. */
void tclient_config(struct skc_config *c, const char *port, const char *ca,
    const char *cert, const char *key);

/* A user's .conf (as sk user create writes it), on server host:port
 * instead of the one in it. 0, or -1 after printing why. */
int tclient_load(struct skc_config *c, const char *conf, const char *server);

/* Connect as c; NULL after printing "connect as WHO: CODE: why". */
struct skc *tclient_connect(const struct skc_config *c, const char *who);

/* The status code of a response received raw: 0 when it has none, -1
 * for no response. */
int tclient_code(const Sk__V1__Response *r);

#endif
