/* unit_store: key encoding, tenant isolation and map growth of the store. */
#include "t.h"

#include <stdlib.h>
#include <unistd.h>

#include "store.h"
#include "tstore.h"

/* ---- key encoding (no LMDB) ----------------------------------------- */

static void
key_initiative_layout(void)
{
	static const uint8_t want[12] = { 0x01, 0x02, 0x03, 0x04, 0x10, 0x20, 0x30, 0x40,
		0x50, 0x60, 0x70, 0x80 };
	uint8_t key[12];
	uint32_t tenant = 0;
	uint64_t id = 0;

	T_EQ_INT(store_key_initiative(key, 0x01020304, 0x1020304050607080ULL), 12);
	T_CHECK(memcmp(key, want, sizeof(want)) == 0);
	store_key_decode_initiative(key, &tenant, &id);
	T_EQ_INT(tenant, 0x01020304);
	T_CHECK(id == 0x1020304050607080ULL);

	store_key_initiative(key, UINT32_MAX, UINT64_MAX);
	store_key_decode_initiative(key, &tenant, &id);
	T_CHECK(tenant == UINT32_MAX && id == UINT64_MAX);
	store_key_initiative(key, 0, 0);
	for (int i = 0; i < 12; i++)
		T_EQ_INT(key[i], 0);
}

static int
tuple_cmp(uint32_t ta, uint64_t ia, uint32_t tb, uint64_t ib)
{
	if (ta != tb)
		return ta < tb ? -1 : 1;
	if (ia != ib)
		return ia < ib ? -1 : 1;
	return 0;
}

static int
sign(int v)
{
	return (v > 0) - (v < 0);
}

static void
key_initiative_order(void)
{
	static const struct {
		uint32_t tenant;
		uint64_t id;
	} k[] = {
		{ 0, 0 },
		{ 0, 1 },
		{ 0, 255 },
		{ 0, 256 },
		{ 1, 0 },
		{ 1, 0xffffffffffffffffULL },
		{ 2, 0 },
		{ 2, 0x100000000ULL },
		{ 255, 1 },
		{ 256, 0 },
		{ 0x01000000, 7 },
		{ UINT32_MAX, 0 },
		{ UINT32_MAX, UINT64_MAX },
	};
	const size_t n = sizeof(k) / sizeof(k[0]);
	uint8_t a[12], b[12];

	/* The one the brief names: all of tenant 1 sorts before tenant 2. */
	store_key_initiative(a, 1, 0xffffffffffffffffULL);
	store_key_initiative(b, 2, 0);
	T_CHECK(memcmp(a, b, 12) < 0);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < n; j++) {
			store_key_initiative(a, k[i].tenant, k[i].id);
			store_key_initiative(b, k[j].tenant, k[j].id);
			T_EQ_INT(sign(memcmp(a, b, 12)),
			    tuple_cmp(k[i].tenant, k[i].id, k[j].tenant, k[j].id));
		}
}

static void
key_user_layout(void)
{
	uint8_t key[STORE_KEY_MAX];
	uint8_t small[8];

	memset(key, 0xee, sizeof(key));
	T_EQ_INT(store_key_user(key, sizeof(key), 0x00000103, "nva"), 7);
	T_CHECK(memcmp(key, "\x00\x00\x01\x03nva", 7) == 0);
	T_EQ_INT(key[7], 0xee); /* no terminator written */

	/* Exactly fits, one byte short, and far too short. */
	T_EQ_INT(store_key_user(small, sizeof(small), 3, "abcd"), 8);
	T_CHECK(memcmp(small,
	            "\x00\x00\x00\x03"
	            "abcd",
	            8) == 0);
	T_EQ_INT(store_key_user(small, sizeof(small), 3, "abcde"), 0);
	T_EQ_INT(store_key_user(small, 3, 3, ""), 0);
	T_EQ_INT(store_key_user(small, 4, 3, ""), 4);
}

/* ---- a real store in a temporary directory -------------------------- */

static void
fp_fill(uint8_t fp[STORE_FP_LEN], uint8_t seed)
{
	for (int i = 0; i < STORE_FP_LEN; i++)
		fp[i] = (uint8_t)(seed + i * 7);
}

