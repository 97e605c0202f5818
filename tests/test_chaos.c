/*
 * test_chaos: random well-formed requests of every call, as several users,
 * against a real skd. The messages are built from the protocol's own
 * descriptors, so every field of every call gets odd values: ids that do
 * not exist, enums out of range, strings that are empty, huge, not UTF-8
 * or Vietnamese, bytes of every length, lists of several.
 *
 *   test_chaos SERVER SEED COUNT CONF...
 *
 * Every request must get its own answer on a connection that stays open,
 * no answer may be INTERNAL or UNKNOWN (a server bug, not bad input), and
 * no initiative of another unit may come back.
 * Prints the answers by status, then "N passed, N failed".
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "t.h"
#include "tclient.h"

#define DEPTH_MAX 3
#define BATCH 16 /* requests in flight per connection */

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64: reproducible from the seed on any machine */
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t
pick(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* Integers mostly near what handlers expect, sometimes at the edges. */
static uint64_t
rnd_int(void)
{
	static const uint64_t edge[] = { 0, 1, 2, 3, 5, 100, 255, 256, 65535, 65536,
		0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffULL, UINT64_MAX };

	switch (pick(3)) {
	case 0: return pick(20);
	case 1: return edge[pick(sizeof(edge) / sizeof(edge[0]))];
	default: return rnd();
	}
}

static char *
rnd_string(void)
{
	/* No piece is a login chaos.sh enrols: a random disable must not lock
	 * out the users the test speaks as. */
	static const char *const pieces[] = { "a", "Phúc Thọ", "xa-hat-mon", "an.xx", " ",
		"\n", "\t", "\xc3\x28", "\xff", "\xe1\xbb", "2026-02-30", "30/02/2026",
		"2024-03-15", "ĐẶNG", "%s%n", "..", "/", "\x01", "x:50", "3/2026/TN",
		"adm", "ệ", "0" };
	size_t n = pick(4) == 0 ? pick(3000) : pick(6);
	char *s;
	size_t len = 0, cap = 16;

	if ((s = malloc(cap)) == NULL)
		abort();
	for (size_t i = 0; i < n; i++) {
		const char *p = pieces[pick(sizeof(pieces) / sizeof(pieces[0]))];
		size_t l = strlen(p);

		while (len + l + 1 > cap)
			if ((s = realloc(s, cap *= 2)) == NULL)
				abort();
		memcpy(s + len, p, l);
		len += l;
	}
	s[len] = '\0';
	return s;
}

static void
rnd_bytes(ProtobufCBinaryData *b)
{
	static const size_t lens[] = { 0, 1, 31, 32, 33, 64, 1000 };

	b->len = pick(3) == 0 ? pick(300000) : lens[pick(sizeof(lens) / sizeof(lens[0]))];
	if ((b->data = malloc(b->len ? b->len : 1)) == NULL)
		abort();
	for (size_t i = 0; i < b->len; i++)
		b->data[i] = (uint8_t)rnd();
}

static ProtobufCMessage *rnd_message(const ProtobufCMessageDescriptor *d, int depth);

/* One value of field f, stored at p. */
static void
rnd_value(const ProtobufCFieldDescriptor *f, void *p, int depth)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT32:
	case PROTOBUF_C_TYPE_SINT32:
	case PROTOBUF_C_TYPE_SFIXED32:
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_FIXED32: *(uint32_t *)p = (uint32_t)rnd_int(); break;
	case PROTOBUF_C_TYPE_ENUM: {
		const ProtobufCEnumDescriptor *e = f->descriptor;

		*(int *)p =
		    pick(5) == 0 ? (int)pick(1000) : e->values[pick(e->n_values)].value;
		break;
	}
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: *(uint64_t *)p = rnd_int(); break;
	case PROTOBUF_C_TYPE_BOOL:
		*(protobuf_c_boolean *)p = (protobuf_c_boolean)pick(2);
		break;
	case PROTOBUF_C_TYPE_FLOAT: *(float *)p = (float)pick(100); break;
	case PROTOBUF_C_TYPE_DOUBLE: *(double *)p = (double)pick(100); break;
	case PROTOBUF_C_TYPE_STRING: *(char **)p = rnd_string(); break;
	case PROTOBUF_C_TYPE_BYTES: rnd_bytes(p); break;
	case PROTOBUF_C_TYPE_MESSAGE:
		*(ProtobufCMessage **)p = depth < DEPTH_MAX && pick(4) != 0 ?
		    rnd_message(f->descriptor, depth + 1) :
		    NULL;
		break;
	}
}

