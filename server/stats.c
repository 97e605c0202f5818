#include "stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "authz.h"
#include "categories.h"
#include "date.h"
#include "initiative.h"
#include "sectors.h"
#include "sk.pb-c.h"
#include "text.h"

#define S(x) SK__V1__STATE__STATE_##x
#define STAGE(x) SK__V1__FORWARD__STAGE__##x
#define FOLD_MAX 512 /* bytes of a folded name or workplace */
#define WHAT "reading the figures of reports"

/* ---- growing arrays ------------------------------------------------------------- */

/* Room for one more of size bytes at (*v)[n]: 0, or -1 out of memory. */
static int
grow(void *vp, size_t *cap, size_t n, size_t size)
{
	void **v = vp, *nv;
	size_t want = *cap ? *cap * 2 : 16;

	if (n < *cap)
		return 0;
	if ((nv = realloc(*v, want * size)) == NULL)
		return -1;
	*v = nv;
	*cap = want;
	return 0;
}

/* qsort, for arrays that may be empty (and NULL). */
static void
sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(v, n, size, cmp);
}

static char *
dup(const char *s)
{
	return strdup(s != NULL ? s : "");
}

/* ---- one pass ------------------------------------------------------------------- */

/* A decision or a session of the unit counted: the day it was made. Few
 * per unit, each shared by many initiatives: read once. */
struct made {
	uint64_t id;
	int32_t day; /* 0 with ok false: unreadable */
	bool ok;
	char *number; /* a decision's, owned */
};

struct made_cache {
	struct made *v;
	size_t n, cap;
};

/* The work of stats_compute. */
struct pass {
	const struct act *a; /* the caller's, in their own unit */
	struct act in;       /* the same, in the unit counted now */
	struct scope sc;     /* that unit's, from authz */
	const struct stats_query *q;
	struct stats *s;
	size_t cap_units, cap_categories, cap_sectors, cap_rounds, cap_late, cap_credits;
	const UnitRec *unit; /* counted now */
	size_t unit_row;
	uint32_t round_level; /* the unit whose rounds q->round_id and "N" keys name */
	uint32_t other_level; /* another level met last, and its code */
	char other_code[64];
	struct made_cache decisions, sessions;
	int rc; /* why a scan stopped */
};

static void
made_reset(struct made_cache *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i].number);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/*
 * The entry of id in c, kept in id order: found, or a new one (*fresh)
 * put in its place; NULL out of memory. Entries move when one is added.
 */
