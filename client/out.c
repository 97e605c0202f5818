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
			fputc(c, fp);	/* UTF-8 goes through as it is */
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

static void
json_initiative(const Sk__V1__Initiative *i)
{
	char t[40];

	printf("{\"id\":%" PRIu64 ",\"unit_id\":%u,\"title\":", i->id, i->unit_id);
	out_json_str(stdout, i->title);
	printf(",\"summary\":");
	out_json_str(stdout, i->summary);
	printf(",\"category\":%u,\"field\":", i->category);
	out_json_str(stdout, i->field);
	printf(",\"authors\":[");
	for (size_t k = 0; k < i->n_authors; k++) {
		out_share(i->authors[k]->share, t, sizeof(t));
		printf("%s{\"name\":", k ? "," : "");
		out_json_str(stdout, i->authors[k]->name);
		printf(",\"percent\":%s}", t);
	}
	printf("],\"first_applied\":");
	if (i->first_applied[0])
		out_json_str(stdout, i->first_applied);
	else
		printf("null");
	printf(",\"state\":");
	out_json_str(stdout, state_name(i->state));
	printf(",\"created_by\":");
	out_json_str(stdout, i->created_by);
	time_format_iso(i->created_at, t, sizeof(t));
	printf(",\"created_at\":\"%s\"", t);
	time_format_iso(i->updated_at, t, sizeof(t));
	printf(",\"updated_at\":\"%s\",\"version\":%u}", t, i->version);
}

void
out_initiative(const Sk__V1__Initiative *i, bool json)
{
	char buf[40];

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
	printf("  First applied: %s\n", buf);
	printf("  Authors:\n");
	for (size_t k = 0; k < i->n_authors; k++) {
		out_share(i->authors[k]->share, buf, sizeof(buf));
		printf("    %5s%%  %s\n", buf, i->authors[k]->name);
	}
	time_format_vn(i->created_at, buf, sizeof(buf));
	printf("  Created:       %s by %s\n", buf, i->created_by);
	time_format_vn(i->updated_at, buf, sizeof(buf));
	printf("  Updated:       %s\n", buf);
	printf("  Summary:\n    %s\n", i->summary[0] ? i->summary : "-");
}

void
out_initiatives(const Sk__V1__InitiativeListResponse *l, bool json)
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
	printf(",\"enabled\":%s,\"fingerprint\":\"%s\"", u->enabled ? "true" : "false", fp);
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
