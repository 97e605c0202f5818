/*
 * cmd_report: sk report summary|states|overdue|authors, the periodic and
 * ad-hoc reports of the plan (III.1, IV.2), from the figures the server
 * computes (one Stats call): a table for people, --csv FILE (the report
 * shown), --xlsx FILE (a workbook of every report, with charts), --json
 * (the StatsResponse).
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "call.h"
#include "cli.h"
#include "date.h"
#include "names.h"
#include "out.h"
#include "sheet.h"
#include "xlsx.h"

#define NSTATES 14 /* sk.v1.State values */
#define COLS_MAX 24
#define NAME_COLS 30 /* a name on a terminal */
#define TITLE_COLS 44

enum {
	OPT_UNIT = 256,
	OPT_ROUND,
	OPT_FROM,
	OPT_TO,
	OPT_CSV,
	OPT_XLSX,
	OPT_BY,
	OPT_ALL,
	OPT_FORCE,
};

enum by { BY_UNIT, BY_CATEGORY, BY_SECTOR, BY_ROUND, NBY };

enum report { R_SUMMARY, R_STATES, R_OVERDUE, R_AUTHORS };

struct opts {
	struct call_stats_query q;
	char from[16], to[16];
	const char *csv, *xlsx;
	enum by by;
	bool all, force;
};

/* The groupings, as the terminal and the documents name them. */
static const struct grouping {
	const char *word; /* --by WORD */
	const char *head, *key_vi, *name_vi;
	const char *sheet; /* its sheet in the workbook */
} groupings[NBY] = {
	{ "unit", "UNIT", "Mã đơn vị", "Đơn vị", "Theo đơn vị" },
	{ "category", "CATEGORY", "Số lĩnh vực", "Lĩnh vực", "Theo lĩnh vực" },
	{ "sector", "SECTOR", "Mã ngành", "Ngành", "Theo ngành" },
	{ "round", "ROUND", "Đợt", "Tên đợt", "Theo đợt" },
};

/* The states as a terminal's headings, and in Vietnamese for the
 * documents. */
static const char *const state_head[NSTATES] = { "?", "REGISTERED", "DRAFT", "SUBMITTED",
	"RETURNED", "ACCEPTED", "IN REVIEW", "RECOGNISED", "NOT REC.", "WITHDRAWN",
	"REFUSED", "RECEIVED", "SENT BACK", "SUPERSEDED" };

static const char *const state_vi[NSTATES] = { "Không rõ", "Đăng ký đề tài", "Bản nháp",
	"Đã nộp", "Trả lại bổ sung", "Đã tiếp nhận", "Đang xét", "Được công nhận",
	"Không được công nhận", "Đã rút", "Từ chối", "Cấp trên đã nhận", "Trả về đơn vị",
	"Đã được thay thế" };

/* A sheet with its columns (they differ by grouping). */
struct table {
	struct sheet s;
	struct sheet_col cols[COLS_MAX];
	size_t n;
};

static void
col(struct table *t, const char *head, const char *head_vi, enum sheet_type type,
    enum sheet_where where, size_t max)
{
	if (t->n < COLS_MAX)
		t->cols[t->n++] = (struct sheet_col){ head, head_vi, type, where, max };
}

/* ---- the rows of a grouping ------------------------------------------------------ */

static Sk__V1__StatsRow *const *
rows_of(const Sk__V1__StatsResponse *r, enum by by, size_t *n)
{
	switch (by) {
	case BY_CATEGORY: *n = r->n_categories; return r->categories;
	case BY_SECTOR: *n = r->n_sectors; return r->sectors;
	case BY_ROUND: *n = r->n_rounds; return r->rounds;
	default: *n = r->n_units; return r->units;
	}
}

static uint32_t
state_count(const Sk__V1__StatsRow *w, size_t st)
{
	return st < w->n_by_state ? w->by_state[st] : 0;
}

