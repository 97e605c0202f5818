/*
 * cli: global options anywhere on the line, the configuration read once,
 * connecting on demand, the exit status and message of what failed, and
 * the parsers every command uses.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "date.h"
#include "names.h"
#include "out.h"

/* Option values of the globals: above any command's (cli.h). */
enum { G_SERVER = 0x1000, G_CA, G_CERT, G_KEY, G_JSON };

static const struct option cli_globals[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "server", required_argument, NULL, G_SERVER },
	{ "ca", required_argument, NULL, G_CA },
	{ "cert", required_argument, NULL, G_CERT },
	{ "key", required_argument, NULL, G_KEY },
	{ "json", no_argument, NULL, G_JSON },
	{ NULL, 0, NULL, 0 },
};
#define NGLOBALS (sizeof(cli_globals) / sizeof(cli_globals[0]))

static char cli_cmd_name[64]; /* "initiative create", for hints */

void
cli_running(const char *group, const char *name)
{
	snprintf(cli_cmd_name, sizeof(cli_cmd_name), "%s%s%s", group ? group : "",
	    group ? " " : "", name);
}

int
cli_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "sk: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(sk %s%s--help for usage)\n", cli_cmd_name,
	    cli_cmd_name[0] ? " " : "");
	return SK_EXIT_USAGE;
}

void
cli_set(struct cli *c, const char *key, const char *value)
{
	for (int i = 0; i < c->nset; i++)
		if (strcmp(c->set[i].key, key) == 0) {
			c->set[i].value = value; /* the last one given wins */
			return;
		}
	if (c->nset < CLI_MAX_SETTINGS) {
		c->set[c->nset].key = key;
		c->set[c->nset++].value = value;
	}
}

/* Take global option ch with value v. */
static void
cli_take(struct cli *c, int ch, const char *v)
{
	switch (ch) {
	case 'c': c->conf = v; break;
	case G_SERVER: cli_set(c, "server", v); break;
	case G_CA: cli_set(c, "ca", v); break;
	case G_CERT: cli_set(c, "cert", v); break;
	case G_KEY: cli_set(c, "key", v); break;
	case G_JSON: c->json = true; break;
	default: break;
	}
}

int
cli_global(struct cli *c, int argc, char **argv, int i)
{
	const char *a = argv[i], *eq;
	size_t len;

	if (strncmp(a, "-c", 2) == 0 && a[2] != '\0') {
		cli_take(c, 'c', a + 2);
		return 1;
	}
	if (strcmp(a, "-c") == 0)
		a = "--config";
	else if (strncmp(a, "--", 2) != 0)
		return 0;
	a += 2;
	len = (eq = strchr(a, '=')) != NULL ? (size_t)(eq - a) : strlen(a);
	for (size_t k = 0; k + 1 < NGLOBALS; k++) {
		const struct option *o = &cli_globals[k];

		if (strlen(o->name) != len || strncmp(o->name, a, len) != 0)
			continue;
		if (o->has_arg == no_argument) {
			if (eq != NULL)
				return cli_usage("--%s takes no value", o->name), -1;
			cli_take(c, o->val, NULL);
			return 1;
		}
		if (eq != NULL) {
			cli_take(c, o->val, eq + 1);
			return 1;
		}
		if (i + 1 >= argc)
			return cli_usage("--%s needs a value", o->name), -1;
		cli_take(c, o->val, argv[i + 1]);
		return 2;
	}
	return 0;
}

/* What getopt refused in arg: an unknown option, or a value given to
 * one that takes none. */
static void
cli_bad_option(const char *arg)
{
	const char *eq = strchr(arg, '=');

	if (strncmp(arg, "--", 2) == 0 && eq != NULL && optopt != 0)
		cli_usage("%.*s takes no value", (int)(eq - arg), arg);
	else if (strncmp(arg, "--", 2) == 0 || optopt == 0)
		cli_usage("unknown option %s", arg);
	else
		cli_usage("unknown option -%c", optopt);
}

