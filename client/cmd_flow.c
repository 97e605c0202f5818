/*
 * cmd_flow: the review flow from the command line: transitions, history,
 * receipts, overdue dossiers, the council, sessions and votes, decisions
 * and certificates. Receipts, decisions and certificates print as plain
 * Vietnamese text that can be pasted into an official document.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "date.h"
#include "names.h"
#include "out.h"
#include "paper.h"

/* ---- transitions ------------------------------------------------------------ */

static const struct {
	const char *name;
	Sk__V1__Action action;
	bool reason;    /* must give --reason */
	const char *to; /* to whom the reason goes */
} flow_actions[] = {
	{ "start", SK__V1__ACTION__START, false, NULL },
	{ "submit", SK__V1__ACTION__SUBMIT, false, NULL },
	{ "withdraw", SK__V1__ACTION__WITHDRAW, false, NULL },
	{ "accept", SK__V1__ACTION__ACCEPT, false, NULL },
	{ "return", SK__V1__ACTION__RETURN, true, "the author" },
	{ "refuse", SK__V1__ACTION__REFUSE, true, "the author" },
	{ "confirm", SK__V1__ACTION__CONFIRM, false, NULL },
	/* A receiving level's office, on a copy in its inbox. */
	{ "register", SK__V1__ACTION__REGISTER, false, NULL },
	{ "send-back", SK__V1__ACTION__SEND_BACK, true, "the unit it came from" },
};

static void
print_initiative(struct cli *c, const Sk__V1__Initiative *i)
{
	out_initiative(i, skc_hello(c->conn), c->json);
}

/* Show the caller's own entry among the authors of i. */
static void
entry_show(const Sk__V1__Initiative *i, const char *me)
{
	char share[16];

	for (size_t k = 0; k < i->n_authors; k++) {
		const Sk__V1__Author *a = i->authors[k];

		if (strcmp(a->login, me) != 0)
			continue;
		out_share(a->share, share, sizeof(share));
		printf("Version %u of initiative %" PRIu64 " \"%s\" names you as:\n"
		       "  %s, %s%% of the contribution%s%s%s\n",
		    i->version, i->id, i->title, a->name, share,
		    a->workplace[0] ? ", " : "", a->workplace,
		    a->confirmed ? " (confirmed)" : "");
	}
}

/* Ask on the terminal; anything but yes is no. */
static bool
ask_yes(const char *question)
{
	char line[16];

	printf("%s [y/N] ", question);
	fflush(stdout);
	return fgets(line, sizeof(line), stdin) != NULL &&
	    (line[0] == 'y' || line[0] == 'Y');
}

/*
 * A co-author confirms what they have read: show their entry, and confirm
 * that version only if they say so on the terminal. Elsewhere (scripts)
 * the version is given with --version, after reading it.
 */
static int
confirm_read(struct cli *c, uint64_t id, uint32_t *version)
{
	Sk__V1__Initiative *in;
	int rc;

	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_initiative_get(c->conn, id, &in, &c->err))) != 0)
		return rc;
	*version = in->version;
	entry_show(in, skc_hello(c->conn)->login);
	call_free(in);
	if (!isatty(STDIN_FILENO)) {
		printf("To confirm this version, run: sk initiative confirm %" PRIu64
		       " --version %u\n",
		    id, *version);
		return SK_EXIT_USAGE;
	}
	if (!ask_yes("Confirm that you are a co-author as stated?")) {
		printf("Not confirmed.\n");
		return SK_EXIT_LOCAL;
	}
	return 0;
}

int
cmd_transition(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' },
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__TransitionRequest t = SK__V1__TRANSITION_REQUEST__INIT;
	Sk__V1__Initiative *in;
	size_t a;
	int ch, rc;

	for (a = 0; a < sizeof(flow_actions) / sizeof(flow_actions[0]); a++)
		if (strcmp(argv[0], flow_actions[a].name) == 0)
			break;
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == 'r')
			t.reason = optarg;
		else if (ch == 'v' && cli_parse_u32(optarg, &t.expected_version) &&
		    t.expected_version > 0)
			continue;
		else if (ch == 'v')
			return cli_usage("--version \"%s\": give the version you read",
			    optarg);
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &t.id))
		return cli_usage("initiative %s needs one ID", argv[0]);
	if (flow_actions[a].reason && t.reason[0] == '\0')
		return cli_usage("initiative %s needs --reason (it is sent to %s)",
		    argv[0], flow_actions[a].to);
	t.action = flow_actions[a].action;
	if (t.action == SK__V1__ACTION__CONFIRM && t.expected_version == 0 &&
	    (rc = confirm_read(c, t.id, &t.expected_version)) != 0)
		return rc;
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_transition(c->conn, t.id, t.action, t.reason, t.expected_version,
	             &in, &c->err))) != 0)
		return rc;
	print_initiative(c, in);
	call_free(in);
	return 0;
}

