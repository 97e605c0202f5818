/* unit_migrate: a data directory of schema 1 or 2 is brought to the
 * current schema on start; a newer one is refused. */
#include "t.h"
#include "tstore.h"

#include "date.h"
#include "domain.h"
#include "migrate.h"
#include "sk.pb-c.h"
#include "store_impl.h"

#define SHA_LEN 32

static struct scope hm = { .tenant = 3, .login = "an.hm" };
static struct scope sp = { .tenant = 7, .login = "dung.sp" };

static void
put_unit(struct store_txn *t, uint32_t id, const char *code)
{
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;

	u.id = id;
	u.code = (char *)code;
	u.name = (char *)code;
	T_EQ_INT(store_unit_put(t, &u), 0);
}

/* Initiative 1 of Hát Môn as schema 1 kept it: a1.hm named by login,
 * never asked to confirm, and an author without a login. */
static void
put_initiative(struct store_txn *t)
{
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	AuthorRec a = SK__STORE__V1__AUTHOR_REC__INIT,
	          b = SK__STORE__V1__AUTHOR_REC__INIT;
	AuthorRec *v[2] = { &a, &b };

	a.name = "Nguyễn Văn Một", a.share = 6000, a.login = "a1.hm";
	b.name = "Lê Thị Cúc", b.share = 4000;
	r.id = 1, r.unit_id = 3, r.title = "Sổ tay số", r.created_by = "an.hm";
	r.n_authors = 2, r.authors = v;
	r.state = SK__V1__STATE__STATE_IN_REVIEW;
	T_EQ_INT(store_initiative_put(t, &hm, &r), 0);
	/* Initiative 2 was written under the confirmation rules: its creator
	 * confirmed, a2.hm not yet. That is not the migration's to decide. */
	a.confirmed = true, a.login = "an.hm";
	b.login = "a2.hm";
	r.id = 2, r.state = SK__V1__STATE__STATE_DRAFT;
	T_EQ_INT(store_initiative_put(t, &hm, &r), 0);
}

/* An upload of the new layout, and a counter that says something else. */
static void
put_upload(struct store_txn *t)
{
	UploadRec up = SK__STORE__V1__UPLOAD_REC__INIT;
	uint8_t sha[SHA_LEN];

	memset(sha, 0xc3, sizeof(sha));
	up.id = 1, up.size = 300, up.sha256.data = sha, up.sha256.len = SHA_LEN;
	T_EQ_INT(store_upload_put(t, &hm, 2, &up), 0);
	T_EQ_INT(store_seq_add(t, &hm, SEQ_FILE_BYTES, 777, NULL), 0);
}

/* A file as schema 1 kept it: blob under its hash, chunk 0 under hash|0,
 * and the attachment of initiative 1; complete or still uploading. */
static void
put_file(struct store_txn *t, uint8_t seed, uint64_t size, bool complete)
{
	BlobRec b = SK__STORE__V1__BLOB_REC__INIT;
	AttachmentRec a = SK__STORE__V1__ATTACHMENT_REC__INIT;
	uint8_t sha[SHA_LEN], chunk[SHA_LEN + 4];

	memset(sha, seed, sizeof(sha));
	b.sha256.data = a.sha256.data = sha;
	b.sha256.len = a.sha256.len = sizeof(sha);
	b.size = a.size = size;
	b.received = complete ? size : size / 2;
	b.complete = a.complete = complete;
	a.name = "tệp.pdf";
	T_EQ_INT(store_blob_put(t, &hm, &b), 0);
	/* Schema 1's chunks: nothing writes them any more but this. */
	memcpy(chunk, sha, SHA_LEN);
	store_be32(chunk + SHA_LEN, 0);
	T_EQ_INT(store_raw_put(t, &hm, STORE_CHUNK, chunk, sizeof(chunk), "x", 1), 0);
	T_EQ_INT(store_attachment_put(t, &hm, 1, &a), 0);
}

enum kept { BLOB, CHUNK, ATTACHMENT };

static bool
has(struct store_txn *t, enum kept what, uint8_t seed)
{
	uint8_t sha[SHA_LEN];
	const void *data;
	BlobRec *b = NULL;
	AttachmentRec *a = NULL;
	size_t len;
	int rc;

	memset(sha, seed, SHA_LEN);
	if (what == CHUNK)
		return store_chunk_get(t, &hm, sha, 0, &data, &len) == 0;
	if (what == BLOB) {
		rc = store_blob_get(t, &hm, sha, &b);
		store_rec_free(b);
		return rc == 0;
	}
	rc = store_attachment_get(t, &hm, 1, sha, &a);
	store_rec_free(a);
	return rc == 0;
}

