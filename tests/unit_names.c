/* unit_names: words for roles, initiative states and unit kinds. */
#include "t.h"

#include "names.h"
#include "sk.pb-c.h"

static void
roles_parse_names(void)
{
	uint32_t roles = 0xdead;

	T_EQ_INT(roles_parse("author,clerk", &roles), 0);
	T_EQ_INT(roles, SK__V1__ROLE__ROLE_AUTHOR | SK__V1__ROLE__ROLE_CLERK);
	T_EQ_INT(roles, 3);

	T_EQ_INT(roles_parse("admin", &roles), 0);
	T_EQ_INT(roles, SK__V1__ROLE__ROLE_ADMIN);
	T_EQ_INT(roles_parse("district", &roles), 0);
	T_EQ_INT(roles, SK__V1__ROLE__ROLE_DISTRICT_OFFICE);
	T_EQ_INT(roles_parse("clerk,author", &roles), 0); /* any order */
	T_EQ_INT(roles, 3);
	T_EQ_INT(roles_parse("head,head", &roles), 0); /* repeats are harmless */
	T_EQ_INT(roles, SK__V1__ROLE__ROLE_HEAD);
	T_EQ_INT(roles_parse(roles_all(), &roles), 0);
	T_EQ_INT(roles, 0xff);
}

static void
roles_parse_rejects(void)
{
	static const char *const bad[] = {
		"",
		"root",
		"author,root",
		"Author",
		"author clerk",
		"auth",
		"authors",
		",author",
		"author,,clerk",
		" author",
	};
	uint32_t roles;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (roles_parse(bad[i], &roles) != -1)
			fprintf(stderr, "  accepted \"%s\"\n", bad[i]);
		T_EQ_INT(roles_parse(bad[i], &roles), -1);
	}
	T_EQ_INT(roles_parse("author,", &roles), -1); /* empty last name */
}

static void
roles_format_round_trip(void)
{
	char buf[128];
	uint32_t back;

	roles_format(0, buf, sizeof(buf));
	T_EQ_STR(buf, "");
	roles_format(3, buf, sizeof(buf));
	T_EQ_STR(buf, "author,clerk");
	roles_format(0xff, buf, sizeof(buf));
	T_EQ_STR(buf, roles_all());

	for (uint32_t mask = 1; mask < 256; mask++) {
		roles_format(mask, buf, sizeof(buf));
		back = 0;
		T_EQ_INT(roles_parse(buf, &back), 0);
		T_EQ_INT(back, mask);
	}
	/* Bits beyond the known roles are not printed. */
	roles_format(0x1000 | 1, buf, sizeof(buf));
	T_EQ_STR(buf, "author");
	/* Linked servers' roles are shown, and never parsed: no person has them. */
	roles_format(0x100 | 0x200, buf, sizeof(buf));
	T_EQ_STR(buf, "upstream,downstream");
	T_EQ_INT(roles_parse("upstream", &back), -1);
	T_EQ_INT(roles_parse("author,downstream", &back), -1);
}

static void
roles_format_small_buffer(void)
{
	char buf[8];

	/* Truncated but terminated; nothing written past the buffer. */
	memset(buf, '#', sizeof(buf));
	roles_format(0xff, buf, 6);
	T_EQ_INT(strlen(buf), 5);
	T_EQ_INT(buf[6], '#');
	roles_format(0xff, buf, 1);
	T_EQ_STR(buf, "");
}

