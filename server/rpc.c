#include "rpc.h"

#include <inttypes.h>
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
#include "text.h"
#include "tls.h"
#include "validate.h"
#include "workflow.h"

#define RPC_PAGE_DEFAULT 50
#define RPC_PAGE_MAX 500
#define PROTOCOL_VERSION 1

#define R_AUTHOR SK__V1__ROLE__ROLE_AUTHOR
#define R_CLERK SK__V1__ROLE__ROLE_CLERK
#define R_COUNCIL SK__V1__ROLE__ROLE_COUNCIL
#define R_HEAD SK__V1__ROLE__ROLE_HEAD
#define R_ADMIN SK__V1__ROLE__ROLE_ADMIN
#define R_UNIT_STAFF (R_AUTHOR | R_CLERK | R_COUNCIL | R_HEAD)

struct rpc_ctx {
	struct server *srv;
	struct conn *conn;
	const struct principal *who;
	uint64_t id;
};

static void
reply(struct rpc_ctx *x, Sk__V1__Response *resp, const struct sk_error *err,
    bool secret)
{
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	resp->id = x->id;
	if (err != NULL && err->code != 0) {
		st.code = (Sk__V1__Code)err->code;
		st.message = (char *)err->msg;
		resp->result_case = SK__V1__RESPONSE__RESULT__NOT_SET;
	}
	resp->status = &st;
	net_reply(x->conn, resp, secret);
	resp->status = NULL;
}

static void
reply_error(struct rpc_ctx *x, const struct sk_error *err)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;

	if (err->code != SK_NOT_FOUND && err->code != SK_INVALID_ARGUMENT)
		log_info("%s: request %" PRIu64 ": %s: %s", x->who->login, x->id,
		    status_name(err->code), err->msg);
	reply(x, &resp, err, false);
}

static void
reply_code(struct rpc_ctx *x, int code, const char *msg)
{
	struct sk_error err;

	status_set(&err, code, "%s", msg);
	reply_error(x, &err);
}

/* ---- asynchronous writes ----------------------------------------------- */

struct rpc_op;
typedef void (*rpc_reply_fn)(struct rpc_ctx *x, struct rpc_op *op);

struct rpc_op {
	struct wop w;			/* first: the writer sees only this */
	struct rpc_ctx x;
	struct principal who;		/* copy: the connection may go away */
	rpc_reply_fn reply;
	void *in;			/* owned input record */
	void *out;			/* owned result record */
	uint32_t expected_version;
	char unit_code[64];
	char *cert_pem, *key_pem;	/* user enrolment */
};

static void
op_done(struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;

	if (op->w.err.code != 0)
		reply_error(&op->x, &op->w.err);
	else
		op->reply(&op->x, op);
	store_rec_free(op->in);
	store_rec_free(op->out);
	free(op->cert_pem);
	pki_pem_free(op->key_pem);
	net_conn_release(op->x.conn);
	free(op);
}

static struct rpc_op *
op_new(struct rpc_ctx *x, wop_apply_fn apply, rpc_reply_fn done)
{
	struct rpc_op *op = calloc(1, sizeof(*op));

	if (op == NULL)
		return NULL;
	op->w.apply = apply;
	op->w.done = op_done;
	op->x = *x;
	op->who = *x->who;
	op->x.who = &op->who;
	op->reply = done;
	return op;
}

static void
op_submit(struct rpc_op *op)
{
	net_conn_hold(op->x.conn);
	writer_submit(op->x.srv->wr, &op->w);
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
		reply_error(x, &err);
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
	reply(x, &resp, NULL, false);
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

	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_unit_list(&t, &v, &n);
		store_read_end(&t);
	}
	if (rc != 0) {
		reply_code(x, SK_UNAVAILABLE, "cannot read the unit list");
		return;
	}
	qsort(v, n, sizeof(*v), unit_order);
	units = calloc(n + 1, sizeof(*units));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (units == NULL || ptrs == NULL) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
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
	reply(x, &resp, NULL, false);
done:
	free(units);
	free(ptrs);
	store_unit_list_free(v, n);
}

/* ---- initiatives --------------------------------------------------------- */

static void
reply_initiative(struct rpc_ctx *x, const InitiativeRec *r)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__InitiativeResponse ir = SK__V1__INITIATIVE_RESPONSE__INIT;
	struct initiative_view v;

	if (convert_initiative_view(&v, r) != 0) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	ir.initiative = &v.msg;
	resp.result_case = SK__V1__RESPONSE__RESULT_INITIATIVE;
	resp.initiative = &ir;
	reply(x, &resp, NULL, false);
	convert_initiative_view_free(&v);
}

static void
op_reply_initiative(struct rpc_ctx *x, struct rpc_op *op)
{
	reply_initiative(x, op->out);
}

