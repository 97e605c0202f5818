/*
 * unit_files: a dossier's supporting files without sockets: uploads in
 * chunks, resumed, checked against their hash, counted against the unit's
 * allowance once per stored copy, read back, and expired.
 */
#include "t.h"
#include "tdomain.h"

#include "files.h"
#include "sha256.h"

#define A(x) SK__V1__ACTION__##x

/* Some bytes and their hash. */
struct tf {
	uint8_t *data;
	size_t len;
	uint8_t sha[STORE_SHA_LEN];
};

static void
tf_make(struct tf *f, size_t len, uint8_t seed)
{
	struct sha256 *h = sha256_new();

	f->len = len;
	if ((f->data = malloc(len)) == NULL || h == NULL)
		td_fatal("tf_make", NULL);
	for (size_t i = 0; i < len; i++)
		f->data[i] = (uint8_t)(seed + i * 7 + (i >> 8));
	sha256_add(h, f->data, len);
	T_EQ_INT(sha256_end(h, f->sha), 0);
}

static void
tf_free(struct tf *f)
{
	free(f->data);
	f->data = NULL;
}

static void
upload_in(UploadRec *in, const uint8_t *sha, uint64_t size)
{
	sk__store__v1__upload_rec__init(in);
	in->sha256.data = (uint8_t *)sha;
	in->sha256.len = STORE_SHA_LEN;
	in->name = "báo cáo kết quả.pdf";
	in->media_type = "application/pdf";
	in->size = size;
}

static int
begin_at(struct tdomain *d, const char *login, uint64_t id, const uint8_t *sha,
    uint64_t size, int64_t now, struct files_progress *p, struct sk_error *err)
{
	UploadRec in;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);

	memset(err, 0, sizeof(*err));
	if (now != 0)
		act.a.now = now;
	upload_in(&in, sha, size);
	return td_end(&act, files_begin(a, id, &in, p, err));
}

static int
begin(struct tdomain *d, const char *login, uint64_t id, const struct tf *f,
    struct files_progress *p, struct sk_error *err)
{
	return begin_at(d, login, id, f->sha, f->len, 0, p, err);
}

static int
chunk(struct tdomain *d, const char *login, uint64_t id, const uint8_t *sha,
    uint64_t offset, const void *data, size_t len, struct files_progress *p,
    struct sk_error *err)
{
	struct td_act act;
	const struct act *a = td_write(d, &act, login);

	memset(err, 0, sizeof(*err));
	return td_end(&act, files_chunk(a, id, sha, offset, data, len, p, err));
}

/* The chunks of f from offset on, as the client sends them. */
static int
send_from(struct tdomain *d, const char *login, uint64_t id, const struct tf *f,
    uint64_t offset, struct sk_error *err)
{
	struct files_progress p;
	int rc = 0;

	while (rc == 0 && offset < f->len) {
		size_t n = f->len - offset < FILES_CHUNK ? f->len - offset : FILES_CHUNK;

		rc = chunk(d, login, id, f->sha, offset, f->data + offset, n, &p, err);
		offset += n;
	}
	return rc;
}

static int
finish(struct tdomain *d, const char *login, uint64_t id, const uint8_t *sha,
    AttachmentRec **out, struct sk_error *err)
{
	AttachmentRec *at = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc;

	memset(err, 0, sizeof(*err));
	rc = td_end(&act, files_finish(a, id, sha, &at, err));
	if (out != NULL)
		*out = at;
	else
		store_rec_free(at);
	return rc;
}

/* Begin, send and finish f: the finish's code (err's when it refused). */
static int
upload(struct tdomain *d, const char *login, uint64_t id, const struct tf *f)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	int rc;

	if ((rc = begin(d, login, id, f, &p, &err)) != 0 ||
	    (rc = send_from(d, login, id, f, p.received, &err)) != 0 ||
	    (rc = finish(d, login, id, f->sha, NULL, &err)) != 0)
		return rc;
	return err.code;
}