static bool
row_empty(const Sk__V1__StatsRow *w)
{
	uint32_t any = w->registered | w->applied | w->accepted | w->recognised |
	    w->not_recognised | w->refused | w->forwarded | w->recognised_above |
	    w->pending | w->overdue | w->decided;

	for (size_t k = 0; k < w->n_by_state; k++)
		any |= w->by_state[k];
	return any == 0;
}

/* A row's name for people: on a terminal (vi false) or in the documents. */
static void
row_label(enum by by, const Sk__V1__StatsRow *w, bool vi, char *buf, size_t sz)
{
	bool none = w->key[0] == '\0';

	if (by == BY_UNIT)
		snprintf(buf, sz, "%s", w->name[0] ? w->name : w->key);
	else if (none && by == BY_CATEGORY)
		snprintf(buf, sz, "%s", vi ? "(không ghi)" : "(none)");
	else if (none)
		snprintf(buf, sz, "%s", vi ? "(chưa gửi lên cấp trên)" : "(not sent up)");
	else if (by == BY_CATEGORY && !vi)
		snprintf(buf, sz, "%s%s%s", w->key, w->name[0] ? ". " : "", w->name);
	else if (by == BY_ROUND && !vi)
		snprintf(buf, sz, "%s%s%s", w->key, w->name[0] ? " " : "", w->name);
	else if (w->name[0] != '\0')
		snprintf(buf, sz, "%s", w->name);
	else if (by == BY_ROUND)
		snprintf(buf, sz, "Đợt %s", w->key);
	else
		snprintf(buf, sz, "%s", w->key);
}

/* Label (terminal), key and name (documents): the first three columns. */
static void
label_cols(struct table *t, enum by by)
{
	const struct grouping *g = &groupings[by];

	col(t, g->head, "", SHEET_TEXT, SHEET_TERMINAL, NAME_COLS);
	col(t, "", g->key_vi, SHEET_TEXT, SHEET_FILES, 0);
	col(t, "", g->name_vi, SHEET_TEXT, SHEET_FILES, 0);
}

static int
label_cells(struct table *t, enum by by, const Sk__V1__StatsRow *w, bool total)
{
	char label[512], name[512];

	row_label(by, w, false, label, sizeof(label));
	row_label(by, w, true, name, sizeof(name));
	return sheet_text(&t->s, 0, total ? "TOTAL" : label) ||
	    sheet_text(&t->s, 1, total ? "" : w->key) ||
	    sheet_text(&t->s, 2, total ? "Tổng cộng" : name);
}

/* ---- summary: the funnel and the days to a decision --------------------------------- */

static void
summary_cols(struct table *t, enum by by)
{
	label_cols(t, by);
	col(t, "TOPICS", "Đăng ký đề tài", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "FILED", "Nộp hồ sơ", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "RECEIPTS", "Tiếp nhận", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "RECOGNISED", "Được công nhận", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "NOT REC.", "Không được công nhận", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "REFUSED", "Từ chối", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "SENT UP", "Gửi lên cấp trên", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "REC. ABOVE", "Cấp trên công nhận", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "PENDING", "Đang chờ xét", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "OVERDUE", "Quá hạn", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "DECIDED", "Đã quyết định", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "MEDIAN DAYS", "Số ngày đến quyết định (trung vị)", SHEET_NUMBER,
	    SHEET_BOTH, 0);
	col(t, "MAX DAYS", "Số ngày đến quyết định (dài nhất)", SHEET_NUMBER, SHEET_BOTH,
	    0);
}

#define SUMMARY_RECOGNISED 6 /* the column charts draw */

static int
summary_row(struct table *t, enum by by, const Sk__V1__StatsRow *w, bool total)
{
	const double v[] = { w->registered, w->applied, w->accepted, w->recognised,
		w->not_recognised, w->refused, w->forwarded, w->recognised_above,
		w->pending, w->overdue, w->decided, w->days_median, w->days_max };

	size_t n = sizeof(v) / sizeof(v[0]);

	if (sheet_row(&t->s) != 0 || label_cells(t, by, w, total) != 0)
		return -1;
	/* Without a decision there are no days to tell: the cells stay empty. */
	for (size_t k = 0; k < (w->decided > 0 ? n : n - 2); k++)
		sheet_number(&t->s, 3 + k, v[k]);
	return 0;
}

