#include "out.h"

#include <inttypes.h>
#include <string.h>

#include "date.h"
#include "names.h"
#include "status.h"
#include "text.h"

void
out_json_str(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c < 0x20 || c == 0x7f)
			fprintf(fp, "\\u%04x", c);
		else
			fputc(c, fp); /* UTF-8 goes through as it is */
	}
	fputc('"', fp);
}

/* Print s cut to cols columns (with "…"); returns the columns used. */
static size_t
out_cut(FILE *fp, const char *s, size_t cols)
{
	size_t n = strlen(s), w = text_width(s), used = 0, k;
	uint32_t cp;

	if (w <= cols) {
		fputs(s, fp);
		return w;
	}
	/* Cut at a character boundary, keeping combining marks with their base. */
	while (n > 0) {
		if ((k = text_decode(s, n, &cp)) == 0)
			k = 1, cp = '?';
		if (!(cp >= 0x300 && cp <= 0x36f) && used + 1 >= cols)
			break;
		if (!(cp >= 0x300 && cp <= 0x36f))
			used++;
		fwrite(s, 1, k, fp);
		s += k;
		n -= k;
	}
	fputs("…", fp);
	return used + 1;
}

void
out_cell(FILE *fp, const char *s, size_t cols)
{
	for (size_t w = out_cut(fp, s, cols); w < cols; w++)
		fputc(' ', fp);
}

void
out_share(unsigned share, char *buf, size_t sz)
{
	if (share % 100 == 0)
		snprintf(buf, sz, "%u", share / 100);
	else
		snprintf(buf, sz, "%u.%02u", share / 100, share % 100);
}

static void
date_vn(const char *iso, char *buf, size_t sz)
{
	int32_t d;

	if (date_parse_iso(iso, &d))
		date_format_vn(d, buf, sz);
	else
		snprintf(buf, sz, "%s", iso[0] ? iso : "-");
}

void
out_error(int code, const char *msg, bool json)
{
	fprintf(stderr, "sk: %s: %s\n", status_name(code), msg);
	if (!json)
		return;
	printf("{\"error\":{\"code\":");
	out_json_str(stdout, status_name(code));
	printf(",\"message\":");
	out_json_str(stdout, msg);
	printf("}}\n");
}

static void
json_unit(const Sk__V1__Unit *u)
{
	printf("{\"id\":%u,\"code\":", u->id);
	out_json_str(stdout, u->code);
	printf(",\"name\":");
	out_json_str(stdout, u->name);
	printf(",\"kind\":");
	out_json_str(stdout, unit_kind_name(u->kind));
	printf(",\"parent_id\":%u}", u->parent_id);
}

void
out_hello(const Sk__V1__HelloResponse *h, bool json)
{
	char roles[128];

	roles_format(h->roles, roles, sizeof(roles));
	if (json) {
		printf("{\"protocol\":%u,\"server\":", h->protocol);
		out_json_str(stdout, h->server);
		printf(",\"deployment\":");
		out_json_str(stdout, h->deployment);
		printf(",\"login\":");
		out_json_str(stdout, h->login);
		printf(",\"name\":");
		out_json_str(stdout, h->user_name);
		printf(",\"roles\":");
		out_json_str(stdout, roles);
		printf(",\"unit\":");
		if (h->unit != NULL)
			json_unit(h->unit);
		else
			printf("null");
		printf("}\n");
		return;
	}
	printf("Server:     %s, protocol %u\n", h->server, h->protocol);
	printf("Deployment: %s\n", h->deployment);
	printf("User:       %s (%s)\n", h->user_name, h->login);
	if (h->unit != NULL)
		printf("Unit:       %s [%s]\n", h->unit->name, h->unit->code);
	printf("Roles:      %s\n", roles);
}

