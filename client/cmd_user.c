/*
 * cmd_user: who one is (hello) and the units there are; the administrator
 * enrols people (writing the key, certificate and a ready configuration
 * for each), disables and enables them, changes their roles, renews their
 * certificates, shows and lists them; anyone renews their own (sk renew).
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "json.h"
#include "names.h"
#include "out.h"

enum {
	OPT_NAME = 256,
	OPT_UNIT,
	OPT_ROLES,
	OPT_DAYS,
	OPT_OUT,
	OPT_FORCE,
	OPT_EXPIRING,
	OPT_OFFICE,
};

int
cmd_hello(struct cli *c, int argc, char **argv)
{
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("hello takes no arguments");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	out_hello(skc_hello(c->conn), c->json);
	return 0;
}

int
cmd_units(struct cli *c, int argc, char **argv)
{
	Sk__V1__UnitListResponse *l;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind > 1)
		return cli_usage("units takes at most one search text");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_unit_list(c->conn, optind < argc ? argv[optind] : NULL, &l,
	             &c->err))) != 0)
		return rc;
	out_units(l, c->json);
	call_free(l);
	return 0;
}

/* ---- the files of an enrolment ------------------------------------------------ */

/* Where an enrolment's files go, checked before the server is asked. */
struct files {
	char dir[PATH_MAX];
	char key[PATH_MAX], crt[PATH_MAX], conf[PATH_MAX], ca[PATH_MAX];
};

static void
files_name(struct files *f, const char *dir, const char *login)
{
	snprintf(f->dir, sizeof(f->dir), "%s", dir);
	snprintf(f->key, sizeof(f->key), "%s/%s.key", dir, login);
	snprintf(f->crt, sizeof(f->crt), "%s/%s.crt", dir, login);
	snprintf(f->conf, sizeof(f->conf), "%s/%s.conf", dir, login);
	snprintf(f->ca, sizeof(f->ca), "%s/ca.crt", dir);
}

/* Never overwrite someone's key unless told to (force, which renewals
 * offer): checked before the server enrols or renews, so that a refusal
 * here changes nothing there. */
static int
files_check(struct cli *c, const struct files *f, bool renewal, bool force)
{
	struct stat st;

	if (stat(f->dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return cli_local(c, "%s: not a directory", f->dir);
	if (access(f->dir, W_OK) != 0)
		return cli_local(c, "%s: cannot write there: %s", f->dir,
		    strerror(errno));
	if (!force && access(f->key, F_OK) == 0)
		return cli_local(c, "%s exists; choose another --out%s (nothing was %s)",
		    f->key, renewal ? ", or give --force to replace it" : "",
		    renewal ? "renewed" : "enrolled");
	return 0;
}

/* Do a and b name the same file? */
static bool
same_file(const char *a, const char *b)
{
	struct stat sa, sb;

	return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	    sa.st_ino == sb.st_ino;
}

/* Write text to path through a file beside it, renamed over path once
 * it is on disk: a key is never left half-written. */
static int
write_file(struct cli *c, const char *path, const char *text, mode_t mode)
{
	char tmp[PATH_MAX + 8];
	size_t len = strlen(text);
	int fd, saved;

	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)) == -1)
		return cli_local(c, "%s: %s", tmp, strerror(errno));
	if (fchmod(fd, mode) != 0 || write(fd, text, len) != (ssize_t)len ||
	    fsync(fd) != 0) {
		saved = errno;
		close(fd);
		goto fail;
	}
	if (close(fd) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		goto fail;
	}
	return 0;
fail:
	unlink(tmp);
	return cli_local(c, "%s: %s", path, strerror(saved));
}

static int
files_write(struct cli *c, const struct files *f, const Sk__V1__UserCreateResponse *r)
{
	const char *login = r->user->login;
	char conf[PATH_MAX + 512];
	int rc;

	/* The administrator's pinned log key travels with the configuration. */
	snprintf(conf, sizeof(conf),
	    "# sk client configuration for %s\n"
	    "server = %s\nca = ca.crt\ncert = %s.crt\nkey = %s.key\n%s%s%s",
	    login, c->cfg.server, login, login, c->cfg.log_key[0] ? "log_key = " : "",
	    c->cfg.log_key, c->cfg.log_key[0] ? "\n" : "");
	if ((rc = write_file(c, f->key, r->key_pem, 0600)) != 0 ||
	    (rc = write_file(c, f->crt, r->cert_pem, 0644)) != 0 ||
	    (rc = write_file(c, f->ca, r->ca_pem, 0644)) != 0 ||
	    (rc = write_file(c, f->conf, conf, 0600)) != 0)
		return rc;
	return 0;
}

