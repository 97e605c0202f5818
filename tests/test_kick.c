/*
 * test_kick: disabling a user closes their open connections at once.
 *
 *   test_kick PORT CA ADMIN_CERT ADMIN_KEY OUTDIR
 *
 * The administrator enrols a user through the client library, the user
 * connects and stays connected, the administrator disables them: the
 * open connection gets UNAUTHENTICATED and is closed, and a new one is
 * refused.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "t.h"
#include "tclient.h"
#include "xfer.h"

static struct skc_config adm, usr;
static const char *outdir;

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (fp == NULL)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

static void
test_kick(void)
{
	Sk__V1__UserCreateRequest uc = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__UserCreateResponse *cr = NULL;
	Sk__V1__User *off = NULL;
	Sk__V1__Response *r = NULL;
	struct sk_error err = { 0 };
	struct skc *a = NULL, *u = NULL, *u2 = NULL;
	char crt[4096], key[4096];

	T_EQ_INT(skc_connect(&adm, &a, &err), 0);
	if (a == NULL)
		return;
	uc.login = "kick.me";
	uc.name = "Người Bị Khóa";
	uc.unit_code = "xa-tam-hiep";
	uc.roles = SK__V1__ROLE__ROLE_AUTHOR;
	T_EQ_INT(call_user_create(a, &uc, &cr, &err), 0);
	if (cr == NULL)
		goto done;
	snprintf(crt, sizeof(crt), "%s/kick.me.crt", outdir);
	snprintf(key, sizeof(key), "%s/kick.me.key", outdir);
	T_EQ_INT(write_file(crt, cr->cert_pem), 0);
	T_EQ_INT(write_file(key, cr->key_pem), 0);
	T_CHECK(cr->ca_pem[0] != '\0');
	T_EQ_INT(cr->user->enabled, 1);
	call_free(cr);
	skc_config_set(&usr, "cert", crt, NULL, &err);
	skc_config_set(&usr, "key", key, NULL, &err);
	/* key files must be private */
	T_EQ_INT(system("chmod 600 \"$KICK_KEY\"") == -1, 0);

	T_EQ_INT(skc_connect(&usr, &u, &err), 0);
	if (u == NULL) {
		fprintf(stderr, "user connect: %s\n", err.msg);
		goto done;
	}
	T_EQ_STR(skc_hello(u)->login, "kick.me");
	T_EQ_STR(skc_hello(u)->unit->name, "Xã Tam Hiệp");

	T_EQ_INT(call_user_disable(a, "kick.me", &off, &err), 0);
	if (off != NULL) {
		T_EQ_INT(off->enabled, 0);
		call_free(off);
	}
	/* The open connection hears why, then is closed. */
	T_EQ_INT(skc_recv(u, &r, &err), 0);
	if (r != NULL) {
		T_EQ_INT(r->id, 0);
		T_EQ_INT(tclient_code(r), SK_UNAUTHENTICATED);
		T_CONTAINS(r->status ? r->status->message : NULL, "disabled");
		sk__v1__response__free_unpacked(r, NULL);
		r = NULL;
	}
	T_EQ_INT(skc_recv(u, &r, &err), SK_UNAVAILABLE);
	/* A new connection is refused. */
	T_EQ_INT(skc_connect(&usr, &u2, &err), SK_UNAUTHENTICATED);
	T_CONTAINS(err.msg, "disabled");
done:
	skc_close(u2);
	skc_close(u);
	skc_close(a);
}

/* Enrol login with roles in Xã Tam Hiệp; its config in *c. 0 on success. */
static int
enrol(struct skc *a, const char *login, uint32_t roles, struct skc_config *c)
{
	Sk__V1__UserCreateRequest uc = SK__V1__USER_CREATE_REQUEST__INIT;
	Sk__V1__UserCreateResponse *r = NULL;
	struct sk_error err = { 0 };
	char crt[4096], key[4096];
	int rc;

	uc.login = (char *)login;
	uc.name = "Người Thử";
	uc.unit_code = "xa-tam-hiep";
	uc.roles = roles;
	if ((rc = call_user_create(a, &uc, &r, &err)) != 0)
		return rc;
	snprintf(crt, sizeof(crt), "%s/%s.crt", outdir, login);
	snprintf(key, sizeof(key), "%s/%s.key", outdir, login);
	rc =
	    write_file(crt, r->cert_pem) | write_file(key, r->key_pem) | chmod(key, 0600);
	call_free(r);
	*c = usr;
	skc_config_set(c, "cert", crt, NULL, &err);
	skc_config_set(c, "key", key, NULL, &err);
	return rc;
}

