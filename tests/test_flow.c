/*
 * test_flow: the review flow of one unit against a real skd, through the
 * client library: who may take which step, from which state, in which
 * unit; the submission checks; councils, sessions and votes; decisions
 * and certificates; attachments; what is overdue.
 *
 *   test_flow PORT CA USERDIR
 *
 * Every call goes through the client library's typed calls (call.h),
 * whole uploads and downloads through xfer.h; the outcome of the last
 * call is kept in tclient_err (E below) for the checks.
 *
 * USERDIR holds LOGIN.crt and LOGIN.key of the users flow.sh enrolled
 * (the table below). The cases run in order on one server and build on
 * each other's data: the council the first cases set up serves the later
 * ones. Every refusal is checked for its exact status code, for a message
 * naming what was wrong, and (read back) for having left the initiative's
 * state and version as they were.
 *
 * Checks of server bugs found here are kept, compiled but not run, under
 * KNOWN_BUG with a comment starting "BUG:".
 */
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "t.h"
#include "tclient.h"
#include "xfer.h"

#define ACT(x) SK__V1__ACTION__##x
#define ST(x) SK__V1__STATE__STATE_##x
#define CHUNK 262144u
#define MiB (1024ull * 1024ull)

/* 1 runs the checks of known server bugs (see "BUG:"); they fail today. */
#define KNOWN_BUG 1 /* the bugs these checks found are fixed */

/* Logins are 3-64 characters, so "a1" of the plan is "a1.hm" here. */
enum user { A1, A2, CLERK, HEAD, M1, M2, M3, O1, O2, NUSERS };

static const char *const logins[NUSERS] = {
	"a1.hm",    /* author, Hát Môn */
	"a2.hm",    /* author, Hát Môn */
	"clerk.hm", /* clerk, Hát Môn */
	"head.hm",  /* council and head, Hát Môn */
	"m1.hm",    /* council, Hát Môn */
	"m2.hm",    /* council, Hát Môn */
	"m3.hm",    /* council, Hát Môn; co-author of some initiatives */
	"o1.sp",    /* author, Sen Phương */
	"o2.sp",    /* clerk, council and head, Sen Phương */
};

static struct skc_config cfg[NUSERS];
static struct skc *conn[NUSERS]; /* NULL: the calls say "not connected" */
static char today[16];

/* The outcome of the last call: its code, and the message of a refusal. */
static struct sk_error *const E = &tclient_err;

/* ---- calls --------------------------------------------------------------- */

static int
connect_user(enum user u)
{
	skc_close(conn[u]);
	conn[u] = tclient_connect(&cfg[u], logins[u]);
	return conn[u] != NULL ? 0 : -1;
}

/* A status code as expected, and a message naming `text` (NULL: any). */
#define EXPECT(rc, want, text) expect_at(__LINE__, (rc), (want), (text))

static void
expect_at(int line, int rc, int want, const char *text)
{
	if (rc != want) {
		fprintf(stderr, "test_flow.c:%d: got %s, wanted %s (\"%s\")\n", line,
		    status_name(rc), status_name(want), E->msg);
		t_failed_checks++;
	} else if (text != NULL && strstr(E->msg, text) == NULL) {
		fprintf(stderr, "test_flow.c:%d: %s, but \"%s\" does not name \"%s\"\n",
		    line, status_name(rc), E->msg, text);
		t_failed_checks++;
	}
}

/* ---- dates --------------------------------------------------------------- */

/* Today plus delta days, in the local time zone as the server reckons. */
static void
iso_from_today(int delta, char *buf, size_t sz)
{
	time_t now = time(NULL);
	struct tm tm;

	localtime_r(&now, &tm);
	tm.tm_mday += delta;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	mktime(&tm);
	strftime(buf, sz, "%Y-%m-%d", &tm);
}

/* An ISO date plus calendar months, clamped to the month's last day. */
static void
iso_add_months(const char *iso, int months, char *buf, size_t sz)
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y = 0, m = 0, d = 0, last;

	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3 || m < 1 || m > 12) {
		snprintf(buf, sz, "?");
		return;
	}
	m += months;
	y += (m - 1) / 12;
	m = (m - 1) % 12 + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	snprintf(buf, sz, "%04d-%02d-%02d", y, m, d > last ? last : d);
}

/* ---- initiatives --------------------------------------------------------- */

/* A full application that passes the submission checks. */
struct app {
	Sk__V1__Initiative in;
	Sk__V1__Author au[4], *aup[4];
	char first[16];
};

static void
app_author(struct app *a, const char *name, uint32_t share, const char *login)
{
	size_t i = a->in.n_authors++;

	sk__v1__author__init(&a->au[i]);
	a->au[i].name = (char *)name;
	a->au[i].share = share;
	a->au[i].workplace = "UBND xã Hát Môn";
	a->au[i].job_title = "Công chức";
	a->au[i].login = (char *)(login != NULL ? login : "");
	a->aup[i] = &a->au[i];
	a->in.authors = a->aup;
}

/* Title and summary as given; the one author is a1 unless changed. */
static void
app_full(struct app *a, const char *title, const char *summary)
{
	memset(a, 0, sizeof(*a));
	sk__v1__initiative__init(&a->in);
	iso_from_today(-30, a->first, sizeof(a->first));
	a->in.title = (char *)title;
	a->in.summary = (char *)summary;
	a->in.category = 3;
	a->in.field = "Cải cách hành chính";
	a->in.description = "Cách làm mới, từng bước, với kết quả đo được.";
	a->in.benefits = "Tiết kiệm thời gian và giấy tờ cho người dân.";
	a->in.application = SK__V1__APPLICATION__APPLIED;
	a->in.first_applied = a->first;
	app_author(a, "Nguyễn Văn Một", 10000, logins[A1]);
}

static void
app_no_authors(struct app *a)
{
	a->in.n_authors = 0;
}

/* Create as u; the new id, or 0 (a failed check) when refused. */
#define CREATE(u, a) create_at(__LINE__, (u), (a))

static uint64_t
create_at(int line, enum user u, struct app *a)
{
	Sk__V1__Initiative *in;
	uint64_t id = 0;
	int rc;

	if ((rc = call_initiative_create(conn[u], &a->in, false, &in, E)) != 0) {
		fprintf(stderr, "test_flow.c:%d: create as %s: %s: %s\n", line, logins[u],
		    status_name(rc), E->msg);
		t_failed_checks++;
	} else
		id = in->id;
	call_free(in);
	return id;
}

static int
create_rc(enum user u, struct app *a)
{
	return call_initiative_create(conn[u], &a->in, false, NULL, E);
}

static uint64_t
create_full(const char *title, const char *summary)
{
	struct app a;

	app_full(&a, title, summary);
	return CREATE(A1, &a);
}

/* Replace the content of draft id with a's; expected version 0: any. */
static int
update(enum user u, uint64_t id, struct app *a, uint32_t expected)
{
	a->in.id = id;
	return call_initiative_update(conn[u], &a->in, expected, NULL, E);
}

/* The initiative as u sees it (free with call_free), or NULL. */
static Sk__V1__Initiative *
get_as(enum user u, uint64_t id)
{
	Sk__V1__Initiative *in;

	call_initiative_get(conn[u], id, &in, E);
	return in;
}

/* The history of id as u reads it (free with call_free), or NULL. */
static Sk__V1__HistoryResponse *
history(enum user u, uint64_t id)
{
	Sk__V1__HistoryResponse *h;

	call_history(conn[u], id, &h, E);
	return h;
}

static int
get_rc(enum user u, uint64_t id)
{
	return call_initiative_get(conn[u], id, NULL, E);
}

/* What a refusal must not change, read back by Hát Môn's clerk. */
struct snap {
	int code;
	int state;
	uint32_t version;
	uint64_t decision;
};

static struct snap
snap(uint64_t id)
{
	struct snap s = { SK_UNKNOWN, 0, 0, 0 };
	struct sk_error keep = *E;
	Sk__V1__Initiative *in;

	if ((in = get_as(CLERK, id)) != NULL) {
		s.code = 0;
		s.state = in->state;
		s.version = in->version;
		s.decision = in->decision_id;
		call_free(in);
	}
	*E = keep;
	return s;
}

static int
state_of(uint64_t id)
{
	return snap(id).state;
}

#define UNCHANGED(id, before) unchanged_at(__LINE__, (id), (before))

static void
unchanged_at(int line, uint64_t id, struct snap b)
{
	struct snap a = snap(id);

	if (a.code != 0 || b.code != 0 || a.state != b.state || a.version != b.version ||
	    a.decision != b.decision) {
		fprintf(stderr,
		    "test_flow.c:%d: initiative %" PRIu64 " changed: state %d->%d, "
		    "version %u->%u, decision %" PRIu64 "->%" PRIu64 " (read: %d, %d)\n",
		    line, id, b.state, a.state, b.version, a.version, b.decision,
		    a.decision, b.code, a.code);
		t_failed_checks++;
	}
}

static int
transition_v(enum user u, uint64_t id, Sk__V1__Action action, const char *reason,
    uint32_t version)
{
	return call_transition(conn[u], id, action, reason, version, NULL, E);
}

/* A transition of whatever version is current; a co-author's CONFIRM
 * names it, as the server requires (the clerk reads it). */
static int
transition(enum user u, uint64_t id, Sk__V1__Action action, const char *reason)
{
	uint32_t v = action == SK__V1__ACTION__CONFIRM ? snap(id).version : 0;

	return transition_v(u, id, action, reason, v);
}

/* A transition that must succeed. */
#define STEP(u, id, action, reason)                                                      \
	expect_at(__LINE__, transition((u), (id), (action), (reason)), 0, NULL)

/* A transition that must be refused with `want`, changing nothing. */
#define REFUSED(u, id, action, reason, want, text)                                       \
	refused_at(__LINE__, (u), (id), (action), (reason), (want), (text))

static void
refused_at(int line, enum user u, uint64_t id, Sk__V1__Action action, const char *reason,
    int want, const char *text)
{
	struct snap before = snap(id);

	expect_at(line, transition(u, id, action, reason), want, text);
	unchanged_at(line, id, before);
}

/* Create as a1, submit as a1, accept as the clerk. */
static uint64_t
walk_to_accepted(const char *title, const char *summary)
{
	uint64_t id = create_full(title, summary);

	STEP(A1, id, ACT(SUBMIT), "");
	STEP(CLERK, id, ACT(ACCEPT), "");
	T_EQ_INT(state_of(id), ST(ACCEPTED));
	return id;
}

/* ---- councils, sessions, votes, decisions --------------------------------- */

struct member {
	const char *login;
	Sk__V1__CouncilRole role;
};

static int
council_set(enum user u, const struct member *m, size_t n)
{
	Sk__V1__Council c = SK__V1__COUNCIL__INIT;
	Sk__V1__CouncilMember cm[8], *cmp[8];

	for (size_t i = 0; i < n && i < 8; i++) {
		sk__v1__council_member__init(&cm[i]);
		cm[i].login = (char *)m[i].login;
		cm[i].role = m[i].role;
		cmp[i] = &cm[i];
	}
	c.n_members = n < 8 ? n : 8;
	c.members = cmp;
	return call_council_set(conn[u], &c, NULL, E);
}

