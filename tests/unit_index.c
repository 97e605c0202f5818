/* unit_index: the indexes of the initiatives follow every write (create,
 * edit, step, recognition), searching by them finds what it should in the
 * caller's unit only, the near-duplicate index finds what a scan of every
 * record finds, a schema 3 store gets them when migrated, and the check
 * names a key that is missing or that no record calls for. */
#include "t.h"
#include "tdomain.h"

#include "convert.h"
#include "migrate.h"
#include "store_impl.h"
#include "text.h"

#define A(x) SK__V1__ACTION__##x
#define S(x) SK__V1__STATE__STATE_##x

/* ---- helpers ------------------------------------------------------------------ */

struct idlist {
	char *buf;
	size_t sz, used;
	size_t n, stop; /* stop after stop ids (0: never) */
};

static int
idlist_cb(void *rec, void *arg)
{
	struct idlist *l = arg;
	InitiativeRec *r = rec;

	if (l->used < l->sz)
		l->used += (size_t)snprintf(l->buf + l->used, l->sz - l->used,
		    "%s%" PRIu64, l->n ? "," : "", r->id);
	store_rec_free(r);
	l->n++;
	return l->stop != 0 && l->n == l->stop;
}

/* What store_initiative_find gives in unit, as "1,2,4". */
static const char *
found(struct store *st, uint32_t unit, uint32_t state, uint32_t category,
    const char *words, uint64_t after, char *buf, size_t sz)
{
	struct store_find q = { state, category, words };
	struct scope sc = { .tenant = unit };
	struct idlist l = { buf, sz, 0, 0, 0 };
	struct store_txn t;
	int rc;

	buf[0] = '\0';
	T_EQ_INT(store_read_begin(st, &t), 0);
	rc = store_initiative_find(&t, &sc, &q, after, idlist_cb, &l);
	T_CHECK(rc == 0 || rc == 1);
	store_read_end(&t);
	return buf;
}

/* The candidates store_near_scan gives for title in unit. */
static const char *
near(struct store *st, uint32_t unit, const char *title, char *buf, size_t sz)
{
	struct scope sc = { .tenant = unit };
	struct idlist l = { buf, sz, 0, 0, 0 };
	struct store_txn t;

	buf[0] = '\0';
	T_EQ_INT(store_read_begin(st, &t), 0);
	T_EQ_INT(store_near_scan(&t, &sc, title, idlist_cb, &l), 0);
	store_read_end(&t);
	return buf;
}

struct told {
	char first[512];
	char all[4096];
};

static void
told_cb(const char *line, void *arg)
{
	struct told *w = arg;
	size_t n = strlen(w->all);

	if (w->first[0] == '\0')
		snprintf(w->first, sizeof(w->first), "%s", line);
	snprintf(w->all + n, sizeof(w->all) - n, "%s\n", line);
}

/* The disagreements store_index_check finds in unit. */
static size_t
disagreements(struct store *st, uint32_t unit, struct told *w)
{
	struct scope sc = { .tenant = unit };
	struct store_txn t;
	size_t bad = 99;

	memset(w, 0, sizeof(*w));
	T_EQ_INT(store_read_begin(st, &t), 0);
	T_EQ_INT(store_index_check(&t, &sc, told_cb, w, &bad), 0);
	store_read_end(&t);
	return bad;
}

/* The check finds nothing in unit (else what it found is printed). */
static void
clean(struct store *st, uint32_t unit)
{
	struct told w;
	size_t bad = disagreements(st, unit, &w);

	if (bad != 0)
		fprintf(stderr, "index check of unit %u:\n%s", unit, w.all);
	T_EQ_INT(bad, 0);
}

/* Rewrite initiative id of unit through store_initiative_put: state, and
 * title when not NULL. */
static void
rewrite(struct store *st, uint32_t unit, uint64_t id, uint32_t state, const char *title)
{
	struct scope sc = { .tenant = unit };
	InitiativeRec *r = NULL;
	struct store_txn t;

	T_EQ_INT(store_write_begin(st, NULL, &t), 0);
	T_EQ_INT(store_initiative_get(&t, &sc, id, &r), 0);
	if (r != NULL) {
		r->state = state;
		if (title != NULL)
			T_EQ_INT(rec_set_str(&r->title, title), 0);
		T_EQ_INT(store_initiative_put(&t, &sc, r), 0);
	}
	store_rec_free(r);
	T_EQ_INT(commit(&t), 0);
}