static void
units_and_users(void)
{
	struct tmpstore ts;
	struct store_txn t;
	UnitRec u, *got = NULL, **list = NULL;
	UserRec usr, *ugot = NULL, **ulist = NULL;
	uint8_t fp1[STORE_FP_LEN], fp2[STORE_FP_LEN], fp3[STORE_FP_LEN];
	size_t n = 0;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	fp_fill(fp1, 1);
	fp_fill(fp2, 2);
	fp_fill(fp3, 3);

	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	sk__store__v1__unit_rec__init(&u);
	u.id = 3, u.code = "xa-hat-mon", u.name = "Xã Hát Môn", u.kind = 3;
	u.parent_id = 1;
	T_EQ_INT(store_unit_put(&t, &u), 0);
	u.id = 1, u.code = "phuc-tho", u.name = "Huyện Phúc Thọ", u.kind = 1;
	u.parent_id = 0;
	T_EQ_INT(store_unit_put(&t, &u), 0);

	sk__store__v1__user_rec__init(&usr);
	usr.login = "nva.hatmon", usr.name = "Nguyễn Văn An", usr.unit_id = 3;
	usr.roles = 3, usr.enabled = 1;
	usr.fingerprint.data = fp1, usr.fingerprint.len = STORE_FP_LEN;
	T_EQ_INT(store_user_put(&t, &usr), 0);
	usr.login = "ttb.huyen", usr.name = "Trần Thị Bình", usr.unit_id = 1;
	usr.fingerprint.data = fp2;
	T_EQ_INT(store_user_put(&t, &usr), 0);
	T_EQ_INT(commit(&t), 0);

	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_unit_get(&t, 3, &got), 0);
	if (got != NULL) {
		T_EQ_STR(got->code, "xa-hat-mon");
		T_EQ_STR(got->name, "Xã Hát Môn");
		T_EQ_INT(got->parent_id, 1);
	}
	store_rec_free(got);
	T_EQ_INT(store_unit_get(&t, 2, &got), SK_NOT_FOUND);
	T_CHECK(got == NULL);
	T_EQ_INT(store_unit_by_code(&t, "phuc-tho", &got), 0);
	if (got != NULL)
		T_EQ_INT(got->id, 1);
	store_rec_free(got);
	T_EQ_INT(store_unit_by_code(&t, "xa-khong-co", &got), SK_NOT_FOUND);
	T_EQ_INT(store_unit_list(&t, &list, &n), 0);
	T_EQ_INT(n, 2);
	if (n == 2)
		T_CHECK(list[0]->id == 1 && list[1]->id == 3); /* key order */
	store_unit_list_free(list, n);

	T_EQ_INT(store_user_find(&t, "nva.hatmon", &ugot), 0);
	if (ugot != NULL) {
		T_EQ_STR(ugot->name, "Nguyễn Văn An");
		T_EQ_INT(ugot->unit_id, 3);
	}
	store_rec_free(ugot);
	T_EQ_INT(store_user_find(&t, "nobody", &ugot), SK_NOT_FOUND);
	T_EQ_INT(store_user_find(&t, "", &ugot), SK_NOT_FOUND);
	T_EQ_INT(store_user_by_fp(&t, fp2, &ugot), 0);
	if (ugot != NULL)
		T_EQ_STR(ugot->login, "ttb.huyen");
	store_rec_free(ugot);
	T_EQ_INT(store_user_by_fp(&t, fp3, &ugot), SK_NOT_FOUND);
	T_EQ_INT(store_user_list(&t, 3, &ulist, &n), 0);
	T_EQ_INT(n, 1);
	store_user_list_free(ulist, n);
	T_EQ_INT(store_user_list(&t, 0, &ulist, &n), 0); /* 0: all */
	T_EQ_INT(n, 2);
	store_user_list_free(ulist, n);
	store_read_end(&t);

	/* Re-issue nva's certificate: the old one no longer identifies. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	usr.login = "nva.hatmon", usr.name = "Nguyễn Văn An", usr.unit_id = 3;
	usr.fingerprint.data = fp3;
	T_EQ_INT(store_user_put(&t, &usr), 0);
	T_EQ_INT(commit(&t), 0);

	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_user_by_fp(&t, fp1, &ugot), SK_NOT_FOUND);
	T_CHECK(ugot == NULL);
	T_EQ_INT(store_user_by_fp(&t, fp3, &ugot), 0);
	if (ugot != NULL)
		T_EQ_STR(ugot->login, "nva.hatmon");
	store_rec_free(ugot);
	T_EQ_INT(store_user_by_fp(&t, fp2, &ugot), 0); /* others unaffected */
	store_rec_free(ugot);
	store_read_end(&t);

	tmp_close(&ts);
}

