/*
 * unit_json: the one JSON printer (client/json.c), rule by rule of
 * proto3's JSON mapping with proto field names, and this project's rule
 * for times. sk.proto has no signed 64-bit, float or optional field, so a
 * small descriptor made here carries those.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>

#include "json.h"
#include "sk.pb-c.h"
#include "t.h"

/* What json_message prints for m; the caller frees it. */
static char *
json_of(const ProtobufCMessage *m)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	json_message(fp, m);
	fclose(fp);
	return buf;
}

#define T_JSON(m, want)                                                                  \
	do {                                                                             \
		char *t_j = json_of(m);                                                  \
		T_EQ_STR(t_j, want);                                                     \
		free(t_j);                                                               \
	} while (0)

static void
test_defaults_left_out(void)
{
	Sk__V1__Initiative i = SK__V1__INITIATIVE__INIT;
	Sk__V1__Receipt r = SK__V1__RECEIPT__INIT;

	T_JSON(&i.base, "{}");
	/* A message that is there is printed, even when all in it is default. */
	i.receipt = &r;
	T_JSON(&i.base, "{\"receipt\":{}}");
	/* false, 0, "" and the enum's 0 are left out; true and others are not. */
	i.receipt = NULL;
	i.state_funded = true;
	i.confidential_hidden = false;
	i.category = 3;
	i.version = 0;
	i.title = "";
	i.state = SK__V1__STATE__STATE_UNSPECIFIED;
	i.application = SK__V1__APPLICATION__TRIAL_APPLIED;
	T_JSON(&i.base,
	    "{\"category\":3,\"state_funded\":true,\"application\":\"TRIAL_APPLIED\"}");
}

static void
test_names_and_order(void)
{
	Sk__V1__Unit u = SK__V1__UNIT__INIT;

	/* Field names as in the .proto, fields in number order. */
	u.parent_id = 1;
	u.kind = SK__V1__UNIT_KIND__UNIT_COMMUNE;
	u.name = "Xã Hát Môn";
	u.code = "xa-hat-mon";
	u.id = 4;
	T_JSON(&u.base,
	    "{\"id\":4,\"code\":\"xa-hat-mon\",\"name\":\"Xã Hát Môn\","
	    "\"kind\":\"UNIT_COMMUNE\",\"parent_id\":1}");
}

static void
test_enums(void)
{
	Sk__V1__HistoryEntry h = SK__V1__HISTORY_ENTRY__INIT;

	h.action = SK__V1__ACTION__CREATE;
	h.to = SK__V1__STATE__STATE_NOT_RECOGNISED;
	T_JSON(&h.base, "{\"action\":\"CREATE\",\"to\":\"STATE_NOT_RECOGNISED\"}");
	/* A value our .proto does not name stays a number. */
	h.action = (Sk__V1__Action)99;
	h.to = SK__V1__STATE__STATE_UNSPECIFIED;
	T_JSON(&h.base, "{\"action\":99}");
}

static void
test_integers(void)
{
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	Sk__V1__OverdueItem o = SK__V1__OVERDUE_ITEM__INIT;

	/* 64-bit integers are strings (JavaScript's numbers lose digits). */
	a.size = UINT64_MAX;
	T_JSON(&a.base, "{\"size\":\"18446744073709551615\"}");
	/* 32-bit ones are numbers, signed as they are. */
	o.days_late = -3;
	T_JSON(&o.base, "{\"days_late\":-3}");
	o.days_late = INT32_MAX;
	T_JSON(&o.base, "{\"days_late\":2147483647}");
}

