/*
 * unit_doc: the document model (client/doc.c, doc_kinds.c) where it has
 * logic: dates as Nghị định 30 writes them, the names of bodies and their
 * heads by kind, places, shares and averages, the decision-log line, the
 * history line a document points at, who voted, fields lined up in text,
 * and each paper built from messages made here: what it says, in which
 * order, and that a secret ballot's minutes never put a member next to a
 * vote while an open ballot's do.
 */
#include <stdlib.h>
#include <unistd.h>

#include "doc.h"
#include "pdf.h"
#include "sk.pb-c.h"
#include "skc.h"
#include "t.h"

#define K(x) SK__V1__UNIT_KIND__UNIT_##x

static Sk__V1__Unit district = { PROTOBUF_C_MESSAGE_INIT(&sk__v1__unit__descriptor), 1,
	(char *)"phuc-tho", (char *)"Huyện Phúc Thọ", K(DISTRICT), 0 };
static Sk__V1__Unit hat_mon = { PROTOBUF_C_MESSAGE_INIT(&sk__v1__unit__descriptor), 3,
	(char *)"xa-hat-mon", (char *)"Xã Hát Môn", K(COMMUNE), 1 };

static Sk__V1__Unit
unit(const char *name, Sk__V1__UnitKind kind)
{
	Sk__V1__Unit u = SK__V1__UNIT__INIT;

	u.name = (char *)name;
	u.kind = kind;
	u.parent_id = 1;
	return u;
}

/* The text of d; the caller frees it. */
static char *
text_of(const struct doc *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	if (fp == NULL)
		return NULL;
	doc_text(fp, d);
	fclose(fp);
	return buf;
}

/* Does line (a whole line) appear in text? */
static int
has_line(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; p != NULL && *p != '\0';
	     p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
			return 1;
	return 0;
}

/* Where s is in text (its offset), or -1. */
static long
where(const char *text, const char *s)
{
	const char *p = text != NULL ? strstr(text, s) : NULL;

	return p != NULL ? p - text : -1;
}

static void
dates(void)
{
	char b[64];

	/* Nghị định 30: a zero before days under 10 and months 1 and 2. */
	doc_date_words("2026-03-20", b, sizeof(b));
	T_EQ_STR(b, "ngày 20 tháng 3 năm 2026");
	doc_date_words("2026-02-05", b, sizeof(b));
	T_EQ_STR(b, "ngày 05 tháng 02 năm 2026");
	doc_date_words("2024-01-09", b, sizeof(b));
	T_EQ_STR(b, "ngày 09 tháng 01 năm 2024");
	doc_date_words("2025-12-31", b, sizeof(b));
	T_EQ_STR(b, "ngày 31 tháng 12 năm 2025");
	doc_date_words("2025-02-30", b, sizeof(b));
	T_EQ_STR(b, "ngày ... tháng ... năm ...");
	doc_date_words(NULL, b, sizeof(b));
	T_EQ_STR(b, "ngày ... tháng ... năm ...");
}

static void
bodies_and_places(void)
{
	Sk__V1__Unit dept = unit("Phòng Giáo dục và Đào tạo", K(DEPARTMENT));
	Sk__V1__Unit org = unit("Hội Nông dân huyện", K(ORGANISATION));
	Sk__V1__Unit tt = unit("Thị trấn Phúc Thọ", K(TOWNSHIP));
	Sk__V1__Unit city = unit("Thành phố Hà Nội", K(CITY));
	Sk__V1__Unit odd = unit("Ban quản lý", K(KIND_UNSPECIFIED));
	char b[256];

	doc_body_name(&hat_mon, b, sizeof(b));
	T_EQ_STR(b, "UBND XÃ HÁT MÔN");
	doc_body_name(&district, b, sizeof(b));
	T_EQ_STR(b, "UBND HUYỆN PHÚC THỌ");
	doc_body_name(&dept, b, sizeof(b));
	T_EQ_STR(b, "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO");
	doc_body_name(&org, b, sizeof(b));
	T_EQ_STR(b, "HỘI NÔNG DÂN HUYỆN");
	/* The place: the name without its kind; a department's is its
	 * district's. */
	doc_place(&hat_mon, &district, b, sizeof(b));
	T_EQ_STR(b, "Hát Môn");
	doc_place(&tt, &district, b, sizeof(b));
	T_EQ_STR(b, "Phúc Thọ");
	doc_place(&dept, &district, b, sizeof(b));
	T_EQ_STR(b, "Phúc Thọ");
	doc_place(&org, NULL, b, sizeof(b));
	T_EQ_STR(b, "Hội Nông dân huyện");
	doc_place(&city, NULL, b, sizeof(b));
	T_EQ_STR(b, "Hà Nội");
	doc_place(&odd, NULL, b, sizeof(b));
	T_EQ_STR(b, "Ban quản lý");
	doc_unit_in_text(&hat_mon, b, sizeof(b));
	T_EQ_STR(b, "UBND xã Hát Môn");
	doc_unit_in_text(&dept, b, sizeof(b));
	T_EQ_STR(b, "Phòng Giáo dục và Đào tạo");
	T_EQ_STR(doc_level(&hat_mon), "cấp cơ sở");
	T_EQ_STR(doc_level(&dept), "cấp cơ sở");
	T_EQ_STR(doc_level(&district), "cấp huyện");
	T_EQ_STR(doc_level(&city), "cấp thành phố");
}

