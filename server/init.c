#include "init.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "categories.h"
#include "paths.h"
#include "pki.h"
#include "sectors.h"
#include "sk.pb-c.h"
#include "store.h"
#include "tlog.h"
#include "units.h"

#define CA_DAYS 3650
#define CERT_DAYS 730
#define INIT_UNITS "phuc-tho-2024.units"
#define INIT_CATEGORIES "phuc-tho-2024.categories"
#define INIT_SECTORS "phuc-tho-2024.sectors"

/* Room for the defaults init_defaults finds. */
struct init_names {
	char units[4096], categories[4096], sectors[4096];
	char deployment[256], log_name[160];
};

struct init_keys {
	EVP_PKEY *ca_key, *srv_key, *adm_key;
	X509 *ca, *srv, *adm;
};

static void
path_join(char *buf, size_t sz, const char *dir, const char *name)
{
	snprintf(buf, sz, "%s/%s", dir, name);
}

static int
make_certs(const struct init_opts *o, struct init_keys *k, struct sk_error *err)
{
	int64_t now = time(NULL);
	struct pki_subject ca = { .cn = "sk deployment CA",
		.org = o->deployment,
		.is_ca = true,
		.not_before = now - 300,
		.not_after = now + (int64_t)CA_DAYS * 86400 };
	struct pki_subject srv = { .cn = "skd",
		.org = o->deployment,
		.hosts = o->hosts,
		.is_server = true,
		.not_before = now - 300,
		.not_after = now + (int64_t)CERT_DAYS * 86400 };
	char uri[128];
	struct pki_subject adm = { .cn = "Quản trị hệ thống",
		.org = o->deployment,
		.uri = uri,
		.not_before = now - 300,
		.not_after = now + (int64_t)CERT_DAYS * 86400 };

	snprintf(uri, sizeof(uri), "sk:user:%s", o->admin_login);
	if ((k->ca_key = pki_key_new()) == NULL || (k->srv_key = pki_key_new()) == NULL ||
	    (k->adm_key = pki_key_new()) == NULL ||
	    (k->ca = pki_issue(&ca, k->ca_key, NULL, NULL)) == NULL ||
	    (k->srv = pki_issue(&srv, k->srv_key, k->ca, k->ca_key)) == NULL ||
	    (k->adm = pki_issue(&adm, k->adm_key, k->ca, k->ca_key)) == NULL)
		return status_set(err, SK_INTERNAL, "cannot make certificates");
	return 0;
}

static int
write_certs(const char *dir, struct init_keys *k, struct sk_error *err)
{
	static const char *const names[] = { "ca", "server", "admin" };
	EVP_PKEY *keys[] = { k->ca_key, k->srv_key, k->adm_key };
	X509 *certs[] = { k->ca, k->srv, k->adm };
	char path[4096], file[32];

	for (int i = 0; i < 3; i++) {
		snprintf(file, sizeof(file), "%s.key", names[i]);
		path_join(path, sizeof(path), dir, file);
		if (pki_write_key(path, keys[i], err) != 0)
			return -1;
		snprintf(file, sizeof(file), "%s.crt", names[i]);
		path_join(path, sizeof(path), dir, file);
		if (pki_write_cert(path, certs[i], err) != 0)
			return -1;
	}
	return 0;
}

