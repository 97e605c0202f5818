/*
 * doc_kinds: the papers of the flow, built from the protocol's messages
 * (see doc.h): receipt, notice, minutes, decision, certificates,
 * submission and application. What they say follows Nghị định 13/2012
 * (Điều lệ Sáng kiến), Thông tư 18/2013 (its Form I) and the layout of
 * Nghị định 30/2020; where the data has no word for something (who signs
 * a notice) the paper names the person who acted.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "doc.h"
#include "out.h"

#define A(x) SK__V1__ACTION__##x
#define TEXT_MAX 4096

static const char *const council_roles[] = { "Thành viên", "Chủ tịch Hội đồng",
	"Phó Chủ tịch Hội đồng", "Thư ký", "Thành viên chuyên gia", "Đại diện Công đoàn",
	"Thành viên" };
#define NCROLES (sizeof(council_roles) / sizeof(council_roles[0]))

static int
done(struct doc *d)
{
	return d->oom ? -1 : 0;
}

/* "Nguyễn Văn An (60%), Trần Thị Bình (40%)" into buf; with sep "\n" and
 * no shares, one name a line. */
static const char *
authors_text(const Sk__V1__Initiative *i, const char *sep, bool shares, char *buf,
    size_t sz)
{
	size_t n = 0;
	char share[16];

	buf[0] = '\0';
	for (size_t k = 0; k < i->n_authors && n < sz; k++) {
		doc_share(i->authors[k]->share, share, sizeof(share));
		n += (size_t)snprintf(buf + n, sz - n, "%s%s", k ? sep : "",
		    i->authors[k]->name);
		if (shares && n < sz)
			n += (size_t)snprintf(buf + n, sz - n, " (%s%%)", share);
	}
	return buf;
}

void
doc_authors(FILE *fp, const Sk__V1__Initiative *i)
{
	char buf[TEXT_MAX];

	fputs(authors_text(i, ", ", true, buf, sizeof(buf)), fp);
}

/* The issuing unit at the top: the body above, the body, the number, the
 * place and the date (iso). */
static void
head(struct doc *d, const struct doc_ctx *c, const char *number, const char *iso)
{
	char buf[512], place[256], when[64];

	if (c->parent != NULL) {
		doc_body_name(c->parent, buf, sizeof(buf));
		d->parent = doc_str(d, "%s", buf);
	}
	doc_body_name(c->unit, buf, sizeof(buf));
	d->body = doc_str(d, "%s", buf);
	d->number = number != NULL && number[0] ? doc_str(d, "%s", number) : NULL;
	doc_place(c->unit, c->parent, place, sizeof(place));
	doc_date_words(iso != NULL && iso[0] ? iso : c->today, when, sizeof(when));
	d->place_date = doc_str(d, "%s, %s", place, when);
}

static void
log_line(struct doc *d, const struct doc_ctx *c)
{
	char buf[1024];

	doc_log_line(&c->log, buf, sizeof(buf));
	d->log = doc_str(d, "%s", buf);
}

static void
bases(struct doc *d, const struct doc_ctx *c)
{
	const char *const *v = c->bases != NULL ? c->bases : doc_default_bases;
	size_t n = c->bases != NULL ? c->n_bases : doc_n_default_bases;

	for (size_t i = 0; i < n; i++)
		doc_para(d, DOC_ITALIC, "%s", v[i]);
}

/* The head's signature: "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", the name. */
static struct doc_sign *
head_sign(struct doc *d, const struct doc_ctx *c, const char *name)
{
	const char *lines[3] = { NULL, NULL, NULL }, *s1, *s2;
	char authority[512];
	struct doc_sign *s;

	doc_head(c->unit, authority, sizeof(authority), &s1, &s2);
	lines[s1 != NULL ? 1 : 0] = s2;
	if (s1 != NULL)
		lines[0] = s1;
	if ((s = doc_sign_new(d, lines, NULL)) != NULL)
		doc_sign_name(d, s, name);
	return s;
}

/* A sign of one title line, with a hint and a name. */
static struct doc_sign *
sign_one(struct doc *d, const char *title, const char *hint, const char *name)
{
	const char *lines[2] = { title, NULL };
	struct doc_sign *s = doc_sign_new(d, lines, hint);

	if (s != NULL && name != NULL)
		doc_sign_name(d, s, name);
	return s;
}

/* ---- the receipt and the notice --------------------------------------------------- */

/* "UBND xã Hát Môn đã nhận hồ sơ ...", the title and the authors. */
static void
received(struct doc *d, const struct doc_ctx *c, const Sk__V1__Initiative *i)
{
	char unit[512], authors[TEXT_MAX];

	doc_unit_in_text(c->unit, unit, sizeof(unit));
	doc_para(d, 0, "%s đã nhận hồ sơ yêu cầu công nhận sáng kiến:", unit);
	doc_para(d, DOC_QUOTE, "\"%s\"", i->title);
	doc_para(d, DOC_QUOTE, "Tác giả: %s",
	    authors_text(i, ", ", true, authors, sizeof(authors)));
}

