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

#include "sk.pb-c.h"
#include "store.h"

/* msg re-encoded as a message of type to; NULL when out of memory or the
 * encodings are incompatible. */
void *convert_msg(const ProtobufCMessage *msg, const ProtobufCMessageDescriptor *to);

/* Owned deep copy of msg. */
void *rec_clone(const ProtobufCMessage *msg);

void convert_free(void *msg);

/* Replace a string field of a decoded message (owned copy of v); the old
 * value is freed unless it is protobuf-c's shared empty string. */
int rec_set_str(char **field, const char *v);

/* A record as the wire shows it to who: the confidential part only to the
 * unit's clerk, council and head and to the initiative's authors. */
Sk__V1__Initiative *convert_initiative_out(const InitiativeRec *r,
    const struct scope *who);

void convert_unit_view(Sk__V1__Unit *m, const UnitRec *u);
void convert_user_view(Sk__V1__User *m, const UserRec *u);

/* Is login the creator of r or a co-author who has confirmed? Only they
 * edit it, take the authors' steps, read its confidential part, and are
 * kept from voting on it. */
bool convert_is_author(const InitiativeRec *r, const char *login);

/* Is login the creator or named by login among the authors, confirmed or
 * not? They find it among their own (to confirm it). */
bool convert_is_listed(const InitiativeRec *r, const char *login);

#endif