static int
put_initiative(struct store_txn *t, uint32_t tenant, uint64_t id, const char *title)
{
	struct scope sc = { .tenant = tenant, .login = "test" };
	InitiativeRec r;

	sk__store__v1__initiative_rec__init(&r);
	r.id = id;
	r.unit_id = tenant;
	r.title = (char *)title;
	r.category = 1;
	return store_initiative_put(t, &sc, &r);
}

struct seen {
	uint32_t unit[16];
	uint64_t id[16];
	int n;
	int stop_after; /* return 1 after this many; 0: never */
};

static int
seen_cb(void *rec, void *arg)
{
	struct seen *s = arg;
	InitiativeRec *r = rec;

	if (s->n < 16) {
		s->unit[s->n] = r->unit_id;
		s->id[s->n] = r->id;
	}
	s->n++;
	store_rec_free(r); /* the callback owns the record */
	return s->stop_after != 0 && s->n >= s->stop_after;
}

static void
scan_ids(struct store_txn *t, uint32_t tenant, uint64_t after, int stop_after,
    struct seen *s, int *rc)
{
	struct scope sc = { .tenant = tenant, .login = "test" };

	memset(s, 0, sizeof(*s));
	s->stop_after = stop_after;
	*rc = store_initiative_scan(t, &sc, after, seen_cb, s);
}

static void
initiatives_isolated(void)
{
	struct tmpstore ts;
	struct store_txn t;
	struct scope sc3 = { .tenant = 3, .login = "a" },
	             sc4 = { .tenant = 4, .login = "b" };
	InitiativeRec *r = NULL, bad;
	struct seen s;
	uint64_t id = 0;
	int rc;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}

	/* Sequences are per tenant. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_initiative_next_id(&t, &sc3, &id), 0);
	T_EQ_INT(id, 1);
	T_EQ_INT(store_initiative_next_id(&t, &sc3, &id), 0);
	T_EQ_INT(id, 2);
	T_EQ_INT(store_initiative_next_id(&t, &sc4, &id), 0);
	T_EQ_INT(id, 1);
	T_EQ_INT(store_initiative_next_id(&t, &sc3, &id), 0);
	T_EQ_INT(id, 3);

	/* The same ids in two tenants, and ids at the edges of the key. */
	T_EQ_INT(put_initiative(&t, 3, 1, "t3-1"), 0);
	T_EQ_INT(put_initiative(&t, 3, 2, "t3-2"), 0);
	T_EQ_INT(put_initiative(&t, 3, 3, "t3-3"), 0);
	T_EQ_INT(put_initiative(&t, 3, 7, "t3-7"), 0);
	T_EQ_INT(put_initiative(&t, 3, UINT64_MAX, "t3-max"), 0);
	T_EQ_INT(put_initiative(&t, 4, 2, "t4-2"), 0);
	T_EQ_INT(put_initiative(&t, 4, 1, "t4-1"), 0);
	T_EQ_INT(put_initiative(&t, 2, UINT64_MAX, "t2-max"), 0);
	T_EQ_INT(put_initiative(&t, 5, 0, "t5-0"), 0);

	/* Writing into another tenant is refused, and writes nothing. */
	sk__store__v1__initiative_rec__init(&bad);
	bad.id = 9, bad.unit_id = 3, bad.title = "sneaky";
	T_EQ_INT(store_initiative_put(&t, &sc4, &bad), SK_PERMISSION_DENIED);
	bad.unit_id = 0;
	T_EQ_INT(store_initiative_put(&t, &sc4, &bad), SK_PERMISSION_DENIED);
	T_EQ_INT(commit(&t), 0);

	/* The sequence survived the commit. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_initiative_next_id(&t, &sc3, &id), 0);
	T_EQ_INT(id, 4);
	store_abort(&t);

	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_initiative_get(&t, &sc4, 1, &r), 0);
	if (r != NULL) {
		T_EQ_STR(r->title, "t4-1");
		T_EQ_INT(r->unit_id, 4);
	}
	store_rec_free(r);
	T_EQ_INT(store_initiative_get(&t, &sc3, 1, &r), 0);
	if (r != NULL)
		T_EQ_STR(r->title, "t3-1");
	store_rec_free(r);
	/* Tenant 3 has id 3 and 7, tenant 4 does not: not found, not leaked. */
	T_EQ_INT(store_initiative_get(&t, &sc4, 3, &r), SK_NOT_FOUND);
	T_CHECK(r == NULL);
	T_EQ_INT(store_initiative_get(&t, &sc4, 7, &r), SK_NOT_FOUND);
	T_EQ_INT(store_initiative_get(&t, &sc4, 9, &r), SK_NOT_FOUND);
	T_EQ_INT(store_initiative_get(&t, &sc3, 9, &r), SK_NOT_FOUND);

	/* Scans see only their tenant, in id order. */
	scan_ids(&t, 4, 0, 0, &s, &rc);
	T_EQ_INT(rc, 0);
	T_EQ_INT(s.n, 2);
	T_CHECK(s.unit[0] == 4 && s.id[0] == 1);
	T_CHECK(s.unit[1] == 4 && s.id[1] == 2);

	scan_ids(&t, 3, 0, 0, &s, &rc);
	T_EQ_INT(rc, 0);
	T_EQ_INT(s.n, 5);
	for (int i = 0; i < s.n && i < 16; i++)
		T_EQ_INT(s.unit[i], 3);
	T_CHECK(s.id[0] == 1 && s.id[1] == 2 && s.id[2] == 3 && s.id[3] == 7);
	T_CHECK(s.id[4] == UINT64_MAX);

	/* `after` is exclusive, and need not be an existing id. */
	scan_ids(&t, 3, 2, 0, &s, &rc);
	T_EQ_INT(s.n, 3);
	T_CHECK(s.id[0] == 3 && s.id[1] == 7 && s.id[2] == UINT64_MAX);
	scan_ids(&t, 3, 4, 0, &s, &rc);
	T_EQ_INT(s.n, 2);
	T_CHECK(s.id[0] == 7);
	scan_ids(&t, 3, UINT64_MAX, 0, &s, &rc);
	T_EQ_INT(rc, 0);
	T_EQ_INT(s.n, 0); /* must not run into tenant 4 */
	scan_ids(&t, 4, 2, 0, &s, &rc);
	T_EQ_INT(s.n, 0); /* must not run into tenant 5 */
	scan_ids(&t, 2, 0, 0, &s, &rc);
	T_EQ_INT(s.n, 1); /* only t2-max */
	T_CHECK(s.unit[0] == 2);
	scan_ids(&t, 6, 0, 0, &s, &rc);
	T_EQ_INT(rc, 0);
	T_EQ_INT(s.n, 0); /* past the last key */

	/* A callback's non-zero return stops the scan and comes back. */
	scan_ids(&t, 3, 0, 2, &s, &rc);
	T_EQ_INT(rc, 1);
	T_EQ_INT(s.n, 2);
	store_read_end(&t);

	tmp_close(&ts);
}

