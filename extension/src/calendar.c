/*
 * calendar.c — Chinese working days (工作日): is_workday(date) and
 * add_workdays(date, n). Monday–Friday are working days unless
 * calendar_exception says otherwise (法定节假日 / 调休). The exceptions are read
 * through SPI and kept, sorted, until calendar_exception changes (cache.c),
 * together with the years listed in calendar_year (the years whose State
 * Council notice is loaded). A day that is not an exception and lies in a year
 * that is not listed is counted as plain Monday–Friday, with a WARNING naming
 * the year — once per statement and year, however many days or call sites
 * touch it (spec §1.3: never answer silently).
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
	uint64		year_generation;	/* ip_cache_generation(IP_CACHE_CALENDAR_YEAR) when filled */
	Oid			nsp;			/* schema of the table read */
	int			n;
	DateADT    *day;			/* sorted ascending, in calendar_cxt */
	bool	   *workday;
	int			nyears;
	int		   *years;			/* calendar_year, sorted ascending, in calendar_cxt */
} CalendarCache;

/* Years already warned about in the current statement (spec: once per statement). */
#define MAX_WARNED_YEARS 64
static LocalTransactionId warned_lxid = InvalidLocalTransactionId;
static TimestampTz warned_stmt = 0;
static int	warned_n = 0;
static int	warned_years[MAX_WARNED_YEARS];

static CalendarCache calendar_cache;
static MemoryContext calendar_cxt = NULL;

static CalendarCache *
calendar_load(FunctionCallInfo fcinfo)
{
	CalendarCache *cache = &calendar_cache;
	uint64		gen = ip_cache_generation(IP_CACHE_CALENDAR);
	uint64		ygen = ip_cache_generation(IP_CACHE_CALENDAR_YEAR);
	Oid			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	MemoryContext oldcxt;
	StringInfoData sql;
	SPIPlanPtr	plan;
	bool		fresh;
	int			rc;
	uint64		rows;

	if (cache->valid && cache->generation == gen && cache->year_generation == ygen && cache->nsp == nsp &&
		(cache->fresh || (IsInParallelMode() && cache->lxid == MyProc->lxid)))
		return cache;

	cache->valid = false;
	if (calendar_cxt == NULL)
		calendar_cxt = AllocSetContextCreate(TopMemoryContext, "illegal_practice calendar",
											 ALLOCSET_SMALL_SIZES);

	/* the table lives in the schema this function was created in */
	ip_cache_watch(IP_CACHE_CALENDAR, nsp, "calendar_exception");
	ip_cache_watch(IP_CACHE_CALENDAR_YEAR, nsp, "calendar_year");
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

	/* the years whose notice is loaded */
	resetStringInfo(&sql);
	appendStringInfo(&sql, "SELECT year FROM %s.calendar_year ORDER BY year",
					 quote_identifier(get_namespace_name(nsp)));
	plan = SPI_prepare(sql.data, 0, NULL);
	if (plan == NULL)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not plan the read of calendar_year")));
	if (fresh)
		rc = SPI_execute_snapshot(plan, NULL, NULL, GetLatestSnapshot(), InvalidSnapshot,
								  true, false, 0);
	else
		rc = SPI_execute_plan(plan, NULL, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
						errmsg("could not read calendar_year")));
	rows = SPI_processed;
	oldcxt = MemoryContextSwitchTo(calendar_cxt);
	cache->nyears = (int) rows;
	cache->years = palloc(sizeof(int) * (rows + 1));
	MemoryContextSwitchTo(oldcxt);
	for (uint64 i = 0; i < rows; i++)
	{
		bool		isnull;

		cache->years[i] = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_finish();
	cache->year_generation = ygen;
	cache->nsp = nsp;
	cache->lxid = MyProc->lxid;
	cache->generation = gen;
	cache->fresh = fresh;
	cache->valid = true;
	return cache;
}

static bool
year_listed(const CalendarCache *c, int year)
{
	int			lo = 0, hi = c->nyears - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (c->years[mid] == year)
			return true;
		if (c->years[mid] < year)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/* WARNING for a year whose notice is not loaded, once per statement and year. */
static void
warn_unlisted(int year)
{
	LocalTransactionId lxid = MyProc->lxid;
	TimestampTz stmt = GetCurrentStatementStartTimestamp();

	if (lxid != warned_lxid || stmt != warned_stmt)
	{
		warned_lxid = lxid;
		warned_stmt = stmt;
		warned_n = 0;
	}
	for (int i = 0; i < warned_n; i++)
		if (warned_years[i] == year)
			return;
	if (warned_n < MAX_WARNED_YEARS)
		warned_years[warned_n++] = year;
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("working days of year %d are not loaded: its days are counted as plain monday to friday", year),
			 errdetail("year %d has no row in calendar_year, so its statutory holidays and 调休 working days are unknown", year),
			 errhint("load the State Council's holiday notice for %d into calendar_exception and add the year to calendar_year (docs/calendar-load-year.sql)", year)));
}

static bool
workday(const CalendarCache *c, DateADT d)
{
	int			lo = 0, hi = c->n - 1;
	int			dow;
	int			y, m, dd;

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
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	if (!year_listed(c, y))
		warn_unlisted(y);
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
