#include "forward.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "convert.h"
#include "council.h"
#include "date.h"
#include "export.h"
#include "files.h"
#include "initiative.h"
#include "link.h"
#include "names.h"
#include "note.h"
#include "receive.h"
#include "round.h"
#include "sectors.h"
#include "sk.pb-c.h"
#include "text.h"
#include "tlog.h"
#include "validate.h"
#include "workflow.h"

#define A(x) SK__V1__ACTION__##x
#define STAGE(x) SK__V1__FORWARD__STAGE__##x

int
forward_check(const char *number, const char *signed_on, const char *reasons,
    const char *sector, const uint64_t *ids, size_t n, int32_t today,
    const struct sectors *sectors, struct sk_error *err)
{
	int32_t day;

	if (validate_name("number", number, err) != 0)
		return err->code;
	if (!date_parse_iso(signed_on, &day) || day > today)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "signed_on: a date in YYYY-MM-DD form, not in the future");
	if (text_blank(reasons) || !text_valid(reasons, strlen(reasons)) ||
	    text_chars(reasons) > VALIDATE_TEXT_MAX)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "reasons: why these initiatives reach beyond the unit (UTF-8, at most "
		    "%d characters)",
		    VALIDATE_TEXT_MAX);
	if (sectors != NULL && sectors_find(sectors, sector) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "sector: \"%s\" is not one of this deployment's %zu sectors", sector,
		    sectors->n);
	return council_check_ids(ids, n, "submission names", err);
}

/* ---- nominating, completing --------------------------------------------------- */

/* r's way up, asked of its authors for submission s. */
static int
ask_authors(const struct act *a, InitiativeRec *r, const SubmissionRec *s,
    struct sk_error *err)
{
	ForwardRec f = SK__STORE__V1__FORWARD_REC__INIT;
	struct workflow_ctx c = { .a = a,
		.internal = true,
		.reason = s->number,
		.forward = &f };
	UnitRec *u = NULL;
	UserRec *peer = NULL;
	int rc;

	if ((rc = store_unit_get(a->t, a->sc->tenant, &u)) != 0)
		return status_set(err, rc, "cannot read your unit");
	f.stage = STAGE(ASKED);
	f.submission_id = s->id;
	f.submission_number = s->number;
	f.sector = s->sector;
	f.to_unit = u->parent_id;
	store_rec_free(u);
	if (f.to_unit == 0 && link_upstream(a->t, a->sc->tenant, &peer) != 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "your unit is at the top: there is no level above to forward to "
		    "(here, or linked: sk peer add --upstream)");
	store_rec_free(peer);
	/* Keep the authors' description of a previous attempt, sent back,
	 * and the copy it made (the next one supersedes it). */
	if (r->forward != NULL) {
		f.scope = r->forward->scope;
		f.copy_id = r->forward->copy_id;
		f.export_seq = r->forward->export_seq;
	}
	return workflow_apply(&c, r, A(NOMINATE), err);
}

int
forward_nominate(const struct act *a, const char *number, const char *signed_on,
    const char *reasons, const char *sector, const uint64_t *ids, size_t n,
    SubmissionRec **out, struct sk_error *err)
{
	SubmissionRec in = SK__STORE__V1__SUBMISSION_REC__INIT, *s;
	InitiativeRec *r = NULL;
	char object[40];
	int rc = 0;

	*out = NULL;
	in.number = (char *)number;
	in.signed_on = (char *)signed_on;
	in.reasons = (char *)reasons;
	in.sector = (char *)sector;
	in.n_initiative_ids = n;
	in.initiative_ids = (uint64_t *)ids;
	in.created_by = (char *)a->sc->login;
	in.created_at = a->now;
	if ((s = rec_clone(&in.base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = store_seq_next(a->t, a->sc, SEQ_SUBMISSION, &s->id)) != 0) {
		status_set(err, rc, "cannot number the submission");
		goto fail;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = initiative_load(a, ids[i], &r, err)) == 0)
			rc = ask_authors(a, r, s, err);
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		goto fail;
	snprintf(object, sizeof(object), "submission/%" PRIu64, s->id);
	if ((rc = store_submission_put(a->t, a->sc, s)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "submission.record", object, &s->base,
	         s->number)) != 0) {
		status_set(err, rc, "cannot store the submission");
		goto fail;
	}
	*out = s;
	return 0;
