#include "tclient.h"

#include <stdio.h>

struct sk_error tclient_err;

void
tclient_config(struct skc_config *c, const char *port, const char *ca, const char *cert,
    const char *key)
{
	struct sk_error err = { 0 };
	char server[64];

	snprintf(server, sizeof(server), "127.0.0.1:%s", port);
	skc_config_defaults(c);
	skc_config_set(c, "server", server, NULL, &err);
	skc_config_set(c, "ca", ca, NULL, &err);
	if (cert != NULL)
		skc_config_set(c, "cert", cert, NULL, &err);
	if (key != NULL)
		skc_config_set(c, "key", key, NULL, &err);
}

int
tclient_load(struct skc_config *c, const char *conf, const char *server)
{
	struct sk_error err = { 0 };

	skc_config_defaults(c);
	if (skc_config_load(c, conf, &err) != 0 ||
	    skc_config_set(c, "server", server, NULL, &err) != 0) {
		fprintf(stderr, "%s: %s\n", conf, err.msg);
		return -1;
	}
	return 0;
}

struct skc *
tclient_connect(const struct skc_config *c, const char *who)
{
	struct sk_error err = { 0 };
	struct skc *s = NULL;

	if (skc_connect(c, &s, &err) != 0)
		fprintf(stderr, "connect as %s: %s: %s\n", who, status_name(err.code),
		    err.msg);
	return s;
}

int
tclient_code(const Sk__V1__Response *r)
{
	if (r == NULL)
		return -1;
	return r->status != NULL ? (int)r->status->code : 0;
}
