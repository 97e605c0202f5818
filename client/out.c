#include "out.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "json.h"
#include "names.h"
#include "status.h"
#include "text.h"

/* Wide enough for the longest state name ("not recognised") and a gap. */
#define STATE_COLS 16

void
out_json(const ProtobufCMessage *m)
{
	json_message(stdout, m);
	fputc('\n', stdout);
}

void
out_error(int rc, int code, const char *msg, bool json)
{
	if (code != 0)
		fprintf(stderr, "sk: %s: %s\n", status_name(code), msg);
	else
		fprintf(stderr, "sk: %s\n", msg);
	if (!json)
		return;
	printf("{\"error\":{\"exit\":%d", rc);
	if (code != 0) {
		printf(",\"code\":");
		json_string(stdout, status_name(code));
	}
	printf(",\"message\":");
	json_string(stdout, msg);
	printf("}}\n");
}

size_t
out_cut(FILE *fp, const char *s, size_t cols)
{
	char buf[2048];
	size_t w = text_fit(s, cols, false, buf, sizeof(buf));

	fputs(buf, fp);
	return w;
}

void
out_cell(FILE *fp, const char *s, size_t cols)
{
	for (size_t w = out_cut(fp, s, cols); w < cols; w++)
		fputc(' ', fp);
}

void
out_share(unsigned share, char *buf, size_t sz)
{
	if (share % 100 == 0)
		snprintf(buf, sz, "%u", share / 100);
	else
		snprintf(buf, sz, "%u.%02u", share / 100, share % 100);
}

const char *
out_date(const char *iso, char *buf, size_t sz)
{
	int32_t d;

	if (iso != NULL && date_parse_iso(iso, &d))
		date_format_vn(d, buf, sz);
	else
		snprintf(buf, sz, "%s", iso != NULL && iso[0] ? iso : "-");
	return buf;
}

const char *
out_time(int64_t t, char *buf, size_t sz)
{
	if (t == 0)
		snprintf(buf, sz, "-");
	else
		time_format_vn(t, buf, sz);
	return buf;
}

void
out_category(const Sk__V1__HelloResponse *h, uint32_t n, char *buf, size_t sz)
{
	for (size_t i = 0; h != NULL && i < h->n_categories; i++)
		if (h->categories[i]->number == n) {
			snprintf(buf, sz, "%u. %s", n, h->categories[i]->name);
			return;
		}
	snprintf(buf, sz, "%u", n);
}

void
out_rule(uint32_t num, uint32_t den, Sk__V1__CountBase base, char *buf, size_t sz)
{
	snprintf(buf, sz, "%u/%u of the %s", num, den,
	    base == SK__V1__COUNT_BASE__COUNT_ELIGIBLE ? "members who may vote" :
	                                                 "members");
}

void
out_hello(const Sk__V1__HelloResponse *h, bool json)
{
	char roles[128];

	if (json) {
		out_json(&h->base);
		return;
	}
	roles_format(h->roles, roles, sizeof(roles));
	printf("Server:     %s, protocol %u\n", h->server, h->protocol);
	printf("Deployment: %s\n", h->deployment);
	printf("User:       %s (%s)\n", h->user_name, h->login);
	if (h->unit != NULL)
		printf("Unit:       %s [%s]\n", h->unit->name, h->unit->code);
	printf("Roles:      %s\n", roles);
	for (size_t i = 0; i < h->n_categories; i++)
		printf("%s %u. %s\n", i == 0 ? "Categories:" : "           ",
		    h->categories[i]->number, h->categories[i]->name);
}

void
out_units(const Sk__V1__UnitListResponse *l, bool json)
{
	if (json) {
		out_json(&l->base);
		return;
	}
	printf("%4s  ", "ID");
	out_cell(stdout, "CODE", 17);
	out_cell(stdout, "KIND", 13);
	printf("NAME\n");
	for (size_t i = 0; i < l->n_units; i++) {
		const Sk__V1__Unit *u = l->units[i];

		printf("%4u  ", u->id);
		out_cell(stdout, u->code, 17);
		out_cell(stdout, unit_kind_name(u->kind), 13);
		printf("%s\n", u->name);
	}
}

/* A labelled block of free text, indented, or nothing when empty. */
static void
text_block(const char *label, const char *text)
{
	if (text[0] == '\0')
		return;
	printf("  %s:\n", label);
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		int len = nl != NULL ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", len, p);
		p += len + (nl != NULL);
	}
}

