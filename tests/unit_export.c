/*
 * unit_export: a verifiable export, from the domain (export_initiative, as
 * skd answers InitiativeExport) to the file (exportv_bytes, as sk export
 * writes it) and its check with no server (exportv_check, as sk verify
 * runs it): a recognised, decided initiative with a file verifies under
 * the log's key; every single byte of the file changed (two ways) makes it
 * fail, as does another key; the record is the state its last entry
 * logged, also after a later step; the witness's cosignature is carried and required
 * with --witness, another witness refused; who may export, and what.
 */
#include "t.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "convert.h"
#include "decision.h"
#include "district.h"
#include "export.h"
#include "exportv.h"
#include "files.h"
#include "note.h"
#include "tdomain.h"
#include "witness.h"

#define A(x) TD_ACT(x)

static const char file_text[] = "Báo cáo kết quả áp dụng tại 3 thôn.\n";

/* A session of Hát Môn's council on id, every member voting yes, closed;
 * then head.hm's decision. */
static void
recognise_and_decide(struct tdomain *d, uint64_t id)
{
	static const char *const members[] = { "head.hm", "cm1.hm", "cm2.hm", "cm3.hm" };
	struct sk_error err = { 0, "" };
	DecisionRec *dec = NULL;
	SessionRec *s = NULL;
	struct td_act x;
	const struct act *a = td_write(d, &x, "head.hm");
	uint64_t sid;
	char on[16];

	td_iso(a->today, on);
	T_EQ_INT(td_end(&x,
	             council_session_open(a, "Phiên", on, false, &id, 1, &s, &err)),
	    0);
	sid = s != NULL ? s->id : 0;
	store_rec_free(s);
	for (size_t i = 0; i < 4; i++) {
		BallotRec b = SK__STORE__V1__BALLOT_REC__INIT;

		a = td_write(d, &x, members[i]);
		b.initiative_id = id;
		b.vote = SK__V1__VOTE__YES;
		s = NULL;
		T_EQ_INT(td_end(&x, council_vote(a, sid, &b, &s, &err)), 0);
		store_rec_free(s);
	}
	a = td_write(d, &x, "head.hm");
	s = NULL;
	T_EQ_INT(td_end(&x, council_session_close(a, sid, &s, &err)), 0);
	store_rec_free(s);
	a = td_write(d, &x, "head.hm");
	T_EQ_INT(td_end(&x, decision_issue(a, "125/QĐ-UBND", on, &id, 1, &dec, &err)), 0);
	store_rec_free(dec);
}

/* an.hm attaches file_text to id (one chunk). */
static void
attach(struct tdomain *d, uint64_t id)
{
	struct sk_error err = { 0, "" };
	UploadRec in = SK__STORE__V1__UPLOAD_REC__INIT;
	struct files_progress p;
	AttachmentRec *at = NULL;
	uint8_t sha[SHA256_DIGEST_LENGTH];
	struct td_act x;
	const struct act *a;

	SHA256((const uint8_t *)file_text, strlen(file_text), sha);
	in.sha256.data = sha;
	in.sha256.len = sizeof(sha);
	in.name = "báo cáo.txt";
	in.media_type = "text/plain";
	in.size = strlen(file_text);
	a = td_write(d, &x, "an.hm");
	T_EQ_INT(td_end(&x, files_begin(a, id, &in, &p, &err)), 0);
	a = td_write(d, &x, "an.hm");
	T_EQ_INT(td_end(&x,
	             files_chunk(a, id, sha, 0, file_text, strlen(file_text), &p, &err)),
	    0);
	a = td_write(d, &x, "an.hm");
	T_EQ_INT(td_end(&x, files_finish(a, id, sha, &at, &err)), 0);
	store_rec_free(at);
}

/* Hát Môn's initiative, recognised and decided, with a file. */
static uint64_t
decided(struct tdomain *d)
{
	uint64_t id;

	T_EQ_INT(td_council(d), 0);
	id = td_create(d, "an.hm", "Số hóa hồ sơ một cửa", NULL);
	attach(d, id);
	T_EQ_INT(td_step(d, "an.hm", id, A(SUBMIT), "", NULL), 0);
	T_EQ_INT(td_step(d, "clerk.hm", id, A(ACCEPT), "", NULL), 0);
	recognise_and_decide(d, id);
	return id;
}

/* The export of id as login sees it, or NULL with err. */
static Sk__V1__InitiativeExport *
export_as(struct tdomain *d, const char *login, uint64_t id, struct sk_error *err)
{
	Sk__V1__InitiativeExport *x = NULL;
	struct td_act tx;
	const struct act *a = td_read(d, &tx, login);

	memset(err, 0, sizeof(*err));
	td_end(&tx, export_initiative(a, id, &x, err));
	return x;
}

