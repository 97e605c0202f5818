/* unit_convert: records and wire messages; every string of a request in NFC. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "convert.h"
#include "sk.pb-c.h"
#include "t.h"

/* A request as the server decodes it, with decomposed Vietnamese text in a
 * nested message, a repeated string and a repeated message. */
static Sk__V1__Request *
decoded(void)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT;
	Sk__V1__InitiativeCreateRequest cr = SK__V1__INITIATIVE_CREATE_REQUEST__INIT;
	Sk__V1__Initiative in = SK__V1__INITIATIVE__INIT;
	Sk__V1__Author au = SK__V1__AUTHOR__INIT, *aup = &au;
	char *parts[] = { "Tra\xcc\x82\xcc\x80n Va\xcc\x86n Ba\xcc\x81", "Lê Thị Hoa" };
	uint8_t buf[4096];
	size_t len;

	in.title = "Sa\xcc\x81ng kie\xcc\x82\xcc\x81n so\xcc\x82\xcc\x81 ho\xcc\x81"
	           "a";
	in.summary = "plain";
	au.name = "Nguye\xcc\x82\xcc\x83n Va\xcc\x86n An";
	in.n_authors = 1;
	in.authors = &aup;
	in.n_participants = 2;
	in.participants = parts;
	cr.initiative = &in;
	req.id = 7;
	req.call_case = SK__V1__REQUEST__CALL_INITIATIVE_CREATE;
	req.initiative_create = &cr;
	len = sk__v1__request__pack(&req, buf);
	return sk__v1__request__unpack(NULL, len, buf);
}

static void
nfc_everywhere(void)
{
	Sk__V1__Request *r = decoded();
	Sk__V1__Initiative *in;

	T_CHECK(r != NULL);
	if (r == NULL)
		return;
	convert_nfc(&r->base);
	in = r->initiative_create->initiative;
	T_EQ_STR(in->title, "Sáng kiến số hóa");
	T_EQ_STR(in->summary, "plain");
	T_EQ_STR(in->authors[0]->name, "Nguyễn Văn An");
	T_EQ_STR(in->participants[0], "Trần Văn Bá");
	T_EQ_STR(in->participants[1], "Lê Thị Hoa");
	T_EQ_STR(in->field, ""); /* the shared empty string is left alone */
	sk__v1__request__free_unpacked(r, NULL);
}

/* A oneof's other members share its storage: only the one set is walked. */
static void
nfc_oneof(void)
{
	Sk__V1__Request req = SK__V1__REQUEST__INIT, *r;
	Sk__V1__HistoryRequest h = SK__V1__HISTORY_REQUEST__INIT;
	uint8_t buf[64];
	size_t len;

	h.id = 3;
	req.id = 1;
	req.call_case = SK__V1__REQUEST__CALL_HISTORY;
	req.history = &h;
	len = sk__v1__request__pack(&req, buf);
	r = sk__v1__request__unpack(NULL, len, buf);
	T_CHECK(r != NULL);
	if (r == NULL)
		return;
	convert_nfc(&r->base); /* would misread a HistoryRequest otherwise */
	T_EQ_INT(r->history->id, 3);
	sk__v1__request__free_unpacked(r, NULL);
}

/* Every field of m set (two of each repeated, messages to depth 3): text,
 * numbers from the field's number, nested messages filled in turn. */
