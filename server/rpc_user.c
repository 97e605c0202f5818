/*
 * rpc_user: who the caller is (Hello), the units, and the administrator's
 * calls on users. Decode, ask authz which unit the call may reach, call
 * users.c, encode.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "convert.h"
#include "log.h"
#include "pki.h"
#include "rpc_impl.h"
#include "text.h"
#include "units.h"
#include "users.h"
#include "validate.h"

#define PROTOCOL_VERSION 1
#define UNIT_QUERY_MAX 200

static void
read_hello(struct rpc_ctx *x, const struct act *a, const void *q)
{
	Sk__V1__HelloResponse h = SK__V1__HELLO_RESPONSE__INIT;
	const struct categories *cats = &x->srv->categories;
	Sk__V1__Category *cv = NULL, **cp = NULL;
	struct sk_error err = { 0 };
	Sk__V1__Unit unit;
	UnitRec *u = NULL;
	UserRec *usr = NULL;

	(void)q;
	if (users_whoami(a, &usr, &u, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((cv = calloc(cats->n + 1, sizeof(*cv))) == NULL ||
	    (cp = calloc(cats->n + 1, sizeof(*cp))) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < cats->n; i++) {
		sk__v1__category__init(&cv[i]);
		cv[i].number = cats->v[i].number;
		cv[i].name = cats->v[i].name;
		cp[i] = &cv[i];
	}
	h.n_categories = cats->n;
	h.categories = cp;
	convert_unit_view(&unit, u);
	h.protocol = PROTOCOL_VERSION;
	h.server = "skd " SK_VERSION;
	h.deployment = (char *)x->srv->cfg->deployment;
	h.login = usr->login;
	h.user_name = usr->name;
	h.unit = &unit;
	h.roles = x->who->roles;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_HELLO, &h);
done:
	free(cv);
	free(cp);
	store_rec_free(u);
	store_rec_free(usr);
}

RPC_HANDLER(rpc_hello)
{
	(void)req;
	rpc_read(x, read_hello, NULL);
}

static void
read_units(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__UnitListRequest *q = arg;
	Sk__V1__UnitListResponse ul = SK__V1__UNIT_LIST_RESPONSE__INIT;
	Sk__V1__Unit *units = NULL, **ptrs = NULL;
	UnitRec **v = NULL;
	size_t n = 0;

	if (units_list(a->t, q->query, &v, &n) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the unit list");
		return;
	}
	units = calloc(n + 1, sizeof(*units));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (units == NULL || ptrs == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		convert_unit_view(&units[i], v[i]);
		ptrs[i] = &units[i];
	}
	ul.n_units = n;
	ul.units = ptrs;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_UNIT_LIST, &ul);
done:
	free(units);
	free(ptrs);
	store_unit_list_free(v, n);
}

RPC_HANDLER(rpc_unit_list)
{
	if (text_chars(req->unit_list->query) > UNIT_QUERY_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "query: at most %d characters",
		    UNIT_QUERY_MAX);
		return;
	}
	rpc_read(x, read_units, req->unit_list);
}

/* ---- users ------------------------------------------------------------------ */

/* A write on one user, in the unit of that user. */
struct user_op {
	struct rpc_op op;
	UserRec *in; /* create: the new user */
	char *login; /* the user acted on */
	uint32_t roles;
	UserRec *out;              /* as stored */
	struct pki_user_cert cert; /* create, renew */
	uint8_t old_fp[STORE_FP_LEN];
	bool kick; /* close the user's connections once replied */
	const char *why;
};

static void
user_op_done(struct rpc_op *op)
{
	struct user_op *o = (struct user_op *)op;

	store_rec_free(o->in);
	free(o->login);
	store_rec_free(o->out);
	pki_user_cert_free(&o->cert);
}

/*
 * The scope of verb on users of the unit with code, or of the unit of
 * login (whose record goes to *user when asked for; a login out of reach
 * is answered as one that does not exist). Units do not change while skd
 * runs, and the write checks the caller again.
 */
