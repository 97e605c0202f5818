/*
 * unit_publish: the portal's page and feed (client/publish.c) from a list
 * as a server could send it, every part of the dossier filled in: the
 * public parts are there with their Vietnamese intact, escaped for HTML;
 * the confidential part, the authors' birth dates, job titles,
 * qualifications and logins, the investor and participants are not, even
 * though the list carried them. And the server's own published view
 * (convert_initiative_public) keeps none of them either.
 */
#include <stdlib.h>

#include "convert.h"
#include "publish.h"
#include "t.h"

static const char *const secrets[] = {
	"MẬT-7731",                 /* the confidential part */
	"1980-05-12", "12/05/1980", /* a birth date, both ways */
	"Giáo viên dạy giỏi",       /* a job title */
	"Thạc sĩ quản lý",          /* a qualification */
	"an.hatmon",                /* a login */
	"Công ty Đầu Tư",           /* the investor */
	"Người Tham Gia",           /* a participant */
	"clerk.created",            /* who created it */
};

struct fixture {
	Sk__V1__InitiativeListResponse l;
	Sk__V1__Initiative in, *inp;
	Sk__V1__Author au[2], *aup[2];
	Sk__V1__Origin origin;
	Sk__V1__HelloResponse hello;
	Sk__V1__Category cat, *catp;
	char *participants[1];
};

static void
fixture(struct fixture *f)
{
	memset(f, 0, sizeof(*f));
	sk__v1__initiative_list_response__init(&f->l);
	sk__v1__initiative__init(&f->in);
	sk__v1__origin__init(&f->origin);
	sk__v1__hello_response__init(&f->hello);
	sk__v1__category__init(&f->cat);
	for (size_t i = 0; i < 2; i++) {
		sk__v1__author__init(&f->au[i]);
		f->aup[i] = &f->au[i];
	}
	f->au[0].name = "Nguyễn Văn An";
	f->au[0].workplace = "Trường Tiểu học Hát Môn";
	f->au[0].birth_date = "1980-05-12";
	f->au[0].job_title = "Giáo viên dạy giỏi";
	f->au[0].qualification = "Thạc sĩ quản lý";
	f->au[0].login = "an.hatmon";
	f->au[0].share = 6000;
	f->au[1].name = "Trần Thị Bình";
	f->au[1].workplace = "UBND xã Hát Môn";
	f->au[1].share = 4000;
	f->in.id = 7;
	f->in.title = "Ứng dụng <bảng> tương tác & \"số hóa\" 'một cửa'";
	f->in.summary = "Tóm tắt\ndòng hai";
	f->in.category = 4;
	f->in.field = "Giáo dục";
	f->in.description = "Mô tả <script>alert(1)</script> giải pháp";
	f->in.confidential = "MẬT-7731";
	f->in.benefits = "Lợi ích rõ ràng";
	f->in.conditions = "Điều kiện: có máy chiếu";
	f->in.investor = "Công ty Đầu Tư";
	f->participants[0] = "Người Tham Gia";
	f->in.n_participants = 1;
	f->in.participants = f->participants;
	f->in.created_by = "clerk.created";
	f->in.first_applied = "2026-03-15";
	f->in.updated_at = 1767225600; /* 2026-01-01T00:00:00Z */
	f->in.n_authors = 2;
	f->in.authors = f->aup;
	f->origin.unit_code = "xa-sen-phuong";
	f->origin.unit_name = "Xã Sen Phương";
	f->in.origin = &f->origin;
	f->inp = &f->in;
	f->l.n_initiatives = 1;
	f->l.initiatives = &f->inp;
	f->cat.number = 4;
	f->cat.name = "Ứng dụng tiến bộ kỹ thuật";
	f->catp = &f->cat;
	f->hello.n_categories = 1;
	f->hello.categories = &f->catp;
}

/* What fn writes of f, as a string (malloc'd). */
static char *
written(int (*fn)(FILE *, const struct pub_page *), struct fixture *f)
{
	struct pub_page p = { "xa-hat-mon", "Xã Hát Môn", &f->l, &f->hello, 1767225600 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	T_CHECK(fp != NULL);
	if (fp == NULL)
		return NULL;
	T_EQ_INT(fn(fp, &p), 0);
	fclose(fp);
	return buf;
}

static void
no_secrets(const char *what, const char *s)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (s != NULL && strstr(s, secrets[i]) != NULL) {
			fprintf(stderr, "unit_publish: %s holds \"%s\"\n", what,
			    secrets[i]);
			T_CHECK(strstr(s, secrets[i]) == NULL);
		}
}

