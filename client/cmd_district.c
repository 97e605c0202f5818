/*
 * cmd_district: what the top level does with what it recognised: the
 * proposal sent by hand to the level above this system and its outcome,
 * the commendation office's list and the one award each initiative backs,
 * typical initiatives marked for the published list (never with their
 * confidential part) and the portal's page and feed of them (publish.h:
 * only their public parts), and the district's summary of the units below
 * it.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "date.h"
#include "json.h"
#include "names.h"
#include "out.h"
#include "publish.h"

enum {
	OPT_NAME = 256,
	OPT_NUMBER,
	OPT_DATE,
	OPT_UNDO,
	OPT_ROUND,
	OPT_ALL,
	OPT_RECOGNISED,
	OPT_NOT_RECOGNISED,
	OPT_NOTE,
	OPT_HTML,
	OPT_FEED,
};

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

/* ---- the level above this system ------------------------------------------------ */

int
cmd_upper_propose(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ "date", required_argument, NULL, OPT_DATE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__UpperRecordRequest q = SK__V1__UPPER_RECORD_REQUEST__INIT;
	Sk__V1__Initiative *in;
	const char *date = NULL;
	char on[16];
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_NUMBER)
			q.number = optarg;
		else if (ch == OPT_DATE)
			date = optarg;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &q.initiative_id))
		return cli_usage("upper %s needs one initiative ID", argv[0]);
	if (q.number[0] == '\0')
		return cli_usage("upper propose needs --number (the proposal's, e.g. "
		                 "20/TTr-UBND)");
	if ((rc = cli_date_default("--date", date, on, sizeof(on))) != 0 ||
	    (rc = cli_connect(c)) != 0)
		return rc;
	q.signed_on = on;
	rc = call_upper_record(c->conn, &q, &in, &c->err);
	return initiative_print(c, rc, in);
}

int
cmd_upper_outcome(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "recognised", no_argument, NULL, OPT_RECOGNISED },
		{ "not-recognised", no_argument, NULL, OPT_NOT_RECOGNISED },
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "note", required_argument, NULL, OPT_NOTE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__UpperRecordRequest q = SK__V1__UPPER_RECORD_REQUEST__INIT;
	Sk__V1__Initiative *in;
	const char *date = NULL;
	int said = 0, ch, rc;
	char on[16];

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_RECOGNISED:
		case OPT_NOT_RECOGNISED:
			q.recognised = ch == OPT_RECOGNISED;
			said |= ch == OPT_RECOGNISED ? 1 : 2;
			break;
		case OPT_NUMBER: q.number = optarg; break;
		case OPT_DATE: date = optarg; break;
		case OPT_NOTE: q.note = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &q.initiative_id))
		return cli_usage("upper %s needs one initiative ID", argv[0]);
	if (said != 1 && said != 2)
		return cli_usage("upper outcome needs one of --recognised and "
		                 "--not-recognised");
	if (q.number[0] == '\0')
		return cli_usage("upper outcome needs --number (the outcome's document)");
	if ((rc = cli_date_default("--date", date, on, sizeof(on))) != 0 ||
	    (rc = cli_connect(c)) != 0)
		return rc;
	q.outcome = true;
	q.signed_on = on;
	rc = call_upper_record(c->conn, &q, &in, &c->err);
	return initiative_print(c, rc, in);
}

/* ---- commendation ------------------------------------------------------------ */

/* "Nguyễn Văn An (60%; Công chức Tư pháp, UBND xã Hát Môn)" for each. */
static void
commendation_authors(const Sk__V1__Initiative *i)
{
	char share[16];

	for (size_t k = 0; k < i->n_authors; k++) {
		const Sk__V1__Author *a = i->authors[k];

		out_share(a->share, share, sizeof(share));
		printf("%s%s (%s%%", k ? "\n                 " : "", a->name, share);
		if (a->job_title[0])
			printf("; %s", a->job_title);
		if (a->workplace[0])
			printf("%s%s", a->job_title[0] ? ", " : "; ", a->workplace);
		printf(")");
	}
	printf("\n");
}

