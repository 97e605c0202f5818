#include "rpc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "convert.h"
#include "date.h"
#include "log.h"
#include "names.h"
#include "net.h"
#include "pki.h"
#include "rpc_impl.h"
#include "text.h"
#include "tlog.h"
#include "tls.h"
#include "validate.h"
#include "workflow.h"

#define PROTOCOL_VERSION 1
#define RPC_CN_MAX 64 /* characters of a certificate common name */

void
rpc_reply(struct rpc_ctx *x, Sk__V1__Response *resp, bool secret)
{
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	resp->id = x->id;
	resp->status = &st;
	net_reply(x->conn, resp, secret);
	resp->status = NULL;
}

void
rpc_reply_error(struct rpc_ctx *x, const struct sk_error *err)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	if (err->code != SK_NOT_FOUND && err->code != SK_INVALID_ARGUMENT)
		log_info("%s: request %" PRIu64 ": %s: %s", x->who->login, x->id,
		    status_name(err->code), err->msg);
	st.code = (Sk__V1__Code)(err->code != 0 ? err->code : SK_UNKNOWN);
	st.message = (char *)err->msg;
	resp.id = x->id;
	resp.status = &st;
	net_reply(x->conn, &resp, false);
}

void
rpc_reply_code(struct rpc_ctx *x, int code, const char *fmt, ...)
{
	struct sk_error err = { code, "" };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err.msg, sizeof(err.msg), fmt, ap);
	va_end(ap);
	rpc_reply_error(x, &err);
}

/* ---- asynchronous writes ----------------------------------------------- */

void
rpc_op_reset(struct rpc_op *op)
{
	convert_free(op->out);
	convert_free(op->aux);
	op->out = op->aux = NULL;
}

static void
op_done(struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;

	if (op->w.err.code != 0)
		rpc_reply_error(&op->x, &op->w.err);
	else
		op->reply(&op->x, op);
	convert_free(op->in);
	rpc_op_reset(op);
	free(op->text);
	free(op->cert_pem);
	pki_pem_free(op->key_pem);
	net_conn_release(op->x.conn);
	free(op);
}

/*
 * A write is applied only if its caller is still an enabled user with this
 * certificate: writes queued before a disable commits do not land after it.
 */
static int
op_apply(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	UserRec *u = NULL;
	bool ok;
	int rc;

	rc = store_user_by_fp(t, op->who.fp, &u);
	ok = rc == 0 && u->enabled && strcmp(u->login, op->who.login) == 0;
	store_rec_free(u);
	if (rc != 0 && rc != SK_NOT_FOUND)
		return status_set(&w->err, rc, "cannot read the users");
	if (!ok)
		return status_set(&w->err, SK_UNAUTHENTICATED,
		    "the certificate of %s is no longer valid (disabled or re-issued)",
		    op->who.login);
	return op->apply(t, w);
}

