/*
 * idcode.c — check-digit arithmetic and parsing for 居民身份证号码 (GB 11643-1999,
 * ISO 7064 MOD 11-2) and 统一社会信用代码 (GB 32100-2015, MOD 31, with the embedded
 * GB 11714 organisation code). Pure C, no allocation, no PostgreSQL: every byte
 * sequence gives a status, never a crash (this is the fuzzing target).
 */
#include "idcode.h"

#include <string.h>

static const int RID_WEIGHTS[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
static const char RID_CHECK[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};

const char	USCC_ALPHABET[32] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int USCC_WEIGHTS[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
static const int ORG_WEIGHTS[8] = {3, 7, 9, 10, 5, 8, 4, 2};

static bool
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trim ASCII white space; returns the new length and moves *s. */
static size_t
trim(const char **s, size_t len)
{
	const char *p = *s;

	while (len > 0 && is_space(p[0]))
	{
		p++;
		len--;
	}
	while (len > 0 && is_space(p[len - 1]))
		len--;
	*s = p;
	return len;
}

/* Count characters, not bytes, so "length 17" is what a person sees. */
static int
utf8_chars(const char *s, size_t len)
{
	int			n = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char) s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Position (1-based, counted in characters) of the first byte that fails ok();
 * 0 when all pass. Multi-byte characters (e.g. full-width digits) always fail.
 */
static int
first_bad_char(const char *s, size_t len, bool (*ok) (char c, size_t i))
{
	int			chars = 0;

	for (size_t i = 0; i < len; i++)
	{
		unsigned char b = (unsigned char) s[i];

		if ((b & 0xC0) != 0x80)
			chars++;
		if (b >= 0x80 || !ok(s[i], i))
			return chars > 0 ? chars : 1;	/* a stray continuation byte first */
	}
	return 0;
}

static bool
rid_char_ok(char c, size_t i)
{
	return (c >= '0' && c <= '9') || (i == 17 && (c == 'X' || c == 'x'));
}

static int uscc_value(char c);

static bool
uscc_char_ok(char c, size_t i)
{
	return uscc_value(c) >= 0;
}

bool
idc_valid_date(int y, int m, int d)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int			lim;

	if (y < 1800 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	lim = mdays[m - 1];
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		lim = 29;
	return d <= lim;
}

char
rid_check_char(const char digits17[17])
{
	int			sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (digits17[i] - '0') * RID_WEIGHTS[i];
	return RID_CHECK[sum % 11];
}

static int
two(const char *p)
{
	return (p[0] - '0') * 10 + (p[1] - '0');
}

idc_status
rid_parse(const char *s, size_t len, uint64_t *out, idc_error *err)
{
	char		d[18];
	uint64_t	v = 0;
	int			y, m, dd;

	memset(err, 0, sizeof(*err));
	len = trim(&s, len);
	if (len == 0)
		return err->status = IDC_EMPTY;
	if ((err->pos = first_bad_char(s, len, rid_char_ok)) != 0)
		return err->status = IDC_CHAR;
	if (len != 18 && len != 15)
	{
		err->length = utf8_chars(s, len);
		return err->status = IDC_LENGTH;
	}
	if (len == 18)
		memcpy(d, s, 17);
	else
	{
		/* old 15-digit form: region, YYMMDD, sequence; the century is 19 */
		memcpy(d, s, 6);
		d[6] = '1';
		d[7] = '9';
		memcpy(d + 8, s + 6, 9);
	}
	y = two(d + 6) * 100 + two(d + 8);
	m = two(d + 10);
	dd = two(d + 12);
	if (!idc_valid_date(y, m, dd))
	{
		err->year = y;
		err->month = m;
		err->day = dd;
		return err->status = IDC_DATE;
	}
	if (len == 18)
	{
		char		expect = rid_check_char(d);
		char		given = s[17] == 'x' ? 'X' : s[17];

		if (given != expect)
		{
			err->pos = 18;
			err->found = given;
			err->expected = expect;
			return err->status = IDC_CHECK;
		}
	}
	for (int i = 0; i < 17; i++)
		v = v * 10 + (uint64_t) (d[i] - '0');
	*out = v;
	return IDC_OK;
}

void
rid_format(uint64_t v, char out[19])
{
	for (int i = 16; i >= 0; i--)
	{
		out[i] = (char) ('0' + v % 10);
		v /= 10;
	}
	out[17] = rid_check_char(out);
	out[18] = '\0';
}

void
rid_birth(uint64_t v, int *year, int *month, int *day)
{
	uint64_t	ymd = (v / 1000) % 100000000ULL;

	*year = (int) (ymd / 10000);
	*month = (int) (ymd / 100 % 100);
	*day = (int) (ymd % 100);
}

int
rid_sequence(uint64_t v)
{
	return (int) (v % 1000);
}

static int
uscc_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char) (c - 'a' + 'A');
	for (int i = 0; i < 31; i++)
		if (USCC_ALPHABET[i] == c)
			return i;
	return -1;
}

char
uscc_check_char(const int values17[17])
{
	int			sum = 0;

	for (int i = 0; i < 17; i++)
		sum += values17[i] * USCC_WEIGHTS[i];
	return USCC_ALPHABET[(31 - sum % 31) % 31];
}

char
orgcode_check_char(const char body8[8])
{
	int			sum = 0;
	int			c;

	for (int i = 0; i < 8; i++)
	{
		char		ch = body8[i];
		int			v;

		if (ch >= '0' && ch <= '9')
			v = ch - '0';
		else if (ch >= 'A' && ch <= 'Z')
			v = ch - 'A' + 10;
		else
			return '?';
		sum += v * ORG_WEIGHTS[i];
	}
	c = 11 - sum % 11;
	if (c == 10)
		return 'X';
	if (c == 11)
		return '0';
	return (char) ('0' + c);
}

idc_status
uscc_parse(const char *s, size_t len, uscc_packed *out, idc_error *err)
{
	int			vals[18];
	char		expect;

	memset(err, 0, sizeof(*err));
	len = trim(&s, len);
	if (len == 0)
		return err->status = IDC_EMPTY;
	if ((err->pos = first_bad_char(s, len, uscc_char_ok)) != 0)
		return err->status = IDC_CHAR;
	if (len != 18)
	{
		err->length = utf8_chars(s, len);
		return err->status = IDC_LENGTH;
	}
	for (int i = 0; i < 18; i++)
		vals[i] = uscc_value(s[i]);
	expect = uscc_check_char(vals);
	if (USCC_ALPHABET[vals[17]] != expect)
	{
		err->pos = 18;
		err->found = USCC_ALPHABET[vals[17]];
		err->expected = expect;
		return err->status = IDC_CHECK;
	}
	out->w[0] = out->w[1] = out->w[2] = 0;
	for (int i = 0; i < 17; i++)
	{
		int			w = i < 5 ? 0 : (i < 11 ? 1 : 2);

		out->w[w] = out->w[w] * 31 + (uint32_t) vals[i];
	}
	return IDC_OK;
}

void
uscc_format(const uscc_packed *v, char out[19])
{
	static const int first[3] = {0, 5, 11};
	static const int count[3] = {5, 6, 6};
	int			vals[17];

	for (int w = 0; w < 3; w++)
	{
		uint32_t	x = v->w[w];

		for (int k = count[w] - 1; k >= 0; k--)
		{
			vals[first[w] + k] = (int) (x % 31);
			x /= 31;
		}
	}
	for (int i = 0; i < 17; i++)
		out[i] = USCC_ALPHABET[vals[i]];
	out[17] = uscc_check_char(vals);
	out[18] = '\0';
}