/* The clerk marks author N, named without a login, as another person
 * than the staff member of that name. */
int
cmd_distinct(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "author", required_argument, NULL, 'a' },
		{ "reason", required_argument, NULL, 'r' },
		{ "version", required_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__TransitionRequest t = SK__V1__TRANSITION_REQUEST__INIT;
	Sk__V1__Initiative *in;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == 'r')
			t.reason = optarg;
		else if (ch == 'a' &&
		    (!cli_parse_u32(optarg, &t.author) || t.author == 0))
			return cli_usage("--author \"%s\": the author's number, 1 for the "
			                 "first",
			    optarg);
		else if (ch == 'v' &&
		    (!cli_parse_u32(optarg, &t.expected_version) ||
		        t.expected_version == 0))
			return cli_usage("--version \"%s\": give the version you read",
			    optarg);
		else if (ch != 'a' && ch != 'v')
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &t.id))
		return cli_usage("initiative distinct needs one ID");
	if (t.author == 0 || t.reason[0] == '\0')
		return cli_usage(
		    "initiative distinct needs --author N and --reason TEXT");
	t.action = SK__V1__ACTION__DISTINCT;
	if ((rc = cli_call(c, &t.base, &in)) != 0)
		return rc;
	print_initiative(c, in);
	call_free(in);
	return 0;
}

static void
print_history(struct cli *c, const Sk__V1__HistoryResponse *h)
{
	char when[40];

	if (c->json) {
		out_json(&h->base);
		return;
	}
	out_cell(stdout, "WHEN", 18);
	out_cell(stdout, "WHO", 18);
	out_cell(stdout, "ACTION", 10);
	out_cell(stdout, "STATE", 16);
	printf("WHY\n");
	for (size_t i = 0; i < h->n_entries; i++) {
		const Sk__V1__HistoryEntry *e = h->entries[i];
		bool note = e->action == SK__V1__ACTION__CREATE ||
		    e->action == SK__V1__ACTION__EDIT;

		out_cell(stdout, out_time(e->at, when, sizeof(when)), 18);
		out_cell(stdout, e->actor, 17);
		putchar(' ');
		out_cell(stdout, action_name(e->action), 10);
		out_cell(stdout, state_name(e->to), 16);
		/* Creation and edits say so in their action: no reason. */
		printf("%s\n", note ? "" : e->reason);
	}
}

int
cmd_history(struct cli *c, int argc, char **argv)
{
	Sk__V1__HistoryResponse *h;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("initiative history needs one ID");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_history(c->conn, id, &h, &c->err))) != 0)
		return rc;
	print_history(c, h);
	call_free(h);
	return 0;
}

/*
 * sk initiative receipt|notice ID: the paper as text, the same as sk
 * document prints (paper.h); under --json the Receipt or Notice message.
 */
static int
document_cmd(struct cli *c, int argc, char **argv, bool receipt)
{
	Sk__V1__Initiative *in;
	uint64_t id;
	char msg[128];
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("initiative %s needs one ID", argv[0]);
	if (!c->json)
		return cmd_paper_text(c, receipt ? PAPER_RECEIPT : PAPER_NOTICE, id);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_initiative_get(c->conn, id, &in, &c->err))) != 0)
		return rc;
	if (receipt && in->receipt == NULL) {
		snprintf(msg, sizeof(msg),
		    "initiative %" PRIu64
		    " has no receipt: the dossier has not been accepted",
		    id);
		out_error(SK_EXIT_REFUSED, SK_FAILED_PRECONDITION, msg, c->json);
		rc = SK_EXIT_REFUSED;
	} else if (!receipt && in->notice == NULL) {
		snprintf(msg, sizeof(msg),
		    "initiative %" PRIu64
		    " has no notice: it was not returned or refused",
		    id);
		out_error(SK_EXIT_REFUSED, SK_NOT_FOUND, msg, c->json);
		rc = SK_EXIT_REFUSED;
	} else
		out_json(receipt ? &in->receipt->base : &in->notice->base);
	call_free(in);
	return rc;
}

