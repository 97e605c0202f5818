/*
 * unit_workflow: the submission checks, the similarity used for the
 * duplicate warning, and the calendar arithmetic behind deadlines.
 */
#include <stdlib.h>

#include "date.h"
#include "names.h"
#include "sk.pb-c.h"
#include "store.h"
#include "t.h"
#include "workflow.h"

static AuthorRec author = SK__STORE__V1__AUTHOR_REC__INIT;
static AuthorRec *authors[] = { &author };

/* A dossier that passes every check on `today`, first applied on `first`. */
static void
full(InitiativeRec *r, const char *first)
{
	sk__store__v1__initiative_rec__init(r);
	author.name = "Nguyễn Văn An";
	author.share = 10000;
	author.workplace = "UBND xã Hát Môn";
	r->title = "Số hóa hồ sơ một cửa";
	r->summary = "Quét và lưu hồ sơ";
	r->field = "Cải cách hành chính";
	r->description = "Mô tả giải pháp";
	r->benefits = "Giảm thời gian tra cứu";
	r->category = 3;
	r->application = SK__V1__APPLICATION__APPLIED;
	r->first_applied = (char *)first;
	r->n_authors = 1;
	r->authors = authors;
}

static void
complete_passes(void)
{
	struct sk_error err = { 0 };
	InitiativeRec r;
	int32_t today = date_from_ymd(2024, 11, 10);

	full(&r, "2024-03-15");
	T_EQ_INT(workflow_check_complete(&r, today, &err), 0);
	/* Exactly one calendar year after first use is still in time. */
	full(&r, "2023-11-10");
	T_EQ_INT(workflow_check_complete(&r, today, &err), 0);
	full(&r, "2024-11-10");
	T_EQ_INT(workflow_check_complete(&r, today, &err), 0);
}

static void
complete_refusals(void)
{
	struct sk_error err = { 0 };
	InitiativeRec r;
	int32_t today = date_from_ymd(2024, 11, 10);

	full(&r, "2023-11-09"); /* one day too late */
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "first_applied");
	T_CONTAINS(err.msg, "09/11/2024"); /* 09/11/2023 + 1 year */
	full(&r, "2024-11-11");
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "future");
	full(&r, "");
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "first_applied");
	full(&r, "2024-03-15");
	r.description = " ";
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "description");
	full(&r, "2024-03-15");
	r.benefits = "";
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "benefits");
	full(&r, "2024-03-15");
	r.application = 0;
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "application");
	full(&r, "2024-03-15");
	author.workplace = "";
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "authors[1].workplace");
	/* A co-author named by login confirms before the dossier goes in. */
	full(&r, "2024-03-15");
	author.login = "binh.hm";
	author.confirmed = false;
	T_EQ_INT(workflow_check_complete(&r, today, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "binh.hm");
	T_CONTAINS(err.msg, "has not confirmed");
	author.confirmed = true;
	T_EQ_INT(workflow_check_complete(&r, today, &err), 0);
	author.login = "";
}

static void
editable_states(void)
{
	T_CHECK(workflow_editable(SK__V1__STATE__STATE_REGISTERED));
	T_CHECK(workflow_editable(SK__V1__STATE__STATE_DRAFT));
	T_CHECK(workflow_editable(SK__V1__STATE__STATE_RETURNED));
	T_CHECK(!workflow_editable(SK__V1__STATE__STATE_SUBMITTED));
	T_CHECK(!workflow_editable(SK__V1__STATE__STATE_ACCEPTED));
	T_CHECK(!workflow_editable(SK__V1__STATE__STATE_RECOGNISED));
	T_EQ_INT(workflow_initial(true), SK__V1__STATE__STATE_REGISTERED);
	T_EQ_INT(workflow_initial(false), SK__V1__STATE__STATE_DRAFT);
	T_EQ_STR(action_name(SK__V1__ACTION__SUBMIT), "submit");
}

static const struct t_case cases[] = {
	{ "a complete dossier passes, up to one calendar year", complete_passes },
	{ "submission checks name the field", complete_refusals },
	{ "editable states", editable_states },
};

T_MAIN(cases)
