/*
 * call: typed calls. Each wrapper fills its request message; call_run()
 * wraps it and calls; call_result() checks the answer against the rule of
 * the call: which result it must carry, what must be in it, and whether
 * the caller gets that result whole or the one message inside it.
 */
#include "call.h"

#include <openssl/crypto.h>
#include <string.h>

enum call_take {
	CALL_WHOLE = 1, /* the result message as it is */
	CALL_NEED,      /* the same, and its field 1 must be set */
	CALL_INNER      /* its field 1, which must be set */
};

#define CALL(x) SK__V1__REQUEST__CALL_##x
#define RESULT(x) SK__V1__RESPONSE__RESULT_##x

static bool call_overdue_whole(const ProtobufCMessage *m);
static bool call_stats_whole(const ProtobufCMessage *m);

static const struct call_rule {
	Sk__V1__Response__ResultCase result;
	enum call_take take;
	bool (*whole)(const ProtobufCMessage *m); /* more that must be there */
} call_rules[] = {
	[CALL(HELLO)] = { RESULT(HELLO), CALL_WHOLE },
	[CALL(UNIT_LIST)] = { RESULT(UNIT_LIST), CALL_WHOLE },
	[CALL(INITIATIVE_CREATE)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(INITIATIVE_GET)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(INITIATIVE_UPDATE)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(INITIATIVE_LIST)] = { RESULT(INITIATIVE_LIST), CALL_WHOLE },
	[CALL(TRANSITION)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(HISTORY)] = { RESULT(HISTORY), CALL_WHOLE },
	[CALL(OVERDUE)] = { RESULT(OVERDUE), CALL_WHOLE, call_overdue_whole },
	[CALL(COUNCIL_SET)] = { RESULT(COUNCIL), CALL_INNER },
	[CALL(COUNCIL_GET)] = { RESULT(COUNCIL), CALL_INNER },
	[CALL(SESSION_OPEN)] = { RESULT(SESSION), CALL_INNER },
	[CALL(SESSION_GET)] = { RESULT(SESSION), CALL_INNER },
	[CALL(SESSION_CLOSE)] = { RESULT(SESSION), CALL_INNER },
	[CALL(VOTE)] = { RESULT(SESSION), CALL_INNER },
	[CALL(DECISION_ISSUE)] = { RESULT(DECISION), CALL_NEED },
	[CALL(DECISION_GET)] = { RESULT(DECISION), CALL_NEED },
	[CALL(CERTIFICATE_LIST)] = { RESULT(CERTIFICATE_LIST), CALL_WHOLE },
	[CALL(USER_CREATE)] = { RESULT(USER_CREATE), CALL_NEED },
	[CALL(USER_DISABLE)] = { RESULT(USER), CALL_INNER },
	[CALL(USER_LIST)] = { RESULT(USER_LIST), CALL_WHOLE },
	[CALL(USER_ENABLE)] = { RESULT(USER), CALL_INNER },
	[CALL(USER_ROLES)] = { RESULT(USER), CALL_INNER },
	[CALL(USER_RENEW)] = { RESULT(USER_CREATE), CALL_NEED },
	[CALL(USER_GET)] = { RESULT(USER), CALL_INNER },
	[CALL(ATTACHMENT_BEGIN)] = { RESULT(ATTACHMENT_UPLOAD), CALL_WHOLE },
	[CALL(ATTACHMENT_CHUNK)] = { RESULT(ATTACHMENT_UPLOAD), CALL_WHOLE },
	[CALL(ATTACHMENT_FINISH)] = { RESULT(ATTACHMENT), CALL_WHOLE },
	[CALL(ATTACHMENT_LIST)] = { RESULT(ATTACHMENT_LIST), CALL_WHOLE },
	[CALL(ATTACHMENT_GET)] = { RESULT(ATTACHMENT_DATA), CALL_WHOLE },
	[CALL(LOG_CHECKPOINT)] = { RESULT(LOG_CHECKPOINT), CALL_WHOLE },
	[CALL(LOG_ENTRIES)] = { RESULT(LOG_ENTRIES), CALL_WHOLE },
	[CALL(LOG_PROOF)] = { RESULT(LOG_PROOF), CALL_WHOLE },
	[CALL(ROUND_CREATE)] = { RESULT(ROUND), CALL_INNER },
	[CALL(ROUND_CLOSE)] = { RESULT(ROUND), CALL_INNER },
	[CALL(ROUND_LIST)] = { RESULT(ROUND_LIST), CALL_WHOLE },
	[CALL(FORWARD_NOMINATE)] = { RESULT(SUBMISSION), CALL_NEED },
	[CALL(FORWARD_COMPLETE)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(FORWARD_SEND)] = { RESULT(SUBMISSION), CALL_NEED },
	[CALL(SUBMISSION_GET)] = { RESULT(SUBMISSION), CALL_NEED },
	[CALL(SUBMISSION_LIST)] = { RESULT(SUBMISSION_LIST), CALL_WHOLE },
	[CALL(INBOX)] = { RESULT(INITIATIVE_LIST), CALL_WHOLE },
	[CALL(COPY_GET)] = { RESULT(COPY), CALL_INNER },
	[CALL(UPPER_RECORD)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(COMMENDATION_LIST)] = { RESULT(COMMENDATION_LIST), CALL_WHOLE },
	[CALL(AWARD_RECORD)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(PUBLISH_SET)] = { RESULT(INITIATIVE), CALL_INNER },
	[CALL(PUBLISHED_LIST)] = { RESULT(INITIATIVE_LIST), CALL_WHOLE },
	[CALL(DISTRICT_SUMMARY)] = { RESULT(DISTRICT_SUMMARY), CALL_WHOLE },
	[CALL(PEER_CARD)] = { RESULT(PEER_CARD), CALL_INNER },
	[CALL(PEER_ADD)] = { RESULT(USER), CALL_INNER },
	[CALL(PEER_LIST)] = { RESULT(USER_LIST), CALL_WHOLE },
	[CALL(EXPORT_LIST)] = { RESULT(EXPORT_LIST), CALL_WHOLE },
	[CALL(EXPORT_FILE)] = { RESULT(ATTACHMENT_DATA), CALL_WHOLE },
	[CALL(REPORT_LIST)] = { RESULT(REPORT_LIST), CALL_WHOLE },
	[CALL(PEER_STATUS)] = { RESULT(PEER_STATUS), CALL_WHOLE },
	[CALL(PEER_SYNC)] = { RESULT(PEER_STATUS), CALL_WHOLE },
	[CALL(COSIGN)] = { RESULT(LOG_CHECKPOINT), CALL_WHOLE },
	[CALL(ADMIN_STATS)] = { RESULT(ADMIN_STATS), CALL_WHOLE },
	[CALL(STATS)] = { RESULT(STATS), CALL_WHOLE, call_stats_whole },
};

