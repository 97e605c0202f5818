/*
 * bench_index: the indexes of the initiatives at a million (issue 14,
 * point 5), the restart of skd on that data, and the verification of a
 * million-entry decision log.
 *
 *   SKD=build/skd bench_index [INITIATIVES [LOG_ENTRIES]]
 *                               (defaults 1 000 000 and 1 000 000)
 *
 * `skd init` makes the data directory (the 39 units of Phúc Thọ 2024);
 * INITIATIVES are written into it through the store, in transactions of
 * many, across the units (some hold many more than others). Titles and
 * summaries are words of a Vietnamese vocabulary of a few thousand
 * syllables drawn with Zipf frequencies; states and categories are spread
 * as a year of work spreads them, about 30 % recognised.
 *
 * Then, each as p50 / p99 / max in ms over many queries in random units,
 * beside the way before the indexes (a scan of the unit's records) on a
 * sample of the same queries, and the ratio of the medians:
 *   - listing by state (a page of 50; a state nobody is in), by category;
 *   - searching: a common word, a rare one, two words, a prefix, none;
 *   - the near-duplicate check of a submission: one like a recognised
 *     initiative, one like none;
 * the time from starting skd on the data until it answers a connection,
 * after a kill -9, several times; and the check sk audit verify makes of
 * LOG_ENTRIES entries (logv_entries) against SHA-256 over their bytes.
 * Prints figures; asserts nothing about time.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "domain.h"
#include "initiative.h"
#include "log.h"
#include "logv.h"
#include "merkle.h"
#include "migrate.h"
#include "sha256.h"
#include "sk.pb-c.h"
#include "store.h"
#include "tbench.h"
#include "tclient.h"
#include "text.h"
#include "tlog.h"

#define S(x) SK__V1__STATE__STATE_##x
#define PAGE 50
#define BATCH 20000 /* initiatives a transaction */

/* This thread's processor time: a query descheduled on a shared machine
 * takes longer on the clock, not here. */
static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd64(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static uint32_t
rnd(uint32_t n)
{
	return (uint32_t)(rnd64() % n);
}

/* ---- a Vietnamese vocabulary --------------------------------------------------- */

/* The words of initiatives, most frequent first. */
static const char *const common[] = { "của", "và", "các", "trong", "cho", "công", "tác",
	"quản", "lý", "nâng", "cao", "hiệu", "quả", "ứng", "dụng", "nghệ", "thông", "tin",
	"số", "hóa", "hồ", "sơ", "giải", "pháp", "cải", "tiến", "quy", "trình", "xã",
	"huyện", "trường", "học", "sinh", "giáo", "viên", "dạy", "người", "dân", "cán",
	"bộ", "phần", "mềm", "dữ", "liệu", "hành", "chính", "một", "cửa", "tiết", "kiệm",
	"điện", "nước", "nông", "nghiệp", "sản", "xuất", "chăm", "sóc", "sức", "khỏe",
	"môi", "an", "toàn", "giao", "văn", "thư", "kế", "toán", "tài", "ngân", "sách",
	"y", "tế", "trạm", "thôn", "tổ", "chức", "đoàn", "thanh", "niên", "phụ", "nữ",
	"hội", "kinh", "du", "lịch", "chuyển", "đổi", "mạng", "tử", "trực", "tuyến",
	"tra", "cứu", "lưu", "trữ", "bản", "báo", "cáo", "thống", "kê", "đánh", "giá",
	"kiểm", "giám", "sát", "phòng", "chống", "dịch", "bệnh", "rau", "sạch", "vườn",
	"cây", "giống", "lúa", "mô", "hình", "đất", "đai", "xây", "dựng", "đường", "nhà",
	"bếp", "bán", "trú", "mầm", "non", "tiểu", "trung", "cơ", "sở", "tuyên", "truyền",
	"luật", "hòa" };

static const char *const initials[] = { "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k",
	"kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v",
	"x" };

/* '*' marks the vowel that takes the tone. */
static const char *const rhymes[] = { "*a", "*ai", "*am", "*an", "*ang", "*anh", "*ao",
	"*au", "*ay", "*ac", "*ach", "*at", "*ăn", "*ăng", "*ăm", "*ăc", "*ăt", "*âm",
	"*ân", "*âng", "*ây", "*âu", "*ât", "*e", "*em", "*en", "*eo", "*et", "*ê", "*ên",
	"*ênh", "*êu", "*êt", "*êch", "*i", "*ia", "*im", "*in", "*inh", "*it", "*ich",
	"*iu", "i*êm", "i*ên", "i*êng", "i*êt", "i*êu", "*o", "o*a", "o*ai", "o*an",
	"o*ang", "o*at", "*oi", "*om", "*on", "*ong", "*oc", "*ot", "*ô", "*ôi", "*ôm",
	"*ôn", "*ông", "*ôc", "*ôt", "*ơ", "*ơi", "*ơm", "*ơn", "*ơt", "*u", "*ua", "*ui",
	"*um", "*un", "*ung", "*uc", "*ut", "u*y", "uy*ên", "u*ân", "u*ôi", "u*ôn",
	"u*ông", "u*ôc", "*ư", "*ưa", "*ưng", "*ưc", "ư*ơi", "ư*ơn", "ư*ơng", "ư*ơc",
	"*ưu" };

static const char *const toned[][6] = {
	{ "a", "á", "à", "ả", "ã", "ạ" },
	{ "ă", "ắ", "ằ", "ẳ", "ẵ", "ặ" },
	{ "â", "ấ", "ầ", "ẩ", "ẫ", "ậ" },
	{ "e", "é", "è", "ẻ", "ẽ", "ẹ" },
	{ "ê", "ế", "ề", "ể", "ễ", "ệ" },
	{ "i", "í", "ì", "ỉ", "ĩ", "ị" },
	{ "o", "ó", "ò", "ỏ", "õ", "ọ" },
	{ "ô", "ố", "ồ", "ổ", "ỗ", "ộ" },
	{ "ơ", "ớ", "ờ", "ở", "ỡ", "ợ" },
	{ "u", "ú", "ù", "ủ", "ũ", "ụ" },
	{ "ư", "ứ", "ừ", "ử", "ữ", "ự" },
	{ "y", "ý", "ỳ", "ỷ", "ỹ", "ỵ" },
};

#define VOCAB 4000

static char *vocab[VOCAB];
static double zipf[VOCAB]; /* cumulative */

static bool
vocab_has(size_t n, const char *w)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(vocab[i], w) == 0)
			return true;
	return false;
}