static int
edit(struct tdomain *d, const char *login, uint64_t id, const char *title)
{
	struct sk_error err = { 0, "" };
	struct td_dossier x;
	InitiativeRec *c, *r = NULL;
	struct td_act act;
	const struct act *a = td_write(d, &act, login);
	int rc = SK_INVALID_ARGUMENT;

	td_dossier(&x, title, login);
	if ((c = initiative_content(&x.r, a->today, &err)) != NULL)
		rc = initiative_update(a, id, 0, c, &r, &err);
	store_rec_free(c);
	store_rec_free(r);
	return td_end(&act, rc);
}

/* ---- keys follow the record ------------------------------------------------------ */

static void
keys_follow_writes(void)
{
	static const char *const members[] = { "head.hm", "cm1.hm", "cm2.hm", "cm3.hm" };
	struct store *st;
	struct tdomain d;
	char b[256];
	uint64_t id;

	td_open(&d);
	st = d.ts.st;
	/* Created: its state, category and words. */
	T_EQ_INT(td_create(&d, "an.hm", "Số hóa hồ sơ một cửa", NULL), 1);
	T_EQ_STR(found(st, TD_HM, S(DRAFT), 0, NULL, 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 3, NULL, 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 4, NULL, 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, 0, 0, "hóa", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, S(SUBMITTED), 0, NULL, 0, b, sizeof(b)), "");
	/* Edited: the title's old words go, the new ones come (the summary's
	 * stay). */
	T_EQ_INT(edit(&d, "an.hm", 1, "Sổ tay điện tử cho cán bộ"), 0);
	T_EQ_STR(found(st, TD_HM, 0, 0, "hoa", 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, 0, 0, "dien tu", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "tra cuu", 0, b, sizeof(b)), "1");
	/* A step: the state key moves. */
	T_EQ_INT(td_step(&d, "an.hm", 1, A(SUBMIT), "", NULL), 0);
	T_EQ_STR(found(st, TD_HM, S(DRAFT), 0, NULL, 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, S(SUBMITTED), 0, NULL, 0, b, sizeof(b)), "1");
	T_EQ_STR(near(st, TD_HM, "Sổ tay điện tử cho cán bộ", b, sizeof(b)), "");
	/* Recognised by the council: now in near, under its title. */
	T_EQ_INT(td_step(&d, "clerk.hm", 1, A(ACCEPT), "", NULL), 0);
	T_EQ_INT(td_council(&d), 0);
	td_vote_through(&d, "head.hm", members, 4, 1, SK__V1__VOTE__YES);
	T_EQ_STR(found(st, TD_HM, S(RECOGNISED), 0, NULL, 0, b, sizeof(b)), "1");
	T_EQ_STR(near(st, TD_HM, "Sổ tay điện tử cho cán bộ", b, sizeof(b)), "1");
	T_EQ_STR(near(st, TD_HM, "SO TAY DIEN TU CHO CAN BO XA", b, sizeof(b)), "1");
	T_EQ_STR(near(st, TD_HM, "Sổ tay", b, sizeof(b)), "");
	T_EQ_STR(near(st, TD_SP, "Sổ tay điện tử cho cán bộ", b, sizeof(b)), "");
	/* And a dossier like it is warned of it when submitted. */
	id = td_create(&d, "binh.hm", "Sổ tay điện tử cho cán bộ xã", NULL);
	T_EQ_INT(td_step(&d, "binh.hm", id, A(SUBMIT), "", NULL), 0);
	{
		InitiativeRec *r = td_get(&d, "binh.hm", id);

		T_CONTAINS(r != NULL ? r->duplicate_warning : NULL,
		    "nearly identical to recognised initiative 1");
		store_rec_free(r);
	}
	/* Its title changed while recognised (no step does it; the store
	 * must still follow), then no longer recognised. */
	rewrite(st, TD_HM, 1, S(RECOGNISED), "Vườn rau sạch");
	T_EQ_STR(near(st, TD_HM, "Sổ tay điện tử cho cán bộ", b, sizeof(b)), "");
	T_EQ_STR(near(st, TD_HM, "vuon rau sach", b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "vuon", 0, b, sizeof(b)), "1");
	rewrite(st, TD_HM, 1, S(IN_REVIEW), NULL);
	T_EQ_STR(near(st, TD_HM, "vuon rau sach", b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, S(RECOGNISED), 0, NULL, 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, S(IN_REVIEW), 0, NULL, 0, b, sizeof(b)), "1");
	clean(st, TD_HM);
	clean(st, TD_SP);
	td_close(&d);
}

