/*
 * metrics: what the server has done since it started, for sk admin stats:
 * connections, requests per call and their latency, the writer's batches
 * and commit times. Counters are atomic: the event loop, the writer and
 * the puller record into them without locks. Latencies go into
 * histograms of powers of two of microseconds, so percentiles are the
 * upper bounds of their buckets (good to a factor of two, at no cost).
 */
#ifndef SK_METRICS_H
#define SK_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sk.pb-c.h"

/* Microseconds on the monotonic clock. */
uint64_t metrics_now_us(void);

void metrics_start(void);
void metrics_conn_open(void);
void metrics_conn_close(void);
void metrics_handshake_failed(void);

/* A request of call (sk.v1.Request's call case) answered, refused or
 * not, us microseconds after it was read. */
void metrics_request(unsigned call, bool refused, uint64_t us);

/* A batch of ops writes committed in us microseconds. */
void metrics_batch(size_t ops, uint64_t us);

/* The figures into r (its strings and arrays the caller's: metrics_free). */
int metrics_fill(Sk__V1__AdminStatsResponse *r);
void metrics_free(Sk__V1__AdminStatsResponse *r);

/* Percentiles of a histogram (exposed for tests): buckets[i] counts
 * latencies below 2^i microseconds and at least 2^(i-1). */
#define METRICS_BUCKETS 40
void metrics_percentiles(const uint64_t *buckets, Sk__V1__Percentiles *p);

#endif
