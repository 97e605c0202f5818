/*
 * publish: the portal's page and feed, each written field by field from
 * the public parts of a dossier (publish.h says which). The page is in
 * Vietnamese, for the district's readers.
 */
#include "publish.h"

#include <inttypes.h>
#include <string.h>

#include "date.h"
#include "json.h"
#include "text.h"

#define PUB_TITLE "Sáng kiến tiêu biểu"

/* ---- the page ------------------------------------------------------------------ */

void
pub_html_text(FILE *fp, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, k;
	uint32_t cp;

	for (; n > 0; s += k, n -= k) {
		unsigned char c = (unsigned char)*s;

		k = 1;
		if (c == '&')
			fputs("&amp;", fp);
		else if (c == '<')
			fputs("&lt;", fp);
		else if (c == '>')
			fputs("&gt;", fp);
		else if (c == '"')
			fputs("&quot;", fp);
		else if (c == '\'')
			fputs("&#39;", fp);
		else if (c == '\n' || c == '\t')
			fputc(c, fp);
		else if (c < 0x20 || c == 0x7f)
			continue; /* no control character reaches the page */
		else if (c < 0x80)
			fputc(c, fp);
		else if ((k = text_decode(s, n, &cp)) == 0) {
			fputs("\xef\xbf\xbd", fp); /* U+FFFD: the page stays UTF-8 */
			k = 1;
		} else
			fwrite(s, 1, k, fp);
	}
}

/* The category's number and name, as sk shows it. */
static void
category(const struct pub_page *p, uint32_t n, char *buf, size_t sz)
{
	for (size_t i = 0; p->hello != NULL && i < p->hello->n_categories; i++)
		if (p->hello->categories[i]->number == n) {
			snprintf(buf, sz, "%u. %s", n, p->hello->categories[i]->name);
			return;
		}
	snprintf(buf, sz, "%u", n);
}

/* "dd/mm/yyyy" of an ISO date, or the text as it is. */
static const char *
day_vn(const char *iso, char *buf, size_t sz)
{
	int32_t d;

	if (date_parse_iso(iso, &d))
		date_format_vn(d, buf, sz);
	else
		snprintf(buf, sz, "%s", iso);
	return buf;
}

/* A term and its description, when there is one. */
static void
html_item(FILE *fp, const char *term, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	fprintf(fp, "<dt>%s</dt><dd>", term);
	pub_html_text(fp, text);
	fputs("</dd>\n", fp);
}

/* A part of the application under its heading, when it was written. */
static void
html_part(FILE *fp, const char *heading, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	fprintf(fp, "<h3>%s</h3>\n<p>", heading);
	pub_html_text(fp, text);
	fputs("</p>\n", fp);
}

/* Each author's name and workplace: nothing else of them. */
static void
html_authors(FILE *fp, const Sk__V1__Initiative *in)
{
	fputs("<dt>Tác giả</dt><dd><ul>\n", fp);
	for (size_t i = 0; i < in->n_authors; i++) {
		const Sk__V1__Author *a = in->authors[i];

		fputs("<li>", fp);
		pub_html_text(fp, a->name);
		if (a->workplace[0] != '\0') {
			fputs(" — ", fp);
			pub_html_text(fp, a->workplace);
		}
		fputs("</li>\n", fp);
	}
	fputs("</ul></dd>\n", fp);
}

static void
html_initiative(FILE *fp, const struct pub_page *p, const Sk__V1__Initiative *in)
{
	char cat[256], day[16];

	fprintf(fp, "<article id=\"");
	pub_html_text(fp, p->unit_code);
	fprintf(fp, "-%" PRIu64 "\">\n<h2>", in->id);
	pub_html_text(fp, in->title);
	fputs("</h2>\n<dl>\n", fp);
	html_authors(fp, in);
	category(p, in->category, cat, sizeof(cat));
	html_item(fp, "Nội dung", cat);
	html_item(fp, "Lĩnh vực áp dụng", in->field);
	html_item(fp, "Áp dụng lần đầu", day_vn(in->first_applied, day, sizeof(day)));
	html_item(fp, "Đơn vị", p->unit_name);
	if (in->origin != NULL)
		html_item(fp, "Đơn vị đề nghị", in->origin->unit_name);
	fputs("</dl>\n", fp);
	html_part(fp, "Tóm tắt", in->summary);
	html_part(fp, "Mô tả giải pháp", in->description);
	html_part(fp, "Điều kiện cần thiết để áp dụng", in->conditions);
	html_part(fp, "Hiệu quả, lợi ích", in->benefits);
	html_part(fp, "Lợi ích theo đánh giá của người áp dụng thử", in->trial_benefits);
	fputs("</article>\n", fp);
}

static const char pub_style[] =
    "body{font-family:\"Liberation Serif\",\"DejaVu Serif\",serif;max-width:50em;"
    "margin:2em auto;padding:0 1em;line-height:1.5;color:#222}\n"
    "h1{font-size:1.6em;margin-bottom:0}header p{margin-top:.2em;color:#555}\n"
    "article{border-top:1px solid #ccc;padding-top:.5em;margin-top:1.5em}\n"
    "dt{font-weight:bold;float:left;clear:left;width:11em}dd{margin-left:12em}\n"
    "dd ul{margin:0;padding-left:1.2em}p{white-space:pre-line}\n"
    "footer{margin-top:2em;font-size:.9em;color:#555}\n";

