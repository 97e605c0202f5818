#include "store.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include "store_impl.h"
#include "store_lmdb.h"

static const char *const store_db_names[DB_COUNT] = {
	"meta",
	"units",
	"users",
	"logins",
	"certs",
	"initiatives",
	"seq",
	"by_state",
	"by_category",
	"words",
	"lexicon",
	"near",
	/* DB_OBJ + enum store_obj */
	"history",
	"councils",
	"sessions",
	"decisions",
	"certificates",
	"attachments",
	"blobs",
	"chunks",
	"uploads",
	"parts",
	"log_entries",
	"log_nodes",
	"log_heads",
	"rounds",
	"submissions",
	"copies",
	"exports",
	"reports",
	"sources",
	"received",
};

static void
be32_put(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24), p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8), p[3] = (uint8_t)v;
}

static uint32_t
be32_get(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
be64_put(uint8_t *p, uint64_t v)
{
	be32_put(p, (uint32_t)(v >> 32));
	be32_put(p + 4, (uint32_t)v);
}

static uint64_t
be64_get(const uint8_t *p)
{
	return (uint64_t)be32_get(p) << 32 | be32_get(p + 4);
}

size_t
store_key_initiative(uint8_t *key, uint32_t tenant, uint64_t id)
{
	be32_put(key, tenant);
	be64_put(key + 4, id);
	return 12;
}

void
store_key_decode_initiative(const uint8_t *key, uint32_t *tenant, uint64_t *id)
{
	*tenant = be32_get(key);
	*id = be64_get(key + 4);
}

size_t
store_key_user(uint8_t *key, size_t sz, uint32_t tenant, const char *login)
{
	size_t n = strlen(login);

	if (4 + n > sz)
		return 0;
	be32_put(key, tenant);
	/* A key, not a string: no terminator wanted. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(key + 4, login, n);
	return 4 + n;
}

/* The disk (or the file size limit, or a quota) is full: no fault of ours
 * or the request's, and nothing was written. */
static bool
disk_full(int rc)
{
	return rc == MDB_MAP_FULL || rc == ENOSPC || rc == EFBIG || rc == EDQUOT;
}

/*
 * LMDB reports a write cut short as EIO, and that is what a full disk or
 * a file size limit does to it. Tell them from a failing disk by what is
 * left; a batch writes at most a few dozen MiB.
 */
static bool
space_exhausted(MDB_env *env)
{
	const uint64_t margin = (uint64_t)STORE_SPACE_MARGIN;
	mdb_filehandle_t fd;
	struct statvfs vfs;
	struct rlimit rl;
	struct stat sb;

	if (mdb_env_get_fd(env, &fd) != 0 || fstat(fd, &sb) != 0)
		return false;
	if (fstatvfs(fd, &vfs) == 0 && (uint64_t)vfs.f_bavail * vfs.f_frsize < margin)
		return true;
	return getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (uint64_t)sb.st_size + margin > (uint64_t)rl.rlim_cur;
}

int
store_lmdb_fail(struct store_txn *t, int rc)
{
	if (rc == MDB_NOTFOUND)
		return SK_NOT_FOUND;
	if (t->failed == 0)
		t->failed = rc;
	if (disk_full(rc))
		return SK_RESOURCE_EXHAUSTED;
	return SK_INTERNAL;
}

static int
env_open(struct store *st, const char *dir, const struct store_opts *o)
{
	int rc;

	if ((rc = mdb_env_create(&st->env)) != 0)
		return rc;
	if ((rc = mdb_env_set_maxdbs(st->env, DB_COUNT + 4)) != 0 ||
	    (rc = mdb_env_set_mapsize(st->env, o->map_size)) != 0 ||
	    (rc = mdb_env_set_maxreaders(st->env, 256)) != 0)
		return rc;
	return mdb_env_open(st->env, dir, MDB_NOTLS, 0600);
}

static int
open_dbs(struct store *st, bool create, struct sk_error *err)
{
	uint8_t ver[4];
	MDB_val k = { 6, "schema" }, v;
	MDB_txn *txn;
	int rc;

	if ((rc = mdb_txn_begin(st->env, NULL, 0, &txn)) != 0)
		goto fail;
	/* Without meta this is no data directory; tables added by later
	 * versions are created empty on first open. */
	for (int i = 0; i < DB_COUNT; i++)
		if ((rc = mdb_dbi_open(txn, store_db_names[i],
		         create || i != DB_META ? MDB_CREATE : 0, &st->dbi[i])) != 0) {
			mdb_txn_abort(txn);
			if (rc == MDB_NOTFOUND)
				return status_set(err, SK_FAILED_PRECONDITION,
				    "not a data directory (run skd init)");
			goto fail;
		}
	rc = mdb_get(txn, st->dbi[DB_META], &k, &v);
	if (rc == MDB_NOTFOUND && create) {
		be32_put(ver, STORE_SCHEMA);
		v.mv_size = 4, v.mv_data = ver;
		rc = mdb_put(txn, st->dbi[DB_META], &k, &v, 0);
	} else if (rc == 0 &&
	    (v.mv_size != 4 || be32_get(v.mv_data) == 0 ||
	        be32_get(v.mv_data) > STORE_SCHEMA)) {
		mdb_txn_abort(txn);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "data directory has schema %u, this server reads up to %u",
		    v.mv_size == 4 ? be32_get(v.mv_data) : 0, STORE_SCHEMA);
	}
	if (rc != 0) {
		mdb_txn_abort(txn);
		goto fail;
	}
	if ((rc = mdb_txn_commit(txn)) != 0)
		goto fail;
	return 0;
fail:
	return status_set(err, SK_INTERNAL, "opening databases: %s", mdb_strerror(rc));
}

void
store_map_use(struct store *st, uint64_t *size, uint64_t *used)
{
	MDB_envinfo info;
	MDB_stat stat;

	*size = *used = 0;
	if (mdb_env_info(st->env, &info) == 0 && mdb_env_stat(st->env, &stat) == 0) {
		*size = info.me_mapsize;
		*used = ((uint64_t)info.me_last_pgno + 1) * stat.ms_psize;
	}
}

int
store_backup(const char *dir, const char *dest, struct sk_error *err)
{
	MDB_env *env = NULL;
	int rc;

	/* A reader beside the server: LMDB lets another process read while
	 * the server writes, and the copy is one read transaction's view. */
	if (mkdir(dest, 0700) == -1)
		return status_set(err, SK_FAILED_PRECONDITION, "%s: %s", dest,
		    strerror(errno));
	if ((rc = mdb_env_create(&env)) != 0 ||
	    (rc = mdb_env_set_maxdbs(env, DB_COUNT + 4)) != 0 ||
	    (rc = mdb_env_set_maxreaders(env, 256)) != 0 ||
	    (rc = mdb_env_open(env, dir, MDB_RDONLY | MDB_NOTLS, 0600)) != 0 ||
	    (rc = mdb_env_copy2(env, dest, MDB_CP_COMPACT)) != 0) {
		status_set(err, disk_full(rc) ? SK_RESOURCE_EXHAUSTED : SK_INTERNAL,
		    "copying the store %s: %s", dir, mdb_strerror(rc));
		mdb_env_close(env);
		return err->code;
	}
	mdb_env_close(env);
	return 0;
}

int
store_open(struct store **out, const char *dir, const struct store_opts *o,
    struct sk_error *err)
{
	struct store *st;
	MDB_envinfo info;
	int rc;

	if (o->create && mkdir(dir, 0700) == -1 && errno != EEXIST)
		return status_set(err, SK_INTERNAL, "%s: %s", dir, strerror(errno));
	if ((st = calloc(1, sizeof(*st))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	pthread_rwlock_init(&st->resize, NULL);
	st->map_max = o->map_max;
	if ((rc = env_open(st, dir, o)) != 0) {
		status_set(err, SK_INTERNAL, "%s: %s", dir, mdb_strerror(rc));
		goto fail;
	}
	if (open_dbs(st, o->create, err) != 0)
		goto fail;
	mdb_env_info(st->env, &info);
	st->map_size = info.me_mapsize; /* may be larger than asked for */
	*out = st;
	return 0;
fail:
	store_close(st);
	return err->code;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	if (st->env != NULL)
		mdb_env_close(st->env);
	pthread_rwlock_destroy(&st->resize);
	free(st);
}

size_t
store_map_size(struct store *st)
{
	return st->map_size;
}

int
store_grow(struct store *st)
{
	size_t next;
	int rc;

	if (st->map_size >= st->map_max)
		return -1;
	next = st->map_size * 2 > st->map_max ? st->map_max : st->map_size * 2;
	pthread_rwlock_wrlock(&st->resize);
	rc = mdb_env_set_mapsize(st->env, next);
	if (rc == 0)
		st->map_size = next;
	pthread_rwlock_unlock(&st->resize);
	return rc == 0 ? 0 : -1;
}

int
store_read_begin(struct store *st, struct store_txn *t)
{
	MDB_txn *txn;
	int rc;

	memset(t, 0, sizeof(*t));
	t->st = st;
	t->rdonly = true;
	pthread_rwlock_rdlock(&st->resize);
	if ((rc = mdb_txn_begin(st->env, NULL, MDB_RDONLY, &txn)) != 0) {
		pthread_rwlock_unlock(&st->resize);
		return store_lmdb_fail(t, rc);
	}
	t->h = (struct store_handle *)(void *)txn;
	return 0;
}

void
store_read_end(struct store_txn *t)
{
	if (TXN(t) == NULL)
		return;
	mdb_txn_abort(TXN(t));
	t->h = NULL;
	pthread_rwlock_unlock(&t->st->resize);
}

int
store_write_begin(struct store *st, struct store_txn *parent, struct store_txn *t)
{
	MDB_txn *txn;
	int rc;

	memset(t, 0, sizeof(*t));
	t->st = st;
	rc = mdb_txn_begin(st->env, parent != NULL ? TXN(parent) : NULL, 0, &txn);
	if (rc != 0)
		return store_lmdb_fail(t, rc);
	t->h = (struct store_handle *)(void *)txn;
	return 0;
}

int
store_commit(struct store_txn *t, struct sk_error *err)
{
	int rc;

	if (t->failed != 0) {
		rc = t->failed;
		store_abort(t);
		t->failed = rc;
	} else {
		rc = mdb_txn_commit(TXN(t));
		t->h = NULL;
		if (rc == 0)
			return 0;
		t->failed = rc;
	}
	if (rc == EIO && space_exhausted(t->st->env))
		return status_set(err, SK_RESOURCE_EXHAUSTED,
		    "storage is full (a write failed with an I/O error and almost no "
		    "space left); nothing was written");
	if (disk_full(rc))
		return status_set(err, SK_RESOURCE_EXHAUSTED,
		    "storage is full (%s); nothing was written",
		    rc == MDB_MAP_FULL ? "map size limit" : strerror(rc));
	return status_set(err, SK_UNAVAILABLE, "storage error: %s; nothing was written",
	    mdb_strerror(rc));
}

void
store_abort(struct store_txn *t)
{
	if (TXN(t) != NULL)
		mdb_txn_abort(TXN(t));
	t->h = NULL;
}

bool
store_txn_failed(const struct store_txn *t)
{
	return t->failed != 0;
}

bool
store_txn_map_full(const struct store_txn *t)
{
	return t->failed == MDB_MAP_FULL;
}

void
store_rec_free(void *rec)
{
	if (rec != NULL)
		protobuf_c_message_free_unpacked(rec, NULL);
}

/* ---- generic record access ------------------------------------------- */

static int
rec_put(struct store_txn *t, enum store_db db, const void *key, size_t klen,
    const ProtobufCMessage *msg)
{
	MDB_val k = { klen, (void *)key }, v;
	int rc;

	v.mv_size = protobuf_c_message_get_packed_size(msg);
	/* Reserve the space in the map and pack straight into it. */
	if ((rc = mdb_put(TXN(t), t->st->dbi[db], &k, &v, MDB_RESERVE)) != 0)
		return store_lmdb_fail(t, rc);
	protobuf_c_message_pack(msg, v.mv_data);
	return 0;
}

static int
rec_unpack(const ProtobufCMessageDescriptor *d, const MDB_val *v, void **out)
{
	*out = protobuf_c_message_unpack(d, NULL, v->mv_size, v->mv_data);
	return *out != NULL ? 0 : SK_DATA_LOSS;
}

static int
rec_get(struct store_txn *t, enum store_db db, const void *key, size_t klen,
    const ProtobufCMessageDescriptor *d, void **out)
{
	MDB_val k = { klen, (void *)key }, v;
	int rc;

	*out = NULL;
	if ((rc = mdb_get(TXN(t), t->st->dbi[db], &k, &v)) != 0)
		return store_lmdb_fail(t, rc);
	return rec_unpack(d, &v, out);
}

static int
raw_put(struct store_txn *t, enum store_db db, const void *key, size_t klen,
    const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };
	int rc;

	if ((rc = mdb_put(TXN(t), t->st->dbi[db], &k, &v, 0)) != 0)
		return store_lmdb_fail(t, rc);
	return 0;
}

static int
raw_get(struct store_txn *t, enum store_db db, const void *key, size_t klen, MDB_val *v)
{
	MDB_val k = { klen, (void *)key };
	int rc;

	if ((rc = mdb_get(TXN(t), t->st->dbi[db], &k, v)) != 0)
		return store_lmdb_fail(t, rc);
	return 0;
}

/*
 * Visit every record whose key starts with prefix, in key order, starting
 * after `from` (or at the prefix when from is NULL).
 */
typedef int (*scan_fn)(const MDB_val *k, const MDB_val *v, void *arg);

static int
scan(struct store_txn *t, enum store_db db, const uint8_t *prefix, size_t plen,
    const uint8_t *from, size_t flen, scan_fn fn, void *arg)
{
	MDB_cursor *cur;
	MDB_val k, v;
	int rc, r = 0;
	MDB_cursor_op op = MDB_SET_RANGE;

	if ((rc = mdb_cursor_open(TXN(t), t->st->dbi[db], &cur)) != 0)
		return store_lmdb_fail(t, rc);
	k.mv_data = (void *)(from != NULL ? from : prefix);
	k.mv_size = from != NULL ? flen : plen;
	if (k.mv_size == 0)
		op = MDB_FIRST;
	for (rc = mdb_cursor_get(cur, &k, &v, op); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (plen > 0 &&
		    (k.mv_size < plen || memcmp(k.mv_data, prefix, plen) != 0))
			break;
		if (from != NULL && k.mv_size == flen &&
		    memcmp(k.mv_data, from, flen) == 0)
			continue;
		if ((r = fn(&k, &v, arg)) != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(t, rc);
	return r;
}

/* Collects unpacked records into a growing array. */
struct collect {
	const ProtobufCMessageDescriptor *desc;
	void **v;
	size_t n, cap;
	uint32_t only_unit; /* users: 0 for all */
};

static int
collect_cb(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct collect *c = arg;
	void **nv, *rec;

	(void)k;
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		if ((nv = realloc(c->v, c->cap * sizeof(*nv))) == NULL)
			return SK_RESOURCE_EXHAUSTED;
		c->v = nv;
	}
	if (rec_unpack(c->desc, v, &rec) != 0)
		return SK_DATA_LOSS;
	c->v[c->n++] = rec;
	return 0;
}

static void
collect_free(void **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_rec_free(v[i]);
	free(v);
}

/* ---- units ----------------------------------------------------------- */

int
store_unit_put(struct store_txn *t, const UnitRec *u)
{
	uint8_t key[4];

	be32_put(key, u->id);
	return rec_put(t, DB_UNITS, key, 4, &u->base);
}

int
store_unit_get(struct store_txn *t, uint32_t id, UnitRec **out)
{
	uint8_t key[4];

	be32_put(key, id);
	return rec_get(t, DB_UNITS, key, 4, &sk__store__v1__unit_rec__descriptor,
	    (void **)out);
}

int
store_unit_list(struct store_txn *t, UnitRec ***out, size_t *n)
{
	struct collect c = { .desc = &sk__store__v1__unit_rec__descriptor };
	int rc;

	if ((rc = scan(t, DB_UNITS, NULL, 0, NULL, 0, collect_cb, &c)) != 0) {
		collect_free(c.v, c.n);
		return rc;
	}
	*out = (UnitRec **)c.v;
	*n = c.n;
	return 0;
}

void
store_unit_list_free(UnitRec **v, size_t n)
{
	collect_free((void **)v, n);
}

int
store_unit_by_code(struct store_txn *t, const char *code, UnitRec **out)
{
	UnitRec **v;
	size_t n, i;
	int rc;

	*out = NULL;
	if ((rc = store_unit_list(t, &v, &n)) != 0)
		return rc;
	for (i = 0; i < n; i++)
		if (strcmp(v[i]->code, code) == 0) {
			*out = v[i];
			v[i] = NULL;
			break;
		}
	store_unit_list_free(v, n);
	return *out != NULL ? 0 : SK_NOT_FOUND;
}

/* ---- users ----------------------------------------------------------- */

int
store_user_put(struct store_txn *t, const UserRec *u)
{
	uint8_t key[STORE_KEY_MAX], unit[4];
	size_t klen;
	int rc;

	if ((klen = store_key_user(key, sizeof(key), u->unit_id, u->login)) == 0)
		return SK_INVALID_ARGUMENT;
	be32_put(unit, u->unit_id);
	if ((rc = rec_put(t, DB_USERS, key, klen, &u->base)) != 0 ||
	    (rc = raw_put(t, DB_LOGINS, u->login, strlen(u->login), unit, 4)) != 0)
		return rc;
	if (u->fingerprint.len == STORE_FP_LEN)
		rc = raw_put(t, DB_CERTS, u->fingerprint.data, STORE_FP_LEN, key, klen);
	return rc;
}

int
store_user_find(struct store_txn *t, const char *login, UserRec **out)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen;
	MDB_val v;
	int rc;

	*out = NULL;
	if (*login == '\0')
		return SK_NOT_FOUND;
	if ((rc = raw_get(t, DB_LOGINS, login, strlen(login), &v)) != 0)
		return rc;
	if (v.mv_size != 4)
		return SK_DATA_LOSS;
	if ((klen = store_key_user(key, sizeof(key), be32_get(v.mv_data), login)) == 0)
		return SK_NOT_FOUND;
	return rec_get(t, DB_USERS, key, klen, &sk__store__v1__user_rec__descriptor,
	    (void **)out);
}

int
store_user_by_fp(struct store_txn *t, const uint8_t fp[STORE_FP_LEN], UserRec **out)
{
	MDB_val v;
	int rc;

	*out = NULL;
	if ((rc = raw_get(t, DB_CERTS, fp, STORE_FP_LEN, &v)) != 0)
		return rc;
	if ((rc = rec_get(t, DB_USERS, v.mv_data, v.mv_size,
	         &sk__store__v1__user_rec__descriptor, (void **)out)) != 0)
		return rc;
	/* An old certificate of a user who has since been re-issued one. */
	if ((*out)->fingerprint.len != STORE_FP_LEN ||
	    memcmp((*out)->fingerprint.data, fp, STORE_FP_LEN) != 0) {
		store_rec_free(*out);
		*out = NULL;
		return SK_NOT_FOUND;
	}
	return 0;
}

int
store_user_list(struct store_txn *t, uint32_t tenant, UserRec ***out, size_t *n)
{
	struct collect c = { .desc = &sk__store__v1__user_rec__descriptor };
	uint8_t prefix[4];
	int rc;

	be32_put(prefix, tenant);
	rc = scan(t, DB_USERS, prefix, tenant != 0 ? 4 : 0, NULL, 0, collect_cb, &c);
	if (rc != 0) {
		collect_free(c.v, c.n);
		return rc;
	}
	*out = (UserRec **)c.v;
	*n = c.n;
	return 0;
}

void
store_user_list_free(UserRec **v, size_t n)
{
	collect_free((void **)v, n);
}

/* ---- initiatives ----------------------------------------------------- */

int
store_initiative_next_id(struct store_txn *t, const struct scope *sc, uint64_t *id)
{
	return store_seq_next(t, sc, SEQ_INITIATIVE, id);
}

int
store_seq_next(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *id)
{
	return store_seq_add(t, sc, kind, 1, id);
}

int
store_seq_get(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    uint64_t *value)
{
	uint8_t key[5];
	MDB_val v;
	int rc;

	be32_put(key, sc->tenant);
	key[4] = (uint8_t)kind;
	*value = 0;
	if ((rc = raw_get(t, DB_SEQ, key, 5, &v)) == SK_NOT_FOUND)
		return 0;
	if (rc != 0)
		return rc;
	if (v.mv_size != 8)
		return SK_DATA_LOSS;
	*value = be64_get(v.mv_data);
	return 0;
}

int
store_seq_add(struct store_txn *t, const struct scope *sc, enum store_seq kind,
    int64_t delta, uint64_t *value)
{
	uint8_t key[5], val[8];
	uint64_t cur;
	int rc;

	if ((rc = store_seq_get(t, sc, kind, &cur)) != 0)
		return rc;
	if (delta < 0)
		cur = (uint64_t)-delta > cur ? 0 : cur - (uint64_t)-delta;
	else
		cur += (uint64_t)delta;
	be32_put(key, sc->tenant);
	key[4] = (uint8_t)kind;
	be64_put(val, cur);
	if (value != NULL)
		*value = cur;
	return raw_put(t, DB_SEQ, key, 5, val, 8);
}

/*
 * Every write of an initiative comes here, so the indexes change with the
 * record in the same transaction: they always agree with it. The record
 * as it was tells which keys it had.
 */
int
store_initiative_put(struct store_txn *t, const struct scope *sc, const InitiativeRec *r)
{
	InitiativeRec *old = NULL;
	uint8_t key[12];
	int rc;

	if (r->unit_id != sc->tenant)
		return SK_PERMISSION_DENIED;
	store_key_initiative(key, sc->tenant, r->id);
	rc = rec_get(t, DB_INITIATIVES, key, sizeof(key),
	    &sk__store__v1__initiative_rec__descriptor, (void **)&old);
	/* One that no longer decodes is overwritten, as before: whatever keys
	 * it had stay behind for skd check to name. */
	if (rc != 0 && rc != SK_NOT_FOUND && rc != SK_DATA_LOSS)
		return rc;
	if ((rc = rec_put(t, DB_INITIATIVES, key, sizeof(key), &r->base)) == 0)
		rc = store_index_update(t, sc, old, r);
	store_rec_free(old);
	return rc;
}

int
store_initiative_get(struct store_txn *t, const struct scope *sc, uint64_t id,
    InitiativeRec **out)
{
	uint8_t key[12];

	store_key_initiative(key, sc->tenant, id);
	return rec_get(t, DB_INITIATIVES, key, sizeof(key),
	    &sk__store__v1__initiative_rec__descriptor, (void **)out);
}

struct initiative_scan {
	store_rec_fn fn;
	void *arg;
};

static int
initiative_scan_cb(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct initiative_scan *s = arg;
	InitiativeRec *r;
	int rc;

	(void)k;
	if (rec_unpack(&sk__store__v1__initiative_rec__descriptor, v, (void **)&r) != 0)
		return SK_DATA_LOSS;
	rc = s->fn(r, s->arg); /* fn owns r from here */
	return rc;
}

int
store_initiative_scan(struct store_txn *t, const struct scope *sc, uint64_t after,
    store_rec_fn fn, void *arg)
{
	struct initiative_scan s = { fn, arg };
	uint8_t prefix[4], from[12];

	be32_put(prefix, sc->tenant);
	store_key_initiative(from, sc->tenant, after);
	return scan(t, DB_INITIATIVES, prefix, 4, after ? from : NULL, 12,
	    initiative_scan_cb, &s);
}

/* ---- tenant records ---------------------------------------------------- */

void
store_be64(uint8_t *p, uint64_t v)
{
	be64_put(p, v);
}

uint64_t
store_be64_get(const uint8_t *p)
{
	return be64_get(p);
}

void
store_be32(uint8_t *p, uint32_t v)
{
	be32_put(p, v);
}

uint32_t
store_be32_get(const uint8_t *p)
{
	return be32_get(p);
}

/* "tenant | sub" into key; 0 if it does not fit. */
static size_t
obj_key(uint8_t *key, const struct scope *sc, const void *sub, size_t sublen)
{
	if (4 + sublen > STORE_KEY_MAX)
		return 0;
	be32_put(key, sc->tenant);
	if (sublen > 0)
		memcpy(key + 4, sub, sublen);
	return 4 + sublen;
}

int
store_obj_put(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const ProtobufCMessage *m)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, sub, sublen);

	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	return rec_put(t, DB_OBJ + o, key, klen, m);
}

