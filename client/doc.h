/*
 * doc: the papers of the flow as a document model, which sk prints as text
 * and pdf.h draws as a PDF, so that the two never say different things.
 *
 * A paper (struct doc) is laid out as Nghị định 30/2020/NĐ-CP has it: the
 * issuing body (under the body above it) with the number at the top left;
 * the national title and motto with the place and date at the top right;
 * the kind of document and its subject; blocks (paragraphs, labelled
 * fields, tables, the signatures with the recipients beside them); and the
 * line that says where the unit's decision log records the event.
 * Certificates are one paper per author: papers chain through next, and a
 * PDF starts each on a new page.
 *
 * The doc_*_build() functions (doc_kinds.c) fill papers from the
 * protocol's messages and a struct doc_ctx: what the caller knows of the
 * unit, its people, the legal bases and the log. They never call the
 * server (paper.h does, then builds). Every string of a paper is its own.
 */
#ifndef SK_DOC_H
#define SK_DOC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sk.pb-c.h"

/* How a paragraph is set (bits of struct doc_block.style). */
enum {
	DOC_BOLD = 1 << 0,
	DOC_ITALIC = 1 << 1,
	DOC_CENTER = 1 << 2,
	DOC_QUOTE = 1 << 3, /* set off from the margin: a title, a reason */
	DOC_SMALL = 1 << 4,
};

enum doc_block_kind {
	DOC_PARA,  /* text; "" is an empty line */
	DOC_FIELD, /* "label: value" */
	DOC_TABLE, /* rows x cols cells, row 0 the heading */
	DOC_SIGN,  /* the signatures, with the recipients at the left */
};

#define DOC_SIGN_LINES 4
#define DOC_SIGN_NAMES 8

/* One signature: the signer's titles, a hint, the names signing. */
struct doc_sign {
	const char *lines[DOC_SIGN_LINES]; /* "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH" */
	size_t n_lines;
	const char *hint; /* "(Ký, ghi rõ họ tên)", or NULL */
	const char *names[DOC_SIGN_NAMES];
	size_t n_names;
};

struct doc_block {
	enum doc_block_kind kind;
	unsigned style;
	const char *text;       /* PARA: its text; FIELD: the label */
	const char *value;      /* FIELD: the value */
	size_t rows, cols;      /* TABLE */
	const char **cells;     /* rows * cols, row by row */
	const unsigned *widths; /* cols relative widths */
	struct doc_sign *right; /* SIGN: the signer (at the right) */
	struct doc_sign *left;  /* SIGN: a second signer at the left, or NULL */
	bool recipients;        /* SIGN: the paper's recipients at the left */
};

struct doc_mem;

struct doc {
	const char *parent;     /* the body above the issuing one, in capitals */
	const char *body;       /* the issuing body; NULL: a person's (an application) */
	const char *number;     /* "125/QĐ-UBND" (printed "Số: ..."), or NULL */
	const char *place_date; /* "Hát Môn, ngày 20 tháng 3 năm 2026" */
	bool date_at_end;       /* an application: the date above its signature */
	const char *kind;       /* "QUYẾT ĐỊNH" */
	const char *subject;    /* "Về việc công nhận sáng kiến", or NULL */
	const char **recipients;
	size_t n_recipients;
	const char *log; /* the decision-log line (also in the QR code), or NULL */
	struct doc_block **blocks;
	size_t n_blocks, cap_blocks;
	struct doc *next; /* the next paper of the same file, or NULL */
	struct doc_mem *mem;
	bool oom; /* memory ran out while it was built: do not use it */
};

/* ---- the model ---------------------------------------------------------------- */

/* A new empty paper, or NULL when out of memory. */
struct doc *doc_new(void);

/* Free d and the papers after it; NULL is fine. */
void doc_free(struct doc *d);

/* A new paper after the last of d's chain (NULL: out of memory, d->oom). */
struct doc *doc_append(struct doc *d);

