/*
 * bench_idle: many mutual-TLS connections to skd, held idle, for the
 * server's memory per connection; and how fast they were made.
 *
 *   bench_idle PORT CA CERT KEY N
 *
 * Connects N times (TLS 1.3 handshake with our certificate, then Hello)
 * from THREADS threads at once (each client connection also loads its
 * certificate and key, which one thread alone would make the measure of),
 * prints "N connections in S s (H handshakes/s)", then "held" and waits
 * for a line on standard input before closing them all. No pass/fail:
 * bench.sh reads the server's memory while they are held.
 */
#include <pthread.h>
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

#define THREADS 4

struct maker {
	const struct skc_config *cfg;
	struct skc **v; /* this thread's share of the connections */
	int n, made;
};

static void *
maker_main(void *arg)
{
	struct maker *m = arg;
	struct sk_error err = { 0 };

	for (; m->made < m->n; m->made++)
		if (skc_connect(m->cfg, &m->v[m->made], &err) != 0) {
			fprintf(stderr, "bench_idle: connection: %s\n", err.msg);
			break;
		}
	return NULL;
}

int
main(int argc, char **argv)
{
	struct skc_config cfg;
	struct maker mk[THREADS];
	pthread_t th[THREADS];
	struct skc **v;
	double t0, secs;
	char line[16];
	int n, made = 0, at = 0;

	if (argc != 6 || (n = atoi(argv[5])) < 1) {
		fprintf(stderr, "usage: bench_idle PORT CA CERT KEY N\n");
		return 2;
	}
	tclient_config(&cfg, argv[1], argv[2], argv[3], argv[4]);
	if ((v = calloc((size_t)n, sizeof(*v))) == NULL)
		return 1;
	t0 = now_s();
	for (int i = 0; i < THREADS; i++) {
		mk[i] =
		    (struct maker){ &cfg, v + at, n / THREADS + (i < n % THREADS), 0 };
		at += mk[i].n;
		pthread_create(&th[i], NULL, maker_main, &mk[i]);
	}
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		made += mk[i].made;
	}
	secs = now_s() - t0;
	printf("%d connections in %.2f s (%.0f handshakes/s)\nheld\n", made, secs,
	    secs > 0 ? made / secs : 0);
	fflush(stdout);
	if (fgets(line, sizeof(line), stdin) == NULL)
		line[0] = '\0';
	for (int i = 0; i < n; i++)
		skc_close(v[i]); /* NULL where a connection failed */
	free(v);
	return made == n ? 0 : 1;
}