int
cli_getopt(struct cli *c, int argc, char **argv, const struct option *opts)
{
	static struct option all[64];
	size_t n = 0;
	int ch;

	while (opts != NULL && opts[n].name != NULL && n + NGLOBALS < 64) {
		all[n] = opts[n];
		n++;
	}
	memcpy(all + n, cli_globals, sizeof(cli_globals));
	opterr = 0; /* the messages below name the command */
	for (;;) {
		ch = getopt_long(argc, argv, ":c:", all, NULL);
		if (ch == 'c' || ch >= G_SERVER) {
			cli_take(c, ch, optarg);
			continue;
		}
		if (ch == ':')
			return cli_usage("%s needs a value", argv[optind - 1]), '?';
		if (ch == '?')
			return cli_bad_option(argv[optind - 1]), '?';
		return ch;
	}
}

int
cli_args(struct cli *c, int argc, char **argv)
{
	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	return cli_getopt(c, argc, argv, NULL) == -1 ? 0 : SK_EXIT_USAGE;
}

int
cli_config(struct cli *c)
{
	struct sk_error err = { 0 };
	char def[PATH_MAX];
	const char *path;

	if (c->loaded)
		return 0;
	skc_config_defaults(&c->cfg);
	path = c->conf != NULL ?
	    c->conf :
	    skc_config_find(def, sizeof(def), c->conf_where, sizeof(c->conf_where));
	if (path != NULL) {
		if (skc_config_load(&c->cfg, path, &err) != 0)
			return cli_local(c, "configuration: %s", err.msg);
		snprintf(c->conf_read, sizeof(c->conf_read), "%s", path);
	}
	for (int i = 0; i < c->nset; i++)
		if (skc_config_set(&c->cfg, c->set[i].key, c->set[i].value, NULL, &err) !=
		    0)
			return cli_usage("%s", err.msg);
	c->loaded = true;
	return 0;
}

int
cli_local(struct cli *c, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!c->quiet)
		out_error(SK_EXIT_LOCAL, 0, msg, c->json);
	return SK_EXIT_LOCAL;
}

/* A connection that failed (3), or the server's refusal (4). */
static int
cli_fail(struct cli *c, const struct sk_error *err)
{
	int rc = err->code == SK_UNAVAILABLE ? SK_EXIT_CONNECT : SK_EXIT_REFUSED;

	if (!c->quiet)
		out_error(rc, rc == SK_EXIT_CONNECT ? 0 : err->code, err->msg, c->json);
	return rc;
}

int
cli_connect(struct cli *c)
{
	struct sk_error err = { 0 };
	int rc;

	if (c->conn != NULL)
		return 0;
	if ((rc = cli_config(c)) != 0)
		return rc;
	if (c->cfg.ca[0] == '\0' || c->cfg.cert[0] == '\0' || c->cfg.key[0] == '\0')
		return cli_local(c,
		    "no certificate configured (ca, cert and key): %s%s; give -c FILE "
		    "(as user create writes it), or --ca, --cert and --key",
		    c->conf_read[0] ? "they are not all in " : c->conf_where,
		    c->conf_read);
	if ((rc = skc_connect(&c->cfg, &c->conn, &err)) == 0)
		return 0;
	if (rc == SK_INVALID_ARGUMENT) /* skc.h: our files, our settings */
		return cli_local(c, "%s", err.msg);
	rc = cli_fail(c, &err);
	if (!c->quiet && strstr(err.msg, "not enrolled") != NULL)
		fprintf(stderr,
		    "sk: a certificate stops working once it is renewed: "
		    "use the files the renewal wrote\n");
	return rc;
}

int
cli_status(struct cli *c, int rc)
{
	return rc == 0 ? 0 : cli_fail(c, &c->err);
}