int
doc_receipt_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Initiative *i)
{
	const Sk__V1__Receipt *rc = i->receipt;
	char d1[16], d2[16];

	head(d, c, rc->number, rc->accepted_on);
	d->kind = "GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN";
	received(d, c, i);
	doc_para(d, 0, "%s", "");
	doc_field(d, "Ngày nhận hồ sơ", "%s", out_date(rc->accepted_on, d1, sizeof(d1)));
	doc_field(d, "Hạn trả kết quả", "%s", out_date(rc->due_on, d2, sizeof(d2)));
	doc_field(d, "Người nhận hồ sơ", "%s", rc->accepted_by);
	doc_signs(d,
	    sign_one(d, "NGƯỜI NHẬN HỒ SƠ", "(Ký, ghi rõ họ tên)",
	        doc_name_of(c, rc->accepted_by)),
	    NULL, true);
	doc_recipient(d, "- Tác giả sáng kiến;");
	doc_recipient(d, "- Lưu: VT, hồ sơ sáng kiến.");
	log_line(d, c);
	return done(d);
}

/* NĐ 13/2012: a refusal is answered in writing, with its reasons. */
int
doc_notice_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Initiative *i)
{
	const Sk__V1__Notice *n = i->notice;
	bool refuse = n->action == A(REFUSE);
	char names[TEXT_MAX], day[16];

	head(d, c, n->number, n->issued_on);
	d->kind = "THÔNG BÁO";
	d->subject = refuse ?
	    "Về việc từ chối chấp nhận đơn yêu cầu công nhận sáng kiến" :
	    "Về việc trả lại hồ sơ yêu cầu công nhận sáng kiến để sửa "
	    "đổi, bổ sung";
	doc_para(d, 0, "Kính gửi: %s",
	    authors_text(i, ", ", false, names, sizeof(names)));
	doc_para(d, 0, "%s", "");
	received(d, c, i);
	if (i->filed_on[0])
		doc_para(d, DOC_QUOTE, "Ngày nộp hồ sơ: %s",
		    out_date(i->filed_on, day, sizeof(day)));
	doc_para(d, 0, "%s", "");
	doc_para(d, 0, "%s",
	    refuse ? "Sau khi xem xét, đơn vị từ chối chấp nhận đơn, với lý do:" :
	             "Hồ sơ chưa đáp ứng yêu cầu. Đề nghị tác giả sửa đổi, bổ sung và "
	             "nộp lại, với lý do:");
	doc_para(d, DOC_QUOTE, "%s", n->reason);
	doc_para(d, 0, "%s", "");
	doc_para(d, 0, "Người lập thông báo: %s", n->issued_by);
	doc_signs(d,
	    sign_one(d, "NGƯỜI LẬP THÔNG BÁO", "(Ký, ghi rõ họ tên)",
	        doc_name_of(c, n->issued_by)),
	    NULL, true);
	doc_recipient(d, "- Như trên;");
	doc_recipient(d, "- Lưu: VT, hồ sơ sáng kiến.");
	log_line(d, c);
	return done(d);
}

/* ---- the council's minutes --------------------------------------------------------- */

static const Sk__V1__CouncilMember *
member_of(const struct doc_ctx *c, const char *login)
{
	for (size_t i = 0; c->council != NULL && i < c->council->n_members; i++)
		if (strcmp(c->council->members[i]->login, login) == 0)
			return c->council->members[i];
	return NULL;
}

/* The name of the council member with role r, or "". */
static const char *
role_holder(const struct doc_ctx *c, Sk__V1__CouncilRole r)
{
	for (size_t i = 0; c->council != NULL && i < c->council->n_members; i++)
		if (c->council->members[i]->role == r)
			return doc_name_of(c, c->council->members[i]->login);
	return "";
}

static const char *
role_name(const Sk__V1__CouncilMember *m)
{
	return m != NULL && (size_t)m->role < NCROLES ? council_roles[m->role] : "";
}

/* "the title\nTác giả: ..." of the k-th initiative of s. */
static const char *
agenda_item(struct doc *d, const Sk__V1__Session *s, Sk__V1__Initiative *const *inits,
    size_t k)
{
	char authors[TEXT_MAX];

	if (inits == NULL || inits[k] == NULL)
		return doc_str(d, "Sáng kiến số %" PRIu64, s->initiative_ids[k]);
	return doc_str(d, "%s\nTác giả: %s", inits[k]->title,
	    authors_text(inits[k], ", ", true, authors, sizeof(authors)));
}

