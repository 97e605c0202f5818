/*
 * json: any protobuf-c message as JSON, from its descriptor alone, so that
 * every result is printed whole and alike (sk --json, and any client of
 * the library that wants it).
 *
 * It follows proto3's JSON mapping, with the field names of the .proto
 * kept (as protobuf's "preserving proto field names" option does):
 *   - fields in field-number order; a field that holds its type's default
 *     (0, false, "", empty bytes, an enum's 0, no message, an empty list)
 *     is left out, unless it is the member set in a oneof or an optional
 *     field that is set;
 *   - enums by the name of their value in the .proto ("STATE_DRAFT");
 *     a number the descriptor does not name stays a number;
 *   - int64, uint64 and their fixed and zigzag forms as decimal strings
 *     ("12"), 32-bit integers as numbers, bools as true/false;
 *   - float and double as numbers, "NaN", "Infinity" or "-Infinity";
 *   - bytes in standard base64 with padding;
 *   - repeated fields as arrays, messages as nested objects;
 *   - strings as UTF-8, with '"', '\\' and control characters escaped;
 *     a byte that is not UTF-8 becomes U+FFFD, so the output always is.
 * One rule of this project on top: 64-bit fields that hold Unix seconds
 * (named "at" or "*_at", "cert_not_after", and "time" in sk.v1.LogEntry) are
 * ISO 8601 strings in UTC ("2026-03-15T01:30:00Z"), and absent when 0.
 */
#ifndef SK_JSON_H
#define SK_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <protobuf-c/protobuf-c.h>

/* m as one JSON object, without a newline. */
void json_message(FILE *fp, const ProtobufCMessage *m);

/* s (UTF-8, NULL taken as "") as a JSON string literal. */
void json_string(FILE *fp, const char *s);

/* Unix seconds as a JSON string "YYYY-MM-DDTHH:MM:SSZ". */
void json_time(FILE *fp, int64_t t);

/* Is field f of messages d a time in Unix seconds (see above)? */
bool json_is_time(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f);

#endif
