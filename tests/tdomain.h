/*
 * tdomain: a small district in a temporary store, for unit tests of the
 * domain modules without sockets. Include after t.h.
 *
 * Units: the district phuc-tho (1); the communes xa-hat-mon (3) and
 * xa-sen-phuong (11) under it; a school, mn-hat-mon (31), under Hát Môn
 * (two levels below the district). Users are the table in td_users().
 * The decision log's key lives in the same temporary directory.
 *
 * An act runs in a transaction of its own: td_write() or td_read() opens
 * it as a user (scope from the user's record) and td_end() commits a
 * write that succeeded, sealing the log as the writer does, or aborts a
 * refused one. A failure of the fixture itself ends the program.
 */
#ifndef SK_TDOMAIN_H
#define SK_TDOMAIN_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "authz.h"
#include "council.h"
#include "date.h"
#include "decision.h"
#include "domain.h"
#include "initiative.h"
#include "sk.pb-c.h"
#include "store.h"
#include "tlog.h"
#include "tstore.h"

#define TD_DISTRICT 1u
#define TD_HM 3u
#define TD_SP 11u
#define TD_SCHOOL 31u /* below Hát Môn: two levels below the district */
#define TD_AUTHORS_MAX 4

#define TD_ROLE(x) SK__V1__ROLE__ROLE_##x
#define TD_ACT(x) SK__V1__ACTION__##x
#define TD_STATE(x) SK__V1__STATE__STATE_##x

struct tdomain {
	struct tmpstore ts;
	char key[96];
	struct terms terms;
};

struct td_user {
	const char *login;
	const char *name;
	uint32_t unit;
	uint32_t roles;
	bool enabled;
};

/* The people of the fixture. */
static inline const struct td_user *
td_users(size_t *n)
{
	static const struct td_user users[] = {
		{ "admin.pt", "Quản trị huyện", TD_DISTRICT, TD_ROLE(ADMIN), true },
		{ "aud.pt", "Thanh tra huyện", TD_DISTRICT, TD_ROLE(AUDITOR), true },
		{ "kt.pt", "Phòng Kinh tế", TD_DISTRICT, TD_ROLE(DISTRICT_OFFICE), true },
		{ "an.hm", "Nguyễn Văn An", TD_HM, TD_ROLE(AUTHOR), true },
		{ "binh.hm", "Trần Thị Bình", TD_HM, TD_ROLE(AUTHOR), true },
		{ "cuc.hm", "Lê Thị Cúc", TD_HM, TD_ROLE(AUTHOR), true },
		{ "clerk.hm", "Phạm Văn Khoa", TD_HM, TD_ROLE(CLERK), true },
		{ "head.hm", "Đỗ Văn Hùng", TD_HM, TD_ROLE(HEAD) | TD_ROLE(COUNCIL),
		    true },
		{ "cm1.hm", "Vũ Thị Mai", TD_HM, TD_ROLE(COUNCIL) | TD_ROLE(AUTHOR),
		    true },
		{ "cm2.hm", "Hoàng Văn Nam", TD_HM, TD_ROLE(COUNCIL), true },
		{ "cm3.hm", "Ngô Thị Oanh", TD_HM, TD_ROLE(COUNCIL), true },
		{ "aud.hm", "Kiểm tra xã Hát Môn", TD_HM, TD_ROLE(AUDITOR), true },
		{ "admin.hm", "Quản trị xã Hát Môn", TD_HM, TD_ROLE(ADMIN), true },
		{ "off.hm", "Bùi Văn Nghỉ", TD_HM, TD_ROLE(AUTHOR), false },
		{ "offcm.hm", "Đinh Thị Vắng", TD_HM, TD_ROLE(COUNCIL), false },
		{ "gv.mn", "Lý Thị Giáo", TD_SCHOOL, TD_ROLE(AUTHOR), true },
		{ "dung.sp", "Cao Văn Dũng", TD_SP, TD_ROLE(AUTHOR), true },
		{ "clerk.sp", "Mai Thị Sen", TD_SP, TD_ROLE(CLERK), true },
		{ "aud.sp", "Kiểm tra xã Sen Phương", TD_SP, TD_ROLE(AUDITOR), true },
		{ "admin.sp", "Quản trị xã Sen Phương", TD_SP, TD_ROLE(ADMIN), true },
	};

	*n = sizeof(users) / sizeof(users[0]);
	return users;
}

