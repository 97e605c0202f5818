/*
 * call: one typed function for every call of sk.v1 (proto/sk.proto), over
 * a connection made by skc_connect() (which also says Hello).
 *
 * Every call_*() below builds its request, sends it, waits for the answer
 * and checks that the answer is the result this call must have. They all
 * behave alike:
 *
 *   Return   0 when the server answered OK. *out (when out is not NULL)
 *            is then the result, which the caller owns and frees with
 *            call_free(); pass out = NULL when only the outcome matters.
 *            On any failure *out is NULL.
 *            SK_UNAVAILABLE when the connection failed (network, TLS, a
 *            timeout, the server closing it); the connection is then of
 *            no further use and is closed with skc_close(). A NULL s (a
 *            connection that was never made) fails so too.
 *            SK_UNKNOWN when the server answered with another result
 *            than this call's, or without the part it must carry (an
 *            InitiativeResponse with no initiative): a broken server, never
 *            a NULL pointer for the caller.
 *            Any other code: the server refused, and err->msg is its
 *            message, which names the field at fault. A response with id 0
 *            (the whole connection refused, e.g. the user was disabled)
 *            comes back the same way, with its code. (SK_RESOURCE_EXHAUSTED
 *            "out of memory" may also be ours.)
 *   err      is cleared first, then set on failure; never NULL.
 *   Inputs   (strings, messages, arrays) are only read, and only during
 *            the call; NULL strings are sent as "".
 *
 * Results whose response message holds one thing (an initiative, a
 * council, a session, a user) are that thing; the others are the
 * response message of sk.proto (e.g. Sk__V1__InitiativeListResponse).
 *
 * Pipelining: call_wrap() puts any request message into a Request for
 * skc_send(); the answers come back through skc_recv(), and call_result()
 * checks each as the typed calls do.
 */
#ifndef SK_CALL_H
#define SK_CALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sha256.h"
#include "skc.h"

/* Free a result of any call_*() (or of xfer_upload); NULL is fine. */
void call_free(void *msg);

/*
 * Put q, the request message of one call (e.g. an
 * Sk__V1__InitiativeCreateRequest), into req and set req's call case.
 * req keeps a pointer to q. Returns 0, or -1 (req unchanged) when q is no
 * call's request.
 */
int call_wrap(Sk__V1__Request *req, ProtobufCMessage *q);

/*
 * The result of r, a response to a request of case call (one received
 * with skc_recv): the same checks and the same result as the typed call,
 * into out, the address of a pointer of the type that call_*() returns
 * (or NULL). r is freed in every case. Returns as the typed calls do; a
 * refusal in r is returned with its code and message; SK_INTERNAL when
 * call is no call of sk.v1.
 */
int call_result(Sk__V1__Request__CallCase call, Sk__V1__Response *r, void *out,
    struct sk_error *err);

/* ---- units, initiatives --------------------------------------------------- */

/* The units whose name matches query (diacritics ignored; NULL or "": all). */
int call_unit_list(struct skc *s, const char *query, Sk__V1__UnitListResponse **out,
    struct sk_error *err);

/* Create in (its id, unit, state and stamps are ignored); register_topic
 * registers a topic at the start of the year instead of a draft. */
int call_initiative_create(struct skc *s, const Sk__V1__Initiative *in,
    bool register_topic, Sk__V1__Initiative **out, struct sk_error *err);

int call_initiative_get(struct skc *s, uint64_t id, Sk__V1__Initiative **out,
    struct sk_error *err);

/* Replace the content of draft in->id by in's; expected_version 0 does not
 * check the version (else SK_ABORTED when it changed meanwhile). */
int call_initiative_update(struct skc *s, const Sk__V1__Initiative *in,
    uint32_t expected_version, Sk__V1__Initiative **out, struct sk_error *err);

/* One page; q->page_token from the previous page's next_page_token. */
int call_initiative_list(struct skc *s, const Sk__V1__InitiativeListRequest *q,
    Sk__V1__InitiativeListResponse **out, struct sk_error *err);

/* Take action on initiative id (reason: NULL or the text sent to the
 * author); expected_version 0 does not check the version. */
int call_transition(struct skc *s, uint64_t id, Sk__V1__Action action, const char *reason,
    uint32_t expected_version, Sk__V1__Initiative **out, struct sk_error *err);

int call_history(struct skc *s, uint64_t id, Sk__V1__HistoryResponse **out,
    struct sk_error *err);

/* Dossiers past their deadline (clerk, head). Every item has its
 * initiative. */
int call_overdue(struct skc *s, Sk__V1__OverdueResponse **out, struct sk_error *err);

/* ---- the council, sessions, votes, decisions ------------------------------- */

int call_council_set(struct skc *s, const Sk__V1__Council *c, Sk__V1__Council **out,
    struct sk_error *err);
int call_council_get(struct skc *s, Sk__V1__Council **out, struct sk_error *err);