/* The initiative every write below creates; in req too, if given. */
static void
create_req(Sk__V1__Request *req, Sk__V1__InitiativeCreateRequest *c,
    Sk__V1__Initiative *in, Sk__V1__Author *au, Sk__V1__Author **aup)
{
	sk__v1__author__init(au);
	au->name = "Người Thử";
	au->share = 10000;
	*aup = au;
	sk__v1__initiative__init(in);
	in->title = "Ghi liên tục";
	in->category = 1;
	in->n_authors = 1;
	in->authors = aup;
	c->initiative = in;
	if (req != NULL)
		call_wrap(req, &c->base);
}

/*
 * Where in Xã Tam Hiệp's decision log busy.me was disabled, and whether
 * any write of theirs comes after it; read by an auditor of the unit.
 */
static void
log_after_disable(struct skc *aud, long *disabled_at, int *after)
{
	struct sk_error err = { 0 };
	uint64_t start = 0;
	int rc;

	*disabled_at = -1;
	*after = 0;
	for (;;) {
		Sk__V1__LogEntriesResponse *r = NULL;
		size_t n;

		if ((rc = call_log_entries(aud, "xa-tam-hiep", start, start + 1000, &r,
		         &err)) != 0) {
			if (rc == SK_OUT_OF_RANGE && start > 0)
				return; /* past the end: all read */
			fprintf(stderr, "log entries: %s\n", err.msg);
			*after = -1;
			return;
		}
		n = r->n_entries;
		for (size_t i = 0; i < n; i++) {
			ProtobufCBinaryData *b = &r->entries[i];
			Sk__V1__LogEntry *e =
			    sk__v1__log_entry__unpack(NULL, b->len, b->data);

			if (e == NULL)
				continue;
			if (strcmp(e->action, "user.disable") == 0 &&
			    strcmp(e->object, "user/busy.me") == 0)
				*disabled_at = (long)e->seq;
			else if (*disabled_at >= 0 && strcmp(e->actor, "busy.me") == 0)
				++*after;
			sk__v1__log_entry__free_unpacked(e, NULL);
		}
		call_free(r);
		if (n == 0)
			return;
		start += n;
	}
}

#define FILL_BYTES (32u << 20)

/* Send req as it is (a fresh id) and return the id, or 0 on failure. */
static uint64_t
send_one(struct skc *s, Sk__V1__Request *req)
{
	struct sk_error err = { 0 };

	req->id = 0;
	return skc_send(s, req, &err) == 0 ? req->id : 0;
}

/* Send every chunk, but stop before the finish. */
static int
all_but_finish(void *arg, uint64_t done, uint64_t size, unsigned chunks)
{
	(void)arg;
	(void)chunks;
	return done >= size;
}

/*
 * fill.me uploads a large file to a draft of their own, all but the
 * finish; the finish (hashing FILL_BYTES in the writer) is left in *fin
 * for the caller to send when it wants the writer busy.
 */
static int
fill_upload(struct skc *f, uint8_t sha[SHA256_LEN], Sk__V1__AttachmentFinishRequest *fin,
    Sk__V1__Request *fin_req)
{
	Sk__V1__InitiativeCreateRequest c = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__Initiative in, *made = NULL;
	Sk__V1__Author au, *aup;
	struct xfer_upload up = { 0 };
	struct sk_error err = { 0 };
	uint8_t *data = malloc(FILL_BYTES);
	uint64_t id;
	int rc = -1;

	if (data == NULL || (up.fp = fmemopen(data, FILL_BYTES, "rb")) == NULL)
		goto done;
	for (uint32_t i = 0; i < FILL_BYTES; i++)
		data[i] = (uint8_t)(i * 2654435761u >> 24);
	if (sha256_file(up.fp, sha) != 0)
		goto done;
	create_req(NULL, &c, &in, &au, &aup);
	if (call_initiative_create(f, &in, false, &made, &err) != 0)
		goto done;
	id = made->id;
	call_free(made);
	up.name = "lớn.bin";
	up.media_type = "application/octet-stream";
	up.sha256 = sha;
	up.progress = all_but_finish;
	if (xfer_upload(f, id, &up, NULL, &err) != SK_CANCELLED)
		goto done;
	fin->initiative_id = id;
	fin->sha256.data = sha;
	fin->sha256.len = SHA256_LEN;
	call_wrap(fin_req, &fin->base);
	rc = 0;
done:
	if (rc != 0)
		fprintf(stderr, "fill.me: %s\n", err.msg);
	if (up.fp != NULL)
		fclose(up.fp);
	free(data);
	return rc;
}

