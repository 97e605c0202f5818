#include "puller.h"

#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "call.h"
#include "convert.h"
#include "files.h"
#include "log.h"
#include "note.h"
#include "pki.h"
#include "receive.h"
#include "skc.h"
#include "witness.h"

#define PULL_BATCH 8         /* exports asked for at once */
#define PULL_PASSES 64       /* batches of one link in one pass, at most */
#define PULL_BACKOFF_MIN 5   /* seconds */
#define PULL_BACKOFF_MAX 300 /* seconds */
#define PULL_TIMEOUT_MS 10000

struct puller {
	struct server *srv;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool stop, kicked, started, running;
	uint64_t passes, asked; /* completed; wanted by a kick */
	struct puller_link *links;
	size_t n, cap;
};

/* ---- writes, through the writer --------------------------------------------------- */

typedef int (*pull_fn)(const struct act *a, void *arg, struct sk_error *err);

struct pull_op {
	struct wop w; /* first: the writer sees only this */
	struct puller *p;
	struct scope sc;
	pull_fn fn;
	void *arg;
	bool finished;
};

static int
pull_apply(struct store_txn *t, struct wop *w)
{
	struct pull_op *o = (struct pull_op *)w;
	struct act a = act_now(t, &o->sc, &o->p->srv->terms);

	return o->fn(&a, o->arg, &w->err);
}

/* In the event loop (or writer_stop): wake the puller waiting for it. */
static void
pull_done(struct wop *w)
{
	struct pull_op *o = (struct pull_op *)w;

	pthread_mutex_lock(&o->p->mu);
	o->finished = true;
	pthread_cond_broadcast(&o->p->cv);
	pthread_mutex_unlock(&o->p->mu);
}

/* Run fn in a write of its own, acting as sc; its outcome. */
static int
pull_write(struct puller *p, const struct scope *sc, pull_fn fn, void *arg,
    struct sk_error *err)
{
	struct pull_op *o = calloc(1, sizeof(*o));
	int rc;