/* A syllable: an initial, a rhyme, a tone on its marked vowel. */
static void
syllable(char *out, size_t sz)
{
	const char *r = rhymes[rnd(sizeof(rhymes) / sizeof(rhymes[0]))], *star;
	int tone = (int)rnd(6);
	size_t used;

	used = (size_t)snprintf(out, sz, "%s%.*s",
	    initials[rnd(sizeof(initials) / sizeof(initials[0]))],
	    (int)((star = strchr(r, '*')) - r), r);
	for (size_t v = 0; v < sizeof(toned) / sizeof(toned[0]); v++) {
		size_t n = strlen(toned[v][0]);

		if (strncmp(star + 1, toned[v][0], n) == 0) {
			snprintf(out + used, sz - used, "%s%s", toned[v][tone],
			    star + 1 + n);
			return;
		}
	}
}

static void
vocab_make(void)
{
	size_t n = 0;
	double sum = 0;
	char w[32];

	for (size_t i = 0; i < sizeof(common) / sizeof(common[0]); i++)
		if (!vocab_has(n, common[i]))
			vocab[n++] = strdup(common[i]);
	while (n < VOCAB) {
		syllable(w, sizeof(w));
		if (!vocab_has(n, w))
			vocab[n++] = strdup(w);
	}
	for (size_t i = 0; i < VOCAB; i++)
		zipf[i] = sum += 1.0 / (double)(i + 1);
	for (size_t i = 0; i < VOCAB; i++)
		zipf[i] /= sum;
}

static size_t
word_rank(void)
{
	double u = (double)(rnd64() >> 11) / 9007199254740992.0;
	size_t lo = 0, hi = VOCAB - 1;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (zipf[mid] < u)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* min..max words of the vocabulary, the first with a capital letter. */
static void
sentence(char *out, size_t sz, int min, int max)
{
	int n = min + (int)rnd((uint32_t)(max - min + 1));
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < n && used + 32 < sz; i++) {
		const char *w = vocab[word_rank()];

		if (i == 0 && text_case(w, false, true, out, sz))
			used = strlen(out);
		else
			used += (size_t)snprintf(out + used, sz - used, " %s", w);
	}
}

/* ---- the data -------------------------------------------------------------------- */

/* States as a year spreads them (per thousand). */
static const struct {
	uint32_t state, permille;
} spread[] = {
	{ S(REGISTERED), 80 },
	{ S(DRAFT), 120 },
	{ S(SUBMITTED), 70 },
	{ S(RETURNED), 30 },
	{ S(ACCEPTED), 80 },
	{ S(IN_REVIEW), 60 },
	{ S(RECOGNISED), 300 },
	{ S(NOT_RECOGNISED), 100 },
	{ S(WITHDRAWN), 80 },
	{ S(REFUSED), 80 },
};

