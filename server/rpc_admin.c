/*
 * rpc_admin: the server's own figures for its administrators (sk admin
 * stats): what stats.c counted, the store's map, and the storage of each
 * unit the caller administers (authz decides which).
 */
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "rpc_impl.h"
#include "metrics.h"
#include "store.h"
#include "tlog.h"

/* The storage of unit u, as the caller may see it; NULL when not. */
static Sk__V1__UnitStorage *
unit_storage(struct rpc_ctx *x, const struct act *a, const UnitRec *u)
{
	struct scope sc = { .tenant = u->id };
	Sk__V1__UnitStorage *s;
	enum authz_rel rel;

	if (authz_relation(a->t, x->who, u->id, &rel) != 0 ||
	    !authz_allows(x->who->roles, AZ_SERVER, AZ_READ, rel))
		return NULL;
	if ((s = malloc(sizeof(*s))) == NULL)
		return NULL;
	sk__v1__unit_storage__init(s);
	if ((s->unit_code = strdup(u->code)) == NULL) {
		free(s);
		return NULL;
	}
	/* Counters the store keeps: no scan of the records. */
	(void)tlog_size(a->t, &sc, &s->log_entries);
	(void)store_seq_get(a->t, &sc, SEQ_INITIATIVE, &s->initiatives);
	(void)store_seq_get(a->t, &sc, SEQ_FILE_BYTES, &s->file_bytes);
	return s;
}

static void
read_stats(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	Sk__V1__AdminStatsResponse r = SK__V1__ADMIN_STATS_RESPONSE__INIT;
	UnitRec **units = NULL;
	size_t n = 0;

	(void)arg;
	if (metrics_fill(&r) != 0 || store_unit_list(a->t, &units, &n) != 0 ||
	    (r.units = calloc(n + 1, sizeof(*r.units))) == NULL) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "cannot gather the figures");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if ((r.units[r.n_units] = unit_storage(x, a, units[i])) != NULL)
			r.n_units++;
	store_map_use(a->t->st, &r.map_size, &r.map_used);
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_ADMIN_STATS, &r);
done:
	store_unit_list_free(units, n);
	metrics_free(&r);
}

RPC_HANDLER(rpc_admin_stats)
{
	(void)req;
	rpc_read(x, read_stats, NULL);
}