/* Bytes of files the unit holds. */
static uint64_t
used(struct tdomain *d, uint32_t unit)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	uint64_t v = 0;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	T_EQ_INT(store_seq_get(&t, &sc, SEQ_FILE_BYTES, &v), 0);
	store_read_end(&t);
	return v;
}

/* The upload in progress of sha to initiative id (NULL if none). */
static UploadRec *
pending(struct tdomain *d, uint32_t unit, uint64_t id, const uint8_t *sha)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	UploadRec *up = NULL;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	if (store_upload_get(&t, &sc, id, sha, &up) != 0)
		up = NULL;
	store_read_end(&t);
	return up;
}

/* Is there an upload in progress of sha to initiative id? */
static bool
has_upload(struct tdomain *d, uint32_t unit, uint64_t id, const uint8_t *sha)
{
	UploadRec *up = pending(d, unit, id, sha);
	bool yes = up != NULL;

	store_rec_free(up);
	return yes;
}

/* Does the part index of upload exist? */
static bool
has_part(struct tdomain *d, uint32_t unit, uint64_t upload, uint32_t index)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	const void *data;
	size_t len;
	bool yes;

	T_EQ_INT(store_read_begin(d->ts.st, &t), 0);
	yes = store_part_get(&t, &sc, upload, index, &data, &len) == 0;
	store_read_end(&t);
	return yes;
}

/* Read from offset as login: 0 and the bytes equal f's there, or the code. */
static int
read_at(struct tdomain *d, const char *login, uint64_t id, const struct tf *f,
    uint64_t offset, size_t want_len, struct sk_error *err)
{
	struct td_act act;
	const struct act *a = td_read(d, &act, login);
	const void *data = NULL;
	size_t len = 0;
	uint64_t size = 0;
	int rc;

	memset(err, 0, sizeof(*err));
	rc = files_read(a, id, f->sha, offset, &data, &len, &size, err);
	if (rc == 0) {
		T_EQ_INT(len, want_len);
		T_EQ_INT(size, f->len);
		T_CHECK(len == want_len && memcmp(data, f->data + offset, len) == 0);
	}
	return td_end(&act, rc);
}

static size_t
listed(struct tdomain *d, const char *login, uint64_t id, struct recs *out)
{
	struct sk_error err = { 0, "" };
	struct td_act act;
	const struct act *a = td_read(d, &act, login);

	T_EQ_INT(td_end(&act, files_list(a, id, out, &err)), 0);
	return out->n;
}

/* ---- cases ------------------------------------------------------------------ */

static void
check(void)
{
	struct sk_error err = { 0, "" };
	uint8_t sha[STORE_SHA_LEN] = { 1 };
	UploadRec in;

	upload_in(&in, sha, 1000);
	T_EQ_INT(files_check(&in, &err), 0);
	in.size = FILES_SIZE_MAX;
	T_EQ_INT(files_check(&in, &err), 0);
	in.size = FILES_SIZE_MAX + 1;
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "size: a file has 1 byte to 50 MiB");
	in.size = 0;
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	upload_in(&in, sha, 1000);
	in.sha256.len = 31;
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "sha256: must be 32 bytes");
	upload_in(&in, sha, 1000);
	in.name = " ";
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "name: must not be empty");
	in.name = "../etc/passwd";
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "name must not contain '/'");
	in.name = "tệp.pdf";
	in.media_type = "pdf";
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
	in.media_type = "application/pdf\n";
	T_EQ_INT(files_check(&in, &err), SK_INVALID_ARGUMENT);
}

