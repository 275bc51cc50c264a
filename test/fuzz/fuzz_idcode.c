/*
 * fuzz_idcode.c — libFuzzer target for the identifier parsers behind the
 * resident_id and uscc input functions (extension/src/idcode.c).
 * Properties checked on every input:
 *   - parsing never crashes, reads out of bounds or loops (ASan/UBSan);
 *   - an accepted value formats to 18 characters that parse back to the same value;
 *   - the formatted check character is the one the standard computes.
 * The first input byte picks the parser (even: resident_id, odd: uscc).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "idcode.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		out[19], again[19];
	idc_error	err;

	if (size < 1)
		return 0;
	if ((data[0] & 1) == 0)
	{
		uint64_t	v, w;

		if (rid_parse((const char *) data + 1, size - 1, &v, &err) != IDC_OK)
			return 0;
		rid_format(v, out);
		if (strlen(out) != 18 || rid_parse(out, 18, &w, &err) != IDC_OK || v != w)
			abort();
		rid_format(w, again);
		if (memcmp(out, again, 19) != 0 || rid_check_char(out) != out[17])
			abort();
	}
	else
	{
		uscc_packed v, w;

		if (uscc_parse((const char *) data + 1, size - 1, &v, &err) != IDC_OK)
			return 0;
		uscc_format(&v, out);
		if (strlen(out) != 18 || uscc_parse(out, 18, &w, &err) != IDC_OK || memcmp(&v, &w, sizeof v) != 0)
			abort();
		(void) orgcode_check_char(out + 8);
	}
	return 0;
}