static uint32_t
some_state(void)
{
	uint32_t x = rnd(1000);

	for (size_t i = 0; i < sizeof(spread) / sizeof(spread[0]); i++) {
		if (x < spread[i].permille)
			return spread[i].state;
		x -= spread[i].permille;
	}
	return S(DRAFT);
}

struct unit {
	uint32_t id;
	uint64_t n; /* initiatives */
	double weight;
};

static struct unit units[64];
static size_t nunits;

static int
one_initiative(struct store_txn *t, struct unit *u)
{
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	AuthorRec a = SK__STORE__V1__AUTHOR_REC__INIT, *ap = &a;
	struct scope sc = { .tenant = u->id, .login = "bench" };
	char title[512], summary[2048], description[4096], benefits[2048];
	int rc;

	sentence(title, sizeof(title), 5, 14);
	sentence(summary, sizeof(summary), 15, 40);
	sentence(description, sizeof(description), 40, 120);
	sentence(benefits, sizeof(benefits), 15, 40);
	a.name = "Nguyễn Văn An", a.share = 10000, a.workplace = "UBND xã";
	a.job_title = "Công chức", a.confirmed = true;
	r.unit_id = u->id;
	r.title = title, r.summary = summary, r.description = description;
	r.benefits = benefits, r.field = "Cải cách hành chính";
	r.category = 1 + (word_rank() % 6);
	r.state = some_state();
	r.created_by = "bench", r.created_at = 1700000000, r.updated_at = 1700000000;
	r.version = 3, r.first_applied = "2024-03-15";
	r.application = SK__V1__APPLICATION__APPLIED;
	r.n_authors = 1, r.authors = &ap;
	if ((rc = store_initiative_next_id(t, &sc, &r.id)) != 0)
		return rc;
	u->n++;
	return store_initiative_put(t, &sc, &r);
}

static struct unit *
some_unit(void)
{
	double x = (double)(rnd64() >> 11) / 9007199254740992.0;

	for (size_t i = 0; i < nunits; i++) {
		if (x < units[i].weight)
			return &units[i];
		x -= units[i].weight;
	}
	return &units[nunits - 1];
}

/* The units, and how many initiatives each holds already. */
static int
units_read(struct store *st, uint64_t *total)
{
	struct store_txn t;
	UnitRec **v = NULL;
	double sum = 0;
	size_t nv = 0;

	*total = 0;
	if (store_read_begin(st, &t) != 0 || store_unit_list(&t, &v, &nv) != 0)
		return -1;
	/* Units differ in size: weights 1 to 5. */
	for (size_t i = 0; i < nv && nunits < 64; i++) {
		struct scope sc = { .tenant = v[i]->id };

		units[nunits].id = v[i]->id;
		units[nunits].weight = 1 + (double)((i * 7) % 5);
		store_seq_get(&t, &sc, SEQ_INITIATIVE, &units[nunits].n);
		*total += units[nunits].n;
		sum += units[nunits++].weight;
	}
	store_read_end(&t);
	store_unit_list_free(v, nv);
	for (size_t i = 0; i < nunits; i++)
		units[i].weight /= sum;
	return 0;
}

static int
build(struct store *st, uint64_t n)
{
	struct sk_error err = { 0 };
	struct store_txn t;
	uint64_t done = 0;
	double t0 = now_ms();

	while (done < n) {
		uint64_t rng0 = rng, k = n - done < BATCH ? n - done : BATCH;
		uint64_t counts[64] = { 0 };
		int rc = 0;

		for (size_t i = 0; i < nunits; i++)
			counts[i] = units[i].n;
		if (store_write_begin(st, NULL, &t) != 0)
			return -1;
		for (uint64_t i = 0; i < k && rc == 0; i++)
			rc = one_initiative(&t, some_unit());
		if (rc == 0 && store_commit(&t, &err) == 0) {
			done += k;
			continue;
		}
		if (rc != 0)
			store_abort(&t);
		/* The map filled: grow it and write the same batch again. */
		if (!store_txn_map_full(&t) || store_grow(st) != 0) {
			fprintf(stderr, "bench_index: writing failed: %s\n", err.msg);
			return -1;
		}
		rng = rng0;
		for (size_t i = 0; i < nunits; i++)
			units[i].n = counts[i];
	}
	printf("%llu initiatives in %zu units written in %.1f s (%.1f µs each, indexes "
	       "kept in the same transactions)\n",
	    (unsigned long long)n, nunits, (now_ms() - t0) / 1e3,
	    (now_ms() - t0) * 1e3 / (double)n);
	return 0;
}