static int
store_seed(const struct init_opts *o, X509 *admin, struct sk_error *err)
{
	struct store_opts so = { (size_t)64 << 20, (size_t)64 << 20, true };
	UserRec u = SK__STORE__V1__USER_REC__INIT;
	struct scope sc = { 0 };
	char object[96];
	uint8_t fp[STORE_FP_LEN];
	struct store *st = NULL;
	struct store_txn t;
	UnitRec *district = NULL, **units = NULL;
	char db[4096];
	size_t n = 0, count;
	int rc;

	path_join(db, sizeof(db), o->dir, "db");
	if ((rc = store_open(&st, db, &so, err)) != 0)
		return rc;
	if ((rc = store_write_begin(st, NULL, &t)) != 0) {
		status_set(err, rc, "cannot write the store");
		goto done;
	}
	if ((rc = units_load(&t, o->units_file, &count, err)) != 0 ||
	    (rc = store_unit_list(&t, &units, &n)) != 0)
		goto abort;
	/* The administrator belongs to the top unit (the district, the city). */
	for (size_t i = 0; i < n && district == NULL; i++)
		if (units[i]->parent_id == 0)
			district = units[i];
	if (district == NULL) {
		rc = status_set(err, SK_INVALID_ARGUMENT, "%s: no unit at the top",
		    o->units_file);
		goto abort;
	}
	pki_fingerprint(admin, fp);
	u.login = (char *)o->admin_login;
	u.name = "Quản trị hệ thống";
	u.unit_id = district->id;
	u.roles = SK__V1__ROLE__ROLE_ADMIN;
	u.enabled = true;
	u.created_at = time(NULL);
	u.fingerprint.data = fp;
	u.fingerprint.len = STORE_FP_LEN;
	u.cert_not_after = u.created_at + (int64_t)CERT_DAYS * 86400;
	u.created_by = "skd init";
	snprintf(object, sizeof(object), "user/%s", o->admin_login);
	sc.tenant = district->id;
	sc.login = "skd-init";
	sc.fp = fp;
	tlog_batch_begin();
	if ((rc = store_user_put(&t, &u)) != 0 ||
	    (rc = tlog_append(&t, &sc, "user.enrol", object, &u.base, "admin")) != 0) {
		status_set(err, rc, "cannot store the administrator");
		goto abort;
	}
	if ((rc = tlog_batch_seal(&t, err)) != 0)
		goto abort;
	rc = store_commit(&t, err);
	printf("loaded %zu units from %s\n", count, o->units_file);
	goto done;
abort:
	store_abort(&t);
done:
	store_unit_list_free(units, n);
	store_close(st);
	return rc;
}