/* The full name of a fixture user (the login itself if unknown). */
static inline const char *
td_name(const char *login)
{
	size_t n;
	const struct td_user *u = td_users(&n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(u[i].login, login) == 0)
			return u[i].name;
	return login;
}

/* A certificate fingerprint for login: its bytes, then the issue number. */
static inline void
td_fp(const char *login, uint8_t gen, uint8_t fp[STORE_FP_LEN])
{
	memset(fp, 0, STORE_FP_LEN);
	memcpy(fp, login, strnlen(login, STORE_FP_LEN - 1));
	fp[STORE_FP_LEN - 1] = gen;
}

static inline void
td_fatal(const char *what, const struct sk_error *err)
{
	fprintf(stderr, "tdomain: %s: %s\n", what, err != NULL ? err->msg : "failed");
	exit(2);
}

static inline void
td_put_unit(struct store_txn *t, uint32_t id, const char *code, const char *name,
    uint32_t kind, uint32_t parent)
{
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;

	u.id = id;
	u.code = (char *)code;
	u.name = (char *)name;
	u.kind = kind;
	u.parent_id = parent;
	if (store_unit_put(t, &u) != 0)
		td_fatal("store_unit_put", NULL);
}

/* Store a user record as enrolment would (certificate issue gen). */
static inline void
td_put_user(struct store_txn *t, const struct td_user *p, uint8_t gen)
{
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	uint8_t fp[STORE_FP_LEN];

	td_fp(p->login, gen, fp);
	u.login = (char *)p->login;
	u.name = (char *)p->name;
	u.unit_id = p->unit;
	u.roles = p->roles;
	u.enabled = p->enabled;
	u.created_at = 1700000000;
	u.fingerprint.data = fp;
	u.fingerprint.len = sizeof(fp);
	if (store_user_put(t, &u) != 0)
		td_fatal("store_user_put", NULL);
}

static inline void
td_open(struct tdomain *d)
{
	struct sk_error err = { 0, "" };
	struct store_txn t;
	const struct td_user *u;
	size_t n;

	memset(d, 0, sizeof(*d));
	if (tmp_open(&d->ts, 64u << 20, 256u << 20) != 0)
		td_fatal("tmp_open", NULL);
	snprintf(d->key, sizeof(d->key), "%s/log.key", d->ts.dir);
	if (tlog_init(d->key, "sk-test", true, &err) != 0)
		td_fatal("tlog_init", &err);
	d->terms.review_months = 3;
	d->terms.correction_days = 15;
	d->terms.upload_days = 7;
	d->terms.unit_files_max = 8u << 20;
	if (store_write_begin(d->ts.st, NULL, &t) != 0)
		td_fatal("store_write_begin", NULL);
	td_put_unit(&t, TD_DISTRICT, "phuc-tho", "Huyện Phúc Thọ",
	    SK__V1__UNIT_KIND__UNIT_DISTRICT, 0);
	td_put_unit(&t, TD_HM, "xa-hat-mon", "Xã Hát Môn",
	    SK__V1__UNIT_KIND__UNIT_COMMUNE, TD_DISTRICT);
	td_put_unit(&t, TD_SP, "xa-sen-phuong", "Xã Sen Phương",
	    SK__V1__UNIT_KIND__UNIT_COMMUNE, TD_DISTRICT);
	td_put_unit(&t, TD_SCHOOL, "mn-hat-mon", "Trường Mầm non Hát Môn",
	    SK__V1__UNIT_KIND__UNIT_ORGANISATION, TD_HM);
	u = td_users(&n);
	for (size_t i = 0; i < n; i++)
		td_put_user(&t, &u[i], 1);
	if (store_commit(&t, &err) != 0)
		td_fatal("store_commit", &err);
}

