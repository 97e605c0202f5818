/*
 * unit_council: a unit's council, its sessions, the members' votes, the
 * quorum and threshold arithmetic, and the head's recognition decisions
 * with a certificate for each author, without sockets.
 */
#include "t.h"
#include "tdomain.h"

#include "decision.h"

#define A(x) SK__V1__ACTION__##x
#define S(x) SK__V1__STATE__STATE_##x
#define CR(x) SK__V1__COUNCIL_ROLE__##x
#define V(x) SK__V1__VOTE__##x

/* ---- helpers ------------------------------------------------------------- */

#define TC_MAX 8

/* A council as a caller gives it, owned by the struct. */
struct tc {
	CouncilRec c;
	CouncilMemberRec m[TC_MAX];
	CouncilMemberRec *mp[TC_MAX];
};

static CouncilRec *
tc_init(struct tc *x)
{
	memset(x, 0, sizeof(*x));
	sk__store__v1__council_rec__init(&x->c);
	x->c.members = x->mp;
	return &x->c;
}

static void
tc_add(struct tc *x, const char *login, uint32_t role)
{
	CouncilMemberRec *m = &x->m[x->c.n_members];

	sk__store__v1__council_member_rec__init(m);
	m->login = (char *)login;
	m->name = "Tên do người gửi đặt";
	m->role = role;
	x->mp[x->c.n_members++] = m;
}

static int
council_put(struct tdomain *d, const char *login, const CouncilRec *c, CouncilRec **out,
    struct sk_error *err)
{
	CouncilRec *r = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = td_end(&act, council_set(a, c, &r, err));
	if (out != NULL)
		*out = r;
	else
		store_rec_free(r);
	return rc;
}

static int
session_open(struct tdomain *d, const char *login, bool secret, const uint64_t *ids,
    size_t n, SessionRec **out, struct sk_error *err)
{
	SessionRec *s = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = td_end(&act,
	    council_session_open(a, "Phiên họp quý II", "2024-06-20", secret, ids, n, &s,
	        err));
	if (out != NULL)
		*out = s;
	else
		store_rec_free(s);
	return rc;
}

static int
vote(struct tdomain *d, const char *login, uint64_t session, uint64_t initiative,
    uint32_t v, struct sk_error *err)
{
	BallotRec b = SK__STORE__V1__BALLOT_REC__INIT;
	SessionRec *s = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	b.login = "head.hm"; /* ignored: the voter is who acts */
	b.initiative_id = initiative;
	b.vote = v;
	b.novelty = 8;
	b.feasibility = 7;
	b.benefit = 9;
	rc = td_end(&act, council_vote(a, session, &b, &s, err));
	store_rec_free(s);
	return rc;
}

static int
session_close(struct tdomain *d, const char *login, uint64_t id, SessionRec **out,
    struct sk_error *err)
{
	SessionRec *s = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = td_end(&act, council_session_close(a, id, &s, err));
	if (out != NULL)
		*out = s;
	else
		store_rec_free(s);
	return rc;
}

static SessionRec *
session_read(struct tdomain *d, uint64_t id)
{
	struct sk_error err = { 0, "" };
	SessionRec *s = NULL;
	struct td_act act;
	const struct act *a = td_read(d, &act, "head.hm");

	td_end(&act, council_session_get(a, id, &s, &err));
	return s;
}

static uint32_t
state_of(struct tdomain *d, uint64_t id)
{
	InitiativeRec *r = td_get(d, "an.hm", id);
	uint32_t st = r != NULL ? r->state : 0;

	store_rec_free(r);
	return st;
}

/* The decision log entry seq of Hát Môn, decoded (free it). */
static Sk__V1__LogEntry *
log_entry(struct tdomain *d, uint64_t seq)
{
	struct scope sc = { .tenant = TD_HM };
	Sk__V1__LogEntry *e = NULL;
	struct store_txn t;
	const void *data;
	size_t len;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	if (tlog_entry(&t, &sc, seq, &data, &len) == 0)
		e = sk__v1__log_entry__unpack(NULL, len, data);
	store_read_end(&t);
	T_CHECK(e != NULL);
	return e;
}

/* ---- the council's form ----------------------------------------------------- */

