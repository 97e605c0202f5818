/*
 * cmd_initiative: creating, reading, listing and editing initiatives. The
 * options of create and update are the same; authors are given as
 * "NAME:PERCENT" or as key=value fields.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "call.h"
#include "cli.h"
#include "names.h"
#include "out.h"

/* "60", "33.33" or "12.5%" -> hundredths of a percent. */
static bool
parse_share(const char *s, uint32_t *share)
{
	uint32_t whole = 0, frac = 0;
	int fd = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((whole = whole * 10 + (uint32_t)(*s - '0')) > 100)
			return false;
	if (*s == '.' || *s == ',') {
		for (s++; *s >= '0' && *s <= '9'; s++, fd++) {
			if (fd >= 2)
				return false;
			frac = frac * 10 + (uint32_t)(*s - '0');
		}
	}
	if (fd == 1)
		frac *= 10;
	if (*s == '%')
		s++;
	*share = whole * 100 + frac;
	return *s == '\0';
}

enum {
	OPT_TITLE = 256,
	OPT_SUMMARY,
	OPT_CATEGORY,
	OPT_FIELD,
	OPT_AUTHOR,
	OPT_FIRST,
	OPT_STATE,
	OPT_QUERY,
	OPT_MINE,
	OPT_PAGE_SIZE,
	OPT_PAGE_TOKEN,
	OPT_ALL,
	OPT_ADDRESSEE,
};

static const struct option initiative_opts[] = {
	{ "title", required_argument, NULL, OPT_TITLE },
	{ "summary", required_argument, NULL, OPT_SUMMARY },
	{ "category", required_argument, NULL, OPT_CATEGORY },
	{ "field", required_argument, NULL, OPT_FIELD },
	{ "author", required_argument, NULL, OPT_AUTHOR },
	{ "first-applied", required_argument, NULL, OPT_FIRST },
	{ "description", required_argument, NULL, 'd' },
	{ "confidential", required_argument, NULL, 'C' },
	{ "conditions", required_argument, NULL, 'k' },
	{ "benefits", required_argument, NULL, 'b' },
	{ "trial-benefits", required_argument, NULL, 'B' },
	{ "investor", required_argument, NULL, 'i' },
	{ "participant", required_argument, NULL, 'p' },
	{ "state-funded", required_argument, NULL, 'f' },
	{ "applied", no_argument, NULL, 'a' },
	{ "trial-applied", no_argument, NULL, 't' },
	{ "register", no_argument, NULL, 'r' },
	{ "addressee", required_argument, NULL, OPT_ADDRESSEE },
	{ NULL, 0, NULL, 0 },
};

#define MAX_AUTHORS 64
#define MAX_PARTICIPANTS 64

/* What a create or update gives; NULL, 0 or unset where not given. */
struct initiative_args {
	const char *title, *summary, *field, *description, *confidential;
	const char *conditions, *benefits, *trial_benefits, *investor, *addressee;
	uint32_t category;
	Sk__V1__Application application;
	bool state_funded;
	bool set_category, set_authors, set_application, set_funded, register_topic;
	Sk__V1__Author authors[MAX_AUTHORS];
	Sk__V1__Author *author_ptrs[MAX_AUTHORS];
	size_t n_authors;
	char names[MAX_AUTHORS][6]
	          [256]; /* name, born, workplace, title, qualification, login */
	char *participants[MAX_PARTICIPANTS];
	size_t n_participants;
	char first_applied[16];
	bool set_first;
};

/* "name=...;share=60;born=02/05/1980;workplace=...;title=...;qualification=...;login=..." */
static int
author_fields(struct initiative_args *a, size_t k, const char *arg)
{
	static const char *const keys[] = { "name", "born", "workplace", "title",
		"qualification", "login" };
	Sk__V1__Author *au = &a->authors[k];
	char buf[1024], *save = NULL, *kv, *eq;
	size_t i;

	if (strlen(arg) >= sizeof(buf))
		return cli_usage("--author: too long");
	snprintf(buf, sizeof(buf), "%s", arg);
	for (kv = strtok_r(buf, ";", &save); kv != NULL;
	     kv = strtok_r(NULL, ";", &save)) {
		if ((eq = strchr(kv, '=')) == NULL)
			return cli_usage("--author: \"%s\" is not key=value", kv);
		*eq++ = '\0';
		if (strcmp(kv, "share") == 0) {
			if (!parse_share(eq, &au->share))
				return cli_usage("--author: share \"%s\" is no percentage",
				    eq);
			continue;
		}
		for (i = 0; i < 6 && strcmp(kv, keys[i]) != 0; i++)
			;
		if (i == 6)
			return cli_usage("--author: unknown key \"%s\" (name, share, born, "
			                 "workplace, title, qualification, login)",
			    kv);
		if (i == 1 &&
		    cli_date("--author: born", eq, a->names[k][1],
		        sizeof(a->names[k][1])) != 0)
			return SK_EXIT_USAGE;
		if (i != 1)
			snprintf(a->names[k][i], sizeof(a->names[k][i]), "%s", eq);
	}
	return 0;
}