static void
fill(ProtobufCMessage *m, int depth)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;

	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		bool rep = f->label == PROTOBUF_C_LABEL_REPEATED;
		size_t n = rep ? 2 : 1, sz;
		char *at = (char *)m + f->offset, *v;

		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) ||
		    (f->type == PROTOBUF_C_TYPE_MESSAGE && depth > 3))
			continue;
		sz = f->type == PROTOBUF_C_TYPE_STRING ||
		        f->type == PROTOBUF_C_TYPE_MESSAGE ?
		    sizeof(void *) :
		    f->type == PROTOBUF_C_TYPE_BYTES ? sizeof(ProtobufCBinaryData) :
		    f->type == PROTOBUF_C_TYPE_INT64 ||
		        f->type == PROTOBUF_C_TYPE_UINT64 ||
		        f->type == PROTOBUF_C_TYPE_SINT64 ||
		        f->type == PROTOBUF_C_TYPE_FIXED64 ||
		        f->type == PROTOBUF_C_TYPE_SFIXED64 ||
		        f->type == PROTOBUF_C_TYPE_DOUBLE ?
		                                       8 :
		                                       4;
		v = rep ? calloc(n, sz) : at;
		for (size_t k = 0; k < n; k++) {
			char *e = v + k * sz;
			char text[64];

			switch (f->type) {
			case PROTOBUF_C_TYPE_STRING:
				snprintf(text, sizeof(text), "Sáng kiến %u.%zu", f->id,
				    k);
				*(char **)(void *)e = strdup(text);
				break;
			case PROTOBUF_C_TYPE_BYTES:
				((ProtobufCBinaryData *)(void *)e)->len = 3;
				((ProtobufCBinaryData *)(void *)e)->data =
				    (uint8_t *)strdup("abc");
				break;
			case PROTOBUF_C_TYPE_MESSAGE: {
				const ProtobufCMessageDescriptor *sd = f->descriptor;
				ProtobufCMessage *sub = malloc(sd->sizeof_message);

				sd->message_init(sub);
				fill(sub, depth + 1);
				*(ProtobufCMessage **)(void *)e = sub;
				break;
			}
			case PROTOBUF_C_TYPE_BOOL:
			case PROTOBUF_C_TYPE_ENUM: *(uint32_t *)(void *)e = 1; break;
			default:
				/* Every byte of the value counts. */
				if (sz == 8)
					*(uint64_t *)(void *)e = 0x0123456789ab0000u +
					    (uint64_t)f->id * 16u + k;
				else
					*(uint32_t *)(void *)e =
					    0x7bcd0000u + f->id * 16u + (uint32_t)k;
			}
		}
		if (rep) {
			*(size_t *)(void *)((char *)m + f->quantifier_offset) = n;
			*(void **)(void *)at = v;
		} else if (f->quantifier_offset != 0)
			*(uint32_t *)(void *)((char *)m + f->quantifier_offset) = 1;
	}
}

static bool
packs_same(const ProtobufCMessage *a, const ProtobufCMessage *b)
{
	size_t la = protobuf_c_message_get_packed_size(a);
	size_t lb = protobuf_c_message_get_packed_size(b);
	uint8_t *pa = malloc(la + 1), *pb = malloc(lb + 1);
	bool same;

	protobuf_c_message_pack(a, pa);
	protobuf_c_message_pack(b, pb);
	same = la == lb && memcmp(pa, pb, la) == 0;
	free(pa);
	free(pb);
	return same;
}

/* A view packs to the bytes of the re-encoded message, whatever fields
 * the record has; the confidential part hidden the same way. */
static void
view_as_reencoded(void)
{
	InitiativeRec *r = malloc(sizeof(*r)), *copy;
	Sk__V1__Initiative *view, *owned;
	Sk__V1__Request q = SK__V1__REQUEST__INIT;

	sk__store__v1__initiative_rec__init(r);
	fill(&r->base, 0);
	copy = rec_clone(&r->base); /* as the store decodes it */
	T_CHECK(copy != NULL && copy->n_authors == 2 && copy->receipt != NULL);
	if (copy == NULL) {
		protobuf_c_message_free_unpacked(&r->base, NULL);
		return;
	}
	for (int conf = 0; conf < 2; conf++) {
		view = convert_initiative_view(copy, conf);
		/* What the re-encoding makes, hidden by hand. */
		owned = convert_msg(&copy->base, &sk__v1__initiative__descriptor);
		if (owned != NULL && !conf) {
			T_EQ_INT(rec_set_str(&owned->confidential, ""), 0);
			owned->confidential_hidden = true;
		}
		T_CHECK(view != NULL && owned != NULL);
		if (view == NULL || owned == NULL)
			break;
		T_CHECK(packs_same(&view->base, &owned->base));
		T_EQ_INT(view->confidential_hidden, !conf);
		/* Borrowed, not copied. */
		T_CHECK(view->title == copy->title);
		convert_view_free(view);
		convert_free(owned);
	}
	/* What a view cannot show (a oneof) is left to convert_msg. */
	T_CHECK(convert_view(&q.base, &sk__v1__request__descriptor) == NULL);
	convert_free(copy);
	protobuf_c_message_free_unpacked(&r->base, NULL);
}

static const struct t_case cases[] = {
	{ "nfc_everywhere", nfc_everywhere },
	{ "nfc_oneof", nfc_oneof },
	{ "view_as_reencoded", view_as_reencoded },
};

T_MAIN(cases)