static void
test_times(void)
{
	Sk__V1__User u = SK__V1__USER__INIT;
	Sk__V1__LogEntry e = SK__V1__LOG_ENTRY__INIT;
	Sk__V1__HistoryEntry h = SK__V1__HISTORY_ENTRY__INIT;

	/* Unix seconds in *_at and cert_not_after: ISO 8601, UTC. */
	u.login = "an.hm";
	u.created_at = 1773538200;
	u.cert_not_after = 1805074200;
	T_JSON(&u.base,
	    "{\"login\":\"an.hm\",\"created_at\":\"2026-03-15T01:30:00Z\","
	    "\"cert_not_after\":\"2027-03-15T01:30:00Z\"}");
	/* Absent when 0, never 1970. */
	u.created_at = 0;
	u.cert_not_after = 0;
	T_JSON(&u.base, "{\"login\":\"an.hm\"}");
	h.at = 1773538200;
	h.seq = 2;
	T_JSON(&h.base, "{\"seq\":2,\"at\":\"2026-03-15T01:30:00Z\"}");
	/* LogEntry's time is one too; its seq stays a 64-bit string. */
	e.seq = 7;
	e.time = 1773538200;
	T_JSON(&e.base, "{\"seq\":\"7\",\"time\":\"2026-03-15T01:30:00Z\"}");
	T_CHECK(!json_is_time(&sk__v1__log_entry__descriptor,
	    protobuf_c_message_descriptor_get_field_by_name(&sk__v1__log_entry__descriptor,
	        "seq")));
}

static void
test_bytes(void)
{
	static uint8_t foobar[] = "foobar";
	Sk__V1__Attachment a = SK__V1__ATTACHMENT__INIT;
	static const char *const want[] = { "{}", "{\"sha256\":\"Zg==\"}",
		"{\"sha256\":\"Zm8=\"}", "{\"sha256\":\"Zm9v\"}",
		"{\"sha256\":\"Zm9vYg==\"}", "{\"sha256\":\"Zm9vYmE=\"}",
		"{\"sha256\":\"Zm9vYmFy\"}" };
	static uint8_t high[] = { 0xfb, 0xff, 0xbf };

	/* RFC 4648's test vectors: standard alphabet, padded. */
	a.sha256.data = foobar;
	for (size_t n = 0; n <= 6; n++) {
		a.sha256.len = n;
		T_JSON(&a.base, want[n]);
	}
	a.sha256.data = high;
	a.sha256.len = 3;
	T_JSON(&a.base, "{\"sha256\":\"+/+/\"}");
}

static void
test_strings(void)
{
	Sk__V1__Author a = SK__V1__AUTHOR__INIT;
	char ctl[] = "a\x01"
	             "b\x1f"
	             "c\x7f";
	char bad[] = "T\xffi\xc3";

	/* Vietnamese goes through as UTF-8, quotes and controls escaped. */
	a.name = "Nguyễn Văn An — “Số hóa” \"một cửa\" \\ x";
	T_JSON(&a.base, "{\"name\":\"Nguyễn Văn An — “Số hóa” \\\"một cửa\\\" \\\\ x\"}");
	a.name = "dòng 1\ndòng 2\ttab\r\b\f";
	T_JSON(&a.base, "{\"name\":\"dòng 1\\ndòng 2\\ttab\\r\\b\\f\"}");
	a.name = ctl;
	T_JSON(&a.base, "{\"name\":\"a\\u0001b\\u001fc\x7f\"}");
	/* Decomposed marks are UTF-8 too; they pass as they are. */
	a.name = "Tho\xcc\xa3";
	T_JSON(&a.base, "{\"name\":\"Tho\xcc\xa3\"}");
	/* Bytes that are no UTF-8 become U+FFFD: the output is still JSON. */
	a.name = bad;
	T_JSON(&a.base, "{\"name\":\"T\\ufffdi\\ufffd\"}");
}

