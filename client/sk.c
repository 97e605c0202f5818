/*
 * sk: the command-line client of the initiative registry.
 *
 * Exit status: 0 done; 1 local problem (files, configuration); 2 usage
 * error; 3 cannot reach the server (network, TLS, unavailable); 4 the
 * server refused the request (the message says why).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "date.h"
#include "names.h"
#include "out.h"
#include "skc.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: sk [-c FILE] [--server HOST:PORT] [--ca F] [--cert F] [--key F]\n"
	    "          [--json] COMMAND [ARGS]\n"
	    "\n"
	    "Commands:\n"
	    "  hello                              who am I, on which server\n"
	    "  units [TEXT]                       list units (TEXT matches without diacritics)\n"
	    "  initiative create --title T --category N --author AUTHOR ... [--register]\n"
	    "        [--summary S] [--field F] [--first-applied DATE] [--applied|--trial-applied]\n"
	    "        [--description D] [--confidential C] [--conditions C] [--benefits B]\n"
	    "        [--trial-benefits B] [--investor I] [--state-funded yes|no]\n"
	    "        [--participant NAME ...]\n"
	    "     AUTHOR: \"NAME:PERCENT\", or \"name=..;share=60;born=DATE;workplace=..;\n"
	    "             title=..;qualification=..;login=..\"\n"
	    "  initiative get|history|receipt ID\n"
	    "  initiative list [--state S] [--category N] [--query TEXT] [--mine]\n"
	    "                  [--page-size N] [--page-token T] [--all]\n"
	    "  initiative update ID [the create options to change]\n"
	    "  initiative start|submit|withdraw|accept ID     (author; clerk accepts)\n"
	    "     any step: --version N to act only on the version you read\n"
	    "  initiative return|refuse ID --reason TEXT      (clerk)\n"
	    "  initiative confirm ID [--version N]  (a co-author named by login=..)\n"
	    "  overdue                                        (clerk, head)\n"
	    "  council set --member LOGIN:ROLE ... [--threshold 2/3] [--quorum 1/2]\n"
	    "  council show\n"
	    "  session open --title T [--date DATE] [--secret] ID ...\n"
	    "  session show|close SESSION\n"
	    "  vote SESSION ID yes|no|abstain [--scores NOVELTY,FEASIBILITY,BENEFIT]\n"
	    "  decision issue --number N [--date DATE] ID ...  (head)\n"
	    "  decision show DECISION\n"
	    "  certificates ID\n"
	    "  attach ID FILE [--type T] [--name N]; attachments ID;\n"
	    "  download ID NAME|SHA256 --out FILE\n"
	    "  audit verify [UNIT] [--entry N] [--state DIR] [--log-key KEY]   (auditor)\n"
	    "  audit history [UNIT] [--initiative ID] [--state DIR] [--log-key KEY]\n"
	    "  user create LOGIN --name NAME --unit CODE --roles R1,R2 [--days N] [--out DIR]\n"
	    "  user disable LOGIN\n"
	    "  user list [--unit CODE]\n"
	    "\n"
	    "DATE is dd/mm/yyyy or YYYY-MM-DD. Roles: %s.\n"
	    "Configuration: -c FILE, else $SK_CONFIG, else ~/.config/sk/sk.conf, with\n"
	    "lines \"server = host:port\", \"ca = FILE\", \"cert = FILE\", \"key = FILE\".\n"
	    "Exit status: 0 ok, 1 local error, 2 usage, 3 connection, 4 refused by server,\n"
	    "5 the decision log failed verification.\n",
	    roles_all());
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sk: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(sk --help for usage)\n");
	return SK_EXIT_USAGE;
}

/* Exit status for a failure reported by the client library or server. */
static int
fail(struct cli *c, const struct sk_error *err, bool from_server)
{
	out_error(err->code, err->msg, c->json);
	if (err->code == SK_UNAVAILABLE)
		return SK_EXIT_CONNECT;
	return from_server ? SK_EXIT_REFUSED : SK_EXIT_LOCAL;
}

static int
cli_connect(struct cli *c)
{
	struct sk_error err = { 0 };
	int rc;

	if ((rc = skc_connect(&c->cfg, &c->conn, &err)) == 0)
		return 0;
	/* Local setup problems come back as INVALID_ARGUMENT; the rest is
	 * the network or the server speaking. */
	return fail(c, &err, rc != SK_INVALID_ARGUMENT);
}