static inline void
td_close(struct tdomain *d)
{
	char pub[128];

	tlog_shutdown();
	snprintf(pub, sizeof(pub), "%s.pub", d->key);
	T_EQ_INT(unlink(d->key), 0);
	T_EQ_INT(unlink(pub), 0);
	tmp_close(&d->ts);
}

/* ---- acts ------------------------------------------------------------------ */

struct td_act {
	struct store_txn t;
	struct scope sc;
	struct act a;
	char login[AUTHZ_LOGIN_MAX + 1];
	uint8_t fp[STORE_FP_LEN];
	bool write;
};

/* An act of login in unit (0: the user's own), now. The scope's roles and
 * certificate are the user's record's (none for a login that has none).
 * Tests may move x->a.today or x->a.now before acting. */
static inline const struct act *
td_begin(struct tdomain *d, struct td_act *x, const char *login, uint32_t unit,
    bool write)
{
	UserRec *u = NULL;
	int rc;

	memset(x, 0, sizeof(*x));
	x->write = write;
	rc = write ? store_write_begin(d->ts.st, NULL, &x->t) :
	             store_read_begin(d->ts.st, &x->t);
	if (rc != 0)
		td_fatal("transaction begin", NULL);
	if (write)
		tlog_batch_begin();
	snprintf(x->login, sizeof(x->login), "%s", login);
	x->sc.tenant = unit;
	x->sc.login = x->login;
	x->sc.fp = x->fp;
	if (store_user_find(&x->t, login, &u) == 0) {
		if (unit == 0)
			x->sc.tenant = u->unit_id;
		x->sc.roles = u->roles;
		if (u->fingerprint.len == STORE_FP_LEN)
			memcpy(x->fp, u->fingerprint.data, STORE_FP_LEN);
	}
	store_rec_free(u);
	x->a = act_now(&x->t, &x->sc, &d->terms);
	return &x->a;
}

static inline const struct act *
td_write(struct tdomain *d, struct td_act *x, const char *login)
{
	return td_begin(d, x, login, 0, true);
}

static inline const struct act *
td_read(struct tdomain *d, struct td_act *x, const char *login)
{
	return td_begin(d, x, login, 0, false);
}

/* End the act: a write is committed (its log sealed) when rc is 0 and
 * aborted otherwise; a read just ends. Returns rc, or the commit's code. */
static inline int
td_end(struct td_act *x, int rc)
{
	struct sk_error err = { 0, "" };

	if (!x->write) {
		store_read_end(&x->t);
		return rc;
	}
	if (rc != 0 || store_txn_failed(&x->t)) {
		store_abort(&x->t);
		return rc != 0 ? rc : SK_INTERNAL;
	}
	if (tlog_batch_seal(&x->t, &err) != 0) {
		fprintf(stderr, "tdomain: tlog_batch_seal: %s\n", err.msg);
		store_abort(&x->t);
		return err.code;
	}
	if (store_commit(&x->t, &err) != 0) {
		fprintf(stderr, "tdomain: store_commit: %s\n", err.msg);
		return err.code;
	}
	return 0;
}

/* ---- dossiers ---------------------------------------------------------------- */

static inline void
td_iso(int32_t day, char buf[16])
{
	date_format_iso(day, buf, 16);
}

/* A dossier a caller could give, owned by the struct (nothing to free). */
struct td_dossier {
	InitiativeRec r;
	AuthorRec au[TD_AUTHORS_MAX];
	AuthorRec *ap[TD_AUTHORS_MAX];
	char first[16];
};

/* Add an author (named by login, or by name only when login is "") with
 * share hundredths of a percent, taken from the first author's. */
static inline void
td_coauthor(struct td_dossier *x, const char *login, uint32_t share)
{
	AuthorRec *a;

	if (x->r.n_authors == TD_AUTHORS_MAX)
		td_fatal("td_coauthor", NULL);
	a = &x->au[x->r.n_authors];
	sk__store__v1__author_rec__init(a);
	a->name = (char *)(login[0] != '\0' ? td_name(login) : "Người ngoài đơn vị");
	a->login = (char *)login;
	a->share = share;
	a->workplace = "UBND xã Hát Môn";
	a->job_title = "Công chức";
	if (x->r.n_authors > 0)
		x->au[0].share -= share;
	x->ap[x->r.n_authors] = a;
	x->r.n_authors++;
}