static void
from_schema_1(void)
{
	struct store_opts o = { 1 << 20, 64 << 20, false };
	struct sk_error err = { 0 };
	InitiativeRec *r = NULL;
	struct tmpstore ts;
	struct store_txn t;
	uint64_t bytes = 99;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	put_unit(&t, 3, "xa-hat-mon");
	put_unit(&t, 7, "xa-sen-phuong");
	put_initiative(&t);
	put_file(&t, 0xa1, 1000, true);
	put_file(&t, 0xb2, 5000, false);
	put_upload(&t);
	T_EQ_INT(store_schema_set(&t, 1), 0);
	T_EQ_INT(commit(&t), 0);
	store_close(ts.st);

	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(store_schema(ts.st), 1);
	T_EQ_INT(migrate(ts.st, &err), 0);
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	/* The co-author by login keeps being an author: no vote on it. */
	T_EQ_INT(store_initiative_get(&t, &hm, 1, &r), 0);
	if (r != NULL && r->n_authors == 2) {
		T_CHECK(r->authors[0]->confirmed);
		T_CHECK(!r->authors[1]->confirmed); /* no login: nobody to confirm */
		T_EQ_INT(r->state, SK__V1__STATE__STATE_IN_REVIEW);
	} else
		T_CHECK(!"initiative 1 read back");
	store_rec_free(r);
	r = NULL;
	T_EQ_INT(store_initiative_get(&t, &hm, 2, &r), 0);
	if (r != NULL && r->n_authors == 2)
		T_CHECK(r->authors[0]->confirmed && !r->authors[1]->confirmed);
	else
		T_CHECK(!"initiative 2 read back");
	store_rec_free(r);
	/* The checked file stays and counts; the unfinished one is gone. */
	T_CHECK(has(&t, BLOB, 0xa1));
	T_CHECK(has(&t, CHUNK, 0xa1));
	T_CHECK(has(&t, ATTACHMENT, 0xa1));
	T_CHECK(!has(&t, BLOB, 0xb2));
	T_CHECK(!has(&t, CHUNK, 0xb2));
	T_CHECK(!has(&t, ATTACHMENT, 0xb2));
	/* The counter is what the unit holds: the checked file and the upload
	 * in progress, not what it said before (777). */
	T_EQ_INT(store_seq_get(&t, &hm, SEQ_FILE_BYTES, &bytes), 0);
	T_EQ_INT(bytes, 1300);
	T_EQ_INT(store_seq_get(&t, &sp, SEQ_FILE_BYTES, &bytes), 0);
	T_EQ_INT(bytes, 0);
	store_read_end(&t);
	store_close(ts.st);

	/* Reopened, it is up to date and there is nothing more to do. */
	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_INT(migrate(ts.st, &err), 0);
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_seq_get(&t, &hm, SEQ_FILE_BYTES, &bytes), 0);
	T_EQ_INT(bytes, 1300); /* not counted twice */
	store_read_end(&t);
	tmp_close(&ts);
}

/* Rewriting every initiative needs more map than a full one has left. */
static void
grows_the_map(void)
{
	struct store_opts o = { 1 << 20, 64 << 20, false };
	AuthorRec a = SK__STORE__V1__AUTHOR_REC__INIT, *av = &a;
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT, *got = NULL;
	struct sk_error err = { 0 };
	struct tmpstore ts;
	struct store_txn t;
	char text[3001];
	int rc = 0;

	if (tmp_open(&ts, 1 << 20, 1 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	a.name = "Nguyễn Văn Một", a.share = 10000, a.login = "a1.hm";
	r.unit_id = 3, r.title = "Sổ tay số", r.created_by = "an.hm",
	r.description = text;
	r.n_authors = 1, r.authors = &av;
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	put_unit(&t, 3, "xa-hat-mon");
	T_EQ_INT(commit(&t), 0);
	/* Fill the 1 MiB map until it refuses. */
	for (r.id = 1; rc == 0 && r.id < 1000; r.id++) {
		T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
		if ((rc = store_initiative_put(&t, &hm, &r)) == 0)
			rc = store_commit(&t, &err);
		else
			store_abort(&t);
	}
	T_EQ_INT(rc, SK_RESOURCE_EXHAUSTED);
	T_CHECK(r.id > 100);
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_schema_set(&t, 1), 0);
	T_EQ_INT(commit(&t), 0);
	store_close(ts.st);

	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(migrate(ts.st, &err), 0);
	T_CHECK(store_map_size(ts.st) > (1u << 20));
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	T_EQ_INT(store_initiative_get(&t, &hm, 50, &got), 0);
	T_CHECK(got != NULL && got->n_authors == 1 && got->authors[0]->confirmed);
	store_rec_free(got);
	store_read_end(&t);
	tmp_close(&ts);
}

static void
newer_refused(void)
{
	struct store_opts o = { 1 << 20, 64 << 20, false };
	struct sk_error err = { 0 };
	struct tmpstore ts;
	struct store_txn t;
	char want[64];

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	snprintf(want, sizeof(want), "schema %d, this server reads up to %d",
	    STORE_SCHEMA + 1, STORE_SCHEMA);
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_schema_set(&t, STORE_SCHEMA + 1), 0);
	T_EQ_INT(commit(&t), 0);
	store_close(ts.st);
	ts.st = NULL;
	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, want);
	tmp_remove(ts.dir);
}

