/*
 * illegal_practice.h — declarations shared between the extension's C files.
 */
#ifndef ILLEGAL_PRACTICE_H
#define ILLEGAL_PRACTICE_H

#include "postgres.h"
#include "fmgr.h"
#include "nodes/nodes.h"
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
	IP_CACHE_CALENDAR_YEAR,		/* calendar_year */
	IP_CACHE_NKINDS
} IpCacheKind;

extern void ip_cache_init(void);
extern void ip_encoding_guard_check(Node *stmt);
extern void ip_lock_guard_check(Node *stmt);
extern uint64 ip_cache_generation(IpCacheKind kind);
extern void ip_cache_watch(IpCacheKind kind, Oid nsp, const char *relname);

/*
 * The action kinds (案件处理措施), the one source of truth for their tally bits
 * and for which of them are 行政处罚 (penalties).  Position i is the i-th label
 * of the SQL enum action_kind (checked against the enum at first use, action.c);
 * its tally bit is 1 << i.  action_bit(), is_penalty() and penalty_mask() in
 * SQL, and the bits of tally.c, all derive from this list.  Adding, removing or
 * reordering a kind changes the meaning of stored tally states: a new
 * tally_state format version (tally.c).
 */
#define IP_ACTION_KINDS(X) \
	X(CORRECT,			"责令改正",		false) \
	X(WARNING,			"警告",			true) \
	X(FINE,				"罚款",			true) \
	X(CONFISCATE_GAINS,	"没收违法所得",	true) \
	X(CONFISCATE_GOODS,	"没收药品器械",	true) \
	X(SUSPEND,			"责令停业整顿",	true) \
	X(REVOKE_LICENCE,	"吊销执业许可",	true) \
	X(REVOKE_CERT,		"吊销执业证书",	true) \
	X(BAN,				"取缔",			true) \
	X(TO_JUDICIARY,		"移送司法机关",	false) \
	X(TO_AGENCY,		"移送相关部门",	false) \
	X(COURT,			"法院判决",		false) \
	X(ACCOUNTABILITY,	"追责",			false)

typedef enum IpActionKind
{
#define IP_ACTION_ENUM(id, label, penalty) IP_ACTION_##id,
	IP_ACTION_KINDS(IP_ACTION_ENUM)
#undef IP_ACTION_ENUM
	IP_NACTION_KINDS
} IpActionKind;

/* all action-kind bits, and the penalty bits, as compile-time constants */
#define IP_ACTION_KIND_BITS		((1 << IP_NACTION_KINDS) - 1)
#define IP_ACTION_PENALTY_BIT(id, label, penalty) | ((penalty) ? (1 << IP_ACTION_##id) : 0)
#define IP_ACTION_PENALTY_BITS	(0 IP_ACTION_KINDS(IP_ACTION_PENALTY_BIT))

/* uscc is stored as 12 bytes, passed by reference. */
#define DatumGetUsccP(X)	((uscc_packed *) DatumGetPointer(X))
#define PG_GETARG_USCC_P(n)	DatumGetUsccP(PG_GETARG_DATUM(n))
#define PG_RETURN_USCC_P(x)	PG_RETURN_POINTER(x)

#endif
