/*
 * scoring.c — the 考核细则 arithmetic: how many points one rule deducts, and the
 * aggregate that totals deductions over any set of (rule, occurrences) rows.
 *   flag rule:            points once when occurrences > 0
 *   per-occurrence rule:  points × occurrences
 *   optional cap:         never more than cap for that rule (最高扣X分)
 * All arithmetic is numeric (exact). The aggregate's state is plain numeric, so
 * it has text I/O and combines with numeric_add (parallel and Citus friendly).
 */
#include "illegal_practice.h"

#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/numeric.h"

/* deduction for one rule; *isnull when points, kind or occurrences is NULL */
static Datum
deduction(FunctionCallInfo fcinfo, int first, bool *isnull)
{
	Datum		points, result;
	bool		per_occurrence;
	int32		occurrences;

	*isnull = false;
	if (PG_ARGISNULL(first) || PG_ARGISNULL(first + 1) || PG_ARGISNULL(first + 2))
	{
		*isnull = true;
		return (Datum) 0;
	}
	points = PG_GETARG_DATUM(first);
	per_occurrence = PG_GETARG_BOOL(first + 1);
	occurrences = PG_GETARG_INT32(first + 2);

	if (occurrences < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("occurrences must not be negative: %d", occurrences),
				 errhint("count how many times the rule was broken (0 when it was not)")));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, points,
										  DirectFunctionCall1(int4_numeric, Int32GetDatum(0)))) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("rule points must not be negative: %s",
						DatumGetCString(DirectFunctionCall1(numeric_out, points))),
				 errhint("points are what the rule deducts, written as a positive number")));

	if (occurrences == 0)
		result = DirectFunctionCall1(int4_numeric, Int32GetDatum(0));
	else if (!per_occurrence)
		result = points;
	else
		result = DirectFunctionCall2(numeric_mul, points,
									 DirectFunctionCall1(int4_numeric, Int32GetDatum(occurrences)));

	if (!PG_ARGISNULL(first + 3))
	{
		Datum		cap = PG_GETARG_DATUM(first + 3);

		if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, result, cap)) > 0)
			result = cap;
	}
	return result;
}

PG_FUNCTION_INFO_V1(ip_rule_deduction);
Datum
ip_rule_deduction(PG_FUNCTION_ARGS)
{
	bool		isnull;
	Datum		d = deduction(fcinfo, 0, &isnull);

	if (isnull)
		PG_RETURN_NULL();
	return d;
}

/* transition: state + deduction(points, per_occurrence, occurrences, cap); NULL rows add nothing */
PG_FUNCTION_INFO_V1(ip_total_deduction_sfunc);
Datum
ip_total_deduction_sfunc(PG_FUNCTION_ARGS)
{
	Datum		state = PG_ARGISNULL(0)
		? DirectFunctionCall1(int4_numeric, Int32GetDatum(0)) : PG_GETARG_DATUM(0);
	bool		isnull;
	Datum		d = deduction(fcinfo, 1, &isnull);

	if (isnull)
		return state;
	return DirectFunctionCall2(numeric_add, state, d);
}