/* ---- states: how many are where ------------------------------------------------------- */

static void
states_cols(struct table *t, enum by by)
{
	label_cols(t, by);
	for (size_t st = 1; st < NSTATES; st++)
		col(t, state_head[st], state_vi[st], SHEET_NUMBER, SHEET_NONZERO, 0);
	col(t, "ALL", "Tổng số", SHEET_NUMBER, SHEET_BOTH, 0);
}

static int
states_row(struct table *t, enum by by, const Sk__V1__StatsRow *w, bool total)
{
	uint32_t all = 0;

	if (sheet_row(&t->s) != 0 || label_cells(t, by, w, total) != 0)
		return -1;
	for (size_t st = 1; st < NSTATES; st++) {
		sheet_number(&t->s, 2 + st, state_count(w, st));
		all += state_count(w, st);
	}
	sheet_number(&t->s, 2 + NSTATES, all);
	return 0;
}

/* A grouping's sheet: its rows (those with nothing too when all), then
 * the total. */
static int
grouped(struct table *t, const Sk__V1__StatsResponse *r, enum report which, enum by by,
    bool all)
{
	int (*row)(struct table *, enum by, const Sk__V1__StatsRow *, bool) =
	    which == R_STATES ? states_row : summary_row;
	Sk__V1__StatsRow *const *v;
	size_t n;

	memset(t, 0, sizeof(*t));
	if (which == R_STATES)
		states_cols(t, by);
	else
		summary_cols(t, by);
	sheet_init(&t->s, which == R_STATES ? "Trạng thái" : groupings[by].sheet, t->cols,
	    t->n);
	v = rows_of(r, by, &n);
	for (size_t i = 0; i < n; i++)
		if ((all || !row_empty(v[i])) && row(t, by, v[i], false) != 0)
			return -1;
	if (r->total == NULL || row(t, by, r->total, true) != 0)
		return -1;
	t->s.total = true;
	return 0;
}

/* ---- overdue ----------------------------------------------------------------------------- */

static int
overdue_sheet(struct table *t, const Sk__V1__StatsResponse *r)
{
	memset(t, 0, sizeof(*t));
	col(t, "UNIT", "Đơn vị", SHEET_TEXT, SHEET_BOTH, 0);
	col(t, "ID", "Số hồ sơ", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "STATE", "", SHEET_TEXT, SHEET_TERMINAL, 0);
	col(t, "", "Trạng thái", SHEET_TEXT, SHEET_FILES, 0);
	col(t, "LATE FOR", "", SHEET_TEXT, SHEET_TERMINAL, 0);
	col(t, "", "Quá hạn", SHEET_TEXT, SHEET_FILES, 0);
	col(t, "DUE", "Hạn", SHEET_DATE, SHEET_BOTH, 0);
	col(t, "DAYS LATE", "Số ngày quá hạn", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "", "Lĩnh vực", SHEET_NUMBER, SHEET_FILES, 0);
	col(t, "TITLE", "Tên sáng kiến", SHEET_TEXT, SHEET_BOTH, TITLE_COLS);
	sheet_init(&t->s, "Quá hạn", t->cols, t->n);
	for (size_t i = 0; i < r->n_overdue; i++) {
		const Sk__V1__StatsLate *l = r->overdue[i];
		bool review = strcmp(l->what, "council review") == 0;
		uint32_t st = (uint32_t)l->state;

		if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, l->unit_code) != 0 ||
		    sheet_text(&t->s, 2, state_name(st)) != 0 ||
		    sheet_text(&t->s, 3, st < NSTATES ? state_vi[st] : "") != 0 ||
		    sheet_text(&t->s, 4, l->what) != 0 ||
		    sheet_text(&t->s, 5,
		        review ? "Hội đồng chưa xét xong" : "Chưa bổ sung hồ sơ") != 0 ||
		    sheet_text(&t->s, 9, l->title) != 0)
			return -1;
		sheet_number(&t->s, 1, (double)l->initiative_id);
		sheet_date(&t->s, 6, l->due_on);
		sheet_number(&t->s, 7, l->days_late);
		if (l->category != 0)
			sheet_number(&t->s, 8, l->category);
	}
	return 0;
}

