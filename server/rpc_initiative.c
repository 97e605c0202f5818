/*
 * rpc_initiative: initiatives of the caller's unit: create, read, edit,
 * list, the workflow transitions, their history, and what is overdue.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "log.h"
#include "names.h"
#include "rpc_impl.h"
#include "text.h"
#include "validate.h"

#define RPC_PAGE_DEFAULT 50
#define RPC_PAGE_MAX 500
#define RPC_QUERY_MAX 200

int
rpc_initiative_load(struct store_txn *t, const struct scope *sc, uint64_t id,
    InitiativeRec **r, struct sk_error *err)
{
	int rc = store_initiative_get(t, sc, id, r);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc,
		    "initiative %" PRIu64 " not found in your unit", id);
	if (rc != 0)
		return status_set(err, rc, "cannot read initiative %" PRIu64, id);
	return 0;
}

void
rpc_reply_initiative(struct rpc_ctx *x, const InitiativeRec *r)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__InitiativeResponse ir = SK__V1__INITIATIVE_RESPONSE__INIT;
	struct scope sc = authz_scope(x->who);

	if ((ir.initiative = convert_initiative_out(r, &sc)) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	resp.result_case = SK__V1__RESPONSE__RESULT_INITIATIVE;
	resp.initiative = &ir;
	rpc_reply(x, &resp, false);
	convert_free(ir.initiative);
}

static void
op_reply_initiative(struct rpc_ctx *x, struct rpc_op *op)
{
	rpc_reply_initiative(x, op->out != NULL ? op->out : op->in);
}

void
rpc_initiative_get(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	struct scope sc = authz_scope(x->who);
	InitiativeRec *r = NULL;
	struct store_txn t;
	struct sk_error err;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (rpc_initiative_load(&t, &sc, req->initiative_get->id, &r, &err) != 0)
		rpc_reply_error(x, &err);
	else
		rpc_reply_initiative(x, r);
	store_read_end(&t);
	store_rec_free(r);
}

/*
 * The content of a request as an owned record. Only the content fields
 * come from the caller; state, receipt, votes and stamps are the server's
 * and are cleared here. Returns NULL with err set when refused.
 */