static void
small_file(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f;
	struct recs list = { 0 };
	AttachmentRec *at = NULL;
	uint64_t id, log0;

	td_open(&d);
	tf_make(&f, 1000, 1);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(p.size, 1000);
	T_EQ_INT(p.chunk_size, FILES_CHUNK);
	T_CHECK(!p.complete);
	/* Counted from the start of the upload. */
	T_EQ_INT(used(&d, TD_HM), 1000);
	T_EQ_INT(listed(&d, "an.hm", id, &list), 0);
	recs_free(&list);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, f.len, &p, &err), 0);
	T_EQ_INT(p.received, 1000);
	T_CHECK(p.complete);
	log0 = td_log_size(&d, TD_HM);
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, &at, &err), 0);
	T_EQ_INT(err.code, 0);
	if (at != NULL) {
		T_EQ_STR(at->name, "báo cáo kết quả.pdf");
		T_EQ_STR(at->media_type, "application/pdf");
		T_EQ_INT(at->size, 1000);
		T_EQ_STR(at->added_by, "an.hm");
		T_CHECK(at->complete);
		T_CHECK(at->sha256.len == STORE_SHA_LEN &&
		    memcmp(at->sha256.data, f.sha, STORE_SHA_LEN) == 0);
	} else
		T_CHECK(!"finish answers with the attachment");
	store_rec_free(at);
	T_EQ_INT(td_log_size(&d, TD_HM), log0 + 1);
	T_CHECK(!has_upload(&d, TD_HM, id, f.sha));
	T_EQ_INT(used(&d, TD_HM), 1000);
	/* Listed, read at offsets, by anyone of the unit's staff. */
	T_EQ_INT(listed(&d, "clerk.hm", id, &list), 1);
	T_EQ_INT(list.n == 1 ? ((AttachmentRec *)list.v[0])->size : 0, 1000);
	recs_free(&list);
	T_EQ_INT(read_at(&d, "clerk.hm", id, &f, 0, 1000, &err), 0);
	T_EQ_INT(read_at(&d, "clerk.hm", id, &f, 10, 990, &err), 0);
	T_EQ_INT(read_at(&d, "clerk.hm", id, &f, 999, 1, &err), 0);
	T_EQ_INT(read_at(&d, "clerk.hm", id, &f, 1000, 0, &err), SK_OUT_OF_RANGE);
	T_EQ_STR(err.msg, "offset: past the end (1000 bytes)");
	/* A retried finish answers with the attachment again. */
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, &at, &err), 0);
	T_CHECK(at != NULL && at->size == 1000);
	store_rec_free(at);
	T_EQ_INT(td_log_size(&d, TD_HM), log0 + 1);
	tf_free(&f);
	td_close(&d);
}

static void
two_chunks(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f;
	uint64_t id;
	char want[96];

	td_open(&d);
	tf_make(&f, FILES_CHUNK + 1000, 2);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err), 0);
	T_EQ_INT(p.received, FILES_CHUNK);
	T_CHECK(!p.complete);
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, NULL, &err), SK_FAILED_PRECONDITION);
	snprintf(want, sizeof(want), "upload incomplete: %u of %zu bytes", FILES_CHUNK,
	    f.len);
	T_EQ_STR(err.msg, want);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, FILES_CHUNK, f.data + FILES_CHUNK, 1000,
	             &p, &err),
	    0);
	T_CHECK(p.complete);
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, NULL, &err), 0);
	T_EQ_INT(err.code, 0);
	/* A read gives the rest of the chunk the offset falls in. */
	T_EQ_INT(read_at(&d, "head.hm", id, &f, 0, FILES_CHUNK, &err), 0);
	T_EQ_INT(read_at(&d, "head.hm", id, &f, 100, FILES_CHUNK - 100, &err), 0);
	T_EQ_INT(read_at(&d, "head.hm", id, &f, FILES_CHUNK, 1000, &err), 0);
	T_EQ_INT(read_at(&d, "head.hm", id, &f, FILES_CHUNK + 5, 995, &err), 0);
	T_EQ_INT(used(&d, TD_HM), f.len);
	tf_free(&f);
	td_close(&d);
}

