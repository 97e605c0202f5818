/*
 * store_index: the indexes of the initiatives, part of the store (their
 * layouts are in store.h). store_initiative_put brings them from the keys
 * the record had to the keys it has, in the writer's transaction, so they
 * always agree with the records; store_index_rebuild makes them anew
 * (migration) and store_index_check compares them (skd check).
 *
 * Listing by state or category reads one key range. A search ANDs its
 * words, each one the union of the postings of every word of the lexicon
 * it begins, by leapfrogging over the lists in id order: a page costs the
 * postings it skips, not the unit's size.
 *
 * near finds near-duplicate titles by prefix filtering. Two sets of words
 * x and y with Jaccard J(x, y) >= t share a word among the first
 * |x| - ceil(t|x|) + 1 of x and the first |y| - ceil(t|y|) + 1 of y, all
 * ordered alike (the least word they share is among both, since every
 * word before it is one the other lacks). A recognised initiative's
 * distinct title words, ordered by a fixed 64-bit hash, key it under
 * those first words; a query reads the keys of its own first words whose
 * size is in [ceil(t|x|), floor(|x| / t)] and keeps those whose stored
 * hashes give J >= t, before any record is read. Nothing alike enough is
 * missed; the caller scores what is left on the records.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk.pb-c.h"
#include "store_lmdb.h"
#include "text.h"

#define RECOGNISED SK__V1__STATE__STATE_RECOGNISED

/* near's threshold, t = 7/10 (the duplicate check's score of 80 needs it
 * on the titles), and its keys' size. */
#define NEAR_NUM 7
#define NEAR_DEN 10
#define NEAR_KEY 22 /* u64 hash | u32 unit | u16 size | u64 id */

/*
 * A search term that is not the one the search walks is asked, for each id
 * the others agree on, whether it has it. Through its lists when it
 * begins at most LIST_MAX words (a seek each); else through the set of
 * its ids, gathered first, when it has postings for at most 1 / DENSE of
 * the unit's initiatives; else on the records the others find (reading
 * its postings would cost more than looking at those).
 */
#define LIST_MAX 8
#define DENSE 8

/* Reports of one skd check, at most. */
#define CHECK_REPORTS 20

static const enum store_db index_dbs[] = { DB_BY_STATE, DB_BY_CATEGORY, DB_WORDS,
	DB_LEXICON, DB_NEAR };

static void
be16_put(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8), p[1] = (uint8_t)v;
}

