/*
 * unit_forward: an initiative's way from Hát Môn to the district, through
 * the domain as skd runs it: the submission, the authors' completion, the
 * copy with its proofs (checked here as an auditor would), the inbox by
 * sector, a return and a second sending, registration, the district
 * council's review with the unit's own code, the decision, and each result
 * reported down to the unit; recognised at most once per level.
 */
#include "t.h"

#include "convert.h"
#include "decision.h"
#include "district.h"
#include "export.h"
#include "files.h"
#include "forward.h"
#include "link.h"
#include "merkle.h"
#include "note.h"
#include "receive.h"
#include "round.h"
#include "sectors.h"
#include "tdomain.h"
#include "witness.h"

#define A(x) TD_ACT(x)
#define S(x) TD_STATE(x)
#define STAGE(x) SK__V1__FORWARD__STAGE__##x

/* The district's own people: its chairman (head of its council), two
 * council members. kt.pt (Phòng Kinh tế's inbox) is in the fixture. */
static const struct td_user district[] = {
	{ "chu.pt", "Chủ tịch huyện", TD_DISTRICT, TD_ROLE(HEAD) | TD_ROLE(COUNCIL),
	    true },
	{ "tv1.pt", "Thành viên một", TD_DISTRICT, TD_ROLE(COUNCIL), true },
	{ "tv2.pt", "Thành viên hai", TD_DISTRICT, TD_ROLE(COUNCIL), true },
	{ "gd.pt", "Phòng Giáo dục", TD_DISTRICT, TD_ROLE(DISTRICT_OFFICE), true },
};

static struct sector sector_v[] = {
	{ "giao-duc", "Giáo dục và đào tạo", "phong-gd-dt" },
	{ "khac", "Các lĩnh vực khác", "phong-kinh-te" },
};
static struct sectors sectors = { sector_v, 2 };

static void
setup(struct tdomain *d)
{
	struct td_act x;

	td_open(d);
	d->terms.sectors = &sectors;
	td_write(d, &x, "admin.pt");
	for (size_t i = 0; i < sizeof(district) / sizeof(district[0]); i++)
		td_put_user(&x.t, &district[i], 1);
	T_EQ_INT(td_end(&x, 0), 0);
}

/* A dossier of Hát Môn recognised by its council and decided. */
static uint64_t
recognised(struct tdomain *d)
{
	static const char *const members[] = { "head.hm", "cm1.hm", "cm2.hm", "cm3.hm" };
	uint64_t id;

	T_EQ_INT(td_council(d), 0);
	id = td_accepted(d, "an.hm", "Số hóa hồ sơ một cửa", NULL);
	td_vote_through(d, "head.hm", members, 4, id, SK__V1__VOTE__YES);
	td_decide(d, "head.hm", id, "125/QĐ-UBND");
	return id;
}

static uint64_t
open_round(struct tdomain *d)
{
	struct sk_error err = { 0, "" };
	RoundRec *r = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "kt.pt");
	char from[16], to[16];
	uint64_t id = 0;

	td_iso(a->today - 10, from);
	td_iso(a->today + 30, to);
	if (td_end(&x, round_create(a, "Đợt 1", from, to, &r, &err)) == 0)
		id = r->id;
	store_rec_free(r);
	return id;
}

static uint64_t
nominate(struct tdomain *d, uint64_t id, const char *sector, struct sk_error *err)
{
	SubmissionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "head.hm");
	char on[16];
	uint64_t sid = 0;

	td_iso(a->today, on);
	memset(err, 0, sizeof(*err));
	if (td_end(&x,
	        forward_nominate(a, "15/TTr-UBND", on,
	            "Áp dụng được cho mọi xã trong huyện", sector, &id, 1, &s, err)) == 0)
		sid = s->id;
	store_rec_free(s);
	return sid;
}

static int
complete(struct tdomain *d, const char *login, uint64_t id, const char *scope,
    struct sk_error *err)
{
	InitiativeRec *r = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, login);

	memset(err, 0, sizeof(*err));
	int rc = forward_complete(a, id, scope, &r, err);

	store_rec_free(r);
	return td_end(&x, rc);
}

/* head.hm sends submission sid: its act at Hát Môn and, in the same
 * transaction, at the district (the scope authz gives a head there). */
static int
send(struct tdomain *d, uint64_t sid, struct sk_error *err)
{
	SubmissionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "head.hm");
	struct scope upsc = *a->sc;
	struct act up = *a;
	int rc;

	upsc.tenant = TD_DISTRICT;
	up.sc = &upsc;
	memset(err, 0, sizeof(*err));
	rc = forward_send(a, &up, sid, &s, err);
	store_rec_free(s);
	return td_end(&x, rc);
}

static InitiativeRec *
get_at(struct tdomain *d, const char *login, uint64_t id)
{
	return td_get(d, login, id);
}

static CopyRec *
copy_at_district(struct tdomain *d, uint64_t id)
{
	struct sk_error err = { 0, "" };
	CopyRec *c = NULL;
	struct td_act x;
	const struct act *a = td_read(d, &x, "kt.pt");

	td_end(&x, forward_copy(a, id, &c, &err));
	return c;
}

/* Check the copy as anyone holding the unit's log key can: the signature,
 * then each entry's inclusion in the signed tree. */
