/* fuzz_date: dates typed by people and sent by clients. */
#include "date.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size), buf[32];
	int32_t d;
	int y, m, dd;

	if (date_parse_iso(s, &d)) {
		date_format_iso(d, buf, sizeof(buf));
		date_format_vn(date_add_months(d, (int)(size % 50) - 25), buf,
		    sizeof(buf));
		date_to_ymd(date_add_years(d, 1), &y, &m, &dd);
	}
	if (date_parse_any(s, &d))
		date_format_vn(d, buf, sizeof(buf));
	free(s);
	return 0;
}
