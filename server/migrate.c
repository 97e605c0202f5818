#include "migrate.h"

#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "date.h"
#include "domain.h"
#include "log.h"
#include "sk.pb-c.h"

#define SHA_LEN 32

/* What one unit's migration found and did, for the log. */
struct unit_tally {
	size_t confirmed;  /* co-authors taken as confirmed */
	size_t registered; /* topics that had been registered, dated */
	size_t dropped;    /* unfinished uploads of the old layout */
	uint64_t bytes;    /* bytes of checked files, now counted */
	InitiativeRec **v; /* initiatives to rewrite */
	size_t n, cap;
	struct drop {
		uint64_t initiative; /* 0 for a blob */
		uint8_t sha[SHA_LEN];
	} * drops; /* records to drop once a scan is over */
	size_t ndrops, capdrops;
};

static int
grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;

	if (n < *cap)
		return 0;
	if ((nv = realloc(*v, (*cap ? *cap * 2 : 16) * size)) == NULL)
		return -1;
	*v = nv;
	*cap = *cap ? *cap * 2 : 16;
	return 0;
}

/*
 * Schema 1 took co-authors named by login at the creator's word. They were
 * authors then (no vote on their own dossier, author rights), so they are
 * confirmed now: otherwise an upgrade would hand them their vote back.
 * A record with any author confirmed was written under the confirmation
 * rules (by development builds that still said schema 1): left alone.
 */
static int
author_cb(void *rec, void *arg)
{
	struct unit_tally *u = arg;
	InitiativeRec *r = rec;
	bool changed = false;

	for (size_t i = 0; i < r->n_authors; i++)
		if (r->authors[i]->confirmed) {
			store_rec_free(r);
			return 0;
		}
	for (size_t i = 0; i < r->n_authors; i++)
		if (r->authors[i]->login[0] != '\0' && !r->authors[i]->confirmed) {
			r->authors[i]->confirmed = true;
			u->confirmed++;
			changed = true;
		}
	if (!changed) {
		store_rec_free(r);
		return 0;
	}
	if (grow((void **)&u->v, &u->cap, u->n, sizeof(*u->v)) != 0) {
		store_rec_free(r);
		return SK_RESOURCE_EXHAUSTED;
	}
	u->v[u->n++] = r;
	return 0;
}

/* Remember a record to drop once the scan is over; one whose hash is not
 * one is not ours to guess about. */
static int
drop_later(struct unit_tally *u, uint64_t initiative, const ProtobufCBinaryData *sha)
{
	if (sha->len != SHA_LEN)
		return SK_DATA_LOSS;
	if (grow((void **)&u->drops, &u->capdrops, u->ndrops, sizeof(*u->drops)) != 0)
		return SK_RESOURCE_EXHAUSTED;
	u->drops[u->ndrops].initiative = initiative;
	memcpy(u->drops[u->ndrops++].sha, sha->data, SHA_LEN);
	return 0;
}

/* Checked files count against the unit's allowance; unfinished uploads
 * of the old layout (shared by the whole unit) are dropped. */
static int
blob_cb(uint64_t initiative, void *rec, void *arg)
{
	struct unit_tally *u = arg;
	BlobRec *b = rec;
	int rc = 0;

	(void)initiative;
	if (b->complete)
		u->bytes += b->size;
	else if ((rc = drop_later(u, 0, &b->sha256)) == 0)
		u->dropped++;
	store_rec_free(b);
	return rc;
}

/* Attachment records of those uploads were never listed: drop them too. */
static int
attachment_cb(uint64_t initiative, void *rec, void *arg)
{
	struct unit_tally *u = arg;
	AttachmentRec *a = rec;
	int rc = 0;

	if (!a->complete)
		rc = drop_later(u, initiative, &a->sha256);
	store_rec_free(a);
	return rc;
}

/* Uploads of the new layout hold their size of the allowance too. */
static int
upload_cb(uint64_t initiative, void *rec, void *arg)
{
	struct unit_tally *u = arg;
	UploadRec *up = rec;

	(void)initiative;
	u->bytes += up->size;
	store_rec_free(up);
	return 0;
}

