/*
 * bench_tlog: proofs over a decision log of a million entries.
 *
 *   bench_tlog [ENTRIES]     (default 1 000 000)
 *
 * Builds the tree in a temporary LMDB store, then measures inclusion and
 * consistency proofs: time per proof (percentiles) and stored hashes read
 * per proof, against the baseline of recomputing the same root from every
 * leaf. Prints figures; asserts nothing about time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "merkle.h"
#include "store.h"
#include "tbench.h"
#include "tlog.h"

int
main(int argc, char **argv)
{
	enum { SAMPLES = 2000 };
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	struct store_opts o = { (size_t)256 << 20, (size_t)8 << 30, true };
	char dir[] = "/tmp/sk-bench-tlog.XXXXXX", path[64];
	struct scope sc = { .tenant = 1, .login = "bench" };
	struct sk_error err = { 0 };
	static double inc[SAMPLES], con[SAMPLES];
	merkle_hash proof[TLOG_PROOF_MAX], leaf, root, *leaves;
	unsigned long reads_inc = 0, reads_con = 0, r0;
	struct store *st = NULL;
	struct store_txn t;
	double t0, build, naive;
	uint32_t x = 7;
	size_t np;
	bool made_dir = false;
	int rc = 1;

	if (n < 2) {
		fprintf(stderr, "bench_tlog: ENTRIES must be at least 2\n");
		return 1;
	}
	if ((leaves = calloc(n, sizeof(*leaves))) == NULL) {
		fprintf(stderr, "bench_tlog: cannot set up (no memory for %llu leaves)\n",
		    (unsigned long long)n);
		return 1;
	}
	if (mkdtemp(dir) == NULL) {
		fprintf(stderr, "bench_tlog: cannot set up (no temporary directory)\n");
		goto out;
	}
	made_dir = true;
	if (store_open(&st, dir, &o, &err) != 0) {
		fprintf(stderr, "bench_tlog: cannot set up (%s)\n", err.msg);
		goto out;
	}
	t0 = now_ms();
	if (store_write_begin(st, NULL, &t) != 0)
		goto out;
	for (uint64_t i = 0; i < n; i++) {
		merkle_leaf(&i, sizeof(i), leaves[i]);
		if (tlog_append_leaf(&t, &sc, leaves[i]) != 0) {
			store_abort(&t);
			goto out;
		}
	}
	if (store_commit(&t, &err) != 0)
		goto out;
	build = now_ms() - t0;
	store_read_begin(st, &t);
	for (int k = 0; k < SAMPLES; k++) {
		uint64_t size, i, m;

		x = x * 1103515245u + 12345u;
		size = n / 2 + x % (n / 2) + 1;
		x = x * 1103515245u + 12345u;
		i = x % size;
		m = 1 + x % size;
		r0 = tlog_node_reads();
		t0 = now_ms();
		tlog_inclusion(&t, &sc, i, size, proof, &np);
		inc[k] = now_ms() - t0;
		reads_inc += tlog_node_reads() - r0;
		r0 = tlog_node_reads();
		t0 = now_ms();
		tlog_consistency(&t, &sc, m, size, proof, &np);
		con[k] = now_ms() - t0;
		reads_con += tlog_node_reads() - r0;
	}
	/* Baseline: the root recomputed from every leaf, as without stored nodes. */
	t0 = now_ms();
	merkle_root(leaves, n, root);
	naive = now_ms() - t0;
	tlog_root(&t, &sc, n, leaf);
	store_read_end(&t);
	qsort(inc, SAMPLES, sizeof(double), cmp_double);
	qsort(con, SAMPLES, sizeof(double), cmp_double);
	printf("decision log of %llu entries: built in %.0f ms (%.1f µs per append)\n",
	    (unsigned long long)n, build, build * 1e3 / (double)n);
	printf("inclusion proof:   p50 %6.1f µs  p99 %6.1f µs  %5.1f hashes read per proof\n",
	    inc[SAMPLES / 2] * 1e3, inc[SAMPLES * 99 / 100] * 1e3,
	    (double)reads_inc / SAMPLES);
	printf("consistency proof: p50 %6.1f µs  p99 %6.1f µs  %5.1f hashes read per proof\n",
	    con[SAMPLES / 2] * 1e3, con[SAMPLES * 99 / 100] * 1e3,
	    (double)reads_con / SAMPLES);
	printf("baseline, root from all %llu leaves: %.1f ms (%llu hashes); stored root %s\n",
	    (unsigned long long)n, naive, (unsigned long long)(2 * n - 1),
	    memcmp(root, leaf, MERKLE_HASH_LEN) == 0 ? "matches" : "DIFFERS");
	rc = 0;
out:
	if (st != NULL)
		store_close(st);
	if (made_dir) {
		snprintf(path, sizeof(path), "%s/data.mdb", dir);
		unlink(path);
		snprintf(path, sizeof(path), "%s/lock.mdb", dir);
		unlink(path);
		rmdir(dir);
	}
	free(leaves);
	return rc;
}