static void
check_proofs(const CopyRec *c)
{
	char body[NOTE_MAX], origin[256];
	struct sk_error err = { 0, "" };
	merkle_hash root, leaf, hashes[64];
	uint64_t size;

	T_EQ_INT(note_verify(c->checkpoint, tlog_vkey(), body, sizeof(body), &err), 0);
	T_EQ_INT(checkpoint_parse(body, origin, sizeof(origin), &size, root), 0);
	T_EQ_STR(origin, "sk-test/xa-hat-mon");
	T_EQ_INT(c->n_proofs, 2);
	for (size_t i = 0; i < c->n_proofs; i++) {
		const EntryProofRec *p = c->proofs[i];
		Sk__V1__LogEntry *e;

		T_CHECK(p->n_hashes <= 64);
		for (size_t k = 0; k < p->n_hashes && k < 64; k++)
			memcpy(hashes[k], p->hashes[k].data, MERKLE_HASH_LEN);
		merkle_leaf(p->entry.data, p->entry.len, leaf);
		T_CHECK(merkle_verify_inclusion(p->index, size, leaf, hashes, p->n_hashes,
		    root));
		/* An entry changed by one byte is no longer in the tree. */
		p->entry.data[p->entry.len - 1] ^= 1;
		merkle_leaf(p->entry.data, p->entry.len, leaf);
		T_CHECK(!merkle_verify_inclusion(p->index, size, leaf, hashes,
		    p->n_hashes, root));
		p->entry.data[p->entry.len - 1] ^= 1;
		e = sk__v1__log_entry__unpack(NULL, p->entry.len, p->entry.data);
		T_CHECK(e != NULL);
		if (e != NULL) {
			T_EQ_STR(e->action,
			    i == 0 ? "initiative.recognise" : "initiative.decide");
			T_EQ_STR(e->object, "initiative/1");
			sk__v1__log_entry__free_unpacked(e, NULL);
		}
	}
}

static size_t
inbox(struct tdomain *d, const char *login, const char *office, uint32_t state)
{
	struct initiative_filter f = { .copies = true, .office = office, .state = state };
	struct sk_error err = { 0, "" };
	struct initiative_page p;
	struct td_act x;
	const struct act *a = td_read(d, &x, login);
	size_t n = 0;

	if (td_end(&x, initiative_list(a, &f, 0, 50, 1 << 20, &p, &err)) == 0) {
		n = p.n;
		initiative_page_free(&p);
	}
	return n;
}