struct rpc_op *
rpc_op_new(struct rpc_ctx *x, wop_apply_fn apply, rpc_reply_fn reply)
{
	struct rpc_op *op = calloc(1, sizeof(*op));

	if (op == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	op->w.apply = op_apply;
	op->apply = apply;
	op->w.done = op_done;
	op->x = *x;
	op->who = *x->who;
	op->x.who = &op->who;
	op->sc = authz_scope(&op->who);
	op->reply = reply;
	return op;
}

void
rpc_op_submit(struct rpc_op *op)
{
	net_conn_hold(op->x.conn);
	writer_submit(op->x.srv->wr, &op->w);
}

struct workflow_ctx
rpc_workflow(struct rpc_op *op, struct store_txn *t, const char *reason, bool internal)
{
	static struct workflow_terms terms; /* set from configuration */
	struct workflow_ctx c = { .t = t,
		.who = &op->sc,
		.terms = &terms,
		.today = date_today(),
		.internal = internal,
		.reason = reason };

	terms.review_months = (int)op->x.srv->cfg->review_months;
	terms.correction_days = (int)op->x.srv->cfg->correction_days;
	return c;
}

/* ---- hello and units ----------------------------------------------------- */

static void
rpc_hello(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__HelloResponse h = SK__V1__HELLO_RESPONSE__INIT;
	Sk__V1__Unit unit;
	struct store_txn t;
	struct sk_error err = { 0 };
	UnitRec *u = NULL;
	UserRec *usr = NULL;

	(void)req;
	if (store_read_begin(x->srv->st, &t) != 0 ||
	    store_unit_get(&t, x->who->tenant, &u) != 0 ||
	    store_user_find(&t, x->who->login, &usr) != 0) {
		store_read_end(&t);
		status_set(&err, SK_UNAVAILABLE, "cannot read your user record");
		rpc_reply_error(x, &err);
		goto done;
	}
	store_read_end(&t);
	convert_unit_view(&unit, u);
	h.protocol = PROTOCOL_VERSION;
	h.server = "skd " SK_VERSION;
	h.deployment = (char *)x->srv->cfg->deployment;
	h.login = usr->login;
	h.user_name = usr->name;
	h.unit = &unit;
	h.roles = x->who->roles;
	resp.result_case = SK__V1__RESPONSE__RESULT_HELLO;
	resp.hello = &h;
	rpc_reply(x, &resp, false);
done:
	store_rec_free(u);
	store_rec_free(usr);
}

static int
unit_order(const void *a, const void *b)
{
	const UnitRec *ua = *(const UnitRec *const *)a;
	const UnitRec *ub = *(const UnitRec *const *)b;

	if (ua->kind != ub->kind)
		return ua->kind < ub->kind ? -1 : 1;
	return text_collate(ua->name, ub->name);
}

static void
rpc_unit_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__UnitListResponse ul = SK__V1__UNIT_LIST_RESPONSE__INIT;
	const char *q = req->unit_list->query;
	Sk__V1__Unit *units = NULL, **ptrs = NULL;
	struct store_txn t;
	UnitRec **v = NULL;
	size_t n = 0, k = 0;
	int rc;

	if (text_chars(q) > 200) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "query: at most 200 characters");
		return;
	}
	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_unit_list(&t, &v, &n);
		store_read_end(&t);
	}
	if (rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the unit list");
		return;
	}
	qsort(v, n, sizeof(*v), unit_order);
	units = calloc(n + 1, sizeof(*units));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (units == NULL || ptrs == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!text_match(v[i]->name, q) && !text_match(v[i]->code, q))
			continue;
		convert_unit_view(&units[k], v[i]);
		ptrs[k] = &units[k];
		k++;
	}
	ul.n_units = k;
	ul.units = ptrs;
	resp.result_case = SK__V1__RESPONSE__RESULT_UNIT_LIST;
	resp.unit_list = &ul;
	rpc_reply(x, &resp, false);
done:
	free(units);
	free(ptrs);
	store_unit_list_free(v, n);
}

/* ---- users --------------------------------------------------------------- */

static void
op_reply_user(struct rpc_ctx *x, struct rpc_op *op)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__UserResponse ur = SK__V1__USER_RESPONSE__INIT;
	Sk__V1__User u;

	convert_user_view(&u, op->out);
	ur.user = &u;
	resp.result_case = SK__V1__RESPONSE__RESULT_USER;
	resp.user = &ur;
	rpc_reply(x, &resp, false);
}

/* User changes go into the log of the user's unit, done by the admin. */
static int
user_log(struct store_txn *t, struct rpc_op *op, const UserRec *u, const char *action)
{
	struct scope sc = op->sc;
	char object[96], roles[128];

	sc.tenant = u->unit_id;
	snprintf(object, sizeof(object), "user/%s", u->login);
	roles_format(u->roles, roles, sizeof(roles));
	return tlog_append(t, &sc, action, object, &u->base, roles);
}