int
store_obj_get(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const ProtobufCMessageDescriptor *d, void **out)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, sub, sublen);

	*out = NULL;
	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	return rec_get(t, DB_OBJ + o, key, klen, d, out);
}

int
store_raw_put(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void *data, size_t len)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, sub, sublen);

	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	return raw_put(t, DB_OBJ + o, key, klen, data, len);
}

int
store_raw_get(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *sub, size_t sublen, const void **data, size_t *len)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, sub, sublen);
	MDB_val v;
	int rc;

	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	if ((rc = raw_get(t, DB_OBJ + o, key, klen, &v)) != 0)
		return rc;
	*data = v.mv_data;
	*len = v.mv_size;
	return 0;
}

struct obj_scan {
	const ProtobufCMessageDescriptor *desc;
	store_obj_fn fn;
	void *arg;
};

static int
obj_scan_cb(const MDB_val *k, const MDB_val *v, void *arg)
{
	struct obj_scan *s = arg;
	void *rec;

	if (rec_unpack(s->desc, v, &rec) != 0)
		return SK_DATA_LOSS;
	return s->fn((const uint8_t *)k->mv_data + 4, k->mv_size - 4, rec, s->arg);
}

int
store_obj_scan(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *prefix, size_t plen, const ProtobufCMessageDescriptor *d, store_obj_fn fn,
    void *arg)
{
	struct obj_scan s = { d, fn, arg };
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, prefix, plen);

	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	return scan(t, DB_OBJ + o, key, klen, NULL, 0, obj_scan_cb, &s);
}