/* The council of Hát Môn for every session below: 4 members. */
static const struct member the_council[] = {
	{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
	{ "m1.hm", SK__V1__COUNCIL_ROLE__SECRETARY },
	{ "m2.hm", SK__V1__COUNCIL_ROLE__EXPERT },
	{ "m3.hm", SK__V1__COUNCIL_ROLE__MEMBER },
};

/* The council as u reads it (free with call_free), or NULL. */
static Sk__V1__Council *
council_get(enum user u)
{
	Sk__V1__Council *c;

	call_council_get(conn[u], &c, E);
	return c;
}

/* Hát Môn's council is still the_council. */
static void
council_is_ours(void)
{
	Sk__V1__Council *c = council_get(CLERK);

	T_CHECK(c != NULL);
	if (c == NULL)
		return;
	T_EQ_INT(c->n_members, 4);
	for (size_t i = 0; i < 4 && i < c->n_members; i++) {
		T_EQ_STR(c->members[i]->login, the_council[i].login);
		T_EQ_INT(c->members[i]->role, the_council[i].role);
	}
	call_free(c);
}

static uint64_t last_session; /* the id of the last session opened */

static int
session_open(enum user u, bool secret, const uint64_t *ids, size_t n, uint64_t *sid)
{
	Sk__V1__Session *s;
	int rc;

	rc = call_session_open(conn[u], "Phiên họp Hội đồng sáng kiến cơ sở", today,
	    secret, ids, n, &s, E);
	if (rc == 0) {
		last_session = s->id;
		if (sid != NULL)
			*sid = last_session;
	}
	call_free(s);
	return rc;
}

/* Scores of every ballot: novelty 7, feasibility 8, benefit 9. */
static int
vote(enum user u, uint64_t sid, uint64_t id, Sk__V1__Vote v)
{
	Sk__V1__Ballot b = SK__V1__BALLOT__INIT;

	b.initiative_id = id;
	b.vote = v;
	b.novelty = 7;
	b.feasibility = 8;
	b.benefit = 9;
	return call_vote(conn[u], sid, &b, NULL, E);
}

static int
session_close(enum user u, uint64_t sid)
{
	return call_session_close(conn[u], sid, NULL, E);
}

/* The session as u reads it (free with call_free); NULL with the code. */
static Sk__V1__Session *
session_get(enum user u, uint64_t sid, int *code)
{
	Sk__V1__Session *s;
	int rc;

	rc = call_session_get(conn[u], sid, &s, E);
	if (code != NULL)
		*code = rc;
	return s;
}

/* Put an accepted initiative before the council and pass it: 3 of 4 yes. */
static void
walk_to_recognised(uint64_t id)
{
	uint64_t sid = 0;

	EXPECT(session_open(CLERK, false, &id, 1, &sid), 0, NULL);
	T_EQ_INT(state_of(id), ST(IN_REVIEW));
	EXPECT(vote(HEAD, sid, id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M1, sid, id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M2, sid, id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(session_close(HEAD, sid), 0, NULL);
	T_EQ_INT(state_of(id), ST(RECOGNISED));
}

static int
decision_issue(enum user u, const char *signed_on, const uint64_t *ids, size_t n,
    Sk__V1__DecisionResponse **out)
{
	return call_decision_issue(conn[u], "15/QĐ-UBND", signed_on, ids, n, out, E);
}

static int
decision_get(enum user u, uint64_t id, Sk__V1__DecisionResponse **out)
{
	return call_decision_get(conn[u], id, out, E);
}

static int
certificates(enum user u, uint64_t id, Sk__V1__CertificateListResponse **out)
{
	return call_certificate_list(conn[u], id, out, E);
}

/* ---- attachments ----------------------------------------------------------- */

struct progress {
	uint64_t received, size;
	uint32_t chunk_size;
	bool complete;
};

static void
digest(const uint8_t *data, size_t len, uint8_t out[SHA256_LEN])
{
	struct sha256 *h = sha256_new();

	memset(out, 0, SHA256_LEN);
	if (h == NULL)
		return;
	sha256_add(h, data, len);
	sha256_end(h, out);
}

/* Pseudo-random bytes, different for each seed. */
static uint8_t *
make_bytes(size_t n, uint32_t seed)
{
	uint8_t *p = malloc(n);

	for (size_t i = 0; p != NULL && i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		p[i] = (uint8_t)(seed >> 16);
	}
	return p;
}

/* Where an upload stands, from the server's answer r (freed here). */
static void
upload_state(Sk__V1__AttachmentUploadResponse *r, struct progress *p)
{
	if (r != NULL && p != NULL) {
		p->received = r->received;
		p->size = r->size;
		p->chunk_size = r->chunk_size;
		p->complete = r->complete;
	}
	call_free(r);
}

static int
att_begin(enum user u, uint64_t id, const uint8_t *sha, size_t sha_len, uint64_t size,
    struct progress *p)
{
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	Sk__V1__AttachmentUploadResponse *r;
	int rc;

	a.sha256.data = (uint8_t *)sha;
	a.sha256.len = sha_len;
	a.name = "báo-cáo-áp-dụng.bin";
	a.media_type = "application/octet-stream";
	a.size = size;
	rc = call_attachment_begin(conn[u], id, &a, &r, E);
	upload_state(r, p);
	return rc;
}

static int
att_chunk(enum user u, uint64_t id, const uint8_t *sha, uint64_t offset,
    const uint8_t *data, size_t len, struct progress *p)
{
	Sk__V1__AttachmentUploadResponse *r;
	int rc;

	rc = call_attachment_chunk(conn[u], id, sha, offset, data, len, &r, E);
	upload_state(r, p);
	return rc;
}

static int
att_finish(enum user u, uint64_t id, const uint8_t *sha)
{
	return call_attachment_finish(conn[u], id, sha, NULL, E);
}

/* Upload n bytes whole as u, as sk attach does (xfer_upload). */
static int
upload(enum user u, uint64_t id, const uint8_t *data, size_t n)
{
	struct xfer_upload up = { .name = "báo-cáo-áp-dụng.bin",
		.media_type = "application/octet-stream" };
	int rc;

	if ((up.fp = fmemopen((void *)data, n, "rb")) == NULL)
		return -1;
	rc = xfer_upload(conn[u], id, &up, NULL, E);
	fclose(up.fp);
	return rc;
}

/* How many attachments u sees listed for id; -1 when refused. If sha is
 * given, *size gets the size listed for it (0: not listed). */
static long
att_list(enum user u, uint64_t id, const uint8_t *sha, uint64_t *size)
{
	Sk__V1__AttachmentListResponse *l;
	long n;

	if (size != NULL)
		*size = 0;
	if (call_attachment_list(conn[u], id, &l, E) != 0)
		return -1;
	n = (long)l->n_attachments;
	for (size_t i = 0; sha != NULL && i < l->n_attachments; i++) {
		Sk__V1__Attachment *a = l->attachments[i];

		if (a->sha256.len == 32 && memcmp(a->sha256.data, sha, 32) == 0 && size)
			*size = a->size;
	}
	call_free(l);
	return n;
}

static int
att_get(enum user u, uint64_t id, const uint8_t *sha, uint64_t offset,
    Sk__V1__AttachmentDataResponse **out)
{
	return call_attachment_get(conn[u], id, sha, offset, out, E);
}

static int
count_pieces(void *arg, uint64_t done, uint64_t size, unsigned chunks)
{
	(void)done;
	(void)size;
	*(unsigned *)arg = chunks;
	return 0;
}

/*
 * Download a whole file in pieces as u (xfer_fetch, which checks that
 * each piece is at its offset, of the file's size, not empty, and the
 * SHA-256 of the whole); 0 when it equals want.
 */
static int
download_equals(enum user u, uint64_t id, const uint8_t *sha, const uint8_t *want,
    size_t size)
{
	char *got = NULL;
	size_t len = 0;
	unsigned pieces = 0;
	FILE *fp = open_memstream(&got, &len);
	int rc;

	if (fp == NULL)
		return -1;
	rc = xfer_fetch(conn[u], id, sha, size, fp, count_pieces, &pieces, E);
	fclose(fp);
	if (rc == 0 && (len != size || memcmp(got, want, size) != 0))
		rc = -2;
	if (rc == 0 && pieces != (size + CHUNK - 1) / CHUNK)
		rc = -3; /* one answer per stored chunk */
	free(got);
	return rc;
}

/* ---- 1. the wrong role ------------------------------------------------------ */

static uint64_t role_id; /* walked through case 1 */

static void
test_role_submit(void)
{
	role_id = create_full("Sổ tay điện tử cho cán bộ tiếp dân",
	    "Tra cứu thủ tục trên điện thoại khi tiếp công dân");
	T_EQ_INT(state_of(role_id), ST(DRAFT));
	REFUSED(CLERK, role_id, ACT(SUBMIT), "", SK_PERMISSION_DENIED, "author");
	REFUSED(M1, role_id, ACT(SUBMIT), "", SK_PERMISSION_DENIED, "author");
	REFUSED(HEAD, role_id, ACT(SUBMIT), "", SK_PERMISSION_DENIED, "author");
	/* An author of the unit who is not one of its authors. */
	REFUSED(A2, role_id, ACT(SUBMIT), "", SK_PERMISSION_DENIED, "only the authors");
	REFUSED(A2, role_id, ACT(WITHDRAW), "", SK_PERMISSION_DENIED, "only the authors");
}

static void
test_role_accept(void)
{
	STEP(A1, role_id, ACT(SUBMIT), "");
	T_EQ_INT(state_of(role_id), ST(SUBMITTED));
	REFUSED(A1, role_id, ACT(ACCEPT), "", SK_PERMISSION_DENIED, "clerk");
	REFUSED(A1, role_id, ACT(RETURN), "Thiếu số liệu", SK_PERMISSION_DENIED, "clerk");
	REFUSED(A1, role_id, ACT(REFUSE), "Không phải sáng kiến", SK_PERMISSION_DENIED,
	    "clerk");
	REFUSED(M1, role_id, ACT(ACCEPT), "", SK_PERMISSION_DENIED, "clerk");
	REFUSED(HEAD, role_id, ACT(ACCEPT), "", SK_PERMISSION_DENIED, "clerk");
	REFUSED(A2, role_id, ACT(ACCEPT), "", SK_PERMISSION_DENIED, "clerk");
	STEP(CLERK, role_id, ACT(ACCEPT), "");
	T_EQ_INT(state_of(role_id), ST(ACCEPTED));
}

static void
test_role_no_council(void)
{
	struct snap before = snap(role_id);
	Sk__V1__Session *r;
	Sk__V1__Council *c;
	int code;

	EXPECT(session_open(HEAD, false, &role_id, 1, NULL), SK_FAILED_PRECONDITION,
	    "no council");
	EXPECT(session_open(CLERK, false, &role_id, 1, NULL), SK_FAILED_PRECONDITION,
	    "no council");
	EXPECT(session_open(A1, false, &role_id, 1, NULL), SK_PERMISSION_DENIED, "role");
	EXPECT(session_open(M1, false, &role_id, 1, NULL), SK_PERMISSION_DENIED, "role");
	UNCHANGED(role_id, before);
	r = session_get(CLERK, 1, &code);
	EXPECT(code, SK_NOT_FOUND, "session 1");
	call_free(r);
	c = council_get(HEAD);
	EXPECT(E->code, SK_FAILED_PRECONDITION, "no council");
	call_free(c);
}

static void
test_role_council_set(void)
{
	Sk__V1__Council *c;

	EXPECT(council_set(CLERK, the_council, 4), SK_PERMISSION_DENIED, "head");
	EXPECT(council_set(M1, the_council, 4), SK_PERMISSION_DENIED, "head");
	EXPECT(council_set(A1, the_council, 4), SK_PERMISSION_DENIED, "head");
	c = council_get(CLERK);
	EXPECT(E->code, SK_FAILED_PRECONDITION, "no council");
	call_free(c);
	EXPECT(council_set(HEAD, the_council, 4), 0, NULL);
	council_is_ours();
	if ((c = council_get(A1)) != NULL) {
		T_EQ_INT(c->threshold_num, 2); /* the defaults: 2/3 pass, 1/2 quorum */
		T_EQ_INT(c->threshold_den, 3);
		T_EQ_INT(c->quorum_num, 1);
		T_EQ_INT(c->quorum_den, 2);
		T_CHECK(c->n_members == 4 && c->members[0]->name[0] != '\0');
	}
	call_free(c);
}

static void
test_role_session(void)
{
	struct snap before;
	uint64_t sid = 0;
	int code;
	Sk__V1__Session *r;

	EXPECT(session_open(CLERK, false, &role_id, 1, &sid), 0, NULL);
	T_EQ_INT(state_of(role_id), ST(IN_REVIEW));
	before = snap(role_id);
	EXPECT(vote(A1, sid, role_id, SK__V1__VOTE__YES), SK_PERMISSION_DENIED,
	    "council");
	EXPECT(vote(CLERK, sid, role_id, SK__V1__VOTE__YES), SK_PERMISSION_DENIED,
	    "council");
	EXPECT(session_close(A1, sid), SK_PERMISSION_DENIED, "head");
	EXPECT(session_close(CLERK, sid), SK_PERMISSION_DENIED, "head");
	EXPECT(session_close(M1, sid), SK_PERMISSION_DENIED, "head");
	EXPECT(decision_issue(A1, today, &role_id, 1, NULL), SK_PERMISSION_DENIED,
	    "head");
	EXPECT(decision_issue(CLERK, today, &role_id, 1, NULL), SK_PERMISSION_DENIED,
	    "head");
	EXPECT(decision_issue(M1, today, &role_id, 1, NULL), SK_PERMISSION_DENIED,
	    "head");
	UNCHANGED(role_id, before);
	r = session_get(CLERK, sid, &code);
	T_EQ_INT(code, 0);
	if (r != NULL) {
		T_EQ_INT(r->closed, 0);
		T_EQ_INT(r->n_voters, 0);
		T_EQ_INT(r->n_ballots, 0);
	}
	call_free(r);
	EXPECT(decision_get(HEAD, 1, NULL), SK_NOT_FOUND, NULL);
	/* The head closes it without votes: no quorum, not recognised. */
	EXPECT(session_close(HEAD, sid), 0, NULL);
	T_EQ_INT(state_of(role_id), ST(NOT_RECOGNISED));
}

/* ---- 2. the wrong state ----------------------------------------------------- */

static uint64_t draft_id, accepted_id;

static void
test_state_draft(void)
{
	draft_id = create_full("Lịch trực ban điện tử của xã",
	    "Phân công trực ban qua tin nhắn, nhắc lịch tự động");
	REFUSED(CLERK, draft_id, ACT(ACCEPT), "", SK_FAILED_PRECONDITION, "draft");
	REFUSED(CLERK, draft_id, ACT(RETURN), "Thiếu", SK_FAILED_PRECONDITION, "draft");
	REFUSED(CLERK, draft_id, ACT(REFUSE), "Không", SK_FAILED_PRECONDITION, "draft");
	REFUSED(A1, draft_id, ACT(START), "", SK_FAILED_PRECONDITION, "draft");
	REFUSED(HEAD, draft_id, ACT(RECOGNISE), "", SK_FAILED_PRECONDITION, "draft");
	REFUSED(A1, draft_id, (Sk__V1__Action)99, "", SK_INVALID_ARGUMENT, "action");
	REFUSED(A1, draft_id, ACT(ACTION_UNSPECIFIED), "", SK_INVALID_ARGUMENT, "action");
	/* A transition against a version that is no longer current. */
	{
		struct snap before = snap(draft_id);

		EXPECT(transition_v(A1, draft_id, ACT(SUBMIT), NULL, before.version + 1),
		    SK_ABORTED, "changed meanwhile");
		UNCHANGED(draft_id, before);
	}
}

static void
test_state_registered(void)
{
	Sk__V1__Initiative *r;
	struct app a;
	uint64_t id = 0;

	app_full(&a, "Đăng ký đề tài: camera an ninh thôn", "Đề tài đăng ký đầu năm");
	EXPECT(call_initiative_create(conn[A1], &a.in, true, &r, E), 0, NULL);
	if (r != NULL) {
		id = r->id;
		T_EQ_INT(r->state, ST(REGISTERED));
	}
	call_free(r);
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, "registered");
	REFUSED(CLERK, id, ACT(ACCEPT), "", SK_FAILED_PRECONDITION, "registered");
	REFUSED(CLERK, id, ACT(START), "", SK_PERMISSION_DENIED, "author");
	REFUSED(A2, id, ACT(START), "", SK_PERMISSION_DENIED, "only the authors");
	STEP(A1, id, ACT(START), "");
	T_EQ_INT(state_of(id), ST(DRAFT));
	REFUSED(A1, id, ACT(START), "", SK_FAILED_PRECONDITION, "draft");
	STEP(A1, id, ACT(WITHDRAW), "");
	T_EQ_INT(state_of(id), ST(WITHDRAWN));
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, "withdrawn");
	REFUSED(A1, id, ACT(WITHDRAW), "", SK_FAILED_PRECONDITION, "withdrawn");
}

static void
test_state_accepted(void)
{
	struct app a;

	accepted_id = walk_to_accepted("Bản đồ số các điểm thu gom rác",
	    "Đánh dấu điểm thu gom và giờ thu trên bản đồ trực tuyến");
	REFUSED(CLERK, accepted_id, ACT(RETURN), "Thiếu", SK_FAILED_PRECONDITION,
	    "accepted");
	REFUSED(CLERK, accepted_id, ACT(REFUSE), "Không", SK_FAILED_PRECONDITION,
	    "accepted");
	REFUSED(CLERK, accepted_id, ACT(ACCEPT), "", SK_FAILED_PRECONDITION, "accepted");
	REFUSED(A1, accepted_id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, "accepted");
	REFUSED(A1, accepted_id, ACT(WITHDRAW), "", SK_FAILED_PRECONDITION, "accepted");
	REFUSED(A1, accepted_id, ACT(START), "", SK_FAILED_PRECONDITION, "accepted");
	/* Nor can its content change once accepted. */
	app_full(&a, "Đổi tên", "Đổi nội dung");
	{
		struct snap before = snap(accepted_id);

		EXPECT(update(A1, accepted_id, &a, 0), SK_FAILED_PRECONDITION,
		    "accepted");
		UNCHANGED(accepted_id, before);
	}
}

static void
test_state_session_with_draft(void)
{
	uint64_t ids[2] = { accepted_id, draft_id };
	struct snap acc = snap(accepted_id), dr = snap(draft_id);
	uint64_t next = last_session + 1;
	int code;
	Sk__V1__Session *r;

	/* Refused as a whole: the accepted one is not put in review either. */
	EXPECT(session_open(CLERK, false, ids, 2, NULL), SK_FAILED_PRECONDITION, "draft");
	UNCHANGED(accepted_id, acc);
	UNCHANGED(draft_id, dr);
	r = session_get(HEAD, next, &code);
	EXPECT(code, SK_NOT_FOUND, NULL);
	call_free(r);
}

static void
test_state_via_only(void)
{
	uint64_t sid = 0;
	struct snap before;

	REFUSED(CLERK, accepted_id, ACT(REVIEW), "", SK_FAILED_PRECONDITION,
	    "council session or decision");
	REFUSED(HEAD, accepted_id, ACT(REVIEW), "", SK_FAILED_PRECONDITION,
	    "council session or decision");
	EXPECT(session_open(CLERK, false, &accepted_id, 1, &sid), 0, NULL);
	REFUSED(HEAD, accepted_id, ACT(RECOGNISE), "", SK_FAILED_PRECONDITION,
	    "council session or decision");
	REFUSED(HEAD, accepted_id, ACT(REJECT), "", SK_FAILED_PRECONDITION,
	    "council session or decision");
	/* A vote on an initiative that is not on the agenda. */
	before = snap(draft_id);
	EXPECT(vote(M1, sid, draft_id, SK__V1__VOTE__YES), SK_INVALID_ARGUMENT, "agenda");
	UNCHANGED(draft_id, before);
	EXPECT(vote(HEAD, sid, accepted_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M1, sid, accepted_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M2, sid, accepted_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(session_close(HEAD, sid), 0, NULL);
	T_EQ_INT(state_of(accepted_id), ST(RECOGNISED));
	REFUSED(HEAD, accepted_id, ACT(DECIDE), "", SK_FAILED_PRECONDITION,
	    "council session or decision");
	REFUSED(HEAD, accepted_id, ACT(REJECT), "", SK_FAILED_PRECONDITION, "recognised");
}

/* ---- 3. another unit ---------------------------------------------------------- */

static uint64_t hm_id; /* Hát Môn's, with one attachment */
static uint8_t hm_sha[32];

static void
test_other_unit_ids(void)
{
	static const struct member sp_council[] = {
		{ "o2.sp", SK__V1__COUNCIL_ROLE__CHAIR },
	};
	uint8_t data[1000];
	struct snap before, acc;
	struct app a;
	uint64_t sp_id;
	Sk__V1__Initiative *in;
	Sk__V1__Session *r;

	/* Sen Phương has an initiative of its own: its id 1. */
	app_full(&a, "Vườn rau sạch trong trường học", "Học sinh trồng rau");
	app_no_authors(&a);
	app_author(&a, "Phạm Thị Dung", 10000, "o1.sp");
	a.au[0].workplace = "Trường Tiểu học Sen Phương";
	sp_id = CREATE(O1, &a);
	T_EQ_INT(sp_id, 1);

	/* Hát Môn's, with a file, submitted: a clerk could act on it now. */
	hm_id = create_full("Sổ theo dõi tiêm chủng cho trẻ",
	    "Nhắc lịch tiêm qua tin nhắn cho phụ huynh");
	T_CHECK(hm_id > sp_id);
	memset(data, 'x', sizeof(data));
	digest(data, sizeof(data), hm_sha);
	EXPECT(upload(A1, hm_id, data, sizeof(data)), 0, NULL);
	STEP(A1, hm_id, ACT(SUBMIT), "");

	before = snap(hm_id);
	EXPECT(get_rc(O2, hm_id), SK_NOT_FOUND, "not found in your unit");
	EXPECT(get_rc(O1, hm_id), SK_NOT_FOUND, "not found in your unit");
	EXPECT(transition(O2, hm_id, ACT(ACCEPT), ""), SK_NOT_FOUND, NULL);
	EXPECT(transition(O2, hm_id, ACT(RETURN), "Thiếu hồ sơ"), SK_NOT_FOUND, NULL);
	EXPECT(transition(O2, hm_id, ACT(REFUSE), "Không nhận"), SK_NOT_FOUND, NULL);
	EXPECT(transition(O1, hm_id, ACT(WITHDRAW), ""), SK_NOT_FOUND, NULL);
	app_full(&a, "Chiếm", "Chiếm");
	EXPECT(update(O1, hm_id, &a, 0), SK_NOT_FOUND, NULL);
	T_CHECK(history(O2, hm_id) == NULL);
	EXPECT(E->code, SK_NOT_FOUND, NULL);
	/* With a council of its own, Sen Phương still cannot review it. */
	EXPECT(council_set(O2, sp_council, 1), 0, NULL);
	EXPECT(session_open(O2, false, &hm_id, 1, NULL), SK_NOT_FOUND, "not found");
	EXPECT(council_set(O2, the_council, 4), SK_FAILED_PRECONDITION,
	    "not a user of your unit");
	/* Nor reach Hát Môn's sessions, decisions and certificates by id. */
	acc = snap(accepted_id);
	r = session_get(O2, last_session, NULL);
	EXPECT(E->code, SK_NOT_FOUND, "not found in your unit");
	call_free(r);
	EXPECT(vote(O2, last_session, accepted_id, SK__V1__VOTE__NO), SK_NOT_FOUND, NULL);
	EXPECT(session_close(O2, last_session), SK_NOT_FOUND, NULL);
	EXPECT(decision_issue(O2, today, &accepted_id, 1, NULL), SK_NOT_FOUND, NULL);
	EXPECT(certificates(O2, accepted_id, NULL), SK_NOT_FOUND, NULL);
	UNCHANGED(accepted_id, acc);
	UNCHANGED(hm_id, before);
	council_is_ours();
	/* Sen Phương's id 1 is its own; Hát Môn's 1 is untouched. */
	if ((in = get_as(O2, sp_id)) != NULL)
		T_EQ_STR(in->title, "Vườn rau sạch trong trường học");
	call_free(in);
	if ((in = get_as(CLERK, 1)) != NULL)
		T_EQ_STR(in->title, "Sổ tay điện tử cho cán bộ tiếp dân");
	call_free(in);
}

static void
test_other_unit_attachments(void)
{
	struct progress p = { 0 };
	Sk__V1__AttachmentDataResponse *r = NULL;
	uint64_t size;

	T_EQ_INT(att_list(CLERK, hm_id, hm_sha, &size), 1);
	T_EQ_INT(size, 1000);
	T_EQ_INT(att_list(O1, hm_id, NULL, NULL), -1);
	EXPECT(E->code, SK_NOT_FOUND, "not found in your unit");
	EXPECT(att_get(O1, hm_id, hm_sha, 0, &r), SK_NOT_FOUND, NULL);
	call_free(r);
	/* Not under Sen Phương's own id 1 either: files are the unit's. */
	EXPECT(att_get(O1, 1, hm_sha, 0, &r), SK_NOT_FOUND, NULL);
	call_free(r);
	EXPECT(att_begin(O1, hm_id, hm_sha, 32, 1000, &p), SK_NOT_FOUND, NULL);
	/* Beginning the same bytes in Sen Phương starts from nothing. */
	EXPECT(att_begin(O1, 1, hm_sha, 32, 1000, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(p.complete, 0);
	T_EQ_INT(att_list(CLERK, hm_id, NULL, NULL), 1);
}

/* ---- 4. submission ---------------------------------------------------------- */

/* Create a (made incomplete by the caller) as a1; submitting it is refused
 * naming `text`, and it stays a draft. */
static void
submit_refused_at(int line, struct app *a, const char *text)
{
	uint64_t id = create_at(line, A1, a);

	refused_at(line, A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, text);
	if (state_of(id) != ST(DRAFT)) {
		fprintf(stderr, "test_flow.c:%d: not a draft any more\n", line);
		t_failed_checks++;
	}
}

#define SUBMIT_REFUSED(a, text) submit_refused_at(__LINE__, (a), (text))

static void
test_submit_missing(void)
{
	struct app a;

	app_full(&a, "Thiếu mô tả", "Hồ sơ chưa đủ");
	a.in.description = "";
	SUBMIT_REFUSED(&a, "description");
	app_full(&a, "Thiếu lợi ích", "Hồ sơ chưa đủ");
	a.in.benefits = "  ";
	SUBMIT_REFUSED(&a, "benefits");
	app_full(&a, "Thiếu hình thức áp dụng", "Hồ sơ chưa đủ");
	a.in.application = SK__V1__APPLICATION__APPLICATION_UNSPECIFIED;
	SUBMIT_REFUSED(&a, "application");
	app_full(&a, "Thiếu nơi công tác", "Hồ sơ chưa đủ");
	app_no_authors(&a);
	app_author(&a, "Nguyễn Văn Một", 7000, logins[A1]);
	app_author(&a, "Lê Văn Tư", 3000, NULL);
	a.au[1].workplace = "";
	SUBMIT_REFUSED(&a, "authors[2].workplace");
	app_full(&a, "Thiếu ngày áp dụng", "Hồ sơ chưa đủ");
	a.in.first_applied = "";
	SUBMIT_REFUSED(&a, "first_applied");
}

static void
test_submit_dates(void)
{
	char old[16], tomorrow[16];
	struct snap before;
	struct app a;
	uint64_t id;

	iso_from_today(-400, old, sizeof(old));
	app_full(&a, "Áp dụng đã quá một năm", "Hồ sơ nộp muộn");
	a.in.first_applied = old;
	SUBMIT_REFUSED(&a, "more than 1 year ago");
	/* In the future: refused already when written. */
	iso_from_today(1, tomorrow, sizeof(tomorrow));
	app_full(&a, "Áp dụng ngày mai", "Chưa áp dụng");
	a.in.first_applied = tomorrow;
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "first_applied");
	T_CONTAINS(E->msg, "future");
	id = create_full("Áp dụng hôm qua", "Đã áp dụng");
	before = snap(id);
	app_full(&a, "Áp dụng hôm qua", "Đã áp dụng");
	a.in.first_applied = tomorrow;
	EXPECT(update(A1, id, &a, 0), SK_INVALID_ARGUMENT, "first_applied");
	UNCHANGED(id, before);
	/* The control: the same dossier with a good date goes through. */
	STEP(A1, id, ACT(SUBMIT), "");
}

static uint64_t returned_id;

static void
test_submit_reasons(void)
{
	returned_id = create_full("Hộp thư góp ý điện tử",
	    "Người dân gửi góp ý qua mã QR dán tại trụ sở");
	STEP(A1, returned_id, ACT(SUBMIT), "");
	REFUSED(CLERK, returned_id, ACT(RETURN), "", SK_INVALID_ARGUMENT, "reason");
	REFUSED(CLERK, returned_id, ACT(RETURN), " \t ", SK_INVALID_ARGUMENT, "reason");
	REFUSED(CLERK, returned_id, ACT(REFUSE), "", SK_INVALID_ARGUMENT, "reason");
	T_EQ_INT(state_of(returned_id), ST(SUBMITTED));
}

static void
test_submit_return_and_resubmit(void)
{
	Sk__V1__Initiative *in;
	Sk__V1__HistoryResponse *hr;
	struct snap s;
	struct app a;

	STEP(CLERK, returned_id, ACT(RETURN), "Bổ sung đánh giá của người áp dụng thử.");
	if ((in = get_as(A1, returned_id)) != NULL) {
		T_EQ_INT(in->state, ST(RETURNED));
		T_EQ_STR(in->returned_on, today);
	}
	call_free(in);
	if ((hr = history(A1, returned_id)) != NULL) {
		Sk__V1__HistoryEntry *e =
		    hr->n_entries ? hr->entries[hr->n_entries - 1] : NULL;

		T_CHECK(e != NULL);
		if (e != NULL) {
			T_EQ_INT(e->action, ACT(RETURN));
			T_EQ_STR(e->actor, "clerk.hm");
			T_EQ_STR(e->reason, "Bổ sung đánh giá của người áp dụng thử.");
			T_EQ_INT(e->from, ST(SUBMITTED));
			T_EQ_INT(e->to, ST(RETURNED));
		}
	} else
		T_CHECK(!"history");
	call_free(hr);

	/* The author edits: a stale version is refused, the current one taken. */
	s = snap(returned_id);
	app_full(&a, "Hộp thư góp ý điện tử",
	    "Người dân gửi góp ý qua mã QR dán tại trụ sở");
	a.in.trial_benefits = "Bộ phận một cửa: nhận 40 góp ý mỗi tháng.";
	EXPECT(update(A1, returned_id, &a, s.version - 1), SK_ABORTED,
	    "changed meanwhile");
	UNCHANGED(returned_id, s);
	EXPECT(update(A1, returned_id, &a, s.version), 0, NULL);
	T_EQ_INT(snap(returned_id).version, s.version + 1);
	STEP(A1, returned_id, ACT(SUBMIT), "");
	T_EQ_INT(state_of(returned_id), ST(SUBMITTED));
}

static void
test_submit_receipt(void)
{
	Sk__V1__Initiative *r;
	char due[16];
	uint64_t id;

	STEP(CLERK, returned_id, ACT(ACCEPT), "");
	iso_add_months(today, 3, due, sizeof(due));
	if ((r = get_as(A1, returned_id)) != NULL) {
		const Sk__V1__Receipt *rc = r->receipt;

		T_CHECK(rc != NULL);
		if (rc != NULL) {
			T_CHECK(rc->number[0] != '\0');
			T_CONTAINS(rc->number, "/TN");
			T_EQ_STR(rc->accepted_on, today);
			T_EQ_STR(rc->due_on, due);
			T_EQ_STR(rc->accepted_by, "clerk.hm");
		}
	}
	call_free(r);
	/* Refused in writing: final; the author can neither resubmit nor withdraw. */
	id = create_full("Sân chơi từ lốp xe cũ", "Tận dụng lốp xe làm đồ chơi");
	STEP(A1, id, ACT(SUBMIT), "");
	STEP(CLERK, id, ACT(REFUSE), "Không thuộc phạm vi sáng kiến cơ sở.");
	T_EQ_INT(state_of(id), ST(REFUSED));
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, "refused");
	REFUSED(A1, id, ACT(WITHDRAW), "", SK_FAILED_PRECONDITION, "refused");
}

/* ---- 5. the confidential part --------------------------------------------------- */

static const char secret_text[] = "Mật khẩu máy chủ: chỉ hội đồng được biết.";

static void
check_sees(int line, enum user u, uint64_t id, bool sees)
{
	Sk__V1__Initiative *in = get_as(u, id);

	if (in == NULL || strcmp(in->confidential, sees ? secret_text : "") != 0 ||
	    in->confidential_hidden != !sees) {
		fprintf(stderr,
		    "test_flow.c:%d: %s reading %" PRIu64 ": confidential \"%s\", "
		    "hidden %d (%s)\n",
		    line, logins[u], id, in ? in->confidential : "?",
		    in ? (int)in->confidential_hidden : -1, E->msg);
		t_failed_checks++;
	}
	call_free(in);
}

#define SEES(u, id) check_sees(__LINE__, (u), (id), true)
#define DOES_NOT_SEE(u, id) check_sees(__LINE__, (u), (id), false)

static void
test_confidential_insiders(void)
{
	struct app a;
	uint64_t id;

	app_full(&a, "Phần mềm quản lý hồ sơ đất đai", "Số hóa sổ mục kê");
	app_no_authors(&a);
	app_author(&a, "Nguyễn Văn Một", 6000, logins[A1]);
	app_author(&a, "Trần Thị Hai", 4000, logins[A2]);
	a.in.confidential = (char *)secret_text;
	id = CREATE(A1, &a);
	SEES(A1, id);
	DOES_NOT_SEE(A2, id); /* named by login, not yet a co-author */
	STEP(A2, id, ACT(CONFIRM), "");
	SEES(A2, id); /* a confirmed co-author, not its creator */
	SEES(CLERK, id);
	SEES(M1, id);
	SEES(HEAD, id);
}

static void
test_confidential_hidden(void)
{
	Sk__V1__InitiativeListRequest l = SK__V1__INITIATIVE_LIST_REQUEST__INIT;
	Sk__V1__InitiativeListResponse *r;
	Sk__V1__Initiative *got;
	struct app a;
	uint64_t id;
	int listed = 0;

	app_full(&a, "Tủ thuốc cộng đồng", "Thuốc thiết yếu cho thôn xa");
	app_no_authors(&a);
	app_author(&a, "Trần Thị Hai", 10000, logins[A2]);
	a.in.confidential = (char *)secret_text;
	id = CREATE(A2, &a);
	SEES(A2, id);
	SEES(M3, id);
	DOES_NOT_SEE(A1, id);
	/* Nor in a list. */
	l.page_size = 500;
	l.query = "tu thuoc cong dong";
	if (call_initiative_list(conn[A1], &l, &r, E) == 0) {
		for (size_t i = 0; i < r->n_initiatives; i++) {
			Sk__V1__Initiative *in = r->initiatives[i];

			if (in->id != id)
				continue;
			listed++;
			T_EQ_STR(in->confidential, "");
			T_EQ_INT(in->confidential_hidden, 1);
		}
	}
	T_EQ_INT(listed, 1);
	call_free(r);
	/* Nothing confidential, nothing hidden. */
	app_full(&a, "Bảng tin thôn điện tử", "Loa và bảng tin qua Zalo");
	app_no_authors(&a);
	app_author(&a, "Trần Thị Hai", 10000, logins[A2]);
	id = CREATE(A2, &a);
	if ((got = get_as(A1, id)) != NULL)
		T_EQ_INT(got->confidential_hidden, 0);
	call_free(got);
}

/* ---- 5. co-authors named by login ---------------------------------------------- */

static bool
author_confirmed(uint64_t id, size_t k)
{
	Sk__V1__Initiative *in = get_as(CLERK, id);
	bool yes = false;

	if (in != NULL && k < in->n_authors)
		yes = in->authors[k]->confirmed;
	call_free(in);
	return yes;
}

/* a1 names a2 (an author) and m3 (a council member) as co-authors. */
static void
coauthor_app(struct app *a, const char *login3)
{
	app_full(a, "Sổ tay điện tử cho cán bộ thôn", "Tra cứu thủ tục trên điện thoại");
	app_no_authors(a);
	app_author(a, "Nguyễn Văn Một", 5000, logins[A1]);
	app_author(a, "Trần Thị Hai", 3000, logins[A2]);
	app_author(a, "Phạm Văn Ba", 2000, login3);
}

static void
test_coauthor_logins(void)
{
	struct app a;

	/* Another unit's user, an unknown, a disabled one and one who is not
	 * staff (flow.sh enrols them). */
	coauthor_app(&a, logins[O1]);
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "o1.sp is not an enabled user");
	coauthor_app(&a, "nobody.hm");
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "nobody.hm is not");
	coauthor_app(&a, "gone.hm");
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "gone.hm is not");
	coauthor_app(&a, "aud.hm"); /* an auditor: cannot read it to confirm */
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "aud.hm is not");
	coauthor_app(&a, "Phạm Văn Ba");
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "authors[3].login");
	coauthor_app(&a, logins[A1]);
	EXPECT(create_rc(A1, &a), SK_INVALID_ARGUMENT, "a1.hm is already authors[1]");
}

