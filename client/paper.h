/*
 * paper: the official documents of the flow, read from the server and
 * built (doc.h), for sk document and sk-tui.
 *
 * paper_build() reads what a document needs over a connection: the thing
 * it records (an initiative, a session, a decision, a submission), the
 * unit and the one above it, the council (for names), the history lines
 * that recorded the event (their entries in the unit's decision log) and
 * the log's signed checkpoint, which is verified against the pinned key
 * when one is given. doc_text() prints the result, pdf_write() draws it.
 */
#ifndef SK_PAPER_H
#define SK_PAPER_H

#include <stdbool.h>
#include <stdint.h>

#include "doc.h"
#include "skc.h"

enum paper_kind {
	PAPER_RECEIPT,     /* giấy biên nhận: ID an initiative */
	PAPER_NOTICE,      /* thông báo trả lại / từ chối: ID an initiative */
	PAPER_MINUTES,     /* biên bản họp Hội đồng: ID a session */
	PAPER_DECISION,    /* quyết định công nhận: ID a decision */
	PAPER_CERTIFICATE, /* giấy chứng nhận, one per author: ID an initiative */
	PAPER_SUBMISSION,  /* tờ trình: ID a submission */
	PAPER_APPLICATION, /* đơn yêu cầu công nhận (Form I): ID an initiative */
	PAPER_KINDS
};

struct paper_opts {
	const char *log_key; /* the log's pinned verifier key; NULL or "": none */
	/* The legal bases; NULL: doc_default_bases. */
	const char *const *bases;
	size_t n_bases;
	/* How long to wait for the log's checkpoint to cover the entries
	 * (skd signs it just after the write), in milliseconds. */
	int wait_ms;
};

/* "receipt", and the stem of its default file name, "bien-nhan". */
const char *paper_name(enum paper_kind k);
const char *paper_stem(enum paper_kind k);

/* The kind named name ("minutes"); false when none is. */
bool paper_kind_of(const char *name, enum paper_kind *k);

/*
 * Read what the document of kind k on id needs over s and build it into
 * *out (free with doc_free). Returns 0; SK_UNAVAILABLE when the connection
 * failed; the server's refusal (SK_NOT_FOUND for an id not in the unit);
 * SK_FAILED_PRECONDITION (SK_NOT_FOUND for a notice) when the thing has no
 * such document yet (a dossier not accepted has no receipt, an open
 * session no minutes); SK_DATA_LOSS when the log's checkpoint does not
 * verify against o->log_key; SK_RESOURCE_EXHAUSTED when memory ran out.
 * err says why.
 */
int paper_build(struct skc *s, enum paper_kind k, uint64_t id, const struct paper_opts *o,
    struct doc **out, struct sk_error *err);

#endif