static void
the_way_up(void)
{
	static const char *const district_members[] = { "chu.pt", "tv1.pt", "tv2.pt" };
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r;
	CopyRec *c;
	uint64_t id, sid, review, copy1, review1;

	setup(&d);
	id = recognised(&d);
	/* No round open at the district: refused, saying so. */
	sid = nominate(&d, id, "giao-duc", &err);
	T_CHECK(sid != 0);
	T_EQ_INT(complete(&d, "an.hm", id, "Áp dụng cho 24 xã, thị trấn", &err), 0);
	T_EQ_INT(send(&d, sid, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "no round is open");
	T_CHECK(open_round(&d) != 0);
	T_EQ_INT(send(&d, sid, &err), 0);

	r = get_at(&d, "an.hm", id);
	T_CHECK(r != NULL && r->forward != NULL && r->forward->stage == STAGE(SENT));
	copy1 = r != NULL && r->forward != NULL ? r->forward->copy_id : 0;
	T_EQ_INT(r != NULL ? r->state : 0, S(RECOGNISED)); /* unchanged at the unit */
	store_rec_free(r);

	/* The copy at the district: immutable, with what proves it. */
	c = copy_at_district(&d, copy1);
	T_CHECK(c != NULL);
	if (c == NULL)
		goto done;
	T_EQ_STR(c->origin->unit_code, "xa-hat-mon");
	T_EQ_STR(c->origin->office, "phong-gd-dt");
	T_EQ_STR(c->decision->number, "125/QĐ-UBND");
	T_EQ_INT(c->n_certificates, 1);
	T_EQ_STR(c->scope, "Áp dụng cho 24 xã, thị trấn");
	check_proofs(c);
	review1 = c->review_id;
	store_rec_free(c);
	r = get_at(&d, "kt.pt", review1);
	T_EQ_INT(r != NULL ? r->state : 0, S(RECEIVED));
	T_CHECK(r != NULL && r->origin != NULL && r->origin->initiative_id == id);
	store_rec_free(r);

	/* Routed by sector: Phòng GD&ĐT's inbox, not Phòng Kinh tế's. */
	T_EQ_INT(inbox(&d, "gd.pt", "phong-gd-dt", 0), 1);
	T_EQ_INT(inbox(&d, "kt.pt", "phong-kinh-te", 0), 0);

	/* The office sends it back with reasons: the unit hears of it. */
	T_EQ_INT(td_step(&d, "gd.pt", review1, A(SEND_BACK), "Thiếu minh chứng", &err),
	    0);
	r = get_at(&d, "an.hm", id);
	T_CHECK(r != NULL && r->forward->stage == STAGE(SENT_BACK));
	T_EQ_STR(r != NULL ? r->forward->reason : NULL, "Thiếu minh chứng");
	store_rec_free(r);

	/* Sent again: a new copy, which supersedes the one sent back. */
	sid = nominate(&d, id, "giao-duc", &err);
	T_CHECK(sid != 0);
	T_EQ_INT(send(&d, sid, &err), 0);
	r = get_at(&d, "kt.pt", review1);
	T_EQ_INT(r != NULL ? r->state : 0, S(SUPERSEDED));
	store_rec_free(r);
	r = get_at(&d, "an.hm", id);
	T_CHECK(r != NULL && r->forward->copy_id != copy1);
	c = copy_at_district(&d, r != NULL ? r->forward->copy_id : 0);
	store_rec_free(r);
	review = c != NULL ? c->review_id : 0;
	T_EQ_STR(c != NULL ? c->scope : NULL, "Áp dụng cho 24 xã, thị trấn");
	store_rec_free(c);
	r = get_at(&d, "kt.pt", review);
	T_CHECK(r != NULL && r->origin->supersedes == review1);
	store_rec_free(r);

	/* Registered for the district council, which reviews it with the
	 * units' own code; the decision comes back down to Hát Môn. */
	T_EQ_INT(td_step(&d, "gd.pt", review, A(REGISTER), "", &err), 0);
	{
		CouncilMemberRec m[3], *mp[3] = { &m[0], &m[1], &m[2] };
		CouncilRec k = SK__STORE__V1__COUNCIL_REC__INIT, *out = NULL;
		struct td_act x;
		const struct act *a;

		for (size_t i = 0; i < 3; i++) {
			sk__store__v1__council_member_rec__init(&m[i]);
			m[i].login = (char *)district_members[i];
			m[i].role = i == 0 ? SK__V1__COUNCIL_ROLE__CHAIR :
			                     SK__V1__COUNCIL_ROLE__MEMBER;
		}
		k.n_members = 3;
		k.members = mp;
		a = td_write(&d, &x, "chu.pt");
		T_EQ_INT(td_end(&x, council_set(a, &k, &out, &err)), 0);
		store_rec_free(out);
	}
	td_vote_through(&d, "chu.pt", district_members, 3, review, SK__V1__VOTE__YES);
	r = get_at(&d, "an.hm", id);
	T_CHECK(r != NULL && r->forward->stage == STAGE(RECOGNISED));
	store_rec_free(r);
	td_decide(&d, "chu.pt", review, "88/QĐ-UBND");
	r = get_at(&d, "an.hm", id);
	T_EQ_STR(r != NULL ? r->forward->decision_number : NULL, "88/QĐ-UBND");
	store_rec_free(r);
	/* The district's certificate is the district's. */
	{
		struct recs certs;
		struct td_act x;
		const struct act *a = td_read(&d, &x, "chu.pt");

		T_EQ_INT(td_end(&x, decision_certificates_of(a, review, &certs, &err)),
		    0);
		T_EQ_INT(certs.n, 1);
		if (certs.n == 1)
			T_EQ_STR(((CertificateRec *)certs.v[0])->unit_name,
			    "Huyện Phúc Thọ");
		recs_free(&certs);
	}
	/* Recognised once per level: not nominated again. */
	T_EQ_INT(nominate(&d, id, "giao-duc", &err), 0);
	T_CONTAINS(err.msg, "recognised at the level above already");
done:
	td_close(&d);
}

/* What the unit's history and log say of the way up. */
static void
reported_down(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct recs h;
	struct td_act x;
	const struct act *a;
	uint64_t id, sid, before;
	CopyRec *c;
	InitiativeRec *r;
	bool reported = false;

	setup(&d);
	id = recognised(&d);
	T_CHECK(open_round(&d) != 0);
	sid = nominate(&d, id, "khac", &err);
	T_EQ_INT(complete(&d, "an.hm", id, "Toàn huyện", &err), 0);
	T_EQ_INT(send(&d, sid, &err), 0);
	r = get_at(&d, "an.hm", id);
	c = copy_at_district(&d, r != NULL ? r->forward->copy_id : 0);
	store_rec_free(r);
	T_EQ_STR(c != NULL ? c->origin->office : NULL, "phong-kinh-te");
	before = td_log_size(&d, TD_HM);
	T_EQ_INT(td_step(&d, "kt.pt", c != NULL ? c->review_id : 0, A(SEND_BACK),
	             "Chưa rõ phạm vi", &err),
	    0);
	store_rec_free(c);
	/* One entry more in Hát Môn's own log, by the district's officer. */
	T_EQ_INT(td_log_size(&d, TD_HM), before + 1);
	a = td_read(&d, &x, "an.hm");
	T_EQ_INT(td_end(&x, initiative_history(a, id, &h, &err)), 0);
	for (size_t i = 0; i < h.n; i++) {
		HistoryRec *l = h.v[i];

		if (l->action == A(REPORT)) {
			reported = true;
			T_EQ_STR(l->actor, "kt.pt");
			T_CONTAINS(l->reason, "Chưa rõ phạm vi");
		}
	}
	T_CHECK(reported);
	recs_free(&h);
	td_close(&d);
}

/* Who may do what on the way up. */
static void
who(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	uint64_t id, sid;
	InitiativeRec *r;

	setup(&d);
	id = recognised(&d);
	/* Only an author completes; only while asked. */
	T_EQ_INT(complete(&d, "an.hm", id, "x", &err), SK_FAILED_PRECONDITION);
	sid = nominate(&d, id, "khac", &err);
	T_EQ_INT(complete(&d, "binh.hm", id, "x", &err), SK_PERMISSION_DENIED);
	/* A dossier not decided yet is not nominated. */
	{
		uint64_t other = td_accepted(&d, "an.hm", "Chưa xét", NULL);

		T_EQ_INT(nominate(&d, other, "khac", &err), 0);
		T_CONTAINS(err.msg,
		    "cannot nominate initiative 2: it is in state \"accepted\"");
		(void)sid;
	}
	/* An unknown sector is refused before anything. */
	T_EQ_INT(forward_check("1/TTr", "2024-01-01", "x", "nope", &id, 1, date_today(),
	             &sectors, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "sector");
	/* Authz: the inbox is the office's; copies are read at the level. */
	T_CHECK(authz_allows(TD_ROLE(DISTRICT_OFFICE), AZ_INBOX, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(TD_ROLE(HEAD), AZ_INBOX, AZ_READ, AZ_PARENT));
	T_CHECK(authz_allows(TD_ROLE(HEAD), AZ_FORWARD, AZ_CREATE, AZ_PARENT));
	T_CHECK(!authz_allows(TD_ROLE(CLERK), AZ_FORWARD, AZ_CREATE, AZ_PARENT));
	T_CHECK(!authz_allows(TD_ROLE(HEAD), AZ_FORWARD, AZ_CREATE, AZ_OTHER));
	T_CHECK(authz_allows(TD_ROLE(DISTRICT_OFFICE), AZ_FORWARD, AZ_CHANGE, AZ_CHILD));
	T_CHECK(
	    !authz_allows(TD_ROLE(DISTRICT_OFFICE), AZ_INITIATIVE, AZ_READ, AZ_CHILD));
	r = get_at(&d, "an.hm", id);
	T_CHECK(r != NULL && r->forward != NULL && r->forward->stage == STAGE(ASKED));
	store_rec_free(r);
	td_close(&d);
}

/* A copy from Hát Môn reviewed and decided at the district: its id there. */
static uint64_t
decided_at_district(struct tdomain *d)
{
	static const char *const members[] = { "chu.pt", "tv1.pt", "tv2.pt" };
	CouncilMemberRec m[3], *mp[3] = { &m[0], &m[1], &m[2] };
	CouncilRec k = SK__STORE__V1__COUNCIL_REC__INIT, *out = NULL;
	struct sk_error err = { 0, "" };
	struct td_act x;
	const struct act *a;
	InitiativeRec *r;
	CopyRec *c;
	uint64_t id, sid, review;

	id = recognised(d);
	T_CHECK(open_round(d) != 0);
	sid = nominate(d, id, "khac", &err);
	T_EQ_INT(complete(d, "an.hm", id, "Toàn huyện", &err), 0);
	T_EQ_INT(send(d, sid, &err), 0);
	r = get_at(d, "an.hm", id);
	c = copy_at_district(d, r != NULL ? r->forward->copy_id : 0);
	review = c != NULL ? c->review_id : 0;
	store_rec_free(c);
	store_rec_free(r);
	T_EQ_INT(td_step(d, "kt.pt", review, A(REGISTER), "", &err), 0);
	for (size_t i = 0; i < 3; i++) {
		sk__store__v1__council_member_rec__init(&m[i]);
		m[i].login = (char *)members[i];
		m[i].role =
		    i == 0 ? SK__V1__COUNCIL_ROLE__CHAIR : SK__V1__COUNCIL_ROLE__MEMBER;
	}
	k.n_members = 3;
	k.members = mp;
	a = td_write(d, &x, "chu.pt");
	T_EQ_INT(td_end(&x, council_set(a, &k, &out, &err)), 0);
	store_rec_free(out);
	td_vote_through(d, "chu.pt", members, 3, review, SK__V1__VOTE__YES);
	td_decide(d, "chu.pt", review, "88/QĐ-UBND");
	return review;
}

/* The district is the top here: it proposes to the city by hand. */
static void
by_hand_to_the_city(void)
{
	struct sk_error err = { 0, "" };
	InitiativeRec *r = NULL;
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	uint64_t review;
	char on[16];

	setup(&d);
	review = decided_at_district(&d);
	td_iso(date_today(), on);
	/* The outcome before any proposal: refused. */
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x,
	             district_outcome(a, review, true, "5/QĐ-UBND", on, "", &r, &err)),
	    SK_FAILED_PRECONDITION);
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, district_propose(a, review, "20/TTr-UBND", on, &r, &err)), 0);
	T_CHECK(r != NULL && r->forward != NULL && r->forward->stage == STAGE(SENT) &&
	    r->forward->to_unit == 0);
	store_rec_free(r);
	/* Proposed once. */
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, district_propose(a, review, "21/TTr-UBND", on, &r, &err)),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "on its way up already");
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x,
	             district_outcome(a, review, true, "5/QĐ-UBND", on,
	                 "Sáng kiến Thủ đô", &r, &err)),
	    0);
	T_CHECK(r != NULL && r->forward->stage == STAGE(RECOGNISED));
	T_EQ_STR(r != NULL ? r->forward->decision_number : NULL, "5/QĐ-UBND");
	store_rec_free(r);
	/* A commune's head cannot propose by hand: its level above is here. */
	{
		uint64_t other = recognised(&d);

		a = td_write(&d, &x, "kt.pt");
		x.sc.tenant = TD_HM;
		x.sc.roles = TD_ROLE(DISTRICT_OFFICE);
		T_EQ_INT(td_end(&x, district_propose(a, other, "1/TTr", on, &r, &err)),
		    SK_FAILED_PRECONDITION);
		T_CONTAINS(err.msg, "on this system");
	}
	td_close(&d);
}

