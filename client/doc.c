/* doc: the document model, its text, and what the papers share; see doc.h. */
#include "doc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "text.h"

#define K(x) SK__V1__UNIT_KIND__UNIT_##x
#define NAME_MAX_BYTES 512

/* Memory a paper owns: a chain of blocks freed with it. */
struct doc_mem {
	struct doc_mem *next;
	max_align_t data[];
};

/* ---- the model ---------------------------------------------------------------- */

struct doc *
doc_new(void)
{
	return calloc(1, sizeof(struct doc));
}

void
doc_free(struct doc *d)
{
	while (d != NULL) {
		struct doc *next = d->next;

		for (struct doc_mem *m = d->mem, *n; m != NULL; m = n) {
			n = m->next;
			free(m);
		}
		free(d->blocks);
		free(d);
		d = next;
	}
}

struct doc *
doc_append(struct doc *d)
{
	struct doc *last = d;

	while (last->next != NULL)
		last = last->next;
	if ((last->next = doc_new()) == NULL)
		d->oom = true;
	return last->next;
}

void *
doc_alloc(struct doc *d, size_t n)
{
	struct doc_mem *m = calloc(1, sizeof(*m) + n);

	if (m == NULL) {
		d->oom = true;
		return NULL;
	}
	m->next = d->mem;
	d->mem = m;
	return m->data;
}

const char *
doc_vstr(struct doc *d, const char *fmt, va_list ap)
{
	va_list aq;
	char *s;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0 || (s = doc_alloc(d, (size_t)n + 1)) == NULL) {
		d->oom = true;
		return "";
	}
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

const char *
doc_str(struct doc *d, const char *fmt, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, fmt);
	s = doc_vstr(d, fmt, ap);
	va_end(ap);
	return s;
}

/* Blocks are owned by d and never move: a builder may fill a table after
 * adding more blocks. */
static struct doc_block *
block_add(struct doc *d, enum doc_block_kind kind)
{
	struct doc_block *b, **v;

	if (d->n_blocks == d->cap_blocks) {
		size_t cap = d->cap_blocks ? d->cap_blocks * 2 : 16;

		if ((v = realloc(d->blocks, cap * sizeof(*v))) == NULL) {
			d->oom = true;
			return NULL;
		}
		d->blocks = v;
		d->cap_blocks = cap;
	}
	if ((b = doc_alloc(d, sizeof(*b))) == NULL)
		return NULL;
	b->kind = kind;
	d->blocks[d->n_blocks++] = b;
	return b;
}

struct doc_block *
doc_para(struct doc *d, unsigned style, const char *fmt, ...)
{
	struct doc_block *b = block_add(d, DOC_PARA);
	va_list ap;

	if (b == NULL)
		return NULL;
	b->style = style;
	va_start(ap, fmt);
	b->text = doc_vstr(d, fmt, ap);
	va_end(ap);
	return b;
}

struct doc_block *
doc_field(struct doc *d, const char *label, const char *fmt, ...)
{
	struct doc_block *b = block_add(d, DOC_FIELD);
	va_list ap;

	if (b == NULL)
		return NULL;
	b->text = doc_str(d, "%s", label);
	va_start(ap, fmt);
	b->value = doc_vstr(d, fmt, ap);
	va_end(ap);
	return b;
}

struct doc_block *
doc_table(struct doc *d, size_t rows, size_t cols, const unsigned *widths)
{
	struct doc_block *b = block_add(d, DOC_TABLE);
	const char **cells;

	if (b == NULL)
		return NULL;
	if ((cells = doc_alloc(d, rows * cols * sizeof(*cells) + 1)) == NULL)
		return NULL;
	for (size_t i = 0; i < rows * cols; i++)
		cells[i] = "";
	b->rows = rows;
	b->cols = cols;
	b->cells = cells;
	b->widths = widths;
	return b;
}

void
doc_cell(struct doc *d, struct doc_block *t, size_t row, size_t col, const char *fmt, ...)
{
	va_list ap;

	if (t == NULL || row >= t->rows || col >= t->cols)
		return;
	va_start(ap, fmt);
	t->cells[row * t->cols + col] = doc_vstr(d, fmt, ap);
	va_end(ap);
}

