/*
 * rpc_initiative: the calls on the initiatives of the caller's unit:
 * create, read, edit, list, the steps of the flow, their history, and
 * what is overdue. Decode, call initiative.c, encode.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "export.h"
#include "initiative.h"
#include "log.h"
#include "names.h"
#include "rpc_impl.h"
#include "text.h"

#define RPC_PAGE_DEFAULT 50
#define RPC_PAGE_MAX 500
#define RPC_QUERY_MAX 200
#define RPC_REASON_MAX 2000

/* A write whose answer is one initiative. */
struct initiative_op {
	struct rpc_op op;
	uint64_t id;
	uint32_t version; /* expected; 0: do not check */
	uint32_t action;
	uint32_t author; /* DISTINCT */
	bool register_topic;
	char *reason;
	InitiativeRec *in;  /* checked content */
	InitiativeRec *out; /* as stored */
};

static void
initiative_op_done(struct rpc_op *op)
{
	struct initiative_op *o = (struct initiative_op *)op;

	free(o->reason);
	store_rec_free(o->in);
	store_rec_free(o->out);
}

/* An initiative_op for x, with content from the wire checked; NULL when
 * refused (and replied). */
static struct initiative_op *
initiative_op_new(struct rpc_ctx *x, const Sk__V1__Initiative *m, rpc_apply_fn apply,
    rpc_op_fn reply)
{
	struct sk_error err = { 0 };
	struct initiative_op *o;
	InitiativeRec *wire = NULL;

	if (m == NULL) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "initiative: missing");
		return NULL;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply, reply, initiative_op_done)) == NULL)
		return NULL;
	if ((wire = convert_msg(&m->base, &sk__store__v1__initiative_rec__descriptor)) ==
	    NULL)
		status_set(&err, SK_RESOURCE_EXHAUSTED, "out of memory");
	else
		o->in = initiative_content(wire, date_today(), &err);
	store_rec_free(wire);
	if (o->in == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_error(x, &err);
		return NULL;
	}
	return o;
}

static void
reply_out(struct rpc_op *op)
{
	struct initiative_op *o = (struct initiative_op *)op;

	rpc_reply_initiative(&op->x, &op->sc, o->out);
}

static int
apply_create(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct initiative_op *o = (struct initiative_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return initiative_create(a, o->in, o->register_topic, &o->out, err);
}

static void
reply_created(struct rpc_op *op)
{
	struct initiative_op *o = (struct initiative_op *)op;

	log_info("%s: created initiative %" PRIu64 " in unit %u", op->who.login,
	    o->out->id, op->sc.tenant);
	reply_out(op);
}

RPC_HANDLER(rpc_initiative_create)
{
	const Sk__V1__InitiativeCreateRequest *q = req->initiative_create;
	struct initiative_op *o;

	if ((o = initiative_op_new(x, q->initiative, apply_create, reply_created)) ==
	    NULL)
		return;
	o->register_topic = q->register_topic;
	rpc_op_submit(&o->op);
}

static int
apply_update(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct initiative_op *o = (struct initiative_op *)op;

	store_rec_free(o->out);
	o->out = NULL;
	return initiative_update(a, o->id, o->version, o->in, &o->out, err);
}

RPC_HANDLER(rpc_initiative_update)
{
	const Sk__V1__InitiativeUpdateRequest *q = req->initiative_update;
	struct initiative_op *o;

	if ((o = initiative_op_new(x, q->initiative, apply_update, reply_out)) == NULL)
		return;
	o->id = q->initiative->id;
	o->version = q->expected_version;
	rpc_op_submit(&o->op);
}

static int
apply_transition(struct rpc_op *op, const struct act *a, struct sk_error *err)
{
	struct initiative_op *o = (struct initiative_op *)op;
	struct initiative_step st = { o->action, o->version, o->reason, o->author };

	store_rec_free(o->out);
	o->out = NULL;
	return initiative_step(a, o->id, &st, &o->out, err);
}

static void
reply_transition(struct rpc_op *op)
{
	struct initiative_op *o = (struct initiative_op *)op;

	log_info("%s: %s initiative %" PRIu64 " of unit %u: now %s", op->who.login,
	    action_name(o->action), o->out->id, op->sc.tenant, state_name(o->out->state));
	reply_out(op);
}

RPC_HANDLER(rpc_transition)
{
	const Sk__V1__TransitionRequest *q = req->transition;
	struct initiative_op *o;

	if (!text_valid(q->reason, strlen(q->reason)) ||
	    text_chars(q->reason) > RPC_REASON_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "reason: not UTF-8 or longer than %d characters", RPC_REASON_MAX);
		return;
	}
	/* A co-author confirms the entry they read, not whatever it is now. */
	if (q->action == SK__V1__ACTION__CONFIRM && q->expected_version == 0) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "expected_version: confirming names the version you read");
		return;
	}
	if ((o = rpc_op_new(x, sizeof(*o), apply_transition, reply_transition,
	         initiative_op_done)) == NULL)
		return;
	o->id = q->id;
	o->action = (uint32_t)q->action;
	o->version = q->expected_version;
	o->author = q->author;
	if ((o->reason = strdup(q->reason)) == NULL) {
		rpc_op_free(&o->op);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_op_submit(&o->op);
}

