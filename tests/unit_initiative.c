/*
 * unit_initiative: the dossiers of a unit without sockets: the content an
 * author gives, co-authors bound by login, editing, the steps of the flow
 * (confirmation, receipt, return), listing, history and deadlines.
 */
#include "t.h"
#include "tdomain.h"

#define A(x) SK__V1__ACTION__##x
#define S(x) SK__V1__STATE__STATE_##x
#define R(x) SK__V1__ROLE__ROLE_##x

/* Replace the content of id by x's as login; *out (if not NULL) gets the
 * stored record. Committed when it succeeds. */
static int
update(struct tdomain *d, const char *login, uint64_t id, uint32_t expected,
    struct td_dossier *x, InitiativeRec **out, struct sk_error *err)
{
	InitiativeRec *c, *r = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc = SK_INVALID_ARGUMENT;

	memset(err, 0, sizeof(*err));
	if ((c = initiative_content(&x->r, a->today, err)) != NULL)
		rc = initiative_update(a, id, expected, c, &r, err);
	rc = td_end(&act, rc);
	store_rec_free(c);
	if (out != NULL)
		*out = r;
	else
		store_rec_free(r);
	return rc;
}

/* A step of the flow as login, on expected (0: any) version. */
static int
transition(struct tdomain *d, const char *login, uint64_t id, uint32_t action,
    uint32_t expected, const char *reason, InitiativeRec **out, struct sk_error *err)
{
	InitiativeRec *r = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	rc =
	    td_end(&act, initiative_transition(a, id, action, expected, reason, &r, err));
	if (out != NULL)
		*out = r;
	else
		store_rec_free(r);
	return rc;
}

static void
content_clears_server_fields(void)
{
	struct sk_error err = { 0, "" };
	ReceiptRec receipt = SK__STORE__V1__RECEIPT_REC__INIT;
	OutcomeRec outcome = SK__STORE__V1__OUTCOME_REC__INIT;
	struct td_dossier x;
	InitiativeRec *c;

	td_dossier(&x, "Số hóa hồ sơ một cửa", "an.hm");
	receipt.number = "9/2024/TN";
	outcome.passed = true;
	x.r.id = 77;
	x.r.unit_id = TD_SP;
	x.r.state = S(RECOGNISED);
	x.r.created_by = "someone.else";
	x.r.created_at = 5;
	x.r.updated_at = 6;
	x.r.version = 9;
	x.r.decision_id = 4;
	x.r.duplicate_warning = "identical to 3";
	x.r.returned_on = "2024-01-02";
	x.r.receipt = &receipt;
	x.r.outcome = &outcome;
	c = initiative_content(&x.r, date_today(), &err);
	T_CHECK(c != NULL);
	if (c == NULL)
		return;
	T_EQ_INT(c->id, 0);
	T_EQ_INT(c->unit_id, 0);
	T_EQ_INT(c->state, 0);
	T_EQ_STR(c->created_by, "");
	T_EQ_INT(c->created_at, 0);
	T_EQ_INT(c->updated_at, 0);
	T_EQ_INT(c->version, 0);
	T_EQ_INT(c->decision_id, 0);
	T_EQ_STR(c->duplicate_warning, "");
	T_EQ_STR(c->returned_on, "");
	T_CHECK(c->receipt == NULL);
	T_CHECK(c->outcome == NULL);
	/* What the author gives is kept, and the input is not touched. */
	T_EQ_STR(c->title, "Số hóa hồ sơ một cửa");
	T_EQ_STR(c->confidential, "Mật khẩu máy quét");
	T_EQ_INT(c->category, 3);
	T_EQ_INT(c->n_authors, 1);
	T_EQ_STR(c->authors[0]->login, "an.hm");
	T_EQ_INT(x.r.id, 77);
	T_CHECK(x.r.receipt == &receipt);
	store_rec_free(c);
}

/* Is x refused by initiative_content with a message containing want? */
static void
content_refused(struct td_dossier *x, const char *want)
{
	struct sk_error err = { 0, "" };
	InitiativeRec *c = initiative_content(&x->r, date_today(), &err);

	T_CHECK(c == NULL);
	T_EQ_INT(err.code, SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, want);
	store_rec_free(c);
}

