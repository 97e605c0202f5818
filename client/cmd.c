/*
 * cmd: the table of sk's commands: which function runs "GROUP NAME" or
 * "NAME", given the arguments from NAME on.
 */
#include <string.h>

#include "cli.h"

static const struct command {
	const char *group; /* NULL for top-level commands */
	const char *name;
	cli_cmd *fn;
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

int
cmd_run(struct cli *c, int argc, char **argv)
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