/* A complete dossier titled title by login alone, first applied a month
 * before today: it passes every check of submission. */
static inline InitiativeRec *
td_dossier(struct td_dossier *x, const char *title, const char *login)
{
	memset(x, 0, sizeof(*x));
	sk__store__v1__initiative_rec__init(&x->r);
	x->r.title = (char *)title;
	x->r.summary = "Quét và lưu hồ sơ một cửa để tra cứu nhanh";
	x->r.category = 3;
	x->r.field = "Cải cách hành chính";
	x->r.description = "Mô tả giải pháp";
	x->r.confidential = "Mật khẩu máy quét";
	x->r.benefits = "Giảm thời gian tra cứu";
	x->r.application = SK__V1__APPLICATION__APPLIED;
	td_iso(date_today() - 30, x->first);
	x->r.first_applied = x->first;
	x->r.authors = x->ap;
	td_coauthor(x, login, 10000);
	return &x->r;
}

/* Create the dossier x as login (a draft, or a registered topic); its id,
 * or 0 when refused (err says why). */
static inline uint64_t
td_create_from(struct tdomain *d, const char *login, struct td_dossier *x, bool topic,
    struct sk_error *err)
{
	InitiativeRec *c, *out = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	uint64_t id = 0;
	int rc = SK_INVALID_ARGUMENT;

	if ((c = initiative_content(&x->r, a->today, err)) != NULL)
		rc = initiative_create(a, c, topic, &out, err);
	if (td_end(&act, rc) == 0 && out != NULL)
		id = out->id;
	store_rec_free(c);
	store_rec_free(out);
	return id;
}

/* A draft titled title by login, with co (if not NULL) named as a
 * co-author holding 30 %; its id. */
static inline uint64_t
td_create(struct tdomain *d, const char *login, const char *title, const char *co)
{
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	uint64_t id;

	td_dossier(&x, title, login);
	if (co != NULL)
		td_coauthor(&x, co, 3000);
	if ((id = td_create_from(d, login, &x, false, &err)) == 0)
		fprintf(stderr, "tdomain: td_create: %s\n", err.msg);
	return id;
}

/* One step of the flow by login; err may be NULL. */
static inline int
td_step(struct tdomain *d, const char *login, uint64_t id, uint32_t action,
    const char *reason, struct sk_error *err)
{
	struct sk_error local = { 0, "" };
	InitiativeRec *out = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, login);
	int rc;

	if (err == NULL)
		err = &local;
	memset(err, 0, sizeof(*err));
	rc = initiative_transition(a, id, action, 0, reason, &out, err);
	store_rec_free(out);
	return td_end(&x, rc);
}

