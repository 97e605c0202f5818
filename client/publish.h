/*
 * publish: a unit's published (typical) initiatives for the district's web
 * portal, as a static HTML page and a JSON feed (JSON Feed 1.1,
 * jsonfeed.org, with this project's fields under "_sk").
 *
 * Both are written from a fixed list of the dossier's public parts: the
 * title, summary, content category, field, description, conditions and
 * benefits, the date of first application, the unit (and the unit of
 * origin of a copy), and each author's name and workplace. Nothing else
 * of a dossier is ever written, whatever the server sent: never the
 * confidential part, an author's birth date, job title, qualification or
 * login, the investor, the participants, or who created it.
 *
 * The page is UTF-8 (Vietnamese as typed), needs no script, and escapes
 * every text it prints (& < > " '); control characters other than line
 * breaks are dropped, and bytes that are not UTF-8 become U+FFFD.
 */
#ifndef SK_PUBLISH_H
#define SK_PUBLISH_H

#include <stdint.h>
#include <stdio.h>

#include "sk.pb-c.h"

struct pub_page {
	const char *unit_code; /* whose list it is */
	const char *unit_name;
	const Sk__V1__InitiativeListResponse *list;
	const Sk__V1__HelloResponse *hello; /* the categories' names; may be NULL */
	int64_t now;                        /* when it is written (Unix seconds) */
};

/* s as HTML text: escaped, control characters dropped, UTF-8 kept. */
void pub_html_text(FILE *fp, const char *s);

/* The page, and the feed. 0, or -1 when fp failed (errno). */
int pub_html(FILE *fp, const struct pub_page *p);
int pub_feed(FILE *fp, const struct pub_page *p);

#endif