fail:
	store_rec_free(s);
	return rc;
}

/* Its authors complete a dossier; the office a copy received from below,
 * whose authors are not this unit's people. */
static bool
completes(const struct act *a, const InitiativeRec *r)
{
	if (r->origin != NULL)
		return (a->sc->roles & SK__V1__ROLE__ROLE_DISTRICT_OFFICE) != 0;
	return author_is(r, a->sc->login);
}

int
forward_complete(const struct act *a, uint64_t id, const char *scope, InitiativeRec **out,
    struct sk_error *err)
{
	struct workflow_ctx c = { .a = a };
	InitiativeRec *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (!completes(a, r))
		rc = status_set(err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64
		    " complete it (of a copy received here, the office)",
		    id);
	else if (r->forward == NULL || r->forward->stage != STAGE(ASKED))
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is not asked for the level above", id);
	else if (rec_set_str(&r->forward->scope, scope) != 0)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (rc == 0) {
		r->version++;
		r->updated_at = a->now;
		if ((rc = store_initiative_put(a->t, a->sc, r)) != 0 ||
		    (rc = workflow_note(&c, r, A(EDIT), r->state,
		         "completed for the level above")) != 0)
			status_set(err, rc, "cannot store initiative %" PRIu64, id);
	}
	if (rc != 0) {
		store_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

/* ---- sending ------------------------------------------------------------------ */

/*
 * Give the level above on this server export e of the act's unit: the
 * bytes of its files, then the same verified receiving as a link does for
 * a unit of another server. Its copy's id into *copy_id.
 */
static int
deliver(const struct act *a, const struct act *up, const ExportRec *e, uint64_t *copy_id,
    struct sk_error *err)
{
	struct receive_log log = receive_hosted(a);
	UnitRec *from = NULL;
	int rc;

	if ((rc = store_unit_get(a->t, a->sc->tenant, &from)) != 0)
		return status_set(err, rc, "cannot read your unit");
	if ((rc = files_copy_bytes(a, up, e->copy->attachments, e->copy->n_attachments,
	         err)) == 0)
		rc = receive_copy(up, from, tlog_vkey(), e, &log, copy_id, err);
	store_rec_free(from);
	return rc;
}

/* Send r (of submission s) up: its copy, then its own record says so. */
static int
send_one(const struct act *a, const struct act *up, const UnitRec *to, InitiativeRec *r,
    const SubmissionRec *s, const RoundRec *round, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a, .internal = true };
	char on[16], reason[160];
	ExportRec *e = NULL;
	uint64_t copy_id = 0;
	int rc;

	if (r->forward == NULL || r->forward->stage != STAGE(ASKED) ||
	    r->forward->submission_id != s->id)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64 " is not asked for submission %s", r->id,
		    s->number);
	if (text_blank(r->forward->scope))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    ": its authors have not described its effect and "
		    "scope at the level above yet (sk forward complete)",
		    r->id);
	/* On this server the level above takes it at once; a linked one
	 * pulls it. */
	rc = export_copy(a, r, s, to, round->id, r->forward->export_seq, &e, err);
	if (rc != 0 || (up != NULL && (rc = deliver(a, up, e, &copy_id, err)) != 0)) {
		store_rec_free(e);
		return rc;
	}
	date_format_iso(a->today, on, sizeof(on));
	r->forward->stage = STAGE(SENT);
	r->forward->export_seq = e->seq;
	r->forward->copy_id = copy_id;
	r->forward->round_id = round->id;
	r->forward->to_unit = up != NULL ? up->sc->tenant : 0;
	store_rec_free(e);
	if (rec_set_str(&r->forward->sent_on, on) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if (up != NULL)
		snprintf(reason, sizeof(reason),
		    "%s, round %" PRIu64 " \"%.60s\", copy %" PRIu64, s->number,
		    round->id, round->name, copy_id);
	else
		snprintf(reason, sizeof(reason),
		    "%s, round %" PRIu64 " \"%.60s\" of %s, export %" PRIu64
		    " (its server takes it)",
		    s->number, round->id, round->name, to->code, r->forward->export_seq);
	c.reason = reason;
	return workflow_apply(&c, r, A(FORWARD), err);
}

