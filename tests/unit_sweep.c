/* unit_sweep: unfinished uploads expire, each unit's alone, a batch at a time. */
#include "t.h"
#include "tstore.h"

#include "files.h"

#define SHA_LEN 32

struct scope hm = { .tenant = 3, .login = "an.hm" };
struct scope sp = { .tenant = 7, .login = "dung.sp" };

static void
units(struct store_txn *t)
{
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;

	u.id = 3, u.code = "xa-hat-mon", u.name = "Xã Hát Môn";
	T_EQ_INT(store_unit_put(t, &u), 0);
	u.id = 7, u.code = "xa-sen-phuong", u.name = "Xã Sen Phương";
	T_EQ_INT(store_unit_put(t, &u), 0);
}

/* An upload of initiative 1 with two parts, last touched at `at`. */
static void
upload(struct store_txn *t, const struct scope *sc, uint64_t id, uint8_t seed, int64_t at)
{
	UploadRec up = SK__STORE__V1__UPLOAD_REC__INIT;
	uint8_t sha[SHA_LEN];

	memset(sha, seed, sizeof(sha));
	up.id = id;
	up.sha256.data = sha;
	up.sha256.len = sizeof(sha);
	up.size = 2000;
	up.received = 2000;
	up.updated_at = at;
	T_EQ_INT(store_upload_put(t, sc, 1, &up), 0);
	for (uint32_t i = 0; i < 2; i++)
		T_EQ_INT(store_part_put(t, sc, id, i, "bytes", 5), 0);
}

static int
count_cb(uint64_t initiative, void *rec, void *arg)
{
	(void)initiative;
	store_rec_free(rec);
	++*(int *)arg;
	return 0;
}

static int
uploads(struct store_txn *t, const struct scope *sc)
{
	int n = 0;

	T_EQ_INT(store_upload_scan(t, sc, count_cb, &n), 0);
	return n;
}

static bool
has_parts(struct store_txn *t, const struct scope *sc, uint64_t id)
{
	const void *data;
	size_t len;

	return store_part_get(t, sc, id, 1, &data, &len) == 0;
}

static void
expire_old_only(void)
{
	struct tmpstore ts;
	struct store_txn t;
	size_t dropped = 99;
	uint64_t used = 0;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	units(&t);
	upload(&t, &hm, 1, 0xa1, 1000); /* old */
	upload(&t, &hm, 2, 0xa2, 5000); /* fresh */
	upload(&t, &sp, 1, 0xa1, 1000); /* old, same numbers in another unit */
	upload(&t, &sp, 2, 0xb2, 4999); /* old by one second */
	T_EQ_INT(store_seq_add(&t, &hm, SEQ_FILE_BYTES, 4000, NULL), 0);
	T_EQ_INT(store_seq_add(&t, &sp, SEQ_FILE_BYTES, 5000, NULL), 0);
	T_EQ_INT(commit(&t), 0);

	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(files_expire(&t, 5000, 100, &dropped), 0);
	T_EQ_INT(dropped, 3);
	T_EQ_INT(uploads(&t, &hm), 1);
	T_EQ_INT(uploads(&t, &sp), 0);
	T_CHECK(!has_parts(&t, &hm, 1));
	T_CHECK(has_parts(&t, &hm, 2));
	T_CHECK(!has_parts(&t, &sp, 1));
	T_CHECK(!has_parts(&t, &sp, 2));
	/* What they counted against each unit's allowance is freed. */
	T_EQ_INT(store_seq_get(&t, &hm, SEQ_FILE_BYTES, &used), 0);
	T_EQ_INT(used, 2000);
	T_EQ_INT(store_seq_get(&t, &sp, SEQ_FILE_BYTES, &used), 0);
	T_EQ_INT(used, 1000);
	T_EQ_INT(commit(&t), 0);

	/* Nothing more is old: a second sweep drops nothing. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(files_expire(&t, 5000, 100, &dropped), 0);
	T_EQ_INT(dropped, 0);
	T_EQ_INT(uploads(&t, &hm), 1);
	store_abort(&t);
	tmp_close(&ts);
}

static void
expire_in_batches(void)
{
	struct tmpstore ts;
	struct store_txn t;
	size_t dropped = 0;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	units(&t);
	for (uint8_t i = 0; i < 5; i++)
		upload(&t, i < 3 ? &hm : &sp, 10 + i, (uint8_t)(0x10 + i), 100);
	T_EQ_INT(commit(&t), 0);
	/* At most 2 a sweep: 2, 2, 1, then none. */
	for (int round = 0; round < 4; round++) {
		T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
		T_EQ_INT(files_expire(&t, 200, 2, &dropped), 0);
		T_EQ_INT(dropped, round < 2 ? 2 : round == 2 ? 1 : 0);
		T_EQ_INT(commit(&t), 0);
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(uploads(&t, &hm) + uploads(&t, &sp), 0);
	store_abort(&t);
	tmp_close(&ts);
}

static const struct t_case cases[] = {
	{ "uploads untouched since the limit go, parts too, in every unit",
	    expire_old_only },
	{ "a sweep drops at most its batch; the next takes the rest", expire_in_batches },
};

T_MAIN(cases)