static InitiativeRec *
initiative_input(const Sk__V1__Initiative *m, struct sk_error *err)
{
	InitiativeRec *r;

	if (m == NULL) {
		status_set(err, SK_INVALID_ARGUMENT, "initiative: missing");
		return NULL;
	}
	if ((r = convert_msg(&m->base, &sk__store__v1__initiative_rec__descriptor)) ==
	    NULL) {
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	r->unit_id = 0;
	r->state = 0;
	r->created_at = r->updated_at = 0;
	r->version = 0;
	r->decision_id = 0;
	store_rec_free(r->receipt);
	store_rec_free(r->outcome);
	r->receipt = NULL;
	r->outcome = NULL;
	if (rec_set_str(&r->created_by, "") != 0 ||
	    rec_set_str(&r->duplicate_warning, "") != 0 ||
	    rec_set_str(&r->returned_on, "") != 0) {
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if (validate_initiative(r, date_today(), err) != 0)
		goto fail;
	return r;
fail:
	convert_free(r);
	return NULL;
}

static bool
same_str(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Was a, as it is now, confirmed by its user in prev? */
static bool
author_kept(const InitiativeRec *prev, const AuthorRec *a)
{
	for (size_t i = 0; prev != NULL && i < prev->n_authors; i++) {
		const AuthorRec *p = prev->authors[i];

		if (same_str(p->login, a->login))
			return p->confirmed && p->share == a->share &&
			    same_str(p->name, a->name) &&
			    same_str(p->birth_date, a->birth_date) &&
			    same_str(p->workplace, a->workplace) &&
			    same_str(p->job_title, a->job_title) &&
			    same_str(p->qualification, a->qualification);
	}
	return false;
}

/*
 * Authors named by login must be enabled users of the caller's unit: being
 * one gives author rights and takes away a council member's vote, so each
 * confirms (action CONFIRM) before the dossier can be submitted. Whoever
 * writes the record confirms their own entry by writing it; another entry
 * stays confirmed only while it is unchanged.
 */
static int
authors_bind(struct store_txn *t, const struct rpc_op *op, InitiativeRec *r,
    const InitiativeRec *prev, struct sk_error *err)
{
	for (size_t i = 0; i < r->n_authors; i++) {
		AuthorRec *a = r->authors[i];
		UserRec *u = NULL;
		int rc;

		a->confirmed = false;
		if (a->login[0] == '\0')
			continue;
		rc = store_user_find(t, a->login, &u);
		/* Staff only: they read the dossier and confirm it. */
		if (rc == 0 &&
		    (u->unit_id != op->who.tenant || !u->enabled ||
		        (u->roles & R_UNIT_STAFF) == 0))
			rc = SK_NOT_FOUND;
		store_rec_free(u);
		if (rc == SK_NOT_FOUND)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "authors[%zu].login: %s is not an enabled user of your unit's "
			    "staff",
			    i + 1, a->login);
		if (rc != 0)
			return status_set(err, rc, "cannot read user %s", a->login);
		a->confirmed = same_str(a->login, op->who.login) || author_kept(prev, a);
	}
	return 0;
}

static int
apply_initiative_create(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx c = rpc_workflow(op, t, NULL, false);
	InitiativeRec *r = op->in;
	int rc;

	if ((rc = authors_bind(t, op, r, NULL, &w->err)) != 0)
		return rc;
	if ((rc = store_initiative_next_id(t, &op->sc, &r->id)) != 0 ||
	    (rc = store_initiative_put(t, &op->sc, r)) != 0 ||
	    (rc = workflow_note(&c, r, SK__V1__ACTION__ACTION_UNSPECIFIED, 0,
	         "created")) != 0)
		return status_set(&w->err, rc, "cannot store the initiative");
	return 0;
}

static void
op_reply_created(struct rpc_ctx *x, struct rpc_op *op)
{
	log_info("%s: created initiative %" PRIu64 " in unit %u", x->who->login,
	    ((InitiativeRec *)op->in)->id, x->who->tenant);
	rpc_reply_initiative(x, op->in);
}

void
rpc_initiative_create(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__InitiativeCreateRequest *q = req->initiative_create;
	struct sk_error err = { 0 };
	InitiativeRec *r;
	struct rpc_op *op;

	if ((r = initiative_input(q->initiative, &err)) == NULL) {
		rpc_reply_error(x, &err);
		return;
	}
	r->unit_id = x->who->tenant;
	r->state = workflow_initial(q->register_topic);
	r->created_at = r->updated_at = time(NULL);
	r->version = 1;
	if (rec_set_str(&r->created_by, x->who->login) != 0) {
		convert_free(r);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if ((op = rpc_op_new(x, apply_initiative_create, op_reply_created)) == NULL) {
		convert_free(r); /* rpc_op_new replied */
		return;
	}
	op->in = r;
	rpc_op_submit(op);
}

/* Content fields of in replace those of cur; the rest stays the server's. */
static int
merge_content(InitiativeRec *cur, InitiativeRec *in)
{
	InitiativeRec tmp = *cur;

	/* Swap the content fields, so that each record still owns its own. */
	cur->title = in->title, in->title = tmp.title;
	cur->summary = in->summary, in->summary = tmp.summary;
	cur->category = in->category;
	cur->field = in->field, in->field = tmp.field;
	cur->n_authors = in->n_authors, in->n_authors = tmp.n_authors;
	cur->authors = in->authors, in->authors = tmp.authors;
	cur->first_applied = in->first_applied, in->first_applied = tmp.first_applied;
	cur->investor = in->investor, in->investor = tmp.investor;
	cur->state_funded = in->state_funded;
	cur->application = in->application;
	cur->description = in->description, in->description = tmp.description;
	cur->confidential = in->confidential, in->confidential = tmp.confidential;
	cur->conditions = in->conditions, in->conditions = tmp.conditions;
	cur->benefits = in->benefits, in->benefits = tmp.benefits;
	cur->trial_benefits = in->trial_benefits, in->trial_benefits = tmp.trial_benefits;
	cur->n_participants = in->n_participants, in->n_participants = tmp.n_participants;
	cur->participants = in->participants, in->participants = tmp.participants;
	return 0;
}

static int
apply_initiative_update(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx c = rpc_workflow(op, t, NULL, false);
	InitiativeRec *in, *cur = NULL;
	int rc;

	rpc_op_reset(op);
	/* A retried batch must start from the caller's content again. */
	if ((in = rec_clone(op->in)) == NULL)
		return status_set(&w->err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = rpc_initiative_load(t, &op->sc, op->id, &cur, &w->err)) != 0)
		goto done;
	if (!convert_is_author(cur, op->who.login))
		rc = status_set(&w->err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " can edit it", op->id);
	else if (!workflow_editable(cur->state))
		rc = status_set(&w->err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is %s; only registered topics, drafts "
		    "and returned dossiers can be edited",
		    op->id, state_name(cur->state));
	else if (op->version != 0 && op->version != cur->version)
		rc = status_set(&w->err, SK_ABORTED,
		    "initiative %" PRIu64
		    " changed meanwhile (now version %u, you had %u)",
		    op->id, cur->version, op->version);
	if (rc != 0 || (rc = authors_bind(t, op, in, cur, &w->err)) != 0)
		goto done;
	merge_content(cur, in);
	cur->version++;
	cur->updated_at = time(NULL);
	if ((rc = store_initiative_put(t, &op->sc, cur)) != 0 ||
	    (rc = workflow_note(&c, cur, SK__V1__ACTION__ACTION_UNSPECIFIED, cur->state,
	         "edited")) != 0) {
		status_set(&w->err, rc, "cannot store initiative %" PRIu64, op->id);
		goto done;
	}
	op->out = cur;
	cur = NULL;
done:
	convert_free(in);
	store_rec_free(cur);
	return rc;
}

void
rpc_initiative_update(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__InitiativeUpdateRequest *u = req->initiative_update;
	struct sk_error err = { 0 };
	InitiativeRec *r;
	struct rpc_op *op;

	if ((r = initiative_input(u->initiative, &err)) == NULL) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((op = rpc_op_new(x, apply_initiative_update, op_reply_initiative)) == NULL) {
		convert_free(r);
		return;
	}
	op->in = r;
	op->id = u->initiative->id;
	op->version = u->expected_version;
	rpc_op_submit(op);
}

/* ---- listing ------------------------------------------------------------- */

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
	    (q->mine && !convert_is_listed(r, s->login)) ||
	    (!text_match(r->title, q->query) && !text_match(r->summary, q->query))) {
		store_rec_free(r);
		return 0;
	}
	sz = protobuf_c_message_get_packed_size(&r->base) + 16;
	if (s->n == s->want || (s->n > 0 && s->bytes + sz > s->max_bytes)) {
		s->more = true; /* a page is full: stop here */
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
	Sk__V1__Initiative **v = calloc(s->n + 1, sizeof(*v));
	struct scope sc = authz_scope(x->who);
	char token[32];
	size_t i, ok = 0;

	for (i = 0; v != NULL && i < s->n; i++, ok++)
		if ((v[i] = convert_initiative_out(s->v[i], &sc)) == NULL)
			break;
	if (v == NULL || ok < s->n) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	lr.n_initiatives = s->n;
	lr.initiatives = v;
	if (s->more && s->n > 0) {
		snprintf(token, sizeof(token), "after:%" PRIu64, s->v[s->n - 1]->id);
		lr.next_page_token = token;
	}
	resp.result_case = SK__V1__RESPONSE__RESULT_INITIATIVE_LIST;
	resp.initiative_list = &lr;
	rpc_reply(x, &resp, false);
done:
	for (i = 0; i < ok; i++)
		convert_free(v[i]);
	free(v);
}

void
rpc_initiative_list(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__InitiativeListRequest *q = req->initiative_list;
	struct scope sc = authz_scope(x->who);
	struct list_state s = { .q = q, .login = x->who->login };
	struct store_txn t;
	uint64_t after;
	int rc;

	/* The query is matched against every record: keep it short. */
	if (text_chars(q->query) > RPC_QUERY_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "query: at most %d characters",
		    RPC_QUERY_MAX);
		return;
	}
	if (!page_token_parse(q->page_token, &after)) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "page_token: not a token this server gave");
		return;
	}
	s.want = q->page_size == 0      ? RPC_PAGE_DEFAULT :
	    q->page_size > RPC_PAGE_MAX ? RPC_PAGE_MAX :
	                                  q->page_size;
	s.max_bytes = x->srv->cfg->max_frame / 2; /* leave room: clients' limits */
	if ((s.v = calloc(s.want, sizeof(*s.v))) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_initiative_scan(&t, &sc, after, list_cb, &s);
		store_read_end(&t);
	}
	if (rc != 0 && rc != 1)
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the initiatives");
	else
		reply_list(x, &s);
	for (size_t i = 0; i < s.n; i++)
		store_rec_free(s.v[i]);
	free(s.v);
}