static uint16_t
be16_get(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/* ---- words ------------------------------------------------------------------ */

struct ix_word {
	const char *s;
	size_t len;
	uint64_t hash; /* near's order */
};

/* Words of folded texts: they point into buf. */
struct ix_text {
	char *buf;
	struct ix_word *v;
	size_t n, cap;
};

static void
ix_text_free(struct ix_text *x)
{
	free(x->buf);
	free(x->v);
	memset(x, 0, sizeof(*x));
}

static int
word_cmp(const void *a, const void *b)
{
	const struct ix_word *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);

	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

static int
hash_cmp(const void *a, const void *b)
{
	const struct ix_word *x = a, *y = b;

	if (x->hash != y->hash)
		return x->hash < y->hash ? -1 : 1;
	return word_cmp(a, b);
}

/* len cut to max bytes, at a character's boundary. */
static size_t
word_cut(const char *s, size_t len, size_t max)
{
	if (max == 0 || len <= max)
		return len;
	for (len = max; len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80;)
		len--;
	return len;
}

/*
 * The distinct words of n texts (NULL ones are empty), folded and cut by
 * text_word() as text_similarity() counts them, each cut to max bytes
 * (0: whole), in the order keys sort.
 */
static int
words_of(const char *const *texts, size_t n, size_t max, struct ix_text *x)
{
	size_t size = 1, off = 0, len, k;
	const char *p, *w;

	memset(x, 0, sizeof(*x));
	for (size_t i = 0; i < n; i++)
		size += (texts[i] != NULL ? strlen(texts[i]) : 0) + 1;
	if ((x->buf = malloc(size)) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	for (size_t i = 0; i < n; i++) {
		if (texts[i] == NULL)
			continue;
		/* Folding never lengthens text: it all fits. */
		p = x->buf + off;
		off += text_fold(texts[i], x->buf + off, size - off) + 1;
		while ((len = text_word(&p, &w)) > 0) {
			if (x->n == x->cap) {
				struct ix_word *nv;

				k = x->cap ? x->cap * 2 : 32;
				if ((nv = realloc(x->v, k * sizeof(*nv))) == NULL)
					goto fail;
				x->v = nv, x->cap = k;
			}
			x->v[x->n++] = (struct ix_word){ w, word_cut(w, len, max), 0 };
		}
	}
	if (x->n > 1)
		qsort(x->v, x->n, sizeof(*x->v), word_cmp);
	for (size_t i = k = 0; i < x->n; i++)
		if (k == 0 || word_cmp(&x->v[k - 1], &x->v[i]) != 0)
			x->v[k++] = x->v[i];
	x->n = x->n > 0 ? k : 0;
	return 0;
fail:
	ix_text_free(x);
	return SK_RESOURCE_EXHAUSTED;
}

/* ---- near: keys of titles ------------------------------------------------- */

/*
 * The order of words in near: FNV-1a, then murmur3's finaliser to spread
 * it. It is in the keys on disk: never change it. 0 is the key of a title
 * without words (alike only to another such).
 */
static uint64_t
near_hash(const char *s, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h != 0 ? h : 1;
}

/* ceil(t n) and floor(n / t): the sizes a set of n words may be alike to. */
static size_t
near_min(size_t n)
{
	return (NEAR_NUM * n + NEAR_DEN - 1) / NEAR_DEN;
}

static size_t
near_max(size_t n)
{
	return NEAR_DEN * n / NEAR_NUM;
}

/* How many of a title's first words key it (the empty title has one key). */
static size_t
near_prefix(size_t n)
{
	return n == 0 ? 1 : n - near_min(n) + 1;
}

/* A title's distinct words in near's order, and their hashes ascending
 * (big-endian u64s: the value of its keys). */
struct near_title {
	struct ix_text w;
	uint8_t *val;
	size_t n;
};

static void
near_free(struct near_title *nt)
{
	ix_text_free(&nt->w);
	free(nt->val);
	nt->val = NULL;
}

static int
near_of(const char *title, struct near_title *nt)
{
	int rc;

	memset(nt, 0, sizeof(*nt));
	if ((rc = words_of(&title, 1, 0, &nt->w)) != 0)
		return rc;
	nt->n = nt->w.n;
	for (size_t i = 0; i < nt->n; i++)
		nt->w.v[i].hash = near_hash(nt->w.v[i].s, nt->w.v[i].len);
	if (nt->n > 1)
		qsort(nt->w.v, nt->n, sizeof(*nt->w.v), hash_cmp);
	if ((nt->val = malloc(nt->n * 8 + 1)) == NULL) {
		near_free(nt);
		return SK_RESOURCE_EXHAUSTED;
	}
	for (size_t i = 0; i < nt->n; i++)
		store_be64(nt->val + i * 8, nt->w.v[i].hash);
	return 0;
}

/* Sizes are kept in 16 bits: titles hold at most VALIDATE_TITLE_MAX
 * characters, so far fewer words. */
static uint16_t
near_size(size_t n)
{
	return n > UINT16_MAX ? UINT16_MAX : (uint16_t)n;
}

static void
near_key(uint8_t *key, uint64_t hash, uint32_t unit, size_t size, uint64_t id)
{
	store_be64(key, hash);
	store_be32(key + 8, unit);
	be16_put(key + 12, near_size(size));
	store_be64(key + 14, id);
}

static uint64_t
be64_get(const uint8_t *p)
{
	return (uint64_t)p[0] << 56 | (uint64_t)p[1] << 48 | (uint64_t)p[2] << 40 |
	    (uint64_t)p[3] << 32 | (uint64_t)p[4] << 24 | (uint64_t)p[5] << 16 |
	    (uint64_t)p[6] << 8 | p[7];
}

/*
 * Could sets with these sorted hashes be alike, J >= t? Words that share
 * a hash count as one, which only overstates J. J >= t needs
 * (N + D) common >= N (|a| + |b|): the walk stops as soon as what is
 * left cannot give that many.
 */
static bool
near_alike(const uint8_t *a, size_t na, const uint8_t *b, size_t nb)
{
	size_t i = 0, j = 0, common = 0;
	size_t need =
	    (NEAR_NUM * (na + nb) + NEAR_NUM + NEAR_DEN - 1) / (NEAR_NUM + NEAR_DEN);

	while (i < na && j < nb) {
		uint64_t x = be64_get(a + i * 8), y = be64_get(b + j * 8);

		if (common + (na - i < nb - j ? na - i : nb - j) < need)
			return false;
		if (x == y)
			common++, i++, j++;
		else if (x < y)
			i++;
		else
			j++;
	}
	return common >= need;
}

/* ---- the keys of a record --------------------------------------------------- */

struct ix_key {
	enum store_db db;
	size_t off; /* the key's bytes in the set's buffer, then the value's */
	uint16_t klen, vlen;
};

/* Keys in the order they sort: by table (enum order), then bytes. */
struct ix_keys {
	struct ix_key *v;
	size_t n, cap;
	uint8_t *buf;
	size_t used, size;
};

static void
keys_free(struct ix_keys *ks)
{
	free(ks->v);
	free(ks->buf);
	memset(ks, 0, sizeof(*ks));
}

static const uint8_t *
key_bytes(const struct ix_keys *ks, size_t i)
{
	return ks->buf + ks->v[i].off;
}

static const uint8_t *
key_value(const struct ix_keys *ks, size_t i)
{
	return ks->buf + ks->v[i].off + ks->v[i].klen;
}

static int
keys_add(struct ix_keys *ks, enum store_db db, const uint8_t *k, size_t klen,
    const uint8_t *v, size_t vlen)
{
	if (ks->n == ks->cap) {
		size_t cap = ks->cap ? ks->cap * 2 : 64;
		struct ix_key *nv = realloc(ks->v, cap * sizeof(*nv));

		if (nv == NULL)
			return SK_RESOURCE_EXHAUSTED;
		ks->v = nv, ks->cap = cap;
	}
	if (ks->used + klen + vlen > ks->size) {
		size_t size = (ks->size ? ks->size * 2 : 2048) + klen + vlen;
		uint8_t *nb = realloc(ks->buf, size);

		if (nb == NULL)
			return SK_RESOURCE_EXHAUSTED;
		ks->buf = nb, ks->size = size;
	}
	ks->v[ks->n] = (struct ix_key){ db, ks->used, (uint16_t)klen, (uint16_t)vlen };
	memcpy(ks->buf + ks->used, k, klen);
	if (vlen > 0)
		memcpy(ks->buf + ks->used + klen, v, vlen);
	ks->used += klen + vlen;
	ks->n++;
	return 0;
}

static size_t
key_pair(uint8_t *key, uint32_t unit, uint32_t value, uint64_t id)
{
	store_be32(key, unit);
	store_be32(key + 4, value);
	store_be64(key + 8, id);
	return 16;
}

/* "unit | word | 0x00 | id", or without id (8 fewer bytes) a word's
 * postings' prefix. */
static size_t
key_word(uint8_t *key, uint32_t unit, const char *w, size_t len, uint64_t id)
{
	store_be32(key, unit);
	memcpy(key + 4, w, len);
	key[4 + len] = 0;
	store_be64(key + 5 + len, id);
	return 13 + len;
}

static int
near_keys(const InitiativeRec *r, uint32_t unit, struct ix_keys *ks)
{
	uint8_t key[NEAR_KEY];
	struct near_title nt;
	size_t p;
	int rc;

	if ((rc = near_of(r->title, &nt)) != 0)
		return rc;
	p = near_prefix(nt.n);
	for (size_t i = 0; i < p && rc == 0; i++) {
		uint64_t h = nt.n > 0 ? nt.w.v[i].hash : 0;

		if (i > 0 && h == nt.w.v[i - 1].hash)
			continue; /* two words of one hash: one key */
		near_key(key, h, unit, nt.n, r->id);
		rc = keys_add(ks, DB_NEAR, key, sizeof(key), nt.val, nt.n * 8);
	}
	near_free(&nt);
	return rc;
}

/* Every index key r calls for in unit, in the order keys sort; those of
 * words only with words. */
static int
rec_keys(const InitiativeRec *r, uint32_t unit, bool words, struct ix_keys *ks)
{
	const char *texts[] = { r->title, r->summary };
	uint8_t key[STORE_KEY_MAX];
	struct ix_text w;
	int rc;

	memset(ks, 0, sizeof(*ks));
	if ((rc = keys_add(ks, DB_BY_STATE, key, key_pair(key, unit, r->state, r->id),
	         NULL, 0)) != 0 ||
	    (rc = keys_add(ks, DB_BY_CATEGORY, key,
	         key_pair(key, unit, r->category, r->id), NULL, 0)) != 0 ||
	    (rc = words_of(texts, words ? 2 : 0, STORE_WORD_MAX, &w)) != 0)
		goto fail;
	for (size_t i = 0; i < w.n && rc == 0; i++)
		rc = keys_add(ks, DB_WORDS, key,
		    key_word(key, unit, w.v[i].s, w.v[i].len, r->id), NULL, 0);
	ix_text_free(&w);
	if (rc == 0 && r->state == RECOGNISED)
		rc = near_keys(r, unit, ks);
	if (rc == 0)
		return 0;
fail:
	keys_free(ks);
	return rc;
}

static int
key_cmp(const struct ix_keys *a, size_t i, const struct ix_keys *b, size_t j)
{
	const struct ix_key *x = &a->v[i], *y = &b->v[j];
	size_t n = x->klen < y->klen ? x->klen : y->klen;
	int c;

	if (x->db != y->db)
		return x->db < y->db ? -1 : 1;
	if ((c = memcmp(key_bytes(a, i), key_bytes(b, j), n)) != 0)
		return c;
	return (x->klen > y->klen) - (x->klen < y->klen);
}

/* ---- writing them ------------------------------------------------------------ */

/* The writes of one change to a record's keys. */
struct ix_write {
	struct store_txn *t;
	bool lexicon;    /* count postings in the lexicon */
	MDB_cursor *lex; /* on the lexicon, from its first use */
};

/* Add delta to the lexicon's count of the word of postings key k: one
 * seek, then the count written where the cursor stands. */
static int
lexicon_add(struct ix_write *w, const uint8_t *k, size_t klen, int delta)
{
	MDB_val key = { klen - 9, (void *)k }, v;
	uint8_t count[4];
	uint32_t n = 0;
	bool found;
	int rc;

	if (w->lex == NULL &&
	    (rc = mdb_cursor_open(TXN(w->t), DBI(w->t, DB_LEXICON), &w->lex)) != 0)
		return store_lmdb_fail(w->t, rc);
	if ((rc = mdb_cursor_get(w->lex, &key, &v, MDB_SET_KEY)) != 0 &&
	    rc != MDB_NOTFOUND)
		return store_lmdb_fail(w->t, rc);
	if ((found = rc == 0) && v.mv_size == 4)
		n = store_be32_get(v.mv_data);
	n = delta < 0 ? (n > 0 ? n - 1 : 0) : n + 1;
	if (n == 0)
		rc = found ? mdb_cursor_del(w->lex, 0) : 0;
	else {
		store_be32(count, n);
		v.mv_size = 4, v.mv_data = count;
		rc = mdb_cursor_put(w->lex, &key, &v, found ? MDB_CURRENT : 0);
	}
	return rc != 0 ? store_lmdb_fail(w->t, rc) : 0;
}

/* Write key i of ks; a posting that is new counts in the lexicon. */
static int
key_put(struct ix_write *w, const struct ix_keys *ks, size_t i)
{
	const struct ix_key *x = &ks->v[i];
	MDB_val k = { x->klen, (void *)key_bytes(ks, i) };
	MDB_val v = { x->vlen, (void *)key_value(ks, i) };
	int rc;

	/* near's value may change under the same key; the others are empty. */
	rc = mdb_put(TXN(w->t), DBI(w->t, x->db), &k, &v,
	    x->db == DB_NEAR ? 0 : MDB_NOOVERWRITE);
	if (rc == MDB_KEYEXIST)
		return 0;
	if (rc != 0)
		return store_lmdb_fail(w->t, rc);
	return x->db == DB_WORDS && w->lexicon ? lexicon_add(w, k.mv_data, x->klen, 1) :
	                                         0;
}

static int
key_del(struct ix_write *w, const struct ix_keys *ks, size_t i)
{
	const struct ix_key *x = &ks->v[i];
	MDB_val k = { x->klen, (void *)key_bytes(ks, i) };
	int rc = mdb_del(TXN(w->t), DBI(w->t, x->db), &k, NULL);

	if (rc == MDB_NOTFOUND)
		return 0;
	if (rc != 0)
		return store_lmdb_fail(w->t, rc);
	return x->db == DB_WORDS && w->lexicon ? lexicon_add(w, k.mv_data, x->klen, -1) :
	                                         0;
}

/* From the keys in from to those in to: both sorted, so one merge. */
static int
keys_apply(struct store_txn *t, const struct ix_keys *from, const struct ix_keys *to,
    bool lexicon)
{
	struct ix_write w = { t, lexicon, NULL };
	size_t i = 0, j = 0;
	int c, rc = 0;

	while (rc == 0 && (i < from->n || j < to->n)) {
		c = i == from->n ? 1 : j == to->n ? -1 : key_cmp(from, i, to, j);
		if (c < 0)
			rc = key_del(&w, from, i++);
		else if (c > 0)
			rc = key_put(&w, to, j++);
		else {
			if (from->v[i].vlen != to->v[j].vlen ||
			    memcmp(key_value(from, i), key_value(to, j), to->v[j].vlen) !=
			        0)
				rc = key_put(&w, to, j);
			i++, j++;
		}
	}
	if (w.lex != NULL)
		mdb_cursor_close(w.lex);
	return rc;
}

static bool
same(const char *a, const char *b)
{
	return strcmp(a != NULL ? a : "", b != NULL ? b : "") == 0;
}

int
store_index_update(struct store_txn *t, const struct scope *sc, const InitiativeRec *old,
    const InitiativeRec *r)
{
	struct ix_keys from = { 0 }, to = { 0 };
	/* Most writes are steps of the flow: the words stay as they were. */
	bool words =
	    old == NULL || !same(old->title, r->title) || !same(old->summary, r->summary);
	int rc;

	if ((old == NULL || (rc = rec_keys(old, sc->tenant, words, &from)) == 0) &&
	    (rc = rec_keys(r, sc->tenant, words, &to)) == 0)
		rc = keys_apply(t, &from, &to, true);
	keys_free(&from);
	keys_free(&to);
	return rc;
}

int
store_index_drop(struct store_txn *t, const struct scope *sc, uint64_t id)
{
	struct ix_keys from = { 0 }, none = { 0 };
	InitiativeRec *r = NULL;
	int rc;

	if ((rc = store_initiative_get(t, sc, id, &r)) == 0 &&
	    (rc = rec_keys(r, sc->tenant, true, &from)) == 0)
		rc = keys_apply(t, &from, &none, true);
	keys_free(&from);
	store_rec_free(r);
	return rc;
}

int
store_index_add(struct store_txn *t, const struct scope *sc, const InitiativeRec *r)
{
	struct ix_keys none = { 0 }, to;
	int rc;

	if ((rc = rec_keys(r, sc->tenant, true, &to)) == 0)
		rc = keys_apply(t, &none, &to, true);
	keys_free(&to);
	return rc;
}

/* ---- building them anew ------------------------------------------------------ */

struct rebuild {
	struct store_txn *t;
	uint32_t unit;
};

static int
rebuild_cb(void *rec, void *arg)
{
	struct rebuild *b = arg;
	struct ix_keys none = { 0 }, to;
	int rc;

	if ((rc = rec_keys(rec, b->unit, true, &to)) == 0)
		rc = keys_apply(b->t, &none, &to, false);
	keys_free(&to);
	store_rec_free(rec);
	return rc;
}

/* The lexicon of a unit from its postings: one pass over them. */
static int
lexicon_count(struct store_txn *t, uint32_t unit)
{
	uint8_t prefix[4], count[4], word[STORE_KEY_MAX];
	MDB_cursor *cur;
	MDB_val k = { 4, prefix }, v, lk;
	size_t wlen = 0;
	uint32_t n = 0;
	int rc;

	store_be32(prefix, unit);
	if ((rc = mdb_cursor_open(TXN(t), DBI(t, DB_WORDS), &cur)) != 0)
		return store_lmdb_fail(t, rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE);;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		bool more =
		    rc == 0 && k.mv_size >= 13 && memcmp(k.mv_data, prefix, 4) == 0;
		size_t len = more ? k.mv_size - 9 : 0;

		if (n > 0 &&
		    (!more || len != wlen || memcmp(k.mv_data, word, len) != 0)) {
			store_be32(count, n);
			lk = (MDB_val){ wlen, word };
			v = (MDB_val){ 4, count };
			if ((rc = mdb_put(TXN(t), DBI(t, DB_LEXICON), &lk, &v, 0)) != 0)
				break;
			n = 0;
		}
		if (!more)
			break;
		if (n++ == 0) {
			memcpy(word, k.mv_data, len);
			wlen = len;
		}
	}
	mdb_cursor_close(cur);
	return rc == 0 || rc == MDB_NOTFOUND ? 0 : store_lmdb_fail(t, rc);
}

int
store_index_rebuild(struct store_txn *t)
{
	UnitRec **units = NULL;
	size_t n = 0;
	int rc;

	for (size_t i = 0; i < sizeof(index_dbs) / sizeof(index_dbs[0]); i++)
		if ((rc = mdb_drop(TXN(t), DBI(t, index_dbs[i]), 0)) != 0)
			return store_lmdb_fail(t, rc);
	if ((rc = store_unit_list(t, &units, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct scope sc = { .tenant = units[i]->id };
		struct rebuild b = { t, units[i]->id };

		if ((rc = store_initiative_scan(t, &sc, 0, rebuild_cb, &b)) == 0)
			rc = lexicon_count(t, units[i]->id);
	}
	store_unit_list_free(units, n);
	return rc;
}

/* ---- finding ------------------------------------------------------------------ */

/* One posting list: the keys "prefix | u64 id" of a table, in id order. */
struct ix_list {
	MDB_cursor *c;
	uint8_t key[STORE_KEY_MAX];
	size_t plen;
	uint64_t id; /* where it stands: 0 before the first seek */
	bool end;
};

/* What one part of a search matches: the union of its posting lists, or
 * the ids gathered from them (a bit each). */
struct ix_term {
	struct ix_list *l;
	size_t n;
	uint64_t *bits;
	uint64_t nbits;
	uint64_t est;                  /* postings, to choose the list a search walks */
	size_t nwords;                 /* lexicon words it begins */
	bool check;                    /* checked on the records, not walked */
	uint8_t prefix[STORE_KEY_MAX]; /* words: "unit | term" */
	size_t plen;
	enum store_db db;
};

static int
list_open(struct store_txn *t, struct ix_term *term, const uint8_t *prefix, size_t plen)
{
	struct ix_list *l;
	int rc;

	if ((l = realloc(term->l, (term->n + 1) * sizeof(*l))) == NULL)
		return SK_RESOURCE_EXHAUSTED;
	term->l = l;
	l = &term->l[term->n];
	memset(l, 0, sizeof(*l));
	if ((rc = mdb_cursor_open(TXN(t), DBI(t, term->db), &l->c)) != 0)
		return store_lmdb_fail(t, rc);
	memcpy(l->key, prefix, plen);
	l->plen = plen;
	term->n++;
	return 0;
}

/* The least id >= x in list l: 0, or 1 at its end. */
static int
list_seek(struct store_txn *t, struct ix_list *l, uint64_t x, uint64_t *id)
{
	MDB_val k = { l->plen + 8, l->key }, v;
	int rc;

	if (l->end)
		return 1;
	if (l->id >= x) {
		*id = l->id;
		return 0;
	}
	/* LMDB looks in the cursor's page first: seeking near costs little. */
	store_be64(l->key + l->plen, x);
	rc = mdb_cursor_get(l->c, &k, &v, MDB_SET_RANGE);
	if (rc == MDB_NOTFOUND ||
	    (rc == 0 &&
	        (k.mv_size != l->plen + 8 || memcmp(k.mv_data, l->key, l->plen) != 0))) {
		l->end = true;
		return 1;
	}
	if (rc != 0)
		return store_lmdb_fail(t, rc);
	*id = l->id = store_be64_get((const uint8_t *)k.mv_data + l->plen);
	return 0;
}

static int
bits_set(struct ix_term *term, uint64_t id)
{
	if (id >= term->nbits) {
		uint64_t n = term->nbits ? term->nbits : 4096, *nb;

		while (n <= id)
			n *= 2;
		if ((nb = realloc(term->bits, n / 8)) == NULL)
			return SK_RESOURCE_EXHAUSTED;
		memset(nb + term->nbits / 64, 0, (n - term->nbits) / 8);
		term->bits = nb, term->nbits = n;
	}
	term->bits[id / 64] |= 1ULL << (id % 64);
	return 0;
}

static int
bits_seek(const struct ix_term *term, uint64_t x, uint64_t *id)
{
	for (uint64_t i = x; i < term->nbits;) {
		uint64_t w = term->bits[i / 64] >> (i % 64);

		if (w != 0) {
			*id = i + (uint64_t)__builtin_ctzll(w);
			return 0;
		}
		i = (i / 64 + 1) * 64;
	}
	return 1;
}

/* The least id >= x that term matches: 0, 1 when there is none. */
static int
term_seek(struct store_txn *t, struct ix_term *term, uint64_t x, uint64_t *id)
{
	uint64_t best = UINT64_MAX, y = 0;
	bool any = false;
	int rc;

	if (term->bits != NULL || term->n == 0)
		return term->bits != NULL ? bits_seek(term, x, id) : 1;
	for (size_t i = 0; i < term->n; i++) {
		if ((rc = list_seek(t, &term->l[i], x, &y)) > 1)
			return rc; /* a storage error */
		if (rc == 0 && (!any || y < best))
			best = y, any = true;
	}
	if (!any)
		return 1;
	*id = best;
	return 0;
}

static void
term_free(struct ix_term *term)
{
	for (size_t i = 0; i < term->n; i++)
		mdb_cursor_close(term->l[i].c);
	free(term->l);
	free(term->bits);
}

/*
 * Visit the lexicon words a term begins: fn(word key, count) for each,
 * the word key being "unit | word". 
 */
typedef int (*lexicon_fn)(struct store_txn *t, struct ix_term *term, const MDB_val *k,
    uint32_t count);

static int
lexicon_walk(struct store_txn *t, struct ix_term *term, lexicon_fn fn)
{
	MDB_val k = { term->plen, term->prefix }, v;
	MDB_cursor *cur;
	int rc, r = 0;

	if ((rc = mdb_cursor_open(TXN(t), DBI(t, DB_LEXICON), &cur)) != 0)
		return store_lmdb_fail(t, rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && r == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < term->plen ||
		    memcmp(k.mv_data, term->prefix, term->plen) != 0)
			break;
		r = fn(t, term, &k, v.mv_size == 4 ? store_be32_get(v.mv_data) : 0);
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(t, rc);
	return r;
}

static int
count_cb(struct store_txn *t, struct ix_term *term, const MDB_val *k, uint32_t count)
{
	(void)t, (void)k;
	term->nwords++;
	term->est += count;
	return 0;
}

static int
open_cb(struct store_txn *t, struct ix_term *term, const MDB_val *k, uint32_t count)
{
	uint8_t prefix[STORE_KEY_MAX];

	(void)count;
	memcpy(prefix, k->mv_data, k->mv_size);
	prefix[k->mv_size] = 0;
	return list_open(t, term, prefix, k->mv_size + 1);
}

/* The ids > after of every posting of the words term begins: they are
 * one key range. */
static int
term_gather(struct store_txn *t, struct ix_term *term, uint64_t after)
{
	MDB_val k = { term->plen, term->prefix }, v;
	MDB_cursor *cur;
	uint64_t id;
	int rc, r = 0;

	if ((rc = mdb_cursor_open(TXN(t), DBI(t, DB_WORDS), &cur)) != 0)
		return store_lmdb_fail(t, rc);
	/* An empty set still has bits: it matches nothing. */
	if ((r = bits_set(term, 0)) == 0)
		term->bits[0] = 0;
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && r == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < term->plen + 9 ||
		    memcmp(k.mv_data, term->prefix, term->plen) != 0)
			break;
		id = store_be64_get((const uint8_t *)k.mv_data + k.mv_size - 8);
		if (id > after)
			r = bits_set(term, id);
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(t, rc);
	return r;
}

/* Terms in the order a search asks them: the fewest postings first. */
static int
term_cmp(const void *a, const void *b)
{
	const struct ix_term *x = a, *y = b;

	return (x->est > y->est) - (x->est < y->est);
}

/*
 * The words asked for: folded, each once, none that begins another (that
 * one implies it: in key order it comes right before). w->n is 0 when
 * text holds no word.
 */
static int
find_words(const char *text, struct ix_text *w)
{
	size_t k = 0;
	int rc;

	if ((rc = words_of(&text, 1, STORE_WORD_MAX, w)) != 0)
		return rc;
	for (size_t i = 0; i < w->n; i++)
		if (i + 1 == w->n || w->v[i].len > w->v[i + 1].len ||
		    memcmp(w->v[i].s, w->v[i + 1].s, w->v[i].len) != 0)
			w->v[k++] = w->v[i];
	w->n = k;
	return 0;
}

/* Does a word of r's title or summary begin with each of the terms? The
 * words as the index has them (cut to STORE_WORD_MAX bytes). */
static int
rec_check(const InitiativeRec *r, const struct ix_term *terms, size_t n, bool *yes)
{
	const char *texts[] = { r->title, r->summary };
	size_t left = n, len, size = 1;
	const char *p, *w;
	bool *has;
	char *buf;

	for (size_t i = 0; i < 2; i++)
		size += (texts[i] != NULL ? strlen(texts[i]) : 0) + 1;
	buf = malloc(size);
	has = calloc(n, sizeof(*has));
	if (buf == NULL || has == NULL) {
		free(buf);
		free(has);
		return SK_RESOURCE_EXHAUSTED;
	}
	for (size_t i = 0; i < 2 && left > 0; i++) {
		text_fold(texts[i] != NULL ? texts[i] : "", buf, size);
		for (p = buf; left > 0 && (len = text_word(&p, &w)) > 0;) {
			len = word_cut(w, len, STORE_WORD_MAX);
			for (size_t k = 0; k < n; k++) {
				size_t plen = terms[k].plen - 4;

				if (!has[k] && len >= plen &&
				    memcmp(w, terms[k].prefix + 4, plen) == 0)
					has[k] = true, left--;
			}
		}
	}
	*yes = left == 0;
	free(buf);
	free(has);
	return 0;
}

/*
 * Walk the first n terms together (leapfrog): an id all of them match is
 * read, and when it has the words of the nc terms after them too, goes
 * to fn.
 */
static int
find_walk(struct store_txn *t, const struct scope *sc, struct ix_term *terms, size_t n,
    size_t nc, uint64_t after, store_rec_fn fn, void *arg)
{
	uint64_t x = after + 1, y = 0;
	size_t i = 0, agree = 0;
	InitiativeRec *r;
	bool yes = true;
	int rc;

	if (n == 0)
		return 0;
	for (;;) {
		if ((rc = term_seek(t, &terms[i], x, &y)) != 0)
			return rc == 1 ? 0 : rc;
		if (y != x)
			x = y, agree = 0;
		if (++agree == n) {
			if ((rc = store_initiative_get(t, sc, x, &r)) != 0)
				return rc == SK_NOT_FOUND ? SK_DATA_LOSS : rc;
			if (nc > 0 && (rc = rec_check(r, terms + n, nc, &yes)) != 0) {
				store_rec_free(r);
				return rc;
			}
			if (!yes)
				store_rec_free(r);
			else if ((rc = fn(r, arg)) != 0)
				return rc;
			x++, agree = 0;
		}
		i = (i + 1) % n;
	}
}

/* Terms the search walks first, in their order, those it checks after. */
static int
term_walked_first(const void *a, const void *b)
{
	const struct ix_term *x = a, *y = b;

	if (x->check != y->check)
		return x->check ? 1 : -1;
	return term_cmp(a, b);
}

/* A term of by_state or by_category: one list, its size unknown. */
static int
find_pair(struct store_txn *t, const struct scope *sc, enum store_db db, uint32_t value,
    struct ix_term *term)
{
	uint8_t prefix[8];

	memset(term, 0, sizeof(*term));
	term->db = db;
	term->est = UINT64_MAX;
	store_be32(prefix, sc->tenant);
	store_be32(prefix + 4, value);
	return list_open(t, term, prefix, sizeof(prefix));
}

int
store_initiative_find(struct store_txn *t, const struct scope *sc,
    const struct store_find *q, uint64_t after, store_rec_fn fn, void *arg)
{
	bool text = q->words != NULL && !text_blank(q->words);
	struct ix_term *terms = NULL;
	struct ix_text w = { 0 };
	size_t n = 0, nc;
	uint64_t ids;
	int rc = 0;

	if (q->state == 0 && q->category == 0 && !text)
		return SK_INVALID_ARGUMENT;
	if (text && (rc = find_words(q->words, &w)) != 0)
		return rc;
	if (text && w.n == 0)
		goto done; /* words were asked for, none given: nothing matches */
	if ((terms = calloc(w.n + 2, sizeof(*terms))) == NULL) {
		rc = SK_RESOURCE_EXHAUSTED;
		goto done;
	}
	rc = 0;
	for (size_t i = 0; i < w.n && rc == 0; i++, n++) {
		struct ix_term *term = &terms[n];

		term->db = DB_WORDS;
		store_be32(term->prefix, sc->tenant);
		memcpy(term->prefix + 4, w.v[i].s, w.v[i].len);
		term->plen = 4 + w.v[i].len;
		if ((rc = lexicon_walk(t, term, count_cb)) == 0 && term->nwords == 0)
			goto done; /* a word nobody wrote: nothing matches */
	}
	if (rc == 0 && q->state != 0)
		rc = find_pair(t, sc, DB_BY_STATE, q->state, &terms[n++]);
	if (rc == 0 && q->category != 0)
		rc = find_pair(t, sc, DB_BY_CATEGORY, q->category, &terms[n++]);
	if (rc != 0)
		goto done;
	qsort(terms, n, sizeof(*terms), term_cmp);
	/*
	 * The first (fewest postings) is walked through its lists. The others
	 * are only asked whether they have an id: a term of many words is
	 * cheaper as the set of its ids, and one that most initiatives match
	 * is cheaper checked on the records found without it.
	 */
	if ((rc = store_seq_get(t, sc, SEQ_INITIATIVE, &ids)) != 0)
		goto done;
	for (size_t i = 1; i < n; i++)
		terms[i].check = terms[i].db == DB_WORDS && terms[i].nwords > LIST_MAX &&
		    terms[i].est > ids / DENSE;
	qsort(terms, n, sizeof(*terms), term_walked_first);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (terms[i].db != DB_WORDS || terms[i].check)
			continue;
		if (i > 0 && terms[i].nwords > LIST_MAX)
			rc = term_gather(t, &terms[i], after);
		else
			rc = lexicon_walk(t, &terms[i], open_cb);
	}
	for (nc = 0; nc < n && terms[n - 1 - nc].check; nc++)
		;
	if (rc == 0)
		rc = find_walk(t, sc, terms, n - nc, nc, after, fn, arg);
done:
	for (size_t i = 0; terms != NULL && i < w.n + 2; i++)
		term_free(&terms[i]);
	free(terms);
	ix_text_free(&w);
	return rc;
}

/* ---- near duplicates ---------------------------------------------------------- */

struct ids {
	uint64_t *v;
	size_t n, cap;
};

static int
ids_add(struct ids *s, uint64_t id)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *nv = realloc(s->v, cap * sizeof(*nv));

		if (nv == NULL)
			return SK_RESOURCE_EXHAUSTED;
		s->v = nv, s->cap = cap;
	}
	s->v[s->n++] = id;
	return 0;
}