int
cli_call(struct cli *c, Sk__V1__Request *req, Sk__V1__Response **resp)
{
	struct sk_error err = { 0 };
	int rc;

	if (c->conn == NULL && (rc = cli_connect(c)) != 0)
		return rc;
	if (skc_call(c->conn, req, resp, &err) != 0)
		return fail(c, &err, true);
	return 0;
}

bool
cli_parse_u32(const char *s, uint32_t *v)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || *s == '-' || n > UINT32_MAX)
		return false;
	*v = (uint32_t)n;
	return true;
}

bool
cli_parse_id(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *s != '-' && *v > 0;
}

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

/* ---- hello, units -------------------------------------------------------- */

static int
cmd_hello(struct cli *c, int argc, char **argv)
{
	int rc;

	(void)argv;
	if (argc > 1)
		return cli_usage("hello takes no arguments");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	out_hello(skc_hello(c->conn), c->json);
	return 0;
}

static int
cmd_units(struct cli *c, int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__UnitListRequest ul = SK__V1__UNIT_LIST_REQUEST__INIT;
	Sk__V1__Response *resp;
	int rc;

	if (argc > 2)
		return cli_usage("units takes at most one search text");
	if (argc == 2)
		ul.query = argv[1];
	req.call_case = SK__V1__REQUEST__CALL_UNIT_LIST;
	req.unit_list = &ul;
	if ((rc = cli_call(c, &req, &resp)) != 0)
		return rc;
	out_units(resp->unit_list, c->json);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

/* ---- initiatives --------------------------------------------------------- */

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
	OPT_NAME,
	OPT_UNIT,
	OPT_ROLES,
	OPT_DAYS,
	OPT_OUT,
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
	{ NULL, 0, NULL, 0 },
};

#define MAX_AUTHORS 64
#define MAX_PARTICIPANTS 64