/* ---- authors, for commendation ----------------------------------------------------------- */

static int
credit_row(struct table *t, const Sk__V1__StatsAuthor *a, const Sk__V1__StatsCredit *c,
    bool first)
{
	if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, first ? a->name : "") != 0 ||
	    sheet_text(&t->s, 1, first ? a->workplace : "") != 0 ||
	    sheet_text(&t->s, 4, c->unit_code) != 0 ||
	    sheet_text(&t->s, 6, c->title) != 0 ||
	    sheet_text(&t->s, 9, c->decision_number) != 0 ||
	    sheet_text(&t->s, 11, c->origin_code) != 0 ||
	    sheet_text(&t->s, 12, c->award) != 0)
		return -1;
	if (first) {
		sheet_number(&t->s, 2, a->recognised);
		sheet_number(&t->s, 3, a->shares / 100.0);
	}
	sheet_number(&t->s, 5, (double)c->initiative_id);
	if (c->category != 0)
		sheet_number(&t->s, 7, c->category);
	sheet_number(&t->s, 8, c->share / 100.0);
	sheet_date(&t->s, 10, c->decision_signed_on);
	return 0;
}

/* One row per recognition; on a terminal the author's columns only on
 * their first (grouped), in the documents on every one (to filter by). */
static int
authors_sheet(struct table *t, const Sk__V1__StatsResponse *r, bool group)
{
	memset(t, 0, sizeof(*t));
	col(t, "AUTHOR", "Tác giả", SHEET_TEXT, SHEET_BOTH, 26);
	col(t, "WORKPLACE", "Nơi công tác", SHEET_TEXT, SHEET_BOTH, 26);
	col(t, "N", "Số sáng kiến được công nhận", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "SHARES %", "Tổng tỷ lệ đóng góp (%)", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "UNIT", "Đơn vị công nhận", SHEET_TEXT, SHEET_BOTH, 0);
	col(t, "ID", "Số hồ sơ", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "TITLE", "Tên sáng kiến", SHEET_TEXT, SHEET_BOTH, TITLE_COLS);
	col(t, "", "Lĩnh vực", SHEET_NUMBER, SHEET_FILES, 0);
	col(t, "SHARE %", "Tỷ lệ đóng góp (%)", SHEET_NUMBER, SHEET_BOTH, 0);
	col(t, "DECISION", "Số quyết định", SHEET_TEXT, SHEET_BOTH, 0);
	col(t, "SIGNED", "Ngày quyết định", SHEET_DATE, SHEET_BOTH, 0);
	col(t, "FROM", "Đơn vị gửi lên", SHEET_TEXT, SHEET_BOTH, 0);
	col(t, "AWARD", "Khen thưởng", SHEET_TEXT, SHEET_BOTH, 24);
	sheet_init(&t->s, "Tác giả", t->cols, t->n);
	for (size_t i = 0; i < r->n_authors; i++) {
		const Sk__V1__StatsAuthor *a = r->authors[i];

		for (size_t k = 0; k < a->n_credits; k++)
			if (credit_row(t, a, a->credits[k], k == 0 || !group) != 0)
				return -1;
	}
	return 0;
}

/* ---- what was asked, in words -------------------------------------------------------------- */

static const char *
round_named(const Sk__V1__StatsResponse *r, char *buf, size_t sz)
{
	char key[24];

	snprintf(key, sizeof(key), "%" PRIu64, r->round_id);
	for (size_t i = 0; i < r->n_rounds; i++)
		if (strcmp(r->rounds[i]->key, key) == 0 && r->rounds[i]->name[0]) {
			snprintf(buf, sz, "%" PRIu64 " \"%s\"", r->round_id,
			    r->rounds[i]->name);
			return buf;
		}
	snprintf(buf, sz, "%" PRIu64, r->round_id);
	return buf;
}

