/*
 * unit_xfer: what of xfer needs no server: finding an attachment by name
 * or SHA-256 prefix, and media types by extension.
 */
#include "t.h"
#include "xfer.h"

static Sk__V1__Attachment att[3];
static Sk__V1__Attachment *attp[3];
static uint8_t sha[3][SHA256_LEN];

/* Three listed files; the third's sha256 is short (a broken server). */
static void
list_make(Sk__V1__AttachmentListResponse *l)
{
	static const char *const names[3] = { "báo cáo.pdf", "ảnh.png", "hỏng.bin" };

	sk__v1__attachment_list_response__init(l);
	for (int i = 0; i < 3; i++) {
		sk__v1__attachment__init(&att[i]);
		memset(sha[i], 0x11 * (i + 1), SHA256_LEN);
		att[i].name = (char *)names[i];
		att[i].sha256.data = sha[i];
		att[i].sha256.len = i < 2 ? SHA256_LEN : 20;
		att[i].size = 100 + (uint64_t)i;
		attp[i] = &att[i];
	}
	sha[1][0] = 0xab; /* "ab222222..." */
	l->n_attachments = 3;
	l->attachments = attp;
}

static void
find(void)
{
	Sk__V1__AttachmentListResponse l;

	list_make(&l);
	T_CHECK(xfer_find(&l, "báo cáo.pdf") == &att[0]);
	T_CHECK(xfer_find(&l, "ảnh.png") == &att[1]);
	T_CHECK(xfer_find(&l, "ab222222") == &att[1]);               /* 8 digits */
	T_CHECK(xfer_find(&l, "ab22222222222222222222") == &att[1]); /* more */
	T_CHECK(xfer_find(&l, "ab22222") == NULL);                   /* too short */
	T_CHECK(xfer_find(&l, "11111111") == &att[0]);
	T_CHECK(xfer_find(&l, "ab222223") == NULL);
	T_CHECK(xfer_find(&l, "hỏng.bin") == NULL); /* no sha256 to download by */
	T_CHECK(xfer_find(&l, "33333333") == NULL);
	T_CHECK(xfer_find(&l, "") == NULL);
	/* The first match wins. */
	att[1].name = "báo cáo.pdf";
	T_CHECK(xfer_find(&l, "báo cáo.pdf") == &att[0]);
}

static void
media_types(void)
{
	T_EQ_STR(xfer_media_type("a.pdf"), "application/pdf");
	T_EQ_STR(xfer_media_type("/x/Bao Cao.PDF"), "application/pdf");
	T_EQ_STR(xfer_media_type("a.docx"),
	    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
	T_EQ_STR(xfer_media_type("ảnh.JPEG"), "image/jpeg");
	T_EQ_STR(xfer_media_type("a.txt"), "text/plain; charset=utf-8");
	T_EQ_STR(xfer_media_type("a.tar.gz"), "application/octet-stream");
	T_EQ_STR(xfer_media_type("README"), "application/octet-stream");
	T_EQ_STR(xfer_media_type(""), "application/octet-stream");
}

static const struct t_case cases[] = {
	{ "an attachment by name or by 8 or more hex digits of its sha256", find },
	{ "media types by extension, any case", media_types },
};

T_MAIN(cases)
