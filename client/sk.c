/*
 * sk: the command-line client of the initiative registry. This file takes
 * the global options before the command and runs it (cmd.c); the global
 * options may also come after it (cli.c), and the configuration is read
 * when the command first needs it.
 *
 * Exit status: 0 done; 1 local problem (files, configuration); 2 usage
 * error; 3 cannot reach the server (network, TLS, unavailable); 4 the
 * server refused the request (the message says why); 5 a decision log
 * failed verification.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int
main(int argc, char **argv)
{
	struct cli c = { 0 };
	int i = 1, n, rc;

	setlocale(LC_ALL, "");
	/* A server that closed (a renewal ends our own connection) is an
	 * error to report, not a signal to die of. */
	signal(SIGPIPE, SIG_IGN);
	for (; i < argc; i += n) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			cmd_usage(stdout);
			return 0;
		}
		if ((n = cli_global(&c, argc, argv, i)) < 0)
			return SK_EXIT_USAGE;
		if (n == 0)
			break;
	}
	if (i >= argc) {
		cmd_usage(stderr);
		return SK_EXIT_USAGE;
	}
	if (argv[i][0] == '-')
		return cli_usage("unknown option %s", argv[i]);
	rc = cmd_run(&c, argc - i, argv + i);
	skc_close(c.conn);
	return rc;
}
