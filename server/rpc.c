#include "rpc.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "frame.h"
#include "initiative.h"
#include "log.h"
#include "metrics.h"
#include "pool.h"
#include "rpc_impl.h"

/* One authenticated connection. */
struct rpc_session {
	struct server *srv;
	struct conn *conn;
	struct principal who;
	bool kicked; /* refused meanwhile: its frames are no longer handled */
	unsigned long requests;
	uint64_t opened_us;
	struct rpc_job *job; /* reads read in this turn, for the pool */
	struct rpc_session *prev, *next;
};

/* ---- replies ------------------------------------------------------------- */

/* resp framed into a new buffer; NULL when out of memory. */
static uint8_t *
pack(const Sk__V1__Response *resp, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(&resp->base);
	uint8_t *buf = malloc(FRAME_HDR_LEN + n);

	if (buf == NULL)
		return NULL;
	frame_hdr_put(buf, (uint32_t)n);
	protobuf_c_message_pack(&resp->base, buf + FRAME_HDR_LEN);
	*len = FRAME_HDR_LEN + n;
	return buf;
}

/* A reply that cannot be sent must not leave the peer waiting for it. */
static void
send_or_end(struct conn *c, const Sk__V1__Response *resp, bool secret)
{
	uint8_t *buf;
	size_t len;

	if ((buf = pack(resp, &len)) == NULL) {
		log_error("out of memory for a reply: closing the connection");
		conn_end(c, NULL, 0);
		return;
	}
	conn_send(c, buf, len, secret);
}

void
rpc_reply(struct rpc_ctx *x, Sk__V1__Response *resp, bool secret)
{
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	resp->id = x->id;
	resp->status = &st;
	send_or_end(x->conn, resp, secret);
	resp->status = NULL;
	metrics_request(x->call, false, metrics_now_us() - x->t0);
}

void
rpc_reply_result(struct rpc_ctx *x, Sk__V1__Response__ResultCase rc, void *msg)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;

	resp.result_case = rc;
	resp.hello = msg; /* any member: the oneof shares its storage */
	rpc_reply(x, &resp, false);
}