static int
user_scope(struct rpc_ctx *x, enum authz_verb verb, const char *code, const char *login,
    struct scope *sc, UserRec **user)
{
	struct sk_error err = { 0 };
	struct store_txn t;
	UnitRec *unit = NULL;
	UserRec *u = NULL;
	int rc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return SK_UNAVAILABLE;
	}
	if (login != NULL)
		rc = users_reach(&t, x->who, verb, x->what, login, &u, sc, &err);
	else if ((rc = users_unit(&t, code, &unit, &err)) == 0)
		rc = authz_scope_unit(&t, x->who, AZ_USER, verb, x->what, unit->id, sc,
		    &err);
	store_read_end(&t);
	if (rc != 0)
		rpc_reply_error(x, &err);
	if (rc == 0 && user != NULL) {
		*user = u;
		u = NULL;
	}
	store_rec_free(u);
	store_rec_free(unit);
	return rc;
}

/* A user op acting in sc on login; NULL when out of memory (replied). */
static struct user_op *
user_op_new(struct rpc_ctx *x, const struct scope *sc, const char *login,
    rpc_apply_fn apply, rpc_op_fn reply)
{
	struct user_op *o;

	if ((o = rpc_op_new(x, sizeof(*o), apply, reply, user_op_done)) == NULL)
		return NULL;
	rpc_op_scope(&o->op, sc);
	if (login != NULL && (o->login = strdup(login)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	return o;
}

/* Answer with a key and certificate (secret: it carries a private key). */
static void
reply_credentials(struct rpc_op *op, const UserRec *rec)
{
	struct user_op *o = (struct user_op *)op;
	Sk__V1__UserCreateResponse cr = SK__V1__USER_CREATE_RESPONSE__INIT;
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	struct user_view u;

	convert_user_view(&u, rec);
	cr.user = &u.u;
	cr.cert_pem = o->cert.cert_pem;
	cr.key_pem = o->cert.key_pem;
	cr.ca_pem = (char *)pki_ca_pem(op->x.srv->ca);
	resp.result_case = SK__V1__RESPONSE__RESULT_USER_CREATE;
	resp.user_create = &cr;
	rpc_reply(&op->x, &resp, true);
}

/* Answer with the user as stored; then close their connections if the
 * change must hold from their next request (reply first: the
 * administrator may be acting on themselves). */
static void
reply_user(struct rpc_op *op)
{
	struct user_op *o = (struct user_op *)op;
	Sk__V1__UserResponse ur = SK__V1__USER_RESPONSE__INIT;
	struct user_view u;
	char why[160];

	log_info("%s: %s %s", op->who.login, op->x.what, o->out->login);
	convert_user_view(&u, o->out);
	ur.user = &u.u;
	rpc_reply_result(&op->x, SK__V1__RESPONSE__RESULT_USER, &ur);
	if (o->kick && o->out->fingerprint.len == STORE_FP_LEN) {
		snprintf(why, sizeof(why), "user %s %s", o->out->login, o->why);
		rpc_kick(op->x.srv, o->out->fingerprint.data, why);
	}
}

static int
apply_user_create(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	return users_create(a, ((struct user_op *)op)->in, err);
}

static void
reply_user_created(struct rpc_op *op)
{
	struct user_op *o = (struct user_op *)op;

	log_info("%s: enrolled user %s", op->who.login, o->in->login);
	o->in->unit_id = op->sc.tenant;
	reply_credentials(op, o->in);
}

/* The record of a new user from q, with a fresh key and certificate. */
static int
user_new(struct rpc_ctx *x, const Sk__V1__UserCreateRequest *q, struct user_op *o,
    struct sk_error *err)
{
	UserRec in = SK__STORE__V1__USER_REC__INIT;
	const struct config *cfg = x->srv->cfg;
	int64_t now = time(NULL);

	if (pki_ca_issue_user(x->srv->ca, q->login, q->name, cfg->deployment, now,
	        q->valid_days ? q->valid_days : cfg->cert_days, &o->cert, err) != 0)
		return err->code;
	in.login = q->login;
	in.name = q->name;
	in.roles = q->roles;
	in.office = q->office;
	in.enabled = true;
	in.fingerprint.data = o->cert.fp;
	in.fingerprint.len = sizeof(o->cert.fp);
	in.cert_not_after = o->cert.not_after;
	if ((o->in = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

RPC_HANDLER(rpc_user_create)
{
	const Sk__V1__UserCreateRequest *q = req->user_create;
	struct sk_error err = { 0 };
	struct user_op *o;
	struct scope sc;

	if (users_check_new(q->login, q->name, q->roles, q->unit_code, q->valid_days,
	        x->srv->cfg->cert_days, &err) != 0 ||
	    users_check_office(q->office, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (user_scope(x, AZ_CREATE, q->unit_code, NULL, &sc, NULL) != 0 ||
	    (o = user_op_new(x, &sc, NULL, apply_user_create, reply_user_created)) ==
	        NULL)
		return;
	if (user_new(x, q, o, &err) != 0) {
		rpc_op_free(&o->op);
		rpc_reply_error(x, &err);
		return;
	}
	rpc_op_submit(&o->op);
}

static int
apply_user_disable(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct user_op *o = (struct user_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return users_disable(a, o->login, &o->out, err);
}

static int
apply_user_enable(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct user_op *o = (struct user_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return users_enable(a, o->login, &o->out, err);
}

static int
apply_user_roles(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct user_op *o = (struct user_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return users_set_roles(a, o->login, o->roles, &o->out, err);
}

/* A change to the user login: checked, scoped, queued. */
static struct user_op *
user_change(struct rpc_ctx *x, const char *login, rpc_apply_fn apply)
{
	struct sk_error err = { 0 };
	struct scope sc;

	if (validate_login(login, &err) != 0) {
		rpc_reply_error(x, &err);
		return NULL;
	}
	if (user_scope(x, AZ_CHANGE, NULL, login, &sc, NULL) != 0)
		return NULL;
	return user_op_new(x, &sc, login, apply, reply_user);
}

RPC_HANDLER(rpc_user_disable)
{
	struct user_op *o;

	if ((o = user_change(x, req->user_disable->login, apply_user_disable)) == NULL)
		return;
	o->kick = true;
	o->why = "has been disabled";
	rpc_op_submit(&o->op);
}

RPC_HANDLER(rpc_user_enable)
{
	struct user_op *o;

	if ((o = user_change(x, req->user_enable->login, apply_user_enable)) != NULL)
		rpc_op_submit(&o->op);
}

RPC_HANDLER(rpc_user_roles)
{
	const Sk__V1__UserRolesRequest *q = req->user_roles;
	struct sk_error err = { 0 };
	struct user_op *o;

	if (users_check_roles(q->roles, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((o = user_change(x, q->login, apply_user_roles)) == NULL)
		return;
	o->roles = q->roles;
	o->kick = true; /* their connections hold the old roles */
	o->why = "has other roles now: connect again";
	rpc_op_submit(&o->op);
}

static int
apply_user_renew(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct user_op *o = (struct user_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return users_renew(a, o->login, o->cert.fp, o->cert.not_after, &o->out, err);
}

/* The new files go out first; then the old certificate's connections are
 * closed (the caller's own among them, when renewing their own). */
static void
reply_user_renewed(struct rpc_op *op)
{
	struct user_op *o = (struct user_op *)op;
	char why[160];

	log_info("%s: renewed the certificate of %s", op->who.login, o->out->login);
	reply_credentials(op, o->out);
	snprintf(why, sizeof(why), "the certificate of %s has been renewed",
	    o->out->login);
	rpc_kick(op->x.srv, o->old_fp, why);
}

/* One's own certificate is one's own to renew; another's needs authz. */
static int
renew_scope(struct rpc_ctx *x, const char *login, struct scope *sc, UserRec **u)
{
	struct sk_error err = { 0 };
	struct store_txn t;
	int rc;

	if (strcmp(login, x->who->login) != 0)
		return user_scope(x, AZ_CHANGE, NULL, login, sc, u);
	if ((rc = authz_scope_own(x->who, AZ_CREDENTIAL, AZ_CHANGE, x->what, sc, &err)) ==
	    0) {
		if ((rc = store_read_begin(x->srv->st, &t)) != 0) {
			status_set(&err, SK_UNAVAILABLE, "storage unavailable");
		} else {
			rc = users_find(&t, login, u, &err);
			store_read_end(&t);
		}
	}
	if (rc != 0)
		rpc_reply_error(x, &err);
	return rc;
}

RPC_HANDLER(rpc_user_renew)
{
	const Sk__V1__UserRenewRequest *q = req->user_renew;
	const struct config *cfg = x->srv->cfg;
	const char *login = q->login[0] != '\0' ? q->login : x->who->login;
	struct sk_error err = { 0 };
	struct user_op *o;
	UserRec *u = NULL;
	struct scope sc;
	int rc;

	if (validate_login(login, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (q->valid_days > cfg->cert_days) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "valid_days: at most %u (cert_days of this server)", cfg->cert_days);
		return;
	}
	if (renew_scope(x, login, &sc, &u) != 0 ||
	    (o = user_op_new(x, &sc, login, apply_user_renew, reply_user_renewed)) ==
	        NULL) {
		store_rec_free(u);
		return;
	}
	if (u->fingerprint.len == STORE_FP_LEN)
		memcpy(o->old_fp, u->fingerprint.data, STORE_FP_LEN);
	rc = pki_ca_issue_user(x->srv->ca, u->login, u->name, cfg->deployment, time(NULL),
	    q->valid_days ? q->valid_days : cfg->cert_days, &o->cert, &err);
	store_rec_free(u);
	if (rc != 0) {
		rpc_op_free(&o->op);
		rpc_reply_error(x, &err);
		return;
	}
	rpc_op_submit(&o->op);
}

static void
read_user(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__UserGetRequest *q = arg;
	Sk__V1__UserResponse ur = SK__V1__USER_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct scope sc;
	struct user_view u;
	UserRec *rec = NULL;

	if (users_reach(a->t, x->who, AZ_READ, x->what, q->login, &rec, &sc, &err) != 0) {
		rpc_reply_error(x, &err);
	} else {
		convert_user_view(&u, rec);
		ur.user = &u.u;
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_USER, &ur);
	}
	store_rec_free(rec);
}

RPC_HANDLER(rpc_user_get)
{
	struct sk_error err = { 0 };

	if (validate_login(req->user_get->login, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_read(x, read_user, req->user_get);
}

/* Users of one unit, or of every unit the caller may reach. */
/* Which users a list shows. */
struct user_filter {
	const char *unit_code; /* "": every unit the caller reaches */
	uint32_t expiring_days;
	bool peers; /* only linked servers */
};

static void
read_users(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const struct user_filter *q = arg;
	Sk__V1__UserListResponse ul = SK__V1__USER_LIST_RESPONSE__INIT;
	struct user_view *users = NULL;
	Sk__V1__User **ptrs = NULL;
	enum authz_rel rel;
	struct scope sc;
	UserRec **v = NULL;
	size_t n = 0, k = 0;

	if (q->unit_code[0] != '\0' &&
	    rpc_scope_unit(x, a->t, AZ_USER, AZ_READ, q->unit_code, &sc) != 0)
		return;
	if (store_user_list(a->t, q->unit_code[0] != '\0' ? sc.tenant : 0, &v, &n) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the users");
		return;
	}
	users = calloc(n + 1, sizeof(*users));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (users == NULL || ptrs == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (authz_relation(a->t, x->who, v[i]->unit_id, &rel) != 0 ||
		    !authz_allows(x->who->roles, AZ_USER, AZ_READ, rel) ||
		    (q->expiring_days > 0 &&
		        !users_expiring(v[i], a->now, q->expiring_days)) ||
		    (q->peers && v[i]->peer == NULL))
			continue;
		convert_user_view(&users[k], v[i]);
		ptrs[k] = &users[k].u;
		k++;
	}
	ul.n_users = k;
	ul.users = ptrs;
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_USER_LIST, &ul);
done:
	free(users);
	free(ptrs);
	store_user_list_free(v, n);
}

RPC_HANDLER(rpc_user_list)
{
	struct user_filter f = { req->user_list->unit_code, req->user_list->expiring_days,
		false };

	rpc_read(x, read_users, &f);
}

RPC_HANDLER(rpc_peer_list)
{
	struct user_filter f = { "", 0, true };

	(void)req;
	rpc_read(x, read_users, &f);
}