static const struct td_user commendation = { "nv.pt", "Phòng Nội vụ", TD_DISTRICT,
	TD_ROLE(COMMENDATION), true };

static void
commendation_and_publication(void)
{
	AwardRec w = SK__STORE__V1__AWARD_REC__INIT;
	struct sk_error err = { 0, "" };
	InitiativeRec *r = NULL;
	struct recs l;
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	uint64_t review;
	char on[16];

	setup(&d);
	td_write(&d, &x, "admin.pt");
	td_put_user(&x.t, &commendation, 1);
	T_EQ_INT(td_end(&x, 0), 0);
	review = decided_at_district(&d);
	a = td_read(&d, &x, "nv.pt");
	T_EQ_INT(td_end(&x, district_commendations(a, &l, &err)), 0);
	T_EQ_INT(l.n, 1);
	if (l.n == 1)
		T_EQ_INT(((InitiativeRec *)l.v[0])->id, review);
	recs_free(&l);
	td_iso(date_today(), on);
	w.name = "Chiến sĩ thi đua cơ sở";
	w.decision_number = "30/QĐ-UBND";
	w.signed_on = on;
	a = td_write(&d, &x, "nv.pt");
	T_EQ_INT(td_end(&x, district_award(a, review, &w, &r, &err)), 0);
	T_EQ_STR(r != NULL && r->award != NULL ? r->award->recorded_by : NULL, "nv.pt");
	store_rec_free(r);
	/* An initiative backs at most one award or title. */
	w.name = "Bằng khen";
	a = td_write(&d, &x, "nv.pt");
	T_EQ_INT(td_end(&x, district_award(a, review, &w, &r, &err)), SK_ALREADY_EXISTS);
	T_CONTAINS(err.msg, "backs an award already: Chiến sĩ thi đua cơ sở");
	/* Published: typical initiatives, listed for everyone. */
	a = td_write(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, district_publish(a, review, true, &r, &err)), 0);
	T_CHECK(r != NULL && r->published);
	store_rec_free(r);
	a = td_read(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, district_published(a, &l, &err)), 0);
	T_EQ_INT(l.n, 1);
	recs_free(&l);
	T_CHECK(authz_allows(TD_ROLE(AUTHOR), AZ_PUBLISHED, AZ_READ, AZ_PARENT));
	T_CHECK(!authz_allows(TD_ROLE(AUTHOR), AZ_PUBLISHED, AZ_CHANGE, AZ_OWN));
	T_CHECK(
	    !authz_allows(TD_ROLE(DISTRICT_OFFICE), AZ_COMMENDATION, AZ_CREATE, AZ_OWN));
	td_close(&d);
}