void
out_units(const Sk__V1__UnitListResponse *l, bool json)
{
	if (json) {
		printf("[");
		for (size_t i = 0; i < l->n_units; i++) {
			printf(i ? "," : "");
			json_unit(l->units[i]);
		}
		printf("]\n");
		return;
	}
	printf("%4s  ", "ID");
	out_cell(stdout, "CODE", 17);
	out_cell(stdout, "KIND", 13);
	printf("NAME\n");
	for (size_t i = 0; i < l->n_units; i++) {
		const Sk__V1__Unit *u = l->units[i];

		printf("%4u  ", u->id);
		out_cell(stdout, u->code, 17);
		out_cell(stdout, unit_kind_name(u->kind), 13);
		printf("%s\n", u->name);
	}
}

static void json_msg(FILE *fp, const ProtobufCMessage *m);

static void
json_initiative(const Sk__V1__Initiative *i)
{
	json_msg(stdout, &i->base);
}

/* A labelled block of free text, indented, or nothing when empty. */
static void
text_block(const char *label, const char *text)
{
	if (text[0] == '\0')
		return;
	printf("  %s:\n", label);
	for (const char *p = text; *p != '\0';) {
		const char *nl = strchr(p, '\n');
		int len = nl != NULL ? (int)(nl - p) : (int)strlen(p);

		printf("    %.*s\n", len, p);
		p += len + (nl != NULL);
	}
}

static void
initiative_outcome(const Sk__V1__Outcome *o)
{
	unsigned n = o->scores ? o->scores : 1;

	printf("  Council:       session %" PRIu64 ": %u yes, %u no, %u abstain of %u "
	       "who may vote (%u members); %s; scores %.1f/%.1f/%.1f\n",
	    o->session_id, o->yes, o->no, o->abstain, o->eligible, o->members,
	    o->passed     ? "passed" :
	        o->quorum ? "not passed" :
	                    "no quorum",
	    (double)o->novelty / n, (double)o->feasibility / n, (double)o->benefit / n);
}

void
out_initiative(const Sk__V1__Initiative *i, bool json)
{
	static const char *const applied[] = { "not declared", "applied",
		"trial-applied" };
	char buf[40], d2[40];

	if (json) {
		json_initiative(i);
		printf("\n");
		return;
	}
	printf("Initiative %" PRIu64 " (version %u)\n", i->id, i->version);
	printf("  Title:         %s\n", i->title);
	printf("  State:         %s\n", state_name(i->state));
	printf("  Category:      %u\n", i->category);
	printf("  Field:         %s\n", i->field[0] ? i->field : "-");
	date_vn(i->first_applied, buf, sizeof(buf));
	printf("  First applied: %s (%s)\n", buf,
	    i->application < 3 ? applied[i->application] : "?");
	printf("  Authors:\n");
	for (size_t k = 0; k < i->n_authors; k++) {
		const Sk__V1__Author *a = i->authors[k];

		out_share(a->share, buf, sizeof(buf));
		printf("    %5s%%  %s", buf, a->name);
		if (a->birth_date[0]) {
			date_vn(a->birth_date, d2, sizeof(d2));
			printf(", born %s", d2);
		}
		if (a->job_title[0])
			printf(", %s", a->job_title);
		if (a->workplace[0])
			printf(", %s", a->workplace);
		if (a->qualification[0])
			printf(", %s", a->qualification);
		if (a->login[0])
			printf(" [%s%s]", a->login,
			    a->confirmed ? "" : ", not yet confirmed");
		printf("\n");
	}
	if (i->investor[0])
		printf("  Investor:      %s\n", i->investor);
	printf("  State funds:   %s\n", i->state_funded ? "used" : "not used");
	for (size_t k = 0; k < i->n_participants; k++)
		printf("  %s %s\n", k == 0 ? "Participants: " : "              ",
		    i->participants[k]);
	time_format_vn(i->created_at, buf, sizeof(buf));
	printf("  Created:       %s by %s\n", buf, i->created_by);
	time_format_vn(i->updated_at, buf, sizeof(buf));
	printf("  Updated:       %s\n", buf);
	if (i->receipt != NULL) {
		date_vn(i->receipt->accepted_on, buf, sizeof(buf));
		date_vn(i->receipt->due_on, d2, sizeof(d2));
		printf("  Receipt:       %s, accepted %s by %s, result due %s\n",
		    i->receipt->number, buf, i->receipt->accepted_by, d2);
	}
	if (i->returned_on[0] && i->state == SK__V1__STATE__STATE_RETURNED) {
		date_vn(i->returned_on, buf, sizeof(buf));
		printf("  Returned:      %s, for correction (see history)\n", buf);
	}
	if (i->duplicate_warning[0])
		printf("  WARNING:       %s\n", i->duplicate_warning);
	if (i->outcome != NULL)
		initiative_outcome(i->outcome);
	if (i->decision_id != 0)
		printf("  Decision:      %" PRIu64 " (sk decision show %" PRIu64 ")\n",
		    i->decision_id, i->decision_id);
	text_block("Summary", i->summary);
	text_block("Description", i->description);
	if (i->confidential_hidden)
		printf(
		    "  Confidential:  (hidden: for the clerk, the council and the authors)\n");
	else
		text_block("Confidential", i->confidential);
	text_block("Conditions to apply", i->conditions);
	text_block("Benefits (authors)", i->benefits);
	text_block("Benefits (trial application)", i->trial_benefits);
}

