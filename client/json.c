/*
 * json: messages printed by walking their descriptors (json.h says the
 * rules). Values are read with memcpy, as the C type of a member is known
 * only from its descriptor.
 */
#include "json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>
#include <time.h>

#include "text.h"

static void json_msg(FILE *fp, const ProtobufCMessage *m);

void
json_string(FILE *fp, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0, k;
	uint32_t cp;

	fputc('"', fp);
	for (; n > 0; s += k, n -= k) {
		unsigned char c = (unsigned char)*s;

		k = 1;
		if (c == '"' || c == '\\')
			fprintf(fp, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", fp);
		else if (c == '\t')
			fputs("\\t", fp);
		else if (c == '\r')
			fputs("\\r", fp);
		else if (c == '\b')
			fputs("\\b", fp);
		else if (c == '\f')
			fputs("\\f", fp);
		else if (c < 0x20)
			fprintf(fp, "\\u%04x", c);
		else if (c < 0x80)
			fputc(c, fp);
		else if ((k = text_decode(s, n, &cp)) == 0) {
			fputs("\\ufffd", fp); /* not UTF-8: the output stays JSON */
			k = 1;
		} else
			fwrite(s, 1, k, fp);
	}
	fputc('"', fp);
}

void
json_time(FILE *fp, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[40];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, sizeof(buf), "%" PRId64, t);
	json_string(fp, buf);
}

bool
json_is_time(const ProtobufCMessageDescriptor *d, const ProtobufCFieldDescriptor *f)
{
	size_t n = strlen(f->name);

	if (f->type != PROTOBUF_C_TYPE_INT64 && f->type != PROTOBUF_C_TYPE_SINT64 &&
	    f->type != PROTOBUF_C_TYPE_SFIXED64)
		return false;
	return strcmp(f->name, "at") == 0 ||
	    (n > 3 && strcmp(f->name + n - 3, "_at") == 0) ||
	    strcmp(f->name, "cert_not_after") == 0 ||
	    (strcmp(d->name, "sk.v1.LogEntry") == 0 && strcmp(f->name, "time") == 0);
}

static void
json_base64(FILE *fp, const ProtobufCBinaryData *b)
{
	static const char abc[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i;

	fputc('"', fp);
	for (i = 0; i + 2 < b->len; i += 3) {
		uint32_t v = (uint32_t)b->data[i] << 16 | (uint32_t)b->data[i + 1] << 8 |
		    b->data[i + 2];

		fprintf(fp, "%c%c%c%c", abc[v >> 18], abc[(v >> 12) & 63],
		    abc[(v >> 6) & 63], abc[v & 63]);
	}
	if (b->len - i == 1)
		fprintf(fp, "%c%c==", abc[b->data[i] >> 2], abc[(b->data[i] & 3) << 4]);
	else if (b->len - i == 2)
		fprintf(fp, "%c%c%c=", abc[b->data[i] >> 2],
		    abc[(b->data[i] & 3) << 4 | b->data[i + 1] >> 4],
		    abc[(b->data[i + 1] & 15) << 2]);
	fputc('"', fp);
}

static void
json_double(FILE *fp, double v)
{
	if (isnan(v))
		fputs("\"NaN\"", fp);
	else if (isinf(v))
		fputs(v > 0 ? "\"Infinity\"" : "\"-Infinity\"", fp);
	else
		fprintf(fp, "%.17g", v);
}

static void
json_enum(FILE *fp, const ProtobufCFieldDescriptor *f, int v)
{
	const ProtobufCEnumValue *ev =
	    protobuf_c_enum_descriptor_get_value(f->descriptor, v);

	if (ev != NULL)
		json_string(fp, ev->name);
	else
		fprintf(fp, "%d", v); /* a value newer than our .proto */
}

/* Bytes one element of a repeated field f takes in its array. */
static size_t
json_elem_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM: return sizeof(int);
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: return sizeof(uint64_t);
	case PROTOBUF_C_TYPE_DOUBLE: return sizeof(double);
	default: return sizeof(uint32_t);
	}
}