/* I. Who sat: the members who cast a ballot. */
static void
minutes_members(struct doc *d, const struct doc_ctx *c, const Sk__V1__Session *s)
{
	static const unsigned w[] = { 8, 52, 40 };
	const char *present[128];
	size_t n = doc_voters(d, s, present, sizeof(present) / sizeof(present[0]));
	uint32_t members = s->n_outcomes > 0 ? s->outcomes[0]->members : 0;
	struct doc_block *t;

	doc_para(d, DOC_BOLD, "I. THÀNH PHẦN THAM DỰ");
	doc_para(d, 0,
	    "Hội đồng có %u thành viên; có mặt và bỏ phiếu %zu thành viên:", members, n);
	if ((t = doc_table(d, n + 1, 3, w)) == NULL)
		return;
	doc_cell(d, t, 0, 0, "STT");
	doc_cell(d, t, 0, 1, "Họ và tên");
	doc_cell(d, t, 0, 2, "Chức danh trong Hội đồng");
	for (size_t i = 0; i < n; i++) {
		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%s", doc_name_of(c, present[i]));
		doc_cell(d, t, i + 1, 2, "%s", role_name(member_of(c, present[i])));
	}
}

/* II. The rule in force, frozen when the session opened. */
static void
minutes_rule(struct doc *d, const Sk__V1__Session *s)
{
	const Sk__V1__Outcome *o = s->n_outcomes > 0 ? s->outcomes[0] : NULL;
	const char *base;

	doc_para(d, DOC_BOLD, "II. NGUYÊN TẮC XÉT");
	if (o == NULL)
		return;
	base = o->count_base == SK__V1__COUNT_BASE__COUNT_ELIGIBLE ?
	    "số thành viên được biểu quyết" :
	    "tổng số thành viên Hội đồng";
	doc_para(d, 0,
	    "Sáng kiến được công nhận khi có từ %u/%u %s đồng ý trở lên, và không "
	    "ít hơn 2/3 tổng số thành viên Hội đồng; việc biểu quyết hợp lệ khi có "
	    "từ %u/%u %s tham gia. Thành viên là tác giả không biểu quyết sáng kiến "
	    "của mình. Nguyên tắc này được xác định khi khai mạc phiên họp.",
	    o->threshold_num, o->threshold_den, base, o->quorum_num, o->quorum_den, base);
}

/* III. The tally of each initiative. */
static void
minutes_tally(struct doc *d, const Sk__V1__Session *s, Sk__V1__Initiative *const *inits)
{
	static const unsigned w[] = { 7, 36, 10, 9, 10, 10, 8, 10 };
	static const char *const head_cells[] = { "STT", "Sáng kiến", "Được biểu quyết",
		"Đồng ý", "Không đồng ý", "Không ý kiến", "Cần đạt", "Kết quả" };
	struct doc_block *t;

	doc_para(d, DOC_BOLD, "III. KẾT QUẢ BIỂU QUYẾT");
	if ((t = doc_table(d, s->n_outcomes + 1, 8, w)) == NULL)
		return;
	for (size_t k = 0; k < 8; k++)
		doc_cell(d, t, 0, k, "%s", head_cells[k]);
	for (size_t i = 0; i < s->n_outcomes; i++) {
		const Sk__V1__Outcome *o = s->outcomes[i];

		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		t->cells[(i + 1) * 8 + 1] = agenda_item(d, s, inits, i);
		doc_cell(d, t, i + 1, 2, "%u", o->eligible);
		doc_cell(d, t, i + 1, 3, "%u", o->yes);
		doc_cell(d, t, i + 1, 4, "%u", o->no);
		doc_cell(d, t, i + 1, 5, "%u", o->abstain);
		doc_cell(d, t, i + 1, 6, "%u", o->needed);
		doc_cell(d, t, i + 1, 7, "%s",
		    !o->quorum    ? "Không đủ số thành viên biểu quyết" :
		        o->passed ? "Đạt" :
		                    "Không đạt");
	}
}

/* IV. The average scores, over the ballots that gave scores. */
static void
minutes_scores(struct doc *d, const Sk__V1__Session *s)
{
	static const unsigned w[] = { 8, 23, 23, 23, 23 };
	static const char *const head_cells[] = { "STT", "Số phiếu chấm điểm", "Tính mới",
		"Tính khả thi", "Lợi ích" };
	char a[16], b[16], e[16];
	struct doc_block *t;

	doc_para(d, DOC_BOLD, "IV. ĐIỂM ĐÁNH GIÁ TRUNG BÌNH (thang điểm 10)");
	if ((t = doc_table(d, s->n_outcomes + 1, 5, w)) == NULL)
		return;
	for (size_t k = 0; k < 5; k++)
		doc_cell(d, t, 0, k, "%s", head_cells[k]);
	for (size_t i = 0; i < s->n_outcomes; i++) {
		const Sk__V1__Outcome *o = s->outcomes[i];

		doc_average(o->novelty, o->scores, a, sizeof(a));
		doc_average(o->feasibility, o->scores, b, sizeof(b));
		doc_average(o->benefit, o->scores, e, sizeof(e));
		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%u", o->scores);
		doc_cell(d, t, i + 1, 2, "%s", a);
		doc_cell(d, t, i + 1, 3, "%s", b);
		doc_cell(d, t, i + 1, 4, "%s", e);
	}
}

