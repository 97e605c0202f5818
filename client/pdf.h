/*
 * pdf: papers of the document model (doc.h) drawn as an A4 PDF with cairo
 * and pango, as Nghị định 30/2020/NĐ-CP lays out administrative documents:
 * margins of 20 mm top and bottom, 30 mm left, 15 mm right; a Times-like
 * serif that covers Vietnamese (Liberation Serif, 13 pt for the text); the
 * issuing body and number at the top left, the national title, the motto
 * (bold, with a rule under it) and the place and date (italics) at the top
 * right; the kind and subject centred in bold; justified paragraphs;
 * tables with rules; the signature at the bottom right with the
 * recipients at the left; page numbers from the second page; and at the
 * foot of each paper its decision-log line with a QR code (libqrencode)
 * that encodes the same line.
 */
#ifndef SK_PDF_H
#define SK_PDF_H

#include <stddef.h>

#include "doc.h"

/*
 * Draw d and the papers after it (each from a new page) into the PDF file
 * path, which is created or replaced. Returns 0 and the number of pages in
 * *pages, or -1 with why in err (size errsz).
 */
int pdf_write(const struct doc *d, const char *path, int *pages, char *err, size_t errsz);

/*
 * Release what cairo, pango and fontconfig keep for the whole process (fonts,
 * caches), once no PDF is drawn any more, e.g. at exit: leak checkers then
 * see only leaks of ours.
 */
void pdf_cleanup(void);

#endif
