/*
 * test_isolation: isolation between units, as a matrix generated from the
 * protocol's descriptors (issue 10, point 9), against a real skd.
 *
 *   test_isolation SERVER USERDIR ADMINCONF
 *
 * USERDIR holds LOGIN.conf of the users isolation.sh enrolled (the table
 * below); ADMINCONF is the data directory's first administrator.
 *
 * 1. As their owners, through the client library, it makes objects of
 *    every family: in Xã Hát Môn initiatives in every state of its flow, an
 *    attachment, history, a council, sessions open and closed with votes,
 *    decisions with certificates and submissions nominated but never sent,
 *    one recognised initiative marked for publication (5); in Xã Sen
 *    Phương one initiative taken the whole way up; at the district a round,
 *    and from Sen Phương's sending a copy, its review initiative and inbox
 *    entry; the review is then registered, recognised by the district's
 *    council in a session, decided and marked for publication, as the
 *    district's people would (tests/unit_forward.c). Every initiative has
 *    a confidential part carrying a token (KINHM, KINSP) of its unit.
 *    Then the administrators link servers, with cards made here (a CA, a
 *    link certificate, a log's verifier key, as link_check_card wants):
 *    the district's links a server below it for Hát Môn and one for Sen
 *    Phương, and the level above for itself; Hát Môn's the level above
 *    for Hát Môn. Each is a user "peer.NAME" of the unit it is linked for.
 *
 * 2. For every call of sk.v1.Request (the members of the oneof "call" of
 *    sk__v1__request__descriptor; a call without a plan below fails), for
 *    each kind of stranger:
 *      (a) each role of Sen Phương on Hát Môn's objects,
 *      (b) each district role on Hát Môn's objects, none of them forwarded,
 *      (c) each role of Hát Môn on the district's objects,
 *    it sends the request naming the other's object, and the same request
 *    naming one that never existed (ids 99000x, a sha256 of 0x5a bytes,
 *    login khong.co, unit xa-khong-co, a title nobody wrote, sequence
 *    990007); a transition is sent with every action of sk.v1.Action.
 *    The linked servers are users of their unit, named like the others;
 *    PeerAdd names a unit with a valid card, downstream (the card names
 *    it) and upstream (the request does). ExportList, ExportFile and
 *    ReportList name a sequence (and a file's hash): only linked servers
 *    may make them, so every person must be refused alike. Ids are per
 *    unit: the district's review initiative 1 is, to a user of Hát Môn,
 *    Hát Môn's own initiative 1 (and Hát Môn's numbers 1 those of Sen
 *    Phương and the district): such cells are "O" below. Outcomes:
 *      S  refused, exactly as for what never existed (code, and message
 *         with the names swapped): nothing reveals that it exists. A
 *         PERMISSION_DENIED for a role that may not make the call anywhere
 *         is such an answer too (it does not depend on the object).
 *      P  a unit named by its code: refused as for xa-tam-hiep, a unit with
 *         nothing in it. Units are public (UnitList answers them to
 *         anyone): what must not show is what a unit holds.
 *      E  OK, and the same answer as for what never existed: a filter of the
 *         caller's own list (InitiativeList query, Inbox unit or round).
 *      O  the call names nothing of the other's (Hello, UnitList, lists of
 *         one's own unit), or the id names the caller's own object too
 *         (ids are per unit): only the caller's own data may come back.
 *         PeerCard and PeerList (only[]): refused (PERMISSION_DENIED) to
 *         all but administrators; to them, this server's card naming their
 *         own unit (its base64 is not searched for the other's data, it is
 *         compared with the card the first administrator reads), and the
 *         servers linked for their own unit, all of them and no other.
 *         Writes on the caller's own objects are not sent (they would be
 *         the caller's legitimate acts): counted as not applicable; unless
 *         the caller may not make the call at all (the request naming what
 *         never existed, sent first, is PERMISSION_DENIED): then it is sent
 *         and must be refused alike (S), as on anyone's object.
 *      L  OK where a row of authz lets that role read it: the district's
 *         auditors read the logs of the units below it; a unit's head reads
 *         the rounds of the level above, to forward; anyone reads the
 *         published initiatives of any unit; a level's office, head,
 *         council and commendation office read the figures of the units
 *         below it (Stats), naming one or none (see legit[]). A published list
 *         so answered must hold only initiatives marked published, without
 *         their confidential part (no unit's token in the answer).
 *      F  anything else: answered OK, answered otherwise than for what
 *         never existed, or an answer carrying the other unit's data (the
 *         response bytes are searched for the titles, names, logins and
 *         file hashes given to its objects, unless the request named them).
 *
 *    UpperRecord is sent as the proposal and as the outcome, PublishSet as
 *    marking and as unmarking, PeerAdd downstream and upstream.
 *
 * 3. Nothing changed: every owner's reading of every object (packed bytes),
 *    their lists (published, for commendation, the district's summary,
 *    the reports' figures),
 *    the users, the linked servers (as the first administrator, Hát Môn's
 *    and Sen Phương's list them), the three units' signed checkpoints and
 *    the size of every unit's log (LogEntries past its end says it) are
 *    the same after the matrix as before.
 *
 * 4. Controls: the owners then make the writes the strangers were refused
 *    on the same objects (the district's office proposes its recognised
 *    initiative to the level above and records the outcome, its
 *    commendation office lists it and records an award, its office
 *    unmarks it, Hát Môn's head publishes its initiative 6), and read
 *    the district's summary and the reports' figures (both communes for
 *    the district's office; Hát Môn's alone for its clerk, who is refused
 *    Sen Phương's); the district's administrator sends the
 *    downstream PeerAdd for Hát Môn the strangers were refused, Hát Môn's
 *    the upstream one: both link (new users of Hát Môn, which the list of
 *    users then holds, Hát Môn's administrator lists and Sen Phương's
 *    does not). Those refusals were the isolation's, not the objects'
 *    state.
 *
 * Prints each failure, the table call x stranger kind, then
 * "N passed, N failed" (one check per cell, per snapshot); with
 * ISOLATION_VERBOSE set, every cell that passed too. Checks that fail today
 * are not weakened: the ones known to fail are listed in known[] and marked
 * "KNOWN" in the output; they still fail the test.
 */
#include <inttypes.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "names.h"
#include "note.h"
#include "sha256.h"
#include "tclient.h"
#include "xfer.h"

#define C(x) SK__V1__REQUEST__CALL_##x
#define ACT(x) SK__V1__ACTION__##x
#define ST(x) SK__V1__STATE__STATE_##x
#define ROLE(x) SK__V1__ROLE__ROLE_##x
#define ANY_ROLE 0xffffffffu

#define NEVER_INI 990001u
#define NEVER_SESSION 990002u
#define NEVER_DECISION 990003u
#define NEVER_SUBMISSION 990004u
#define NEVER_COPY 990005u
#define NEVER_ROUND 990006u
#define NEVER_SEQ 990007u /* an export's or a report's sequence */
#define NEVER_LOGIN "khong.co"
#define NEVER_UNIT "xa-khong-co"
#define EMPTY_UNIT "xa-tam-hiep" /* a unit with nothing in it */
#define NEVER_TEXT "Zqxv chưa từng có ai viết"
#define MSG_MAX 1024
#define IDS_MAX 16
#define CALLS_MAX 64
#define OBJS_MAX 32
#define MARKS_MAX 32
#define UNITS_MAX 64

/* ---- people ------------------------------------------------------------------- */

enum unit { HM, SP, PT, NUNITS };

static const char *const unit_codes[NUNITS] = { "xa-hat-mon", "xa-sen-phuong",
	"phuc-tho" };

enum user {
	TG_HM,
	VT_HM,
	TV1_HM,
	TV2_HM,
	TV3_HM,
	CT_HM,
	KS_HM,
	QT_HM,
	TG_SP,
	VT_SP,
	TV1_SP,
	TV2_SP,
	CT_SP,
	KS_SP,
	QT_SP,
	VP_PT,
	CT_PT,
	TV_PT,
	KS_PT,
	NV_PT,
	ROOT,
	NUSERS
};

static const struct person {
	const char *login;
	enum unit unit;
} people[NUSERS] = {
	{ "tg.hm", HM },  /* author */
	{ "vt.hm", HM },  /* clerk */
	{ "tv1.hm", HM }, /* council */
	{ "tv2.hm", HM }, /* council */
	{ "tv3.hm", HM }, /* council */
	{ "ct.hm", HM },  /* council, head */
	{ "ks.hm", HM },  /* auditor */
	{ "qt.hm", HM },  /* admin */
	{ "tg.sp", SP },  /* author */
	{ "vt.sp", SP },  /* clerk */
	{ "tv1.sp", SP }, /* council */
	{ "tv2.sp", SP }, /* council */
	{ "ct.sp", SP },  /* council, head */
	{ "ks.sp", SP },  /* auditor */
	{ "qt.sp", SP },  /* admin */
	{ "vp.pt", PT },  /* district office */
	{ "ct.pt", PT },  /* council, head */
	{ "tv.pt", PT },  /* council */
	{ "ks.pt", PT },  /* auditor */
	{ "nv.pt", PT },  /* commendation */
	{ NULL, PT },     /* the first administrator (admin.conf) */
};

/* The kinds of stranger, each a set of users on the other's objects. */
enum kind { KA, KB, KC, NKINDS };

static const struct kind_def {
	const char *name;
	enum unit from, target;
	enum user users[8];
	size_t n;
} kinds[NKINDS] = {
	{ "(a) SP->HM", SP, HM, { TG_SP, VT_SP, TV1_SP, CT_SP, KS_SP, QT_SP }, 6 },
	{ "(b) PT->HM", PT, HM, { VP_PT, CT_PT, TV_PT, KS_PT, NV_PT }, 5 },
	{ "(c) HM->PT", HM, PT, { TG_HM, VT_HM, TV1_HM, CT_HM, KS_HM, QT_HM }, 6 },
};

static struct skc_config cfg[NUSERS];
static struct skc *conn[NUSERS];
static char root_login[80];
static struct sk_error E;
static char today[16], first_applied[16], round_from[16], round_to[16];
static int passed, failed;

static const char *
login_of(enum user u)
{
	return u == ROOT ? root_login : people[u].login;
}

static uint32_t
roles_of(enum user u)
{
	const Sk__V1__HelloResponse *h = conn[u] != NULL ? skc_hello(conn[u]) : NULL;

	return h != NULL ? h->roles : 0;
}

