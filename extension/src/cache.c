/*
 * cache.c — one invalidation scheme for the backend-lifetime caches of
 * caller.c (the caller's scope) and calendar.c (calendar_exception, calendar_year).
 *
 * Each kind of cache has a generation counter.  A cache stores the counter's
 * value when it is filled and is valid while the counter has not moved.  The
 * counter of a kind moves when:
 *   - a relcache invalidation arrives for the table it watches (user_scope,
 *     calendar_exception), or for all relations.  The tables have a
 *     statement-level trigger, invalidate_cache(), that calls
 *     CacheInvalidateRelcache() on them (pg_cron does the same for cron.job):
 *     the invalidation is processed in this backend at the end of the
 *     changing statement (CommandCounterIncrement), again if the transaction
 *     rolls back, and in every other backend once the change is committed;
 *   - for IP_CACHE_SCOPE, a syscache invalidation of pg_authid (AUTHOID: a
 *     role's superuser/bypassrls flags, renames) or pg_auth_members
 *     (AUTHMEMROLEMEM: role membership).
 * ip_cache_generation() first accepts pending invalidation messages, so a
 * change committed by another session is seen by the next call, even inside
 * a PL/pgSQL loop that takes no new locks.
 *
 * The watched tables' oids are looked up lazily, when a cache is filled
 * (ip_cache_watch), never inside a callback; a callback for a watched oid
 * forgets it, so a dropped and re-created extension is looked up afresh.
 */
#include "illegal_practice.h"

#include "commands/trigger.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"

static uint64 generation[IP_CACHE_NKINDS];
static Oid	watched[IP_CACHE_NKINDS];

static void
relcache_callback(Datum arg, Oid relid)
{
	for (int k = 0; k < IP_CACHE_NKINDS; k++)
		if (relid == InvalidOid || (OidIsValid(watched[k]) && relid == watched[k]))
		{
			generation[k]++;
			watched[k] = InvalidOid;
		}
}

static void
role_callback(Datum arg, int cacheid, uint32 hashvalue)
{
	generation[IP_CACHE_SCOPE]++;
}

/* From _PG_init: register the callbacks (once per backend, or in the postmaster). */
void
ip_cache_init(void)
{
	CacheRegisterRelcacheCallback(relcache_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHOID, role_callback, (Datum) 0);
	CacheRegisterSyscacheCallback(AUTHMEMROLEMEM, role_callback, (Datum) 0);
}

/* The current generation of a kind, after taking in pending invalidations. */
uint64
ip_cache_generation(IpCacheKind kind)
{
	AcceptInvalidationMessages();
	return generation[kind];
}

/*
 * Watch nsp.relname for this kind.  Call before reading the table, after
 * ip_cache_generation(): an invalidation that arrives meanwhile moves the
 * generation past the one the cache records, so it is filled again.
 */
void
ip_cache_watch(IpCacheKind kind, Oid nsp, const char *relname)
{
	Oid			relid = get_relname_relid(relname, nsp);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("table \"%s\" of illegal_practice is missing", relname),
				 errhint("reinstall the extension: DROP EXTENSION illegal_practice; CREATE EXTENSION illegal_practice")));
	watched[kind] = relid;
}

/*
 * invalidate_cache(): AFTER … FOR EACH STATEMENT trigger on user_scope and
 * calendar_exception; tells every backend (this one at the end of the
 * statement, the others at commit) that the table changed.
 */
PG_FUNCTION_INFO_V1(ip_invalidate_cache);
Datum
ip_invalidate_cache(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("invalidate_cache() was not called by the trigger manager"),
				 errhint("use it in CREATE TRIGGER … FOR EACH STATEMENT EXECUTE FUNCTION invalidate_cache()")));
	CacheInvalidateRelcache(td->tg_relation);
	PG_RETURN_POINTER(NULL);
}