static void
test_coauthor_confirm(void)
{
	Sk__V1__HistoryResponse *h;
	struct snap before;
	struct app a;
	uint64_t id;

	/* Until they confirm, a2 and m3 are no authors: a1 could otherwise
	 * name council members to take their votes away. */
	coauthor_app(&a, logins[M3]);
	a.in.confidential = (char *)secret_text;
	id = CREATE(A1, &a);
	T_CHECK(author_confirmed(id, 0));
	T_CHECK(!author_confirmed(id, 1));
	T_CHECK(!author_confirmed(id, 2));
	DOES_NOT_SEE(A2, id); /* named, not yet an author: not the confidential part */
	before = snap(id);
	EXPECT(update(A2, id, &a, 0), SK_PERMISSION_DENIED, "only the authors");
	UNCHANGED(id, before);
	REFUSED(A2, id, ACT(WITHDRAW), "", SK_PERMISSION_DENIED, "only the authors");
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION,
	    "a2.hm (Trần Thị Hai) has not confirmed");
	/* Only the one named confirms, once, in this unit. */
	REFUSED(CLERK, id, ACT(CONFIRM), "", SK_PERMISSION_DENIED, "not named by login");
	REFUSED(M1, id, ACT(CONFIRM), "", SK_PERMISSION_DENIED, "not named by login");
	REFUSED(O1, id, ACT(CONFIRM), "", SK_NOT_FOUND, "not found in your unit");
	/* A confirmation names the version it read, and only that one. */
	before = snap(id);
	EXPECT(transition_v(A2, id, ACT(CONFIRM), "", 0), SK_INVALID_ARGUMENT,
	    "expected_version");
	EXPECT(transition_v(A2, id, ACT(CONFIRM), "", before.version + 1), SK_ABORTED,
	    "changed meanwhile");
	UNCHANGED(id, before);
	STEP(A2, id, ACT(CONFIRM), "");
	T_EQ_INT(state_of(id), ST(DRAFT));
	T_EQ_INT(snap(id).version, before.version + 1);
	T_CHECK(author_confirmed(id, 1));
	REFUSED(A2, id, ACT(CONFIRM), "", SK_FAILED_PRECONDITION, "already confirmed");
	T_CHECK((h = history(A1, id)) != NULL);
	if (h != NULL && h->n_entries > 0) {
		const Sk__V1__HistoryEntry *e = h->entries[h->n_entries - 1];

		T_EQ_INT(e->action, ACT(CONFIRM));
		T_EQ_STR(e->actor, logins[A2]);
	}
	call_free(h);
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION,
	    "m3.hm (Phạm Văn Ba) has not confirmed");
	STEP(M3, id, ACT(CONFIRM), "");
	/* An edit that leaves an entry as it was keeps its confirmation... */
	a.in.description = "Cách làm mới, sửa lại câu chữ.";
	EXPECT(update(A1, id, &a, 0), 0, NULL);
	T_CHECK(author_confirmed(id, 1));
	T_CHECK(author_confirmed(id, 2));
	/* ...one that changes m3's share needs m3 to confirm again. */
	a.au[0].share = 4000;
	a.au[2].share = 3000;
	EXPECT(update(A1, id, &a, 0), 0, NULL);
	T_CHECK(author_confirmed(id, 1));
	T_CHECK(!author_confirmed(id, 2));
	REFUSED(A1, id, ACT(SUBMIT), "", SK_FAILED_PRECONDITION, "m3.hm");
	STEP(M3, id, ACT(CONFIRM), "");
	/* Confirmed, a2 is an author like a1: edits, and may submit. */
	EXPECT(update(A2, id, &a, 0), 0, NULL);
	T_CHECK(author_confirmed(id, 0)); /* unchanged, so still a1's */
	STEP(A2, id, ACT(SUBMIT), "");
	REFUSED(M3, id, ACT(CONFIRM), "", SK_FAILED_PRECONDITION,
	    "it is in state \"submitted\"");
}

