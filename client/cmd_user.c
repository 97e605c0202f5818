/*
 * cmd_user: who one is (hello) and the units there are; the administrator
 * enrols people (writing the key, certificate and a ready configuration
 * for each), disables them and lists them.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "names.h"
#include "out.h"

enum { OPT_NAME = 256, OPT_UNIT, OPT_ROLES, OPT_DAYS, OPT_OUT };

int
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

int
cmd_units(struct cli *c, int argc, char **argv)
{
	Sk__V1__UnitListResponse *l;
	int rc;

	if (argc > 2)
		return cli_usage("units takes at most one search text");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c,
	         call_unit_list(c->conn, argc == 2 ? argv[1] : NULL, &l, &c->err))) != 0)
		return rc;
	out_units(l, c->json);
	call_free(l);
	return 0;
}

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

int
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
	Sk__V1__UserCreateRequest u = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__UserCreateResponse *r;
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
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_user_create(c->conn, &u, &r, &c->err))) != 0)
		return rc;
	rc = save_enrolment(c, out, r) == 0 ? 0 : SK_EXIT_LOCAL;
	if (rc == 0) {
		out_user(r->user, c->json);
		if (!c->json)
			printf("Wrote %s/%s.{key,crt,conf} and %s/ca.crt; "
			       "give them to the user (sk -c %s/%s.conf hello)\n",
			    out, u.login, out, out, u.login);
	}
	call_free(r);
	return rc;
}

int
cmd_user_disable(struct cli *c, int argc, char **argv)
{
	Sk__V1__User *u;
	int rc;

	if (argc != 2)
		return cli_usage("user disable needs one LOGIN");
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_user_disable(c->conn, argv[1], &u, &c->err))) != 0)
		return rc;
	out_user(u, c->json);
	call_free(u);
	return 0;
}

int
cmd_user_list(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__UserListResponse *l;
	const char *unit = NULL;
	int ch, rc;

	optind = 0; /* glibc: 0 fully resets getopt for a new vector */
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != OPT_UNIT)
			return SK_EXIT_USAGE;
		unit = optarg;
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_user_list(c->conn, unit, 0, &l, &c->err))) != 0)
		return rc;
	out_users(l, c->json);
	call_free(l);
	return 0;
}