/* Text owned by d (printf-like); "" and d->oom when memory ran out. */
const char *doc_str(struct doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *doc_vstr(struct doc *d, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Zeroed memory owned by d, or NULL (and d->oom). */
void *doc_alloc(struct doc *d, size_t n);

/* A paragraph, a field, a table of rows x cols (fill its cells with
 * doc_cell), a signature block. NULL (and d->oom) when out of memory. */
struct doc_block *doc_para(struct doc *d, unsigned style, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
struct doc_block *doc_field(struct doc *d, const char *label, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
struct doc_block *doc_table(struct doc *d, size_t rows, size_t cols,
    const unsigned *widths);
void doc_cell(struct doc *d, struct doc_block *t, size_t row, size_t col, const char *fmt,
    ...) __attribute__((format(printf, 5, 6)));
struct doc_block *doc_signs(struct doc *d, struct doc_sign *right, struct doc_sign *left,
    bool recipients);
/* A signature owned by d: lines (up to DOC_SIGN_LINES, NULL-terminated). */
struct doc_sign *doc_sign_new(struct doc *d, const char *const *lines, const char *hint);
void doc_sign_name(struct doc *d, struct doc_sign *s, const char *name);
void doc_recipient(struct doc *d, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * The papers of d as text, as sk prints them: the header lines, the kind
 * and subject, each paragraph on a line of its own (quotes indented by two
 * spaces), runs of fields aligned, tables in columns, the signatures, the
 * recipients and the log line. Papers after the first follow a rule.
 */
void doc_text(FILE *fp, const struct doc *d);

/* ---- what the papers are made from ---------------------------------------------- */

#define DOC_LOG_ENTRIES 64
#define DOC_PEOPLE 16
#define DOC_BASES 8

/* Where a unit's decision log records an event, and the checkpoint that
 * covers it. */
struct doc_logpos {
	bool known;       /* a checkpoint was read: origin, size and root are set */
	bool verified;    /* and its signature checked against the pinned key */
	char origin[256]; /* "sk.phuc-tho-5e0c1d2a/xa-hat-mon" */
	uint64_t size;    /* entries the checkpoint covers */
	char root[65];    /* its root hash, in hex */
	char why[300];    /* not known or not verified: why, for people */
	uint64_t entries[DOC_LOG_ENTRIES]; /* the entries' indexes (from 0) */
	size_t n_entries;
};

struct doc_person {
	const char *login, *name;
};

struct doc_ctx {
	const Sk__V1__Unit *unit;   /* the issuing unit */
	const Sk__V1__Unit *parent; /* the unit above it, or NULL */
	/* Names of people by login: the caller, the council, signers met. */
	const Sk__V1__HelloResponse *hello;
	const Sk__V1__Council *council;
	struct doc_person people[DOC_PEOPLE];
	size_t n_people;
	/* The legal bases ("Căn cứ ...;"), NULL: doc_default_bases. */
	const char *const *bases;
	size_t n_bases;
	struct doc_logpos log;
	const char *today; /* ISO date for what has no date of its own, or NULL */
};

/* The bases of the 2024 Phúc Thọ deployment: Nghị định 13/2012, Thông tư
 * 18/2013 and the district's plan. A deployment sets its own (sk.conf
 * doc_basis). */
extern const char *const doc_default_bases[];
extern const size_t doc_n_default_bases;

/* ---- what the builders share (doc.c), unit-tested ---------------------------------- */

/* "ngày 05 tháng 3 năm 2026" (Nghị định 30: a zero before days under 10 and
 * months 1 and 2); "ngày ... tháng ... năm ..." when iso is no date. */
void doc_date_words(const char *iso, char *buf, size_t sz);

/* "UBND XÃ HÁT MÔN" for a commune, township, ward, district, city or
 * province (its People's Committee), "PHÒNG KINH TẾ" for others. */
void doc_body_name(const Sk__V1__Unit *u, char *buf, size_t sz);

/* "Hát Môn": the place of u's documents, its name without its kind ("Xã",
 * "Huyện", ...); a department or organisation takes its parent's. */
void doc_place(const Sk__V1__Unit *u, const Sk__V1__Unit *parent, char *buf, size_t sz);

/* "xã Hát Môn", "Phòng Kinh tế": the unit named inside a sentence. */
void doc_unit_in_text(const Sk__V1__Unit *u, char *buf, size_t sz);

/* The head of u: who decides ("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HÁT MÔN",
 * "TRƯỞNG PHÒNG KINH TẾ") and the lines above their signature
 * ("TM. ỦY BAN NHÂN DÂN" and "CHỦ TỊCH"; "TRƯỞNG PHÒNG"). */
void doc_head(const Sk__V1__Unit *u, char *authority, size_t asz, const char **sign1,
    const char **sign2);

/* "cấp cơ sở", "cấp huyện", "cấp thành phố": the level u recognises at. */
const char *doc_level(const Sk__V1__Unit *u);

/* The name of login: the caller's, a council member's, a person met; else
 * the login itself. */
const char *doc_name_of(const struct doc_ctx *c, const char *login);

/* "60" or "33,33": a share in hundredths of a percent, written as people
 * write it. */
void doc_share(unsigned share, char *buf, size_t sz);

/* "8,67": sum/n with two decimals (a comma); "-" when n is 0. */
void doc_average(uint32_t sum, uint32_t n, char *buf, size_t sz);

/*
 * The log line: "Nhật ký quyết định: ORIGIN, mục 41, 42; điểm kiểm tra 57
 * mục, gốc HEX", saying when the root is not verified, the checkpoint does
 * not cover the entries yet, or was not read.
 */
void doc_log_line(const struct doc_logpos *p, char *buf, size_t sz);

/* The index of the log entry of history line h (log_entry is it plus
 * one); false when the line does not say. */
bool doc_entry_of(const Sk__V1__HistoryEntry *h, uint64_t *index);

/*
 * The line of history that recorded an event: the last whose action is
 * a or b (b 0: only a), and, when at is not 0, made at that time, and, when
 * reason is not NULL, with that reason. NULL when there is none.
 */
const Sk__V1__HistoryEntry *doc_history_line(const Sk__V1__HistoryResponse *h,
    Sk__V1__Action a, Sk__V1__Action b, int64_t at, const char *reason);

/*
 * The members who cast a ballot in s, in the order of their first (from
 * Session.voters, "login:initiative"): logins into out (at most max, owned
 * by d). Their number.
 */
size_t doc_voters(struct doc *d, const Sk__V1__Session *s, const char **out, size_t max);

/* Did login cast a ballot on initiative id in s? */
bool doc_voted(const Sk__V1__Session *s, const char *login, uint64_t id);

/* ---- the papers (doc_kinds.c) ---------------------------------------------------- */

/* "Nguyễn Văn An (60%), Trần Thị Bình (40%)" */
void doc_authors(FILE *fp, const Sk__V1__Initiative *i);

/* Each builds into d (a new paper) and returns 0, or -1 when d->oom. */

/* The receipt (i->receipt must be set). */
int doc_receipt_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__Initiative *i);

/* The notice of a return or refusal (i->notice must be set). */
int doc_notice_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Initiative *i);

/* The minutes of closed session s; inits[k] is its k-th initiative (or
 * NULL when it could not be read). */
int doc_minutes_build(struct doc *d, const struct doc_ctx *c, const Sk__V1__Session *s,
    Sk__V1__Initiative *const *inits);

/* The recognition decision; sessions: those whose votes it rests on. */
int doc_decision_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__DecisionResponse *dr, Sk__V1__Session *const *sessions,
    size_t n_sessions);

/* A certificate per author of i (l from call_certificate_list); dec: the
 * decision, for its signer (NULL: not known). */
int doc_certificates_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__CertificateListResponse *l, const Sk__V1__Initiative *i,
    const Sk__V1__Decision *dec);

/* The submission (tờ trình) to the level above; decisions[k]: the decision
 * that recognised its k-th initiative (or NULL). */
int doc_submission_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__SubmissionResponse *sr, Sk__V1__Decision *const *decisions);

/* The application (Form I of Thông tư 18/2013). */
int doc_application_build(struct doc *d, const struct doc_ctx *c,
    const Sk__V1__Initiative *i);

/* As sk-tui prints them: the receipt and the notice as text, for a unit
 * known by its name only. */
void doc_receipt(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i);
void doc_notice(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i);

#endif