/* ---- the queries ----------------------------------------------------------------- */

struct query {
	uint32_t unit;
	uint32_t state, category;
	char words[128];
	uint64_t after;
	char title[512], summary[2048]; /* near */
};

typedef void (*query_make)(struct query *q, struct store_txn *t);

static struct unit *
unit_of(uint32_t id)
{
	for (size_t i = 0; i < nunits; i++)
		if (units[i].id == id)
			return &units[i];
	return &units[0];
}

/* Page through from a random place in the unit's first half. */
static uint64_t
some_after(uint32_t unit)
{
	uint64_t n = unit_of(unit)->n;

	return rnd(2) == 0 || n < 4 ? 0 : rnd64() % (n / 2);
}

static const uint32_t listed_states[] = { S(DRAFT), S(SUBMITTED), S(ACCEPTED),
	S(RECOGNISED), S(NOT_RECOGNISED) };

static void
q_state(struct query *q, struct store_txn *t)
{
	(void)t;
	q->state = listed_states[rnd(sizeof(listed_states) / sizeof(listed_states[0]))];
	q->after = some_after(q->unit);
}

static void
q_state_none(struct query *q, struct store_txn *t)
{
	(void)t;
	q->state = S(SUPERSEDED); /* only copies at a receiving level are */
}

static void
q_category(struct query *q, struct store_txn *t)
{
	(void)t;
	q->category = 1 + rnd(6);
	q->after = some_after(q->unit);
}

static void
fold_word(size_t rank, char *out, size_t sz)
{
	text_fold(vocab[rank], out, sz);
}

static void
q_common(struct query *q, struct store_txn *t)
{
	(void)t;
	fold_word(rnd(10), q->words, sizeof(q->words));
}

static void
q_rare(struct query *q, struct store_txn *t)
{
	(void)t;
	fold_word(1000 + rnd(VOCAB - 1000), q->words, sizeof(q->words));
}

static void
q_two(struct query *q, struct store_txn *t)
{
	char a[32], b[32];

	(void)t;
	fold_word(10 + rnd(90), a, sizeof(a));
	fold_word(10 + rnd(90), b, sizeof(b));
	snprintf(q->words, sizeof(q->words), "%s %s", a, b);
}

static void
q_prefix(struct query *q, struct store_txn *t)
{
	static const char *const prefixes[] = { "ngh", "tru", "th", "qua", "chu", "ph" };

	(void)t;
	snprintf(q->words, sizeof(q->words), "%s",
	    prefixes[rnd(sizeof(prefixes) / sizeof(prefixes[0]))]);
}

/* The worst a person types: one letter, which begins hundreds of words. */
static void
q_letter(struct query *q, struct store_txn *t)
{
	static const char letters[] = "tnhcdgklmpqsvx";

	(void)t;
	snprintf(q->words, sizeof(q->words), "%c", letters[rnd(sizeof(letters) - 1)]);
}

static void
q_letters(struct query *q, struct store_txn *t)
{
	static const char letters[] = "tnhcdgklmpqsvx";

	(void)t;
	snprintf(q->words, sizeof(q->words), "%c %c", letters[rnd(sizeof(letters) - 1)],
	    letters[rnd(sizeof(letters) - 1)]);
}

static void
q_none(struct query *q, struct store_txn *t)
{
	(void)t;
	snprintf(q->words, sizeof(q->words), "qzxv%u", rnd(1000));
}

/* A recognised initiative of the unit, one word of its title changed. */
static void
q_near(struct query *q, struct store_txn *t)
{
	struct scope sc = { .tenant = q->unit };
	InitiativeRec *r = NULL;
	char *p, *sp;

	for (int i = 0; i < 200 && (r == NULL || r->state != S(RECOGNISED)); i++) {
		store_rec_free(r);
		r = NULL;
		store_initiative_get(t, &sc, 1 + rnd64() % unit_of(q->unit)->n, &r);
	}
	if (r == NULL)
		return;
	snprintf(q->title, sizeof(q->title), "%s", r->title);
	snprintf(q->summary, sizeof(q->summary), "%s", r->summary);
	/* The last word replaced: alike, not identical. */
	if ((sp = strrchr(q->title, ' ')) != NULL && (p = sp + 1) < q->title + 400)
		snprintf(p, sizeof(q->title) - (size_t)(p - q->title), "%s",
		    vocab[word_rank()]);
	store_rec_free(r);
}