static void
test_nested_and_repeated(void)
{
	Sk__V1__InitiativeListResponse l = SK__V1__INITIATIVE_LIST_RESPONSE__INIT;
	Sk__V1__Initiative i1 = SK__V1__INITIATIVE__INIT, i2 = SK__V1__INITIATIVE__INIT;
	Sk__V1__Initiative *is[] = { &i1, &i2 };
	Sk__V1__Author a1 = SK__V1__AUTHOR__INIT, a2 = SK__V1__AUTHOR__INIT;
	Sk__V1__Author *as[] = { &a1, &a2 };
	Sk__V1__Outcome o = SK__V1__OUTCOME__INIT;
	Sk__V1__Notice n = SK__V1__NOTICE__INIT;
	Sk__V1__Session s = SK__V1__SESSION__INIT;
	uint64_t ids[] = { 1, 20 };
	char *who[] = { "m1.hm:1", "m2.hm:20" };

	a1.name = "Nguyễn Văn An";
	a1.share = 6000;
	a2.name = "Trần Thị Bình";
	a2.share = 4000;
	a2.distinct = true;
	i1.id = 1;
	i1.n_authors = 2;
	i1.authors = as;
	o.scores = 2;
	o.count_base = SK__V1__COUNT_BASE__COUNT_ELIGIBLE;
	o.needed = 3;
	i1.outcome = &o;
	n.action = SK__V1__ACTION__RETURN;
	n.number = "3/2026/TB";
	i2.id = 2;
	i2.notice = &n;
	l.n_initiatives = 2;
	l.initiatives = is;
	T_JSON(&l.base,
	    "{\"initiatives\":[{\"id\":\"1\",\"authors\":[{\"name\":\"Nguyễn Văn An\","
	    "\"share\":6000},{\"name\":\"Trần Thị Bình\",\"share\":4000,"
	    "\"distinct\":true}],\"outcome\":{\"scores\":2,\"count_base\":"
	    "\"COUNT_ELIGIBLE\",\"needed\":3}},{\"id\":\"2\",\"notice\":{\"action\":"
	    "\"RETURN\",\"number\":\"3/2026/TB\"}}]}");
	/* An empty list is left out like any default; repeated scalars are arrays. */
	l.n_initiatives = 0;
	l.next_page_token = "after:2";
	T_JSON(&l.base, "{\"next_page_token\":\"after:2\"}");
	s.n_initiative_ids = 2;
	s.initiative_ids = ids;
	s.n_voters = 2;
	s.voters = who;
	T_JSON(&s.base,
	    "{\"initiative_ids\":[\"1\",\"20\"],\"voters\":[\"m1.hm:1\","
	    "\"m2.hm:20\"]}");
}

static void
test_oneofs(void)
{
	Sk__V1__Request q = SK__V1__REQUEST__INIT;
	Sk__V1__OverdueRequest od = SK__V1__OVERDUE_REQUEST__INIT;
	Sk__V1__Response r = SK__V1__RESPONSE__INIT;
	Sk__V1__Status st = SK__V1__STATUS__INIT;
	Sk__V1__LogProofResponse p = SK__V1__LOG_PROOF_RESPONSE__INIT;
	uint8_t h1[] = { 0, 0, 0 }, h2[] = { 0xff };
	ProtobufCBinaryData hs[] = { { 3, h1 }, { 1, h2 } };

	/* The member set is printed even when it holds only defaults. */
	q.id = 7;
	q.call_case = SK__V1__REQUEST__CALL_OVERDUE;
	q.overdue = &od;
	T_JSON(&q.base, "{\"id\":\"7\",\"overdue\":{}}");
	/* No member set: nothing of the oneof. */
	q.call_case = SK__V1__REQUEST__CALL__NOT_SET;
	T_JSON(&q.base, "{\"id\":\"7\"}");
	st.code = SK__V1__CODE__NOT_FOUND;
	st.message = "initiative 9: không có";
	r.status = &st;
	p.n_hashes = 2;
	p.hashes = hs;
	r.result_case = SK__V1__RESPONSE__RESULT_LOG_PROOF;
	r.log_proof = &p;
	T_JSON(&r.base,
	    "{\"status\":{\"code\":\"NOT_FOUND\",\"message\":\"initiative 9: "
	    "không có\"},\"log_proof\":{\"hashes\":[\"AAAA\",\"/w==\"]}}");
}

/* ---- a message of every scalar type, described here --------------------- */

struct scalars {
	ProtobufCMessage base;
	int32_t i32;
	int32_t s32;
	int64_t i64;
	int64_t s64;
	int64_t sf64;
	uint64_t f64;
	float fl;
	double db;
	protobuf_c_boolean has_opt;
	uint32_t opt;
	size_t n_negs;
	int64_t *negs;
	size_t n_flags;
	protobuf_c_boolean *flags;
};

#define F(name, id, label, type, q)                                                      \
	{                                                                                \
#name, id, PROTOBUF_C_LABEL_##label, PROTOBUF_C_TYPE_##type, q,          \
		    offsetof(struct scalars, name), NULL, NULL, 0, 0, NULL, NULL         \
	}
