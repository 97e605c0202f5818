#include "convert.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Free the unknown fields protobuf-c keeps, in m and its sub-messages. */
static void
drop_unknown(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < m->n_unknown_fields; i++)
		free(m->unknown_fields[i].data);
	free(m->unknown_fields);
	m->unknown_fields = NULL;
	m->n_unknown_fields = 0;
	for (unsigned f = 0; f < d->n_fields; f++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[f];
		char *at = (char *)m + fd->offset;

		if (fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(size_t *)(void *)((char *)m + fd->quantifier_offset);
			ProtobufCMessage **v = *(ProtobufCMessage ***)(void *)at;

			for (size_t k = 0; k < n; k++)
				drop_unknown(v[k]);
		} else if (*(ProtobufCMessage **)(void *)at != NULL)
			drop_unknown(*(ProtobufCMessage **)(void *)at);
	}
}

void *
convert_msg(const ProtobufCMessage *msg, const ProtobufCMessageDescriptor *to)
{
	size_t len = protobuf_c_message_get_packed_size(msg);
	uint8_t *buf = malloc(len ? len : 1);
	ProtobufCMessage *out;

	if (buf == NULL)
		return NULL;
	protobuf_c_message_pack(msg, buf);
	out = protobuf_c_message_unpack(to, NULL, len, buf);
	free(buf);
	if (out != NULL && to != msg->descriptor)
		drop_unknown(out);
	return out;
}

/* Bytes a scalar takes in a message struct; 0 for strings, bytes and
 * messages. protobuf-c keeps enums and booleans in 4 bytes. */
static size_t
scalar_size(ProtobufCType t)
{
	switch (t) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
	case PROTOBUF_C_TYPE_FLOAT:
	case PROTOBUF_C_TYPE_ENUM:
	case PROTOBUF_C_TYPE_BOOL: return 4;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_DOUBLE: return 8;
	default: return 0;
	}
}

static bool
varint32(ProtobufCType t)
{
	return t == PROTOBUF_C_TYPE_INT32 || t == PROTOBUF_C_TYPE_UINT32 ||
	    t == PROTOBUF_C_TYPE_ENUM;
}

/* Would a value of field f read back as one of field t after a re-encoding?
 * Oneofs and presence flags are left to convert_msg. */