static void
rpc_initiative_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct scope sc = authz_scope(x->who);
	uint64_t id = req->initiative_get->id;
	InitiativeRec *r = NULL;
	struct store_txn t;
	struct sk_error err;
	int rc;

	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_initiative_get(&t, &sc, id, &r);
		store_read_end(&t);
	}
	if (rc == SK_NOT_FOUND)
		status_set(&err, rc, "initiative %" PRIu64 " not found in your unit", id);
	else if (rc != 0)
		status_set(&err, rc, "cannot read initiative %" PRIu64, id);
	if (rc != 0)
		reply_error(x, &err);
	else
		reply_initiative(x, r);
	store_rec_free(r);
}

/*
 * Turn the initiative of a request into an owned, validated record. A new
 * one (creator given) gets its unit, state and history from the server.
 * Returns NULL with err set when the input is refused.
 */
static InitiativeRec *
initiative_input(const Sk__V1__Initiative *m, const struct principal *creator,
    struct sk_error *err)
{
	InitiativeRec in, *r = NULL;

	if (m == NULL) {
		status_set(err, SK_INVALID_ARGUMENT, "initiative: missing");
		return NULL;
	}
	if (convert_initiative_rec(&in, m) != 0) {
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	if (creator != NULL) {
		in.id = 0;
		in.unit_id = creator->tenant;
		in.state = workflow_initial();
		in.created_by = (char *)creator->login;
		in.created_at = in.updated_at = time(NULL);
		in.version = 1;
	}
	if (validate_initiative(&in, date_today(), err) == 0 &&
	    (r = rec_clone(&in.base)) == NULL)
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	convert_rec_authors_free(&in);
	return r;
}

static int
apply_initiative_create(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct scope sc = authz_scope(&op->who);
	InitiativeRec *r = op->in;
	int rc;

	if ((rc = store_initiative_next_id(t, &sc, &r->id)) != 0 ||
	    (rc = store_initiative_put(t, &sc, r)) != 0)
		return status_set(&w->err, rc, "cannot store the initiative");
	return 0;
}

static void
op_reply_created(struct rpc_ctx *x, struct rpc_op *op)
{
	log_info("%s: created initiative %" PRIu64 " in unit %u", x->who->login,
	    ((InitiativeRec *)op->in)->id, x->who->tenant);
	reply_initiative(x, op->in);
}

static void
rpc_initiative_create(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct sk_error err = { 0 };
	InitiativeRec *r;
	struct rpc_op *op;

	r = initiative_input(req->initiative_create->initiative, x->who, &err);
	if (r == NULL) {
		reply_error(x, &err);
		return;
	}
	if ((op = op_new(x, apply_initiative_create, op_reply_created)) == NULL) {
		store_rec_free(r);
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	op->in = r;
	op_submit(op);
}

static int
apply_initiative_update(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct scope sc = authz_scope(&op->who);
	InitiativeRec *in = op->in, *cur = NULL, next;
	int rc;

	store_rec_free(op->out);	/* from an earlier, aborted attempt */
	op->out = NULL;
	if ((rc = store_initiative_get(t, &sc, in->id, &cur)) != 0)
		return status_set(&w->err, rc, rc == SK_NOT_FOUND ?
		    "initiative %" PRIu64 " not found in your unit" :
		    "cannot read initiative %" PRIu64, in->id);
	if (strcmp(cur->created_by, op->who.login) != 0)
		rc = status_set(&w->err, SK_PERMISSION_DENIED,
		    "only %s, who created initiative %" PRIu64 ", can edit it",
		    cur->created_by, in->id);
	else if (!workflow_editable(cur->state))
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is %s; only drafts can be edited",
		    in->id, state_name(cur->state));
	else if (op->expected_version != 0 && op->expected_version != cur->version)
		rc = status_set(&w->err, SK_ABORTED,
		    "initiative %" PRIu64 " changed meanwhile (now version %u, you had %u)",
		    in->id, cur->version, op->expected_version);
	if (rc != 0)
		goto done;
	/* New content, but identity, state and history stay the server's. */
	next = *in;
	next.unit_id = cur->unit_id;
	next.state = cur->state;
	next.created_by = cur->created_by;
	next.created_at = cur->created_at;
	next.updated_at = time(NULL);
	next.version = cur->version + 1;
	if ((rc = store_initiative_put(t, &sc, &next)) != 0)
		status_set(&w->err, rc, "cannot store initiative %" PRIu64, in->id);
	else if ((op->out = rec_clone(&next.base)) == NULL)
		rc = status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
done:
	store_rec_free(cur);
	return rc;
}

static void
rpc_initiative_update(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__InitiativeUpdateRequest *u = req->initiative_update;
	struct sk_error err = { 0 };
	InitiativeRec *r;
	struct rpc_op *op;

	if ((r = initiative_input(u->initiative, NULL, &err)) == NULL) {
		reply_error(x, &err);
		return;
	}
	if ((op = op_new(x, apply_initiative_update, op_reply_initiative)) == NULL) {
		store_rec_free(r);
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	op->in = r;
	op->expected_version = u->expected_version;
	op_submit(op);
}

struct list_state {
	const Sk__V1__InitiativeListRequest *q;
	const char *login;
	InitiativeRec **v;
	size_t n, want;
	size_t bytes, max_bytes;
	bool more;
};

static int
list_cb(InitiativeRec *r, void *arg)
{
	struct list_state *s = arg;
	const Sk__V1__InitiativeListRequest *q = s->q;
	size_t sz;

	if ((q->state != 0 && r->state != (uint32_t)q->state) ||
	    (q->category != 0 && r->category != q->category) ||
	    (q->mine && strcmp(r->created_by, s->login) != 0) ||
	    (!text_match(r->title, q->query) && !text_match(r->summary, q->query))) {
		store_rec_free(r);
		return 0;
	}
	sz = protobuf_c_message_get_packed_size(&r->base) + 16;
	if (s->n == s->want || (s->n > 0 && s->bytes + sz > s->max_bytes)) {
		s->more = true;		/* a page is full: stop here */
		store_rec_free(r);
		return 1;
	}
	s->bytes += sz;
	s->v[s->n++] = r;
	return 0;
}

static bool
page_token_parse(const char *tok, uint64_t *after)
{
	char *end;

	*after = 0;
	if (*tok == '\0')
		return true;
	if (strncmp(tok, "after:", 6) != 0 || tok[6] < '0' || tok[6] > '9')
		return false;
	*after = strtoull(tok + 6, &end, 10);
	return *end == '\0';
}

static void
reply_list(struct rpc_ctx *x, struct list_state *s)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__InitiativeListResponse lr = SK__V1__INITIATIVE_LIST_RESPONSE__INIT;
	struct initiative_view *views = calloc(s->n + 1, sizeof(*views));
	Sk__V1__Initiative **ptrs = calloc(s->n + 1, sizeof(*ptrs));
	char token[32];
	size_t i, ok = 0;

	for (i = 0; views != NULL && ptrs != NULL && i < s->n; i++, ok++) {
		if (convert_initiative_view(&views[i], s->v[i]) != 0)
			break;
		ptrs[i] = &views[i].msg;
	}
	if (ok < s->n) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	lr.n_initiatives = s->n;
	lr.initiatives = ptrs;
	if (s->more && s->n > 0) {
		snprintf(token, sizeof(token), "after:%" PRIu64, s->v[s->n - 1]->id);
		lr.next_page_token = token;
	}
	resp.result_case = SK__V1__RESPONSE__RESULT_INITIATIVE_LIST;
	resp.initiative_list = &lr;
	reply(x, &resp, NULL, false);
done:
	for (i = 0; i < ok; i++)
		convert_initiative_view_free(&views[i]);
	free(views);
	free(ptrs);
}

static void
rpc_initiative_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__InitiativeListRequest *q = req->initiative_list;
	struct scope sc = authz_scope(x->who);
	struct list_state s = { .q = q, .login = x->who->login };
	struct store_txn t;
	uint64_t after;
	int rc;

