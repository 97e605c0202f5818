#include "authz.h"

#include <stdio.h>
#include <string.h>

#include "names.h"
#include "sk.pb-c.h"

#define R(x) SK__V1__ROLE__ROLE_##x
#define STAFF (R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD))
#define ANYONE 0xffu /* every person's role */
#define PEERS AUTHZ_PEER_ROLES
#define UNITS_DEPTH_MAX 16 /* levels of the units' tree walked up */

/*
 * Who may reach what: a row lets any of its roles take its verbs on its
 * family in units standing in one of its relations to the caller's unit.
 * Anything without a row is refused.
 */
static const struct authz_rule {
	enum authz_family family;
	uint32_t verbs;
	uint32_t roles;
	uint32_t rels;
} authz_rules[] = {
	{ AZ_UNIT, AZ_READ, ANYONE | PEERS, AZ_OWN | AZ_CHILD | AZ_OTHER },
	{ AZ_USER, AZ_READ | AZ_CREATE | AZ_CHANGE, R(ADMIN), AZ_OWN | AZ_CHILD },
	{ AZ_CREDENTIAL, AZ_CHANGE, ANYONE, AZ_OWN },
	{ AZ_INITIATIVE, AZ_READ, STAFF | R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_INITIATIVE, AZ_CREATE | AZ_CHANGE, R(AUTHOR), AZ_OWN },
	{ AZ_AUTHORSHIP, AZ_CREATE, STAFF, AZ_OWN },
	{ AZ_CONFIDENTIAL, AZ_READ, R(CLERK) | R(COUNCIL) | R(HEAD) | R(DISTRICT_OFFICE),
	    AZ_OWN },
	{ AZ_FLOW, AZ_CHANGE, STAFF | R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_DEADLINE, AZ_READ, R(CLERK) | R(HEAD), AZ_OWN },
	{ AZ_COUNCIL, AZ_READ, STAFF, AZ_OWN },
	{ AZ_COUNCIL, AZ_CHANGE, R(HEAD), AZ_OWN },
	{ AZ_SESSION, AZ_READ, STAFF, AZ_OWN },
	{ AZ_SESSION, AZ_CREATE, R(CLERK) | R(HEAD), AZ_OWN },
	{ AZ_SESSION, AZ_CHANGE, R(HEAD), AZ_OWN },
	{ AZ_BALLOT, AZ_CREATE, R(COUNCIL), AZ_OWN },
	{ AZ_DECISION, AZ_READ, STAFF, AZ_OWN },
	{ AZ_DECISION, AZ_CREATE, R(HEAD), AZ_OWN },
	{ AZ_CERTIFICATE, AZ_READ, STAFF, AZ_OWN },
	{ AZ_FILE, AZ_READ, STAFF | R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_FILE, AZ_CREATE, R(AUTHOR), AZ_OWN },
	/* The district's auditors read the logs of the units below it. */
	{ AZ_LOG, AZ_READ, R(AUDITOR), AZ_OWN | AZ_CHILD },
	/* Linked servers: the level above takes a unit's exports and the
	 * proofs of its log; a unit's server takes the results of its copies,
	 * the proofs of the level above's log and its rounds. */
	{ AZ_LOG, AZ_READ | AZ_CREATE, R(UPSTREAM), AZ_OWN }, /* create: cosign */
	{ AZ_LOG, AZ_READ, R(DOWNSTREAM), AZ_PARENT },
	/* A log's signed checkpoint (origin, size, root: no entry's content):
	 * whoever reads the log, and the unit's staff and office, who print on
	 * the documents they issue where its log records them (sk document). */
	{ AZ_CHECKPOINT, AZ_READ, R(AUDITOR), AZ_OWN | AZ_CHILD },
	{ AZ_CHECKPOINT, AZ_READ, R(UPSTREAM), AZ_OWN },
	{ AZ_CHECKPOINT, AZ_READ, R(DOWNSTREAM), AZ_PARENT },
	{ AZ_CHECKPOINT, AZ_READ, STAFF | R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_EXPORT, AZ_READ, R(UPSTREAM), AZ_OWN },
	{ AZ_REPORT, AZ_READ, R(DOWNSTREAM), AZ_PARENT },
	/* Administrators read the server's figures, and the storage of the
	 * units they administer. */
	{ AZ_SERVER, AZ_READ, R(ADMIN), AZ_OWN | AZ_CHILD },
	{ AZ_ROUND, AZ_READ, R(DOWNSTREAM), AZ_PARENT },
	/* The receiving level's office opens rounds; the heads of the units
	 * below read them, to forward. */
	{ AZ_ROUND, AZ_READ | AZ_CREATE | AZ_CHANGE, R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_ROUND, AZ_READ, R(HEAD), AZ_OWN | AZ_PARENT },
	/* A unit's head sends copies to the level above; that level's office
	 * works its inbox, and its results (office, council closing, head's
	 * decision) are reported to the unit below. */
	{ AZ_FORWARD, AZ_CREATE, R(HEAD), AZ_OWN | AZ_PARENT },
	{ AZ_INBOX, AZ_READ, R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_UPPER, AZ_CHANGE, R(DISTRICT_OFFICE), AZ_OWN },
	{ AZ_COMMENDATION, AZ_READ | AZ_CREATE, R(COMMENDATION), AZ_OWN },
	/* What is published is for everyone of the deployment to learn from. */
	{ AZ_PUBLISHED, AZ_READ, ANYONE, AZ_OWN | AZ_PARENT | AZ_CHILD | AZ_OTHER },
	{ AZ_PUBLISHED, AZ_CHANGE, R(DISTRICT_OFFICE) | R(HEAD), AZ_OWN },
	{ AZ_SUMMARY, AZ_READ, R(DISTRICT_OFFICE) | R(COMMENDATION) | R(HEAD),
	    AZ_OWN | AZ_CHILD },
	/* The figures of the reports: a unit's people who follow its flow
	 * (clerk, council, head, auditor) read its own; a level's office,
	 * head, council and commendation office those of every unit below it
	 * too (they follow the units' work and propose commendations). */
	{ AZ_STATS, AZ_READ,
	    R(CLERK) | R(COUNCIL) | R(HEAD) | R(AUDITOR) | R(DISTRICT_OFFICE) |
	        R(COMMENDATION),
	    AZ_OWN },
	{ AZ_STATS, AZ_READ, R(DISTRICT_OFFICE) | R(HEAD) | R(COUNCIL) | R(COMMENDATION),
	    AZ_CHILD },
	{ AZ_COPY, AZ_READ,
	    R(DISTRICT_OFFICE) | R(CLERK) | R(COUNCIL) | R(HEAD) | R(AUDITOR), AZ_OWN },
	{ AZ_FORWARD, AZ_CHANGE, R(HEAD) | R(DISTRICT_OFFICE), AZ_CHILD },
	/* Its authors complete a dossier for the level above; a copy going
	 * further up (the district's to the city) its office completes. */
	{ AZ_COMPLETION, AZ_CHANGE, R(AUTHOR) | R(DISTRICT_OFFICE), AZ_OWN },
};