static void
content_refusals(void)
{
	struct td_dossier x;
	char tomorrow[16];

	td_dossier(&x, "", "an.hm");
	content_refused(&x, "title: must not be empty");
	td_dossier(&x, "   ", "an.hm");
	content_refused(&x, "title: must not be empty");
	td_dossier(&x, "Số hóa", "an.hm");
	x.r.category = 0;
	content_refused(&x, "category: must be 1 to 99");
	x.r.category = 100;
	content_refused(&x, "category");
	td_dossier(&x, "Số hóa", "an.hm");
	td_coauthor(&x, "binh.hm", 3000);
	x.au[0].share += 1;
	content_refused(&x, "sum to 100.01%");
	td_dossier(&x, "Số hóa", "an.hm");
	td_coauthor(&x, "an.hm", 3000);
	content_refused(&x, "authors[2].login: an.hm is already authors[1]");
	td_dossier(&x, "Số hóa", "an.hm");
	td_coauthor(&x, "Binh.HM", 3000);
	content_refused(&x, "authors[2].login");
	td_dossier(&x, "Số hóa", "an.hm");
	x.r.n_authors = 0;
	content_refused(&x, "at least one author");
	td_dossier(&x, "Số hóa", "an.hm");
	td_iso(date_today() + 1, tomorrow);
	x.r.first_applied = tomorrow;
	content_refused(&x, "is in the future");
	x.r.first_applied = "2024-13-01";
	content_refused(&x, "first_applied: not a date");
}

/* Create x's dossier with co named as a co-author; the id or 0. */
static uint64_t
create_with(struct tdomain *d, const char *co, struct sk_error *err)
{
	struct td_dossier x;

	td_dossier(&x, "Sổ tay số", "an.hm");
	td_coauthor(&x, co, 3000);
	memset(err, 0, sizeof(*err));
	return td_create_from(d, "an.hm", &x, false, err);
}

static void
create_binds_coauthors(void)
{
	static const char *const refused[] = { "nobody.hm", "dung.sp", "off.hm", "aud.hm",
		"admin.hm", "gv.mn" };
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	InitiativeRec *r;
	char want[128];
	uint64_t id;

	td_open(&d);
	/* Unknown, of another unit (even the one below), disabled, not staff. */
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		T_EQ_INT(create_with(&d, refused[i], &err), 0);
		T_EQ_INT(err.code, SK_INVALID_ARGUMENT);
		snprintf(want, sizeof(want),
		    "authors[2].login: %s is not an enabled user of your unit's staff",
		    refused[i]);
		T_EQ_STR(err.msg, want);
	}
	/* Nothing of the refusals was kept. */
	T_CHECK(td_get(&d, "an.hm", 1) == NULL);
	T_EQ_INT(td_log_size(&d, TD_HM), 0);

	/* A co-author by login, one by name only, and a clerk (staff too). */
	td_dossier(&x, "Sổ tay số", "an.hm");
	td_coauthor(&x, "binh.hm", 3000);
	td_coauthor(&x, "", 1000);
	td_coauthor(&x, "clerk.hm", 1000);
	id = td_create_from(&d, "an.hm", &x, false, &err);
	T_EQ_INT(id, 1);
	T_EQ_INT(td_log_size(&d, TD_HM), 1);
	if ((r = td_get(&d, "an.hm", id)) == NULL) {
		T_CHECK(!"the initiative is stored");
		td_close(&d);
		return;
	}
	T_EQ_INT(r->unit_id, TD_HM);
	T_EQ_INT(r->state, S(DRAFT));
	T_EQ_INT(r->version, 1);
	T_EQ_STR(r->created_by, "an.hm");
	T_CHECK(r->created_at > 0);
	T_EQ_INT(r->updated_at, r->created_at);
	T_EQ_INT(r->n_authors, 4);
	/* The creator's own entry is confirmed by writing it; others not. */
	T_CHECK(r->authors[0]->confirmed);
	T_CHECK(!r->authors[1]->confirmed);
	T_CHECK(!r->authors[2]->confirmed);
	T_CHECK(!r->authors[3]->confirmed);
	T_EQ_INT(r->authors[0]->share, 5000);
	store_rec_free(r);

	/* A registered topic starts as one, and its author starts the draft. */
	td_dossier(&x, "Đề tài đăng ký đầu năm", "an.hm");
	id = td_create_from(&d, "an.hm", &x, true, &err);
	T_EQ_INT(id, 2);
	r = td_get(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->state : 0, S(REGISTERED));
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "an.hm", id, A(START), "", NULL), 0);
	r = td_get(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->state : 0, S(DRAFT));
	store_rec_free(r);
	td_close(&d);
}

