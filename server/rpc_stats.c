/*
 * rpc_stats: the call of the reports (Stats). Decode, check the period,
 * call stats.c (which asks authz for each unit it counts), encode. The
 * answer points into the figures, which outlive its packing.
 */
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "log.h"
#include "rpc_impl.h"
#include "stats.h"

/* The period of q into sq: ISO dates, from not after to. */
static int
period(const Sk__V1__StatsRequest *q, struct stats_query *sq, struct sk_error *err)
{
	sq->from = STATS_OPEN_FROM;
	sq->to = STATS_OPEN_TO;
	if (q->from[0] != '\0' && !date_parse_iso(q->from, &sq->from))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "from: \"%s\" is not a date (YYYY-MM-DD)", q->from);
	if (q->to[0] != '\0' && !date_parse_iso(q->to, &sq->to))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "to: \"%s\" is not a date (YYYY-MM-DD)", q->to);
	if (sq->from > sq->to)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "to: %s is before from, %s: the period is empty", q->to, q->from);
	return 0;
}

/* The wire form of the figures: arrays that point into them. */
struct wire {
	Sk__V1__StatsRow *rows, **rowp;
	Sk__V1__StatsLate *late, **latep;
	Sk__V1__StatsCredit *credits, **creditp;
	Sk__V1__StatsAuthor *authors, **authorp;
	char (*due)[16];
};

static void
wire_free(struct wire *w)
{
	free(w->rows);
	free(w->rowp);
	free(w->late);
	free(w->latep);
	free(w->credits);
	free(w->creditp);
	free(w->authors);
	free(w->authorp);
	free(w->due);
}

static void
row_out(Sk__V1__StatsRow *m, struct stats_row *r)
{
	const struct stats_count *c = &r->c;

	sk__v1__stats_row__init(m);
	m->key = r->key;
	m->name = r->name;
	m->n_by_state = STATS_STATES;
	m->by_state = r->c.by_state;
	m->registered = c->registered;
	m->applied = c->applied;
	m->accepted = c->accepted;
	m->recognised = c->recognised;
	m->not_recognised = c->not_recognised;
	m->refused = c->refused;
	m->forwarded = c->forwarded;
	m->recognised_above = c->recognised_above;
	m->overdue = c->overdue;
	m->pending = c->pending;
	m->decided = (uint32_t)c->days.n;
	stats_days_summary(&r->c.days, &m->days_median, &m->days_max);
}

/* Rows v[0..n) into the wire's rows from *at on: their pointers. */
static Sk__V1__StatsRow **
rows_out(struct wire *w, size_t *at, struct stats_row *v, size_t n)
{
	Sk__V1__StatsRow **first = &w->rowp[*at];

	for (size_t i = 0; i < n; i++, (*at)++) {
		row_out(&w->rows[*at], &v[i]);
		w->rowp[*at] = &w->rows[*at];
	}
	return first;
}

static void
late_out(struct wire *w, const struct stats *s)
{
	for (size_t i = 0; i < s->nlate; i++) {
		Sk__V1__StatsLate *m = &w->late[i];
		const struct stats_late *l = &s->late[i];

		sk__v1__stats_late__init(m);
		date_format_iso(l->due, w->due[i], sizeof(w->due[i]));
		m->unit_code = l->unit_code;
		m->initiative_id = l->id;
		m->title = l->title;
		m->state = (Sk__V1__State)l->state;
		m->what = (char *)l->what;
		m->due_on = w->due[i];
		m->days_late = l->days_late;
		m->category = l->category;
		w->latep[i] = m;
	}
}