static const ProtobufCFieldDescriptor scalars_fields[] = {
	F(i32, 1, NONE, INT32, 0),
	F(s32, 2, NONE, SINT32, 0),
	F(i64, 3, NONE, INT64, 0),
	F(s64, 4, NONE, SINT64, 0),
	F(sf64, 5, NONE, SFIXED64, 0),
	F(f64, 6, NONE, FIXED64, 0),
	F(fl, 7, NONE, FLOAT, 0),
	F(db, 8, NONE, DOUBLE, 0),
	F(opt, 9, OPTIONAL, UINT32, offsetof(struct scalars, has_opt)),
	F(negs, 10, REPEATED, INT64, offsetof(struct scalars, n_negs)),
	F(flags, 11, REPEATED, BOOL, offsetof(struct scalars, n_flags)),
};
#undef F

static const ProtobufCMessageDescriptor scalars_descriptor = {
	PROTOBUF_C__MESSAGE_DESCRIPTOR_MAGIC, "test.v1.Scalars", "Scalars", "Scalars",
	"test.v1", sizeof(struct scalars),
	sizeof(scalars_fields) / sizeof(scalars_fields[0]), scalars_fields, NULL, 0, NULL,
	NULL, NULL, NULL, NULL
};

static void
test_every_scalar(void)
{
	struct scalars m = { .base = { &scalars_descriptor, 0, NULL } };
	int64_t negs[] = { -1, INT64_MIN };
	protobuf_c_boolean flags[] = { 1, 0 };

	T_JSON(&m.base, "{}");
	m.i32 = INT32_MIN;
	m.s32 = -5;
	m.i64 = -9007199254740993LL; /* beyond a double's integers */
	m.s64 = INT64_MAX;
	m.sf64 = -1;
	m.f64 = 1;
	m.fl = 0.5F;
	m.db = -2.25;
	T_JSON(&m.base,
	    "{\"i32\":-2147483648,\"s32\":-5,\"i64\":\"-9007199254740993\","
	    "\"s64\":\"9223372036854775807\",\"sf64\":\"-1\",\"f64\":\"1\","
	    "\"fl\":0.5,\"db\":-2.25}");
	/* An optional field that is set appears, even at 0. */
	memset(&m.i32, 0, sizeof(m) - offsetof(struct scalars, i32));
	m.has_opt = 1;
	T_JSON(&m.base, "{\"opt\":0}");
	m.has_opt = 0;
	m.db = NAN;
	T_JSON(&m.base, "{\"db\":\"NaN\"}");
	m.db = -INFINITY;
	T_JSON(&m.base, "{\"db\":\"-Infinity\"}");
	m.db = 0;
	m.n_negs = 2;
	m.negs = negs;
	m.n_flags = 2;
	m.flags = flags;
	T_JSON(&m.base,
	    "{\"negs\":[\"-1\",\"-9223372036854775808\"],"
	    "\"flags\":[true,false]}");
}

static void
test_helpers(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	json_string(fp, NULL);
	fputc(' ', fp);
	json_time(fp, 0);
	fputc(' ', fp);
	json_time(fp, 1735689599);
	fclose(fp);
	T_EQ_STR(buf, "\"\" \"1970-01-01T00:00:00Z\" \"2024-12-31T23:59:59Z\"");
	free(buf);
}

static const struct t_case cases[] = {
	{ "defaults (0, false, \"\", enum 0, no message) are left out",
	    test_defaults_left_out },
	{ "proto field names, in field-number order", test_names_and_order },
	{ "enums by value name; unknown values as numbers", test_enums },
	{ "64-bit integers as strings, 32-bit as numbers", test_integers },
	{ "*_at, cert_not_after, LogEntry.time: ISO 8601 UTC, absent when 0",
	    test_times },
	{ "bytes in padded standard base64", test_bytes },
	{ "strings: UTF-8 kept, quotes and controls escaped, bad bytes U+FFFD",
	    test_strings },
	{ "nested messages and repeated fields", test_nested_and_repeated },
	{ "oneofs: the member set, even empty", test_oneofs },
	{ "every scalar type, optional and repeated", test_every_scalar },
	{ "json_string and json_time", test_helpers },
};

T_MAIN(cases)
