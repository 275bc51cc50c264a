/*
 * calendar.c — Chinese working days (工作日): is_workday(date) and
 * add_workdays(date, n). Monday–Friday are working days unless
 * calendar_exception says otherwise (法定节假日 / 调休). The exceptions are read
 * once per query through SPI and kept, sorted, in the function's fn_extra.
 */
#include "illegal_practice.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "datatype/timestamp.h"

typedef struct CalendarCache
{
	int			n;
	DateADT    *day;			/* sorted ascending */
	bool	   *workday;
} CalendarCache;

static CalendarCache *
calendar_load(FunctionCallInfo fcinfo)
{
	CalendarCache *cache = (CalendarCache *) fcinfo->flinfo->fn_extra;
	MemoryContext oldcxt;
	StringInfoData sql;
	char	   *nsp;
	uint64		rows;

	if (cache != NULL)
		return cache;

	/* the table lives in the schema this function was created in */
	nsp = get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid));
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT day, workday FROM %s.calendar_exception ORDER BY day",
					 quote_identifier(nsp));

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not connect to SPI")));
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not read calendar_exception")));

	rows = SPI_processed;
	oldcxt = MemoryContextSwitchTo(fcinfo->flinfo->fn_mcxt);
	cache = palloc0(sizeof(CalendarCache));
	cache->n = (int) rows;
	cache->day = palloc(sizeof(DateADT) * (rows + 1));
	cache->workday = palloc(sizeof(bool) * (rows + 1));
	MemoryContextSwitchTo(oldcxt);

	for (uint64 i = 0; i < rows; i++)
	{
		bool		isnull;
		HeapTuple	tup = SPI_tuptable->vals[i];
		TupleDesc	td = SPI_tuptable->tupdesc;

		cache->day[i] = DatumGetDateADT(SPI_getbinval(tup, td, 1, &isnull));
		cache->workday[i] = DatumGetBool(SPI_getbinval(tup, td, 2, &isnull)) && !isnull;
	}
	SPI_finish();
	fcinfo->flinfo->fn_extra = cache;
	return cache;
}

static bool
workday(const CalendarCache *c, DateADT d)
{
	int			lo = 0, hi = c->n - 1;
	int			dow;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (c->day[mid] == d)
			return c->workday[mid];
		if (c->day[mid] < d)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	dow = j2day(d + POSTGRES_EPOCH_JDATE);	/* 0 = Sunday */
	return dow != 0 && dow != 6;
}

static void
check_finite(DateADT d)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("working days cannot be counted from an infinite date"),
				 errhint("give a finite date")));
}

PG_FUNCTION_INFO_V1(ip_is_workday);
Datum
ip_is_workday(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);

	check_finite(d);
	PG_RETURN_BOOL(workday(calendar_load(fcinfo), d));
}

/*
 * add_workdays(d, n): n > 0 → the n-th working day strictly after d;
 * n < 0 → the |n|-th working day strictly before d; n = 0 → d itself.
 */
PG_FUNCTION_INFO_V1(ip_add_workdays);
Datum
ip_add_workdays(PG_FUNCTION_ARGS)
{
	DateADT		d = PG_GETARG_DATEADT(0);
	int32		n = PG_GETARG_INT32(1);
	int			step = n >= 0 ? 1 : -1;
	int64		left = n >= 0 ? (int64) n : -(int64) n;
	CalendarCache *c;

	check_finite(d);
	if (left > 100000)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("working-day count %d is out of range", n),
				 errhint("use a count between -100000 and 100000")));
	c = calendar_load(fcinfo);
	while (left > 0)
	{
		d += step;
		if (!IS_VALID_DATE(d))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("date out of range counting %d working days", n)));
		if (workday(c, d))
			left--;
	}
	PG_RETURN_DATEADT(d);
}
