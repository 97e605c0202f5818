/*
 * authz: who the caller is, and what they may reach.
 *
 * The one place that turns a certificate into a caller and decides the
 * scope a call gets. A principal is built once per connection from the
 * verified TLS peer certificate and the user record it maps to; nothing
 * in a request body can change it. What a principal may do is one table,
 * in the spirit of the workflow table: role x object family x how the
 * unit acted on relates to the caller's (own unit, a unit below it, any
 * other unit of the deployment, a copy forwarded to it) -> the verbs
 * allowed. Cross-unit access is rows in the table, never a handler
 * rewriting a scope.
 */
#ifndef SK_AUTHZ_H
#define SK_AUTHZ_H

#include <stdbool.h>
#include <stdint.h>

#include "status.h"
#include "store.h"

#define AUTHZ_LOGIN_MAX 64

/* The object families the table speaks of. */
enum authz_family {
	AZ_UNIT,         /* the list of units */
	AZ_USER,         /* users: enrolment, roles, disabling */
	AZ_CREDENTIAL,   /* one's own certificate (renewing it) */
	AZ_INITIATIVE,   /* dossiers: reading; creating and editing one's own */
	AZ_CONFIDENTIAL, /* the confidential part of a dossier */
	AZ_FLOW,         /* steps of the flow (the workflow table says whose) */
	AZ_DEADLINE,     /* dossiers past their deadlines */
	AZ_COUNCIL,      /* the unit's council */
	AZ_SESSION,      /* council sessions: opening, closing */
	AZ_BALLOT,       /* a member's vote */
	AZ_DECISION,     /* recognition decisions */
	AZ_CERTIFICATE,  /* the authors' certificates */
	AZ_FILE,         /* attachments */
	AZ_LOG,          /* decision logs and their proofs */
	AZ_CHECKPOINT,   /* a decision log's signed checkpoint (no entry in it) */
	AZ_ROUND,        /* the receiving level's rounds */
	AZ_FORWARD,      /* copies sent up, results reported down */
	AZ_INBOX,        /* the receiving office's inbox */
	AZ_COPY,         /* the immutable copies a receiving level keeps */
	AZ_AUTHORSHIP,   /* being named an author of the unit's dossiers */
	AZ_UPPER,        /* proposals to a level off this system, its outcomes */
	AZ_COMMENDATION, /* recognised initiatives for commendation, awards */
	AZ_PUBLISHED,    /* typical initiatives marked for publication */
	AZ_SUMMARY,      /* counts of the units below, never their content */
	AZ_COMPLETION,   /* completing a dossier for the level above */
	AZ_EXPORT,       /* a unit's exports, taken by the level above's server */
	AZ_REPORT,       /* a level's results, taken by a unit's server */
	AZ_SERVER,       /* the server's figures and each unit's storage */
	AZ_STATS,        /* the figures of reports (sk report): counts, times, authors */
	AZ_FAMILY_COUNT
};

enum authz_verb {
	AZ_READ = 1 << 0,
	AZ_CREATE = 1 << 1,
	AZ_CHANGE = 1 << 2,
};

/* How the unit acted on relates to the caller's unit. */
enum authz_rel {
	AZ_OWN = 1 << 0,       /* the caller's own unit */
	AZ_CHILD = 1 << 1,     /* a unit below it in the units' tree */
	AZ_OTHER = 1 << 2,     /* any other unit of the deployment */
	AZ_FORWARDED = 1 << 3, /* a copy a unit forwarded to the caller's */
	AZ_PARENT = 1 << 4,    /* the unit directly above the caller's */
};

struct principal {
	uint32_t tenant; /* the user's unit */
	uint32_t roles;  /* sk.v1.Role bits */
	char login[AUTHZ_LOGIN_MAX + 1];
	uint8_t fp[STORE_FP_LEN];         /* certificate fingerprint */
	char office[AUTHZ_LOGIN_MAX + 1]; /* a receiving office's code, or "" */
};

/*
 * The caller behind a certificate with fingerprint fp, verified against
 * the deployment CA, or (pinned) of another CA: then only a linked
 * server's pinned certificate is anyone. UNAUTHENTICATED when no user has
 * this as their current certificate or the user is disabled; UNAVAILABLE
 * when the users cannot be read.
 */
int authz_authenticate(struct store_txn *t, const uint8_t fp[STORE_FP_LEN], bool pinned,
    struct principal *p, struct sk_error *err);

/* The roles of linked servers. */
#define AUTHZ_PEER_ROLES (SK__V1__ROLE__ROLE_UPSTREAM | SK__V1__ROLE__ROLE_DOWNSTREAM)

/* Is p still an enabled user with this certificate and these roles?
 * Writes check it in the transaction that applies them, so that nothing
 * queued before a disable, a re-issue or a change of roles lands after. */
int authz_current(struct store_txn *t, const struct principal *p, struct sk_error *err);

/* Does the table let any of roles do verb on family in relation rel? */
bool authz_allows(uint32_t roles, enum authz_family f, enum authz_verb v,
    enum authz_rel rel);

/* PERMISSION_DENIED "WHAT needs the role R" unless p's roles may do verb
 * on family in some unit. */
int authz_require(const struct principal *p, enum authz_family f, enum authz_verb v,
    const char *what, struct sk_error *err);

/* The scope of doing verb on family in the caller's own unit. */
int authz_scope_own(const struct principal *p, enum authz_family f, enum authz_verb v,
    const char *what, struct scope *sc, struct sk_error *err);

/* The relation of unit to p's unit, from the units' tree in t. */
int authz_relation(struct store_txn *t, const struct principal *p, uint32_t unit,
    enum authz_rel *rel);

/* The scope of doing verb on family in unit (a unit id), if the table
 * allows it for the relation of that unit to the caller's; else
 * PERMISSION_DENIED naming the unit. */
int authz_scope_unit(struct store_txn *t, const struct principal *p, enum authz_family f,
    enum authz_verb v, const char *what, uint32_t unit, struct scope *sc,
    struct sk_error *err);

/* The same as authz_scope_unit for a caller known by the scope sc they act
 * in (inside a domain call that reaches another unit). */
int authz_scope_from(struct store_txn *t, const struct scope *sc, enum authz_family f,
    enum authz_verb v, const char *what, uint32_t unit, struct scope *out,
    struct sk_error *err);

/* Do roles make someone the unit's staff (those who may be co-authors,
 * read dossiers, be named in the flow)? */
bool authz_is_staff(uint32_t roles);

#endif
