#include "pki.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tls.h"

EVP_PKEY *
pki_key_new(void)
{
	return EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
}

static int
add_ext(X509 *cert, X509 *issuer, int nid, const char *value)
{
	X509V3_CTX v3;
	X509_EXTENSION *ext;

	X509V3_set_ctx(&v3, issuer, cert, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, nid, value)) == NULL)
		return -1;
	if (!X509_add_ext(cert, ext, -1)) {
		X509_EXTENSION_free(ext);
		return -1;
	}
	X509_EXTENSION_free(ext);
	return 0;
}

/* "DNS:a,IP:1.2.3.4,URI:..." from a host list and an optional URI. */
static int
san_value(const struct pki_subject *s, char *buf, size_t sz)
{
	char hosts[512], *save = NULL, *h;
	size_t n = 0;

	buf[0] = '\0';
	if (s->hosts != NULL) {
		snprintf(hosts, sizeof(hosts), "%s", s->hosts);
		for (h = strtok_r(hosts, ",", &save); h != NULL;
		     h = strtok_r(NULL, ",", &save)) {
			bool ip = strspn(h, "0123456789.") == strlen(h) ||
			    strchr(h, ':') != NULL;
			n += (size_t)snprintf(buf + n, sz - n, "%s%s:%s", n ? "," : "",
			    ip ? "IP" : "DNS", h);
			if (n >= sz)
				return -1;
		}
	}
	if (s->uri != NULL)
		n += (size_t)snprintf(buf + n, sz - n, "%sURI:%s", n ? "," : "", s->uri);
	return n < sz ? 0 : -1;
}

static int
set_serial(X509 *cert)
{
	unsigned char rnd[16];
	BIGNUM *bn;
	int ok;

	if (RAND_bytes(rnd, sizeof(rnd)) != 1)
		return -1;
	rnd[0] &= 0x7f; /* positive */
	if ((bn = BN_bin2bn(rnd, sizeof(rnd), NULL)) == NULL)
		return -1;
	ok = BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != NULL;
	BN_free(bn);
	return ok ? 0 : -1;
}

static int
set_name(X509 *cert, const struct pki_subject *s)
{
	X509_NAME *name = X509_get_subject_name(cert);

	if (s->org != NULL &&
	    !X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
	        (const unsigned char *)s->org, -1, -1, 0))
		return -1;
	if (!X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	        (const unsigned char *)s->cn, -1, -1, 0))
		return -1;
	return 0;
}

X509 *
pki_issue(const struct pki_subject *s, EVP_PKEY *key, X509 *ca, EVP_PKEY *ca_key)
{
	X509 *cert;
	X509 *issuer;
	char san[1024];

	if ((cert = X509_new()) == NULL)
		return NULL;
	issuer = ca != NULL ? ca : cert;
	if (!X509_set_version(cert, 2) || set_serial(cert) == -1 ||
	    set_name(cert, s) == -1 ||
	    !X509_set_issuer_name(cert, X509_get_subject_name(issuer)))
		goto fail;
	if (X509_time_adj_ex(X509_getm_notBefore(cert), 0, 0,
	        &(time_t){ (time_t)s->not_before }) == NULL ||
	    X509_time_adj_ex(X509_getm_notAfter(cert), 0, 0,
	        &(time_t){ (time_t)s->not_after }) == NULL)
		goto fail;
	if (!X509_set_pubkey(cert, key))
		goto fail;
	if (add_ext(cert, issuer, NID_basic_constraints,
	        s->is_ca ? "critical,CA:TRUE,pathlen:0" : "critical,CA:FALSE") == -1 ||
	    add_ext(cert, issuer, NID_key_usage,
	        s->is_ca ? "critical,keyCertSign,cRLSign" :
	                   "critical,digitalSignature") == -1 ||
	    add_ext(cert, issuer, NID_subject_key_identifier, "hash") == -1)
		goto fail;
	if (!s->is_ca &&
	    add_ext(cert, issuer, NID_ext_key_usage,
	        s->is_server ? "serverAuth" : "clientAuth") == -1)
		goto fail;
	if (san_value(s, san, sizeof(san)) == -1)
		goto fail;
	if (san[0] != '\0' && add_ext(cert, issuer, NID_subject_alt_name, san) == -1)
		goto fail;
	if (X509_sign(cert, ca_key != NULL ? ca_key : key, NULL) <= 0)
		goto fail;
	return cert;
fail:
	X509_free(cert);
	return NULL;
}