/* The file's bytes for x; with_bytes: its files' bytes in it too. */
static uint8_t *
file_of(Sk__V1__InitiativeExport *x, bool with_bytes, size_t *len)
{
	struct sk_error err = { 0, "" };
	uint8_t *out = NULL;

	for (size_t i = 0; with_bytes && i < x->n_files; i++) {
		x->files[i]->data.data = (uint8_t *)file_text;
		x->files[i]->data.len = strlen(file_text);
	}
	T_EQ_INT(exportv_bytes(x, &out, len, &err), 0);
	for (size_t i = 0; with_bytes && i < x->n_files; i++) {
		x->files[i]->data.data = NULL; /* not x's to free */
		x->files[i]->data.len = 0;
	}
	return out;
}

static bool
verifies(const uint8_t *data, size_t len, const char *key, const char *wkey, char *msg,
    size_t sz)
{
	struct sk_error err = { 0, "" };
	struct exportv_report rep;
	bool ok;

	T_EQ_INT(exportv_check(data, len, key, wkey, &rep, &err), 0);
	ok = rep.ok;
	if (msg != NULL)
		snprintf(msg, sz, "%s", rep.msg);
	exportv_report_free(&rep);
	return ok;
}

/* Each byte of data changed in turn (bits mask flipped): every change
 * must fail the check. */
static void
every_byte(uint8_t *data, size_t len, const char *key, const char *wkey, uint8_t mask)
{
	size_t passed = 0;

	for (size_t i = 0; i < len; i++) {
		data[i] ^= mask;
		if (verifies(data, len, key, wkey, NULL, 0)) {
			fprintf(stderr,
			    "unit_export: byte %zu of %zu changed (0x%02x to 0x%02x), "
			    "still verified\n",
			    i, len, data[i] ^ mask, data[i]);
			passed++;
		}
		data[i] ^= mask;
	}
	T_EQ_INT(passed, 0);
	T_CHECK(verifies(data, len, key, wkey, NULL, 0)); /* put back: whole again */
}

/* A verifier key of another Ed25519 key under the same log name. */
static char *
other_key(const char *name, bool witness)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	char *v =
	    k != NULL ? (witness ? note_cosig_vkey(name, k) : note_vkey(name, k)) : NULL;

	EVP_PKEY_free(k);
	return v;
}

static void
exported_and_checked(void)
{
	struct sk_error err = { 0, "" };
	struct exportv_report rep;
	Sk__V1__InitiativeExport *x;
	struct tdomain d;
	char msg[512], *wrong;
	uint8_t *data;
	size_t len = 0;
	uint64_t id;

	td_open(&d);
	id = decided(&d);
	x = export_as(&d, "an.hm", id, &err);
	T_CHECK(x != NULL);
	if (x == NULL)
		goto done;
	T_CHECK(x->n_history >= 5); /* created, submitted, accepted, …, decided */
	T_EQ_INT(x->n_certificates, 1);
	T_EQ_INT(x->n_files, 1);
	T_CHECK(x->decision != NULL && x->decision->proof != NULL);
	T_EQ_STR(x->cosigned, ""); /* no witness here */
	data = file_of(x, true, &len);
	T_CHECK(data != NULL &&
	    memcmp(data, EXPORTV_MAGIC " initiative 1 of sk-test/",
	        strlen(EXPORTV_MAGIC) + 24) == 0);
	T_EQ_INT(exportv_check(data, len, tlog_vkey(), NULL, &rep, &err), 0);
	T_CHECK(rep.ok);
	T_EQ_STR(rep.cp.origin, "sk-test/xa-hat-mon");
	T_EQ_STR(rep.rec != NULL ? rep.rec->title : NULL, "Số hóa hồ sơ một cửa");
	T_EQ_STR(rep.decision != NULL ? rep.decision->number : NULL, "125/QĐ-UBND");
	T_EQ_INT(rep.files_with_bytes, 1);
	/* Nothing came after the decision: the record is the state it logged. */
	T_EQ_INT(rep.last + 1, rep.decided);
	exportv_report_free(&rep);
	/* The lowest bit (a base64 digit's slack bits before its "="), and a
	 * letter's case (0x20: "a" to "A", a hex digit that parses the same).
	 * Each pass is some 4000 checks: under valgrind, minutes. */
	every_byte(data, len, tlog_vkey(), NULL, 0x01);
	every_byte(data, len, tlog_vkey(), NULL, 0x20);
	wrong = other_key("sk-test", false);
	T_CHECK(!verifies(data, len, wrong, NULL, msg, sizeof(msg)));
	T_CONTAINS(msg, "the checkpoint: no valid signature by sk-test");
	free(wrong);
	/* A witness required, none carried. */
	wrong = other_key("sk-test-pt/witness", true);
	T_CHECK(!verifies(data, len, tlog_vkey(), wrong, msg, sizeof(msg)));
	T_CONTAINS(msg, "UNWITNESSED");
	free(wrong);
	/* The file without its files' bytes verifies, saying so. */
	free(data);
	data = file_of(x, false, &len);
	T_EQ_INT(exportv_check(data, len, tlog_vkey(), NULL, &rep, &err), 0);
	T_CHECK(rep.ok && rep.files_with_bytes == 0);
	exportv_report_free(&rep);
	/* Cut short: refused. */
	T_CHECK(!verifies(data, len - 1, tlog_vkey(), NULL, NULL, 0));
	T_CHECK(!verifies(data, 10, tlog_vkey(), NULL, NULL, 0));
	free(data);
	convert_free(x);
done:
	td_close(&d);
}