static void
initiative_outcome(const Sk__V1__Initiative *i)
{
	const Sk__V1__Outcome *o = i->outcome;
	unsigned n = o->scores ? o->scores : 1;
	char rule[64], quorum[64];

	if (i->state == SK__V1__STATE__STATE_IN_REVIEW) {
		/* The tally is the session's until it closes (sk session show). */
		printf("  Council:       on session %" PRIu64 ", under review\n",
		    o->session_id);
		return;
	}
	out_rule(o->threshold_num, o->threshold_den, o->count_base, rule, sizeof(rule));
	out_rule(o->quorum_num, o->quorum_den, o->count_base, quorum, sizeof(quorum));
	printf("  Council:       session %" PRIu64 ": %u yes, %u no, %u abstain of %u "
	       "who may vote (%u members); %s\n",
	    o->session_id, o->yes, o->no, o->abstain, o->eligible, o->members,
	    o->passed     ? "passed" :
	        o->quorum ? "not passed" :
	                    "no quorum");
	printf("  Rule:          %u yes needed (%s, never under 2/3 of the members); "
	       "quorum %s\n",
	    o->needed, rule, quorum);
	if (o->scores == 0)
		printf("  Scores:        none given\n");
	else
		printf("  Scores:        novelty %.1f, feasibility %.1f, benefit %.1f "
		       "(averages of %u scored ballot%s)\n",
		    (double)o->novelty / n, (double)o->feasibility / n,
		    (double)o->benefit / n, o->scores, o->scores == 1 ? "" : "s");
}

static void
initiative_author(const Sk__V1__Author *a)
{
	char share[16], born[16];

	out_share(a->share, share, sizeof(share));
	printf("    %5s%%  %s", share, a->name);
	if (a->birth_date[0])
		printf(", born %s", out_date(a->birth_date, born, sizeof(born)));
	if (a->job_title[0])
		printf(", %s", a->job_title);
	if (a->workplace[0])
		printf(", %s", a->workplace);
	if (a->qualification[0])
		printf(", %s", a->qualification);
	if (a->login[0])
		printf(" [%s%s]", a->login, a->confirmed ? "" : ", not yet confirmed");
	if (a->distinct)
		printf(" (not the staff member of that name)");
	printf("\n");
}

/* The written answer to a return or a refusal, in short. */
static void
initiative_notice(const Sk__V1__Initiative *i)
{
	const Sk__V1__Notice *n = i->notice;
	char d[16];

	printf("  %s notice %s of %s by %s (sk initiative notice %" PRIu64 ")\n",
	    n->action == SK__V1__ACTION__REFUSE ? "Refused:      " : "Returned:     ",
	    n->number, out_date(n->issued_on, d, sizeof(d)), n->issued_by, i->id);
	printf("  Reason:        %s\n", n->reason);
}

/* Dates and paperwork of the dossier. */
static void
initiative_dates(const Sk__V1__Initiative *i)
{
	char buf[40], d2[40];

	printf("  Created:       %s by %s\n", out_time(i->created_at, buf, sizeof(buf)),
	    i->created_by);
	printf("  Updated:       %s\n", out_time(i->updated_at, buf, sizeof(buf)));
	if (i->filed_on[0])
		printf("  Filed:         %s (first submitted)\n",
		    out_date(i->filed_on, buf, sizeof(buf)));
	if (i->receipt != NULL)
		printf("  Receipt:       %s, accepted %s by %s, result due %s\n",
		    i->receipt->number,
		    out_date(i->receipt->accepted_on, buf, sizeof(buf)),
		    i->receipt->accepted_by,
		    out_date(i->receipt->due_on, d2, sizeof(d2)));
	if (i->notice != NULL)
		initiative_notice(i);
	else if (i->returned_on[0] && i->state == SK__V1__STATE__STATE_RETURNED)
		printf("  Returned:      %s, for correction (see history)\n",
		    out_date(i->returned_on, buf, sizeof(buf)));
}

const char *
out_stage(uint32_t stage)
{
	static const char *const stages[] = { "-", "asked to complete", "sent",
		"sent back", "recognised", "not recognised" };

	return stage < sizeof(stages) / sizeof(stages[0]) ? stages[stage] : "?";
}