static struct made *
made_slot(struct made_cache *c, uint64_t id, bool *fresh)
{
	size_t lo = 0, hi = c->n;

	*fresh = false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (c->v[mid].id == id)
			return &c->v[mid];
		if (c->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (grow(&c->v, &c->cap, c->n, sizeof(*c->v)) != 0)
		return NULL;
	memmove(&c->v[lo + 1], &c->v[lo], (c->n - lo) * sizeof(*c->v));
	memset(&c->v[lo], 0, sizeof(*c->v));
	c->v[lo].id = id;
	c->n++;
	*fresh = true;
	return &c->v[lo];
}

/* The day decision id of the unit counted was signed, and its number;
 * NULL out of memory. */
static const struct made *
decision_made(struct pass *p, uint64_t id)
{
	DecisionRec *d = NULL;
	bool fresh;
	struct made *m = made_slot(&p->decisions, id, &fresh);

	if (m == NULL || !fresh)
		return m;
	if (store_decision_get(p->in.t, &p->sc, id, &d) == 0)
		m->ok = date_parse_iso(d->signed_on, &m->day);
	m->number = dup(d != NULL ? d->number : "");
	store_rec_free(d);
	return m->number != NULL ? m : NULL;
}

/* The day session id of the unit counted was closed; NULL out of memory. */
static const struct made *
session_made(struct pass *p, uint64_t id)
{
	SessionRec *s = NULL;
	bool fresh;
	struct made *m = made_slot(&p->sessions, id, &fresh);

	if (m == NULL || !fresh)
		return m;
	if (store_session_get(p->in.t, &p->sc, id, &s) == 0 && s->closed) {
		m->day = act_day(s->closed_at);
		m->ok = true;
	}
	store_rec_free(s);
	return m;
}

/* What one initiative adds to the rows it is counted in. */
struct facts {
	bool begun, registered, applied, accepted, recognised, not_recognised;
	bool refused, forwarded, recognised_above, pending;
	const char *late;       /* initiative_late's, or NULL */
	int32_t due;            /* when late */
	bool timed;             /* decided in the period, from a receipt */
	uint32_t days;          /* from the receipt to the decision */
	const struct made *dec; /* recognised in the period: its decision */
};

static bool
in_period(const struct stats_query *q, int32_t day)
{
	return day >= q->from && day <= q->to;
}

static bool
iso_in_period(const struct stats_query *q, const char *iso)
{
	int32_t day;

	return iso != NULL && date_parse_iso(iso, &day) && in_period(q, day);
}

/* The day it was decided (recognised by a decision, or not by a
 * session), if in the period; 0 with false otherwise. */
static bool
decided(struct pass *p, const InitiativeRec *r, struct facts *f, int32_t *day)
{
	const struct made *m = NULL;

	if (r->state == S(RECOGNISED) && r->decision_id != 0)
		m = decision_made(p, r->decision_id);
	else if (r->state == S(NOT_RECOGNISED) && r->outcome != NULL)
		m = session_made(p, r->outcome->session_id);
	else
		return false;
	if (m == NULL)
		p->rc = SK_RESOURCE_EXHAUSTED;
	if (m == NULL || !m->ok || !in_period(p->q, m->day))
		return false;
	*day = m->day;
	f->recognised = r->state == S(RECOGNISED);
	f->not_recognised = !f->recognised;
	f->dec = f->recognised ? m : NULL;
	return true;
}

static void
facts_of(struct pass *p, const InitiativeRec *r, struct facts *f)
{
	const struct stats_query *q = p->q;
	const ForwardRec *fw = r->forward;
	bool copy = r->origin != NULL;
	int32_t on, accepted;

	memset(f, 0, sizeof(*f));
	f->begun = in_period(q, act_day(r->created_at));
	/* A copy was registered, if ever, at its unit; here it was received. */
	f->registered = !copy && iso_in_period(q, r->registered_on);
	f->applied = copy ? f->begun : iso_in_period(q, r->filed_on);
	f->accepted = r->receipt != NULL && iso_in_period(q, r->receipt->accepted_on);
	f->refused = r->state == S(REFUSED) && r->notice != NULL &&
	    r->notice->action == SK__V1__ACTION__REFUSE &&
	    iso_in_period(q, r->notice->issued_on);
	f->forwarded =
	    fw != NULL && fw->stage >= STAGE(SENT) && iso_in_period(q, fw->sent_on);
	f->recognised_above = fw != NULL && fw->stage == STAGE(RECOGNISED) &&
	    iso_in_period(q, fw->result_on);
	f->pending = r->state == S(ACCEPTED) || r->state == S(IN_REVIEW);
	f->late = initiative_late(&p->in, r, &f->due);
	if (decided(p, r, f, &on) && r->receipt != NULL &&
	    date_parse_iso(r->receipt->accepted_on, &accepted)) {
		f->timed = true;
		f->days = on > accepted ? (uint32_t)(on - accepted) : 0;
	}
}

static int
count_add(struct stats_count *c, const InitiativeRec *r, const struct facts *f)
{
	if (f->begun && r->state < STATS_STATES)
		c->by_state[r->state]++;
	c->registered += f->registered;
	c->applied += f->applied;
	c->accepted += f->accepted;
	c->recognised += f->recognised;
	c->not_recognised += f->not_recognised;
	c->refused += f->refused;
	c->forwarded += f->forwarded;
	c->recognised_above += f->recognised_above;
	c->overdue += f->late != NULL;
	c->pending += f->pending;
	if (!f->timed)
		return 0;
	if (grow(&c->days.v, &c->days.cap, c->days.n, sizeof(*c->days.v)) != 0)
		return SK_RESOURCE_EXHAUSTED;
	c->days.v[c->days.n++] = f->days;
	return 0;
}

/* ---- rows by key ----------------------------------------------------------------- */

static int
row_init(struct stats_row *row, const char *key, const char *name)
{
	memset(row, 0, sizeof(*row));
	if ((row->key = dup(key)) == NULL || (row->name = dup(name)) == NULL)
		return -1;
	return 0;
}

static void
row_free(struct stats_row *row)
{
	free(row->key);
	free(row->name);
	free(row->c.days.v);
}

/* The index of the row with key in v[0..n), or n when there is none. */
static size_t
row_find(const struct stats_row *v, size_t n, const char *key)
{
	size_t i = 0;

	while (i < n && strcmp(v[i].key, key) != 0)
		i++;
	return i;
}

/* Append a row (key, name): its index, or -1 out of memory. */
static int
row_add(struct stats_row **v, size_t *n, size_t *cap, const char *key, const char *name)
{
	if (grow(v, cap, *n, sizeof(**v)) != 0 || row_init(&(*v)[*n], key, name) != 0)
		return -1;
	return (int)(*n)++;
}

/* The name of round id of level, if the caller may read that level's
 * rounds or its figures; "" otherwise. */
static void
round_name(struct pass *p, uint32_t level, uint64_t id, char *buf, size_t sz)
{
	struct sk_error none = { 0 };
	RoundRec *r = NULL;
	struct scope sc;

	buf[0] = '\0';
	if (level == 0 ||
	    (authz_scope_from(p->a->t, p->a->sc, AZ_ROUND, AZ_READ, WHAT, level, &sc,
	         &none) != 0 &&
	        authz_scope_from(p->a->t, p->a->sc, AZ_STATS, AZ_READ, WHAT, level, &sc,
	            &none) != 0))
		return;
	if (store_round_get(p->a->t, &sc, id, &r) == 0)
		snprintf(buf, sz, "%s", r->name);
	store_rec_free(r);
}

/* The round r went up in, or came here in (a copy), and the unit whose
 * round it is: 0 when none. */
static uint64_t
round_of(const struct pass *p, const InitiativeRec *r, uint32_t *level)
{
	*level = 0;
	if (r->origin != NULL) {
		*level = p->unit->id;
		return r->origin->round_id;
	}
	if (r->forward != NULL && r->forward->round_id != 0) {
		*level = r->forward->to_unit;
		return r->forward->round_id;
	}
	return 0;
}

/* The row of r's round ("N", "CODE/N" for another level's, "" for none). */
static int
round_row(struct pass *p, const InitiativeRec *r)
{
	struct stats *s = p->s;
	char key[96], name[256] = "";
	uint32_t level;
	uint64_t id = round_of(p, r, &level);
	UnitRec *u = NULL;
	size_t at;

	key[0] = '\0';
	/* Another level's round (a unit two levels below forwards to the one
	 * between): named by its code, read once. */
	if (id != 0 && level != p->round_level && level != p->other_level) {
		p->other_level = level;
		snprintf(p->other_code, sizeof(p->other_code), "%" PRIu32, level);
		if (store_unit_get(p->a->t, level, &u) == 0)
			snprintf(p->other_code, sizeof(p->other_code), "%s", u->code);
		store_rec_free(u);
	}
	if (id != 0 && level == p->round_level)
		snprintf(key, sizeof(key), "%" PRIu64, id);
	else if (id != 0)
		snprintf(key, sizeof(key), "%s/%" PRIu64, p->other_code, id);
	if ((at = row_find(s->rounds, s->nrounds, key)) < s->nrounds)
		return (int)at;
	if (id != 0)
		round_name(p, level, id, name, sizeof(name));
	return row_add(&s->rounds, &s->nrounds, &p->cap_rounds, key, name);
}

static int
category_row(struct pass *p, const InitiativeRec *r)
{
	struct stats *s = p->s;
	const char *name = NULL;
	char key[16];
	size_t at;

	snprintf(key, sizeof(key), "%" PRIu32, r->category);
	if ((at = row_find(s->categories, s->ncategories, key)) < s->ncategories)
		return (int)at;
	if (p->a->terms->categories != NULL)
		name = categories_name(p->a->terms->categories, r->category);
	return row_add(&s->categories, &s->ncategories, &p->cap_categories, key, name);
}

/* The sector it went up in (or came here in): "" when none. */
static int
sector_row(struct pass *p, const InitiativeRec *r)
{
	struct stats *s = p->s;
	const char *code = r->origin != NULL ? r->origin->sector :
	    r->forward != NULL               ? r->forward->sector :
	                                       "";
	const struct sector *sec = NULL;
	size_t at;

	if ((at = row_find(s->sectors, s->nsectors, code)) < s->nsectors)
		return (int)at;
	if (p->a->terms->sectors != NULL)
		sec = sectors_find(p->a->terms->sectors, code);
	return row_add(&s->sectors, &s->nsectors, &p->cap_sectors, code,
	    sec != NULL ? sec->name : "");
}

/* ---- lists: what is late, who is recognised ------------------------------------ */

static int
late_add(struct pass *p, const InitiativeRec *r, const struct facts *f)
{
	struct stats *s = p->s;
	struct stats_late *l;

	if (grow(&s->late, &p->cap_late, s->nlate, sizeof(*l)) != 0)
		return SK_RESOURCE_EXHAUSTED;
	l = &s->late[s->nlate];
	memset(l, 0, sizeof(*l));
	l->id = r->id;
	l->state = r->state;
	l->category = r->category;
	l->what = f->late;
	l->due = f->due;
	l->days_late = p->in.today - f->due;
	if ((l->unit_code = dup(p->unit->code)) == NULL ||
	    (l->title = dup(r->title)) == NULL) {
		free(l->unit_code);
		return SK_RESOURCE_EXHAUSTED;
	}
	s->nlate++;
	return 0;
}

static void
credit_free(struct stats_credit *c)
{
	free(c->key);
	free(c->name);
	free(c->workplace);
	free(c->unit_code);
	free(c->title);
	free(c->decision_number);
	free(c->signed_on);
	free(c->origin_code);
	free(c->award);
}

/* "folded name \x1f folded workplace": one person, however typed. */
static char *
author_key(const AuthorRec *au)
{
	char name[FOLD_MAX], place[FOLD_MAX], *key;
	size_t n = text_fold(au->name, name, sizeof(name));
	size_t m = text_fold(au->workplace, place, sizeof(place));

	if ((key = malloc(n + m + 2)) == NULL)
		return NULL;
	memcpy(key, name, n);
	key[n] = '\x1f';
	memcpy(key + n + 1, place, m + 1);
	return key;
}

static int
credit_add(struct pass *p, const InitiativeRec *r, const AuthorRec *au,
    const struct made *dec)
{
	struct stats *s = p->s;
	struct stats_credit *c;
	char on[16];

	if (grow(&s->credits, &p->cap_credits, s->ncredits, sizeof(*c)) != 0)
		return SK_RESOURCE_EXHAUSTED;
	c = &s->credits[s->ncredits];
	memset(c, 0, sizeof(*c));
	date_format_iso(dec->day, on, sizeof(on));
	c->id = r->id;
	c->share = au->share;
	c->category = r->category;
	if ((c->key = author_key(au)) == NULL || (c->name = dup(au->name)) == NULL ||
	    (c->workplace = dup(au->workplace)) == NULL ||
	    (c->unit_code = dup(p->unit->code)) == NULL ||
	    (c->title = dup(r->title)) == NULL ||
	    (c->decision_number = dup(dec->number)) == NULL ||
	    (c->signed_on = dup(on)) == NULL ||
	    (c->origin_code = dup(r->origin != NULL ? r->origin->unit_code : "")) ==
	        NULL ||
	    (c->award = dup(r->award != NULL ? r->award->name : "")) == NULL) {
		credit_free(c);
		return SK_RESOURCE_EXHAUSTED;
	}
	s->ncredits++;
	return 0;
}

/* ---- the scan -------------------------------------------------------------------- */

static int
count_in(int row, struct stats_row *v, const InitiativeRec *r, const struct facts *f)
{
	if (row < 0)
		return SK_RESOURCE_EXHAUSTED;
	return count_add(&v[row].c, r, f);
}

static int
count_one(struct pass *p, const InitiativeRec *r)
{
	struct stats *s = p->s;
	struct facts f;
	int rc, cat, sec, rnd;

	facts_of(p, r, &f);
	if (p->rc != 0)
		return p->rc;
	/* Rows are found (and added) before any is counted: adding may move
	 * the array the others are in. */
	cat = category_row(p, r);
	sec = sector_row(p, r);
	rnd = round_row(p, r);
	if ((rc = count_add(&s->total.c, r, &f)) != 0 ||
	    (rc = count_add(&s->units[p->unit_row].c, r, &f)) != 0 ||
	    (rc = count_in(cat, s->categories, r, &f)) != 0 ||
	    (rc = count_in(sec, s->sectors, r, &f)) != 0 ||
	    (rc = count_in(rnd, s->rounds, r, &f)) != 0)
		return rc;
	if (f.late != NULL && (rc = late_add(p, r, &f)) != 0)
		return rc;
	for (size_t i = 0; f.dec != NULL && i < r->n_authors; i++)
		if ((rc = credit_add(p, r, r->authors[i], f.dec)) != 0)
			return rc;
	return 0;
}

static int
scan_cb(void *rec, void *arg)
{
	struct pass *p = arg;
	InitiativeRec *r = rec;
	uint32_t level;
	uint64_t round = round_of(p, r, &level);

	if (p->q->round_id == 0 || (round == p->q->round_id && level == p->round_level))
		p->rc = count_one(p, r);
	store_rec_free(r);
	return p->rc;
}

/* Count unit u, reached with scope sc: one pass over its initiatives. */
static int
count_unit(struct pass *p, const UnitRec *u, const struct scope *sc, struct sk_error *err)
{
	struct stats *s = p->s;
	int row, rc;

	if ((row = row_add(&s->units, &s->nunits, &p->cap_units, u->code, u->name)) < 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	p->unit = u;
	p->unit_row = (size_t)row;
	p->sc = *sc;
	p->in = *p->a;
	p->in.sc = &p->sc;
	made_reset(&p->decisions);
	made_reset(&p->sessions);
	p->rc = 0;
	rc = store_initiative_scan(p->a->t, &p->sc, 0, scan_cb, p);
	if (p->rc != 0)
		return status_set(err, p->rc, "out of memory");
	if (rc != 0)
		return status_set(err, SK_UNAVAILABLE,
		    "cannot read the initiatives of %s", u->code);
	return 0;
}

static int
has_round(void *rec, void *arg)
{
	(void)arg;
	store_rec_free(rec);
	return 1;
}

/* The level whose rounds a report's round numbers name: the caller's own
 * when it holds rounds (it receives), else the one above it. */
static uint32_t
round_level(const struct act *a)
{
	UnitRec *u = NULL;
	uint32_t level = a->sc->tenant;

	if (store_round_scan(a->t, a->sc, has_round, NULL) == 1)
		return level;
	if (store_unit_get(a->t, a->sc->tenant, &u) == 0)
		level = u->parent_id;
	store_rec_free(u);
	return level;
}

/* Count every unit a->sc reaches for reports (or q->unit_code alone). */
static int
count_units(struct pass *p, struct sk_error *err)
{
	const struct act *a = p->a;
	const char *code = p->q->unit_code;
	struct sk_error none = { 0 };
	UnitRec **v = NULL, *one = NULL;
	struct scope sc;
	size_t n = 0;
	int rc = 0;

	if (code != NULL && code[0] != '\0') {
		if ((rc = store_unit_by_code(a->t, code, &one)) != 0)
			return status_set(err,
			    rc == SK_NOT_FOUND ? SK_NOT_FOUND : SK_UNAVAILABLE,
			    "unit_code: no unit \"%s\"", code);
		if ((rc = authz_scope_from(a->t, a->sc, AZ_STATS, AZ_READ, WHAT, one->id,
		         &sc, err)) == 0)
			rc = count_unit(p, one, &sc, err);
		store_rec_free(one);
		return rc;
	}
	if (store_unit_list(a->t, &v, &n) != 0)
		return status_set(err, SK_UNAVAILABLE, "cannot read the units");
	/* Each unit is asked of authz: the caller's own must be reached (else
	 * the call is refused); others refused are not the caller's to count,
	 * and are left out without a word. */
	for (size_t i = 0; i < n && rc == 0; i++) {
		bool own = v[i]->id == a->sc->tenant;

		if ((rc = authz_scope_from(a->t, a->sc, AZ_STATS, AZ_READ, WHAT, v[i]->id,
		         &sc, own ? err : &none)) == 0)
			rc = count_unit(p, v[i], &sc, err);
		else if (!own)
			rc = 0;
	}
	store_unit_list_free(v, n);
	return rc;
}

/* ---- order ----------------------------------------------------------------------- */

static int
by_name(const void *x, const void *y)
{
	const struct stats_row *a = x, *b = y;
	int c = text_collate(a->name, b->name);

	return c != 0 ? c : strcmp(a->key, b->key);
}

/* Numbers by value; "" (none) last. */
static int
by_number(const void *x, const void *y)
{
	const struct stats_row *a = x, *b = y;
	size_t la = strlen(a->key), lb = strlen(b->key);

	if ((la == 0) != (lb == 0))
		return la == 0 ? 1 : -1;
	if (la != lb)
		return la < lb ? -1 : 1; /* "CODE/N" keys are longer: after */
	return strcmp(a->key, b->key);
}

static int
by_name_none_last(const void *x, const void *y)
{
	const struct stats_row *a = x, *b = y;

	if ((a->key[0] == '\0') != (b->key[0] == '\0'))
		return a->key[0] == '\0' ? 1 : -1;
	return by_name(x, y);
}

static int
by_lateness(const void *x, const void *y)
{
	const struct stats_late *a = x, *b = y;
	int c;

	if (a->days_late != b->days_late)
		return a->days_late > b->days_late ? -1 : 1;
	if ((c = strcmp(a->unit_code, b->unit_code)) != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

static int
by_author(const void *x, const void *y)
{
	const struct stats_credit *a = x, *b = y;
	int c;

	if ((c = strcmp(a->key, b->key)) != 0 || (c = strcmp(a->name, b->name)) != 0 ||
	    (c = strcmp(a->unit_code, b->unit_code)) != 0)
		return c;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* Credits sorted by person; each run of one key is an author. */
static int
authors_make(struct stats *s)
{
	size_t cap = 0;

	sort(s->credits, s->ncredits, sizeof(*s->credits), by_author);
	for (size_t i = 0; i < s->ncredits; i++) {
		struct stats_author *au;

		if (i == 0 || strcmp(s->credits[i].key, s->credits[i - 1].key) != 0) {
			if (grow(&s->authors, &cap, s->nauthors, sizeof(*au)) != 0)
				return SK_RESOURCE_EXHAUSTED;
			au = &s->authors[s->nauthors++];
			au->first = i;
			au->n = 0;
			au->shares = 0;
		}
		au = &s->authors[s->nauthors - 1];
		au->n++;
		au->shares += s->credits[i].share;
	}
	return 0;
}

static void
sort_all(struct stats *s)
{
	sort(s->units, s->nunits, sizeof(*s->units), by_name);
	sort(s->categories, s->ncategories, sizeof(*s->categories), by_number);
	sort(s->sectors, s->nsectors, sizeof(*s->sectors), by_name_none_last);
	sort(s->rounds, s->nrounds, sizeof(*s->rounds), by_number);
	sort(s->late, s->nlate, sizeof(*s->late), by_lateness);
}

/* ---- the figures ------------------------------------------------------------------ */

static int
uint_cmp(const void *x, const void *y)
{
	uint32_t a = *(const uint32_t *)x, b = *(const uint32_t *)y;

	return a < b ? -1 : a > b;
}

void
stats_days_summary(struct stats_days *d, double *median, uint32_t *max)
{
	size_t mid = d->n / 2; /* the upper middle when n is even */

	*median = 0;
	*max = 0;
	if (d->n == 0)
		return;
	sort(d->v, d->n, sizeof(*d->v), uint_cmp);
	*max = d->v[d->n - 1];
	*median = d->v[mid];
	if (d->n % 2 == 0)
		*median = (*median + d->v[mid - 1]) / 2;
}

int
stats_compute(const struct act *a, const struct stats_query *q, struct stats *s,
    struct sk_error *err)
{
	struct pass p = { .a = a, .q = q, .s = s, .other_level = UINT32_MAX };
	int rc;

	memset(s, 0, sizeof(*s));
	if (row_init(&s->total, "", "") != 0) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	p.round_level = round_level(a);
	if ((rc = count_units(&p, err)) != 0)
		goto done;
	if (authors_make(s) != 0) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	sort_all(s);
done:
	made_reset(&p.decisions);
	made_reset(&p.sessions);
	return rc;
}

static void
rows_free(struct stats_row *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		row_free(&v[i]);
	free(v);
}

void
stats_free(struct stats *s)
{
	row_free(&s->total);
	rows_free(s->units, s->nunits);
	rows_free(s->categories, s->ncategories);
	rows_free(s->sectors, s->nsectors);
	rows_free(s->rounds, s->nrounds);
	for (size_t i = 0; i < s->nlate; i++) {
		free(s->late[i].unit_code);
		free(s->late[i].title);
	}
	free(s->late);
	for (size_t i = 0; i < s->ncredits; i++)
		credit_free(&s->credits[i]);
	free(s->credits);
	free(s->authors);
	memset(s, 0, sizeof(*s));
}