static void
nested_abort(void)
{
	struct tmpstore ts;
	struct store_txn parent, child;
	struct scope sc = { .tenant = 3, .login = "a" };
	InitiativeRec *r = NULL;
	uint64_t id = 0;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &parent), 0);
	T_EQ_INT(put_initiative(&parent, 3, 1, "kept"), 0);

	/* A child that is aborted leaves nothing, not even a sequence. */
	T_EQ_INT(store_write_begin(ts.st, &parent, &child), 0);
	T_EQ_INT(store_initiative_next_id(&child, &sc, &id), 0);
	T_EQ_INT(put_initiative(&child, 3, 2, "dropped"), 0);
	T_EQ_INT(store_initiative_get(&child, &sc, 2, &r), 0); /* visible inside */
	store_rec_free(r);
	store_abort(&child);
	T_EQ_INT(store_initiative_get(&parent, &sc, 2, &r), SK_NOT_FOUND);

	/* A child that commits is folded into the parent. */
	T_EQ_INT(store_write_begin(ts.st, &parent, &child), 0);
	T_EQ_INT(put_initiative(&child, 3, 3, "child"), 0);
	T_EQ_INT(commit(&child), 0);
	T_EQ_INT(commit(&parent), 0);

	T_EQ_INT(store_read_begin(ts.st, &parent), 0);
	T_EQ_INT(store_initiative_get(&parent, &sc, 1, &r), 0);
	store_rec_free(r);
	T_EQ_INT(store_initiative_get(&parent, &sc, 2, &r), SK_NOT_FOUND);
	T_EQ_INT(store_initiative_get(&parent, &sc, 3, &r), 0);
	store_rec_free(r);
	store_read_end(&parent);

	/* The aborted child's next_id did not count. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &parent), 0);
	T_EQ_INT(store_initiative_next_id(&parent, &sc, &id), 0);
	T_EQ_INT(id, 1);
	store_abort(&parent);

	/* A whole write txn aborted leaves nothing either. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &parent), 0);
	T_EQ_INT(put_initiative(&parent, 3, 4, "never"), 0);
	store_abort(&parent);
	T_EQ_INT(store_read_begin(ts.st, &parent), 0);
	T_EQ_INT(store_initiative_get(&parent, &sc, 4, &r), SK_NOT_FOUND);
	store_read_end(&parent);

	tmp_close(&ts);
}

/* ~3 MiB of initiatives into a 1 MiB map: grow on "map full" and retry. */
enum { GROW_RECORDS = 800, GROW_BATCH = 40, GROW_SUMMARY = 4000 };