/* ---- searching ------------------------------------------------------------------- */

static void
search(void)
{
	struct initiative_filter f = { 0 };
	struct sk_error err = { 0, "" };
	struct initiative_page p;
	struct td_dossier x;
	struct td_act act;
	const struct act *a;
	struct tdomain d;
	struct store *st;
	char b[256];

	td_open(&d);
	st = d.ts.st;
	td_dossier(&x, "Phúc Thọ số hóa", "an.hm");
	x.r.summary = "Kho dữ liệu chung";
	T_EQ_INT(td_create_from(&d, "an.hm", &x, false, &err), 1);
	td_dossier(&x, "Sổ tay điện tử", "binh.hm");
	x.r.summary = "Ghi chép công việc hằng ngày";
	x.r.category = 2;
	T_EQ_INT(td_create_from(&d, "binh.hm", &x, false, &err), 2);
	td_dossier(&x, "Tiết kiệm điện năng", "an.hm");
	x.r.summary = "Tắt đèn khi ra về";
	T_EQ_INT(td_create_from(&d, "an.hm", &x, false, &err), 3);
	td_dossier(&x, "Số hóa thư viện", "cuc.hm");
	x.r.summary = "Mượn sách trực tuyến";
	T_EQ_INT(td_create_from(&d, "cuc.hm", &x, false, &err), 4);
	T_EQ_INT(td_step(&d, "cuc.hm", 4, A(SUBMIT), "", NULL), 0);
	/* Sen Phương writes the same words, under ids of its own. */
	for (int i = 1; i <= 6; i++) {
		td_dossier(&x, "Số hóa Phúc Thọ ở Sen Phương", "dung.sp");
		x.r.summary = "Kho dữ liệu chung, sách, điện năng";
		T_EQ_INT(td_create_from(&d, "dung.sp", &x, false, &err), i);
	}

	/* Without diacritics or case, or with them. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "phuc tho", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "PHÚC THỌ", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "Phúc Thọ", 0, b, sizeof(b)), "1");
	/* Beginnings of words; a whole word begins itself. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "ph th", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "đi", 0, b, sizeof(b)), "2,3");
	T_EQ_STR(found(st, TD_HM, 0, 0, "dien", 0, b, sizeof(b)), "2,3");
	T_EQ_STR(found(st, TD_HM, 0, 0, "tiet", 0, b, sizeof(b)), "3");
	/* Not inside a word: "hoa" is no word's beginning in "thọ". */
	T_EQ_STR(found(st, TD_HM, 0, 0, "ho", 0, b, sizeof(b)), "1,4");
	T_EQ_STR(found(st, TD_HM, 0, 0, "oa", 0, b, sizeof(b)), "");
	/* Every word must be there: AND, in title or summary. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "so hoa", 0, b, sizeof(b)), "1,4");
	T_EQ_STR(found(st, TD_HM, 0, 0, "so hoa thu", 0, b, sizeof(b)), "4");
	T_EQ_STR(found(st, TD_HM, 0, 0, "so hoa kho", 0, b, sizeof(b)), "1");
	T_EQ_STR(found(st, TD_HM, 0, 0, "hoa, sách!", 0, b, sizeof(b)), "4");
	T_EQ_STR(found(st, TD_HM, 0, 0, "so hoa ghi", 0, b, sizeof(b)), "");
	/* Words nobody wrote; text with no word at all. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "xyz", 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, 0, 0, "so xyz", 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, 0, 0, "!?", 0, b, sizeof(b)), "");
	/* With state and category. */
	T_EQ_STR(found(st, TD_HM, S(SUBMITTED), 0, "so", 0, b, sizeof(b)), "4");
	T_EQ_STR(found(st, TD_HM, S(DRAFT), 0, "so", 0, b, sizeof(b)), "1,2");
	T_EQ_STR(found(st, TD_HM, 0, 2, "so", 0, b, sizeof(b)), "2");
	T_EQ_STR(found(st, TD_HM, S(DRAFT), 3, NULL, 0, b, sizeof(b)), "1,3");
	T_EQ_STR(found(st, TD_HM, S(SUBMITTED), 2, NULL, 0, b, sizeof(b)), "");
	/* Pages: after an id. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "so", 1, b, sizeof(b)), "2,4");
	T_EQ_STR(found(st, TD_HM, 0, 0, "so", 4, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_HM, S(DRAFT), 0, NULL, 2, b, sizeof(b)), "3");
	/* No unit sees another's: Sen Phương's six are its own. */
	T_EQ_STR(found(st, TD_HM, 0, 0, "sen phuong", 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_SP, 0, 0, "sen", 0, b, sizeof(b)), "1,2,3,4,5,6");
	T_EQ_STR(found(st, TD_SP, 0, 0, "tiet", 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_SP, 0, 2, NULL, 0, b, sizeof(b)), "");
	T_EQ_STR(found(st, TD_SCHOOL, 0, 0, "so", 0, b, sizeof(b)), "");

	/* Through the listing: pages of one, and the other filters after. */
	f.query = "so hoa";
	a = td_read(&d, &act, "clerk.hm");
	T_EQ_INT(td_end(&act, initiative_list(a, &f, 0, 1, 1u << 20, &p, &err)), 0);
	T_EQ_INT(p.n, 1);
	T_EQ_INT(p.n ? p.v[0]->id : 0, 1);
	T_CHECK(p.more);
	initiative_page_free(&p);
	a = td_read(&d, &act, "clerk.hm");
	T_EQ_INT(td_end(&act, initiative_list(a, &f, 1, 1, 1u << 20, &p, &err)), 0);
	T_EQ_INT(p.n, 1);
	T_EQ_INT(p.n ? p.v[0]->id : 0, 4);
	T_CHECK(!p.more);
	initiative_page_free(&p);
	f.mine = true;
	a = td_read(&d, &act, "cuc.hm");
	T_EQ_INT(td_end(&act, initiative_list(a, &f, 0, 10, 1u << 20, &p, &err)), 0);
	T_EQ_INT(p.n, 1);
	T_EQ_INT(p.n ? p.v[0]->id : 0, 4);
	initiative_page_free(&p);
	td_close(&d);
}