	if (!page_token_parse(q->page_token, &after)) {
		reply_code(x, SK_INVALID_ARGUMENT, "page_token: not a token this server gave");
		return;
	}
	s.want = q->page_size == 0 ? RPC_PAGE_DEFAULT :
	    q->page_size > RPC_PAGE_MAX ? RPC_PAGE_MAX : q->page_size;
	s.max_bytes = x->srv->cfg->max_frame / 2;	/* leave room: clients' limits */
	if ((s.v = calloc(s.want, sizeof(*s.v))) == NULL) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_initiative_scan(&t, &sc, after, list_cb, &s);
		store_read_end(&t);
	}
	if (rc != 0 && rc != 1)
		reply_code(x, SK_UNAVAILABLE, "cannot read the initiatives");
	else
		reply_list(x, &s);
	for (size_t i = 0; i < s.n; i++)
		store_rec_free(s.v[i]);
	free(s.v);
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
	reply(x, &resp, NULL, false);
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
	if ((rc = store_unit_by_code(t, op->unit_code, &unit)) != 0)
		return status_set(&w->err, rc == SK_NOT_FOUND ? SK_INVALID_ARGUMENT : rc,
		    "unit_code: no unit \"%s\" (see sk units)", op->unit_code);
	u->unit_id = unit->id;
	store_rec_free(unit);
	if ((rc = store_user_put(t, u)) != 0)
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
	reply(x, &resp, NULL, true);
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
	subj.not_before = now - 300;	/* tolerate small clock skew */
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
		status_set(&err, SK_INVALID_ARGUMENT, "roles: give at least one known role");
		goto fail;
	}
	if (strlen(q->unit_code) >= sizeof(op->unit_code)) {
		status_set(&err, SK_INVALID_ARGUMENT, "unit_code: too long");
		goto fail;
	}
	in.login = q->login;
	in.name = q->name;
	in.roles = q->roles;
	in.enabled = true;
	in.created_at = time(NULL);
	in.created_by = (char *)x->who->login;
	if ((op = op_new(x, apply_user_create, op_reply_user_created)) == NULL) {
		status_set(&err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if (user_issue(x->srv, op, &in, q->valid_days ? q->valid_days :
	    x->srv->cfg->cert_days, fp, &err) != 0)
		goto fail;
	if ((op->in = rec_clone(&in.base)) == NULL) {
		status_set(&err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	snprintf(op->unit_code, sizeof(op->unit_code), "%s", q->unit_code);
	op_submit(op);
	return;
fail:
	if (op != NULL) {
		free(op->cert_pem);
		pki_pem_free(op->key_pem);
		free(op);
	}
	reply_error(x, &err);
}

static int
apply_user_disable(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	UserRec *u = NULL;
	int rc;

	store_rec_free(op->out);
	op->out = NULL;
	if ((rc = store_user_find(t, op->unit_code, &u)) != 0)
		return status_set(&w->err, rc, rc == SK_NOT_FOUND ?
		    "login: no user %s" : "cannot read user %s", op->unit_code);
	u->enabled = false;
	if ((rc = store_user_put(t, u)) != 0) {
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
		reply_error(x, &err);
		return;
	}
	if ((op = op_new(x, apply_user_disable, op_reply_user_disabled)) == NULL) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	/* unit_code carries the login here; both fit the same buffer. */
	snprintf(op->unit_code, sizeof(op->unit_code), "%s", login);
	op_submit(op);
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
		reply_code(x, SK_UNAVAILABLE, "cannot read the users");
		return;
	}
	if (code[0] != '\0' && store_unit_by_code(&t, code, &unit) != 0) {
		store_read_end(&t);
		reply_code(x, SK_NOT_FOUND, "unit_code: no such unit");
		return;
	}
	rc = store_user_list(&t, unit != NULL ? unit->id : 0, &v, &n);
	store_read_end(&t);
	store_rec_free(unit);
	if (rc != 0) {
		reply_code(x, SK_UNAVAILABLE, "cannot read the users");
		return;
	}
	users = calloc(n + 1, sizeof(*users));
	ptrs = calloc(n + 1, sizeof(*ptrs));
	if (users == NULL || ptrs == NULL) {
		reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
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
	reply(x, &resp, NULL, false);
done:
	free(users);
	free(ptrs);
	store_user_list_free(v, n);
}

/* ---- dispatch ------------------------------------------------------------ */

static const struct rpc_method {
	Sk__V1__Request__CallCase call;
	uint32_t roles;		/* any of these; 0: every enrolled user */
	const char *name;
	void (*fn)(struct rpc_ctx *, const Sk__V1__Request *);
} rpc_methods[] = {
	{ SK__V1__REQUEST__CALL_HELLO, 0, "hello", rpc_hello },
	{ SK__V1__REQUEST__CALL_UNIT_LIST, 0, "unit list", rpc_unit_list },
	{ SK__V1__REQUEST__CALL_INITIATIVE_CREATE, R_AUTHOR, "creating an initiative", rpc_initiative_create },
	{ SK__V1__REQUEST__CALL_INITIATIVE_GET, R_UNIT_STAFF, "reading an initiative", rpc_initiative_get },
	{ SK__V1__REQUEST__CALL_INITIATIVE_UPDATE, R_AUTHOR, "editing an initiative", rpc_initiative_update },
	{ SK__V1__REQUEST__CALL_INITIATIVE_LIST, R_UNIT_STAFF, "listing initiatives", rpc_initiative_list },
	{ SK__V1__REQUEST__CALL_USER_CREATE, R_ADMIN, "enrolling a user", rpc_user_create },
	{ SK__V1__REQUEST__CALL_USER_DISABLE, R_ADMIN, "disabling a user", rpc_user_disable },
	{ SK__V1__REQUEST__CALL_USER_LIST, R_ADMIN, "listing users", rpc_user_list },
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
			reply_error(&x, &err);
			return;
		}
		log_debug("%s: request %" PRIu64 ": %s", who->login, req->id, m->name);
		m->fn(&x, req);
		return;
	}
	reply_code(&x, SK_UNIMPLEMENTED, req->call_case == SK__V1__REQUEST__CALL__NOT_SET ?
	    "request names no call (a newer client, or a malformed request?)" :
	    "this server does not implement that call");
}