static const char *
vote_word(Sk__V1__Vote v)
{
	return v == SK__V1__VOTE__YES ? "Đồng ý" :
	    v == SK__V1__VOTE__NO     ? "Không đồng ý" :
	                                "Không ý kiến";
}

/* V. An open ballot: each member's vote, as cast in the open. */
static void
minutes_open_ballots(struct doc *d, const struct doc_ctx *c, const Sk__V1__Session *s)
{
	static const unsigned w[] = { 8, 40, 12, 20, 20 };
	struct doc_block *t;

	doc_para(d, DOC_BOLD, "V. BIỂU QUYẾT CÔNG KHAI CỦA TỪNG THÀNH VIÊN");
	if ((t = doc_table(d, s->n_ballots + 1, 5, w)) == NULL)
		return;
	doc_cell(d, t, 0, 0, "STT");
	doc_cell(d, t, 0, 1, "Thành viên");
	doc_cell(d, t, 0, 2, "Sáng kiến số");
	doc_cell(d, t, 0, 3, "Biểu quyết");
	doc_cell(d, t, 0, 4, "Điểm (mới/khả thi/lợi ích)");
	for (size_t i = 0; i < s->n_ballots; i++) {
		const Sk__V1__Ballot *b = s->ballots[i];

		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%s", doc_name_of(c, b->login));
		doc_cell(d, t, i + 1, 2, "%" PRIu64, b->initiative_id);
		doc_cell(d, t, i + 1, 3, "%s", vote_word(b->vote));
		if (b->scored)
			doc_cell(d, t, i + 1, 4, "%u/%u/%u", b->novelty, b->feasibility,
			    b->benefit);
	}
}

/* V. A secret ballot: who voted on what, never how. */
static void
minutes_secret_voters(struct doc *d, const struct doc_ctx *c, const Sk__V1__Session *s)
{
	static const unsigned w[] = { 8, 20, 72 };
	const char *present[128];
	size_t n = doc_voters(d, s, present, sizeof(present) / sizeof(present[0]));
	struct doc_block *t;

	doc_para(d, DOC_BOLD, "V. THÀNH VIÊN ĐÃ BỎ PHIẾU KÍN");
	doc_para(d, 0,
	    "Phiếu kín: biên bản ghi số phiếu và những thành viên đã bỏ phiếu, không "
	    "ghi lựa chọn của từng thành viên.");
	if ((t = doc_table(d, s->n_initiative_ids + 1, 3, w)) == NULL)
		return;
	doc_cell(d, t, 0, 0, "STT");
	doc_cell(d, t, 0, 1, "Sáng kiến số");
	doc_cell(d, t, 0, 2, "Thành viên đã bỏ phiếu");
	for (size_t i = 0; i < s->n_initiative_ids; i++) {
		char who[TEXT_MAX];
		size_t m = 0;

		who[0] = '\0';
		for (size_t k = 0; k < n && m < sizeof(who); k++)
			if (doc_voted(s, present[k], s->initiative_ids[i]))
				m += (size_t)snprintf(who + m, sizeof(who) - m, "%s%s",
				    m ? ", " : "", doc_name_of(c, present[k]));
		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%" PRIu64, s->initiative_ids[i]);
		doc_cell(d, t, i + 1, 2, "%s", who);
	}
}

int
doc_minutes_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Session *s,
    Sk__V1__Initiative *const *inits)
{
	char unit[512], when[64], closed[32];
	const char *num = doc_str(d, "%" PRIu64 "/BB-HĐSK", s->id);

	head(d, c, num, s->held_on);
	/* The council sits under its unit. */
	doc_body_name(c->unit, unit, sizeof(unit));
	d->parent = doc_str(d, "%s", unit);
	d->body = "HỘI ĐỒNG SÁNG KIẾN";
	d->kind = "BIÊN BẢN";
	d->subject = "Họp Hội đồng Sáng kiến xét công nhận sáng kiến";
	doc_unit_in_text(c->unit, unit, sizeof(unit));
	doc_date_words(s->held_on, when, sizeof(when));
	doc_para(d, 0,
	    "Hôm nay, %s, Hội đồng Sáng kiến của %s họp phiên \"%s\" để xét, đánh giá "
	    "%zu sáng kiến. Hình thức biểu quyết: %s.",
	    when, unit, s->title, s->n_initiative_ids,
	    s->secret ? "bỏ phiếu kín" : "biểu quyết công khai");
	minutes_members(d, c, s);
	minutes_rule(d, s);
	minutes_tally(d, s, inits);
	minutes_scores(d, s);
	if (s->secret)
		minutes_secret_voters(d, c, s);
	else
		minutes_open_ballots(d, c, s);
	time_format_vn(s->closed_at, closed, sizeof(closed));
	doc_para(d, 0, "Phiên họp kết thúc lúc %s. Biên bản được lập thành hai bản.",
	    closed);
	doc_signs(d,
	    sign_one(d, "CHỦ TỊCH HỘI ĐỒNG", "(Ký, ghi rõ họ tên)",
	        role_holder(c, SK__V1__COUNCIL_ROLE__CHAIR)),
	    sign_one(d, "THƯ KÝ", "(Ký, ghi rõ họ tên)",
	        role_holder(c, SK__V1__COUNCIL_ROLE__SECRETARY)),
	    false);
	log_line(d, c);
	return done(d);
}