static int
connect_user(enum user u)
{
	skc_close(conn[u]);
	conn[u] = tclient_connect(&cfg[u], u == ROOT ? "admin" : people[u].login);
	return conn[u] != NULL ? 0 : -1;
}

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* One check: counted, and printed when it fails. */
static void
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		return;
	}
	failed++;
	printf("FAIL ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* ---- dates --------------------------------------------------------------------- */

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

/* ---- what each unit holds ------------------------------------------------------- */

enum fam { F_INI, F_SESSION, F_DECISION, F_SUBMISSION, F_COPY, F_ROUND, NFAMS };

static uint64_t have[NUNITS][NFAMS][IDS_MAX];
static size_t nhave[NUNITS][NFAMS];

static void
have_add(enum unit u, enum fam f, uint64_t id)
{
	if (nhave[u][f] < IDS_MAX)
		have[u][f][nhave[u][f]++] = id;
}

static bool
has(enum unit u, enum fam f, uint64_t id)
{
	for (size_t i = 0; i < nhave[u][f]; i++)
		if (have[u][f][i] == id)
			return true;
	return false;
}

/* ---- setup, as the owners --------------------------------------------------------- */

static int setup_failed;

#define OK(rc, what) ok_at(__LINE__, (rc), (what))

static bool
ok_at(int line, int rc, const char *what)
{
	check(rc == 0, "setup (test_isolation.c:%d): %s: %s: %s", line, what,
	    status_name(rc), E.msg);
	if (rc != 0)
		setup_failed++;
	return rc == 0;
}

/* The state each initiative of Hát Môn is made to reach. */
static const uint32_t hm_states[] = { ST(REGISTERED), ST(DRAFT), ST(SUBMITTED),
	ST(ACCEPTED), ST(RECOGNISED), ST(RECOGNISED), ST(RECOGNISED), ST(IN_REVIEW),
	ST(NOT_RECOGNISED) };
#define HM_INIS (sizeof(hm_states) / sizeof(hm_states[0]))

static uint64_t hm_ini[HM_INIS + 1]; /* by number in the plan, from 1 */
static char hm_title[HM_INIS + 1][96];
static uint64_t hm_session[4], hm_decision[3], hm_submission[3];
static uint64_t sp_ini, sp_session, sp_decision, sp_submission;
static uint64_t pt_round, pt_copy, pt_review, pt_session, pt_decision;
static char pt_review_title[96];
static uint8_t hm_sha[SHA256_LEN], sp_sha[SHA256_LEN];
static uint64_t hm_size, sp_size;

static const char hm_file[] = "HMX tệp báo cáo áp dụng của xã Hát Môn: kết quả đo "
                              "được sau sáu tháng, số liệu từng tháng.";
static const char sp_file[] = "SPX biên bản áp dụng của xã Sen Phương, có chữ ký "
                              "của những người tham gia.";

/* The confidential part of every initiative a unit writes: its token must
 * reach nobody outside the unit, published or not. */
static const char *const secret_tokens[NUNITS] = { "KINHM", "KINSP", NULL };
static const char *const secrets[NUNITS] = {
	"HMX KINHM bí quyết pha chế, chỉ hội đồng xã Hát Môn được đọc",
	"SPX KINSP sơ đồ đấu nối, chỉ hội đồng xã Sen Phương được đọc",
	NULL, /* the district writes none: its review is Sen Phương's */
};

static uint64_t
create(enum user u, const char *title, bool topic)
{
	Sk__V1__Initiative in = SK__V1__INITIATIVE__INIT, *out = NULL;
	Sk__V1__Author au = SK__V1__AUTHOR__INIT, *aup = &au;
	char name[80];
	uint64_t id = 0;

	snprintf(name, sizeof(name), "Người %s", people[u].login);
	au.name = name;
	au.share = 10000;
	au.workplace = "UBND xã";
	au.job_title = "Công chức";
	au.login = (char *)people[u].login;
	in.title = (char *)title;
	in.summary = (char *)title;
	in.category = 3;
	in.field = "Cải cách hành chính";
	in.description = (char *)title;
	in.benefits = "Tiết kiệm thời gian và giấy tờ cho người dân.";
	in.application = SK__V1__APPLICATION__APPLIED;
	in.first_applied = first_applied;
	in.confidential = (char *)secrets[people[u].unit];
	in.n_authors = 1;
	in.authors = &aup;
	if (OK(call_initiative_create(conn[u], &in, topic, &out, &E), title))
		id = out->id;
	call_free(out);
	return id;
}

static void
step(enum user u, uint64_t id, Sk__V1__Action a)
{
	char what[64];

	snprintf(what, sizeof(what), "%s initiative %" PRIu64, action_name(a), id);
	OK(call_transition(conn[u], id, a, "", 0, NULL, &E), what);
}

static void
upload(enum user u, uint64_t id, const char *name, const char *content,
    uint8_t sha[SHA256_LEN], uint64_t *size)
{
	struct xfer_upload up = { .name = name, .media_type = "application/pdf" };
	Sk__V1__Attachment *a = NULL;
	int rc;

	if ((up.fp = fmemopen((void *)content, strlen(content), "rb")) == NULL) {
		OK(SK_INTERNAL, "fmemopen");
		return;
	}
	rc = xfer_upload(conn[u], id, &up, &a, &E);
	fclose(up.fp);
	if (OK(rc, name) && a->sha256.len == SHA256_LEN) {
		memcpy(sha, a->sha256.data, SHA256_LEN);
		*size = a->size;
	}
	call_free(a);
}

static void
council(enum user head, const enum user *members, size_t n)
{
	Sk__V1__Council c = SK__V1__COUNCIL__INIT;
	Sk__V1__CouncilMember cm[4], *cmp[4];

	for (size_t i = 0; i < n && i < 4; i++) {
		sk__v1__council_member__init(&cm[i]);
		cm[i].login = (char *)people[members[i]].login;
		cm[i].role =
		    i == 0 ? SK__V1__COUNCIL_ROLE__CHAIR : SK__V1__COUNCIL_ROLE__MEMBER;
		cmp[i] = &cm[i];
	}
	c.n_members = n;
	c.members = cmp;
	OK(call_council_set(conn[head], &c, NULL, &E), "council set");
}

static uint64_t
session(enum user u, const char *title, const uint64_t *ids, size_t n)
{
	Sk__V1__Session *s = NULL;
	uint64_t id = 0;

	if (OK(call_session_open(conn[u], title, today, false, ids, n, &s, &E), title))
		id = s->id;
	call_free(s);
	return id;
}

static void
vote(enum user u, uint64_t sid, uint64_t id, Sk__V1__Vote v)
{
	Sk__V1__Ballot b = SK__V1__BALLOT__INIT;

	b.initiative_id = id;
	b.vote = v;
	OK(call_vote(conn[u], sid, &b, NULL, &E), "vote");
}

static uint64_t
decide(enum user head, const char *number, uint64_t id)
{
	Sk__V1__DecisionResponse *d = NULL;
	uint64_t out = 0;

	if (OK(call_decision_issue(conn[head], number, today, &id, 1, &d, &E), number))
		out = d->decision->id;
	call_free(d);
	return out;
}

static uint64_t
nominate(enum user head, const char *number, const char *reasons, uint64_t id)
{
	Sk__V1__ForwardNominateRequest q = SK__V1__FORWARD_NOMINATE_REQUEST__INIT;
	Sk__V1__SubmissionResponse *s = NULL;
	uint64_t out = 0;

	q.number = (char *)number;
	q.signed_on = today;
	q.reasons = (char *)reasons;
	q.sector = "khac";
	q.n_initiative_ids = 1;
	q.initiative_ids = &id;
	if (OK(call_forward_nominate(conn[head], &q, &s, &E), number))
		out = s->submission->id;
	call_free(s);
	return out;
}

/* Hát Môn: initiatives 1-9 in the states of hm_states, a file on 2, the
 * council, sessions 1 (closed: 5, 6, 7 recognised), 2 (closed: 9 not
 * recognised) and 3 (open: 8, one ballot), decisions 1 (5) and 2 (6),
 * submissions 1 (5) and 2 (6, completed), neither sent; 5 published. */
static void
setup_hm(void)
{
	static const enum user members[] = { CT_HM, TV1_HM, TV2_HM, TV3_HM };
	uint64_t ids[3];

	for (size_t k = 1; k <= HM_INIS; k++) {
		uint32_t st = hm_states[k - 1];

		snprintf(hm_title[k], sizeof(hm_title[k]),
		    "HMX-%zu Số hóa quy trình thứ %zu của xã", k, k);
		hm_ini[k] = create(TG_HM, hm_title[k], st == ST(REGISTERED));
		have_add(HM, F_INI, hm_ini[k]);
		if (k == 2)
			upload(TG_HM, hm_ini[k], "HMX-bao-cao-ap-dung.pdf", hm_file,
			    hm_sha, &hm_size);
		if (st == ST(REGISTERED) || st == ST(DRAFT))
			continue;
		step(TG_HM, hm_ini[k], ACT(SUBMIT));
		if (st != ST(SUBMITTED))
			step(VT_HM, hm_ini[k], ACT(ACCEPT));
	}
	council(CT_HM, members, 4);
	ids[0] = hm_ini[5], ids[1] = hm_ini[6], ids[2] = hm_ini[7];
	hm_session[1] = session(VT_HM, "HMX phiên họp thứ nhất", ids, 3);
	for (size_t m = 0; m < 4; m++)
		for (size_t i = 0; i < 3; i++)
			vote(members[m], hm_session[1], ids[i], SK__V1__VOTE__YES);
	OK(call_session_close(conn[CT_HM], hm_session[1], NULL, &E), "close session 1");
	hm_session[2] = session(VT_HM, "HMX phiên họp thứ hai", &hm_ini[9], 1);
	for (size_t m = 0; m < 4; m++)
		vote(members[m], hm_session[2], hm_ini[9], SK__V1__VOTE__NO);
	OK(call_session_close(conn[CT_HM], hm_session[2], NULL, &E), "close session 2");
	hm_session[3] = session(VT_HM, "HMX phiên họp thứ ba", &hm_ini[8], 1);
	vote(TV1_HM, hm_session[3], hm_ini[8], SK__V1__VOTE__YES);
	hm_decision[1] = decide(CT_HM, "HMX-1/QĐ-UBND", hm_ini[5]);
	hm_decision[2] = decide(CT_HM, "HMX-2/QĐ-UBND", hm_ini[6]);
	hm_submission[1] = nominate(CT_HM, "HMX-1/TTr", "HMX lý do thứ nhất", hm_ini[5]);
	hm_submission[2] = nominate(CT_HM, "HMX-2/TTr", "HMX lý do thứ hai", hm_ini[6]);
	OK(call_forward_complete(conn[TG_HM], hm_ini[6], "HMX phạm vi toàn huyện", NULL,
	       &E),
	    "complete 6");
	OK(call_publish_set(conn[CT_HM], hm_ini[5], true, NULL, &E), "publish 5");
	for (size_t k = 1; k <= 3; k++)
		have_add(HM, F_SESSION, hm_session[k]);
	for (size_t k = 1; k <= 2; k++) {
		have_add(HM, F_DECISION, hm_decision[k]);
		have_add(HM, F_SUBMISSION, hm_submission[k]);
	}
}

/* Sen Phương's initiative 1, recognised, decided, nominated, completed;
 * the district's round 1; then Sen Phương sends it: the district's copy,
 * its review initiative and inbox entry. */
static void
setup_sp_pt(void)
{
	static const enum user members[] = { CT_SP, TV1_SP, TV2_SP };
	Sk__V1__SubmissionResponse *sent = NULL;
	Sk__V1__Initiative *in = NULL;
	Sk__V1__Round *round = NULL;
	Sk__V1__Copy *copy = NULL;
	int rc;

	sp_ini = create(TG_SP, "SPX-1 Sổ tay điện tử của xã Sen Phương", false);
	upload(TG_SP, sp_ini, "SPX-bien-ban.pdf", sp_file, sp_sha, &sp_size);
	step(TG_SP, sp_ini, ACT(SUBMIT));
	step(VT_SP, sp_ini, ACT(ACCEPT));
	council(CT_SP, members, 3);
	sp_session = session(VT_SP, "SPX phiên họp", &sp_ini, 1);
	for (size_t m = 0; m < 3; m++)
		vote(members[m], sp_session, sp_ini, SK__V1__VOTE__YES);
	OK(call_session_close(conn[CT_SP], sp_session, NULL, &E), "close SP session");
	sp_decision = decide(CT_SP, "SPX-7/QĐ-UBND", sp_ini);
	sp_submission = nominate(CT_SP, "SPX-3/TTr", "SPX lý do", sp_ini);
	OK(call_forward_complete(conn[TG_SP], sp_ini, "SPX phạm vi toàn huyện", NULL, &E),
	    "complete SP 1");
	if (OK(call_round_create(conn[VP_PT], "PTX Đợt 1 năm nay", round_from, round_to,
	           &round, &E),
	        "round create"))
		pt_round = round->id;
	call_free(round);
	/* The unit's signed checkpoint must cover the decision: it follows. */
	for (int tries = 0; tries < 100; tries++) {
		rc = call_forward_send(conn[CT_SP], sp_submission, &sent, &E);
		if (rc != SK_FAILED_PRECONDITION || strstr(E.msg, "checkpoint") == NULL)
			break;
		usleep(100000);
	}
	OK(rc, "forward send");
	call_free(sent);
	if (OK(call_initiative_get(conn[VT_SP], sp_ini, &in, &E), "SP initiative") &&
	    in->forward != NULL)
		pt_copy = in->forward->copy_id;
	call_free(in);
	if (OK(call_copy_get(conn[VP_PT], pt_copy, &copy, &E), "copy at the district")) {
		pt_review = copy->review_id;
		snprintf(pt_review_title, sizeof(pt_review_title), "%s",
		    copy->dossier != NULL ? copy->dossier->title : "");
	}
	call_free(copy);
	have_add(SP, F_INI, sp_ini);
	have_add(SP, F_SESSION, sp_session);
	have_add(SP, F_DECISION, sp_decision);
	have_add(SP, F_SUBMISSION, sp_submission);
	have_add(PT, F_INI, pt_review);
	have_add(PT, F_COPY, pt_copy);
	have_add(PT, F_ROUND, pt_round);
}

/* The district reviews the copy as its people would (tests/unit_forward.c):
 * its office registers it, its head sets the council, opens a session on
 * it and closes it once the council voted it through, then decides; its
 * office marks it for publication. Its session and decision are numbered
 * 1, as are Hát Môn's first: those cells are "O". Not proposed upward and
 * backing no award, so that the owners could still (the controls). */
static void
setup_pt_review(void)
{
	static const enum user members[] = { CT_PT, TV_PT };

	step(VP_PT, pt_review, ACT(REGISTER));
	council(CT_PT, members, 2);
	pt_session = session(CT_PT, "PTX phiên họp của huyện", &pt_review, 1);
	for (size_t m = 0; m < 2; m++)
		vote(members[m], pt_session, pt_review, SK__V1__VOTE__YES);
	OK(call_session_close(conn[CT_PT], pt_session, NULL, &E), "close PT session");
	pt_decision = decide(CT_PT, "PTX-88/QĐ-UBND", pt_review);
	OK(call_publish_set(conn[VP_PT], pt_review, true, NULL, &E),
	    "publish the review");
	have_add(PT, F_SESSION, pt_session);
	have_add(PT, F_DECISION, pt_decision);
}

/* ---- links between servers ------------------------------------------------------------ */

/*
 * Another server's card, made here as its administrator would hand it over
 * (sk peer card): a CA of its own (self-signed, CA:TRUE), the link
 * certificate that CA signs (CA:FALSE, 30 days) and the verifier key of a
 * log of the card's name. Real ones: the server checks each
 * (server/link.c, link_check_card) before it looks at the unit.
 */
struct card {
	char name[64];
	char *ca_pem, *cert_pem, *log_key, *witness_key;
};

#define CARD_ADDRESS "10.9.8.7:7443"
#define UPPER_CODE "thanh-pho-ha-noi" /* the unit an upstream card's server serves */

static void
card_free(struct card *c)
{
	free(c->ca_pem);
	free(c->cert_pem);
	free(c->log_key);
	free(c->witness_key);
	memset(c, 0, sizeof(*c));
}

static char *
pem_of(X509 *x)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data = NULL, *out = NULL;
	long n;

	if (bio != NULL && PEM_write_bio_X509(bio, x) == 1 &&
	    (n = BIO_get_mem_data(bio, &data)) > 0)
		out = strndup(data, (size_t)n);
	BIO_free(bio);
	return out;
}

static bool
cert_ext(X509 *x, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX ctx;
	X509_EXTENSION *e;
	bool ok;

	X509V3_set_ctx(&ctx, issuer, x, NULL, NULL, 0);
	if ((e = X509V3_EXT_conf_nid(NULL, &ctx, nid, value)) == NULL)
		return false;
	ok = X509_add_ext(x, e, -1) == 1;
	X509_EXTENSION_free(e);
	return ok;
}