/* Where a copy at a receiving level comes from. */
static void
initiative_origin(const Sk__V1__Origin *o)
{
	char d[16];

	printf("  From:          %s [%s], its initiative %" PRIu64 " (version %u)\n",
	    o->unit_name, o->unit_code, o->initiative_id, o->version);
	printf("  Decided there: %s of %s\n", o->decision_number,
	    out_date(o->decision_signed_on, d, sizeof(d)));
	printf("  Copy:          %" PRIu64 " (sk copy show %" PRIu64 "), round %" PRIu64
	       ", submission %s, sector %s, office %s\n",
	    o->copy_id, o->copy_id, o->round_id, o->submission_number, o->sector,
	    o->office[0] ? o->office : "-");
	if (o->supersedes != 0)
		printf("  Supersedes:    %" PRIu64 " here, the copy sent back before\n",
		    o->supersedes);
}

/* The level above's answer, as reported down (or recorded by hand). */
static void
initiative_result(const Sk__V1__Forward *f)
{
	char d1[16], d2[16];

	out_date(f->result_on, d1, sizeof(d1));
	switch (f->stage) {
	case SK__V1__FORWARD__STAGE__SENT_BACK:
		printf("  Sent back:     %s: %s\n", d1, f->reason);
		break;
	case SK__V1__FORWARD__STAGE__RECOGNISED:
	case SK__V1__FORWARD__STAGE__NOT_RECOGNISED:
		printf("  %s",
		    f->stage == SK__V1__FORWARD__STAGE__RECOGNISED ? "Recognised:    " :
		                                                     "Not recognised: ");
		if (f->decision_number[0])
			printf("decision %s of %s", f->decision_number,
			    out_date(f->decision_signed_on, d2, sizeof(d2)));
		else if (f->stage == SK__V1__FORWARD__STAGE__RECOGNISED)
			printf("by the council there; its decision follows");
		if (f->reason[0])
			printf("%s%s", f->decision_number[0] ? "; " : "", f->reason);
		printf(" (reported %s)\n", d1);
		break;
	default: break;
	}
}

/* An initiative's way to the level above, as its unit sees it. */
static void
initiative_forward(const Sk__V1__Initiative *i)
{
	const Sk__V1__Forward *f = i->forward;
	char d[16];

	out_date(f->sent_on, d, sizeof(d));
	/* Proposed by hand: no unit here and no export for a linked server. */
	if (f->to_unit == 0 && f->export_seq == 0 &&
	    f->stage != SK__V1__FORWARD__STAGE__ASKED)
		printf("  Level above:   %s; proposed by hand (off this system): %s of %s\n",
		    out_stage(f->stage), f->submission_number, d);
	else {
		printf("  Level above:   %s; submission %s (%" PRIu64 "), sector %s",
		    out_stage(f->stage), f->submission_number, f->submission_id,
		    f->sector);
		if (f->copy_id != 0)
			printf("; sent %s, round %" PRIu64 ", copy %" PRIu64, d,
			    f->round_id, f->copy_id);
		else if (f->export_seq != 0)
			printf("; sent %s, round %" PRIu64 ", export %" PRIu64
			       " (the linked server takes it)",
			    d, f->round_id, f->export_seq);
		printf("\n");
	}
	if (f->stage == SK__V1__FORWARD__STAGE__ASKED && f->scope[0] == '\0')
		printf("                 (its authors complete it: sk forward complete "
		       "%" PRIu64 " --scope …)\n",
		    i->id);
	initiative_result(f);
	text_block("Effect and scope at the level above", f->scope);
}

/* The award it backs, and whether it is published. */
static void
initiative_award(const Sk__V1__Initiative *i)
{
	const Sk__V1__Award *w = i->award;
	char d[16];

	if (w != NULL)
		printf("  Award:         %s: decision %s of %s (recorded by %s)\n",
		    w->name, w->decision_number, out_date(w->signed_on, d, sizeof(d)),
		    w->recorded_by);
	if (i->published)
		printf("  Published:     yes: on the published list, without its "
		       "confidential part\n");
}