static void
resume(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f;
	uint64_t id;

	td_open(&d);
	tf_make(&f, 2 * FILES_CHUNK + 10, 3);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err), 0);
	/* The connection dropped: begin again answers where it stands, and
	 * the bytes are not counted twice. */
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(p.received, FILES_CHUNK);
	T_EQ_INT(p.size, f.len);
	T_CHECK(!p.complete);
	T_EQ_INT(used(&d, TD_HM), f.len);
	T_EQ_INT(send_from(&d, "an.hm", id, &f, p.received, &err), 0);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(p.received, f.len);
	T_CHECK(p.complete);
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, NULL, &err), 0);
	T_EQ_INT(err.code, 0);
	/* Finished: begin again attaches what is there at once. */
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(p.received, f.len);
	T_CHECK(p.complete);
	T_EQ_INT(used(&d, TD_HM), f.len);
	tf_free(&f);
	td_close(&d);
}

static void
bad_chunks(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f, other;
	uint64_t id;

	td_open(&d);
	tf_make(&f, FILES_CHUNK + 1000, 4);
	tf_make(&other, 10, 5);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err),
	    SK_NOT_FOUND);
	T_CONTAINS(err.msg, "no upload of that sha256 was begun");
	T_EQ_INT(finish(&d, "an.hm", id, other.sha, NULL, &err), SK_NOT_FOUND);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 5, f.data, FILES_CHUNK, &p, &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg,
	    "chunk out of order: the server has 0 of 263144 bytes, this "
	    "chunk starts at 5");
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, 1000, &p, &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "data: a chunk at 0 has 262144 bytes, not 1000");
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err), 0);
	/* The same chunk twice is out of order. */
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err),
	    SK_FAILED_PRECONDITION);
	/* The last chunk is exactly what is left. */
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, FILES_CHUNK, f.data + FILES_CHUNK, 999, &p,
	             &err),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, FILES_CHUNK, f.data + FILES_CHUNK, 1000,
	             &p, &err),
	    0);
	/* All there: one more is out of order, before and after finishing. */
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, f.len, f.data, 1, &p, &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, NULL, &err), 0);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, FILES_CHUNK, &p, &err),
	    SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg, "chunk out of order: the file is complete and attached");
	tf_free(&f);
	tf_free(&other);
	td_close(&d);
}

static void
hash_mismatch(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f, wrong;
	struct recs list = { 0 };
	AttachmentRec *at = NULL;
	UploadRec *up;
	uint64_t id, upload_id = 0;

	td_open(&d);
	tf_make(&f, FILES_CHUNK + 1000, 6);
	tf_make(&wrong, FILES_CHUNK + 1000, 7);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	if ((up = pending(&d, TD_HM, id, f.sha)) != NULL)
		upload_id = up->id;
	store_rec_free(up);
	/* f's hash, wrong's bytes. */
	memcpy(wrong.sha, f.sha, STORE_SHA_LEN);
	T_EQ_INT(send_from(&d, "an.hm", id, &wrong, 0, &err), 0);
	T_CHECK(has_part(&d, TD_HM, upload_id, 1));
	T_EQ_INT(used(&d, TD_HM), f.len);
	/* Refused, but the drop is kept (committed): nothing is left. */
	T_EQ_INT(finish(&d, "an.hm", id, f.sha, &at, &err), 0);
	T_EQ_INT(err.code, SK_DATA_LOSS);
	T_CONTAINS(err.msg, "the bytes do not match their sha256");
	T_CONTAINS(err.msg, "the upload was discarded");
	T_CHECK(at == NULL);
	store_rec_free(at);
	T_CHECK(!has_upload(&d, TD_HM, id, f.sha));
	T_CHECK(!has_part(&d, TD_HM, upload_id, 0));
	T_CHECK(!has_part(&d, TD_HM, upload_id, 1));
	T_EQ_INT(used(&d, TD_HM), 0);
	T_EQ_INT(listed(&d, "an.hm", id, &list), 0);
	recs_free(&list);
	/* The right bytes then go through from the start. */
	T_EQ_INT(begin(&d, "an.hm", id, &f, &p, &err), 0);
	T_EQ_INT(p.received, 0);
	T_EQ_INT(upload(&d, "an.hm", id, &f), 0);
	T_EQ_INT(used(&d, TD_HM), f.len);
	tf_free(&f);
	tf_free(&wrong);
	td_close(&d);
}

