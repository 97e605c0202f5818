/*
 * cli: what the sk command files share: the invocation's state, the
 * global options (read anywhere on the line), the configuration read when
 * first needed, the connection made when the first call needs it, the
 * exit status and message of what failed, argument parsing helpers, and
 * the commands themselves.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "skc.h"

#define SK_EXIT_VERIFY 5 /* a decision log or an export failed verification */
#define CLI_MAX_SETTINGS 8

struct cli {
	struct skc_config cfg; /* valid once cli_config() succeeded */
	bool json;
	struct skc *conn;    /* NULL until cli_connect() */
	struct sk_error err; /* of the last library call on conn */
	/* Global options, kept until the configuration is read. */
	const char *conf; /* -c FILE */
	struct {
		const char *key, *value;
	} set[CLI_MAX_SETTINGS]; /* --server, --ca, --cert, --key, --log-key */
	int nset;
	bool loaded;
	bool quiet;                     /* say nothing of a failure (cli_categories) */
	char conf_read[PATH_MAX];       /* the file read, or "" */
	char conf_where[PATH_MAX + 96]; /* where none was found, for the message */
};

/* Name the command running ("initiative create"), for usage hints. */
void cli_running(const char *group, const char *name);

/* Print "sk: ..." and a hint at the command's help; returns SK_EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * A global option at argv[i] (-c FILE, --config, --server, --ca, --cert,
 * --key, with "=VALUE" or the next argument, or --json): taken into c.
 * Returns how many arguments it used, 0 if argv[i] is none, or -1 after
 * a usage message when its value is missing.
 */
int cli_global(struct cli *c, int argc, char **argv, int i);

/*
 * getopt_long over a command's arguments (argv[0] is the command's name),
 * with opts (NULL: none; values must stay below 0x1000 and not be 'c') and
 * the global options, which it takes itself wherever they are. Returns
 * the next option of opts, -1 at the end (the other arguments are then
 * argv[optind..argc-1]), or '?' after a usage message. Set optind = 0
 * before the first call for a vector.
 */
int cli_getopt(struct cli *c, int argc, char **argv, const struct option *opts);

/* For a command without options of its own: the global options taken,
 * the others refused. 0, or SK_EXIT_USAGE after a message. */
int cli_args(struct cli *c, int argc, char **argv);

/* Set a setting as --key would (log_key too): it wins over the file. */
void cli_set(struct cli *c, const char *key, const char *value);

/* Read the configuration once: -c FILE, else $SK_CONFIG, else
 * ~/.config/sk/sk.conf, then the settings of the line. 0, or the exit
 * status after saying what failed. */
int cli_config(struct cli *c);

/* Connect unless connected: 0, or the exit status after printing why. */
int cli_connect(struct cli *c);

/*
 * The exit status for rc, as a call of call.h on c->conn returned it
 * with c->err: 0 for 0, else SK_EXIT_CONNECT or SK_EXIT_REFUSED after
 * printing why (the server's status name only for what the server said).
 */
int cli_status(struct cli *c, int rc);

/* Call with q, any call's request message, as the typed calls of call.h
 * do (connecting first); *out as theirs. The exit status. */
int cli_call(struct cli *c, ProtobufCMessage *q, void *out);

/* A local problem (files, configuration): "sk: ..." without a status
 * name, and the JSON error under --json. Returns SK_EXIT_LOCAL. */
int cli_local(struct cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

bool cli_parse_u32(const char *s, uint32_t *v);
bool cli_parse_id(const char *s, uint64_t *v);

/*
 * A date typed for option opt ("dd/mm/yyyy" or "YYYY-MM-DD") into ISO in
 * iso (11 bytes). 0, or SK_EXIT_USAGE after saying what is wrong: not a
 * date at all, or one that is not in the calendar (31/02/1990).
 */
int cli_date(const char *opt, const char *s, char *iso, size_t sz);

/* As cli_date, or today's date when s is NULL (the option not given). */
int cli_date_default(const char *opt, const char *s, char *iso, size_t sz);

/* The name of content category n, from the server's Hello ("" if none). */
const char *cli_category(struct cli *c, uint32_t n);

/* "1. …, 2. …" of the server's categories, for usage messages; tries to
 * connect, quietly, and says where to look when it cannot. */
const char *cli_categories(struct cli *c);

/* Valid values, for usage messages and help. */
const char *cli_states(void);        /* "registered, draft, …, in-review, …" */
const char *cli_council_roles(void); /* "chair, vice-chair, …" */

/* Run the command argv[0] [argv[1]] (cmd.c); its exit status. */
int cmd_run(struct cli *c, int argc, char **argv);

/* sk --help: every command, the global options, the exit statuses. */
void cmd_usage(FILE *fp);

/* The commands, by file: cmd_user.c (hello, units, users, renew),
 * cmd_initiative.c, cmd_flow.c (review flow), cmd_attach.c (files),
 * cmd_audit.c (decision logs), cmd_level.c (rounds, forwarding, the
 * inbox), cmd_copy.c (copies, verified), cmd_district.c (the level above
 * this system, commendation, publication, the summary), cmd_report.c
 * (the reports), cmd_export.c (verifiable exports, checked offline).
 * argv[0] is the command's name. */
typedef int cli_cmd(struct cli *c, int argc, char **argv);
cli_cmd cmd_hello, cmd_units;
cli_cmd cmd_initiative_create, cmd_initiative_get, cmd_initiative_list;
cli_cmd cmd_initiative_update;
cli_cmd cmd_transition, cmd_distinct, cmd_history, cmd_overdue, cmd_receipt, cmd_notice;
cli_cmd cmd_council_set, cmd_council_show;
cli_cmd cmd_session_open, cmd_session_show, cmd_session_close, cmd_vote;
cli_cmd cmd_decision_issue, cmd_decision_show, cmd_certificates;
cli_cmd cmd_attach, cmd_attachments, cmd_download;
cli_cmd cmd_audit;
cli_cmd cmd_user_create, cmd_user_disable, cmd_user_enable, cmd_user_roles;
cli_cmd cmd_user_renew, cmd_user_show, cmd_user_list, cmd_renew;
cli_cmd cmd_admin_stats;
cli_cmd cmd_peer_card, cmd_peer_add, cmd_peer_list, cmd_peer_status, cmd_peer_sync;
cli_cmd cmd_round_create, cmd_round_list, cmd_round_close;
cli_cmd cmd_forward_nominate, cmd_forward_complete, cmd_forward_send;
cli_cmd cmd_submission_list, cmd_submission_show, cmd_inbox, cmd_copy_show;
cli_cmd cmd_upper_propose, cmd_upper_outcome;
cli_cmd cmd_commendation_list, cmd_commendation_award, cmd_publish, cmd_published;
cli_cmd cmd_district_summary;
cli_cmd cmd_report_summary, cmd_report_states, cmd_report_overdue, cmd_report_authors;
cli_cmd cmd_export, cmd_verify;
/* cmd_document.c: sk document KIND ID (argv[0] is the kind), and the text
 * of paper kind (enum paper_kind) on id, for sk initiative receipt|notice:
 * its exit status. */
cli_cmd cmd_document;
int cmd_paper_text(struct cli *c, int kind, uint64_t id);

#endif
