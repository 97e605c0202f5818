#include "domain.h"

#include <stdlib.h>
#include <time.h>

#include "date.h"

struct act
act_now(struct store_txn *t, const struct scope *sc, const struct terms *terms)
{
	int64_t now = (int64_t)time(NULL);
	struct act a = { t, sc, terms, now, act_day(now) };

	return a;
}

int32_t
act_day(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int
recs_push(struct recs *r, void *rec)
{
	void **nv;

	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		if ((nv = realloc(r->v, r->cap * sizeof(*nv))) == NULL) {
			store_rec_free(rec);
			return SK_RESOURCE_EXHAUSTED;
		}
		r->v = nv;
	}
	r->v[r->n++] = rec;
	return 0;
}

void
recs_free(struct recs *r)
{
	for (size_t i = 0; i < r->n; i++)
		store_rec_free(r->v[i]);
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

int
recs_collect(void *rec, void *arg)
{
	return recs_push(arg, rec);
}