static int
apply_user_create(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	UserRec *u = op->in, *old = NULL;
	UnitRec *unit = NULL;
	int rc;

	if ((rc = store_user_find(t, u->login, &old)) == 0) {
		store_rec_free(old);
		return status_set(&w->err, SK_ALREADY_EXISTS,
		    "login: %s is already taken", u->login);
	}
	if (rc != SK_NOT_FOUND)
		return status_set(&w->err, rc, "cannot read the users");
	if ((rc = store_unit_by_code(t, op->text, &unit)) != 0)
		return status_set(&w->err, rc == SK_NOT_FOUND ? SK_INVALID_ARGUMENT : rc,
		    "unit_code: no unit \"%s\" (see sk units)", op->text);
	u->unit_id = unit->id;
	store_rec_free(unit);
	if ((rc = store_user_put(t, u)) != 0 ||
	    (rc = user_log(t, op, u, "user.enrol")) != 0)
		return status_set(&w->err, rc, "cannot store the user");
	return 0;
}

static void
op_reply_user_created(struct rpc_ctx *x, struct rpc_op *op)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__UserCreateResponse cr = SK__V1__USER_CREATE_RESPONSE__INIT;
	Sk__V1__User u;

	log_info("%s: enrolled user %s", x->who->login, ((UserRec *)op->in)->login);
	convert_user_view(&u, op->in);
	cr.user = &u;
	cr.cert_pem = op->cert_pem;
	cr.key_pem = op->key_pem;
	cr.ca_pem = x->srv->ca_pem;
	resp.result_case = SK__V1__RESPONSE__RESULT_USER_CREATE;
	resp.user_create = &cr;
	rpc_reply(x, &resp, true);
}

/* Make the key and certificate of a new user, for op and the record u. */
static int
user_issue(struct server *srv, struct rpc_op *op, UserRec *u, uint32_t days,
    uint8_t fp[TLS_FP_LEN], struct sk_error *err)
{
	struct pki_subject subj = { 0 };
	char uri[128];
	EVP_PKEY *key;
	X509 *cert = NULL;
	int64_t now = time(NULL);
	int rc = 0;

	snprintf(uri, sizeof(uri), "sk:user:%s", u->login);
	subj.cn = u->name;
	subj.org = srv->cfg->deployment;
	subj.uri = uri;
	subj.not_before = now - 300; /* tolerate small clock skew */
	subj.not_after = now + (int64_t)days * 86400;
	if ((key = pki_key_new()) == NULL ||
	    (cert = pki_issue(&subj, key, srv->ca_cert, srv->ca_key)) == NULL ||
	    tls_cert_fingerprint(cert, fp) != 0 ||
	    (op->cert_pem = pki_cert_pem(cert)) == NULL ||
	    (op->key_pem = pki_key_pem(key)) == NULL)
		rc = status_set(err, SK_INTERNAL, "cannot issue a certificate");
	u->fingerprint.data = fp;
	u->fingerprint.len = TLS_FP_LEN;
	u->cert_not_after = subj.not_after;
	EVP_PKEY_free(key);
	X509_free(cert);
	return rc;
}

