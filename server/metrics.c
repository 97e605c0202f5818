/* metrics: the server's own figures; see metrics.h. */
#include "metrics.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define METRICS_CALLS 256 /* call cases are field numbers of sk.v1.Request */

struct hist {
	_Atomic uint64_t b[METRICS_BUCKETS];
	_Atomic uint64_t max_us;
};

static struct {
	int64_t started_at;
	_Atomic uint64_t conns_open, conns_total, handshakes_failed;
	_Atomic uint64_t requests[METRICS_CALLS], refused[METRICS_CALLS];
	struct hist latency, commit;
	_Atomic uint64_t batches, batch_ops, batch_max;
} st;

uint64_t
metrics_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void
metrics_start(void)
{
	st.started_at = time(NULL);
}

void
metrics_conn_open(void)
{
	atomic_fetch_add(&st.conns_open, 1);
	atomic_fetch_add(&st.conns_total, 1);
}

void
metrics_conn_close(void)
{
	atomic_fetch_sub(&st.conns_open, 1);
}

void
metrics_handshake_failed(void)
{
	atomic_fetch_add(&st.handshakes_failed, 1);
}

static void
hist_add(struct hist *h, uint64_t us)
{
	unsigned i = 0;
	uint64_t max = atomic_load(&h->max_us);

	while (i < METRICS_BUCKETS - 1 && (us >> i) != 0)
		i++;
	atomic_fetch_add(&h->b[i], 1);
	while (us > max && !atomic_compare_exchange_weak(&h->max_us, &max, us))
		;
}

void
metrics_request(unsigned call, bool refused, uint64_t us)
{
	if (call >= METRICS_CALLS)
		call = 0;
	atomic_fetch_add(&st.requests[call], 1);
	if (refused)
		atomic_fetch_add(&st.refused[call], 1);
	hist_add(&st.latency, us);
}

void
metrics_batch(size_t ops, uint64_t us)
{
	uint64_t max = atomic_load(&st.batch_max);

	atomic_fetch_add(&st.batches, 1);
	atomic_fetch_add(&st.batch_ops, ops);
	while (ops > max && !atomic_compare_exchange_weak(&st.batch_max, &max, ops))
		;
	hist_add(&st.commit, us);
}

/* The upper bound, in ms, of the bucket holding the q-th share. */
static double
bucket_ms(const uint64_t *b, uint64_t total, double q)
{
	uint64_t want = (uint64_t)((double)total * q + 0.5), seen = 0;

	if (want == 0)
		want = 1;
	for (unsigned i = 0; i < METRICS_BUCKETS; i++) {
		seen += b[i];
		if (seen >= want)
			return (double)((uint64_t)1 << i) / 1000.0;
	}
	return 0;
}

void
metrics_percentiles(const uint64_t *b, Sk__V1__Percentiles *p)
{
	uint64_t total = 0;

	for (unsigned i = 0; i < METRICS_BUCKETS; i++)
		total += b[i];
	p->count = total;
	if (total == 0)
		return;
	p->p50_ms = bucket_ms(b, total, 0.50);
	p->p90_ms = bucket_ms(b, total, 0.90);
	p->p99_ms = bucket_ms(b, total, 0.99);
}

static Sk__V1__Percentiles *
hist_fill(struct hist *h)
{
	Sk__V1__Percentiles *p = malloc(sizeof(*p));
	uint64_t b[METRICS_BUCKETS];

	if (p == NULL)
		return NULL;
	sk__v1__percentiles__init(p);
	for (unsigned i = 0; i < METRICS_BUCKETS; i++)
		b[i] = atomic_load(&h->b[i]);
	metrics_percentiles(b, p);
	p->max_ms = (double)atomic_load(&h->max_us) / 1000.0;
	/* A bucket's bound may pass the largest seen: never say more. */
	p->p50_ms = p->p50_ms < p->max_ms ? p->p50_ms : p->max_ms;
	p->p90_ms = p->p90_ms < p->max_ms ? p->p90_ms : p->max_ms;
	p->p99_ms = p->p99_ms < p->max_ms ? p->p99_ms : p->max_ms;
	return p;
}

static int
cmp_calls(const void *a, const void *b)
{
	const Sk__V1__CallStats *x = *(Sk__V1__CallStats *const *)a;
	const Sk__V1__CallStats *y = *(Sk__V1__CallStats *const *)b;

	return x->requests < y->requests ? 1 : x->requests > y->requests ? -1 : 0;
}

int
metrics_fill(Sk__V1__AdminStatsResponse *r)
{
	size_t n = 0;

	r->started_at = st.started_at;
	r->connections_open = atomic_load(&st.conns_open);
	r->connections_total = atomic_load(&st.conns_total);
	r->handshakes_failed = atomic_load(&st.handshakes_failed);
	r->batches = atomic_load(&st.batches);
	r->batch_ops = atomic_load(&st.batch_ops);
	r->batch_max = atomic_load(&st.batch_max);
	if ((r->latency = hist_fill(&st.latency)) == NULL ||
	    (r->commit = hist_fill(&st.commit)) == NULL ||
	    (r->calls = calloc(METRICS_CALLS, sizeof(*r->calls))) == NULL)
		return -1;
	for (unsigned c = 0; c < METRICS_CALLS; c++) {
		uint64_t k = atomic_load(&st.requests[c]);
		const ProtobufCFieldDescriptor *f =
		    protobuf_c_message_descriptor_get_field(&sk__v1__request__descriptor,
		        c);
		Sk__V1__CallStats *cs;

		if (k == 0 || (cs = malloc(sizeof(*cs))) == NULL)
			continue;
		sk__v1__call_stats__init(cs);
		/* The call as the protocol names it: initiative_get, ... */
		cs->call = (char *)(f != NULL ? f->name : "(no call)");
		cs->requests = k;
		cs->refused = atomic_load(&st.refused[c]);
		r->calls[n++] = cs;
	}
	r->n_calls = n;
	qsort(r->calls, n, sizeof(*r->calls), cmp_calls);
	return 0;
}

void
metrics_free(Sk__V1__AdminStatsResponse *r)
{
	for (size_t i = 0; i < r->n_calls; i++)
		free(r->calls[i]);
	free(r->calls);
	free(r->latency);
	free(r->commit);
	for (size_t i = 0; i < r->n_units; i++) {
		free(r->units[i]->unit_code);
		free(r->units[i]);
	}
	free(r->units);
	r->calls = NULL, r->units = NULL, r->latency = r->commit = NULL;
	r->n_calls = r->n_units = 0;
}