static void
heads(void)
{
	static const struct {
		const char *name;
		Sk__V1__UnitKind kind;
		const char *authority, *s1, *s2;
	} cases[] = {
		{ "Xã Hát Môn", K(COMMUNE), "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÁT MÔN",
		    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" },
		{ "Huyện Phúc Thọ", K(DISTRICT),
		    "CHỦ TỊCH ỦY BAN NHÂN DÂN HUYỆN PHÚC THỌ", "TM. ỦY BAN NHÂN DÂN",
		    "CHỦ TỊCH" },
		{ "Phòng Kinh tế", K(DEPARTMENT), "TRƯỞNG PHÒNG KINH TẾ", NULL,
		    "TRƯỞNG PHÒNG" },
		{ "Văn phòng HĐND và UBND huyện", K(DEPARTMENT),
		    "CHÁNH VĂN PHÒNG HĐND VÀ UBND HUYỆN", NULL, "CHÁNH VĂN PHÒNG" },
		{ "Thanh tra huyện", K(DEPARTMENT), "CHÁNH THANH TRA HUYỆN", NULL,
		    "CHÁNH THANH TRA" },
		{ "Trung tâm Văn hóa, Thông tin và Thể thao", K(DEPARTMENT),
		    "GIÁM ĐỐC TRUNG TÂM VĂN HÓA, THÔNG TIN VÀ THỂ THAO", NULL,
		    "GIÁM ĐỐC" },
		{ "Huyện đoàn Phúc Thọ", K(ORGANISATION), "BÍ THƯ HUYỆN ĐOÀN PHÚC THỌ",
		    NULL, "BÍ THƯ" },
		{ "Hội Nông dân huyện", K(ORGANISATION), "CHỦ TỊCH HỘI NÔNG DÂN HUYỆN",
		    NULL, "CHỦ TỊCH" },
	};
	char a[256];
	const char *s1, *s2;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		Sk__V1__Unit u = unit(cases[i].name, cases[i].kind);

		doc_head(&u, a, sizeof(a), &s1, &s2);
		T_EQ_STR(a, cases[i].authority);
		T_CHECK(cases[i].s1 == NULL ? s1 == NULL : strcmp(s1, cases[i].s1) == 0);
		T_EQ_STR(s2, cases[i].s2);
	}
}

static void
numbers(void)
{
	char b[32];

	doc_share(6000, b, sizeof(b));
	T_EQ_STR(b, "60");
	doc_share(3333, b, sizeof(b));
	T_EQ_STR(b, "33,33");
	doc_share(505, b, sizeof(b));
	T_EQ_STR(b, "5,05");
	doc_average(17, 2, b, sizeof(b));
	T_EQ_STR(b, "8,50");
	doc_average(26, 3, b, sizeof(b));
	T_EQ_STR(b, "8,67");
	doc_average(25, 3, b, sizeof(b));
	T_EQ_STR(b, "8,33");
	doc_average(30, 3, b, sizeof(b));
	T_EQ_STR(b, "10,00");
	doc_average(0, 0, b, sizeof(b));
	T_EQ_STR(b, "-");
}

