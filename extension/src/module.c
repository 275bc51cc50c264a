/*
 * module.c — the shared library's entry: PG_MODULE_MAGIC and the common
 * error report for malformed identifier codes.
 */
#include "illegal_practice.h"

PG_MODULE_MAGIC;

void
ip_report_idcode_error(const char *typname, const char *input, const idc_error *err)
{
	switch (err->status)
	{
		case IDC_EMPTY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("the value is empty"),
					 errhint("expected 18 characters")));
			break;
		case IDC_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("length is %d characters", err->length),
					 strcmp(typname, "resident_id") == 0
					 ? errhint("expected 18 characters (or the old 15-digit form)")
					 : errhint("expected 18 characters")));
			break;
		case IDC_CHAR:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("invalid character at position %d", err->pos),
					 strcmp(typname, "resident_id") == 0
					 ? errhint("use half-width digits 0-9; only the 18th character may be X")
					 : errhint("use only 0-9 and A-Y without I, O, Z, S, V")));
			break;
		case IDC_DATE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("birth date %04d-%02d-%02d is not a real date",
							   err->year, err->month, err->day),
					 errhint("characters 7-14 must be the birth date as YYYYMMDD")));
			break;
		case IDC_CHECK:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", typname, input),
					 errdetail("check character should be %c, not %c", err->expected, err->found),
					 errhint("the 18th character is a check character computed from the first 17")));
			break;
		case IDC_OK:
			break;
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", typname, input)));
}
