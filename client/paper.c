/* paper: documents read from the server and built; see paper.h. */
#include "paper.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "call.h"
#include "date.h"
#include "logv.h"
#include "merkle.h"
#include "note.h"

#define A(x) SK__V1__ACTION__##x
#define OWNED_MAX 256

static const struct {
	const char *name, *stem;
} kinds[PAPER_KINDS] = {
	[PAPER_RECEIPT] = { "receipt", "bien-nhan" },
	[PAPER_NOTICE] = { "notice", "thong-bao" },
	[PAPER_MINUTES] = { "minutes", "bien-ban" },
	[PAPER_DECISION] = { "decision", "quyet-dinh" },
	[PAPER_CERTIFICATE] = { "certificate", "chung-nhan" },
	[PAPER_SUBMISSION] = { "submission", "to-trinh" },
	[PAPER_APPLICATION] = { "application", "don-yeu-cau" },
};

const char *
paper_name(enum paper_kind k)
{
	return k < PAPER_KINDS ? kinds[k].name : "";
}

const char *
paper_stem(enum paper_kind k)
{
	return k < PAPER_KINDS ? kinds[k].stem : "";
}

bool
paper_kind_of(const char *name, enum paper_kind *k)
{
	for (int i = 0; i < PAPER_KINDS; i++)
		if (strcmp(name, kinds[i].name) == 0) {
			*k = (enum paper_kind)i;
			return true;
		}
	return false;
}

/* What one build reads, and frees at its end. */
struct paper {
	struct skc *s;
	const struct paper_opts *o;
	struct sk_error *err;
	struct doc_ctx c;
	void *owned[OWNED_MAX]; /* results of calls */
	size_t n_owned;
};

/* Keep a result to free at the end; false (and freed) when full. */
static bool
keep(struct paper *p, void *msg)
{
	if (p->n_owned == OWNED_MAX) {
		call_free(msg);
		return false;
	}
	p->owned[p->n_owned++] = msg;
	return true;
}

/* rc of a call whose result, at slot (the address of the pointer the call
 * set), is kept. Read only here, once the call has set it. */
static int
kept(struct paper *p, int rc, const void *slot)
{
	void *msg;

	memcpy(&msg, slot, sizeof(msg));
	if (rc == 0 && !keep(p, msg))
		return status_set(p->err, SK_RESOURCE_EXHAUSTED,
		    "too many records for one document");
	return rc;
}

static void
person(struct paper *p, const char *login, const char *name)
{
	if (p->c.n_people < DOC_PEOPLE && login[0] && name[0]) {
		p->c.people[p->c.n_people].login = login;
		p->c.people[p->c.n_people++].name = name;
	}
}

/* The entry of history line h into the log position; false when it says
 * none. */
static bool
entry_add(struct paper *p, const Sk__V1__HistoryEntry *h)
{
	struct doc_logpos *l = &p->c.log;
	uint64_t index;

	if (!doc_entry_of(h, &index) || l->n_entries == DOC_LOG_ENTRIES)
		return false;
	for (size_t i = 0; i < l->n_entries; i++)
		if (l->entries[i] == index)
			return true;
	l->entries[l->n_entries++] = index;
	return true;
}

/* The entry of initiative id's history line that recorded the event. */
static int
event_entry(struct paper *p, uint64_t id, Sk__V1__Action a, Sk__V1__Action b, int64_t at,
    const char *reason)
{
	Sk__V1__HistoryResponse *h = NULL;
	int rc = call_history(p->s, id, &h, p->err);

	if (rc != 0)
		return rc;
	entry_add(p, doc_history_line(h, a, b, at, reason));
	call_free(h);
	return 0;
}

/* ---- the unit, its people ------------------------------------------------------- */