static void
q_new(struct query *q, struct store_txn *t)
{
	(void)t;
	sentence(q->title, sizeof(q->title), 5, 14);
	sentence(q->summary, sizeof(q->summary), 15, 40);
}

/* -- the way with the indexes: initiative_list, store_near_scan -- */

struct dup {
	const struct query *q;
	uint64_t id;
};

/* workflow.c's score, on each record given. */
static int
dup_cb(void *rec, void *arg)
{
	struct dup *d = arg;
	InitiativeRec *o = rec;
	int sim;

	if (o->state == S(RECOGNISED)) {
		sim = (text_similarity(o->title, d->q->title) * 2 +
		          text_similarity(o->summary, d->q->summary)) /
		    3;
		if (sim >= 80)
			d->id = o->id;
	}
	store_rec_free(o);
	return d->id != 0;
}

static size_t
run_new(struct store *st, const struct query *q, bool near)
{
	struct scope sc = { .tenant = q->unit,
		.roles = SK__V1__ROLE__ROLE_CLERK,
		.login = "bench" };
	struct initiative_filter f = { .state = q->state,
		.category = q->category,
		.query = q->words[0] ? q->words : NULL };
	struct terms terms = { 0 };
	struct sk_error err = { 0 };
	struct initiative_page p;
	struct dup d = { q, 0 };
	struct store_txn t;
	struct act a;
	size_t n = 0;

	if (store_read_begin(st, &t) != 0)
		return 0;
	a = act_now(&t, &sc, &terms);
	if (near) {
		store_near_scan(&t, &sc, q->title, dup_cb, &d);
		n = d.id != 0;
	} else if (initiative_list(&a, &f, q->after, PAGE, 1u << 30, &p, &err) == 0) {
		n = p.n;
		initiative_page_free(&p);
	}
	store_read_end(&t);
	return n;
}

/* -- the way before: a scan of the unit's records -- */

struct old_list {
	const struct query *q;
	size_t n;
};

static int
old_cb(void *rec, void *arg)
{
	struct old_list *l = arg;
	InitiativeRec *r = rec;
	const char *w = l->q->words;
	bool keep = (l->q->state == 0 || r->state == l->q->state) &&
	    (l->q->category == 0 || r->category == l->q->category) &&
	    (text_match(r->title, w) || text_match(r->summary, w));

	store_rec_free(r);
	if (!keep)
		return 0;
	return ++l->n > PAGE; /* one more than a page: there is more */
}

static size_t
run_old(struct store *st, const struct query *q, bool near)
{
	struct scope sc = { .tenant = q->unit };
	struct old_list l = { q, 0 };
	struct dup d = { q, 0 };
	struct store_txn t;

	if (store_read_begin(st, &t) != 0)
		return 0;
	if (near)
		store_initiative_scan(&t, &sc, 0, dup_cb, &d);
	else
		store_initiative_scan(&t, &sc, q->after, old_cb, &l);
	store_read_end(&t);
	return near ? d.id != 0 : (l.n > PAGE ? PAGE : l.n);
}

struct kind {
	const char *name;
	query_make make;
	bool near;
};

static void
percentiles(double *v, size_t n, double *p50, double *p99, double *max)
{
	qsort(v, n, sizeof(*v), cmp_double);
	*p50 = v[n / 2];
	*p99 = v[n * 99 / 100];
	*max = v[n - 1];
}

static void
measure(struct store *st, const struct kind *k, size_t samples, size_t baseline)
{
	double *tn = calloc(samples, sizeof(double)),
	       *to = calloc(baseline, sizeof(double));
	double *tc = calloc(samples, sizeof(double));
	double n50, n99, nmax, o50, o99, omax, c50, c99, cmax;
	size_t found = 0, same = 0;

	if (tn == NULL || to == NULL || tc == NULL)
		goto done;
	for (size_t i = 0; i < samples; i++) {
		struct query q = { .unit = some_unit()->id };
		struct store_txn t;
		double t0, c0;
		size_t nn;

		store_read_begin(st, &t);
		k->make(&q, &t);
		store_read_end(&t);
		c0 = cpu_ms();
		t0 = now_ms();
		nn = run_new(st, &q, k->near);
		tn[i] = now_ms() - t0;
		tc[i] = cpu_ms() - c0;
		found += nn;
		/* The same query the way before, on a sample. */
		if (i < baseline) {
			t0 = now_ms();
			same += run_old(st, &q, k->near) == nn || !k->near;
			to[i] = now_ms() - t0;
		}
	}
	percentiles(tn, samples, &n50, &n99, &nmax);
	percentiles(tc, samples, &c50, &c99, &cmax);
	percentiles(to, baseline, &o50, &o99, &omax);
	printf("%-30s %7.3f %7.3f %7.3f %7.3f   %8.2f %8.2f   x%-7.0f %6.1f\n", k->name,
	    n50, n99, nmax, c99, o50, o99, o50 / (n50 > 0 ? n50 : 1e-6),
	    (double)found / (double)samples);
	if (k->near && same != baseline)
		printf("  (!) the near index and the scan disagreed on %zu of %zu\n",
		    baseline - same, baseline);
done:
	free(tn);
	free(tc);
	free(to);
}