/* Is me named by login among i's authors and yet to confirm it? */
static bool
to_confirm(const Sk__V1__Initiative *i, const char *me)
{
	for (size_t k = 0; me != NULL && k < i->n_authors; k++)
		if (strcmp(i->authors[k]->login, me) == 0)
			return !i->authors[k]->confirmed;
	return false;
}

void
out_initiatives(const Sk__V1__InitiativeListResponse *l, const char *me, bool json)
{
	char buf[40];

	if (json) {
		printf("{\"initiatives\":[");
		for (size_t k = 0; k < l->n_initiatives; k++) {
			printf(k ? "," : "");
			json_initiative(l->initiatives[k]);
		}
		printf("],\"next_page_token\":");
		out_json_str(stdout, l->next_page_token);
		printf("}\n");
		return;
	}
	printf("%5s  ", "ID");
	out_cell(stdout, "STATE", 11);
	printf("CAT  ");
	out_cell(stdout, "FIRST APPL.", 12);
	out_cell(stdout, "AUTHOR", 22);
	printf("TITLE\n");
	for (size_t k = 0; k < l->n_initiatives; k++) {
		const Sk__V1__Initiative *i = l->initiatives[k];

		printf("%5" PRIu64 "  ", i->id);
		out_cell(stdout, state_name(i->state), 11);
		printf("%3u  ", i->category);
		date_vn(i->first_applied, buf, sizeof(buf));
		out_cell(stdout, buf, 12);
		out_cell(stdout, i->n_authors ? i->authors[0]->name : "-", 22);
		if (i->duplicate_warning[0] != '\0')
			fputs("(!) ", stdout); /* resembles a recognised one: see get */
		if (to_confirm(i, me))
			fputs("(confirm?) ", stdout); /* sk initiative confirm ID */
		out_cut(stdout, i->title, 60);
		printf("\n");
	}
	if (l->next_page_token[0])
		printf("(more: --page-token %s)\n", l->next_page_token);
}

static void
json_user(const Sk__V1__User *u)
{
	char roles[128], t[40], fp[65] = "";

	roles_format(u->roles, roles, sizeof(roles));
	for (size_t k = 0; k < u->fingerprint.len && k < 32; k++)
		snprintf(fp + 2 * k, 3, "%02x", u->fingerprint.data[k]);
	printf("{\"login\":");
	out_json_str(stdout, u->login);
	printf(",\"name\":");
	out_json_str(stdout, u->name);
	printf(",\"unit_id\":%u,\"roles\":", u->unit_id);
	out_json_str(stdout, roles);
	printf(",\"enabled\":%s,\"fingerprint\":\"%s\"", u->enabled ? "true" : "false",
	    fp);
	time_format_iso(u->cert_not_after, t, sizeof(t));
	printf(",\"cert_not_after\":\"%s\"}", t);
}

void
out_user(const Sk__V1__User *u, bool json)
{
	char roles[128], t[40];

	if (json) {
		json_user(u);
		printf("\n");
		return;
	}
	roles_format(u->roles, roles, sizeof(roles));
	time_format_vn(u->cert_not_after, t, sizeof(t));
	printf("User %s: %s, unit %u, roles %s, %s, certificate valid until %s\n",
	    u->login, u->name, u->unit_id, roles, u->enabled ? "enabled" : "DISABLED", t);
}