/* Set the unit's counter to what it holds, whatever it said before. */
static int
count_set(struct store_txn *t, const struct scope *sc, uint64_t bytes)
{
	uint64_t cur;
	int rc;

	if ((rc = store_seq_get(t, sc, SEQ_FILE_BYTES, &cur)) != 0)
		return rc;
	return store_seq_add(t, sc, SEQ_FILE_BYTES, (int64_t)bytes - (int64_t)cur, NULL);
}

/* Drop what the scan remembered: blobs (with their chunks) or
 * attachments. */
static int
drop_all(struct store_txn *t, const struct scope *sc, struct unit_tally *u)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < u->ndrops; i++) {
		const struct drop *d = &u->drops[i];

		rc = d->initiative == 0 ?
		    store_blob_del(t, sc, d->sha) :
		    store_attachment_del(t, sc, d->initiative, d->sha);
	}
	u->ndrops = 0;
	return rc;
}

static int
unit_1to2(struct store_txn *t, const UnitRec *unit, struct unit_tally *u)
{
	struct scope sc = { .tenant = unit->id, .login = "skd" };
	int rc;

	if ((rc = store_initiative_scan(t, &sc, 0, author_cb, u)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < u->n; i++)
		rc = store_initiative_put(t, &sc, u->v[i]);
	if (rc != 0 || (rc = store_blob_scan(t, &sc, blob_cb, u)) != 0 ||
	    (rc = drop_all(t, &sc, u)) != 0 ||
	    (rc = store_attachment_scan(t, &sc, 0, attachment_cb, u)) != 0 ||
	    (rc = drop_all(t, &sc, u)) != 0 ||
	    (rc = store_upload_scan(t, &sc, upload_cb, u)) != 0)
		return rc;
	return count_set(t, &sc, u->bytes);
}

static void
tally_reset(struct unit_tally *u)
{
	for (size_t i = 0; i < u->n; i++)
		store_rec_free(u->v[i]);
	free(u->v);
	free(u->drops);
	memset(u, 0, sizeof(*u));
}

/* Co-author confirmation, uploads per initiative, per-unit file bytes. */
static int
migrate_1to2(struct store_txn *t, struct sk_error *err)
{
	struct unit_tally u = { 0 };
	UnitRec **units = NULL;
	size_t nunits = 0;
	int rc;

	if ((rc = store_unit_list(t, &units, &nunits)) != 0)
		return status_set(err, rc, "migrating: cannot list the units");
	for (size_t i = 0; i < nunits && rc == 0; i++) {
		if ((rc = unit_1to2(t, units[i], &u)) != 0)
			status_set(err, rc, "migrating unit %s", units[i]->code);
		else if (u.confirmed || u.dropped || u.bytes)
			log_info("migrate: %s: %zu co-authors confirmed, %zu unfinished "
			         "uploads dropped, %llu bytes of files held",
			    units[i]->code, u.confirmed, u.dropped,
			    (unsigned long long)u.bytes);
		tally_reset(&u);
	}
	store_unit_list_free(units, nunits);
	return rc;
}

/* ---- schema 3: the day each topic was registered ------------------------------------ */

/* The state an initiative was created in: its first history line's. */
static int
first_cb(void *rec, void *arg)
{
	HistoryRec *h = rec;

	*(uint32_t *)arg = h->to;
	store_rec_free(h);
	return 1; /* the first is enough */
}

struct registered_scan {
	struct store_txn *t;
	const struct scope *sc;
	struct unit_tally *u;
};

/*
 * Reports count registrations by registered_on, which servers before
 * schema 3 did not keep: a topic registered then is one created in state
 * registered (its first history line says so, once started), on the day
 * it was created. Copies at a receiving level were registered, if ever,
 * at their unit: left alone.
 */
static int
registered_cb(void *rec, void *arg)
{
	struct registered_scan *s = arg;
	InitiativeRec *r = rec;
	uint32_t created_in = r->state;
	char on[16];
	int rc = 0;

	if (r->registered_on[0] != '\0' || r->origin != NULL)
		goto skip;
	if (created_in != SK__V1__STATE__STATE_REGISTERED &&
	    (rc = store_history_scan(s->t, s->sc, r->id, first_cb, &created_in)) != 0 &&
	    rc != 1)
		goto skip;
	rc = 0;
	if (created_in != SK__V1__STATE__STATE_REGISTERED)
		goto skip;
	date_format_iso(act_day(r->created_at), on, sizeof(on));
	if (rec_set_str(&r->registered_on, on) != 0 ||
	    grow((void **)&s->u->v, &s->u->cap, s->u->n, sizeof(*s->u->v)) != 0) {
		rc = SK_RESOURCE_EXHAUSTED;
		goto skip;
	}
	s->u->v[s->u->n++] = r;
	s->u->registered++;
	return 0;
skip:
	store_rec_free(r);
	return rc;
}

static int
unit_2to3(struct store_txn *t, const UnitRec *unit, struct unit_tally *u)
{
	struct scope sc = { .tenant = unit->id, .login = "skd" };
	struct registered_scan s = { t, &sc, u };
	int rc;

	if ((rc = store_initiative_scan(t, &sc, 0, registered_cb, &s)) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < u->n; i++)
		rc = store_initiative_put(t, &sc, u->v[i]);
	return rc;
}

static int
migrate_2to3(struct store_txn *t, struct sk_error *err)
{
	struct unit_tally u = { 0 };
	UnitRec **units = NULL;
	size_t nunits = 0;
	int rc;

	if ((rc = store_unit_list(t, &units, &nunits)) != 0)
		return status_set(err, rc, "migrating: cannot list the units");
	for (size_t i = 0; i < nunits && rc == 0; i++) {
		if ((rc = unit_2to3(t, units[i], &u)) != 0)
			status_set(err, rc, "migrating unit %s", units[i]->code);
		else if (u.registered)
			log_info("migrate: %s: %zu registered topics dated",
			    units[i]->code, u.registered);
		tally_reset(&u);
	}
	store_unit_list_free(units, nunits);
	return rc;
}

/* ---- schema 4: the indexes of the initiatives --------------------------------------- */

/* Built from every record (the puts of the steps before kept some of them
 * already: they are emptied and made whole). */
static int
migrate_3to4(struct store_txn *t, struct sk_error *err)
{
	int rc = store_index_rebuild(t);

	if (rc != 0)
		return status_set(err, rc, "migrating: cannot index the initiatives");
	log_info("migrate: initiatives indexed by state, category, words and title");
	return 0;
}

/* One attempt; *full says the map filled and a larger one may do. */
static int
migrate_once(struct store *st, uint32_t from, bool *full, struct sk_error *err)
{
	struct store_txn t;
	int rc;

	*full = false;
	if ((rc = store_write_begin(st, NULL, &t)) != 0)
		return status_set(err, rc, "migrating: storage unavailable");
	if (from < 2 && (rc = migrate_1to2(&t, err)) != 0)
		goto fail;
	if (from < 3 && (rc = migrate_2to3(&t, err)) != 0)
		goto fail;
	if (from < 4 && (rc = migrate_3to4(&t, err)) != 0)
		goto fail;
	if ((rc = store_schema_set(&t, STORE_SCHEMA)) != 0) {
		status_set(err, rc, "migrating: cannot record the schema");
		goto fail;
	}
	rc = store_commit(&t, err);
	*full = rc != 0 && store_txn_map_full(&t);
	return rc;
fail:
	*full = store_txn_map_full(&t);
	store_abort(&t);
	return rc;
}

int
migrate(struct store *st, struct sk_error *err)
{
	uint32_t from = store_schema(st);
	uint64_t size, used;
	bool full;
	int rc;

	if (from == STORE_SCHEMA)
		return 0;
	log_info("migrate: data directory schema %u to %u", from, STORE_SCHEMA);
	/* The indexes take about what the records take, and the pages they
	 * replace stay until the commit: make room first rather than fail an
	 * attempt of minutes. */
	store_map_use(st, &size, &used);
	while (from < 4 && store_map_size(st) < 2 * used && store_grow(st) == 0)
		log_info("migrate: map grown to %zu MiB", store_map_size(st) >> 20);
	/* Rewriting records may need more map than the old server had. */
	while (
	    (rc = migrate_once(st, from, &full, err)) != 0 && full && store_grow(st) == 0)
		log_info("migrate: map grown to %zu MiB", store_map_size(st) >> 20);
	return rc;
}
