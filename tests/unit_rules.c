/*
 * unit_rules: the rules of the law that trying the registry found wrong
 * (issue 9), each through the domain as the server runs it: scores of
 * ballots without scores, authors named without their login, the one-year
 * limit judged on filing, the rule in force frozen in a session, content
 * categories as data, written answers to a return or refusal, and the
 * application's addressee.
 */
#include "t.h"

#include "author.h"
#include "categories.h"
#include "council.h"
#include "tdomain.h"

/* A ballot of login on dossier id in session sid; scores when s > 0. */
static int
vote(struct tdomain *d, const char *login, uint64_t sid, uint64_t id, uint32_t v,
    uint32_t s, bool scored, struct sk_error *err)
{
	BallotRec b = SK__STORE__V1__BALLOT_REC__INIT;
	SessionRec *out = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, login);
	int rc;

	memset(err, 0, sizeof(*err));
	b.initiative_id = id;
	b.vote = v;
	b.novelty = b.feasibility = b.benefit = s;
	b.scored = scored;
	rc = council_vote(a, sid, &b, &out, err);
	store_rec_free(out);
	return td_end(&x, rc);
}

/* Open a session of head.hm on the one dossier id; its id or 0. */
static uint64_t
open_on(struct tdomain *d, uint64_t id)
{
	struct sk_error err = { 0, "" };
	SessionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "head.hm");
	char on[16];
	uint64_t sid = 0;

	td_iso(a->today, on);
	if (td_end(&x,
	        council_session_open(a, "Phiên họp", on, false, &id, 1, &s, &err)) == 0 &&
	    s != NULL)
		sid = s->id;
	else
		fprintf(stderr, "open_on: %s\n", err.msg);
	store_rec_free(s);
	return sid;
}

static SessionRec *
close_session(struct tdomain *d, uint64_t sid)
{
	struct sk_error err = { 0, "" };
	SessionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "head.hm");

	if (td_end(&x, council_session_close(a, sid, &s, &err)) != 0)
		fprintf(stderr, "close_session: %s\n", err.msg);
	return s;
}