static size_t
type_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_INT64:
	case PROTOBUF_C_TYPE_SINT64:
	case PROTOBUF_C_TYPE_SFIXED64:
	case PROTOBUF_C_TYPE_UINT64:
	case PROTOBUF_C_TYPE_FIXED64: return 8;
	case PROTOBUF_C_TYPE_DOUBLE: return sizeof(double);
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
	case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
	case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_ENUM: return sizeof(int);
	default: return 4;
	}
}

static bool
same_oneof(const ProtobufCFieldDescriptor *a, const ProtobufCFieldDescriptor *b)
{
	return (a->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
	    (b->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
	    a->quantifier_offset == b->quantifier_offset;
}

/* One member of each oneof of m, chosen at random, set at random. */
static void
rnd_oneofs(const ProtobufCMessageDescriptor *d, ProtobufCMessage *m)
{
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		unsigned n = 0, k, first = 1;

		if (!(f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF))
			continue;
		for (unsigned j = 0; j < i; j++)
			if (same_oneof(&d->fields[j], f))
				first = 0;
		if (!first)
			continue; /* each oneof once, from its first member */
		for (unsigned j = i; j < d->n_fields; j++)
			n += same_oneof(&d->fields[j], f);
		k = (unsigned)pick(n);
		for (unsigned j = i; j < d->n_fields; j++) {
			const ProtobufCFieldDescriptor *g = &d->fields[j];
			void *at = (char *)m + g->offset;

			if (!same_oneof(g, f) || k-- != 0)
				continue;
			*(uint32_t *)(void *)((char *)m + g->quantifier_offset) = g->id;
			rnd_value(g, at, DEPTH_MAX - 1);
			if (g->type == PROTOBUF_C_TYPE_MESSAGE && *(void **)at == NULL)
				*(ProtobufCMessage **)at =
				    rnd_message(g->descriptor, DEPTH_MAX);
			break;
		}
	}
}

/* A message of type d with every field set at random (one per oneof). */
static ProtobufCMessage *
rnd_message(const ProtobufCMessageDescriptor *d, int depth)
{
	ProtobufCMessage *m = calloc(1, d->sizeof_message);

	if (m == NULL)
		abort();
	d->message_init(m);
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		char *at = (char *)m + f->offset;

		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF)
			continue; /* below: one member of each oneof */
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = pick(4), sz = type_size(f);
			void *v = calloc(n ? n : 1, sz);

			if (v == NULL)
				abort();
			for (size_t k = 0; k < n; k++) {
				rnd_value(f, (char *)v + k * sz, depth);
				if (f->type == PROTOBUF_C_TYPE_MESSAGE &&
				    ((void **)v)[k] == NULL)
					((void **)v)[k] =
					    rnd_message(f->descriptor, DEPTH_MAX);
			}
			*(size_t *)(void *)((char *)m + f->quantifier_offset) = n;
			*(void **)(void *)at = v;
		} else if (pick(5) != 0)
			rnd_value(f, at, depth);
	}
	rnd_oneofs(d, m);
	return m;
}

static long by_code[32];
static int lost, broken, leaks;

/* An initiative answered to a user of another unit is a leak. */
static void
check_unit(const Sk__V1__Initiative *i, uint32_t unit)
{
	if (i != NULL && i->unit_id != unit) {
		fprintf(stderr, "initiative %llu of unit %u shown to unit %u\n",
		    (unsigned long long)i->id, i->unit_id, unit);
		leaks++;
	}
}