/* ---- reads ------------------------------------------------------------------ */

static void
read_get(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__InitiativeGetRequest *q = arg;
	struct sk_error err = { 0 };
	InitiativeRec *r = NULL;

	if (initiative_load(a, q->id, &r, &err) != 0)
		rpc_reply_error(x, &err);
	else
		rpc_reply_initiative(x, a->sc, r);
	store_rec_free(r);
}

RPC_HANDLER(rpc_initiative_get)
{
	rpc_read(x, read_get, req->initiative_get);
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

static size_t
page_size(uint32_t asked)
{
	return asked == 0        ? RPC_PAGE_DEFAULT :
	    asked > RPC_PAGE_MAX ? RPC_PAGE_MAX :
	                           asked;
}

static void
reply_page(struct rpc_ctx *x, const struct scope *sc, const struct initiative_page *p)
{
	Sk__V1__InitiativeListResponse lr = SK__V1__INITIATIVE_LIST_RESPONSE__INIT;
	Sk__V1__Initiative **v = calloc(p->n + 1, sizeof(*v));
	char token[32];
	size_t i, ok = 0;

	for (i = 0; v != NULL && i < p->n; i++, ok++)
		if ((v[i] = convert_initiative_view(p->v[i],
		         initiative_may_read_confidential(p->v[i], sc))) == NULL)
			break;
	if (v == NULL || ok < p->n) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	lr.n_initiatives = p->n;
	lr.initiatives = v;
	if (p->more && p->n > 0) {
		snprintf(token, sizeof(token), "after:%" PRIu64, p->v[p->n - 1]->id);
		lr.next_page_token = token;
	}
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_INITIATIVE_LIST, &lr);
done:
	for (i = 0; i < ok; i++)
		convert_view_free(v[i]);
	free(v);
}

static void
read_list(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__InitiativeListRequest *q = arg;
	struct initiative_filter f = { .state = q->state,
		.category = q->category,
		.query = q->query,
		.mine = q->mine };
	struct initiative_page p;
	struct sk_error err = { 0 };
	uint64_t after;
	size_t want;

	if (!page_token_parse(q->page_token, &after)) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "page_token: not a token this server gave");
		return;
	}
	want = q->page_size == 0        ? RPC_PAGE_DEFAULT :
	    q->page_size > RPC_PAGE_MAX ? RPC_PAGE_MAX :
	                                  q->page_size;
	/* Leave room under the clients' frame limits. */
	if (initiative_list(a, &f, after, want, x->srv->cfg->max_frame / 2, &p, &err) !=
	    0) {
		rpc_reply_error(x, &err);
		return;
	}
	reply_page(x, a->sc, &p);
	initiative_page_free(&p);
}

RPC_HANDLER(rpc_initiative_list)
{
	/* Each word of the query is walked in the index: keep it short. */
	if (text_chars(req->initiative_list->query) > RPC_QUERY_MAX) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT, "query: at most %d characters",
		    RPC_QUERY_MAX);
		return;
	}
	rpc_read(x, read_list, req->initiative_list);
}