/* held_on: an ISO date; ids: the n initiatives on the agenda. */
int call_session_open(struct skc *s, const char *title, const char *held_on, bool secret,
    const uint64_t *ids, size_t n, Sk__V1__Session **out, struct sk_error *err);
int call_session_get(struct skc *s, uint64_t id, Sk__V1__Session **out,
    struct sk_error *err);
int call_session_close(struct skc *s, uint64_t id, Sk__V1__Session **out,
    struct sk_error *err);

/* The ballot's login is the caller's, whatever b says. */
int call_vote(struct skc *s, uint64_t session_id, const Sk__V1__Ballot *b,
    Sk__V1__Session **out, struct sk_error *err);

/* signed_on: an ISO date; ids: the n recognised initiatives. The result
 * always has its decision. */
int call_decision_issue(struct skc *s, const char *number, const char *signed_on,
    const uint64_t *ids, size_t n, Sk__V1__DecisionResponse **out, struct sk_error *err);
int call_decision_get(struct skc *s, uint64_t id, Sk__V1__DecisionResponse **out,
    struct sk_error *err);

int call_certificate_list(struct skc *s, uint64_t initiative_id,
    Sk__V1__CertificateListResponse **out, struct sk_error *err);

/* ---- attachments (xfer.h moves whole files) -------------------------------- */

/* Start or resume an upload of a (sha256, name, media_type, size): the
 * answer says how much the server has and its chunk size. */
int call_attachment_begin(struct skc *s, uint64_t initiative_id,
    const Sk__V1__Attachment *a, Sk__V1__AttachmentUploadResponse **out,
    struct sk_error *err);

/* len bytes of the file sha256 at offset, which must be where the server is. */
int call_attachment_chunk(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], uint64_t offset, const void *data, size_t len,
    Sk__V1__AttachmentUploadResponse **out, struct sk_error *err);

/* The server checks the bytes against sha256 (SK_DATA_LOSS if they differ)
 * and lists the file. */
int call_attachment_finish(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], Sk__V1__Attachment **out, struct sk_error *err);

int call_attachment_list(struct skc *s, uint64_t initiative_id,
    Sk__V1__AttachmentListResponse **out, struct sk_error *err);

/* The bytes from offset to the end of the chunk holding it. */
int call_attachment_get(struct skc *s, uint64_t initiative_id,
    const uint8_t sha256[SHA256_LEN], uint64_t offset,
    Sk__V1__AttachmentDataResponse **out, struct sk_error *err);

/* ---- the decision log (logv.h verifies what these return) ------------------ */

/* unit: a unit code, NULL or "" for the caller's own unit. */
int call_log_checkpoint(struct skc *s, const char *unit,
    Sk__V1__LogCheckpointResponse **out, struct sk_error *err);

/* Entries [start, end); the server may return fewer. */
int call_log_entries(struct skc *s, const char *unit, uint64_t start, uint64_t end,
    Sk__V1__LogEntriesResponse **out, struct sk_error *err);

/* For the tree of size entries: with consistency, the proof that the tree
 * of x entries is its prefix; else the inclusion proof of leaf x. */
int call_log_proof(struct skc *s, const char *unit, bool consistency, uint64_t x,
    uint64_t size, Sk__V1__LogProofResponse **out, struct sk_error *err);

/* ---- users ------------------------------------------------------------------ */

/* The result always has its user, and holds the new private key: it is
 * wiped by call_free (as all results are freed). */
int call_user_create(struct skc *s, const Sk__V1__UserCreateRequest *q,
    Sk__V1__UserCreateResponse **out, struct sk_error *err);
int call_user_disable(struct skc *s, const char *login, Sk__V1__User **out,
    struct sk_error *err);
/* unit: a unit code, NULL or "" for all; expiring_days > 0: only enabled
 * users whose certificate ends within that many days (or has ended). */
int call_user_list(struct skc *s, const char *unit, uint32_t expiring_days,
    Sk__V1__UserListResponse **out, struct sk_error *err);
int call_user_enable(struct skc *s, const char *login, Sk__V1__User **out,
    struct sk_error *err);
/* roles: sk.v1.Role bits; the user's open connections are closed. */
int call_user_roles(struct skc *s, const char *login, uint32_t roles, Sk__V1__User **out,
    struct sk_error *err);
int call_user_get(struct skc *s, const char *login, Sk__V1__User **out,
    struct sk_error *err);
/* A new key and certificate for login (NULL or "": the caller's own);
 * valid_days 0: the server's default. Answered as call_user_create is;
 * the old certificate stops working, this connection's too when it is
 * the caller's own. */
int call_user_renew(struct skc *s, const char *login, uint32_t valid_days,
    Sk__V1__UserCreateResponse **out, struct sk_error *err);

/* ---- the level above ------------------------------------------------------- */

/* Open a round of the caller's level; dates are ISO (YYYY-MM-DD). */
int call_round_create(struct skc *s, const char *name, const char *opens_on,
    const char *closes_on, Sk__V1__Round **out, struct sk_error *err);