static void
log_lines(void)
{
	struct doc_logpos p = { .known = true, .verified = true, .size = 57 };
	char b[1024];

	snprintf(p.origin, sizeof(p.origin), "sk.phuc-tho-5e0c1d2a/xa-hat-mon");
	memset(p.root, 'a', 64);
	p.entries[0] = 41;
	p.entries[1] = 44;
	p.n_entries = 2;
	doc_log_line(&p, b, sizeof(b));
	T_EQ_STR(b,
	    "Nhật ký quyết định: sk.phuc-tho-5e0c1d2a/xa-hat-mon, mục 41, 44; điểm "
	    "kiểm tra 57 mục, gốc "
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	/* Not verified: said so, with why. */
	p.verified = false;
	snprintf(p.why, sizeof(p.why), "không có khóa nhật ký");
	doc_log_line(&p, b, sizeof(b));
	T_CONTAINS(b, "aaaa (gốc chưa kiểm chứng: không có khóa nhật ký)");
	/* A checkpoint that does not cover the entry yet. */
	p.verified = true;
	p.size = 44;
	doc_log_line(&p, b, sizeof(b));
	T_CONTAINS(b, "aaaa (điểm kiểm tra chưa gồm mục này)");
	/* No checkpoint read: the entries, and why. */
	p.known = false;
	snprintf(p.why, sizeof(p.why), "reading a decision log's checkpoint needs …");
	doc_log_line(&p, b, sizeof(b));
	T_EQ_STR(b,
	    "Nhật ký quyết định: mục 41, 44 (điểm kiểm tra không đọc được: "
	    "reading a decision log's checkpoint needs …)");
	/* A small buffer is cut, never overrun. */
	p.known = true;
	doc_log_line(&p, b, 30);
	T_EQ_INT(strlen(b), 29);
}

static Sk__V1__HistoryEntry *
line(Sk__V1__Action a, int64_t at, const char *reason, uint64_t entry)
{
	Sk__V1__HistoryEntry *h = calloc(1, sizeof(*h));

	sk__v1__history_entry__init(h);
	h->action = a;
	h->at = at;
	h->reason = (char *)reason;
	h->log_entry = entry;
	return h;
}

static void
history_lines(void)
{
	Sk__V1__HistoryEntry *v[6] = {
		line(SK__V1__ACTION__SUBMIT, 100, "", 3),
		line(SK__V1__ACTION__RETURN, 110, "thiếu", 4),
		line(SK__V1__ACTION__SUBMIT, 120, "", 6),
		line(SK__V1__ACTION__NOMINATE, 130, "15/TTr-UBND", 9),
		line(SK__V1__ACTION__NOMINATE, 140, "16/TTr-UBND", 12),
		line(SK__V1__ACTION__ACCEPT, 150, "", 0),
	};
	Sk__V1__HistoryResponse h = SK__V1__HISTORY_RESPONSE__INIT;
	uint64_t index = 0;

	h.entries = v;
	h.n_entries = 6;
	/* The last submission: the dossier as filed. */
	T_CHECK(doc_entry_of(doc_history_line(&h, SK__V1__ACTION__SUBMIT, 0, 0, NULL),
	    &index));
	T_EQ_INT(index, 5);
	/* By time, by reason, either of two actions. */
	T_CHECK(doc_entry_of(doc_history_line(&h, SK__V1__ACTION__SUBMIT, 0, 100, NULL),
	    &index));
	T_EQ_INT(index, 2);
	T_CHECK(doc_entry_of(doc_history_line(&h, SK__V1__ACTION__NOMINATE, 0, 0,
	                         "15/TTr-UBND"),
	    &index));
	T_EQ_INT(index, 8);
	T_CHECK(doc_entry_of(doc_history_line(&h, SK__V1__ACTION__REFUSE,
	                         SK__V1__ACTION__RETURN, 0, NULL),
	    &index));
	T_EQ_INT(index, 3);
	/* None such, or a line that does not say its entry (older data). */
	T_CHECK(doc_history_line(&h, SK__V1__ACTION__DECIDE, 0, 0, NULL) == NULL);
	T_CHECK(!doc_entry_of(doc_history_line(&h, SK__V1__ACTION__ACCEPT, 0, 0, NULL),
	    &index));
	T_CHECK(!doc_entry_of(NULL, &index));
	for (size_t i = 0; i < 6; i++)
		free(v[i]);
}

/* ---- papers ----------------------------------------------------------------------- */

static Sk__V1__Author an = { PROTOBUF_C_MESSAGE_INIT(&sk__v1__author__descriptor),
	(char *)"Nguyễn Văn An", 6000, (char *)"1985-05-12", (char *)"UBND xã Hát Môn",
	(char *)"Công chức", (char *)"Cử nhân", (char *)"an.hm", true, false };
static Sk__V1__Author binh = { PROTOBUF_C_MESSAGE_INIT(&sk__v1__author__descriptor),
	(char *)"Trần Thị Bình", 4000, (char *)"", (char *)"Trường Tiểu học Hát Môn",
	(char *)"Giáo viên", (char *)"Thạc sĩ", (char *)"", false, false };
static Sk__V1__Author *authors[] = { &an, &binh };

static Sk__V1__Initiative
initiative(void)
{
	Sk__V1__Initiative i = SK__V1__INITIATIVE__INIT;

	i.id = 1;
	i.title = (char *)"Số hóa hồ sơ một cửa";
	i.n_authors = 2;
	i.authors = authors;
	i.field = (char *)"Cải cách hành chính";
	i.first_applied = (char *)"2026-01-15";
	i.application = SK__V1__APPLICATION__TRIAL_APPLIED;
	i.description = (char *)"Quét và tra cứu hồ sơ.";
	i.filed_on = (char *)"2026-03-02";
	i.addressee = (char *)"Hội đồng Sáng kiến cơ sở Xã Hát Môn";
	return i;
}

static struct doc_ctx
ctx(void)
{
	struct doc_ctx c = { .unit = &hat_mon, .parent = &district };

	c.log.known = c.log.verified = true;
	c.log.size = 20;
	snprintf(c.log.origin, sizeof(c.log.origin), "sk.x/xa-hat-mon");
	memset(c.log.root, '0', 64);
	c.log.entries[0] = 7;
	c.log.n_entries = 1;
	return c;
}

static void
receipt(void)
{
	Sk__V1__Initiative i = initiative();
	Sk__V1__Receipt rc = SK__V1__RECEIPT__INIT;
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	rc.number = (char *)"3/2026/TN";
	rc.accepted_on = (char *)"2026-03-20";
	rc.due_on = (char *)"2026-06-20";
	rc.accepted_by = (char *)"vt.hm";
	i.receipt = &rc;
	c.people[0] = (struct doc_person){ "vt.hm", "Lê Văn Cường" };
	c.n_people = 1;
	T_EQ_INT(doc_receipt_build(d, &c, &i), 0);
	t = text_of(d);
	T_CHECK(has_line(t, "UBND HUYỆN PHÚC THỌ"));
	T_CHECK(has_line(t, "UBND XÃ HÁT MÔN"));
	T_CHECK(has_line(t, "Số: 3/2026/TN"));
	T_CHECK(has_line(t, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
	T_CHECK(has_line(t, "Độc lập - Tự do - Hạnh phúc"));
	T_CHECK(has_line(t, "Hát Môn, ngày 20 tháng 3 năm 2026"));
	T_CHECK(has_line(t, "GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN"));
	T_CHECK(has_line(t, "  \"Số hóa hồ sơ một cửa\""));
	T_CHECK(has_line(t, "  Tác giả: Nguyễn Văn An (60%), Trần Thị Bình (40%)"));
	/* A run of fields lines up two columns after the widest label. */
	T_CHECK(has_line(t, "Ngày nhận hồ sơ:   20/03/2026"));
	T_CHECK(has_line(t, "Hạn trả kết quả:   20/06/2026"));
	T_CHECK(has_line(t, "Người nhận hồ sơ:  vt.hm"));
	/* The person who acted signs, by name. */
	T_CHECK(where(t, "NGƯỜI NHẬN HỒ SƠ\n(Ký, ghi rõ họ tên)\nLê Văn Cường\n") >= 0);
	T_CHECK(where(t, "Nơi nhận:\n- Tác giả sáng kiến;\n") >= 0);
	T_CHECK(has_line(t,
	    "Nhật ký quyết định: sk.x/xa-hat-mon, mục 7; điểm kiểm tra 20 mục, gốc "
	    "0000000000000000000000000000000000000000000000000000000000000000"));
	/* In the order of the paper. */
	T_CHECK(where(t, "UBND XÃ HÁT MÔN") < where(t, "GIẤY BIÊN NHẬN"));
	T_CHECK(where(t, "GIẤY BIÊN NHẬN") < where(t, "Ngày nhận hồ sơ"));
	T_CHECK(where(t, "Ngày nhận") < where(t, "NGƯỜI NHẬN HỒ SƠ"));
	T_CHECK(where(t, "Nơi nhận") < where(t, "Nhật ký quyết định"));
	free(t);
	doc_free(d);
}

static void
notice_refusal(void)
{
	Sk__V1__Initiative i = initiative();
	Sk__V1__Notice n = SK__V1__NOTICE__INIT;
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	n.action = SK__V1__ACTION__REFUSE;
	n.number = (char *)"4/2026/TB";
	n.issued_on = (char *)"2026-02-03";
	n.issued_by = (char *)"vt.hm";
	n.reason = (char *)"Trùng với sáng kiến đã công nhận.";
	i.notice = &n;
	T_EQ_INT(doc_notice_build(d, &c, &i), 0);
	t = text_of(d);
	T_CHECK(has_line(t, "Hát Môn, ngày 03 tháng 02 năm 2026"));
	T_CHECK(has_line(t, "THÔNG BÁO"));
	T_CHECK(has_line(t, "Về việc từ chối chấp nhận đơn yêu cầu công nhận sáng kiến"));
	T_CHECK(has_line(t, "Kính gửi: Nguyễn Văn An, Trần Thị Bình"));
	T_CHECK(has_line(t, "  Trùng với sáng kiến đã công nhận."));
	T_CHECK(has_line(t, "  Ngày nộp hồ sơ: 02/03/2026"));
	/* No name known for the clerk: the login, never nothing. */
	T_CHECK(where(t, "NGƯỜI LẬP THÔNG BÁO\n(Ký, ghi rõ họ tên)\nvt.hm\n") >= 0);
	free(t);
	doc_free(d);
}

/* A session of three members on initiatives 1 and 2; secret or open. */
static void
minutes(bool secret, char **out)
{
	static char *voters[] = { (char *)"chu.hm:1", (char *)"tk.hm:1",
		(char *)"tv.hm:1", (char *)"chu.hm:2", (char *)"tk.hm:2" };
	static Sk__V1__CouncilMember m[3] = {
		{ PROTOBUF_C_MESSAGE_INIT(&sk__v1__council_member__descriptor),
		    (char *)"chu.hm", (char *)"Phạm Văn Chủ",
		    SK__V1__COUNCIL_ROLE__CHAIR },
		{ PROTOBUF_C_MESSAGE_INIT(&sk__v1__council_member__descriptor),
		    (char *)"tk.hm", (char *)"Đỗ Thị Thư",
		    SK__V1__COUNCIL_ROLE__SECRETARY },
		{ PROTOBUF_C_MESSAGE_INIT(&sk__v1__council_member__descriptor),
		    (char *)"tv.hm", (char *)"Vũ Văn Viên",
		    SK__V1__COUNCIL_ROLE__EXPERT },
	};
	static Sk__V1__CouncilMember *mp[] = { &m[0], &m[1], &m[2] };
	Sk__V1__Council k = SK__V1__COUNCIL__INIT;
	Sk__V1__Session s = SK__V1__SESSION__INIT;
	Sk__V1__Outcome o1 = SK__V1__OUTCOME__INIT, o2 = SK__V1__OUTCOME__INIT;
	Sk__V1__Outcome *os[] = { &o1, &o2 };
	Sk__V1__Ballot b[5];
	Sk__V1__Ballot *bp[5];
	uint64_t ids[] = { 1, 2 };
	Sk__V1__Initiative i = initiative();
	Sk__V1__Initiative *inits[] = { &i, NULL };
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();

	k.members = mp;
	k.n_members = 3;
	c.council = &k;
	s.id = 4;
	s.title = (char *)"Phiên họp quý I";
	s.held_on = (char *)"2026-03-25";
	s.secret = secret;
	s.closed = true;
	s.closed_at = 1774400000;
	s.initiative_ids = ids;
	s.n_initiative_ids = 2;
	o1.members = o2.members = 3;
	o1.eligible = 3, o1.yes = 2, o1.no = 1, o1.needed = 2,
	o1.quorum = o1.passed = true;
	o1.scores = 2, o1.novelty = 17, o1.feasibility = 18, o1.benefit = 17;
	o2.eligible = 3, o2.yes = 1, o2.abstain = 1, o2.needed = 2, o2.quorum = true;
	o1.threshold_num = 2, o1.threshold_den = 3, o1.quorum_num = 1, o1.quorum_den = 2;
	s.outcomes = os;
	s.n_outcomes = 2;
	s.voters = voters;
	s.n_voters = 5;
	for (size_t n = 0; !secret && n < 5; n++) {
		sk__v1__ballot__init(&b[n]);
		b[n].login = n % 3 == 0 ? (char *)"chu.hm" :
		    n % 3 == 1          ? (char *)"tk.hm" :
		                          (char *)"tv.hm";
		b[n].initiative_id = n < 3 ? 1 : 2;
		b[n].vote = n == 2 ? SK__V1__VOTE__NO : SK__V1__VOTE__YES;
		bp[n] = &b[n];
	}
	if (!secret) {
		s.ballots = bp;
		s.n_ballots = 5;
	}
	T_EQ_INT(doc_minutes_build(d, &c, &s, inits), 0);
	*out = text_of(d);
	doc_free(d);
}

/* Does a line of t name one of the members next to a vote? */
static int
member_next_to_vote(const char *t)
{
	static const char *const who[] = { "chu.hm", "tk.hm", "tv.hm", "Phạm Văn Chủ",
		"Đỗ Thị Thư", "Vũ Văn Viên" };
	static const char *const votes[] = { "Đồng ý", "Không đồng ý", "Không ý kiến" };
	char lbuf[1024];

	for (const char *p = t; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		snprintf(lbuf, sizeof(lbuf), "%.*s", (int)n, p);
		for (size_t w = 0; w < 6; w++)
			for (size_t v = 0; v < 3; v++)
				if (strstr(lbuf, who[w]) && strstr(lbuf, votes[v]))
					return 1;
		p = nl ? nl + 1 : NULL;
	}
	return 0;
}

static void
minutes_secret_and_open(void)
{
	char *t = NULL;

	minutes(true, &t);
	T_CHECK(has_line(t, "UBND XÃ HÁT MÔN"));
	T_CHECK(has_line(t, "HỘI ĐỒNG SÁNG KIẾN"));
	T_CHECK(has_line(t, "Số: 4/BB-HĐSK"));
	T_CHECK(has_line(t, "Hát Môn, ngày 25 tháng 3 năm 2026"));
	T_CONTAINS(t, "Hình thức biểu quyết: bỏ phiếu kín.");
	/* Present: each member who cast a ballot, once, with their role. */
	T_CONTAINS(t, "Hội đồng có 3 thành viên; có mặt và bỏ phiếu 3 thành viên:");
	T_CONTAINS(t, "  1 | Phạm Văn Chủ | Chủ tịch Hội đồng\n");
	T_CONTAINS(t, "  3 | Vũ Văn Viên | Thành viên chuyên gia\n");
	T_CONTAINS(t, "từ 2/3 tổng số thành viên Hội đồng đồng ý");
	/* The tally and the averages over the ballots that gave scores. */
	T_CONTAINS(t,
	    "Tác giả: Nguyễn Văn An (60%), Trần Thị Bình (40%) | 3 | 2 | 1 | 0 | 2 | "
	    "Đạt\n");
	T_CONTAINS(t, "  2 | Sáng kiến số 2 | 3 | 1 | 0 | 1 | 2 | Không đạt\n");
	T_CONTAINS(t, "  1 | 2 | 8,50 | 9,00 | 8,50\n");
	T_CONTAINS(t, "  2 | 0 | - | - | -\n");
	/* Who voted on what, never how. */
	T_CONTAINS(t, "  1 | 1 | Phạm Văn Chủ, Đỗ Thị Thư, Vũ Văn Viên\n");
	T_CONTAINS(t, "  2 | 2 | Phạm Văn Chủ, Đỗ Thị Thư\n");
	T_CHECK(!member_next_to_vote(t));
	T_CHECK(where(t, "THƯ KÝ\n(Ký, ghi rõ họ tên)\nĐỗ Thị Thư\n") >= 0);
	T_CHECK(where(t, "CHỦ TỊCH HỘI ĐỒNG\n(Ký, ghi rõ họ tên)\nPhạm Văn Chủ\n") >= 0);
	free(t);
	/* An open ballot records each member's vote. */
	minutes(false, &t);
	T_CONTAINS(t, "Hình thức biểu quyết: biểu quyết công khai.");
	T_CONTAINS(t, "  3 | Vũ Văn Viên | 1 | Không đồng ý | \n");
	T_CHECK(member_next_to_vote(t));
	free(t);
}

static void
decision(void)
{
	Sk__V1__Decision dec = SK__V1__DECISION__INIT;
	Sk__V1__Certificate k[3];
	Sk__V1__Certificate *kp[] = { &k[0], &k[1], &k[2] };
	Sk__V1__DecisionResponse dr = SK__V1__DECISION_RESPONSE__INIT;
	Sk__V1__Session s = SK__V1__SESSION__INIT;
	Sk__V1__Session *sp[] = { &s };
	uint64_t ids[] = { 1, 2 };
	static const char *const names[] = { "Nguyễn Văn An", "Trần Thị Bình",
		"Lê Cường" };
	static const unsigned shares[] = { 6000, 4000, 10000 };
	const char *bases[] = { "Căn cứ Quyết định số 1/QĐ-UBND của UBND huyện;" };
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	for (size_t n = 0; n < 3; n++) {
		sk__v1__certificate__init(&k[n]);
		k[n].initiative_id = n < 2 ? 1 : 2;
		k[n].title = n < 2 ? (char *)"Số hóa hồ sơ" : (char *)"Bản đồ số";
		k[n].author = (char *)names[n];
		k[n].share = shares[n];
	}
	dec.number = (char *)"125/QĐ-UBND";
	dec.signed_on = (char *)"2026-04-01";
	dec.signer = (char *)"chu.hm";
	dec.signer_name = (char *)"Phạm Văn Chủ";
	dec.initiative_ids = ids;
	dec.n_initiative_ids = 2;
	dr.decision = &dec;
	dr.certificates = kp;
	dr.n_certificates = 3;
	s.id = 4;
	s.held_on = (char *)"2026-03-25";
	c.bases = bases;
	c.n_bases = 1;
	T_EQ_INT(doc_decision_build(d, &c, &dr, sp, 1), 0);
	t = text_of(d);
	T_CHECK(has_line(t, "Số: 125/QĐ-UBND"));
	T_CHECK(has_line(t, "Hát Môn, ngày 01 tháng 4 năm 2026"));
	T_CHECK(has_line(t, "QUYẾT ĐỊNH"));
	T_CHECK(has_line(t, "Về việc công nhận sáng kiến cấp cơ sở"));
	T_CHECK(has_line(t, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÁT MÔN"));
	/* The configured bases replace the shipped ones. */
	T_CHECK(has_line(t, "Căn cứ Quyết định số 1/QĐ-UBND của UBND huyện;"));
	T_CHECK(where(t, "13/2012/NĐ-CP") < 0);
	T_CHECK(has_line(t,
	    "Căn cứ Biên bản họp Hội đồng Sáng kiến số 4/BB-HĐSK ngày 25 "
	    "tháng 3 năm 2026;"));
	T_CHECK(has_line(t, "QUYẾT ĐỊNH:"));
	T_CONTAINS(t, "Điều 1. Công nhận sáng kiến cấp cơ sở đối với 2 sáng kiến");
	/* Each initiative once, its authors and shares together. */
	T_CONTAINS(t,
	    "  1 | Số hóa hồ sơ | Nguyễn Văn An; Trần Thị Bình | 60; 40\n"
	    "  2 | Bản đồ số | Lê Cường | 100\n");
	T_CONTAINS(t, "(3 giấy chứng nhận)");
	T_CHECK(where(t, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nPhạm Văn Chủ\n") >= 0);
	T_CHECK(has_line(t, "- UBND huyện Phúc Thọ (để báo cáo);"));
	free(t);
	doc_free(d);
	/* With no bases configured, the shipped ones: the decree, the
	 * circular, the district's plan. */
	d = doc_new();
	c.bases = NULL;
	T_EQ_INT(doc_decision_build(d, &c, &dr, sp, 1), 0);
	t = text_of(d);
	T_CONTAINS(t, "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012");
	T_CONTAINS(t, "Căn cứ Thông tư số 18/2013/TT-BKHCN ngày 01 tháng 8 năm 2013");
	T_CONTAINS(t, "huyện Phúc Thọ năm 2024;");
	free(t);
	doc_free(d);
	/* The district recognises effect and scope at its level. */
	d = doc_new();
	c.unit = &district;
	c.parent = NULL;
	T_EQ_INT(doc_decision_build(d, &c, &dr, sp, 1), 0);
	t = text_of(d);
	T_CHECK(has_line(t, "UBND HUYỆN PHÚC THỌ"));
	T_CHECK(has_line(t, "Phúc Thọ, ngày 01 tháng 4 năm 2026"));
	T_CHECK(has_line(t,
	    "Về việc công nhận hiệu quả áp dụng, phạm vi ảnh hưởng cấp huyện "
	    "của sáng kiến"));
	T_CHECK(where(t, "(để báo cáo)") < 0);
	free(t);
	doc_free(d);
}

static void
certificates(void)
{
	Sk__V1__Initiative i = initiative();
	Sk__V1__Certificate k[2];
	Sk__V1__Certificate *kp[] = { &k[0], &k[1] };
	char *co0[] = { (char *)"Trần Thị Bình" }, *co1[] = { (char *)"Nguyễn Văn An" };
	Sk__V1__CertificateListResponse l = SK__V1__CERTIFICATE_LIST_RESPONSE__INIT;
	Sk__V1__Decision dec = SK__V1__DECISION__INIT;
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	for (size_t n = 0; n < 2; n++) {
		sk__v1__certificate__init(&k[n]);
		k[n].number = n == 0 ? (char *)"1/2026/GCN-SK" : (char *)"2/2026/GCN-SK";
		k[n].title = i.title;
		k[n].author = authors[n]->name;
		k[n].share = authors[n]->share;
		k[n].coauthors = n == 0 ? co0 : co1;
		k[n].n_coauthors = 1;
		k[n].decision_number = (char *)"125/QĐ-UBND";
		k[n].signed_on = (char *)"2026-04-01";
	}
	l.certificates = kp;
	l.n_certificates = 2;
	dec.signer_name = (char *)"Phạm Văn Chủ";
	T_EQ_INT(doc_certificates_build(d, &c, &l, &i, &dec), 0);
	/* A paper per author, chained. */
	T_CHECK(d->next != NULL && d->next->next == NULL);
	T_EQ_STR(d->number, "1/2026/GCN-SK");
	T_EQ_STR(d->next != NULL ? d->next->number : NULL, "2/2026/GCN-SK");
	t = text_of(d);
	T_CONTAINS(t,
	    "Ông/Bà:        Nguyễn Văn An\nNgày sinh:     12/05/1985\n"
	    "Nơi công tác:  UBND xã Hát Môn\n");
	T_CONTAINS(t,
	    "Ông/Bà:        Trần Thị Bình\nNơi công tác:  Trường Tiểu học Hát Môn\n");
	T_CONTAINS(t, "Là đồng tác giả (tỷ lệ đóng góp 40%) của sáng kiến:");
	T_CONTAINS(t, "Căn cứ Quyết định số 125/QĐ-UBND ngày 01 tháng 4 năm 2026");
	T_CHECK(where(t, "----------------------------------------") >
	    where(t, "Nguyễn Văn An\nNgày sinh"));
	T_CHECK(where(t, "----------------------------------------") <
	    where(t, "Ông/Bà:        Trần Thị Bình"));
	free(t);
	doc_free(d);
}

static void
submission(void)
{
	Sk__V1__Initiative i = initiative();
	Sk__V1__Forward f = SK__V1__FORWARD__INIT;
	Sk__V1__Initiative *ip[] = { &i };
	Sk__V1__Submission s = SK__V1__SUBMISSION__INIT;
	Sk__V1__SubmissionResponse sr = SK__V1__SUBMISSION_RESPONSE__INIT;
	Sk__V1__Decision dec = SK__V1__DECISION__INIT;
	Sk__V1__Decision *decs[] = { &dec };
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	f.scope = (char *)"Nhân rộng toàn huyện";
	i.forward = &f;
	s.number = (char *)"15/TTr-UBND";
	s.signed_on = (char *)"2026-04-05";
	s.reasons = (char *)"Hiệu quả cao";
	s.created_by = (char *)"chu.hm";
	sr.submission = &s;
	sr.initiatives = ip;
	sr.n_initiatives = 1;
	dec.number = (char *)"125/QĐ-UBND";
	dec.signed_on = (char *)"2026-04-01";
	c.people[0] = (struct doc_person){ "chu.hm", "Phạm Văn Chủ" };
	c.n_people = 1;
	T_EQ_INT(doc_submission_build(d, &c, &sr, decs), 0);
	t = text_of(d);
	T_CHECK(has_line(t, "TỜ TRÌNH"));
	T_CHECK(has_line(t, "Số: 15/TTr-UBND"));
	T_CHECK(has_line(t, "Kính gửi: Hội đồng Sáng kiến huyện Phúc Thọ"));
	T_CONTAINS(t, "phạm vi ảnh hưởng cấp huyện của sáng kiến");
	T_CONTAINS(t,
	    "  1 | Số hóa hồ sơ một cửa | Nguyễn Văn An (60%); Trần Thị Bình (40%) | "
	    "125/QĐ-UBND; ngày 01/04/2026 | Nhân rộng toàn huyện\n");
	T_CONTAINS(t,
	    "UBND xã Hát Môn kính trình Hội đồng Sáng kiến huyện Phúc Thọ xem xét");
	T_CHECK(where(t, "CHỦ TỊCH\nPhạm Văn Chủ\n") >= 0);
	free(t);
	doc_free(d);
}

static void
application(void)
{
	Sk__V1__Initiative i = initiative();
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char *t;

	i.confidential_hidden = true;
	T_EQ_INT(doc_application_build(d, &c, &i), 0);
	/* A person's paper: no body, no number; the date above the signature. */
	T_CHECK(d->body == NULL && d->parent == NULL && d->number == NULL);
	t = text_of(d);
	T_CHECK(where(t,
	            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
	            "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN\n") == 0);
	T_CHECK(has_line(t, "Kính gửi: Hội đồng Sáng kiến cơ sở Xã Hát Môn"));
	T_CONTAINS(t,
	    "  1 | Nguyễn Văn An | 12/05/1985 | UBND xã Hát Môn | Công chức | Cử "
	    "nhân | 60%\n");
	T_CONTAINS(t,
	    "  2 | Trần Thị Bình |  | Trường Tiểu học Hát Môn | Giáo viên | Thạc sĩ "
	    "| 40%\n");
	/* The parts in the form's order. */
	T_CHECK(where(t, "- Chủ đầu tư") <
	    where(t, "- Lĩnh vực áp dụng sáng kiến: Cải cách"));
	T_CHECK(where(t, "- Lĩnh vực") <
	    where(t,
	        "- Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử: 15/01/2026 "
	        "(áp dụng thử)"));
	T_CHECK(where(t, "(áp dụng thử)") < where(t, "- Mô tả bản chất của sáng kiến"));
	T_CHECK(where(t, "- Mô tả") < where(t, "- Những thông tin cần được bảo mật"));
	T_CHECK(where(t, "bảo mật") < where(t, "- Các điều kiện cần thiết"));
	T_CHECK(where(t, "- Các điều kiện") < where(t, "theo ý kiến của tác giả"));
	T_CHECK(
	    where(t, "theo ý kiến của tác giả") < where(t, "- Danh sách những người"));
	T_CONTAINS(t, "- Những thông tin cần được bảo mật (nếu có): (có; chỉ tác giả");
	T_CONTAINS(t, "- Các điều kiện cần thiết để áp dụng sáng kiến: (không có)");
	T_CHECK(where(t, "xin cam đoan") < where(t,
	                                       "Hát Môn, ngày 02 tháng 3 năm 2026\n"
	                                       "NGƯỜI NỘP ĐƠN\n(Ký và ghi rõ họ tên)\n"
	                                       "Nguyễn Văn An\nTrần Thị Bình\n"));
	free(t);
	doc_free(d);
}

static void
names(void)
{
	Sk__V1__HelloResponse h = SK__V1__HELLO_RESPONSE__INIT;
	struct doc_ctx c = ctx();

	h.login = (char *)"me.hm";
	h.user_name = (char *)"Tôi";
	c.hello = &h;
	c.people[0] = (struct doc_person){ "chu.hm", "Phạm Văn Chủ" };
	c.n_people = 1;
	T_EQ_STR(doc_name_of(&c, "me.hm"), "Tôi");
	T_EQ_STR(doc_name_of(&c, "chu.hm"), "Phạm Văn Chủ");
	T_EQ_STR(doc_name_of(&c, "ai.hm"), "ai.hm");
	T_EQ_STR(doc_name_of(&c, ""), "");
}

static void
voters(void)
{
	char *v[] = { (char *)"chu.hm:1", (char *)"tk.hm:1", (char *)"chu.hm:12",
		(char *)"a:b.hm:2" };
	Sk__V1__Session s = SK__V1__SESSION__INIT;
	struct doc *d = doc_new();
	const char *out[4];

	s.voters = v;
	s.n_voters = 4;
	T_EQ_INT(doc_voters(d, &s, out, 4), 3);
	T_EQ_STR(out[0], "chu.hm");
	T_EQ_STR(out[1], "tk.hm");
	T_EQ_STR(out[2], "a:b.hm");
	T_EQ_INT(doc_voters(d, &s, out, 1), 1);
	T_CHECK(doc_voted(&s, "chu.hm", 12));
	T_CHECK(!doc_voted(&s, "chu.hm", 2));
	T_CHECK(!doc_voted(&s, "tk.hm", 12));
	doc_free(d);
}

/* The PDF a paper makes: written, its pages counted; a path that cannot be
 * written is an error, not a crash. */
static void
pdf(void)
{
	Sk__V1__Initiative i = initiative();
	struct doc_ctx c = ctx();
	struct doc *d = doc_new();
	char path[] = "/tmp/unit_doc_XXXXXX", err[256] = "";
	int fd = mkstemp(path), pages = 0;
	FILE *fp;
	char head[5] = "";

	T_EQ_INT(doc_application_build(d, &c, &i), 0);
	T_EQ_INT(pdf_write(d, path, &pages, err, sizeof(err)), 0);
	T_CHECK(pages >= 1 && pages <= 3);
	if ((fp = fopen(path, "rb")) != NULL) {
		T_EQ_INT(fread(head, 1, 4, fp), 4);
		fclose(fp);
	}
	T_EQ_STR(head, "%PDF");
	T_EQ_INT(pdf_write(d, "/nonexistent/dir/x.pdf", &pages, err, sizeof(err)), -1);
	T_CHECK(err[0] != '\0');
	T_EQ_INT(pages, 0);
	if (fd >= 0)
		close(fd);
	unlink(path);
	doc_free(d);
	pdf_cleanup();
}

/* doc_basis lines of the configuration: a basis each, in order. */
static void
bases_configured(void)
{
	struct skc_config c;
	struct sk_error err = { 0, "" };
	char long_basis[3000];

	skc_config_defaults(&c);
	T_EQ_STR(c.doc_bases, "");
	T_EQ_INT(skc_config_set(&c, "doc_basis", "Căn cứ A;", NULL, &err), 0);
	T_EQ_INT(skc_config_set(&c, "doc_basis", "Căn cứ B;", NULL, &err), 0);
	T_EQ_STR(c.doc_bases, "Căn cứ A;\nCăn cứ B;");
	/* More than fits is refused, and what was there stays. */
	memset(long_basis, 'x', sizeof(long_basis) - 1);
	long_basis[sizeof(long_basis) - 1] = '\0';
	T_EQ_INT(skc_config_set(&c, "doc_basis", long_basis, NULL, &err), 0);
	T_EQ_INT(skc_config_set(&c, "doc_basis", long_basis, NULL, &err),
	    SK_INVALID_ARGUMENT);
	T_CONTAINS(err.msg, "doc_basis");
	T_CHECK(strncmp(c.doc_bases, "Căn cứ A;\nCăn cứ B;\nxxx", 27) == 0);
	T_EQ_INT(strlen(c.doc_bases),
	    strlen("Căn cứ A;\nCăn cứ B;\n") + sizeof(long_basis) - 1);
}

static const struct t_case cases[] = {
	{ "dates as Nghị định 30 writes them", dates },
	{ "bodies, places and levels by kind", bodies_and_places },
	{ "the head of each kind of unit, and their signature", heads },
	{ "shares and averages with a decimal comma", numbers },
	{ "the decision-log line: verified, not, not covered, not read", log_lines },
	{ "the history line a document points at", history_lines },
	{ "the receipt: header, fields lined up, signer, log", receipt },
	{ "a refusal's notice", notice_refusal },
	{ "minutes: a secret ballot shows no vote by name, an open one does",
	    minutes_secret_and_open },
	{ "the decision: bases, Điều 1 table, signer; at the district", decision },
	{ "certificates: a paper per author", certificates },
	{ "the submission to the level above", submission },
	{ "the application: Form I in its order", application },
	{ "names of people by login", names },
	{ "who voted in a session", voters },
	{ "pdf_write: a file, its pages; an error for a bad path", pdf },
	{ "legal bases from the configuration", bases_configured },
};

T_MAIN(cases)