static int
id_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/* The candidates under one hash of the query's first words. */
static int
near_probe(struct store_txn *t, MDB_cursor *cur, uint32_t unit, uint64_t h,
    const struct near_title *q, struct ids *out)
{
	size_t lo = near_min(q->n), hi = near_max(q->n);
	uint8_t key[NEAR_KEY];
	MDB_val k = { 14, key }, v;
	int rc, r = 0;

	near_key(key, h, unit, lo, 0);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0 && r == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		const uint8_t *p = k.mv_data;

		if (k.mv_size != NEAR_KEY || memcmp(p, key, 12) != 0 ||
		    be16_get(p + 12) > hi)
			break;
		if (near_alike(q->val, q->n, v.mv_data, v.mv_size / 8))
			r = ids_add(out, store_be64_get(p + 14));
	}
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(t, rc);
	return r;
}

int
store_near_scan(struct store_txn *t, const struct scope *sc, const char *title,
    store_rec_fn fn, void *arg)
{
	struct near_title q;
	struct ids c = { 0 };
	MDB_cursor *cur = NULL;
	InitiativeRec *r;
	size_t p;
	int rc;

	if ((rc = near_of(title, &q)) != 0)
		return rc;
	if ((rc = mdb_cursor_open(TXN(t), DBI(t, DB_NEAR), &cur)) != 0) {
		rc = store_lmdb_fail(t, rc);
		goto done;
	}
	p = near_prefix(q.n);
	for (size_t i = 0; i < p && rc == 0; i++) {
		uint64_t h = q.n > 0 ? q.w.v[i].hash : 0;

		if (i == 0 || h != q.w.v[i - 1].hash)
			rc = near_probe(t, cur, sc->tenant, h, &q, &c);
	}
	if (rc != 0)
		goto done;
	/* In id order, each once, as a scan of the records would see them. */
	if (c.n > 1)
		qsort(c.v, c.n, sizeof(*c.v), id_cmp);
	for (size_t i = 0; i < c.n && rc == 0; i++) {
		if (i > 0 && c.v[i] == c.v[i - 1])
			continue;
		if ((rc = store_initiative_get(t, sc, c.v[i], &r)) != 0)
			rc = rc == SK_NOT_FOUND ? SK_DATA_LOSS : rc;
		else
			rc = fn(r, arg);
	}
done:
	if (cur != NULL)
		mdb_cursor_close(cur);
	near_free(&q);
	free(c.v);
	return rc;
}

