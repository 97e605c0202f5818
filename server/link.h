/*
 * link: links between servers of different levels (a commune's server and
 * the district's, the district's and the city's).
 *
 * Each server has a link identity: a key and a certificate of its own CA
 * (DIR/link.key, DIR/link.crt), with which it connects to the servers it
 * is linked to. Its card says who it is (its log name, top unit, address,
 * CA, link certificate, log key); the administrators of two servers give
 * each other their cards. A linked server is then a user record of the
 * unit it concerns, with the role UPSTREAM (the level above that unit) or
 * DOWNSTREAM (the server of a unit below), its certificate pinned by
 * fingerprint and its card kept: disabling the user cuts the link at once,
 * and authz's table says what each may reach.
 */
#ifndef SK_LINK_H
#define SK_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "domain.h"
#include "pki.h"
#include "sk.pb-c.h"
#include "store.h"

#define LINK_LOGIN_PREFIX "peer."

/* Make this server's link key and certificate unless both exist. */
int link_ensure(const struct pki_ca *ca, const char *name, const char *org, uint32_t days,
    const char *key_file, const char *cert_file, struct sk_error *err);

/* Pure check of another server's card; its certificate's fingerprint and
 * end into *cert. */
int link_check_card(const Sk__V1__LinkCard *card, struct pki_cert_info *cert,
    struct sk_error *err);

/*
 * Link the server of card (checked) in the act's unit: upstream, it is
 * the level above that unit; downstream, the server of the act's unit (a
 * unit below the administrator's, of the card's code). Its user record
 * into *out; ALREADY_EXISTS when that server is linked already.
 */
int link_add(const struct act *a, const Sk__V1__LinkCard *card,
    const struct pki_cert_info *cert, bool upstream, UserRec **out, struct sk_error *err);

/* The enabled linked server that is the level above unit (its user
 * record), or SK_NOT_FOUND. */
int link_upstream(struct store_txn *t, uint32_t unit, UserRec **out);

/* Is unit served by a linked server (one ever linked, even if disabled
 * now), so that what concerns it waits there to be pulled? */
bool link_elsewhere(struct store_txn *t, uint32_t unit);

#endif