static void
summary(void)
{
	struct district_summary s;
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_act x;
	const struct act *a;

	setup(&d);
	(void)decided_at_district(&d);
	(void)td_create(&d, "dung.sp", "Vườn rau", NULL);
	a = td_read(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, district_summary(a, 0, &s, &err)), 0);
	T_EQ_INT(s.n, 2); /* Hát Môn and Sen Phương: the units directly below */
	for (size_t i = 0; i < s.n; i++) {
		const struct district_unit *u = &s.v[i];

		if (u->unit->id == TD_HM) {
			T_EQ_INT(u->recognised, 1);
			T_EQ_INT(u->forwarded, 1);
			T_EQ_INT(u->by_state[S(RECOGNISED)], 1);
		} else {
			T_EQ_INT(u->unit->id, TD_SP);
			T_EQ_INT(u->by_state[S(DRAFT)], 1); /* counted, never shown */
			T_EQ_INT(u->forwarded, 0);
		}
	}
	T_CHECK(s.round != NULL);
	T_EQ_INT(s.round_by_state[S(RECOGNISED)], 1);
	district_summary_free(&s);
	/* A commune's author has no summary; a head has one of their unit's. */
	T_CHECK(!authz_allows(TD_ROLE(AUTHOR), AZ_SUMMARY, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(TD_ROLE(DISTRICT_OFFICE), AZ_SUMMARY, AZ_READ, AZ_OTHER));
	td_close(&d);
}

/* The district takes export e of Hát Môn as a link would: kt.pt's act at
 * the district, Hát Môn's log read in the same transaction. */
static int
take(struct tdomain *d, const ExportRec *e, uint64_t *copy, struct sk_error *err)
{
	struct td_act x;
	const struct act *up = td_write(d, &x, "kt.pt");
	struct scope hsc = { .tenant = TD_HM };
	struct act hm = *up;
	struct receive_log log;
	UnitRec *from = NULL;
	int rc;

	hm.sc = &hsc;
	log = receive_hosted(&hm);
	memset(err, 0, sizeof(*err));
	if ((rc = store_unit_get(up->t, TD_HM, &from)) == 0)
		rc = receive_copy(up, from, tlog_vkey(), e, &log, copy, err);
	store_rec_free(from);
	return td_end(&x, rc);
}

static uint64_t
copies_at_district(struct tdomain *d)
{
	struct scope sc = { .tenant = TD_DISTRICT };
	struct store_txn t;
	uint64_t n = 0;

	if (store_read_begin(d->ts.st, &t) != 0)
		td_fatal("store_read_begin", NULL);
	T_EQ_INT(store_seq_get(&t, &sc, SEQ_COPY, &n), 0);
	store_read_end(&t);
	return n;
}

/* Hát Môn's outbox is taken once, in order, and only as its log signed
 * it; the district's results wait in its own outbox, in order. */
static void
outboxes(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct recs l = { 0 };
	struct td_act x;
	const struct act *a;
	ExportRec *e = NULL;
	InitiativeRec *r;
	uint64_t id, sid, copy = 0, sent;
	uint8_t *b;

	setup(&d);
	id = recognised(&d);
	T_CHECK(open_round(&d) != 0);
	sid = nominate(&d, id, "khac", &err);
	T_EQ_INT(complete(&d, "an.hm", id, "Toàn huyện", &err), 0);
	T_EQ_INT(send(&d, sid, &err), 0);
	r = get_at(&d, "an.hm", id);
	sent = r != NULL ? r->forward->copy_id : 0;
	T_EQ_INT(r != NULL ? r->forward->export_seq : 0, 1);
	store_rec_free(r);

	a = td_read(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, export_list(a, 1, 10, &l, &err)), 0);
	T_EQ_INT(l.n, 1);
	if (l.n == 1)
		e = rec_clone(l.v[0]);
	recs_free(&l);
	a = td_read(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, export_list(a, 2, 10, &l, &err)), 0);
	T_EQ_INT(l.n, 0); /* the cursor past the last */
	recs_free(&l);
	T_CHECK(e != NULL);
	if (e == NULL)
		goto done;
	T_EQ_STR(e->to_code, "phuc-tho");
	T_EQ_INT(e->copy->origin->initiative_id, id);
	T_EQ_INT(e->copy->n_proofs, 2);

	/* Taken again: the same copy, nothing kept twice. */
	T_EQ_INT(take(&d, e, &copy, &err), 0);
	T_EQ_INT(copy, sent);
	T_EQ_INT(copies_at_district(&d), 1);
	/* Out of order: export 3 before export 2. */
	e->seq = 3;
	T_EQ_INT(take(&d, e, &copy, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "export 2 comes first");
	/* An export whose proven entry differs by one byte. */
	e->seq = 2;
	b = e->copy->proofs[0]->entry.data;
	b[e->copy->proofs[0]->entry.len / 2] ^= 1;
	T_EQ_INT(take(&d, e, &copy, &err), SK_DATA_LOSS);
	T_CONTAINS(err.msg, "is not in its unit's log");
	b[e->copy->proofs[0]->entry.len / 2] ^= 1;
	/* An export whose checkpoint is not what the log signed. */
	e->copy->checkpoint[strlen(e->copy->checkpoint) / 3] ^= 1;
	T_EQ_INT(take(&d, e, &copy, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "not signed by its pinned key");
	e->copy->checkpoint[strlen(e->copy->checkpoint) / 3] ^= 1;
	/* Without the proof of its decision. */
	e->copy->n_proofs = 1;
	T_EQ_INT(take(&d, e, &copy, &err), SK_DATA_LOSS);
	T_CONTAINS(err.msg, "lacks the proof of its decision");
	e->copy->n_proofs = 2;
	T_EQ_INT(copies_at_district(&d), 1);

	/* A result: in the district's outbox, for Hát Môn, about export 1. */
	{
		CopyRec *c = copy_at_district(&d, sent);

		T_EQ_INT(td_step(&d, "kt.pt", c != NULL ? c->review_id : 0, A(SEND_BACK),
		             "Thiếu minh chứng", &err),
		    0);
		store_rec_free(c);
	}
	a = td_read(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, export_reports(a, "xa-hat-mon", 1, 10, &l, &err)), 0);
	T_EQ_INT(l.n, 1);
	if (l.n == 1) {
		ReportRec *rep = l.v[0];

		T_EQ_INT(rep->export_seq, 1);
		T_EQ_INT(rep->initiative_id, id);
		T_EQ_INT(rep->result->stage, STAGE(SENT_BACK));
		/* A report on another export of it changes nothing. */
		rep->export_seq = 7;
		rep->result->stage = STAGE(RECOGNISED);
		a = td_write(&d, &x, "head.hm");
		T_EQ_INT(td_end(&x, receive_report(a, rep, &err)), 0);
	}
	recs_free(&l);
	a = td_read(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, export_reports(a, "xa-sen-phuong", 1, 10, &l, &err)), 0);
	T_EQ_INT(l.n, 0);
	recs_free(&l);
	r = get_at(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->forward->stage : 0, STAGE(SENT_BACK));
	store_rec_free(r);
