/*
 * illegal_practice.h — declarations shared between the extension's C files.
 */
#ifndef ILLEGAL_PRACTICE_H
#define ILLEGAL_PRACTICE_H

#include "postgres.h"
#include "fmgr.h"
#include "idcode.h"

/* Raise the 22P02 error for a code that failed idcode parsing. */
extern void ip_report_idcode_error(const char *typname, const char *input,
								   const idc_error *err) pg_attribute_noreturn();

/*
 * Backend-lifetime caches with invalidation (cache.c).  A cache records
 * ip_cache_generation(kind) when it is filled and is valid while that value
 * has not changed: a relcache invalidation of the watched table (sent by the
 * statement trigger invalidate_cache()), and for IP_CACHE_SCOPE a change of
 * roles or role membership, advance it.
 */
typedef enum IpCacheKind
{
	IP_CACHE_SCOPE,				/* user_scope, pg_authid, pg_auth_members */
	IP_CACHE_CALENDAR,			/* calendar_exception */
	IP_CACHE_NKINDS
} IpCacheKind;

extern void ip_cache_init(void);
extern uint64 ip_cache_generation(IpCacheKind kind);
extern void ip_cache_watch(IpCacheKind kind, Oid nsp, const char *relname);

/* uscc is stored as 12 bytes, passed by reference. */
#define DatumGetUsccP(X)	((uscc_packed *) DatumGetPointer(X))
#define PG_GETARG_USCC_P(n)	DatumGetUsccP(PG_GETARG_DATUM(n))
#define PG_RETURN_USCC_P(x)	PG_RETURN_POINTER(x)

#endif