int
cli_call(struct cli *c, ProtobufCMessage *q, void *out)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__Response *r;
	void *none = NULL;
	int rc;

	memcpy(out, &none, sizeof(none));
	if ((rc = cli_connect(c)) != 0)
		return rc;
	if (call_wrap(&req, q) != 0) {
		status_set(&c->err, SK_INTERNAL, "%s is no call",
		    q->descriptor->short_name);
		return cli_status(c, SK_INTERNAL);
	}
	if ((rc = skc_call(c->conn, &req, &r, &c->err)) != 0)
		return cli_status(c, rc);
	return cli_status(c, call_result(req.call_case, r, out, &c->err));
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

/* n digits at s as a number, or -1. */
static int
cli_digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int
cli_date(const char *opt, const char *s, char *iso, size_t sz)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int32_t day;
	int d = -1, m = -1, y = -1, dim;

	if (date_parse_any(s, &day)) {
		date_format_iso(day, iso, sz);
		return 0;
	}
	if (strlen(s) == 10 && s[2] == '/' && s[5] == '/')
		d = cli_digits(s, 2), m = cli_digits(s + 3, 2), y = cli_digits(s + 6, 4);
	else if (strlen(s) == 10 && s[4] == '-' && s[7] == '-')
		y = cli_digits(s, 4), m = cli_digits(s + 5, 2), d = cli_digits(s + 8, 2);
	if (d < 0 || m < 0 || y < 0)
		return cli_usage("%s \"%s\": give a date as dd/mm/yyyy (or YYYY-MM-DD)",
		    opt, s);
	if (m < 1 || m > 12)
		return cli_usage("%s \"%s\": there is no month %d", opt, s, m);
	if (y < 1900)
		return cli_usage("%s \"%s\": the year %d is too early", opt, s, y);
	dim = m != 2                                     ? mdays[m - 1] :
	    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) ? 29 :
	                                                   28;
	if (d < 1 || d > dim)
		return cli_usage("%s \"%s\": no such date: month %d of %d has %d days",
		    opt, s, m, y, dim);
	return cli_usage("%s \"%s\": no such date", opt, s);
}

int
cli_date_default(const char *opt, const char *s, char *iso, size_t sz)
{
	if (s == NULL) {
		date_format_iso(date_today(), iso, sz);
		return 0;
	}
	return cli_date(opt, s, iso, sz);
}

const char *
cli_category(struct cli *c, uint32_t n)
{
	const Sk__V1__HelloResponse *h = c->conn != NULL ? skc_hello(c->conn) : NULL;

	for (size_t i = 0; h != NULL && i < h->n_categories; i++)
		if (h->categories[i]->number == n)
			return h->categories[i]->name;
	return "";
}

const char *
cli_categories(struct cli *c)
{
	static char buf[2048];
	const Sk__V1__HelloResponse *h;
	size_t n = 0;

	/* Quietly: a usage message is no place for a connection's error. */
	c->quiet = true;
	(void)cli_connect(c);
	c->quiet = false;
	if (c->conn == NULL || (h = skc_hello(c->conn))->n_categories == 0)
		return "the server's categories (sk hello lists them)";
	buf[0] = '\0';
	for (size_t i = 0; i < h->n_categories && n < sizeof(buf); i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u. %s", i ? "; " : "",
		    h->categories[i]->number, h->categories[i]->name);
	return buf;
}

const char *
cli_states(void)
{
	static char buf[256];
	size_t n = 0;

	if (buf[0] != '\0')
		return buf;
	for (uint32_t s = 1; strcmp(state_name(s), "unknown") != 0 && n < sizeof(buf);
	     s++) {
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s", s > 1 ? ", " : "");
		for (const char *p = state_name(s); *p != '\0' && n + 1 < sizeof(buf);
		     p++)
			buf[n++] = *p == ' ' ? '-' : *p; /* one word on a command line */
		buf[n] = '\0';
	}
	return buf;
}

const char *
cli_council_roles(void)
{
	return "chair, vice-chair, secretary, expert, union-rep, member";
}