done:
	store_rec_free(e);
	td_close(&d);
}

/* With Hà Nội's city on the system above the district, the district's
 * recognised copy goes up by the same code: its office completes it, its
 * head sends it, and the city's result comes back to the district. */
static void
to_the_city(void)
{
	static const struct td_user city[] = {
		{ "vp.hn", "Văn phòng thành phố", 100, TD_ROLE(DISTRICT_OFFICE), true },
	};
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	SubmissionRec *s = NULL;
	RoundRec *round = NULL;
	InitiativeRec *r;
	CopyRec *c = NULL;
	uint64_t review, sid = 0;
	char from[16], to[16];

	setup(&d);
	td_write(&d, &x, "admin.pt");
	td_put_unit(&x.t, 100, "ha-noi", "Thành phố Hà Nội", SK__V1__UNIT_KIND__UNIT_CITY,
	    0);
	td_put_unit(&x.t, TD_DISTRICT, "phuc-tho", "Huyện Phúc Thọ",
	    SK__V1__UNIT_KIND__UNIT_DISTRICT, 100);
	td_put_user(&x.t, &city[0], 1);
	T_EQ_INT(td_end(&x, 0), 0);
	review = decided_at_district(&d);
	a = td_write(&d, &x, "vp.hn");
	td_iso(a->today - 1, from);
	td_iso(a->today + 60, to);
	T_EQ_INT(td_end(&x, round_create(a, "Đợt thành phố", from, to, &round, &err)), 0);
	store_rec_free(round);

	a = td_write(&d, &x, "chu.pt");
	td_iso(a->today, from);
	T_EQ_INT(td_end(&x,
	             forward_nominate(a, "30/TTr-UBND", from, "Hiệu quả toàn thành phố",
	                 "khac", &review, 1, &s, &err)),
	    0);
	sid = s != NULL ? s->id : 0;
	store_rec_free(s);
	/* The commune's authors are not the district's people: its office
	 * completes the copy for the city. */
	T_EQ_INT(complete(&d, "chu.pt", review, "Toàn thành phố", &err),
	    SK_PERMISSION_DENIED);
	T_EQ_INT(complete(&d, "kt.pt", review, "Toàn thành phố", &err), 0);
	{
		struct scope upsc;
		struct act up;

		a = td_write(&d, &x, "chu.pt");
		upsc = *a->sc;
		upsc.tenant = 100;
		up = *a;
		up.sc = &upsc;
		s = NULL;
		T_EQ_INT(td_end(&x, forward_send(a, &up, sid, &s, &err)), 0);
		store_rec_free(s);
	}
	r = get_at(&d, "kt.pt", review);
	T_EQ_INT(r != NULL && r->forward != NULL ? r->forward->stage : 0, STAGE(SENT));
	T_EQ_INT(r != NULL && r->forward != NULL ? r->forward->to_unit : 0, 100);
	a = td_read(&d, &x, "vp.hn");
	td_end(&x, forward_copy(a, r != NULL ? r->forward->copy_id : 0, &c, &err));
	store_rec_free(r);
	T_CHECK(c != NULL);
	if (c == NULL)
		goto done;
	T_EQ_STR(c->origin->unit_code, "phuc-tho");
	T_EQ_INT(c->origin->initiative_id, review);
	T_EQ_STR(c->decision->number, "88/QĐ-UBND");
	/* The commune it first came from travels with the dossier. */
	T_EQ_STR(c->dossier->origin != NULL ? c->dossier->origin->unit_code : NULL,
	    "xa-hat-mon");
	T_EQ_INT(td_step(&d, "vp.hn", c->review_id, A(SEND_BACK), "Bổ sung số liệu",
	             &err),
	    0);
	r = get_at(&d, "kt.pt", review);
	T_EQ_INT(r != NULL ? r->forward->stage : 0, STAGE(SENT_BACK));
	T_EQ_STR(r != NULL ? r->forward->reason : NULL, "Bổ sung số liệu");
	store_rec_free(r);
	/* Not by hand: the level above is on this system. */
	a = td_write(&d, &x, "kt.pt");
	r = NULL;
	T_EQ_INT(td_end(&x, district_propose(a, review, "31/TTr-UBND", from, &r, &err)),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "the level above is on this system");
	store_rec_free(r);
done:
	store_rec_free(c);
	td_close(&d);
}

