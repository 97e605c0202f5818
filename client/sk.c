/*
 * sk: the command-line client of the initiative registry. This file reads
 * the global options and the configuration, then runs the command (cmd.c).
 *
 * Exit status: 0 done; 1 local problem (files, configuration); 2 usage
 * error; 3 cannot reach the server (network, TLS, unavailable); 4 the
 * server refused the request (the message says why); 5 a decision log
 * failed verification.
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli.h"
#include "names.h"
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
	rc = cmd_run(&c, argc - optind, argv + optind);
	skc_close(c.conn);
	return rc;
}