/* ---- 6. near-duplicates ------------------------------------------------------------ */

static void
test_duplicate(void)
{
	Sk__V1__Initiative *r;
	char want[64];
	struct app a;
	uint64_t orig, dup, other;

	orig = walk_to_accepted("Đường bê tông liên thôn tự quản",
	    "Nhân dân góp công làm đường, xã hỗ trợ xi măng và cát");
	walk_to_recognised(orig);
	/* The same, in capitals without diacritics, from another author. */
	app_full(&a, "DUONG BE TONG LIEN THON TU QUAN",
	    "nhan dan gop cong lam duong, xa ho tro xi mang va cat");
	app_no_authors(&a);
	app_author(&a, "Trần Thị Hai", 10000, logins[A2]);
	dup = CREATE(A2, &a);
	STEP(A2, dup, ACT(SUBMIT), "");
	snprintf(want, sizeof(want), "recognised initiative %" PRIu64 " \"", orig);
	if ((r = get_as(CLERK, dup)) != NULL) {
		T_EQ_INT(r->state, ST(SUBMITTED));
		T_CONTAINS(r->duplicate_warning, want);
	}
	call_free(r);
	/* The control: an unrelated dossier gets no warning. */
	other = create_full("Máy sấy nông sản bằng năng lượng mặt trời",
	    "Sấy thóc và ngô không cần than củi");
	STEP(A1, other, ACT(SUBMIT), "");
	if ((r = get_as(CLERK, other)) != NULL)
		T_EQ_STR(r->duplicate_warning, "");
	call_free(r);
}

