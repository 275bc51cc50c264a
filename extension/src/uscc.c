/*
 * uscc.c — the uscc type (统一社会信用代码, GB 32100-2015).
 * Stored in 12 bytes (17 base-31 characters in three words, passed by
 * reference); the check character is recomputed on output. Text and binary
 * I/O, btree/hash support, and the accessors authority_code,
 * organization_type, region_code, organization_code, organization_code_valid.
 */
#include "illegal_practice.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

static uscc_packed *
uscc_from_cstring(const char *str)
{
	uscc_packed *v = palloc(sizeof(uscc_packed));
	idc_error	err;

	if (uscc_parse(str, strlen(str), v, &err) != IDC_OK)
		ip_report_idcode_error("uscc", str, &err);
	return v;
}

PG_FUNCTION_INFO_V1(uscc_in);
Datum
uscc_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_USCC_P(uscc_from_cstring(PG_GETARG_CSTRING(0)));
}

PG_FUNCTION_INFO_V1(uscc_out);
Datum
uscc_out(PG_FUNCTION_ARGS)
{
	char	   *buf = palloc(19);

	uscc_format(PG_GETARG_USCC_P(0), buf);
	PG_RETURN_CSTRING(buf);
}

/* Binary form: the 18 characters as text, validated on receipt like input. */
PG_FUNCTION_INFO_V1(uscc_recv);
Datum
uscc_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			nbytes;
	char	   *str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);

	PG_RETURN_USCC_P(uscc_from_cstring(str));
}

PG_FUNCTION_INFO_V1(uscc_send);
Datum
uscc_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	char		txt[19];

	uscc_format(PG_GETARG_USCC_P(0), txt);
	pq_begintypsend(&buf);
	pq_sendtext(&buf, txt, 18);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* Word-by-word comparison orders exactly as the text does (alphabet is in ASCII order). */
static int
uscc_cmp_internal(const uscc_packed *a, const uscc_packed *b)
{
	for (int i = 0; i < 3; i++)
		if (a->w[i] != b->w[i])
			return a->w[i] < b->w[i] ? -1 : 1;
	return 0;
}

PG_FUNCTION_INFO_V1(uscc_cmp);
Datum
uscc_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(uscc_cmp_internal(PG_GETARG_USCC_P(0), PG_GETARG_USCC_P(1)));
}

#define USCC_OP(name, test) \
PG_FUNCTION_INFO_V1(name); \
Datum name(PG_FUNCTION_ARGS) \
{ PG_RETURN_BOOL(uscc_cmp_internal(PG_GETARG_USCC_P(0), PG_GETARG_USCC_P(1)) test 0); }

USCC_OP(uscc_eq, ==)
USCC_OP(uscc_ne, !=)
USCC_OP(uscc_lt, <)
USCC_OP(uscc_le, <=)
USCC_OP(uscc_gt, >)
USCC_OP(uscc_ge, >=)

PG_FUNCTION_INFO_V1(uscc_hash);
Datum
uscc_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_USCC_P(0), sizeof(uscc_packed));
}

PG_FUNCTION_INFO_V1(uscc_hash_extended);
Datum
uscc_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_USCC_P(0),
							 sizeof(uscc_packed), PG_GETARG_INT64(1));
}

static void
uscc_text(FunctionCallInfo fcinfo, char txt[19])
{
	uscc_format(PG_GETARG_USCC_P(0), txt);
}

PG_FUNCTION_INFO_V1(uscc_authority_code);
Datum
uscc_authority_code(PG_FUNCTION_ARGS)
{
	char		txt[19];

	uscc_text(fcinfo, txt);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(txt, 1));
}

/* GB 32100-2015 附录: 登记管理部门码 + 机构类别码. */
static const struct
{
	const char *code;
	const char *name;
}			ORG_TYPES[] =
{
	{"11", "机关"}, {"12", "事业单位"}, {"13", "中央编办直接管理机构编制的群众团体"}, {"19", "其他"},
	{"21", "外国常驻新闻机构"}, {"29", "其他"},
	{"31", "律师执业机构"}, {"32", "公证处"}, {"33", "基层法律服务所"}, {"34", "司法鉴定机构"},
	{"35", "仲裁委员会"}, {"39", "其他"},
	{"41", "外国在华文化中心"}, {"49", "其他"},
	{"51", "社会团体"}, {"52", "民办非企业单位"}, {"53", "基金会"}, {"59", "其他"},
	{"61", "外国旅游部门常驻代表机构"}, {"62", "港澳台地区旅游部门常驻内地（大陆）代表机构"}, {"69", "其他"},
	{"71", "宗教活动场所"}, {"72", "宗教院校"}, {"79", "其他"},
	{"81", "基层工会"}, {"89", "其他"},
	{"91", "企业"}, {"92", "个体工商户"}, {"93", "农民专业合作社"},
	{"A1", "军队事业单位"}, {"A9", "其他"},
	{"N1", "工会"}, {"N2", "共青团"}, {"N3", "妇联"}, {"N9", "其他"},
	{"Y1", "其他"},
};

PG_FUNCTION_INFO_V1(uscc_organization_type);
Datum
uscc_organization_type(PG_FUNCTION_ARGS)
{
	char		txt[19];

	uscc_text(fcinfo, txt);
	for (size_t i = 0; i < lengthof(ORG_TYPES); i++)
		if (ORG_TYPES[i].code[0] == txt[0] && ORG_TYPES[i].code[1] == txt[1])
			PG_RETURN_TEXT_P(cstring_to_text(ORG_TYPES[i].name));
	PG_RETURN_NULL();
}

PG_FUNCTION_INFO_V1(uscc_region_code);
Datum
uscc_region_code(PG_FUNCTION_ARGS)
{
	char		txt[19];

	uscc_text(fcinfo, txt);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(txt + 2, 6));
}

PG_FUNCTION_INFO_V1(uscc_organization_code);
Datum
uscc_organization_code(PG_FUNCTION_ARGS)
{
	char		txt[19];

	uscc_text(fcinfo, txt);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(txt + 8, 9));
}

PG_FUNCTION_INFO_V1(uscc_organization_code_valid);
Datum
uscc_organization_code_valid(PG_FUNCTION_ARGS)
{
	char		txt[19];

	uscc_text(fcinfo, txt);
	PG_RETURN_BOOL(orgcode_check_char(txt + 8) == txt[16]);
}
