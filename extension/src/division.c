/*
 * division.c — administrative division codes (GB/T 2260 + 9-digit township
 * statistical codes). The level, and so the prefix a division covers, follows
 * from the code's shape alone: covers() needs no table and is IMMUTABLE and
 * LEAKPROOF (it never raises), so row-level security policies keep index scans.
 * division_ancestors() lists every code that covers a code (the keys of the
 * pre-aggregation roll-ups).
 */
#include "illegal_practice.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"

/* Prefix length a code covers: 2 省, 4 市, 6 县, 9 乡镇; 0 if malformed. */
static int
division_prefix(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	if (len == 9)
		return 9;
	if (len != 6)
		return 0;
	if (memcmp(s + 2, "0000", 4) == 0)
		return 2;
	if (memcmp(s + 4, "00", 2) == 0)
		return 4;
	return 6;
}

PG_FUNCTION_INFO_V1(ip_covers);
Datum
ip_covers(PG_FUNCTION_ARGS)
{
	text	   *scope = PG_GETARG_TEXT_PP(0);
	text	   *code = PG_GETARG_TEXT_PP(1);
	int			slen = VARSIZE_ANY_EXHDR(scope);
	int			clen = VARSIZE_ANY_EXHDR(code);
	const char *s = VARDATA_ANY(scope);
	const char *c = VARDATA_ANY(code);
	int			prefix = division_prefix(s, slen);

	if (prefix == 0 || division_prefix(c, clen) == 0 || clen < prefix)
		PG_RETURN_BOOL(false);
	PG_RETURN_BOOL(memcmp(s, c, prefix) == 0);
}

/* division_level_of(code): the division_level enum 省 | 市 | 县 | 乡镇, NULL when malformed. */
PG_FUNCTION_INFO_V1(ip_division_level_of);
Datum
ip_division_level_of(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	const char *label;

	switch (division_prefix(VARDATA_ANY(code), VARSIZE_ANY_EXHDR(code)))
	{
		case 2:
			label = "省";
			break;
		case 4:
			label = "市";
			break;
		case 6:
			label = "县";
			break;
		case 9:
			label = "乡镇";
			break;
		default:
			PG_RETURN_NULL();
	}
	/* the result type is the extension's division_level enum */
	return OidFunctionCall2(F_ENUM_IN, CStringGetDatum(label),
							ObjectIdGetDatum(get_fn_expr_rettype(fcinfo->flinfo)));
}

/*
 * division_ancestors(code): every well-formed code d with covers(d, code),
 * the code itself first, then county, city, province; empty when malformed.
 * A covering code is the code's first 9, 6, 4 or 2 digits padded with zeros
 * to 6, kept only when its own shape gives that prefix length.
 */
PG_FUNCTION_INFO_V1(ip_division_ancestors);
Datum
ip_division_ancestors(PG_FUNCTION_ARGS)
{
	text	   *code = PG_GETARG_TEXT_PP(0);
	int			clen = VARSIZE_ANY_EXHDR(code);
	const char *c = VARDATA_ANY(code);
	static const int lens[] = {9, 6, 4, 2};
	Datum		out[4];
	int			n = 0;

	if (division_prefix(c, clen) != 0)
	{
		for (int i = 0; i < 4; i++)
		{
			char		buf[10];
			int			p = lens[i];
			int			blen = p == 9 ? 9 : 6;

			if (clen < p)
				continue;
			memset(buf, '0', sizeof(buf));
			memcpy(buf, c, p);
			if (division_prefix(buf, blen) != p)
				continue;
			out[n++] = PointerGetDatum(cstring_to_text_with_len(buf, blen));
		}
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, TEXTOID, -1, false, TYPALIGN_INT));
}
