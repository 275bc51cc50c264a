/*
 * lock_guard.c — user roles cannot take table locks on the extension's tables (review #23).
 *
 * PostgreSQL lets anyone with UPDATE, DELETE or TRUNCATE on a table run
 * LOCK TABLE … IN ACCESS EXCLUSIVE MODE, so a township clerk (who must update patrols and cases)
 * could hold every other division's writers and readers in one open transaction. This check (run
 * by the module's utility hook, module.c) refuses LOCK TABLE in any mode stronger than ROW
 * EXCLUSIVE (the lock an INSERT, UPDATE or DELETE takes itself) on a relation that belongs to the extension, unless the current user is a
 * superuser, the relation's owner, or one of the extension's own NOLOGIN roles
 * (illegal_practice_tally, illegal_practice_definer: preaggregate(true) and the rebuilds lock
 * through them). Row locks (SELECT … FOR UPDATE) and ordinary writes are untouched.
 *
 * Like the encoding guard, it is active from a session's first statement when the library is
 * preloaded (shared_preload_libraries, docs/install.md), otherwise from the first call of any of the
 * extension's C functions in the session (every row-level security policy calls one).
 */
#include "illegal_practice.h"

#include "catalog/dependency.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "nodes/parsenodes.h"
#include "storage/lockdefs.h"
#include "utils/acl.h"
#include "utils/lsyscache.h"

/* the mode as LOCK TABLE spells it */
static const char *const lock_mode_sql[] = {
	"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", "SHARE UPDATE EXCLUSIVE",
	"SHARE", "SHARE ROW EXCLUSIVE", "EXCLUSIVE", "ACCESS EXCLUSIVE"
};

static bool
is_own_role(Oid role, const char *name)
{
	Oid			oid = get_role_oid(name, true);

	return OidIsValid(oid) && oid == role;
}

/* From the module's utility hook (module.c), for every utility statement. */
void
ip_lock_guard_check(Node *node)
{
	LockStmt   *stmt;
	Oid			ext;
	Oid			user = GetUserId();
	ListCell   *lc;

	if (!IsA(node, LockStmt))
		return;
	stmt = (LockStmt *) node;
	if (stmt->mode <= RowExclusiveLock || superuser())
		return;
	ext = get_extension_oid("illegal_practice", true);
	if (!OidIsValid(ext) || is_own_role(user, "illegal_practice_tally") || is_own_role(user, "illegal_practice_definer"))
		return;
	foreach(lc, stmt->relations)
	{
		RangeVar   *rv = lfirst_node(RangeVar, lc);
		Oid			relid = RangeVarGetRelid(rv, NoLock, true);

		if (!OidIsValid(relid) || getExtensionOfObject(RelationRelationId, relid) != ext ||
			pg_class_ownercheck(relid, user))
			continue;
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("lock table \"%s\" in %s mode is not allowed for users of illegal_practice",
						get_rel_name(relid), stmt->mode >= 1 && stmt->mode <= 8 ? lock_mode_sql[stmt->mode] : "?"),
				 errdetail("A table lock would make the writers and readers of every other division wait; writes take their own row locks."),
				 errhint("Write without LOCK TABLE (SELECT ... FOR UPDATE locks single rows), or ask the database owner.")));
	}
}