/* A certificate of key for cn, signed by issuer (self-signed when NULL). */
static X509 *
cert_new(EVP_PKEY *key, const char *cn, X509 *issuer, EVP_PKEY *issuer_key, bool ca)
{
	static long serial;
	X509 *x = X509_new();
	X509_NAME *nm = X509_NAME_new();
	bool ok = x != NULL && nm != NULL;

	ok = ok && X509_set_version(x, 2) == 1 &&
	    ASN1_INTEGER_set(X509_get_serialNumber(x), ++serial) == 1 &&
	    X509_gmtime_adj(X509_getm_notBefore(x), -3600) != NULL &&
	    X509_gmtime_adj(X509_getm_notAfter(x), 30L * 86400) != NULL &&
	    X509_NAME_add_entry_by_txt(nm, "O", MBSTRING_UTF8,
	        (const unsigned char *)"test_isolation", -1, -1, 0) == 1 &&
	    X509_NAME_add_entry_by_txt(nm, "CN", MBSTRING_UTF8, (const unsigned char *)cn,
	        -1, -1, 0) == 1 &&
	    X509_set_subject_name(x, nm) == 1 &&
	    X509_set_issuer_name(x,
	        issuer != NULL ? X509_get_subject_name(issuer) : nm) == 1 &&
	    X509_set_pubkey(x, key) == 1 &&
	    cert_ext(x, issuer != NULL ? issuer : x, NID_basic_constraints,
	        ca ? "critical,CA:TRUE" : "critical,CA:FALSE") &&
	    cert_ext(x, issuer != NULL ? issuer : x, NID_key_usage,
	        ca ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature") &&
	    X509_sign(x, issuer_key != NULL ? issuer_key : key, NULL) > 0;
	X509_NAME_free(nm);
	if (!ok) {
		X509_free(x);
		return NULL;
	}
	return x;
}

/* Does the card's base64 hold a unit's tag (marks_init)? An answer showing
 * it back would then be taken to carry that unit's data. */
static bool
card_tagged(const struct card *c)
{
	static const char *const tags[] = { "HMX", "SPX", "PTX" };

	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (strstr(c->ca_pem, tags[i]) != NULL ||
		    strstr(c->cert_pem, tags[i]) != NULL ||
		    strstr(c->log_key, tags[i]) != NULL ||
		    strstr(c->witness_key, tags[i]) != NULL)
			return true;
	return false;
}

/* The card of a server named name, with keys of its own. 0, or -1. */
static int
card_make(struct card *c, const char *name)
{
	for (int tries = 0; tries < 64; tries++) {
		EVP_PKEY *ca_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		EVP_PKEY *key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		EVP_PKEY *log_key = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
		X509 *ca = NULL, *cert = NULL;
		char cn[96];

		memset(c, 0, sizeof(*c));
		snprintf(c->name, sizeof(c->name), "%s", name);
		snprintf(cn, sizeof(cn), "%s CA", name);
		if (ca_key != NULL && key != NULL && log_key != NULL &&
		    (ca = cert_new(ca_key, cn, NULL, NULL, true)) != NULL &&
		    (cert = cert_new(key, name, ca, ca_key, false)) != NULL) {
			c->ca_pem = pem_of(ca);
			c->cert_pem = pem_of(cert);
			c->log_key = note_vkey(name, log_key);
			c->witness_key = note_cosig_vkey(name, key);
		}
		X509_free(cert);
		X509_free(ca);
		EVP_PKEY_free(log_key);
		EVP_PKEY_free(key);
		EVP_PKEY_free(ca_key);
		if (c->ca_pem == NULL || c->cert_pem == NULL || c->log_key == NULL ||
		    c->witness_key == NULL) {
			card_free(c);
			return -1;
		}
		if (!card_tagged(c))
			return 0;
		card_free(c);
	}
	return -1;
}

/* The card as sent, naming unit (its code: the top unit its server serves). */
static void
card_msg(const struct card *c, const char *unit, Sk__V1__LinkCard *m)
{
	sk__v1__link_card__init(m);
	m->name = (char *)c->name;
	m->unit_code = (char *)unit;
	m->address = CARD_ADDRESS;
	m->ca_pem = c->ca_pem;
	m->cert_pem = c->cert_pem;
	m->log_key = c->log_key;
	m->witness_key = c->witness_key;
}

/* The unit's id, as the server numbers it (from a user's Hello). */
static uint32_t
unit_id_of(enum unit un)
{
	static const enum user reader[NUNITS] = { VT_HM, VT_SP, VP_PT };
	const Sk__V1__HelloResponse *h = skc_hello(conn[reader[un]]);

	return h != NULL && h->unit != NULL ? h->unit->id : 0;
}

/*
 * The servers linked before the matrix, by the administrators of the units
 * that may (the district's, ROOT, reaches the units below it): each is a
 * user "peer.NAME" of the unit it is linked for, which strangers must not
 * see listed nor reach. Downstream, the card names the unit below;
 * upstream, the level above is linked for the administrator's own unit.
 */
static const struct setup_peer {
	enum user by;
	const char *name;
	bool upstream;
	enum unit unit;
} setup_peers[] = {
	{ ROOT, "iso-hm-down", false, HM },
	{ QT_HM, "iso-hm-up", true, HM },
	{ ROOT, "iso-pt-up", true, PT },
	{ ROOT, "iso-sp-down", false, SP },
};
#define NPEERS (sizeof(setup_peers) / sizeof(setup_peers[0]))

static char peer_login[NPEERS][80];

/* The cards the strangers send (PeerAdd: downstream, upstream); the
 * controls then send them as the owners. */
static struct card stranger_card[2];
static const char *const stranger_names[2] = { "iso-khach-duoi", "iso-khach-tren" };

/* This server's card, as its first administrator reads it. */
static Sk__V1__LinkCard *server_card;

/* The number of servers linked for unit un (before the controls). */
static size_t
peers_of(enum unit un)
{
	size_t n = 0;

	for (size_t i = 0; i < NPEERS; i++)
		n += setup_peers[i].unit == un;
	return n;
}

/* Is login a server linked for unit un (before the controls)? */
static bool
peer_of(enum unit un, const char *login)
{
	for (size_t i = 0; i < NPEERS; i++)
		if (setup_peers[i].unit == un && strcmp(peer_login[i], login) == 0)
			return true;
	return false;
}

static void
setup_links(void)
{
	for (size_t i = 0; i < NPEERS; i++) {
		const struct setup_peer *sp = &setup_peers[i];
		Sk__V1__LinkCard m;
		Sk__V1__User *u = NULL;
		struct card c;

		snprintf(peer_login[i], sizeof(peer_login[i]), "peer.%s", sp->name);
		if (card_make(&c, sp->name) != 0) {
			OK(SK_INTERNAL, "make a link card");
			continue;
		}
		card_msg(&c, sp->upstream ? UPPER_CODE : unit_codes[sp->unit], &m);
		if (OK(call_peer_add(conn[sp->by], &m, sp->upstream, NULL, &u, &E),
		        peer_login[i]))
			check(strcmp(u->login, peer_login[i]) == 0 &&
			        u->unit_id == unit_id_of(sp->unit) && u->peer != NULL &&
			        u->roles ==
			            (sp->upstream ? ROLE(UPSTREAM) : ROLE(DOWNSTREAM)),
			    "setup: %s linked as %s, a user of %s with the role %s",
			    sp->name, u->login, unit_codes[sp->unit],
			    sp->upstream ? "upstream" : "downstream");
		call_free(u);
		card_free(&c);
	}
	for (size_t i = 0; i < 2; i++)
		if (card_make(&stranger_card[i], stranger_names[i]) != 0)
			OK(SK_INTERNAL, "make a link card");
	if (OK(call_peer_card(conn[ROOT], &server_card, &E), "this server's link card"))
		check(strcmp(server_card->unit_code, unit_codes[PT]) == 0,
		    "setup: the first administrator's card names %s (%s)", unit_codes[PT],
		    server_card->unit_code);
}

/* ---- references to objects, and requests built from them ----------------------- */

struct ref {
	uint64_t ini, session, decision, submission, copy, round;
	uint64_t seq; /* an export's or a report's sequence */
	uint32_t version;
	Sk__V1__Action action;
	bool alt; /* UpperRecord: the outcome, not the proposal; PublishSet: unmark;
	             PeerAdd: upstream, not downstream */
	bool sha_set;
	uint8_t sha[SHA256_LEN];
	uint64_t size;
	const char *login, *unit, *text;
};

enum obj_kind {
	K_NONE = 1 << 0,
	K_INI = 1 << 1,
	K_SESSION = 1 << 2,
	K_DECISION = 1 << 3,
	K_SUBMISSION = 1 << 4,
	K_COPY = 1 << 5,
	K_ROUND = 1 << 6,
	K_FILE = 1 << 7,
	K_USER = 1 << 8,
	K_UNIT = 1 << 9,
	K_TEXT = 1 << 10,
	K_SEQ = 1 << 11,
};

/* Everything one request may point to, alive while it is sent. */
struct reqbuf {
	union {
		Sk__V1__HelloRequest hello;
		Sk__V1__UnitListRequest unit_list;
		Sk__V1__InitiativeCreateRequest icreate;
		Sk__V1__InitiativeGetRequest iget;
		Sk__V1__InitiativeUpdateRequest iupdate;
		Sk__V1__InitiativeListRequest ilist;
		Sk__V1__TransitionRequest transition;
		Sk__V1__HistoryRequest history;
		Sk__V1__OverdueRequest overdue;
		Sk__V1__CouncilSetRequest council_set;
		Sk__V1__CouncilGetRequest council_get;
		Sk__V1__SessionOpenRequest session_open;
		Sk__V1__SessionGetRequest session_get;
		Sk__V1__SessionCloseRequest session_close;
		Sk__V1__VoteRequest vote;
		Sk__V1__DecisionIssueRequest decision_issue;
		Sk__V1__DecisionGetRequest decision_get;
		Sk__V1__CertificateListRequest certificate_list;
		Sk__V1__UserCreateRequest user_create;
		Sk__V1__UserDisableRequest user_disable;
		Sk__V1__UserListRequest user_list;
		Sk__V1__UserEnableRequest user_enable;
		Sk__V1__UserRolesRequest user_roles;
		Sk__V1__UserRenewRequest user_renew;
		Sk__V1__UserGetRequest user_get;
		Sk__V1__RoundCreateRequest round_create;
		Sk__V1__RoundListRequest round_list;
		Sk__V1__RoundCloseRequest round_close;
		Sk__V1__ForwardNominateRequest nominate;
		Sk__V1__ForwardCompleteRequest complete;
		Sk__V1__ForwardSendRequest send;
		Sk__V1__SubmissionGetRequest submission_get;
		Sk__V1__SubmissionListRequest submission_list;
		Sk__V1__InboxRequest inbox;
		Sk__V1__CopyGetRequest copy_get;
		Sk__V1__UpperRecordRequest upper;
		Sk__V1__CommendationListRequest commendation_list;
		Sk__V1__AwardRecordRequest award_record;
		Sk__V1__PublishSetRequest publish_set;
		Sk__V1__PublishedListRequest published_list;
		Sk__V1__DistrictSummaryRequest district_summary;
		Sk__V1__AttachmentBeginRequest att_begin;
		Sk__V1__AttachmentChunkRequest att_chunk;
		Sk__V1__AttachmentFinishRequest att_finish;
		Sk__V1__AttachmentListRequest att_list;
		Sk__V1__AttachmentGetRequest att_get;
		Sk__V1__LogCheckpointRequest log_checkpoint;
		Sk__V1__LogEntriesRequest log_entries;
		Sk__V1__LogProofRequest log_proof;
		Sk__V1__PeerCardRequest peer_card;
		Sk__V1__PeerAddRequest peer_add;
		Sk__V1__PeerListRequest peer_list;
		Sk__V1__ExportListRequest export_list;
		Sk__V1__ExportFileRequest export_file;
		Sk__V1__ReportListRequest report_list;
		Sk__V1__PeerStatusRequest peer_status;
		Sk__V1__AdminStatsRequest admin_stats;
		Sk__V1__PeerSyncRequest peer_sync;
		Sk__V1__CosignRequest cosign;
		Sk__V1__StatsRequest stats;
	} m;
	Sk__V1__LinkCard card;
	Sk__V1__Initiative in;
	Sk__V1__Author au, *aup;
	Sk__V1__Council council;
	Sk__V1__CouncilMember cm[2], *cmp[2];
	Sk__V1__Ballot ballot;
	Sk__V1__Attachment att;
	Sk__V1__Award award;
	uint64_t ids[1];
	uint8_t sha[SHA256_LEN];
	uint8_t data[16];
};

static char *
str(const char *s)
{
	return (char *)(s != NULL ? s : "");
}

/* A valid application (the content of a create or an update). */
static void
build_content(struct reqbuf *b, const struct ref *r)
{
	sk__v1__initiative__init(&b->in);
	sk__v1__author__init(&b->au);
	b->au.name = "Trần Văn Kiểm";
	b->au.share = 10000;
	b->au.login = str(r->login);
	b->aup = &b->au;
	b->in.id = r->ini;
	b->in.title = "Sáng kiến để thử";
	b->in.category = 3;
	b->in.field = "Cải cách hành chính";
	b->in.description = "Mô tả.";
	b->in.benefits = "Lợi ích.";
	b->in.application = SK__V1__APPLICATION__APPLIED;
	b->in.first_applied = first_applied;
	b->in.n_authors = 1;
	b->in.authors = &b->aup;
}

/*
 * The request of call naming what r names, as me; false for a call this
 * test has no builder for (then the call fails the test: a new call needs
 * its row in plans[] and here).
 */
static bool
build(Sk__V1__Request__CallCase call, const struct ref *r, const char *me,
    struct reqbuf *b, Sk__V1__Request *req)
{
	ProtobufCMessage *q;

	memset(b, 0, sizeof(*b));
	sk__v1__request__init(req);
	b->ids[0] = r->ini;
	memcpy(b->sha, r->sha, SHA256_LEN);
	memset(b->data, 0x41, sizeof(b->data));
	switch (call) {
	case C(HELLO):
		sk__v1__hello_request__init(&b->m.hello);
		b->m.hello.protocol = 1;
		b->m.hello.client = "test_isolation";
		q = &b->m.hello.base;
		break;
	case C(UNIT_LIST):
		sk__v1__unit_list_request__init(&b->m.unit_list);
		b->m.unit_list.query = str(r->text);
		q = &b->m.unit_list.base;
		break;
	case C(INITIATIVE_CREATE):
		sk__v1__initiative_create_request__init(&b->m.icreate);
		build_content(b, r);
		b->m.icreate.initiative = &b->in;
		q = &b->m.icreate.base;
		break;
	case C(INITIATIVE_GET):
		sk__v1__initiative_get_request__init(&b->m.iget);
		b->m.iget.id = r->ini;
		q = &b->m.iget.base;
		break;
	case C(INITIATIVE_UPDATE):
		sk__v1__initiative_update_request__init(&b->m.iupdate);
		build_content(b, r);
		b->au.login = "";
		b->m.iupdate.initiative = &b->in;
		b->m.iupdate.expected_version = r->version;
		q = &b->m.iupdate.base;
		break;
	case C(INITIATIVE_LIST):
		sk__v1__initiative_list_request__init(&b->m.ilist);
		b->m.ilist.query = str(r->text);
		q = &b->m.ilist.base;
		break;
	case C(TRANSITION):
		sk__v1__transition_request__init(&b->m.transition);
		b->m.transition.id = r->ini;
		b->m.transition.action = r->action;
		b->m.transition.reason = "Lý do thử";
		b->m.transition.expected_version = r->version;
		q = &b->m.transition.base;
		break;
	case C(HISTORY):
		sk__v1__history_request__init(&b->m.history);
		b->m.history.id = r->ini;
		q = &b->m.history.base;
		break;
	case C(OVERDUE):
		sk__v1__overdue_request__init(&b->m.overdue);
		q = &b->m.overdue.base;
		break;
	case C(COUNCIL_SET):
		/* The caller chairs it; the other's user is a member. */
		sk__v1__council_set_request__init(&b->m.council_set);
		sk__v1__council__init(&b->council);
		for (size_t i = 0; i < 2; i++) {
			sk__v1__council_member__init(&b->cm[i]);
			b->cmp[i] = &b->cm[i];
		}
		b->cm[0].login = str(me);
		b->cm[0].role = SK__V1__COUNCIL_ROLE__CHAIR;
		b->cm[1].login = str(r->login);
		b->cm[1].role = SK__V1__COUNCIL_ROLE__MEMBER;
		b->council.n_members = 2;
		b->council.members = b->cmp;
		b->m.council_set.council = &b->council;
		q = &b->m.council_set.base;
		break;
	case C(COUNCIL_GET):
		sk__v1__council_get_request__init(&b->m.council_get);
		q = &b->m.council_get.base;
		break;
	case C(SESSION_OPEN):
		sk__v1__session_open_request__init(&b->m.session_open);
		b->m.session_open.title = "Phiên thử";
		b->m.session_open.held_on = today;
		b->m.session_open.n_initiative_ids = 1;
		b->m.session_open.initiative_ids = b->ids;
		q = &b->m.session_open.base;
		break;
	case C(SESSION_GET):
		sk__v1__session_get_request__init(&b->m.session_get);
		b->m.session_get.id = r->session;
		q = &b->m.session_get.base;
		break;
	case C(SESSION_CLOSE):
		sk__v1__session_close_request__init(&b->m.session_close);
		b->m.session_close.id = r->session;
		q = &b->m.session_close.base;
		break;
	case C(VOTE):
		sk__v1__vote_request__init(&b->m.vote);
		sk__v1__ballot__init(&b->ballot);
		b->ballot.initiative_id = r->ini;
		b->ballot.vote = SK__V1__VOTE__YES;
		b->m.vote.session_id = r->session;
		b->m.vote.ballot = &b->ballot;
		q = &b->m.vote.base;
		break;
	case C(DECISION_ISSUE):
		sk__v1__decision_issue_request__init(&b->m.decision_issue);
		b->m.decision_issue.number = "99/QĐ-THU";
		b->m.decision_issue.signed_on = today;
		b->m.decision_issue.n_initiative_ids = 1;
		b->m.decision_issue.initiative_ids = b->ids;
		q = &b->m.decision_issue.base;
		break;
	case C(DECISION_GET):
		sk__v1__decision_get_request__init(&b->m.decision_get);
		b->m.decision_get.id = r->decision;
		q = &b->m.decision_get.base;
		break;
	case C(CERTIFICATE_LIST):
		sk__v1__certificate_list_request__init(&b->m.certificate_list);
		b->m.certificate_list.initiative_id = r->ini;
		q = &b->m.certificate_list.base;
		break;
	case C(USER_CREATE):
		sk__v1__user_create_request__init(&b->m.user_create);
		b->m.user_create.login = "moi.thu";
		b->m.user_create.name = "Người mới";
		b->m.user_create.unit_code = str(r->unit);
		b->m.user_create.roles = ROLE(AUTHOR);
		q = &b->m.user_create.base;
		break;
	case C(USER_DISABLE):
		sk__v1__user_disable_request__init(&b->m.user_disable);
		b->m.user_disable.login = str(r->login);
		q = &b->m.user_disable.base;
		break;
	case C(USER_LIST):
		sk__v1__user_list_request__init(&b->m.user_list);
		b->m.user_list.unit_code = str(r->unit);
		q = &b->m.user_list.base;
		break;
	case C(USER_ENABLE):
		sk__v1__user_enable_request__init(&b->m.user_enable);
		b->m.user_enable.login = str(r->login);
		q = &b->m.user_enable.base;
		break;
	case C(USER_ROLES):
		sk__v1__user_roles_request__init(&b->m.user_roles);
		b->m.user_roles.login = str(r->login);
		b->m.user_roles.roles = ROLE(AUTHOR);
		q = &b->m.user_roles.base;
		break;
	case C(USER_RENEW):
		sk__v1__user_renew_request__init(&b->m.user_renew);
		b->m.user_renew.login = str(r->login);
		q = &b->m.user_renew.base;
		break;
	case C(USER_GET):
		sk__v1__user_get_request__init(&b->m.user_get);
		b->m.user_get.login = str(r->login);
		q = &b->m.user_get.base;
		break;
	case C(ROUND_CREATE):
		sk__v1__round_create_request__init(&b->m.round_create);
		b->m.round_create.name = "Đợt thử";
		b->m.round_create.opens_on = round_from;
		b->m.round_create.closes_on = round_to;
		q = &b->m.round_create.base;
		break;
	case C(ROUND_LIST):
		sk__v1__round_list_request__init(&b->m.round_list);
		b->m.round_list.unit_code = str(r->unit);
		q = &b->m.round_list.base;
		break;
	case C(ROUND_CLOSE):
		sk__v1__round_close_request__init(&b->m.round_close);
		b->m.round_close.id = r->round;
		q = &b->m.round_close.base;
		break;
	case C(FORWARD_NOMINATE):
		sk__v1__forward_nominate_request__init(&b->m.nominate);
		b->m.nominate.number = "99/TTr-THU";
		b->m.nominate.signed_on = today;
		b->m.nominate.reasons = "Lý do thử";
		b->m.nominate.sector = "khac";
		b->m.nominate.n_initiative_ids = 1;
		b->m.nominate.initiative_ids = b->ids;
		q = &b->m.nominate.base;
		break;
	case C(FORWARD_COMPLETE):
		sk__v1__forward_complete_request__init(&b->m.complete);
		b->m.complete.initiative_id = r->ini;
		b->m.complete.scope = "Phạm vi thử";
		q = &b->m.complete.base;
		break;
	case C(FORWARD_SEND):
		sk__v1__forward_send_request__init(&b->m.send);
		b->m.send.submission_id = r->submission;
		q = &b->m.send.base;
		break;
	case C(SUBMISSION_GET):
		sk__v1__submission_get_request__init(&b->m.submission_get);
		b->m.submission_get.id = r->submission;
		q = &b->m.submission_get.base;
		break;
	case C(SUBMISSION_LIST):
		sk__v1__submission_list_request__init(&b->m.submission_list);
		q = &b->m.submission_list.base;
		break;
	case C(INBOX):
		sk__v1__inbox_request__init(&b->m.inbox);
		b->m.inbox.unit_code = str(r->unit);
		b->m.inbox.round_id = r->round;
		q = &b->m.inbox.base;
		break;
	case C(COPY_GET):
		sk__v1__copy_get_request__init(&b->m.copy_get);
		b->m.copy_get.id = r->copy;
		q = &b->m.copy_get.base;
		break;
	case C(UPPER_RECORD):
		sk__v1__upper_record_request__init(&b->m.upper);
		b->m.upper.initiative_id = r->ini;
		b->m.upper.outcome = r->alt;
		b->m.upper.number = "99/TTr-THU";
		b->m.upper.signed_on = today;
		b->m.upper.recognised = r->alt;
		b->m.upper.note = r->alt ? "Ghi chú thử" : "";
		q = &b->m.upper.base;
		break;
	case C(COMMENDATION_LIST):
		sk__v1__commendation_list_request__init(&b->m.commendation_list);
		q = &b->m.commendation_list.base;
		break;
	case C(AWARD_RECORD):
		sk__v1__award_record_request__init(&b->m.award_record);
		sk__v1__award__init(&b->award);
		b->award.name = "Chiến sĩ thi đua cơ sở";
		b->award.decision_number = "99/QĐ-THU";
		b->award.signed_on = today;
		b->m.award_record.initiative_id = r->ini;
		b->m.award_record.award = &b->award;
		q = &b->m.award_record.base;
		break;
	case C(PUBLISH_SET):
		sk__v1__publish_set_request__init(&b->m.publish_set);
		b->m.publish_set.initiative_id = r->ini;
		b->m.publish_set.published = !r->alt;
		q = &b->m.publish_set.base;
		break;
	case C(PUBLISHED_LIST):
		sk__v1__published_list_request__init(&b->m.published_list);
		b->m.published_list.unit_code = str(r->unit);
		q = &b->m.published_list.base;
		break;
	case C(DISTRICT_SUMMARY):
		sk__v1__district_summary_request__init(&b->m.district_summary);
		b->m.district_summary.round_id = r->round;
		q = &b->m.district_summary.base;
		break;
	case C(STATS):
		sk__v1__stats_request__init(&b->m.stats);
		b->m.stats.unit_code = str(r->unit);
		q = &b->m.stats.base;
		break;
	case C(ATTACHMENT_BEGIN):
		sk__v1__attachment_begin_request__init(&b->m.att_begin);
		sk__v1__attachment__init(&b->att);
		b->att.sha256.data = b->sha;
		b->att.sha256.len = SHA256_LEN;
		b->att.name = "bao-cao.pdf";
		b->att.media_type = "application/pdf";
		b->att.size = r->size;
		b->m.att_begin.initiative_id = r->ini;
		b->m.att_begin.attachment = &b->att;
		q = &b->m.att_begin.base;
		break;
	case C(ATTACHMENT_CHUNK):
		sk__v1__attachment_chunk_request__init(&b->m.att_chunk);
		b->m.att_chunk.initiative_id = r->ini;
		b->m.att_chunk.sha256.data = b->sha;
		b->m.att_chunk.sha256.len = SHA256_LEN;
		b->m.att_chunk.data.data = b->data;
		b->m.att_chunk.data.len = sizeof(b->data);
		q = &b->m.att_chunk.base;
		break;
	case C(ATTACHMENT_FINISH):
		sk__v1__attachment_finish_request__init(&b->m.att_finish);
		b->m.att_finish.initiative_id = r->ini;
		b->m.att_finish.sha256.data = b->sha;
		b->m.att_finish.sha256.len = SHA256_LEN;
		q = &b->m.att_finish.base;
		break;
	case C(ATTACHMENT_LIST):
		sk__v1__attachment_list_request__init(&b->m.att_list);
		b->m.att_list.initiative_id = r->ini;
		q = &b->m.att_list.base;
		break;
	case C(ATTACHMENT_GET):
		sk__v1__attachment_get_request__init(&b->m.att_get);
		b->m.att_get.initiative_id = r->ini;
		b->m.att_get.sha256.data = b->sha;
		b->m.att_get.sha256.len = SHA256_LEN;
		q = &b->m.att_get.base;
		break;
	case C(LOG_CHECKPOINT):
		sk__v1__log_checkpoint_request__init(&b->m.log_checkpoint);
		b->m.log_checkpoint.unit_code = str(r->unit);
		q = &b->m.log_checkpoint.base;
		break;
	case C(LOG_ENTRIES):
		sk__v1__log_entries_request__init(&b->m.log_entries);
		b->m.log_entries.unit_code = str(r->unit);
		b->m.log_entries.start = r->size; /* 0 but for the size probe */
		b->m.log_entries.end = r->size + 1;
		q = &b->m.log_entries.base;
		break;
	case C(LOG_PROOF):
		sk__v1__log_proof_request__init(&b->m.log_proof);
		b->m.log_proof.unit_code = str(r->unit);
		b->m.log_proof.tree_size = 2;
		b->m.log_proof.index = 0;
		q = &b->m.log_proof.base;
		break;
	case C(PEER_CARD):
		sk__v1__peer_card_request__init(&b->m.peer_card);
		q = &b->m.peer_card.base;
		break;
	case C(PEER_ADD):
		/* Downstream, the card names the unit (of the server below);
		 * upstream, the request does (the unit here it is above). */
		sk__v1__peer_add_request__init(&b->m.peer_add);
		card_msg(&stranger_card[r->alt], r->alt ? UPPER_CODE : str(r->unit),
		    &b->card);
		b->m.peer_add.card = &b->card;
		b->m.peer_add.upstream = r->alt;
		b->m.peer_add.unit_code = r->alt ? str(r->unit) : "";
		q = &b->m.peer_add.base;
		break;
	case C(PEER_LIST):
		sk__v1__peer_list_request__init(&b->m.peer_list);
		q = &b->m.peer_list.base;
		break;
	case C(EXPORT_LIST):
		sk__v1__export_list_request__init(&b->m.export_list);
		b->m.export_list.from = r->seq;
		q = &b->m.export_list.base;
		break;
	case C(EXPORT_FILE):
		sk__v1__export_file_request__init(&b->m.export_file);
		b->m.export_file.seq = r->seq;
		b->m.export_file.sha256.data = b->sha;
		b->m.export_file.sha256.len = SHA256_LEN;
		q = &b->m.export_file.base;
		break;
	case C(REPORT_LIST):
		sk__v1__report_list_request__init(&b->m.report_list);
		b->m.report_list.from = r->seq;
		q = &b->m.report_list.base;
		break;
	case C(PEER_STATUS):
		sk__v1__peer_status_request__init(&b->m.peer_status);
		q = &b->m.peer_status.base;
		break;
	case C(ADMIN_STATS):
		sk__v1__admin_stats_request__init(&b->m.admin_stats);
		q = &b->m.admin_stats.base;
		break;
	case C(PEER_SYNC):
		sk__v1__peer_sync_request__init(&b->m.peer_sync);
		q = &b->m.peer_sync.base;
		break;
	case C(COSIGN):
		/* Only a linked server cosigns: a person is refused whatever
		 * it names. */
		sk__v1__cosign_request__init(&b->m.cosign);
		b->m.cosign.checkpoint = r->seq == 1 ? "sk.x/xa-hat-mon\n1\nAA==\n" : "";
		b->m.cosign.cosignature = "\xe2\x80\x94 pt/witness AAAA\n";
		q = &b->m.cosign.base;
		break;
	default: return false;
	}
	return call_wrap(req, q) == 0;
}

/* ---- answers ------------------------------------------------------------------------ */

struct answer {
	int code; /* -1: no answer (the connection failed) */
	char msg[MSG_MAX];
	uint8_t *result; /* the response packed without id and status */
	size_t result_len;
	uint8_t *all; /* the whole response as received */
	size_t all_len;
};

static void
answer_free(struct answer *a)
{
	free(a->result);
	free(a->all);
	memset(a, 0, sizeof(*a));
}

static uint8_t *
pack(const ProtobufCMessage *m, size_t *len)
{
	uint8_t *buf;

	*len = protobuf_c_message_get_packed_size(m);
	if ((buf = malloc(*len ? *len : 1)) == NULL)
		abort();
	protobuf_c_message_pack(m, buf);
	return buf;
}

static long asked; /* requests sent */

/* Send req as u and wait for its answer; a connection the server closed
 * (an id-0 answer) or lost is made again for the next request. */
static void
ask(enum user u, Sk__V1__Request *req, struct answer *a)
{
	struct sk_error err = { 0 };
	Sk__V1__Response *r = NULL;
	Sk__V1__Status *st;
	uint64_t id;

	memset(a, 0, sizeof(*a));
	a->code = -1;
	req->id = 0;
	asked++;
	if (skc_send(conn[u], req, &err) != 0)
		goto lost;
	for (;;) {
		if (skc_recv(conn[u], &r, &err) != 0)
			goto lost;
		if (r->id == req->id || r->id == 0)
			break;
		sk__v1__response__free_unpacked(r, NULL);
	}
	a->code = tclient_code(r);
	snprintf(a->msg, sizeof(a->msg), "%s",
	    r->status != NULL && r->status->message != NULL ? r->status->message : "");
	a->all = pack(&r->base, &a->all_len);
	st = r->status;
	id = r->id;
	r->status = NULL;
	r->id = 0;
	a->result = pack(&r->base, &a->result_len);
	r->status = st;
	if (id == 0) {
		printf("     %s: the server closed the connection: %s\n", login_of(u),
		    a->msg);
		connect_user(u);
	}
	sk__v1__response__free_unpacked(r, NULL);
	return;
lost:
	snprintf(a->msg, sizeof(a->msg), "no answer: %s", err.msg);
	printf("     %s: connection lost: %s\n", login_of(u), err.msg);
	connect_user(u);
}

/* ---- comparing two answers, the names they were asked with swapped ------------------ */

struct subst {
	char a[80], b[80];
};

struct substs {
	struct subst v[8];
	size_t n;
};

static void
subst_add(struct substs *s, const char *a, const char *b)
{
	if (s->n < 8 && strcmp(a, b) != 0) {
		snprintf(s->v[s->n].a, sizeof(s->v[s->n].a), "%s", a);
		snprintf(s->v[s->n].b, sizeof(s->v[s->n].b), "%s", b);
		s->n++;
	}
}

static void
subst_num(struct substs *s, uint64_t a, uint64_t b)
{
	char x[24], y[24];

	snprintf(x, sizeof(x), "%" PRIu64, a);
	snprintf(y, sizeof(y), "%" PRIu64, b);
	subst_add(s, x, y);
}

/* The names in which x and y differ, as messages would print them. */
static void
substs_of(const struct ref *x, const struct ref *y, struct substs *s)
{
	s->n = 0;
	subst_num(s, x->ini, y->ini);
	subst_num(s, x->session, y->session);
	subst_num(s, x->decision, y->decision);
	subst_num(s, x->submission, y->submission);
	subst_num(s, x->copy, y->copy);
	subst_num(s, x->round, y->round);
	subst_num(s, x->seq, y->seq);
	if (memcmp(x->sha, y->sha, SHA256_LEN) != 0) {
		char hx[2 * SHA256_LEN + 1], hy[2 * SHA256_LEN + 1];

		sha256_hex(x->sha, SHA256_LEN, hx);
		sha256_hex(y->sha, SHA256_LEN, hy);
		subst_add(s, hx, hy);
		hx[16] = hy[16] = '\0'; /* the prefix messages print */
		subst_add(s, hx, hy);
	}
	subst_add(s, str(x->login), str(y->login));
	subst_add(s, str(x->unit), str(y->unit));
	subst_add(s, str(x->text), str(y->text));
}

static bool
is_digits(const char *s)
{
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Replace every needle in s (a whole number, when it is digits) by with. */
static void
replace_all(char *s, size_t cap, const char *needle, const char *with)
{
	char out[MSG_MAX * 2];
	size_t n = strlen(needle), o = 0;
	bool digits = is_digits(needle);
	const char *p = s;

	if (n == 0)
		return;
	while (*p != '\0' && o + strlen(with) + 2 < sizeof(out)) {
		bool hit = strncmp(p, needle, n) == 0;

		if (hit && digits)
			hit = (p == s || p[-1] < '0' || p[-1] > '9') &&
			    (p[n] < '0' || p[n] > '9');
		if (hit) {
			o += (size_t)snprintf(out + o, sizeof(out) - o, "%s", with);
			p += n;
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
	if (o >= cap)
		o = cap - 1;
	memcpy(s, out, o);
	s[o] = '\0';
}

/* msg with both names of each pair made one placeholder, longest first. */
static void
normalise(const char *msg, const struct substs *s, char *out, size_t cap)
{
	bool done[16] = { false };

	snprintf(out, cap, "%s", msg);
	for (size_t round = 0; round < 2 * s->n; round++) {
		size_t best = 0, len = 0;
		const char *needle = NULL;
		char ph[16];

		for (size_t k = 0; k < 2 * s->n; k++) {
			const char *c = k % 2 == 0 ? s->v[k / 2].a : s->v[k / 2].b;

			if (!done[k] && strlen(c) >= len) {
				best = k;
				len = strlen(c);
				needle = c;
			}
		}
		if (needle == NULL)
			break;
		done[best] = true;
		/* No digits in it: numbers replaced later must not match. */
		snprintf(ph, sizeof(ph), "<%c>", 'a' + (int)(best / 2));
		replace_all(out, cap, needle, ph);
	}
}

/* The same answer, but for the names the two requests were asked with? */
static bool
same_answer(const struct answer *x, const struct answer *y, const struct substs *s)
{
	char nx[MSG_MAX], ny[MSG_MAX];

	if (x->code != y->code || x->code < 0)
		return false;
	normalise(x->msg, s, nx, sizeof(nx));
	normalise(y->msg, s, ny, sizeof(ny));
	if (strcmp(nx, ny) != 0)
		return false;
	return x->code != 0 ||
	    (x->result_len == y->result_len &&
	        memcmp(x->result, y->result, x->result_len) == 0);
}

/* ---- the other unit's data, searched for in answers ------------------------------- */

struct mark {
	const void *p;
	size_t n;
	const char *what;
};

static struct mark marks[NUNITS][MARKS_MAX];
static size_t nmarks[NUNITS];

static void
mark_add(enum unit u, const void *p, size_t n, const char *what)
{
	if (nmarks[u] < MARKS_MAX)
		marks[u][nmarks[u]++] = (struct mark){ p, n, what };
}

/* Every unit's titles, names and numbers carry its tag (HMX, SPX, PTX);
 * its users' logins and its files' hashes are its too. */
static void
marks_init(void)
{
	static const char *const tags[NUNITS] = { "HMX", "SPX", "PTX" };

	for (int u = 0; u < NUNITS; u++)
		mark_add((enum unit)u, tags[u], 3, tags[u]);
	for (int k = 0; k < ROOT; k++)
		mark_add(people[k].unit, people[k].login, strlen(people[k].login),
		    people[k].login);
	mark_add(HM, hm_sha, SHA256_LEN, "the sha256 of Hát Môn's file");
	mark_add(SP, sp_sha, SHA256_LEN, "the sha256 of Sen Phương's file");
	for (size_t i = 0; i < NPEERS; i++)
		mark_add(setup_peers[i].unit, setup_peers[i].name,
		    strlen(setup_peers[i].name), peer_login[i]);
}

/* The first mark of unit u in the answer that the request did not carry. */
static const char *
leak_of(enum unit u, const uint8_t *ans, size_t ans_len, const uint8_t *req,
    size_t req_len)
{
	for (size_t i = 0; i < nmarks[u]; i++) {
		const struct mark *m = &marks[u][i];

		if (ans != NULL && memmem(ans, ans_len, m->p, m->n) != NULL &&
		    memmem(req, req_len, m->p, m->n) == NULL)
			return m->what;
	}
	return NULL;
}

/*
 * The bytes of an answer searched for another unit's data (malloc'd, NULL
 * for no answer). A link card's certificates and log key are base64, in
 * which three letters of a tag may fall by chance: they are left out (the
 * card answered is checked equal to this server's own instead, own_wrong).
 */
static uint8_t *
searched(const struct answer *a, size_t *len)
{
	Sk__V1__Response *r;
	uint8_t *out;

	*len = 0;
	if (a->all == NULL)
		return NULL;
	r = sk__v1__response__unpack(NULL, a->all_len, a->all);
	if (r != NULL && r->result_case == SK__V1__RESPONSE__RESULT_PEER_CARD &&
	    r->peer_card->card != NULL) {
		Sk__V1__LinkCard *c = r->peer_card->card;
		char *ca = c->ca_pem, *cert = c->cert_pem, *key = c->log_key;
		char *wkey = c->witness_key;

		c->ca_pem = c->cert_pem = c->log_key = c->witness_key = "";
		out = pack(&r->base, len);
		c->ca_pem = ca, c->cert_pem = cert, c->log_key = key,
		c->witness_key = wkey;
	} else {
		if ((out = malloc(a->all_len ? a->all_len : 1)) == NULL)
			abort();
		memcpy(out, a->all, a->all_len);
		*len = a->all_len;
	}
	if (r != NULL)
		sk__v1__response__free_unpacked(r, NULL);
	return out;
}

/* What a stranger of kind k must never be shown: the target's data, and
 * for the district's objects, the data of the units that sent them. */
static const char *
leak(enum kind k, const struct answer *a, const Sk__V1__Request *req)
{
	size_t len, alen;
	uint8_t *rb = pack(&req->base, &len), *ab = searched(a, &alen);
	const char *what = leak_of(kinds[k].target, ab, alen, rb, len);

	if (what == NULL && kinds[k].target == PT)
		what = leak_of(SP, ab, alen, rb, len);
	free(ab);
	free(rb);
	return what;
}

/* The failure of an answer that carries what (static storage). */
static const char *
bad_what(const char *what)
{
	static char buf[160];

	snprintf(buf, sizeof(buf), "the answer carries the other unit's data (%s)", what);
	return buf;
}

/* ---- the plan: what each call names, and the exceptions --------------------------- */

static const struct plan {
	Sk__V1__Request__CallCase call;
	unsigned kinds;    /* the objects it can name */
	bool write;        /* a success would change something */
	unsigned equal_ok; /* kinds for which OK, equal to the control's, is fine */
	const char *why;   /* when it can name nothing of another unit's */
} plans[] = {
	{ C(HELLO), K_NONE, false, 0, NULL },
	{ C(UNIT_LIST), K_NONE, false, 0, NULL },
	{ C(INITIATIVE_CREATE), K_USER, true, 0, NULL },
	{ C(INITIATIVE_GET), K_INI, false, 0, NULL },
	{ C(INITIATIVE_UPDATE), K_INI, true, 0, NULL },
	{ C(INITIATIVE_LIST), K_NONE | K_TEXT, false, K_TEXT, NULL },
	{ C(TRANSITION), K_INI, true, 0, NULL },
	{ C(HISTORY), K_INI, false, 0, NULL },
	{ C(OVERDUE), K_NONE, false, 0, NULL },
	{ C(COUNCIL_SET), K_USER, true, 0, NULL },
	{ C(COUNCIL_GET), K_NONE, false, 0, NULL },
	{ C(SESSION_OPEN), K_INI, true, 0, NULL },
	{ C(SESSION_GET), K_SESSION, false, 0, NULL },
	{ C(SESSION_CLOSE), K_SESSION, true, 0, NULL },
	{ C(VOTE), K_SESSION, true, 0, NULL },
	{ C(DECISION_ISSUE), K_INI, true, 0, NULL },
	{ C(DECISION_GET), K_DECISION, false, 0, NULL },
	{ C(CERTIFICATE_LIST), K_INI, false, 0, NULL },
	{ C(USER_CREATE), K_UNIT, true, 0, NULL },
	{ C(USER_DISABLE), K_USER, true, 0, NULL },
	{ C(USER_LIST), K_NONE | K_UNIT, false, 0, NULL },
	{ C(USER_ENABLE), K_USER, true, 0, NULL },
	{ C(USER_ROLES), K_USER, true, 0, NULL },
	{ C(USER_RENEW), K_USER, true, 0, NULL },
	{ C(USER_GET), K_USER, false, 0, NULL },
	{ C(ROUND_CREATE), 0, true, 0,
	    "names nothing: it opens a round of the caller's own level" },
	{ C(ROUND_LIST), K_NONE | K_UNIT, false, 0, NULL },
	{ C(ROUND_CLOSE), K_ROUND, true, 0, NULL },
	{ C(FORWARD_NOMINATE), K_INI, true, 0, NULL },
	{ C(FORWARD_COMPLETE), K_INI, true, 0, NULL },
	{ C(FORWARD_SEND), K_SUBMISSION, true, 0, NULL },
	{ C(SUBMISSION_GET), K_SUBMISSION, false, 0, NULL },
	{ C(SUBMISSION_LIST), K_NONE, false, 0, NULL },
	{ C(INBOX), K_NONE | K_UNIT | K_ROUND, false, K_UNIT | K_ROUND, NULL },
	{ C(COPY_GET), K_COPY, false, 0, NULL },
	{ C(UPPER_RECORD), K_INI, true, 0, NULL },
	{ C(COMMENDATION_LIST), K_NONE, false, 0, NULL },
	{ C(AWARD_RECORD), K_INI, true, 0, NULL },
	{ C(PUBLISH_SET), K_INI, true, 0, NULL },
	{ C(PUBLISHED_LIST), K_NONE | K_UNIT, false, 0, NULL },
	{ C(DISTRICT_SUMMARY), K_NONE | K_ROUND, false, 0, NULL },
	{ C(ATTACHMENT_BEGIN), K_FILE, true, 0, NULL },
	{ C(ATTACHMENT_CHUNK), K_FILE, true, 0, NULL },
	{ C(ATTACHMENT_FINISH), K_FILE, true, 0, NULL },
	{ C(ATTACHMENT_LIST), K_INI, false, 0, NULL },
	{ C(ATTACHMENT_GET), K_FILE, false, 0, NULL },
	{ C(LOG_CHECKPOINT), K_NONE | K_UNIT, false, 0, NULL },
	{ C(LOG_ENTRIES), K_NONE | K_UNIT, false, 0, NULL },
	{ C(LOG_PROOF), K_NONE | K_UNIT, false, 0, NULL },
	{ C(PEER_CARD), K_NONE, false, 0, NULL },
	{ C(PEER_ADD), K_UNIT, true, 0, NULL },
	{ C(PEER_LIST), K_NONE, false, 0, NULL },
	{ C(EXPORT_LIST), K_SEQ, false, 0, NULL },
	{ C(EXPORT_FILE), K_SEQ, false, 0, NULL },
	{ C(REPORT_LIST), K_SEQ, false, 0, NULL },
	{ C(PEER_STATUS), K_NONE, false, 0, NULL },
	{ C(PEER_SYNC), K_NONE, false, 0, NULL },
	{ C(COSIGN), K_SEQ, false, 0, NULL },
	{ C(ADMIN_STATS), K_NONE, false, 0, NULL },
	{ C(STATS), K_NONE | K_UNIT, false, 0, NULL },
};

static const struct plan *
plan_of(uint32_t call)
{
	for (size_t i = 0; i < sizeof(plans) / sizeof(plans[0]); i++)
		if ((uint32_t)plans[i].call == call)
			return &plans[i];
	return NULL;
}

/* OK answers that a row of authz gives these roles on purpose. */
static const struct legit {
	Sk__V1__Request__CallCase call;
	enum kind kind;
	uint32_t roles;
	const char *why;
} legit[] = {
	{ C(LOG_CHECKPOINT), KB, ROLE(AUDITOR),
	    "the district's auditors read the logs of the units below it" },
	{ C(LOG_ENTRIES), KB, ROLE(AUDITOR),
	    "the district's auditors read the logs of the units below it" },
	{ C(LOG_PROOF), KB, ROLE(AUDITOR),
	    "the district's auditors read the logs of the units below it" },
	{ C(ROUND_LIST), KC, ROLE(HEAD),
	    "a unit's head reads the rounds of the level above, to forward" },
	{ C(PUBLISHED_LIST), KA, ANY_ROLE,
	    "what is published is for everyone of the deployment to learn from" },
	{ C(PUBLISHED_LIST), KB, ANY_ROLE,
	    "what is published is for everyone of the deployment to learn from" },
	{ C(PUBLISHED_LIST), KC, ANY_ROLE,
	    "what is published is for everyone of the deployment to learn from" },
	{ C(STATS), KB,
	    ROLE(DISTRICT_OFFICE) | ROLE(HEAD) | ROLE(COUNCIL) | ROLE(COMMENDATION),
	    "a level's office, head, council and commendation office read the figures "
	    "of the units below it (titles of filed dossiers, authors of recognised "
	    "ones)" },
};

static const struct legit *
legit_of(uint32_t call, enum kind k, uint32_t roles)
{
	for (size_t i = 0; i < sizeof(legit) / sizeof(legit[0]); i++)
		if ((uint32_t)legit[i].call == call && legit[i].kind == k &&
		    (legit[i].roles & roles) != 0)
			return &legit[i];
	return NULL;
}

/* The titles of the initiatives marked published (Hát Môn's 5, the
 * district's review): all a published list may show. */
static const char *published_titles[2];

/*
 * What is wrong with the figures answered to a level's roles about the
 * units below it (NULL: nothing): no unit's draft (Hát Môn's initiative 2)
 * is named, only filed ones are listed as overdue, and only recognised
 * ones are credited to authors. Static storage.
 */
static const char *
stats_wrong(const Sk__V1__Response *r)
{
	static char buf[256];
	const Sk__V1__StatsResponse *st = r->stats;

	if (r->result_case != SK__V1__RESPONSE__RESULT_STATS || st == NULL)
		return "the answer is no figures";
	for (size_t i = 0; i < st->n_overdue; i++)
		if (st->overdue[i]->state == ST(DRAFT) ||
		    st->overdue[i]->state == ST(REGISTERED)) {
			snprintf(buf, sizeof(buf), "the figures list %s's draft %" PRIu64,
			    st->overdue[i]->unit_code, st->overdue[i]->initiative_id);
			return buf;
		}
	for (size_t i = 0; i < st->n_authors; i++)
		for (size_t k = 0; k < st->authors[i]->n_credits; k++)
			if (strcmp(st->authors[i]->credits[k]->title, hm_title[2]) == 0)
				return "the figures credit an author with a draft";
	return NULL;
}

/*
 * What is wrong with an OK answer that is public by design (NULL: nothing):
 * a published list holds only initiatives marked published, none with its
 * confidential part, and no unit's confidential token is anywhere in it.
 * Static storage.
 */
static const char *
public_wrong(uint32_t call, const struct answer *a)
{
	static char buf[256];
	Sk__V1__Response *r;
	const char *why = NULL;

	if ((call != C(PUBLISHED_LIST) && call != C(STATS)) || a->code != 0)
		return NULL;
	for (int u = 0; u < NUNITS; u++)
		if (secret_tokens[u] != NULL &&
		    memmem(a->all, a->all_len, secret_tokens[u],
		        strlen(secret_tokens[u])) != NULL) {
			snprintf(buf, sizeof(buf),
			    "the answer carries a confidential part of %s (%s)",
			    unit_codes[u], secret_tokens[u]);
			return buf;
		}
	if ((r = sk__v1__response__unpack(NULL, a->all_len, a->all)) == NULL)
		return "the answer does not decode";
	if (call == C(STATS)) {
		why = stats_wrong(r);
		sk__v1__response__free_unpacked(r, NULL);
		return why;
	}
	if (r->result_case != SK__V1__RESPONSE__RESULT_INITIATIVE_LIST)
		why = "the answer is no initiative list";
	for (size_t i = 0; why == NULL && i < r->initiative_list->n_initiatives; i++) {
		const Sk__V1__Initiative *in = r->initiative_list->initiatives[i];
		bool known_title = false;

		for (size_t k = 0;
		     k < sizeof(published_titles) / sizeof(published_titles[0]); k++)
			known_title = known_title ||
			    (published_titles[k] != NULL &&
			        strcmp(in->title, published_titles[k]) == 0);
		if (!in->published || !known_title || in->confidential[0] != '\0') {
			snprintf(buf, sizeof(buf),
			    "the published list shows initiative %" PRIu64
			    " \"%.80s\"%s%s%s",
			    in->id, in->title,
			    in->published ? "" : ", not marked published",
			    known_title ? "" : ", not one that was published",
			    in->confidential[0] != '\0' ? ", with its confidential part" :
			                                  "");
			why = buf;
		}
	}
	sk__v1__response__free_unpacked(r, NULL);
	return why;
}

/* Calls only these roles may make: anyone else is refused
 * (PERMISSION_DENIED) whatever the call names; anyone with them is
 * answered, about their own unit alone (own_wrong). */
static const struct only {
	Sk__V1__Request__CallCase call;
	uint32_t roles;
} only[] = {
	{ C(PEER_CARD), ROLE(ADMIN) },
	{ C(PEER_LIST), ROLE(ADMIN) },
	{ C(PEER_STATUS), ROLE(ADMIN) },
	{ C(PEER_SYNC), ROLE(ADMIN) },
	{ C(ADMIN_STATS), ROLE(ADMIN) },
};

/* The server's figures, as an admin of un sees them: the storage of un
 * alone (the units of the matrix have none below them). */
static const char *
admin_stats_wrong(const Sk__V1__Response *r, enum unit un, char *buf, size_t sz)
{
	const Sk__V1__AdminStatsResponse *st;

	if (r->result_case != SK__V1__RESPONSE__RESULT_ADMIN_STATS)
		return "the answer is no server figures";
	st = r->admin_stats;
	for (size_t i = 0; i < st->n_units; i++)
		if (strcmp(st->units[i]->unit_code, unit_codes[un]) != 0) {
			snprintf(buf, sz,
			    "the figures show the storage of %s to an admin of %s",
			    st->units[i]->unit_code, unit_codes[un]);
			return buf;
		}
	if (st->n_units != 1)
		return "the figures miss the storage of the admin's own unit";
	return NULL;
}

/* How the links stand, as an admin of un sees it: only un's links. */
static const char *
status_wrong(const Sk__V1__Response *r, enum unit un, char *buf, size_t sz)
{
	const Sk__V1__PeerStatusResponse *st;

	if (r->result_case != SK__V1__RESPONSE__RESULT_PEER_STATUS)
		return "the answer is no link status";
	st = r->peer_status;
	for (size_t i = 0; i < st->n_peers; i++)
		if (!peer_of(un, st->peers[i]->login)) {
			snprintf(buf, sz, "the status shows %s, not a link of %s",
			    st->peers[i]->login, unit_codes[un]);
			return buf;
		}
	if (st->n_peers != peers_of(un)) {
		snprintf(buf, sz, "the status holds %zu links, not the %zu of %s",
		    st->n_peers, peers_of(un), unit_codes[un]);
		return buf;
	}
	return NULL;
}

/*
 * What is wrong with the answer to a call naming nothing, by u of kind k
 * (NULL: nothing): a call of only[] answered to whoever lacks its roles,
 * or refused to whoever has them; a link card other than this server's
 * own, with the caller's unit; a list of linked servers holding others
 * than those of the caller's unit (the units of (a) and (c) have none
 * below them). Static storage.
 */
static const char *
own_wrong(enum kind k, enum user u, uint32_t call, const struct answer *a)
{
	static char buf[256];
	enum unit un = kinds[k].from;
	const Sk__V1__LinkCard *c;
	Sk__V1__Response *r;
	const char *why = NULL;

	for (size_t i = 0; i < sizeof(only) / sizeof(only[0]); i++) {
		bool may = (roles_of(u) & only[i].roles) != 0;

		if ((uint32_t)only[i].call != call)
			continue;
		if (!may && a->code != SK_PERMISSION_DENIED)
			return "answered otherwise than PERMISSION_DENIED, to a caller "
			       "without the role";
		if (may && a->code != 0)
			return "refused to a caller with the role";
	}
	if (a->code != 0 ||
	    (call != C(PEER_CARD) && call != C(PEER_LIST) && call != C(PEER_STATUS) &&
	        call != C(PEER_SYNC) && call != C(ADMIN_STATS)))
		return NULL;
	if ((r = sk__v1__response__unpack(NULL, a->all_len, a->all)) == NULL)
		return "the answer does not decode";
	if (call == C(PEER_CARD)) {
		c = r->result_case == SK__V1__RESPONSE__RESULT_PEER_CARD ?
		    r->peer_card->card :
		    NULL;
		if (c == NULL || server_card == NULL)
			why = "the answer is no link card";
		else if (strcmp(c->unit_code, unit_codes[un]) != 0) {
			snprintf(buf, sizeof(buf),
			    "the card names unit %s, not the caller's", c->unit_code);
			why = buf;
		} else if (strcmp(c->name, server_card->name) != 0 ||
		    strcmp(c->address, server_card->address) != 0 ||
		    strcmp(c->ca_pem, server_card->ca_pem) != 0 ||
		    strcmp(c->cert_pem, server_card->cert_pem) != 0 ||
		    strcmp(c->log_key, server_card->log_key) != 0)
			why = "the card is not this server's, as its first administrator "
			      "reads it";
	} else if (call == C(PEER_STATUS) || call == C(PEER_SYNC)) {
		why = status_wrong(r, un, buf, sizeof(buf));
	} else if (call == C(ADMIN_STATS)) {
		why = admin_stats_wrong(r, un, buf, sizeof(buf));
	} else if (r->result_case != SK__V1__RESPONSE__RESULT_USER_LIST)
		why = "the answer is no user list";
	else {
		for (size_t i = 0; why == NULL && i < r->user_list->n_users; i++) {
			const Sk__V1__User *v = r->user_list->users[i];

			if (v->peer == NULL || v->unit_id != unit_id_of(un)) {
				snprintf(buf, sizeof(buf),
				    "the list shows %s, of unit %u%s", v->login,
				    v->unit_id,
				    v->peer == NULL ? ", not a linked server" : "");
				why = buf;
			}
		}
		if (why == NULL && r->user_list->n_users != peers_of(un)) {
			snprintf(buf, sizeof(buf),
			    "the list holds %zu linked servers, not the %zu of %s",
			    r->user_list->n_users, peers_of(un), unit_codes[un]);
			why = buf;
		}
	}
	sk__v1__response__free_unpacked(r, NULL);
	return why;
}

/*
 * Differences known in the server: their checks fail, marked KNOWN, until
 * it is fixed. Each: the call, the object kind, the callers it fails for
 * (0: any), and what goes wrong; the list ends with an entry without
 * what. None today: the users' calls that told another unit's logins
 * from unknown ones (UserRenew, UserGet, UserDisable, UserEnable,
 * UserRoles), found when this test was written, answer them as unknown
 * since the server's "user scope" fix.
 */
static const struct known {
	Sk__V1__Request__CallCase call;
	unsigned kinds;
	uint32_t roles; /* the callers it fails for; 0: any */
	const char *what;
} known[] = {
	{ SK__V1__REQUEST__CALL__NOT_SET, 0, 0, NULL },
};

static const struct known *
known_of(uint32_t call, unsigned kind, uint32_t roles)
{
	for (size_t i = 0; known[i].what != NULL; i++)
		if ((uint32_t)known[i].call == call && (known[i].kinds & kind) != 0 &&
		    (known[i].roles == 0 || (known[i].roles & roles) != 0))
			return &known[i];
	return NULL;
}

/* ---- the objects --------------------------------------------------------------------- */

struct obj {
	char label[96];
	unsigned kind;
	enum fam fam; /* of the id that may also be the caller's own */
	uint64_t id;  /* that id */
	struct ref other, never, empty;
};

static struct obj objs[NUNITS][OBJS_MAX];
static size_t nobjs[NUNITS];

static struct obj *obj_new(enum unit u, unsigned kind, enum fam fam, uint64_t id,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static struct obj *
obj_new(enum unit u, unsigned kind, enum fam fam, uint64_t id, const char *fmt, ...)
{
	struct obj *o = &objs[u][nobjs[u]++];
	va_list ap;

	memset(o, 0, sizeof(*o));
	va_start(ap, fmt);
	vsnprintf(o->label, sizeof(o->label), fmt, ap);
	va_end(ap);
	o->kind = kind;
	o->fam = fam;
	o->id = id;
	return o;
}

static const uint8_t never_sha[SHA256_LEN] = { 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
	0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a,
	0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a, 0x5a };

static void
obj_ini(enum unit u, uint64_t id, uint32_t state, uint32_t version, const char *note)
{
	struct obj *o = obj_new(u, K_INI, F_INI, id, "initiative %" PRIu64 " (%s%s)", id,
	    state_name(state), note);

	o->other.ini = id;
	o->other.version = version;
	o->never = o->other;
	o->never.ini = NEVER_INI;
}

static void
obj_file(enum unit u, uint64_t ini, const uint8_t *sha, uint64_t size, bool own_ini,
    const char *label)
{
	struct obj *o = obj_new(u, K_FILE, F_INI, ini, "%s", label);

	o->other.ini = ini;
	memcpy(o->other.sha, sha, SHA256_LEN);
	o->other.size = size;
	o->never = o->other;
	memcpy(o->never.sha, never_sha, SHA256_LEN);
	if (!own_ini)
		o->never.ini = NEVER_INI;
}

static struct obj *
obj_user(enum unit u, const char *login)
{
	struct obj *o = obj_new(u, K_USER, NFAMS, 0, "user %s", login);

	o->other.login = login;
	o->never.login = NEVER_LOGIN;
	return o;
}

/* A server linked for unit u, setup_peers[i]: a user of u. */
static void
obj_peer(enum unit u, size_t i)
{
	struct obj *o = obj_user(u, peer_login[i]);
	size_t len = strlen(o->label);

	snprintf(o->label + len, sizeof(o->label) - len, " (a linked server, %s)",
	    setup_peers[i].upstream ? "upstream" : "downstream");
}

/* A sequence of exports and reports, and a file's hash for ExportFile. */
static void
obj_seq(enum unit u, const uint8_t *sha, const char *label)
{
	struct obj *o = obj_new(u, K_SEQ, NFAMS, 0, "%s", label);

	o->other.seq = 1;
	memcpy(o->other.sha, sha, SHA256_LEN);
	o->never.seq = NEVER_SEQ;
	memcpy(o->never.sha, never_sha, SHA256_LEN);
}

static void
obj_unit(enum unit u)
{
	struct obj *o = obj_new(u, K_UNIT, NFAMS, 0, "unit %s", unit_codes[u]);

	o->other.unit = unit_codes[u];
	o->never.unit = NEVER_UNIT;
	o->empty.unit = EMPTY_UNIT;
}

static void
obj_text(enum unit u, const char *title)
{
	struct obj *o = obj_new(u, K_TEXT, NFAMS, 0, "title \"%s\"", title);

	o->other.text = title;
	o->never.text = NEVER_TEXT;
}

/* The version of initiative id as u reads it (0 when refused). */
static uint32_t
version_of(enum user u, uint64_t id)
{
	Sk__V1__Initiative *in = NULL;
	uint32_t v = 0;

	if (call_initiative_get(conn[u], id, &in, &E) == 0)
		v = in->version;
	call_free(in);
	return v;
}

static void
objs_init(void)
{
	static const char *const notes[HM_INIS + 1] = { "", ", numbering", ", a file", "",
		"", ", decided, nominated, published", ", decided, nominated, completed",
		", not decided", ", on the open session", "" };
	struct obj *o;

	/* Hát Môn's, which (a) and (b) name. */
	for (size_t k = 1; k <= HM_INIS; k++)
		obj_ini(HM, hm_ini[k], hm_states[k - 1], version_of(VT_HM, hm_ini[k]),
		    notes[k]);
	for (size_t k = 1; k <= 3; k++) {
		o = obj_new(HM, K_SESSION, F_SESSION, hm_session[k],
		    "session %" PRIu64 " (%s)", hm_session[k],
		    k == 3 ? "open" : "closed");
		o->other.session = hm_session[k];
		o->other.ini = k == 1 ? hm_ini[5] : k == 2 ? hm_ini[9] : hm_ini[8];
		o->never.session = NEVER_SESSION;
		o->never.ini = NEVER_INI;
	}
	for (size_t k = 1; k <= 2; k++) {
		o = obj_new(HM, K_DECISION, F_DECISION, hm_decision[k],
		    "decision %" PRIu64, hm_decision[k]);
		o->other.decision = hm_decision[k];
		o->never.decision = NEVER_DECISION;
		o = obj_new(HM, K_SUBMISSION, F_SUBMISSION, hm_submission[k],
		    "submission %" PRIu64 " (not sent)", hm_submission[k]);
		o->other.submission = hm_submission[k];
		o->never.submission = NEVER_SUBMISSION;
	}
	obj_file(HM, hm_ini[2], hm_sha, hm_size, false, "file of initiative 2");
	obj_file(HM, 1, hm_sha, hm_size, true, "its file, on the caller's initiative 1");
	obj_user(HM, people[TG_HM].login);
	obj_user(HM, people[TV1_HM].login);
	for (size_t i = 0; i < NPEERS; i++)
		if (setup_peers[i].unit == HM)
			obj_peer(HM, i);
	obj_unit(HM);
	obj_text(HM, hm_title[6]);
	obj_seq(HM, hm_sha, "sequence 1 (Hát Môn sent nothing up), its file's sha256");

	/* The district's, which (c) names. */
	obj_ini(PT, pt_review, ST(RECOGNISED), version_of(VP_PT, pt_review),
	    ", the review of the copy, decided, published");
	o = obj_new(PT, K_SESSION, F_SESSION, pt_session, "session %" PRIu64 " (closed)",
	    pt_session);
	o->other.session = pt_session;
	o->other.ini = pt_review;
	o->never.session = NEVER_SESSION;
	o->never.ini = NEVER_INI;
	o = obj_new(PT, K_DECISION, F_DECISION, pt_decision, "decision %" PRIu64,
	    pt_decision);
	o->other.decision = pt_decision;
	o->never.decision = NEVER_DECISION;
	o = obj_new(PT, K_COPY, F_COPY, pt_copy, "copy %" PRIu64, pt_copy);
	o->other.copy = pt_copy;
	o->never.copy = NEVER_COPY;
	o = obj_new(PT, K_ROUND, F_ROUND, pt_round, "round %" PRIu64, pt_round);
	o->other.round = pt_round;
	o->never.round = NEVER_ROUND;
	obj_file(PT, pt_review, sp_sha, sp_size, true,
	    "the copy's file, on the caller's initiative of that id");
	obj_user(PT, people[VP_PT].login);
	obj_user(PT, people[CT_PT].login);
	for (size_t i = 0; i < NPEERS; i++)
		if (setup_peers[i].unit == PT)
			obj_peer(PT, i);
	obj_unit(PT);
	obj_text(PT, pt_review_title);
	obj_seq(PT, sp_sha,
	    "sequence 1 (the district's first report, to Sen Phương), the copy's "
	    "file's sha256");
}

/* Does the object's id name an object of the caller's own unit too? */
static bool
obj_own(const struct obj *o, enum unit caller)
{
	return o->fam < NFAMS && has(caller, o->fam, o->id);
}

/* ---- the matrix ------------------------------------------------------------------------ */

enum outcome { O_SAME, O_PUBLIC, O_EQUAL, O_OWN, O_LEGIT, O_FAIL, O_NA, NOUTCOMES };

static const char outcome_letter[NOUTCOMES] = { 'S', 'P', 'E', 'O', 'L', 'F', '-' };

struct call_row {
	const ProtobufCFieldDescriptor *f;
	const struct plan *p;
	long n[NKINDS][NOUTCOMES];
};

static struct call_row rows[CALLS_MAX];
static size_t nrows;
static long known_failed;

static void
report(enum kind k, enum user u, const struct call_row *row, const struct obj *o,
    const char *what, const struct answer *a, const struct answer *b)
{
	const struct known *kn =
	    known_of(row->f->id, o != NULL ? o->kind : K_NONE, roles_of(u));
	const char *label = o != NULL ? o->label : "(nothing named)";
	char roles[96];

	roles_format(roles_of(u), roles, sizeof(roles));
	check(false, "%s%s %s [%s] %s on %s: %s", kn != NULL ? "KNOWN " : "",
	    kinds[k].name, login_of(u), roles, row->f->name, label, what);
	if (kn != NULL)
		known_failed++;
	if (a != NULL)
		printf("     got   %s \"%s\"\n", status_name(a->code), a->msg);
	if (b != NULL)
		printf("     never %s \"%s\"\n", status_name(b->code), b->msg);
}

/* ISOLATION_VERBOSE=1: every cell that passes is printed too. */
static bool verbose;

static void
trace(enum kind k, enum user u, const struct call_row *row, const struct obj *o,
    enum outcome out, const struct answer *a, const struct answer *b)
{
	printf("     %c %s %s %s on %s: %s \"%s\"", outcome_letter[out], kinds[k].name,
	    login_of(u), row->f->name, o != NULL ? o->label : "(nothing named)",
	    status_name(a->code), a->msg);
	if (b != NULL)
		printf(" / %s \"%s\"", status_name(b->code), b->msg);
	printf("\n");
}

/* One object, one stranger: the outcome, each failure printed. */
static enum outcome
cell(enum kind k, enum user u, struct call_row *row, const struct obj *o)
{
	const struct plan *p = row->p;
	Sk__V1__Request__CallCase call = (Sk__V1__Request__CallCase)row->f->id;
	struct answer a, b, c;
	struct reqbuf rb;
	Sk__V1__Request req;
	struct substs s;
	const char *bad;
	enum outcome out;
	bool own = obj_own(o, kinds[k].from);

	/* The caller's own object (or a file on their own initiative): a
	 * write there would be theirs to make, unless they may not make it
	 * anywhere (refused whatever it names): then it is sent, and must be
	 * refused alike. */
	if (own && p->write) {
		build(call, &o->never, login_of(u), &rb, &req);
		ask(u, &req, &b);
		if (b.code != SK_PERMISSION_DENIED) {
			answer_free(&b);
			return O_NA;
		}
		build(call, &o->other, login_of(u), &rb, &req);
		ask(u, &req, &a);
		bad = leak(k, &a, &req);
		substs_of(&o->other, &o->never, &s);
		out = bad == NULL && same_answer(&a, &b, &s) ? O_SAME : O_FAIL;
		if (out == O_FAIL)
			report(k, u, row, o,
			    bad != NULL ?
			        bad_what(bad) :
			        "refused otherwise than what never existed, on the "
			        "caller's own id, by a caller who may not make it",
			    &a, &b);
		else
			passed++;
		if (verbose && out != O_FAIL)
			trace(k, u, row, o, out, &a, &b);
		answer_free(&a);
		answer_free(&b);
		return out;
	}
	build(call, &o->other, login_of(u), &rb, &req);
	ask(u, &req, &a);
	bad = leak(k, &a, &req);
	if (own && o->kind != K_FILE) {
		out = a.code >= 0 && a.code != SK_INTERNAL && a.code != SK_UNKNOWN &&
		        bad == NULL ?
		    O_OWN :
		    O_FAIL;
		if (out == O_FAIL)
			report(k, u, row, o,
			    bad != NULL ? bad_what(bad) : "no answer, or a server error",
			    &a, NULL);
		else
			passed++;
		if (verbose && out != O_FAIL)
			trace(k, u, row, o, out, &a, NULL);
		answer_free(&a);
		return out;
	}
	if (a.code == 0 && legit_of(call, k, roles_of(u)) != NULL) {
		const char *wrong = public_wrong(call, &a);

		out = wrong == NULL ? O_LEGIT : O_FAIL;
		if (out == O_FAIL)
			report(k, u, row, o, wrong, &a, NULL);
		else
			passed++;
		if (verbose && out != O_FAIL)
			trace(k, u, row, o, O_LEGIT, &a, NULL);
		answer_free(&a);
		return out;
	}
	build(call, &o->never, login_of(u), &rb, &req);
	ask(u, &req, &b);
	substs_of(&o->other, &o->never, &s);
	memset(&c, 0, sizeof(c));
	if (a.code == 0 && (p->write || (p->equal_ok & o->kind) == 0))
		out = O_FAIL;
	else if (same_answer(&a, &b, &s))
		out = a.code == 0 ? O_EQUAL : O_SAME;
	else if (o->empty.unit != NULL) {
		build(call, &o->empty, login_of(u), &rb, &req);
		ask(u, &req, &c);
		substs_of(&o->other, &o->empty, &s);
		out = same_answer(&a, &c, &s) ? O_PUBLIC : O_FAIL;
	} else
		out = O_FAIL;
	if (out != O_FAIL && bad != NULL)
		out = O_FAIL;
	if (verbose && out != O_FAIL)
		trace(k, u, row, o, out, &a, out == O_PUBLIC ? &c : &b);
	if (out == O_FAIL)
		report(k, u, row, o,
		    bad != NULL ? bad_what(bad) :
		        a.code == 0 ?
		                  "answered OK" :
		        o->empty.unit != NULL ?
		                  "refused otherwise than what never existed, and than a "
		                  "unit with nothing in it" :
		                  "refused otherwise than what never existed",
		    &a, &b);
	else
		passed++;
	answer_free(&a);
	answer_free(&b);
	answer_free(&c);
	return out;
}

/* A call naming nothing: only the caller's own data may come back. */
static enum outcome
cell_none(enum kind k, enum user u, struct call_row *row)
{
	struct ref none;
	struct answer a;
	struct reqbuf rb;
	Sk__V1__Request req;
	const char *bad;
	enum outcome out = O_OWN;

	memset(&none, 0, sizeof(none));
	build((Sk__V1__Request__CallCase)row->f->id, &none, login_of(u), &rb, &req);
	ask(u, &req, &a);
	bad = leak(k, &a, &req);
	/* Naming nothing, a level's roles are answered about the units below
	 * theirs where authz says so (legit[]): that is the other's data. */
	if (bad != NULL && a.code == 0 && legit_of(row->f->id, k, roles_of(u)) != NULL) {
		bad = NULL;
		out = O_LEGIT;
	}
	bad = bad != NULL ? bad_what(bad) : public_wrong(row->f->id, &a);
	if (bad == NULL)
		bad = own_wrong(k, u, row->f->id, &a);
	if (bad != NULL || a.code < 0 || a.code == SK_INTERNAL || a.code == SK_UNKNOWN) {
		out = O_FAIL;
		report(k, u, row, NULL,
		    bad != NULL ? bad : "no answer, or a server error", &a, NULL);
	} else
		passed++;
	if (verbose && out != O_FAIL)
		trace(k, u, row, NULL, out, &a, NULL);
	answer_free(&a);
	return out;
}

/* A transition: every action of sk.v1.Action, on the initiative o. */
static void
transitions(enum kind k, enum user u, struct call_row *row, const struct obj *o)
{
	const ProtobufCEnumDescriptor *d = &sk__v1__action__descriptor;

	for (unsigned i = 0; i < d->n_values; i++) {
		struct obj x = *o;
		size_t len = strlen(x.label);

		if (d->values[i].value == 0)
			continue;
		x.other.action = x.never.action = (Sk__V1__Action)d->values[i].value;
		snprintf(x.label + len, sizeof(x.label) - len, ", %s",
		    action_name((uint32_t)d->values[i].value));
		row->n[k][cell(k, u, row, &x)]++;
	}
}

/* A call of two forms (UpperRecord: the proposal, the outcome; PublishSet:
 * marking, unmarking): each on the initiative o. */
static void
both_forms(enum kind k, enum user u, struct call_row *row, const struct obj *o,
    const char *form0, const char *form1)
{
	for (int alt = 0; alt < 2; alt++) {
		struct obj x = *o;
		size_t len = strlen(x.label);

		x.other.alt = x.never.alt = alt != 0;
		snprintf(x.label + len, sizeof(x.label) - len, ", %s",
		    alt ? form1 : form0);
		row->n[k][cell(k, u, row, &x)]++;
	}
}

static void
matrix(void)
{
	const ProtobufCMessageDescriptor *d = &sk__v1__request__descriptor;
	long before = asked;

	for (unsigned i = 0; i < d->n_fields && nrows < CALLS_MAX; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		struct reqbuf rb;
		Sk__V1__Request req;
		struct ref none;

		if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
			continue;
		memset(&none, 0, sizeof(none));
		rows[nrows].f = f;
		rows[nrows].p = plan_of(f->id);
		check(rows[nrows].p != NULL &&
		        build((Sk__V1__Request__CallCase)f->id, &none, "", &rb, &req),
		    "call %s (%u) has no plan or no builder in test_isolation.c", f->name,
		    f->id);
		nrows++;
	}
	for (int k = 0; k < NKINDS; k++)
		for (size_t i = 0; i < kinds[k].n; i++) {
			enum user u = kinds[k].users[i];

			for (size_t r = 0; r < nrows; r++) {
				struct call_row *row = &rows[r];
				enum unit t = kinds[k].target;

				if (row->p == NULL)
					continue;
				if (row->p->kinds & K_NONE)
					row->n[k][cell_none((enum kind)k, u, row)]++;
				for (size_t j = 0; j < nobjs[t]; j++) {
					if (!(row->p->kinds & objs[t][j].kind))
						continue;
					if (row->f->id == C(TRANSITION))
						transitions((enum kind)k, u, row,
						    &objs[t][j]);
					else if (row->f->id == C(UPPER_RECORD))
						both_forms((enum kind)k, u, row,
						    &objs[t][j], "the proposal",
						    "the outcome");
					else if (row->f->id == C(PUBLISH_SET))
						both_forms((enum kind)k, u, row,
						    &objs[t][j], "marking", "unmarking");
					else if (row->f->id == C(PEER_ADD))
						both_forms((enum kind)k, u, row,
						    &objs[t][j], "downstream",
						    "upstream");
					else
						row->n[k][cell((enum kind)k, u, row,
						    &objs[t][j])]++;
				}
			}
		}
	printf("     matrix: %zu calls; strangers (a) %zu, (b) %zu, (c) %zu; objects of "
	       "Hát Môn %zu, of the district %zu (and \"nothing named\"); %ld requests\n",
	    nrows, kinds[KA].n, kinds[KB].n, kinds[KC].n, nobjs[HM], nobjs[PT],
	    asked - before);
}

static void
table(void)
{
	long total = 0, by[NOUTCOMES] = { 0 };

	printf("\n%-20s", "call");
	for (int k = 0; k < NKINDS; k++)
		printf(" %-22s", kinds[k].name);
	printf("\n");
	for (size_t r = 0; r < nrows; r++) {
		const struct call_row *row = &rows[r];

		printf("%-20s", row->f->name);
		for (int k = 0; k < NKINDS; k++) {
			char buf[64] = "";
			size_t o = 0;

			for (int x = 0; x < NOUTCOMES; x++) {
				if (row->n[k][x] == 0)
					continue;
				o += (size_t)snprintf(buf + o, sizeof(buf) - o, "%s%c%ld",
				    o ? " " : "", outcome_letter[x], row->n[k][x]);
				by[x] += row->n[k][x];
				total += row->n[k][x];
			}
			printf(" %-22s", o ? buf : "-");
		}
		printf("\n");
	}
	printf("\n%ld cells:", total);
	for (int x = 0; x < NOUTCOMES; x++)
		printf(" %c %ld%s", outcome_letter[x], by[x],
		    x + 1 < NOUTCOMES ? "," : "");
	printf(
	    "\n(S refused as for what never existed; P as for a unit with nothing; E OK,"
	    " equal to it;\n O names nothing of the other's, or the caller's own id;"
	    " L OK by a row of authz;\n F failed; - a write on the caller's own "
	    "object, not sent)\n");
	for (size_t r = 0; r < nrows; r++)
		if (rows[r].p != NULL && rows[r].p->why != NULL)
			printf("%s: not sent, it %s\n", rows[r].f->name, rows[r].p->why);
	for (size_t i = 0; i < sizeof(legit) / sizeof(legit[0]); i++) {
		char roles[96];

		if (legit[i].roles == ANY_ROLE)
			snprintf(roles, sizeof(roles), "any role");
		else
			roles_format(legit[i].roles, roles, sizeof(roles));
		printf("L: %s by %s, %s: %s\n",
		    protobuf_c_message_descriptor_get_field(&sk__v1__request__descriptor,
		        legit[i].call)
		        ->name,
		    kinds[legit[i].kind].name, roles, legit[i].why);
	}
	if (known_failed > 0) {
		printf("%ld failed checks are known differences (KNOWN):\n",
		    known_failed);
		for (size_t i = 0; known[i].what != NULL; i++)
			printf("  %s: %s\n",
			    protobuf_c_message_descriptor_get_field(
			        &sk__v1__request__descriptor, known[i].call)
			        ->name,
			    known[i].what);
	}
}

/* ---- nothing changed -------------------------------------------------------------------- */

struct snap {
	char label[64];
	enum user u;
	Sk__V1__Request__CallCase call;
	struct ref r;
	struct answer before;
};

static struct snap snaps[256];
static size_t nsnaps;

static void snap_add(enum user u, Sk__V1__Request__CallCase call, const struct ref *r,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void
snap_add(enum user u, Sk__V1__Request__CallCase call, const struct ref *r,
    const char *fmt, ...)
{
	struct snap *s;
	va_list ap;

	if (nsnaps == sizeof(snaps) / sizeof(snaps[0]))
		return;
	s = &snaps[nsnaps++];
	memset(s, 0, sizeof(*s));
	va_start(ap, fmt);
	vsnprintf(s->label, sizeof(s->label), fmt, ap);
	va_end(ap);
	s->u = u;
	s->call = call;
	if (r != NULL)
		s->r = *r;
}

static void
snaps_init(void)
{
	static const struct {
		enum user reader;
		enum unit unit;
	} owners[] = { { VT_HM, HM }, { VT_SP, SP }, { VP_PT, PT } };
	static const Sk__V1__Request__CallCase per_ini[] = { C(INITIATIVE_GET),
		C(HISTORY), C(ATTACHMENT_LIST), C(CERTIFICATE_LIST) };
	static const Sk__V1__Request__CallCase lists[] = { C(INITIATIVE_LIST),
		C(COUNCIL_GET), C(SUBMISSION_LIST), C(ROUND_LIST), C(INBOX),
		C(PUBLISHED_LIST) };
	static char all_units[UNITS_MAX][64];
	Sk__V1__UnitListResponse *ul = NULL;
	size_t nall = 0;
	struct ref r;

	for (size_t i = 0; i < sizeof(owners) / sizeof(owners[0]); i++) {
		enum unit un = owners[i].unit;
		enum user u = owners[i].reader;
		const char *code = unit_codes[un];

		for (size_t k = 0; k < nhave[un][F_INI]; k++)
			for (size_t c = 0; c < sizeof(per_ini) / sizeof(per_ini[0]);
			     c++) {
				memset(&r, 0, sizeof(r));
				r.ini = have[un][F_INI][k];
				snap_add(u, per_ini[c], &r, "%s %s %" PRIu64, code,
				    protobuf_c_message_descriptor_get_field(
				        &sk__v1__request__descriptor, per_ini[c])
				        ->name,
				    r.ini);
			}
		for (size_t k = 0; k < nhave[un][F_SESSION]; k++) {
			memset(&r, 0, sizeof(r));
			r.session = have[un][F_SESSION][k];
			snap_add(u, C(SESSION_GET), &r, "%s session %" PRIu64, code,
			    r.session);
		}
		for (size_t k = 0; k < nhave[un][F_DECISION]; k++) {
			memset(&r, 0, sizeof(r));
			r.decision = have[un][F_DECISION][k];
			snap_add(u, C(DECISION_GET), &r, "%s decision %" PRIu64, code,
			    r.decision);
		}
		for (size_t k = 0; k < nhave[un][F_SUBMISSION]; k++) {
			memset(&r, 0, sizeof(r));
			r.submission = have[un][F_SUBMISSION][k];
			snap_add(u, C(SUBMISSION_GET), &r, "%s submission %" PRIu64, code,
			    r.submission);
		}
		for (size_t k = 0; k < nhave[un][F_COPY]; k++) {
			memset(&r, 0, sizeof(r));
			r.copy = have[un][F_COPY][k];
			snap_add(u, C(COPY_GET), &r, "%s copy %" PRIu64, code, r.copy);
		}
		for (size_t c = 0; c < sizeof(lists) / sizeof(lists[0]); c++)
			snap_add(u, lists[c], NULL, "%s %s", code,
			    protobuf_c_message_descriptor_get_field(
			        &sk__v1__request__descriptor, lists[c])
			        ->name);
		/* The log: its size (LogEntries past its end says it), its
		 * signed checkpoint. */
		memset(&r, 0, sizeof(r));
		r.unit = code;
		r.size = 1000000000;
		snap_add(KS_PT, C(LOG_ENTRIES), &r, "%s log size", code);
		r.size = 0;
		snap_add(KS_PT, C(LOG_CHECKPOINT), &r, "%s log checkpoint", code);
	}
	snap_add(ROOT, C(USER_LIST), NULL, "every user");
	snap_add(ROOT, C(PEER_LIST), NULL, "every linked server");
	snap_add(QT_HM, C(PEER_LIST), NULL, "xa-hat-mon peer_list");
	snap_add(QT_SP, C(PEER_LIST), NULL, "xa-sen-phuong peer_list");
	snap_add(NV_PT, C(COMMENDATION_LIST), NULL, "phuc-tho commendation_list");
	snap_add(VP_PT, C(DISTRICT_SUMMARY), NULL, "phuc-tho district_summary");
	snap_add(VP_PT, C(STATS), NULL, "the figures of phuc-tho and the units below");
	snap_add(VT_HM, C(STATS), NULL, "the figures of xa-hat-mon");
	memset(&r, 0, sizeof(r));
	r.round = pt_round;
	snap_add(VP_PT, C(DISTRICT_SUMMARY), &r,
	    "phuc-tho district_summary, round %" PRIu64, pt_round);
	/* Every other unit's log too: a write must not land anywhere. */
	if (call_unit_list(conn[ROOT], NULL, &ul, &E) == 0)
		for (size_t i = 0; i < ul->n_units && nall < UNITS_MAX; i++) {
			bool ours = false;

			for (int u = 0; u < NUNITS; u++)
				ours = ours ||
				    strcmp(ul->units[i]->code, unit_codes[u]) == 0;
			if (ours)
				continue;
			snprintf(all_units[nall], sizeof(all_units[nall]), "%s",
			    ul->units[i]->code);
			memset(&r, 0, sizeof(r));
			r.unit = all_units[nall++];
			r.size = 1000000000;
			snap_add(KS_PT, C(LOG_ENTRIES), &r, "%s log size", r.unit);
		}
	check(nall > 30, "the units of the district are listed (%zu)", nall);
	call_free(ul);
}

static void
snap_take(struct snap *s, struct answer *a)
{
	struct reqbuf rb;
	Sk__V1__Request req;

	build(s->call, &s->r, login_of(s->u), &rb, &req);
	ask(s->u, &req, a);
}

/* The size of the log of unit (from LogEntries' refusal past its end). */
static long
log_size(enum unit u)
{
	struct snap s;
	struct answer a;
	const char *p;
	long n = -1;

	memset(&s, 0, sizeof(s));
	s.u = KS_PT;
	s.call = C(LOG_ENTRIES);
	s.r.unit = unit_codes[u];
	s.r.size = 1000000000;
	snap_take(&s, &a);
	if (a.code == SK_OUT_OF_RANGE && (p = strstr(a.msg, "has ")) != NULL)
		n = strtol(p + 4, NULL, 10);
	answer_free(&a);
	return n;
}

/* The size the unit's last signed checkpoint covers. */
static long
checkpoint_size(enum unit u)
{
	Sk__V1__LogCheckpointResponse *c = NULL;
	const char *nl;
	long n = -1;

	if (call_log_checkpoint(conn[KS_PT], unit_codes[u], &c, &E) == 0 &&
	    (nl = strchr(c->checkpoint, '\n')) != NULL)
		n = strtol(nl + 1, NULL, 10);
	call_free(c);
	return n;
}

static void
snaps_before(void)
{
	/* The checkpoints are signed after the writes: let them catch up. */
	for (int u = 0; u < NUNITS; u++)
		for (int tries = 0; tries < 100 &&
		     checkpoint_size((enum unit)u) != log_size((enum unit)u);
		     tries++)
			usleep(50000);
	for (size_t i = 0; i < nsnaps; i++)
		snap_take(&snaps[i], &snaps[i].before);
	for (int u = 0; u < NUNITS; u++)
		printf("     log of %s: %ld entries before the matrix\n", unit_codes[u],
		    log_size((enum unit)u));
}

static void
snaps_after(void)
{
	struct answer a;
	struct substs none = { .n = 0 };

	for (size_t i = 0; i < nsnaps; i++) {
		struct snap *s = &snaps[i];

		snap_take(s, &a);
		check(s->before.code == a.code && same_answer(&s->before, &a, &none),
		    "changed by the matrix: %s, as %s: before %s \"%s\" (%zu bytes), after "
		    "%s \"%s\" (%zu bytes)",
		    s->label, login_of(s->u), status_name(s->before.code), s->before.msg,
		    s->before.result_len, status_name(a.code), a.msg, a.result_len);
		answer_free(&a);
		answer_free(&s->before);
	}
	for (int u = 0; u < NUNITS; u++)
		printf("     log of %s: %ld entries after the matrix\n", unit_codes[u],
		    log_size((enum unit)u));
}

/* The published lists are not empty, nor their confidential parts: each
 * holds its one initiative, whose unit reads a confidential part in it
 * (the district's review, Sen Phương's). */
static void
published_seen(void)
{
	static const struct {
		enum user stranger, owner;
		enum unit unit, writer;
	} seen[] = { { TG_SP, VT_HM, HM, HM }, { TG_HM, VP_PT, PT, SP } };

	for (size_t i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		Sk__V1__InitiativeListResponse *l = NULL;
		Sk__V1__Initiative *in = NULL;
		uint64_t id = seen[i].unit == HM ? hm_ini[5] : pt_review;
		int rc;

		rc = call_published_list(conn[seen[i].stranger], unit_codes[seen[i].unit],
		    &l, &E);
		check(rc == 0 && l->n_initiatives == 1 && l->initiatives[0]->id == id &&
		        strcmp(l->initiatives[0]->title, published_titles[i]) == 0,
		    "setup: %s reads the published list of %s: its initiative %" PRIu64
		    " (%s: %s)",
		    people[seen[i].stranger].login, unit_codes[seen[i].unit], id,
		    status_name(rc), E.msg);
		call_free(l);
		rc = call_initiative_get(conn[seen[i].owner], id, &in, &E);
		check(rc == 0 &&
		        strstr(in->confidential, secret_tokens[seen[i].writer]) != NULL,
		    "setup: %s reads the confidential part of %s's initiative %" PRIu64
		    " (%s: %s)",
		    people[seen[i].owner].login, unit_codes[seen[i].unit], id,
		    status_name(rc), E.msg);
		call_free(in);
	}
}

/* ---- controls: what the strangers were refused, their owners may ----------------------- */

static void
control(int rc, const char *what)
{
	check(rc == 0, "control: %s: %s: %s", what, status_name(rc), E.msg);
}

/* Does the list hold login? */
static bool
listed_user(const Sk__V1__UserListResponse *l, const char *login)
{
	for (size_t i = 0; l != NULL && i < l->n_users; i++)
		if (strcmp(l->users[i]->login, login) == 0)
			return true;
	return false;
}

/*
 * The requests PeerAdd strangers were refused on Hát Môn, sent by the
 * administrators who may: the district's links the server below it for
 * Hát Môn (downstream), Hát Môn's the level above it (upstream). Each is a
 * new user of Hát Môn, which the list of users then holds; Hát Môn's
 * linked servers are listed to its administrator, not to Sen Phương's.
 */
static void
link_controls(void)
{
	static const struct {
		enum user by;
		bool upstream;
	} adds[] = { { ROOT, false }, { QT_HM, true } };
	Sk__V1__UserListResponse *l = NULL;
	char login[2][80];
	int rc;

	for (size_t i = 0; i < 2; i++) {
		struct ref r;
		struct reqbuf rb;
		Sk__V1__Request req;
		Sk__V1__Response *resp = NULL;
		const Sk__V1__User *u = NULL;
		struct answer a;

		memset(&r, 0, sizeof(r));
		r.unit = unit_codes[HM];
		r.alt = adds[i].upstream;
		snprintf(login[i], sizeof(login[i]), "peer.%s",
		    stranger_names[adds[i].upstream]);
		build(C(PEER_ADD), &r, login_of(adds[i].by), &rb, &req);
		ask(adds[i].by, &req, &a);
		if (a.code == 0 &&
		    (resp = sk__v1__response__unpack(NULL, a.all_len, a.all)) != NULL &&
		    resp->result_case == SK__V1__RESPONSE__RESULT_USER)
			u = resp->user->user;
		check(a.code == 0, "control: %s links %s (%s) for %s: %s \"%s\"",
		    login_of(adds[i].by), stranger_names[adds[i].upstream],
		    adds[i].upstream ? "upstream" : "downstream", unit_codes[HM],
		    status_name(a.code), a.msg);
		check(a.code != 0 ||
		        (u != NULL && strcmp(u->login, login[i]) == 0 &&
		            u->unit_id == unit_id_of(HM) && u->peer != NULL &&
		            u->roles ==
		                (adds[i].upstream ? ROLE(UPSTREAM) : ROLE(DOWNSTREAM))),
		    "control: the link is %s, a user of %s with the role %s", login[i],
		    unit_codes[HM], adds[i].upstream ? "upstream" : "downstream");
		if (resp != NULL)
			sk__v1__response__free_unpacked(resp, NULL);
		answer_free(&a);
	}
	rc = call_user_list(conn[ROOT], "", 0, &l, &E);
	check(rc == 0 && listed_user(l, login[0]) && listed_user(l, login[1]),
	    "control: the list of users holds %s and %s (%s: %s)", login[0], login[1],
	    status_name(rc), E.msg);
	call_free(l);
	l = NULL;
	rc = call_peer_list(conn[QT_HM], &l, &E);
	check(rc == 0 && l->n_users == peers_of(HM) + 2 && listed_user(l, login[0]) &&
	        listed_user(l, login[1]),
	    "control: %s lists the %zu servers linked for %s (%s: %s)",
	    people[QT_HM].login, peers_of(HM) + 2, unit_codes[HM], status_name(rc),
	    E.msg);
	call_free(l);
	l = NULL;
	rc = call_peer_list(conn[QT_SP], &l, &E);
	check(rc == 0 && l->n_users == peers_of(SP) && !listed_user(l, login[0]) &&
	        !listed_user(l, login[1]),
	    "control: %s lists only the %zu servers linked for %s (%s: %s)",
	    people[QT_SP].login, peers_of(SP), unit_codes[SP], status_name(rc), E.msg);
	call_free(l);
}

/* The row of unit u in the figures, or NULL. */
static const Sk__V1__StatsRow *
stats_unit(const Sk__V1__StatsResponse *st, enum unit u)
{
	for (size_t i = 0; i < st->n_units; i++)
		if (strcmp(st->units[i]->key, unit_codes[u]) == 0)
			return st->units[i];
	return NULL;
}

static void
controls(void)
{
	Sk__V1__UpperRecordRequest q = SK__V1__UPPER_RECORD_REQUEST__INIT;
	Sk__V1__Award w = SK__V1__AWARD__INIT;
	Sk__V1__CommendationListResponse *cl = NULL;
	Sk__V1__DistrictSummaryResponse *ds = NULL;
	Sk__V1__Initiative *in = NULL;
	bool listed = false, counted = false;
	struct call_stats_query sq = { 0 };
	Sk__V1__StatsResponse *st = NULL;
	const Sk__V1__StatsRow *hm_row;
	int rc;

	q.initiative_id = pt_review;
	q.number = "PTX-20/TTr-UBND";
	q.signed_on = today;
	rc = call_upper_record(conn[VP_PT], &q, &in, &E);
	control(rc, "the district's office proposes its recognised initiative upward");
	check(rc != 0 ||
	        (in->forward != NULL &&
	            in->forward->stage == SK__V1__FORWARD__STAGE__SENT),
	    "control: the proposal is recorded on the initiative");
	call_free(in);
	q.outcome = true;
	q.recognised = true;
	q.number = "PTX-5/QĐ-UBND";
	q.note = "PTX công nhận ở cấp thành phố";
	control(call_upper_record(conn[VP_PT], &q, NULL, &E),
	    "the district's office records the outcome from the level above");
	rc = call_commendation_list(conn[NV_PT], &cl, &E);
	control(rc,
	    "the district's commendation office lists its recognised initiatives");
	for (size_t i = 0; rc == 0 && i < cl->n_initiatives; i++)
		listed = listed || cl->initiatives[i]->id == pt_review;
	check(rc != 0 || listed,
	    "control: the commendation list holds the district's initiative %" PRIu64,
	    pt_review);
	call_free(cl);
	w.name = "PTX Chiến sĩ thi đua cơ sở";
	w.decision_number = "PTX-30/QĐ-UBND";
	w.signed_on = today;
	control(call_award_record(conn[NV_PT], pt_review, &w, NULL, &E),
	    "the district's commendation office records an award");
	control(call_publish_set(conn[VP_PT], pt_review, false, NULL, &E),
	    "the district's office unmarks its initiative");
	control(call_publish_set(conn[CT_HM], hm_ini[6], true, NULL, &E),
	    "Hát Môn's head marks its initiative 6 for publication");
	rc = call_district_summary(conn[VP_PT], pt_round, &ds, &E);
	control(rc, "the district's office reads its summary");
	for (size_t i = 0; rc == 0 && i < ds->n_units; i++)
		if (ds->units[i]->unit != NULL &&
		    strcmp(ds->units[i]->unit->code, unit_codes[HM]) == 0)
			counted = ds->units[i]->recognised == 3;
	check(rc != 0 || counted,
	    "control: the summary counts Hát Môn's 3 recognised initiatives");
	call_free(ds);
	/* The figures: the district's office reaches both communes; Hát Môn's
	 * clerk its own alone, and not Sen Phương's when named. */
	rc = call_stats(conn[VP_PT], &sq, &st, &E);
	control(rc, "the district's office reads the figures of the units below");
	hm_row = rc == 0 ? stats_unit(st, HM) : NULL;
	check(rc != 0 ||
	        (hm_row != NULL && stats_unit(st, SP) != NULL &&
	            hm_row->n_by_state > ST(RECOGNISED) &&
	            hm_row->by_state[ST(RECOGNISED)] == 3 && hm_row->recognised == 2),
	    "control: the figures hold Hát Môn's 3 recognised initiatives (2 decided) "
	    "and Sen Phương's");
	call_free(st);
	st = NULL;
	rc = call_stats(conn[VT_HM], &sq, &st, &E);
	control(rc, "Hát Môn's clerk reads the figures of Hát Môn");
	check(rc != 0 || (st->n_units == 1 && stats_unit(st, HM) != NULL),
	    "control: Hát Môn's clerk's figures are Hát Môn's alone");
	call_free(st);
	st = NULL;
	sq.unit = unit_codes[SP];
	check(call_stats(conn[VT_HM], &sq, &st, &E) == SK_PERMISSION_DENIED,
	    "control: Hát Môn's clerk is refused Sen Phương's figures");
	call_free(st);
	link_controls();
}

/* ---- main ------------------------------------------------------------------------------- */

static bool
setup_ids_expected(void)
{
	/* The matrix relies on ids being per unit: check the plan held. */
	bool ok = true;

	for (size_t k = 1; k <= HM_INIS; k++)
		ok = ok && hm_ini[k] == k;
	ok = ok && hm_session[1] == 1 && hm_session[3] == 3 && hm_decision[2] == 2 &&
	    hm_submission[2] == 2 && sp_ini == 1 && pt_review == 1 && pt_copy == 1 &&
	    pt_round == 1 && pt_session == 1 && pt_decision == 1;
	check(ok, "setup: ids are not numbered per unit from 1 as planned");
	return ok;
}

int
main(int argc, char **argv)
{
	char path[4096];

	if (argc != 4) {
		fprintf(stderr, "usage: test_isolation SERVER USERDIR ADMINCONF\n");
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	verbose = getenv("ISOLATION_VERBOSE") != NULL;
	setvbuf(stdout, NULL, _IOLBF, 0);
	iso_from_today(0, today, sizeof(today));
	iso_from_today(-30, first_applied, sizeof(first_applied));
	iso_from_today(-10, round_from, sizeof(round_from));
	iso_from_today(30, round_to, sizeof(round_to));
	for (int u = 0; u < NUSERS; u++) {
		if (u == ROOT)
			snprintf(path, sizeof(path), "%s", argv[3]);
		else
			snprintf(path, sizeof(path), "%s/%s.conf", argv[2],
			    people[u].login);
		if (tclient_load(&cfg[u], path, argv[1]) != 0 ||
		    connect_user((enum user)u) != 0) {
			printf("cannot connect with %s\n", path);
			for (int k = 0; k < u; k++)
				skc_close(conn[k]);
			printf("0 passed, 1 failed\n");
			return 1;
		}
	}
	snprintf(root_login, sizeof(root_login), "%s", skc_hello(conn[ROOT])->login);

	setup_hm();
	setup_sp_pt();
	if (setup_failed == 0)
		setup_pt_review();
	if (setup_failed == 0)
		setup_links();
	if (setup_failed == 0 && setup_ids_expected()) {
		printf("     made: Hát Môn initiatives 1-%zu (5 published), sessions 1-3, "
		       "decisions 1-2, submissions 1-2 (not sent), a file; Sen Phương "
		       "initiative %" PRIu64 " sent; the district's round %" PRIu64
		       ", copy %" PRIu64 ", review initiative %" PRIu64
		       " (recognised in session %" PRIu64 ", decision %" PRIu64
		       ", published)\n",
		    HM_INIS, sp_ini, pt_round, pt_copy, pt_review, pt_session,
		    pt_decision);
		printf("     linked: ");
		for (size_t i = 0; i < NPEERS; i++)
			printf("%s%s (%s, for %s)", i > 0 ? ", " : "", peer_login[i],
			    setup_peers[i].upstream ? "upstream" : "downstream",
			    unit_codes[setup_peers[i].unit]);
		printf("\n");
		published_titles[0] = hm_title[5];
		published_titles[1] = pt_review_title;
		marks_init();
		objs_init();
		snaps_init();
		published_seen();
		snaps_before();
		matrix();
		snaps_after();
		table();
		controls();
	}
	for (int u = 0; u < NUSERS; u++)
		skc_close(conn[u]);
	for (size_t i = 0; i < 2; i++)
		card_free(&stranger_card[i]);
	call_free(server_card);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
