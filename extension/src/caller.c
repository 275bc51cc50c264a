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
 *                     once and kept until user_scope or a role changes (cache.c), so a
 *                     policy needs no InitPlan: PostgreSQL 15 makes any query level with an
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
#include "utils/memutils.h"
#include "utils/snapmgr.h"

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
 * The caller's scope, cached for the backend's lifetime (cache.c): keyed by the
 * outer user, and dropped when user_scope, a role or a role membership changes,
 * here or (once committed) in another session.  It is filled with a snapshot
 * taken after the invalidations were accepted, so it never keeps a state older
 * than the invalidation that caused the refill.  In parallel mode no new
 * snapshot can be taken: the statement's snapshot is used and the result is
 * kept only while the parallel operation lasts.  The array is taken apart
 * once, so the per-row check allocates nothing.
 */
typedef struct ScopeCache
{
	bool		valid;			/* filled for the key below */
	bool		fresh;			/* filled with a latest snapshot (not in parallel mode) */
	Oid			outer_user;		/* GetOuterUserId() when filled */
	LocalTransactionId lxid;	/* transaction, for a parallel-mode fill */
	uint64		generation;		/* ip_cache_generation(IP_CACHE_SCOPE) when filled */
	bool		everything;		/* the scope holds 000000 (全国) */
	int			nscopes;		/* non-NULL scope codes, in scope_cxt */
	Datum	   *scopes;
} ScopeCache;

static ScopeCache scope_cache;
static MemoryContext scope_cxt = NULL;

static ScopeCache *
cached_caller_scope(FunctionCallInfo fcinfo)
{
	ScopeCache *c = &scope_cache;
	Oid			user = GetOuterUserId();
	uint64		gen = ip_cache_generation(IP_CACHE_SCOPE);
	Oid			nsp;
	List	   *fname;
	Oid			fn;
	FmgrInfo	flinfo;
	bool		fresh;
	Datum		d;
	MemoryContext old;
	LOCAL_FCINFO(inner, 0);

	if (c->valid && c->generation == gen && c->outer_user == user &&
		(c->fresh || (IsInParallelMode() && c->lxid == MyProc->lxid)))
		return c;

	c->valid = false;
	if (scope_cxt == NULL)
		scope_cxt = AllocSetContextCreate(TopMemoryContext, "illegal_practice caller scope",
										  ALLOCSET_SMALL_SIZES);

	/* user_scope and caller_scope() live in this function's schema */
	nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	ip_cache_watch(IP_CACHE_SCOPE, nsp, "user_scope");
	fname = list_make2(makeString(get_namespace_name(nsp)), makeString("caller_scope"));
	fn = LookupFuncName(fname, 0, NULL, false);
	fmgr_info(fn, &flinfo);
	InitFunctionCallInfoData(*inner, &flinfo, 0, InvalidOid, NULL, NULL);
	fresh = !IsInParallelMode();
	if (fresh)
		PushActiveSnapshot(GetLatestSnapshot());
	d = FunctionCallInvoke(inner);
	if (fresh)
		PopActiveSnapshot();

	MemoryContextReset(scope_cxt);
	c->everything = false;
	c->nscopes = 0;
	c->scopes = NULL;
	if (!inner->isnull)
	{
		ArrayType  *arr;
		Datum	   *elems;
		bool	   *nulls;
		int			n;

		old = MemoryContextSwitchTo(scope_cxt);
		arr = DatumGetArrayTypePCopy(d);
		if (ARR_ELEMTYPE(arr) == TEXTOID && ARR_NDIM(arr) > 0)
		{
			deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
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
		}
		MemoryContextSwitchTo(old);
	}
	c->outer_user = user;
	c->lxid = MyProc->lxid;
	c->generation = gen;
	c->fresh = fresh;
	c->valid = true;
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

/* qsort comparator for scope codes (text Datums): byte order — codes are ASCII digits */
static int
scope_code_cmp(const void *a, const void *b)
{
	text	   *x = DatumGetTextPP(*(const Datum *) a);
	text	   *y = DatumGetTextPP(*(const Datum *) b);
	int			lx = VARSIZE_ANY_EXHDR(x);
	int			ly = VARSIZE_ANY_EXHDR(y);
	int			r = memcmp(VARDATA_ANY(x), VARDATA_ANY(y), Min(lx, ly));

	return r != 0 ? r : (lx > ly) - (lx < ly);
}

static bool
scope_code_eq(Datum a, Datum b)
{
	return scope_code_cmp(&a, &b) == 0;
}

/*
 * scope_within(code): the divisions whose roll-ups make up what the caller may see of code —
 * {code} when the caller's scope covers it, otherwise the caller's outermost scope codes inside
 * it (disjoint), in code order; {} for NULL. From the cached caller scope (no query per call).
 */
PG_FUNCTION_INFO_V1(ip_scope_within);
Datum
ip_scope_within(PG_FUNCTION_ARGS)
{
	ScopeCache *c;
	Datum		code;
	Datum	   *out;
	int			n = 0;
	bool		inside;

	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	c = cached_caller_scope(fcinfo);
	code = PG_GETARG_DATUM(0);
	inside = c->everything;
	for (int i = 0; !inside && i < c->nscopes; i++)
		inside = DatumGetBool(DirectFunctionCall2(ip_covers, c->scopes[i], code));
	if (inside)
		PG_RETURN_ARRAYTYPE_P(construct_array(&code, 1, TEXTOID, -1, false, TYPALIGN_INT));
	out = palloc(sizeof(Datum) * Max(c->nscopes, 1));
	for (int i = 0; i < c->nscopes; i++)
	{
		Datum		s = c->scopes[i];
		bool		outermost = true;

		if (!DatumGetBool(DirectFunctionCall2(ip_covers, code, s)))
			continue;
		for (int j = 0; outermost && j < c->nscopes; j++)
			if (!scope_code_eq(c->scopes[j], s) &&
				DatumGetBool(DirectFunctionCall2(ip_covers, c->scopes[j], s)))
				outermost = false;
		if (outermost)
		{
			bool		dup = false;

			for (int k = 0; !dup && k < n; k++)
				dup = scope_code_eq(out[k], s);
			if (!dup)
				out[n++] = s;
		}
	}
	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	qsort(out, n, sizeof(Datum), scope_code_cmp);
	PG_RETURN_ARRAYTYPE_P(construct_array(out, n, TEXTOID, -1, false, TYPALIGN_INT));
}
