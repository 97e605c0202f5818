/*
 * cmd_level: the way to the level above, from the command line: the
 * receiving level's rounds; a unit's submissions (tờ trình), which its
 * head records and sends once the authors have completed each dossier;
 * the receiving office's inbox of the copies sent to it (cmd_copy.c shows
 * one).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cli.h"
#include "date.h"
#include "names.h"
#include "out.h"

#define MAX_IDS 64

enum {
	OPT_NAME = 256,
	OPT_OPENS,
	OPT_CLOSES,
	OPT_NUMBER,
	OPT_DATE,
	OPT_REASONS,
	OPT_SECTOR,
	OPT_SCOPE,
	OPT_ROUND,
	OPT_STATE,
	OPT_UNIT,
	OPT_CATEGORY,
	OPT_PAGE_SIZE,
	OPT_PAGE_TOKEN,
	OPT_ALL,
};

/* The one ID a command takes, after its options; else usage says what. */
static int
one_id(int argc, char **argv, const char *usage, uint64_t *id)
{
	*id = 0;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], id))
		return cli_usage("%s", usage);
	return 0;
}

/* Print the initiative a call answered with. */
static int
initiative_print(struct cli *c, int rc, Sk__V1__Initiative *in)
{
	if ((rc = cli_status(c, rc)) != 0)
		return rc;
	out_initiative(in, skc_hello(c->conn), c->json);
	call_free(in);
	return 0;
}

/* ---- rounds ------------------------------------------------------------------ */

/* Where a round stands today (by this computer's clock). */
static const char *
round_status(const Sk__V1__Round *r)
{
	int32_t open, close, today = date_today();

	if (r->closed)
		return "closed";
	if (!date_parse_iso(r->opens_on, &open) || !date_parse_iso(r->closes_on, &close))
		return "?";
	return today < open ? "planned" : today > close ? "over" : "open";
}

static void
print_round(struct cli *c, const Sk__V1__Round *r)
{
	char d1[16], d2[16], t[40];

	if (c->json) {
		out_json(&r->base);
		return;
	}
	printf("Round %" PRIu64 " \"%s\": from %s to %s (the last day), %s\n", r->id,
	    r->name, out_date(r->opens_on, d1, sizeof(d1)),
	    out_date(r->closes_on, d2, sizeof(d2)), round_status(r));
	printf("  Created %s by %s", out_time(r->created_at, t, sizeof(t)),
	    r->created_by);
	if (r->closed)
		printf("; closed %s", out_time(r->closed_at, t, sizeof(t)));
	printf("\n");
}

static void
print_rounds(struct cli *c, const Sk__V1__RoundListResponse *l)
{
	char d[16];

	if (c->json) {
		out_json(&l->base);
		return;
	}
	printf("%5s  ", "ID");
	out_cell(stdout, "OPENS", 12);
	out_cell(stdout, "CLOSES", 12);
	out_cell(stdout, "STATUS", 9);
	printf("NAME\n");
	for (size_t i = 0; i < l->n_rounds; i++) {
		const Sk__V1__Round *r = l->rounds[i];

		printf("%5" PRIu64 "  ", r->id);
		out_cell(stdout, out_date(r->opens_on, d, sizeof(d)), 12);
		out_cell(stdout, out_date(r->closes_on, d, sizeof(d)), 12);
		out_cell(stdout, round_status(r), 9);
		printf("%s\n", r->name);
	}
	if (l->n_rounds == 0)
		printf("(no rounds)\n");
}

int
cmd_round_create(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "opens", required_argument, NULL, OPT_OPENS },
		{ "closes", required_argument, NULL, OPT_CLOSES },
		{ NULL, 0, NULL, 0 },
	};
	const char *name = NULL, *opens = NULL, *closes = NULL;
	char from[16], to[16];
	Sk__V1__Round *r;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_NAME: name = optarg; break;
		case OPT_OPENS: opens = optarg; break;
		case OPT_CLOSES: closes = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if (name == NULL || closes == NULL)
		return cli_usage("round create needs --name and --closes");
	if ((rc = cli_date_default("--opens", opens, from, sizeof(from))) != 0 ||
	    (rc = cli_date("--closes", closes, to, sizeof(to))) != 0 ||
	    (rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_round_create(c->conn, name, from, to, &r, &c->err))) != 0)
		return rc;
	print_round(c, r);
	call_free(r);
	return 0;
}