/* What a create or update gives; NULL, 0 or unset where not given. */
struct initiative_args {
	const char *title, *summary, *field, *description, *confidential;
	const char *conditions, *benefits, *trial_benefits, *investor;
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

/* A date as people type it, into ISO; false if it is no date. */
static bool
iso_date(const char *in, char *out, size_t sz)
{
	int32_t day;

	if (!date_parse_any(in, &day))
		return false;
	date_format_iso(day, out, sz);
	return true;
}

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
		if (i == 1 && !iso_date(eq, a->names[k][1], sizeof(a->names[k][1])))
			return cli_usage("--author: born \"%s\": give dd/mm/yyyy", eq);
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

static int
parse_initiative_args(int argc, char **argv, struct initiative_args *a)
{
	int ch, rc;

	memset(a, 0, sizeof(*a));
	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = getopt_long(argc, argv, "", initiative_opts, NULL)) != -1) {
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
			if (!cli_parse_u32(optarg, &a->category))
				return cli_usage("--category \"%s\": give a number 1-6",
				    optarg);
			a->set_category = true;
			break;
		case OPT_AUTHOR:
			if ((rc = add_author(a, optarg)) != 0)
				return rc;
			break;
		case OPT_FIRST:
			if (!iso_date(optarg, a->first_applied, sizeof(a->first_applied)))
				return cli_usage(
				    "--first-applied \"%s\": give dd/mm/yyyy or YYYY-MM-DD",
				    optarg);
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

static int
initiative_reply(struct cli *c, Sk__V1__Request *req)
{
	Sk__V1__Response *resp;
	int rc;

	if ((rc = cli_call(c, req, &resp)) != 0)
		return rc;
	out_initiative(resp->initiative->initiative, c->json);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

static int
cmd_initiative_create(struct cli *c, int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeCreateRequest cr = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__Initiative m = SK__V1__INITIATIVE__INIT;
	static struct initiative_args a;
	int rc;

	if ((rc = parse_initiative_args(argc, argv, &a)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	initiative_apply_args(&m, &a); /* the server names what is missing */
	cr.initiative = &m;
	cr.register_topic = a.register_topic;
	req.call_case = SK__V1__REQUEST__CALL_INITIATIVE_CREATE;
	req.initiative_create = &cr;
	return initiative_reply(c, &req);
}

static int
get_initiative(struct cli *c, uint64_t id, Sk__V1__Response **resp)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeGetRequest g = SK__V1__INITIATIVE_GET_REQUEST__INIT;

	g.id = id;
	req.call_case = SK__V1__REQUEST__CALL_INITIATIVE_GET;
	req.initiative_get = &g;
	return cli_call(c, &req, resp);
}

static int
cmd_initiative_get(struct cli *c, int argc, char **argv)
{
	Sk__V1__Response *resp;
	uint64_t id;
	int rc;

	if (argc != 2 || !cli_parse_id(argv[1], &id))
		return cli_usage("initiative get needs one ID (a number)");
	if ((rc = get_initiative(c, id, &resp)) != 0)
		return rc;
	out_initiative(resp->initiative->initiative, c->json);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

static int
cmd_initiative_update(struct cli *c, int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeUpdateRequest up = SK__V1__INITIATIVE_UPDATE_REQUEST__INIT;
	Sk__V1__Response *cur;
	Sk__V1__Initiative m;
	static struct initiative_args a;
	uint64_t id;
	int rc;

	if (argc < 2 || !cli_parse_id(argv[1], &id))
		return cli_usage("initiative update needs an ID (a number)");
	if ((rc = parse_initiative_args(argc - 1, argv + 1, &a)) != 0)
		return rc;
	if (optind != argc - 1)
		return cli_usage("unexpected argument \"%s\"", argv[optind + 1]);
	/* Change only what was given: start from the stored version. */
	if ((rc = get_initiative(c, id, &cur)) != 0)
		return rc;
	m = *cur->initiative->initiative; /* shallow: cur owns the strings */
	initiative_apply_args(&m, &a);
	up.initiative = &m;
	up.expected_version = m.version;
	req.call_case = SK__V1__REQUEST__CALL_INITIATIVE_UPDATE;
	req.initiative_update = &up;
	rc = initiative_reply(c, &req);
	sk__v1__response__free_unpacked(cur, NULL);
	return rc;
}

static int
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
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeListRequest l = SK__V1__INITIATIVE_LIST_REQUEST__INIT;
	Sk__V1__Response *resp;
	char token[64] = "";
	bool all = false;
	int ch, st, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_STATE:
			if ((st = state_parse(optarg)) < 0)
				return cli_usage("--state \"%s\": unknown state", optarg);
			l.state = (Sk__V1__State)st;
			break;
		case OPT_CATEGORY:
			if (!cli_parse_u32(optarg, &l.category))
				return cli_usage("--category \"%s\": give a number",
				    optarg);
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
	req.call_case = SK__V1__REQUEST__CALL_INITIATIVE_LIST;
	req.initiative_list = &l;
	/* --all follows the page tokens and prints each page as it comes. */
	do {
		if ((rc = cli_call(c, &req, &resp)) != 0)
			return rc;
		out_initiatives(resp->initiative_list, skc_hello(c->conn)->login,
		    c->json);
		snprintf(token, sizeof(token), "%s",
		    resp->initiative_list->next_page_token);
		l.page_token = token;
		sk__v1__response__free_unpacked(resp, NULL);
	} while (all && token[0] != '\0');
	return 0;
}

/* ---- users --------------------------------------------------------------- */

static int
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char path[PATH_MAX];
	int fd;
	size_t len = strlen(text);

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) == -1 ||
	    fchmod(fd, mode) != 0 || write(fd, text, len) != (ssize_t)len ||
	    fsync(fd) != 0) {
		fprintf(stderr, "sk: %s: %s\n", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	return close(fd);
}

static int
save_enrolment(struct cli *c, const char *dir, const Sk__V1__UserCreateResponse *r)
{
	const char *login = r->user->login;
	char name[128], conf[PATH_MAX + 512];

	snprintf(name, sizeof(name), "%s.key", login);
	if (write_file(dir, name, r->key_pem, 0600) != 0)
		return -1;
	snprintf(name, sizeof(name), "%s.crt", login);
	if (write_file(dir, name, r->cert_pem, 0644) != 0 ||
	    write_file(dir, "ca.crt", r->ca_pem, 0644) != 0)
		return -1;
	/* The administrator's pinned log key travels with the configuration. */
	snprintf(conf, sizeof(conf),
	    "# sk client configuration for %s\n"
	    "server = %s\nca = ca.crt\ncert = %s.crt\nkey = %s.key\n%s%s%s",
	    login, c->cfg.server, login, login, c->cfg.log_key[0] ? "log_key = " : "",
	    c->cfg.log_key, c->cfg.log_key[0] ? "\n" : "");
	snprintf(name, sizeof(name), "%s.conf", login);
	return write_file(dir, name, conf, 0600);
}

static int
cmd_user_create(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "roles", required_argument, NULL, OPT_ROLES },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__UserCreateRequest u = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__Response *resp;
	const char *out = ".";
	char path[PATH_MAX];
	struct stat st;
	int ch, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case OPT_NAME: u.name = optarg; break;
		case OPT_UNIT: u.unit_code = optarg; break;
		case OPT_ROLES:
			if (roles_parse(optarg, &u.roles) != 0)
				return cli_usage("--roles \"%s\": unknown role", optarg);
			break;
		case OPT_DAYS:
			if (!cli_parse_u32(optarg, &u.valid_days))
				return cli_usage("--days \"%s\": give a number", optarg);
			break;
		case OPT_OUT: out = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage("user create needs one LOGIN");
	u.login = argv[optind];
	if (u.roles == 0 || u.unit_code[0] == '\0' || u.name[0] == '\0')
		return cli_usage("user create needs --name, --unit and --roles");
	/* Never overwrite someone's key: check before the server enrols. */
	snprintf(path, sizeof(path), "%s/%s.key", out, u.login);
	if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "sk: %s: not a directory\n", out);
		return SK_EXIT_LOCAL;
	}
	if (access(path, F_OK) == 0) {
		fprintf(stderr, "sk: %s exists; choose another --out\n", path);
		return SK_EXIT_LOCAL;
	}
	req.call_case = SK__V1__REQUEST__CALL_USER_CREATE;
	req.user_create = &u;
	if ((rc = cli_call(c, &req, &resp)) != 0)
		return rc;
	rc = save_enrolment(c, out, resp->user_create) == 0 ? 0 : SK_EXIT_LOCAL;
	if (rc == 0) {
		out_user(resp->user_create->user, c->json);
		if (!c->json)
			printf("Wrote %s/%s.{key,crt,conf} and %s/ca.crt; "
			       "give them to the user (sk -c %s/%s.conf hello)\n",
			    out, u.login, out, out, u.login);
	}
	sk__v1__response__free_unpacked(resp, NULL);
	return rc;
}