static void
commendation_one(const Sk__V1__Initiative *i)
{
	const Sk__V1__Award *w = i->award;
	char d[16];

	printf("%5" PRIu64 "  %s\n", i->id, i->title);
	if (i->origin != NULL)
		printf("       From:     %s [%s], decided there by %s\n",
		    i->origin->unit_name, i->origin->unit_code,
		    i->origin->decision_number);
	if (i->decision_id != 0)
		printf("       Decision: %" PRIu64 " here (sk decision show %" PRIu64
		       ")\n",
		    i->decision_id, i->decision_id);
	printf("       Authors:  ");
	commendation_authors(i);
	if (w != NULL)
		printf("       Award:    %s: decision %s of %s\n", w->name,
		    w->decision_number, out_date(w->signed_on, d, sizeof(d)));
	else
		printf("       Award:    none yet (sk commendation award %" PRIu64
		       " --name … --number …)\n",
		    i->id);
}

int
cmd_commendation_list(struct cli *c, int argc, char **argv)
{
	Sk__V1__CommendationListResponse *l;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("commendation list takes no arguments");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_commendation_list(c->conn, &l, &c->err))) != 0)
		return rc;
	if (c->json)
		out_json(&l->base);
	for (size_t i = 0; !c->json && i < l->n_initiatives; i++)
		commendation_one(l->initiatives[i]);
	if (!c->json && l->n_initiatives == 0)
		printf("(no initiative is recognised and decided here yet)\n");
	call_free(l);
	return 0;
}

int
cmd_commendation_award(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "number", required_argument, NULL, OPT_NUMBER },
		{ "date", required_argument, NULL, OPT_DATE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Award w = SK__V1__AWARD__INIT;
	Sk__V1__Initiative *in;
	char on[16] = "";
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_NAME: w.name = optarg; break;
		case OPT_NUMBER: w.decision_number = optarg; break;
		case OPT_DATE:
			if ((rc = cli_date("--date", optarg, on, sizeof(on))) != 0)
				return rc;
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("commendation award needs one initiative ID");
	if (w.name[0] == '\0' || w.decision_number[0] == '\0')
		return cli_usage(
		    "commendation award needs --name (the award or title) and "
		    "--number (its decision)");
	if (on[0] == '\0')
		date_format_iso(date_today(), on, sizeof(on));
	w.signed_on = on;
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_award_record(c->conn, id, &w, &in, &c->err);
	return initiative_print(c, rc, in);
}

/* ---- publication ----------------------------------------------------------------- */

int
cmd_publish(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "undo", no_argument, NULL, OPT_UNDO },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Initiative *in;
	bool undo = false;
	uint64_t id;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch != OPT_UNDO)
			return SK_EXIT_USAGE;
		undo = true;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("publish needs one initiative ID");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_publish_set(c->conn, id, !undo, &in, &c->err);
	return initiative_print(c, rc, in);
}

/* The unit with code, from the units' list (anyone reads it); NULL if
 * there is none. *l is the list it points into: call_free it. */
static const Sk__V1__Unit *
unit_named(struct cli *c, const char *code, Sk__V1__UnitListResponse **l, int *rc)
{
	*rc = cli_status(c, call_unit_list(c->conn, NULL, l, &c->err));
	for (size_t i = 0; *rc == 0 && i < (*l)->n_units; i++)
		if (strcmp((*l)->units[i]->code, code) == 0)
			return (*l)->units[i];
	return NULL;
}

/* Write what pub_html or pub_feed make of p to path, whole or not at all. */
static int
pub_write(struct cli *c, const char *path, int (*fn)(FILE *, const struct pub_page *),
    const struct pub_page *p)
{
	char part[PATH_MAX];
	FILE *fp;
	int e;

	if ((size_t)snprintf(part, sizeof(part), "%s.part", path) >= sizeof(part))
		return cli_local(c, "%s: path too long", path);
	if ((fp = fopen(part, "w")) == NULL)
		return cli_local(c, "%s: cannot write: %s", part, strerror(errno));
	if (fn(fp, p) != 0 || fflush(fp) != 0) {
		e = errno;
		fclose(fp);
		unlink(part);
		return cli_local(c, "%s: cannot write: %s", part, strerror(e));
	}
	if (fclose(fp) != 0 || rename(part, path) != 0) {
		e = errno;
		unlink(part);
		return cli_local(c, "%s: cannot write: %s", path, strerror(e));
	}
	return 0;
}

