/*
 * cli: what the sk command files share: the invocation's state, calling
 * the server with the right exit status, argument parsing helpers.
 */
#ifndef SK_CLI_H
#define SK_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "skc.h"

struct cli {
	struct skc_config cfg;
	bool json;
	struct skc *conn;
};

/* Print "sk: ..." and the usage hint; returns SK_EXIT_USAGE. */
int cli_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Call the server (connecting first); 0, or the exit status after
 * printing why it failed. */
int cli_call(struct cli *c, Sk__V1__Request *req, Sk__V1__Response **resp);

bool cli_parse_u32(const char *s, uint32_t *v);
bool cli_parse_id(const char *s, uint64_t *v);

/* Commands in cmd_flow.c (review flow) and cmd_attach.c (files). */
typedef int cli_cmd(struct cli *c, int argc, char **argv);
cli_cmd cmd_transition, cmd_history, cmd_overdue, cmd_receipt;
cli_cmd cmd_council_set, cmd_council_show;
cli_cmd cmd_session_open, cmd_session_show, cmd_session_close, cmd_vote;
cli_cmd cmd_decision_issue, cmd_decision_show, cmd_certificates;
cli_cmd cmd_attach, cmd_attachments, cmd_download;
cli_cmd cmd_audit;

#endif