/* The user and the files, for people or as JSON. */
static void
files_print(struct cli *c, const struct files *f, const Sk__V1__UserCreateResponse *r)
{
	if (!c->json) {
		out_user(r->user, false);
		printf("Wrote %s, %s, %s and %s (sk -c %s hello)\n", f->key, f->crt,
		    f->conf, f->ca, f->conf);
		return;
	}
	printf("{\"user\":");
	json_message(stdout, &r->user->base);
	printf(",\"files\":{\"key\":");
	json_string(stdout, f->key);
	printf(",\"cert\":");
	json_string(stdout, f->crt);
	printf(",\"conf\":");
	json_string(stdout, f->conf);
	printf(",\"ca\":");
	json_string(stdout, f->ca);
	printf("}}\n");
}

/* Keep what the server issued; it cannot be had again. */
static int
files_save(struct cli *c, const struct files *f, Sk__V1__UserCreateResponse *r)
{
	int rc = files_write(c, f, r);

	if (rc != 0)
		fprintf(stderr,
		    "sk: the server issued the certificate of %s, but its files "
		    "could not all be written; renew it again\n",
		    r->user->login);
	else
		files_print(c, f, r);
	call_free(r);
	return rc;
}

/* ---- the administrator's commands ------------------------------------------------ */

int
cmd_user_create(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, OPT_NAME },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "roles", required_argument, NULL, OPT_ROLES },
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "office", required_argument, NULL, OPT_OFFICE },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__UserCreateRequest u = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__UserCreateResponse *r;
	const char *out = ".";
	struct files f;
	int ch, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_NAME: u.name = optarg; break;
		case OPT_UNIT: u.unit_code = optarg; break;
		case OPT_ROLES:
			if (roles_parse(optarg, &u.roles) != 0)
				return cli_usage("--roles \"%s\": unknown role; roles: %s",
				    optarg, roles_all());
			break;
		case OPT_DAYS:
			if (!cli_parse_u32(optarg, &u.valid_days))
				return cli_usage("--days \"%s\": give a number", optarg);
			break;
		case OPT_OUT: out = optarg; break;
		case OPT_OFFICE: u.office = optarg; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cli_usage("user create needs one LOGIN");
	u.login = argv[optind];
	if (u.roles == 0 || u.unit_code[0] == '\0' || u.name[0] == '\0')
		return cli_usage("user create needs --name, --unit and --roles (%s)",
		    roles_all());
	files_name(&f, out, u.login);
	if ((rc = files_check(c, &f, false, false)) != 0 || (rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_user_create(c->conn, &u, &r, &c->err))) != 0)
		return rc;
	return files_save(c, &f, r);
}

/* user disable|enable|show LOGIN: the one argument. */
static int
one_login(struct cli *c, int argc, char **argv, const char **login)
{
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 1) {
		cli_usage("user %s needs one LOGIN", argv[0]);
		return SK_EXIT_USAGE;
	}
	*login = argv[optind];
	return cli_connect(c);
}

int
cmd_user_disable(struct cli *c, int argc, char **argv)
{
	Sk__V1__User *u;
	const char *login;
	int rc;

	if ((rc = one_login(c, argc, argv, &login)) != 0 ||
	    (rc = cli_status(c, call_user_disable(c->conn, login, &u, &c->err))) != 0)
		return rc;
	out_user(u, c->json);
	call_free(u);
	return 0;
}

int
cmd_user_enable(struct cli *c, int argc, char **argv)
{
	Sk__V1__User *u;
	const char *login;
	int rc;

	if ((rc = one_login(c, argc, argv, &login)) != 0 ||
	    (rc = cli_status(c, call_user_enable(c->conn, login, &u, &c->err))) != 0)
		return rc;
	out_user(u, c->json);
	call_free(u);
	return 0;
}

int
cmd_user_roles(struct cli *c, int argc, char **argv)
{
	Sk__V1__User *u;
	uint32_t roles;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (argc - optind != 2)
		return cli_usage("user roles needs LOGIN and R1,R2 (roles: %s)",
		    roles_all());
	if (roles_parse(argv[optind + 1], &roles) != 0)
		return cli_usage("\"%s\": unknown role; roles: %s", argv[optind + 1],
		    roles_all());
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_user_roles(c->conn, argv[optind], roles, &u, &c->err))) != 0)
		return rc;
	out_user(u, c->json);
	call_free(u);
	return 0;
}