/* ---- the decision and the certificates ----------------------------------------------- */

/* "Về việc công nhận sáng kiến cấp cơ sở"; at a level above, its effect
 * and scope there (plan §3.4). */
static const char *
recognition_subject(struct doc *d, const struct doc_ctx *c)
{
	const char *level = doc_level(c->unit);

	if (strcmp(level, "cấp cơ sở") == 0)
		return "Về việc công nhận sáng kiến cấp cơ sở";
	return doc_str(d,
	    "Về việc công nhận hiệu quả áp dụng, phạm vi ảnh hưởng %s của sáng kiến",
	    level);
}

/* The certificates of initiative id among dr's. */
static size_t
certs_of(const Sk__V1__DecisionResponse *dr, uint64_t id, const Sk__V1__Certificate **v,
    size_t max)
{
	size_t n = 0;

	for (size_t k = 0; k < dr->n_certificates && n < max; k++)
		if (dr->certificates[k]->initiative_id == id)
			v[n++] = dr->certificates[k];
	return n;
}

/* Article 1's table: title, authors, shares. */
static void
decision_table(struct doc *d, const Sk__V1__DecisionResponse *dr)
{
	static const unsigned w[] = { 7, 45, 30, 18 };
	const Sk__V1__Decision *dec = dr->decision;
	struct doc_block *t;

	if ((t = doc_table(d, dec->n_initiative_ids + 1, 4, w)) == NULL)
		return;
	doc_cell(d, t, 0, 0, "STT");
	doc_cell(d, t, 0, 1, "Tên sáng kiến");
	doc_cell(d, t, 0, 2, "Tác giả");
	doc_cell(d, t, 0, 3, "Tỷ lệ đóng góp (%%)");
	for (size_t i = 0; i < dec->n_initiative_ids; i++) {
		const Sk__V1__Certificate *v[32];
		size_t n = certs_of(dr, dec->initiative_ids[i], v, 32), a = 0, b = 0;
		char names[TEXT_MAX], shares[512], share[16];

		names[0] = shares[0] = '\0';
		for (size_t k = 0; k < n; k++) {
			doc_share(v[k]->share, share, sizeof(share));
			a += (size_t)snprintf(names + a,
			    a < sizeof(names) ? sizeof(names) - a : 0, "%s%s",
			    k ? "\n" : "", v[k]->author);
			b += (size_t)snprintf(shares + b,
			    b < sizeof(shares) ? sizeof(shares) - b : 0, "%s%s",
			    k ? "\n" : "", share);
		}
		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%s",
		    n > 0 ? v[0]->title :
		            doc_str(d, "Sáng kiến số %" PRIu64, dec->initiative_ids[i]));
		doc_cell(d, t, i + 1, 2, "%s", names);
		doc_cell(d, t, i + 1, 3, "%s", shares);
	}
}

/* The unit above, as a recipient to report to. */
static void
report_up(struct doc *d, const struct doc_ctx *c)
{
	char up[512];

	if (c->parent == NULL)
		return;
	doc_unit_in_text(c->parent, up, sizeof(up));
	doc_recipient(d, "- %s (để báo cáo);", up);
}