static void
print_heading(const Sk__V1__StatsResponse *r)
{
	char d1[16], d2[16], d3[16], rn[300];

	printf("Figures of %zu unit%s as of %s; ", r->n_units, r->n_units == 1 ? "" : "s",
	    out_date(r->as_of, d1, sizeof(d1)));
	if (r->from[0] == '\0' && r->to[0] == '\0')
		printf("all time");
	else if (r->to[0] == '\0')
		printf("from %s on", out_date(r->from, d2, sizeof(d2)));
	else if (r->from[0] == '\0')
		printf("until %s", out_date(r->to, d3, sizeof(d3)));
	else
		printf("from %s to %s", out_date(r->from, d2, sizeof(d2)),
		    out_date(r->to, d3, sizeof(d3)));
	if (r->round_id != 0)
		printf("; round %s", round_named(r, rn, sizeof(rn)));
	printf(".\n\n");
}

/* The info sheet of the workbook: what the figures are of. */
static int
info_sheet(struct table *t, const Sk__V1__StatsResponse *r)
{
	char rn[300], n[32];

	memset(t, 0, sizeof(*t));
	col(t, "", "Mục", SHEET_TEXT, SHEET_BOTH, 0);
	col(t, "", "Ngày", SHEET_DATE, SHEET_BOTH, 0);
	col(t, "", "Giá trị", SHEET_TEXT, SHEET_BOTH, 0);
	sheet_init(&t->s, "Thông tin", t->cols, t->n);
	snprintf(n, sizeof(n), "%zu", r->n_units);
	if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Số liệu đến ngày") != 0)
		return -1;
	sheet_date(&t->s, 1, r->as_of);
	if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Từ ngày") != 0 ||
	    sheet_text(&t->s, 2, r->from[0] ? "" : "không giới hạn") != 0)
		return -1;
	sheet_date(&t->s, 1, r->from);
	if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Đến ngày") != 0 ||
	    sheet_text(&t->s, 2, r->to[0] ? "" : "không giới hạn") != 0)
		return -1;
	sheet_date(&t->s, 1, r->to);
	if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Đợt") != 0 ||
	    sheet_text(&t->s, 2,
	        r->round_id ? round_named(r, rn, sizeof(rn)) : "tất cả") != 0 ||
	    sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Số đơn vị") != 0 ||
	    sheet_text(&t->s, 2, n) != 0)
		return -1;
	for (size_t i = 0; i < r->n_units; i++)
		if (sheet_row(&t->s) != 0 || sheet_text(&t->s, 0, "Đơn vị") != 0 ||
		    sheet_text(&t->s, 2, r->units[i]->name) != 0)
			return -1;
	return 0;
}

/* ---- files ------------------------------------------------------------------------------ */

/* FILE unless it exists and force is not given: checked before asking. */
static int
file_free(struct cli *c, const char *path, bool force)
{
	if (path != NULL && !force && access(path, F_OK) == 0)
		return cli_local(c, "%s: exists; give --force to replace it", path);
	return 0;
}

/* Written beside path, then renamed over it once whole. */
static int
write_csv(struct cli *c, const char *path, const struct sheet *s)
{
	char tmp[4096];
	FILE *fp;
	int rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.part", path) >= sizeof(tmp))
		return cli_local(c, "%s: name too long", path);
	if ((fp = fopen(tmp, "wb")) == NULL)
		return cli_local(c, "%s: cannot write: %m", tmp);
	rc = sheet_csv(fp, s, true);
	if (fclose(fp) != 0 || rc != 0 || rename(tmp, path) != 0) {
		remove(tmp);
		return cli_local(c, "%s: cannot write: %m", path);
	}
	return 0;
}

enum sheet_no {
	W_INFO,
	W_UNITS,
	W_CATEGORIES,
	W_SECTORS,
	W_ROUNDS,
	W_STATES,
	W_OVERDUE,
	W_AUTHORS,
	NW
};

