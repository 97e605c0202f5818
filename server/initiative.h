/*
 * initiative: the dossiers of a unit: what an author may give, creating
 * and editing them, who is bound as a co-author, the steps of the flow,
 * reading them as the caller may see them, listing, history, deadlines.
 *
 * Every call works inside the act's unit (a->sc->tenant); an id of another
 * unit is simply not found there.
 */
#ifndef SK_INITIATIVE_H
#define SK_INITIATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "store.h"

/*
 * The content of a dossier as a caller gives it, checked and owned: the
 * fields that are the server's (state, receipt, outcome, stamps, version,
 * ids) are cleared and every field is checked (validate_initiative).
 * Pure: handlers call it before anything is queued. NULL with err set
 * when refused.
 */
InitiativeRec *initiative_content(const InitiativeRec *in, int32_t today,
    struct sk_error *err);

/* Create an initiative from content (initiative_content's) as a registered
 * topic or a draft; the co-authors named by login are bound (they must be
 * enabled staff of the unit) and the creator's own entry is confirmed.
 * *out is the stored record. */
int initiative_create(const struct act *a, const InitiativeRec *content,
    bool register_topic, InitiativeRec **out, struct sk_error *err);

/* Replace the content of initiative id by content, if the caller is an
 * author, it may still be edited, and (expected_version != 0) it is still
 * that version. An entry of a co-author that changes asks them to confirm
 * again. */
int initiative_update(const struct act *a, uint64_t id, uint32_t expected_version,
    const InitiativeRec *content, InitiativeRec **out, struct sk_error *err);

/* A step of the flow a caller asks for. */
struct initiative_step {
	uint32_t action;           /* sk.v1.Action */
	uint32_t expected_version; /* 0: do not check */
	const char *reason;
	uint32_t author; /* DISTINCT: which author (1 is the first) */
};

/* Take a step of the flow on initiative id through the workflow table. */
int initiative_step(const struct act *a, uint64_t id, const struct initiative_step *st,
    InitiativeRec **out, struct sk_error *err);

/* The same, for steps that name no author. */
int initiative_transition(const struct act *a, uint64_t id, uint32_t action,
    uint32_t expected_version, const char *reason, InitiativeRec **out,
    struct sk_error *err);

/* Read initiative id of the act's unit: NOT_FOUND "initiative N not
 * found in your unit" when there is none. */
int initiative_load(const struct act *a, uint64_t id, InitiativeRec **out,
    struct sk_error *err);

/* 0 when id is an initiative of the act's unit, else initiative_load's
 * refusal: for calls on what is kept under an initiative. */
int initiative_check(const struct act *a, uint64_t id, struct sk_error *err);

/* May the caller read r's confidential part? The unit's insiders (authz)
 * and r's authors may. */
bool initiative_may_read_confidential(const InitiativeRec *r, const struct scope *sc);

/* What a listing keeps; zero fields keep everything. */
struct initiative_filter {
	uint32_t state;
	uint32_t category;
	const char *query; /* words that begin words of the title or summary,
	                    * case and diacritics aside (store_find) */
	bool mine;         /* only those listing the caller as an author */
	/* The inbox of a receiving level: only copies from the units below,
	 * of an office, round, origin unit or sector when given. */
	bool copies;
	const char *office;
	uint64_t round;
	uint32_t origin_unit;
	const char *sector;
};

/* One page of a listing, in id order. */
struct initiative_page {
	InitiativeRec **v;
	size_t n;
	bool more; /* stopped because the page was full */
};

/* Up to want initiatives with id > after that pass f, and at most about
 * max_bytes of them packed (the first always fits). */
int initiative_list(const struct act *a, const struct initiative_filter *f,
    uint64_t after, size_t want, size_t max_bytes, struct initiative_page *p,
    struct sk_error *err);
void initiative_page_free(struct initiative_page *p);

/* The history lines of initiative id, in order (HistoryRec). */
int initiative_history(const struct act *a, uint64_t id, struct recs *out,
    struct sk_error *err);

/* A dossier past a deadline: the council's review after the receipt, or
 * the author's correction after a return. */
struct initiative_late {
	InitiativeRec *r; /* owned */
	const char *what; /* "council review" or "correction" */
	int32_t due;      /* the day it was due */
};

/* Is r past a deadline on a->today? What it is late for ("council
 * review", "correction") with *due the day it was due, or NULL. The one
 * rule of lateness: the overdue list, the district summary, the reports. */
const char *initiative_late(const struct act *a, const InitiativeRec *r, int32_t *due);

int initiative_overdue(const struct act *a, struct initiative_late **v, size_t *n,
    struct sk_error *err);
void initiative_overdue_free(struct initiative_late *v, size_t n);

#endif
