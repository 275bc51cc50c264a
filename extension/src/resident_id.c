/*
 * resident_id.c — the resident_id type (居民身份证号码, GB 11643-1999).
 * Stored as the 17 leading digits in one int64 (passed by value); the check
 * character is recomputed on output. Text and binary I/O, btree/hash support,
 * and the accessors birth_date, sex, region_code, mask.
 */
#include "illegal_practice.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "datatype/timestamp.h"
#include "utils/datetime.h"

#define RID(n)	((uint64) PG_GETARG_INT64(n))

static Datum
rid_from_cstring(const char *str)
{
	uint64_t	v;
	idc_error	err;

	if (rid_parse(str, strlen(str), &v, &err) != IDC_OK)
		ip_report_idcode_error("resident_id", str, &err);
	return Int64GetDatum((int64) v);
}

PG_FUNCTION_INFO_V1(resident_id_in);
Datum
resident_id_in(PG_FUNCTION_ARGS)
{
	return rid_from_cstring(PG_GETARG_CSTRING(0));
}

PG_FUNCTION_INFO_V1(resident_id_out);
Datum
resident_id_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(19);

	rid_format(RID(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the 18 characters as text, so a receiver validates like input. */
PG_FUNCTION_INFO_V1(resident_id_recv);
Datum
resident_id_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	return rid_from_cstring(str);
}

PG_FUNCTION_INFO_V1(resident_id_send);
Datum
resident_id_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	char		txt[19];

	rid_format(RID(0), txt);
	pq_begintypsend(&buf);
	pq_sendtext(&buf, txt, 18);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Comparison: the packed integer orders exactly as the text does. */
static inline int
rid_cmp(uint64 a, uint64 b)
{
	return a < b ? -1 : (a > b ? 1 : 0);
}

PG_FUNCTION_INFO_V1(resident_id_cmp);
Datum
resident_id_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(rid_cmp(RID(0), RID(1)));
}

#define RID_OP(name, test) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) { PG_RETURN_BOOL(rid_cmp(RID(0), RID(1)) test 0); }

RID_OP(resident_id_eq, ==)
RID_OP(resident_id_ne, !=)
RID_OP(resident_id_lt, <)
RID_OP(resident_id_le, <=)
RID_OP(resident_id_gt, >)
RID_OP(resident_id_ge, >=)

PG_FUNCTION_INFO_V1(resident_id_hash);
Datum
resident_id_hash(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall1(hashint8, PG_GETARG_DATUM(0));
}

PG_FUNCTION_INFO_V1(resident_id_hash_extended);
Datum
resident_id_hash_extended(PG_FUNCTION_ARGS)
{
	return DirectFunctionCall2(hashint8extended, PG_GETARG_DATUM(0), PG_GETARG_DATUM(1));
}

PG_FUNCTION_INFO_V1(resident_id_birth_date);
Datum
resident_id_birth_date(PG_FUNCTION_ARGS)
{
	int			y, m, d;

	rid_birth(RID(0), &y, &m, &d);
	PG_RETURN_DATEADT(date2j(y, m, d) - POSTGRES_EPOCH_JDATE);
}

PG_FUNCTION_INFO_V1(resident_id_sex);
Datum
resident_id_sex(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(rid_sequence(RID(0)) % 2 == 1 ? "男" : "女"));
}

PG_FUNCTION_INFO_V1(resident_id_region_code);
Datum
resident_id_region_code(PG_FUNCTION_ARGS)
{
	char		txt[19];

	rid_format(RID(0), txt);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(txt, 6));
}

/* mask: first 6 and last 4 kept, the 8 in between become '*'. */
PG_FUNCTION_INFO_V1(resident_id_mask);
Datum
resident_id_mask(PG_FUNCTION_ARGS)
{
	char		txt[19];

	rid_format(RID(0), txt);
	memset(txt + 6, '*', 8);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(txt, 18));
}
