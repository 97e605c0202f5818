/*
 * rpc_impl: what the rpc_*.c handler files share. Not for other modules.
 *
 * A handler validates what it can without storage, then either answers
 * from a short read transaction or queues an rpc_op to the writer; the
 * op's apply runs in the writer thread inside the batch's transaction,
 * and its reply function runs in the event loop once the batch is durable.
 */
#ifndef SK_RPC_IMPL_H
#define SK_RPC_IMPL_H

#include "authz.h"
#include "convert.h"
#include "net.h"
#include "server.h"
#include "sk.pb-c.h"
#include "workflow.h"
#include "writer.h"

#define R_AUTHOR SK__V1__ROLE__ROLE_AUTHOR
#define R_CLERK SK__V1__ROLE__ROLE_CLERK
#define R_COUNCIL SK__V1__ROLE__ROLE_COUNCIL
#define R_HEAD SK__V1__ROLE__ROLE_HEAD
#define R_ADMIN SK__V1__ROLE__ROLE_ADMIN
#define R_AUDITOR SK__V1__ROLE__ROLE_AUDITOR
#define R_UNIT_STAFF (R_AUTHOR | R_CLERK | R_COUNCIL | R_HEAD)

struct rpc_ctx {
	struct server *srv;
	struct conn *conn;
	const struct principal *who;
	uint64_t id;
};

/* Send resp (its id and an OK status are filled in). */
void rpc_reply(struct rpc_ctx *x, Sk__V1__Response *resp, bool secret);
void rpc_reply_error(struct rpc_ctx *x, const struct sk_error *err);
void rpc_reply_code(struct rpc_ctx *x, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

struct rpc_op;
typedef void (*rpc_reply_fn)(struct rpc_ctx *x, struct rpc_op *op);

struct rpc_op {
	struct wop w; /* first: the writer sees only this */
	struct rpc_ctx x;
	struct principal who; /* copy: the connection may go away */
	struct scope sc;      /* points into who */
	wop_apply_fn apply;   /* the write; w.apply checks the caller first */
	rpc_reply_fn reply;
	void *in;                 /* owned input message */
	void *out;                /* owned result message */
	void *aux;                /* another owned result message */
	uint64_t id;              /* the object the call names */
	uint32_t num;             /* an action, a count */
	uint32_t version;         /* expected version; 0: do not check */
	char *text;               /* reason, login, unit code (owned) */
	char *cert_pem, *key_pem; /* user enrolment */
};

/* A new op for x; NULL (and an error reply sent) when out of memory. */
struct rpc_op *rpc_op_new(struct rpc_ctx *x, wop_apply_fn apply, rpc_reply_fn reply);
void rpc_op_submit(struct rpc_op *op);

/* Free what an apply left in op->out before it runs again after a retry. */
void rpc_op_reset(struct rpc_op *op);

/* The workflow context of op inside the writer's transaction t. */
struct workflow_ctx rpc_workflow(struct rpc_op *op, struct store_txn *t,
    const char *reason, bool internal);

/* Read initiative id of the caller's unit into *r, with a clear NOT_FOUND. */
int rpc_initiative_load(struct store_txn *t, const struct scope *sc, uint64_t id,
    InitiativeRec **r, struct sk_error *err);

/* Reply with one initiative as who may see it. */
void rpc_reply_initiative(struct rpc_ctx *x, const InitiativeRec *r);

/* Handlers, one per call; rpc.c's table says who may call them. */
#define RPC_HANDLER(name) void name(struct rpc_ctx *x, const Sk__V1__Request *req)
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

#endif