/* 1. A ballot cast without scores is no sheet of zeros. */
static void
scores_of_scored_ballots(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	SessionRec *s;
	uint64_t id, sid;

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	id = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	sid = open_on(&d, id);
	T_EQ_INT(vote(&d, "head.hm", sid, id, SK__V1__VOTE__YES, 10, true, &err), 0);
	T_EQ_INT(vote(&d, "cm1.hm", sid, id, SK__V1__VOTE__YES, 10, true, &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", sid, id, SK__V1__VOTE__YES, 10, true, &err), 0);
	T_EQ_INT(vote(&d, "cm3.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err), 0);
	s = close_session(&d, sid);
	T_CHECK(s != NULL && s->n_outcomes == 1);
	if (s != NULL && s->n_outcomes == 1) {
		const OutcomeRec *o = s->outcomes[0];

		T_EQ_INT(o->yes, 4);
		T_EQ_INT(o->scores, 3); /* three ballots were scored */
		T_EQ_INT(o->novelty, 30);
		T_EQ_INT(o->novelty / o->scores, 10); /* the average is 10, not 7.5 */
	}
	store_rec_free(s);
	td_close(&d);
}

/* An older client sends scores without the flag: they still count. */
static void
scores_without_flag(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	SessionRec *s;
	uint64_t id, sid;

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	id = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	sid = open_on(&d, id);
	T_EQ_INT(vote(&d, "cm2.hm", sid, id, SK__V1__VOTE__YES, 8, false, &err), 0);
	/* Scored zeros, given as such, do count. */
	T_EQ_INT(vote(&d, "cm3.hm", sid, id, SK__V1__VOTE__NO, 0, true, &err), 0);
	s = close_session(&d, sid);
	if (s != NULL && s->n_outcomes == 1) {
		T_EQ_INT(s->outcomes[0]->scores, 2);
		T_EQ_INT(s->outcomes[0]->novelty, 8);
	} else
		T_CHECK(!"the session closes");
	store_rec_free(s);
	td_close(&d);
}

/* The dossier x of an.hm with an author named only by name, submitted. */
static uint64_t
submitted_with_name(struct tdomain *d, const char *name)
{
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	uint64_t id;

	td_dossier(&x, "Sổ tay số", "an.hm");
	td_coauthor(&x, "", 3000);
	x.au[1].name = (char *)name;
	if ((id = td_create_from(d, "an.hm", &x, false, &err)) == 0)
		fprintf(stderr, "create: %s\n", err.msg);
	T_EQ_INT(td_step(d, "an.hm", id, TD_ACT(SUBMIT), "", &err), 0);
	return id;
}

static int
distinct(struct tdomain *d, uint64_t id, uint32_t author, const char *reason,
    struct sk_error *err)
{
	struct initiative_step st = { TD_ACT(DISTINCT), 0, reason, author };
	InitiativeRec *out = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "clerk.hm");
	int rc;

	memset(err, 0, sizeof(*err));
	rc = initiative_step(a, id, &st, &out, err);
	store_rec_free(out);
	return td_end(&x, rc);
}

/* 2. Staff named as authors without their login: the clerk is warned and
 * cannot accept until each is linked or marked as another person. */
static void
unlinked_staff_author(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r;
	uint64_t id;

	td_open(&d);
	/* Vũ Thị Mai is cm1.hm, a council member: typed without diacritics. */
	id = submitted_with_name(&d, "vu thi MAI");
	r = td_get(&d, "clerk.hm", id);
	T_CONTAINS(r != NULL ? r->link_warning : NULL,
	    "authors[2] \"vu thi MAI\" has the name of cm1.hm");
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(ACCEPT), "", &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "cm1.hm");
	T_CONTAINS(err.msg, "sk initiative distinct");
	/* Marking needs a reason, an author without login, by number. */
	T_EQ_INT(distinct(&d, id, 2, "", &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "reason");
	T_EQ_INT(distinct(&d, id, 1, "khác người", &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "named by login");
	T_EQ_INT(distinct(&d, id, 3, "khác người", &err), SK_INVALID_ARGUMENT);
	T_EQ_INT(td_step(&d, "an.hm", id, TD_ACT(DISTINCT), "x", &err),
	    SK_PERMISSION_DENIED); /* the clerk's step */
	T_EQ_INT(distinct(&d, id, 2, "Bà Mai ở Sở Y tế, không phải ủy viên hội đồng",
	             &err),
	    0);
	r = td_get(&d, "clerk.hm", id);
	T_CHECK(r != NULL && r->authors[1]->distinct && r->link_warning[0] == '\0');
	T_EQ_INT(r != NULL ? r->state : 0, TD_STATE(SUBMITTED));
	store_rec_free(r);
	T_EQ_INT(distinct(&d, id, 2, "lần nữa", &err), SK_FAILED_PRECONDITION);
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(ACCEPT), "", &err), 0);
	td_close(&d);
}

/* A name that is nobody's, or a disabled user's, stops nothing. */
static void
unlinked_only_staff(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	uint64_t a, b;

	td_open(&d);
	a = submitted_with_name(&d, "Người ngoài đơn vị");
	b = submitted_with_name(&d, "Bùi Văn Nghỉ"); /* off.hm is disabled */
	T_EQ_INT(td_step(&d, "clerk.hm", a, TD_ACT(ACCEPT), "", &err), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", b, TD_ACT(ACCEPT), "", &err), 0);
	td_close(&d);
}

/* A council member listed as an author by name never votes on it, even
 * when they joined after the dossier was accepted. */
static void
member_named_as_author(void)
{
	static const struct td_user late = { "moi.hm", "Đặng Văn Mới", TD_HM,
		TD_ROLE(COUNCIL), true };
	struct sk_error err = { 0, "" };
	CouncilMemberRec m[2], *mp[2] = { &m[0], &m[1] };
	CouncilRec c = SK__STORE__V1__COUNCIL_REC__INIT, *out = NULL;
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	SessionRec *s;
	uint64_t id, sid;

	td_open(&d);
	id = submitted_with_name(&d, "Đặng Văn Mới");
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(ACCEPT), "", &err), 0);
	td_write(&d, &x, "admin.hm");
	td_put_user(&x.t, &late, 1);
	T_EQ_INT(td_end(&x, 0), 0);
	for (size_t i = 0; i < 2; i++)
		sk__store__v1__council_member_rec__init(&m[i]);
	m[0].login = "head.hm", m[0].role = SK__V1__COUNCIL_ROLE__CHAIR;
	m[1].login = "moi.hm", m[1].role = SK__V1__COUNCIL_ROLE__MEMBER;
	c.n_members = 2;
	c.members = mp;
	a = td_write(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, council_set(a, &c, &out, &err)), 0);
	store_rec_free(out);
	sid = open_on(&d, id);
	T_EQ_INT(vote(&d, "moi.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "author");
	T_EQ_INT(vote(&d, "head.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err), 0);
	s = close_session(&d, sid);
	if (s != NULL && s->n_outcomes == 1) {
		T_EQ_INT(s->outcomes[0]->eligible, 1);
		/* 2/3 of the two members is 2 yes: one cannot pass it. */
		T_EQ_INT(s->outcomes[0]->needed, 2);
		T_CHECK(!s->outcomes[0]->passed);
	} else
		T_CHECK(!"the session closes");
	store_rec_free(s);
	td_close(&d);
}

/* 3. Filed in time, corrected after the year ran out: still in time. */
static void
year_judged_on_filing(void)
{
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	struct tdomain d;
	struct td_act act;
	const struct act *a;
	InitiativeRec *out = NULL, *r;
	char first[16];
	uint64_t id;

	td_open(&d);
	td_dossier(&x, "Sổ tay số", "an.hm");
	td_iso(date_today() - 360, first);
	x.r.first_applied = first;
	id = td_create_from(&d, "an.hm", &x, false, &err);
	T_EQ_INT(td_step(&d, "an.hm", id, TD_ACT(SUBMIT), "", &err), 0);
	r = td_get(&d, "an.hm", id);
	T_CHECK(r != NULL && r->filed_on[0] != '\0');
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(RETURN), "Bổ sung số liệu", &err), 0);
	/* A month later the year since first use is over; the filing was not. */
	a = td_write(&d, &act, "an.hm");
	act.a.today += 30;
	T_EQ_INT(td_end(&act,
	             initiative_transition(a, id, TD_ACT(SUBMIT), 0, "", &out, &err)),
	    0);
	T_EQ_STR(err.msg, "");
	store_rec_free(out);
	r = td_get(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->state : 0, TD_STATE(SUBMITTED));
	store_rec_free(r);
	/* Filed late in the first place: refused, naming the day it ended. */
	td_iso(date_today() - 400, first);
	x.r.first_applied = first;
	id = td_create_from(&d, "an.hm", &x, false, &err);
	T_EQ_INT(td_step(&d, "an.hm", id, TD_ACT(SUBMIT), "", &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "more than 1 year ago");
	td_close(&d);
}

/* 4. The rule in force is the one frozen when the session opened. */
static void
rule_frozen_at_opening(void)
{
	struct sk_error err = { 0, "" };
	CouncilRec *c = NULL, *out = NULL;
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	SessionRec *s;
	uint64_t id, sid;

	td_open(&d);
	T_EQ_INT(td_council(&d), 0);
	id = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	sid = open_on(&d, id);
	/* The unit tightens its rule to unanimity after the opening. */
	a = td_write(&d, &x, "head.hm");
	T_EQ_INT(council_get(a, &c, &err), 0);
	c->threshold_num = 1, c->threshold_den = 1;
	T_EQ_INT(td_end(&x, council_set(a, c, &out, &err)), 0);
	store_rec_free(c);
	store_rec_free(out);
	T_EQ_INT(vote(&d, "head.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err), 0);
	T_EQ_INT(vote(&d, "cm1.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err), 0);
	T_EQ_INT(vote(&d, "cm2.hm", sid, id, SK__V1__VOTE__YES, 0, false, &err), 0);
	s = close_session(&d, sid);
	if (s != NULL && s->n_outcomes == 1) {
		const OutcomeRec *o = s->outcomes[0];

		T_EQ_INT(o->threshold_num, 2);
		T_EQ_INT(o->threshold_den, 3);
		T_EQ_INT(o->quorum_num, 1);
		T_EQ_INT(o->quorum_den, 2);
		T_EQ_INT(o->count_base, SK__V1__COUNT_BASE__COUNT_MEMBERS);
		T_EQ_INT(o->needed, 3);
		T_CHECK(o->passed); /* 3 of 4 under 2/3; unanimity would refuse */
	} else
		T_CHECK(!"the session closes");
	store_rec_free(s);
	td_close(&d);
}

/* 5. The deployment's categories decide which numbers are categories. */
static void
categories_as_data(void)
{
	struct category v[] = { { 1, "Triển khai chính sách" },
		{ 3, "Cải cách hành chính" } };
	struct categories cats = { v, 2 };
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	struct tdomain d;

	td_open(&d);
	d.terms.categories = &cats;
	td_dossier(&x, "Sổ tay số", "an.hm");
	x.r.category = 2;
	T_EQ_INT(td_create_from(&d, "an.hm", &x, false, &err), 0);
	T_CONTAINS(err.msg, "category: 2 is not one of this deployment's 2 categories");
	x.r.category = 3;
	T_CHECK(td_create_from(&d, "an.hm", &x, false, &err) != 0);
	T_EQ_STR(categories_name(&cats, 3), "Cải cách hành chính");
	T_CHECK(categories_name(&cats, 2) == NULL);
	td_close(&d);
}

/* 6. A return or refusal is answered in writing, with its reason. */
static void
written_answers(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r;
	uint64_t id;
	char want[32];
	int y, m, dd;

	td_open(&d);
	date_to_ymd(date_today(), &y, &m, &dd);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(td_step(&d, "an.hm", id, TD_ACT(SUBMIT), "", &err), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(RETURN), "Thiếu số liệu", &err), 0);
	r = td_get(&d, "an.hm", id);
	T_CHECK(r != NULL && r->notice != NULL);
	if (r != NULL && r->notice != NULL) {
		snprintf(want, sizeof(want), "1/%d/TB", y);
		T_EQ_STR(r->notice->number, want);
		T_EQ_INT(r->notice->action, TD_ACT(RETURN));
		T_EQ_STR(r->notice->reason, "Thiếu số liệu");
		T_EQ_STR(r->notice->issued_by, "clerk.hm");
	}
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "an.hm", id, TD_ACT(SUBMIT), "", &err), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, TD_ACT(REFUSE), "Không phải sáng kiến",
	             &err),
	    0);
	r = td_get(&d, "an.hm", id);
	if (r != NULL && r->notice != NULL) {
		snprintf(want, sizeof(want), "2/%d/TB", y);
		T_EQ_STR(r->notice->number, want);
		T_EQ_INT(r->notice->action, TD_ACT(REFUSE));
		T_EQ_STR(r->notice->reason, "Không phải sáng kiến");
	} else
		T_CHECK(!"the refusal has its notice");
	store_rec_free(r);
	td_close(&d);
}

/* 7. The addressee is part of the dossier, by default the unit's council. */
static void
addressee(void)
{
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	struct tdomain d;
	InitiativeRec *r;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	r = td_get(&d, "an.hm", id);
	T_EQ_STR(r != NULL ? r->addressee : NULL, "Hội đồng Sáng kiến cơ sở Xã Hát Môn");
	store_rec_free(r);
	td_dossier(&x, "Sổ tay số 2", "an.hm");
	x.r.addressee = "Chủ tịch UBND xã Hát Môn";
	id = td_create_from(&d, "an.hm", &x, false, &err);
	r = td_get(&d, "an.hm", id);
	T_EQ_STR(r != NULL ? r->addressee : NULL, "Chủ tịch UBND xã Hát Môn");
	store_rec_free(r);
	x.r.addressee = "Kính gửi\nai đó";
	T_EQ_INT(td_create_from(&d, "an.hm", &x, false, &err), 0);
	T_CONTAINS(err.msg, "addressee");
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "1 scores: only scored ballots count", scores_of_scored_ballots },
	{ "1 scores: an older client's scores still count", scores_without_flag },
	{ "2 authors without login: warned, linked or marked", unlinked_staff_author },
	{ "2 only enabled staff names stop acceptance", unlinked_only_staff },
	{ "2 a member named as author does not vote", member_named_as_author },
	{ "3 the one-year limit is judged on filing", year_judged_on_filing },
	{ "4 the rule is frozen when the session opens", rule_frozen_at_opening },
	{ "5 categories are the deployment's data", categories_as_data },
	{ "6 returns and refusals are answered in writing", written_answers },
	{ "7 the addressee defaults to the unit's council", addressee },
};

T_MAIN(cases)