/* Write to a temporary file, then rename, so a crash leaves no half file. */
static int
write_pem(const char *path, mode_t mode, int (*emit)(BIO *, void *), void *obj,
    struct sk_error *err)
{
	char tmp[4096];
	BIO *bio = NULL;
	FILE *fp = NULL;
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		status_set(err, SK_INVALID_ARGUMENT, "%s: path too long", path);
		return -1;
	}
	unlink(tmp);
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		status_set(err, SK_INTERNAL, "%s: %s", tmp, strerror(errno));
		if (fd != -1)
			close(fd);
		return -1;
	}
	if ((bio = BIO_new_fp(fp, BIO_NOCLOSE)) == NULL || !emit(bio, obj) ||
	    BIO_flush(bio) != 1 || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		status_set(err, SK_INTERNAL, "%s: cannot write", path);
		goto fail;
	}
	BIO_free(bio);
	bio = NULL;
	if (fclose(fp) != 0 || rename(tmp, path) != 0) {
		fp = NULL;
		status_set(err, SK_INTERNAL, "%s: %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	BIO_free(bio);
	if (fp != NULL)
		fclose(fp);
	unlink(tmp);
	return -1;
}

static int
emit_key(BIO *bio, void *key)
{
	return PEM_write_bio_PrivateKey(bio, key, NULL, NULL, 0, NULL, NULL);
}

static int
emit_cert(BIO *bio, void *cert)
{
	return PEM_write_bio_X509(bio, cert);
}

int
pki_write_key(const char *path, EVP_PKEY *key, struct sk_error *err)
{
	return write_pem(path, 0600, emit_key, key, err);
}

int
pki_write_cert(const char *path, X509 *cert, struct sk_error *err)
{
	return write_pem(path, 0644, emit_cert, cert, err);
}

EVP_PKEY *
pki_read_key(const char *path, struct sk_error *err)
{
	EVP_PKEY *key = NULL;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		status_set(err, SK_NOT_FOUND, "%s: %s", path, strerror(errno));
		return NULL;
	}
	key = PEM_read_PrivateKey(fp, NULL, NULL, NULL);
	fclose(fp);
	if (key == NULL)
		status_set(err, SK_INVALID_ARGUMENT, "%s: not a PEM private key", path);
	return key;
}

X509 *
pki_read_cert(const char *path, struct sk_error *err)
{
	X509 *cert;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		status_set(err, SK_NOT_FOUND, "%s: %s", path, strerror(errno));
		return NULL;
	}
	cert = PEM_read_X509(fp, NULL, NULL, NULL);
	fclose(fp);
	if (cert == NULL)
		status_set(err, SK_INVALID_ARGUMENT, "%s: not a PEM certificate", path);
	return cert;
}

static char *
bio_string(BIO *bio)
{
	char *data, *out;
	long len = BIO_get_mem_data(bio, &data);

	if (len < 0 || (out = malloc((size_t)len + 1)) == NULL)
		return NULL;
	memcpy(out, data, (size_t)len);
	out[len] = '\0';
	OPENSSL_cleanse(data, (size_t)len);
	return out;
}

int
pki_fingerprint(X509 *cert, uint8_t fp[32])
{
	return tls_cert_fingerprint(cert, fp);
}

char *
pki_key_pem(EVP_PKEY *key)
{
	BIO *bio = BIO_new(BIO_s_secmem());
	char *out = NULL;

	if (bio != NULL && emit_key(bio, key))
		out = bio_string(bio);
	BIO_free(bio);
	return out;
}

char *
pki_cert_pem(X509 *cert)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *out = NULL;

	if (bio != NULL && emit_cert(bio, cert))
		out = bio_string(bio);
	BIO_free(bio);
	return out;
}

void
pki_pem_free(char *pem)
{
	if (pem == NULL)
		return;
	OPENSSL_cleanse(pem, strlen(pem));
	free(pem);
}

char *
pki_read_file(const char *path, struct sk_error *err)
{
	char *buf = NULL;
	long len;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		status_set(err, SK_NOT_FOUND, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(fp, 0, SEEK_END) != 0 || (len = ftell(fp)) < 0 || len > (1 << 20) ||
	    fseek(fp, 0, SEEK_SET) != 0 || (buf = malloc((size_t)len + 1)) == NULL ||
	    fread(buf, 1, (size_t)len, fp) != (size_t)len) {
		status_set(err, SK_INTERNAL, "%s: cannot read", path);
		free(buf);
		fclose(fp);
		return NULL;
	}
	buf[len] = '\0';
	fclose(fp);
	return buf;
}

/* ---- the running server's CA ----------------------------------------------- */