/* The unit of id, by the unit list (NULL if not found); *l owns it. */
static const Sk__V1__Unit *
unit_of(struct cli *c, uint32_t id, Sk__V1__UnitListResponse **l)
{
	struct sk_error err = { 0 };

	if (call_unit_list(c->conn, NULL, l, &err) != 0)
		return NULL;
	for (size_t i = 0; i < (*l)->n_units; i++)
		if ((*l)->units[i]->id == id)
			return (*l)->units[i];
	return NULL;
}

int
cmd_user_show(struct cli *c, int argc, char **argv)
{
	Sk__V1__UnitListResponse *l = NULL;
	Sk__V1__User *u;
	const char *login;
	int rc;

	if ((rc = one_login(c, argc, argv, &login)) != 0 ||
	    (rc = cli_status(c, call_user_get(c->conn, login, &u, &c->err))) != 0)
		return rc;
	out_user_show(u, c->json ? NULL : unit_of(c, u->unit_id, &l), c->json);
	call_free(l);
	call_free(u);
	return 0;
}

int
cmd_user_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "expiring", required_argument, NULL, OPT_EXPIRING },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__UserListResponse *l;
	const char *unit = NULL;
	uint32_t days = 0;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_UNIT)
			unit = optarg;
		else if (ch == OPT_EXPIRING) {
			if (!cli_parse_u32(optarg, &days) || days == 0)
				return cli_usage("--expiring \"%s\": give a number of days",
				    optarg);
		} else
			return SK_EXIT_USAGE;
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_user_list(c->conn, unit, days, &l, &c->err))) != 0)
		return rc;
	out_users(l, c->json);
	call_free(l);
	return 0;
}

/* ---- renewals ---------------------------------------------------------------- */

struct renew {
	const char *out; /* NULL: the default folder */
	uint32_t days;
	bool force;
};

static int
renew_args(struct cli *c, int argc, char **argv, struct renew *r)
{
	static const struct option opts[] = {
		{ "days", required_argument, NULL, OPT_DAYS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_DAYS:
			if (!cli_parse_u32(optarg, &r->days))
				return cli_usage("--days \"%s\": give a number", optarg);
			break;
		case OPT_OUT: r->out = optarg; break;
		case OPT_FORCE: r->force = true; break;
		default: return SK_EXIT_USAGE;
		}
	}
	return 0;
}

/* Renew login ("" for one's own) into f, checked first. */
static int
renew_into(struct cli *c, const char *login, const struct renew *r, struct files *f)
{
	Sk__V1__UserCreateResponse *resp;
	int rc;

	if ((rc = files_check(c, f, true, r->force)) != 0 ||
	    (rc = cli_status(c,
	         call_user_renew(c->conn, login, r->days, &resp, &c->err))) != 0)
		return rc;
	return files_save(c, f, resp);
}

int
cmd_user_renew(struct cli *c, int argc, char **argv)
{
	struct renew r = { 0 };
	struct files f;
	int rc;

	if ((rc = renew_args(c, argc, argv, &r)) != 0)
		return rc;
	if (argc - optind != 1)
		return cli_usage("user renew needs one LOGIN (your own: sk renew)");
	files_name(&f, r.out != NULL ? r.out : ".", argv[optind]);
	if ((rc = cli_connect(c)) != 0)
		return rc;
	return renew_into(c, argv[optind], &r, &f);
}

int
cmd_renew(struct cli *c, int argc, char **argv)
{
	struct renew r = { 0 };
	char dir[PATH_MAX];
	const char *me;
	struct files f;
	int rc;

	if ((rc = renew_args(c, argc, argv, &r)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage(
		    "renew takes no arguments (another's: sk user renew LOGIN)");
	if ((rc = cli_connect(c)) != 0)
		return rc;
	me = skc_hello(c->conn)->login;
	snprintf(dir, sizeof(dir), "%s", c->cfg.key);
	files_name(&f, r.out != NULL ? r.out : dirname(dir), me);
	if ((rc = renew_into(c, "", &r, &f)) != 0)
		return rc;
	/* A configuration naming other files still names the old ones. */
	if (!c->json && (!same_file(c->cfg.key, f.key) || !same_file(c->cfg.cert, f.crt)))
		printf("Your configuration%s%s names %s and %s, which no longer work: use "
		       "sk -c %s, or point it at the new files.\n",
		    c->conf_read[0] ? " " : "", c->conf_read, c->cfg.cert, c->cfg.key,
		    f.conf);
	return 0;
}
