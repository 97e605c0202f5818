/* fuzz_text: UTF-8 decoding, Vietnamese folding, matching and collation
 * on any bytes (titles, names and queries come from clients). */
#include "fuzz.h"
#include "text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t half = size / 2;
	char *a = fuzz_str(data, half), *b = fuzz_str(data + half, size - half);
	char folded[256];
	uint32_t cp;

	(void)text_valid((const char *)data, size);
	(void)text_decode((const char *)data, size, &cp);
	(void)text_has_control(a, "\n\t");
	(void)text_fold(a, folded, sizeof(folded));
	(void)text_fold(a, folded, 1);
	(void)text_match(a, b);
	(void)text_collate(a, b);
	(void)text_similarity(a, b);
	(void)text_width(a);
	(void)text_blank(a);
	(void)text_chars(a);
	free(a);
	free(b);
	return 0;
}