static int
add_author(struct initiative_args *a, const char *arg)
{
	const char *colon = strrchr(arg, ':');
	size_t k = a->n_authors, len;
	Sk__V1__Author *au;
	int rc;

	if (k == MAX_AUTHORS)
		return cli_usage("at most %d authors", MAX_AUTHORS);
	au = &a->authors[k];
	sk__v1__author__init(au);
	if (strchr(arg, '=') != NULL) {
		if ((rc = author_fields(a, k, arg)) != 0)
			return rc;
	} else {
		if (colon != NULL && !parse_share(colon + 1, &au->share))
			return cli_usage(
			    "--author \"%s\": give NAME:PERCENT, e.g. \"Nguyễn Văn An:60\"",
			    arg);
		len = colon != NULL ? (size_t)(colon - arg) : strlen(arg);
		if (len >= sizeof(a->names[k][0]))
			return cli_usage("--author \"%s\": name too long", arg);
		memcpy(a->names[k][0], arg, len);
		a->names[k][0][len] = '\0';
	}
	au->name = a->names[k][0];
	au->birth_date = a->names[k][1];
	au->workplace = a->names[k][2];
	au->job_title = a->names[k][3];
	au->qualification = a->names[k][4];
	au->login = a->names[k][5];
	a->author_ptrs[k] = au;
	a->n_authors = k + 1;
	a->set_authors = true;
	return 0;
}

/* An author given without a percentage gets what the others leave. */
static void
fill_shares(struct initiative_args *a)
{
	uint32_t sum = 0, blank = 0;

	for (size_t k = 0; k < a->n_authors; k++)
		if (a->authors[k].share == 0)
			blank++;
		else
			sum += a->authors[k].share;
	if (blank != 1 || sum >= 10000)
		return; /* the server will say what is wrong */
	for (size_t k = 0; k < a->n_authors; k++)
		if (a->authors[k].share == 0)
			a->authors[k].share = 10000 - sum;
}

/* A category number (the server says which it has), or a usage error
 * listing the server's. */
static int
parse_category(struct cli *c, const char *s, uint32_t *n)
{
	if (cli_parse_u32(s, n))
		return 0;
	return cli_usage("--category \"%s\": give the number of a category: %s", s,
	    cli_categories(c));
}

static int
parse_initiative_args(struct cli *c, int argc, char **argv, struct initiative_args *a)
{
	int ch, rc;

	memset(a, 0, sizeof(*a));
	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = cli_getopt(c, argc, argv, initiative_opts)) != -1) {
		switch (ch) {
		case OPT_TITLE: a->title = optarg; break;
		case OPT_SUMMARY: a->summary = optarg; break;
		case OPT_FIELD: a->field = optarg; break;
		case 'd': a->description = optarg; break;
		case 'C': a->confidential = optarg; break;
		case 'k': a->conditions = optarg; break;
		case 'b': a->benefits = optarg; break;
		case 'B': a->trial_benefits = optarg; break;
		case 'i': a->investor = optarg; break;
		case OPT_ADDRESSEE: a->addressee = optarg; break;
		case 'r': a->register_topic = true; break;
		case 'a':
		case 't':
			a->application = ch == 'a' ? SK__V1__APPLICATION__APPLIED :
			                             SK__V1__APPLICATION__TRIAL_APPLIED;
			a->set_application = true;
			break;
		case 'f':
			if (strcmp(optarg, "yes") != 0 && strcmp(optarg, "no") != 0)
				return cli_usage("--state-funded: yes or no");
			a->state_funded = optarg[0] == 'y';
			a->set_funded = true;
			break;
		case 'p':
			if (a->n_participants == MAX_PARTICIPANTS)
				return cli_usage("at most %d participants",
				    MAX_PARTICIPANTS);
			a->participants[a->n_participants++] = optarg;
			break;
		case OPT_CATEGORY:
			if ((rc = parse_category(c, optarg, &a->category)) != 0)
				return rc;
			a->set_category = true;
			break;
		case OPT_AUTHOR:
			if ((rc = add_author(a, optarg)) != 0)
				return rc;
			break;
		case OPT_FIRST:
			if ((rc = cli_date("--first-applied", optarg, a->first_applied,
			         sizeof(a->first_applied))) != 0)
				return rc;
			a->set_first = true;
			break;
		default: return SK_EXIT_USAGE;
		}
	}
	fill_shares(a);
	return 0;
}