#define NRULES (sizeof(call_rules) / sizeof(call_rules[0]))

/* The figures always have their total: an answer without it is none. */
static bool
call_stats_whole(const ProtobufCMessage *m)
{
	return ((const Sk__V1__StatsResponse *)m)->total != NULL;
}

/* Every overdue item names its initiative. */
static bool
call_overdue_whole(const ProtobufCMessage *m)
{
	const Sk__V1__OverdueResponse *o = (const Sk__V1__OverdueResponse *)m;

	for (size_t i = 0; i < o->n_items; i++)
		if (o->items[i]->initiative == NULL)
			return false;
	return true;
}

void
call_free(void *msg)
{
	ProtobufCMessage *m = msg;
	Sk__V1__UserCreateResponse *u = msg;

	if (m == NULL)
		return;
	/* A new user's private key does not linger in freed memory. */
	if (m->descriptor == &sk__v1__user_create_response__descriptor &&
	    u->key_pem != NULL)
		OPENSSL_cleanse(u->key_pem, strlen(u->key_pem));
	protobuf_c_message_free_unpacked(m, NULL);
}

/* The member of a oneof or a message field of m, by field number. */
static const ProtobufCFieldDescriptor *
call_field(const ProtobufCMessageDescriptor *d, unsigned id)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field(d, id);

	return f != NULL && f->type == PROTOBUF_C_TYPE_MESSAGE ? f : NULL;
}

