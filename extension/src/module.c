/*
 * module.c — the shared library's entry: PG_MODULE_MAGIC, _PG_init (the
 * settings of docs/settings.md and the cache invalidation callbacks), the
 * setting() reader, and the common error report for malformed identifier codes.
 *
 * Settings are real GUCs, registered here, so SHOW and pg_settings know them,
 * a bad value is refused at SET (check hooks, bounds) and a misspelt
 * illegal_practice.* name is an error (MarkGUCPrefixReserved).  For that to
 * hold from a session's first statement the library should be preloaded
 * (shared_preload_libraries, as scripts/cluster.sh does).  Without preloading
 * the library is loaded by the first call of any of its C functions, and the
 * SQL code never reads a setting with current_setting() directly: it calls
 * setting(name) below, a C function, whose own call loads the library first.
 */
#include "illegal_practice.h"

#include <limits.h>
#include <time.h>

#include "pgtime.h"
#include "utils/builtins.h"
#include "tcop/utility.h"
#include "utils/guc.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

static char *ip_timezone = NULL;
static int	ip_bulk_refresh_cells = 2000;
static int	ip_tip_investigation_workdays = 15;
static int	ip_tip_feedback_workdays = 15;

/*
 * illegal_practice.timezone must name a zone that pg_tzset() knows (the IANA
 * database PostgreSQL's own timezone setting uses), so that
 * "now() AT TIME ZONE setting('timezone')" cannot fail later.  Zones with leap
 * seconds are refused, as PostgreSQL's timezone check does.
 */
static bool
check_ip_timezone(char **newval, void **extra, GucSource source)
{
	pg_tz	   *tz;

	if (*newval == NULL || (*newval)[0] == '\0')
	{
		GUC_check_errmsg("time zone for illegal_practice.timezone is empty");
		GUC_check_errhint("use an IANA time zone name, e.g. Asia/Shanghai");
		return false;
	}
	tz = pg_tzset(*newval);
	if (tz == NULL)
	{
		GUC_check_errmsg("time zone \"%s\" is not known", *newval);
		GUC_check_errdetail("illegal_practice.timezone must be a time zone name of the IANA database");
		GUC_check_errhint("use e.g. Asia/Shanghai or Asia/Urumqi; SELECT name FROM pg_timezone_names lists them");
		return false;
	}
	{
		/*
		 * A POSIX zone spec such as "<+167>-167" passes pg_tzset() but names
		 * no real place: accept only offsets that exist on Earth (UTC-12 to
		 * UTC+14), so that today() cannot be moved days ahead.
		 */
		pg_time_t	now = (pg_time_t) time(NULL);
		struct pg_tm *tm = pg_localtime(&now, tz);

		if (tm == NULL || tm->tm_gmtoff > 14 * 3600 || tm->tm_gmtoff < -12 * 3600)
		{
			GUC_check_errmsg("time zone \"%s\" has an offset no place on Earth uses", *newval);
			GUC_check_errdetail("illegal_practice.timezone must be between UTC-12 and UTC+14");
			GUC_check_errhint("use e.g. Asia/Shanghai or Asia/Urumqi; SELECT name FROM pg_timezone_names lists them");
			return false;
		}
	}
	if (!pg_tz_acceptable(tz))
	{
		GUC_check_errmsg("time zone \"%s\" appears to use leap seconds", *newval);
		GUC_check_errdetail("PostgreSQL does not support leap seconds");
		GUC_check_errhint("use e.g. Asia/Shanghai");
		return false;
	}
	return true;
}

/*
 * The module's one utility hook: the guards of encoding_guard.c (CREATE EXTENSION in a non-UTF8
 * database) and lock_guard.c (LOCK TABLE by user roles) look at each utility statement first.
 */
static ProcessUtility_hook_type prev_process_utility = NULL;

static void
ip_process_utility(PlannedStmt *pstmt, const char *queryString, bool readOnlyTree,
				   ProcessUtilityContext context, ParamListInfo params,
				   QueryEnvironment *queryEnv, DestReceiver *dest, QueryCompletion *qc)
{
	ip_encoding_guard_check(pstmt->utilityStmt);
	ip_lock_guard_check(pstmt->utilityStmt);
	if (prev_process_utility)
		prev_process_utility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
	else
		standard_ProcessUtility(pstmt, queryString, readOnlyTree, context, params, queryEnv, dest, qc);
}

void
_PG_init(void)
{
	DefineCustomStringVariable("illegal_practice.timezone",
							   "“今天”所用的时区（today()、期限、定时任务的运行日期），默认北京时间 Asia/Shanghai",
							   "Time zone of today(): deadlines, tick and job_history.run_on use the date in this zone.",
							   &ip_timezone, "Asia/Shanghai", PGC_USERSET, 0,
							   check_ip_timezone, NULL, NULL);
	DefineCustomIntVariable("illegal_practice.bulk_refresh_cells",
							"一次提交改动的预汇总单元格超过此数时，按一次整体扫描重算（否则逐格走索引）；0 表示总是整体扫描",
							"Above this many touched pre-aggregated cells, a commit recomputes them in one hashed pass.",
							&ip_bulk_refresh_cells, 2000, 0, INT_MAX, PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("illegal_practice.tip_investigation_workdays",
							"举报调查期限：受理后第 N 个工作日，默认 15",
							"Deadline of a tip's investigation, in working days after it was received.",
							&ip_tip_investigation_workdays, 15, 0, 9999, PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("illegal_practice.tip_feedback_workdays",
							"实名举报反馈期限：受理后第 N 个工作日，默认 15",
							"Deadline of the feedback to a real-name tip, in working days after it was received.",
							&ip_tip_feedback_workdays, 15, 0, 9999, PGC_USERSET, 0,
							NULL, NULL, NULL);
	MarkGUCPrefixReserved("illegal_practice");

	ip_cache_init();
	prev_process_utility = ProcessUtility_hook;
	ProcessUtility_hook = ip_process_utility;
}

/*
 * setting(name): the current value of illegal_practice.<name> as text.  Only
 * this extension's settings; being a C function, calling it loads the library,
 * so the settings exist even when the library is not preloaded.
 */
PG_FUNCTION_INFO_V1(ip_setting);
Datum
ip_setting(PG_FUNCTION_ARGS)
{
	char	   *name = text_to_cstring(PG_GETARG_TEXT_PP(0));
	char	   *full = psprintf("illegal_practice.%s", name);
	const char *value;

	if (strchr(name, '.') != NULL ||
		(value = GetConfigOption(full, true, false)) == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_OBJECT),
				 errmsg("illegal_practice has no setting \"%s\"", name),
				 errhint("the settings are timezone, bulk_refresh_cells, tip_investigation_workdays and tip_feedback_workdays (docs/settings.md)")));
	PG_RETURN_TEXT_P(cstring_to_text(value));
}

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
