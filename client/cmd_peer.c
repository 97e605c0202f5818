/*
 * cmd_peer: linking servers of two levels. Each administrator prints their
 * server's card (sk peer card --out FILE) and gives it to the other, who
 * adds it (sk peer add FILE --upstream | --downstream). A card is a text
 * file: "key = value" lines, then the two certificates in PEM.
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "call.h"
#include "cli.h"
#include "out.h"

#define CARD_MAX ((size_t)64 * 1024)

enum { OPT_OUT = 256, OPT_UPSTREAM, OPT_DOWNSTREAM, OPT_UNIT };

static void
card_write(FILE *fp, const Sk__V1__LinkCard *k)
{
	fprintf(fp,
	    "# sk link card of %s: give it to the administrator of the server\n"
	    "# to link with (sk peer add FILE --upstream or --downstream)\n",
	    k->name);
	fprintf(fp,
	    "name = %s\nunit = %s\naddress = %s\nlog_key = %s\nwitness_key = %s\n",
	    k->name, k->unit_code, k->address, k->log_key, k->witness_key);
	fprintf(fp, "ca =\n%s", k->ca_pem);
	fprintf(fp, "cert =\n%s", k->cert_pem);
}

/* Append line (with its newline) to the PEM being read into *pem. */
static int
pem_add(char **pem, const char *line)
{
	char *old = *pem != protobuf_c_empty_string ? *pem : NULL;
	size_t have = old != NULL ? strlen(old) : 0, n = strlen(line);
	char *p = realloc(old, have + n + 1);

	if (p == NULL)
		return -1;
	memcpy(p + have, line, n + 1);
	*pem = p;
	return 0;
}

/* One "key = value" line of a card into k. */
static int
card_field(Sk__V1__LinkCard *k, const char *key, const char *value)
{
	static const char *const keys[] = { "name", "unit", "address", "log_key",
		"witness_key" };
	char **fields[] = { &k->name, &k->unit_code, &k->address, &k->log_key,
		&k->witness_key };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(key, keys[i]) == 0 && *fields[i] == protobuf_c_empty_string)
			return (*fields[i] = strdup(value)) != NULL ? 0 : -1;
	return -1;
}

/* Split "key = value\n" in place. */
static int
split(char *line, char **key, char **value)
{
	char *eq = strchr(line, '=');
	char *end;

	line[strcspn(line, "\r\n")] = '\0';
	if (eq == NULL)
		return -1;
	for (end = eq; end > line && end[-1] == ' '; end--)
		;
	*end = '\0';
	for (*value = eq + 1; **value == ' '; (*value)++)
		;
	*key = line;
	return 0;
}

static void
card_free(Sk__V1__LinkCard *k)
{
	char **fields[] = { &k->name, &k->unit_code, &k->address, &k->log_key,
		&k->witness_key, &k->ca_pem, &k->cert_pem };

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (*fields[i] != protobuf_c_empty_string)
			free(*fields[i]);
}

/* Read the card in path into k (its strings the caller's: card_free). */
static int
card_read(struct cli *c, const char *path, Sk__V1__LinkCard *k)
{
	char line[1024], *key, *value, **pem = NULL;
	FILE *fp = fopen(path, "r");
	size_t total = 0;
	int rc = 0;

	if (fp == NULL)
		return cli_local(c, "%s: cannot read the card", path);
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		if ((total += strlen(line)) > CARD_MAX)
			rc = -1;
		else if (pem != NULL) {
			rc = pem_add(pem, line);
			if (strncmp(line, "-----END ", 9) == 0)
				pem = NULL;
		} else if (line[0] == '#' || line[strspn(line, " \r\n")] == '\0')
			continue;
		else if (split(line, &key, &value) != 0)
			rc = -1;
		else if (strcmp(key, "ca") == 0 || strcmp(key, "cert") == 0) {
			pem = strcmp(key, "ca") == 0 ? &k->ca_pem : &k->cert_pem;
			if (*pem != protobuf_c_empty_string)
				rc = -1; /* named twice */
		} else
			rc = card_field(k, key, value);
	}
	fclose(fp);
	if (rc == 0 && pem == NULL && k->ca_pem != protobuf_c_empty_string &&
	    k->cert_pem != protobuf_c_empty_string)
		return 0;
	return cli_local(c, "%s: not a link card (sk peer card writes one)", path);
}