struct doc_sign *
doc_sign_new(struct doc *d, const char *const *lines, const char *hint)
{
	struct doc_sign *s = doc_alloc(d, sizeof(*s));

	if (s == NULL)
		return NULL;
	for (; lines != NULL && *lines != NULL && s->n_lines < DOC_SIGN_LINES; lines++)
		s->lines[s->n_lines++] = doc_str(d, "%s", *lines);
	s->hint = hint != NULL ? doc_str(d, "%s", hint) : NULL;
	return s;
}

void
doc_sign_name(struct doc *d, struct doc_sign *s, const char *name)
{
	if (s != NULL && s->n_names < DOC_SIGN_NAMES)
		s->names[s->n_names++] = doc_str(d, "%s", name);
}

struct doc_block *
doc_signs(struct doc *d, struct doc_sign *right, struct doc_sign *left, bool recipients)
{
	struct doc_block *b = block_add(d, DOC_SIGN);

	if (b == NULL)
		return NULL;
	b->right = right;
	b->left = left;
	b->recipients = recipients;
	return b;
}

void
doc_recipient(struct doc *d, const char *fmt, ...)
{
	const char **v;
	va_list ap;

	/* A few recipients: the array grows by copying, owned by d. */
	if ((v = doc_alloc(d, (d->n_recipients + 1) * sizeof(*v))) == NULL)
		return;
	if (d->n_recipients > 0)
		memcpy(v, d->recipients, d->n_recipients * sizeof(*v));
	va_start(ap, fmt);
	v[d->n_recipients] = doc_vstr(d, fmt, ap);
	va_end(ap);
	d->recipients = v;
	d->n_recipients++;
}

/* ---- text ------------------------------------------------------------------------- */

static void
text_header(FILE *fp, const struct doc *d)
{
	if (d->parent != NULL)
		fprintf(fp, "%s\n", d->parent);
	if (d->body != NULL)
		fprintf(fp, "%s\n", d->body);
	if (d->number != NULL)
		fprintf(fp, "Số: %s\n", d->number);
	fprintf(fp, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n");
	if (d->place_date != NULL && !d->date_at_end)
		fprintf(fp, "%s\n", d->place_date);
	fprintf(fp, "\n%s\n", d->kind);
	if (d->subject != NULL)
		fprintf(fp, "%s\n", d->subject);
	fputc('\n', fp);
}

/* The widest label of the run of fields from blocks[i]. */
static size_t
fields_width(const struct doc *d, size_t i)
{
	size_t w = 0;

	for (; i < d->n_blocks && d->blocks[i]->kind == DOC_FIELD; i++)
		if (text_width(d->blocks[i]->text) > w)
			w = text_width(d->blocks[i]->text);
	return w;
}

/* A cell on one line: its line breaks become "; ". */
static void
text_cell(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '\n')
			fputs("; ", fp);
		else
			fputc(*s, fp);
}

static void
text_table(FILE *fp, const struct doc_block *b)
{
	for (size_t r = 0; r < b->rows; r++) {
		fputs(r == 0 ? "" : "  ", fp);
		for (size_t k = 0; k < b->cols; k++) {
			if (k > 0)
				fputs(" | ", fp);
			text_cell(fp, b->cells[r * b->cols + k]);
		}
		fputc('\n', fp);
	}
}

static void
text_sign(FILE *fp, const struct doc_sign *s)
{
	for (size_t i = 0; i < s->n_lines; i++)
		fprintf(fp, "%s\n", s->lines[i]);
	if (s->hint != NULL)
		fprintf(fp, "%s\n", s->hint);
	for (size_t i = 0; i < s->n_names; i++)
		fprintf(fp, "%s\n", s->names[i]);
}

static void
text_signs(FILE *fp, const struct doc *d, const struct doc_block *b)
{
	fputc('\n', fp);
	if (b->left != NULL) {
		text_sign(fp, b->left);
		fputc('\n', fp);
	}
	/* An application's place and date stand right above its signature. */
	if (d->date_at_end && d->place_date != NULL)
		fprintf(fp, "%s\n", d->place_date);
	if (b->right != NULL)
		text_sign(fp, b->right);
	if (b->recipients && d->n_recipients > 0) {
		fprintf(fp, "\nNơi nhận:\n");
		for (size_t i = 0; i < d->n_recipients; i++)
			fprintf(fp, "%s\n", d->recipients[i]);
	}
}