int
doc_decision_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__DecisionResponse *dr, Sk__V1__Session *const *sessions,
    size_t n_sessions)
{
	const Sk__V1__Decision *dec = dr->decision;
	const char *s1, *s2, *level = doc_level(c->unit);
	char authority[512], when[64];

	head(d, c, dec->number, dec->signed_on);
	d->kind = "QUYẾT ĐỊNH";
	d->subject = recognition_subject(d, c);
	doc_head(c->unit, authority, sizeof(authority), &s1, &s2);
	doc_para(d, DOC_BOLD | DOC_CENTER, "%s", authority);
	bases(d, c);
	for (size_t i = 0; i < n_sessions; i++) {
		doc_date_words(sessions[i]->held_on, when, sizeof(when));
		doc_para(d, DOC_ITALIC,
		    "Căn cứ Biên bản họp Hội đồng Sáng kiến số %" PRIu64 "/BB-HĐSK %s;",
		    sessions[i]->id, when);
	}
	doc_para(d, DOC_ITALIC, "Theo đề nghị của Hội đồng Sáng kiến.");
	doc_para(d, DOC_BOLD | DOC_CENTER, "QUYẾT ĐỊNH:");
	doc_para(d, 0,
	    "Điều 1. Công nhận sáng kiến %s đối với %zu sáng kiến có tên sau đây:", level,
	    dec->n_initiative_ids);
	decision_table(d, dr);
	doc_para(d, 0,
	    "Điều 2. Các tác giả có tên tại Điều 1 được cấp Giấy chứng nhận sáng kiến "
	    "(%zu giấy chứng nhận) và được hưởng các quyền lợi theo quy định của pháp "
	    "luật.",
	    dr->n_certificates);
	doc_para(d, 0,
	    "Điều 3. Quyết định có hiệu lực kể từ ngày ký. Hội đồng Sáng kiến, các tác giả "
	    "có tên tại Điều 1 và các cá nhân, đơn vị có liên quan chịu trách nhiệm thi "
	    "hành Quyết định này./.");
	doc_signs(d,
	    head_sign(d, c,
	        dec->signer_name[0] ? dec->signer_name : doc_name_of(c, dec->signer)),
	    NULL, true);
	doc_recipient(d, "- Như Điều 3;");
	report_up(d, c);
	doc_recipient(d, "- Lưu: VT.");
	log_line(d, c);
	return done(d);
}

static const Sk__V1__Author *
author_named(const Sk__V1__Initiative *i, const char *name)
{
	for (size_t k = 0; i != NULL && k < i->n_authors; k++)
		if (strcmp(i->authors[k]->name, name) == 0)
			return i->authors[k];
	return NULL;
}

/* One author's certificate, on a paper of its own. */
static void
certificate(struct doc *d, const struct doc_ctx *c, const Sk__V1__Certificate *k,
    const Sk__V1__Initiative *i, const Sk__V1__Decision *dec)
{
	const Sk__V1__Author *a = author_named(i, k->author);
	const char *s1, *s2, *level = doc_level(c->unit);
	char authority[512], when[64], share[16], day[16];

	head(d, c, k->number, k->signed_on);
	d->kind = "GIẤY CHỨNG NHẬN SÁNG KIẾN";
	doc_head(c->unit, authority, sizeof(authority), &s1, &s2);
	doc_para(d, DOC_BOLD | DOC_CENTER, "%s", authority);
	doc_date_words(k->signed_on, when, sizeof(when));
	doc_para(d, DOC_ITALIC,
	    "Căn cứ Quyết định số %s %s về việc công nhận sáng kiến %s,",
	    k->decision_number, when, level);
	doc_para(d, DOC_BOLD | DOC_CENTER, "CHỨNG NHẬN");
	doc_field(d, "Ông/Bà", "%s", k->author);
	if (a != NULL && a->birth_date[0])
		doc_field(d, "Ngày sinh", "%s",
		    out_date(a->birth_date, day, sizeof(day)));
	if (a != NULL && a->workplace[0])
		doc_field(d, "Nơi công tác", "%s", a->workplace);
	if (a != NULL && a->job_title[0])
		doc_field(d, "Chức danh", "%s", a->job_title);
	doc_share(k->share, share, sizeof(share));
	doc_para(d, 0, "Là %s (tỷ lệ đóng góp %s%%) của sáng kiến:",
	    k->n_coauthors > 0 ? "đồng tác giả" : "tác giả", share);
	doc_para(d, DOC_QUOTE | DOC_BOLD, "\"%s\"", k->title);
	for (size_t n = 0; n < k->n_coauthors; n++)
		doc_para(d, DOC_QUOTE, "Đồng tác giả: %s", k->coauthors[n]);
	doc_para(d, 0, "Sáng kiến được công nhận là sáng kiến %s theo Quyết định số %s.",
	    level, k->decision_number);
	doc_signs(d,
	    head_sign(d, c,
	        dec == NULL             ? "" :
	            dec->signer_name[0] ? dec->signer_name :
	                                  doc_name_of(c, dec->signer)),
	    NULL, false);
	log_line(d, c);
}

int
doc_certificates_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__CertificateListResponse *l, const Sk__V1__Initiative *i,
    const Sk__V1__Decision *dec)
{
	if (l->n_certificates > 0)
		certificate(d, c, l->certificates[0], i, dec);
	/* The others on papers of their own, after it. */
	for (size_t k = 1; k < l->n_certificates && !d->oom; k++) {
		struct doc *p = doc_append(d);

		if (p != NULL) {
			certificate(p, c, l->certificates[k], i, dec);
			d->oom = p->oom;
		}
	}
	return done(d);
}

/* ---- the submission --------------------------------------------------------------- */