static void
rpc_user_create(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__UserCreateRequest *q = req->user_create;
	UserRec in = SK__STORE__V1__USER_REC__INIT;
	struct sk_error err = { 0 };
	struct rpc_op *op = NULL;
	uint8_t fp[TLS_FP_LEN];

	if (validate_login(q->login, &err) != 0 ||
	    validate_name("name", q->name, &err) != 0)
		goto fail;
	if (q->roles == 0 || (q->roles & ~0xffu) != 0) {
		status_set(&err, SK_INVALID_ARGUMENT,
		    "roles: give at least one known role");
		goto fail;
	}
	if (strlen(q->unit_code) > 64) {
		status_set(&err, SK_INVALID_ARGUMENT, "unit_code: too long");
		goto fail;
	}
	/* The name is the certificate's common name: X.509 allows 64. */
	if (text_chars(q->name) > RPC_CN_MAX) {
		status_set(&err, SK_INVALID_ARGUMENT,
		    "name: at most %d characters (it goes into the certificate)",
		    RPC_CN_MAX);
		goto fail;
	}
	if (q->valid_days > x->srv->cfg->cert_days) {
		status_set(&err, SK_INVALID_ARGUMENT,
		    "valid_days: at most %u (cert_days of this server)",
		    x->srv->cfg->cert_days);
		goto fail;
	}
	in.login = q->login;
	in.name = q->name;
	in.roles = q->roles;
	in.enabled = true;
	in.created_at = time(NULL);
	in.created_by = (char *)x->who->login;
	if ((op = rpc_op_new(x, apply_user_create, op_reply_user_created)) == NULL)
		return;
	if (user_issue(x->srv, op, &in,
	        q->valid_days ? q->valid_days : x->srv->cfg->cert_days, fp, &err) != 0)
		goto fail;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		status_set(&err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if ((op->text = strdup(q->unit_code)) == NULL) {
		status_set(&err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	rpc_op_submit(op);
	return;
fail:
	if (op != NULL) {
		convert_free(op->in);
		free(op->cert_pem);
		pki_pem_free(op->key_pem);
		free(op);
	}
	rpc_reply_error(x, &err);
}

static int
apply_user_disable(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	UserRec *u = NULL;
	int rc;

	rpc_op_reset(op);
	if ((rc = store_user_find(t, op->text, &u)) != 0)
		return status_set(&w->err, rc,
		    rc == SK_NOT_FOUND ? "login: no user %s" : "cannot read user %s",
		    op->text);
	u->enabled = false;
	if ((rc = store_user_put(t, u)) != 0 ||
	    (rc = user_log(t, op, u, "user.disable")) != 0) {
		store_rec_free(u);
		return status_set(&w->err, rc, "cannot store the user");
	}
	op->out = u;
	return 0;
}

static void
op_reply_user_disabled(struct rpc_ctx *x, struct rpc_op *op)
{
	UserRec *u = op->out;
	char why[128];

	log_info("%s: disabled user %s", x->who->login, u->login);
	op_reply_user(x, op);
	/* Reply first: the administrator may be disabling themselves. */
	snprintf(why, sizeof(why), "user %s has been disabled", u->login);
	if (u->fingerprint.len == STORE_FP_LEN)
		net_kick(x->srv, u->fingerprint.data, why);
}

static void
rpc_user_disable(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const char *login = req->user_disable->login;
	struct rpc_op *op;
	struct sk_error err;

	if (validate_login(login, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((op = rpc_op_new(x, apply_user_disable, op_reply_user_disabled)) == NULL)
		return;
	if ((op->text = strdup(login)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

static void
rpc_user_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__UserListResponse ul = SK__V1__USER_LIST_RESPONSE__INIT;
	const char *code = req->user_list->unit_code;
	Sk__V1__User *users = NULL, **ptrs = NULL;
	struct store_txn t;
	UnitRec *unit = NULL;
	UserRec **v = NULL;
	size_t n = 0;
	int rc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the users");
		return;
	}
	if (code[0] != '\0' && store_unit_by_code(&t, code, &unit) != 0) {
		store_read_end(&t);
		rpc_reply_code(x, SK_NOT_FOUND, "unit_code: no such unit");
		return;
	}
	rc = store_user_list(&t, unit != NULL ? unit->id : 0, &v, &n);
	store_read_end(&t);
	store_rec_free(unit);
	if (rc != 0) {
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
		convert_user_view(&users[i], v[i]);
		ptrs[i] = &users[i];
	}
	ul.n_users = n;
	ul.users = ptrs;
	resp.result_case = SK__V1__RESPONSE__RESULT_USER_LIST;
	resp.user_list = &ul;
	rpc_reply(x, &resp, false);
done:
	free(users);
	free(ptrs);
	store_user_list_free(v, n);
}

/* ---- dispatch ------------------------------------------------------------ */

static const struct rpc_method {
	Sk__V1__Request__CallCase call;
	uint32_t roles; /* any of these; 0: every enrolled user */
	const char *name;
	void (*fn)(struct rpc_ctx *, const Sk__V1__Request *);
} rpc_methods[] = {
#define C(x) SK__V1__REQUEST__CALL_##x
	{ C(HELLO), 0, "hello", rpc_hello },
	{ C(UNIT_LIST), 0, "unit list", rpc_unit_list },
	{ C(INITIATIVE_CREATE), R_AUTHOR, "creating an initiative",
	    rpc_initiative_create },
	{ C(INITIATIVE_GET), R_UNIT_STAFF, "reading an initiative", rpc_initiative_get },
	{ C(INITIATIVE_UPDATE), R_AUTHOR, "editing an initiative",
	    rpc_initiative_update },
	{ C(INITIATIVE_LIST), R_UNIT_STAFF, "listing initiatives", rpc_initiative_list },
	/* The workflow table checks the role of each action. */
	{ C(TRANSITION), R_UNIT_STAFF, "a transition", rpc_transition },
	{ C(HISTORY), R_UNIT_STAFF, "reading a history", rpc_history },
	{ C(OVERDUE), R_CLERK | R_HEAD, "listing overdue dossiers", rpc_overdue },
	{ C(COUNCIL_SET), R_HEAD, "setting up the council", rpc_council_set },
	{ C(COUNCIL_GET), R_UNIT_STAFF, "reading the council", rpc_council_get },
	{ C(SESSION_OPEN), R_CLERK | R_HEAD, "opening a council session",
	    rpc_session_open },
	{ C(SESSION_GET), R_UNIT_STAFF, "reading a council session", rpc_session_get },
	{ C(SESSION_CLOSE), R_HEAD, "closing a council session", rpc_session_close },
	{ C(VOTE), R_COUNCIL, "voting", rpc_vote },
	{ C(DECISION_ISSUE), R_HEAD, "issuing a decision", rpc_decision_issue },
	{ C(DECISION_GET), R_UNIT_STAFF, "reading a decision", rpc_decision_get },
	{ C(CERTIFICATE_LIST), R_UNIT_STAFF, "reading certificates",
	    rpc_certificate_list },
	{ C(ATTACHMENT_BEGIN), R_AUTHOR, "uploading an attachment",
	    rpc_attachment_begin },
	{ C(ATTACHMENT_CHUNK), R_AUTHOR, "uploading an attachment",
	    rpc_attachment_chunk },
	{ C(ATTACHMENT_FINISH), R_AUTHOR, "uploading an attachment",
	    rpc_attachment_finish },
	{ C(ATTACHMENT_LIST), R_UNIT_STAFF, "listing attachments", rpc_attachment_list },
	{ C(ATTACHMENT_GET), R_UNIT_STAFF, "downloading an attachment",
	    rpc_attachment_get },
	{ C(LOG_CHECKPOINT), R_AUDITOR, "reading a decision log", rpc_log_checkpoint },
	{ C(LOG_ENTRIES), R_AUDITOR, "reading a decision log", rpc_log_entries },
	{ C(LOG_PROOF), R_AUDITOR, "reading a decision log", rpc_log_proof },
	{ C(USER_CREATE), R_ADMIN, "enrolling a user", rpc_user_create },
	{ C(USER_DISABLE), R_ADMIN, "disabling a user", rpc_user_disable },
	{ C(USER_LIST), R_ADMIN, "listing users", rpc_user_list },
#undef C
};

void
rpc_dispatch(struct server *srv, struct conn *c, const struct principal *who,
    const Sk__V1__Request *req)
{
	struct rpc_ctx x = { srv, c, who, req->id };
	struct sk_error err;

	for (size_t i = 0; i < sizeof(rpc_methods) / sizeof(rpc_methods[0]); i++) {
		const struct rpc_method *m = &rpc_methods[i];

		if (m->call != req->call_case)
			continue;
		if (authz_require(who, m->roles, m->name, &err) != 0) {
			rpc_reply_error(&x, &err);
			return;
		}
		log_debug("%s: request %" PRIu64 ": %s", who->login, req->id, m->name);
		m->fn(&x, req);
		return;
	}
	rpc_reply_code(&x, SK_UNIMPLEMENTED, "%s",
	    req->call_case == SK__V1__REQUEST__CALL__NOT_SET ?
	        "request names no call (a newer client, or a malformed request?)" :
	        "this server does not implement that call");
}
