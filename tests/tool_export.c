/*
 * tool_export: where a part of an export's file is, for exports.sh to
 * change one byte there.
 *
 *   tool_export FILE PART
 *
 * prints the offset of a byte inside PART: header (the number in the
 * first line),
 * record (the initiative's stored record), entry (the second entry of its
 * history), proof (a hash of the first entry's inclusion proof),
 * checkpoint (the root in the signed checkpoint), signature (the
 * checkpoint's signature line), decision (its stored record), copy (the
 * copy a receiving level's record reviews), data (the
 * first file's bytes), cosigned (a cosignature's line), consistency (a
 * hash of the witnessed checkpoint's consistency proof). Exit 1 when the
 * file has no such part.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sk.pb-c.h"

/* The offset of the middle of needle's first occurrence in hay, or -1. */
static long
middle(const uint8_t *hay, size_t n, const void *needle, size_t len)
{
	const uint8_t *at = len > 0 ? memmem(hay, n, needle, len) : NULL;

	return at != NULL ? (long)(at - hay) + (long)(len / 2) : -1;
}

/* The offset of a byte in the last line of the note, before its end. */
static long
last_line(const uint8_t *hay, size_t n, const char *note)
{
	long at = middle(hay, n, note, strlen(note));
	size_t len = strlen(note);

	return at < 0 || len < 10 ? -1 : at - (long)(len / 2) + (long)len - 10;
}

/* The offset of a byte in the root (third line) of a checkpoint. */
static long
root_of(const uint8_t *hay, size_t n, const char *note)
{
	const char *l2 = strchr(note, '\n'),
	           *l3 = l2 != NULL ? strchr(l2 + 1, '\n') : NULL;
	const uint8_t *at = memmem(hay, n, note, strlen(note));

	return at == NULL || l3 == NULL ? -1 : (long)(at - hay) + (l3 + 1 - note) + 5;
}

static long
find(const uint8_t *data, size_t n, const Sk__V1__InitiativeExport *x, const char *part)
{
	if (strcmp(part, "header") == 0) { /* the initiative's number */
		const uint8_t *at = memmem(data, n, " initiative ", 12);

		return at != NULL ? (long)(at - data) + 12 : -1;
	}
	if (strcmp(part, "record") == 0)
		return middle(data, n, x->record.data, x->record.len);
	if (strcmp(part, "entry") == 0 && x->n_history > 1)
		return middle(data, n, x->history[1]->entry.data,
		    x->history[1]->entry.len);
	if (strcmp(part, "proof") == 0 && x->n_history > 0 && x->history[0]->n_hashes > 0)
		return middle(data, n, x->history[0]->hashes[0].data,
		    x->history[0]->hashes[0].len);
	if (strcmp(part, "checkpoint") == 0) /* in the root: its third line */
		return root_of(data, n, x->checkpoint);
	if (strcmp(part, "signature") == 0)
		return last_line(data, n, x->checkpoint);
	if (strcmp(part, "decision") == 0 && x->decision != NULL)
		return middle(data, n, x->decision->record.data, x->decision->record.len);
	if (strcmp(part, "copy") == 0 && x->copy != NULL)
		return middle(data, n, x->copy->record.data, x->copy->record.len);
	if (strcmp(part, "data") == 0 && x->n_files > 0)
		return middle(data, n, x->files[0]->data.data, x->files[0]->data.len);
	if (strcmp(part, "cosigned") == 0 && x->cosigned[0] != '\0')
		return last_line(data, n, x->cosigned);
	if (strcmp(part, "consistency") == 0 && x->n_consistency > 0) {
		/* After the witnessed checkpoint: its hashes are the tree's, which
		 * inclusion proofs before it may share. */
		const uint8_t *w = memmem(data, n, x->cosigned, strlen(x->cosigned));
		size_t from = w != NULL ? (size_t)(w - data) + strlen(x->cosigned) : n;
		long at = middle(data + from, n - from, x->consistency[0].data,
		    x->consistency[0].len);

		return at < 0 ? -1 : (long)from + at;
	}
	return -1;
}

int
main(int argc, char **argv)
{
	Sk__V1__InitiativeExport *x;
	uint8_t *data;
	const uint8_t *nl;
	FILE *fp;
	long size, at;

	if (argc != 3 || (fp = fopen(argv[1], "rb")) == NULL) {
		fprintf(stderr, "usage: tool_export FILE PART\n");
		return 2;
	}
	fseek(fp, 0, SEEK_END);
	size = ftell(fp);
	rewind(fp);
	if (size <= 0 || (data = malloc((size_t)size)) == NULL ||
	    fread(data, 1, (size_t)size, fp) != (size_t)size)
		return 2;
	fclose(fp);
	if ((nl = memchr(data, '\n', (size_t)size)) == NULL ||
	    (x = sk__v1__initiative_export__unpack(NULL, (size_t)(size - (nl + 1 - data)),
	         nl + 1)) == NULL) {
		fprintf(stderr, "tool_export: %s is no export\n", argv[1]);
		return 2;
	}
	at = find(data, (size_t)size, x, argv[2]);
	sk__v1__initiative_export__free_unpacked(x, NULL);
	free(data);
	if (at < 0) {
		fprintf(stderr, "tool_export: no %s in %s\n", argv[2], argv[1]);
		return 1;
	}
	printf("%ld\n", at);
	return 0;
}
