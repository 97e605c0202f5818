/*
 * convert: between wire messages (sk.v1) and storage records (sk.store.v1).
 *
 * Records share field numbers and types with their wire counterparts, so
 * a conversion re-encodes one message and decodes it as the other; fields
 * the target does not know are dropped, never stored or sent by accident.
 * Results are owned: free them with convert_free.
 */
#ifndef SK_CONVERT_H
#define SK_CONVERT_H

#include <stdbool.h>
#include <stddef.h>

#include "sk.pb-c.h"
#include "store.h"

/* msg re-encoded as a message of type to; NULL when out of memory or the
 * encodings are incompatible. */
void *convert_msg(const ProtobufCMessage *msg, const ProtobufCMessageDescriptor *to);

/*
 * msg seen as a message of type to without re-encoding it: numbers
 * copied, strings, bytes and repeated numbers borrowed (msg must outlive
 * the view), sub-messages viewed in turn; fields the target does not
 * know are left out, as convert_msg leaves them. NULL when out of memory,
 * or when a field is in a oneof, has a presence flag, or changes type
 * (use convert_msg). Free with convert_view_free, which frees only what
 * the view made. Packs to the bytes convert_msg's result packs to.
 */
void *convert_view(const ProtobufCMessage *msg, const ProtobufCMessageDescriptor *to);
void convert_view_free(void *view);

/* Every string field of m and its sub-messages, decoded by protobuf-c
 * with the default allocator, into Unicode NFC: text is stored as TCVN
 * 6909 writes it, whatever the keyboard sent. A string that is not UTF-8
 * is left for the rules to refuse. */
void convert_nfc(ProtobufCMessage *m);

/* Owned deep copy of msg. */
void *rec_clone(const ProtobufCMessage *msg);

void convert_free(void *msg);

/* Replace a string field of a decoded message (owned copy of v); the old
 * value is freed unless it is protobuf-c's shared empty string. */
int rec_set_str(char **field, const char *v);

/* Each of n messages re-encoded as a message of type to, in a new array;
 * NULL when out of memory (nothing is left allocated). */
void **convert_all(const ProtobufCMessage *const *v, size_t n,
    const ProtobufCMessageDescriptor *to);
void convert_free_all(void **v, size_t n);

/* A record as the wire shows it: with its confidential part, or with it
 * blanked and flagged hidden. */
Sk__V1__Initiative *convert_initiative_out(const InitiativeRec *r, bool confidential);
/* The same as a view of r (convert_view): for a reply packed before r is
 * freed, without copying r's text. */
Sk__V1__Initiative *convert_initiative_view(const InitiativeRec *r, bool confidential);

/* A record as anyone of the deployment reads it in the published list:
 * its public parts, listed one by one (no confidential part, no author's
 * birth date, job title, qualification or login, no participants,
 * investor, receipt, notice, award or logins of the unit's staff). */
Sk__V1__Initiative *convert_initiative_public(const InitiativeRec *r);

void convert_unit_view(Sk__V1__Unit *m, const UnitRec *u);
/* A user as the wire shows it, borrowing u's strings. */
struct user_view {
	Sk__V1__User u;
	Sk__V1__Peer peer; /* u.peer points here for a linked server */
};
void convert_user_view(struct user_view *v, const UserRec *u);

#endif