static void
update_rules(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	InitiativeRec *r = NULL;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", "binh.hm");
	td_dossier(&x, "Sổ tay số, bản 2", "an.hm");
	td_coauthor(&x, "binh.hm", 3000);
	/* Not an author; listed but not confirmed; of another unit. */
	T_EQ_INT(update(&d, "clerk.hm", id, 0, &x, NULL, &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "only the authors of initiative 1 can edit it");
	T_EQ_INT(update(&d, "binh.hm", id, 0, &x, NULL, &err), SK_PERMISSION_DENIED);
	T_EQ_INT(update(&d, "dung.sp", id, 0, &x, NULL, &err), SK_NOT_FOUND);
	T_CONTAINS(err.msg, "not found in your unit");
	/* An edit on a version that is no longer the one stored. */
	T_EQ_INT(update(&d, "an.hm", id, 5, &x, NULL, &err), SK_ABORTED);
	T_EQ_STR(err.msg, "initiative 1 changed meanwhile (now version 1, you had 5)");
	r = td_get(&d, "an.hm", id);
	T_EQ_STR(r != NULL ? r->title : NULL, "Sổ tay số");
	store_rec_free(r);
	/* The right version: the content changes, the server's fields stay. */
	T_EQ_INT(update(&d, "an.hm", id, 1, &x, &r, &err), 0);
	if (r != NULL) {
		T_EQ_STR(r->title, "Sổ tay số, bản 2");
		T_EQ_INT(r->version, 2);
		T_EQ_INT(r->state, S(DRAFT));
		T_EQ_STR(r->created_by, "an.hm");
		T_EQ_INT(r->unit_id, TD_HM);
		store_rec_free(r);
	}
	/* Once confirmed, the co-author edits too. */
	T_EQ_INT(td_step(&d, "binh.hm", id, A(CONFIRM), "", NULL), 0);
	T_EQ_INT(update(&d, "binh.hm", id, 0, &x, NULL, &err), 0);
	/* Submitted or accepted, it is no longer edited. */
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "is in state \"submitted\"; only registered topics, drafts and returned");
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(ACCEPT), "", NULL), 0);
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "is in state \"accepted\"");
	td_close(&d);
}

/* Is login's entry in id confirmed? */
static bool
confirmed(struct tdomain *d, uint64_t id, const char *login)
{
	InitiativeRec *r = td_get(d, "an.hm", id);
	bool yes = false;

	for (size_t i = 0; r != NULL && i < r->n_authors; i++)
		if (strcmp(r->authors[i]->login, login) == 0)
			yes = r->authors[i]->confirmed;
	store_rec_free(r);
	return yes;
}

static void
update_unconfirms_changed_entries(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", "binh.hm");
	T_EQ_INT(td_step(&d, "binh.hm", id, A(CONFIRM), "", NULL), 0);
	T_CHECK(confirmed(&d, id, "binh.hm"));
	/* Another title: binh's entry is as confirmed, it stays so. */
	td_dossier(&x, "Sổ tay số, bản 2", "an.hm");
	td_coauthor(&x, "binh.hm", 3000);
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), 0);
	T_CHECK(confirmed(&d, id, "binh.hm"));
	T_CHECK(confirmed(&d, id, "an.hm"));
	/* binh's share changes: binh must confirm again before submission. */
	td_dossier(&x, "Sổ tay số, bản 2", "an.hm");
	td_coauthor(&x, "binh.hm", 4000);
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), 0);
	T_CHECK(!confirmed(&d, id, "binh.hm"));
	T_CHECK(confirmed(&d, id, "an.hm"));
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "binh.hm");
	/* binh confirms, then edits an's job title: an's entry is unconfirmed,
	 * binh's own (written by binh) confirmed. */
	T_EQ_INT(td_step(&d, "binh.hm", id, A(CONFIRM), "", NULL), 0);
	x.au[0].job_title = "Phó chủ tịch";
	T_EQ_INT(update(&d, "binh.hm", id, 0, &x, NULL, &err), 0);
	T_CHECK(!confirmed(&d, id, "an.hm"));
	T_CHECK(confirmed(&d, id, "binh.hm"));
	T_EQ_INT(td_step(&d, "an.hm", id, A(CONFIRM), "", NULL), 0);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	td_close(&d);
}

