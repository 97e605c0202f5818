/*
 * convert: between wire messages (sk.v1) and storage records (sk.store.v1).
 *
 * The *_view functions fill a wire message whose strings point into the
 * record (no copies): the record must outlive the view. rec_clone makes
 * an owned deep copy of any message, for data that crosses to the writer.
 */
#ifndef SK_CONVERT_H
#define SK_CONVERT_H

#include "sk.pb-c.h"
#include "store.h"

/* A wire initiative with its authors, pointing into a record. */
struct initiative_view {
	Sk__V1__Initiative msg;
	Sk__V1__Author *authors;	/* array, n = msg.n_authors */
	Sk__V1__Author **author_ptrs;
};

int convert_initiative_view(struct initiative_view *v, const InitiativeRec *r);
void convert_initiative_view_free(struct initiative_view *v);

/* A record from user input, pointing into the wire message; the authors
 * array is malloc'd (free it with convert_rec_authors_free). */
int convert_initiative_rec(InitiativeRec *r, const Sk__V1__Initiative *m);
void convert_rec_authors_free(InitiativeRec *r);

void convert_unit_view(Sk__V1__Unit *m, const UnitRec *u);
void convert_user_view(Sk__V1__User *m, const UserRec *u);

/* Owned deep copy of msg (pack and unpack); NULL when out of memory. */
void *rec_clone(const ProtobufCMessage *msg);

#endif