struct pki_ca {
	X509 *cert;
	EVP_PKEY *key;
	char *pem;
};

int
pki_ca_load(struct pki_ca **out, const char *cert_file, const char *key_file,
    struct sk_error *err)
{
	struct pki_ca *ca;

	*out = NULL;
	if ((ca = calloc(1, sizeof(*ca))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (tls_check_key_mode(key_file, err) != 0 ||
	    (ca->cert = pki_read_cert(cert_file, err)) == NULL ||
	    (ca->key = pki_read_key(key_file, err)) == NULL ||
	    (ca->pem = pki_read_file(cert_file, err)) == NULL) {
		pki_ca_free(ca);
		return err->code;
	}
	*out = ca;
	return 0;
}

void
pki_ca_free(struct pki_ca *ca)
{
	if (ca == NULL)
		return;
	X509_free(ca->cert);
	EVP_PKEY_free(ca->key);
	free(ca->pem);
	free(ca);
}

const char *
pki_ca_pem(const struct pki_ca *ca)
{
	return ca->pem;
}

int
pki_ca_issue_user(const struct pki_ca *ca, const char *login, const char *name,
    const char *org, int64_t now, uint32_t days, struct pki_user_cert *out,
    struct sk_error *err)
{
	struct pki_subject subj = { 0 };
	char uri[128];
	EVP_PKEY *key;
	X509 *cert = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	snprintf(uri, sizeof(uri), "sk:user:%s", login);
	subj.cn = name;
	subj.org = org;
	subj.uri = uri;
	subj.not_before = now - 300; /* tolerate small clock skew */
	subj.not_after = now + (int64_t)days * 86400;
	if ((key = pki_key_new()) == NULL ||
	    (cert = pki_issue(&subj, key, ca->cert, ca->key)) == NULL ||
	    tls_cert_fingerprint(cert, out->fp) != 0 ||
	    (out->cert_pem = pki_cert_pem(cert)) == NULL ||
	    (out->key_pem = pki_key_pem(key)) == NULL) {
		rc = status_set(err, SK_INTERNAL, "cannot issue a certificate");
		pki_user_cert_free(out);
	}
	out->not_after = subj.not_after;
	EVP_PKEY_free(key);
	X509_free(cert);
	return rc;
}

int
pki_ca_issue_link(const struct pki_ca *ca, const char *name, const char *org, int64_t now,
    uint32_t days, const char *key_file, const char *cert_file, struct sk_error *err)
{
	struct pki_subject subj = { 0 };
	char uri[192], cn[192];
	EVP_PKEY *key;
	X509 *cert = NULL;
	int rc = -1;

	snprintf(uri, sizeof(uri), "sk:link:%s", name);
	snprintf(cn, sizeof(cn), "sk link %s", name);
	subj.cn = cn;
	subj.org = org;
	subj.uri = uri;
	subj.not_before = now - 300;
	subj.not_after = now + (int64_t)days * 86400;
	if ((key = pki_key_new()) == NULL ||
	    (cert = pki_issue(&subj, key, ca->cert, ca->key)) == NULL)
		status_set(err, SK_INTERNAL, "cannot issue the link certificate");
	else if (pki_write_key(key_file, key, err) == 0 &&
	    pki_write_cert(cert_file, cert, err) == 0)
		rc = 0;
	EVP_PKEY_free(key);
	X509_free(cert);
	return rc;
}

int
pki_cert_parse(const char *pem, struct pki_cert_info *out, struct sk_error *err)
{
	BIO *bio = BIO_new_mem_buf(pem, -1);
	X509 *cert = bio != NULL ? PEM_read_bio_X509(bio, NULL, NULL, NULL) : NULL;
	const ASN1_TIME *end;
	struct tm tm;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	BIO_free(bio);
	if (cert == NULL)
		return status_set(err, SK_INVALID_ARGUMENT, "not a PEM certificate");
	end = X509_get0_notAfter(cert);
	if (tls_cert_fingerprint(cert, out->fp) != 0 || ASN1_TIME_to_tm(end, &tm) != 1)
		rc = status_set(err, SK_INVALID_ARGUMENT,
		    "a certificate that cannot be read");
	else {
		out->not_after = (int64_t)timegm(&tm);
		out->is_ca = X509_check_ca(cert) != 0;
	}
	X509_free(cert);
	return rc;
}

void
pki_user_cert_free(struct pki_user_cert *c)
{
	free(c->cert_pem);
	pki_pem_free(c->key_pem);
	c->cert_pem = c->key_pem = NULL;
}