static void
submit_needs_confirmation(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r = NULL;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", "binh.hm");
	T_EQ_INT(transition(&d, "an.hm", id, A(SUBMIT), 0, "", NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "authors[2]: binh.hm (Trần Thị Bình) has not confirmed");
	/* Only those named by login confirm; only authors submit. */
	T_EQ_INT(transition(&d, "cuc.hm", id, A(CONFIRM), 0, "", NULL, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "not named by login");
	T_EQ_INT(transition(&d, "clerk.hm", id, A(SUBMIT), 0, "", NULL, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "to submit an initiative needs the role author");
	T_EQ_INT(transition(&d, "binh.hm", id, A(SUBMIT), 0, "", NULL, &err),
	    SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "only the authors of initiative 1 can submit it");
	/* A confirmation of a version that is not the one stored. */
	T_EQ_INT(transition(&d, "binh.hm", id, A(CONFIRM), 7, "", NULL, &err),
	    SK_ABORTED);
	T_CONTAINS(err.msg, "changed meanwhile (now version 1)");
	T_EQ_INT(transition(&d, "binh.hm", id, A(CONFIRM), 1, "", &r, &err), 0);
	if (r != NULL) {
		T_EQ_INT(r->state, S(DRAFT));
		T_EQ_INT(r->version, 2);
		T_CHECK(r->authors[1]->confirmed);
		store_rec_free(r);
	}
	T_EQ_INT(transition(&d, "binh.hm", id, A(CONFIRM), 0, "", NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "already confirmed");
	T_EQ_INT(transition(&d, "an.hm", id, A(SUBMIT), 0, "", &r, &err), 0);
	T_EQ_INT(r != NULL ? r->state : 0, S(SUBMITTED));
	store_rec_free(r);
	T_EQ_INT(transition(&d, "binh.hm", id, A(CONFIRM), 0, "", NULL, &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "cannot confirm initiative 1: it is in state \"submitted\"");
	td_close(&d);
}

static void
submit_checks_the_dossier(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	uint64_t id;

	td_open(&d);
	td_dossier(&x, "Sổ tay số", "an.hm");
	x.r.benefits = "";
	id = td_create_from(&d, "an.hm", &x, false, &err);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "benefits: required before submission");
	td_dossier(&x, "Sổ tay số", "an.hm");
	x.r.application = 0;
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), 0);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "application");
	/* An unknown action is not a step of the flow. */
	T_EQ_INT(td_step(&d, "an.hm", id, 99, "", &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "action: unknown");
	td_close(&d);
}

/* Put initiative id of unit into state, as a council would have. */
static void
force_state(struct tdomain *d, uint32_t unit, uint64_t id, uint32_t state)
{
	struct scope sc = { .tenant = unit };
	InitiativeRec *r = NULL;
	struct store_txn t;

	T_EQ_INT(store_write_begin(d->ts.st, NULL, &t), 0);
	T_EQ_INT(store_initiative_get(&t, &sc, id, &r), 0);
	if (r != NULL) {
		r->state = state;
		T_EQ_INT(store_initiative_put(&t, &sc, r), 0);
	}
	store_rec_free(r);
	T_EQ_INT(commit(&t), 0);
}

/* The warning initiative id of Hát Môn got when submitted by login. */
static void
submitted_warning(struct tdomain *d, const char *login, uint64_t id, char *buf, size_t sz)
{
	struct sk_error err = { 0, "" };
	InitiativeRec *r = NULL;

	T_EQ_INT(transition(d, login, id, A(SUBMIT), 0, "", &r, &err), 0);
	T_EQ_INT(r != NULL ? r->state : 0, S(SUBMITTED));
	snprintf(buf, sz, "%s", r != NULL ? r->duplicate_warning : "(none)");
	store_rec_free(r);
}

static void
submit_warns_of_duplicates(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	char w[256];
	uint64_t id;

	td_open(&d);
	T_EQ_INT(td_create(&d, "an.hm", "Số hóa hồ sơ một cửa", NULL), 1);
	force_state(&d, TD_HM, 1, S(RECOGNISED));
	T_EQ_INT(td_create(&d, "dung.sp", "Tiết kiệm điện năng", NULL), 1);
	force_state(&d, TD_SP, 1, S(RECOGNISED));
	/* The same words, other case and diacritics: a warning, not a refusal. */
	id = td_create(&d, "binh.hm", "SO HOA HO SO MOT CUA", NULL);
	submitted_warning(&d, "binh.hm", id, w, sizeof(w));
	T_CONTAINS(w, "identical to recognised initiative 1");
	T_CONTAINS(w, "(100% alike)");
	id = td_create(&d, "cuc.hm", "Số hóa hồ sơ một cửa xã", NULL);
	submitted_warning(&d, "cuc.hm", id, w, sizeof(w));
	T_CONTAINS(w, "nearly identical to recognised initiative 1");
	/* Not alike; alike only to another unit's. */
	td_dossier(&x, "Cây trồng mới", "an.hm");
	x.r.summary = "Giống lúa chịu hạn";
	id = td_create_from(&d, "an.hm", &x, false, &err);
	submitted_warning(&d, "an.hm", id, w, sizeof(w));
	T_EQ_STR(w, "");
	/* Alike only to one that is submitted, not recognised. */
	td_dossier(&x, "Cây trồng mới", "binh.hm");
	x.r.summary = "Giống lúa chịu hạn";
	id = td_create_from(&d, "binh.hm", &x, false, &err);
	submitted_warning(&d, "binh.hm", id, w, sizeof(w));
	T_EQ_STR(w, "");
	id = td_create(&d, "an.hm", "Tiết kiệm điện năng", NULL);
	submitted_warning(&d, "an.hm", id, w, sizeof(w));
	T_EQ_STR(w, "");
	td_close(&d);
}

static void
accept_issues_receipt(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r = NULL;
	struct td_act act;
	const struct act *a;
	char num[32], today[16], due[16];
	int y = 0, m = 0, dd = 0;
	uint64_t id, id2;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	id2 = td_create(&d, "an.hm", "Sổ tay số 2", NULL);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "an.hm", id2, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(transition(&d, "an.hm", id, A(ACCEPT), 0, "", NULL, &err),
	    SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "to accept an initiative needs the role clerk");
	/* The receipt: numbered per unit and year, due review_months later. */
	a = td_write(&d, &act, "clerk.hm");
	T_EQ_INT(td_end(&act, initiative_transition(a, id, A(ACCEPT), 0, "", &r, &err)),
	    0);
	T_CHECK(r != NULL && r->receipt != NULL);
	if (r != NULL && r->receipt != NULL) {
		date_to_ymd(act.a.today, &y, &m, &dd);
		snprintf(num, sizeof(num), "1/%d/TN", y);
		td_iso(act.a.today, today);
		td_iso(date_add_months(act.a.today, 3), due);
		T_EQ_INT(r->state, S(ACCEPTED));
		T_EQ_STR(r->receipt->number, num);
		T_EQ_STR(r->receipt->accepted_on, today);
		T_EQ_STR(r->receipt->due_on, due);
		T_EQ_STR(r->receipt->accepted_by, "clerk.hm");
	}
	store_rec_free(r);
	/* The term is configuration: two months for the next one. */
	d.terms.review_months = 2;
	a = td_write(&d, &act, "clerk.hm");
	T_EQ_INT(td_end(&act, initiative_transition(a, id2, A(ACCEPT), 0, "", &r, &err)),
	    0);
	if (r != NULL && r->receipt != NULL) {
		snprintf(num, sizeof(num), "2/%d/TN", y);
		td_iso(date_add_months(act.a.today, 2), due);
		T_EQ_STR(r->receipt->number, num);
		T_EQ_STR(r->receipt->due_on, due);
	}
	store_rec_free(r);
	/* Accepted once; reviewed only through a session. */
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(ACCEPT), "", &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "cannot accept initiative 1: it is in state \"accepted\"");
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(REVIEW), "", &err),
	    SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "through a council session or decision");
	td_close(&d);
}