static int
ctx_setup(struct paper *p)
{
	const Sk__V1__HelloResponse *h = skc_hello(p->s);
	Sk__V1__UnitListResponse *units = NULL;
	Sk__V1__Council *council = NULL;
	int rc;

	if (h == NULL || h->unit == NULL)
		return status_set(p->err, SK_UNAVAILABLE, "not connected");
	p->c.hello = h;
	p->c.unit = h->unit;
	p->c.bases = p->o->bases;
	p->c.n_bases = p->o->n_bases;
	if ((rc = kept(p, call_unit_list(p->s, NULL, &units, p->err), &units)) != 0)
		return rc;
	for (size_t i = 0; h->unit->parent_id != 0 && i < units->n_units; i++)
		if (units->units[i]->id == h->unit->parent_id)
			p->c.parent = units->units[i];
	/* Names of the council's members; those who may not read it (an
	 * office) print logins instead. */
	rc = call_council_get(p->s, &council, p->err);
	if (rc == SK_UNAVAILABLE)
		return rc;
	if (rc == 0 && keep(p, council))
		p->c.council = council;
	return 0;
}

/* ---- the log's checkpoint ---------------------------------------------------------- */

static bool
covers(const struct doc_logpos *l, uint64_t size)
{
	for (size_t i = 0; i < l->n_entries; i++)
		if (l->entries[i] >= size)
			return false;
	return true;
}

/* Origin, size and root of a checkpoint nobody can verify here. */
static void
unverified(struct doc_logpos *l, const char *note)
{
	const char *end = strstr(note, "\n\n");
	char body[NOTE_MAX];
	merkle_hash root;

	snprintf(body, sizeof(body), "%.*s\n", end != NULL ? (int)(end - note) : 0, note);
	if (end == NULL ||
	    checkpoint_parse(body, l->origin, sizeof(l->origin), &l->size, root) != 0) {
		snprintf(l->why, sizeof(l->why), "the checkpoint is malformed");
		return;
	}
	merkle_hex(root, l->root);
	l->known = true;
	snprintf(l->why, sizeof(l->why),
	    "không có khóa nhật ký (log_key) để kiểm chữ ký");
}

/* One reading of the checkpoint into the log position. */
static int
checkpoint_read(struct paper *p)
{
	struct doc_logpos *l = &p->c.log;
	Sk__V1__LogCheckpointResponse *ck = NULL;
	struct logv_checkpoint cp;
	struct logv_result res;
	int rc = call_log_checkpoint(p->s, NULL, &ck, p->err);

	if (rc == SK_UNAVAILABLE)
		return rc;
	if (rc != 0) {
		l->known = false;
		snprintf(l->why, sizeof(l->why), "%s", p->err->msg);
		return 0;
	}
	if (p->o->log_key == NULL || p->o->log_key[0] == '\0') {
		unverified(l, ck->checkpoint);
	} else if (logv_open(ck->checkpoint, p->o->log_key, p->c.unit->code, &cp, &res) !=
	    LOGV_OK) {
		rc = status_set(p->err, SK_DATA_LOSS,
		    "the unit's log checkpoint does not verify against the pinned log key: "
		    "%s",
		    res.msg);
	} else {
		snprintf(l->origin, sizeof(l->origin), "%s", cp.origin);
		l->size = cp.size;
		merkle_hex(cp.root, l->root);
		l->known = l->verified = true;
	}
	call_free(ck);
	return rc;
}

/* The checkpoint, once it covers the entries: skd signs it just after the
 * write that made them, so wait a moment for it. */
static int
checkpoint(struct paper *p)
{
	struct timespec nap = { 0, 100000000L }; /* 100 ms */
	int rc, waited = 0;

	while ((rc = checkpoint_read(p)) == 0 && p->c.log.known &&
	    !covers(&p->c.log, p->c.log.size) && waited < p->o->wait_ms) {
		nanosleep(&nap, NULL);
		waited += 100;
	}
	return rc;
}

/* ---- each kind ------------------------------------------------------------------------ */

static int
get_initiative(struct paper *p, uint64_t id, Sk__V1__Initiative **in)
{
	*in = NULL;
	return kept(p, call_initiative_get(p->s, id, in, p->err), in);
}