/* ---- transitions and history --------------------------------------------- */

static int
apply_transition(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct workflow_ctx c = rpc_workflow(op, t, op->text, false);
	InitiativeRec *r = NULL;
	int rc;

	rpc_op_reset(op);
	if ((rc = rpc_initiative_load(t, &op->sc, op->id, &r, &w->err)) != 0)
		return rc;
	if (op->version != 0 && op->version != r->version) {
		rc = status_set(&w->err, SK_ABORTED,
		    "initiative %" PRIu64 " changed meanwhile (now version %u)", op->id,
		    r->version);
	} else
		rc = workflow_apply(&c, r, op->num, &w->err);
	if (rc != 0) {
		store_rec_free(r);
		return rc;
	}
	op->out = r;
	return 0;
}

static void
op_reply_transition(struct rpc_ctx *x, struct rpc_op *op)
{
	InitiativeRec *r = op->out;

	log_info("%s: %s initiative %" PRIu64 " of unit %u: now %s", x->who->login,
	    action_name(op->num), r->id, x->who->tenant, state_name(r->state));
	rpc_reply_initiative(x, r);
}

void
rpc_transition(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	const Sk__V1__TransitionRequest *q = req->transition;
	struct rpc_op *op;

	if (!text_valid(q->reason, strlen(q->reason)) || text_chars(q->reason) > 2000) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "reason: not UTF-8 or longer than 2000 characters");
		return;
	}
	/* A co-author confirms the entry they read, not whatever it is now. */
	if (q->action == SK__V1__ACTION__CONFIRM && q->expected_version == 0) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "expected_version: confirming names the version you read");
		return;
	}
	if ((op = rpc_op_new(x, apply_transition, op_reply_transition)) == NULL)
		return;
	op->id = q->id;
	op->num = (uint32_t)q->action;
	op->version = q->expected_version;
	if ((op->text = strdup(q->reason)) == NULL) {
		free(op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(op);
}

struct collect {
	const ProtobufCMessageDescriptor *to;
	void **v;
	size_t n, cap;
	int rc;
};

/* Collect records converted to wire messages. */
static int
collect_cb(const uint8_t *sub, size_t sublen, void *rec, void *arg)
{
	struct collect *c = arg;
	void **nv, *m;

	(void)sub;
	(void)sublen;
	m = convert_msg(rec, c->to);
	store_rec_free(rec);
	if (m == NULL)
		return c->rc = SK_RESOURCE_EXHAUSTED;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		if ((nv = realloc(c->v, c->cap * sizeof(*nv))) == NULL) {
			convert_free(m);
			return c->rc = SK_RESOURCE_EXHAUSTED;
		}
		c->v = nv;
	}
	c->v[c->n++] = m;
	return 0;
}