static void
check_tenant(const Sk__V1__Response *r, uint32_t unit)
{
	switch (r->result_case) {
	case SK__V1__RESPONSE__RESULT_INITIATIVE:
		check_unit(r->initiative->initiative, unit);
		break;
	case SK__V1__RESPONSE__RESULT_INITIATIVE_LIST:
		for (size_t k = 0; k < r->initiative_list->n_initiatives; k++)
			check_unit(r->initiative_list->initiatives[k], unit);
		break;
	case SK__V1__RESPONSE__RESULT_OVERDUE:
		for (size_t k = 0; k < r->overdue->n_items; k++)
			check_unit(r->overdue->items[k]->initiative, unit);
		break;
	default: break;
	}
}

/* Send count random requests on s, BATCH in flight; check every answer. */
static void
storm(struct skc *s, int count)
{
	uint32_t unit = skc_hello(s)->unit ? skc_hello(s)->unit->id : 0;
	struct sk_error err = { 0 };
	int sent = 0, got = 0;

	while (got < count && !broken) {
		while (sent < count && sent - got < BATCH) {
			Sk__V1__Request *req =
			    (Sk__V1__Request *)rnd_message(&sk__v1__request__descriptor,
			        0);

			req->id = 0;
			/* Renewing one's own certificate closes the connection
			 * it was asked on, as it should: rename the caller. */
			if (req->call_case == SK__V1__REQUEST__CALL_USER_RENEW &&
			    req->user_renew->login[0] == '\0') {
				if (req->user_renew->login != protobuf_c_empty_string)
					free(req->user_renew->login);
				req->user_renew->login = strdup("nobody.chaos");
			}
			if (skc_send(s, req, &err) != 0) {
				fprintf(stderr, "send: %s\n", err.msg);
				broken = 1;
			}
			protobuf_c_message_free_unpacked(&req->base, NULL);
			if (broken)
				return;
			sent++;
		}
		Sk__V1__Response *r = NULL;

		if (skc_recv(s, &r, &err) != 0) {
			fprintf(stderr, "recv after %d answers: %s\n", got, err.msg);
			lost += sent - got;
			broken = 1;
			return;
		}
		if (r->id == 0) {
			fprintf(stderr, "the connection was closed: %s\n",
			    r->status ? r->status->message : "");
			broken = 1;
		} else {
			int code = tclient_code(r);

			by_code[code >= 0 && code < 32 ? code : 31]++;
			check_tenant(r, unit);
			if (code == SK_INTERNAL || code == SK_UNKNOWN)
				fprintf(stderr, "%s: %s\n", status_name(code),
				    r->status->message);
			got++;
		}
		sk__v1__response__free_unpacked(r, NULL);
	}
}

static const char *server;
static char **confs;
static int nconfs, count;

static void
test_storm(void)
{
	for (int i = 0; i < nconfs && !broken; i++) {
		struct skc_config c;
		struct skc *s = NULL;

		if (tclient_load(&c, confs[i], server) != 0 ||
		    (s = tclient_connect(&c, confs[i])) == NULL) {
			T_CHECK(!"connect");
			return;
		}
		storm(s, count);
		printf("     %s: %d requests answered\n", skc_hello(s)->login, count);
		skc_close(s);
	}
	for (int k = 0; k < 32; k++)
		if (by_code[k])
			printf("     %-20s %ld\n", status_name(k), by_code[k]);
	T_EQ_INT(broken, 0);
	T_EQ_INT(lost, 0);
	T_EQ_INT(by_code[SK_INTERNAL], 0);
	T_EQ_INT(by_code[SK_UNKNOWN], 0);
	T_EQ_INT(leaks, 0);
}

static const struct t_case cases[] = {
	{ "random requests of every call: each answered, none INTERNAL, no other unit's",
	    test_storm },
};

int
main(int argc, char **argv)
{
	if (argc < 5) {
		fprintf(stderr, "usage: test_chaos SERVER SEED COUNT CONF...\n");
		return 2;
	}
	server = argv[1];
	rng_state = strtoull(argv[2], NULL, 10);
	count = atoi(argv[3]);
	confs = argv + 4;
	nconfs = argc - 4;
	return t_run(cases, sizeof(cases) / sizeof(cases[0]));
}