static void
queries(struct store *st, size_t samples, size_t baseline)
{
	static const struct kind kinds[] = {
		{ "list by state, page of 50", q_state, false },
		{ "list by state, none in it", q_state_none, false },
		{ "list by category, page of 50", q_category, false },
		{ "search: a common word", q_common, false },
		{ "search: a rare word", q_rare, false },
		{ "search: two words (AND)", q_two, false },
		{ "search: a prefix", q_prefix, false },
		{ "search: one letter", q_letter, false },
		{ "search: two letters (AND)", q_letters, false },
		{ "search: no match", q_none, false },
		{ "near-duplicate: one alike", q_near, true },
		{ "near-duplicate: a new title", q_new, true },
	};

	printf("\n%zu queries each in random units, each in a read transaction of its own "
	       "(the way before: %zu of them, a scan of the unit); p50, p99, max on the "
	       "clock, p99 of the processor time\n",
	    samples, baseline);
	/* A store just opened faults its map's pages in at first: warm it as
	 * a serving skd is warm. */
	for (size_t i = 0; i < samples; i++) {
		struct query q = { .unit = some_unit()->id };

		q_state(&q, NULL);
		run_new(st, &q, false);
	}
	printf("%-30s %7s %7s %7s %7s   %8s %8s   %-8s %6s\n", "ms", "p50", "p99", "max",
	    "cpu p99", "scan p50", "scan p99", "speed-up", "found");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		measure(st, &kinds[i], samples, baseline);
}

/* ---- skd after kill -9 ------------------------------------------------------------ */

/* Start skd on dir; the ms until it answers a connection (Hello), or -1. */
static double
skd_ready(const char *skd, const char *dir, pid_t *pid)
{
	char port_file[128], log[128], conf[128], port[32], server[64];
	struct skc_config c;
	struct skc *s;
	double t0 = now_ms();
	FILE *fp;

	snprintf(port_file, sizeof(port_file), "%s/port", dir);
	snprintf(log, sizeof(log), "%s/skd.log", dir);
	snprintf(conf, sizeof(conf), "%s/admin.conf", dir);
	unlink(port_file);
	if ((*pid = fork()) == 0) {
		char arg[160];

		snprintf(arg, sizeof(arg), "--port-file=%s", port_file);
		if (freopen(log, "a", stderr) == NULL)
			_exit(127);
		execl(skd, skd, "-d", dir, "--listen=127.0.0.1:0", arg,
		    "--log_level=warn", (char *)NULL);
		_exit(127);
	}
	for (;;) {
		int status;

		if (waitpid(*pid, &status, WNOHANG) == *pid)
			return -1;
		if ((fp = fopen(port_file, "r")) != NULL) {
			bool got =
			    fgets(port, sizeof(port), fp) != NULL && port[0] != '\0';

			fclose(fp);
			if (got)
				break;
		}
		if (now_ms() - t0 > 60000)
			return -1;
		usleep(500);
	}
	port[strcspn(port, "\r\n")] = '\0';
	snprintf(server, sizeof(server), "127.0.0.1:%s", port);
	if (tclient_load(&c, conf, server) != 0 ||
	    (s = tclient_connect(&c, "admin")) == NULL)
		return -1;
	skc_close(s);
	return now_ms() - t0;
}

static void
restarts(const char *skd, const char *dir)
{
	double v[5];
	pid_t pid;

	printf("\nskd started on the data directory until it answers a connection "
	       "(TLS, Hello):\n");
	for (int i = 0; i < 5; i++) {
		if ((v[i] = skd_ready(skd, dir, &pid)) < 0) {
			printf("  skd did not answer (see %s/skd.log)\n", dir);
			if (pid > 0) {
				kill(pid, SIGKILL);
				waitpid(pid, NULL, 0);
			}
			return;
		}
		kill(pid, SIGKILL); /* the next start is after a kill -9 */
		waitpid(pid, NULL, 0);
		printf("  %s %.0f ms\n",
		    i == 0 ? "first start:      " : "after kill -9:    ", v[i]);
	}
}