/* Read answers of s until it is closed or n have come; how many were OK. */
static int
drain(struct skc *s, int n, int *got)
{
	Sk__V1__Response *r = NULL;
	struct sk_error err = { 0 };
	int ok = 0;

	for (*got = 0; *got < n && skc_recv(s, &r, &err) == 0; r = NULL) {
		if (r->id != 0) {
			++*got;
			ok += tclient_code(r) == 0;
		}
		sk__v1__response__free_unpacked(r, NULL);
	}
	return ok;
}

/*
 * While the writer is busy (hashing a large upload), the administrator
 * disables busy.me and busy.me sends 32 writes at once: they queue behind
 * the disable, and none of them may commit after it.
 */
static void
test_queued_writes(void)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT, dreq = SK__V1__REQUEST__INIT;
	Sk__V1__Request freq = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeCreateRequest c = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__UserDisableRequest ud = SK__V1__USER_DISABLE_REQUEST__INIT;
	Sk__V1__AttachmentFinishRequest fin = SK__V1__ATTACHMENT_FINISH_REQUEST__INIT;
	Sk__V1__Initiative in;
	Sk__V1__Author au, *aup;
	struct skc_config busy, fill, audc;
	struct sk_error err = { 0 };
	struct skc *a = NULL, *u = NULL, *f = NULL, *aud = NULL;
	uint8_t sha[SHA256_LEN];
	int sent = 0, got = 0, ok, after = 0;
	long disabled_at;

	T_EQ_INT(skc_connect(&adm, &a, &err), 0);
	if (a == NULL)
		return;
	T_EQ_INT(enrol(a, "busy.me", SK__V1__ROLE__ROLE_AUTHOR, &busy), 0);
	T_EQ_INT(enrol(a, "fill.me", SK__V1__ROLE__ROLE_AUTHOR, &fill), 0);
	T_EQ_INT(enrol(a, "audit.th", SK__V1__ROLE__ROLE_AUDITOR, &audc), 0);
	T_EQ_INT(skc_connect(&busy, &u, &err), 0);
	T_EQ_INT(skc_connect(&fill, &f, &err), 0);
	T_EQ_INT(skc_connect(&audc, &aud, &err), 0);
	if (u == NULL || f == NULL || aud == NULL)
		goto done;
	T_EQ_INT(fill_upload(f, sha, &fin, &freq), 0);
	create_req(&req, &c, &in, &au, &aup);
	ud.login = "busy.me";
	call_wrap(&dreq, &ud.base);
	T_CHECK(send_one(u, &req) != 0); /* one before, to show writes work */
	T_CHECK(send_one(f, &freq) != 0);
	T_CHECK(send_one(a, &dreq) != 0);
	for (sent = 1; sent < 33 && send_one(u, &req) != 0; sent++)
		;
	ok = drain(u, sent, &got);
	T_EQ_INT(drain(a, 1, &got), 1);
	T_EQ_INT(drain(f, 1, &got), 1);
	log_after_disable(aud, &disabled_at, &after);
	fprintf(stderr,
	    "busy.me: %d writes sent, %d committed; %d logged after the disable\n", sent,
	    ok, after);
	T_CHECK(disabled_at > 0);
	T_EQ_INT(after, 0);
done:
	skc_close(aud);
	skc_close(f);
	skc_close(u);
	skc_close(a);
}

static const struct t_case cases[] = {
	{ "disable closes open connections", test_kick },
	{ "writes queued before a disable do not commit after it", test_queued_writes },
};

int
main(int argc, char **argv)
{
	char key[4096];

	if (argc != 6) {
		fprintf(stderr, "usage: test_kick PORT CA ADMIN_CERT ADMIN_KEY OUTDIR\n");
		return 2;
	}
	outdir = argv[5];
	snprintf(key, sizeof(key), "%s/kick.me.key", outdir);
	setenv("KICK_KEY", key, 1);
	tclient_config(&adm, argv[1], argv[2], argv[3], argv[4]);
	tclient_config(&usr, argv[1], argv[2], NULL, NULL);
	adm.timeout_ms = usr.timeout_ms = 10000;
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
