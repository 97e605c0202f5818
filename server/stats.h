/*
 * stats: the figures of the periodic and ad-hoc reports (sk report), where
 * the data is: one pass over each unit's initiatives, in one read
 * transaction, counting by state, content category, sector, round and
 * unit; registrations against applications against recognitions; the
 * days from the receipt to the decision; what is overdue today; and each
 * author's recognitions, for commendation.
 *
 * The units are those authz lets the caller reach for reports (AZ_STATS):
 * their own, and for a level's office, head, council and commendation
 * office the units below it too. (The module
 * is not "report": in this server a report is a receiving level's result
 * sent down to a unit, see ReportRec.)
 *
 * Of a unit's content only the titles and authors of filed dossiers are
 * shown (the overdue ones, the recognised ones): never a draft's, never a
 * confidential part.
 */
#ifndef SK_STATS_H
#define SK_STATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

#define STATS_STATES 14 /* sk.v1.State values counted */
#define STATS_OPEN_FROM INT32_MIN
#define STATS_OPEN_TO INT32_MAX

struct stats_query {
	const char *unit_code; /* one unit; NULL or "": every unit authz reaches */
	uint64_t round_id;     /* 0: every initiative (see stats_compute) */
	int32_t from, to;      /* the period (days, inclusive); STATS_OPEN_*: no bound */
};

/* Days from a receipt to its decision, one per decision counted. */
struct stats_days {
	uint32_t *v;
	size_t n, cap;
};

/* What is counted of a group of initiatives (see sk.v1.StatsRow). */
struct stats_count {
	uint32_t by_state[STATS_STATES];
	uint32_t registered, applied, accepted, recognised, not_recognised, refused;
	uint32_t forwarded, recognised_above, overdue, pending;
	struct stats_days days;
};

struct stats_row {
	char *key, *name; /* owned */
	struct stats_count c;
};

/* The median and the longest of a row's days (0 when none); sorts them. */
void stats_days_summary(struct stats_days *d, double *median, uint32_t *max);

/* A dossier past its deadline today. */
struct stats_late {
	char *unit_code, *title; /* owned */
	uint64_t id;
	uint32_t state, category;
	const char *what; /* static: initiative_late's */
	int32_t due, days_late;
};

/* One recognition of one author. */
struct stats_credit {
	char *key; /* folded name and workplace: who is who */
	char *name, *workplace, *unit_code, *title, *decision_number, *signed_on;
	char *origin_code, *award; /* "" when none */
	uint64_t id;
	uint32_t share, category;
};

/* An author: credits[first .. first + n) of the stats. */
struct stats_author {
	size_t first, n;
	uint32_t shares;
};

struct stats {
	struct stats_row total;
	struct stats_row *units, *categories, *sectors, *rounds;
	size_t nunits, ncategories, nsectors, nrounds;
	struct stats_late *late;
	size_t nlate;
	struct stats_credit *credits;
	size_t ncredits;
	struct stats_author *authors;
	size_t nauthors;
};

/*
 * The figures of the units a->sc (the caller's own scope) reaches for
 * reports, or of q->unit_code alone: NOT_FOUND when there is no such
 * unit, PERMISSION_DENIED (authz's words) when it is not reached. Each
 * unit is reached through authz. Rows are sorted: units and authors by
 * name as people sort them (text_collate), categories by number, sectors
 * by name, rounds by id (those without last), overdue dossiers the latest
 * first. A round id is one of the receiving level's: the act's unit when
 * it holds rounds, else the one above it. Free with stats_free (also
 * after a failure).
 */
int stats_compute(const struct act *a, const struct stats_query *q, struct stats *s,
    struct sk_error *err);
void stats_free(struct stats *s);

#endif