static void
submission_table(struct doc *d, const Sk__V1__SubmissionResponse *sr,
    Sk__V1__Decision *const *decisions)
{
	static const unsigned w[] = { 7, 28, 23, 18, 24 };
	static const char *const head_cells[] = { "STT", "Tên sáng kiến",
		"Tác giả (tỷ lệ đóng góp)", "Quyết định công nhận",
		"Hiệu quả, phạm vi ảnh hưởng" };
	struct doc_block *t;

	if ((t = doc_table(d, sr->n_initiatives + 1, 5, w)) == NULL)
		return;
	for (size_t k = 0; k < 5; k++)
		doc_cell(d, t, 0, k, "%s", head_cells[k]);
	for (size_t i = 0; i < sr->n_initiatives; i++) {
		const Sk__V1__Initiative *in = sr->initiatives[i];
		const Sk__V1__Decision *dec = decisions != NULL ? decisions[i] : NULL;
		const char *scope = in->forward != NULL ? in->forward->scope : "";
		char authors[TEXT_MAX], day[16];

		doc_cell(d, t, i + 1, 0, "%zu", i + 1);
		doc_cell(d, t, i + 1, 1, "%s", in->title);
		doc_cell(d, t, i + 1, 2, "%s",
		    authors_text(in, "\n", true, authors, sizeof(authors)));
		if (dec != NULL)
			doc_cell(d, t, i + 1, 3, "%s\nngày %s", dec->number,
			    out_date(dec->signed_on, day, sizeof(day)));
		doc_cell(d, t, i + 1, 4, "%s",
		    scope[0] ? scope : "(các tác giả chưa bổ sung)");
	}
}

int
doc_submission_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__SubmissionResponse *sr, Sk__V1__Decision *const *decisions)
{
	const Sk__V1__Submission *s = sr->submission;
	const char *up = c->parent != NULL ? doc_level(c->parent) : "cấp trên";
	char unit[512], council[600];

	head(d, c, s->number, s->signed_on);
	d->kind = "TỜ TRÌNH";
	d->subject = doc_str(d,
	    "Về việc đề nghị công nhận hiệu quả áp dụng, phạm vi ảnh hưởng %s của sáng "
	    "kiến",
	    up);
	if (c->parent != NULL) {
		char low[512];

		doc_unit_in_text(c->parent, low, sizeof(low));
		/* "UBND huyện Phúc Thọ" -> the council of "huyện Phúc Thọ". */
		snprintf(council, sizeof(council), "Hội đồng Sáng kiến %s",
		    strncmp(low, "UBND ", 5) == 0 ? low + 5 : low);
	} else
		snprintf(council, sizeof(council), "Hội đồng Sáng kiến %s", up);
	doc_para(d, DOC_CENTER, "Kính gửi: %s", council);
	bases(d, c);
	doc_unit_in_text(c->unit, unit, sizeof(unit));
	doc_para(d, 0,
	    "%s đã rà soát các sáng kiến được công nhận cấp cơ sở và lựa chọn %zu sáng "
	    "kiến có hiệu quả áp dụng, phạm vi ảnh hưởng %s, cụ thể như sau:",
	    unit, sr->n_initiatives, up);
	submission_table(d, sr, decisions);
	doc_para(d, 0, "Lý do đề nghị: %s", s->reasons);
	doc_para(d, 0, "%s kính trình %s xem xét, công nhận./.", unit, council);
	doc_signs(d, head_sign(d, c, doc_name_of(c, s->created_by)), NULL, true);
	doc_recipient(d, "- Như trên;");
	doc_recipient(d, "- Lưu: VT.");
	log_line(d, c);
	return done(d);
}

/* ---- the application: Form I of Thông tư 18/2013 ------------------------------------ */

static void
application_authors(struct doc *d, const Sk__V1__Initiative *i)
{
	static const unsigned w[] = { 6, 20, 13, 19, 13, 15, 14 };
	static const char *const head_cells[] = { "Số TT", "Họ và tên",
		"Ngày tháng năm sinh", "Nơi công tác (hoặc nơi thường trú)", "Chức danh",
		"Trình độ chuyên môn", "Tỷ lệ (%) đóng góp vào việc tạo ra sáng kiến" };
	struct doc_block *t;

	if ((t = doc_table(d, i->n_authors + 1, 7, w)) == NULL)
		return;
	for (size_t k = 0; k < 7; k++)
		doc_cell(d, t, 0, k, "%s", head_cells[k]);
	for (size_t k = 0; k < i->n_authors; k++) {
		const Sk__V1__Author *a = i->authors[k];
		char day[16], share[16];

		doc_share(a->share, share, sizeof(share));
		doc_cell(d, t, k + 1, 0, "%zu", k + 1);
		doc_cell(d, t, k + 1, 1, "%s", a->name);
		doc_cell(d, t, k + 1, 2, "%s",
		    a->birth_date[0] ? out_date(a->birth_date, day, sizeof(day)) : "");
		doc_cell(d, t, k + 1, 3, "%s", a->workplace);
		doc_cell(d, t, k + 1, 4, "%s", a->job_title);
		doc_cell(d, t, k + 1, 5, "%s", a->qualification);
		doc_cell(d, t, k + 1, 6, "%s%%", share);
	}
}