/* The office's inbox: the copies at its level, routed to its office. */
static void
read_inbox(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__InboxRequest *q = arg;
	struct initiative_filter f = { .state = q->state,
		.category = q->category,
		.copies = true,
		.round = q->round_id,
		.sector = q->sector };
	struct initiative_page p;
	struct sk_error err = { 0 };
	UnitRec *from = NULL;
	uint64_t after;

	if (!page_token_parse(q->page_token, &after)) {
		rpc_reply_code(x, SK_INVALID_ARGUMENT,
		    "page_token: not a token this server gave");
		return;
	}
	if (q->unit_code[0] != '\0') {
		if (store_unit_by_code(a->t, q->unit_code, &from) != 0) {
			rpc_reply_code(x, SK_NOT_FOUND, "unit_code: no unit \"%s\"",
			    q->unit_code);
			return;
		}
		f.origin_unit = from->id;
	}
	f.office = a->sc->office;
	if (initiative_list(a, &f, after, page_size(q->page_size),
	        x->srv->cfg->max_frame / 2, &p, &err) != 0)
		rpc_reply_error(x, &err);
	else {
		reply_page(x, a->sc, &p);
		initiative_page_free(&p);
	}
	store_rec_free(from);
}

RPC_HANDLER(rpc_inbox)
{
	rpc_read(x, read_inbox, req->inbox);
}

static void
read_history(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__HistoryRequest *q = arg;
	Sk__V1__HistoryResponse hr = SK__V1__HISTORY_RESPONSE__INIT;
	struct sk_error err = { 0 };
	struct recs h;

	if (initiative_history(a, q->id, &h, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	rpc_reply_recs(x, SK__V1__RESPONSE__RESULT_HISTORY, &hr, &h,
	    &sk__v1__history_entry__descriptor, &hr.n_entries, (void ***)&hr.entries);
	recs_free(&h);
}

RPC_HANDLER(rpc_history)
{
	rpc_read(x, read_history, req->history);
}

static void
overdue_items_free(Sk__V1__OverdueItem **v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		convert_free(v[i]->initiative);
		free(v[i]->what);
		free(v[i]->due_on);
		free(v[i]);
	}
	free(v);
}

/* The wire item of one late dossier; NULL when out of memory. */
static Sk__V1__OverdueItem *
overdue_item(const struct initiative_late *l, const struct act *a)
{
	Sk__V1__OverdueItem *it = calloc(1, sizeof(*it));
	char iso[16];

	if (it == NULL)
		return NULL;
	sk__v1__overdue_item__init(it);
	date_format_iso(l->due, iso, sizeof(iso));
	it->initiative =
	    convert_initiative_out(l->r, initiative_may_read_confidential(l->r, a->sc));
	it->what = strdup(l->what);
	it->due_on = strdup(iso);
	it->days_late = a->today - l->due;
	if (it->initiative == NULL || it->what == NULL || it->due_on == NULL) {
		convert_free(it->initiative);
		free(it->what);
		free(it->due_on);
		free(it);
		return NULL;
	}
	return it;
}

static void
read_overdue(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__OverdueResponse ovr = SK__V1__OVERDUE_RESPONSE__INIT;
	struct initiative_late *late = NULL;
	Sk__V1__OverdueItem **items = NULL;
	struct sk_error err = { 0 };
	size_t n = 0, k = 0;

	(void)arg;
	if (initiative_overdue(a, &late, &n, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if ((items = calloc(n + 1, sizeof(*items))) != NULL)
		for (; k < n; k++)
			if ((items[k] = overdue_item(&late[k], a)) == NULL)
				break;
	if (items == NULL || k < n) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
	} else {
		ovr.n_items = n;
		ovr.items = items;
		rpc_reply_result(x, SK__V1__RESPONSE__RESULT_OVERDUE, &ovr);
	}
	if (items != NULL)
		overdue_items_free(items, k);
	initiative_overdue_free(late, n);
}

RPC_HANDLER(rpc_overdue)
{
	(void)req;
	rpc_read(x, read_overdue, NULL);
}

/* ---- a verifiable export (sk export) -------------------------------------------- */

static void
read_export(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__InitiativeExportRequest *q = arg;
	Sk__V1__InitiativeExportResponse r = SK__V1__INITIATIVE_EXPORT_RESPONSE__INIT;
	struct sk_error err = { 0 };

	if (export_initiative(a, q->id, &r.export, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	log_info("%s: exported initiative %" PRIu64 " of unit %u", x->who->login, q->id,
	    a->sc->tenant);
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_INITIATIVE_EXPORT, &r);
	convert_free(r.export);
}

RPC_HANDLER(rpc_initiative_export)
{
	rpc_read(x, read_export, req->initiative_export);
}
