/*
 * cmd_document: sk document KIND ID, an official document of the flow as
 * a PDF file (pdf.h), or with --text as sk prints papers (doc.h): the
 * receipt, the notice, the council's minutes, the decision, the
 * certificates, the submission and the application, each with where the
 * unit's decision log records it. paper.h reads and builds them.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "doc.h"
#include "json.h"
#include "out.h"
#include "paper.h"
#include "pdf.h"

enum { OPT_OUT = 0x100, OPT_FORCE, OPT_TEXT, OPT_LOG_KEY };

struct document_args {
	enum paper_kind kind;
	uint64_t id;
	const char *out; /* --out FILE, or NULL */
	bool force, text;
};

static int
document_args(struct cli *c, int argc, char **argv, struct document_args *a)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, OPT_OUT },
		{ "force", no_argument, NULL, OPT_FORCE },
		{ "text", no_argument, NULL, OPT_TEXT },
		{ "log-key", required_argument, NULL, OPT_LOG_KEY },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(a, 0, sizeof(*a));
	if (!paper_kind_of(argv[0], &a->kind))
		return cli_usage("no document \"%s\"", argv[0]);
	optind = 0;
	while ((ch = cli_getopt(c, argc, argv, opts)) != -1) {
		switch (ch) {
		case OPT_OUT: a->out = optarg; break;
		case OPT_FORCE: a->force = true; break;
		case OPT_TEXT: a->text = true; break;
		case OPT_LOG_KEY: cli_set(c, "log_key", optarg); break;
		default: return SK_EXIT_USAGE;
		}
	}
	if (argc - optind != 1 || !cli_parse_id(argv[optind], &a->id))
		return cli_usage("document %s needs one ID", argv[0]);
	if (a->text && a->out != NULL)
		return cli_usage("--text prints the document: it takes no --out");
	return 0;
}

/* The configured bases, split at their line ends into v (at most max). */
static size_t
bases_of(char *lines, const char **v, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	for (char *s = strtok_r(lines, "\n", &save); s != NULL && n < max;
	     s = strtok_r(NULL, "\n", &save))
		v[n++] = s;
	return n;
}

/* Build the document; its exit status, having said why it failed. */
static int
document_build(struct cli *c, const struct document_args *a, struct doc **d)
{
	static char lines[sizeof(c->cfg.doc_bases)];
	static const char *bases[DOC_BASES];
	struct paper_opts o = { .log_key = c->cfg.log_key, .wait_ms = 3000 };
	int rc;

	snprintf(lines, sizeof(lines), "%s", c->cfg.doc_bases);
	if ((o.n_bases = bases_of(lines, bases, DOC_BASES)) > 0)
		o.bases = bases;
	rc = paper_build(c->conn, a->kind, a->id, &o, d, &c->err);
	if (rc == SK_DATA_LOSS) {
		/* The log failed verification: nothing is printed on its word. */
		out_error(SK_EXIT_VERIFY, 0, c->err.msg, c->json);
		return SK_EXIT_VERIFY;
	}
	return cli_status(c, rc);
}

/* Draw d into path through a file beside it, renamed over it once whole. */
static int
document_write(struct cli *c, const struct doc *d, const char *path, bool force,
    int *pages)
{
	char tmp[PATH_MAX + 16], why[256];

	if (!force && access(path, F_OK) == 0)
		return cli_local(c, "%s: the file exists (--force replaces it)", path);
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	if (pdf_write(d, tmp, pages, why, sizeof(why)) != 0) {
		unlink(tmp);
		return cli_local(c, "%s: cannot write the PDF: %s", path, why);
	}
	if (rename(tmp, path) != 0) {
		int saved = errno;

		unlink(tmp);
		return cli_local(c, "%s: %s", path, strerror(saved));
	}
	return 0;
}

static void
document_said(struct cli *c, const struct document_args *a, const struct doc *d,
    const char *path, int pages)
{
	if (!c->json) {
		printf("Wrote %s: %s %" PRIu64 ", %d page%s\n", path, paper_name(a->kind),
		    a->id, pages, pages == 1 ? "" : "s");
		if (d->log != NULL)
			printf("%s\n", d->log);
		return;
	}
	printf("{\"path\":");
	json_string(stdout, path);
	printf(",\"document\":\"%s\",\"id\":\"%" PRIu64 "\",\"pages\":%d",
	    paper_name(a->kind), a->id, pages);
	if (d->log != NULL) {
		printf(",\"log\":");
		json_string(stdout, d->log);
	}
	printf("}\n");
}

int
cmd_document(struct cli *c, int argc, char **argv)
{
	struct document_args a;
	struct doc *d = NULL;
	char path[PATH_MAX];
	int rc, pages = 0;

	if ((rc = document_args(c, argc, argv, &a)) != 0 || (rc = cli_connect(c)) != 0 ||
	    (rc = document_build(c, &a, &d)) != 0)
		return rc;
	if (a.text) {
		doc_text(stdout, d);
		goto done;
	}
	if (a.out != NULL)
		snprintf(path, sizeof(path), "%s", a.out);
	else
		snprintf(path, sizeof(path), "%s-%" PRIu64 ".pdf", paper_stem(a.kind),
		    a.id);
	if ((rc = document_write(c, d, path, a.force, &pages)) == 0)
		document_said(c, &a, d, path, pages);
	/* sk draws once: what fontconfig and pango keep can go now. */
	pdf_cleanup();
done:
	doc_free(d);
	return rc;
}

/* sk initiative receipt|notice: the same paper as text. */
int
cmd_paper_text(struct cli *c, int kind, uint64_t id)
{
	struct document_args a = { .kind = (enum paper_kind)kind, .id = id };
	struct doc *d = NULL;
	int rc;

	if ((rc = cli_connect(c)) != 0 || (rc = document_build(c, &a, &d)) != 0)
		return rc;
	doc_text(stdout, d);
	doc_free(d);
	return 0;
}