int
pub_html(FILE *fp, const struct pub_page *p)
{
	char when[40];

	time_format_vn(p->now, when, sizeof(when));
	fputs("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>" PUB_TITLE " — ",
	    fp);
	pub_html_text(fp, p->unit_name);
	fprintf(fp,
	    "</title>\n<style>\n%s</style>\n</head>\n<body>\n<header>\n<h1>%s</h1>\n"
	    "<p>",
	    pub_style, PUB_TITLE);
	pub_html_text(fp, p->unit_name);
	fprintf(fp, " · %zu sáng kiến · cập nhật %s</p>\n</header>\n<main>\n",
	    p->list->n_initiatives, when);
	for (size_t i = 0; i < p->list->n_initiatives; i++)
		html_initiative(fp, p, p->list->initiatives[i]);
	if (p->list->n_initiatives == 0)
		fputs("<p>Chưa có sáng kiến nào được công bố.</p>\n", fp);
	fputs("</main>\n<footer>\n<p>Các sáng kiến đã được công nhận và chọn công bố "
	      "để các đơn vị tham khảo, học tập. Trang không có phần bí mật của hồ sơ "
	      "và không có thông tin cá nhân nào ngoài họ tên, nơi công tác của tác "
	      "giả.</p>\n</footer>\n</body>\n</html>\n",
	    fp);
	return ferror(fp) ? -1 : 0;
}

/* ---- the feed ------------------------------------------------------------------ */

/* ,"key":"text" when there is text. */
static void
feed_str(FILE *fp, const char *key, const char *text)
{
	if (text == NULL || text[0] == '\0')
		return;
	fprintf(fp, ",\"%s\":", key);
	json_string(fp, text);
}

static void
feed_authors(FILE *fp, const Sk__V1__Initiative *in, bool workplace)
{
	for (size_t i = 0; i < in->n_authors; i++) {
		fprintf(fp, "%s{\"name\":", i ? "," : "");
		json_string(fp, in->authors[i]->name);
		if (workplace)
			feed_str(fp, "workplace", in->authors[i]->workplace);
		fputc('}', fp);
	}
}

static void
feed_item(FILE *fp, const struct pub_page *p, const Sk__V1__Initiative *in)
{
	char id[160], cat[256];

	snprintf(id, sizeof(id), "%s/%" PRIu64, p->unit_code, in->id);
	category(p, in->category, cat, sizeof(cat));
	fputs("{\"id\":", fp);
	json_string(fp, id);
	feed_str(fp, "title", in->title);
	feed_str(fp, "summary", in->summary);
	feed_str(fp, "content_text", in->description);
	if (in->updated_at != 0) {
		fputs(",\"date_modified\":", fp);
		json_time(fp, in->updated_at);
	}
	fputs(",\"authors\":[", fp);
	feed_authors(fp, in, false);
	fputs("],\"tags\":[", fp);
	json_string(fp, cat);
	fputs("],\"language\":\"vi\",\"_sk\":{\"unit\":", fp);
	json_string(fp, p->unit_code);
	feed_str(fp, "unit_name", p->unit_name);
	fprintf(fp, ",\"category\":%u", in->category);
	feed_str(fp, "category_name",
	    strchr(cat, ' ') != NULL ? strchr(cat, ' ') + 1 : "");
	feed_str(fp, "field", in->field);
	feed_str(fp, "first_applied", in->first_applied);
	feed_str(fp, "conditions", in->conditions);
	feed_str(fp, "benefits", in->benefits);
	feed_str(fp, "trial_benefits", in->trial_benefits);
	if (in->origin != NULL) {
		fputs(",\"origin\":{\"unit_code\":", fp);
		json_string(fp, in->origin->unit_code);
		feed_str(fp, "unit_name", in->origin->unit_name);
		fputc('}', fp);
	}
	fputs(",\"authors\":[", fp);
	feed_authors(fp, in, true);
	fputs("]}}", fp);
}

int
pub_feed(FILE *fp, const struct pub_page *p)
{
	char title[512];

	snprintf(title, sizeof(title), PUB_TITLE " — %s", p->unit_name);
	fputs("{\"version\":\"https://jsonfeed.org/version/1.1\",\"title\":", fp);
	json_string(fp, title);
	fputs(",\"language\":\"vi\",\"_sk\":{\"unit\":", fp);
	json_string(fp, p->unit_code);
	fputs(",\"generated_at\":", fp);
	json_time(fp, p->now);
	fputs("},\"items\":[", fp);
	for (size_t i = 0; i < p->list->n_initiatives; i++) {
		if (i > 0)
			fputc(',', fp);
		feed_item(fp, p, p->list->initiatives[i]);
	}
	fputs("]}\n", fp);
	return ferror(fp) ? -1 : 0;
}