int
cmd_round_list(struct cli *c, int argc, char **argv)
{
	Sk__V1__RoundListResponse *l;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind > 1)
		return cli_usage("round list takes at most one UNIT (a unit code)");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_round_list(c->conn, optind < argc ? argv[optind] : NULL, &l,
	             &c->err))) != 0)
		return rc;
	print_rounds(c, l);
	call_free(l);
	return 0;
}

int
cmd_round_close(struct cli *c, int argc, char **argv)
{
	Sk__V1__Round *r;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0 ||
	    (rc = one_id(argc, argv, "round close needs one round ID", &id)) != 0 ||
	    (rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_round_close(c->conn, id, &r, &c->err))) != 0)
		return rc;
	print_round(c, r);
	call_free(r);
	return 0;
}

/* ---- submissions ------------------------------------------------------------- */

/* One initiative of submission s: how far it went, whether it is complete. */
static void
submission_line(const Sk__V1__Submission *s, const Sk__V1__Initiative *i)
{
	const Sk__V1__Forward *f = i->forward;
	bool ours = f != NULL && f->submission_id == s->id;

	printf("  %5" PRIu64 "  ", i->id);
	out_cell(stdout, ours ? out_stage(f->stage) : "(other submission)", 19);
	out_cell(stdout, !ours ? "" : f->scope[0] ? "completed" : "to complete", 13);
	out_cut(stdout, i->title, 50);
	printf("\n");
}

static void
print_submission(struct cli *c, const Sk__V1__SubmissionResponse *sr)
{
	const Sk__V1__Submission *s = sr->submission;
	char d[16], t[40];

	if (c->json) {
		out_json(&sr->base);
		return;
	}
	printf("Submission %" PRIu64 ": %s of %s, sector %s\n", s->id, s->number,
	    out_date(s->signed_on, d, sizeof(d)), s->sector);
	printf("  Recorded:      %s by %s\n", out_time(s->created_at, t, sizeof(t)),
	    s->created_by);
	if (s->sent)
		printf("  Sent:          %s, round %" PRIu64 "\n",
		    out_time(s->sent_at, t, sizeof(t)), s->round_id);
	else
		printf("  Sent:          not yet (sk forward send %" PRIu64
		       ", once the authors have completed each)\n",
		    s->id);
	printf("  Reasons:       %s\n", s->reasons);
	printf("  Initiatives:\n  %5s  ", "ID");
	out_cell(stdout, "LEVEL ABOVE", 19);
	out_cell(stdout, "DOSSIER", 13);
	printf("TITLE\n");
	for (size_t i = 0; i < sr->n_initiatives; i++)
		submission_line(s, sr->initiatives[i]);
}

/* Print the submission a call answered with. */
static int
submission_print(struct cli *c, int rc, Sk__V1__SubmissionResponse *sr)
{
	if ((rc = cli_status(c, rc)) != 0)
		return rc;
	print_submission(c, sr);
	call_free(sr);
	return 0;
}

int
cmd_forward_nominate(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "reasons", required_argument, NULL, OPT_REASONS },
		{ "sector", required_argument, NULL, OPT_SECTOR },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__ForwardNominateRequest q = SK__V1__FORWARD_NOMINATE_REQUEST__INIT;
	Sk__V1__SubmissionResponse *sr;
	static uint64_t ids[MAX_IDS];
	const char *date = NULL;
	char on[16];
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_NUMBER: q.number = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_REASONS: q.reasons = optarg; break;
		case OPT_SECTOR: q.sector = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	for (; optind < argc; optind++) {
		if (q.n_initiative_ids == MAX_IDS)
			return cli_usage("at most %d initiatives a submission", MAX_IDS);
		if (!cli_parse_id(argv[optind], &ids[q.n_initiative_ids++]))
			return cli_usage("forward nominate: \"%s\" is no initiative ID",
			    argv[optind]);
	}
	if (q.n_initiative_ids == 0 || q.number[0] == '\0' || q.reasons[0] == '\0' ||
	    q.sector[0] == '\0')
		return cli_usage(
		    "forward nominate needs --number, --reasons, --sector and "
		    "initiative IDs");
	if ((rc = cli_date_default("--date", date, on, sizeof(on))) != 0 ||
	    (rc = cli_connect(c)) != 0)
		return rc;
	q.signed_on = on;
	q.initiative_ids = ids;
	rc = call_forward_nominate(c->conn, &q, &sr, &c->err);
	return submission_print(c, rc, sr);
}