void
out_initiative(const Sk__V1__Initiative *i, const Sk__V1__HelloResponse *h, bool json)
{
	static const char *const applied[] = { "not declared", "applied",
		"trial-applied" };
	char buf[256];

	if (json) {
		out_json(&i->base);
		return;
	}
	printf("Initiative %" PRIu64 " (version %u)\n", i->id, i->version);
	printf("  Title:         %s\n", i->title);
	printf("  State:         %s\n", state_name(i->state));
	if (i->origin != NULL)
		initiative_origin(i->origin);
	out_category(h, i->category, buf, sizeof(buf));
	printf("  Category:      %s\n", buf);
	printf("  Field:         %s\n", i->field[0] ? i->field : "-");
	printf("  First applied: %s (%s)\n", out_date(i->first_applied, buf, sizeof(buf)),
	    i->application < 3 ? applied[i->application] : "?");
	if (i->addressee[0])
		printf("  Kính gửi:      %s\n", i->addressee);
	printf("  Authors:\n");
	for (size_t k = 0; k < i->n_authors; k++)
		initiative_author(i->authors[k]);
	if (i->investor[0])
		printf("  Investor:      %s\n", i->investor);
	printf("  State funds:   %s\n", i->state_funded ? "used" : "not used");
	for (size_t k = 0; k < i->n_participants; k++)
		printf("  %s %s\n", k == 0 ? "Participants: " : "              ",
		    i->participants[k]);
	initiative_dates(i);
	if (i->duplicate_warning[0])
		printf("  WARNING:       %s\n", i->duplicate_warning);
	if (i->link_warning[0])
		printf("  LINK WARNING:  %s\n"
		       "                 (the clerk links each name, or marks it another "
		       "person: sk initiative distinct %" PRIu64
		       " --author N --reason …)\n",
		    i->link_warning, i->id);
	if (i->outcome != NULL)
		initiative_outcome(i);
	if (i->decision_id != 0)
		printf("  Decision:      %" PRIu64 " (sk decision show %" PRIu64 ")\n",
		    i->decision_id, i->decision_id);
	if (i->forward != NULL)
		initiative_forward(i);
	initiative_award(i);
	text_block("Summary", i->summary);
	text_block("Description", i->description);
	if (i->confidential_hidden)
		printf(
		    "  Confidential:  (hidden: for the clerk, the council and the authors)\n");
	else
		text_block("Confidential", i->confidential);
	text_block("Conditions to apply", i->conditions);
	text_block("Benefits (authors)", i->benefits);
	text_block("Benefits (trial application)", i->trial_benefits);
}

/* Is me named by login among i's authors and yet to confirm it? */
static bool
to_confirm(const Sk__V1__Initiative *i, const char *me)
{
	for (size_t k = 0; me != NULL && k < i->n_authors; k++)
		if (strcmp(i->authors[k]->login, me) == 0)
			return !i->authors[k]->confirmed;
	return false;
}

void
out_initiatives(const Sk__V1__InitiativeListResponse *l, const Sk__V1__HelloResponse *h,
    bool json)
{
	char buf[256];

	if (json) {
		out_json(&l->base);
		return;
	}
	printf("%5s  ", "ID");
	out_cell(stdout, "STATE", STATE_COLS);
	out_cell(stdout, "CATEGORY", 22);
	out_cell(stdout, "FIRST APPL.", 12);
	out_cell(stdout, "AUTHOR", 22);
	printf("TITLE\n");
	for (size_t k = 0; k < l->n_initiatives; k++) {
		const Sk__V1__Initiative *i = l->initiatives[k];

		printf("%5" PRIu64 "  ", i->id);
		out_cell(stdout, state_name(i->state), STATE_COLS);
		out_category(h, i->category, buf, sizeof(buf));
		out_cell(stdout, buf, 21);
		putchar(' ');
		out_cell(stdout, out_date(i->first_applied, buf, sizeof(buf)), 12);
		out_cell(stdout, i->n_authors ? i->authors[0]->name : "-", 21);
		putchar(' ');
		if (i->duplicate_warning[0] != '\0' || i->link_warning[0] != '\0')
			fputs("(!) ", stdout); /* a warning for the clerk: see get */
		if (to_confirm(i, h != NULL ? h->login : NULL))
			fputs("(confirm?) ", stdout); /* sk initiative confirm ID */
		if (i->origin != NULL)                /* a copy: from which unit */
			printf("[%s] ", i->origin->unit_code);
		if (i->forward != NULL) /* on its way up: how far */
			printf("(above: %s) ", out_stage(i->forward->stage));
		out_cut(stdout, i->title, 60);
		printf("\n");
	}
	if (l->next_page_token[0])
		printf("(more: --page-token %s)\n", l->next_page_token);
}

void
out_user(const Sk__V1__User *u, bool json)
{
	char roles[128], t[40];

	if (json) {
		out_json(&u->base);
		return;
	}
	roles_format(u->roles, roles, sizeof(roles));
	printf("User %s: %s, unit %u, roles %s%s%s, %s, certificate valid until %s\n",
	    u->login, u->name, u->unit_id, roles, u->office[0] ? ", office " : "",
	    u->office, u->enabled ? "enabled" : "DISABLED",
	    out_time(u->cert_not_after, t, sizeof(t)));
}