/* Hát Môn served by a server of its own: the district's results wait in
 * its outbox, and Hát Môn's server takes them with their proofs, once,
 * in order, refusing one altered. */
static void
results_through_a_link(void)
{
	static const struct td_user link = { "peer.sk.hm", "sk.hm", TD_HM,
		SK__V1__ROLE__ROLE_DOWNSTREAM, true };
	struct sk_error err = { 0, "" };
	struct export_proven pr;
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	InitiativeRec *r;
	CopyRec *c;
	uint64_t id, sid, review;
	size_t applied = 0;

	setup(&d);
	id = recognised(&d);
	T_CHECK(open_round(&d) != 0);
	sid = nominate(&d, id, "khac", &err);
	T_EQ_INT(complete(&d, "an.hm", id, "Toàn huyện", &err), 0);
	T_EQ_INT(send(&d, sid, &err), 0);
	r = get_at(&d, "an.hm", id);
	c = copy_at_district(&d, r != NULL ? r->forward->copy_id : 0);
	review = c != NULL ? c->review_id : 0;
	store_rec_free(c);
	store_rec_free(r);
	/* From now on Hát Môn is served elsewhere: a linked server's record. */
	{
		PeerRec p = SK__STORE__V1__PEER_REC__INIT;
		UserRec u = SK__STORE__V1__USER_REC__INIT;
		uint8_t fp[STORE_FP_LEN];

		a = td_write(&d, &x, "admin.pt");
		td_fp(link.login, 1, fp);
		u.login = (char *)link.login;
		u.name = (char *)link.name;
		u.unit_id = TD_HM;
		u.roles = link.roles;
		u.enabled = true;
		u.fingerprint.data = fp;
		u.fingerprint.len = sizeof(fp);
		u.peer = &p;
		T_EQ_INT(store_user_put(&x.t, &u), 0);
		T_CHECK(link_elsewhere(&x.t, TD_HM));
		T_EQ_INT(td_end(&x, 0), 0);
		(void)a;
	}
	T_EQ_INT(td_step(&d, "kt.pt", review, A(SEND_BACK), "Thiếu minh chứng", &err), 0);
	r = get_at(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->forward->stage : 0, STAGE(SENT)); /* not yet */
	store_rec_free(r);
	/* One more act at the district, so that its log signs the report. */
	T_CHECK(open_round(&d) != 0);
	a = td_read(&d, &x, "kt.pt");
	T_EQ_INT(td_end(&x, export_reports_proven(a, "xa-hat-mon", 1, 10, &pr, &err)), 0);
	T_EQ_INT(pr.reports.n, 1);
	T_EQ_INT(pr.proofs.n, 1);
	if (pr.reports.n == 1 && pr.proofs.n == 1) {
		ReportRec *rep = pr.reports.v[0];
		EntryProofRec *pf = pr.proofs.v[0];
		struct scope dsc = { .tenant = TD_DISTRICT };
		struct act da;
		struct receive_log log;

		/* Taken by Hát Môn's server: verified against the district's log. */
		a = td_write(&d, &x, "head.hm");
		da = *a;
		da.sc = &dsc;
		log = receive_hosted(&da);
		T_EQ_INT(td_end(&x,
		             receive_reports(a, "phuc-tho", tlog_vkey(), pr.checkpoint,
		                 (ReportRec **)pr.reports.v,
		                 (EntryProofRec **)pr.proofs.v, 1, &log, &applied, &err)),
		    0);
		T_EQ_INT(applied, 1);
		r = get_at(&d, "an.hm", id);
		T_EQ_INT(r != NULL ? r->forward->stage : 0, STAGE(SENT_BACK));
		T_EQ_STR(r != NULL ? r->forward->reason : NULL, "Thiếu minh chứng");
		store_rec_free(r);
		/* Taken again: nothing more. */
		a = td_write(&d, &x, "head.hm");
		T_EQ_INT(td_end(&x,
		             receive_reports(a, "phuc-tho", tlog_vkey(), pr.checkpoint,
		                 (ReportRec **)pr.reports.v,
		                 (EntryProofRec **)pr.proofs.v, 1, &log, &applied, &err)),
		    0);
		T_EQ_INT(applied, 0);
		/* A report altered on the way is not the one the log holds. */
		char *text = rep->text;

		rep->seq = 2;
		rep->text = "Đã công nhận";
		a = td_write(&d, &x, "head.hm");
		T_EQ_INT(td_end(&x,
		             receive_reports(a, "phuc-tho", tlog_vkey(), pr.checkpoint,
		                 (ReportRec **)pr.reports.v,
		                 (EntryProofRec **)pr.proofs.v, 1, &log, &applied, &err)),
		    SK_DATA_LOSS);
		rep->seq = 1;
		rep->text = text;
		(void)pf;
		/* Signed by another key: refused before anything. */
		a = td_write(&d, &x, "head.hm");
		T_EQ_INT(td_end(&x,
		             receive_reports(a, "phuc-tho",
		                 "sk.other+00000000+AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg=",
		                 pr.checkpoint, (ReportRec **)pr.reports.v,
		                 (EntryProofRec **)pr.proofs.v, 1, &log, &applied, &err)),
		    0);
		T_EQ_INT(applied, 0); /* the source pinned the first key */
	}
	export_proven_free(&pr);
	/* The district numbers its reports across the units below it: one to
	 * Sen Phương comes between two to Hát Môn, whose server takes the
	 * next of its own after the gap. */
	{
		ForwardRec res = SK__STORE__V1__FORWARD_REC__INIT;
		OriginRec o = SK__STORE__V1__ORIGIN_REC__INIT;
		InitiativeRec other = SK__STORE__V1__INITIATIVE_REC__INIT, *rv;
		ReportRec *out = NULL;
		struct scope dsc = { .tenant = TD_DISTRICT };
		struct receive_log log;
		struct act da;

		res.stage = STAGE(SENT_BACK);
		res.reason = "Bổ sung số liệu";
		o.unit_code = "xa-sen-phuong";
		o.initiative_id = 1;
		o.export_seq = 1;
		o.copy_id = 9;
		other.origin = &o;
		a = td_write(&d, &x, "kt.pt");
		T_EQ_INT(td_end(&x,
		             export_report(a, &other, &res, "trả lại", &out, &err)),
		    0);
		T_EQ_INT(out != NULL ? out->seq : 0, 2);
		store_rec_free(out);
		rv = get_at(&d, "kt.pt", review);
		res.reason = "Bổ sung lần hai";
		a = td_write(&d, &x, "kt.pt");
		out = NULL;
		T_EQ_INT(td_end(&x,
		             rv != NULL ? export_report(a, rv, &res, "trả lại lần hai",
		                              &out, &err) :
		                          SK_NOT_FOUND),
		    0);
		T_EQ_INT(out != NULL ? out->seq : 0, 3);
		store_rec_free(out);
		store_rec_free(rv);
		T_CHECK(open_round(&d) != 0);
		a = td_read(&d, &x, "kt.pt");
		T_EQ_INT(td_end(&x,
		             export_reports_proven(a, "xa-hat-mon", 2, 10, &pr, &err)),
		    0);
		T_EQ_INT(pr.reports.n, 1);
		T_EQ_INT(pr.proofs.n, 1);
		a = td_write(&d, &x, "head.hm");
		da = *a;
		da.sc = &dsc;
		log = receive_hosted(&da);
		T_EQ_INT(td_end(&x,
		             receive_reports(a, "phuc-tho", tlog_vkey(), pr.checkpoint,
		                 (ReportRec **)pr.reports.v,
		                 (EntryProofRec **)pr.proofs.v, pr.reports.n, &log,
		                 &applied, &err)),
		    0);
		T_EQ_INT(applied, 1);
		r = get_at(&d, "an.hm", id);
		T_EQ_STR(r != NULL ? r->forward->reason : NULL, "Bổ sung lần hai");
		store_rec_free(r);
		export_proven_free(&pr);
	}
	td_close(&d);
}

