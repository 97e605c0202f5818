/*
 * rpc_impl: what the rpc_*.c handler files share. Not for other modules.
 *
 * A handler decodes its request, asks authz for the scope of the call
 * (the dispatcher already did for calls on the caller's own unit), calls
 * the domain and encodes the answer. Reads run in a short read
 * transaction (rpc_read). Writes are queued as an rpc_op to the writer:
 * the op's apply runs in the writer thread inside the batch's transaction,
 * possibly more than once (a full map is grown and the batch retried), and
 * its reply runs in the event loop once the batch is durable.
 */
#ifndef SK_RPC_IMPL_H
#define SK_RPC_IMPL_H

#include <stdbool.h>

#include "authz.h"
#include "conn.h"
#include "domain.h"
#include "server.h"
#include "sk.pb-c.h"
#include "writer.h"

struct rpc_ctx {
	struct server *srv;
	struct conn *conn;
	const struct principal *who;
	struct scope sc;  /* the caller's own unit, for calls on it */
	const char *what; /* the call, as messages name it */
	uint64_t id;      /* the request's */
	unsigned call;    /* its call case, for the figures (stats.h) */
	uint64_t t0;      /* when it was read, in metrics_now_us() */
};

/* Send resp (its id and an OK status are filled in). secret: the packed
 * bytes are wiped once sent. */
void rpc_reply(struct rpc_ctx *x, Sk__V1__Response *resp, bool secret);
void rpc_reply_error(struct rpc_ctx *x, const struct sk_error *err);
void rpc_reply_code(struct rpc_ctx *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Send msg as the response's result of kind rc (the oneof case); the
 * result field is set through the oneof's shared storage. */
void rpc_reply_result(struct rpc_ctx *x, Sk__V1__Response__ResultCase rc, void *msg);

/* Reply with msg, a response of kind rc whose repeated field (*n, *field)
 * is set to the records of r converted to wire messages of type to. */
void rpc_reply_recs(struct rpc_ctx *x, Sk__V1__Response__ResultCase rc, void *msg,
    const struct recs *r, const ProtobufCMessageDescriptor *to, size_t *n, void ***field);

/* Run fn in a short read transaction with an act on x->sc; fn replies.
 * UNAVAILABLE is replied when the store cannot be read. */
typedef void (*rpc_read_fn)(struct rpc_ctx *x, const struct act *a, const void *q);
void rpc_read(struct rpc_ctx *x, rpc_read_fn fn, const void *q);

/* A queued write. Handlers embed it first in a struct of their own. */
struct rpc_op;
typedef int (*rpc_apply_fn)(struct rpc_op *op, const struct act *a, struct sk_error *err);
typedef void (*rpc_op_fn)(struct rpc_op *op);

struct rpc_op {
	struct wop w; /* first: the writer sees only this */
	struct rpc_ctx x;
	struct principal who; /* a copy: the connection may go away */
	struct scope sc;      /* the scope authz gave, pointing into who */
	rpc_apply_fn apply;   /* the write, after authz re-checks the caller */
	rpc_op_fn reply;      /* runs when the write is durable */
	rpc_op_fn done;       /* frees what the embedding struct owns; or NULL */
};

/* A zeroed op of size bytes (a struct with rpc_op first) acting with
 * x->sc; NULL (and an error reply sent) when out of memory. */
void *rpc_op_new(struct rpc_ctx *x, size_t size, rpc_apply_fn apply, rpc_op_fn reply,
    rpc_op_fn done);

/* Act in the unit of sc (from authz) instead of the caller's own. */
void rpc_op_scope(struct rpc_op *op, const struct scope *sc);

void rpc_op_submit(struct rpc_op *op);

/* Free an op that was never submitted (its done runs). */
void rpc_op_free(struct rpc_op *op);

/* The scope for the call's family and verb in the unit with code (the
 * caller's own when empty), if authz lets the caller reach it; replies and
 * returns non-zero otherwise. */
int rpc_scope_unit(struct rpc_ctx *x, struct store_txn *t, enum authz_family f,
    enum authz_verb v, const char *code, struct scope *sc);

/* Reply with one initiative as the caller in sc may see it. */
void rpc_reply_initiative(struct rpc_ctx *x, const struct scope *sc,
    const InitiativeRec *r);

/* Close the connections of the user with certificate fp, telling why. */
void rpc_kick(struct server *srv, const uint8_t fp[STORE_FP_LEN], const char *why);

/* Handlers, one per call; rpc.c's table says what authz must allow. */
#define RPC_HANDLER(name) void name(struct rpc_ctx *x, const Sk__V1__Request *req)
RPC_HANDLER(rpc_hello);
RPC_HANDLER(rpc_admin_stats);
RPC_HANDLER(rpc_unit_list);
RPC_HANDLER(rpc_user_create);
RPC_HANDLER(rpc_user_disable);
RPC_HANDLER(rpc_user_list);
RPC_HANDLER(rpc_user_enable);
RPC_HANDLER(rpc_user_roles);
RPC_HANDLER(rpc_user_renew);
RPC_HANDLER(rpc_user_get);
RPC_HANDLER(rpc_initiative_create);
RPC_HANDLER(rpc_initiative_get);
RPC_HANDLER(rpc_initiative_update);
RPC_HANDLER(rpc_initiative_list);
RPC_HANDLER(rpc_transition);
RPC_HANDLER(rpc_history);
RPC_HANDLER(rpc_overdue);
RPC_HANDLER(rpc_council_set);
RPC_HANDLER(rpc_council_get);
RPC_HANDLER(rpc_session_open);
RPC_HANDLER(rpc_session_get);
RPC_HANDLER(rpc_session_close);
RPC_HANDLER(rpc_vote);
RPC_HANDLER(rpc_decision_issue);
RPC_HANDLER(rpc_decision_get);
RPC_HANDLER(rpc_certificate_list);
RPC_HANDLER(rpc_attachment_begin);
RPC_HANDLER(rpc_attachment_chunk);
RPC_HANDLER(rpc_attachment_finish);
RPC_HANDLER(rpc_attachment_list);
RPC_HANDLER(rpc_attachment_get);
RPC_HANDLER(rpc_log_checkpoint);
RPC_HANDLER(rpc_log_entries);
RPC_HANDLER(rpc_log_proof);
RPC_HANDLER(rpc_round_create);
RPC_HANDLER(rpc_round_list);
RPC_HANDLER(rpc_round_close);
RPC_HANDLER(rpc_forward_nominate);
RPC_HANDLER(rpc_forward_complete);
RPC_HANDLER(rpc_forward_send);
RPC_HANDLER(rpc_submission_get);
RPC_HANDLER(rpc_submission_list);
RPC_HANDLER(rpc_inbox);
RPC_HANDLER(rpc_copy_get);
RPC_HANDLER(rpc_upper_record);
RPC_HANDLER(rpc_commendation_list);
RPC_HANDLER(rpc_award_record);
RPC_HANDLER(rpc_publish_set);
RPC_HANDLER(rpc_published_list);
RPC_HANDLER(rpc_district_summary);
RPC_HANDLER(rpc_peer_card);
RPC_HANDLER(rpc_peer_add);
RPC_HANDLER(rpc_peer_list);
RPC_HANDLER(rpc_export_list);
RPC_HANDLER(rpc_export_file);
RPC_HANDLER(rpc_report_list);
RPC_HANDLER(rpc_peer_status);
RPC_HANDLER(rpc_peer_sync);
RPC_HANDLER(rpc_cosign);
RPC_HANDLER(rpc_stats);

#endif
