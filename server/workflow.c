#include "workflow.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "author.h"
#include "authz.h"
#include "convert.h"
#include "date.h"
#include "export.h"
#include "link.h"
#include "names.h"
#include "receive.h"
#include "sk.pb-c.h"
#include "text.h"
#include "tlog.h"

#define A(x) SK__V1__ACTION__##x
#define S(x) SK__V1__STATE__STATE_##x
#define R(x) SK__V1__ROLE__ROLE_##x

enum wf_check {
	WF_AUTHOR = 1 << 0,         /* the caller is one of its authors */
	WF_REASON = 1 << 1,         /* a written reason is required */
	WF_COMPLETE = 1 << 2,       /* the submission checks */
	WF_RECEIPT = 1 << 3,        /* issue a receipt with the due date */
	WF_VIA = 1 << 4,            /* only through a session or a decision */
	WF_PASSED = 1 << 5,         /* the council's vote passed it */
	WF_FAILED = 1 << 6,         /* the council's vote did not pass it */
	WF_UNDECIDED = 1 << 7,      /* not yet named in a decision */
	WF_LISTED = 1 << 8,         /* the caller is named by login, not yet confirmed */
	WF_LINKED = 1 << 9,         /* no staff member named as an author without login */
	WF_NOTICE = 1 << 10,        /* answer in writing: a numbered notice */
	WF_UNLINKED = 1 << 11,      /* the author given is named without a login */
	WF_UPWARD = 1 << 12,        /* decided, and free to go to the level above */
	WF_COPY_COMPLETE = 1 << 13, /* a copy whose dossier the office finds whole */
	WF_DECIDED = 1 << 14,       /* named in a recognition decision */
	WF_UNAWARDED = 1 << 15,     /* backing no award yet */
	WF_TOP = 1 << 16,           /* its unit has no level above on this system */
	WF_OFFICE = 1 << 17,        /* a copy of the caller's office, if they have one */
};

/* Any of the unit's staff may be named a co-author, whatever their role. */
#define R_STAFF (R(AUTHOR) | R(CLERK) | R(COUNCIL) | R(HEAD))

static const struct wf_rule {
	uint32_t action;
	uint32_t from;
	uint32_t to;
	uint32_t roles; /* any of these may take it */
	uint32_t checks;
} workflow_rules[] = {
	{ A(START), S(REGISTERED), S(DRAFT), R(AUTHOR), WF_AUTHOR },
	{ A(SUBMIT), S(DRAFT), S(SUBMITTED), R(AUTHOR), WF_AUTHOR | WF_COMPLETE },
	{ A(SUBMIT), S(RETURNED), S(SUBMITTED), R(AUTHOR), WF_AUTHOR | WF_COMPLETE },
	{ A(WITHDRAW), S(REGISTERED), S(WITHDRAWN), R(AUTHOR), WF_AUTHOR },
	{ A(WITHDRAW), S(DRAFT), S(WITHDRAWN), R(AUTHOR), WF_AUTHOR },
	{ A(WITHDRAW), S(SUBMITTED), S(WITHDRAWN), R(AUTHOR), WF_AUTHOR },
	{ A(WITHDRAW), S(RETURNED), S(WITHDRAWN), R(AUTHOR), WF_AUTHOR },
	{ A(ACCEPT), S(SUBMITTED), S(ACCEPTED), R(CLERK), WF_LINKED | WF_RECEIPT },
	{ A(RETURN), S(SUBMITTED), S(RETURNED), R(CLERK), WF_REASON | WF_NOTICE },
	{ A(REFUSE), S(SUBMITTED), S(REFUSED), R(CLERK), WF_REASON | WF_NOTICE },
	{ A(DISTINCT), S(SUBMITTED), S(SUBMITTED), R(CLERK), WF_REASON | WF_UNLINKED },
	/* The level above: a unit's head nominates and sends (through
	 * forward.c); the receiving office registers or sends back a copy,
	 * which its council then reviews like any dossier. */
	{ A(NOMINATE), S(RECOGNISED), S(RECOGNISED), R(HEAD), WF_VIA | WF_UPWARD },
	{ A(FORWARD), S(RECOGNISED), S(RECOGNISED), R(HEAD), WF_VIA },
	{ A(REGISTER), S(RECEIVED), S(ACCEPTED), R(DISTRICT_OFFICE),
	    WF_OFFICE | WF_COPY_COMPLETE | WF_RECEIPT },
	{ A(SEND_BACK), S(RECEIVED), S(SENT_BACK), R(DISTRICT_OFFICE),
	    WF_OFFICE | WF_REASON | WF_NOTICE },
	/* A unit's head sends it again, on this server or through its link. */
	{ A(SUPERSEDE), S(RECEIVED), S(SUPERSEDED), R(HEAD) | R(DOWNSTREAM), WF_VIA },
	{ A(SUPERSEDE), S(SENT_BACK), S(SUPERSEDED), R(HEAD) | R(DOWNSTREAM), WF_VIA },
	/* The top level on this system proposes to the one above by hand;
	 * the commendation office records the one award an initiative backs;
	 * typical initiatives are marked for publication. */
	{ A(PROPOSE), S(RECOGNISED), S(RECOGNISED), R(DISTRICT_OFFICE),
	    WF_UPWARD | WF_TOP },
	{ A(AWARD), S(RECOGNISED), S(RECOGNISED), R(COMMENDATION),
	    WF_DECIDED | WF_UNAWARDED },
	{ A(PUBLISH), S(RECOGNISED), S(RECOGNISED), R(DISTRICT_OFFICE) | R(HEAD),
	    WF_DECIDED },
	{ A(REVIEW), S(ACCEPTED), S(IN_REVIEW), R(CLERK) | R(HEAD), WF_VIA },
	{ A(RECOGNISE), S(IN_REVIEW), S(RECOGNISED), R(HEAD), WF_VIA | WF_PASSED },
	{ A(REJECT), S(IN_REVIEW), S(NOT_RECOGNISED), R(HEAD), WF_VIA | WF_FAILED },
	{ A(DECIDE), S(RECOGNISED), S(RECOGNISED), R(HEAD), WF_VIA | WF_UNDECIDED },
	{ A(CONFIRM), S(REGISTERED), S(REGISTERED), R_STAFF, WF_LISTED },
	{ A(CONFIRM), S(DRAFT), S(DRAFT), R_STAFF, WF_LISTED },
	{ A(CONFIRM), S(RETURNED), S(RETURNED), R_STAFF, WF_LISTED },
};