int
cmd_receipt(struct cli *c, int argc, char **argv)
{
	return document_cmd(c, argc, argv, true);
}

int
cmd_notice(struct cli *c, int argc, char **argv)
{
	return document_cmd(c, argc, argv, false);
}

static void
print_overdue(struct cli *c, const Sk__V1__OverdueResponse *o)
{
	char d[16];

	if (c->json) {
		out_json(&o->base);
		return;
	}
	printf("%5s  %-15s %-11s %5s  %s\n", "ID", "OVERDUE", "DUE", "DAYS", "TITLE");
	for (size_t i = 0; i < o->n_items; i++) {
		printf("%5" PRIu64 "  ", o->items[i]->initiative->id);
		out_cell(stdout, o->items[i]->what, 16);
		printf("%-11s %5d  ", out_date(o->items[i]->due_on, d, sizeof(d)),
		    o->items[i]->days_late);
		out_cell(stdout, o->items[i]->initiative->title, 50);
		printf("\n");
	}
	if (o->n_items == 0)
		printf("(nothing overdue)\n");
}

int
cmd_overdue(struct cli *c, int argc, char **argv)
{
	Sk__V1__OverdueResponse *o;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("overdue takes no arguments");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_overdue(c->conn, &o, &c->err))) != 0)
		return rc;
	print_overdue(c, o);
	call_free(o);
	return 0;
}

/* ---- the council ------------------------------------------------------------ */

static const char *const council_roles[] = { "", "chair", "vice-chair", "secretary",
	"expert", "union-rep", "member" };
#define NCROLES (sizeof(council_roles) / sizeof(council_roles[0]))

static void
print_council(struct cli *c, const Sk__V1__Council *k)
{
	char pass[64], quorum[64];

	if (c->json) {
		out_json(&k->base);
		return;
	}
	out_rule(k->threshold_num, k->threshold_den, k->count_base, pass, sizeof(pass));
	out_rule(k->quorum_num, k->quorum_den, k->count_base, quorum, sizeof(quorum));
	printf("Council: %zu members; pass with %s (and never under 2/3 of the "
	       "members); quorum %s\n",
	    k->n_members, pass, quorum);
	for (size_t i = 0; i < k->n_members; i++) {
		printf("  ");
		out_cell(stdout,
		    (size_t)k->members[i]->role < NCROLES ?
		        council_roles[k->members[i]->role] :
		        "?",
		    12);
		out_cell(stdout, k->members[i]->login, 18);
		printf("%s\n", k->members[i]->name);
	}
}

static bool
fraction(const char *s, uint32_t *num, uint32_t *den)
{
	char *end;

	*num = (uint32_t)strtoul(s, &end, 10);
	if (end == s || *end != '/')
		return false;
	s = end + 1;
	*den = (uint32_t)strtoul(s, &end, 10);
	return end != s && *end == '\0' && *den > 0;
}

int
cmd_council_set(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "member", required_argument, NULL, 'm' },
		{ "threshold", required_argument, NULL, 't' },
		{ "quorum", required_argument, NULL, 'q' },
		{ "base", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Council k = SK__V1__COUNCIL__INIT, *set;
	static Sk__V1__CouncilMember m[100], *mp[100];
	static char logins[100][80];
	char *colon;
	size_t n = 0, r;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'm':
			if (n == 100)
				return cli_usage("at most 100 members");
			snprintf(logins[n], sizeof(logins[n]), "%s", optarg);
			if ((colon = strchr(logins[n], ':')) == NULL)
				return cli_usage("--member \"%s\": give LOGIN:ROLE; council "
				                 "roles: %s",
				    optarg, cli_council_roles());
			*colon++ = '\0';
			for (r = 1; r < NCROLES && strcmp(colon, council_roles[r]) != 0;
			     r++)
				;
			if (r == NCROLES)
				return cli_usage("--member: no council role \"%s\"; council "
				                 "roles: %s",
				    colon, cli_council_roles());
			sk__v1__council_member__init(&m[n]);
			m[n].login = logins[n];
			m[n].role = (Sk__V1__CouncilRole)r;
			mp[n] = &m[n];
			n++;
			break;
		case 't':
			if (!fraction(optarg, &k.threshold_num, &k.threshold_den))
				return cli_usage("--threshold: a fraction like 2/3");
			break;
		case 'q':
			if (!fraction(optarg, &k.quorum_num, &k.quorum_den))
				return cli_usage("--quorum: a fraction like 1/2");
			break;
		case 'b':
			if (strcmp(optarg, "members") == 0)
				k.count_base = SK__V1__COUNT_BASE__COUNT_MEMBERS;
			else if (strcmp(optarg, "eligible") == 0)
				k.count_base = SK__V1__COUNT_BASE__COUNT_ELIGIBLE;
			else
				return cli_usage("--base \"%s\": members (all members) or "
				                 "eligible (the members who may vote)",
				    optarg);
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc || n == 0)
		return cli_usage("council set needs --member LOGIN:ROLE (one or more)");
	k.n_members = n;
	k.members = mp;
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_council_set(c->conn, &k, &set, &c->err))) != 0)
		return rc;
	print_council(c, set);
	call_free(set);
	return 0;
}