/* The ids of 1..n with id % a == 0 and id % b == 0, after after, as
 * "x,y". */
static const char *
multiples(uint64_t n, uint64_t a, uint64_t b, uint64_t after, char *buf, size_t sz)
{
	size_t used = 0;

	buf[0] = '\0';
	for (uint64_t id = after + 1; id <= n; id++)
		if (id % a == 0 && id % b == 0 && used < sz)
			used += (size_t)snprintf(buf + used, sz - used, "%s%" PRIu64,
			    used ? "," : "", id);
	return buf;
}

/*
 * Every way a search asks a word that is not the one it walks: its lists
 * (few words), the set of its ids (more than LIST_MAX words, postings for
 * at most an eighth of the unit) or a check on the records (more). 2000
 * initiatives: "dac" in every 37th (the one walked), "moc" in every 20th,
 * 60 words beginning with "nga" in every 10th, 60 beginning with "khac"
 * in all.
 */
static void
search_each_way(void)
{
	enum { N = 2000 };
	struct tmpstore ts;
	struct scope sc = { .tenant = 3 };
	struct store_txn t;
	char title[96], b[2048], want[2048];
	size_t used;

	if (tmp_open(&ts, 16u << 20, 256u << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	for (uint64_t id = 1; id <= N; id++) {
		InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
		uint64_t seq;

		snprintf(title, sizeof(title), "khac%" PRIu64 "%s%s", id % 60,
		    id % 37 == 0 ? " dac" : "", id % 20 == 0 ? " moc" : "");
		/* 20 words beginning with "zen", in three of four. */
		if (id % 4 != 0)
			snprintf(title + strlen(title), sizeof(title) - strlen(title),
			    " zen%" PRIu64, id % 20);
		if (id % 10 == 0)
			snprintf(title + strlen(title), sizeof(title) - strlen(title),
			    " nga%" PRIu64 "x", id / 10 % 60);
		r.id = id, r.unit_id = 3, r.title = title, r.state = S(DRAFT);
		r.category = 1 + (uint32_t)(id % 3);
		T_EQ_INT(store_initiative_next_id(&t, &sc, &seq), 0);
		T_EQ_INT(store_initiative_put(&t, &sc, &r), 0);
	}
	T_EQ_INT(commit(&t), 0);
	/* Lists; the set of ids; the records checked; all of them. */
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac moc", 0, b, sizeof(b)),
	    multiples(N, 37, 20, 0, want, sizeof(want)));
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac nga", 0, b, sizeof(b)),
	    multiples(N, 37, 10, 0, want, sizeof(want)));
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac kh", 0, b, sizeof(b)),
	    multiples(N, 37, 1, 0, want, sizeof(want)));
	T_EQ_STR(found(ts.st, 3, 0, 0, "khac nga dac moc", 0, b, sizeof(b)),
	    multiples(N, 37, 20, 0, want, sizeof(want)));
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac nga", 400, b, sizeof(b)),
	    multiples(N, 37, 10, 400, want, sizeof(want)));
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac khac", 1000, b, sizeof(b)),
	    multiples(N, 37, 1, 1000, want, sizeof(want)));
	/* A word most have, checked on the records: those without it fail. */
	used = 0;
	for (uint64_t id = 37; id <= N; id += 37)
		if (id % 4 != 0)
			used += (size_t)snprintf(want + used, sizeof(want) - used,
			    "%s%" PRIu64, used ? "," : "", id);
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac zen", 0, b, sizeof(b)), want);
	/* One of the 60: that word, and no other beginning with it. */
	T_EQ_STR(found(ts.st, 3, 0, 0, "nga1x", 0, b, sizeof(b)), "10,610,1210,1810");
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac nga1x", 0, b, sizeof(b)), "");
	T_EQ_STR(found(ts.st, 3, 0, 0, "dac nga37x", 0, b, sizeof(b)), "370");
	/* With category: 1 + id % 3 == 2. */
	T_EQ_STR(found(ts.st, 3, 0, 2, "dac nga khac", 0, b, sizeof(b)), "370,1480");
	tmp_close(&ts);
}

