#include "round.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "tlog.h"
#include "validate.h"

int
round_check(const char *name, const char *opens_on, const char *closes_on, int32_t today,
    struct sk_error *err)
{
	int32_t open, close;

	if (validate_name("name", name, err) != 0)
		return err->code;
	if (!date_parse_iso(opens_on, &open))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "opens_on: not a date in YYYY-MM-DD form");
	if (!date_parse_iso(closes_on, &close))
		return status_set(err, SK_INVALID_ARGUMENT,
		    "closes_on: not a date in YYYY-MM-DD form");
	if (close < open)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "closes_on: %s is before the opening, %s", closes_on, opens_on);
	if (close < today)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "closes_on: %s has passed already", closes_on);
	return 0;
}

/* Store r with its entry in the unit's log. */
static int
round_keep(const struct act *a, const RoundRec *r, const char *action,
    struct sk_error *err)
{
	char object[32], note[300];
	int rc;

	snprintf(object, sizeof(object), "round/%" PRIu64, r->id);
	snprintf(note, sizeof(note), "%s: %s to %s", r->name, r->opens_on, r->closes_on);
	if ((rc = store_round_put(a->t, a->sc, r)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, action, object, &r->base, note)) != 0)
		return status_set(err, rc, "cannot store the round");
	return 0;
}

int
round_create(const struct act *a, const char *name, const char *opens_on,
    const char *closes_on, RoundRec **out, struct sk_error *err)
{
	RoundRec in = SK__STORE__V1__ROUND_REC__INIT, *r;
	int rc;

	*out = NULL;
	in.unit_id = a->sc->tenant;
	in.name = (char *)name;
	in.opens_on = (char *)opens_on;
	in.closes_on = (char *)closes_on;
	in.created_by = (char *)a->sc->login;
	in.created_at = a->now;
	if ((r = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_seq_next(a->t, a->sc, SEQ_ROUND, &r->id)) != 0) {
		status_set(err, rc, "cannot number the round");
		goto fail;
	}
	if ((rc = round_keep(a, r, "round.create", err)) != 0)
		goto fail;
	*out = r;
	return 0;
fail:
	store_rec_free(r);
	return rc;
}

static int
round_load(const struct act *a, uint64_t id, RoundRec **r, struct sk_error *err)
{
	int rc = store_round_get(a->t, a->sc, id, r);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "round %" PRIu64 " not found in your unit",
		    id);
	if (rc != 0)
		return status_set(err, rc, "cannot read round %" PRIu64, id);
	return 0;
}

int
round_close(const struct act *a, uint64_t id, RoundRec **out, struct sk_error *err)
{
	RoundRec *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = round_load(a, id, &r, err)) != 0)
		return rc;
	if (r->closed)
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "round %" PRIu64 " is closed already", id);
	else {
		r->closed = true;
		r->closed_at = a->now;
		rc = round_keep(a, r, "round.close", err);
	}
	if (rc != 0) {
		store_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
round_list(const struct act *a, struct recs *out, struct sk_error *err)
{
	memset(out, 0, sizeof(*out));
	if (store_round_scan(a->t, a->sc, recs_collect, out) != 0) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the rounds");
	}
	return 0;
}

bool
round_open_on(const RoundRec *r, int32_t day)
{
	int32_t open, close;

	return !r->closed && date_parse_iso(r->opens_on, &open) &&
	    date_parse_iso(r->closes_on, &close) && open <= day && day <= close;
}

/* Of the rounds of a's unit, the open one closing first and the next to
 * open, by the act's day. */
struct pick {
	int32_t today;
	RoundRec *open, *next;
	int32_t open_close, next_open;
};

static int
pick_cb(void *rec, void *arg)
{
	struct pick *p = arg;
	RoundRec *r = rec;
	int32_t open, close;

	if (!r->closed && date_parse_iso(r->opens_on, &open) &&
	    date_parse_iso(r->closes_on, &close)) {
		if (round_open_on(r, p->today) &&
		    (p->open == NULL || close < p->open_close)) {
			store_rec_free(p->open);
			p->open = r, p->open_close = close;
			return 0;
		}
		if (open > p->today && (p->next == NULL || open < p->next_open)) {
			store_rec_free(p->next);
			p->next = r, p->next_open = open;
			return 0;
		}
	}
	store_rec_free(r);
	return 0;
}

/* The round p found, or a refusal naming the next one. */
static int
pick_result(struct pick *p, RoundRec **out, struct sk_error *err)
{
	char on[16];
	int rc;

	if (p->open != NULL) {
		*out = p->open;
		p->open = NULL;
		rc = 0;
	} else if (p->next != NULL) {
		date_format_vn(p->next_open, on, sizeof(on));
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "no round is open today; the next, round %" PRIu64
		    " \"%s\", opens on %s",
		    p->next->id, p->next->name, on);
	} else
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "no round is open today and none is planned");
	store_rec_free(p->open);
	store_rec_free(p->next);
	return rc;
}

int
round_current(const struct act *a, RoundRec **out, struct sk_error *err)
{
	struct pick p = { .today = a->today };

	*out = NULL;
	if (store_round_scan(a->t, a->sc, pick_cb, &p) != 0) {
		store_rec_free(p.open);
		store_rec_free(p.next);
		return status_set(err, SK_INTERNAL, "cannot read the rounds");
	}
	return pick_result(&p, out, err);
}

int
round_pick(RoundRec *const *v, size_t n, int32_t today, RoundRec **out,
    struct sk_error *err)
{
	struct pick p = { .today = today };
	RoundRec *c;

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		if ((c = rec_clone(&v[i]->base)) == NULL) {
			store_rec_free(p.open);
			store_rec_free(p.next);
			return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		}
		pick_cb(c, &p);
	}
	return pick_result(&p, out, err);
}