int
cmd_forward_complete(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scope", required_argument, NULL, OPT_SCOPE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Initiative *in;
	const char *scope = NULL;
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch != OPT_SCOPE)
			return SK_EXIT_USAGE;
		scope = optarg;
	}
	if ((rc = one_id(argc, argv, "forward complete needs one ID", &id)) != 0)
		return rc;
	if (scope == NULL)
		return cli_usage(
		    "forward complete needs --scope TEXT (its effect and scope "
		    "at the level above)");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_forward_complete(c->conn, id, scope, &in, &c->err);
	return initiative_print(c, rc, in);
}

int
cmd_forward_send(struct cli *c, int argc, char **argv)
{
	Sk__V1__SubmissionResponse *sr;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0 ||
	    (rc = one_id(argc, argv, "forward send needs one SUBMISSION", &id)) != 0 ||
	    (rc = cli_connect(c)) != 0)
		return rc;
	rc = call_forward_send(c->conn, id, &sr, &c->err);
	return submission_print(c, rc, sr);
}

int
cmd_submission_show(struct cli *c, int argc, char **argv)
{
	Sk__V1__SubmissionResponse *sr;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0 ||
	    (rc = one_id(argc, argv, "submission show needs one ID", &id)) != 0 ||
	    (rc = cli_connect(c)) != 0)
		return rc;
	rc = call_submission_get(c->conn, id, &sr, &c->err);
	return submission_print(c, rc, sr);
}

static void
print_submissions(struct cli *c, const Sk__V1__SubmissionListResponse *l)
{
	char d[16], ids[64];

	if (c->json) {
		out_json(&l->base);
		return;
	}
	printf("%5s  ", "ID");
	out_cell(stdout, "NUMBER", 16);
	out_cell(stdout, "SIGNED", 12);
	out_cell(stdout, "SECTOR", 12);
	out_cell(stdout, "SENT", 12);
	printf("ROUND  INITIATIVES\n");
	for (size_t i = 0; i < l->n_submissions; i++) {
		const Sk__V1__Submission *s = l->submissions[i];
		size_t n = 0;

		ids[0] = '\0';
		for (size_t k = 0; k < s->n_initiative_ids && n < sizeof(ids); k++)
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%s%" PRIu64,
			    k ? ", " : "", s->initiative_ids[k]);
		printf("%5" PRIu64 "  ", s->id);
		out_cell(stdout, s->number, 15);
		putchar(' ');
		out_cell(stdout, out_date(s->signed_on, d, sizeof(d)), 12);
		out_cell(stdout, s->sector, 11);
		putchar(' ');
		out_cell(stdout, s->sent ? "yes" : "not yet", 12);
		if (s->sent)
			printf("%5" PRIu64 "  %s\n", s->round_id, ids);
		else
			printf("%5s  %s\n", "-", ids);
	}
	if (l->n_submissions == 0)
		printf("(no submissions)\n");
}

int
cmd_submission_list(struct cli *c, int argc, char **argv)
{
	Sk__V1__SubmissionListResponse *l;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("submission list takes no arguments");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_submission_list(c->conn, &l, &c->err))) != 0)
		return rc;
	print_submissions(c, l);
	call_free(l);
	return 0;
}

/* ---- the inbox ------------------------------------------------------------------- */