static void
unit_allowance(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f1, f2, f3;
	uint64_t hm, sp;

	td_open(&d);
	d.terms.unit_files_max = 3000;
	tf_make(&f1, 2000, 8);
	tf_make(&f2, 1001, 9);
	tf_make(&f3, 1000, 10);
	hm = td_create(&d, "an.hm", "Sổ tay số", NULL);
	sp = td_create(&d, "dung.sp", "Sổ tay Sen Phương", NULL);
	T_EQ_INT(begin(&d, "an.hm", hm, &f1, &p, &err), 0);
	T_EQ_INT(begin(&d, "an.hm", hm, &f2, &p, &err), SK_RESOURCE_EXHAUSTED);
	T_CONTAINS(err.msg, "unit_files_max");
	T_CHECK(!has_upload(&d, TD_HM, hm, f2.sha));
	T_EQ_INT(used(&d, TD_HM), 2000);
	/* Up to the allowance exactly. */
	T_EQ_INT(begin(&d, "an.hm", hm, &f3, &p, &err), 0);
	T_EQ_INT(used(&d, TD_HM), 3000);
	/* Another unit has its own. */
	T_EQ_INT(begin(&d, "dung.sp", sp, &f1, &p, &err), 0);
	T_EQ_INT(used(&d, TD_SP), 2000);
	tf_free(&f1);
	tf_free(&f2);
	tf_free(&f3);
	td_close(&d);
}