static void
return_and_refuse_need_reasons(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	InitiativeRec *r = NULL;
	char today[16];
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(RETURN), "", &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "reason: required to return a dossier");
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(RETURN), " \t ", &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(transition(&d, "clerk.hm", id, A(RETURN), 0, "Thiếu bản mô tả", &r,
	             &err),
	    0);
	td_iso(date_today(), today);
	T_EQ_INT(r != NULL ? r->state : 0, S(RETURNED));
	T_EQ_STR(r != NULL ? r->returned_on : NULL, today);
	store_rec_free(r);
	/* Returned, it is edited and submitted again. */
	td_dossier(&x, "Sổ tay số (sửa)", "an.hm");
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), 0);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(REFUSE), "", &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "reason: required to refuse a dossier");
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(REFUSE), "Trùng sáng kiến đã có", &err),
	    0);
	r = td_get(&d, "an.hm", id);
	T_EQ_INT(r != NULL ? r->state : 0, S(REFUSED));
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "an.hm", id, A(WITHDRAW), "", &err), SK_FAILED_PRECONDITION);
	td_close(&d);
}

static void
other_unit_not_found(void)
{
	struct sk_error err = { 0, "" };
	struct tdomain d;
	InitiativeRec *r = NULL;
	struct recs h = { 0 };
	struct td_act act;
	const struct act *a;

	td_open(&d);
	T_EQ_INT(td_create(&d, "an.hm", "Sổ tay số", NULL), 1);
	T_EQ_INT(td_create(&d, "an.hm", "Sổ tay số 2", NULL), 2);
	T_EQ_INT(td_step(&d, "an.hm", 1, A(SUBMIT), "", NULL), 0);
	/* Sen Phương numbers its own: its first is 1 too. */
	T_EQ_INT(td_create(&d, "dung.sp", "Sổ tay Sen Phương", NULL), 1);
	/* Hát Môn's 2 is not there for an author of Sen Phương. */
	T_EQ_INT(td_step(&d, "dung.sp", 2, A(WITHDRAW), "", &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "initiative 2 not found in your unit");
	a = td_read(&d, &act, "clerk.sp");
	T_EQ_INT(td_end(&act, initiative_load(a, 2, &r, &err)), SK_NOT_FOUND);
	T_CHECK(r == NULL);
	a = td_read(&d, &act, "clerk.sp");
	T_EQ_INT(td_end(&act, initiative_history(a, 2, &h, &err)), SK_NOT_FOUND);
	T_EQ_INT(h.n, 0);
	/* Sen Phương's clerk reaches Sen Phương's 1, a draft, not Hát Môn's
	 * submitted 1. */
	T_EQ_INT(td_step(&d, "clerk.sp", 1, A(ACCEPT), "", &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "cannot accept initiative 1: it is in state \"draft\"");
	r = td_get(&d, "an.hm", 1);
	T_EQ_STR(r != NULL ? r->title : NULL, "Sổ tay số");
	T_EQ_INT(r != NULL ? r->state : 0, S(SUBMITTED));
	store_rec_free(r);
	td_close(&d);
}

/* The ids login lists with f, after, want, max_bytes. */
static size_t
list_ids(struct tdomain *d, const char *login, const struct initiative_filter *f,
    uint64_t after, size_t want, size_t max_bytes, uint64_t *ids, bool *more)
{
	struct sk_error err = { 0, "" };
	struct initiative_page p;
	struct td_act act;
	const struct act *a = td_read(d, &act, login);
	size_t n;

	T_EQ_INT(td_end(&act, initiative_list(a, f, after, want, max_bytes, &p, &err)),
	    0);
	for (size_t i = 0; i < p.n; i++)
		ids[i] = p.v[i]->id;
	n = p.n;
	if (more != NULL)
		*more = p.more;
	initiative_page_free(&p);
	return n;
}

/* The ids login lists with f, as "1,2,4", into buf. */
static const char *
listed(struct tdomain *d, const char *login, const struct initiative_filter *f, char *buf,
    size_t sz)
{
	uint64_t ids[16];
	size_t n = list_ids(d, login, f, 0, 16, 1u << 20, ids, NULL), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < sz; i++)
		used += (size_t)snprintf(buf + used, sz - used, "%s%" PRIu64,
		    i ? "," : "", ids[i]);
	return buf;
}

static void
list_filters(void)
{
	struct tdomain d;
	struct td_dossier x;
	struct sk_error err = { 0, "" };
	struct initiative_filter f = { 0 };
	char buf[64];

	td_open(&d);
	T_EQ_INT(td_create(&d, "an.hm", "Số hóa hồ sơ một cửa", NULL), 1);
	td_dossier(&x, "Sổ tay điện tử cho cán bộ", "binh.hm");
	x.r.category = 2;
	x.r.summary = "Ghi chép công việc hằng ngày";
	T_EQ_INT(td_create_from(&d, "binh.hm", &x, false, &err), 2);
	T_EQ_INT(td_step(&d, "binh.hm", 2, A(SUBMIT), "", NULL), 0);
	td_dossier(&x, "Tiết kiệm điện", "an.hm");
	x.r.category = 6;
	td_coauthor(&x, "binh.hm", 2000);
	T_EQ_INT(td_create_from(&d, "an.hm", &x, false, &err), 3);
	T_EQ_INT(td_accepted(&d, "cuc.hm", "Số hóa thư viện", NULL), 4);
	T_EQ_INT(td_create(&d, "dung.sp", "Số hóa ở Sen Phương", NULL), 1);

	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "1,2,3,4");
	f.state = S(SUBMITTED);
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "2");
	f.state = S(ACCEPTED);
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "4");
	f.state = S(RECOGNISED);
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "");
	f.state = 0;
	f.category = 3;
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "1,4");
	f.category = 0;
	/* Words without diacritics or case find those with them. */
	f.query = "so hoa";
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "1,4");
	f.query = "SỐ HÓA";
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "1,4");
	f.query = "thu vien";
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "4");
	f.query = "ghi chep"; /* in the summary only */
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "2");
	f.query = "bao cao";
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "");
	/* Filters add up. */
	f.query = "thu vien";
	f.category = 2;
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "");
	f.category = 3;
	f.state = S(ACCEPTED);
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "4");
	/* Mine: created by me, or naming me (confirmed or not). */
	f.query = NULL;
	f.category = 0;
	f.state = 0;
	f.mine = true;
	T_EQ_STR(listed(&d, "an.hm", &f, buf, sizeof(buf)), "1,3");
	T_EQ_STR(listed(&d, "binh.hm", &f, buf, sizeof(buf)), "2,3");
	T_EQ_STR(listed(&d, "cuc.hm", &f, buf, sizeof(buf)), "4");
	T_EQ_STR(listed(&d, "clerk.hm", &f, buf, sizeof(buf)), "");
	/* Sen Phương lists its own only. */
	f.mine = false;
	T_EQ_STR(listed(&d, "dung.sp", &f, buf, sizeof(buf)), "1");
	td_close(&d);
}