static void
publication_json(const Sk__V1__Unit *u, const Sk__V1__InitiativeListResponse *l,
    const char *html, const char *feed)
{
	printf("{\"unit\":");
	json_string(stdout, u->code);
	printf(",\"initiatives\":%zu", l->n_initiatives);
	if (html != NULL) {
		printf(",\"html\":");
		json_string(stdout, html);
	}
	if (feed != NULL) {
		printf(",\"feed\":");
		json_string(stdout, feed);
	}
	printf("}\n");
}

/* The portal's page and feed of the list l of unit code. */
static int
publication(struct cli *c, const char *code, const Sk__V1__InitiativeListResponse *l,
    const char *html, const char *feed)
{
	const Sk__V1__HelloResponse *h = skc_hello(c->conn);
	Sk__V1__UnitListResponse *units = NULL;
	const Sk__V1__Unit *u;
	struct pub_page p = { .list = l, .hello = h, .now = (int64_t)time(NULL) };
	int rc;

	if (code == NULL)
		code = h != NULL && h->unit != NULL ? h->unit->code : "";
	if ((u = unit_named(c, code, &units, &rc)) == NULL) {
		if (rc == 0) {
			status_set(&c->err, SK_UNKNOWN,
			    "unit %s is not in the units' list", code);
			rc = cli_status(c, SK_UNKNOWN);
		}
		goto done;
	}
	p.unit_code = u->code;
	p.unit_name = u->name;
	if ((html != NULL && (rc = pub_write(c, html, pub_html, &p)) != 0) ||
	    (feed != NULL && (rc = pub_write(c, feed, pub_feed, &p)) != 0))
		goto done;
	if (c->json)
		publication_json(u, l, html, feed);
	else
		printf("%zu published initiative%s of %s%s%s%s%s\n", l->n_initiatives,
		    l->n_initiatives == 1 ? "" : "s", u->name,
		    html != NULL ? ": the page in " : "", html != NULL ? html : "",
		    feed != NULL ? (html != NULL ? ", the feed in " : ": the feed in ") :
		                   "",
		    feed != NULL ? feed : "");
done:
	call_free(units);
	return rc;
}

int
cmd_published(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "html", required_argument, NULL, OPT_HTML },
		{ "feed", required_argument, NULL, OPT_FEED },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__InitiativeListResponse *l;
	const char *html = NULL, *feed = NULL, *unit;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_HTML)
			html = optarg;
		else if (ch == OPT_FEED)
			feed = optarg;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind > 1)
		return cli_usage("published takes at most one UNIT (a unit code)");
	unit = optind < argc ? argv[optind] : NULL;
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_published_list(c->conn, unit, &l, &c->err))) != 0)
		return rc;
	if (html != NULL || feed != NULL)
		rc = publication(c, unit, l, html, feed);
	else {
		out_initiatives(l, skc_hello(c->conn), c->json);
		if (!c->json && l->n_initiatives == 0)
			printf("(nothing published)\n");
	}
	call_free(l);
	return rc;
}

/* ---- the district's summary ------------------------------------------------------ */

#define S(x) SK__V1__STATE__STATE_##x

/* The summary's columns: a unit's counts, some states taken together. */
enum {
	COL_TOPICS,
	COL_DRAFTS,
	COL_FILED,
	COL_REVIEW,
	COL_RECOG,
	COL_NOTREC,
	COL_FWD,
	COL_LATE,
	NCOLS
};

static const char *const summary_heads[NCOLS] = { "TOPICS", "DRAFTS", "FILED",
	"IN REVIEW", "RECOGNISED", "NOT REC.", "FORWARDED", "OVERDUE" };

