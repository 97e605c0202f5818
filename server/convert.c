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
convert_initiative_out(const InitiativeRec *r, bool confidential)
{
	Sk__V1__Initiative *m = convert_msg(&r->base, &sk__v1__initiative__descriptor);

	if (m == NULL || confidential || m->confidential[0] == '\0')
		return m;
	if (rec_set_str(&m->confidential, "") != 0) {
		convert_free(m);
		return NULL;
	}
	m->confidential_hidden = true;
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