static bool
view_compatible(const ProtobufCFieldDescriptor *f, const ProtobufCFieldDescriptor *t)
{
	if (f->label != t->label || (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
	    (t->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
	    (t->label != PROTOBUF_C_LABEL_REPEATED && t->quantifier_offset != 0))
		return false;
	return f->type == t->type || (varint32(f->type) && varint32(t->type));
}

static void *view_new(const ProtobufCMessage *m, const ProtobufCMessageDescriptor *to);

/* Field t of view v from field f of m: values copied, strings borrowed,
 * messages viewed. */
static int
view_field(ProtobufCMessage *v, const ProtobufCFieldDescriptor *t,
    const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	char *dst = (char *)v + t->offset;
	const char *src = (const char *)m + f->offset;
	ProtobufCMessage *const *subs;
	ProtobufCMessage **arr;
	size_t n;

	if (t->label == PROTOBUF_C_LABEL_REPEATED) {
		n = *(
		    const size_t *)(const void *)((const char *)m + f->quantifier_offset);
		*(size_t *)(void *)((char *)v + t->quantifier_offset) = n;
		if (t->type != PROTOBUF_C_TYPE_MESSAGE || n == 0) {
			*(void **)(void *)dst = *(void *const *)(const void *)src;
			return 0;
		}
		if ((arr = calloc(n, sizeof(*arr))) == NULL)
			return -1;
		*(ProtobufCMessage ***)(void *)dst = arr;
		subs = *(ProtobufCMessage * *const *)(const void *)src;
		for (size_t k = 0; k < n; k++)
			if ((arr[k] = view_new(subs[k], t->descriptor)) == NULL)
				return -1;
		return 0;
	}
	switch (t->type) {
	case PROTOBUF_C_TYPE_MESSAGE:
		if (*(ProtobufCMessage *const *)(const void *)src == NULL)
			return 0;
		*(void **)(void *)dst =
		    view_new(*(ProtobufCMessage *const *)(const void *)src,
		        t->descriptor);
		return *(void **)(void *)dst == NULL ? -1 : 0;
	case PROTOBUF_C_TYPE_STRING:
		*(char **)(void *)dst = *(char *const *)(const void *)src;
		return 0;
	case PROTOBUF_C_TYPE_BYTES:
		memcpy(dst, src, sizeof(ProtobufCBinaryData));
		return 0;
	default: memcpy(dst, src, scalar_size(t->type)); return 0;
	}
}

static void *
view_new(const ProtobufCMessage *m, const ProtobufCMessageDescriptor *to)
{
	const ProtobufCFieldDescriptor *t, *f;
	ProtobufCMessage *v;

	if ((v = malloc(to->sizeof_message)) == NULL)
		return NULL;
	to->message_init(v);
	for (unsigned i = 0; i < to->n_fields; i++) {
		t = &to->fields[i];
		if ((f = protobuf_c_message_descriptor_get_field(m->descriptor, t->id)) ==
		    NULL)
			continue; /* the target's own field: left at its default */
		if (!view_compatible(f, t) || view_field(v, t, m, f) != 0) {
			convert_view_free(v);
			return NULL;
		}
	}
	return v;
}

void *
convert_view(const ProtobufCMessage *msg, const ProtobufCMessageDescriptor *to)
{
	return view_new(msg, to);
}

void
convert_view_free(void *view)
{
	ProtobufCMessage *v = view, **arr;
	const ProtobufCFieldDescriptor *t;
	size_t n;

	if (v == NULL)
		return;
	for (unsigned i = 0; i < v->descriptor->n_fields; i++) {
		t = &v->descriptor->fields[i];
		if (t->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (t->label != PROTOBUF_C_LABEL_REPEATED) {
			convert_view_free(*(void **)(void *)((char *)v + t->offset));
			continue;
		}
		n = *(size_t *)(void *)((char *)v + t->quantifier_offset);
		arr = *(ProtobufCMessage ***)(void *)((char *)v + t->offset);
		for (size_t k = 0; arr != NULL && k < n; k++)
			convert_view_free(arr[k]);
		free(arr);
	}
	free(v);
}

/* One string field: replaced by its NFC form when it differs. */
static void
nfc_field(char **f)
{
	char *n;

	if (*f == NULL || *f == protobuf_c_empty_string || (*f)[0] == '\0')
		return;
	if ((n = text_nfc(*f)) == NULL)
		return; /* NFC already, or not UTF-8 (refused by the rules) */
	free(*f);
	*f = n;
}

void
convert_nfc(ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *fd = &d->fields[i];
		char *at = (char *)m + fd->offset;
		size_t n = 1;
		void **v = (void **)(void *)at;

		if (fd->type != PROTOBUF_C_TYPE_STRING &&
		    fd->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		/* A member of a oneof other than the one set is not there. */
		if (fd->quantifier_offset != 0 &&
		    fd->label != PROTOBUF_C_LABEL_REPEATED &&
		    (fd->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(uint32_t *)(void *)((char *)m + fd->quantifier_offset) != fd->id)
			continue;
		if (fd->label == PROTOBUF_C_LABEL_REPEATED) {
			n = *(size_t *)(void *)((char *)m + fd->quantifier_offset);
			v = *(void ***)(void *)at;
		}
		for (size_t k = 0; k < n && v != NULL; k++) {
			if (fd->type == PROTOBUF_C_TYPE_STRING)
				nfc_field((char **)&v[k]);
			else if (v[k] != NULL)
				convert_nfc(v[k]);
		}
	}
}

void *
rec_clone(const ProtobufCMessage *msg)
{
	return convert_msg(msg, msg->descriptor);
}

void
convert_free(void *msg)
{
	if (msg != NULL)
		protobuf_c_message_free_unpacked(msg, NULL);
}

int
rec_set_str(char **field, const char *v)
{
	char *n = strdup(v);

	if (n == NULL)
		return -1;
	if (*field != NULL && *field != protobuf_c_empty_string)
		free(*field);
	*field = n;
	return 0;
}

void **
convert_all(const ProtobufCMessage *const *v, size_t n,
    const ProtobufCMessageDescriptor *to)
{
	void **out = calloc(n + 1, sizeof(*out));

	for (size_t i = 0; out != NULL && i < n; i++)
		if ((out[i] = convert_msg(v[i], to)) == NULL) {
			convert_free_all(out, i);
			return NULL;
		}
	return out;
}

void
convert_free_all(void **v, size_t n)
{
	for (size_t i = 0; v != NULL && i < n; i++)
		convert_free(v[i]);
	free(v);
}

Sk__V1__Initiative *
convert_initiative_view(const InitiativeRec *r, bool confidential)
{
	Sk__V1__Initiative *m = convert_view(&r->base, &sk__v1__initiative__descriptor);

	if (m == NULL || confidential || m->confidential[0] == '\0')
		return m;
	m->confidential = (char *)protobuf_c_empty_string;
	m->confidential_hidden = true;
	return m;
}

Sk__V1__Initiative *
convert_initiative_out(const InitiativeRec *r, bool confidential)
{
	Sk__V1__Initiative *v = convert_initiative_view(r, confidential), *m;

	m = v != NULL ? rec_clone(&v->base) : NULL;
	convert_view_free(v);
	return m;
}

/* What of the authors anyone may read: names, shares, workplaces. */
static Sk__V1__Author *
authors_public(const Sk__V1__Initiative *m, Sk__V1__Author ***list)
{
	Sk__V1__Author *v = calloc(m->n_authors + 1, sizeof(*v));

	*list = calloc(m->n_authors + 1, sizeof(**list));
	if (v == NULL || *list == NULL) {
		free(v);
		free(*list);
		*list = NULL;
		return NULL;
	}
	for (size_t i = 0; i < m->n_authors; i++) {
		sk__v1__author__init(&v[i]);
		v[i].name = m->authors[i]->name;
		v[i].share = m->authors[i]->share;
		v[i].workplace = m->authors[i]->workplace;
		(*list)[i] = &v[i];
	}
	return v;
}

Sk__V1__Initiative *
convert_initiative_public(const InitiativeRec *r)
{
	Sk__V1__Initiative p = SK__V1__INITIATIVE__INIT, *m, *out = NULL;
	Sk__V1__Author *v, **list = NULL;

	if ((m = convert_initiative_out(r, false)) == NULL)
		return NULL;
	if ((v = authors_public(m, &list)) != NULL) {
		/* Field by field, so that a field added later stays out until
		 * someone decides it is public. */
		p.id = m->id;
		p.unit_id = m->unit_id;
		p.title = m->title;
		p.summary = m->summary;
		p.category = m->category;
		p.field = m->field;
		p.n_authors = m->n_authors;
		p.authors = list;
		p.first_applied = m->first_applied;
		p.state = m->state;
		p.created_at = m->created_at;
		p.updated_at = m->updated_at;
		p.version = m->version;
		p.application = m->application;
		p.description = m->description;
		p.confidential_hidden = m->confidential_hidden;
		p.conditions = m->conditions;
		p.benefits = m->benefits;
		p.trial_benefits = m->trial_benefits;
		p.decision_id = m->decision_id;
		p.filed_on = m->filed_on;
		p.forward = m->forward;
		p.origin = m->origin;
		p.published = m->published;
		out = rec_clone(&p.base);
	}
	free(v);
	free(list);
	convert_free(m);
	return out;
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
convert_user_view(struct user_view *v, const UserRec *u)
{
	Sk__V1__User *m = &v->u;

	sk__v1__user__init(m);
	if (u->peer != NULL) {
		sk__v1__peer__init(&v->peer);
		v->peer.name = u->peer->name;
		v->peer.unit_code = u->peer->unit_code;
		v->peer.address = u->peer->address;
		v->peer.ca_pem = u->peer->ca_pem;
		v->peer.log_key = u->peer->log_key;
		v->peer.witness_key = u->peer->witness_key;
		m->peer = &v->peer;
	}
	m->login = u->login;
	m->name = u->name;
	m->unit_id = u->unit_id;
	m->roles = u->roles;
	m->enabled = u->enabled;
	m->created_at = u->created_at;
	m->fingerprint = u->fingerprint;
	m->cert_not_after = u->cert_not_after;
	m->office = u->office;
}