int
cmd_council_show(struct cli *c, int argc, char **argv)
{
	Sk__V1__Council *k;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("council show takes no arguments");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_council_get(c->conn, &k, &c->err))) != 0)
		return rc;
	print_council(c, k);
	call_free(k);
	return 0;
}

/* ---- sessions and votes ----------------------------------------------------- */

static void print_session(struct cli *c, const Sk__V1__Session *s);

/* Print the session a call answered with: 0, or the exit status. */
static int
session_print(struct cli *c, int rc, Sk__V1__Session *s)
{
	if ((rc = cli_status(c, rc)) != 0)
		return rc;
	print_session(c, s);
	call_free(s);
	return 0;
}

/* The rule the session froze when it opened (every outcome carries it). */
static void
session_rule(const Sk__V1__Session *s)
{
	const Sk__V1__Outcome *o = s->n_outcomes > 0 ? s->outcomes[0] : NULL;
	char pass[64], quorum[64];

	if (o == NULL)
		return;
	out_rule(o->threshold_num, o->threshold_den, o->count_base, pass, sizeof(pass));
	out_rule(o->quorum_num, o->quorum_den, o->count_base, quorum, sizeof(quorum));
	printf("Rule (frozen when it opened): pass with %s, and never under 2/3 of the "
	       "%u members; quorum %s\n",
	    pass, o->members, quorum);
}

/* One dossier's tally: votes, what it needed, the result, the scores. */
static void
session_outcome(const Sk__V1__Session *s, size_t i)
{
	const Sk__V1__Outcome *o = s->outcomes[i];
	char scores[48] = "-";

	if (o->scores > 0)
		snprintf(scores, sizeof(scores), "%.1f/%.1f/%.1f",
		    (double)o->novelty / o->scores, (double)o->feasibility / o->scores,
		    (double)o->benefit / o->scores);
	printf("%5" PRIu64 "  %4u %4u %4u %8u %7u %6u  %-6s %-6s  %6u  %s\n",
	    i < s->n_initiative_ids ? s->initiative_ids[i] : 0, o->yes, o->no, o->abstain,
	    o->eligible, o->members, o->needed,
	    s->closed ? (o->quorum ? "yes" : "no") : "-",
	    s->closed ? (o->passed ? "PASSED" : "failed") : "-", o->scores, scores);
}

static void
print_session(struct cli *c, const Sk__V1__Session *s)
{
	static const char *const votes[] = { "?", "yes", "no", "abstain" };
	char d[16], t1[40], t2[40];

	if (c->json) {
		out_json(&s->base);
		return;
	}
	printf("Session %" PRIu64 ": %s, %s, %s ballot, %s\n", s->id, s->title,
	    out_date(s->held_on, d, sizeof(d)), s->secret ? "secret" : "open",
	    s->closed ? "closed" : "open for votes");
	printf("Opened %s by %s%s%s\n", out_time(s->opened_at, t1, sizeof(t1)),
	    s->opened_by, s->closed ? ", closed " : "",
	    s->closed ? out_time(s->closed_at, t2, sizeof(t2)) : "");
	session_rule(s);
	printf("%5s  %4s %4s %4s %8s %7s %6s  %-6s %-6s  %6s  %s\n", "ID", "YES", "NO",
	    "ABST", "ELIGIBLE", "MEMBERS", "NEEDED", "QUORUM", "RESULT", "SCORED",
	    "AVERAGE SCORES (novelty/feasibility/benefit)");
	for (size_t i = 0; i < s->n_outcomes; i++)
		session_outcome(s, i);
	if (!s->secret)
		for (size_t i = 0; i < s->n_ballots; i++)
			printf("  %s voted %s on %" PRIu64 "%s\n", s->ballots[i]->login,
			    s->ballots[i]->vote < 4 ? votes[s->ballots[i]->vote] : "?",
			    s->ballots[i]->initiative_id,
			    s->ballots[i]->scored ? "" : " (no scores)");
	printf("Voted: %zu ballot%s\n", s->n_voters, s->n_voters == 1 ? "" : "s");
}