static void
check_form(void)
{
	struct sk_error err = { 0, "" };
	struct tc x;
	CouncilRec *c = tc_init(&x);

	T_EQ_INT(council_check(NULL, &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "1 to 100 members");
	tc_add(&x, "cm1.hm", CR(MEMBER));
	tc_add(&x, "cm2.hm", CR(SECRETARY));
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "members: a council has exactly one chair, not 0");
	tc_add(&x, "head.hm", CR(CHAIR));
	T_EQ_INT(council_check(c, &err), 0);
	tc_add(&x, "cm3.hm", CR(CHAIR));
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "members: a council has exactly one chair, not 2");
	x.m[3].role = CR(UNION_REP);
	T_EQ_INT(council_check(c, &err), 0);
	tc_add(&x, "cm1.hm", CR(EXPERT));
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "members: cm1.hm is listed twice");
	x.c.n_members--;
	x.m[1].role = 0;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "members[2].role: unknown");
	x.m[1].role = CR(MEMBER) + 1;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.m[1].role = CR(VICE_CHAIR);
	T_EQ_INT(council_check(c, &err), 0);
	/* Fractions: num at most den, den at most 100, no zero threshold. */
	x.c.threshold_num = 3, x.c.threshold_den = 2;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "threshold/quorum");
	x.c.threshold_num = 0, x.c.threshold_den = 3;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.c.threshold_num = 1, x.c.threshold_den = 101;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.c.threshold_num = 2, x.c.threshold_den = 0;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.c.threshold_num = 3, x.c.threshold_den = 4;
	T_EQ_INT(council_check(c, &err), 0);
	x.c.quorum_num = 2, x.c.quorum_den = 1;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.c.quorum_num = 1, x.c.quorum_den = 101;
	T_EQ_INT(council_check(c, &err), SK_INVALID_ARGUMENT);
	x.c.quorum_num = 100, x.c.quorum_den = 100;
	T_EQ_INT(council_check(c, &err), 0);
	/* 0/0 leaves the defaults to council_set. */
	x.c.threshold_num = x.c.threshold_den = x.c.quorum_num = x.c.quorum_den = 0;
	T_EQ_INT(council_check(c, &err), 0);
}