#define NRULES (sizeof(workflow_rules) / sizeof(workflow_rules[0]))

uint32_t
workflow_initial(bool registered_topic)
{
	return registered_topic ? S(REGISTERED) : S(DRAFT);
}

bool
workflow_editable(uint32_t state)
{
	return state == S(REGISTERED) || state == S(DRAFT) || state == S(RETURNED);
}

static const struct wf_rule *
rule_find(uint32_t action, uint32_t state, bool *known)
{
	*known = false;
	for (size_t i = 0; i < NRULES; i++) {
		if (workflow_rules[i].action != action)
			continue;
		*known = true;
		if (workflow_rules[i].from == state)
			return &workflow_rules[i];
	}
	return NULL;
}

static bool
blank(const char *s)
{
	return s == NULL || text_blank(s);
}

static int
required(const char *field, const char *v, struct sk_error *err)
{
	if (blank(v))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%s: required before submission", field);
	return 0;
}

int
workflow_check_complete(const InitiativeRec *r, int32_t today, struct sk_error *err)
{
	char field[48], limit[16];
	int32_t first, filed = today;

	if (required("title", r->title, err) || required("summary", r->summary, err) ||
	    required("field", r->field, err) ||
	    required("description", r->description, err) ||
	    required("benefits", r->benefits, err) ||
	    required("first_applied", r->first_applied, err))
		return err->code;
	for (size_t i = 0; i < r->n_authors; i++) {
		snprintf(field, sizeof(field), "authors[%zu].workplace", i + 1);
		if (required(field, r->authors[i]->workplace, err))
			return err->code;
	}
	for (size_t i = 0; i < r->n_authors; i++) {
		const AuthorRec *a = r->authors[i];

		if (a->login[0] != '\0' && !a->confirmed)
			return status_set(err, SK_FAILED_PRECONDITION,
			    "authors[%zu]: %s (%s) has not confirmed being a co-author "
			    "(sk initiative confirm %" PRIu64 ")",
			    i + 1, a->login, a->name, r->id);
	}
	if (r->application != SK__V1__APPLICATION__APPLIED &&
	    r->application != SK__V1__APPLICATION__TRIAL_APPLIED)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "application: declare whether it was applied or trial-applied");
	if (!date_parse_iso(r->first_applied, &first))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "first_applied: not a date");
	if (first > today)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "first_applied: %s is in the future", r->first_applied);
	/* Recognition is requested within one calendar year of first use: on
	 * the day the application was first filed, not on a resubmission after
	 * a correction. */
	if (r->filed_on[0] != '\0' && !date_parse_iso(r->filed_on, &filed))
		filed = today;
	if (date_add_years(first, 1) < filed) {
		date_format_vn(date_add_years(first, 1), limit, sizeof(limit));
		return status_set(err, SK_FAILED_PRECONDITION,
		    "first_applied: more than 1 year ago; the time to request "
		    "recognition ended on %s",
		    limit);
	}
	return 0;
}