static void
text_block(FILE *fp, const struct doc *d, size_t i, size_t *label_w)
{
	const struct doc_block *b = d->blocks[i];
	size_t w;

	if (b->kind != DOC_FIELD)
		*label_w = 0;
	switch (b->kind) {
	case DOC_PARA:
		fprintf(fp, "%s%s\n", b->style & DOC_QUOTE ? "  " : "", b->text);
		break;
	case DOC_FIELD:
		/* A run of fields lines up its values, two columns after the
		 * widest label. */
		if (*label_w == 0)
			*label_w = fields_width(d, i) + 3;
		fprintf(fp, "%s:", b->text);
		for (w = text_width(b->text) + 1; w < *label_w; w++)
			fputc(' ', fp);
		fprintf(fp, "%s\n", b->value);
		break;
	case DOC_TABLE: text_table(fp, b); break;
	case DOC_SIGN: text_signs(fp, d, b); break;
	}
}

void
doc_text(FILE *fp, const struct doc *d)
{
	for (const struct doc *p = d; p != NULL; p = p->next) {
		size_t label_w = 0;

		if (p != d)
			fprintf(fp, "\n----------------------------------------\n\n");
		text_header(fp, p);
		for (size_t i = 0; i < p->n_blocks; i++)
			text_block(fp, p, i, &label_w);
		if (p->log != NULL)
			fprintf(fp, "\n%s\n", p->log);
	}
}

/* ---- what the papers share ---------------------------------------------------------- */

const char *const doc_default_bases[] = {
	"Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ "
	"ban hành Điều lệ Sáng kiến;",
	"Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013 của Bộ Khoa "
	"học và Công nghệ hướng dẫn thi hành một số quy định của Điều lệ Sáng kiến "
	"được ban hành theo Nghị định số 13/2012/NĐ-CP;",
	"Căn cứ Kế hoạch của Ủy ban nhân dân huyện Phúc Thọ triển khai viết sáng kiến, "
	"sáng tạo, giải pháp cải tiến kỹ thuật đối với cán bộ, công chức, viên chức, "
	"người lao động trên địa bàn huyện Phúc Thọ năm 2024;",
};
const size_t doc_n_default_bases =
    sizeof(doc_default_bases) / sizeof(doc_default_bases[0]);