/* One value of field f (of messages d) at p: the field, or an element. */
static void
json_value(FILE *fp, const ProtobufCMessageDescriptor *d,
    const ProtobufCFieldDescriptor *f, const void *p)
{
	union {
		int32_t i32;
		uint32_t u32;
		int64_t i64;
		uint64_t u64;
		float f32;
		double f64;
		protobuf_c_boolean b;
		int e;
		ProtobufCBinaryData bin;
		const char *s;
		const ProtobufCMessage *m;
	} v;

	memcpy(&v, p, json_elem_size(f));
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32: fprintf(fp, "%" PRId32, v.i32); break;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32: fprintf(fp, "%" PRIu32, v.u32); break;
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
		if (json_is_time(d, f))
			json_time(fp, v.i64);
		else
			fprintf(fp, "\"%" PRId64 "\"", v.i64);
		break;
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: fprintf(fp, "\"%" PRIu64 "\"", v.u64); break;
	case PROTOBUF_C_TYPE_FLOAT: json_double(fp, (double)v.f32); break;
	case PROTOBUF_C_TYPE_DOUBLE: json_double(fp, v.f64); break;
	case PROTOBUF_C_TYPE_BOOL: fputs(v.b ? "true" : "false", fp); break;
	case PROTOBUF_C_TYPE_ENUM: json_enum(fp, f, v.e); break;
	case PROTOBUF_C_TYPE_STRING: json_string(fp, v.s); break;
	case PROTOBUF_C_TYPE_BYTES: json_base64(fp, &v.bin); break;
	case PROTOBUF_C_TYPE_MESSAGE:
		if (v.m != NULL)
			json_msg(fp, v.m);
		else
			fputs("{}", fp); /* a oneof member set to no message */
		break;
	default: fputs("null", fp);
	}
}

/* Does the singular value of f at p hold its type's default? */
static bool
json_is_default(const ProtobufCFieldDescriptor *f, const void *p)
{
	static const unsigned char zero[sizeof(uint64_t)];
	const void *ptr;
	ProtobufCBinaryData b;

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
		memcpy(&ptr, p, sizeof(ptr));
		return ptr == NULL || *(const char *)ptr == '\0';
	case PROTOBUF_C_TYPE_MESSAGE: memcpy(&ptr, p, sizeof(ptr)); return ptr == NULL;
	case PROTOBUF_C_TYPE_BYTES: memcpy(&b, p, sizeof(b)); return b.len == 0;
	default: return memcmp(p, zero, json_elem_size(f)) == 0;
	}
}

/* Does f appear in m's JSON? */
static bool
json_present(const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m;
	const void *ptr;
	protobuf_c_boolean has;
	uint32_t which;
	size_t n;

	if (f->label == PROTOBUF_C_LABEL_REPEATED) {
		memcpy(&n, base + f->quantifier_offset, sizeof(n));
		return n > 0;
	}
	if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
		memcpy(&which, base + f->quantifier_offset, sizeof(which));
		return which == f->id;
	}
	if (f->label == PROTOBUF_C_LABEL_REQUIRED)
		return true;
	if (f->label == PROTOBUF_C_LABEL_OPTIONAL) {
		if (f->type == PROTOBUF_C_TYPE_STRING ||
		    f->type == PROTOBUF_C_TYPE_MESSAGE) {
			memcpy(&ptr, base + f->offset, sizeof(ptr));
			return ptr != NULL;
		}
		memcpy(&has, base + f->quantifier_offset, sizeof(has));
		return has;
	}
	return !json_is_default(f, base + f->offset);
}

static void
json_repeated(FILE *fp, const ProtobufCMessage *m, const ProtobufCFieldDescriptor *f)
{
	const char *base = (const char *)m, *arr;
	size_t n, sz = json_elem_size(f);

	memcpy(&n, base + f->quantifier_offset, sizeof(n));
	memcpy(&arr, base + f->offset, sizeof(arr));
	fputc('[', fp);
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		json_value(fp, m->descriptor, f, arr + i * sz);
	}
	fputc(']', fp);
}

static void
json_msg(FILE *fp, const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	bool first = true;

	fputc('{', fp);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];

		if (!json_present(m, f))
			continue;
		if (!first)
			fputc(',', fp);
		first = false;
		json_string(fp, f->name);
		fputc(':', fp);
		if (f->label == PROTOBUF_C_LABEL_REPEATED)
			json_repeated(fp, m, f);
		else
			json_value(fp, d, f, (const char *)m + f->offset);
	}
	fputc('}', fp);
}

void
json_message(FILE *fp, const ProtobufCMessage *m)
{
	json_msg(fp, m);
}