/*
 * The level above and its round open today, by its clock: on this server
 * (up), or on a linked one (up NULL: its rounds as last pulled).
 */
static int
above(const struct act *a, const struct act *up, UnitRec **to, RoundRec **round,
    struct sk_error *err)
{
	UserRec *peer = NULL;
	SourceRec *src = NULL;
	int rc;

	if (up != NULL) {
		if ((rc = store_unit_get(a->t, up->sc->tenant, to)) != 0)
			return status_set(err, rc, "cannot read the level above");
		return round_current(up, round, err);
	}
	if (link_upstream(a->t, a->sc->tenant, &peer) != 0)
		return status_set(err, SK_FAILED_PRECONDITION,
		    "no level above: neither a unit above yours here nor a linked "
		    "server (sk peer add --upstream)");
	if ((*to = calloc(1, sizeof(**to))) == NULL) {
		store_rec_free(peer);
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	}
	sk__store__v1__unit_rec__init(*to);
	if (rec_set_str(&(*to)->code, peer->peer->unit_code) != 0)
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	else if (store_source_get(a->t, a->sc, 0, &src) != 0)
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "the rounds of %s have not been taken from its server yet "
		    "(sk peer sync)",
		    peer->peer->unit_code);
	else
		rc = round_pick(src->rounds, src->n_rounds, a->today, round, err);
	store_rec_free(src);
	store_rec_free(peer);
	return rc;
}

int
forward_send(const struct act *a, const struct act *up, uint64_t id, SubmissionRec **out,
    struct sk_error *err)
{
	SubmissionRec *s = NULL;
	InitiativeRec *r = NULL;
	RoundRec *round = NULL;
	UnitRec *to = NULL;
	char object[40];
	int rc;

	*out = NULL;
	if ((rc = forward_submission(a, id, &s, err)) != 0)
		return rc;
	if (s->sent) {
		rc = status_set(err, SK_FAILED_PRECONDITION,
		    "submission %s was sent already", s->number);
		goto done;
	}
	if ((rc = above(a, up, &to, &round, err)) != 0)
		goto done;
	for (size_t i = 0; i < s->n_initiative_ids && rc == 0; i++) {
		if ((rc = initiative_load(a, s->initiative_ids[i], &r, err)) == 0)
			rc = send_one(a, up, to, r, s, round, err);
		store_rec_free(r);
		r = NULL;
	}
	if (rc != 0)
		goto done;
	s->sent = true;
	s->sent_at = a->now;
	s->round_id = round->id;
	s->to_unit = up != NULL ? up->sc->tenant : 0;
	snprintf(object, sizeof(object), "submission/%" PRIu64, s->id);
	if ((rc = store_submission_put(a->t, a->sc, s)) != 0 ||
	    (rc = tlog_append(a->t, a->sc, "submission.send", object, &s->base,
	         s->number)) != 0) {
		status_set(err, rc, "cannot store the submission");
		goto done;
	}
	*out = s;
	s = NULL;
done:
	store_rec_free(s);
	store_rec_free(round);
	store_rec_free(to);
	return rc;
}

/* ---- reading --------------------------------------------------------------------- */

int
forward_submission(const struct act *a, uint64_t id, SubmissionRec **out,
    struct sk_error *err)
{
	int rc = store_submission_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc,
		    "submission %" PRIu64 " not found in your unit", id);
	if (rc != 0)
		return status_set(err, rc, "cannot read submission %" PRIu64, id);
	return 0;
}

int
forward_submissions(const struct act *a, struct recs *out, struct sk_error *err)
{
	memset(out, 0, sizeof(*out));
	if (store_submission_scan(a->t, a->sc, recs_collect, out) != 0) {
		recs_free(out);
		return status_set(err, SK_INTERNAL, "cannot read the submissions");
	}
	return 0;
}

int
forward_copy(const struct act *a, uint64_t id, CopyRec **out, struct sk_error *err)
{
	int rc = store_copy_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc, "copy %" PRIu64 " not found at your level",
		    id);
	if (rc != 0)
		return status_set(err, rc, "cannot read copy %" PRIu64, id);
	return 0;
}
