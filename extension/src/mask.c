/*
 * mask.c — mask_phone(text): the phone mask of spec §7 (names and addresses are
 * masked in SQL, extension/sql/03_access.sql; resident_id's mask() is in resident_id.c).
 *
 *   mobile   11 ASCII digits starting 1       13812345678   -> 138****5678
 *   landline 0 + 2-3 digits, '-', 5-8 digits  0576-87797091 -> 0576-****7091
 *   anything else: every character becomes '*' except separators (space - + ( ) )
 *   and the last k digits, k = min(4, digits / 2), so a short or odd value never
 *   shows more than half of its digits, and letters or Chinese text (a name typed
 *   into the phone field) never show at all.
 * Masks keep the character count. Never raises; STRICT, so NULL gives NULL.
 */
#include "illegal_practice.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

static bool
all_digits(const char *s, int len)
{
	for (int i = 0; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return len > 0;
}

static bool
is_separator(char c)
{
	return c == ' ' || c == '-' || c == '+' || c == '(' || c == ')';
}

PG_FUNCTION_INFO_V1(ip_mask_phone);
Datum
ip_mask_phone(PG_FUNCTION_ARGS)
{
	text	   *in = PG_GETARG_TEXT_PP(0);
	const char *s = VARDATA_ANY(in);
	int			len = VARSIZE_ANY_EXHDR(in);
	const char *dash = memchr(s, '-', len);
	StringInfoData out;
	int			digits = 0;
	int			keep;

	initStringInfo(&out);

	/* mobile */
	if (len == 11 && s[0] == '1' && all_digits(s, len))
	{
		appendBinaryStringInfo(&out, s, 3);
		appendStringInfoString(&out, "****");
		appendBinaryStringInfo(&out, s + 7, 4);
		PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
	}

	/* landline with area code */
	if (dash != NULL && s[0] == '0')
	{
		int			area = dash - s;
		int			local = len - area - 1;

		if (area >= 3 && area <= 4 && all_digits(s, area) &&
			local >= 5 && local <= 8 && all_digits(dash + 1, local))
		{
			appendBinaryStringInfo(&out, s, area + 1);
			for (int i = 0; i < local - 4; i++)
				appendStringInfoChar(&out, '*');
			appendBinaryStringInfo(&out, s + len - 4, 4);
			PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
		}
	}

	/* anything else */
	for (int i = 0; i < len; i++)
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
	keep = Min(4, digits / 2);
	for (int i = 0; i < len;)
	{
		/* stored text is valid in the database encoding; never step past the end */
		int			w = Min(pg_mblen(s + i), len - i);
		char		c = s[i];

		if (w == 1 && c >= '0' && c <= '9')
		{
			digits--;			/* digits now counts the digits after this one */
			appendStringInfoChar(&out, digits < keep ? c : '*');
		}
		else if (w == 1 && is_separator(c))
			appendStringInfoChar(&out, c);
		else
			appendStringInfoChar(&out, '*');
		i += w;
	}
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out.data, out.len));
}