static int
write_xlsx(struct cli *c, const char *path, const Sk__V1__StatsResponse *r,
    enum report which, enum by by)
{
	struct table t[NW];
	const struct sheet *sp[NW];
	const struct xlsx_chart charts[] = {
		{ W_UNITS, 2, SUMMARY_RECOGNISED, XLSX_BAR,
		    "Sáng kiến được công nhận theo đơn vị" },
		{ W_CATEGORIES, 2, SUMMARY_RECOGNISED, XLSX_COLUMN,
		    "Sáng kiến được công nhận theo lĩnh vực" },
	};
	struct xlsx_book b = { "Báo cáo sáng kiến", "Số liệu sáng kiến", sp, NW, 0,
		charts, sizeof(charts) / sizeof(charts[0]) };
	char tmp[4096], why[256];
	int rc = 0;

	memset(t, 0, sizeof(t));
	if (info_sheet(&t[W_INFO], r) != 0 ||
	    grouped(&t[W_UNITS], r, R_SUMMARY, BY_UNIT, true) != 0 ||
	    grouped(&t[W_CATEGORIES], r, R_SUMMARY, BY_CATEGORY, true) != 0 ||
	    grouped(&t[W_SECTORS], r, R_SUMMARY, BY_SECTOR, true) != 0 ||
	    grouped(&t[W_ROUNDS], r, R_SUMMARY, BY_ROUND, true) != 0 ||
	    grouped(&t[W_STATES], r, R_STATES, BY_UNIT, true) != 0 ||
	    overdue_sheet(&t[W_OVERDUE], r) != 0 ||
	    authors_sheet(&t[W_AUTHORS], r, false) != 0)
		rc = cli_local(c, "out of memory");
	for (size_t i = 0; i < NW; i++)
		sp[i] = &t[i].s;
	b.active = which == R_STATES ? W_STATES :
	    which == R_OVERDUE       ? W_OVERDUE :
	    which == R_AUTHORS       ? W_AUTHORS :
	                               W_UNITS + (size_t)by;
	if (rc == 0 && (size_t)snprintf(tmp, sizeof(tmp), "%s.part", path) >= sizeof(tmp))
		rc = cli_local(c, "%s: name too long", path);
	if (rc == 0 && xlsx_write(tmp, &b, why, sizeof(why)) != 0) {
		remove(tmp);
		rc = cli_local(c, "%s: cannot write the workbook: %s", path, why);
	}
	if (rc == 0 && rename(tmp, path) != 0) {
		remove(tmp);
		rc = cli_local(c, "%s: cannot write: %m", path);
	}
	for (size_t i = 0; i < NW; i++)
		sheet_free(&t[i].s);
	return rc;
}

/* ---- the command -------------------------------------------------------------------------- */

static int
parse(struct cli *c, int argc, char **argv, enum report which, struct opts *o)
{
	static const struct option opts[] = {
		{ "unit", required_argument, NULL, OPT_UNIT },
		{ "round", required_argument, NULL, OPT_ROUND },
		{ "from", required_argument, NULL, OPT_FROM },
		{ "to", required_argument, NULL, OPT_TO },
		{ "csv", required_argument, NULL, OPT_CSV },
		{ "xlsx", required_argument, NULL, OPT_XLSX },
		{ "by", required_argument, NULL, OPT_BY },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ NULL, 0, NULL, 0 },
	};
	int ch, rc;

	memset(o, 0, sizeof(*o));
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_UNIT: o->q.unit = optarg; break;
		case OPT_ROUND:
			if (!cli_parse_id(optarg, &o->q.round))
				return cli_usage(
				    "--round \"%s\": give a round's ID (sk round list)",
				    optarg);
			break;
		case OPT_FROM:
			if ((rc = cli_date("--from", optarg, o->from, sizeof(o->from))) !=
			    0)
				return rc;
			break;
		case OPT_TO:
			if ((rc = cli_date("--to", optarg, o->to, sizeof(o->to))) != 0)
				return rc;
			break;
		case OPT_CSV: o->csv = optarg; break;
		case OPT_XLSX: o->xlsx = optarg; break;
		case OPT_BY:
			for (o->by = 0;
			     o->by < NBY && strcmp(groupings[o->by].word, optarg) != 0;
			     o->by++)
				;
			if (o->by == NBY || (which != R_SUMMARY && which != R_STATES))
				return cli_usage("--by \"%s\": %s", optarg,
				    which != R_SUMMARY && which != R_STATES ?
				        "only summary and states are grouped" :
				        "give unit, category, sector or round");
			break;
		case OPT_ALL: o->all = true; break;
		case OPT_FORCE: o->force = true; break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (optind != argc)
		return cli_usage("unexpected argument \"%s\"", argv[optind]);
	if (o->from[0] && o->to[0] && strcmp(o->from, o->to) > 0)
		return cli_usage("--to %s is before --from %s", o->to, o->from);
	if (o->csv != NULL && o->xlsx != NULL && strcmp(o->csv, o->xlsx) == 0)
		return cli_usage("--csv and --xlsx name the same file");
	o->q.from = o->from;
	o->q.to = o->to;
	return 0;
}