int
cmd_peer_card(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__LinkCard *k;
	const char *out = NULL;
	FILE *fp = stdout;
	int ch, rc;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch != OPT_OUT)
			return SK_EXIT_USAGE;
		out = optarg;
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_peer_card(c->conn, &k, &c->err))) != 0)
		return rc;
	if (c->json && out == NULL)
		out_json(&k->base);
	else if (out != NULL && (fp = fopen(out, "w")) == NULL)
		rc = cli_local(c, "%s: cannot write", out);
	else {
		card_write(fp, k);
		if (fp != stdout && fclose(fp) != 0)
			rc = cli_local(c, "%s: cannot write", out);
		else if (fp != stdout)
			fprintf(stderr, "sk: the card of %s is in %s\n", k->name, out);
	}
	call_free(k);
	return rc;
}

int
cmd_peer_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "upstream", no_argument, NULL, OPT_UPSTREAM },
		{ "downstream", no_argument, NULL, OPT_DOWNSTREAM },
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ NULL, 0, NULL, 0 },
	};
	Sk__V1__LinkCard k = SK__V1__LINK_CARD__INIT;
	Sk__V1__User *u;
	const char *unit = NULL;
	int ch, rc, dir = 0;

	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		if (ch == OPT_UPSTREAM || ch == OPT_DOWNSTREAM)
			dir = ch;
		else if (ch == OPT_UNIT)
			unit = optarg;
		else
			return SK_EXIT_USAGE;
	}
	if (argc - optind != 1)
		return cli_usage("peer add needs one card FILE");
	if (dir == 0)
		return cli_usage(
		    "peer add needs --upstream (the card is of the level above) "
		    "or --downstream (of a unit's server below)");
	if (unit != NULL && dir != OPT_UPSTREAM)
		return cli_usage("--unit goes with --upstream: the unit it is above");
	if ((rc = card_read(c, argv[optind], &k)) == 0 && (rc = cli_connect(c)) == 0 &&
	    (rc = cli_status(c,
	         call_peer_add(c->conn, &k, dir == OPT_UPSTREAM, unit, &u, &c->err))) ==
	        0) {
		out_user_show(u, NULL, c->json);
		call_free(u);
	}
	card_free(&k);
	return rc;
}

int
cmd_peer_list(struct cli *c, int argc, char **argv)
{
	Sk__V1__UserListResponse *l;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_peer_list(c->conn, &l, &c->err))) != 0)
		return rc;
	out_peers(l, c->json);
	call_free(l);
	return 0;
}

static void
status_print(struct cli *c, const Sk__V1__PeerStatusResponse *r)
{
	char t[40];

	if (c->json) {
		out_json(&r->base);
		return;
	}
	if (r->n_peers == 0) {
		printf("(no linked server: sk peer add)\n");
		return;
	}
	for (size_t i = 0; i < r->n_peers; i++) {
		const Sk__V1__PeerState *s = r->peers[i];

		printf("%s (%s %s, %s)%s\n", s->login,
		    s->upstream ? "the level above," : "the server of", s->unit_code,
		    s->address, s->enabled ? "" : " DISABLED");
		printf("  next to take: %s %" PRIu64 "; taken since skd started: %" PRIu64
		       "\n",
		    s->upstream ? "report" : "export", s->cursor, s->taken);
		printf("  last tried:   %s\n",
		    s->last_try ? out_time(s->last_try, t, sizeof(t)) : "never");
		printf("  last worked:  %s\n",
		    s->last_ok ? out_time(s->last_ok, t, sizeof(t)) : "never");
		if (s->last_error[0])
			printf("  last error:   %s (next try %s)\n", s->last_error,
			    out_time(s->next_try, t, sizeof(t)));
	}
}

int
cmd_peer_status(struct cli *c, int argc, char **argv)
{
	Sk__V1__PeerStatusResponse *r;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_peer_status(c->conn, false, &r, &c->err))) != 0)
		return rc;
	status_print(c, r);
	call_free(r);
	return 0;
}

/* Pull now, and wait (at most a minute) for the pass that does it. */
int
cmd_peer_sync(struct cli *c, int argc, char **argv)
{
	Sk__V1__PeerStatusResponse *r;
	uint64_t wanted;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_peer_status(c->conn, true, &r, &c->err))) != 0)
		return rc;
	wanted = r->wanted;
	for (int i = 0; i < 600 && r->passes < wanted; i++) {
		struct timespec pause = { 0, 100L * 1000 * 1000 };

		call_free(r);
		nanosleep(&pause, NULL);
		if ((rc = cli_status(c, call_peer_status(c->conn, false, &r, &c->err))) !=
		    0)
			return rc;
	}
	status_print(c, r);
	rc = r->passes < wanted ?
	    cli_local(c, "the pull did not finish within a minute") :
	    0;
	for (size_t i = 0; rc == 0 && i < r->n_peers; i++)
		if (r->peers[i]->enabled && r->peers[i]->last_error[0] != '\0')
			rc = SK_EXIT_REFUSED; /* said above */
	call_free(r);
	return rc;
}