/* "- label: value", or "(không có)" for nothing. */
static void
item(struct doc *d, const char *label, const char *value)
{
	doc_para(d, 0, "- %s: %s", label,
	    value != NULL && value[0] ? value : "(không có)");
}

/* The parts of the dossier, in the form's order. */
static void
application_parts(struct doc *d, const Sk__V1__Initiative *i)
{
	char day[16], people[TEXT_MAX];
	size_t n = 0;

	item(d,
	    "Chủ đầu tư tạo ra sáng kiến (trường hợp tác giả không đồng thời là chủ "
	    "đầu tư)",
	    i->investor[0] ? i->investor : "tác giả đồng thời là chủ đầu tư");
	item(d, "Sử dụng vốn, tài sản của Nhà nước", i->state_funded ? "có" : "không");
	item(d, "Lĩnh vực áp dụng sáng kiến", i->field);
	item(d, "Ngày sáng kiến được áp dụng lần đầu hoặc áp dụng thử",
	    i->first_applied[0] ?
	        doc_str(d, "%s (%s)", out_date(i->first_applied, day, sizeof(day)),
	            i->application == SK__V1__APPLICATION__TRIAL_APPLIED ? "áp dụng thử" :
	                                                                   "áp dụng") :
	        "");
	item(d, "Mô tả bản chất của sáng kiến", i->description);
	item(d, "Những thông tin cần được bảo mật (nếu có)",
	    i->confidential_hidden ?
	        "(có; chỉ tác giả, bộ phận tiếp nhận, Hội đồng và thủ trưởng đơn vị được "
	        "xem)" :
	        i->confidential);
	item(d, "Các điều kiện cần thiết để áp dụng sáng kiến", i->conditions);
	item(d,
	    "Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến "
	    "theo ý kiến của tác giả",
	    i->benefits);
	item(d,
	    "Đánh giá lợi ích thu được hoặc dự kiến có thể thu được do áp dụng sáng kiến "
	    "theo ý kiến của tổ chức, cá nhân đã tham gia áp dụng sáng kiến lần đầu, kể "
	    "cả áp dụng thử (nếu có)",
	    i->trial_benefits);
	people[0] = '\0';
	for (size_t k = 0; k < i->n_participants && n < sizeof(people); k++)
		n += (size_t)snprintf(people + n, sizeof(people) - n, "%s%s",
		    k ? ", " : "", i->participants[k]);
	item(d,
	    "Danh sách những người đã tham gia áp dụng thử hoặc áp dụng sáng kiến lần "
	    "đầu (nếu có)",
	    people);
}

int
doc_application_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Initiative *i)
{
	char place[256], when[64];
	struct doc_sign *s;

	/* A person's application: the national title alone at the top, the
	 * place and date above the signature. */
	doc_place(c->unit, c->parent, place, sizeof(place));
	doc_date_words(i->filed_on[0] ? i->filed_on : c->today, when, sizeof(when));
	d->place_date = doc_str(d, "%s, %s", place, when);
	d->date_at_end = true;
	d->kind = "ĐƠN YÊU CẦU CÔNG NHẬN SÁNG KIẾN";
	doc_para(d, DOC_CENTER, "Kính gửi: %s", i->addressee);
	doc_para(d, 0, "Tôi (chúng tôi) ghi tên dưới đây:");
	application_authors(d, i);
	doc_para(d, 0,
	    "Là tác giả (nhóm tác giả) đề nghị xét công nhận sáng kiến: \"%s\".",
	    i->title);
	application_parts(d, i);
	doc_para(d, 0,
	    "Tôi (chúng tôi) xin cam đoan mọi thông tin nêu trong đơn là trung thực, đúng "
	    "sự thật và hoàn toàn chịu trách nhiệm trước pháp luật.");
	s = sign_one(d, "NGƯỜI NỘP ĐƠN", "(Ký và ghi rõ họ tên)", NULL);
	for (size_t k = 0; k < i->n_authors; k++)
		doc_sign_name(d, s, i->authors[k]->name);
	doc_signs(d, s, NULL, false);
	log_line(d, c);
	return done(d);
}

/* ---- as sk-tui prints them ------------------------------------------------------------ */

/* A paper of a unit known by its name only: no body above, no log. */
static void
print_simple(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i, bool receipt)
{
	Sk__V1__Unit u = SK__V1__UNIT__INIT;
	struct doc_ctx c = { .unit = &u };
	struct doc *d = doc_new();
	int rc;

	if (d == NULL)
		return;
	u.name = (char *)unit_name;
	rc = receipt ? doc_receipt_build(d, &c, i) : doc_notice_build(d, &c, i);
	d->log = NULL; /* sk-tui has not read the log */
	if (rc == 0)
		doc_text(fp, d);
	doc_free(d);
}

void
doc_receipt(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i)
{
	print_simple(fp, unit_name, i, true);
}

void
doc_notice(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i)
{
	print_simple(fp, unit_name, i, false);
}