/* ---- checking them against the records ------------------------------------------ */

struct ix_check {
	struct store_txn *t;
	const struct scope *sc;
	store_report_fn fn;
	void *arg;
	uint64_t want[DB_COUNT];  /* keys the records call for, by table, */
	uint64_t found[DB_COUNT]; /* and of those the ones there */
	size_t bad, told;
};

static const char *
db_name(enum store_db db)
{
	switch (db) {
	case DB_BY_STATE: return "by_state";
	case DB_BY_CATEGORY: return "by_category";
	case DB_WORDS: return "words";
	case DB_LEXICON: return "lexicon";
	default: return "near";
	}
}

static void tell(struct ix_check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
tell(struct ix_check *c, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	c->bad++;
	if (c->told++ == CHECK_REPORTS) {
		c->fn("(and more: only the first are told)", c->arg);
		return;
	}
	if (c->told > CHECK_REPORTS)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	c->fn(line, c->arg);
}

/* What a key says, for people: the word of a posting, the value of a
 * pair, nothing for near. */
static void
key_text(enum store_db db, const uint8_t *k, size_t klen, char *out, size_t sz)
{
	if (db == DB_WORDS && klen >= 13)
		snprintf(out, sz, " \"%.*s\"", (int)(klen - 13), (const char *)k + 4);
	else if ((db == DB_BY_STATE || db == DB_BY_CATEGORY) && klen == 16)
		snprintf(out, sz, " %u", store_be32_get(k + 4));
	else
		out[0] = '\0';
}

/* The id a key of an index names. */
static uint64_t
key_id(const uint8_t *k, size_t klen)
{
	return klen >= 8 ? store_be64_get(k + klen - 8) : 0;
}

/* Every key the record calls for is there, with its value. */
static int
check_cb(void *rec, void *arg)
{
	struct ix_check *c = arg;
	InitiativeRec *r = rec;
	struct ix_keys ks;
	char what[160];
	int rc;

	if ((rc = rec_keys(r, c->sc->tenant, true, &ks)) != 0) {
		store_rec_free(r);
		return rc;
	}
	for (size_t i = 0; i < ks.n; i++) {
		MDB_val k = { ks.v[i].klen, (void *)key_bytes(&ks, i) }, v;

		c->want[ks.v[i].db]++;
		rc = mdb_get(TXN(c->t), DBI(c->t, ks.v[i].db), &k, &v);
		if (rc != 0 && rc != MDB_NOTFOUND) {
			rc = store_lmdb_fail(c->t, rc);
			break;
		}
		key_text(ks.v[i].db, k.mv_data, k.mv_size, what, sizeof(what));
		c->found[ks.v[i].db] += rc == 0;
		if (rc == MDB_NOTFOUND)
			tell(c, "initiative %llu is missing from %s%s",
			    (unsigned long long)r->id, db_name(ks.v[i].db), what);
		else if (v.mv_size != ks.v[i].vlen ||
		    (v.mv_size > 0 &&
		        memcmp(v.mv_data, key_value(&ks, i), v.mv_size) != 0))
			tell(c, "%s holds another title for initiative %llu",
			    db_name(ks.v[i].db), (unsigned long long)r->id);
		rc = 0;
	}
	keys_free(&ks);
	store_rec_free(r);
	return rc;
}

/* Does the record of the id key k names call for k? */
static int
check_key(struct ix_check *c, enum store_db db, const uint8_t *k, size_t klen, bool *ok)
{
	InitiativeRec *r = NULL;
	struct ix_keys ks = { 0 };
	int rc;

	*ok = false;
	rc = store_initiative_get(c->t, c->sc, key_id(k, klen), &r);
	if (rc == 0 && (rc = rec_keys(r, c->sc->tenant, true, &ks)) == 0)
		for (size_t i = 0; i < ks.n && !*ok; i++)
			*ok = ks.v[i].db == db && ks.v[i].klen == klen &&
			    memcmp(key_bytes(&ks, i), k, klen) == 0;
	keys_free(&ks);
	store_rec_free(r);
	return rc == SK_NOT_FOUND ? 0 : rc;
}

/* Is k a key of the unit in db? near's keys name it after the hash. */
static bool
unit_key(const struct ix_check *c, enum store_db db, const MDB_val *k)
{
	uint8_t unit[4];

	store_be32(unit, c->sc->tenant);
	if (db == DB_NEAR)
		return k->mv_size == NEAR_KEY &&
		    memcmp((const uint8_t *)k->mv_data + 8, unit, 4) == 0;
	return k->mv_size >= 4 && memcmp(k->mv_data, unit, 4) == 0;
}

/*
 * The unit's keys in db: as many as those the records call for that were
 * found, or else each is looked at to tell those no record calls for.
 * near is read whole: its keys begin with a hash, not the unit.
 */
static int
check_extra(struct ix_check *c, enum store_db db, bool name)
{
	uint8_t unit[4];
	MDB_val k = { 4, unit }, v;
	MDB_cursor *cur;
	uint64_t have = 0;
	char what[160];
	bool ok;
	int rc, r = 0;

	store_be32(unit, c->sc->tenant);
	if ((rc = mdb_cursor_open(TXN(c->t), DBI(c->t, db), &cur)) != 0)
		return store_lmdb_fail(c->t, rc);
	for (rc = mdb_cursor_get(cur, &k, &v, db == DB_NEAR ? MDB_FIRST : MDB_SET_RANGE);
	     rc == 0 && r == 0; rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (!unit_key(c, db, &k)) {
			if (db == DB_NEAR)
				continue;
			break;
		}
		have++;
		if (!name || (r = check_key(c, db, k.mv_data, k.mv_size, &ok)) != 0 || ok)
			continue;
		key_text(db, k.mv_data, k.mv_size, what, sizeof(what));
		tell(c, "%s holds initiative %llu%s, which its record does not call for",
		    db_name(db), (unsigned long long)key_id(k.mv_data, k.mv_size), what);
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(c->t, rc);
	if (r == 0 && !name && have != c->found[db])
		return check_extra(c, db, true);
	return r;
}

/* The lexicon's counts against the postings, word by word. */
static int
check_lexicon(struct ix_check *c)
{
	uint8_t unit[4];
	MDB_val wk = { 4, unit }, lk = { 4, unit }, v, lv;
	MDB_cursor *wc = NULL, *lc = NULL;
	int wrc, lrc;

	store_be32(unit, c->sc->tenant);
	if ((wrc = mdb_cursor_open(TXN(c->t), DBI(c->t, DB_WORDS), &wc)) != 0 ||
	    (wrc = mdb_cursor_open(TXN(c->t), DBI(c->t, DB_LEXICON), &lc)) != 0) {
		if (wc != NULL)
			mdb_cursor_close(wc);
		return store_lmdb_fail(c->t, wrc);
	}
	wrc = mdb_cursor_get(wc, &wk, &v, MDB_SET_RANGE);
	lrc = mdb_cursor_get(lc, &lk, &lv, MDB_SET_RANGE);
	for (;;) {
		bool wmore =
		    wrc == 0 && wk.mv_size >= 13 && memcmp(wk.mv_data, unit, 4) == 0;
		bool lmore =
		    lrc == 0 && lk.mv_size >= 4 && memcmp(lk.mv_data, unit, 4) == 0;
		uint8_t word[STORE_KEY_MAX];
		size_t len = wmore ? wk.mv_size - 9 : 0;
		uint32_t n = 0, want;
		int cmp;

		if (!wmore && !lmore)
			break;
		if (wmore)
			memcpy(word, wk.mv_data, len);
		cmp = !wmore ?
		    1 :
		    !lmore ?
		    -1 :
		    memcmp(word, lk.mv_data, len < lk.mv_size ? len : lk.mv_size);
		if (cmp == 0)
			cmp = (len > lk.mv_size) - (len < lk.mv_size);
		want = cmp >= 0 && lv.mv_size == 4 ? store_be32_get(lv.mv_data) : 0;
		while (cmp <= 0 && wrc == 0 && wk.mv_size == len + 9 &&
		    memcmp(wk.mv_data, word, len) == 0) {
			n++;
			wrc = mdb_cursor_get(wc, &wk, &v, MDB_NEXT);
		}
		if (n != want)
			tell(c, "lexicon counts %u of \"%.*s\", words holds %u", want,
			    (int)((cmp <= 0 ? len : lk.mv_size) - 4),
			    (const char *)(cmp <= 0 ? word :
			                              (const uint8_t *)lk.mv_data) +
			        4,
			    n);
		if (cmp >= 0)
			lrc = mdb_cursor_get(lc, &lk, &lv, MDB_NEXT);
	}
	mdb_cursor_close(wc);
	mdb_cursor_close(lc);
	if ((wrc != 0 && wrc != MDB_NOTFOUND) || (lrc != 0 && lrc != MDB_NOTFOUND))
		return store_lmdb_fail(c->t, wrc != 0 && wrc != MDB_NOTFOUND ? wrc : lrc);
	return 0;
}

int
store_index_check(struct store_txn *t, const struct scope *sc, store_report_fn fn,
    void *arg, size_t *bad)
{
	struct ix_check c = { .t = t, .sc = sc, .fn = fn, .arg = arg };
	int rc;

	*bad = 0;
	if ((rc = store_initiative_scan(t, sc, 0, check_cb, &c)) != 0 ||
	    (rc = check_extra(&c, DB_BY_STATE, false)) != 0 ||
	    (rc = check_extra(&c, DB_BY_CATEGORY, false)) != 0 ||
	    (rc = check_extra(&c, DB_WORDS, false)) != 0 ||
	    (rc = check_extra(&c, DB_NEAR, false)) != 0 || (rc = check_lexicon(&c)) != 0)
		return rc;
	*bad = c.bad;
	return 0;
}
