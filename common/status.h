/*
 * status: result codes shared by server and client.
 *
 * The numbers are gRPC's (and sk.v1.Code's); 0 is success. A struct
 * sk_error carries a code with a human-readable message that names what
 * was wrong, e.g. "title: must not be empty".
 */
#ifndef SK_STATUS_H
#define SK_STATUS_H

#include <stddef.h>

enum sk_code {
	SK_OK = 0,
	SK_CANCELLED = 1,
	SK_UNKNOWN = 2,
	SK_INVALID_ARGUMENT = 3,
	SK_DEADLINE_EXCEEDED = 4,
	SK_NOT_FOUND = 5,
	SK_ALREADY_EXISTS = 6,
	SK_PERMISSION_DENIED = 7,
	SK_RESOURCE_EXHAUSTED = 8,
	SK_FAILED_PRECONDITION = 9,
	SK_ABORTED = 10,
	SK_OUT_OF_RANGE = 11,
	SK_UNIMPLEMENTED = 12,
	SK_INTERNAL = 13,
	SK_UNAVAILABLE = 14,
	SK_DATA_LOSS = 15,
	SK_UNAUTHENTICATED = 16,
	SK_CODE_MAX = 16
};

struct sk_error {
	int code;
	char msg[256];
};

/* "INVALID_ARGUMENT" etc.; "UNKNOWN_CODE" outside the table. */
const char *status_name(int code);

/* Parse a name back to its code; -1 if unknown. */
int status_from_name(const char *name);

/* Set code and a printf-style message (err may be NULL); returns code. */
int status_setf(struct sk_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline int
status_code_of(int set, int code)
{
	(void)set;
	return code;
}

/*
 * status_set(err, code, fmt, ...): status_setf, returning code for
 * `return` chains in a way static analysis can follow (it does not look
 * into variadic functions). code is evaluated twice: no side effects.
 */
#define status_set(err, code, ...)                                                       \
	status_code_of(status_setf((err), (code), __VA_ARGS__), (code))

/*
 * Exit status of the CLI for an outcome, so scripts can tell apart a usage
 * error (2), a connection or TLS failure (3) and a refusal by the server (4).
 */
enum sk_exit {
	SK_EXIT_OK = 0,
	SK_EXIT_LOCAL = 1,
	SK_EXIT_USAGE = 2,
	SK_EXIT_CONNECT = 3,
	SK_EXIT_REFUSED = 4
};

#endif