static int
put_batch(struct store *st, uint64_t first, const char *summary)
{
	struct scope sc = { .tenant = 7, .login = "grow" };
	struct sk_error err = { 0, "" };
	struct store_txn t;
	InitiativeRec r;
	char title[48];
	int rc;

	if ((rc = store_write_begin(st, NULL, &t)) != 0)
		return rc;
	for (uint64_t id = first; id < first + GROW_BATCH; id++) {
		sk__store__v1__initiative_rec__init(&r);
		snprintf(title, sizeof(title), "Sáng kiến %" PRIu64, id);
		r.id = id, r.unit_id = 7, r.title = title;
		r.summary = (char *)summary;
		if ((rc = store_initiative_put(&t, &sc, &r)) != 0) {
			/* The sticky error: commit refuses and aborts. */
			T_EQ_INT(store_commit(&t, &err), rc);
			return rc;
		}
	}
	return store_commit(&t, &err);
}

static void
map_grows(void)
{
	struct tmpstore ts;
	struct store_txn t;
	struct scope sc = { .tenant = 7, .login = "grow" };
	char *summary = malloc(GROW_SUMMARY + 1);
	size_t size0;
	int grows = 0, rc, bad = 0;

	if (summary == NULL || tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		free(summary);
		return;
	}
	memset(summary, 'x', GROW_SUMMARY);
	summary[GROW_SUMMARY] = '\0';
	size0 = store_map_size(ts.st);
	T_CHECK(size0 >= (1 << 20) && size0 < (2 << 20));

	for (uint64_t first = 1; first <= GROW_RECORDS;) {
		rc = put_batch(ts.st, first, summary);
		if (rc == 0) {
			first += GROW_BATCH;
			continue;
		}
		T_EQ_INT(rc, SK_RESOURCE_EXHAUSTED);
		if (rc != SK_RESOURCE_EXHAUSTED || grows > 10 || store_grow(ts.st) != 0) {
			T_CHECK(!"grows and retries");
			break;
		}
		grows++;
	}
	T_CHECK(grows >= 1);
	T_CHECK(store_map_size(ts.st) > size0);
	T_CHECK(store_map_size(ts.st) <= (size_t)64 << 20);

	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	for (uint64_t id = 1; id <= GROW_RECORDS; id++) {
		InitiativeRec *r = NULL;
		char title[48];

		snprintf(title, sizeof(title), "Sáng kiến %" PRIu64, id);
		rc = store_initiative_get(&t, &sc, id, &r);
		if ((rc != 0 || strcmp(r->title, title) != 0 ||
		        strlen(r->summary) != GROW_SUMMARY) &&
		    bad++ < 3) {
			T_EQ_INT(rc, 0);
			T_EQ_INT(id, 0); /* names the first missing ids */
		}
		store_rec_free(r);
	}
	T_EQ_INT(bad, 0);
	store_read_end(&t);
	free(summary);
	tmp_close(&ts);
}

/* The "map full" flag on the txn itself, as the writer thread uses it. */
static void
map_full_flag(void)
{
	struct tmpstore ts;
	struct store_txn t;
	struct scope sc = { .tenant = 7, .login = "grow" };
	struct sk_error err = { 0, "" };
	char *summary = malloc(GROW_SUMMARY + 1);
	InitiativeRec r;
	int rc = 0;
	uint64_t id;

	if (summary == NULL || tmp_open(&ts, 1 << 20, 2 << 20) != 0) {
		T_CHECK(!"store opens");
		free(summary);
		return;
	}
	memset(summary, 'y', GROW_SUMMARY);
	summary[GROW_SUMMARY] = '\0';

	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_CHECK(!store_txn_map_full(&t));
	for (id = 1; id <= GROW_RECORDS && rc == 0; id++) {
		sk__store__v1__initiative_rec__init(&r);
		r.id = id, r.unit_id = 7, r.title = "x", r.summary = summary;
		rc = store_initiative_put(&t, &sc, &r);
	}
	T_EQ_INT(rc, SK_RESOURCE_EXHAUSTED);
	T_CHECK(store_txn_map_full(&t));
	T_EQ_INT(store_commit(&t, &err), SK_RESOURCE_EXHAUSTED);
	T_CONTAINS(err.msg, "nothing was written");
	T_CHECK(store_txn_map_full(&t));

	/* Nothing of the failed txn is there. */
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	InitiativeRec *got = NULL;
	T_EQ_INT(store_initiative_get(&t, &sc, 1, &got), SK_NOT_FOUND);
	store_read_end(&t);

	/* Grow to the cap (2 MiB), then no further. */
	T_EQ_INT(store_grow(ts.st), 0);
	T_EQ_INT(store_map_size(ts.st), 2 << 20);
	T_EQ_INT(store_grow(ts.st), -1);
	T_EQ_INT(store_map_size(ts.st), 2 << 20);

	free(summary);
	tmp_close(&ts);
}

