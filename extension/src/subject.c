/*
 * subject.c — the subject registry's look-up (spec §5.1), without predicate locks.
 *
 * subject_find(registry, uscc, resident_id, name_key)
 *     The id of the subject an identity resolves to, or NULL: 1. the subject with this uscc,
 *     2. the one with this resident_id, 3. the lowest id among subjects with this name_key whose
 *     codes do not conflict (a code is NULL on either side).
 *
 * Why C. resolve_subject() takes an advisory lock per identity key before it looks, so no other
 * transaction can be creating the same identity at the same time. The look-up therefore reads the
 * registry as it is now (SnapshotSelf: committed rows and this transaction's own), not as of the
 * transaction's snapshot. That has two effects a plain SELECT cannot have:
 *   - under SERIALIZABLE, a non-MVCC scan takes no SIREAD lock on the index pages. A SELECT would
 *     lock the leaf page where the key would be; every other writer that inserts a new subject on
 *     that page then forms a read-write conflict with it, and writers in different cities failed at
 *     commit on each other (review #11) although they never share a subject;
 *   - under REPEATABLE READ or SERIALIZABLE, a subject another transaction registered after this
 *     one's snapshot is not missed (which made a duplicate subject, or a unique violation on uscc):
 *     it is a real conflict and raises 40001, so the application retries.
 * Under READ COMMITTED every committed subject is visible to the next statement anyway.
 *
 * It lives in illegal_practice_internal and no user role may execute it (it would be an existence
 * test): resolve_subject() calls it.
 */
#include "illegal_practice.h"

#include "access/genam.h"
#include "access/relation.h"
#include "access/skey.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "executor/tuptable.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

/* the relation named name in the extension's schema (the registry is created by the extension) */
static Oid
registry_relid(Oid nsp, const char *name)
{
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s\" of the subject registry is missing", name),
				 errhint("Reinstall the extension: DROP EXTENSION illegal_practice; CREATE EXTENSION illegal_practice.")));
	return relid;
}

/*
 * Scan index indexoid of heap for key = value (the index's own equality operator and collation)
 * and return the lowest id among the live rows that pass the code filter (when filter is set: the
 * row's uscc is NULL unless want_no_uscc is false, likewise resident_id). *invisible is set when that
 * row is not visible to the transaction snapshot (a concurrent registration).
 */
static bool
probe(Relation heap, Oid indexoid, Datum value, bool filter, bool any_uscc, bool any_rid,
	  AttrNumber att_id, AttrNumber att_uscc, AttrNumber att_rid, int64 *found, bool *invisible)
{
	Relation	irel = index_open(indexoid, AccessShareLock);
	Oid			eqop = get_opfamily_member(irel->rd_opfamily[0], irel->rd_opcintype[0],
										   irel->rd_opcintype[0], BTEqualStrategyNumber);
	TupleTableSlot *slot = table_slot_create(heap, NULL);
	Snapshot	xact = IsolationUsesXactSnapshot() ? GetTransactionSnapshot() : NULL;
	ScanKeyData skey;
	IndexScanDesc scan;
	bool		any = false;

	if (!OidIsValid(eqop))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_FUNCTION),
				 errmsg("index \"%s\" has no equality operator", RelationGetRelationName(irel))));
	ScanKeyEntryInitialize(&skey, 0, 1, BTEqualStrategyNumber, InvalidOid,
						   irel->rd_indcollation[0], get_opcode(eqop), value);
	scan = index_beginscan(heap, irel, SnapshotSelf, 1, 0);
	index_rescan(scan, &skey, 1, NULL, 0);
	while (index_getnext_slot(scan, ForwardScanDirection, slot))
	{
		bool		isnull;
		int64		id = DatumGetInt64(slot_getattr(slot, att_id, &isnull));

		if (isnull)
			continue;
		if (filter)
		{
			(void) slot_getattr(slot, att_uscc, &isnull);
			if (!isnull && !any_uscc)
				continue;
			(void) slot_getattr(slot, att_rid, &isnull);
			if (!isnull && !any_rid)
				continue;
		}
		if (!any || id < *found)
		{
			*found = id;
			*invisible = xact != NULL && !table_tuple_satisfies_snapshot(heap, slot, xact);
			any = true;
		}
	}
	index_endscan(scan);
	ExecDropSingleTupleTableSlot(slot);
	index_close(irel, AccessShareLock);
	return any;
}

PG_FUNCTION_INFO_V1(ip_subject_find);
Datum
ip_subject_find(PG_FUNCTION_ARGS)
{
	Oid			heapoid = PG_GETARG_OID(0);
	Oid			nsp;
	Relation	heap;
	AttrNumber	att_id,
				att_uscc,
				att_rid;
	int64		found = 0;
	bool		invisible = false;
	bool		any = false;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(3))
		PG_RETURN_NULL();
	/* the registry table, as resolve_subject passes it (@extschema@.subject) */
	nsp = get_rel_namespace(heapoid);
	if (!OidIsValid(nsp) || strcmp(get_rel_name(heapoid), "subject") != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("relation %u is not the subject registry", heapoid),
				 errhint("Pass the extension's table subject.")));
	heap = table_open(heapoid, AccessShareLock);
	att_id = get_attnum(heapoid, "id");
	att_uscc = get_attnum(heapoid, "uscc");
	att_rid = get_attnum(heapoid, "resident_id");
	if (att_id == InvalidAttrNumber || att_uscc == InvalidAttrNumber || att_rid == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("table \"subject\" lacks id, uscc or resident_id")));

	if (!PG_ARGISNULL(1))
		any = probe(heap, registry_relid(nsp, "subject_uscc_key"), PG_GETARG_DATUM(1), false, true, true,
					att_id, att_uscc, att_rid, &found, &invisible);
	if (!any && !PG_ARGISNULL(2))
		any = probe(heap, registry_relid(nsp, "subject_resident_id_key"), PG_GETARG_DATUM(2), false, true, true,
					att_id, att_uscc, att_rid, &found, &invisible);
	if (!any)
		any = probe(heap, registry_relid(nsp, "subject_name_key_idx"), PG_GETARG_DATUM(3), true,
					PG_ARGISNULL(1), PG_ARGISNULL(2), att_id, att_uscc, att_rid, &found, &invisible);
	table_close(heap, AccessShareLock);

	if (any && invisible)
		ereport(ERROR,
				(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
				 errmsg("could not serialize access: subject %lld was registered by a concurrent transaction",
						(long long) found),
				 errdetail("The identity was created after this transaction's snapshot was taken."),
				 errhint("Retry the transaction.")));
	if (!any)
		PG_RETURN_NULL();
	PG_RETURN_INT64(found);
}