/* ---- 7. councils and sessions ----------------------------------------------------- */

static void
test_council_members(void)
{
	static const struct member not_council[] = {
		{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
		{ "a1.hm", SK__V1__COUNCIL_ROLE__MEMBER },
	};
	static const struct member two_chairs[] = {
		{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
		{ "m1.hm", SK__V1__COUNCIL_ROLE__CHAIR },
	};
	static const struct member no_chair[] = {
		{ "m1.hm", SK__V1__COUNCIL_ROLE__MEMBER },
	};
	static const struct member other_unit[] = {
		{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
		{ "o2.sp", SK__V1__COUNCIL_ROLE__MEMBER },
	};
	static const struct member unknown[] = {
		{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
		{ "nobody.hm", SK__V1__COUNCIL_ROLE__MEMBER },
	};
	static const struct member twice[] = {
		{ "head.hm", SK__V1__COUNCIL_ROLE__CHAIR },
		{ "m1.hm", SK__V1__COUNCIL_ROLE__MEMBER },
		{ "m1.hm", SK__V1__COUNCIL_ROLE__EXPERT },
	};

	if (KNOWN_BUG) {
		/* BUG: rpc_council.c:154-158 apply_council_set() frees the user
		 * record (store_rec_free(u), line 155) and then reads u->enabled
		 * for the message (line 157): a use after free whenever a member
		 * lacks the council role or is disabled. Input: head.hm sets the
		 * council {head.hm: chair, a1.hm: member}, a1.hm holding only the
		 * author role. Expected FAILED_PRECONDITION "members: a1.hm does
		 * not hold the council role"; got that in a plain build, but the
		 * sanitizer build of skd aborts (heap-use-after-free) and every
		 * connection drops. */
		EXPECT(council_set(HEAD, not_council, 2), SK_FAILED_PRECONDITION,
		    "council role");
	}
	EXPECT(council_set(HEAD, two_chairs, 2), SK_INVALID_ARGUMENT, "one chair");
	EXPECT(council_set(HEAD, no_chair, 1), SK_INVALID_ARGUMENT, "one chair");
	EXPECT(council_set(HEAD, other_unit, 2), SK_FAILED_PRECONDITION,
	    "not a user of your unit");
	EXPECT(council_set(HEAD, unknown, 2), SK_FAILED_PRECONDITION, "nobody.hm");
	EXPECT(council_set(HEAD, twice, 3), SK_INVALID_ARGUMENT, "twice");
	EXPECT(council_set(CLERK, the_council, 4), SK_PERMISSION_DENIED, "head");
	council_is_ours();
}

static uint64_t fail_id, noquorum_id, open_sid;

/* An outcome of session sid for initiative id. */
static const Sk__V1__Outcome *
outcome_of(const Sk__V1__Session *s, uint64_t id)
{
	for (size_t i = 0; s != NULL && i < s->n_initiative_ids && i < s->n_outcomes; i++)
		if (s->initiative_ids[i] == id)
			return s->outcomes[i];
	return NULL;
}

static void
test_session_author_cannot_vote(void)
{
	const Sk__V1__Outcome *o;
	Sk__V1__Session *r;
	struct snap before;
	uint64_t ids[2];
	struct app a;
	int code;

	app_full(&a, "Mô hình nuôi cá lồng trên sông Hồng",
	    "Nuôi cá trắm trong lồng tre");
	app_no_authors(&a);
	app_author(&a, "Nguyễn Văn Một", 6000, logins[A1]);
	app_author(&a, "Phạm Văn Ba", 4000, logins[M3]);
	fail_id = CREATE(A1, &a);
	STEP(M3, fail_id, ACT(CONFIRM), "");
	STEP(A1, fail_id, ACT(SUBMIT), "");
	STEP(CLERK, fail_id, ACT(ACCEPT), "");
	noquorum_id = walk_to_accepted("Chợ phiên nông sản cuối tuần",
	    "Nông dân bán trực tiếp tại nhà văn hóa");
	ids[0] = fail_id;
	ids[1] = noquorum_id;
	EXPECT(session_open(CLERK, false, ids, 2, &open_sid), 0, NULL);
	before = snap(fail_id);
	EXPECT(vote(M3, open_sid, fail_id, SK__V1__VOTE__YES), SK_PERMISSION_DENIED,
	    "author");
	UNCHANGED(fail_id, before);
	r = session_get(CLERK, open_sid, &code);
	T_EQ_INT(code, 0);
	if ((o = outcome_of(r, fail_id)) != NULL) {
		T_EQ_INT(o->members, 4);
		T_EQ_INT(o->eligible, 3); /* m3 is one of its authors */
	} else
		T_CHECK(!"outcome of fail_id");
	if ((o = outcome_of(r, noquorum_id)) != NULL)
		T_EQ_INT(o->eligible, 4);
	else
		T_CHECK(!"outcome of noquorum_id");
	if (r != NULL)
		T_EQ_INT(r->n_voters, 0);
	call_free(r);
}

static void
test_session_double_vote(void)
{
	Sk__V1__Session *s;
	int code;

	EXPECT(vote(HEAD, open_sid, fail_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M1, open_sid, fail_id, SK__V1__VOTE__NO), 0, NULL);
	EXPECT(vote(M1, open_sid, fail_id, SK__V1__VOTE__YES), SK_ALREADY_EXISTS,
	    "already voted");
	EXPECT(vote(M1, open_sid, fail_id, SK__V1__VOTE__NO), SK_ALREADY_EXISTS,
	    "already voted");
	EXPECT(vote(M2, open_sid, fail_id, SK__V1__VOTE__NO), 0, NULL);
	s = session_get(HEAD, open_sid, &code);
	if (s != NULL) {
		const Sk__V1__Outcome *o = outcome_of(s, fail_id);

		T_EQ_INT(s->n_voters, 3);
		T_EQ_INT(s->n_ballots, 3); /* an open ballot: who voted what */
		if (s->n_ballots == 3) {
			T_EQ_STR(s->ballots[0]->login, "head.hm");
			T_EQ_INT(s->ballots[0]->vote, SK__V1__VOTE__YES);
			T_EQ_STR(s->ballots[1]->login, "m1.hm");
			T_EQ_INT(s->ballots[1]->vote, SK__V1__VOTE__NO);
		}
		T_CHECK(o != NULL && o->yes == 1 && o->no == 2 && o->abstain == 0);
	} else
		T_CHECK(!"session_get");
	call_free(s);
}

static void
test_session_close(void)
{
	const Sk__V1__Outcome *o;
	Sk__V1__Initiative *r;
	Sk__V1__Session *s;
	struct snap f, q;
	int code;

	EXPECT(session_close(HEAD, open_sid), 0, NULL);
	/* 1 yes of 3 eligible: quorum, but short of 2/3. */
	T_EQ_INT(state_of(fail_id), ST(NOT_RECOGNISED));
	if ((r = get_as(A1, fail_id)) != NULL && (o = r->outcome)) {
		T_EQ_INT(o->session_id, open_sid);
		T_EQ_INT(o->eligible, 3);
		T_EQ_INT(o->yes, 1);
		T_EQ_INT(o->no, 2);
		T_EQ_INT(o->quorum, 1);
		T_EQ_INT(o->passed, 0);
	} else
		T_CHECK(!"outcome of the failing vote");
	call_free(r);
	/* No votes at all: no quorum. */
	T_EQ_INT(state_of(noquorum_id), ST(NOT_RECOGNISED));
	if ((r = get_as(A1, noquorum_id)) != NULL && (o = r->outcome)) {
		T_EQ_INT(o->yes + o->no + o->abstain, 0);
		T_EQ_INT(o->quorum, 0);
		T_EQ_INT(o->passed, 0);
	} else
		T_CHECK(!"outcome without votes");
	call_free(r);

	f = snap(fail_id);
	q = snap(noquorum_id);
	EXPECT(vote(M2, open_sid, noquorum_id, SK__V1__VOTE__YES), SK_FAILED_PRECONDITION,
	    "closed");
	EXPECT(vote(M3, open_sid, noquorum_id, SK__V1__VOTE__YES), SK_FAILED_PRECONDITION,
	    "closed");
	EXPECT(session_close(HEAD, open_sid), SK_FAILED_PRECONDITION, "already closed");
	UNCHANGED(fail_id, f);
	UNCHANGED(noquorum_id, q);
	s = session_get(CLERK, open_sid, &code);
	if (s != NULL) {
		T_EQ_INT(s->closed, 1);
		T_EQ_INT(s->n_voters, 3);
	}
	call_free(s);
}

static uint64_t secret_id; /* three authors, recognised in a secret ballot */

static bool
has_voter(const Sk__V1__Session *s, const char *login, uint64_t id)
{
	char key[96];

	snprintf(key, sizeof(key), "%s:%" PRIu64, login, id);
	for (size_t i = 0; i < s->n_voters; i++)
		if (strcmp(s->voters[i], key) == 0)
			return true;
	return false;
}

static void
test_session_secret(void)
{
	const Sk__V1__Outcome *o;
	Sk__V1__Session *r;
	uint64_t sid = 0;
	struct app a;
	int code;

	app_full(&a, "Hệ thống tưới nhỏ giọt cho vườn bưởi",
	    "Tiết kiệm nước tưới mùa khô");
	app_no_authors(&a);
	app_author(&a, "Nguyễn Văn Một", 5000, logins[A1]);
	app_author(&a, "Trần Thị Hai", 3000, logins[A2]);
	app_author(&a, "Lê Thị Cúc", 2000, NULL);
	secret_id = CREATE(A1, &a);
	STEP(A2, secret_id, ACT(CONFIRM), "");
	STEP(A1, secret_id, ACT(SUBMIT), "");
	STEP(CLERK, secret_id, ACT(ACCEPT), "");
	EXPECT(session_open(HEAD, true, &secret_id, 1, &sid), 0, NULL);
	EXPECT(vote(HEAD, sid, secret_id, SK__V1__VOTE__YES), 0, NULL);
	/* After one vote, anyone of the unit reads the session. */
	r = session_get(A1, sid, &code);
	T_EQ_INT(code, 0);
	if (r != NULL) {
		const Sk__V1__Session *s = r;

		T_EQ_INT(s->n_ballots, 0);
		T_EQ_INT(s->n_voters, 1);
		T_CHECK(has_voter(s, "head.hm", secret_id));
		o = outcome_of(r, secret_id);
		T_CHECK(o != NULL);
		if (KNOWN_BUG && o != NULL) {
			/* BUG: rpc_council.c:232 reply_session() (SessionGet, and the
			 * Vote reply through op_reply_session) returns the running
			 * tallies of a secret session while it is open, next to the
			 * voters list in voting order. Any unit staff, authors of the
			 * initiative included, who read the session after each vote
			 * learns who voted what: here one read after head.hm's vote
			 * shows voters = ["head.hm:N"] and yes = 1. Expected, by
			 * "never who voted what" in sk.proto: no tallies (yes, no,
			 * abstain, scores) of a secret session before it is closed. */
			T_EQ_INT(o->yes + o->no + o->abstain, 0);
			T_EQ_INT(o->scores, 0);
		}
	}
	call_free(r);
	EXPECT(vote(M1, sid, secret_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M2, sid, secret_id, SK__V1__VOTE__ABSTAIN), 0, NULL);
	EXPECT(vote(M3, sid, secret_id, SK__V1__VOTE__YES), 0, NULL);
	EXPECT(vote(M3, sid, secret_id, SK__V1__VOTE__NO), SK_ALREADY_EXISTS, NULL);
	r = session_get(A1, sid, &code);
	T_EQ_INT(code, 0);
	if (r != NULL) {
		const Sk__V1__Session *s = r;

		T_EQ_INT(s->secret, 1);
		T_EQ_INT(s->n_ballots, 0);
		T_EQ_INT(s->n_voters, 4);
		T_CHECK(has_voter(s, "head.hm", secret_id));
		T_CHECK(has_voter(s, "m1.hm", secret_id));
		T_CHECK(has_voter(s, "m2.hm", secret_id));
		T_CHECK(has_voter(s, "m3.hm", secret_id));
		/* Still open: no running tally of a secret ballot is shown. */
		if ((o = outcome_of(r, secret_id)) != NULL)
			T_EQ_INT(o->yes + o->no + o->abstain + o->scores, 0);
		else
			T_CHECK(!"outcome");
	}
	call_free(r);
	EXPECT(session_close(HEAD, sid), 0, NULL);
	T_EQ_INT(state_of(secret_id), ST(RECOGNISED));
	r = session_get(CLERK, sid, &code);
	if (r != NULL) {
		T_EQ_INT(r->n_ballots, 0);
		if ((o = outcome_of(r, secret_id)) != NULL) {
			T_EQ_INT(o->yes, 3);
			T_EQ_INT(o->no, 0);
			T_EQ_INT(o->abstain, 1);
			T_EQ_INT(o->scores, 4);
			T_EQ_INT(o->novelty, 28);
			T_EQ_INT(o->feasibility, 32);
			T_EQ_INT(o->benefit, 36);
			T_EQ_INT(o->eligible, 4);
			T_EQ_INT(o->quorum, 1);
			T_EQ_INT(o->passed, 1); /* 3 of 4 >= 2/3 */
		}
	}
	call_free(r);
}

/* ---- 8. decisions and certificates -------------------------------------------------- */

static void
test_decision_refused(void)
{
	uint64_t both[2] = { secret_id, fail_id };
	struct snap f = snap(fail_id), s = snap(secret_id);
	char tomorrow[16];
	Sk__V1__DecisionResponse *r = NULL;
	Sk__V1__CertificateListResponse *l = NULL;

	EXPECT(decision_issue(HEAD, today, &fail_id, 1, NULL), SK_FAILED_PRECONDITION,
	    "not recognised");
	EXPECT(decision_get(HEAD, 1, &r), SK_NOT_FOUND, NULL);
	call_free(r);
	/* One unrecognised initiative refuses the whole decision. */
	EXPECT(decision_issue(HEAD, today, both, 2, NULL), SK_FAILED_PRECONDITION, NULL);
	EXPECT(decision_get(HEAD, 1, &r), SK_NOT_FOUND, NULL);
	call_free(r);
	EXPECT(decision_issue(A1, today, &secret_id, 1, NULL), SK_PERMISSION_DENIED,
	    "head");
	EXPECT(decision_issue(CLERK, today, &secret_id, 1, NULL), SK_PERMISSION_DENIED,
	    "head");
	iso_from_today(1, tomorrow, sizeof(tomorrow));
	EXPECT(decision_issue(HEAD, tomorrow, &secret_id, 1, NULL), SK_INVALID_ARGUMENT,
	    "signed_on");
	UNCHANGED(fail_id, f);
	UNCHANGED(secret_id, s);
	EXPECT(certificates(A1, secret_id, &l), SK_FAILED_PRECONDITION,
	    "with no decision yet");
	call_free(l);
}

static uint64_t decision_id;

/* The three certificates of secret_id, each naming the other two. */
static void
check_certificates(Sk__V1__Certificate **v, size_t n)
{
	static const struct {
		const char *name;
		uint32_t share;
	} authors[3] = {
		{ "Nguyễn Văn Một", 5000 },
		{ "Trần Thị Hai", 3000 },
		{ "Lê Thị Cúc", 2000 },
	};
	int seen[3] = { 0 }, ids = 0;

	T_EQ_INT(n, 3);
	for (size_t i = 0; i < n; i++) {
		const Sk__V1__Certificate *c = v[i];
		int k;

		for (k = 0; k < 3 && strcmp(c->author, authors[k].name) != 0; k++)
			;
		T_CHECK(k < 3);
		if (k == 3)
			continue;
		seen[k]++;
		ids |= c->id >= 1 && c->id <= 3 ? 1 << c->id : 1;
		T_EQ_INT(c->share, authors[k].share);
		T_EQ_INT(c->initiative_id, secret_id);
		T_EQ_INT(c->decision_id, decision_id);
		T_EQ_STR(c->decision_number, "15/QĐ-UBND");
		T_EQ_STR(c->signed_on, today);
		T_EQ_STR(c->title, "Hệ thống tưới nhỏ giọt cho vườn bưởi");
		T_EQ_STR(c->unit_name, "Xã Hát Môn");
		T_CHECK(c->number[0] != '\0');
		T_EQ_INT(c->n_coauthors, 2);
		for (size_t j = 0; j < c->n_coauthors; j++) {
			T_CHECK(strcmp(c->coauthors[j], c->author) != 0);
			T_CHECK(strcmp(c->coauthors[j], authors[0].name) == 0 ||
			    strcmp(c->coauthors[j], authors[1].name) == 0 ||
			    strcmp(c->coauthors[j], authors[2].name) == 0);
		}
	}
	T_CHECK(seen[0] == 1 && seen[1] == 1 && seen[2] == 1);
	/* The first certificates of the unit: refused decisions numbered none. */
	T_EQ_INT(ids, (1 << 1) | (1 << 2) | (1 << 3));
}

static void
test_decision_certificates(void)
{
	Sk__V1__DecisionResponse *r = NULL;
	Sk__V1__CertificateListResponse *l = NULL;

	EXPECT(decision_issue(HEAD, today, &secret_id, 1, &r), 0, NULL);
	if (r != NULL) {
		const Sk__V1__Decision *d = r->decision;

		decision_id = d->id;
		T_EQ_INT(decision_id, 1);
		T_EQ_STR(d->signer, "head.hm");
		T_EQ_STR(d->unit_name, "Xã Hát Môn");
		T_EQ_INT(d->n_initiative_ids, 1);
		check_certificates(r->certificates, r->n_certificates);
	}
	call_free(r);
	T_EQ_INT(state_of(secret_id), ST(RECOGNISED));
	T_EQ_INT(snap(secret_id).decision, decision_id);
	EXPECT(decision_get(A2, decision_id, &r), 0, NULL);
	if (r != NULL)
		check_certificates(r->certificates, r->n_certificates);
	call_free(r);
	EXPECT(certificates(A1, secret_id, &l), 0, NULL);
	if (l != NULL)
		check_certificates(l->certificates, l->n_certificates);
	call_free(l);
}

static void
test_decision_twice(void)
{
	struct snap s = snap(secret_id);
	Sk__V1__DecisionResponse *r = NULL;
	Sk__V1__CertificateListResponse *l = NULL;

	EXPECT(decision_issue(HEAD, today, &secret_id, 1, NULL), SK_FAILED_PRECONDITION,
	    "already in decision");
	UNCHANGED(secret_id, s);
	EXPECT(decision_get(HEAD, decision_id + 1, &r), SK_NOT_FOUND, NULL);
	call_free(r);
	/* Still three certificates, not six. */
	EXPECT(certificates(CLERK, secret_id, &l), 0, NULL);
	if (l != NULL)
		T_EQ_INT(l->n_certificates, 3);
	call_free(l);
}

static void
test_certificates_not_recognised(void)
{
	Sk__V1__CertificateListResponse *r = NULL;

	EXPECT(certificates(A1, fail_id, &r), SK_FAILED_PRECONDITION, "not recognised");
	call_free(r);
	EXPECT(certificates(A1, returned_id, &r), SK_FAILED_PRECONDITION, "accepted");
	call_free(r);
	EXPECT(certificates(A1, draft_id, &r), SK_FAILED_PRECONDITION, "draft");
	call_free(r);
	/* Recognised (case 2) but in no decision yet. */
	EXPECT(certificates(A1, accepted_id, &r), SK_FAILED_PRECONDITION,
	    "with no decision yet");
	call_free(r);
}

/* ---- 9. attachments ---------------------------------------------------------------- */

static uint64_t att_id;

static void
test_attach_order(void)
{
	const size_t n = 300000; /* two chunks */
	uint8_t *data = make_bytes(n, 1), sha[32];
	struct progress p = { 0 };

	att_id = create_full("Sổ tay hướng dẫn phân loại rác", "Tờ rơi và video ngắn");
	if (data == NULL)
		return;
	digest(data, n, sha);
	EXPECT(att_begin(A1, att_id, sha, 32, n, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(p.size, n);
	T_EQ_INT(p.chunk_size, CHUNK);
	T_EQ_INT(p.complete, 0);
	EXPECT(att_chunk(A1, att_id, sha, CHUNK, data + CHUNK, n - CHUNK, &p),
	    SK_FAILED_PRECONDITION, "out of order");
	EXPECT(att_chunk(A1, att_id, sha, 0, data, 1000, &p), SK_INVALID_ARGUMENT,
	    "data");
	EXPECT(att_chunk(A1, att_id, sha, 0, data, n, &p), SK_INVALID_ARGUMENT, "data");
	EXPECT(att_finish(A1, att_id, sha), SK_FAILED_PRECONDITION, "incomplete");
	/* Nothing of that was kept. */
	EXPECT(att_begin(A1, att_id, sha, 32, n, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	EXPECT(att_chunk(A1, att_id, sha, 0, data, CHUNK, &p), 0, NULL);
	T_EQ_INT(p.received, CHUNK);
	EXPECT(att_chunk(A1, att_id, sha, 0, data, CHUNK, &p), SK_FAILED_PRECONDITION,
	    "out of order");
	T_EQ_INT(att_list(A1, att_id, NULL, NULL), 0);
	free(data);
}

static void
test_attach_hash_mismatch(void)
{
	const size_t n = 1000;
	uint8_t *data = make_bytes(n, 2), *other = make_bytes(n, 3), sha[32];
	struct progress p = { 0 };
	uint64_t size;

	if (data == NULL || other == NULL)
		goto done;
	digest(data, n, sha);
	EXPECT(att_begin(A1, att_id, sha, 32, n, &p), 0, NULL);
	EXPECT(att_chunk(A1, att_id, sha, 0, other, n, &p), 0, NULL);
	T_EQ_INT(p.received, n);
	EXPECT(att_finish(A1, att_id, sha), SK_DATA_LOSS, "sha256");
	T_EQ_INT(att_list(CLERK, att_id, sha, &size), 0);
	T_EQ_INT(size, 0);
	EXPECT(att_finish(A1, att_id, sha), SK_NOT_FOUND, NULL);
	/* Starting again starts from nothing, and the right bytes do. */
	EXPECT(att_begin(A1, att_id, sha, 32, n, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(p.complete, 0);
	EXPECT(att_chunk(A1, att_id, sha, 0, data, n, &p), 0, NULL);
	EXPECT(att_finish(A1, att_id, sha), 0, NULL);
	T_EQ_INT(att_list(CLERK, att_id, sha, &size), 1);
	T_EQ_INT(size, n);
done:
	free(data);
	free(other);
}

/* A draft of a2's own, that a1 cannot touch. */
static uint64_t
a2_draft(const char *title)
{
	struct app a;

	app_full(&a, title, "Tài liệu kèm theo hồ sơ");
	app_no_authors(&a);
	app_author(&a, "Trần Thị Hai", 10000, logins[A2]);
	return CREATE(A2, &a);
}

static void
test_attach_uploads_apart(void)
{
	const size_t n = 300000; /* two chunks */
	uint8_t *data = make_bytes(n, 5), *junk = make_bytes(n, 6),
	        *data2 = make_bytes(n, 7);
	uint8_t sha[32], sha2[32], pending[32];
	struct progress p = { 0 };
	uint64_t mine, theirs, theirs2, size;

	if (data == NULL || junk == NULL || data2 == NULL)
		goto done;
	mine = create_full("Sổ tay phòng cháy cho hộ kinh doanh", "Hướng dẫn ngắn gọn");
	theirs = a2_draft("Bản đồ số các điểm nguy cơ cháy nổ");
	theirs2 = a2_draft("Danh bạ khẩn cấp của thôn");
	digest(data, n, sha);
	EXPECT(att_begin(A1, mine, sha, 32, n, &p), 0, NULL);
	EXPECT(att_chunk(A1, mine, sha, 0, data, CHUNK, &p), 0, NULL);
	/* a2 begins the same hash with a wrong size and wrong bytes, and fails. */
	EXPECT(att_begin(A2, theirs, sha, 32, 1000, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	EXPECT(att_chunk(A2, theirs, sha, 0, junk, 1000, &p), 0, NULL);
	EXPECT(att_finish(A2, theirs, sha), SK_DATA_LOSS, "sha256");
	/* a1's upload is where it was, and finishes. */
	EXPECT(att_begin(A1, mine, sha, 32, n, &p), 0, NULL);
	T_EQ_INT(p.received, CHUNK);
	EXPECT(att_chunk(A1, mine, sha, CHUNK, data + CHUNK, n - CHUNK, &p), 0, NULL);
	EXPECT(att_finish(A1, mine, sha), 0, NULL);
	EXPECT(att_finish(A1, mine, sha), 0, NULL); /* a retry: the same answer */
	T_EQ_INT(att_list(CLERK, mine, sha, &size), 1);
	T_EQ_INT(size, n);
	/* Checked bytes are the unit's: a wrong size is refused now, and the
	 * right one attaches them to a2's draft at once. */
	EXPECT(att_begin(A2, theirs, sha, 32, 1000, &p), SK_INVALID_ARGUMENT,
	    "has 300000 bytes, not 1000");
	EXPECT(att_begin(A2, theirs, sha, 32, n, &p), 0, NULL);
	T_EQ_INT(p.complete, 1);
	T_EQ_INT(download_equals(A2, theirs, sha, data, n), 0);

	/* Both upload other bytes; a2 finishes first, a1's copy is not kept. */
	digest(data2, n, sha2);
	EXPECT(att_begin(A1, mine, sha2, 32, n, &p), 0, NULL);
	EXPECT(att_chunk(A1, mine, sha2, 0, data2, CHUNK, &p), 0, NULL);
	EXPECT(att_begin(A2, theirs, sha2, 32, n, &p), 0, NULL);
	EXPECT(att_chunk(A2, theirs, sha2, 0, data2, CHUNK, &p), 0, NULL);
	EXPECT(att_chunk(A2, theirs, sha2, CHUNK, data2 + CHUNK, n - CHUNK, &p), 0, NULL);
	EXPECT(att_finish(A2, theirs, sha2), 0, NULL);
	EXPECT(att_chunk(A1, mine, sha2, CHUNK, data2 + CHUNK, n - CHUNK, &p), 0, NULL);
	EXPECT(att_finish(A1, mine, sha2), 0, NULL);
	T_EQ_INT(download_equals(A1, mine, sha2, data2, n), 0);
	T_EQ_INT(download_equals(A2, theirs, sha2, data2, n), 0);

	/* Unfinished uploads are capped per user, on any of their dossiers;
	 * each still resumes, and begun again with another size it starts over. */
	for (int i = 0; i < 8; i++) {
		memset(pending, 0xc0 + i, sizeof(pending));
		EXPECT(att_begin(A2, i < 4 ? theirs : theirs2, pending, 32, 1000, &p), 0,
		    NULL);
	}
	memset(pending, 0xd0, sizeof(pending));
	EXPECT(att_begin(A2, theirs2, pending, 32, 1000, &p), SK_RESOURCE_EXHAUSTED,
	    "you have 8 unfinished uploads");
	EXPECT(att_begin(A1, mine, pending, 32, 1000, &p), 0, NULL); /* a1's own count */
	memset(pending, 0xc0, sizeof(pending));
	EXPECT(att_chunk(A2, theirs, pending, 0, junk, 1000, &p), 0, NULL);
	EXPECT(att_begin(A2, theirs, pending, 32, 1000, &p), 0, NULL);
	T_EQ_INT(p.received, 1000);
	EXPECT(att_begin(A2, theirs, pending, 32, 2000, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(p.size, 2000);
done:
	free(data);
	free(junk);
	free(data2);
}

static const size_t big_n = (size_t)700 * 1024; /* 3 chunks: 256 + 256 + 188 KiB */
static uint8_t *big, big_sha[32];

static void
test_attach_resume(void)
{
	struct progress p = { 0 };
	Sk__V1__AttachmentDataResponse *r = NULL;
	uint64_t size;

	if ((big = make_bytes(big_n, 4)) == NULL)
		return;
	digest(big, big_n, big_sha);
	EXPECT(att_begin(A1, att_id, big_sha, 32, big_n, &p), 0, NULL);
	EXPECT(att_chunk(A1, att_id, big_sha, 0, big, CHUNK, &p), 0, NULL);
	/* The connection drops; the author comes back on a new one. */
	T_EQ_INT(connect_user(A1), 0);
	EXPECT(att_begin(A1, att_id, big_sha, 32, big_n, &p), 0, NULL);
	T_EQ_INT(p.received, CHUNK);
	T_EQ_INT(p.complete, 0);
	T_EQ_INT(att_list(A1, att_id, big_sha, &size), 1); /* not yet listed */
	T_EQ_INT(size, 0);
	EXPECT(att_chunk(A1, att_id, big_sha, p.received, big + p.received, CHUNK, &p), 0,
	    NULL);
	EXPECT(att_chunk(A1, att_id, big_sha, p.received, big + p.received,
	           big_n - (size_t)2 * CHUNK, &p),
	    0, NULL);
	T_EQ_INT(p.received, big_n);
	EXPECT(att_finish(A1, att_id, big_sha), 0, NULL);
	T_EQ_INT(att_list(CLERK, att_id, big_sha, &size), 2);
	T_EQ_INT(size, big_n);
	T_EQ_INT(download_equals(CLERK, att_id, big_sha, big, big_n), 0);
	T_EQ_INT(download_equals(M2, att_id, big_sha, big, big_n), 0);
	/* From the middle of a chunk, to its end. */
	EXPECT(att_get(A2, att_id, big_sha, 100000, &r), 0, NULL);
	if (r != NULL) {
		T_EQ_INT(r->data.len, CHUNK - 100000);
		T_CHECK(r->data.len == CHUNK - 100000 &&
		    memcmp(r->data.data, big + 100000, CHUNK - 100000) == 0);
	}
	call_free(r);
	EXPECT(att_get(A2, att_id, big_sha, big_n, &r), SK_OUT_OF_RANGE, "offset");
	call_free(r);
	/* A finished upload takes no more chunks. */
	EXPECT(att_chunk(A1, att_id, big_sha, big_n, big, 1, &p), SK_FAILED_PRECONDITION,
	    NULL);
}

static void
test_attach_stored_once(void)
{
	struct progress p = { 0 };
	uint64_t other, size;

	other = create_full("Tài liệu tập huấn phân loại rác", "Bộ tài liệu dùng lại");
	if (big == NULL)
		return;
	EXPECT(att_begin(A1, other, big_sha, 32, big_n, &p), 0, NULL);
	T_EQ_INT(p.complete, 1);
	T_EQ_INT(p.received, big_n);
	T_EQ_INT(att_list(CLERK, other, big_sha, &size), 1);
	T_EQ_INT(size, big_n);
	T_EQ_INT(download_equals(CLERK, other, big_sha, big, big_n), 0);
	if (KNOWN_BUG) {
		/* BUG: rpc_attach.c:147-151 apply_begin() frees the stored blob
		 * record (store_rec_free(b), line 148) and then formats b->size
		 * into the message (lines 149-151): a use after free whenever a
		 * begin names a known sha256 with another size. Input: a1.hm
		 * begins the 716800-byte file's sha256 on a draft declaring
		 * 716799 bytes. Expected INVALID_ARGUMENT "size: a file with this
		 * sha256 has 716800 bytes, not 716799"; got that in a plain
		 * build, but the sanitizer build of skd aborts
		 * (heap-use-after-free) and every connection drops. */
		EXPECT(att_begin(A1, other, big_sha, 32, big_n - 1, &p),
		    SK_INVALID_ARGUMENT, "size");
	}
	free(big);
	big = NULL;
}

static void
test_attach_limits(void)
{
	uint8_t sha[32];
	struct progress p = { 0 };
	struct snap before = snap(att_id);

	memset(sha, 0xab, sizeof(sha));
	EXPECT(att_begin(A1, att_id, sha, 32, 50ull * MiB + 1, &p), SK_INVALID_ARGUMENT,
	    "size");
	EXPECT(att_begin(A1, att_id, sha, 32, 0, &p), SK_INVALID_ARGUMENT, "size");
	EXPECT(att_begin(A1, att_id, sha, 31, 1000, &p), SK_INVALID_ARGUMENT, "sha256");
	EXPECT(att_begin(A2, att_id, sha, 32, 1000, &p), SK_PERMISSION_DENIED, "authors");
	EXPECT(att_begin(CLERK, att_id, sha, 32, 1000, &p), SK_PERMISSION_DENIED, NULL);
	/* Files are attached while the dossier is edited, not after. */
	EXPECT(att_begin(A1, returned_id, sha, 32, 1000, &p), SK_FAILED_PRECONDITION,
	    "accepted");
	T_EQ_INT(att_list(CLERK, att_id, sha, NULL), 2);
	UNCHANGED(att_id, before);
	/* Exactly 50 MiB is allowed. */
	EXPECT(att_begin(A1, att_id, sha, 32, 50ull * MiB, &p), 0, NULL);
	T_EQ_INT(p.received, 0);
}

/* ---- 10. overdue ----------------------------------------------------------------- */

static long
overdue_count(enum user u)
{
	Sk__V1__OverdueResponse *o;
	long n;

	if (call_overdue(conn[u], &o, E) != 0)
		return -1;
	n = (long)o->n_items;
	call_free(o);
	return n;
}

static void
test_overdue(void)
{
	/* Accepted today (due in 3 months) and returned today (30 days). */
	T_EQ_INT(overdue_count(CLERK), 0);
	T_EQ_INT(overdue_count(HEAD), 0);
	T_EQ_INT(overdue_count(O2), 0);
	T_EQ_INT(overdue_count(A1), -1);
	EXPECT(E->code, SK_PERMISSION_DENIED, "role");
	T_EQ_INT(overdue_count(M1), -1);
	EXPECT(E->code, SK_PERMISSION_DENIED, "role");
}

static const struct t_case cases[] = {
	{ "1. role: only its authors submit a draft (not clerk, council, head, other author)",
	    test_role_submit },
	{ "1. role: authors, council and head cannot accept, return or refuse",
	    test_role_accept },
	{ "1. role: no session without a council; authors and members open none",
	    test_role_no_council },
	{ "1. role: only the head sets the council", test_role_council_set },
	{ "1. role: authors cannot vote, close a session or issue a decision",
	    test_role_session },
	{ "2. state: a draft cannot be accepted, returned, refused or started",
	    test_state_draft },
	{ "2. state: a registered topic is started by its authors; withdrawn is final",
	    test_state_registered },
	{ "2. state: an accepted dossier cannot be returned, resubmitted, withdrawn, edited",
	    test_state_accepted },
	{ "2. state: a session with a draft on its agenda is refused whole",
	    test_state_session_with_draft },
	{ "2. state: REVIEW/RECOGNISE/REJECT/DECIDE only through sessions and decisions",
	    test_state_via_only },
	{ "3. other unit: Sen Phương gets NOT_FOUND for Hát Môn's initiatives",
	    test_other_unit_ids },
	{ "3. other unit: Sen Phương cannot read or add to Hát Môn's attachments",
	    test_other_unit_attachments },
	{ "4. submission: a missing field is named", test_submit_missing },
	{ "4. submission: first application over a year ago or in the future",
	    test_submit_dates },
	{ "4. submission: return and refuse need a reason", test_submit_reasons },
	{ "4. submission: returned, edited, resubmitted",
	    test_submit_return_and_resubmit },
	{ "4. submission: receipt due 3 calendar months after acceptance; refused is final",
	    test_submit_receipt },
	{ "5. confidential: clerk, council, head and authors (confirmed co-authors) see it",
	    test_confidential_insiders },
	{ "5. confidential: hidden from another author of the unit",
	    test_confidential_hidden },
	{ "5. co-authors by login: only enabled users of the unit, each named once",
	    test_coauthor_logins },
	{ "5. co-authors by login: no author rights or submission until they confirm",
	    test_coauthor_confirm },
	{ "6. near-duplicate of a recognised initiative: submitted, with a warning",
	    test_duplicate },
	{ "7. council: members hold the council role, one chair, this unit",
	    test_council_members },
	{ "7. session: an author cannot vote on it and is not eligible",
	    test_session_author_cannot_vote },
	{ "7. session: a second vote is ALREADY_EXISTS", test_session_double_vote },
	{ "7. session: close decides (1 of 3 fails, no votes no quorum); no vote or close after",
	    test_session_close },
	{ "7. session: a secret ballot keeps tallies and voters, never ballots",
	    test_session_secret },
	{ "8. decision: refused for what is not recognised, storing nothing",
	    test_decision_refused },
	{ "8. decision: one certificate per author, naming the co-authors",
	    test_decision_certificates },
	{ "8. decision: an initiative is decided once", test_decision_twice },
	{ "8. certificates: none without recognition and a decision",
	    test_certificates_not_recognised },
	{ "9. attachment: chunks out of order or of the wrong length",
	    test_attach_order },
	{ "9. attachment: bytes not matching their sha256 are discarded",
	    test_attach_hash_mismatch },
	{ "9. attachment: uploads of the same bytes to other initiatives cannot disturb it",
	    test_attach_uploads_apart },
	{ "9. attachment: an interrupted upload resumes; the download is exact",
	    test_attach_resume },
	{ "9. attachment: the same bytes for another initiative are stored once",
	    test_attach_stored_once },
	{ "9. attachment: size, hash, author and state limits", test_attach_limits },
	{ "10. overdue: nothing fresh is overdue; authors and members cannot list",
	    test_overdue },
};

int
main(int argc, char **argv)
{
	char crt[4096], key[4096];
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: test_flow PORT CA USERDIR\n");
		return 2;
	}
	/* A server that goes away is a failed check, not a silent SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	iso_from_today(0, today, sizeof(today));
	for (int u = 0; u < NUSERS; u++) {
		snprintf(crt, sizeof(crt), "%s/%s.crt", argv[3], logins[u]);
		snprintf(key, sizeof(key), "%s/%s.key", argv[3], logins[u]);
		tclient_config(&cfg[u], argv[1], argv[2], crt, key);
		cfg[u].timeout_ms = 20000;
		if (connect_user((enum user)u) != 0)
			return 1;
	}
	rc = t_run(cases, sizeof(cases) / sizeof(cases[0]));
	for (int u = 0; u < NUSERS; u++)
		skc_close(conn[u]);
	free(big);
	return rc;
}
