/* unit_convert: records and wire messages; every string of a request in NFC. */
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

static const struct t_case cases[] = {
	{ "nfc_everywhere", nfc_everywhere },
	{ "nfc_oneof", nfc_oneof },
};

T_MAIN(cases)