	if (o == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	o->w.apply = pull_apply;
	o->w.done = pull_done;
	o->p = p;
	o->sc = *sc;
	o->fn = fn;
	o->arg = arg;
	pthread_mutex_lock(&p->mu);
	if (p->stop) {
		pthread_mutex_unlock(&p->mu);
		free(o);
		return status_set(err, SK_CANCELLED, "skd is stopping");
	}
	writer_submit(p->srv->wr, &o->w);
	while (!o->finished)
		pthread_cond_wait(&p->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if ((rc = o->w.err.code) != 0)
		*err = o->w.err;
	free(o);
	return rc;
}

/* ---- reading what was taken -------------------------------------------------------- */

/* The source record of unit id in tenant's unit: its cursors and the size
 * of the checkpoint seen (0 and 1 when there is none yet). */
static int
source_state(struct puller *p, uint32_t tenant, uint32_t id, const char *vkey,
    uint64_t *next_export, uint64_t *next_report, uint64_t *seen, struct sk_error *err)
{
	struct scope sc = { .tenant = tenant };
	char body[NOTE_MAX], origin[256];
	struct sk_error verr = { 0 };
	SourceRec *s = NULL;
	merkle_hash root;
	struct store_txn t;
	int rc;

	*next_export = *next_report = 1;
	*seen = 0;
	if (store_read_begin(p->srv->st, &t) != 0)
		return status_set(err, SK_UNAVAILABLE, "storage unavailable");
	rc = store_source_get(&t, &sc, id, &s);
	store_read_end(&t);
	if (rc == SK_NOT_FOUND)
		return 0;
	if (rc != 0)
		return status_set(err, rc, "cannot read what was taken");
	*next_export = s->next_export;
	*next_report = s->next_report;
	if (s->checkpoint[0] != '\0' &&
	    note_verify(s->checkpoint, vkey, body, sizeof(body), &verr) == 0)
		checkpoint_parse(body, origin, sizeof(origin), seen, root);
	store_rec_free(s);
	return 0;
}

/* The size of a checkpoint signed by vkey (0 if it is not). */
static uint64_t
note_size(const char *note, const char *vkey)
{
	char body[NOTE_MAX], origin[256];
	struct sk_error err = { 0 };
	merkle_hash root;
	uint64_t size = 0;

	if (note_verify(note, vkey, body, sizeof(body), &err) == 0)
		checkpoint_parse(body, origin, sizeof(origin), &size, root);
	return size;
}

/* ---- the other log's consistency, fetched before the write --------------------------- */

struct fetched {
	uint64_t from, to;
	merkle_hash h[RECEIVE_PROOF_MAX];
	size_t n;
};

static int
fetched_consistency(void *arg, uint64_t from, uint64_t to, merkle_hash *proof, size_t *n,
    struct sk_error *err)
{
	const struct fetched *f = arg;

	if (f->from != from || f->to != to)
		return status_set(err, SK_DATA_LOSS,
		    "no proof that size %" PRIu64 " is consistent with %" PRIu64, from,
		    to);
	memcpy(proof, f->h, f->n * sizeof(f->h[0]));
	*n = f->n;
	return 0;
}

/* Ask unit's server for the proof between the sizes seen and now. */
static int
fetch_consistency(struct skc *c, const char *unit, uint64_t seen, uint64_t now,
    struct fetched *f, struct sk_error *err)
{
	Sk__V1__LogProofResponse *r = NULL;
	int rc;

	f->from = seen < now ? seen : now;
	f->to = seen < now ? now : seen;
	f->n = 0;
	if (seen == 0 || seen == now)
		return 0;
	if ((rc = call_log_proof(c, unit, true, f->from, f->to, &r, err)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_hashes && rc == 0; i++) {
		if (r->hashes[i].len != MERKLE_HASH_LEN || i >= RECEIVE_PROOF_MAX)
			rc = status_set(err, SK_DATA_LOSS,
			    "a consistency proof is malformed");
		else
			memcpy(f->h[f->n++], r->hashes[i].data, MERKLE_HASH_LEN);
	}
	call_free(r);
	return rc;
}

/* ---- connecting ------------------------------------------------------------------ */

/* The file of the linked server's CA, written when it changed. */
static int
ca_file(struct puller *p, const UserRec *u, char *path, size_t sz, struct sk_error *err)
{
	char dir[PATH_MAX + 8], *old;
	struct sk_error ignore = { 0 };
	FILE *fp;
	bool same;

	if ((size_t)snprintf(dir, sizeof(dir), "%s/peers", p->srv->cfg->data_dir) >=
	        sizeof(dir) ||
	    strlen(dir) + strlen(u->login) + 5 > sz)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "the data directory's path is too long");
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return status_set(err, SK_INTERNAL, "%s: %s", dir, strerror(errno));
	(void)snprintf(path, sz, "%.*s/%s.ca", (int)(sz - 8), dir, u->login);
	old = pki_read_file(path, &ignore);
	same = old != NULL && strcmp(old, u->peer->ca_pem) == 0;
	free(old);
	if (same)
		return 0;
	if ((fp = fopen(path, "w")) == NULL || fputs(u->peer->ca_pem, fp) == EOF) {
		if (fp != NULL)
			fclose(fp);
		return status_set(err, SK_INTERNAL, "%s: cannot write", path);
	}
	if (fclose(fp) != 0)
		return status_set(err, SK_INTERNAL, "%s: cannot write", path);
	return 0;
}

static int
link_connect(struct puller *p, const UserRec *u, struct skc **c, struct sk_error *err)
{
	struct skc_config cfg;
	int rc;

	skc_config_defaults(&cfg);
	cfg.timeout_ms = PULL_TIMEOUT_MS;
	snprintf(cfg.server, sizeof(cfg.server), "%s", u->peer->address);
	snprintf(cfg.cert, sizeof(cfg.cert), "%s", p->srv->cfg->link_cert_file);
	snprintf(cfg.key, sizeof(cfg.key), "%s", p->srv->cfg->link_key_file);
	if ((rc = ca_file(p, u, cfg.ca, sizeof(cfg.ca), err)) != 0)
		return rc;
	return skc_connect(&cfg, c, err);
}

/* ---- from a unit's server: its exports ---------------------------------------------- */

struct hold_arg {
	const uint8_t *sha;
	const uint8_t *data;
	size_t size;
};

static int
hold_fn(const struct act *a, void *arg, struct sk_error *err)
{
	const struct hold_arg *h = arg;

	return files_hold(a, h->sha, h->data, h->size, err);
}

/* Fetch the bytes of file sha, which export seq names. */
static int
fetch_file(struct skc *c, uint64_t seq, const AttachmentRec *at, uint8_t **out,
    struct sk_error *err)
{
	Sk__V1__AttachmentDataResponse *d = NULL;
	uint64_t off = 0;
	uint8_t *buf;
	int rc = 0;

	if (at->size == 0 || at->size > FILES_SIZE_MAX)
		return status_set(err, SK_DATA_LOSS,
		    "export %" PRIu64 " names a file of %" PRIu64 " bytes", seq,
		    at->size);
	if ((buf = malloc(at->size)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	while (off < at->size && rc == 0) {
		if ((rc = call_export_file(c, seq, at->sha256.data, off, &d, err)) != 0)
			break;
		if (d->offset != off || d->data.len == 0 || d->data.len > at->size - off)
			rc = status_set(err, SK_DATA_LOSS,
			    "a chunk of \"%s\" is malformed", at->name);
		else {
			memcpy(buf + off, d->data.data, d->data.len);
			off += d->data.len;
		}
		call_free(d);
		d = NULL;
	}
	if (rc != 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	return 0;
}

/* The files of e that the receiving unit (sc) does not hold yet. */
static int
take_files(struct puller *p, struct skc *c, const struct scope *sc, const ExportRec *e,
    struct sk_error *err)
{
	for (size_t i = 0; i < e->copy->n_attachments; i++) {
		const AttachmentRec *at = e->copy->attachments[i];
		struct act a;
		struct store_txn t;
		struct hold_arg h;
		uint8_t *data = NULL;
		bool held;
		int rc;

		if (at->sha256.len != STORE_SHA_LEN)
			return status_set(err, SK_DATA_LOSS,
			    "a file of export %" PRIu64 " has no SHA-256", e->seq);
		if (store_read_begin(p->srv->st, &t) != 0)
			return status_set(err, SK_UNAVAILABLE, "storage unavailable");
		a = act_now(&t, sc, &p->srv->terms);
		held = files_held(&a, at->sha256.data);
		store_read_end(&t);
		if (held)
			continue;
		if ((rc = fetch_file(c, e->seq, at, &data, err)) != 0)
			return rc;
		h.sha = at->sha256.data;
		h.data = data;
		h.size = (size_t)at->size;
		rc = pull_write(p, sc, hold_fn, &h, err);
		free(data);
		if (rc != 0)
			return rc;
	}
	return 0;
}

struct copy_arg {
	const UnitRec *from;
	const char *vkey;
	const ExportRec *e;
	struct fetched proof;
};

static int
copy_fn(const struct act *a, void *arg, struct sk_error *err)
{
	struct copy_arg *c = arg;
	struct receive_log log = { fetched_consistency, &c->proof };
	uint64_t copy_id;

	return receive_copy(a, c->from, c->vkey, c->e, &log, &copy_id, err);
}

/* Take one export of from's server: its files, the proof, the copy. */
static int
take_export(struct puller *p, struct skc *c, const struct scope *sc, const UnitRec *from,
    const UserRec *u, const Sk__V1__Export *x, uint64_t seen, struct sk_error *err)
{
	struct copy_arg ca = { .from = from, .vkey = u->peer->log_key };
	ExportRec *e = convert_msg(&x->base, &sk__store__v1__export_rec__descriptor);
	int rc;

	if (e == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (e->copy == NULL || e->copy->dossier == NULL)
		rc = status_set(err, SK_DATA_LOSS, "export %" PRIu64 " is incomplete",
		    e->seq);
	else if ((rc = take_files(p, c, sc, e, err)) == 0 &&
	    (rc = fetch_consistency(c, from->code, seen,
	         note_size(e->copy->checkpoint, u->peer->log_key), &ca.proof, err)) ==
	        0) {
		ca.e = e;
		rc = pull_write(p, sc, copy_fn, &ca, err);
	}
	store_rec_free(e);
	return rc;
}

struct witness_arg {
	const UnitRec *from;
	const char *vkey, *note;
	struct fetched proof;
};

static int
witness_fn(const struct act *a, void *arg, struct sk_error *err)
{
	struct witness_arg *w = arg;
	struct receive_log log = { fetched_consistency, &w->proof };

	return receive_witness(a, w->from, w->vkey, w->note, &log, err);
}

/* Witness from's log: its latest checkpoint, verified consistent with all
 * seen before, is cosigned and the cosignature given back. */
static int
witness_log(struct puller *p, struct skc *c, const struct scope *sc, const UnitRec *from,
    const UserRec *u, struct sk_error *err)
{
	Sk__V1__LogCheckpointResponse *ck = NULL, *back = NULL;
	struct witness_arg w = { .from = from, .vkey = u->peer->log_key };
	uint64_t ne, nr, seen;
	char *line = NULL;
	int rc;

	if ((rc = source_state(p, sc->tenant, from->id, u->peer->log_key, &ne, &nr, &seen,
	         err)) != 0)
		return rc;
	if ((rc = call_log_checkpoint(c, from->code, &ck, err)) != 0)
		return rc == SK_NOT_FOUND ? 0 : rc; /* an empty log: nothing to witness */
	w.note = ck->checkpoint;
	if ((rc = fetch_consistency(c, from->code, seen, note_size(w.note, w.vkey),
	         &w.proof, err)) == 0 &&
	    (rc = pull_write(p, sc, witness_fn, &w, err)) == 0) {
		if ((line = witness_cosign(w.note, (int64_t)time(NULL))) == NULL)
			rc = status_set(err, SK_INTERNAL, "cannot cosign");
		else
			rc = call_cosign(c, w.note, line, &back, err);
	}
	free(line);
	call_free(back);
	call_free(ck);
	return rc;
}

/* From the server of unit u->unit_id (below a unit here): its exports. */
static int
pull_down(struct puller *p, const UserRec *u, uint64_t *taken, struct sk_error *err)
{
	Sk__V1__ExportListResponse *l = NULL;
	struct scope sc = { .roles = u->roles,
		.login = u->login,
		.fp = u->fingerprint.data };
	uint64_t next, nr, seen;
	struct store_txn t;
	UnitRec *from = NULL;
	struct skc *c = NULL;
	int rc;

	if (store_read_begin(p->srv->st, &t) != 0)
		return status_set(err, SK_UNAVAILABLE, "storage unavailable");
	rc = store_unit_get(&t, u->unit_id, &from);
	store_read_end(&t);
	if (rc != 0 || from->parent_id == 0) {
		store_rec_free(from);
		return status_set(err, SK_FAILED_PRECONDITION,
		    "%s: its unit has no level above on this server", u->login);
	}
	sc.tenant = from->parent_id;
	if ((rc = link_connect(p, u, &c, err)) != 0)
		goto done;
	for (int pass = 0; pass < PULL_PASSES && rc == 0; pass++) {
		if ((rc = source_state(p, sc.tenant, from->id, u->peer->log_key, &next,
		         &nr, &seen, err)) != 0 ||
		    (rc = call_export_list(c, next, PULL_BATCH, &l, err)) != 0 ||
		    l->n_exports == 0)
			break;
		for (size_t i = 0; i < l->n_exports && rc == 0; i++) {
			/* What was seen of its log moves on with each copy. */
			if (i > 0)
				rc = source_state(p, sc.tenant, from->id,
				    u->peer->log_key, &next, &nr, &seen, err);
			if (rc == 0 &&
			    (rc = take_export(p, c, &sc, from, u, l->exports[i], seen,
			         err)) == 0)
				(*taken)++;
		}
		call_free(l);
		l = NULL;
	}
	if (rc == 0)
		rc = witness_log(p, c, &sc, from, u, err);
done:
	call_free(l);
	skc_close(c);
	store_rec_free(from);
	return rc;
}

/* ---- from the level above's server: rounds and results --------------------------------- */

struct rounds_arg {
	const UserRec *u;
	RoundRec **v;
	size_t n;
};

static int
rounds_fn(const struct act *a, void *arg, struct sk_error *err)
{
	const struct rounds_arg *r = arg;

	return receive_rounds(a, r->u->peer->unit_code, r->u->peer->log_key, r->v, r->n,
	    err);
}

static int
take_rounds(struct puller *p, struct skc *c, const struct scope *sc, const UserRec *u,
    struct sk_error *err)
{
	Sk__V1__RoundListResponse *l = NULL;
	struct rounds_arg r = { .u = u };
	void **v;
	int rc;

	if ((rc = call_round_list(c, u->peer->unit_code, &l, err)) != 0)
		return rc;
	if ((v = convert_all((const ProtobufCMessage *const *)l->rounds, l->n_rounds,
	         &sk__store__v1__round_rec__descriptor)) == NULL)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	else {
		r.v = (RoundRec **)v;
		r.n = l->n_rounds;
		rc = pull_write(p, sc, rounds_fn, &r, err);
		convert_free_all(v, l->n_rounds);
	}
	call_free(l);
	return rc;
}

struct reports_arg {
	const UserRec *u;
	const char *checkpoint;
	ReportRec **reps;
	EntryProofRec **proofs;
	size_t n, applied;
	struct fetched proof;
};

static int
reports_fn(const struct act *a, void *arg, struct sk_error *err)
{
	struct reports_arg *r = arg;
	struct receive_log log = { fetched_consistency, &r->proof };

	return receive_reports(a, r->u->peer->unit_code, r->u->peer->log_key,
	    r->checkpoint, r->reps, r->proofs, r->n, &log, &r->applied, err);
}

/* One batch of results; *applied counts the new ones. */
static int
take_reports(struct puller *p, struct skc *c, const struct scope *sc, const UserRec *u,
    size_t *applied, struct sk_error *err)
{
	Sk__V1__ReportListResponse *l = NULL;
	struct reports_arg r = { .u = u };
	uint64_t ne, next, seen;
	void **reps = NULL, **proofs = NULL;
	int rc;

	*applied = 0;
	if ((rc = source_state(p, sc->tenant, RECEIVE_ABOVE, u->peer->log_key, &ne, &next,
	         &seen, err)) != 0 ||
	    (rc = call_report_list(c, next, PULL_BATCH, &l, err)) != 0)
		return rc;
	if (l->n_reports == 0 || l->n_reports != l->n_proofs)
		goto done;
	if ((rc = fetch_consistency(c, u->peer->unit_code, seen,
	         note_size(l->checkpoint, u->peer->log_key), &r.proof, err)) != 0)
		goto done;
	reps = convert_all((const ProtobufCMessage *const *)l->reports, l->n_reports,
	    &sk__store__v1__report_rec__descriptor);
	proofs = convert_all((const ProtobufCMessage *const *)l->proofs, l->n_proofs,
	    &sk__store__v1__entry_proof_rec__descriptor);
	if (reps == NULL || proofs == NULL) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto done;
	}
	r.checkpoint = l->checkpoint;
	r.reps = (ReportRec **)reps;
	r.proofs = (EntryProofRec **)proofs;
	r.n = l->n_reports;
	rc = pull_write(p, sc, reports_fn, &r, err);
	*applied = r.applied;
done:
	if (reps != NULL)
		convert_free_all(reps, l->n_reports);
	if (proofs != NULL)
		convert_free_all(proofs, l->n_proofs);
	call_free(l);
	return rc;
}

/* From the server of the level above unit u->unit_id: its rounds and the
 * results of the unit's copies. */
static int
pull_up(struct puller *p, const UserRec *u, uint64_t *taken, struct sk_error *err)
{
	struct scope sc = { .tenant = u->unit_id,
		.roles = u->roles,
		.login = u->login,
		.fp = u->fingerprint.data };
	struct skc *c = NULL;
	size_t applied = 1;
	int rc;

	if ((rc = link_connect(p, u, &c, err)) != 0)
		return rc;
	rc = take_rounds(p, c, &sc, u, err);
	for (int pass = 0; pass < PULL_PASSES && rc == 0 && applied > 0; pass++)
		if ((rc = take_reports(p, c, &sc, u, &applied, err)) == 0)
			*taken += applied;
	skc_close(c);
	return rc;
}

/* ---- the passes ------------------------------------------------------------------- */

/* The state of link login (made when new); under p->mu. */
static struct puller_link *
link_state(struct puller *p, const char *login)
{
	struct puller_link *v;

	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->links[i].login, login) == 0)
			return &p->links[i];
	if (p->n == p->cap) {
		size_t cap = p->cap ? 2 * p->cap : 8;

		if ((v = realloc(p->links, cap * sizeof(*v))) == NULL)
			return NULL;
		p->links = v;
		p->cap = cap;
	}
	v = &p->links[p->n++];
	memset(v, 0, sizeof(*v));
	snprintf(v->login, sizeof(v->login), "%s", login);
	return v;
}

/* Pull from u if it is due (or asked for); keep how it went. */
static void
pull_link(struct puller *p, const UserRec *u, bool asked)
{
	struct sk_error err = { 0 };
	struct puller_link *s;
	int64_t now = (int64_t)time(NULL), wait;
	uint64_t taken = 0;
	int rc;

	pthread_mutex_lock(&p->mu);
	s = link_state(p, u->login);
	rc = s == NULL || (!asked && now < s->next_try);
	pthread_mutex_unlock(&p->mu);
	if (rc)
		return;
	if (u->roles & SK__V1__ROLE__ROLE_DOWNSTREAM)
		rc = pull_down(p, u, &taken, &err);
	else
		rc = pull_up(p, u, &taken, &err);
	pthread_mutex_lock(&p->mu);
	s = link_state(p, u->login);
	if (s != NULL) {
		wait = s->next_try > s->last_try ? s->next_try - s->last_try : 0;
		s->last_try = now;
		s->taken += taken;
		if (rc == 0) {
			s->last_ok = now;
			s->error[0] = '\0';
			s->next_try = now;
		} else {
			wait = wait < PULL_BACKOFF_MIN  ? PULL_BACKOFF_MIN :
			    wait * 2 > PULL_BACKOFF_MAX ? PULL_BACKOFF_MAX :
			                                  wait * 2;
			s->next_try = now + wait;
			snprintf(s->error, sizeof(s->error), "%s: %.230s",
			    status_name(err.code), err.msg);
		}
	}
	pthread_mutex_unlock(&p->mu);
	if (rc != 0)
		log_warn("pull from %s: %s: %s", u->login, status_name(err.code),
		    err.msg);
	else if (taken > 0)
		log_info("pull from %s: took %" PRIu64, u->login, taken);
}

/* One pass over the enabled links. */
static void
pull_all(struct puller *p, bool asked)
{
	UserRec **v = NULL;
	struct store_txn t;
	size_t n = 0;

	if (store_read_begin(p->srv->st, &t) != 0)
		return;
	if (store_user_list(&t, 0, &v, &n) != 0)
		n = 0;
	store_read_end(&t);
	for (size_t i = 0; i < n; i++)
		if (v[i]->enabled && v[i]->peer != NULL &&
		    (v[i]->roles &
		        (SK__V1__ROLE__ROLE_UPSTREAM | SK__V1__ROLE__ROLE_DOWNSTREAM)))
			pull_link(p, v[i], asked);
	store_user_list_free(v, n);
}

static void *
puller_main(void *arg)
{
	struct puller *p = arg;
	struct timespec until;
	bool asked;

	pthread_mutex_lock(&p->mu);
	while (!p->stop) {
		if (!p->kicked) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += p->srv->cfg->pull_every;
			pthread_cond_timedwait(&p->cv, &p->mu, &until);
		}
		if (p->stop)
			break;
		asked = p->kicked;
		p->kicked = false;
		p->running = true;
		pthread_mutex_unlock(&p->mu);
		pull_all(p, asked);
		pthread_mutex_lock(&p->mu);
		p->running = false;
		p->passes++;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

int
puller_start(struct server *srv, struct puller **out, struct sk_error *err)
{
	struct puller *p = calloc(1, sizeof(*p));

	*out = NULL;
	if (p == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	p->srv = srv;
	p->kicked = true; /* a first pass at start */
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	if (pthread_create(&p->thread, NULL, puller_main, p) != 0) {
		pthread_mutex_destroy(&p->mu);
		pthread_cond_destroy(&p->cv);
		free(p);
		return status_set(err, SK_INTERNAL, "cannot start the puller");
	}
	p->started = true;
	*out = p;
	return 0;
}

void
puller_stop(struct puller *p)
{
	if (p == NULL)
		return;
	pthread_mutex_lock(&p->mu);
	p->stop = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

void
puller_join(struct puller *p)
{
	if (p == NULL)
		return;
	puller_stop(p);
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	free(p->links);
	free(p);
}

uint64_t
puller_kick(struct puller *p)
{
	uint64_t want;

	pthread_mutex_lock(&p->mu);
	p->kicked = true;
	/* A pass running now may have read the links before the caller's
	 * change: then the one after it is the one asked for. */
	want = p->passes + (p->running ? 2 : 1);
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	return want;
}

uint64_t
puller_status(struct puller *p, struct puller_link **v, size_t *n)
{
	uint64_t passes;

	pthread_mutex_lock(&p->mu);
	passes = p->passes;
	*n = 0;
	if ((*v = calloc(p->n + 1, sizeof(**v))) != NULL) {
		if (p->n > 0)
			memcpy(*v, p->links, p->n * sizeof(**v));
		*n = p->n;
	}
	pthread_mutex_unlock(&p->mu);
	return passes;
}
