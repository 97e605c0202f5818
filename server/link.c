#include "link.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "convert.h"
#include "note.h"
#include "users.h"
#include "validate.h"

int
link_ensure(const struct pki_ca *ca, const char *name, const char *org, uint32_t days,
    const char *key_file, const char *cert_file, struct sk_error *err)
{
	if (access(key_file, F_OK) == 0 && access(cert_file, F_OK) == 0)
		return 0;
	return pki_ca_issue_link(ca, name, org, time(NULL), days, key_file, cert_file,
	    err);
}

/* "host:port" with a port of 1 to 65535. */
static bool
address_ok(const char *s)
{
	const char *colon = strrchr(s, ':');
	char *end;
	unsigned long port;

	if (colon == NULL || colon == s || strlen(s) > 255 ||
	    strpbrk(s, " \t\r\n/") != NULL)
		return false;
	port = strtoul(colon + 1, &end, 10);
	return end != colon + 1 && *end == '\0' && port > 0 && port <= 65535;
}

/* A unit code: [a-z0-9-], 1 to 64 bytes. */
static bool
code_ok(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && n <= 64 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n;
}

int
link_check_card(const Sk__V1__LinkCard *card, struct pki_cert_info *cert,
    struct sk_error *err)
{
	struct pki_cert_info ca;
	char name[260], login[96];

	if (card == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "card: missing");
	snprintf(login, sizeof(login), LINK_LOGIN_PREFIX "%s", card->name);
	if (card->name[0] == '\0' || validate_login(login, err) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: name \"%s\" is not a log name ([a-z0-9.-], at most 59 bytes)",
		    card->name);
	if (!code_ok(card->unit_code))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: unit \"%s\" is no unit code", card->unit_code);
	if (!address_ok(card->address))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: address \"%s\" is not host:port", card->address);
	if (note_vkey_check(card->log_key, name, sizeof(name)) != 0 ||
	    strcmp(name, card->name) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: log_key is not the verifier key of log %s", card->name);
	if (note_cosig_vkey_check(card->witness_key, name, sizeof(name)) != 0)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: witness_key is not a witness key (cosignature/v1)");
	if (pki_cert_parse(card->ca_pem, &ca, err) != 0 || !ca.is_ca)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: ca is not a CA certificate");
	if (pki_cert_parse(card->cert_pem, cert, err) != 0 || cert->is_ca)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: cert is not a link certificate");
	if (cert->not_after <= time(NULL))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "card: its link certificate has expired");
	return 0;
}

int
link_add(const struct act *a, const Sk__V1__LinkCard *card,
    const struct pki_cert_info *cert, bool upstream, UserRec **out, struct sk_error *err)
{
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	PeerRec p = SK__STORE__V1__PEER_REC__INIT;
	char login[96];
	int rc;

	*out = NULL;
	snprintf(login, sizeof(login), LINK_LOGIN_PREFIX "%s", card->name);
	p.name = card->name;
	p.unit_code = card->unit_code;
	p.address = card->address;
	p.ca_pem = card->ca_pem;
	p.log_key = card->log_key;
	p.witness_key = card->witness_key;
	u.login = login;
	u.name = card->name;
	u.unit_id = a->sc->tenant;
	u.roles = upstream ? SK__V1__ROLE__ROLE_UPSTREAM : SK__V1__ROLE__ROLE_DOWNSTREAM;
	u.enabled = true;
	u.created_at = a->now;
	u.created_by = (char *)a->sc->login;
	u.fingerprint.data = (uint8_t *)cert->fp;
	u.fingerprint.len = sizeof(cert->fp);
	u.cert_not_after = cert->not_after;
	u.peer = &p;
	if ((rc = users_create(a, &u, err)) != 0)
		return rc;
	if ((*out = rec_clone(&u.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* The first linked server of unit with role (enabled or not). */
static int
link_find(struct store_txn *t, uint32_t unit, uint32_t role, bool enabled, UserRec **out)
{
	UserRec **v = NULL;
	size_t n = 0;
	int rc;

	*out = NULL;
	if ((rc = store_user_list(t, unit, &v, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n && *out == NULL; i++)
		if ((v[i]->enabled || !enabled) && v[i]->peer != NULL &&
		    (v[i]->roles & role) != 0) {
			*out = v[i];
			v[i] = NULL;
		}
	store_user_list_free(v, n);
	return *out != NULL ? 0 : SK_NOT_FOUND;
}

int
link_upstream(struct store_txn *t, uint32_t unit, UserRec **out)
{
	return link_find(t, unit, SK__V1__ROLE__ROLE_UPSTREAM, true, out);
}

bool
link_elsewhere(struct store_txn *t, uint32_t unit)
{
	UserRec *u = NULL;
	bool found = link_find(t, unit, SK__V1__ROLE__ROLE_DOWNSTREAM, false, &u) == 0;

	store_rec_free(u);
	return found;
}