static void
states(void)
{
	static const struct {
		uint32_t state;
		const char *name;
	} want[] = {
		{ SK__V1__STATE__STATE_REGISTERED, "registered" },
		{ SK__V1__STATE__STATE_DRAFT, "draft" },
		{ SK__V1__STATE__STATE_SUBMITTED, "submitted" },
		{ SK__V1__STATE__STATE_RETURNED, "returned" },
		{ SK__V1__STATE__STATE_ACCEPTED, "accepted" },
		{ SK__V1__STATE__STATE_IN_REVIEW, "in review" },
		{ SK__V1__STATE__STATE_RECOGNISED, "recognised" },
		{ SK__V1__STATE__STATE_NOT_RECOGNISED, "not recognised" },
		{ SK__V1__STATE__STATE_WITHDRAWN, "withdrawn" },
		{ SK__V1__STATE__STATE_REFUSED, "refused" },
	};

	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		T_EQ_STR(state_name(want[i].state), want[i].name);
		T_EQ_INT(state_parse(want[i].name), want[i].state);
		T_EQ_INT(state_parse(state_name(want[i].state)), want[i].state);
	}
	/* Command-line spellings. */
	T_EQ_INT(state_parse("in-review"), SK__V1__STATE__STATE_IN_REVIEW);
	T_EQ_INT(state_parse("in_review"), SK__V1__STATE__STATE_IN_REVIEW);
	T_EQ_INT(state_parse("not-recognised"), SK__V1__STATE__STATE_NOT_RECOGNISED);

	T_EQ_STR(state_name(SK__V1__STATE__STATE_UNSPECIFIED), "unknown");
	T_EQ_STR(state_name(SK__V1__STATE__STATE_RECEIVED), "received");
	T_EQ_STR(state_name(SK__V1__STATE__STATE_SENT_BACK), "sent back");
	T_EQ_INT(state_parse("sent-back"), SK__V1__STATE__STATE_SENT_BACK);
	T_EQ_STR(state_name(14), "unknown");
	T_EQ_STR(state_name(UINT32_MAX), "unknown");
	T_EQ_INT(state_parse("unknown"), -1); /* not a state one can ask for */
	T_EQ_INT(state_parse(""), -1);
	T_EQ_INT(state_parse("Draft"), -1);
	T_EQ_INT(state_parse("drafts"), -1);
	T_EQ_INT(state_parse("in  review"), -1);
	/* A long name is cut to the buffer, never matched by accident. */
	T_EQ_INT(state_parse("draft..................................x"), -1);
}

static void
unit_kinds(void)
{
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_DISTRICT), "district");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_TOWNSHIP), "township");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_COMMUNE), "commune");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_DEPARTMENT), "department");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_ORGANISATION), "organisation");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_KIND_UNSPECIFIED), "unit");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_WARD), "ward");
	T_EQ_STR(unit_kind_name(SK__V1__UNIT_KIND__UNIT_CITY), "city");
	T_EQ_STR(unit_kind_name(9), "unit");
	T_EQ_INT(unit_kind_parse("city"), SK__V1__UNIT_KIND__UNIT_CITY);
	T_EQ_INT(unit_kind_parse("commune"), SK__V1__UNIT_KIND__UNIT_COMMUNE);
	T_EQ_INT(unit_kind_parse("unit"), -1);
	T_EQ_INT(unit_kind_parse("village"), -1);
	T_EQ_STR(unit_kind_name(UINT32_MAX), "unit");
}

/* Every action of the protocol has its own word (history, messages). */
static void
actions(void)
{
	const ProtobufCEnumDescriptor *d = &sk__v1__action__descriptor;

	T_EQ_STR(action_name(SK__V1__ACTION__SUBMIT), "submit");
	T_EQ_STR(action_name(SK__V1__ACTION__CONFIRM), "confirm");
	T_EQ_STR(action_name(d->n_values), "?");
	T_EQ_STR(action_name(UINT32_MAX), "?");
	for (unsigned i = 1; i < d->n_values; i++) {
		T_CHECK(strcmp(action_name(d->values[i].value), "?") != 0);
		for (unsigned k = 1; k < i; k++)
			T_CHECK(strcmp(action_name(d->values[i].value),
			            action_name(d->values[k].value)) != 0);
	}
}

static const struct t_case cases[] = {
	{ "roles_parse_names", roles_parse_names },
	{ "roles_parse_rejects", roles_parse_rejects },
	{ "roles_format_round_trip", roles_format_round_trip },
	{ "roles_format_small_buffer", roles_format_small_buffer },
	{ "states", states },
	{ "unit_kinds", unit_kinds },
	{ "actions", actions },
};

T_MAIN(cases)