/* A peer user of Hát Môn: the district's server above it, witness wkey. */
static void
link_above(struct tdomain *d, const char *wkey)
{
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	PeerRec p = SK__STORE__V1__PEER_REC__INIT;
	uint8_t fp[STORE_FP_LEN];
	struct td_act x;

	td_write(d, &x, "admin.hm");
	td_fp("peer.sk-test-pt", 1, fp);
	p.name = "sk-test-pt";
	p.unit_code = "phuc-tho";
	p.witness_key = (char *)wkey;
	u.login = "peer.sk-test-pt";
	u.name = "sk-test-pt";
	u.unit_id = TD_HM;
	u.roles = TD_ROLE(UPSTREAM);
	u.enabled = true;
	u.fingerprint.data = fp;
	u.fingerprint.len = sizeof(fp);
	u.peer = &p;
	T_EQ_INT(store_user_put(&x.t, &u), 0);
	T_EQ_INT(td_end(&x, 0), 0);
}

/* The district cosigns Hát Môn's checkpoint; a step follows: the export
 * carries the witnessed checkpoint, proven a prefix of the newer one. */
static void
witnessed(void)
{
	struct sk_error err = { 0, "" };
	struct exportv_report rep;
	Sk__V1__InitiativeExport *x = NULL;
	InitiativeRec *r = NULL;
	struct tdomain d;
	struct td_act tx;
	const struct act *a;
	char path[256], msg[512], *wkey = NULL, *note = NULL, *line = NULL, *other;
	uint8_t *data = NULL;
	size_t len = 0;
	uint64_t id;

	td_open(&d);
	id = decided(&d);
	snprintf(path, sizeof(path), "%s/witness.key", d.ts.dir);
	T_EQ_INT(witness_init(path, "sk-test-pt/witness", &err), 0);
	wkey = strdup(witness_vkey());
	link_above(&d, wkey);
	a = td_read(&d, &tx, "head.hm");
	T_EQ_INT(td_end(&tx, tlog_checkpoint(a->t, a->sc, &note)), 0);
	line = note != NULL ? witness_cosign(note, 1700000000) : NULL;
	T_CHECK(line != NULL);
	if (line == NULL)
		goto done;
	a = td_write(&d, &tx, "head.hm");
	T_EQ_INT(td_end(&tx, witness_keep(a, note, line, wkey, &err)), 0);
	/* Marked for publication after that: a newer state, a larger tree. */
	a = td_write(&d, &tx, "head.hm");
	T_EQ_INT(td_end(&tx, district_publish(a, id, true, &r, &err)), 0);
	store_rec_free(r);
	if ((x = export_as(&d, "head.hm", id, &err)) == NULL)
		goto done;
	T_CHECK(x->cosigned[0] != '\0' && x->n_consistency > 0);
	T_EQ_INT(x->n_witness_keys, 1);
	if (x->n_witness_keys == 1)
		T_EQ_STR(x->witness_keys[0], wkey);
	data = file_of(x, false, &len);
	T_EQ_INT(exportv_check(data, len, tlog_vkey(), wkey, &rep, &err), 0);
	T_CHECK(rep.ok);
	T_EQ_STR(rep.witness, "sk-test-pt/witness");
	T_EQ_INT(rep.witnessed_at, 1700000000);
	/* The record is the published state, logged after the decision. */
	T_CHECK(rep.rec != NULL && rep.rec->published && rep.last + 1 > rep.decided);
	exportv_report_free(&rep);
	other = other_key("sk-test-pt/witness", true);
	T_CHECK(!verifies(data, len, tlog_vkey(), other, msg, sizeof(msg)));
	T_CONTAINS(msg, "UNWITNESSED");
	free(other);
	/* Without --witness the cosignatures' bytes count all the same. */
	every_byte(data, len, tlog_vkey(), NULL, 0x20);
	every_byte(data, len, tlog_vkey(), NULL, 0x01);
done:
	witness_shutdown();
	unlink(path);
	free(data);
	free(note);
	free(line);
	free(wkey);
	convert_free(x);
	td_close(&d);
}

