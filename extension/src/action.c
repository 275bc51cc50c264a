/*
 * action.c — the action kinds (案件处理措施) as SQL sees them: action_bit(kind),
 * is_penalty(kind) and penalty_mask(), all derived from IP_ACTION_KINDS
 * (illegal_practice.h), the one list that also gives tally.c its bits.
 *
 * At first use in a backend the list is checked against the labels of the SQL
 * enum action_kind, in sort order (the enum lives in the calling function's
 * schema); a mismatch — an enum changed without the C, or the C without the
 * enum — is an error naming the first differing label, never a wrong bit.  The
 * check also records the enum's value OIDs, so action_bit() maps a value to its
 * position with a scan of 13 OIDs and no catalog access per row.
 */
#include "illegal_practice.h"

#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/catcache.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

static const struct
{
	const char *label;
	bool		penalty;
}			action_kinds[IP_NACTION_KINDS] = {
#define IP_ACTION_ROW(id, label, penalty) {label, penalty},
	IP_ACTION_KINDS(IP_ACTION_ROW)
#undef IP_ACTION_ROW
};

static Oid	checked_enum = InvalidOid;	/* action_kind's type OID, once checked */
static Oid	kind_oid[IP_NACTION_KINDS]; /* its values' OIDs, in sort order */

static int
enum_sort_cmp(const void *a, const void *b)
{
	const FormData_pg_enum *x = *(const FormData_pg_enum *const *) a;
	const FormData_pg_enum *y = *(const FormData_pg_enum *const *) b;

	return (x->enumsortorder > y->enumsortorder) - (x->enumsortorder < y->enumsortorder);
}

/* Check IP_ACTION_KINDS against the enum action_kind of this function's schema. */
static void
action_kinds_check(FunctionCallInfo fcinfo)
{
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	Oid			typoid = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										 CStringGetDatum("action_kind"), ObjectIdGetDatum(nsp));
	CatCList   *list;
	FormData_pg_enum **vals;
	Oid			oids[IP_NACTION_KINDS];
	int			n;

	if (!OidIsValid(typoid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("type \"action_kind\" of illegal_practice is missing"),
				 errhint("reinstall the extension: DROP EXTENSION illegal_practice; CREATE EXTENSION illegal_practice")));
	list = SearchSysCacheList1(ENUMTYPOIDNAME, ObjectIdGetDatum(typoid));
	n = list->n_members;
	vals = palloc(sizeof(FormData_pg_enum *) * Max(n, 1));
	for (int i = 0; i < n; i++)
		vals[i] = (FormData_pg_enum *) GETSTRUCT(&list->members[i]->tuple);
	qsort(vals, n, sizeof(FormData_pg_enum *), enum_sort_cmp);
	for (int i = 0; i < Max(n, IP_NACTION_KINDS); i++)
	{
		const char *have = i < n ? NameStr(vals[i]->enumlabel) : "(none)";
		const char *want = i < IP_NACTION_KINDS ? action_kinds[i].label : "(none)";

		if (strcmp(have, want) != 0)
		{
			ReleaseSysCacheList(list);
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("enum action_kind does not match the library: label %d is \"%s\", the library expects \"%s\"",
							i + 1, have, want),
					 errdetail("the enum has %d labels, the library's list IP_ACTION_KINDS has %d",
							   n, IP_NACTION_KINDS),
					 errhint("install the SQL and the shared library of the same illegal_practice version")));
		}
		oids[i] = vals[i]->oid;
	}
	ReleaseSysCacheList(list);
	pfree(vals);
	memcpy(kind_oid, oids, sizeof(oids));
	checked_enum = typoid;
}

/* The position of an action_kind value, checking the list at first use. */
static inline int
action_position(FunctionCallInfo fcinfo, Oid value)
{
	if (!OidIsValid(checked_enum))
		action_kinds_check(fcinfo);
	for (int i = 0; i < IP_NACTION_KINDS; i++)
		if (kind_oid[i] == value)
			return i;
	/* a value added to the enum after the check (ALTER TYPE … ADD VALUE): check again */
	action_kinds_check(fcinfo);
	for (int i = 0; i < IP_NACTION_KINDS; i++)
		if (kind_oid[i] == value)
			return i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("a value of enum action_kind is not among its labels"),
			 errhint("install the SQL and the shared library of the same illegal_practice version")));
	pg_unreachable();
}

/* action_bit(kind): 1 << (the kind's position in action_kind). */
PG_FUNCTION_INFO_V1(ip_action_bit);
Datum
ip_action_bit(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(1 << action_position(fcinfo, PG_GETARG_OID(0)));
}

/* is_penalty(kind): whether the kind is a 行政处罚. */
PG_FUNCTION_INFO_V1(ip_is_penalty);
Datum
ip_is_penalty(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(action_kinds[action_position(fcinfo, PG_GETARG_OID(0))].penalty);
}

/* penalty_mask(): the bits of the penalty kinds (510). */
PG_FUNCTION_INFO_V1(ip_penalty_mask);
Datum
ip_penalty_mask(PG_FUNCTION_ARGS)
{
	if (!OidIsValid(checked_enum))
		action_kinds_check(fcinfo);
	PG_RETURN_INT32(IP_ACTION_PENALTY_BITS);
}