/* The witness's cosignature is kept on a checkpoint of the unit's own log
 * only, and only if it verifies under the pinned witness key. */
static void
witnessed(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_act x;
	const struct act *a;
	char *note = NULL, *line = NULL, *kept = NULL, path[256], *wkey;
	EVP_PKEY *other = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");

	setup(&d);
	(void)recognised(&d);
	snprintf(path, sizeof(path), "%s/witness.key", d.ts.dir);
	T_EQ_INT(witness_init(path, "sk-test-pt/witness", &err), 0);
	wkey = strdup(witness_vkey());
	a = td_read(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, tlog_checkpoint(a->t, a->sc, &note)), 0);
	line = note != NULL ? witness_cosign(note, 1700000000) : NULL;
	T_CHECK(line != NULL && wkey != NULL);
	if (line == NULL || wkey == NULL)
		goto done;
	/* Another unit's checkpoint is refused: Sen Phương's log is not it. */
	a = td_write(&d, &x, "clerk.sp");
	T_EQ_INT(td_end(&x, witness_keep(a, note, line, wkey, &err)),
	    SK_INVALID_ARGUMENT);
	/* A cosignature by another key than the pinned one. */
	{
		const char *sep = strstr(note, "\n\n");
		char *body = strndup(note, sep != NULL ? (size_t)(sep - note) + 1 : 0);
		char *bad = body != NULL ?
		    note_cosign(body, "sk-test-pt/witness", other, 1) :
		    NULL;

		free(body);

		a = td_write(&d, &x, "head.hm");
		T_EQ_INT(td_end(&x, witness_keep(a, note, bad, wkey, &err)),
		    SK_UNAUTHENTICATED);
		free(bad);
	}
	a = td_write(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, witness_keep(a, note, line, wkey, &err)), 0);
	a = td_read(&d, &x, "head.hm");
	T_EQ_INT(td_end(&x, store_log_cosigned_get(a->t, a->sc, &kept)), 0);
	if (kept != NULL) {
		int64_t t = 0;

		T_EQ_INT(note_cosig_verify(kept, wkey, &t, &err), 0);
		T_EQ_INT(t, 1700000000);
		T_CHECK(strncmp(kept, note, strlen(note)) == 0);
	}
done:
	witness_shutdown();
	unlink(path);
	free(note);
	free(line);
	free(kept);
	free(wkey);
	EVP_PKEY_free(other);
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "results through a link: taken once, proven, in order",
	    results_through_a_link },
	{ "the witness's cosignature, kept on the unit's own checkpoint", witnessed },
	{ "to the city on the system, by the same code", to_the_city },
	{ "outboxes: taken once, in order, only as signed", outboxes },
	{ "proposed to the city by hand, and its outcome", by_hand_to_the_city },
	{ "commendation: one award an initiative; publication",
	    commendation_and_publication },
	{ "the district summary: counts of the units below", summary },
	{ "the way up: copy, proofs, inbox, return, again, council, decision",
	    the_way_up },
	{ "each result is reported down, in the unit's history and log", reported_down },
	{ "who may nominate, complete and read", who },
};

T_MAIN(cases)