/* "in 12 days", "today", "3 days ago" for a moment from now. */
static void
out_days_from_now(int64_t t, char *buf, size_t sz)
{
	int64_t days = (t - (int64_t)time(NULL)) / 86400;

	if (t >= (int64_t)time(NULL))
		snprintf(buf, sz, days == 0 ? "ends within a day" : "in %" PRId64 " days",
		    days);
	else
		snprintf(buf, sz, "EXPIRED %" PRId64 " days ago", -days);
}

void
out_user_show(const Sk__V1__User *u, const Sk__V1__Unit *unit, bool json)
{
	char roles[128], t[40], when[40], fp[2 * 32 + 1] = "";

	if (json) {
		out_json(&u->base);
		return;
	}
	roles_format(u->roles, roles, sizeof(roles));
	for (size_t k = 0; k < u->fingerprint.len && k < 32; k++)
		snprintf(fp + 2 * k, 3, "%02x", u->fingerprint.data[k]);
	printf("User %s\n", u->login);
	printf("  Name:         %s\n", u->name);
	if (unit != NULL)
		printf("  Unit:         %s [%s]\n", unit->name, unit->code);
	else
		printf("  Unit:         %u\n", u->unit_id);
	printf("  Roles:        %s\n", roles[0] ? roles : "-");
	if (u->office[0])
		printf("  Office:       %s (its inbox)\n", u->office);
	if (u->peer != NULL) {
		printf("  Linked:       %s of %s, at %s\n",
		    (u->roles & SK__V1__ROLE__ROLE_UPSTREAM) ? "the level above" :
		                                               "the server",
		    u->peer->unit_code, u->peer->address);
		printf("  Log key:      %s\n", u->peer->log_key);
	}
	printf("  Status:       %s\n", u->enabled ? "enabled" : "DISABLED");
	printf("  Enrolled:     %s\n", out_time(u->created_at, t, sizeof(t)));
	out_days_from_now(u->cert_not_after, when, sizeof(when));
	printf("  Certificate:  valid until %s (%s)\n",
	    out_time(u->cert_not_after, t, sizeof(t)), when);
	printf("  Fingerprint:  %s\n", fp[0] ? fp : "-");
}

void
out_peers(const Sk__V1__UserListResponse *l, bool json)
{
	char t[40];

	if (json) {
		out_json(&l->base);
		return;
	}
	if (l->n_users == 0) {
		printf("(no linked server: sk peer add)\n");
		return;
	}
	out_cell(stdout, "LOGIN", 36);
	out_cell(stdout, "LINK", 11);
	out_cell(stdout, "UNIT", 18);
	out_cell(stdout, "STATUS", 9);
	out_cell(stdout, "CERT. UNTIL", 12);
	printf("ADDRESS\n");
	for (size_t k = 0; k < l->n_users; k++) {
		const Sk__V1__User *u = l->users[k];

		out_cell(stdout, u->login, 35);
		putchar(' ');
		out_cell(stdout,
		    (u->roles & SK__V1__ROLE__ROLE_UPSTREAM) ? "upstream" : "downstream",
		    11);
		out_cell(stdout, u->peer != NULL ? u->peer->unit_code : "-", 17);
		putchar(' ');
		out_cell(stdout, u->enabled ? "enabled" : "disabled", 9);
		out_time(u->cert_not_after, t, sizeof(t));
		t[10] = '\0';
		out_cell(stdout, t, 12);
		printf("%s\n", u->peer != NULL ? u->peer->address : "-");
	}
}

void
out_users(const Sk__V1__UserListResponse *l, bool json)
{
	char roles[128], t[40];

	if (json) {
		out_json(&l->base);
		return;
	}
	out_cell(stdout, "LOGIN", 18);
	printf("UNIT  ");
	out_cell(stdout, "STATUS", 9);
	out_cell(stdout, "CERT. UNTIL", 12);
	out_cell(stdout, "ROLES", 24);
	printf("NAME\n");
	for (size_t k = 0; k < l->n_users; k++) {
		const Sk__V1__User *u = l->users[k];

		roles_format(u->roles, roles, sizeof(roles));
		out_cell(stdout, u->login, 17);
		printf(" %4u  ", u->unit_id);
		out_cell(stdout, u->enabled ? "enabled" : "disabled", 9);
		out_time(u->cert_not_after, t, sizeof(t));
		t[10] = '\0'; /* the day is enough here */
		out_cell(stdout, t, 12);
		out_cell(stdout, roles, 23);
		printf(" %s\n", u->name);
	}
}