/* ---- the first start on an older data directory ------------------------------------- */

/* The store said schema 3 (no index) again: migrate() builds every index
 * from the records, as the first start of this skd on it would. */
static void
migration(const char *db)
{
	/* skd's default map settings (skd.conf(5)). */
	struct store_opts o = { (size_t)64 << 20, (size_t)16 << 30, false };
	struct sk_error err = { 0 };
	struct store *st = NULL;
	struct store_txn t;
	double t0;

	if (store_open(&st, db, &o, &err) != 0 || store_write_begin(st, NULL, &t) != 0)
		goto done;
	if (store_schema_set(&t, 3) != 0 || store_commit(&t, &err) != 0)
		goto done;
	log_set_level(LOG_LEVEL_WARN);
	t0 = now_ms();
	if (migrate(st, &err) != 0) {
		fprintf(stderr, "bench_index: migration: %s\n", err.msg);
		goto done;
	}
	printf("\nthe first start on it as a schema 3 directory: the indexes built from every "
	       "record in %.1f s (one transaction)\n",
	    (now_ms() - t0) / 1e3);
done:
	store_close(st);
}

/* ---- the decision log ------------------------------------------------------------- */

static void
entry_at(void *arg, uint64_t i, const void **data, size_t *len)
{
	const struct logv_entries *e = arg;

	*data = e->v[i].data;
	*len = e->v[i].len;
}