/* ---- near duplicates against the scan of every record ---------------------------- */

static const char *const vocab[] = { "số", "hóa", "hồ", "sơ", "một", "cửa", "sổ", "tay",
	"điện", "tử", "cho", "cán", "bộ", "tiết", "kiệm", "năng", "vườn", "rau", "sạch",
	"thư", "viện", "trường", "học", "xã", "Hát", "Môn", "quản", "lý", "dữ", "liệu",
	"phần", "mềm", "nông", "nghiệp", "giống", "lúa", "nước", "tưới", "an", "toàn" };
#define NVOCAB (sizeof(vocab) / sizeof(vocab[0]))

static uint32_t seed = 12345;

static uint32_t
rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

/* Up to max words of the vocabulary (some twice), written as people do. */
static void
random_text(char *out, size_t sz, size_t max)
{
	size_t n = 1 + rnd((uint32_t)max), used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < n && used + 40 < sz; i++)
		used += (size_t)snprintf(out + used, sz - used, "%s%s", i ? " " : "",
		    vocab[rnd(NVOCAB)]);
}

/* s with one change: a word dropped, added or replaced, or cased. */
static void
perturb(const char *s, char *out, size_t sz)
{
	char buf[512], *words[64], *p;
	size_t n = 0, used = 0, k;
	uint32_t how = rnd(4);

	snprintf(buf, sizeof(buf), "%s", s);
	for (p = strtok(buf, " "); p != NULL && n < 64; p = strtok(NULL, " "))
		words[n++] = p;
	k = n > 0 ? rnd((uint32_t)n) : 0;
	out[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (how == 0 && i == k && n > 1)
			continue;
		used += (size_t)snprintf(out + used, sz - used, "%s%s", used ? " " : "",
		    how == 2 && i == k ? vocab[rnd(NVOCAB)] : words[i]);
	}
	if (how == 1)
		snprintf(out + used, sz - used, " %s", vocab[rnd(NVOCAB)]);
	if (how == 3 && text_case(s, false, false, buf, sizeof(buf)))
		snprintf(out, sz, "%s", buf);
}