struct dup_scan {
	const InitiativeRec *r;
	char warning[200];
};

static int
dup_cb(void *rec, void *arg)
{
	struct dup_scan *d = arg;
	InitiativeRec *o = rec;
	int sim;

	if (o->id != d->r->id && o->state == S(RECOGNISED)) {
		sim = (text_similarity(o->title, d->r->title) * 2 +
		          text_similarity(o->summary, d->r->summary)) /
		    3;
		if (sim >= 80)
			snprintf(d->warning, sizeof(d->warning),
			    "%s to recognised initiative %" PRIu64
			    " \"%.80s\" (%d%% alike)",
			    sim == 100 ? "identical" : "nearly identical", o->id,
			    o->title, sim);
	}
	store_rec_free(o);
	return d->warning[0] != '\0';
}

/*
 * Warn (not refuse) when the dossier matches a recognised one of the unit:
 * the first by id of those the score calls alike. A score of 80 needs 70
 * on the titles, so only those the near index gives can reach it.
 */
static int
check_duplicate(const struct workflow_ctx *c, InitiativeRec *r)
{
	struct dup_scan d = { .r = r };
	int rc;

	rc = store_near_scan(c->a->t, c->a->sc, r->title, dup_cb, &d);
	if (rc != 0 && rc != 1)
		return rc;
	return rec_set_str(&r->duplicate_warning, d.warning) == 0 ? 0 :
	                                                            SK_RESOURCE_EXHAUSTED;
}