int call_round_close(struct skc *s, uint64_t id, Sk__V1__Round **out,
    struct sk_error *err);
/* unit: the code of the level whose rounds to list; NULL or "": one's own. */
int call_round_list(struct skc *s, const char *unit, Sk__V1__RoundListResponse **out,
    struct sk_error *err);

/* A submission (tờ trình) of the caller's unit: its authors are asked to
 * complete each initiative, then it is sent. */
int call_forward_nominate(struct skc *s, const Sk__V1__ForwardNominateRequest *q,
    Sk__V1__SubmissionResponse **out, struct sk_error *err);
int call_forward_complete(struct skc *s, uint64_t initiative, const char *scope,
    Sk__V1__Initiative **out, struct sk_error *err);
int call_forward_send(struct skc *s, uint64_t submission,
    Sk__V1__SubmissionResponse **out, struct sk_error *err);
int call_submission_get(struct skc *s, uint64_t id, Sk__V1__SubmissionResponse **out,
    struct sk_error *err);
int call_submission_list(struct skc *s, Sk__V1__SubmissionListResponse **out,
    struct sk_error *err);
/* The receiving office's inbox, filtered by q. */
int call_inbox(struct skc *s, const Sk__V1__InboxRequest *q,
    Sk__V1__InitiativeListResponse **out, struct sk_error *err);
int call_copy_get(struct skc *s, uint64_t id, Sk__V1__Copy **out, struct sk_error *err);

/* The proposal to a level off this system, or (q->outcome) its outcome. */
int call_upper_record(struct skc *s, const Sk__V1__UpperRecordRequest *q,
    Sk__V1__Initiative **out, struct sk_error *err);
int call_commendation_list(struct skc *s, Sk__V1__CommendationListResponse **out,
    struct sk_error *err);
int call_award_record(struct skc *s, uint64_t initiative, const Sk__V1__Award *award,
    Sk__V1__Initiative **out, struct sk_error *err);
int call_publish_set(struct skc *s, uint64_t initiative, bool published,
    Sk__V1__Initiative **out, struct sk_error *err);
/* unit: a unit code; NULL or "": the caller's own. */
int call_published_list(struct skc *s, const char *unit,
    Sk__V1__InitiativeListResponse **out, struct sk_error *err);
/* round: 0 for the one open today. */
int call_district_summary(struct skc *s, uint64_t round,
    Sk__V1__DistrictSummaryResponse **out, struct sk_error *err);

/* The figures of the reports (sk report), computed by the server. */
struct call_stats_query {
	const char *unit; /* a unit code; NULL or "": every unit the caller reaches */
	uint64_t round;   /* a round of the receiving level; 0: every initiative */
	const char *from; /* the period, ISO dates; NULL or "": no bound */
	const char *to;
};
int call_stats(struct skc *s, const struct call_stats_query *q,
    Sk__V1__StatsResponse **out, struct sk_error *err);

/* ---- links between servers ---------------------------------------------------- */

/* This server's link card (admin). */
int call_peer_card(struct skc *s, Sk__V1__LinkCard **out, struct sk_error *err);
/* Link the server of card: the level above unit (NULL: the caller's own)
 * when upstream, else the server of the unit below that the card names. */
int call_peer_add(struct skc *s, const Sk__V1__LinkCard *card, bool upstream,
    const char *unit, Sk__V1__User **out, struct sk_error *err);
/* The linked servers (user records). */
int call_peer_list(struct skc *s, Sk__V1__UserListResponse **out, struct sk_error *err);

/* As a linked server: the exports of the unit linked (from sequence from,
 * at most max), the bytes of a file one names, and the results of the
 * caller's unit's copies with their proofs. */
int call_export_list(struct skc *s, uint64_t from, uint32_t max,
    Sk__V1__ExportListResponse **out, struct sk_error *err);
int call_export_file(struct skc *s, uint64_t seq, const uint8_t sha256[32],
    uint64_t offset, Sk__V1__AttachmentDataResponse **out, struct sk_error *err);
int call_report_list(struct skc *s, uint64_t from, uint32_t max,
    Sk__V1__ReportListResponse **out, struct sk_error *err);

/* The server's figures, and the storage of the units the caller
 * administers (admin). */
int call_admin_stats(struct skc *s, Sk__V1__AdminStatsResponse **out,
    struct sk_error *err);

/* How the links stand; sync: pull from every link now (the answer's
 * wanted is the pass that will have done it). */
int call_peer_status(struct skc *s, bool sync, Sk__V1__PeerStatusResponse **out,
    struct sk_error *err);

/* As the level above's server, witness: give the unit's server line, a
 * cosignature on checkpoint, one of its log that was verified. */
int call_cosign(struct skc *s, const char *checkpoint, const char *line,
    Sk__V1__LogCheckpointResponse **out, struct sk_error *err);

#endif