#define NRULES (sizeof(authz_rules) / sizeof(authz_rules[0]))

/* The roles that may do verb on family in any of the relations rels. */
static uint32_t
roles_for(enum authz_family f, enum authz_verb v, uint32_t rels)
{
	uint32_t roles = 0;

	for (size_t i = 0; i < NRULES; i++) {
		const struct authz_rule *r = &authz_rules[i];

		if (r->family == f && (r->verbs & v) != 0 && (r->rels & rels) != 0)
			roles |= r->roles;
	}
	return roles;
}

/* The relations in which roles may do verb on family. */
static uint32_t
rels_for(uint32_t roles, enum authz_family f, enum authz_verb v)
{
	uint32_t rels = 0;

	for (size_t i = 0; i < NRULES; i++) {
		const struct authz_rule *r = &authz_rules[i];

		if (r->family == f && (r->verbs & v) != 0 && (r->roles & roles) != 0)
			rels |= r->rels;
	}
	return rels;
}

bool
authz_allows(uint32_t roles, enum authz_family f, enum authz_verb v, enum authz_rel rel)
{
	return (rels_for(roles, f, v) & rel) != 0;
}

bool
authz_is_staff(uint32_t roles)
{
	return authz_allows(roles, AZ_AUTHORSHIP, AZ_CREATE, AZ_OWN);
}

static int
principal_of(struct principal *p, const UserRec *u, const uint8_t fp[STORE_FP_LEN],
    struct sk_error *err)
{
	memset(p, 0, sizeof(*p));
	if (!u->enabled)
		return status_set(err, SK_UNAUTHENTICATED, "user %s is disabled",
		    u->login);
	p->tenant = u->unit_id;
	p->roles = u->roles;
	snprintf(p->login, sizeof(p->login), "%s", u->login);
	snprintf(p->office, sizeof(p->office), "%s", u->office);
	memcpy(p->fp, fp, STORE_FP_LEN);
	return 0;
}

int
authz_authenticate(struct store_txn *t, const uint8_t fp[STORE_FP_LEN], bool pinned,
    struct principal *p, struct sk_error *err)
{
	UserRec *u = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = store_user_by_fp(t, fp, &u);
	if (pinned && rc == 0 &&
	    (u->peer == NULL || (u->roles & ~AUTHZ_PEER_ROLES) != 0)) {
		store_rec_free(u);
		rc = SK_NOT_FOUND; /* only a linked server is pinned */
	}
	if (rc == SK_NOT_FOUND && pinned)
		return status_set(err, SK_UNAUTHENTICATED,
		    "certificate refused: unable to get local issuer certificate "
		    "(not of this deployment, nor a linked server's)");
	if (rc == SK_NOT_FOUND)
		return status_set(err, SK_UNAUTHENTICATED,
		    "this certificate is not enrolled for any user");
	if (rc != 0)
		return status_set(err, SK_UNAVAILABLE,
		    "storage error while authenticating");
	rc = principal_of(p, u, fp, err);
	store_rec_free(u);
	return rc;
}