/* Only a recognised, decided record, and only to who reads all of it. */
static void
who_exports(void)
{
	struct sk_error err = { 0, "" };
	Sk__V1__InitiativeExport *x;
	struct tdomain d;
	uint64_t id, draft;

	td_open(&d);
	id = decided(&d);
	draft = td_create(&d, "an.hm", "Bản nháp", NULL);
	T_CHECK((x = export_as(&d, "an.hm", draft, &err)) == NULL);
	T_EQ_INT(err.code, SK_FAILED_PRECONDITION);
	T_CONTAINS(err.msg, "no recognition decision");
	/* Its authors, the clerk, the council, the head: the record whole. */
	for (size_t i = 0; i < 4; i++) {
		static const char *const may[] = { "an.hm", "clerk.hm", "cm2.hm",
			"head.hm" };

		x = export_as(&d, may[i], id, &err);
		T_CHECK(x != NULL);
		convert_free(x);
	}
	/* Another author of the unit reads the dossier, not its secret part. */
	T_CHECK((x = export_as(&d, "binh.hm", id, &err)) == NULL);
	T_EQ_INT(err.code, SK_PERMISSION_DENIED);
	T_CONTAINS(err.msg, "confidential part");
	/* Another unit's people name their own unit's initiative 1: none. */
	T_CHECK((x = export_as(&d, "clerk.sp", id, &err)) == NULL);
	T_EQ_INT(err.code, SK_NOT_FOUND);
	/* authz lets no auditor, commendation office or administrator call it. */
	T_CHECK(!authz_allows(TD_ROLE(AUDITOR), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(TD_ROLE(COMMENDATION), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(TD_ROLE(ADMIN), AZ_INITIATIVE, AZ_READ, AZ_OWN));
	T_CHECK(!authz_allows(TD_ROLE(AUTHOR), AZ_INITIATIVE, AZ_READ, AZ_OTHER));
	td_close(&d);
}

/* note_lines_verify: each line on its own, under one of the keys given. */
static void
note_lines(void)
{
	EVP_PKEY *k = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519"),
	         *w = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	struct sk_error err = { 0, "" };
	char *vk = note_vkey("log", k), *wk = note_cosig_vkey("wit", w);
	char *note = note_sign("log/x\n3\nAAAA\n", "log", k), *cos = NULL, *both = NULL,
	     *kept = NULL;
	const char *wkeys[] = { wk };

	T_CHECK(note != NULL && vk != NULL && wk != NULL);
	if (note == NULL || vk == NULL || wk == NULL)
		goto done;
	cos = note_cosign("log/x\n3\nAAAA\n", "wit", w, 5);
	if (cos == NULL || asprintf(&both, "%s%s", note, cos) < 0) {
		both = NULL;
		goto done;
	}
	T_EQ_INT(note_lines_verify(note, vk, NULL, 0, &err), 0);
	T_EQ_INT(note_lines_verify(both, vk, wkeys, 1, &err), 0);
	/* The cosignature's line under no key given. */
	T_EQ_INT(note_lines_verify(both, vk, NULL, 0, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "signature line 2");
	/* Kept: only what verifies. */
	kept = note_lines_keep(both, vk, NULL, 0);
	T_EQ_STR(kept, note);
	free(kept);
	kept = note_lines_keep(both, vk, wkeys, 1);
	T_EQ_STR(kept, both);
	both[strlen(both) - 3] ^= 1; /* in the cosignature */
	T_EQ_INT(note_lines_verify(both, vk, wkeys, 1, &err), SK_UNAUTHENTICATED);
done:
	free(kept);
	free(both);
	free(cos);
	free(note);
	free(vk);
	free(wk);
	EVP_PKEY_free(k);
	EVP_PKEY_free(w);
}

static const struct t_case cases[] = {
	{ "exported, verified, and no byte changes unnoticed", exported_and_checked },
	{ "the witnessed checkpoint, carried and required", witnessed },
	{ "who exports what", who_exports },
	{ "every signature line of a note", note_lines },
};

T_MAIN(cases)
