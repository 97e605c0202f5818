/* unit_status: status codes, their names, and agreement with sk.v1.Code. */
#include "t.h"

#include "sk.pb-c.h"
#include "status.h"

static void
names_round_trip(void)
{
	for (int code = 0; code <= SK_CODE_MAX; code++) {
		const char *name = status_name(code);

		T_CHECK(name != NULL && name[0] != '\0');
		if (name == NULL)
			continue; /* failed above; nothing more to check */
		T_CHECK(strcmp(name, "UNKNOWN_CODE") != 0);
		T_EQ_INT(status_from_name(name), code);
	}
	T_EQ_STR(status_name(SK_OK), "OK");
	T_EQ_STR(status_name(SK_NOT_FOUND), "NOT_FOUND");
	T_EQ_STR(status_name(SK_UNAUTHENTICATED), "UNAUTHENTICATED");
	T_EQ_INT(SK_CODE_MAX, 16);
}

static void
names_out_of_range(void)
{
	T_EQ_STR(status_name(-1), "UNKNOWN_CODE");
	T_EQ_STR(status_name(SK_CODE_MAX + 1), "UNKNOWN_CODE");
	T_EQ_STR(status_name(1000), "UNKNOWN_CODE");
	T_EQ_INT(status_from_name("UNKNOWN_CODE"), -1);
	T_EQ_INT(status_from_name(""), -1);
	T_EQ_INT(status_from_name("not_found"), -1); /* names are exact */
	T_EQ_INT(status_from_name("NOT_FOUND "), -1);
}

static void
set_formats_and_returns(void)
{
	struct sk_error err = { 0, "" };
	char big[600];

	T_EQ_INT(status_set(&err, SK_INVALID_ARGUMENT, "%s: must be %d to %d", "category",
	             1, 6),
	    SK_INVALID_ARGUMENT);
	T_EQ_INT(err.code, SK_INVALID_ARGUMENT);
	T_EQ_STR(err.msg, "category: must be 1 to 6");

	T_EQ_INT(status_set(&err, SK_OK, "fine"), SK_OK);
	T_EQ_INT(err.code, SK_OK);
	T_EQ_STR(err.msg, "fine");

	/* A message longer than the buffer is truncated and terminated. */
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	T_EQ_INT(status_set(&err, SK_INTERNAL, "%s", big), SK_INTERNAL);
	T_EQ_INT(strlen(err.msg), sizeof(err.msg) - 1);

	/* NULL err: nothing to fill, the code still comes back. */
	T_EQ_INT(status_set(NULL, SK_NOT_FOUND, "no %s", "such"), SK_NOT_FOUND);
}

static void
matches_protobuf_enum(void)
{
	static const struct {
		int ours, proto;
	} pairs[] = {
		{ SK_OK, SK__V1__CODE__OK },
		{ SK_CANCELLED, SK__V1__CODE__CANCELLED },
		{ SK_UNKNOWN, SK__V1__CODE__UNKNOWN },
		{ SK_INVALID_ARGUMENT, SK__V1__CODE__INVALID_ARGUMENT },
		{ SK_DEADLINE_EXCEEDED, SK__V1__CODE__DEADLINE_EXCEEDED },
		{ SK_NOT_FOUND, SK__V1__CODE__NOT_FOUND },
		{ SK_ALREADY_EXISTS, SK__V1__CODE__ALREADY_EXISTS },
		{ SK_PERMISSION_DENIED, SK__V1__CODE__PERMISSION_DENIED },
		{ SK_RESOURCE_EXHAUSTED, SK__V1__CODE__RESOURCE_EXHAUSTED },
		{ SK_FAILED_PRECONDITION, SK__V1__CODE__FAILED_PRECONDITION },
		{ SK_ABORTED, SK__V1__CODE__ABORTED },
		{ SK_OUT_OF_RANGE, SK__V1__CODE__OUT_OF_RANGE },
		{ SK_UNIMPLEMENTED, SK__V1__CODE__UNIMPLEMENTED },
		{ SK_INTERNAL, SK__V1__CODE__INTERNAL },
		{ SK_UNAVAILABLE, SK__V1__CODE__UNAVAILABLE },
		{ SK_DATA_LOSS, SK__V1__CODE__DATA_LOSS },
		{ SK_UNAUTHENTICATED, SK__V1__CODE__UNAUTHENTICATED },
	};
	const size_t n = sizeof(pairs) / sizeof(pairs[0]);

	T_EQ_INT(n, SK_CODE_MAX + 1);
	for (size_t i = 0; i < n; i++)
		T_EQ_INT(pairs[i].ours, pairs[i].proto);

	/* The names, too: status_name is what the proto enum calls it. */
	T_EQ_INT(sk__v1__code__descriptor.n_values, SK_CODE_MAX + 1);
	for (int code = 0; code <= SK_CODE_MAX; code++) {
		const ProtobufCEnumValue *v =
		    protobuf_c_enum_descriptor_get_value(&sk__v1__code__descriptor, code);

		T_CHECK(v != NULL);
		if (v != NULL)
			T_EQ_STR(status_name(code), v->name);
	}
}

static const struct t_case cases[] = {
	{ "names_round_trip", names_round_trip },
	{ "names_out_of_range", names_out_of_range },
	{ "set_formats_and_returns", set_formats_and_returns },
	{ "matches_protobuf_enum", matches_protobuf_enum },
};

T_MAIN(cases)
