/* backup: skd backup and skd check; see backup.h. */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "logv.h"
#include "merkle.h"
#include "sha256.h"

#include "store.h"
#include "tlog.h"
#include <openssl/sha.h>

/* What skd init writes beside the store; nothing else is taken (an
 * operator's logs or stray files stay behind). */
static const char *const backup_files[] = { "skd.conf", "ca.crt", "ca.key", "server.crt",
	"server.key", "admin.crt", "admin.key", "admin.conf", "log.key", "log.key.pub",
	"link.crt", "link.key", "witness.key", "categories", "sectors", "units" };

/* Copy one file, keeping its mode; a missing one is skipped. */
static int
copy_file(const char *dir, const char *dest, const char *name, struct sk_error *err)
{
	char from[PATH_MAX], to[PATH_MAX], buf[65536];
	struct stat sb;
	int in = -1, out = -1, rc = 0;
	ssize_t n;

	snprintf(from, sizeof(from), "%s/%s", dir, name);
	snprintf(to, sizeof(to), "%s/%s", dest, name);
	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOENT ?
		    0 :
		    status_set(err, SK_INTERNAL, "%s: %s", from, strerror(errno));
	if (fstat(in, &sb) == -1 ||
	    (out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	         sb.st_mode & 0777)) == -1) {
		rc = status_set(err, SK_INTERNAL, "%s: %s", to, strerror(errno));
		goto done;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n) {
			rc = status_set(err,
			    errno == ENOSPC ? SK_RESOURCE_EXHAUSTED : SK_INTERNAL,
			    "%s: %s", to, strerror(errno));
			goto done;
		}
	if (n < 0 || fsync(out) != 0)
		rc = status_set(err, SK_INTERNAL, "%s: %s", n < 0 ? from : to,
		    strerror(errno));
done:
	if (in != -1)
		close(in);
	if (out != -1 && close(out) != 0 && rc == 0)
		rc = status_set(err, SK_INTERNAL, "%s: %s", to, strerror(errno));
	return rc;
}