static void
check_session_and_ballot(void)
{
	struct sk_error err = { 0, "" };
	BallotRec b = SK__STORE__V1__BALLOT_REC__INIT;
	const uint64_t ids[] = { 4, 7, 4 };

	T_EQ_INT(council_check_session("Phiên 1", "2024-06-20", ids, 2, &err), 0);
	T_EQ_INT(council_check_session(" ", "2024-06-20", ids, 2, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "title");
	T_EQ_INT(council_check_session("Phiên 1", "20/06/2024", ids, 2, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "held_on");
	T_EQ_INT(council_check_session("Phiên 1", "2024-06-20", ids, 0, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "initiative_ids: a session reviews 1 to 50 initiatives");
	T_EQ_INT(council_check_session("Phiên 1", "2024-06-20", ids, 3, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "initiative_ids: 4 is listed twice");
	T_EQ_INT(council_check_ids(ids, COUNCIL_AGENDA_MAX + 1, "session reviews", &err),
	    SK_INVALID_ARGUMENT);

	b.vote = V(YES);
	b.novelty = b.feasibility = b.benefit = COUNCIL_SCORE_MAX;
	T_EQ_INT(council_check_ballot(&b, &err), 0);
	b.benefit = COUNCIL_SCORE_MAX + 1;
	T_EQ_INT(council_check_ballot(&b, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "0 to 10");
	b.benefit = 0;
	b.vote = V(VOTE_UNSPECIFIED);
	T_EQ_INT(council_check_ballot(&b, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "ballot.vote");
	b.vote = V(ABSTAIN) + 1;
	T_EQ_INT(council_check_ballot(&b, &err), SK_INVALID_ARGUMENT);
}

/* ---- setting it up ------------------------------------------------------------ */

static void
set_binds_members(void)
{
	static const struct {
		const char *login, *msg;
	} refused[] = {
		{ "nobody.hm", "members: nobody.hm is not a user of your unit" },
		{ "dung.sp", "members: dung.sp is not a user of your unit" },
		{ "offcm.hm", "members: offcm.hm is disabled" },
		{ "clerk.hm", "members: clerk.hm does not hold the council role" },
		{ "an.hm", "members: an.hm does not hold the council role" },
	};
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct tc x;
	CouncilRec *c, *out = NULL;
	struct td_act act;
	uint64_t id = 0;

	td_open(&d);
	T_EQ_INT(td_end(&act, council_get(td_read(&d, &act, "head.hm"), &out, &err)),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "your unit has no council yet (sk council set)");
	/* No session without a council. */
	id = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(session_open(&d, "clerk.hm", false, &id, 1, NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "no council yet");
	T_EQ_INT(state_of(&d, id), S(ACCEPTED));
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		c = tc_init(&x);
		tc_add(&x, "head.hm", CR(CHAIR));
		tc_add(&x, refused[i].login, CR(MEMBER));
		T_EQ_INT(council_put(&d, "head.hm", c, NULL, &err),
		    SK_FAILED_PRECONDITION);
		T_EQ_STR(err.msg, refused[i].msg);
	}
	T_EQ_INT(td_end(&act, council_get(td_read(&d, &act, "head.hm"), &out, &err)),
	    SK_FAILED_PRECONDITION);
	/* Good members: names from their records, the decree's fractions. */
	c = tc_init(&x);
	tc_add(&x, "head.hm", CR(CHAIR));
	tc_add(&x, "cm1.hm", CR(VICE_CHAIR));
	tc_add(&x, "cm2.hm", CR(SECRETARY));
	T_EQ_INT(council_put(&d, "head.hm", c, &out, &err), 0);
	if (out != NULL) {
		T_EQ_INT(out->n_members, 3);
		T_EQ_STR(out->members[0]->name, "Đỗ Văn Hùng");
		T_EQ_STR(out->members[1]->name, "Vũ Thị Mai");
		T_EQ_INT(out->members[1]->role, CR(VICE_CHAIR));
		T_EQ_INT(out->threshold_num, 2);
		T_EQ_INT(out->threshold_den, 3);
		T_EQ_INT(out->quorum_num, 1);
		T_EQ_INT(out->quorum_den, 2);
	}
	store_rec_free(out);
	out = NULL;
	T_EQ_INT(td_end(&act, council_get(td_read(&d, &act, "cm2.hm"), &out, &err)), 0);
	T_EQ_STR(out != NULL && out->n_members == 3 ? out->members[2]->name : NULL,
	    "Hoàng Văn Nam");
	store_rec_free(out);
	out = NULL;
	/* Fractions given are kept; a new council replaces the old. */
	c = tc_init(&x);
	tc_add(&x, "cm3.hm", CR(CHAIR));
	x.c.threshold_num = 3, x.c.threshold_den = 4;
	x.c.quorum_num = 2, x.c.quorum_den = 3;
	T_EQ_INT(council_put(&d, "head.hm", c, NULL, &err), 0);
	T_EQ_INT(td_end(&act, council_get(td_read(&d, &act, "cm2.hm"), &out, &err)), 0);
	if (out != NULL) {
		T_EQ_INT(out->n_members, 1);
		T_EQ_STR(out->members[0]->login, "cm3.hm");
		T_EQ_INT(out->threshold_num * 100 + out->threshold_den, 304);
		T_EQ_INT(out->quorum_num * 100 + out->quorum_den, 203);
	}
	store_rec_free(out);
	td_close(&d);
}

/* ---- sessions -------------------------------------------------------------------- */

static void
session_opens_agenda(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	SessionRec *s = NULL;
	uint64_t a, b, c, ids[2];
	uint64_t log0;

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	a = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	b = td_accepted(&d, "cm1.hm", "Tiết kiệm điện", NULL);
	c = td_create(&d, "cuc.hm", "Bản nháp", NULL);
	/* A draft on the agenda: nothing of the session is kept. */
	ids[0] = a, ids[1] = c;
	T_EQ_INT(session_open(&d, "clerk.hm", false, ids, 2, NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "cannot review initiative 3: it is in state \"draft\"");
	T_EQ_INT(state_of(&d, a), S(ACCEPTED));
	T_CHECK(session_read(&d, 1) == NULL);
	/* Only the clerk or the head puts dossiers into review. */
	ids[1] = b;
	T_EQ_INT(session_open(&d, "cm2.hm", false, ids, 2, NULL, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "to review an initiative needs the role clerk,head");
	log0 = td_log_size(&d, TD_HM);
	T_EQ_INT(session_open(&d, "clerk.hm", false, ids, 2, &s, &err), 0);
	if (s == NULL) {
		T_CHECK(!"the session opens");
		td_close(&d);
		return;
	}
	T_EQ_INT(s->id, 1);
	T_CHECK(!s->closed);
	T_EQ_STR(s->opened_by, "clerk.hm");
	T_EQ_STR(s->held_on, "2024-06-20");
	T_CHECK(s->council != NULL && s->council->n_members == 4);
	T_EQ_INT(s->n_outcomes, 2);
	if (s->n_outcomes == 2) {
		/* Every member may vote on a; cm1, its author, not on b. */
		T_EQ_INT(s->outcomes[0]->members, 4);
		T_EQ_INT(s->outcomes[0]->eligible, 4);
		T_EQ_INT(s->outcomes[1]->members, 4);
		T_EQ_INT(s->outcomes[1]->eligible, 3);
		T_EQ_INT(s->outcomes[1]->session_id, 1);
	}
	store_rec_free(s);
	T_EQ_INT(state_of(&d, a), S(IN_REVIEW));
	T_EQ_INT(state_of(&d, b), S(IN_REVIEW));
	/* Each dossier names the session it is on, with an empty tally that
	 * reveals no vote. */
	{
		InitiativeRec *r = td_get(&d, "an.hm", b);

		T_CHECK(r != NULL && r->outcome != NULL);
		if (r != NULL && r->outcome != NULL) {
			T_EQ_INT(r->outcome->session_id, 1);
			T_EQ_INT(r->outcome->yes + r->outcome->no + r->outcome->abstain,
			    0);
			T_EQ_INT(r->outcome->eligible, 3);
		}
		store_rec_free(r);
	}
	/* Two reviews and the session itself are logged. */
	T_EQ_INT(td_log_size(&d, TD_HM), log0 + 3);
	/* In review, the council's deadline still runs from the receipt. */
	{
		struct initiative_late *late = NULL;
		struct td_act act;
		size_t n = 0;

		td_read(&d, &act, "head.hm");
		act.a.today = date_add_months(act.a.today, 3) + 1;
		T_EQ_INT(td_end(&act, initiative_overdue(&act.a, &late, &n, &err)), 0);
		T_EQ_INT(n, 2);
		T_EQ_STR(n > 0 ? late[0].what : NULL, "council review");
		initiative_overdue_free(late, n);
	}
	/* In review already: not on a second session. */
	T_EQ_INT(session_open(&d, "head.hm", false, &a, 1, NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "it is in state \"in review\"");
	td_close(&d);
}

static void
votes(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct tc x;
	SessionRec *s;
	uint64_t a, b, c, ids[2];

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	a = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	b = td_accepted(&d, "cm1.hm", "Tiết kiệm điện", NULL);
	c = td_accepted(&d, "cuc.hm", "Số hóa thư viện", NULL);
	ids[0] = a, ids[1] = b;
	T_EQ_INT(session_open(&d, "clerk.hm", false, ids, 2, NULL, &err), 0);
	/* The council changes after the session opened: the session's holds. */
	tc_init(&x);
	tc_add(&x, "head.hm", CR(CHAIR));
	T_EQ_INT(council_put(&d, "head.hm", &x.c, NULL, &err), 0);

	T_EQ_INT(vote(&d, "clerk.hm", 1, a, V(YES), &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "you are not a member of the council of session 1");
	T_EQ_INT(vote(&d, "cuc.hm", 1, a, V(YES), &err), SK_PERMISSION_DENIED);
	T_EQ_INT(vote(&d, "cm1.hm", 1, b, V(YES), &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "you are an author of initiative 2 and cannot vote on it");
	T_EQ_INT(vote(&d, "cm2.hm", 1, c, V(YES), &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "initiative_id: 3 is not on the agenda of session 1");
	T_EQ_INT(vote(&d, "cm2.hm", 9, a, V(YES), &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "session 9 not found in your unit");
	T_EQ_INT(vote(&d, "cm3.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, a, V(NO), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, a, V(YES), &err), SK_ALREADY_EXISTS);
	T_EQ_STR(err.msg, "you have already voted on initiative 1 in session 1");
	T_EQ_INT(vote(&d, "cm1.hm", 1, a, V(ABSTAIN), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, b, V(YES), &err), 0);
	s = session_read(&d, 1);
	if (s == NULL) {
		T_CHECK(!"the session is stored");
		td_close(&d);
		return;
	}
	/* An open session keeps each ballot under the voter's login. */
	T_EQ_INT(s->n_ballots, 4);
	if (s->n_ballots == 4) {
		T_EQ_STR(s->ballots[0]->login, "cm3.hm");
		T_EQ_INT(s->ballots[0]->vote, V(YES));
		T_EQ_STR(s->ballots[1]->login, "cm2.hm");
		T_EQ_INT(s->ballots[1]->vote, V(NO));
	}
	/* Who voted on what, sorted: not in the order they voted. */
	T_EQ_INT(s->n_voters, 4);
	if (s->n_voters == 4) {
		T_EQ_STR(s->voters[0], "cm1.hm:1");
		T_EQ_STR(s->voters[1], "cm2.hm:1");
		T_EQ_STR(s->voters[2], "cm2.hm:2");
		T_EQ_STR(s->voters[3], "cm3.hm:1");
	}
	T_EQ_INT(s->outcomes[0]->yes, 1);
	T_EQ_INT(s->outcomes[0]->no, 1);
	T_EQ_INT(s->outcomes[0]->abstain, 1);
	T_EQ_INT(s->outcomes[0]->scores, 3);
	T_EQ_INT(s->outcomes[0]->novelty, 24);
	T_EQ_INT(s->outcomes[0]->benefit, 27);
	T_EQ_INT(s->outcomes[1]->yes, 1);
	/* Open sessions keep their tallies in view. */
	council_session_redact(s);
	T_EQ_INT(s->outcomes[0]->yes, 1);
	store_rec_free(s);
	T_EQ_INT(session_close(&d, "head.hm", 1, NULL, &err), 0);
	T_EQ_INT(vote(&d, "head.hm", 1, a, V(YES), &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "session 1 is closed; votes are no longer taken");
	td_close(&d);
}

static void
secret_ballot(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	SessionRec *s;
	Sk__V1__LogEntry *e;
	uint64_t a, n;

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	a = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(session_open(&d, "head.hm", true, &a, 1, NULL, &err), 0);
	T_EQ_INT(vote(&d, "head.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, a, V(NO), &err), 0);
	T_EQ_INT(vote(&d, "cm1.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm1.hm", 1, a, V(NO), &err), SK_ALREADY_EXISTS);
	/* The log says a ballot was cast, and nothing that would tell how. */
	n = td_log_size(&d, TD_HM);
	if ((e = log_entry(&d, n - 1)) != NULL) {
		T_EQ_STR(e->action, "session.vote");
		T_EQ_STR(e->object, "session/1");
		T_EQ_STR(e->note, "a ballot on initiative 1");
		T_EQ_INT(e->object_hash.len, 0);
		T_EQ_STR(e->actor, "cm1.hm");
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	if ((s = session_read(&d, 1)) == NULL) {
		T_CHECK(!"the session is stored");
		td_close(&d);
		return;
	}
	/* No ballots: who voted, and the running tally, which is blanked for
	 * anyone who reads the session while it is open. */
	T_CHECK(s->secret);
	T_EQ_INT(s->n_ballots, 0);
	T_EQ_INT(s->n_voters, 3);
	if (s->n_voters == 3) {
		T_EQ_STR(s->voters[0], "cm1.hm:1");
		T_EQ_STR(s->voters[1], "cm2.hm:1");
		T_EQ_STR(s->voters[2], "head.hm:1");
	}
	T_EQ_INT(s->outcomes[0]->yes, 2);
	T_EQ_INT(s->outcomes[0]->no, 1);
	council_session_redact(s);
	T_EQ_INT(s->outcomes[0]->yes, 0);
	T_EQ_INT(s->outcomes[0]->no, 0);
	T_EQ_INT(s->outcomes[0]->abstain, 0);
	T_EQ_INT(s->outcomes[0]->scores, 0);
	T_EQ_INT(s->outcomes[0]->novelty, 0);
	T_EQ_INT(s->outcomes[0]->feasibility, 0);
	T_EQ_INT(s->outcomes[0]->benefit, 0);
	T_EQ_INT(s->outcomes[0]->eligible, 4);
	store_rec_free(s);
	/* Closed, the tally is the result: it is not blanked. */
	T_EQ_INT(vote(&d, "cm3.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(session_close(&d, "head.hm", 1, &s, &err), 0);
	if (s != NULL) {
		council_session_redact(s);
		T_EQ_INT(s->outcomes[0]->yes, 3);
		T_CHECK(s->outcomes[0]->passed);
		T_EQ_INT(s->n_ballots, 0);
	}
	store_rec_free(s);
	T_EQ_INT(state_of(&d, a), S(RECOGNISED));
	td_close(&d);
}

static void
close_decides(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	SessionRec *s = NULL;
	InitiativeRec *r;
	Sk__V1__LogEntry *e;
	uint64_t a, b, ids[2];

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	a = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	b = td_accepted(&d, "cm1.hm", "Tiết kiệm điện", NULL);
	ids[0] = a, ids[1] = b;
	T_EQ_INT(session_open(&d, "clerk.hm", false, ids, 2, NULL, &err), 0);
	/* a: 3 yes of 4 (9 >= 8 for 2/3); b: 1 yes of 3 who may vote. */
	T_EQ_INT(vote(&d, "head.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm3.hm", 1, a, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm1.hm", 1, a, V(NO), &err), 0);
	T_EQ_INT(vote(&d, "head.hm", 1, b, V(YES), &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", 1, b, V(NO), &err), 0);
	T_EQ_INT(vote(&d, "cm3.hm", 1, b, V(ABSTAIN), &err), 0);
	/* Only the head closes: the clerk's attempt changes nothing. */
	T_EQ_INT(session_close(&d, "clerk.hm", 1, NULL, &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "to recognise an initiative needs the role head");
	T_EQ_INT(state_of(&d, a), S(IN_REVIEW));
	s = session_read(&d, 1);
	T_CHECK(s != NULL && !s->closed);
	store_rec_free(s);

	T_EQ_INT(session_close(&d, "head.hm", 1, &s, &err), 0);
	if (s != NULL) {
		T_CHECK(s->closed);
		T_CHECK(s->closed_at > 0);
		T_CHECK(s->outcomes[0]->quorum && s->outcomes[0]->passed);
		T_CHECK(s->outcomes[1]->quorum && !s->outcomes[1]->passed);
	}
	store_rec_free(s);
	/* Each dossier keeps its outcome and moves on. */
	r = td_get(&d, "an.hm", a);
	T_EQ_INT(r != NULL ? r->state : 0, S(RECOGNISED));
	if (r != NULL && r->outcome != NULL) {
		T_EQ_INT(r->outcome->session_id, 1);
		T_EQ_INT(r->outcome->yes, 3);
		T_EQ_INT(r->outcome->no, 1);
		T_EQ_INT(r->outcome->eligible, 4);
		T_CHECK(r->outcome->passed);
	} else
		T_CHECK(!"a's outcome is stored");
	store_rec_free(r);
	r = td_get(&d, "an.hm", b);
	T_EQ_INT(r != NULL ? r->state : 0, S(NOT_RECOGNISED));
	T_CHECK(r != NULL && r->outcome != NULL && !r->outcome->passed &&
	    r->outcome->eligible == 3);
	store_rec_free(r);
	/* The tally is in the log's note. */
	if ((e = log_entry(&d, td_log_size(&d, TD_HM) - 1)) != NULL) {
		T_EQ_STR(e->action, "session.close");
		/* The rule in force first, then each dossier's tally. */
		T_EQ_STR(e->note,
		    "rule: pass with 2/3 of the 4 members, quorum 1/2; "
		    "initiative 1: 3 yes, 1 no, 0 abstain of 4, 3 needed, passed; "
		    "initiative 2: 1 yes, 1 no, 1 abstain of 3, 3 needed, not passed");
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	T_EQ_INT(session_close(&d, "head.hm", 1, NULL, &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "session 1 is already closed");
	td_close(&d);
}

/* The outcome of a tally under a rule: fractions t (threshold) and q
 * (quorum) of a base (members, or the members who may vote). */
static OutcomeRec
decide(uint32_t members, uint32_t eligible, uint32_t yes, uint32_t no, uint32_t abstain,
    uint32_t tn, uint32_t td, uint32_t qn, uint32_t qd, uint32_t base)
{
	OutcomeRec o = SK__STORE__V1__OUTCOME_REC__INIT;

	o.threshold_num = tn, o.threshold_den = td;
	o.quorum_num = qn, o.quorum_den = qd;
	o.count_base = base;
	o.members = members;
	o.eligible = eligible;
	o.yes = yes, o.no = no, o.abstain = abstain;
	o.quorum = o.passed = true; /* whatever was there is decided again */
	council_outcome_decide(&o);
	return o;
}

#define M SK__V1__COUNT_BASE__COUNT_MEMBERS
#define E SK__V1__COUNT_BASE__COUNT_ELIGIBLE
#define PASSES(...) (decide(__VA_ARGS__).passed)
#define QUORUM(...) (decide(__VA_ARGS__).quorum)
#define NEEDED(...) (decide(__VA_ARGS__).needed)

static void
outcome_arithmetic(void)
{
	/* 2/3 of the members, with half of them voting. */
	T_CHECK(!QUORUM(3, 0, 0, 0, 0, 2, 3, 1, 2, M));
	T_CHECK(!PASSES(3, 0, 0, 0, 0, 2, 3, 1, 2, M));
	T_CHECK(PASSES(3, 3, 2, 1, 0, 2, 3, 1, 2, M)); /* 2 >= 2 of 3 */
	T_CHECK(PASSES(3, 3, 2, 0, 0, 2, 3, 1, 2, M)); /* one did not vote */
	T_CHECK(!PASSES(3, 3, 1, 1, 1, 2, 3, 1, 2, M));
	T_EQ_INT(NEEDED(5, 5, 0, 0, 0, 2, 3, 1, 2, M), 4); /* 10/3 rounds up */
	T_CHECK(!PASSES(5, 5, 3, 0, 0, 2, 3, 1, 2, M));
	T_CHECK(PASSES(5, 5, 4, 1, 0, 2, 3, 1, 2, M));
	/* Of the members, not of those who voted. */
	T_CHECK(!PASSES(6, 6, 3, 0, 0, 2, 3, 1, 2, M));
	T_CHECK(QUORUM(6, 6, 3, 0, 0, 2, 3, 1, 2, M));  /* 3 >= 3 */
	T_CHECK(!QUORUM(6, 6, 2, 0, 0, 2, 3, 1, 2, M)); /* 2 < 3 */
	/* Abstentions count toward the quorum, not toward passing. */
	T_CHECK(QUORUM(4, 4, 0, 0, 2, 2, 3, 1, 2, M));
	T_CHECK(!PASSES(4, 4, 0, 0, 2, 2, 3, 1, 2, M));
	/* Unanimity. */
	T_CHECK(PASSES(3, 3, 3, 0, 0, 1, 1, 1, 2, M));
	T_CHECK(!PASSES(3, 3, 2, 0, 0, 1, 1, 1, 2, M));
	/* A quorum of all: enough yes votes do not pass without it. */
	T_CHECK(!QUORUM(3, 3, 2, 0, 0, 2, 3, 1, 1, M));
	T_CHECK(!PASSES(3, 3, 2, 0, 0, 2, 3, 1, 1, M));
	T_CHECK(PASSES(3, 3, 2, 1, 0, 2, 3, 1, 1, M));
	/* 3/4 by 100ths: 75 of 100. */
	T_CHECK(PASSES(100, 100, 75, 0, 0, 3, 4, 1, 2, M));
	T_CHECK(!PASSES(100, 100, 74, 26, 0, 3, 4, 1, 2, M));
	/* Large tallies do not overflow. */
	T_CHECK(PASSES(4000000000u, 4000000000u, 3000000000u, 0, 0, 3, 4, 1, 2, M));

	/*
	 * The law's floor: 2/3 of the council's members agree, whatever the
	 * unit counts. Five members, one of them an author: 2/3 of the four
	 * who may vote is 3 yes, but 3 of 5 members is less than 2/3; it
	 * takes 4.
	 */
	T_EQ_INT(NEEDED(5, 4, 0, 0, 0, 2, 3, 1, 2, E), 4);
	T_CHECK(!PASSES(5, 4, 3, 1, 0, 2, 3, 1, 2, E));
	T_CHECK(PASSES(5, 4, 4, 0, 0, 2, 3, 1, 2, E));
	/* A stricter rule on the members who may vote still binds: 9/10 of 9. */
	T_EQ_INT(NEEDED(10, 9, 0, 0, 0, 9, 10, 1, 2, E), 9);
	T_EQ_INT(NEEDED(10, 9, 0, 0, 0, 9, 10, 1, 2, M), 9);
	T_EQ_INT(NEEDED(12, 9, 0, 0, 0, 9, 10, 1, 2, E), 9); /* 8.1 rounds up */
	/* The quorum counts the base too. */
	T_CHECK(QUORUM(6, 2, 1, 0, 0, 2, 3, 1, 2, E));  /* 1 >= 1 of 2 */
	T_CHECK(!QUORUM(6, 2, 1, 0, 0, 2, 3, 1, 2, M)); /* 1 < 3 of 6 */
}

/* A threshold under 2/3 is refused; a stricter one and the base are kept. */
static void
legal_threshold(void)
{
	CouncilMemberRec chair = SK__STORE__V1__COUNCIL_MEMBER_REC__INIT, *mp = &chair;
	CouncilRec c = SK__STORE__V1__COUNCIL_REC__INIT;
	struct sk_error err = { 0, "" };

	chair.login = "chu.hm";
	chair.role = SK__V1__COUNCIL_ROLE__CHAIR;
	c.n_members = 1;
	c.members = &mp;
	c.threshold_num = 1, c.threshold_den = 2;
	T_EQ_INT(council_check(&c, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "below the legal 2/3");
	c.threshold_num = 3, c.threshold_den = 5;
	T_EQ_INT(council_check(&c, &err), SK_INVALID_ARGUMENT);
	c.threshold_num = 2, c.threshold_den = 3;
	T_EQ_INT(council_check(&c, &err), 0);
	c.threshold_num = 4, c.threshold_den = 5;
	c.count_base = E;
	T_EQ_INT(council_check(&c, &err), 0);
	c.count_base = 7;
	T_EQ_INT(council_check(&c, &err), SK_INVALID_ARGUMENT);
}

/* ---- decisions -------------------------------------------------------------------- */

static void
decision_checks(void)
{
	struct sk_error err = { 0, "" };
	int32_t today = date_today();
	char on[16], tomorrow[16];
	const uint64_t ids[] = { 1, 2, 1 };

	td_iso(today, on);
	td_iso(today + 1, tomorrow);
	T_EQ_INT(decision_check("125/QĐ-UBND", on, today, ids, 2, &err), 0);
	T_EQ_INT(decision_check("12/QĐ-UBND", "2024-01-01", today, ids, 1, &err), 0);
	T_EQ_INT(decision_check("", on, today, ids, 2, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "number: must not be empty");
	T_EQ_INT(decision_check("125/QĐ-UBND", tomorrow, today, ids, 2, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "not in the future");
	T_EQ_INT(decision_check("125/QĐ-UBND", "2024-02-30", today, ids, 2, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "signed_on");
	T_EQ_INT(decision_check("125/QĐ-UBND", on, today, ids, 0, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "initiative_ids: a decision names 1 to 50 initiatives");
	T_EQ_INT(decision_check("125/QĐ-UBND", on, today, ids, 3, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "initiative_ids: 1 is listed twice");
}

static int
issue(struct tdomain *d, const char *login, const uint64_t *ids, size_t n,
    DecisionRec **out, struct sk_error *err)
{
	DecisionRec *r = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	char on[16];
	int rc;

	memset(err, 0, sizeof(*err));
	td_iso(a->today, on);
	rc = td_end(&act, decision_issue(a, "125/QĐ-UBND", on, ids, n, &r, err));
	if (out != NULL)
		*out = r;
	else
		store_rec_free(r);
	return rc;
}

static int
certificates_of(struct tdomain *d, uint64_t id, struct recs *out, struct sk_error *err)
{
	struct td_act act;
	const struct act *a = td_read(d, &act, "binh.hm");

	memset(err, 0, sizeof(*err));
	return td_end(&act, decision_certificates_of(a, id, out, err));
}

/* A recognised by a council (an.hm with binh.hm at 30 %), B not. */
static void
recognise_two(struct tdomain *d, uint64_t *a, uint64_t *b)
{
	struct sk_error err = { 0, "" };
	uint64_t ids[2];

	T_EQ_INT(td_council(d), 0);
	*a = td_accepted(d, "an.hm", "Sổ tay số", "binh.hm");
	*b = td_accepted(d, "cuc.hm", "Tiết kiệm điện", NULL);
	ids[0] = *a, ids[1] = *b;
	T_EQ_INT(session_open(d, "clerk.hm", false, ids, 2, NULL, &err), 0);
	T_EQ_INT(vote(d, "head.hm", 1, *a, V(YES), &err), 0);
	T_EQ_INT(vote(d, "cm1.hm", 1, *a, V(YES), &err), 0);
	T_EQ_INT(vote(d, "cm2.hm", 1, *a, V(YES), &err), 0);
	T_EQ_INT(vote(d, "head.hm", 1, *b, V(NO), &err), 0);
	T_EQ_INT(vote(d, "cm1.hm", 1, *b, V(NO), &err), 0);
	T_EQ_INT(session_close(d, "head.hm", 1, NULL, &err), 0);
	T_EQ_INT(state_of(d, *a), S(RECOGNISED));
	T_EQ_INT(state_of(d, *b), S(NOT_RECOGNISED));
}

static void
decision_issue_rules(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct recs certs = { 0 };
	DecisionRec *dec = NULL;
	struct td_act act;
	const struct act *ra;
	uint64_t a = 0, b = 0, both[2], log0;

	td_open(&d);
	recognise_two(&d, &a, &b);
	/* Certificates come with a decision, not before. */
	T_EQ_INT(certificates_of(&d, a, &certs, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "is in state \"recognised\", with no decision yet");
	T_EQ_INT(certs.n, 0);
	T_EQ_INT(certificates_of(&d, b, &certs, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "is in state \"not recognised\"; certificates exist only");
	log0 = td_log_size(&d, TD_HM);
	/* Not recognised, alone or beside one that is: nothing is issued. */
	T_EQ_INT(issue(&d, "head.hm", &b, 1, NULL, &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg,
	    "cannot decide initiative 2: it is in state \"not recognised\"");
	both[0] = a, both[1] = b;
	T_EQ_INT(issue(&d, "head.hm", both, 2, NULL, &err), SK_FAILED_PRECONDITION);
	T_EQ_INT(td_log_size(&d, TD_HM), log0);
	ra = td_read(&d, &act, "head.hm");
	T_EQ_INT(td_end(&act, decision_get(ra, 1, &dec, &err)), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "decision 1 not found in your unit");
	/* Only the head decides. */
	T_EQ_INT(issue(&d, "cm2.hm", &a, 1, NULL, &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "to decide an initiative needs the role head");

	T_EQ_INT(issue(&d, "head.hm", &a, 1, &dec, &err), 0);
	if (dec == NULL) {
		T_CHECK(!"the decision is issued");
		td_close(&d);
		return;
	}
	T_EQ_INT(dec->id, 1);
	T_EQ_STR(dec->number, "125/QĐ-UBND");
	T_EQ_STR(dec->signer, "head.hm");
	T_EQ_STR(dec->signer_name, "Đỗ Văn Hùng");
	T_EQ_STR(dec->unit_name, "Xã Hát Môn");
	T_EQ_INT(dec->n_initiative_ids, 1);
	store_rec_free(dec);
	dec = NULL;
	/* The dossier's history, two certificates and the decision. */
	T_EQ_INT(td_log_size(&d, TD_HM), log0 + 4);
	{
		InitiativeRec *r = td_get(&d, "an.hm", a);

		T_EQ_INT(r != NULL ? r->decision_id : 0, 1);
		T_EQ_INT(r != NULL ? r->state : 0, S(RECOGNISED));
		store_rec_free(r);
	}
	/* Named once: a second decision on it is refused. */
	T_EQ_INT(issue(&d, "head.hm", &a, 1, NULL, &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "initiative 1 is already in decision 1");
	ra = td_read(&d, &act, "head.hm");
	T_EQ_INT(td_end(&act, decision_get(ra, 2, &dec, &err)), SK_NOT_FOUND);
	td_close(&d);
}

static void
certificates(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct recs certs = { 0 }, again = { 0 };
	DecisionRec *dec = NULL;
	struct td_act act;
	const struct act *ra;
	uint64_t a = 0, b = 0;
	char want[48];
	int y = 0, m = 0, dd = 0;

	td_open(&d);
	recognise_two(&d, &a, &b);
	T_EQ_INT(issue(&d, "head.hm", &a, 1, &dec, &err), 0);
	if (dec == NULL) {
		T_CHECK(!"the decision is issued");
		td_close(&d);
		return;
	}
	ra = td_read(&d, &act, "cuc.hm");
	T_EQ_INT(td_end(&act, decision_certificates(ra, dec, &certs, &err)), 0);
	/* One for each author, naming the others as co-authors. */
	T_EQ_INT(certs.n, 2);
	if (certs.n == 2) {
		const CertificateRec *c0 = certs.v[0], *c1 = certs.v[1];

		date_to_ymd(date_today(), &y, &m, &dd);
		snprintf(want, sizeof(want), "1/%d/GCN-SK", y);
		T_EQ_STR(c0->number, want);
		T_EQ_STR(c0->author, "Nguyễn Văn An");
		T_EQ_INT(c0->share, 7000);
		T_EQ_INT(c0->n_coauthors, 1);
		T_EQ_STR(c0->n_coauthors == 1 ? c0->coauthors[0] : NULL, "Trần Thị Bình");
		T_EQ_STR(c1->author, "Trần Thị Bình");
		T_EQ_INT(c1->share, 3000);
		T_EQ_STR(c1->n_coauthors == 1 ? c1->coauthors[0] : NULL, "Nguyễn Văn An");
		T_EQ_INT(c1->id, 2);
		T_EQ_INT(c1->decision_id, 1);
		T_EQ_INT(c1->initiative_id, a);
		T_EQ_STR(c1->title, "Sổ tay số");
		T_EQ_STR(c1->decision_number, "125/QĐ-UBND");
		T_EQ_STR(c1->unit_name, "Xã Hát Môn");
		T_EQ_STR(c1->signed_on, dec->signed_on);
	}
	/* The same, by the dossier. */
	T_EQ_INT(certificates_of(&d, a, &again, &err), 0);
	T_EQ_INT(again.n, certs.n);
	recs_free(&certs);
	recs_free(&again);
	store_rec_free(dec);
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "council_check: members, one chair, no one twice, fractions", check_form },
	{ "session and ballot checks", check_session_and_ballot },
	{ "council_set: enabled council members of the unit, names, defaults",
	    set_binds_members },
	{ "a session puts accepted dossiers into review; authors are not eligible",
	    session_opens_agenda },
	{ "votes: members only, not on their own, once, while open", votes },
	{ "a secret session keeps no ballots and hides its tally while open",
	    secret_ballot },
	{ "closing decides each dossier: recognised or not", close_decides },
	{ "quorum and threshold arithmetic at the edges", outcome_arithmetic },
	{ "a threshold below the legal 2/3 is refused", legal_threshold },
	{ "decision_check: number, date, dossiers", decision_checks },
	{ "a decision names recognised dossiers only, once", decision_issue_rules },
	{ "one certificate per author, naming the co-authors", certificates },
};

T_MAIN(cases)
