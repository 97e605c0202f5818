#include "convert.h"

#include <stdlib.h>
#include <string.h>

int
convert_initiative_view(struct initiative_view *v, const InitiativeRec *r)
{
	Sk__V1__Initiative *m = &v->msg;
	size_t n = r->n_authors;

	sk__v1__initiative__init(m);
	v->authors = calloc(n ? n : 1, sizeof(*v->authors));
	v->author_ptrs = calloc(n ? n : 1, sizeof(*v->author_ptrs));
	if (v->authors == NULL || v->author_ptrs == NULL) {
		convert_initiative_view_free(v);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		sk__v1__author__init(&v->authors[i]);
		v->authors[i].name = r->authors[i]->name;
		v->authors[i].share = r->authors[i]->share;
		v->author_ptrs[i] = &v->authors[i];
	}
	m->id = r->id;
	m->unit_id = r->unit_id;
	m->title = r->title;
	m->summary = r->summary;
	m->category = r->category;
	m->field = r->field;
	m->n_authors = n;
	m->authors = v->author_ptrs;
	m->first_applied = r->first_applied;
	m->state = (Sk__V1__State)r->state;
	m->created_by = r->created_by;
	m->created_at = r->created_at;
	m->updated_at = r->updated_at;
	m->version = r->version;
	return 0;
}

void
convert_initiative_view_free(struct initiative_view *v)
{
	free(v->authors);
	free(v->author_ptrs);
	v->authors = NULL;
	v->author_ptrs = NULL;
}

int
convert_initiative_rec(InitiativeRec *r, const Sk__V1__Initiative *m)
{
	size_t n = m->n_authors;
	AuthorRec *a;

	sk__store__v1__initiative_rec__init(r);
	/* One block: the pointer array, then the records. */
	r->authors = calloc(1, (n ? n : 1) * (sizeof(AuthorRec *) + sizeof(AuthorRec)));
	if (r->authors == NULL)
		return -1;
	a = (AuthorRec *)(void *)(r->authors + (n ? n : 1));
	for (size_t i = 0; i < n; i++) {
		sk__store__v1__author_rec__init(&a[i]);
		a[i].name = m->authors[i]->name;
		a[i].share = m->authors[i]->share;
		r->authors[i] = &a[i];
	}
	r->n_authors = n;
	r->id = m->id;
	r->title = m->title;
	r->summary = m->summary;
	r->category = m->category;
	r->field = m->field;
	r->first_applied = m->first_applied;
	return 0;
}

void
convert_rec_authors_free(InitiativeRec *r)
{
	free(r->authors);
	r->authors = NULL;
	r->n_authors = 0;
}

void
convert_unit_view(Sk__V1__Unit *m, const UnitRec *u)
{
	sk__v1__unit__init(m);
	m->id = u->id;
	m->code = u->code;
	m->name = u->name;
	m->kind = (Sk__V1__UnitKind)u->kind;
	m->parent_id = u->parent_id;
}

void
convert_user_view(Sk__V1__User *m, const UserRec *u)
{
	sk__v1__user__init(m);
	m->login = u->login;
	m->name = u->name;
	m->unit_id = u->unit_id;
	m->roles = u->roles;
	m->enabled = u->enabled;
	m->created_at = u->created_at;
	m->fingerprint = u->fingerprint;
	m->cert_not_after = u->cert_not_after;
}

void *
rec_clone(const ProtobufCMessage *msg)
{
	size_t len = protobuf_c_message_get_packed_size(msg);
	uint8_t *buf = malloc(len ? len : 1);
	void *copy;

	if (buf == NULL)
		return NULL;
	protobuf_c_message_pack(msg, buf);
	copy = protobuf_c_message_unpack(msg->descriptor, NULL, len, buf);
	free(buf);
	return copy;
}