static void
reopen_keeps_data(void)
{
	struct tmpstore ts;
	struct store_txn t;
	struct store_opts o = { 1 << 20, 64 << 20, false };
	struct sk_error err = { 0, "" };
	struct scope sc = { .tenant = 3, .login = "a" };
	InitiativeRec *r = NULL;
	char empty[64];
	struct store *st2 = NULL;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(put_initiative(&t, 3, 1, "bền"), 0);
	T_EQ_INT(commit(&t), 0);
	store_close(ts.st);

	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_initiative_get(&t, &sc, 1, &r), 0);
	if (r != NULL)
		T_EQ_STR(r->title, "bền");
	store_rec_free(r);
	store_read_end(&t);
	tmp_close(&ts);

	/* An empty directory is not a data directory without create. */
	snprintf(empty, sizeof(empty), "/tmp/sk-unit-store-XXXXXX");
	if (mkdtemp(empty) == NULL) {
		T_CHECK(!"mkdtemp");
		return;
	}
	T_EQ_INT(store_open(&st2, empty, &o, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "skd init");
	tmp_remove(empty);
}

/* Counters per tenant: sequences count from 1, byte counters never go
 * below 0, and no tenant sees another's. */
static void
counters(void)
{
	struct scope a = { .tenant = 3 }, b = { .tenant = 4 };
	struct tmpstore ts;
	struct store_txn t;
	uint64_t v = 99;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_seq_get(&t, &a, SEQ_FILE_BYTES, &v), 0);
	T_EQ_INT(v, 0);
	T_EQ_INT(store_seq_next(&t, &a, SEQ_UPLOAD, &v), 0);
	T_EQ_INT(v, 1);
	T_EQ_INT(store_seq_next(&t, &a, SEQ_UPLOAD, &v), 0);
	T_EQ_INT(v, 2);
	T_EQ_INT(store_seq_add(&t, &a, SEQ_FILE_BYTES, 5000, &v), 0);
	T_EQ_INT(v, 5000);
	T_EQ_INT(store_seq_add(&t, &a, SEQ_FILE_BYTES, -2000, &v), 0);
	T_EQ_INT(v, 3000);
	T_EQ_INT(store_seq_add(&t, &a, SEQ_FILE_BYTES, -9000, &v), 0);
	T_EQ_INT(v, 0);
	T_EQ_INT(store_seq_add(&t, &a, SEQ_FILE_BYTES, 7, NULL), 0);
	T_EQ_INT(store_seq_get(&t, &b, SEQ_FILE_BYTES, &v), 0);
	T_EQ_INT(v, 0);
	T_EQ_INT(store_seq_next(&t, &b, SEQ_UPLOAD, &v), 0);
	T_EQ_INT(v, 1);
	T_EQ_INT(commit(&t), 0);
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_seq_get(&t, &a, SEQ_FILE_BYTES, &v), 0);
	T_EQ_INT(v, 7);
	store_abort(&t);
	tmp_close(&ts);
}

static const struct t_case cases[] = {
	{ "counters", counters },
	{ "key_initiative_layout", key_initiative_layout },
	{ "key_initiative_order", key_initiative_order },
	{ "key_user_layout", key_user_layout },
	{ "units_and_users", units_and_users },
	{ "initiatives_isolated", initiatives_isolated },
	{ "nested_abort", nested_abort },
	{ "map_grows", map_grows },
	{ "map_full_flag", map_full_flag },
	{ "reopen_keeps_data", reopen_keeps_data },
};

T_MAIN(cases)