static int
build_receipt(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__Initiative *in;
	int rc;

	if ((rc = get_initiative(p, id, &in)) != 0)
		return rc;
	if (in->receipt == NULL)
		return status_set(p->err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    " has no receipt: the dossier has not been accepted",
		    id);
	/* A clerk accepts; a receiving level's office registers a copy. */
	if ((rc = event_entry(p, id, A(ACCEPT), A(REGISTER), 0, NULL)) != 0 ||
	    (rc = checkpoint(p)) != 0)
		return rc;
	return doc_receipt_build(d, &p->c, in);
}

static int
build_notice(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__Initiative *in;
	int rc;

	if ((rc = get_initiative(p, id, &in)) != 0)
		return rc;
	if (in->notice == NULL)
		return status_set(p->err, SK_NOT_FOUND,
		    "initiative %" PRIu64
		    " has no notice: it was not returned or refused",
		    id);
	if ((rc = event_entry(p, id, in->notice->action, 0, 0, NULL)) != 0 ||
	    (rc = checkpoint(p)) != 0)
		return rc;
	return doc_notice_build(d, &p->c, in);
}

static int
build_minutes(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__Initiative *inits[64] = { NULL };
	Sk__V1__Session *s = NULL;
	int rc;

	if ((rc = kept(p, call_session_get(p->s, id, &s, p->err), &s)) != 0)
		return rc;
	if (!s->closed)
		return status_set(p->err, SK_FAILED_PRECONDITION,
		    "session %" PRIu64 " is still open: its minutes record its closing "
		    "(sk session close %" PRIu64 ")",
		    id, id);
	for (size_t i = 0; i < s->n_initiative_ids && i < 64; i++) {
		uint64_t ini = s->initiative_ids[i];

		/* Its closing recorded each initiative's result at once. */
		if ((rc = get_initiative(p, ini, &inits[i])) != 0 ||
		    (rc = event_entry(p, ini, A(RECOGNISE), A(REJECT), s->closed_at,
		         NULL)) != 0)
			return rc;
	}
	if ((rc = checkpoint(p)) != 0)
		return rc;
	return doc_minutes_build(d, &p->c, s, inits);
}

/* The sessions whose votes recognised the decision's initiatives. */
static int
decision_sessions(struct paper *p, const Sk__V1__Decision *dec, Sk__V1__Session **v,
    size_t *n)
{
	int rc;

	*n = 0;
	for (size_t i = 0; i < dec->n_initiative_ids && *n < 16; i++) {
		Sk__V1__Initiative *in;
		uint64_t sid;
		size_t k;

		if ((rc = get_initiative(p, dec->initiative_ids[i], &in)) != 0 ||
		    (rc = event_entry(p, in->id, A(DECIDE), 0, dec->created_at, NULL)) !=
		        0)
			return rc;
		sid = in->outcome != NULL ? in->outcome->session_id : 0;
		for (k = 0; k < *n && v[k]->id != sid; k++)
			;
		if (sid == 0 || k < *n)
			continue;
		if ((rc = kept(p, call_session_get(p->s, sid, &v[*n], p->err), &v[*n])) !=
		    0)
			return rc;
		(*n)++;
	}
	return 0;
}

static int
build_decision(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__DecisionResponse *dr = NULL;
	Sk__V1__Session *sessions[16];
	size_t n;
	int rc;

	if ((rc = kept(p, call_decision_get(p->s, id, &dr, p->err), &dr)) != 0)
		return rc;
	person(p, dr->decision->signer, dr->decision->signer_name);
	if ((rc = decision_sessions(p, dr->decision, sessions, &n)) != 0 ||
	    (rc = checkpoint(p)) != 0)
		return rc;
	return doc_decision_build(d, &p->c, dr, sessions, n);
}