int
cmd_session_open(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "date", required_argument, NULL, 'd' },
		{ "secret", no_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__SessionOpenRequest so = SK__V1__SESSION_OPEN_REQUEST__INIT;
	Sk__V1__Session *s;
	static uint64_t ids[64];
	char held[16] = "";
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case 't': so.title = optarg; break;
		case 's': so.secret = true; break;
		case 'd':
			if ((rc = cli_date("--date", optarg, held, sizeof(held))) != 0)
				return rc;
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (held[0] == '\0')
		date_format_iso(date_today(), held, sizeof(held));
	so.held_on = held;
	for (; optind < argc && so.n_initiative_ids < 64; optind++)
		if (!cli_parse_id(argv[optind], &ids[so.n_initiative_ids++]))
			return cli_usage("session open: \"%s\" is no initiative ID",
			    argv[optind]);
	if (so.n_initiative_ids == 0 || so.title[0] == '\0')
		return cli_usage("session open needs --title and initiative IDs");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_session_open(c->conn, so.title, so.held_on, so.secret, ids,
	    so.n_initiative_ids, &s, &c->err);
	return session_print(c, rc, s);
}

int
cmd_session_show(struct cli *c, int argc, char **argv)
{
	Sk__V1__Session *s;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("session show needs one session ID");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_session_get(c->conn, id, &s, &c->err);
	return session_print(c, rc, s);
}

int
cmd_session_close(struct cli *c, int argc, char **argv)
{
	Sk__V1__Session *s;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("session close needs one session ID");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_session_close(c->conn, id, &s, &c->err);
	return session_print(c, rc, s);
}

/* "8,9,10" into b, which is then scored; false unless three numbers 0-10. */
static bool
parse_scores(const char *s, Sk__V1__Ballot *b)
{
	uint32_t *v[] = { &b->novelty, &b->feasibility, &b->benefit };
	char buf[32], *save = NULL, *tok = NULL;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", s);
	for (tok = strtok_r(buf, ",", &save); tok != NULL && n < 3;
	     tok = strtok_r(NULL, ",", &save))
		if (!cli_parse_u32(tok, v[n++]) || *v[n - 1] > 10)
			return false;
	b->scored = n == 3 && tok == NULL && strlen(s) < sizeof(buf);
	return b->scored;
}

int
cmd_vote(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "scores", required_argument, NULL, 's' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Ballot b = SK__V1__BALLOT__INIT;
	Sk__V1__Session *s;
	uint64_t sid;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch != 's')
			return SK_EXIT_USAGE;
		if (!parse_scores(optarg, &b))
			return cli_usage("--scores \"%s\": give NOVELTY,FEASIBILITY,BENEFIT, "
			                 "each 0-10, e.g. 8,9,9",
			    optarg);
	}
	if (argc - optind != 3 || !cli_parse_id(argv[optind], &sid) ||
	    !cli_parse_id(argv[optind + 1], &b.initiative_id))
		return cli_usage(
		    "vote SESSION INITIATIVE yes|no|abstain [--scores N,N,N]");
	if (strcmp(argv[optind + 2], "yes") == 0)
		b.vote = SK__V1__VOTE__YES;
	else if (strcmp(argv[optind + 2], "no") == 0)
		b.vote = SK__V1__VOTE__NO;
	else if (strcmp(argv[optind + 2], "abstain") == 0)
		b.vote = SK__V1__VOTE__ABSTAIN;
	else
		return cli_usage("vote: yes, no or abstain, not \"%s\"",
		    argv[optind + 2]);
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_vote(c->conn, sid, &b, &s, &c->err);
	return session_print(c, rc, s);
}

/* ---- decisions and certificates -------------------------------------------- */

