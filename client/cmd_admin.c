/*
 * cmd_admin: sk admin stats, the server's figures for its administrators:
 * connections, requests per call and their latency, the writer's batches
 * and commit times, the store's map and each unit's storage.
 */
#include <inttypes.h>
#include <stdio.h>

#include "call.h"
#include "cli.h"
#include "out.h"
#include "text.h"

static void
print_pct(const char *what, const Sk__V1__Percentiles *p)
{
	if (p == NULL || p->count == 0) {
		printf("%-18s none yet\n", what);
		return;
	}
	printf("%-18s p50 ≤ %.3f ms, p90 ≤ %.3f ms, p99 ≤ %.3f ms, max %.3f ms (%" PRIu64
	       ")\n",
	    what, p->p50_ms, p->p90_ms, p->p99_ms, p->max_ms, p->count);
}

static void
print_stats(const Sk__V1__AdminStatsResponse *r)
{
	char when[40], cell[256];

	printf("Started:           %s\n", out_time(r->started_at, when, sizeof(when)));
	printf("Connections:       %" PRIu64 " open, %" PRIu64 " since start, %" PRIu64
	       " handshakes refused\n",
	    r->connections_open, r->connections_total, r->handshakes_failed);
	print_pct("Latency:", r->latency);
	printf("Batches:           %" PRIu64 " commits of %" PRIu64
	       " writes (%.1f a batch, "
	       "at most %" PRIu64 ")\n",
	    r->batches, r->batch_ops,
	    r->batches ? (double)r->batch_ops / (double)r->batches : 0, r->batch_max);
	print_pct("Commits:", r->commit);
	printf("Store:             %.1f MiB used of a %.1f MiB map (%.0f%%)\n",
	    (double)r->map_used / 1048576.0, (double)r->map_size / 1048576.0,
	    r->map_size ? 100.0 * (double)r->map_used / (double)r->map_size : 0);
	printf("\n%-40s %10s %10s\n", "CALL", "REQUESTS", "REFUSED");
	for (size_t i = 0; i < r->n_calls; i++) {
		text_fit(r->calls[i]->call, 40, true, cell, sizeof(cell));
		printf("%s %10" PRIu64 " %10" PRIu64 "\n", cell, r->calls[i]->requests,
		    r->calls[i]->refused);
	}
	printf("\n%-24s %12s %12s %14s\n", "UNIT", "LOG ENTRIES", "INITIATIVES",
	    "FILE BYTES");
	for (size_t i = 0; i < r->n_units; i++)
		printf("%-24s %12" PRIu64 " %12" PRIu64 " %14" PRIu64 "\n",
		    r->units[i]->unit_code, r->units[i]->log_entries,
		    r->units[i]->initiatives, r->units[i]->file_bytes);
}

int
cmd_admin_stats(struct cli *c, int argc, char **argv)
{
	Sk__V1__AdminStatsResponse *r;
	int rc;

	if ((rc = cli_args(c, argc, argv)) != 0)
		return rc;
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_admin_stats(c->conn, &r, &c->err))) != 0)
		return rc;
	if (c->json)
		out_json(&r->base);
	else
		print_stats(r);
	call_free(r);
	return 0;
}