static int
issue_receipt(const struct workflow_ctx *c, InitiativeRec *r, struct sk_error *err)
{
	char num[32], on[16], due[16];
	uint64_t n;
	int y, m, d;
	ReceiptRec *rc;

	if (store_seq_next(c->a->t, c->a->sc, SEQ_RECEIPT, &n) != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot number the receipt");
	date_to_ymd(c->a->today, &y, &m, &d);
	snprintf(num, sizeof(num), "%" PRIu64 "/%d/TN", n, y);
	date_format_iso(c->a->today, on, sizeof(on));
	date_format_iso(date_add_months(c->a->today, c->a->terms->review_months), due,
	    sizeof(due));
	if ((rc = malloc(sizeof(*rc))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__store__v1__receipt_rec__init(rc);
	rc->number = strdup(num);
	rc->accepted_on = strdup(on);
	rc->due_on = strdup(due);
	rc->accepted_by = strdup(c->a->sc->login);
	if (r->receipt != NULL)
		store_rec_free(r->receipt);
	r->receipt = rc;
	if (!rc->number || !rc->accepted_on || !rc->due_on || !rc->accepted_by)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

static int
check_listed(const struct workflow_ctx *c, const InitiativeRec *r, struct sk_error *err)
{
	const AuthorRec *a = author_entry(r, c->a->sc->login);

	if (a == NULL)
		return status_set(err, SK_PERMISSION_DENIED,
		    "you are not named by login among the authors of initiative %" PRIu64,
		    r->id);
	if (a->confirmed)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "you have already confirmed being a co-author of initiative %" PRIu64,
		    r->id);
	return 0;
}

/*
 * Staff of the unit named as authors without their login: an author who
 * is a council member must not vote, and only their login makes them
 * known. Writes a warning naming each such entry into out ("" if none);
 * entries the clerk marked as another person are left out.
 */
static int
staff_unlinked(const struct workflow_ctx *c, const InitiativeRec *r, char *out, size_t sz)
{
	UserRec **v = NULL;
	size_t n = 0, used;
	int rc;

	out[0] = '\0';
	if ((rc = store_user_list(c->a->t, c->a->sc->tenant, &v, &n)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_authors; i++) {
		const AuthorRec *a = r->authors[i];

		if (a->login[0] != '\0' || a->distinct)
			continue;
		for (size_t k = 0; k < n; k++) {
			if (!v[k]->enabled || !authz_is_staff(v[k]->roles) ||
			    !text_same_name(a->name, v[k]->name))
				continue;
			used = strlen(out);
			snprintf(out + used, sz - used,
			    "%sauthors[%zu] \"%s\" has the name of %s of your unit's staff",
			    used ? "; " : "", i + 1, a->name, v[k]->login);
			break;
		}
	}
	store_user_list_free(v, n);
	return 0;
}

/* On submission: tell the clerk which authors look like unlinked staff. */
static int
link_warn(const struct workflow_ctx *c, InitiativeRec *r)
{
	char warning[1024];
	int rc;

	if ((rc = staff_unlinked(c, r, warning, sizeof(warning))) != 0)
		return rc;
	return rec_set_str(&r->link_warning, warning) == 0 ? 0 : SK_RESOURCE_EXHAUSTED;
}

/* Before acceptance: each such author is linked or marked as another person. */
static int
check_linked(const struct workflow_ctx *c, const InitiativeRec *r, struct sk_error *err)
{
	char warning[1024];

	if (staff_unlinked(c, r, warning, sizeof(warning)) != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot read the unit's staff");
	if (warning[0] != '\0')
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%.150s: return the dossier so that the authors give the login, or mark "
		    "the author as another person (sk initiative distinct %" PRIu64
		    " --author N --reason ...)",
		    warning, r->id);
	return 0;
}

/* The author the clerk marks as another person: named without a login. */
static int
check_unlinked(const struct workflow_ctx *c, const InitiativeRec *r, struct sk_error *err)
{
	const AuthorRec *a;

	if (c->author == 0 || c->author > r->n_authors)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "author: give the number of an author of initiative %" PRIu64
		    " (1-%zu)",
		    r->id, r->n_authors);
	a = r->authors[c->author - 1];
	if (a->login[0] != '\0')
		return status_set(err, SK_FAILED_PRECONDITION,
		    "authors[%u]: %s is named by login; only authors without one are "
		    "marked as another person",
		    c->author, a->name);
	if (a->distinct)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "authors[%u]: %s is marked as another person already", c->author,
		    a->name);
	return 0;
}

/* The written answer to a return or refusal, numbered in the unit. */
static int
issue_notice(const struct workflow_ctx *c, InitiativeRec *r, uint32_t action,
    struct sk_error *err)
{
	NoticeRec n = SK__STORE__V1__NOTICE_REC__INIT;
	char num[32], on[16];
	uint64_t seq;
	int y, m, d;

	if (store_seq_next(c->a->t, c->a->sc, SEQ_NOTICE, &seq) != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot number the notice");
	date_to_ymd(c->a->today, &y, &m, &d);
	snprintf(num, sizeof(num), "%" PRIu64 "/%d/TB", seq, y);
	date_format_iso(c->a->today, on, sizeof(on));
	n.action = action;
	n.number = num;
	n.issued_on = on;
	n.issued_by = (char *)c->a->sc->login;
	n.reason = (char *)c->reason;
	store_rec_free(r->notice);
	if ((r->notice = rec_clone(&n.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

/* The completeness check of the receiving office: the dossier as its unit
 * had to have it (the one-year limit judged on its filing there), and the
 * description of its effect and scope at this level. */
static int
check_copy(const struct workflow_ctx *c, const InitiativeRec *r, struct sk_error *err)
{
	CopyRec *copy = NULL;
	int rc;

	if (r->origin == NULL)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is no copy from a unit below", r->id);
	if ((rc = store_copy_get(c->a->t, c->a->sc, r->origin->copy_id, &copy)) != 0)
		return status_set(err, rc == SK_NOT_FOUND ? SK_DATA_LOSS : rc,
		    "the copy of initiative %" PRIu64 " is missing", r->id);
	if (blank(copy->scope))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    ": the unit did not describe its effect and scope "
		    "at this level; send it back",
		    r->id);
	else if (copy->n_proofs == 0 || blank(copy->checkpoint))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    ": the copy carries no proof of its recognition; "
		    "send it back",
		    r->id);
	store_rec_free(copy);
	if (rc != 0)
		return rc;
	return workflow_check_complete(r, c->a->today, err);
}

/* The act's unit is at the top of this system: the level above is off it. */
static int
check_top(const struct workflow_ctx *c, struct sk_error *err)
{
	UnitRec *u = NULL;
	uint32_t parent;

	if (store_unit_get(c->a->t, c->a->sc->tenant, &u) != 0)
		return status_set(err, SK_INTERNAL, "cannot read your unit");
	parent = u->parent_id;
	store_rec_free(u);
	if (parent != 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "the level above is on this system: forward it (sk forward)");
	return 0;
}

/* An office's user works the copies routed to their office. */
static int
check_office(const struct workflow_ctx *c, const InitiativeRec *r, struct sk_error *err)
{
	const char *mine = c->a->sc->office,
	           *its = r->origin != NULL ? r->origin->office : "";

	if (mine == NULL || mine[0] == '\0' || c->internal || strcmp(mine, its) == 0)
		return 0;
	return status_set(err, SK_PERMISSION_DENIED,
	    "initiative %" PRIu64 " is in the inbox of %s, not of your office (%s)",
	    r->id, its[0] ? its : "no office", mine);
}

/* Decided at its unit, and not yet on its way up (or sent back). */
static int
check_upward(const InitiativeRec *r, struct sk_error *err)
{
	uint32_t st = r->forward != NULL ? r->forward->stage : 0;

	if (r->decision_id == 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no recognition decision yet", r->id);
	if (st == SK__V1__FORWARD__STAGE__ASKED || st == SK__V1__FORWARD__STAGE__SENT)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is on its way up already (submission %s)",
		    r->id, r->forward->submission_number);
	if (st == SK__V1__FORWARD__STAGE__RECOGNISED)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is recognised at the level above already%s%s",
		    r->id, r->forward->decision_number[0] ? ": decision " : "",
		    r->forward->decision_number);
	if (st == SK__V1__FORWARD__STAGE__NOT_RECOGNISED)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " was not recognised at the level above",
		    r->id);
	return 0;
}

static int
run_checks(const struct workflow_ctx *c, const struct wf_rule *w, InitiativeRec *r,
    struct sk_error *err)
{
	uint32_t a = w->action;

	if ((w->checks & WF_VIA) && !c->internal)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%s happens through a council session or decision, not directly",
		    action_name(a));
	if ((w->checks & WF_AUTHOR) && !author_is(r, c->a->sc->login))
		return status_set(err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " can %s it", r->id,
		    action_name(a));
	if ((w->checks & WF_LISTED) && check_listed(c, r, err) != 0)
		return err->code;
	if ((w->checks & WF_REASON) && blank(c->reason))
		return status_set(err, SK_INVALID_ARGUMENT, "reason: required to %s",
		    a == A(DISTINCT)   ? "mark an author as another person" :
		        a == A(RETURN) ? "return a dossier" :
		                         "refuse a dossier");
	if ((w->checks & WF_PASSED) && (r->outcome == NULL || !r->outcome->passed))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no passing council vote", r->id);
	if ((w->checks & WF_FAILED) && (r->outcome == NULL || r->outcome->passed))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no failing council vote", r->id);
	if ((w->checks & WF_UNDECIDED) && r->decision_id != 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is already in decision %" PRIu64, r->id,
		    r->decision_id);
	if ((w->checks & WF_COMPLETE) &&
	    (workflow_check_complete(r, c->a->today, err) != 0))
		return err->code;
	if ((w->checks & WF_COMPLETE) && check_duplicate(c, r) != 0)
		return status_set(err, SK_UNAVAILABLE,
		    "cannot compare with recognised initiatives");
	if ((w->checks & WF_COMPLETE) && link_warn(c, r) != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot read the unit's staff");
	if ((w->checks & WF_LINKED) && check_linked(c, r, err) != 0)
		return err->code;
	if ((w->checks & WF_UNLINKED) && check_unlinked(c, r, err) != 0)
		return err->code;
	if ((w->checks & WF_NOTICE) && issue_notice(c, r, a, err) != 0)
		return err->code;
	if ((w->checks & WF_OFFICE) && check_office(c, r, err) != 0)
		return err->code;
	if ((w->checks & WF_UPWARD) && check_upward(r, err) != 0)
		return err->code;
	if ((w->checks & WF_COPY_COMPLETE) && check_copy(c, r, err) != 0)
		return err->code;
	if ((w->checks & WF_DECIDED) && r->decision_id == 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no recognition decision yet", r->id);
	if ((w->checks & WF_UNAWARDED) && r->award != NULL)
		return status_set(err, SK_ALREADY_EXISTS,
		    "initiative %" PRIu64
		    " backs an award already: %s (%s); an initiative "
		    "backs at most one",
		    r->id, r->award->name, r->award->decision_number);
	if ((w->checks & WF_TOP) && check_top(c, err) != 0)
		return err->code;
	if ((w->checks & WF_RECEIPT) && issue_receipt(c, r, err) != 0)
		return err->code;
	return 0;
}

int
workflow_note(const struct workflow_ctx *c, const InitiativeRec *r, uint32_t action,
    uint32_t from, const char *reason)
{
	HistoryRec h = SK__STORE__V1__HISTORY_REC__INIT;
	char what[48], object[40];
	uint64_t entry;
	int rc;

	/* The version is bumped by every change: a unique, growing sequence. */
	h.seq = r->version;
	h.at = c->a->now;
	h.actor = (char *)c->a->sc->login;
	h.action = action;
	h.from = from;
	h.to = r->state;
	h.reason = (char *)(reason != NULL ? reason : "");
	/* The log entry this line gets (appended below): proofs find it. */
	if ((rc = tlog_size(c->a->t, c->a->sc, &entry)) != 0)
		return rc;
	h.log_entry = entry + 1;
	if ((rc = store_history_put(c->a->t, c->a->sc, r->id, &h)) != 0)
		return rc;
	/* The same change goes into the unit's decision log, named as it
	 * always was: "initiative.created", "initiative.edited", or the step. */
	snprintf(what, sizeof(what), "initiative.%s",
	    action == A(CREATE)   ? "created" :
	        action == A(EDIT) ? "edited" :
	                            action_name(action));
	snprintf(object, sizeof(object), "initiative/%" PRIu64, r->id);
	return tlog_append(c->a->t, c->a->sc, what, object, &r->base,
	    action == A(CREATE) || action == A(EDIT) ? NULL : reason);
}

/* The steps of a copy at a receiving level its unit hears of. */
static bool
reported(uint32_t action)
{
	return action == A(SEND_BACK) || action == A(RECOGNISE) || action == A(REJECT) ||
	    action == A(DECIDE);
}

/* What the unit sees of the level above's step on its copy r. */
static int
report_fill(const struct workflow_ctx *c, const InitiativeRec *r, uint32_t action,
    ForwardRec *f, char *text, size_t sz)
{
	const DecisionRec *d;
	char on[16], day[16];
	int32_t signed_on;

	date_format_iso(c->a->today, on, sizeof(on));
	if (rec_set_str(&f->result_on, on) != 0)
		return SK_RESOURCE_EXHAUSTED;
	if (action == A(SEND_BACK)) {
		f->stage = SK__V1__FORWARD__STAGE__SENT_BACK;
		snprintf(text, sz, "sent back by the level above: %s", c->reason);
		return rec_set_str(&f->reason, c->reason) == 0 ? 0 :
		                                                 SK_RESOURCE_EXHAUSTED;
	}
	if (action == A(REJECT)) {
		f->stage = SK__V1__FORWARD__STAGE__NOT_RECOGNISED;
		snprintf(text, sz,
		    "not recognised by the level above's council: %u yes of %u "
		    "members, %u needed",
		    r->outcome != NULL ? r->outcome->yes : 0,
		    r->outcome != NULL ? r->outcome->members : 0,
		    r->outcome != NULL ? r->outcome->needed : 0);
		return rec_set_str(&f->reason, text) == 0 ? 0 : SK_RESOURCE_EXHAUSTED;
	}
	f->stage = SK__V1__FORWARD__STAGE__RECOGNISED;
	if (action == A(RECOGNISE)) {
		snprintf(text, sz,
		    "recognised by the level above's council; its decision follows");
		return 0;
	}
	if ((d = c->decision) == NULL)
		return SK_INTERNAL; /* DECIDE comes with its decision */
	if (rec_set_str(&f->decision_number, d->number) != 0 ||
	    rec_set_str(&f->decision_signed_on, d->signed_on) != 0)
		return SK_RESOURCE_EXHAUSTED;
	if (date_parse_iso(d->signed_on, &signed_on))
		date_format_vn(signed_on, day, sizeof(day));
	else
		snprintf(day, sizeof(day), "?");
	snprintf(text, sz, "recognised at the level above by decision %s of %s",
	    d->number, day);
	return 0;
}

/*
 * A step on a copy at a receiving level, reported to the unit it came from:
 * kept in this level's outbox of reports (export.c), and taken at once by
 * the unit when it is on this server (receive.c: its initiative, history
 * and log, in the same transaction; authz says whether the actor may reach
 * that unit). A copy that a newer one replaced changes nothing there.
 */
static int
report_down(const struct workflow_ctx *c, const InitiativeRec *r, uint32_t action,
    struct sk_error *err)
{
	ForwardRec *f = NULL;
	ReportRec *rep = NULL;
	struct scope osc;
	struct act oa;
	char text[300];
	int rc;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	sk__store__v1__forward_rec__init(f);
	if ((rc = report_fill(c, r, action, f, text, sizeof(text))) != 0) {
		status_set(err, rc, "cannot report to %s", r->origin->unit_code);
		goto done;
	}
	if ((rc = export_report(c->a, r, f, text, &rep, err)) != 0 ||
	    link_elsewhere(c->a->t, r->origin->unit_id) ||
	    (rc = authz_scope_from(c->a->t, c->a->sc, AZ_FORWARD, AZ_CHANGE,
	         "reporting to the unit", r->origin->unit_id, &osc, err)) != 0)
		goto done;
	oa = *c->a;
	oa.sc = &osc;
	rc = receive_report(&oa, rep, err);
done:
	store_rec_free(rep);
	store_rec_free(f);
	return rc;
}

int
workflow_apply(const struct workflow_ctx *c, InitiativeRec *r, uint32_t action,
    struct sk_error *err)
{
	const struct wf_rule *w;
	char roles[96], on[16];
	uint32_t from = r->state;
	bool known;
	int rc;

	if ((w = rule_find(action, r->state, &known)) == NULL) {
		if (!known)
			return status_set(err, SK_INVALID_ARGUMENT, "action: unknown");
		return status_set(err, SK_FAILED_PRECONDITION,
		    "cannot %s initiative %" PRIu64 ": it is in state \"%s\"",
		    action_name(action), r->id, state_name(r->state));
	}
	if ((c->a->sc->roles & w->roles) == 0) {
		roles_format(w->roles, roles, sizeof(roles));
		return status_set(err, SK_PERMISSION_DENIED,
		    "to %s an initiative needs the role %s", action_name(action), roles);
	}
	if ((rc = run_checks(c, w, r, err)) != 0)
		return rc;
	r->state = w->to;
	r->version++;
	if (action == A(DECIDE))
		r->decision_id = c->decision_id; /* logged with the state */
	if (action == A(CONFIRM))
		author_entry(r, c->a->sc->login)->confirmed = true;
	if (action == A(AWARD)) {
		store_rec_free(r->award);
		if ((r->award = rec_clone(&c->award->base)) == NULL)
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	if (action == A(PUBLISH))
		r->published = c->published;
	if (action == A(REVIEW) && c->outcome != NULL) {
		store_rec_free(r->outcome);
		if ((r->outcome = rec_clone(&c->outcome->base)) == NULL)
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	if (action == A(NOMINATE) || action == A(PROPOSE)) {
		/* c->forward may point into the old one: clone, then free. */
		ForwardRec *old = r->forward;

		if ((r->forward = rec_clone(&c->forward->base)) == NULL) {
			r->forward = old;
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		}
		store_rec_free(old);
	}
	r->updated_at = c->a->now;
	date_format_iso(c->a->today, on, sizeof(on));
	if ((action == A(RETURN) && rec_set_str(&r->returned_on, on) != 0) ||
	    (action == A(SUBMIT) && r->filed_on[0] == '\0' &&
	        rec_set_str(&r->filed_on, on) != 0))
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (action == A(DISTINCT)) {
		r->authors[c->author - 1]->distinct = true;
		if (link_warn(c, r) != 0)
			return status_set(err, SK_UNAVAILABLE,
			    "cannot read the unit's staff");
	}
	if ((rc = store_initiative_put(c->a->t, c->a->sc, r)) != 0 ||
	    (rc = workflow_note(c, r, action, from, c->reason)) != 0)
		return status_set(err, rc, "cannot store initiative %" PRIu64, r->id);
	if (r->origin != NULL && reported(action))
		return report_down(c, r, action, err);
	return 0;
}
