/*
 * doc: the papers of the flow as text, for sk and sk-tui (the documents
 * issue renders them as PDF): the receipt of a dossier and the written
 * notice of a return or a refusal. unit_name is the issuing unit's.
 */
#ifndef SK_DOC_H
#define SK_DOC_H

#include <stdio.h>

#include "sk.pb-c.h"

/* "Nguyễn Văn An (60%), Trần Thị Bình (40%)" */
void doc_authors(FILE *fp, const Sk__V1__Initiative *i);

/* The receipt (i->receipt must be set). */
void doc_receipt(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i);

/* The notice (i->notice must be set). */
void doc_notice(FILE *fp, const char *unit_name, const Sk__V1__Initiative *i);

#endif