static void
collect_free(struct collect *c)
{
	for (size_t i = 0; i < c->n; i++)
		convert_free(c->v[i]);
	free(c->v);
}

void
rpc_history(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__HistoryResponse hr = SK__V1__HISTORY_RESPONSE__INIT;
	struct collect c = { .to = &sk__v1__history_entry__descriptor };
	struct scope sc = authz_scope(x->who);
	uint64_t id = req->history->id;
	InitiativeRec *r = NULL;
	struct store_txn t;
	struct sk_error err;
	uint8_t prefix[8];
	int rc;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	if (rpc_initiative_load(&t, &sc, id, &r, &err) != 0) {
		store_read_end(&t);
		rpc_reply_error(x, &err);
		return;
	}
	store_rec_free(r);
	store_be64(prefix, id);
	rc = store_obj_scan(&t, &sc, STORE_HISTORY, prefix, sizeof(prefix),
	    &sk__store__v1__history_rec__descriptor, collect_cb, &c);
	store_read_end(&t);
	if (rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the history");
	} else {
		hr.n_entries = c.n;
		hr.entries = (Sk__V1__HistoryEntry **)c.v;
		resp.result_case = SK__V1__RESPONSE__RESULT_HISTORY;
		resp.history = &hr;
		rpc_reply(x, &resp, false);
	}
	collect_free(&c);
}

