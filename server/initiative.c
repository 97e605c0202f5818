#include "initiative.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "author.h"
#include "authz.h"
#include "categories.h"
#include "convert.h"
#include "date.h"
#include "names.h"
#include "text.h"
#include "validate.h"
#include "workflow.h"

InitiativeRec *
initiative_content(const InitiativeRec *in, int32_t today, struct sk_error *err)
{
	InitiativeRec *r;

	if ((r = rec_clone(&in->base)) == NULL) {
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		return NULL;
	}
	r->id = 0;
	r->unit_id = 0;
	r->state = 0;
	r->created_at = r->updated_at = 0;
	r->version = 0;
	r->decision_id = 0;
	r->published = false;
	/* What the flow sets is the server's: a request that carries it (the
	 * wire's fields, or the store's through unknown fields) is not taken
	 * at its word, nor counted so in reports. */
	store_rec_free(r->receipt);
	store_rec_free(r->outcome);
	store_rec_free(r->notice);
	store_rec_free(r->forward);
	store_rec_free(r->origin);
	store_rec_free(r->award);
	r->receipt = NULL;
	r->outcome = NULL;
	r->notice = NULL;
	r->forward = NULL;
	r->origin = NULL;
	r->award = NULL;
	if (rec_set_str(&r->created_by, "") != 0 ||
	    rec_set_str(&r->duplicate_warning, "") != 0 ||
	    rec_set_str(&r->returned_on, "") != 0 || rec_set_str(&r->filed_on, "") != 0 ||
	    rec_set_str(&r->link_warning, "") != 0 ||
	    rec_set_str(&r->registered_on, "") != 0) {
		status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if (validate_initiative(r, today, err) != 0)
		goto fail;
	return r;
fail:
	store_rec_free(r);
	return NULL;
}

int
initiative_load(const struct act *a, uint64_t id, InitiativeRec **out,
    struct sk_error *err)
{
	int rc = store_initiative_get(a->t, a->sc, id, out);

	if (rc == SK_NOT_FOUND)
		return status_set(err, rc,
		    "initiative %" PRIu64 " not found in your unit", id);
	if (rc != 0)
		return status_set(err, rc, "cannot read initiative %" PRIu64, id);
	return 0;
}

int
initiative_check(const struct act *a, uint64_t id, struct sk_error *err)
{
	InitiativeRec *r = NULL;
	int rc = initiative_load(a, id, &r, err);

	store_rec_free(r);
	return rc;
}

bool
initiative_may_read_confidential(const InitiativeRec *r, const struct scope *sc)
{
	return authz_allows(sc->roles, AZ_CONFIDENTIAL, AZ_READ, AZ_OWN) ||
	    author_is(r, sc->login);
}

static bool
same_str(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

/* Was a, as it is now, confirmed by its user in prev? */
static bool
author_kept(const InitiativeRec *prev, const AuthorRec *a)
{
	const AuthorRec *p = prev != NULL ? author_entry(prev, a->login) : NULL;

	return p != NULL && p->confirmed && p->share == a->share &&
	    same_str(p->name, a->name) && same_str(p->birth_date, a->birth_date) &&
	    same_str(p->workplace, a->workplace) &&
	    same_str(p->job_title, a->job_title) &&
	    same_str(p->qualification, a->qualification);
}

/*
 * Authors named by login must be enabled users of the caller's unit: being
 * one gives author rights and takes away a council member's vote, so each
 * confirms (action CONFIRM) before the dossier can be submitted. Whoever
 * writes the record confirms their own entry by writing it; another entry
 * stays confirmed only while it is unchanged.
 */
static int
authors_bind(const struct act *a, InitiativeRec *r, const InitiativeRec *prev,
    struct sk_error *err)
{
	for (size_t i = 0; i < r->n_authors; i++) {
		AuthorRec *au = r->authors[i];
		UserRec *u = NULL;
		int rc;

		au->confirmed = false;
		if (au->login[0] == '\0')
			continue;
		rc = store_user_find(a->t, au->login, &u);
		/* Staff only: they read the dossier and confirm it. */
		if (rc == 0 &&
		    (u->unit_id != a->sc->tenant || !u->enabled ||
		        !authz_is_staff(u->roles)))
			rc = SK_NOT_FOUND;
		store_rec_free(u);
		if (rc == SK_NOT_FOUND)
			return status_set(err, SK_INVALID_ARGUMENT,
			    "authors[%zu].login: %s is not an enabled user of your unit's "
			    "staff",
			    i + 1, au->login);
		if (rc != 0)
			return status_set(err, rc, "cannot read user %s", au->login);
		au->confirmed =
		    same_str(au->login, a->sc->login) || author_kept(prev, au);
	}
	return 0;
}

/*
 * What content needs from the deployment and the unit: a category the
 * deployment has, and an addressee (by default the unit's council).
 */
static int
content_check(const struct act *a, InitiativeRec *r, struct sk_error *err)
{
	const struct categories *cats = a->terms != NULL ? a->terms->categories : NULL;
	char to[300];
	UnitRec *u = NULL;
	int rc;

	if (cats != NULL && categories_name(cats, r->category) == NULL)
		return status_set(err, SK_INVALID_ARGUMENT,
		    "category: %u is not one of this deployment's %zu categories",
		    r->category, cats->n);
	if (!text_blank(r->addressee))
		return 0;
	if ((rc = store_unit_get(a->t, a->sc->tenant, &u)) != 0)
		return status_set(err, rc, "cannot read your unit");
	snprintf(to, sizeof(to), "Hội đồng Sáng kiến cơ sở %s", u->name);
	store_rec_free(u);
	if (rec_set_str(&r->addressee, to) != 0)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	return 0;
}

int
initiative_create(const struct act *a, const InitiativeRec *content, bool register_topic,
    InitiativeRec **out, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a };
	InitiativeRec *r;
	char on[16];
	int rc;

	*out = NULL;
	if ((r = rec_clone(&content->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	r->unit_id = a->sc->tenant;
	r->state = workflow_initial(register_topic);
	r->created_at = r->updated_at = a->now;
	r->version = 1;
	date_format_iso(a->today, on, sizeof(on));
	if (rec_set_str(&r->created_by, a->sc->login) != 0 ||
	    (register_topic && rec_set_str(&r->registered_on, on) != 0)) {
		rc = status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
		goto fail;
	}
	if ((rc = content_check(a, r, err)) != 0 ||
	    (rc = authors_bind(a, r, NULL, err)) != 0)
		goto fail;
	if ((rc = store_initiative_next_id(a->t, a->sc, &r->id)) != 0 ||
	    (rc = store_initiative_put(a->t, a->sc, r)) != 0 ||
	    (rc = workflow_note(&c, r, SK__V1__ACTION__CREATE, 0, "created")) != 0) {
		status_set(err, rc, "cannot store the initiative");
		goto fail;
	}
	*out = r;
	return 0;
fail:
	store_rec_free(r);
	return rc;
}

/* The content fields of in replace those of cur (the rest stays the
 * server's); each record still owns what it points to afterwards. */
static void
merge_content(InitiativeRec *cur, InitiativeRec *in)
{
	InitiativeRec tmp = *cur;

	cur->title = in->title, in->title = tmp.title;
	cur->summary = in->summary, in->summary = tmp.summary;
	cur->category = in->category;
	cur->field = in->field, in->field = tmp.field;
	cur->n_authors = in->n_authors, in->n_authors = tmp.n_authors;
	cur->authors = in->authors, in->authors = tmp.authors;
	cur->first_applied = in->first_applied, in->first_applied = tmp.first_applied;
	cur->investor = in->investor, in->investor = tmp.investor;
	cur->state_funded = in->state_funded;
	cur->application = in->application;
	cur->description = in->description, in->description = tmp.description;
	cur->confidential = in->confidential, in->confidential = tmp.confidential;
	cur->conditions = in->conditions, in->conditions = tmp.conditions;
	cur->benefits = in->benefits, in->benefits = tmp.benefits;
	cur->trial_benefits = in->trial_benefits, in->trial_benefits = tmp.trial_benefits;
	cur->n_participants = in->n_participants, in->n_participants = tmp.n_participants;
	cur->participants = in->participants, in->participants = tmp.participants;
	cur->addressee = in->addressee, in->addressee = tmp.addressee;
}

static int
check_editable(const struct act *a, const InitiativeRec *cur, uint32_t expected,
    struct sk_error *err)
{
	if (!author_is(cur, a->sc->login))
		return status_set(err, SK_PERMISSION_DENIED,
		    "only the authors of initiative %" PRIu64 " can edit it", cur->id);
	if (!workflow_editable(cur->state))
		return status_set(err, SK_FAILED_PRECONDITION,
		    "initiative %" PRIu64
		    " is in state \"%s\"; only registered topics, drafts "
		    "and returned dossiers can be edited",
		    cur->id, state_name(cur->state));
	if (expected != 0 && expected != cur->version)
		return status_set(err, SK_ABORTED,
		    "initiative %" PRIu64
		    " changed meanwhile (now version %u, you had %u)",
		    cur->id, cur->version, expected);
	return 0;
}

int
initiative_update(const struct act *a, uint64_t id, uint32_t expected_version,
    const InitiativeRec *content, InitiativeRec **out, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a };
	InitiativeRec *in, *cur = NULL;
	int rc;

	*out = NULL;
	if ((in = rec_clone(&content->base)) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	if ((rc = initiative_load(a, id, &cur, err)) != 0 ||
	    (rc = check_editable(a, cur, expected_version, err)) != 0 ||
	    (rc = content_check(a, in, err)) != 0 ||
	    (rc = authors_bind(a, in, cur, err)) != 0)
		goto done;
	merge_content(cur, in);
	cur->version++;
	cur->updated_at = a->now;
	if ((rc = store_initiative_put(a->t, a->sc, cur)) != 0 ||
	    (rc = workflow_note(&c, cur, SK__V1__ACTION__EDIT, cur->state, "edited")) !=
	        0) {
		status_set(err, rc, "cannot store initiative %" PRIu64, id);
		goto done;
	}
	*out = cur;
	cur = NULL;
done:
	store_rec_free(in);
	store_rec_free(cur);
	return rc;
}

int
initiative_step(const struct act *a, uint64_t id, const struct initiative_step *st,
    InitiativeRec **out, struct sk_error *err)
{
	struct workflow_ctx c = { .a = a, .reason = st->reason, .author = st->author };
	InitiativeRec *r = NULL;
	int rc;

	*out = NULL;
	if ((rc = initiative_load(a, id, &r, err)) != 0)
		return rc;
	if (st->expected_version != 0 && st->expected_version != r->version)
		rc = status_set(err, SK_ABORTED,
		    "initiative %" PRIu64 " changed meanwhile (now version %u)", id,
		    r->version);
	else
		rc = workflow_apply(&c, r, st->action, err);
	if (rc != 0) {
		store_rec_free(r);
		return rc;
	}
	*out = r;
	return 0;
}

int
initiative_transition(const struct act *a, uint64_t id, uint32_t action,
    uint32_t expected_version, const char *reason, InitiativeRec **out,
    struct sk_error *err)
{
	struct initiative_step st = { action, expected_version, reason, 0 };

	return initiative_step(a, id, &st, out, err);
}

/* ---- listing ------------------------------------------------------------- */

struct list_state {
	const struct initiative_filter *f;
	const char *login;
	struct initiative_page *p;
	size_t want, bytes, max_bytes;
};

/* The filters the indexes do not keep (state, category and words were
 * found by them). */
static bool
list_keeps(const struct list_state *s, const InitiativeRec *r)
{
	const struct initiative_filter *f = s->f;
	const OriginRec *o = r->origin;

	if (f->copies &&
	    (o == NULL ||
	        (f->office != NULL && f->office[0] != '\0' &&
	            strcmp(o->office, f->office) != 0) ||
	        (f->round != 0 && o->round_id != f->round) ||
	        (f->origin_unit != 0 && o->unit_id != f->origin_unit) ||
	        (f->sector != NULL && f->sector[0] != '\0' &&
	            strcmp(o->sector, f->sector) != 0)))
		return false;
	return !f->mine || author_listed(r, s->login);
}

static int
list_cb(void *rec, void *arg)
{
	struct list_state *s = arg;
	InitiativeRec *r = rec;
	size_t sz;

	if (!list_keeps(s, r)) {
		store_rec_free(r);
		return 0;
	}
	sz = protobuf_c_message_get_packed_size(&r->base) + 16;
	if (s->p->n == s->want || (s->p->n > 0 && s->bytes + sz > s->max_bytes)) {
		s->p->more = true; /* a page is full: stop here */
		store_rec_free(r);
		return 1;
	}
	s->bytes += sz;
	s->p->v[s->p->n++] = r;
	return 0;
}

int
initiative_list(const struct act *a, const struct initiative_filter *f, uint64_t after,
    size_t want, size_t max_bytes, struct initiative_page *p, struct sk_error *err)
{
	struct list_state s = { f, a->sc->login, p, want, 0, max_bytes };
	struct store_find q = { f->state, f->category, f->query };
	int rc;

	memset(p, 0, sizeof(*p));
	if ((p->v = calloc(want ? want : 1, sizeof(*p->v))) == NULL)
		return status_set(err, SK_RESOURCE_EXHAUSTED, "out of memory");
	/* The indexes find what state, category and words ask for; the rest
	 * is read record by record. */
	if (q.state != 0 || q.category != 0 || (q.words != NULL && !text_blank(q.words)))
		rc = store_initiative_find(a->t, a->sc, &q, after, list_cb, &s);
	else
		rc = store_initiative_scan(a->t, a->sc, after, list_cb, &s);
	if (rc != 0 && rc != 1) {
		initiative_page_free(p);
		return status_set(err, SK_UNAVAILABLE, "cannot read the initiatives");
	}
	return 0;
}

void
initiative_page_free(struct initiative_page *p)
{
	for (size_t i = 0; i < p->n; i++)
		store_rec_free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof(*p));
}

/* ---- history and deadlines -------------------------------------------------- */

int
initiative_history(const struct act *a, uint64_t id, struct recs *out,
    struct sk_error *err)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = initiative_check(a, id, err)) != 0)
		return rc;
	if (store_history_scan(a->t, a->sc, id, recs_collect, out) != 0) {
		recs_free(out);
		return status_set(err, SK_UNAVAILABLE, "cannot read the history");
	}
	return 0;
}

