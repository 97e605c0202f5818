/*
 * bench_idle: many mutual-TLS connections to skd, held idle, for the
 * server's memory per connection; and how fast they were made.
 *
 *   bench_idle PORT CA CERT KEY N
 *
 * Connects N times (TLS 1.3 handshake with our certificate, then Hello),
 * prints "N connections in S s (H handshakes/s)", then "held" and waits
 * for a line on standard input before closing them all. No pass/fail:
 * bench.sh reads the server's memory while they are held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "tclient.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int
main(int argc, char **argv)
{
	struct skc_config cfg;
	struct sk_error err = { 0 };
	struct skc **v;
	double t0, secs;
	char line[16];
	int n, made = 0;

	if (argc != 6 || (n = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: bench_idle PORT CA CERT KEY N\n");
		return 2;
	}
	tclient_config(&cfg, argv[1], argv[2], argv[3], argv[4]);
	if ((v = calloc((size_t)n, sizeof(*v))) == NULL)
		return 1;
	t0 = now_s();
	for (; made < n; made++)
		if (skc_connect(&cfg, &v[made], &err) != 0) {
			fprintf(stderr, "bench_idle: connection %d: %s\n", made + 1, err.msg);
			break;
		}
	secs = now_s() - t0;
	printf("%d connections in %.2f s (%.0f handshakes/s)\nheld\n", made, secs,
	    secs > 0 ? made / secs : 0);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		line[0] = '\0';
	for (int i = 0; i < made; i++)
		skc_close(v[i]);
	free(v);
	return made == n ? 0 : 1;
}