static int
cmd_user_disable(struct cli *c, int argc, char **argv)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__UserDisableRequest d = SK__V1__USER_DISABLE_REQUEST__INIT;
	Sk__V1__Response *resp;
	int rc;

	if (argc != 2)
		return cli_usage("user disable needs one LOGIN");
	d.login = argv[1];
	req.call_case = SK__V1__REQUEST__CALL_USER_DISABLE;
	req.user_disable = &d;
	if ((rc = cli_call(c, &req, &resp)) != 0)
		return rc;
	out_user(resp->user->user, c->json);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

static int
cmd_user_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__UserListRequest l = SK__V1__USER_LIST_REQUEST__INIT;
	Sk__V1__Response *resp;
	int ch, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != OPT_UNIT)
			return SK_EXIT_USAGE;
		l.unit_code = optarg;
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	req.call_case = SK__V1__REQUEST__CALL_USER_LIST;
	req.user_list = &l;
	if ((rc = cli_call(c, &req, &resp)) != 0)
		return rc;
	out_users(resp->user_list, c->json);
	sk__v1__response__free_unpacked(resp, NULL);
	return 0;
}

/* ---- main ---------------------------------------------------------------- */

static const struct command {
	const char *group; /* NULL for top-level commands */
	const char *name;
	int (*fn)(struct cli *, int, char **);
} commands[] = {
	{ NULL, "hello", cmd_hello },
	{ NULL, "units", cmd_units },
	{ "initiative", "create", cmd_initiative_create },
	{ "initiative", "get", cmd_initiative_get },
	{ "initiative", "list", cmd_initiative_list },
	{ "initiative", "update", cmd_initiative_update },
	{ "initiative", "start", cmd_transition },
	{ "initiative", "submit", cmd_transition },
	{ "initiative", "withdraw", cmd_transition },
	{ "initiative", "accept", cmd_transition },
	{ "initiative", "return", cmd_transition },
	{ "initiative", "refuse", cmd_transition },
	{ "initiative", "confirm", cmd_transition },
	{ "initiative", "history", cmd_history },
	{ "initiative", "receipt", cmd_receipt },
	{ NULL, "overdue", cmd_overdue },
	{ "council", "set", cmd_council_set },
	{ "council", "show", cmd_council_show },
	{ "session", "open", cmd_session_open },
	{ "session", "show", cmd_session_show },
	{ "session", "close", cmd_session_close },
	{ NULL, "vote", cmd_vote },
	{ "decision", "issue", cmd_decision_issue },
	{ "decision", "show", cmd_decision_show },
	{ NULL, "certificates", cmd_certificates },
	{ NULL, "attach", cmd_attach },
	{ NULL, "attachments", cmd_attachments },
	{ NULL, "download", cmd_download },
	{ "audit", "verify", cmd_audit },
	{ "audit", "history", cmd_audit },
	{ "user", "create", cmd_user_create },
	{ "user", "disable", cmd_user_disable },
	{ "user", "list", cmd_user_list },
};

