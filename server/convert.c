#include "convert.h"

#include <stdlib.h>
#include <string.h>

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

static bool
named(const InitiativeRec *r, const char *login, bool confirmed)
{
	if (strcmp(r->created_by, login) == 0)
		return true;
	for (size_t i = 0; i < r->n_authors; i++)
		if (r->authors[i]->login[0] != '\0' &&
		    strcmp(r->authors[i]->login, login) == 0)
			return r->authors[i]->confirmed || !confirmed;
	return false;
}

bool
convert_is_author(const InitiativeRec *r, const char *login)
{
	return named(r, login, true);
}

bool
convert_is_listed(const InitiativeRec *r, const char *login)
{
	return named(r, login, false);
}

Sk__V1__Initiative *
convert_initiative_out(const InitiativeRec *r, const struct scope *who)
{
	Sk__V1__Initiative *m = convert_msg(&r->base, &sk__v1__initiative__descriptor);
	uint32_t insiders = SK__V1__ROLE__ROLE_CLERK | SK__V1__ROLE__ROLE_COUNCIL |
	    SK__V1__ROLE__ROLE_HEAD;

	if (m == NULL || (who->roles & insiders) != 0 || convert_is_author(r, who->login))
		return m;
	if (m->confidential[0] != '\0') {
		if (rec_set_str(&m->confidential, "") != 0) {
			convert_free(m);
			return NULL;
		}
		m->confidential_hidden = true;
	}
	return m;
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