void
rpc_reply_recs(struct rpc_ctx *x, Sk__V1__Response__ResultCase rc, void *msg,
    const struct recs *r, const ProtobufCMessageDescriptor *to, size_t *n, void ***field)
{
	void **v = convert_all((const ProtobufCMessage *const *)r->v, r->n, to);

	if (v == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	*n = r->n;
	*field = v;
	rpc_reply_result(x, rc, msg);
	convert_free_all(v, r->n);
	*field = NULL;
	*n = 0;
}

/* A response with only a status, for request id (0: the connection). */
static void
status_response(Sk__V1__Response *resp, Sk__V1__Status *st, uint64_t id, int code,
    const char *msg)
{
	st->code = (Sk__V1__Code)(code != 0 ? code : SK_UNKNOWN);
	st->message = (char *)msg;
	resp->id = id;
	resp->status = st;
}

void
rpc_reply_error(struct rpc_ctx *x, const struct sk_error *err)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;

	/* One line per refused request, with its reason. */
	log_info("%s: request %" PRIu64 " (%s): refused: %s: %s", x->who->login, x->id,
	    x->what != NULL ? x->what : "?", status_name(err->code), err->msg);
	status_response(&resp, &st, x->id, err->code, err->msg);
	send_or_end(x->conn, &resp, false);
	metrics_request(x->call, true, metrics_now_us() - x->t0);
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

void
rpc_reply_initiative(struct rpc_ctx *x, const struct scope *sc, const InitiativeRec *r)
{
	Sk__V1__InitiativeResponse ir = SK__V1__INITIATIVE_RESPONSE__INIT;

	ir.initiative =
	    convert_initiative_view(r, initiative_may_read_confidential(r, sc));
	if (ir.initiative == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_INITIATIVE, &ir);
	convert_view_free(ir.initiative);
}

void
rpc_refuse(struct conn *c, int code, const char *msg)
{
	Sk__V1__Response resp = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;
	uint8_t *buf;
	size_t len;

	status_response(&resp, &st, 0, code, msg);
	buf = pack(&resp, &len);
	conn_end(c, buf, buf != NULL ? len : 0);
}

/* ---- reads ------------------------------------------------------------------ */

void
rpc_read(struct rpc_ctx *x, rpc_read_fn fn, const void *q)
{
	struct store_txn t;
	struct act a;

	if (store_read_begin(x->srv->st, &t) != 0) {
		rpc_reply_code(x, SK_UNAVAILABLE, "storage unavailable");
		return;
	}
	a = act_now(&t, &x->sc, &x->srv->terms);
	fn(x, &a, q);
	store_read_end(&t);
}

int
rpc_scope_unit(struct rpc_ctx *x, struct store_txn *t, enum authz_family f,
    enum authz_verb v, const char *code, struct scope *sc)
{
	struct sk_error err = { 0 };
	uint32_t unit = x->who->tenant;
	UnitRec *u = NULL;
	int rc;

	if (code[0] != '\0') {
		if ((rc = store_unit_by_code(t, code, &u)) != 0) {
			rpc_reply_code(x,
			    rc == SK_NOT_FOUND ? SK_NOT_FOUND : SK_UNAVAILABLE,
			    "unit_code: no unit \"%s\"", code);
			return rc;
		}
		unit = u->id;
		store_rec_free(u);
	}
	if ((rc = authz_scope_unit(t, x->who, f, v, x->what, unit, sc, &err)) != 0)
		rpc_reply_error(x, &err);
	return rc;
}

/* ---- writes ------------------------------------------------------------------ */

/* The write runs only if its caller is still an enabled user with this
 * certificate: writes queued before a disable commits do not land after. */
static int
op_apply(struct store_txn *t, struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct act a = act_now(t, &op->sc, &op->x.srv->terms);

	if (authz_current(t, &op->who, &w->err) != 0)
		return w->err.code;
	return op->apply(op, &a, &w->err);
}

void
rpc_op_free(struct rpc_op *op)
{
	if (op->done != NULL)
		op->done(op);
	free(op);
}

static void
op_done(struct wop *w)
{
	struct rpc_op *op = (struct rpc_op *)w;
	struct conn *c = op->x.conn;

	if (op->w.err.code != 0)
		rpc_reply_error(&op->x, &op->w.err);
	else
		op->reply(op);
	rpc_op_free(op);
	conn_release(c);
}

void *
rpc_op_new(struct rpc_ctx *x, size_t size, rpc_apply_fn apply, rpc_op_fn reply,
    rpc_op_fn done)
{
	struct rpc_op *op = calloc(1, size);

	if (op == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	op->w.apply = op_apply;
	op->w.done = op_done;
	op->x = *x;
	op->who = *x->who;
	op->x.who = &op->who;
	op->apply = apply;
	op->reply = reply;
	op->done = done;
	rpc_op_scope(op, &x->sc);
	return op;
}

/* sc made to point into who, a copy of the caller that outlives the
 * session (authz's scopes point into the session's principal). */
static void
scope_own(struct scope *sc, const struct principal *who)
{
	sc->login = who->login;
	sc->fp = who->fp;
	if (sc->office != NULL)
		sc->office = who->office;
}

void
rpc_op_scope(struct rpc_op *op, const struct scope *sc)
{
	op->sc = *sc;
	scope_own(&op->sc, &op->who);
	op->x.sc = op->sc;
}

void
rpc_op_submit(struct rpc_op *op)
{
	conn_hold(op->x.conn);
	writer_submit(op->x.srv->wr, &op->w);
}

/* ---- sessions -------------------------------------------------------------- */

struct rpc_session *
rpc_open(struct server *srv, struct conn *c, const uint8_t fp[STORE_FP_LEN], bool pinned,
    const char *peer)
{
	struct sk_error err = { 0 };
	struct rpc_session *s;
	struct store_txn t;
	int rc;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		rpc_refuse(c, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	if ((rc = store_read_begin(srv->st, &t)) == 0) {
		rc = authz_authenticate(&t, fp, pinned, &s->who, &err);
		store_read_end(&t);
	} else
		status_set(&err, SK_UNAVAILABLE, "storage error while authenticating");
	if (rc != 0) {
		log_info("%s: refused: %s: %s", peer, status_name(err.code), err.msg);
		metrics_handshake_failed();
		rpc_refuse(c, err.code, err.msg);
		free(s);
		return NULL;
	}
	s->opened_us = metrics_now_us();
	s->srv = srv;
	s->conn = c;
	s->next = srv->sessions;
	if (srv->sessions != NULL)
		srv->sessions->prev = s;
	srv->sessions = s;
	log_info("%s: user %s, unit %u", peer, s->who.login, s->who.tenant);
	return s;
}

void
rpc_close(struct rpc_session *s)
{
	if (s == NULL)
		return;
	rpc_flush(s); /* replies to a closed connection are dropped */
	/* One line per connection when it ends, the opening one above. */
	log_info("%s: connection closed after %lu requests in %.1f s", s->who.login,
	    s->requests, (double)(metrics_now_us() - s->opened_us) / 1e6);
	if (s->prev != NULL)
		s->prev->next = s->next;
	else
		s->srv->sessions = s->next;
	if (s->next != NULL)
		s->next->prev = s->prev;
	explicit_bzero(&s->who, sizeof(s->who));
	free(s);
}

void
rpc_kick(struct server *srv, const uint8_t fp[STORE_FP_LEN], const char *why)
{
	for (struct rpc_session *s = srv->sessions; s != NULL; s = s->next)
		if (!s->kicked && memcmp(s->who.fp, fp, STORE_FP_LEN) == 0) {
			log_info("%s: %s", s->who.login, why);
			s->kicked = true;
			rpc_refuse(s->conn, SK_UNAUTHENTICATED, why);
		}
}

/* ---- the calls ------------------------------------------------------------ */

/*
 * Each call with what authz must allow for it. Calls on the caller's own
 * unit get their scope here; those that name a unit (own false) ask authz
 * themselves once they know which.
 */
#define RPC_OWN 0x1  /* on the caller's own unit: scoped here */
#define RPC_POOL 0x2 /* a read only: served on the read threads */
#define RPC_LONG 0x4 /* a pass over a unit or more: never on every read thread */

static const struct rpc_method {
	Sk__V1__Request__CallCase call;
	enum authz_family family;
	enum authz_verb verb;
	unsigned flags;
	const char *name;
	void (*fn)(struct rpc_ctx *, const Sk__V1__Request *);
} rpc_methods[] = {
#define C(x) SK__V1__REQUEST__CALL_##x
	{ C(HELLO), AZ_UNIT, AZ_READ, RPC_OWN | RPC_POOL, "hello", rpc_hello },
	{ C(ADMIN_STATS), AZ_SERVER, AZ_READ, 0, "reading the server's figures",
	    rpc_admin_stats },
	{ C(UNIT_LIST), AZ_UNIT, AZ_READ, RPC_OWN | RPC_POOL, "unit list",
	    rpc_unit_list },
	{ C(INITIATIVE_CREATE), AZ_INITIATIVE, AZ_CREATE, RPC_OWN,
	    "creating an initiative", rpc_initiative_create },
	{ C(INITIATIVE_GET), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL,
	    "reading an initiative", rpc_initiative_get },
	{ C(INITIATIVE_UPDATE), AZ_INITIATIVE, AZ_CHANGE, RPC_OWN,
	    "editing an initiative", rpc_initiative_update },
	{ C(INITIATIVE_LIST), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "listing initiatives", rpc_initiative_list },
	{ C(TRANSITION), AZ_FLOW, AZ_CHANGE, RPC_OWN, "a transition", rpc_transition },
	{ C(HISTORY), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL, "reading a history",
	    rpc_history },
	{ C(OVERDUE), AZ_DEADLINE, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "listing overdue dossiers", rpc_overdue },
	{ C(COUNCIL_SET), AZ_COUNCIL, AZ_CHANGE, RPC_OWN, "setting up the council",
	    rpc_council_set },
	{ C(COUNCIL_GET), AZ_COUNCIL, AZ_READ, RPC_OWN | RPC_POOL, "reading the council",
	    rpc_council_get },
	{ C(SESSION_OPEN), AZ_SESSION, AZ_CREATE, RPC_OWN, "opening a council session",
	    rpc_session_open },
	{ C(SESSION_GET), AZ_SESSION, AZ_READ, RPC_OWN | RPC_POOL,
	    "reading a council session", rpc_session_get },
	{ C(SESSION_CLOSE), AZ_SESSION, AZ_CHANGE, RPC_OWN, "closing a council session",
	    rpc_session_close },
	{ C(VOTE), AZ_BALLOT, AZ_CREATE, RPC_OWN, "voting", rpc_vote },
	{ C(DECISION_ISSUE), AZ_DECISION, AZ_CREATE, RPC_OWN, "issuing a decision",
	    rpc_decision_issue },
	{ C(DECISION_GET), AZ_DECISION, AZ_READ, RPC_OWN | RPC_POOL, "reading a decision",
	    rpc_decision_get },
	{ C(CERTIFICATE_LIST), AZ_CERTIFICATE, AZ_READ, RPC_OWN | RPC_POOL,
	    "reading certificates", rpc_certificate_list },
	{ C(ATTACHMENT_BEGIN), AZ_FILE, AZ_CREATE, RPC_OWN, "uploading an attachment",
	    rpc_attachment_begin },
	{ C(ATTACHMENT_CHUNK), AZ_FILE, AZ_CREATE, RPC_OWN, "uploading an attachment",
	    rpc_attachment_chunk },
	{ C(ATTACHMENT_FINISH), AZ_FILE, AZ_CREATE, RPC_OWN, "uploading an attachment",
	    rpc_attachment_finish },
	{ C(ATTACHMENT_LIST), AZ_FILE, AZ_READ, RPC_OWN | RPC_POOL, "listing attachments",
	    rpc_attachment_list },
	{ C(ATTACHMENT_GET), AZ_FILE, AZ_READ, RPC_OWN | RPC_POOL,
	    "downloading an attachment", rpc_attachment_get },
	{ C(LOG_CHECKPOINT), AZ_CHECKPOINT, AZ_READ, RPC_POOL,
	    "reading a decision log's checkpoint", rpc_log_checkpoint },
	{ C(LOG_ENTRIES), AZ_LOG, AZ_READ, RPC_POOL | RPC_LONG, "reading a decision log",
	    rpc_log_entries },
	{ C(LOG_PROOF), AZ_LOG, AZ_READ, RPC_POOL, "reading a decision log",
	    rpc_log_proof },
	{ C(USER_CREATE), AZ_USER, AZ_CREATE, 0, "enrolling a user", rpc_user_create },
	{ C(USER_DISABLE), AZ_USER, AZ_CHANGE, 0, "disabling a user", rpc_user_disable },
	{ C(USER_LIST), AZ_USER, AZ_READ, RPC_POOL | RPC_LONG, "listing users",
	    rpc_user_list },
	{ C(USER_ENABLE), AZ_USER, AZ_CHANGE, 0, "enabling a user", rpc_user_enable },
	{ C(USER_ROLES), AZ_USER, AZ_CHANGE, 0, "changing a user's roles",
	    rpc_user_roles },
	{ C(USER_GET), AZ_USER, AZ_READ, RPC_POOL, "reading a user", rpc_user_get },
	{ C(ROUND_CREATE), AZ_ROUND, AZ_CREATE, RPC_OWN, "opening a round",
	    rpc_round_create },
	{ C(ROUND_CLOSE), AZ_ROUND, AZ_CHANGE, RPC_OWN, "closing a round",
	    rpc_round_close },
	{ C(ROUND_LIST), AZ_ROUND, AZ_READ, RPC_POOL, "listing rounds", rpc_round_list },
	{ C(FORWARD_NOMINATE), AZ_FORWARD, AZ_CREATE, RPC_OWN, "recording a submission",
	    rpc_forward_nominate },
	{ C(FORWARD_COMPLETE), AZ_COMPLETION, AZ_CHANGE, RPC_OWN,
	    "completing a dossier for the level above", rpc_forward_complete },
	{ C(FORWARD_SEND), AZ_FORWARD, AZ_CREATE, RPC_OWN, "sending a submission",
	    rpc_forward_send },
	{ C(SUBMISSION_GET), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL,
	    "reading a submission", rpc_submission_get },
	{ C(SUBMISSION_LIST), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "listing submissions", rpc_submission_list },
	{ C(INBOX), AZ_INBOX, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG, "reading the inbox",
	    rpc_inbox },
	{ C(COPY_GET), AZ_COPY, AZ_READ, RPC_OWN | RPC_POOL, "reading a copy",
	    rpc_copy_get },
	{ C(UPPER_RECORD), AZ_UPPER, AZ_CHANGE, RPC_OWN,
	    "recording a proposal to the level above", rpc_upper_record },
	{ C(COMMENDATION_LIST), AZ_COMMENDATION, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "listing initiatives for commendation", rpc_commendation_list },
	{ C(AWARD_RECORD), AZ_COMMENDATION, AZ_CREATE, RPC_OWN, "recording an award",
	    rpc_award_record },
	{ C(PUBLISH_SET), AZ_PUBLISHED, AZ_CHANGE, RPC_OWN, "marking for publication",
	    rpc_publish_set },
	{ C(PUBLISHED_LIST), AZ_PUBLISHED, AZ_READ, RPC_POOL | RPC_LONG,
	    "listing published initiatives", rpc_published_list },
	{ C(DISTRICT_SUMMARY), AZ_SUMMARY, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "the district summary", rpc_district_summary },
	{ C(PEER_CARD), AZ_USER, AZ_READ, RPC_OWN, "reading this server's link card",
	    rpc_peer_card },
	{ C(PEER_ADD), AZ_USER, AZ_CREATE, 0, "linking a server", rpc_peer_add },
	{ C(PEER_LIST), AZ_USER, AZ_READ, RPC_POOL, "listing linked servers",
	    rpc_peer_list },
	{ C(EXPORT_LIST), AZ_EXPORT, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "taking a unit's exports", rpc_export_list },
	{ C(EXPORT_FILE), AZ_EXPORT, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "taking an exported file", rpc_export_file },
	{ C(REPORT_LIST), AZ_REPORT, AZ_READ, RPC_POOL | RPC_LONG,
	    "taking the results of copies", rpc_report_list },
	{ C(PEER_STATUS), AZ_USER, AZ_READ, RPC_OWN, "reading how the links stand",
	    rpc_peer_status },
	{ C(PEER_SYNC), AZ_USER, AZ_CHANGE, RPC_OWN, "pulling from the linked servers",
	    rpc_peer_sync },
	{ C(COSIGN), AZ_LOG, AZ_CREATE, RPC_OWN, "cosigning a checkpoint", rpc_cosign },
	/* Own scope here; stats.c asks authz for each unit it counts. */
	{ C(STATS), AZ_STATS, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "reading the figures of reports", rpc_stats },
	/* Whoever reads the unit's initiatives; export.c asks for more (the
	 * record holds the confidential part). */
	{ C(INITIATIVE_EXPORT), AZ_INITIATIVE, AZ_READ, RPC_OWN | RPC_POOL | RPC_LONG,
	    "exporting an initiative", rpc_initiative_export },
	/* Anyone renews their own; rpc_user_renew asks for more for another's. */
	{ C(USER_RENEW), AZ_CREDENTIAL, AZ_CHANGE, 0, "renewing a certificate",
	    rpc_user_renew },
#undef C
};

static const struct rpc_method *
method_find(Sk__V1__Request__CallCase call)
{
	for (size_t i = 0; i < sizeof(rpc_methods) / sizeof(rpc_methods[0]); i++)
		if (rpc_methods[i].call == call)
			return &rpc_methods[i];
	return NULL;
}

/* ---- reads on the pool's threads ------------------------------------------ */

/* A reply a pooled read made, handed to the connection in the event loop. */
struct job_frame {
	uint8_t *buf;
	size_t len;
	bool secret;
	struct job_frame *next;
};

/* A read to serve on a pool thread. */
struct job_item {
	const struct rpc_method *m;
	struct rpc_ctx x;
	Sk__V1__Request *req;
	struct job_item *next;
};

/*
 * The reads one session's frames brought in one turn of the event loop,
 * served in order on one pool thread: handing requests over one by one
 * would cost more than most reads. The handlers reply to job->base, whose
 * operations only collect frames; the event loop hands them to the real
 * connection, held meanwhile. The job has its own copy of the caller,
 * since the session may end while it runs.
 */
struct rpc_job {
	struct pool_task task; /* first: the pool sees only this */
	struct conn base;      /* what the handlers reply to */
	struct conn *conn;     /* the connection, held */
	struct principal who;
	struct job_item *items, **items_tail;
	struct job_frame *frames, **tail;
	bool end; /* a handler ended the connection after its frames */
};

static struct rpc_job *
job_of(struct conn *c)
{
	return (struct rpc_job *)(void *)((char *)c - offsetof(struct rpc_job, base));
}

static void
job_send(struct conn *c, uint8_t *frame, size_t len, bool secret)
{
	struct rpc_job *j = job_of(c);
	struct job_frame *f;

	if ((f = malloc(sizeof(*f))) == NULL) {
		if (secret)
			explicit_bzero(frame, len);
		free(frame);
		j->end = true; /* a lost reply: the peer must not wait for it */
		return;
	}
	*f = (struct job_frame){ frame, len, secret, NULL };
	*j->tail = f;
	j->tail = &f->next;
}

static void
job_end(struct conn *c, uint8_t *frame, size_t len)
{
	if (frame != NULL)
		job_send(c, frame, len, false);
	job_of(c)->end = true;
}

/* A pooled handler never keeps its connection past its return (it queues
 * no writes): rpc_methods marks only reads RPC_POOL. */
static void
job_hold(struct conn *c)
{
	(void)c;
	log_error("a read served on a pool thread queued a write");
	abort();
}

static const struct conn_ops job_conn_ops = {
	.send = job_send,
	.end = job_end,
	.hold = job_hold,
	.release = job_hold,
};

static void
job_run(struct pool_task *t)
{
	struct rpc_job *j = (struct rpc_job *)t;
	struct job_item *it, *next;

	for (it = j->items; it != NULL; it = next) {
		next = it->next;
		if (!j->end)
			it->m->fn(&it->x, it->req);
		sk__v1__request__free_unpacked(it->req, NULL);
		free(it);
	}
	j->items = NULL;
}

static void
job_done(struct pool_task *t)
{
	struct rpc_job *j = (struct rpc_job *)t;
	struct job_frame *f, *next;

	for (f = j->frames; f != NULL; f = next) {
		next = f->next;
		conn_send(j->conn, f->buf, f->len, f->secret);
		free(f);
	}
	if (j->end)
		conn_end(j->conn, NULL, 0);
	conn_release(j->conn);
	explicit_bzero(&j->who, sizeof(j->who));
	free(j);
}

/* Add x's request to the session's job (req is the job's from here). */
static void
job_add(struct rpc_session *s, struct rpc_ctx *x, const struct rpc_method *m,
    Sk__V1__Request *req)
{
	struct rpc_job *j = s->job;
	struct job_item *it;

	if (j == NULL && (j = calloc(1, sizeof(*j))) != NULL) {
		j->task.run = job_run;
		j->task.done = job_done;
		j->base.ops = &job_conn_ops;
		j->conn = s->conn;
		j->who = s->who;
		j->items_tail = &j->items;
		j->tail = &j->frames;
		conn_hold(s->conn);
		s->job = j;
	}
	if (j == NULL || (it = calloc(1, sizeof(*it))) == NULL) {
		sk__v1__request__free_unpacked(req, NULL);
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		return;
	}
	it->m = m;
	it->x = *x;
	it->x.who = &j->who;
	it->x.conn = &j->base;
	scope_own(&it->x.sc, &j->who);
	it->req = req;
	j->task.is_long |= (m->flags & RPC_LONG) != 0;
	*j->items_tail = it;
	j->items_tail = &it->next;
}

void
rpc_flush(struct rpc_session *s)
{
	struct rpc_job *j;

	if (s == NULL || (j = s->job) == NULL)
		return;
	s->job = NULL;
	pool_submit(s->srv->pool, &j->task);
}

/* ---- dispatch ------------------------------------------------------------ */

/* Ask authz, then run the call's handler; req is freed here or by the
 * pooled job. */
static void
dispatch(struct rpc_session *s, struct rpc_ctx *x, Sk__V1__Request *req)
{
	const struct rpc_method *m = method_find(req->call_case);
	struct sk_error err = { 0 };
	int rc;

	if (m == NULL) {
		rpc_reply_code(x, SK_UNIMPLEMENTED, "%s",
		    req->call_case == SK__V1__REQUEST__CALL__NOT_SET ?
		        "request names no call (a newer client, or a malformed "
		        "request?)" :
		        "this server does not implement that call");
		sk__v1__request__free_unpacked(req, NULL);
		return;
	}
	x->what = m->name;
	rc = (m->flags & RPC_OWN) ?
	    authz_scope_own(x->who, m->family, m->verb, m->name, &x->sc, &err) :
	    authz_require(x->who, m->family, m->verb, m->name, &err);
	if (rc != 0) {
		rpc_reply_error(x, &err);
		sk__v1__request__free_unpacked(req, NULL);
		return;
	}
	log_debug("%s: request %" PRIu64 ": %s", x->who->login, req->id, m->name);
	if ((m->flags & RPC_POOL) && x->srv->pool != NULL) {
		job_add(s, x, m, req);
		return;
	}
	m->fn(x, req);
	sk__v1__request__free_unpacked(req, NULL);
}

void
rpc_frame(struct rpc_session *s, const uint8_t *body, size_t len)
{
	struct rpc_ctx x = { .srv = s->srv,
		.conn = s->conn,
		.who = &s->who,
		.t0 = metrics_now_us() };
	Sk__V1__Request *req;

	if (s->kicked)
		return;
	if ((req = sk__v1__request__unpack(NULL, len, body)) == NULL) {
		log_info("%s: undecodable request of %zu bytes", s->who.login, len);
		rpc_reply_code(&x, SK_INVALID_ARGUMENT,
		    "request does not decode as sk.v1.Request");
		return;
	}
	/* Id 0 answers speak of the whole connection: no request has it. */
	if (req->id == 0) {
		rpc_reply_code(&x, SK_INVALID_ARGUMENT,
		    "id: 0 is reserved for answers about the connection");
		sk__v1__request__free_unpacked(req, NULL);
		return;
	}
	convert_nfc(&req->base);
	x.id = req->id;
	x.call = (unsigned)req->call_case;
	s->requests++;
	dispatch(s, &x, req);
}