static void
page(void)
{
	struct fixture f;
	char *h;

	fixture(&f);
	h = written(pub_html, &f);
	T_CHECK(h != NULL && strncmp(h, "<!DOCTYPE html>\n<html lang=\"vi\">", 31) == 0);
	T_CONTAINS(h, "<meta charset=\"utf-8\">");
	T_CONTAINS(h, "<title>Sáng kiến tiêu biểu — Xã Hát Môn</title>");
	T_CONTAINS(h,
	    "<h2>Ứng dụng &lt;bảng&gt; tương tác &amp; &quot;số hóa&quot; "
	    "&#39;một cửa&#39;</h2>");
	T_CONTAINS(h, "Mô tả &lt;script&gt;alert(1)&lt;/script&gt; giải pháp");
	T_CHECK(h == NULL || strstr(h, "<script") == NULL); /* no script at all */
	T_CONTAINS(h, "<li>Nguyễn Văn An — Trường Tiểu học Hát Môn</li>");
	T_CONTAINS(h, "<li>Trần Thị Bình — UBND xã Hát Môn</li>");
	T_CONTAINS(h, "<dd>4. Ứng dụng tiến bộ kỹ thuật</dd>");
	T_CONTAINS(h, "<dt>Áp dụng lần đầu</dt><dd>15/03/2026</dd>");
	T_CONTAINS(h, "<dt>Đơn vị đề nghị</dt><dd>Xã Sen Phương</dd>");
	T_CONTAINS(h, "<p>Tóm tắt\ndòng hai</p>");
	T_CONTAINS(h, "<article id=\"xa-hat-mon-7\">");
	no_secrets("the page", h);
	free(h);
	/* Nothing published: said so. */
	f.l.n_initiatives = 0;
	h = written(pub_html, &f);
	T_CONTAINS(h, "Chưa có sáng kiến nào được công bố.");
	free(h);
}

static void
feed(void)
{
	struct fixture f;
	char *j;

	fixture(&f);
	j = written(pub_feed, &f);
	T_CHECK(j != NULL &&
	    strncmp(j, "{\"version\":\"https://jsonfeed.org/version/1.1\",", 46) == 0);
	T_CONTAINS(j, "\"title\":\"Sáng kiến tiêu biểu — Xã Hát Môn\"");
	T_CONTAINS(j, "\"id\":\"xa-hat-mon/7\"");
	T_CONTAINS(j,
	    "\"title\":\"Ứng dụng <bảng> tương tác & \\\"số hóa\\\" 'một cửa'\"");
	T_CONTAINS(j, "\"summary\":\"Tóm tắt\\ndòng hai\"");
	T_CONTAINS(j, "\"date_modified\":\"2026-01-01T00:00:00Z\"");
	T_CONTAINS(j, "\"first_applied\":\"2026-03-15\"");
	T_CONTAINS(j,
	    "\"authors\":[{\"name\":\"Nguyễn Văn An\"},{\"name\":\"Trần Thị Bình\"}]");
	T_CONTAINS(j,
	    "{\"name\":\"Nguyễn Văn An\",\"workplace\":\"Trường Tiểu học Hát Môn\"}");
	T_CONTAINS(j,
	    "\"origin\":{\"unit_code\":\"xa-sen-phuong\",\"unit_name\":\"Xã Sen Phương\"}");
	T_CONTAINS(j, "\"generated_at\":\"2026-01-01T00:00:00Z\"");
	no_secrets("the feed", j);
	free(j);
}

/* Control characters never reach the page; bytes that are not UTF-8
 * become U+FFFD. */
static void
escaping(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return;
	pub_html_text(fp,
	    "a\x01"
	    "b\x1b[31m\xff"
	    "c\tđ\n");
	fclose(fp);
	T_EQ_STR(buf,
	    "ab[31m\xef\xbf\xbd"
	    "c\tđ\n");
	free(buf);
}

/* The server's view for everyone: the public parts only. */
static void
server_view(void)
{
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	AuthorRec a = SK__STORE__V1__AUTHOR_REC__INIT, *ap = &a;
	char *part = "Người Tham Gia";
	Sk__V1__Initiative *m;
	uint8_t buf[4096];
	size_t n;

	a.name = "Nguyễn Văn An";
	a.workplace = "Trường Tiểu học Hát Môn";
	a.birth_date = "1980-05-12";
	a.job_title = "Giáo viên dạy giỏi";
	a.qualification = "Thạc sĩ quản lý";
	a.login = "an.hatmon";
	a.share = 10000;
	r.id = 7;
	r.title = "Ứng dụng bảng tương tác";
	r.confidential = "MẬT-7731";
	r.investor = "Công ty Đầu Tư";
	r.created_by = "clerk.created";
	r.n_participants = 1;
	r.participants = &part;
	r.n_authors = 1;
	r.authors = &ap;
	r.published = true;
	m = convert_initiative_public(&r);
	T_CHECK(m != NULL);
	if (m == NULL)
		return;
	T_EQ_STR(m->title, "Ứng dụng bảng tương tác");
	T_CHECK(m->n_authors == 1 && m->authors[0]->share == 10000 && m->published);
	T_EQ_STR(m->n_authors == 1 ? m->authors[0]->workplace : NULL,
	    "Trường Tiểu học Hát Môn");
	T_CHECK(m->confidential_hidden);
	n = protobuf_c_message_get_packed_size(&m->base);
	T_CHECK(n < sizeof(buf));
	if (n < sizeof(buf)) {
		protobuf_c_message_pack(&m->base, buf);
		buf[n] = '\0';
		for (size_t i = 0; i < n; i++) /* search the bytes as text */
			if (buf[i] == '\0')
				buf[i] = ' ';
		no_secrets("the server's published view", (const char *)buf);
	}
	convert_free(m);
}

static const struct t_case cases[] = {
	{ "the page: public parts, escaped, Vietnamese intact", page },
	{ "the feed: JSON Feed 1.1, ISO dates, public parts", feed },
	{ "no control character, no broken UTF-8", escaping },
	{ "the server's published view holds the public parts only", server_view },
};

T_MAIN(cases)
