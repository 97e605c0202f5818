/*
 * pki: the deployment's own certificate authority.
 *
 * `skd init` makes a CA, a server certificate and the first administrator's
 * certificate; at run time the server issues a certificate for each
 * enrolled user, so nobody has to run openssl by hand. Keys are Ed25519.
 * Private keys are written with mode 0600, and PEM copies of keys held in
 * memory are wiped before they are freed.
 */
#ifndef SK_PKI_H
#define SK_PKI_H

#include <openssl/evp.h>
#include <openssl/x509.h>
#include <stdbool.h>
#include <stdint.h>

#include "status.h"

struct pki_subject {
	const char *cn;    /* common name, for people only */
	const char *org;   /* organisation (deployment name) */
	const char *uri;   /* SAN URI, e.g. "sk:user:xa-hat-mon/nva"; may be NULL */
	const char *hosts; /* comma-separated DNS names / IPs (servers); may be NULL */
	bool is_ca;
	bool is_server;
	int64_t not_before; /* Unix seconds */
	int64_t not_after;
};

EVP_PKEY *pki_key_new(void);

/* Issue a certificate for key; self-signed when ca is NULL. */
X509 *pki_issue(const struct pki_subject *subj, EVP_PKEY *key, X509 *ca,
    EVP_PKEY *ca_key);

/* Write PEM files; keys get mode 0600 and are never left half-written. */
int pki_write_key(const char *path, EVP_PKEY *key, struct sk_error *err);
int pki_write_cert(const char *path, X509 *cert, struct sk_error *err);

EVP_PKEY *pki_read_key(const char *path, struct sk_error *err);
X509 *pki_read_cert(const char *path, struct sk_error *err);

/* SHA-256 of the certificate's DER: how the server knows its users. */
int pki_fingerprint(X509 *cert, uint8_t fp[32]);

/* PEM text in a malloc'd string; free a key's with pki_pem_free. */
char *pki_key_pem(EVP_PKEY *key);
char *pki_cert_pem(X509 *cert);
void pki_pem_free(char *pem);

/* The deployment CA as the running server holds it, to issue the
 * certificates of the users it enrols. */
struct pki_ca;

/* Load the CA's certificate and key (the key file must be private). */
int pki_ca_load(struct pki_ca **out, const char *cert_file, const char *key_file,
    struct sk_error *err);
void pki_ca_free(struct pki_ca *ca);

/* The CA certificate in PEM, which clients pin. */
const char *pki_ca_pem(const struct pki_ca *ca);

/* A user's new key and certificate, as the enrolment reply carries them. */
struct pki_user_cert {
	char *cert_pem;
	char *key_pem;  /* wiped when freed */
	uint8_t fp[32]; /* SHA-256 of the certificate */
	int64_t not_after;
};

/* Issue login's client certificate (common name name, organisation org,
 * SAN URI sk:user:LOGIN) valid from a little before now for days. */
int pki_ca_issue_user(const struct pki_ca *ca, const char *login, const char *name,
    const char *org, int64_t now, uint32_t days, struct pki_user_cert *out,
    struct sk_error *err);
void pki_user_cert_free(struct pki_user_cert *c);

/* This server's link identity, with which it connects to the servers it
 * is linked to: a new key and a certificate of the CA for name (the log
 * name), written to key_file (0600) and cert_file. */
int pki_ca_issue_link(const struct pki_ca *ca, const char *name, const char *org,
    int64_t now, uint32_t days, const char *key_file, const char *cert_file,
    struct sk_error *err);

/* What a PEM certificate says: its fingerprint, its end, whether it is a
 * CA. SK_INVALID_ARGUMENT when it is no certificate. */
struct pki_cert_info {
	uint8_t fp[32];
	int64_t not_after;
	bool is_ca;
};
int pki_cert_parse(const char *pem, struct pki_cert_info *out, struct sk_error *err);

/* Read a whole (small) text file; NULL on error. */
char *pki_read_file(const char *path, struct sk_error *err);

#endif