void
out_users(const Sk__V1__UserListResponse *l, bool json)
{
	char roles[128];

	if (json) {
		printf("[");
		for (size_t k = 0; k < l->n_users; k++) {
			printf(k ? "," : "");
			json_user(l->users[k]);
		}
		printf("]\n");
		return;
	}
	out_cell(stdout, "LOGIN", 18);
	printf("UNIT  ");
	out_cell(stdout, "STATUS", 9);
	out_cell(stdout, "ROLES", 24);
	printf("NAME\n");
	for (size_t k = 0; k < l->n_users; k++) {
		const Sk__V1__User *u = l->users[k];

		roles_format(u->roles, roles, sizeof(roles));
		out_cell(stdout, u->login, 18);
		printf("%4u  ", u->unit_id);
		out_cell(stdout, u->enabled ? "enabled" : "disabled", 9);
		out_cell(stdout, roles, 24);
		printf("%s\n", u->name);
	}
}

/* ---- any message as JSON -------------------------------------------------- */

static void json_msg(FILE *fp, const ProtobufCMessage *m);

static bool
ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* One value of field f at p (an element of a repeated field, or the field). */
static void
json_value(FILE *fp, const ProtobufCFieldDescriptor *f, const void *p)
{
	char t[40];

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: out_json_str(fp, *(char *const *)p); break;
	case PROTOBUF_C_TYPE_BOOL:
		fputs(*(const protobuf_c_boolean *)p ? "true" : "false", fp);
		break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32:
		fprintf(fp, "%" PRIu32, *(const uint32_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
		fprintf(fp, "%" PRId32, *(const int32_t *)p);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64:
		fprintf(fp, "%" PRIu64, *(const uint64_t *)p);
		break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		/* Times for machines: ISO 8601. */
		if (ends_with(f->name, "_at")) {
			time_format_iso(*(const int64_t *)p, t, sizeof(t));
			out_json_str(fp, t);
		} else
			fprintf(fp, "%" PRId64, *(const int64_t *)p);
		break;
	case PROTOBUF_C_TYPE_ENUM: {
		const ProtobufCEnumValue *ev =
		    protobuf_c_enum_descriptor_get_value(f->descriptor, *(const int *)p);
		char name[64];
		size_t i;

		snprintf(name, sizeof(name), "%s", ev != NULL ? ev->name : "unknown");
		for (i = 0; name[i] != '\0'; i++)
			name[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 :
			                                                    name[i]);
		out_json_str(fp, strncmp(name, "state_", 6) == 0 ? name + 6 : name);
		break;
	}
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *b = p;

		fputc('"', fp);
		for (size_t i = 0; i < b->len; i++)
			fprintf(fp, "%02x", b->data[i]);
		fputc('"', fp);
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE:
		if (*(ProtobufCMessage *const *)p != NULL)
			json_msg(fp, *(ProtobufCMessage *const *)p);
		else
			fputs("null", fp);
		break;
	default: fputs("null", fp);
	}
}

static size_t
type_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_FIXED64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_DOUBLE: return 8;
	default: return 4;
	}
}

static void
json_msg(FILE *fp, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	const char *base = (const char *)m;

	fputc('{', fp);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (i > 0)
			fputc(',', fp);
		out_json_str(fp, f->name);
		fputc(':', fp);
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n =
			    *(const size_t *)(const void *)(base + f->quantifier_offset);
			const char *arr =
			    *(const char *const *)(const void *)(base + f->offset);

			fputc('[', fp);
			for (size_t k = 0; k < n; k++) {
				if (k > 0)
					fputc(',', fp);
				json_value(fp, f, arr + k * type_size(f));
			}
			fputc(']', fp);
		} else
			json_value(fp, f, base + f->offset);
	}
	fputc('}', fp);
}

void
out_json(const ProtobufCMessage *m)
{
	json_msg(stdout, m);
	fputc('\n', stdout);
}