static int
load_config(struct cli *c, const char *path)
{
	char def[PATH_MAX];
	struct sk_error err = { 0 };
	const char *home;

	if (path == NULL)
		path = getenv("SK_CONFIG");
	if (path == NULL && (home = getenv("HOME")) != NULL) {
		snprintf(def, sizeof(def), "%s/.config/sk/sk.conf", home);
		if (access(def, F_OK) == 0)
			path = def;
	}
	if (path != NULL && skc_config_load(&c->cfg, path, &err) != 0) {
		fprintf(stderr, "sk: %s\n", err.msg);
		return SK_EXIT_LOCAL;
	}
	return 0;
}

static int
run(struct cli *c, int argc, char **argv)
{
	const struct command *cmd;

	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		cmd = &commands[i];
		if (cmd->group == NULL && strcmp(argv[0], cmd->name) == 0)
			return cmd->fn(c, argc, argv);
		if (cmd->group != NULL && strcmp(argv[0], cmd->group) == 0 && argc >= 2 &&
		    strcmp(argv[1], cmd->name) == 0)
			return cmd->fn(c, argc - 1, argv + 1);
	}
	return cli_usage("unknown command \"%s\"", argv[0]);
}

int
main(int argc, char **argv)
{
	enum { G_SERVER = 300, G_CA, G_CERT, G_KEY, G_JSON };
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "server", required_argument, NULL, G_SERVER },
		{ "ca", required_argument, NULL, G_CA },
		{ "cert", required_argument, NULL, G_CERT },
		{ "key", required_argument, NULL, G_KEY },
		{ "json", no_argument, NULL, G_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli c = { 0 };
	struct override {
		int key;
		const char *val;
	} over[8];
	const char *conf = NULL, *keys[] = { "server", "ca", "cert", "key" };
	struct sk_error err = { 0 };
	int ch, nover = 0, rc;

	setlocale(LC_ALL, "");
	skc_config_defaults(&c.cfg);
	while ((ch = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': conf = optarg; break;
		case 'h': usage(stdout); return 0;
		case G_JSON: c.json = true; break;
		case G_SERVER:
		case G_CA:
		case G_CERT:
		case G_KEY:
			if (nover < 8)
				over[nover++] = (struct override){ ch, optarg };
			break;
		default: usage(stderr); return SK_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return SK_EXIT_USAGE;
	}
	if ((rc = load_config(&c, conf)) != 0)
		return rc;
	for (int i = 0; i < nover; i++)
		if (skc_config_set(&c.cfg, keys[over[i].key - G_SERVER], over[i].val,
		        NULL, &err) != 0)
			return cli_usage("%s", err.msg);
	rc = run(&c, argc - optind, argv + optind);
	skc_close(c.conn);
	return rc;
}