static void
audit(uint64_t n)
{
	struct store_opts o = { (size_t)1 << 30, (size_t)64 << 30, true };
	char dir[] = "/tmp/sk-bench-audit.XXXXXX", key[96], path[128];
	uint8_t fp[32], digest[SHA256_LEN];
	struct scope sc = { .tenant = 3, .login = "clerk.hatmon", .fp = fp };
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;
	struct logv_entries e = { 0 };
	struct logv_checkpoint cp;
	struct logv_result res;
	struct sk_error err = { 0 };
	struct store *st = NULL;
	struct store_txn t;
	struct sha256 *h;
	merkle_hash root;
	uint8_t *all = NULL;
	size_t bytes = 0;
	double t0, t1[5], tv[5], ts[5];
	char object[48], title[512];

	if (mkdtemp(dir) == NULL)
		return;
	snprintf(key, sizeof(key), "%s/log.key", dir);
	if (tlog_init(key, "sk.bench-audit", true, &err) != 0 ||
	    store_open(&st, dir, &o, &err) != 0) {
		fprintf(stderr, "bench_index: audit: %s\n", err.msg);
		goto done;
	}
	memset(fp, 0xab, sizeof(fp));
	u.id = 3, u.code = "xa-hat-mon", u.name = "Xã Hát Môn";
	t0 = now_ms();
	for (uint64_t i = 0; i < n;) {
		if (store_write_begin(st, NULL, &t) != 0)
			goto done;
		tlog_batch_begin();
		if (i == 0)
			store_unit_put(&t, &u);
		for (uint64_t k = 0; k < 50000 && i < n; k++, i++) {
			r.id = 1 + i / 6, r.unit_id = 3, r.state = S(SUBMITTED);
			r.version = 1 + (uint32_t)(i % 6);
			sentence(title, sizeof(title), 5, 14);
			r.title = title;
			snprintf(object, sizeof(object), "initiative/%llu",
			    (unsigned long long)r.id);
			if (tlog_append(&t, &sc, "initiative.submit", object, &r.base,
			        "submitted with 2 files") != 0) {
				store_abort(&t);
				goto done;
			}
		}
		if (tlog_batch_seal(&t, &err) != 0 || store_commit(&t, &err) != 0) {
			fprintf(stderr, "bench_index: audit: %s\n", err.msg);
			goto done;
		}
	}
	printf("\ndecision log of %llu entries written in %.1f s\n",
	    (unsigned long long)n, (now_ms() - t0) / 1e3);
	/* What sk audit verify holds once fetched: the entries, a checkpoint. */
	if ((e.v = calloc(n, sizeof(*e.v))) == NULL || store_read_begin(st, &t) != 0)
		goto done;
	for (uint64_t i = 0; i < n; i++) {
		const void *data;
		size_t len;

		if (tlog_entry(&t, &sc, i, &data, &len) != 0 ||
		    (e.v[i].data = malloc(len)) == NULL)
			break;
		memcpy(e.v[i].data, data, len);
		e.v[i].len = len;
		e.n++;
		bytes += len;
	}
	memset(&cp, 0, sizeof(cp));
	cp.size = n;
	tlog_root(&t, &sc, n, cp.root);
	store_read_end(&t);
	if (e.n != n || (all = malloc(bytes)) == NULL)
		goto done;
	for (uint64_t i = 0, off = 0; i < n; off += e.v[i].len, i++)
		memcpy(all + off, e.v[i].data, e.v[i].len);

	/* Each timed five times: the least and the median, the machine being
	 * shared. */
	for (int k = 0; k < 5; k++) {
		t0 = now_ms();
		if (logv_entries(&cp, &e, NULL, &res, &err) != 0)
			goto done;
		tv[k] = now_ms() - t0;
		/* The same on one processor. */
		t0 = now_ms();
		if (merkle_root_entries(n, entry_at, &e, 1, root) != 0)
			goto done;
		t1[k] = now_ms() - t0;
		t0 = now_ms();
		if ((h = sha256_new()) == NULL || sha256_add(h, all, bytes) != 0 ||
		    sha256_end(h, digest) != 0)
			goto done;
		ts[k] = now_ms() - t0;
	}
	qsort(tv, 5, sizeof(double), cmp_double);
	qsort(t1, 5, sizeof(double), cmp_double);
	qsort(ts, 5, sizeof(double), cmp_double);
	printf("SHA-256 over the entries' %.1f MB (%.0f bytes an entry): %.0f ms (median %.0f)\n",
	    (double)bytes / 1e6, (double)bytes / (double)n, ts[0], ts[2]);
	printf("sk audit verify's check (logv_entries): %.0f ms (median %.0f), %s: ratio %.2f "
	       "(medians %.2f; %ld processors)\n",
	    tv[0], tv[2], res.verdict == LOGV_OK ? "verified" : res.msg, tv[0] / ts[0],
	    tv[2] / ts[2], sysconf(_SC_NPROCESSORS_ONLN));
	printf("the same tree on one processor: %.0f ms (median %.0f)%s: ratio %.2f (medians "
	       "%.2f)\n",
	    t1[0], t1[2],
	    memcmp(root, cp.root, sizeof(root)) == 0 ? "" : " (another root!)",
	    t1[0] / ts[0], t1[2] / ts[2]);
done:
	logv_entries_free(&e);
	free(all);
	store_close(st);
	tlog_shutdown();
	snprintf(path, sizeof(path), "%s/data.mdb", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/lock.mdb", dir);
	unlink(path);
	unlink(key);
	snprintf(path, sizeof(path), "%s.pub", key);
	unlink(path);
	rmdir(dir);
}

/* ---- main -------------------------------------------------------------------------- */

static int
remove_tree(const char *dir)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

int
main(int argc, char **argv)
{
	uint64_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1000000;
	uint64_t entries = argc > 2 ? strtoull(argv[2], NULL, 10) : 1000000;
	const char *skd = getenv("SKD"), *keep = getenv("BENCH_DIR");
	struct store_opts o = { (size_t)4 << 30, (size_t)256 << 30, false };
	char dir[] = "/tmp/sk-bench-index.XXXXXX", data[64], cmd[4200], db[96];
	struct sk_error err = { 0 };
	struct store *st = NULL;
	uint64_t size, used, have;
	int rc = 1;

	if (skd == NULL || n < 100 || entries < 2) {
		fprintf(stderr,
		    "usage: SKD=path/to/skd bench_index [INITIATIVES (>= 100) "
		    "[LOG_ENTRIES]]\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* BENCH_DIR keeps the data (made there once) for runs that follow. */
	if (keep == NULL && mkdtemp(dir) == NULL) {
		perror("bench_index: mkdtemp");
		return 1;
	}
	snprintf(data, sizeof(data), "%s/d", keep != NULL ? keep : dir);
	snprintf(cmd, sizeof(cmd), "'%s' init '%s' >/dev/null", skd, data);
	snprintf(db, sizeof(db), "%s/db", data);
	if ((access(db, F_OK) != 0 && system(cmd) != 0) ||
	    store_open(&st, db, &o, &err) != 0 || units_read(st, &have) != 0) {
		fprintf(stderr, "bench_index: cannot set up %s: %s\n", data, err.msg);
		goto out;
	}
	vocab_make();
	if (have < n && build(st, n - have) != 0)
		goto out;
	store_map_use(st, &size, &used);
	printf("store: %.0f MiB in use\n", (double)used / (1 << 20));
	queries(st, n >= 100000 ? 1000 : 200, n >= 100000 ? 20 : 10);
	store_close(st);
	st = NULL;
	restarts(skd, data);
	migration(db);
	audit(entries);
	rc = 0;
out:
	store_close(st);
	if (keep == NULL)
		remove_tree(dir);
	return rc;
}