static void
list_pages(void)
{
	struct initiative_filter f = { 0 };
	struct tdomain d;
	InitiativeRec *r;
	uint64_t ids[16];
	bool more = false;
	size_t n, sz = 0;

	td_open(&d);
	for (int i = 0; i < 5; i++)
		T_EQ_INT(td_create(&d, "an.hm", "Sổ tay số", NULL), (uint64_t)i + 1);
	n = list_ids(&d, "an.hm", &f, 0, 2, 1u << 20, ids, &more);
	T_EQ_INT(n, 2);
	T_EQ_INT(ids[0], 1);
	T_EQ_INT(ids[1], 2);
	T_CHECK(more);
	n = list_ids(&d, "an.hm", &f, ids[1], 2, 1u << 20, ids, &more);
	T_EQ_INT(n, 2);
	T_EQ_INT(ids[0], 3);
	T_CHECK(more);
	n = list_ids(&d, "an.hm", &f, ids[1], 2, 1u << 20, ids, &more);
	T_EQ_INT(n, 1);
	T_EQ_INT(ids[0], 5);
	T_CHECK(!more);
	/* Exactly full is not "more"; one short of all is. */
	T_EQ_INT(list_ids(&d, "an.hm", &f, 0, 5, 1u << 20, ids, &more), 5);
	T_CHECK(!more);
	T_EQ_INT(list_ids(&d, "an.hm", &f, 0, 4, 1u << 20, ids, &more), 4);
	T_CHECK(more);
	T_EQ_INT(list_ids(&d, "an.hm", &f, 5, 4, 1u << 20, ids, &more), 0);
	T_CHECK(!more);
	/* The byte limit: the first always fits, then the page is full. */
	n = list_ids(&d, "an.hm", &f, 0, 16, 1, ids, &more);
	T_EQ_INT(n, 1);
	T_CHECK(more);
	n = list_ids(&d, "an.hm", &f, 1, 16, 1, ids, &more);
	T_EQ_INT(n, 1);
	T_EQ_INT(ids[0], 2);
	/* The records are alike in size: room for two is two, one byte less
	 * is one. */
	if ((r = td_get(&d, "an.hm", 1)) != NULL)
		sz = protobuf_c_message_get_packed_size(&r->base) + 16;
	store_rec_free(r);
	n = list_ids(&d, "an.hm", &f, 0, 16, 2 * sz, ids, &more);
	T_EQ_INT(n, 2);
	T_CHECK(more);
	n = list_ids(&d, "an.hm", &f, 0, 16, 2 * sz - 1, ids, &more);
	T_EQ_INT(n, 1);
	T_CHECK(more);
	td_close(&d);
}