static uint32_t
by_state(const Sk__V1__UnitSummary *u, uint32_t st)
{
	return st < u->n_by_state ? u->by_state[st] : 0;
}

static void
summary_counts(const Sk__V1__UnitSummary *u, uint32_t v[NCOLS])
{
	v[COL_TOPICS] = u->registrations;
	v[COL_DRAFTS] = by_state(u, S(DRAFT));
	v[COL_FILED] = by_state(u, S(SUBMITTED)) + by_state(u, S(RETURNED));
	v[COL_REVIEW] = by_state(u, S(ACCEPTED)) + by_state(u, S(IN_REVIEW));
	v[COL_RECOG] = u->recognised;
	v[COL_NOTREC] = by_state(u, S(NOT_RECOGNISED));
	v[COL_FWD] = u->forwarded;
	v[COL_LATE] = u->overdue;
}

static void
summary_row(const char *code, const uint32_t v[NCOLS])
{
	out_cell(stdout, code, 18);
	for (int k = 0; k < NCOLS; k++)
		printf("%*u", (int)strlen(summary_heads[k]) + 2, v[k]);
	printf("\n");
}

/* The round's copies here, by state. */
static void
summary_round(const Sk__V1__DistrictSummaryResponse *s)
{
	const Sk__V1__Round *r = s->round;
	char d1[16], d2[16];
	uint32_t total = 0;

	if (r == NULL) {
		printf("\nNo round is open today (--round N: another's progress).\n");
		return;
	}
	for (size_t k = 0; k < s->n_round_by_state; k++)
		total += s->round_by_state[k];
	printf("\nRound %" PRIu64 " \"%s\" (%s to %s%s): %u cop%s", r->id, r->name,
	    out_date(r->opens_on, d1, sizeof(d1)), out_date(r->closes_on, d2, sizeof(d2)),
	    r->closed ? ", closed" : "", total, total == 1 ? "y" : "ies");
	for (size_t k = 0, n = 0; k < s->n_round_by_state; k++)
		if (s->round_by_state[k] != 0)
			printf("%s %u %s", n++ ? "," : ":", s->round_by_state[k],
			    state_name((uint32_t)k));
	printf("\n");
}

static void
print_summary(const Sk__V1__DistrictSummaryResponse *s, bool all)
{
	uint32_t v[NCOLS], sum[NCOLS] = { 0 };
	size_t shown = 0;

	out_cell(stdout, "UNIT", 18);
	for (int k = 0; k < NCOLS; k++)
		printf("  %s", summary_heads[k]);
	printf("\n");
	for (size_t i = 0; i < s->n_units; i++) {
		uint32_t any = 0;

		summary_counts(s->units[i], v);
		for (int k = 0; k < NCOLS; k++) {
			sum[k] += v[k];
			any |= v[k];
		}
		/* Nothing else counted may still be a withdrawn or refused one. */
		for (size_t k = 0; k < s->units[i]->n_by_state; k++)
			any |= s->units[i]->by_state[k];
		if (any == 0 && !all)
			continue;
		summary_row(s->units[i]->unit != NULL ? s->units[i]->unit->code : "?", v);
		shown++;
	}
	summary_row("TOTAL", sum);
	if (shown < s->n_units)
		printf("(%zu of the %zu units below have initiatives; --all lists every "
		       "one)\n",
		    shown, s->n_units);
	summary_round(s);
}

int
cmd_district_summary(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "round", required_argument, NULL, OPT_ROUND },
		{ "all", no_argument, NULL, OPT_ALL },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__DistrictSummaryResponse *s;
	uint64_t round = 0;
	bool all = false;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_ALL)
			all = true;
		else if (ch == OPT_ROUND && cli_parse_id(optarg, &round))
			continue;
		else if (ch == OPT_ROUND)
			return cli_usage("--round \"%s\": give a round's ID (sk round list)",
			    optarg);
		else
			return SK_EXIT_USAGE;
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_district_summary(c->conn, round, &s, &c->err))) != 0)
		return rc;
	if (c->json)
		out_json(&s->base);
	else
		print_summary(s, all);
	call_free(s);
	return 0;
}
