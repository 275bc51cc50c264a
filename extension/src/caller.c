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
 * in_caller_scope(code)
 *                     covers_any(caller_scope(), code), the predicate of every row-level
 *                     security policy. caller_scope() (SECURITY DEFINER SQL) is called
 *                     once per expression and statement and kept in fn_extra, so a policy
 *                     needs no InitPlan: PostgreSQL 15 makes any query level with an
 *                     InitPlan parallel-unsafe, and a policy InitPlan inside a LATERAL
 *                     subquery kept the forms' per-case work out of parallel workers.
 */
#include "illegal_practice.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "nodes/makefuncs.h"
#include "parser/parse_func.h"
#include "storage/proc.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

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

/* Is this scope code 000000 (全国)? */
static bool
is_everything(const text *s)
{
	return VARSIZE_ANY_EXHDR(s) == strlen(IP_SCOPE_EVERYTHING) &&
		memcmp(VARDATA_ANY(s), IP_SCOPE_EVERYTHING, strlen(IP_SCOPE_EVERYTHING)) == 0;
}

/* Does any element of scopes cover code? NULL elements cover nothing. */
static bool
scopes_cover(ArrayType *scopes, Datum code)
{
	ArrayIterator it;
	Datum		elem;
	bool		isnull;
	bool		found = false;

	if (ARR_ELEMTYPE(scopes) != TEXTOID || ARR_NDIM(scopes) == 0)
		return false;
	it = array_create_iterator(scopes, 0, NULL);
	while (!found && array_iterate(it, &elem, &isnull))
	{
		text	   *s;

		if (isnull)
			continue;
		s = DatumGetTextPP(elem);
		if (is_everything(s))
			found = true;
		else
			found = DatumGetBool(DirectFunctionCall2(ip_covers, PointerGetDatum(s), code));
	}
	array_free_iterator(it);
	return found;
}

PG_FUNCTION_INFO_V1(ip_covers_any);
Datum
ip_covers_any(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scopes_cover(PG_GETARG_ARRAYTYPE_P(0), PG_GETARG_DATUM(1)));
}

/*
 * The caller's scope, cached per FmgrInfo. The key makes the cache last no longer than
 * one statement of one transaction for one caller, whatever the FmgrInfo's lifetime
 * (a PL/pgSQL simple expression keeps its FmgrInfo for the whole transaction). The
 * array is taken apart once, so the per-row check allocates nothing.
 */
typedef struct ScopeCache
{
	Oid			outer_user;		/* GetOuterUserId() when computed */
	LocalTransactionId lxid;	/* this backend's local transaction */
	CommandId	cid;			/* the statement's command id */
	bool		valid;			/* computed for the key above */
	bool		everything;		/* the scope holds 000000 (全国) */
	int			nscopes;		/* non-NULL scope codes, in fn_mcxt */
	Datum	   *scopes;
} ScopeCache;

static ScopeCache *
cached_caller_scope(FunctionCallInfo fcinfo)
{
	ScopeCache *c = (ScopeCache *) fcinfo->flinfo->fn_extra;
	Oid			user = GetOuterUserId();
	CommandId	cid = GetCurrentCommandId(false);

	if (c == NULL)
		c = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ScopeCache));
	if (!c->valid || c->outer_user != user || c->lxid != MyProc->lxid || c->cid != cid)
	{
		/* caller_scope() lives in this function's schema; call it by qualified name */
		Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
		List	   *fname = list_make2(makeString(get_namespace_name(nsp)), makeString("caller_scope"));
		Oid			fn = LookupFuncName(fname, 0, NULL, false);
		FmgrInfo	flinfo;
		LOCAL_FCINFO(inner, 0);
		Datum		d;
		MemoryContext old;

		fmgr_info(fn, &flinfo);
		InitFunctionCallInfoData(*inner, &flinfo, 0, InvalidOid, NULL, NULL);
		d = FunctionCallInvoke(inner);

		c->valid = false;
		c->everything = false;
		c->nscopes = 0;
		if (c->scopes != NULL)
			pfree(c->scopes);
		c->scopes = NULL;
		if (!inner->isnull)
		{
			ArrayType  *arr = DatumGetArrayTypeP(d);
			Datum	   *elems;
			bool	   *nulls;
			int			n;

			if (ARR_ELEMTYPE(arr) == TEXTOID && ARR_NDIM(arr) > 0)
			{
				old = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
				deconstruct_array(DatumGetArrayTypePCopy(d), TEXTOID, -1, false, TYPALIGN_INT,
								  &elems, &nulls, &n);
				c->scopes = palloc(sizeof(Datum) * Max(n, 1));
				for (int i = 0; i < n; i++)
				{
					text	   *t;

					if (nulls[i])
						continue;
					t = DatumGetTextPP(elems[i]);
					if (is_everything(t))
						c->everything = true;
					c->scopes[c->nscopes++] = PointerGetDatum(t);
				}
				pfree(elems);
				pfree(nulls);
				MemoryContextSwitchTo(old);
			}
		}
		c->outer_user = user;
		c->lxid = MyProc->lxid;
		c->cid = cid;
		c->valid = true;
	}
	return c;
}

PG_FUNCTION_INFO_V1(ip_in_caller_scope);
Datum
ip_in_caller_scope(PG_FUNCTION_ARGS)
{
	ScopeCache *c = cached_caller_scope(fcinfo);
	Datum		code = PG_GETARG_DATUM(0);

	if (c->everything)
		PG_RETURN_BOOL(true);
	for (int i = 0; i < c->nscopes; i++)
		if (DatumGetBool(DirectFunctionCall2(ip_covers, c->scopes[i], code)))
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
}