int
store_obj_scan_after(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *after, size_t alen, const ProtobufCMessageDescriptor *d, store_obj_fn fn,
    void *arg)
{
	struct obj_scan s = { d, fn, arg };
	uint8_t key[STORE_KEY_MAX], from[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, NULL, 0), flen = obj_key(from, sc, after, alen);

	if (klen == 0 || flen == 0)
		return SK_INVALID_ARGUMENT;
	return scan(t, DB_OBJ + o, key, klen, from, flen, obj_scan_cb, &s);
}

int
store_obj_del_prefix(struct store_txn *t, const struct scope *sc, enum store_obj o,
    const void *prefix, size_t plen)
{
	uint8_t key[STORE_KEY_MAX];
	size_t klen = obj_key(key, sc, prefix, plen);
	MDB_cursor *cur;
	MDB_val k = { klen, key }, v;
	int rc;

	if (klen == 0)
		return SK_INVALID_ARGUMENT;
	if ((rc = mdb_cursor_open(TXN(t), t->st->dbi[DB_OBJ + o], &cur)) != 0)
		return store_lmdb_fail(t, rc);
	for (rc = mdb_cursor_get(cur, &k, &v, MDB_SET_RANGE); rc == 0;
	     rc = mdb_cursor_get(cur, &k, &v, MDB_NEXT)) {
		if (k.mv_size < klen || memcmp(k.mv_data, key, klen) != 0)
			break;
		if ((rc = mdb_cursor_del(cur, 0)) != 0)
			break;
	}
	mdb_cursor_close(cur);
	if (rc != 0 && rc != MDB_NOTFOUND)
		return store_lmdb_fail(t, rc);
	return 0;
}

uint32_t
store_schema(struct store *st)
{
	struct store_txn t;
	MDB_val v;
	uint32_t ver = 0;

	if (store_read_begin(st, &t) != 0)
		return 0;
	if (raw_get(&t, DB_META, "schema", 6, &v) == 0 && v.mv_size == 4)
		ver = be32_get(v.mv_data);
	store_read_end(&t);
	return ver;
}

int
store_schema_set(struct store_txn *t, uint32_t version)
{
	uint8_t ver[4];

	be32_put(ver, version);
	return raw_put(t, DB_META, "schema", 6, ver, 4);
}