static int
build_certificates(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__CertificateListResponse *l = NULL;
	Sk__V1__DecisionResponse *dr = NULL;
	Sk__V1__Initiative *in;
	int rc;

	if ((rc = get_initiative(p, id, &in)) != 0 ||
	    (rc = kept(p, call_certificate_list(p->s, id, &l, p->err), &l)) != 0)
		return rc;
	if (l->n_certificates == 0 || in->decision_id == 0)
		return status_set(p->err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " has no certificates: no recognition decision "
		    "names it yet",
		    id);
	if ((rc = kept(p, call_decision_get(p->s, in->decision_id, &dr, p->err), &dr)) !=
	        0 ||
	    (rc = event_entry(p, id, A(DECIDE), 0, dr->decision->created_at, NULL)) !=
	        0 ||
	    (rc = checkpoint(p)) != 0)
		return rc;
	person(p, dr->decision->signer, dr->decision->signer_name);
	return doc_certificates_build(d, &p->c, l, in, dr->decision);
}

static int
build_submission(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__SubmissionResponse *sr = NULL;
	Sk__V1__Decision *decisions[64] = { NULL };
	int rc;

	if ((rc = kept(p, call_submission_get(p->s, id, &sr, p->err), &sr)) != 0)
		return rc;
	for (size_t i = 0; i < sr->n_initiatives && i < 64; i++) {
		const Sk__V1__Initiative *in = sr->initiatives[i];
		Sk__V1__DecisionResponse *dr = NULL;

		/* Nominating it recorded the submission, by its number. */
		if ((rc = event_entry(p, in->id, A(NOMINATE), 0, 0,
		         sr->submission->number)) != 0)
			return rc;
		if (in->decision_id == 0)
			continue;
		if ((rc = kept(p, call_decision_get(p->s, in->decision_id, &dr, p->err),
		         &dr)) != 0)
			return rc;
		decisions[i] = dr->decision;
		person(p, dr->decision->signer, dr->decision->signer_name);
	}
	if ((rc = checkpoint(p)) != 0)
		return rc;
	return doc_submission_build(d, &p->c, sr, decisions);
}

static int
build_application(struct paper *p, uint64_t id, struct doc *d)
{
	Sk__V1__Initiative *in;
	int rc;

	if ((rc = get_initiative(p, id, &in)) != 0)
		return rc;
	if (in->filed_on[0] == '\0')
		return status_set(p->err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    " has not been submitted: its application is not "
		    "in the decision log yet",
		    id);
	if ((rc = event_entry(p, id, A(SUBMIT), 0, 0, NULL)) != 0 ||
	    (rc = checkpoint(p)) != 0)
		return rc;
	return doc_application_build(d, &p->c, in);
}

static int (*const builders[PAPER_KINDS])(struct paper *, uint64_t, struct doc *) = {
	[PAPER_RECEIPT] = build_receipt,
	[PAPER_NOTICE] = build_notice,
	[PAPER_MINUTES] = build_minutes,
	[PAPER_DECISION] = build_decision,
	[PAPER_CERTIFICATE] = build_certificates,
	[PAPER_SUBMISSION] = build_submission,
	[PAPER_APPLICATION] = build_application,
};

int
paper_build(struct skc *s, enum paper_kind k, uint64_t id, const struct paper_opts *o,
    struct doc **out, struct sk_error *err)
{
	struct paper *p;
	struct doc *d = NULL;
	char today[16];
	int rc;

	*out = NULL;
	memset(err, 0, sizeof(*err));
	if (k >= PAPER_KINDS)
		return status_set(err, SK_INVALID_ARGUMENT, "no such document");
	if ((p = calloc(1, sizeof(*p))) == NULL || (d = doc_new()) == NULL) {
		free(p);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	p->s = s;
	p->o = o;
	p->err = err;
	date_format_iso(date_today(), today, sizeof(today));
	p->c.today = today;
	if ((rc = ctx_setup(p)) == 0)
		rc = builders[k](p, id, d);
	if (rc == -1 || (rc == 0 && d->oom))
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	/* The paper copied what it uses: the results can go. */
	for (size_t i = 0; i < p->n_owned; i++)
		call_free(p->owned[i]);
	free(p);
	if (rc != 0) {
		doc_free(d);
		return rc;
	}
	*out = d;
	return 0;
}