static void
history_in_order(void)
{
	static const struct {
		uint32_t action, from, to;
		const char *actor, *reason;
	} want[] = {
		/* Creation and edits are named too (they were action 0). */
		{ A(CREATE), 0, S(DRAFT), "an.hm", "created" },
		{ A(EDIT), S(DRAFT), S(DRAFT), "an.hm", "edited" },
		{ A(SUBMIT), S(DRAFT), S(SUBMITTED), "an.hm", "" },
		{ A(RETURN), S(SUBMITTED), S(RETURNED), "clerk.hm", "Thiếu hồ sơ" },
		{ A(SUBMIT), S(RETURNED), S(SUBMITTED), "an.hm", "" },
		{ A(ACCEPT), S(SUBMITTED), S(ACCEPTED), "clerk.hm", "" },
	};
	struct sk_error err = { 0, "" };
	struct tdomain d;
	struct td_dossier x;
	struct recs h = { 0 };
	struct td_act act;
	const struct act *a;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	td_dossier(&x, "Sổ tay số (2)", "an.hm");
	T_EQ_INT(update(&d, "an.hm", id, 0, &x, NULL, &err), 0);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(RETURN), "Thiếu hồ sơ", NULL), 0);
	T_EQ_INT(td_step(&d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", id, A(ACCEPT), "", NULL), 0);
	a = td_read(&d, &act, "head.hm");
	T_EQ_INT(td_end(&act, initiative_history(a, id, &h, &err)), 0);
	T_EQ_INT(h.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < h.n && i < sizeof(want) / sizeof(want[0]); i++) {
		const HistoryRec *l = h.v[i];

		T_EQ_INT(l->seq, i + 1);
		T_EQ_INT(l->action, want[i].action);
		T_EQ_INT(l->from, want[i].from);
		T_EQ_INT(l->to, want[i].to);
		T_EQ_STR(l->actor, want[i].actor);
		T_EQ_STR(l->reason, want[i].reason);
		T_CHECK(l->at > 0);
	}
	recs_free(&h);
	/* Each line is an entry of the unit's decision log too. */
	T_EQ_INT(td_log_size(&d, TD_HM), 6);
	T_EQ_INT(td_log_size(&d, TD_SP), 0);
	td_close(&d);
}

/* The overdue dossiers of Hát Môn seen on day today. */
static size_t
overdue_on(struct tdomain *d, int32_t today, struct initiative_late **v)
{
	struct sk_error err = { 0, "" };
	struct td_act act;
	size_t n = 0;

	td_read(d, &act, "clerk.hm");
	act.a.today = today;
	T_EQ_INT(td_end(&act, initiative_overdue(&act.a, v, &n, &err)), 0);
	return n;
}

static void
overdue(void)
{
	struct tdomain d;
	struct initiative_late *v = NULL;
	int32_t today = date_today(), due = 0;
	InitiativeRec *r;
	uint64_t accepted, returned;
	size_t n;

	td_open(&d);
	accepted = td_accepted(&d, "an.hm", "Sổ tay số", NULL);
	returned = td_create(&d, "binh.hm", "Tiết kiệm điện", NULL);
	T_EQ_INT(td_step(&d, "binh.hm", returned, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(&d, "clerk.hm", returned, A(RETURN), "Thiếu", NULL), 0);
	T_CHECK(td_create(&d, "cuc.hm", "Bản nháp", NULL) != 0); /* never late */
	r = td_get(&d, "an.hm", accepted);
	T_CHECK(
	    r != NULL && r->receipt != NULL && date_parse_iso(r->receipt->due_on, &due));
	store_rec_free(r);

	T_EQ_INT(overdue_on(&d, today, &v), 0);
	initiative_overdue_free(v, 0);
	/* A returned dossier is late after correction_days. */
	T_EQ_INT(overdue_on(&d, today + 15, &v), 0);
	initiative_overdue_free(v, 0);
	n = overdue_on(&d, today + 16, &v);
	T_EQ_INT(n, 1);
	if (n == 1) {
		T_EQ_INT(v[0].r->id, returned);
		T_EQ_STR(v[0].what, "correction");
		T_EQ_INT(v[0].due, today + 15);
	}
	initiative_overdue_free(v, n);
	/* The council's review is late after the receipt's due date. */
	n = overdue_on(&d, due, &v);
	T_EQ_INT(n, 1);
	initiative_overdue_free(v, n);
	n = overdue_on(&d, due + 1, &v);
	T_EQ_INT(n, 2);
	if (n == 2) {
		T_EQ_INT(v[0].r->id, accepted);
		T_EQ_STR(v[0].what, "council review");
		T_EQ_INT(v[0].due, due);
		T_EQ_INT(v[1].r->id, returned);
	}
	initiative_overdue_free(v, n);
	/* Submitted again, it is no longer waiting for a correction. */
	T_EQ_INT(td_step(&d, "binh.hm", returned, A(SUBMIT), "", NULL), 0);
	n = overdue_on(&d, due + 1, &v);
	T_EQ_INT(n, 1);
	initiative_overdue_free(v, n);
	td_close(&d);
}

static bool
may(const InitiativeRec *r, const char *login, uint32_t roles)
{
	struct scope sc = { .tenant = TD_HM, .roles = roles, .login = login };

	return r != NULL && initiative_may_read_confidential(r, &sc);
}

static void
confidential(void)
{
	struct tdomain d;
	InitiativeRec *r;
	uint64_t id;

	td_open(&d);
	id = td_create(&d, "an.hm", "Sổ tay số", "binh.hm");
	r = td_get(&d, "an.hm", id);
	T_CHECK(may(r, "clerk.hm", R(CLERK)));
	T_CHECK(may(r, "cm2.hm", R(COUNCIL)));
	T_CHECK(may(r, "head.hm", R(HEAD)));
	T_CHECK(may(r, "an.hm", R(AUTHOR)));
	T_CHECK(!may(r, "cuc.hm", R(AUTHOR)));
	T_CHECK(!may(r, "admin.hm", R(ADMIN)));
	T_CHECK(!may(r, "aud.hm", R(AUDITOR)));
	/* Named but not yet confirmed: only listed, not an author. */
	T_CHECK(!may(r, "binh.hm", R(AUTHOR)));
	store_rec_free(r);
	T_EQ_INT(td_step(&d, "binh.hm", id, A(CONFIRM), "", NULL), 0);
	r = td_get(&d, "an.hm", id);
	T_CHECK(may(r, "binh.hm", R(AUTHOR)));
	store_rec_free(r);
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "content: the server's fields are cleared, the author's kept",
	    content_clears_server_fields },
	{ "content: refusals name the field", content_refusals },
	{ "create: co-authors are enabled staff of the unit; the creator confirmed",
	    create_binds_coauthors },
	{ "update: authors only, editable states, the expected version", update_rules },
	{ "update: a changed entry of another author is unconfirmed",
	    update_unconfirms_changed_entries },
	{ "submit: co-authors confirm first, once, only if named",
	    submit_needs_confirmation },
	{ "submit: the dossier's checks", submit_checks_the_dossier },
	{ "submit: a warning when it matches a recognised one of the unit",
	    submit_warns_of_duplicates },
	{ "accept: the clerk's receipt, due review_months later", accept_issues_receipt },
	{ "return and refuse need a reason; returned is edited again",
	    return_and_refuse_need_reasons },
	{ "another unit's initiatives are not found", other_unit_not_found },
	{ "list: state, category, words without diacritics, mine", list_filters },
	{ "list: pages by count and by bytes", list_pages },
	{ "history: every change in order, in the log too", history_in_order },
	{ "overdue: council review and correction deadlines", overdue },
	{ "the confidential part: insiders and authors", confidential },
};

T_MAIN(cases)
