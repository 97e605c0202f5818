/*
 * bench_write: throughput and latency of initiative writes against a
 * running skd, with several clients each keeping requests in flight.
 *
 *   bench_write PORT CA CERT KEY CLIENTS REQUESTS DEPTH [get|hello|stats]
 *
 * Each client sends REQUESTS creates (or gets of initiative 1, hellos, or
 * the figures of its unit's reports, a pass over all its initiatives),
 * in rounds as pgbench pipelines: DEPTH requests in one write, then their
 * DEPTH replies. Prints one line: requests, seconds, requests/s and
 * latency percentiles in milliseconds. No pass/fail: bench.sh compares.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tbench.h"
#include "tclient.h"

struct worker {
	struct skc_config cfg;
	int requests, depth;
	const char *op; /* create, get, hello, stats */
	double *lat;    /* per request, ms */
	int done, errors;
};

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeCreateRequest cr = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__InitiativeGetRequest g = SK__V1__INITIATIVE_GET_REQUEST__INIT;
	Sk__V1__HelloRequest h = SK__V1__HELLO_REQUEST__INIT;
	Sk__V1__StatsRequest st = SK__V1__STATS_REQUEST__INIT;
	Sk__V1__Initiative in = SK__V1__INITIATIVE__INIT;
	Sk__V1__Author au = SK__V1__AUTHOR__INIT, *aup = &au;
	Sk__V1__Response *r;
	struct sk_error err = { 0 };
	struct skc *s = NULL;
	double *sent = calloc((size_t)w->requests + 1, sizeof(double));
	int next = 0, got = 0;

	if (sent == NULL || (s = tclient_connect(&w->cfg, "bench")) == NULL) {
		w->errors = w->requests;
		free(sent);
		return NULL;
	}
	au.name = "Nguyễn Văn Đo";
	au.share = 10000;
	in.title = "Đo hiệu năng ghi: sáng kiến cải tiến quy trình một cửa";
	in.summary = "Mô tả ngắn của sáng kiến dùng để đo thông lượng và độ trễ.";
	in.category = 3;
	in.first_applied = "2026-01-15";
	in.n_authors = 1;
	in.authors = &aup;
	cr.initiative = &in;
	g.id = 1;
	h.protocol = 1;
	h.client = "bench_write";
	call_wrap(&req,
	    strcmp(w->op, "get") == 0       ? &g.base :
	        strcmp(w->op, "hello") == 0 ? &h.base :
	        strcmp(w->op, "stats") == 0 ? &st.base :
	                                      &cr.base);
	while (got < w->requests) {
		/* A round as pgbench pipelines one: DEPTH requests in one
		 * write, then all their replies. */
		while (next < w->requests && next - got < w->depth) {
			req.id = (uint64_t)next + 1;
			sent[next] = now_ms();
			if (skc_queue(s, &req, &err) != 0)
				goto fail;
			next++;
		}
		for (; got < next; got++) {
			if (skc_recv(s, &r, &err) != 0)
				goto fail;
			if (r->id >= 1 && r->id <= (uint64_t)w->requests)
				w->lat[w->done++] = now_ms() - sent[r->id - 1];
			if (tclient_code(r) != 0)
				w->errors++;
			sk__v1__response__free_unpacked(r, NULL);
		}
	}
	skc_close(s);
	free(sent);
	return NULL;
fail:
	fprintf(stderr, "bench: %s\n", err.msg);
	w->errors += w->requests - got;
	skc_close(s);
	free(sent);
	return NULL;
}

int
main(int argc, char **argv)
{
	struct skc_config cfg;
	struct worker *w;
	pthread_t *th;
	double t0, secs, *all;
	int clients, requests, depth, n = 0, errors = 0;

	if (argc < 8) {
		fprintf(stderr,
		    "usage: bench_write PORT CA CERT KEY CLIENTS REQUESTS DEPTH "
		    "[get|hello|stats]\n");
		return 2;
	}
	if (argc > 8 && strcmp(argv[8], "get") != 0 && strcmp(argv[8], "hello") != 0 &&
	    strcmp(argv[8], "stats") != 0) {
		fprintf(stderr, "bench_write: unknown operation \"%s\"\n", argv[8]);
		return 2;
	}
	clients = atoi(argv[5]);
	requests = atoi(argv[6]);
	depth = atoi(argv[7]);
	if (clients < 1 || requests < 1 || depth < 1)
		return 2;
	tclient_config(&cfg, argv[1], argv[2], argv[3], argv[4]);
	w = calloc((size_t)clients, sizeof(*w));
	th = calloc((size_t)clients, sizeof(*th));
	all = calloc((size_t)clients * (size_t)requests, sizeof(double));
	if (w == NULL || th == NULL || all == NULL) {
		free(w);
		free(th);
		free(all);
		return 1;
	}
	t0 = now_ms();
	for (int i = 0; i < clients; i++) {
		w[i].cfg = cfg;
		w[i].requests = requests;
		w[i].depth = depth;
		w[i].op = argc > 8 ? argv[8] : "create";
		w[i].lat = all + (size_t)i * (size_t)requests;
		pthread_create(&th[i], NULL, worker_main, &w[i]);
	}
	for (int i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	secs = (now_ms() - t0) / 1e3;
	/* Compact the measured latencies, then sort for percentiles. */
	for (int i = 0; i < clients; i++) {
		memmove(all + n, w[i].lat, (size_t)w[i].done * sizeof(double));
		n += w[i].done;
		errors += w[i].errors;
	}
	qsort(all, (size_t)n, sizeof(double), cmp_double);
	if (n == 0) {
		fprintf(stderr, "bench: no responses\n");
		return 1;
	}
	printf("%7d req  %6.2f s  %8.0f req/s  p50 %7.2f  p90 %7.2f  p99 %7.2f  max %7.2f ms  errors %d\n",
	    n, secs, n / secs, all[n / 2], all[n * 9 / 10], all[n * 99 / 100], all[n - 1],
	    errors);
	free(w);
	free(th);
	free(all);
	return errors ? 1 : 0;
}