static int
write_text(const char *dir, const char *name, const char *text, struct sk_error *err)
{
	char path[4096];
	FILE *fp;

	path_join(path, sizeof(path), dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		return status_set(err, SK_INTERNAL, "%s: %s", path, strerror(errno));
	fputs(text, fp);
	if (fclose(fp) != 0)
		return status_set(err, SK_INTERNAL, "%s: %s", path, strerror(errno));
	return 0;
}

static int
write_configs(const struct init_opts *o, struct sk_error *err)
{
	char abs[4096], text[3 * 4096 + 512];

	if (realpath(o->dir, abs) == NULL)
		return status_set(err, SK_INTERNAL, "%s: %s", o->dir, strerror(errno));
	snprintf(text, sizeof(text),
	    "# skd configuration (see skd --help for every setting)\n"
	    "listen = %s\n"
	    "deployment = %s\n"
	    "log_name = %s\n"
	    "log_level = info\n",
	    o->listen, o->deployment, o->log_name);
	if (write_text(o->dir, "skd.conf", text, err) != 0)
		return -1;
	snprintf(text, sizeof(text),
	    "# sk client configuration for the administrator\n"
	    "server = %s\n"
	    "ca = %s/ca.crt\n"
	    "cert = %s/admin.crt\n"
	    "key = %s/admin.key\n"
	    "log_key = %s\n",
	    o->listen, abs, abs, abs, tlog_vkey());
	return write_text(o->dir, "admin.conf", text, err);
}

/* Copy a data file into the data directory, where it is edited. */
static int
copy_data(const struct init_opts *o, const char *from, const char *name,
    struct sk_error *err)
{
	char *text;
	int rc;

	if ((text = pki_read_file(from, err)) == NULL)
		return err->code;
	rc = write_text(o->dir, name, text, err);
	free(text);
	return rc;
}

/* The categories and sectors, checked first: skd will not start on a file
 * it cannot read. */
static int
copy_lists(const struct init_opts *o, struct sk_error *err)
{
	struct categories c;
	struct sectors s;

	if (categories_load(&c, o->categories_file, err) != 0)
		return err->code;
	categories_free(&c);
	if (sectors_load(&s, o->sectors_file, err) != 0)
		return err->code;
	sectors_free(&s);
	if (copy_data(o, o->categories_file, "categories", err) != 0 ||
	    copy_data(o, o->sectors_file, "sectors", err) != 0)
		return err->code;
	return 0;
}

/* path with its ending (".units") replaced by ext, if that file exists. */
static int
sibling(const char *path, const char *ext, char *buf, size_t sz)
{
	const char *dot = strrchr(path, '.');
	size_t n =
	    dot != NULL && strchr(dot, '/') == NULL ? (size_t)(dot - path) : strlen(path);

	if (n + strlen(ext) + 1 > sz)
		return -1;
	snprintf(buf, sz, "%.*s%s", (int)n, path, ext);
	return access(buf, R_OK) == 0 ? 0 : -1;
}

/* The defaults of o that come from data: files shipped with skd, and the
 * names the top unit of the units file gives. */
static int
init_defaults(struct init_opts *o, struct init_names *nm, struct sk_error *err)
{
	char code[128];

	if (o->units_file == NULL) {
		if (paths_data(INIT_UNITS, nm->units, sizeof(nm->units), err) != 0)
			return err->code;
		o->units_file = nm->units;
	}
	if (o->categories_file == NULL) {
		if (paths_data(INIT_CATEGORIES, nm->categories, sizeof(nm->categories),
		        err) != 0)
			return err->code;
		o->categories_file = nm->categories;
	}
	if (o->sectors_file == NULL) {
		/* The sectors beside the units file (X.units, X.sectors), or the
		 * shipped ones. */
		if (sibling(o->units_file, ".sectors", nm->sectors,
		        sizeof(nm->sectors)) != 0 &&
		    paths_data(INIT_SECTORS, nm->sectors, sizeof(nm->sectors), err) != 0)
			return err->code;
		o->sectors_file = nm->sectors;
	}
	if (units_file_root(o->units_file, nm->deployment, sizeof(nm->deployment), code,
	        sizeof(code), err) != 0)
		return err->code;
	if (o->deployment == NULL)
		o->deployment = nm->deployment;
	if (o->log_name == NULL) {
		/* Unique to this data directory: two deployments of the same
		 * units never sign checkpoints of the same origin (C2SP). */
		uint8_t id[4];

		if (RAND_bytes(id, sizeof(id)) != 1)
			return status_set(err, SK_INTERNAL, "no random bytes for the log's name");
		snprintf(nm->log_name, sizeof(nm->log_name), "sk.%s-%02x%02x%02x%02x", code,
		    id[0], id[1], id[2], id[3]);
		o->log_name = nm->log_name;
	}
	return 0;
}

int
init_data_dir(const struct init_opts *given, struct sk_error *err)
{
	struct init_opts opts = *given, *o = &opts;
	struct init_names nm;
	struct init_keys k = { 0 };
	char path[4096];
	int rc = -1;

	if (init_defaults(o, &nm, err) != 0)
		return err->code;
	if (mkdir(o->dir, 0700) == -1 && errno != EEXIST)
		return status_set(err, SK_INTERNAL, "%s: %s", o->dir, strerror(errno));
	path_join(path, sizeof(path), o->dir, "ca.key");
	if (access(path, F_OK) == 0)
		return status_set(err, SK_ALREADY_EXISTS,
		    "%s: already initialised (ca.key exists)", o->dir);
	path_join(path, sizeof(path), o->dir, "log.key");
	if (make_certs(o, &k, err) != 0 || write_certs(o->dir, &k, err) != 0 ||
	    tlog_init(path, o->log_name, true, err) != 0 ||
	    store_seed(o, k.adm, err) != 0 || write_configs(o, err) != 0 ||
	    copy_lists(o, err) != 0)
		goto done;
	printf("decision log key (give it to auditors): %s\n", tlog_vkey());
	rc = 0;
done:
	tlog_shutdown();
	EVP_PKEY_free(k.ca_key);
	EVP_PKEY_free(k.srv_key);
	EVP_PKEY_free(k.adm_key);
	X509_free(k.ca);
	X509_free(k.srv);
	X509_free(k.adm);
	return rc;
}