int
backup_run(const char *dir, const char *dest, struct sk_error *err)
{
	char db[PATH_MAX], to[PATH_MAX];

	snprintf(db, sizeof(db), "%s/db", dir);
	if (access(db, F_OK) != 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%s is not a data directory (no db/)", dir);
	if (mkdir(dest, 0700) == -1)
		return status_set(err, SK_FAILED_PRECONDITION, "%s: %s", dest,
		    strerror(errno));
	for (size_t i = 0; i < sizeof(backup_files) / sizeof(backup_files[0]); i++)
		if (copy_file(dir, dest, backup_files[i], err) != 0)
			return err->code;
	snprintf(to, sizeof(to), "%s/db", dest);
	return store_backup(db, to, err);
}

/* ---- check ------------------------------------------------------------------- */

/* The latest state hash each initiative's log entries gave it. */
struct objstate {
	uint64_t id;
	uint8_t hash[SHA256_LEN];
	bool has_hash;
	bool used; /* a slot of the table taken */
};

struct unit_check {
	struct objstate *v; /* open addressing by id: a unit of a million stays linear */
	size_t n, cap;      /* initiatives seen; slots, a power of two */
	int bad;
	FILE *out;
	const char *code;
};

/* id's slot in a table of cap (a power of two, never full) slots: its own,
 * or the free one where it would go. Ids are mixed (Fibonacci hashing):
 * they come in runs. */
static struct objstate *
obj_probe(struct objstate *v, size_t cap, uint64_t id)
{
	size_t i = (size_t)((id * 0x9e3779b97f4a7c15u) >> 32) & (cap - 1);

	while (v[i].used && v[i].id != id)
		i = (i + 1) & (cap - 1);
	return &v[i];
}

static int
obj_grow(struct unit_check *u)
{
	size_t cap = u->cap ? u->cap * 2 : 64;
	struct objstate *v = calloc(cap, sizeof(*v));

	if (v == NULL)
		return -1;
	for (size_t i = 0; i < u->cap; i++)
		if (u->v[i].used)
			*obj_probe(v, cap, u->v[i].id) = u->v[i];
	free(u->v);
	u->v = v;
	u->cap = cap;
	return 0;
}

/* id's state, added if new; NULL when out of memory. */
static struct objstate *
obj_slot(struct unit_check *u, uint64_t id)
{
	struct objstate *o;

	if (2 * (u->n + 1) > u->cap && obj_grow(u) != 0)
		return NULL;
	if (!(o = obj_probe(u->v, u->cap, id))->used) {
		*o = (struct objstate){ .id = id, .used = true };
		u->n++;
	}
	return o;
}

static struct objstate *
obj_find(const struct unit_check *u, uint64_t id)
{
	struct objstate *o;

	if (u->cap == 0)
		return NULL;
	o = obj_probe(u->v, u->cap, id);
	return o->used ? o : NULL;
}

/* Keep what entry e says of an initiative's state. */
static int
note_entry(struct unit_check *u, const Sk__V1__LogEntry *e)
{
	struct objstate *o;
	uint64_t id;
	char *end;

	/* Only the flow's own entries hash the record (workflow_note); others
	 * name the initiative and hash what they add (a file, an export). */
	if (strncmp(e->object, "initiative/", 11) != 0 ||
	    strncmp(e->action, "initiative.", 11) != 0)
		return 0;
	id = strtoull(e->object + 11, &end, 10);
	if (*end != '\0' || (o = obj_slot(u, id)) == NULL)
		return *end != '\0' ? 0 : -1;
	if (e->object_hash.len == SHA256_LEN) {
		memcpy(o->hash, e->object_hash.data, SHA256_LEN);
		o->has_hash = true;
	}
	return 0;
}

static int
record_fn(void *rec, void *arg)
{
	struct unit_check *u = arg;
	const InitiativeRec *r = rec;
	struct objstate *o = obj_find(u, r->id);
	uint8_t *buf, hash[SHA256_LEN];
	size_t len = protobuf_c_message_get_packed_size(&r->base);

	if (o == NULL || !o->has_hash) {
		fprintf(u->out,
		    "  %s: initiative %" PRIu64 " is in the store but in no log entry\n",
		    u->code, r->id);
		u->bad++;
	} else if ((buf = malloc(len ? len : 1)) != NULL) {
		protobuf_c_message_pack(&r->base, buf);
		SHA256(buf, len, hash);
		free(buf);
		if (memcmp(hash, o->hash, SHA256_LEN) != 0) {
			fprintf(u->out,
			    "  %s: initiative %" PRIu64
			    " is not the state its last log entry "
			    "recorded\n",
			    u->code, r->id);
			u->bad++;
		}
	}
	store_rec_free(rec);
	return 0;
}

/* Every hash the store keeps of the tree (the leaves' and each complete
 * subtree's) against the one its entries give: proofs are built from
 * them, so one altered anywhere is an altered log. Consumes leaves. */
static bool
nodes_agree(struct store_txn *t, const struct scope *sc, merkle_hash *level, uint64_t n)
{
	merkle_hash stored;

	for (unsigned l = 0; n > 0; l++, n /= 2) {
		for (uint64_t i = 0; i < n; i++)
			if (store_log_node_get(t, sc, (uint8_t)l, i, stored) != 0 ||
			    memcmp(stored, level[i], MERKLE_HASH_LEN) != 0)
				return false;
		for (uint64_t i = 0; i + 1 < n; i += 2)
			merkle_node(level[i], level[i + 1], level[i / 2]);
	}
	return true;
}

struct index_report {
	FILE *out;
	const char *code;
};

static void
index_line(const char *line, void *arg)
{
	struct index_report *r = arg;

	fprintf(r->out, "  %s: index: %s\n", r->code, line);
}

/* The indexes against the records: a key missing or that no record calls
 * for would make a listing or the duplicate check miss or invent one. */
static int
check_indexes(struct store_txn *t, const struct scope *sc, const UnitRec *unit, FILE *out,
    int *bad)
{
	struct index_report r = { out, unit->code };
	size_t n = 0;

	if (store_index_check(t, sc, index_line, &r, &n) != 0)
		return -1;
	*bad += (int)n;
	return 0;
}

/* One unit's log, records and (when the schema has them) indexes. */
static int
check_unit(struct store_txn *t, const UnitRec *unit, const char *vkey, bool indexed,
    FILE *out)
{
	struct scope sc = { .tenant = unit->id };
	struct unit_check u = { .out = out, .code = unit->code };
	merkle_hash *leaves = NULL, stored, root;
	struct logv_checkpoint cp;
	struct logv_result res;
	uint64_t size = 0;
	char *note = NULL;
	int rc = 0;

	if (tlog_size(t, &sc, &size) != 0 || size == 0)
		return 0;
	if ((leaves = malloc(size * sizeof(*leaves))) == NULL)
		return -1;
	for (uint64_t i = 0; i < size && rc == 0; i++) {
		const void *data;
		size_t len;
		Sk__V1__LogEntry *e;

		if (tlog_entry(t, &sc, i, &data, &len) != 0) {
			fprintf(out, "  %s: entry %" PRIu64 " is missing\n", unit->code,
			    i);
			u.bad++;
			break;
		}
		merkle_leaf(data, len, leaves[i]);
		if ((e = sk__v1__log_entry__unpack(NULL, len, data)) == NULL) {
			fprintf(out, "  %s: entry %" PRIu64 " does not decode\n",
			    unit->code, i);
			u.bad++;
			continue;
		}
		rc = note_entry(&u, e);
		sk__v1__log_entry__free_unpacked(e, NULL);
	}
	if (u.bad == 0) {
		merkle_root(leaves, size, root);
		if (tlog_root(t, &sc, size, stored) != 0 ||
		    memcmp(root, stored, sizeof(root)) != 0) {
			fprintf(out,
			    "  %s: the entries do not hash to the tree the store keeps\n",
			    unit->code);
			u.bad++;
		}
	}
	if (tlog_checkpoint(t, &sc, &note) != 0 ||
	    logv_open(note, vkey, unit->code, &cp, &res) != LOGV_OK) {
		fprintf(out, "  %s: the last checkpoint does not verify: %s\n",
		    unit->code, note != NULL ? res.msg : "there is none");
		u.bad++;
	} else if (cp.size > size) {
		fprintf(out,
		    "  %s: the checkpoint covers %" PRIu64
		    " entries, the log has %" PRIu64 "\n",
		    unit->code, cp.size, size);
		u.bad++;
	} else {
		merkle_root(leaves, cp.size, root);
		if (memcmp(root, cp.root, sizeof(root)) != 0) {
			fprintf(out,
			    "  %s: the entries do not hash to the signed checkpoint\n",
			    unit->code);
			u.bad++;
		}
	}
	if (u.bad == 0 && !nodes_agree(t, &sc, leaves, size)) {
		fprintf(out,
		    "  %s: a hash of the tree the store keeps is not its entries'\n",
		    unit->code);
		u.bad++;
	}
	if (rc == 0 && store_initiative_scan(t, &sc, 0, record_fn, &u) != 0)
		rc = -1;
	if (rc == 0 && indexed && check_indexes(t, &sc, unit, out, &u.bad) != 0)
		rc = -1;
	if (rc == 0)
		fprintf(out, "%s %s: %" PRIu64 " entries, %zu initiatives\n",
		    u.bad ? "FAIL" : "ok  ", unit->code, size, u.n);
	free(note);
	free(leaves);
	free(u.v);
	return rc != 0 ? -1 : u.bad;
}

/* The verifier key: given, or the data directory's. */
static int
vkey_of(const char *dir, const char *given, char *buf, size_t sz, struct sk_error *err)
{
	char path[PATH_MAX];
	FILE *fp;

	if (given != NULL) {
		snprintf(buf, sz, "%s", given);
		return 0;
	}
	snprintf(path, sizeof(path), "%s/log.key.pub", dir);
	if ((fp = fopen(path, "r")) == NULL)
		return status_set(err, SK_FAILED_PRECONDITION, "%s: %s", path,
		    strerror(errno));
	if (fgets(buf, (int)sz, fp) == NULL)
		buf[0] = '\0';
	fclose(fp);
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int
check_run(const char *dir, const char *vkey, FILE *out, struct sk_error *err)
{
	struct store_opts so = { (size_t)64 << 20, (size_t)1 << 40, false };
	struct store *st = NULL;
	struct store_txn t;
	UnitRec **units = NULL;
	size_t n = 0;
	char db[PATH_MAX], key[512];
	uint32_t schema;
	int bad = 0, rc;

	snprintf(db, sizeof(db), "%s/db", dir);
	if (vkey_of(dir, vkey, key, sizeof(key), err) != 0 ||
	    store_open(&st, db, &so, err) != 0)
		return -1;
	/* An older directory has no indexes yet: skd builds them at start. */
	if ((schema = store_schema(st)) < STORE_SCHEMA)
		fprintf(out,
		    "the indexes are not checked: the data directory has schema "
		    "%u, skd migrates it to %u when it starts\n",
		    schema, STORE_SCHEMA);
	if ((rc = store_read_begin(st, &t)) != 0) {
		status_set(err, rc, "cannot read the store");
		store_close(st);
		return -1;
	}
	if (store_unit_list(&t, &units, &n) != 0)
		bad = -1;
	for (size_t i = 0; i < n && bad >= 0; i++) {
		int r = check_unit(&t, units[i], key, schema >= STORE_SCHEMA, out);

		bad = r < 0 ? -1 : bad + r;
	}
	store_unit_list_free(units, n);
	store_read_end(&t);
	store_close(st);
	if (bad < 0)
		return status_set(err, SK_INTERNAL, "cannot read the store"), -1;
	return bad > 0 ? 1 : 0;
}
