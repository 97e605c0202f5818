/*
 * cli: what the sk command files share: the invocation's state, the
 * connection made when the first command needs it, the exit status of a
 * failed call, argument parsing helpers, and the commands themselves.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "skc.h"

#define SK_EXIT_VERIFY 5 /* a decision log failed verification */

struct cli {
	struct skc_config cfg;
	bool json;
	struct skc *conn;    /* NULL until cli_connect() */
	struct sk_error err; /* of the last library call on conn */
};

/* Print "sk: ..." and the usage hint; returns SK_EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Connect unless connected: 0, or the exit status after printing why. */
int cli_connect(struct cli *c);

/*
 * The exit status for rc, as a call of call.h on c->conn returned it
 * with c->err: 0 for 0, else SK_EXIT_CONNECT or SK_EXIT_REFUSED after
 * printing why (out_error).
 */
int cli_status(struct cli *c, int rc);

bool cli_parse_u32(const char *s, uint32_t *v);
bool cli_parse_id(const char *s, uint64_t *v);

/* Run the command argv[0] [argv[1]] (cmd.c); its exit status. */
int cmd_run(struct cli *c, int argc, char **argv);

/* The commands, by file: cmd_user.c (hello, units, users),
 * cmd_initiative.c, cmd_flow.c (review flow), cmd_attach.c (files),
 * cmd_audit.c (decision logs). */
typedef int cli_cmd(struct cli *c, int argc, char **argv);
cli_cmd cmd_hello, cmd_units;
cli_cmd cmd_initiative_create, cmd_initiative_get, cmd_initiative_list;
cli_cmd cmd_initiative_update;
cli_cmd cmd_transition, cmd_history, cmd_overdue, cmd_receipt;
cli_cmd cmd_council_set, cmd_council_show;
cli_cmd cmd_session_open, cmd_session_show, cmd_session_close, cmd_vote;
cli_cmd cmd_decision_issue, cmd_decision_show, cmd_certificates;
cli_cmd cmd_attach, cmd_attachments, cmd_download;
cli_cmd cmd_audit;
cli_cmd cmd_user_create, cmd_user_disable, cmd_user_list;

#endif
