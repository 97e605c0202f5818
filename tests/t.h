/*
 * t.h: the smallest test harness that does the job.
 *
 * A test file defines test functions and a table, then T_MAIN(table).
 * Each check that fails prints file:line and the values, and the run ends
 * with the line "N passed, N failed" that CI reads; the exit status is 1
 * when anything failed.
 */
#ifndef SK_T_H
#define SK_T_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static int t_failed_checks;

#define T_CHECK(cond)                                                                    \
	do {                                                                             \
		if (!(cond)) {                                                           \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
			    #cond);                                                      \
			t_failed_checks++;                                               \
		}                                                                        \
	} while (0)

#define T_EQ_INT(a, b)                                                                   \
	do {                                                                             \
		long long t_a = (long long)(a), t_b = (long long)(b);                    \
		if (t_a != t_b) {                                                        \
			fprintf(stderr, "%s:%d: %s == %s: %lld != %lld\n", __FILE__,     \
			    __LINE__, #a, #b, t_a, t_b);                                 \
			t_failed_checks++;                                               \
		}                                                                        \
	} while (0)

#define T_EQ_STR(a, b)                                                                   \
	do {                                                                             \
		const char *t_a = (a), *t_b = (b);                                       \
		if (t_a == NULL || t_b == NULL || strcmp(t_a, t_b) != 0) {               \
			fprintf(stderr, "%s:%d: %s == %s: \"%s\" != \"%s\"\n", __FILE__, \
			    __LINE__, #a, #b, t_a ? t_a : "(null)",                      \
			    t_b ? t_b : "(null)");                                       \
			t_failed_checks++;                                               \
		}                                                                        \
	} while (0)

/* Does s contain sub? For checking that messages name their field. */
#define T_CONTAINS(s, sub)                                                               \
	do {                                                                             \
		const char *t_s = (s), *t_sub = (sub);                                   \
		if (t_s == NULL || strstr(t_s, t_sub) == NULL) {                         \
			fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n",       \
			    __FILE__, __LINE__, t_s ? t_s : "(null)", t_sub);            \
			t_failed_checks++;                                               \
		}                                                                        \
	} while (0)

struct t_case {
	const char *name;
	void (*fn)(void);
};

static inline int
t_run(const struct t_case *cases, size_t n)
{
	int passed = 0, failed = 0;

	for (size_t i = 0; i < n; i++) {
		int before = t_failed_checks;

		cases[i].fn();
		if (t_failed_checks == before) {
			passed++;
			printf("ok   %s\n", cases[i].name);
		} else {
			failed++;
			printf("FAIL %s\n", cases[i].name);
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#define T_MAIN(cases)                                                                    \
	int main(void)                                                                   \
	{                                                                                \
		return t_run((cases), sizeof(cases) / sizeof((cases)[0]));               \
	}

#endif
