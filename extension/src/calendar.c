/*
 * calendar.c — Chinese working days (工作日): is_workday(date) and
 * add_workdays(date, n). Monday–Friday are working days unless
 * calendar_exception says otherwise (法定节假日 / 调休). The exceptions are read
 * through SPI and kept, sorted, until calendar_exception changes (cache.c).
 */
#include "illegal_practice.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"
#include "datatype/timestamp.h"

/*
 * The exceptions, sorted, cached for the backend's lifetime and dropped when
 * calendar_exception changes (cache.c; same rules as the scope cache in
 * caller.c: filled with a snapshot taken after the invalidations were
 * accepted, or in parallel mode with the statement's, kept only as long).
 */
typedef struct CalendarCache
{
	bool		valid;
	bool		fresh;			/* filled with a latest snapshot */
	LocalTransactionId lxid;	/* transaction, for a parallel-mode fill */
	uint64		generation;		/* ip_cache_generation(IP_CACHE_CALENDAR) when filled */
	Oid			nsp;			/* schema of the table read */
	int			n;
	DateADT    *day;			/* sorted ascending, in calendar_cxt */
	bool	   *workday;
} CalendarCache;

static CalendarCache calendar_cache;
static MemoryContext calendar_cxt = NULL;

static CalendarCache *
calendar_load(FunctionCallInfo fcinfo)
{
	CalendarCache *cache = &calendar_cache;
	uint64		gen = ip_cache_generation(IP_CACHE_CALENDAR);
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	MemoryContext oldcxt;
	StringInfoData sql;
	SPIPlanPtr	plan;
	bool		fresh;
	int			rc;
	uint64		rows;

	if (cache->valid && cache->generation == gen && cache->nsp == nsp &&
		(cache->fresh || (IsInParallelMode() && cache->lxid == MyProc->lxid)))
		return cache;

	cache->valid = false;
	if (calendar_cxt == NULL)
		calendar_cxt = AllocSetContextCreate(TopMemoryContext, "illegal_practice calendar",
											 ALLOCSET_SMALL_SIZES);

	/* the table lives in the schema this function was created in */
	ip_cache_watch(IP_CACHE_CALENDAR, nsp, "calendar_exception");
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT day, workday FROM %s.calendar_exception ORDER BY day",
					 quote_identifier(get_namespace_name(nsp)));

	if (SPI_connect() != SPI_OK_CONNECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR), errmsg("could not connect to SPI")));
	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not plan the read of calendar_exception")));
	fresh = !IsInParallelMode();
	if (fresh)
		rc = SPI_execute_snapshot(plan, NULL, NULL, GetLatestSnapshot(), InvalidSnapshot,
								  true, false, 0);
	else
		rc = SPI_execute_plan(plan, NULL, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not read calendar_exception")));

	rows = SPI_processed;
	MemoryContextReset(calendar_cxt);
	oldcxt = MemoryContextSwitchTo(calendar_cxt);
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
	cache->nsp = nsp;
	cache->lxid = MyProc->lxid;
	cache->generation = gen;
	cache->fresh = fresh;
	cache->valid = true;
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