static void
print_inbox(struct cli *c, const Sk__V1__InitiativeListResponse *l)
{
	char round[24];

	if (c->json) {
		out_json(&l->base);
		return;
	}
	printf("%5s  ", "ID");
	out_cell(stdout, "STATE", 16);
	out_cell(stdout, "FROM", 17);
	out_cell(stdout, "ROUND", 6);
	out_cell(stdout, "COPY", 6);
	out_cell(stdout, "SECTOR", 12);
	printf("TITLE\n");
	for (size_t k = 0; k < l->n_initiatives; k++) {
		const Sk__V1__Initiative *i = l->initiatives[k];
		const Sk__V1__Origin *o = i->origin;

		printf("%5" PRIu64 "  ", i->id);
		out_cell(stdout, state_name(i->state), 16);
		out_cell(stdout, o != NULL ? o->unit_code : "-", 16);
		putchar(' ');
		snprintf(round, sizeof(round), "%" PRIu64, o != NULL ? o->round_id : 0);
		out_cell(stdout, round, 6);
		snprintf(round, sizeof(round), "%" PRIu64, o != NULL ? o->copy_id : 0);
		out_cell(stdout, round, 6);
		out_cell(stdout, o != NULL ? o->sector : "-", 11);
		putchar(' ');
		out_cut(stdout, i->title, 50);
		printf("\n");
	}
	if (l->n_initiatives == 0 && l->next_page_token[0] == '\0')
		printf("(the inbox is empty)\n");
	if (l->next_page_token[0])
		printf("(more: --page-token %s)\n", l->next_page_token);
}

/* The inbox's options into q (and *all); 0, or the exit status. */
static int
inbox_args(struct cli *c, int argc, char **argv, Sk__V1__InboxRequest *q, bool *all)
{
	static const struct option opts[] = {
		{ "round", required_argument, NULL, OPT_ROUND },
		{ "state", required_argument, NULL, OPT_STATE },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "sector", required_argument, NULL, OPT_SECTOR },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "page-token", required_argument, NULL, OPT_PAGE_TOKEN },
		{ "all", no_argument, NULL, OPT_ALL },
		{ NULL, 0, NULL, 0 },
	};
	int ch, st;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_ROUND:
			if (!cli_parse_id(optarg, &q->round_id))
				return cli_usage("--round \"%s\": give a round's ID (sk round "
				                 "list)",
				    optarg);
			break;
		case OPT_STATE:
			if ((st = state_parse(optarg)) < 0)
				return cli_usage("--state \"%s\": no such state; states: %s",
				    optarg, cli_states());
			q->state = (Sk__V1__State)st;
			break;
		case OPT_UNIT: q->unit_code = optarg; break;
		case OPT_CATEGORY:
			if (!cli_parse_u32(optarg, &q->category))
				return cli_usage("--category \"%s\": give the number of a "
				                 "category: %s",
				    optarg, cli_categories(c));
			break;
		case OPT_SECTOR: q->sector = optarg; break;
		case OPT_PAGE_SIZE:
			if (!cli_parse_u32(optarg, &q->page_size))
				return cli_usage("--page-size \"%s\": give a number",
				    optarg);
			break;
		case OPT_PAGE_TOKEN: q->page_token = optarg; break;
		case OPT_ALL: *all = true; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	return 0;
}

int
cmd_inbox(struct cli *c, int argc, char **argv)
{
	Sk__V1__InboxRequest q = SK__V1__INBOX_REQUEST__INIT;
	Sk__V1__InitiativeListResponse *page;
	char token[64] = "";
	bool all = false;
	int rc;

	if ((rc = inbox_args(c, argc, argv, &q, &all)) != 0 || (rc = cli_connect(c)) != 0)
		return rc;
	/* --all follows the page tokens, as initiative list does. */
	do {
		if ((rc = cli_status(c, call_inbox(c->conn, &q, &page, &c->err))) != 0)
			return rc;
		print_inbox(c, page);
		snprintf(token, sizeof(token), "%s", page->next_page_token);
		q.page_token = token;
		call_free(page);
	} while (all && token[0] != '\0');
	return 0;
}
