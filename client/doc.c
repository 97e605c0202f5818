/* doc: the papers of the flow as text; see doc.h. */
#include "doc.h"

#include <stdint.h>

#include "date.h"
#include "out.h"

void
doc_authors(FILE *fp, const Sk__V1__Initiative *i)
{
	char share[16];

	for (size_t k = 0; k < i->n_authors; k++) {
		out_share(i->authors[k]->share, share, sizeof(share));
		fprintf(fp, "%s%s (%s%%)", k ? ", " : "", i->authors[k]->name, share);
	}
}

void
doc_receipt(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i)
{
	const Sk__V1__Receipt *rc = i->receipt;
	char d1[16], d2[16];

	fprintf(fp, "GIẤY BIÊN NHẬN HỒ SƠ YÊU CẦU CÔNG NHẬN SÁNG KIẾN\n");
	fprintf(fp, "Số: %s\n\n", rc->number);
	fprintf(fp, "%s đã nhận hồ sơ yêu cầu công nhận sáng kiến:\n", unit_name);
	fprintf(fp, "  \"%s\"\n", i->title);
	fprintf(fp, "  Tác giả: ");
	doc_authors(fp, i);
	fprintf(fp, "\n\nNgày nhận hồ sơ:   %s\n",
	    out_date(rc->accepted_on, d1, sizeof(d1)));
	fprintf(fp, "Hạn trả kết quả:   %s\n", out_date(rc->due_on, d2, sizeof(d2)));
	fprintf(fp, "Người nhận hồ sơ:  %s\n", rc->accepted_by);
}

/* "ngày 20 tháng 03 năm 2026" of an ISO date. */
static void
date_words(const char *iso, char *buf, size_t sz)
{
	int32_t day;
	int y, m, d;

	if (!date_parse_iso(iso, &day)) {
		snprintf(buf, sz, "ngày … tháng … năm …");
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	snprintf(buf, sz, "ngày %02d tháng %02d năm %d", d, m, y);
}

/* NĐ 13/2012: a refusal is answered in writing, with its reasons. */
void
doc_notice(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i)
{
	const Sk__V1__Notice *n = i->notice;
	bool refuse = n->action == SK__V1__ACTION__REFUSE;
	char when[64], d[16];

	date_words(n->issued_on, when, sizeof(when));
	fprintf(fp, "%s\nSố: %s\n%s, %s\n\n", unit_name, n->number, unit_name, when);
	fprintf(fp, "THÔNG BÁO\n%s\n\n",
	    refuse ? "Về việc từ chối chấp nhận đơn yêu cầu công nhận sáng kiến" :
	             "Về việc trả lại hồ sơ yêu cầu công nhận sáng kiến để sửa đổi, "
	             "bổ sung");
	fprintf(fp, "Kính gửi: ");
	for (size_t k = 0; k < i->n_authors; k++)
		fprintf(fp, "%s%s", k ? ", " : "", i->authors[k]->name);
	fprintf(fp, "\n\n%s đã nhận hồ sơ yêu cầu công nhận sáng kiến:\n", unit_name);
	fprintf(fp, "  \"%s\"\n  Tác giả: ", i->title);
	doc_authors(fp, i);
	if (i->filed_on[0])
		fprintf(fp, "\n  Ngày nộp hồ sơ: %s",
		    out_date(i->filed_on, d, sizeof(d)));
	fprintf(fp, "\n\n%s\n  %s\n\n",
	    refuse ? "Sau khi xem xét, đơn vị từ chối chấp nhận đơn, với lý do:" :
	             "Hồ sơ chưa đáp ứng yêu cầu. Đề nghị tác giả sửa đổi, bổ sung và "
	             "nộp lại, với lý do:",
	    n->reason);
	fprintf(fp, "Người lập thông báo: %s\n", n->issued_by);
}