static void
print_certificate(const Sk__V1__Certificate *k)
{
	char share[16], d[16];

	out_share(k->share, share, sizeof(share));
	printf("GIẤY CHỨNG NHẬN SÁNG KIẾN\n");
	printf("Số: %s\n\n", k->number);
	printf("%s chứng nhận ông/bà: %s\n", k->unit_name, k->author);
	printf("là tác giả (tỷ lệ đóng góp %s%%) của sáng kiến:\n  \"%s\"\n", share,
	    k->title);
	if (k->n_coauthors > 0) {
		printf("Đồng tác giả: ");
		for (size_t i = 0; i < k->n_coauthors; i++)
			printf("%s%s", i ? ", " : "", k->coauthors[i]);
		printf("\n");
	}
	printf("Được công nhận theo Quyết định số %s ngày %s.\n", k->decision_number,
	    out_date(k->signed_on, d, sizeof(d)));
}

static void
print_decision(struct cli *c, const Sk__V1__DecisionResponse *dr)
{
	const Sk__V1__Decision *d = dr->decision;
	int32_t day;
	int y = 0, m = 0, dd = 0;

	if (c->json) {
		out_json(&dr->base);
		return;
	}
	if (date_parse_iso(d->signed_on, &day))
		date_to_ymd(day, &y, &m, &dd);
	printf("%s\n", d->unit_name);
	printf("Số: %s\n", d->number);
	printf("%s, ngày %02d tháng %02d năm %d\n\n", d->unit_name, dd, m, y);
	printf("QUYẾT ĐỊNH\nVề việc công nhận sáng kiến\n\n");
	printf("Điều 1. Công nhận các sáng kiến sau đây (kèm %zu giấy chứng nhận):\n",
	    dr->n_certificates);
	for (size_t i = 0; i < d->n_initiative_ids; i++) {
		const char *title = "";

		printf("  %zu. ", i + 1);
		for (size_t k = 0; k < dr->n_certificates; k++)
			if (dr->certificates[k]->initiative_id == d->initiative_ids[i])
				title = dr->certificates[k]->title;
		printf("\"%s\" — tác giả: ", title);
		for (size_t k = 0, n = 0; k < dr->n_certificates; k++)
			if (dr->certificates[k]->initiative_id == d->initiative_ids[i]) {
				char share[16];

				out_share(dr->certificates[k]->share, share,
				    sizeof(share));
				printf("%s%s (%s%%)", n++ ? ", " : "",
				    dr->certificates[k]->author, share);
			}
		printf("\n");
	}
	printf("Điều 2. Quyết định có hiệu lực kể từ ngày ký.\n\n");
	printf("NGƯỜI KÝ\n%s\n", d->signer_name);
}

int
cmd_decision_issue(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "number", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__DecisionIssueRequest di = SK__V1__DECISION_ISSUE_REQUEST__INIT;
	Sk__V1__DecisionResponse *dr;
	static uint64_t ids[64];
	char signed_on[16] = "";
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case 'n': di.number = optarg; break;
		case 'd':
			if ((rc = cli_date("--date", optarg, signed_on,
			         sizeof(signed_on))) != 0)
				return rc;
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (signed_on[0] == '\0')
		date_format_iso(date_today(), signed_on, sizeof(signed_on));
	di.signed_on = signed_on;
	for (; optind < argc && di.n_initiative_ids < 64; optind++)
		if (!cli_parse_id(argv[optind], &ids[di.n_initiative_ids++]))
			return cli_usage("decision issue: \"%s\" is no initiative ID",
			    argv[optind]);
	if (di.n_initiative_ids == 0 || di.number[0] == '\0')
		return cli_usage("decision issue needs --number and initiative IDs");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_decision_issue(c->conn, di.number, di.signed_on, ids,
	             di.n_initiative_ids, &dr, &c->err))) != 0)
		return rc;
	print_decision(c, dr);
	call_free(dr);
	return 0;
}

int
cmd_decision_show(struct cli *c, int argc, char **argv)
{
	Sk__V1__DecisionResponse *dr;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("decision show needs one decision ID");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_decision_get(c->conn, id, &dr, &c->err))) != 0)
		return rc;
	print_decision(c, dr);
	call_free(dr);
	return 0;
}

static void
print_certificates(struct cli *c, const Sk__V1__CertificateListResponse *l)
{
	if (c->json) {
		out_json(&l->base);
		return;
	}
	for (size_t i = 0; i < l->n_certificates; i++) {
		if (i > 0)
			printf("\n----------------------------------------\n\n");
		print_certificate(l->certificates[i]);
	}
}

int
cmd_certificates(struct cli *c, int argc, char **argv)
{
	Sk__V1__CertificateListResponse *l;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("certificates needs one initiative ID");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_certificate_list(c->conn, id, &l, &c->err))) != 0)
		return rc;
	print_certificates(c, l);
	call_free(l);
	return 0;
}