struct overdue {
	const struct act *a;
	struct initiative_late *v;
	size_t n, cap;
};

static int
overdue_add(struct overdue *o, InitiativeRec *r, const char *what, int32_t due)
{
	struct initiative_late *nv;

	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 16;
		if ((nv = realloc(o->v, o->cap * sizeof(*nv))) == NULL) {
			store_rec_free(r);
			return SK_RESOURCE_EXHAUSTED;
		}
		o->v = nv;
	}
	o->v[o->n++] = (struct initiative_late){ r, what, due };
	return 0;
}

const char *
initiative_late(const struct act *a, const InitiativeRec *r, int32_t *due)
{
	if ((r->state == SK__V1__STATE__STATE_ACCEPTED ||
	        r->state == SK__V1__STATE__STATE_IN_REVIEW) &&
	    r->receipt != NULL && date_parse_iso(r->receipt->due_on, due) &&
	    *due < a->today)
		return "council review";
	if (r->state == SK__V1__STATE__STATE_RETURNED &&
	    date_parse_iso(r->returned_on, due) &&
	    (*due += a->terms->correction_days) < a->today)
		return "correction";
	return NULL;
}

static int
overdue_cb(void *rec, void *arg)
{
	struct overdue *o = arg;
	InitiativeRec *r = rec;
	const char *what;
	int32_t due;

	if ((what = initiative_late(o->a, r, &due)) != NULL)
		return overdue_add(o, r, what, due);
	store_rec_free(r);
	return 0;
}

int
initiative_overdue(const struct act *a, struct initiative_late **v, size_t *n,
    struct sk_error *err)
{
	struct overdue o = { .a = a };
	int rc = store_initiative_scan(a->t, a->sc, 0, overdue_cb, &o);

	if (rc != 0) {
		initiative_overdue_free(o.v, o.n);
		*v = NULL;
		*n = 0;
		return status_set(err, SK_UNAVAILABLE, "cannot read the initiatives");
	}
	*v = o.v;
	*n = o.n;
	return 0;
}

void
initiative_overdue_free(struct initiative_late *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		store_rec_free(v[i].r);
	free(v);
}
