/*
 * illegal_practice.h — declarations shared between the extension's C files.
 */
#ifndef ILLEGAL_PRACTICE_H
#define ILLEGAL_PRACTICE_H

#include "postgres.h"
#include "fmgr.h"
#include "idcode.h"

/* Raise the 22P02 error for a code that failed idcode parsing. */
extern void ip_report_idcode_error(const char *typname, const char *input,
								   const idc_error *err) pg_attribute_noreturn();

/* uscc is stored as 12 bytes, passed by reference. */
#define DatumGetUsccP(X)	((uscc_packed *) DatumGetPointer(X))
#define PG_GETARG_USCC_P(n)	DatumGetUsccP(PG_GETARG_DATUM(n))
#define PG_RETURN_USCC_P(x)	PG_RETURN_POINTER(x)

#endif