int
authz_current(struct store_txn *t, const struct principal *p, struct sk_error *err)
{
	UserRec *u = NULL;
	bool ok;
	int rc;

	rc = store_user_by_fp(t, p->fp, &u);
	ok = rc == 0 && u->enabled && strcmp(u->login, p->login) == 0 &&
	    u->unit_id == p->tenant && u->roles == p->roles &&
	    strcmp(u->office, p->office) == 0;
	store_rec_free(u);
	if (rc != 0 && rc != SK_NOT_FOUND)
		return status_set(err, rc, "cannot read the users");
	if (!ok)
		return status_set(err, SK_UNAUTHENTICATED,
		    "the certificate of %s is no longer valid (disabled, re-issued or "
		    "given other roles)",
		    p->login);
	return 0;
}

int
authz_require(const struct principal *p, enum authz_family f, enum authz_verb v,
    const char *what, struct sk_error *err)
{
	uint32_t all = AZ_OWN | AZ_CHILD | AZ_OTHER | AZ_FORWARDED | AZ_PARENT, any;
	char names[128];

	if (rels_for(p->roles, f, v) != 0)
		return 0;
	any = roles_for(f, v, all);
	/* People are told of people's roles; linked servers of theirs. */
	if ((any & ANYONE) != 0)
		any &= ANYONE;
	roles_format(any, names, sizeof(names));
	return status_set(err, SK_PERMISSION_DENIED, "%s needs the role %s", what, names);
}

static struct scope
scope_of(const struct principal *p, uint32_t unit)
{
	struct scope sc = { unit, p->roles, p->login, p->fp,
		p->office[0] != '\0' ? p->office : NULL };

	return sc;
}

int
authz_scope_own(const struct principal *p, enum authz_family f, enum authz_verb v,
    const char *what, struct scope *sc, struct sk_error *err)
{
	int rc;

	if ((rc = authz_require(p, f, v, what, err)) != 0)
		return rc;
	if (!authz_allows(p->roles, f, v, AZ_OWN))
		return status_set(err, SK_PERMISSION_DENIED,
		    "%s is not done in your own unit", what);
	*sc = scope_of(p, p->tenant);
	return 0;
}

int
authz_relation(struct store_txn *t, const struct principal *p, uint32_t unit,
    enum authz_rel *rel)
{
	uint32_t at = unit;
	UnitRec *u = NULL;
	int rc;

	*rel = AZ_OWN;
	if (unit == p->tenant)
		return 0;
	if ((rc = store_unit_get(t, p->tenant, &u)) != 0)
		return rc;
	at = u->parent_id;
	store_rec_free(u);
	if (at == unit && unit != 0) {
		*rel = AZ_PARENT;
		return 0;
	}
	at = unit;
	*rel = AZ_OTHER;
	for (int depth = 0; depth < UNITS_DEPTH_MAX && at != 0; depth++) {
		if ((rc = store_unit_get(t, at, &u)) != 0)
			return rc;
		at = u->parent_id;
		store_rec_free(u);
		if (at == p->tenant) {
			*rel = AZ_CHILD;
			break;
		}
	}
	return 0;
}

int
authz_scope_from(struct store_txn *t, const struct scope *sc, enum authz_family f,
    enum authz_verb v, const char *what, uint32_t unit, struct scope *out,
    struct sk_error *err)
{
	struct principal p;
	int rc;

	memset(&p, 0, sizeof(p));
	p.tenant = sc->tenant;
	p.roles = sc->roles;
	snprintf(p.login, sizeof(p.login), "%s", sc->login != NULL ? sc->login : "");
	snprintf(p.office, sizeof(p.office), "%s", sc->office != NULL ? sc->office : "");
	if (sc->fp != NULL)
		memcpy(p.fp, sc->fp, STORE_FP_LEN);
	if ((rc = authz_scope_unit(t, &p, f, v, what, unit, out, err)) == 0) {
		out->login = sc->login; /* p is ours: point at the caller's */
		out->fp = sc->fp;
		out->office = sc->office;
	}
	return rc;
}

int
authz_scope_unit(struct store_txn *t, const struct principal *p, enum authz_family f,
    enum authz_verb v, const char *what, uint32_t unit, struct scope *sc,
    struct sk_error *err)
{
	enum authz_rel rel;
	UnitRec *u = NULL;
	int rc;

	if ((rc = authz_require(p, f, v, what, err)) != 0)
		return rc;
	if ((rc = authz_relation(t, p, unit, &rel)) != 0)
		return status_set(err, rc == SK_NOT_FOUND ? SK_NOT_FOUND : SK_UNAVAILABLE,
		    "cannot read unit %u", unit);
	if (authz_allows(p->roles, f, v, rel)) {
		*sc = scope_of(p, unit);
		return 0;
	}
	rc = store_unit_get(t, unit, &u);
	status_set(err, SK_PERMISSION_DENIED,
	    "%s: your roles reach your own unit%s, not %s", what,
	    (rels_for(p->roles, f, v) & AZ_CHILD) != 0 ? " and the units below it" : "",
	    rc == 0 ? u->code : "that unit");
	store_rec_free(u);
	return err->code;
}