void
doc_date_words(const char *iso, char *buf, size_t sz)
{
	int32_t day;
	int y, m, d;

	if (iso == NULL || !date_parse_iso(iso, &day)) {
		snprintf(buf, sz, "ngày ... tháng ... năm ...");
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	/* Nghị định 30/2020, Phụ lục I: a zero before a day under 10 and
	 * before months 1 and 2, none before the other months. */
	snprintf(buf, sz, "ngày %02d tháng %s%d năm %d", d, m <= 2 ? "0" : "", m, y);
}

/* Is u a local government (its People's Committee decides)? */
static bool
local_government(const Sk__V1__Unit *u)
{
	switch (u->kind) {
	case K(DISTRICT):
	case K(TOWNSHIP):
	case K(COMMUNE):
	case K(WARD):
	case K(CITY):
	case K(PROVINCE): return true;
	default: return false;
	}
}

void
doc_body_name(const Sk__V1__Unit *u, char *buf, size_t sz)
{
	char up[NAME_MAX_BYTES];

	if (!text_case(u->name, false, false, up, sizeof(up)))
		snprintf(up, sizeof(up), "%s", u->name);
	snprintf(buf, sz, "%s%s", local_government(u) ? "UBND " : "", up);
}

/* The words that name a unit's kind before its name. */
static const char *const kind_words[] = { "Thị trấn ", "Thị xã ", "Thành phố ", "Xã ",
	"Phường ", "Huyện ", "Quận ", "Tỉnh " };

void
doc_place(const Sk__V1__Unit *u, const Sk__V1__Unit *parent, char *buf, size_t sz)
{
	if (!local_government(u) && parent != NULL && parent != u) {
		doc_place(parent, NULL, buf, sz);
		return;
	}
	for (size_t i = 0; i < sizeof(kind_words) / sizeof(kind_words[0]); i++) {
		size_t n = strlen(kind_words[i]);

		if (strncmp(u->name, kind_words[i], n) == 0 && u->name[n] != '\0') {
			snprintf(buf, sz, "%s", u->name + n);
			return;
		}
	}
	snprintf(buf, sz, "%s", u->name);
}

void
doc_unit_in_text(const Sk__V1__Unit *u, char *buf, size_t sz)
{
	char low[NAME_MAX_BYTES];

	if (!local_government(u)) {
		snprintf(buf, sz, "%s", u->name);
		return;
	}
	/* "Xã Hát Môn" reads "UBND xã Hát Môn" inside a sentence. */
	if (!text_case(u->name, true, true, low, sizeof(low)))
		snprintf(low, sizeof(low), "%s", u->name);
	snprintf(buf, sz, "UBND %s", low);
}

/* Who heads a unit that is no People's Committee, by the first words of
 * its name: the word before the name, and the title they sign under. */
static const struct {
	const char *prefix, *word, *sign;
} heads[] = {
	{ "Phòng ", "TRƯỞNG", "TRƯỞNG PHÒNG" },
	{ "Văn phòng ", "CHÁNH", "CHÁNH VĂN PHÒNG" },
	{ "Thanh tra ", "CHÁNH", "CHÁNH THANH TRA" },
	{ "Trung tâm ", "GIÁM ĐỐC", "GIÁM ĐỐC" }, { "Sở ", "GIÁM ĐỐC", "GIÁM ĐỐC" },
	{ "Huyện đoàn", "BÍ THƯ", "BÍ THƯ" },
	{ "", "CHỦ TỊCH", "CHỦ TỊCH" }, /* hội, ủy ban, liên đoàn */
};

void
doc_head(const Sk__V1__Unit *u, char *authority, size_t asz, const char **sign1,
    const char **sign2)
{
	char up[NAME_MAX_BYTES];
	size_t i = 0;

	if (!text_case(u->name, false, false, up, sizeof(up)))
		snprintf(up, sizeof(up), "%s", u->name);
	if (local_government(u)) {
		snprintf(authority, asz, "CHỦ TỊCH ỦY BAN NHÂN DÂN %s", up);
		*sign1 = "TM. ỦY BAN NHÂN DÂN";
		*sign2 = "CHỦ TỊCH";
		return;
	}
	while (strncmp(u->name, heads[i].prefix, strlen(heads[i].prefix)) != 0)
		i++; /* the last prefix, "", matches any name */
	snprintf(authority, asz, "%s %s", heads[i].word, up);
	*sign1 = NULL;
	*sign2 = heads[i].sign;
}

const char *
doc_level(const Sk__V1__Unit *u)
{
	switch (u != NULL ? u->kind : K(KIND_UNSPECIFIED)) {
	case K(DISTRICT): return "cấp huyện";
	case K(CITY): return "cấp thành phố";
	case K(PROVINCE): return "cấp tỉnh";
	default: return "cấp cơ sở";
	}
}

const char *
doc_name_of(const struct doc_ctx *c, const char *login)
{
	if (login == NULL || login[0] == '\0')
		return "";
	if (c->hello != NULL && strcmp(c->hello->login, login) == 0 &&
	    c->hello->user_name[0] != '\0')
		return c->hello->user_name;
	for (size_t i = 0; c->council != NULL && i < c->council->n_members; i++) {
		const Sk__V1__CouncilMember *m = c->council->members[i];

		if (strcmp(m->login, login) == 0 && m->name[0] != '\0')
			return m->name;
	}
	for (size_t i = 0; i < c->n_people; i++)
		if (strcmp(c->people[i].login, login) == 0 &&
		    c->people[i].name[0] != '\0')
			return c->people[i].name;
	return login;
}

void
doc_share(unsigned share, char *buf, size_t sz)
{
	if (share % 100 == 0)
		snprintf(buf, sz, "%u", share / 100);
	else
		snprintf(buf, sz, "%u,%02u", share / 100, share % 100);
}

void
doc_average(uint32_t sum, uint32_t n, char *buf, size_t sz)
{
	uint64_t hundredths;

	if (n == 0) {
		snprintf(buf, sz, "-");
		return;
	}
	/* Rounded half up, in integers: no float formatting to depend on. */
	hundredths = ((uint64_t)sum * 200 + n) / (2 * (uint64_t)n);
	snprintf(buf, sz, "%" PRIu64 ",%02" PRIu64, hundredths / 100, hundredths % 100);
}

/* ", " between the entries' indexes, into buf at *n. */
static void
entries_list(const struct doc_logpos *p, char *buf, size_t sz, size_t *n)
{
	for (size_t i = 0; i < p->n_entries && *n < sz; i++)
		*n += (size_t)snprintf(buf + *n, sz - *n, "%s%" PRIu64, i ? ", " : "",
		    p->entries[i]);
}

void
doc_log_line(const struct doc_logpos *p, char *buf, size_t sz)
{
	size_t n = (size_t)snprintf(buf, sz, "Nhật ký quyết định: ");
	bool covered = true;

	if (p->known && n < sz)
		n += (size_t)snprintf(buf + n, sz - n, "%s, ", p->origin);
	if (n < sz)
		n += (size_t)snprintf(buf + n, sz - n, "mục ");
	if (p->n_entries == 0 && n < sz)
		n += (size_t)snprintf(buf + n, sz - n, "(không có)");
	entries_list(p, buf, sz, &n);
	if (!p->known) {
		if (n < sz)
			snprintf(buf + n, sz - n, " (điểm kiểm tra không đọc được: %s)",
			    p->why);
		return;
	}
	if (n < sz)
		n += (size_t)snprintf(buf + n, sz - n,
		    "; điểm kiểm tra %" PRIu64 " mục, gốc %s", p->size, p->root);
	for (size_t i = 0; i < p->n_entries; i++)
		covered = covered && p->entries[i] < p->size;
	if (!p->verified && n < sz)
		n += (size_t)snprintf(buf + n, sz - n, " (gốc chưa kiểm chứng: %s)",
		    p->why);
	if (!covered && n < sz)
		snprintf(buf + n, sz - n, " (điểm kiểm tra chưa gồm mục này)");
}

bool
doc_entry_of(const Sk__V1__HistoryEntry *h, uint64_t *index)
{
	if (h == NULL || h->log_entry == 0)
		return false;
	*index = h->log_entry - 1;
	return true;
}

const Sk__V1__HistoryEntry *
doc_history_line(const Sk__V1__HistoryResponse *h, Sk__V1__Action a, Sk__V1__Action b,
    int64_t at, const char *reason)
{
	for (size_t i = h != NULL ? h->n_entries : 0; i-- > 0;) {
		const Sk__V1__HistoryEntry *e = h->entries[i];

		if (e->action != a && (b == 0 || e->action != b))
			continue;
		if ((at != 0 && e->at != at) ||
		    (reason != NULL && strcmp(e->reason, reason) != 0))
			continue;
		return e;
	}
	return NULL;
}

/* The login of a "login:initiative" voter, into buf. */
static void
voter_login(const char *v, char *buf, size_t sz)
{
	const char *colon = strrchr(v, ':');
	size_t n = colon != NULL ? (size_t)(colon - v) : strlen(v);

	snprintf(buf, sz, "%.*s", (int)n, v);
}

size_t
doc_voters(struct doc *d, const Sk__V1__Session *s, const char **out, size_t max)
{
	char login[128];
	size_t n = 0, k;

	for (size_t i = 0; i < s->n_voters && n < max; i++) {
		voter_login(s->voters[i], login, sizeof(login));
		for (k = 0; k < n && strcmp(out[k], login) != 0; k++)
			;
		if (k == n)
			out[n++] = doc_str(d, "%s", login);
	}
	return n;
}

bool
doc_voted(const Sk__V1__Session *s, const char *login, uint64_t id)
{
	char want[160];

	snprintf(want, sizeof(want), "%s:%" PRIu64, login, id);
	for (size_t i = 0; i < s->n_voters; i++)
		if (strcmp(s->voters[i], want) == 0)
			return true;
	return false;
}