/* The message field f of m; memcpy, as the member's C type varies. */
static ProtobufCMessage *
call_get(const void *m, const ProtobufCFieldDescriptor *f)
{
	ProtobufCMessage *sub;

	memcpy(&sub, (const char *)m + f->offset, sizeof(sub));
	return sub;
}

static void
call_set(void *m, const ProtobufCFieldDescriptor *f, ProtobufCMessage *sub)
{
	memcpy((char *)m + f->offset, &sub, sizeof(sub));
}

int
call_wrap(Sk__V1__Request *req, ProtobufCMessage *q)
{
	const ProtobufCMessageDescriptor *d = &sk__v1__request__descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (f->type != PROTOBUF_C_TYPE_MESSAGE || f->descriptor != q->descriptor)
			continue;
		req->call_case = (Sk__V1__Request__CallCase)f->id;
		call_set(req, f, q);
		return 0;
	}
	return -1;
}

/*
 * Take what rule says out of r (which is freed): the result, or the
 * message inside it. NULL when r does not carry it.
 */
static ProtobufCMessage *
call_take(Sk__V1__Response *r, const struct call_rule *rule)
{
	const ProtobufCFieldDescriptor *f, *inner;
	ProtobufCMessage *m = NULL, *sub;

	if (r->result_case != rule->result ||
	    (f = call_field(r->base.descriptor, rule->result)) == NULL ||
	    (m = call_get(r, f)) == NULL)
		goto done;
	call_set(r, f, NULL); /* m is the caller's now */
	if (rule->whole != NULL && !rule->whole(m)) {
		protobuf_c_message_free_unpacked(m, NULL);
		m = NULL;
	}
	if (m == NULL || rule->take == CALL_WHOLE)
		goto done;
	inner = call_field(m->descriptor, 1);
	sub = inner != NULL ? call_get(m, inner) : NULL;
	if (sub == NULL) {
		protobuf_c_message_free_unpacked(m, NULL);
		m = NULL;
	} else if (rule->take == CALL_INNER) {
		call_set(m, inner, NULL);
		protobuf_c_message_free_unpacked(m, NULL);
		m = sub;
	}
done:
	sk__v1__response__free_unpacked(r, NULL);
	return m;
}

/* The name of a call, e.g. "initiative_get", for messages. */
static const char *
call_name(const ProtobufCMessageDescriptor *d, unsigned id)
{
	const ProtobufCFieldDescriptor *f =
	    protobuf_c_message_descriptor_get_field(d, id);

	return f != NULL ? f->name : "?";
}

int
call_result(Sk__V1__Request__CallCase call, Sk__V1__Response *r, void *out,
    struct sk_error *err)
{
	const struct call_rule *rule;
	ProtobufCMessage *m = NULL;

	err->code = 0;
	err->msg[0] = '\0';
	if (out != NULL)
		memcpy(out, &m, sizeof(m));
	if ((size_t)call >= NRULES || (rule = &call_rules[call])->result == 0) {
		sk__v1__response__free_unpacked(r, NULL);
		return status_set(err, SK_INTERNAL, "%d is no call", (int)call);
	}
	if (r->status != NULL && r->status->code != SK__V1__CODE__OK) {
		status_set(err, (int)r->status->code, "%s", r->status->message);
		sk__v1__response__free_unpacked(r, NULL);
		return err->code;
	}
	if ((m = call_take(r, rule)) == NULL)
		return status_set(err, SK_UNKNOWN, "unexpected reply to %s: no %s in it",
		    call_name(&sk__v1__request__descriptor, call),
		    call_name(&sk__v1__response__descriptor, rule->result));
	if (out != NULL)
		memcpy(out, &m, sizeof(m));
	else
		call_free(m);
	return 0;
}

/*
 * The one body of every call: q is the call's request message, out the
 * address of the caller's result pointer (or NULL).
 */