/* A dossier of Hát Môn accepted by its clerk (co, if any, confirmed). */
static inline uint64_t
td_accepted(struct tdomain *d, const char *login, const char *title, const char *co)
{
	uint64_t id = td_create(d, login, title, co);

	if (co != NULL)
		T_EQ_INT(td_step(d, co, id, TD_ACT(CONFIRM), "", NULL), 0);
	T_EQ_INT(td_step(d, login, id, TD_ACT(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(d, "clerk.hm", id, TD_ACT(ACCEPT), "", NULL), 0);
	return id;
}

/* Initiative id of login's unit as stored now (NULL if none). */
static inline InitiativeRec *
td_get(struct tdomain *d, const char *login, uint64_t id)
{
	struct sk_error err = { 0, "" };
	InitiativeRec *r = NULL;
	struct td_act x;
	const struct act *a = td_read(d, &x, login);

	td_end(&x, initiative_load(a, id, &r, &err));
	return r;
}

/* Hát Môn's council: head.hm chairs; cm1, cm2, cm3 sit on it. */
static inline int
td_council(struct tdomain *d)
{
	CouncilMemberRec m[4];
	CouncilMemberRec *mp[4] = { &m[0], &m[1], &m[2], &m[3] };
	static const char *const logins[] = { "head.hm", "cm1.hm", "cm2.hm", "cm3.hm" };
	static const uint32_t roles[] = { SK__V1__COUNCIL_ROLE__CHAIR,
		SK__V1__COUNCIL_ROLE__VICE_CHAIR, SK__V1__COUNCIL_ROLE__SECRETARY,
		SK__V1__COUNCIL_ROLE__EXPERT };
	CouncilRec c = SK__STORE__V1__COUNCIL_REC__INIT, *out = NULL;
	struct sk_error err = { 0, "" };
	struct td_act x;
	const struct act *a;
	int rc;

	for (size_t i = 0; i < 4; i++) {
		sk__store__v1__council_member_rec__init(&m[i]);
		m[i].login = (char *)logins[i];
		m[i].role = roles[i];
	}
	c.n_members = 4;
	c.members = mp;
	a = td_write(d, &x, "head.hm");
	rc = council_set(a, &c, &out, &err);
	store_rec_free(out);
	if ((rc = td_end(&x, rc)) != 0)
		fprintf(stderr, "tdomain: td_council: %s\n", err.msg);
	return rc;
}

/* A session of head's unit on id, every voter voting vote, closed. */
static inline void
td_vote_through(struct tdomain *d, const char *head, const char *const *voters, size_t nv,
    uint64_t id, uint32_t vote)
{
	struct sk_error err = { 0, "" };
	SessionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, head);
	char on[16];
	uint64_t sid;

	td_iso(a->today, on);
	T_EQ_INT(td_end(&x,
	             council_session_open(a, "Phiên", on, false, &id, 1, &s, &err)),
	    0);
	sid = s != NULL ? s->id : 0;
	store_rec_free(s);
	for (size_t i = 0; i < nv; i++) {
		BallotRec b = SK__STORE__V1__BALLOT_REC__INIT;

		a = td_write(d, &x, voters[i]);
		b.initiative_id = id;
		b.vote = vote;
		s = NULL;
		T_EQ_INT(td_end(&x, council_vote(a, sid, &b, &s, &err)), 0);
		store_rec_free(s);
	}
	a = td_write(d, &x, head);
	s = NULL;
	T_EQ_INT(td_end(&x, council_session_close(a, sid, &s, &err)), 0);
	store_rec_free(s);
}

/* head's decision number recognising id, signed today. */
static inline void
td_decide(struct tdomain *d, const char *head, uint64_t id, const char *number)
{
	struct sk_error err = { 0, "" };
	DecisionRec *out = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, head);
	char on[16];

	td_iso(a->today, on);
	T_EQ_INT(td_end(&x, decision_issue(a, number, on, &id, 1, &out, &err)), 0);
	store_rec_free(out);
}

/* The size of a unit's decision log as committed. */
static inline uint64_t
td_log_size(struct tdomain *d, uint32_t unit)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	uint64_t n = 0;

	if (store_read_begin(d->ts.st, &t) != 0)
		td_fatal("store_read_begin", NULL);
	T_EQ_INT(tlog_size(&t, &sc, &n), 0);
	store_read_end(&t);
	return n;
}

/* The principal of login's current certificate, as authz makes it. */
static inline int
td_principal(struct tdomain *d, const char *login, struct principal *p,
    struct sk_error *err)
{
	struct store_txn t;
	UserRec *u = NULL;
	uint8_t fp[STORE_FP_LEN] = { 0 };
	int rc;

	if (store_read_begin(d->ts.st, &t) != 0)
		td_fatal("store_read_begin", NULL);
	if (store_user_find(&t, login, &u) == 0 && u->fingerprint.len == STORE_FP_LEN)
		memcpy(fp, u->fingerprint.data, STORE_FP_LEN);
	store_rec_free(u);
	rc = authz_authenticate(&t, fp, false, p, err);
	store_read_end(&t);
	return rc;
}

#endif