/* Schema 2 kept no registered_on: id is created in state created_in
 * (its first history line says so) and is now in state. */
static void
put_topic(struct store_txn *t, uint64_t id, uint32_t created_in, uint32_t state,
    const char *registered_on, bool copy)
{
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	HistoryRec h = SK__STORE__V1__HISTORY_REC__INIT;
	OriginRec o = SK__STORE__V1__ORIGIN_REC__INIT;

	r.id = id, r.unit_id = 3, r.title = "Đề tài", r.created_by = "an.hm";
	r.state = state, r.version = 2;
	r.created_at = 1710000000 + (int64_t)id * 86400; /* March 2024 */
	r.registered_on = (char *)registered_on;
	o.unit_code = "xa-sen-phuong";
	if (copy)
		r.origin = &o;
	T_EQ_INT(store_initiative_put(t, &hm, &r), 0);
	h.seq = 1, h.at = r.created_at, h.actor = "an.hm", h.to = created_in;
	T_EQ_INT(store_history_put(t, &hm, id, &h), 0);
	h.seq = 2, h.from = created_in, h.to = state;
	T_EQ_INT(store_history_put(t, &hm, id, &h), 0);
}

/* The day topic id was registered after the migration ("" for none). */
static void
registered_is(struct store_txn *t, uint64_t id, const char *want)
{
	InitiativeRec *r = NULL;

	T_EQ_INT(store_initiative_get(t, &hm, id, &r), 0);
	T_EQ_STR(r != NULL ? r->registered_on : NULL, want);
	store_rec_free(r);
}

static void
from_schema_2(void)
{
	struct store_opts o = { 1 << 20, 64 << 20, false };
	struct sk_error err = { 0 };
	struct tmpstore ts;
	struct store_txn t;
	char day[5][16];

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	for (int i = 1; i <= 4; i++)
		date_format_iso(act_day(1710000000 + (int64_t)i * 86400), day[i], 16);
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	put_unit(&t, 3, "xa-hat-mon");
	put_topic(&t, 1, SK__V1__STATE__STATE_REGISTERED, SK__V1__STATE__STATE_REGISTERED,
	    "", false);
	put_topic(&t, 2, SK__V1__STATE__STATE_REGISTERED, SK__V1__STATE__STATE_SUBMITTED,
	    "", false);
	put_topic(&t, 3, SK__V1__STATE__STATE_DRAFT, SK__V1__STATE__STATE_SUBMITTED, "",
	    false);
	put_topic(&t, 4, SK__V1__STATE__STATE_RECEIVED, SK__V1__STATE__STATE_ACCEPTED, "",
	    true);
	put_topic(&t, 5, SK__V1__STATE__STATE_REGISTERED, SK__V1__STATE__STATE_DRAFT,
	    "2024-01-02", false);
	T_EQ_INT(store_schema_set(&t, 2), 0);
	T_EQ_INT(commit(&t), 0);
	store_close(ts.st);

	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(migrate(ts.st, &err), 0);
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	registered_is(&t, 1, day[1]); /* still a topic */
	registered_is(&t, 2, day[2]); /* started and filed since: its history says */
	registered_is(&t, 3, "");     /* begun as a draft */
	registered_is(&t, 4, "");     /* a copy: registered, if ever, at its unit */
	registered_is(&t, 5, "2024-01-02"); /* kept as it was */
	store_read_end(&t);
	tmp_close(&ts);
}

static const struct t_case cases[] = {
	{ "schema 1: co-authors confirmed, old unfinished uploads dropped, bytes counted",
	    from_schema_1 },
	{ "schema 2: the day each topic was registered, from its first history line",
	    from_schema_2 },
	{ "a migration that fills the map grows it and goes on", grows_the_map },
	{ "a newer schema is refused", newer_refused },
};

T_MAIN(cases)