/* The report shown (on a terminal: grouped and without empty rows). */
static int
build(struct table *t, const Sk__V1__StatsResponse *r, enum report which,
    const struct opts *o, bool terminal)
{
	switch (which) {
	case R_OVERDUE: return overdue_sheet(t, r);
	case R_AUTHORS: return authors_sheet(t, r, terminal);
	default: return grouped(t, r, which, o->by, o->all || !terminal);
	}
}

static void
print_report(const Sk__V1__StatsResponse *r, enum report which, const struct opts *o,
    const struct table *t)
{
	size_t n;

	print_heading(r);
	if (which == R_OVERDUE && t->s.nrows == 0) {
		printf("(nothing is overdue)\n");
		return;
	}
	if (which == R_AUTHORS && t->s.nrows == 0) {
		printf("(no initiative was recognised in the period)\n");
		return;
	}
	sheet_print(stdout, &t->s);
	rows_of(r, o->by, &n);
	if ((which == R_SUMMARY || which == R_STATES) && t->s.nrows - 1 < n)
		printf("(%zu of the %zu rows have figures; --all lists every one)\n",
		    t->s.nrows - 1, n);
}

static int
report(struct cli *c, int argc, char **argv, enum report which)
{
	Sk__V1__StatsResponse *r;
	struct table t;
	struct opts o;
	int rc;

	if ((rc = parse(c, argc, argv, which, &o)) != 0 ||
	    (rc = file_free(c, o.csv, o.force)) != 0 ||
	    (rc = file_free(c, o.xlsx, o.force)) != 0)
		return rc;
	if ((rc = cli_connect(c)) != 0 ||
	    (rc = cli_status(c, call_stats(c->conn, &o.q, &r, &c->err))) != 0)
		return rc;
	if (build(&t, r, which, &o, o.csv == NULL && o.xlsx == NULL && !c->json) != 0)
		rc = cli_local(c, "out of memory");
	if (rc == 0 && o.csv != NULL)
		rc = write_csv(c, o.csv, &t.s);
	if (rc == 0 && o.xlsx != NULL)
		rc = write_xlsx(c, o.xlsx, r, which, o.by);
	if (rc == 0 && c->json)
		out_json(&r->base);
	else if (rc == 0 && (o.csv != NULL || o.xlsx != NULL)) {
		if (o.csv != NULL)
			printf("Wrote %s: %zu rows.\n", o.csv, t.s.nrows);
		if (o.xlsx != NULL)
			printf("Wrote %s: %d sheets.\n", o.xlsx, NW);
	} else if (rc == 0)
		print_report(r, which, &o, &t);
	sheet_free(&t.s);
	call_free(r);
	return rc;
}

int
cmd_report_summary(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_SUMMARY);
}

int
cmd_report_states(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_STATES);
}

int
cmd_report_overdue(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_OVERDUE);
}

int
cmd_report_authors(struct cli *c, int argc, char **argv)
{
	return report(c, argc, argv, R_AUTHORS);
}
