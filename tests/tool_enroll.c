/*
 * tool_enroll: make certificates the server would never issue, for tests.
 *
 *   tool_enroll DATADIR LOGIN UNIT_ID ROLES FROM_DAYS TO_DAYS OUTDIR
 *
 * Issues a certificate signed by DATADIR's CA, valid from FROM_DAYS to
 * TO_DAYS relative to now (negative: in the past), writes OUTDIR/LOGIN.{crt,key}
 * and enrols it as an enabled user straight into the store, so that the
 * only thing wrong with it is what the test chose (e.g. it has expired).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "names.h"
#include "pki.h"
#include "store.h"
#include "tls.h"

int
main(int argc, char **argv)
{
	struct store_opts so = { (size_t)64 << 20, (size_t)1 << 30, false };
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	struct pki_subject subj = { 0 };
	struct sk_error err = { 0 };
	struct store *st = NULL;
	struct store_txn t;
	char path[4096], uri[128];
	uint8_t fp[TLS_FP_LEN];
	EVP_PKEY *cakey = NULL, *key = NULL;
	X509 *ca = NULL, *cert = NULL;
	int64_t now = time(NULL);
	uint32_t roles;
	int rc = 1;

	if (argc != 8 || roles_parse(argv[4], &roles) != 0) {
		fprintf(stderr,
		    "usage: tool_enroll DATADIR LOGIN UNIT_ID ROLES "
		    "FROM_DAYS TO_DAYS OUTDIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/ca.crt", argv[1]);
	if ((ca = pki_read_cert(path, &err)) == NULL)
		goto fail;
	snprintf(path, sizeof(path), "%s/ca.key", argv[1]);
	if ((cakey = pki_read_key(path, &err)) == NULL)
		goto fail;
	snprintf(uri, sizeof(uri), "sk:user:%s", argv[2]);
	subj.cn = argv[2];
	subj.uri = uri;
	subj.not_before = now + atoll(argv[5]) * 86400;
	subj.not_after = now + atoll(argv[6]) * 86400;
	if ((key = pki_key_new()) == NULL ||
	    (cert = pki_issue(&subj, key, ca, cakey)) == NULL ||
	    tls_cert_fingerprint(cert, fp) != 0) {
		status_set(&err, SK_INTERNAL, "cannot issue");
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/%s.crt", argv[7], argv[2]);
	if (pki_write_cert(path, cert, &err) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/%s.key", argv[7], argv[2]);
	if (pki_write_key(path, key, &err) != 0)
		goto fail;
	snprintf(path, sizeof(path), "%s/db", argv[1]);
	if (store_open(&st, path, &so, &err) != 0)
		goto fail;
	u.login = argv[2];
	u.name = argv[2];
	u.unit_id = (uint32_t)atoi(argv[3]);
	u.roles = roles;
	u.enabled = 1;
	u.fingerprint.data = fp;
	u.fingerprint.len = TLS_FP_LEN;
	u.cert_not_after = subj.not_after;
	if (store_write_begin(st, NULL, &t) != 0 || store_user_put(&t, &u) != 0) {
		store_abort(&t);
		status_set(&err, SK_INTERNAL, "cannot store the user");
		goto fail;
	}
	if (store_commit(&t, &err) != 0)
		goto fail;
	rc = 0;
fail:
	if (rc != 0)
		fprintf(stderr, "tool_enroll: %s\n", err.msg);
	store_close(st);
	EVP_PKEY_free(cakey);
	EVP_PKEY_free(key);
	X509_free(ca);
	X509_free(cert);
	return rc;
}