struct dup {
	const char *title, *summary;
	uint64_t id; /* the first alike enough */
	int sim;
	size_t alike, seen; /* titles >= 70 % alike; records fn saw */
	uint64_t *cand;
	size_t ncand, cap;
};

/* The check's score, on every record fn is given. */
static int
dup_cb(void *rec, void *arg)
{
	struct dup *d = arg;
	InitiativeRec *o = rec;
	int ts, sim;

	d->seen++;
	if (o->state == S(RECOGNISED)) {
		ts = text_similarity(o->title, d->title);
		sim = (ts * 2 + text_similarity(o->summary, d->summary)) / 3;
		if (ts >= 70) {
			d->alike++;
			if (d->ncand < d->cap)
				d->cand[d->ncand++] = o->id;
		}
		if (sim >= 80 && d->id == 0)
			d->id = o->id, d->sim = sim;
	}
	store_rec_free(o);
	return 0;
}

static void
near_matches_scan(void)
{
	enum { N = 3000, OTHER = 300, QUERIES = 600 };
	static char titles[N][256], summaries[N][256];
	struct tmpstore ts;
	struct scope sc = { .tenant = 3 }, other = { .tenant = 11 };
	struct store_txn t;
	char q[512], qs[256];
	uint64_t cand_scan[N], cand_near[N];
	size_t hits = 0, candidates = 0, recognised = 0;

	if (tmp_open(&ts, 64u << 20, 1u << 30) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	for (uint64_t id = 1; id <= N + OTHER; id++) {
		InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
		char *title = titles[(id - 1) % N], *summary = summaries[(id - 1) % N];
		uint32_t from = id > 50 ? rnd((uint32_t)id - 1) : 0;

		/* A third like an earlier one, title and summary. */
		if (id <= N && id > 50 && rnd(3) == 0) {
			perturb(titles[from], title, sizeof(titles[0]));
			perturb(summaries[from], summary, sizeof(summaries[0]));
		} else if (id <= N) {
			random_text(title, sizeof(titles[0]), 10);
			random_text(summary, sizeof(summaries[0]), 12);
		}
		r.id = id <= N ? id : id - N;
		r.unit_id = id <= N ? 3 : 11;
		r.title = title, r.summary = summary;
		r.state = rnd(10) < 4 ? S(RECOGNISED) : S(SUBMITTED);
		recognised += r.state == S(RECOGNISED) && id <= N;
		/* Sen Phương recognises the very titles Hát Môn has. */
		if (id > N)
			r.state = S(RECOGNISED);
		T_EQ_INT(store_initiative_put(&t, id <= N ? &sc : &other, &r), 0);
	}
	/* Some recognised again under another title, some no more. */
	for (uint64_t i = 0; i < 200; i++) {
		InitiativeRec *r = NULL;
		uint64_t id = 1 + rnd(N);

		T_EQ_INT(store_initiative_get(&t, &sc, id, &r), 0);
		if (r == NULL)
			continue;
		if (i % 2 == 0)
			random_text(titles[id - 1], sizeof(titles[0]), 10);
		T_EQ_INT(rec_set_str(&r->title, titles[id - 1]), 0);
		r->state = i % 3 == 0 ? S(NOT_RECOGNISED) : S(RECOGNISED);
		T_EQ_INT(store_initiative_put(&t, &sc, r), 0);
		store_rec_free(r);
	}
	T_EQ_INT(commit(&t), 0);
	clean(ts.st, 3);
	clean(ts.st, 11);

	T_EQ_INT(store_read_begin(ts.st, &t), 0);
	for (int k = 0; k < QUERIES; k++) {
		struct dup scan = { .cand = cand_scan, .cap = N };
		struct dup idx = { .cand = cand_near, .cap = N };

		uint32_t from = rnd(N);

		/* Like one of them (its summary too, or not), or not at all. */
		random_text(qs, sizeof(qs), 12);
		if (k == 0)
			q[0] = '\0';
		else if (k == 1)
			snprintf(q, sizeof(q), "!!! ...");
		else if (k % 3 != 0)
			perturb(titles[from], q, sizeof(q));
		else
			random_text(q, sizeof(q), 10);
		if (k % 3 == 1)
			perturb(summaries[from], qs, sizeof(qs));
		scan.title = idx.title = q;
		scan.summary = idx.summary = qs;
		T_EQ_INT(store_initiative_scan(&t, &sc, 0, dup_cb, &scan), 0);
		T_EQ_INT(store_near_scan(&t, &sc, q, dup_cb, &idx), 0);
		/* The same first match, and every title alike enough found. */
		T_EQ_INT(idx.id, scan.id);
		T_EQ_INT(idx.sim, scan.sim);
		T_EQ_INT(idx.alike, scan.alike);
		if (idx.ncand != scan.ncand ||
		    memcmp(cand_near, cand_scan, scan.ncand * sizeof(*cand_scan)) != 0) {
			fprintf(stderr, "near differs from the scan for \"%s\"\n", q);
			T_CHECK(!"the same titles alike");
		}
		hits += scan.id != 0;
		candidates += idx.seen;
	}
	store_read_end(&t);
	/* The test means something: matches were there, and the index read
	 * far fewer records than the scan. */
	fprintf(stderr,
	    "near: %zu of %d queries matched; %zu records read for them, "
	    "%zu recognised\n",
	    hits, QUERIES, candidates, recognised);
	T_CHECK(hits > QUERIES / 20);
	T_CHECK(candidates < (size_t)QUERIES * recognised / 10);
	tmp_close(&ts);
}

/* ---- migration and check --------------------------------------------------------------- */

static void
put_unit(struct store_txn *t, uint32_t id, const char *code)
{
	UnitRec u = SK__STORE__V1__UNIT_REC__INIT;

	u.id = id;
	u.code = (char *)code;
	u.name = (char *)code;
	T_EQ_INT(store_unit_put(t, &u), 0);
}

static void
put(struct store_txn *t, uint32_t unit, uint64_t id, const char *title, uint32_t state)
{
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	struct scope sc = { .tenant = unit };

	r.id = id, r.unit_id = unit, r.title = (char *)title, r.state = state;
	r.category = 5;
	r.summary = "Một bản tóm tắt";
	T_EQ_INT(store_initiative_put(t, &sc, &r), 0);
}

static void
from_schema_3(void)
{
	struct store_opts o = { 1 << 20, 64 << 20, false };
	struct scope hm = { .tenant = 3 }, sp = { .tenant = 11 };
	struct sk_error err = { 0 };
	struct tmpstore ts;
	struct store_txn t;
	struct told w;
	char b[64];

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	/* A schema 3 store: records, no index. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	put_unit(&t, 3, "xa-hat-mon");
	put_unit(&t, 11, "xa-sen-phuong");
	put(&t, 3, 1, "Số hóa hồ sơ", S(RECOGNISED));
	put(&t, 3, 2, "Sổ tay điện tử", S(DRAFT));
	put(&t, 11, 1, "Số hóa thư viện", S(RECOGNISED));
	T_EQ_INT(store_index_drop(&t, &hm, 1), 0);
	T_EQ_INT(store_index_drop(&t, &hm, 2), 0);
	T_EQ_INT(store_index_drop(&t, &sp, 1), 0);
	T_EQ_INT(store_schema_set(&t, 3), 0);
	T_EQ_INT(commit(&t), 0);
	T_EQ_STR(found(ts.st, 3, 0, 5, NULL, 0, b, sizeof(b)), "");
	T_EQ_STR(near(ts.st, 3, "so hoa ho so", b, sizeof(b)), "");
	T_CHECK(disagreements(ts.st, 3, &w) > 0);
	T_CONTAINS(w.all, "initiative 1 is missing from by_state 7");
	store_close(ts.st);

	T_EQ_INT(store_open(&ts.st, ts.dir, &o, &err), 0);
	T_EQ_INT(store_schema(ts.st), 3);
	T_EQ_INT(migrate(ts.st, &err), 0);
	T_EQ_INT(store_schema(ts.st), STORE_SCHEMA);
	T_EQ_STR(found(ts.st, 3, 0, 5, NULL, 0, b, sizeof(b)), "1,2");
	T_EQ_STR(found(ts.st, 3, S(DRAFT), 0, NULL, 0, b, sizeof(b)), "2");
	T_EQ_STR(found(ts.st, 3, 0, 0, "so tom", 0, b, sizeof(b)), "1,2");
	T_EQ_STR(found(ts.st, 11, 0, 0, "thu vien", 0, b, sizeof(b)), "1");
	T_EQ_STR(near(ts.st, 3, "so hoa ho so", b, sizeof(b)), "1");
	T_EQ_STR(near(ts.st, 11, "so hoa thu vien", b, sizeof(b)), "1");
	clean(ts.st, 3);
	clean(ts.st, 11);
	tmp_close(&ts);
}

static void
check_names_keys(void)
{
	struct scope hm = { .tenant = 3 };
	InitiativeRec r = SK__STORE__V1__INITIATIVE_REC__INIT;
	struct tmpstore ts;
	struct store_txn t;
	struct told w;

	if (tmp_open(&ts, 1 << 20, 64 << 20) != 0) {
		T_CHECK(!"store opens");
		return;
	}
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	put_unit(&t, 3, "xa-hat-mon");
	put(&t, 3, 1, "Số hóa hồ sơ", S(RECOGNISED));
	put(&t, 3, 2, "Sổ tay điện tử", S(DRAFT));
	put(&t, 3, 3, "Vườn rau", S(DRAFT));
	T_EQ_INT(commit(&t), 0);
	clean(ts.st, 3);

	/* A record whose keys are gone. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_index_drop(&t, &hm, 2), 0);
	T_EQ_INT(commit(&t), 0);
	/* state, category, and 8 words (the title's 4, the summary's 4) */
	T_EQ_INT(disagreements(ts.st, 3, &w), 10);
	T_CONTAINS(w.all, "initiative 2 is missing from by_state 2\n");
	T_CONTAINS(w.all, "initiative 2 is missing from by_category 5\n");
	T_CONTAINS(w.all, "initiative 2 is missing from words \"dien\"\n");

	/* Keys no record calls for: 3 as if recognised under another title. */
	T_EQ_INT(store_write_begin(ts.st, NULL, &t), 0);
	T_EQ_INT(store_index_drop(&t, &hm, 2), 0);
	r.id = 3, r.unit_id = 3, r.title = "Vườn hoa", r.state = S(RECOGNISED);
	r.category = 5;
	T_EQ_INT(store_index_add(&t, &hm, &r), 0);
	T_EQ_INT(commit(&t), 0);
	T_CHECK(disagreements(ts.st, 3, &w) >= 8);
	T_CONTAINS(w.all,
	    "by_state holds initiative 3 7, which its record does not call "
	    "for\n");
	T_CONTAINS(w.all,
	    "words holds initiative 3 \"hoa\", which its record does not "
	    "call for\n");
	T_CONTAINS(w.all,
	    "near holds initiative 3, which its record does not call for\n");
	T_CONTAINS(w.all, "initiative 2 is missing from words \"tay\"\n");
	tmp_close(&ts);
}

static const struct t_case cases[] = {
	{ "keys follow create, edit, steps and recognition", keys_follow_writes },
	{ "search: diacritics, beginnings of words, AND, pages, one unit", search },
	{ "search: each way of asking a word not walked", search_each_way },
	{ "near finds what a scan of every record finds", near_matches_scan },
	{ "a schema 3 store is indexed when migrated", from_schema_3 },
	{ "the check names missing keys and keys no record calls for", check_names_keys },
};

T_MAIN(cases)