/* Put what was given into m (whose other fields stay as they are). */
static void
initiative_apply_args(Sk__V1__Initiative *m, struct initiative_args *a)
{
#define SET(f)                                                                           \
	if (a->f != NULL)                                                                \
	m->f = (char *)a->f
	SET(title);
	SET(summary);
	SET(field);
	SET(description);
	SET(confidential);
	SET(conditions);
	SET(benefits);
	SET(trial_benefits);
	SET(investor);
	SET(addressee);
#undef SET
	if (a->set_category)
		m->category = a->category;
	if (a->set_application)
		m->application = a->application;
	if (a->set_funded)
		m->state_funded = a->state_funded;
	if (a->set_first)
		m->first_applied = a->first_applied;
	if (a->set_authors) {
		m->n_authors = a->n_authors;
		m->authors = a->author_ptrs;
	}
	if (a->n_participants > 0) {
		m->n_participants = a->n_participants;
		m->participants = a->participants;
	}
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

int
cmd_initiative_create(struct cli *c, int argc, char **argv)
{
	Sk__V1__Initiative m = SK__V1__INITIATIVE__INIT, *in;
	static struct initiative_args a;
	int rc;

	if ((rc = parse_initiative_args(c, argc, argv, &a)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	initiative_apply_args(&m, &a); /* the server names what is missing */
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_initiative_create(c->conn, &m, a.register_topic, &in, &c->err);
	return initiative_print(c, rc, in);
}

int
cmd_initiative_get(struct cli *c, int argc, char **argv)
{
	Sk__V1__Initiative *in;
	uint64_t id;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("initiative get needs one ID (a number)");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	rc = call_initiative_get(c->conn, id, &in, &c->err);
	return initiative_print(c, rc, in);
}

int
cmd_initiative_update(struct cli *c, int argc, char **argv)
{
	Sk__V1__Initiative *cur, m, *in;
	static struct initiative_args a;
	uint64_t id;
	int rc;

	if ((rc = parse_initiative_args(c, argc, argv, &a)) != 0)
		return rc;
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &id))
		return cli_usage("initiative update needs one ID (a number)");
	/* Change only what was given: start from the stored version. */
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_initiative_get(c->conn, id, &cur, &c->err))) != 0)
		return rc;
	m = *cur; /* shallow: cur owns the strings */
	initiative_apply_args(&m, &a);
	rc = call_initiative_update(c->conn, &m, m.version, &in, &c->err);
	rc = initiative_print(c, rc, in);
	call_free(cur);
	return rc;
}

int
cmd_initiative_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "state", required_argument, NULL, OPT_STATE },
		{ "category", required_argument, NULL, OPT_CATEGORY },
		{ "query", required_argument, NULL, OPT_QUERY },
		{ "mine", no_argument, NULL, OPT_MINE },
		{ "page-size", required_argument, NULL, OPT_PAGE_SIZE },
		{ "page-token", required_argument, NULL, OPT_PAGE_TOKEN },
		{ "all", no_argument, NULL, OPT_ALL },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__InitiativeListRequest l = SK__V1__INITIATIVE_LIST_REQUEST__INIT;
	Sk__V1__InitiativeListResponse *page;
	char token[64] = "";
	bool all = false;
	int ch, st, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_STATE:
			if ((st = state_parse(optarg)) < 0)
				return cli_usage("--state \"%s\": no such state; states: %s",
				    optarg, cli_states());
			l.state = (Sk__V1__State)st;
			break;
		case OPT_CATEGORY:
			if ((rc = parse_category(c, optarg, &l.category)) != 0)
				return rc;
			break;
		case OPT_QUERY: l.query = optarg; break;
		case OPT_MINE: l.mine = true; break;
		case OPT_PAGE_SIZE:
			if (!cli_parse_u32(optarg, &l.page_size))
				return cli_usage("--page-size \"%s\": give a number",
				    optarg);
			break;
		case OPT_PAGE_TOKEN: l.page_token = optarg; break;
		case OPT_ALL: all = true; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0)
		return rc;
	/* --all follows the page tokens and prints each page as it comes. */
	do {
		if ((rc = cli_status(c,
		         call_initiative_list(c->conn, &l, &page, &c->err))) != 0)
			return rc;
		out_initiatives(page, skc_hello(c->conn), c->json);
		snprintf(token, sizeof(token), "%s", page->next_page_token);
		l.page_token = token;
		call_free(page);
	} while (all && token[0] != '\0');
	return 0;
}