static int
call_run(struct skc *s, ProtobufCMessage *q, void *out, struct sk_error *err)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__Response *r;
	void *none = NULL;
	int rc;

	err->code = 0;
	err->msg[0] = '\0';
	if (out != NULL)
		memcpy(out, &none, sizeof(none));
	if (call_wrap(&req, q) != 0)
		return status_set(err, SK_INTERNAL, "%s is no call",
		    q->descriptor->short_name);
	if ((rc = skc_call(s, &req, &r, err)) != 0)
		return rc;
	return call_result(req.call_case, r, out, err);
}

/* ---- units, initiatives ------------------------------------------------------ */

int
call_unit_list(struct skc *s, const char *query, Sk__V1__UnitListResponse **out,
    struct sk_error *err)
{
	Sk__V1__UnitListRequest q = SK__V1__UNIT_LIST_REQUEST__INIT;

	if (query != NULL)
		q.query = (char *)query;
	return call_run(s, &q.base, out, err);
}

int
call_initiative_create(struct skc *s, const Sk__V1__Initiative *in, bool register_topic,
    Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__InitiativeCreateRequest q = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;

	q.initiative = (Sk__V1__Initiative *)in;
	q.register_topic = register_topic;
	return call_run(s, &q.base, out, err);
}

int
call_initiative_get(struct skc *s, uint64_t id, Sk__V1__Initiative **out,
    struct sk_error *err)
{
	Sk__V1__InitiativeGetRequest q = SK__V1__INITIATIVE_GET_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_initiative_update(struct skc *s, const Sk__V1__Initiative *in,
    uint32_t expected_version, Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__InitiativeUpdateRequest q = SK__V1__INITIATIVE_UPDATE_REQUEST__INIT;

	q.initiative = (Sk__V1__Initiative *)in;
	q.expected_version = expected_version;
	return call_run(s, &q.base, out, err);
}

int
call_initiative_list(struct skc *s, const Sk__V1__InitiativeListRequest *q,
    Sk__V1__InitiativeListResponse **out, struct sk_error *err)
{
	Sk__V1__InitiativeListRequest l = *q;

	return call_run(s, &l.base, out, err);
}

int
call_transition(struct skc *s, uint64_t id, Sk__V1__Action action, const char *reason,
    uint32_t expected_version, Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__TransitionRequest q = SK__V1__TRANSITION_REQUEST__INIT;

	q.id = id;
	q.action = action;
	if (reason != NULL)
		q.reason = (char *)reason;
	q.expected_version = expected_version;
	return call_run(s, &q.base, out, err);
}

int
call_history(struct skc *s, uint64_t id, Sk__V1__HistoryResponse **out,
    struct sk_error *err)
{
	Sk__V1__HistoryRequest q = SK__V1__HISTORY_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_overdue(struct skc *s, Sk__V1__OverdueResponse **out, struct sk_error *err)
{
	Sk__V1__OverdueRequest q = SK__V1__OVERDUE_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

/* ---- the council, sessions, votes, decisions ---------------------------------- */

int
call_council_set(struct skc *s, const Sk__V1__Council *c, Sk__V1__Council **out,
    struct sk_error *err)
{
	Sk__V1__CouncilSetRequest q = SK__V1__COUNCIL_SET_REQUEST__INIT;

	q.council = (Sk__V1__Council *)c;
	return call_run(s, &q.base, out, err);
}

int
call_council_get(struct skc *s, Sk__V1__Council **out, struct sk_error *err)
{
	Sk__V1__CouncilGetRequest q = SK__V1__COUNCIL_GET_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_session_open(struct skc *s, const char *title, const char *held_on, bool secret,
    const uint64_t *ids, size_t n, Sk__V1__Session **out, struct sk_error *err)
{
	Sk__V1__SessionOpenRequest q = SK__V1__SESSION_OPEN_REQUEST__INIT;

	if (title != NULL)
		q.title = (char *)title;
	if (held_on != NULL)
		q.held_on = (char *)held_on;
	q.secret = secret;
	q.n_initiative_ids = n;
	q.initiative_ids = (uint64_t *)ids;
	return call_run(s, &q.base, out, err);
}

int
call_session_get(struct skc *s, uint64_t id, Sk__V1__Session **out, struct sk_error *err)
{
	Sk__V1__SessionGetRequest q = SK__V1__SESSION_GET_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_session_close(struct skc *s, uint64_t id, Sk__V1__Session **out,
    struct sk_error *err)
{
	Sk__V1__SessionCloseRequest q = SK__V1__SESSION_CLOSE_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_vote(struct skc *s, uint64_t session_id, const Sk__V1__Ballot *b,
    Sk__V1__Session **out, struct sk_error *err)
{
	Sk__V1__VoteRequest q = SK__V1__VOTE_REQUEST__INIT;

	q.session_id = session_id;
	q.ballot = (Sk__V1__Ballot *)b;
	return call_run(s, &q.base, out, err);
}

int
call_decision_issue(struct skc *s, const char *number, const char *signed_on,
    const uint64_t *ids, size_t n, Sk__V1__DecisionResponse **out, struct sk_error *err)
{
	Sk__V1__DecisionIssueRequest q = SK__V1__DECISION_ISSUE_REQUEST__INIT;

	if (number != NULL)
		q.number = (char *)number;
	if (signed_on != NULL)
		q.signed_on = (char *)signed_on;
	q.n_initiative_ids = n;
	q.initiative_ids = (uint64_t *)ids;
	return call_run(s, &q.base, out, err);
}

int
call_decision_get(struct skc *s, uint64_t id, Sk__V1__DecisionResponse **out,
    struct sk_error *err)
{
	Sk__V1__DecisionGetRequest q = SK__V1__DECISION_GET_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_certificate_list(struct skc *s, uint64_t initiative_id,
    Sk__V1__CertificateListResponse **out, struct sk_error *err)
{
	Sk__V1__CertificateListRequest q = SK__V1__CERTIFICATE_LIST_REQUEST__INIT;

	q.initiative_id = initiative_id;
	return call_run(s, &q.base, out, err);
}

/* ---- attachments -------------------------------------------------------------- */

int
call_attachment_begin(struct skc *s, uint64_t initiative_id, const Sk__V1__Attachment *a,
    Sk__V1__AttachmentUploadResponse **out, struct sk_error *err)
{
	Sk__V1__AttachmentBeginRequest q = SK__V1__ATTACHMENT_BEGIN_REQUEST__INIT;

	q.initiative_id = initiative_id;
	q.attachment = (Sk__V1__Attachment *)a;
	return call_run(s, &q.base, out, err);
}

int
call_attachment_chunk(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], uint64_t offset, const void *data, size_t len,
    Sk__V1__AttachmentUploadResponse **out, struct sk_error *err)
{
	Sk__V1__AttachmentChunkRequest q = SK__V1__ATTACHMENT_CHUNK_REQUEST__INIT;

	q.initiative_id = initiative_id;
	q.sha256.data = (uint8_t *)sha256;
	q.sha256.len = SHA256_LEN;
	q.offset = offset;
	q.data.data = (uint8_t *)data;
	q.data.len = len;
	return call_run(s, &q.base, out, err);
}

int
call_attachment_finish(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], Sk__V1__Attachment **out, struct sk_error *err)
{
	Sk__V1__AttachmentFinishRequest q = SK__V1__ATTACHMENT_FINISH_REQUEST__INIT;

	q.initiative_id = initiative_id;
	q.sha256.data = (uint8_t *)sha256;
	q.sha256.len = SHA256_LEN;
	return call_run(s, &q.base, out, err);
}

int
call_attachment_list(struct skc *s, uint64_t initiative_id,
    Sk__V1__AttachmentListResponse **out, struct sk_error *err)
{
	Sk__V1__AttachmentListRequest q = SK__V1__ATTACHMENT_LIST_REQUEST__INIT;

	q.initiative_id = initiative_id;
	return call_run(s, &q.base, out, err);
}

int
call_attachment_get(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], uint64_t offset,
    Sk__V1__AttachmentDataResponse **out, struct sk_error *err)
{
	Sk__V1__AttachmentGetRequest q = SK__V1__ATTACHMENT_GET_REQUEST__INIT;

	q.initiative_id = initiative_id;
	q.sha256.data = (uint8_t *)sha256;
	q.sha256.len = SHA256_LEN;
	q.offset = offset;
	return call_run(s, &q.base, out, err);
}

/* ---- the decision log ---------------------------------------------------------- */

int
call_log_checkpoint(struct skc *s, const char *unit, Sk__V1__LogCheckpointResponse **out,
    struct sk_error *err)
{
	Sk__V1__LogCheckpointRequest q = SK__V1__LOG_CHECKPOINT_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	return call_run(s, &q.base, out, err);
}

int
call_log_entries(struct skc *s, const char *unit, uint64_t start, uint64_t end,
    Sk__V1__LogEntriesResponse **out, struct sk_error *err)
{
	Sk__V1__LogEntriesRequest q = SK__V1__LOG_ENTRIES_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	q.start = start;
	q.end = end;
	return call_run(s, &q.base, out, err);
}

int
call_log_proof(struct skc *s, const char *unit, bool consistency, uint64_t x,
    uint64_t size, Sk__V1__LogProofResponse **out, struct sk_error *err)
{
	Sk__V1__LogProofRequest q = SK__V1__LOG_PROOF_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	q.tree_size = size;
	q.consistency = consistency;
	if (consistency)
		q.from_size = x;
	else
		q.index = x;
	return call_run(s, &q.base, out, err);
}

/* ---- users ------------------------------------------------------------------------ */

int
call_user_create(struct skc *s, const Sk__V1__UserCreateRequest *q,
    Sk__V1__UserCreateResponse **out, struct sk_error *err)
{
	Sk__V1__UserCreateRequest u = *q;

	return call_run(s, &u.base, out, err);
}

int
call_user_disable(struct skc *s, const char *login, Sk__V1__User **out,
    struct sk_error *err)
{
	Sk__V1__UserDisableRequest q = SK__V1__USER_DISABLE_REQUEST__INIT;

	if (login != NULL)
		q.login = (char *)login;
	return call_run(s, &q.base, out, err);
}

int
call_user_list(struct skc *s, const char *unit, uint32_t expiring_days,
    Sk__V1__UserListResponse **out, struct sk_error *err)
{
	Sk__V1__UserListRequest q = SK__V1__USER_LIST_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	q.expiring_days = expiring_days;
	return call_run(s, &q.base, out, err);
}

int
call_user_enable(struct skc *s, const char *login, Sk__V1__User **out,
    struct sk_error *err)
{
	Sk__V1__UserEnableRequest q = SK__V1__USER_ENABLE_REQUEST__INIT;

	if (login != NULL)
		q.login = (char *)login;
	return call_run(s, &q.base, out, err);
}

int
call_user_roles(struct skc *s, const char *login, uint32_t roles, Sk__V1__User **out,
    struct sk_error *err)
{
	Sk__V1__UserRolesRequest q = SK__V1__USER_ROLES_REQUEST__INIT;

	if (login != NULL)
		q.login = (char *)login;
	q.roles = roles;
	return call_run(s, &q.base, out, err);
}

int
call_user_get(struct skc *s, const char *login, Sk__V1__User **out, struct sk_error *err)
{
	Sk__V1__UserGetRequest q = SK__V1__USER_GET_REQUEST__INIT;

	if (login != NULL)
		q.login = (char *)login;
	return call_run(s, &q.base, out, err);
}

int
call_user_renew(struct skc *s, const char *login, uint32_t valid_days,
    Sk__V1__UserCreateResponse **out, struct sk_error *err)
{
	Sk__V1__UserRenewRequest q = SK__V1__USER_RENEW_REQUEST__INIT;

	if (login != NULL)
		q.login = (char *)login;
	q.valid_days = valid_days;
	return call_run(s, &q.base, out, err);
}

/* ---- the level above -------------------------------------------------------------- */

int
call_round_create(struct skc *s, const char *name, const char *opens_on,
    const char *closes_on, Sk__V1__Round **out, struct sk_error *err)
{
	Sk__V1__RoundCreateRequest q = SK__V1__ROUND_CREATE_REQUEST__INIT;

	q.name = (char *)(name != NULL ? name : "");
	q.opens_on = (char *)(opens_on != NULL ? opens_on : "");
	q.closes_on = (char *)(closes_on != NULL ? closes_on : "");
	return call_run(s, &q.base, out, err);
}

int
call_round_close(struct skc *s, uint64_t id, Sk__V1__Round **out, struct sk_error *err)
{
	Sk__V1__RoundCloseRequest q = SK__V1__ROUND_CLOSE_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_round_list(struct skc *s, const char *unit, Sk__V1__RoundListResponse **out,
    struct sk_error *err)
{
	Sk__V1__RoundListRequest q = SK__V1__ROUND_LIST_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	return call_run(s, &q.base, out, err);
}

int
call_forward_nominate(struct skc *s, const Sk__V1__ForwardNominateRequest *q,
    Sk__V1__SubmissionResponse **out, struct sk_error *err)
{
	Sk__V1__ForwardNominateRequest m = *q;

	return call_run(s, &m.base, out, err);
}

int
call_forward_complete(struct skc *s, uint64_t initiative, const char *scope,
    Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__ForwardCompleteRequest q = SK__V1__FORWARD_COMPLETE_REQUEST__INIT;

	q.initiative_id = initiative;
	if (scope != NULL)
		q.scope = (char *)scope;
	return call_run(s, &q.base, out, err);
}

int
call_forward_send(struct skc *s, uint64_t submission, Sk__V1__SubmissionResponse **out,
    struct sk_error *err)
{
	Sk__V1__ForwardSendRequest q = SK__V1__FORWARD_SEND_REQUEST__INIT;

	q.submission_id = submission;
	return call_run(s, &q.base, out, err);
}

int
call_submission_get(struct skc *s, uint64_t id, Sk__V1__SubmissionResponse **out,
    struct sk_error *err)
{
	Sk__V1__SubmissionGetRequest q = SK__V1__SUBMISSION_GET_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_submission_list(struct skc *s, Sk__V1__SubmissionListResponse **out,
    struct sk_error *err)
{
	Sk__V1__SubmissionListRequest q = SK__V1__SUBMISSION_LIST_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_inbox(struct skc *s, const Sk__V1__InboxRequest *q,
    Sk__V1__InitiativeListResponse **out, struct sk_error *err)
{
	Sk__V1__InboxRequest m = *q;

	return call_run(s, &m.base, out, err);
}

int
call_copy_get(struct skc *s, uint64_t id, Sk__V1__Copy **out, struct sk_error *err)
{
	Sk__V1__CopyGetRequest q = SK__V1__COPY_GET_REQUEST__INIT;

	q.id = id;
	return call_run(s, &q.base, out, err);
}

int
call_upper_record(struct skc *s, const Sk__V1__UpperRecordRequest *q,
    Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__UpperRecordRequest m = *q;

	return call_run(s, &m.base, out, err);
}

int
call_commendation_list(struct skc *s, Sk__V1__CommendationListResponse **out,
    struct sk_error *err)
{
	Sk__V1__CommendationListRequest q = SK__V1__COMMENDATION_LIST_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_award_record(struct skc *s, uint64_t initiative, const Sk__V1__Award *award,
    Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__AwardRecordRequest q = SK__V1__AWARD_RECORD_REQUEST__INIT;

	q.initiative_id = initiative;
	q.award = (Sk__V1__Award *)award;
	return call_run(s, &q.base, out, err);
}

int
call_publish_set(struct skc *s, uint64_t initiative, bool published,
    Sk__V1__Initiative **out, struct sk_error *err)
{
	Sk__V1__PublishSetRequest q = SK__V1__PUBLISH_SET_REQUEST__INIT;

	q.initiative_id = initiative;
	q.published = published;
	return call_run(s, &q.base, out, err);
}

int
call_published_list(struct skc *s, const char *unit, Sk__V1__InitiativeListResponse **out,
    struct sk_error *err)
{
	Sk__V1__PublishedListRequest q = SK__V1__PUBLISHED_LIST_REQUEST__INIT;

	if (unit != NULL)
		q.unit_code = (char *)unit;
	return call_run(s, &q.base, out, err);
}

int
call_district_summary(struct skc *s, uint64_t round,
    Sk__V1__DistrictSummaryResponse **out, struct sk_error *err)
{
	Sk__V1__DistrictSummaryRequest q = SK__V1__DISTRICT_SUMMARY_REQUEST__INIT;

	q.round_id = round;
	return call_run(s, &q.base, out, err);
}

int
call_stats(struct skc *s, const struct call_stats_query *q, Sk__V1__StatsResponse **out,
    struct sk_error *err)
{
	Sk__V1__StatsRequest r = SK__V1__STATS_REQUEST__INIT;

	r.unit_code = (char *)(q->unit != NULL ? q->unit : "");
	r.round_id = q->round;
	r.from = (char *)(q->from != NULL ? q->from : "");
	r.to = (char *)(q->to != NULL ? q->to : "");
	return call_run(s, &r.base, out, err);
}

int
call_peer_card(struct skc *s, Sk__V1__LinkCard **out, struct sk_error *err)
{
	Sk__V1__PeerCardRequest q = SK__V1__PEER_CARD_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_peer_add(struct skc *s, const Sk__V1__LinkCard *card, bool upstream,
    const char *unit, Sk__V1__User **out, struct sk_error *err)
{
	Sk__V1__PeerAddRequest q = SK__V1__PEER_ADD_REQUEST__INIT;

	q.card = (Sk__V1__LinkCard *)card;
	q.upstream = upstream;
	if (unit != NULL)
		q.unit_code = (char *)unit;
	return call_run(s, &q.base, out, err);
}

int
call_peer_list(struct skc *s, Sk__V1__UserListResponse **out, struct sk_error *err)
{
	Sk__V1__PeerListRequest q = SK__V1__PEER_LIST_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_export_list(struct skc *s, uint64_t from, uint32_t max,
    Sk__V1__ExportListResponse **out, struct sk_error *err)
{
	Sk__V1__ExportListRequest q = SK__V1__EXPORT_LIST_REQUEST__INIT;

	q.from = from;
	q.max = max;
	return call_run(s, &q.base, out, err);
}

int
call_export_file(struct skc *s, uint64_t seq, const uint8_t sha256[32], uint64_t offset,
    Sk__V1__AttachmentDataResponse **out, struct sk_error *err)
{
	Sk__V1__ExportFileRequest q = SK__V1__EXPORT_FILE_REQUEST__INIT;

	q.seq = seq;
	q.sha256.data = (uint8_t *)sha256;
	q.sha256.len = 32;
	q.offset = offset;
	return call_run(s, &q.base, out, err);
}

int
call_report_list(struct skc *s, uint64_t from, uint32_t max,
    Sk__V1__ReportListResponse **out, struct sk_error *err)
{
	Sk__V1__ReportListRequest q = SK__V1__REPORT_LIST_REQUEST__INIT;

	q.from = from;
	q.max = max;
	return call_run(s, &q.base, out, err);
}

int
call_peer_status(struct skc *s, bool sync, Sk__V1__PeerStatusResponse **out,
    struct sk_error *err)
{
	Sk__V1__PeerStatusRequest q = SK__V1__PEER_STATUS_REQUEST__INIT;
	Sk__V1__PeerSyncRequest y = SK__V1__PEER_SYNC_REQUEST__INIT;

	return call_run(s, sync ? &y.base : &q.base, out, err);
}

int
call_admin_stats(struct skc *s, Sk__V1__AdminStatsResponse **out, struct sk_error *err)
{
	Sk__V1__AdminStatsRequest q = SK__V1__ADMIN_STATS_REQUEST__INIT;

	return call_run(s, &q.base, out, err);
}

int
call_cosign(struct skc *s, const char *checkpoint, const char *line,
    Sk__V1__LogCheckpointResponse **out, struct sk_error *err)
{
	Sk__V1__CosignRequest q = SK__V1__COSIGN_REQUEST__INIT;

	q.checkpoint = (char *)checkpoint;
	q.cosignature = (char *)line;
	return call_run(s, &q.base, out, err);
}