static void
shared_bytes(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f, g;
	struct recs list = { 0 };
	uint64_t one, two, three, four;

	td_open(&d);
	tf_make(&f, FILES_CHUNK + 10, 11);
	tf_make(&g, 500, 12);
	one = td_create(&d, "an.hm", "Sổ tay số", NULL);
	two = td_create(&d, "an.hm", "Sổ tay số 2", NULL);
	three = td_create(&d, "binh.hm", "Tiết kiệm điện", NULL);
	four = td_create(&d, "cuc.hm", "Số hóa thư viện", NULL);
	T_EQ_INT(upload(&d, "an.hm", one, &f), 0);
	/* The unit has these bytes: attached to another dossier at begin. */
	T_EQ_INT(begin(&d, "an.hm", two, &f, &p, &err), 0);
	T_EQ_INT(p.received, f.len);
	T_CHECK(p.complete);
	T_EQ_INT(listed(&d, "an.hm", two, &list), 1);
	recs_free(&list);
	T_EQ_INT(read_at(&d, "an.hm", two, &f, FILES_CHUNK, 10, &err), 0);
	T_EQ_INT(used(&d, TD_HM), f.len);
	/* Their hash with another size is a mistake. */
	T_EQ_INT(begin_at(&d, "an.hm", two, f.sha, f.len + 1, 0, &p, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "a file with this sha256 has 262154 bytes");
	/* Two uploads of the same new bytes: each counts until it ends; the
	 * second to finish is released, the bytes are kept once. */
	T_EQ_INT(begin(&d, "binh.hm", three, &g, &p, &err), 0);
	T_EQ_INT(begin(&d, "cuc.hm", four, &g, &p, &err), 0);
	T_EQ_INT(used(&d, TD_HM), f.len + 2 * g.len);
	T_EQ_INT(send_from(&d, "binh.hm", three, &g, 0, &err), 0);
	T_EQ_INT(send_from(&d, "cuc.hm", four, &g, 0, &err), 0);
	T_EQ_INT(finish(&d, "binh.hm", three, g.sha, NULL, &err), 0);
	T_EQ_INT(err.code, 0);
	T_EQ_INT(finish(&d, "cuc.hm", four, g.sha, NULL, &err), 0);
	T_EQ_INT(err.code, 0);
	T_EQ_INT(used(&d, TD_HM), f.len + g.len);
	T_EQ_INT(read_at(&d, "cuc.hm", four, &g, 0, g.len, &err), 0);
	T_EQ_INT(read_at(&d, "cuc.hm", three, &g, 0, g.len, &err), 0);
	/* Attached to one dossier is not attached to every one. */
	T_EQ_INT(read_at(&d, "an.hm", one, &g, 0, g.len, &err), SK_NOT_FOUND);
	T_EQ_STR(err.msg, "no such attachment of initiative 1");
	tf_free(&f);
	tf_free(&g);
	td_close(&d);
}

static void
pending_per_user(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f[FILES_PENDING_MAX + 1];
	uint64_t an, binh;

	td_open(&d);
	an = td_create(&d, "an.hm", "Sổ tay số", NULL);
	binh = td_create(&d, "binh.hm", "Tiết kiệm điện", NULL);
	for (size_t i = 0; i <= FILES_PENDING_MAX; i++)
		tf_make(&f[i], 100, (uint8_t)(20 + i));
	for (size_t i = 0; i < FILES_PENDING_MAX; i++)
		T_EQ_INT(begin(&d, "an.hm", an, &f[i], &p, &err), 0);
	T_EQ_INT(begin(&d, "an.hm", an, &f[FILES_PENDING_MAX], &p, &err),
	    SK_RESOURCE_EXHAUSTED);
	T_CONTAINS(err.msg, "you have 8 unfinished uploads");
	/* Resuming one of them is no new upload. */
	T_EQ_INT(begin(&d, "an.hm", an, &f[0], &p, &err), 0);
	/* Another user has their own count. */
	T_EQ_INT(begin(&d, "binh.hm", binh, &f[FILES_PENDING_MAX], &p, &err), 0);
	/* One finished, one more may begin. */
	T_EQ_INT(send_from(&d, "an.hm", an, &f[0], 0, &err), 0);
	T_EQ_INT(finish(&d, "an.hm", an, f[0].sha, NULL, &err), 0);
	T_EQ_INT(begin(&d, "an.hm", an, &f[FILES_PENDING_MAX], &p, &err), 0);
	for (size_t i = 0; i <= FILES_PENDING_MAX; i++)
		tf_free(&f[i]);
	td_close(&d);
}

static void
expire(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f, g;
	struct td_act act;
	size_t dropped = 99;
	uint64_t id;

	td_open(&d);
	tf_make(&f, 3000, 30);
	tf_make(&g, 700, 31);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_EQ_INT(begin_at(&d, "an.hm", id, f.sha, f.len, 1000, &p, &err), 0);
	T_EQ_INT(begin_at(&d, "an.hm", id, g.sha, g.len, 2000, &p, &err), 0);
	T_EQ_INT(used(&d, TD_HM), 3700);
	/* Touched at 1000: not before 1000, but before 1001. */
	td_write(&d, &act, "skd");
	T_EQ_INT(td_end(&act, files_expire(&act.t, 1000, 10, &dropped)), 0);
	T_EQ_INT(dropped, 0);
	td_write(&d, &act, "skd");
	T_EQ_INT(td_end(&act, files_expire(&act.t, 1001, 10, &dropped)), 0);
	T_EQ_INT(dropped, 1);
	T_CHECK(!has_upload(&d, TD_HM, id, f.sha));
	T_CHECK(has_upload(&d, TD_HM, id, g.sha));
	T_EQ_INT(used(&d, TD_HM), 700);
	/* A chunk keeps an upload alive: it counts from its last chunk. */
	{
		struct td_act c;
		const struct act *a = td_write(&d, &c, "an.hm");

		c.a.now = 5000;
		T_EQ_INT(td_end(&c,
		             files_chunk(a, id, g.sha, 0, g.data, g.len, &p, &err)),
		    0);
	}
	td_write(&d, &act, "skd");
	T_EQ_INT(td_end(&act, files_expire(&act.t, 4000, 10, &dropped)), 0);
	T_EQ_INT(dropped, 0);
	tf_free(&f);
	tf_free(&g);
	td_close(&d);
}

static void
who_attaches(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct tdomain d;
	struct tf f;
	struct recs list = { 0 };
	struct td_act act;
	const struct act *a;
	uint64_t id, submitted;

	td_open(&d);
	tf_make(&f, 100, 40);
	id = td_create(&d, "an.hm", "Sổ tay số", "binh.hm");
	T_EQ_INT(begin(&d, "clerk.hm", id, &f, &p, &err), SK_PERMISSION_DENIED);
	T_EQ_STR(err.msg, "only the authors of initiative 1 can attach files");
	/* Named, not yet confirmed: not yet an author. */
	T_EQ_INT(begin(&d, "binh.hm", id, &f, &p, &err), SK_PERMISSION_DENIED);
	T_EQ_INT(begin(&d, "dung.sp", id, &f, &p, &err), SK_NOT_FOUND);
	T_CONTAINS(err.msg, "not found in your unit");
	T_EQ_INT(used(&d, TD_HM) + used(&d, TD_SP), 0);
	submitted = td_create(&d, "an.hm", "Sổ tay số 2", NULL);
	T_EQ_INT(td_step(&d, "an.hm", submitted, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(begin(&d, "an.hm", submitted, &f, &p, &err), SK_FAILED_PRECONDITION);
	T_EQ_STR(err.msg,
	    "initiative 2 is in state \"submitted\"; files are attached while it is "
	    "edited, or completed for the level above");
	/* Another unit lists none of these. */
	a = td_read(&d, &act, "dung.sp");
	T_EQ_INT(td_end(&act, files_list(a, id, &list, &err)), SK_NOT_FOUND);
	T_EQ_INT(list.n, 0);
	tf_free(&f);
	td_close(&d);
}

/* Where an upload stands is the server's: a caller's received, id or
 * start are not taken from what it describes. */
static void
begin_ignores_standing(void)
{
	struct sk_error err = { 0, "" };
	struct files_progress p;
	struct td_act act;
	const struct act *a;
	struct tdomain d;
	UploadRec in;
	struct tf f;
	uint64_t id;

	td_open(&d);
	tf_make(&f, 1000, 7);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	a = td_write(&d, &act, "an.hm");
	upload_in(&in, f.sha, f.len);
	in.received = f.len; /* "it is all there" */
	in.id = 99;
	T_EQ_INT(td_end(&act, files_begin(a, id, &in, &p, &err)), 0);
	T_EQ_INT(p.received, 0);
	T_CHECK(!p.complete);
	T_EQ_INT(chunk(&d, "an.hm", id, f.sha, 0, f.data, f.len, &p, &err), 0);
	T_CHECK(p.complete);
	tf_free(&f);
	td_close(&d);
}

/* login's unit keeps the bytes of f as if pulled through a link, f's hash
 * or sha (when not NULL) given for them. */
static int
hold(struct tdomain *d, const char *login, const struct tf *f, const uint8_t *sha,
    struct sk_error *err)
{
	struct td_act act;
	const struct act *a = td_write(d, &act, login);

	memset(err, 0, sizeof(*err));
	return td_end(&act,
	    files_hold(a, sha != NULL ? sha : f->sha, f->data, f->len, err));
}

static bool
held(struct tdomain *d, const char *login, const uint8_t *sha)
{
	struct td_act act;
	const struct act *a = td_read(d, &act, login);
	bool yes = files_held(a, sha);

	td_end(&act, 0);
	return yes;
}

/* The files of a copy pulled from a linked server: kept by hash once,
 * checked against it, then attached to the copy's review and read back. */
static void
held_from_a_link(void)
{
	struct sk_error err = { 0, "" };
	AttachmentRec at = SK__STORE__V1__ATTACHMENT_REC__INIT, *atts[1] = { &at };
	struct recs list = { 0 };
	struct td_act act;
	const struct act *a;
	struct tdomain d;
	struct tf f, g;
	uint64_t id;

	td_open(&d);
	tf_make(&f, FILES_CHUNK + 1000, 50);
	tf_make(&g, 500, 51);
	id = td_create(&d, "an.hm", "Sổ tay số", NULL);
	T_CHECK(!held(&d, "an.hm", f.sha));
	/* Bytes that are not of the hash named are refused, and not kept. */
	T_EQ_INT(hold(&d, "an.hm", &f, g.sha, &err), SK_DATA_LOSS);
	T_EQ_STR(err.msg, "the bytes of a file do not match its SHA-256");
	T_CHECK(!held(&d, "an.hm", g.sha));
	T_EQ_INT(used(&d, TD_HM), 0);
	/* Not there yet: it cannot be attached. */
	at.sha256.data = f.sha;
	at.sha256.len = STORE_SHA_LEN;
	at.name = "số liệu.bin";
	at.media_type = "application/octet-stream";
	at.size = f.len;
	/* As a linked server's Attachment comes: without the store's flag. */
	at.complete = false;
	a = td_write(&d, &act, "an.hm");
	T_EQ_INT(td_end(&act, files_attach_held(a, id, atts, 1, &err)),
	    SK_FAILED_PRECONDITION);
	T_EQ_INT(hold(&d, "an.hm", &f, NULL, &err), 0);
	T_CHECK(held(&d, "an.hm", f.sha));
	T_CHECK(!held(&d, "dung.sp", f.sha));
	T_EQ_INT(used(&d, TD_HM), f.len);
	/* Held once: taking it again keeps and counts nothing more. */
	T_EQ_INT(hold(&d, "an.hm", &f, NULL, &err), 0);
	T_EQ_INT(used(&d, TD_HM), f.len);
	a = td_write(&d, &act, "an.hm");
	T_EQ_INT(td_end(&act, files_attach_held(a, id, atts, 1, &err)), 0);
	T_EQ_INT(listed(&d, "an.hm", id, &list), 1);
	T_EQ_STR(((AttachmentRec *)list.v[0])->name, "số liệu.bin");
	recs_free(&list);
	T_EQ_INT(read_at(&d, "an.hm", id, &f, 0, FILES_CHUNK, &err), 0);
	T_EQ_INT(read_at(&d, "an.hm", id, &f, FILES_CHUNK, 1000, &err), 0);
	tf_free(&f);
	tf_free(&g);
	td_close(&d);
}

static const struct t_case cases[] = {
	{ "begin ignores a caller's standing", begin_ignores_standing },
	{ "files_check: hash, name, media type, size", check },
	{ "a file under one chunk: begin, chunk, finish, list, read", small_file },
	{ "a file over two chunks, read at offsets", two_chunks },
	{ "begin again resumes where the upload stands", resume },
	{ "chunks out of order or of the wrong size are refused", bad_chunks },
	{ "a hash mismatch drops the upload and releases its bytes", hash_mismatch },
	{ "the unit's allowance refuses what would pass it", unit_allowance },
	{ "the same bytes are stored and counted once", shared_bytes },
	{ "at most FILES_PENDING_MAX unfinished uploads per user", pending_per_user },
	{ "unfinished uploads expire from their last touch", expire },
	{ "only authors attach, and only while the dossier is edited", who_attaches },
	{ "a linked server's files: held by hash once, checked, attached",
	    held_from_a_link },
};

T_MAIN(cases)