static void
authors_out(struct wire *w, const struct stats *s)
{
	for (size_t i = 0; i < s->ncredits; i++) {
		Sk__V1__StatsCredit *m = &w->credits[i];
		const struct stats_credit *c = &s->credits[i];

		sk__v1__stats_credit__init(m);
		m->unit_code = c->unit_code;
		m->initiative_id = c->id;
		m->title = c->title;
		m->share = c->share;
		m->decision_number = c->decision_number;
		m->decision_signed_on = c->signed_on;
		m->origin_code = c->origin_code;
		m->category = c->category;
		m->award = c->award;
		w->creditp[i] = m;
	}
	for (size_t i = 0; i < s->nauthors; i++) {
		Sk__V1__StatsAuthor *m = &w->authors[i];
		const struct stats_author *au = &s->authors[i];

		sk__v1__stats_author__init(m);
		m->name = s->credits[au->first].name;
		m->workplace = s->credits[au->first].workplace;
		m->recognised = (uint32_t)au->n;
		m->shares = au->shares;
		m->n_credits = au->n;
		m->credits = &w->creditp[au->first];
		w->authorp[i] = m;
	}
}

static int
wire_alloc(struct wire *w, const struct stats *s, size_t nrows)
{
	memset(w, 0, sizeof(*w));
	w->rows = calloc(nrows, sizeof(*w->rows));
	w->rowp = calloc(nrows, sizeof(*w->rowp));
	w->late = calloc(s->nlate + 1, sizeof(*w->late));
	w->latep = calloc(s->nlate + 1, sizeof(*w->latep));
	w->due = calloc(s->nlate + 1, sizeof(*w->due));
	w->credits = calloc(s->ncredits + 1, sizeof(*w->credits));
	w->creditp = calloc(s->ncredits + 1, sizeof(*w->creditp));
	w->authors = calloc(s->nauthors + 1, sizeof(*w->authors));
	w->authorp = calloc(s->nauthors + 1, sizeof(*w->authorp));
	return w->rows && w->rowp && w->late && w->latep && w->due && w->credits &&
	        w->creditp && w->authors && w->authorp ?
	    0 :
	    -1;
}

static void
reply_stats(struct rpc_ctx *x, const struct act *a, const Sk__V1__StatsRequest *q,
    struct stats *s)
{
	Sk__V1__StatsResponse sr = SK__V1__STATS_RESPONSE__INIT;
	size_t nrows = 1 + s->nunits + s->ncategories + s->nsectors + s->nrounds, at = 0;
	char today[16];
	struct wire w;

	if (wire_alloc(&w, s, nrows) != 0) {
		rpc_reply_code(x, SK_RESOURCE_EXHAUSTED, "out of memory");
		wire_free(&w);
		return;
	}
	date_format_iso(a->today, today, sizeof(today));
	sr.as_of = today;
	sr.from = q->from;
	sr.to = q->to;
	sr.round_id = q->round_id;
	sr.total = *rows_out(&w, &at, &s->total, 1);
	sr.n_units = s->nunits;
	sr.units = rows_out(&w, &at, s->units, s->nunits);
	sr.n_categories = s->ncategories;
	sr.categories = rows_out(&w, &at, s->categories, s->ncategories);
	sr.n_sectors = s->nsectors;
	sr.sectors = rows_out(&w, &at, s->sectors, s->nsectors);
	sr.n_rounds = s->nrounds;
	sr.rounds = rows_out(&w, &at, s->rounds, s->nrounds);
	late_out(&w, s);
	sr.n_overdue = s->nlate;
	sr.overdue = w.latep;
	authors_out(&w, s);
	sr.n_authors = s->nauthors;
	sr.authors = w.authorp;
	log_debug("%s: figures of %zu units, %zu authors", x->who->login, s->nunits,
	    s->nauthors);
	rpc_reply_result(x, SK__V1__RESPONSE__RESULT_STATS, &sr);
	wire_free(&w);
}

static void
read_stats(struct rpc_ctx *x, const struct act *a, const void *arg)
{
	const Sk__V1__StatsRequest *q = arg;
	struct stats_query sq = { .unit_code = q->unit_code, .round_id = q->round_id };
	struct sk_error err = { 0 };
	struct stats s;

	if (period(q, &sq, &err) != 0) {
		rpc_reply_error(x, &err);
		return;
	}
	if (stats_compute(a, &sq, &s, &err) != 0)
		rpc_reply_error(x, &err);
	else
		reply_stats(x, a, q, &s);
	stats_free(&s);
}

RPC_HANDLER(rpc_stats)
{
	rpc_read(x, read_stats, req->stats);
}
