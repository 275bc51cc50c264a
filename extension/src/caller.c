/*
 * caller.c — who is asking, and whether a row lies within their scope (spec §7).
 *
 * caller()            the role in effect outside any SECURITY DEFINER function
 *                     (GetOuterUserId: the login role, or the role chosen by SET ROLE).
 *                     A SECURITY DEFINER function or a view owned by another role
 *                     changes current_user but not this, so a policy that asks
 *                     caller() still sees the real user.
 * covers_any(scopes, code)
 *                     true when any division code in scopes covers code (the
 *                     covers() rule of §1.4), or when scopes holds '000000' (全国:
 *                     everything). IMMUTABLE and LEAKPROOF: it never raises — NULL
 *                     elements and malformed codes simply cover nothing.
 */
#include "illegal_practice.h"

#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"

/* covers(scope, code) from division.c */
extern Datum ip_covers(PG_FUNCTION_ARGS);

/* The scope code that covers every division (全国). */
#define IP_SCOPE_EVERYTHING "000000"

PG_FUNCTION_INFO_V1(ip_caller);
Datum
ip_caller(PG_FUNCTION_ARGS)
{
	char	   *rolname = GetUserNameFromId(GetOuterUserId(), true);

	if (rolname == NULL)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(DirectFunctionCall1(namein, CStringGetDatum(rolname)));
}

PG_FUNCTION_INFO_V1(ip_covers_any);
Datum
ip_covers_any(PG_FUNCTION_ARGS)
{
	ArrayType  *scopes = PG_GETARG_ARRAYTYPE_P(0);
	Datum		code = PG_GETARG_DATUM(1);
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	bool		found = false;

	if (ARR_ELEMTYPE(scopes) != TEXTOID || ARR_NDIM(scopes) == 0)
		PG_RETURN_BOOL(false);
	it = array_create_iterator(scopes, 0, NULL);
	while (!found && array_iterate(it, &elem, &isnull))
	{
		text	   *s;

		if (isnull)
			continue;
		s = DatumGetTextPP(elem);
		if (VARSIZE_ANY_EXHDR(s) == strlen(IP_SCOPE_EVERYTHING) &&
			memcmp(VARDATA_ANY(s), IP_SCOPE_EVERYTHING, strlen(IP_SCOPE_EVERYTHING)) == 0)
			found = true;
		else
			found = DatumGetBool(DirectFunctionCall2(ip_covers, PointerGetDatum(s), code));
	}
	array_free_iterator(it);
	PG_RETURN_BOOL(found);
}