struct overdue {
	int32_t today;
	int correction_days;
	const struct scope *sc;
	Sk__V1__OverdueItem **v;
	size_t n, cap;
	int rc;
};

static int
overdue_add(struct overdue *o, const InitiativeRec *r, const char *what, int32_t due)
{
	Sk__V1__OverdueItem *it, **nv;
	char iso[16];

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		if ((nv = realloc(o->v, o->cap * sizeof(*nv))) == NULL)
			return o->rc = SK_RESOURCE_EXHAUSTED;
		o->v = nv;
	}
	if ((it = calloc(1, sizeof(*it))) == NULL)
		return o->rc = SK_RESOURCE_EXHAUSTED;
	sk__v1__overdue_item__init(it);
	date_format_iso(due, iso, sizeof(iso));
	it->initiative = convert_initiative_out(r, o->sc);
	it->what = strdup(what);
	it->due_on = strdup(iso);
	it->days_late = o->today - due;
	o->v[o->n++] = it; /* freed as a whole by free_unpacked-like walk */
	if (it->initiative == NULL || it->what == NULL || it->due_on == NULL)
		return o->rc = SK_RESOURCE_EXHAUSTED;
	return 0;
}

static int
overdue_cb(InitiativeRec *r, void *arg)
{
	struct overdue *o = arg;
	int32_t due;
	int rc = 0;

	if ((r->state == SK__V1__STATE__STATE_ACCEPTED ||
	        r->state == SK__V1__STATE__STATE_IN_REVIEW) &&
	    r->receipt != NULL && date_parse_iso(r->receipt->due_on, &due) &&
	    due < o->today)
		rc = overdue_add(o, r, "council review", due);
	else if (r->state == SK__V1__STATE__STATE_RETURNED &&
	    date_parse_iso(r->returned_on, &due) &&
	    (due += o->correction_days) < o->today)
		rc = overdue_add(o, r, "correction", due);
	store_rec_free(r);
	return rc;
}

void
rpc_overdue(struct rpc_ctx *x, const Sk__V1__Request *req)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__OverdueResponse ovr = SK__V1__OVERDUE_RESPONSE__INIT;
	struct scope sc = authz_scope(x->who);
	struct overdue o = { .today = date_today(),
		.sc = &sc,
		.correction_days = (int)x->srv->cfg->correction_days };
	struct store_txn t;
	int rc;

	(void)req;
	if ((rc = store_read_begin(x->srv->st, &t)) == 0) {
		rc = store_initiative_scan(&t, &sc, 0, overdue_cb, &o);
		store_read_end(&t);
	}
	if (rc != 0 || o.rc != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "cannot read the initiatives");
	} else {
		ovr.n_items = o.n;
		ovr.items = o.v;
		resp.result_case = SK__V1__RESPONSE__RESULT_OVERDUE;
		resp.overdue = &ovr;
		rpc_reply(x, &resp, false);
	}
	for (size_t i = 0; i < o.n; i++) {
		convert_free(o.v[i]->initiative);
		free(o.v[i]->what);
		free(o.v[i]->due_on);
		free(o.v[i]);
	}
	free(o.v);
}
