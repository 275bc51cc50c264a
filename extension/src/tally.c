/*
 * tally.c — the tally aggregate: folds a stream of enforcement cases (one input
 * row per case) into every counter the summary forms (附表1–4) need, exactly.
 *
 *   tally(subject_id bigint, kinds integer, fine_yuan numeric,
 *         confiscation_yuan numeric, persons integer, entered boolean,
 *         rectified boolean) -> tally_state
 *
 * One input row is one case: `kinds` is the bit set of the action kinds the
 * case carries (bit i = the i-th label of action_kind, 0 = 责令改正 …
 * 12 = 追责: IP_ACTION_KINDS in illegal_practice.h, action_bit() in SQL), the amounts are the case's summed 罚款
 * and 没收违法所得 yuan, `persons` its summed 追责 persons.  Because a row is a
 * case, "cases having at least one action of kind K" is an exact count
 * without storing case ids.  A row with kinds IS NULL is not a case but a
 * subject seen by an inspection (检查对象): it only marks the subject.
 *
 * The transition state is a real varlena type, `tally_state`, with text and
 * binary I/O, so partial states can be stored, shipped between nodes (Citus)
 * and combined later; the combine function is a merge, so the aggregate is
 * PARALLEL SAFE and exact across partial states.
 *
 * Stored format, version 1 (TallyState; native byte order, 8-byte aligned).
 * A tally_state datum is stored exactly as the aggregate holds it, so every
 * stored value (a table column such as tally_cell.state, a value read back
 * from text or binary, a partial state from a worker) is read through
 * tally_unpack(), which detoasts it and checks, before any field is used:
 * the size is at least the header, the version is TALLY_VERSION, the counts
 * fit their capacities and the capacities match the datum's size.  A state
 * of another version is an error (XX001 data_corrupted, naming the version
 * found and the version this build reads, with the hint to recompute stored
 * states with tally_cells_rebuild()), never a misread.  Field by field:
 *   offset size
 *    0     4  vl_len_          varlena header (4-byte form once detoasted).
 *    4     4  version          format version, TALLY_VERSION (1).  A change of
 *                              any field's meaning below, or of the action-kind
 *                              bits, needs a new version (and an upgrade script
 *                              that calls tally_cells_rebuild()).
 *    8     8  fine_fen         Σ 罚款 over all cases, in fen (0.01 yuan), int64, exact, >= 0.
 *   16     8  confiscation_fen Σ 没收违法所得 over all cases, in fen, int64, exact, >= 0.
 *   24     8  persons          Σ persons (追责人数) over all cases, >= 0.
 *   32     4  nmasks           used entries of the case-mask histogram.
 *   36     4  mask_cap         allocated entries of the histogram (>= nmasks).
 *   40     4  nsubjects        used subject entries (sorted prefix + unsorted tail).
 *   44     4  nsorted          the first nsorted subject entries are sorted by id and
 *                              unique; entries [nsorted, nsubjects) are an append-only
 *                              tail, compacted (sorted, de-duplicated, merged) when it
 *                              grows as long as the prefix, and before any read.
 *   48     4  subj_cap         allocated subject entries (>= nsubjects).
 *   52     4  pad              zero.
 *   56  16×n  e[]              n = mask_cap + subj_cap; total size is exactly
 *                              56 + 16 × (mask_cap + subj_cap), at most MaxAllocSize
 *                              (so at most TALLY_MAX_ENTRIES entries).  mask_cap
 *                              histogram entries, then subj_cap subject
 *                              entries, each a TallyEntry {int64 key; int64 val}:
 *     histogram:  key = case mask, val = number of cases with exactly that
 *                 mask; sorted by key, unique.  Case mask bits 0–12 = action
 *                 kinds present, bit 13 = entered_in_system, bit 14 =
 *                 rectified_on set.  At most 2^15 distinct masks.
 *     subjects:   key = subject id, val = subject flags: bits 0–12 = the
 *                 subject has a case with that action kind, bit 13 = has an
 *                 entered case, bit 14 = has a case that is both penalised
 *                 and rectified, bit 15 = has a case, bit 16 = was inspected.
 *                 Combine = merge-union with OR of the flags, so distinct
 *                 subject counts stay exact.
 *   Spare capacity is zeroed; text and binary output write only used entries
 *   and always in canonical (compacted) order.
 *
 * Text form (tally_state_in/out): [version=1] fine=Y.YY confiscation=Y.YY
 * persons=N cases={mask:count,...} subjects={id:flags,...}.  Output omits the
 * version, which means format 1; input accepts the prefix and refuses any
 * other version with 22P02.
 *
 * Binary form (tally_state_send/recv), network byte order: int32 version (1),
 * int64 fine_fen, int64 confiscation_fen, int64 persons, int32 nmasks, nmasks ×
 * (int64 mask, int64 count), int32 nsubjects, nsubjects × (int64 id, int64
 * flags); sorted, unique, nothing after.  Another version is refused with 22P03.
 *
 * Memory: inside an aggregate the transition modifies its state in place
 * (allowed for a state it owns: AggCheckCallContext).  When the state must
 * grow it is NOT repalloc'd — nodeAgg pfree()s the old transition value when
 * the function returns a different pointer, so repalloc would double-free —
 * instead a larger copy is palloc'd in the current (per-call) context and
 * returned; nodeAgg copies it into the aggregate context (datumCopy) and
 * frees the old one.  Combine always builds a new state the same way, so it
 * never scribbles on the partial state it received from a worker.
 *
 * Accessors: tally_cases(s[, any_of]), tally_subjects(s[, any_of]),
 * tally_subject_ids(s, any_of), tally_fine_yuan, tally_confiscation_yuan,
 * tally_persons; tally_merge(a, b) is the combine function.
 */
#include "illegal_practice.h"

#include <limits.h>

#include "catalog/pg_type.h"
#include "common/int.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#define TALLY_VERSION			1
/* bits 0–12: the 13 action kinds, and the penalty kinds among them (illegal_practice.h) */
#define TALLY_KIND_BITS			IP_ACTION_KIND_BITS
#define TALLY_PENALTY_BITS		IP_ACTION_PENALTY_BITS
StaticAssertDecl(IP_NACTION_KINDS == 13, "format version 1 has 13 action-kind bits");
StaticAssertDecl(IP_ACTION_PENALTY_BITS == 0x01FE, "format version 1: the penalties are bits 1-8");
#define TALLY_CASE_ENTERED		(1 << 13)
#define TALLY_CASE_RECTIFIED	(1 << 14)
#define TALLY_CASE_BITS			0x7FFF
#define TALLY_SUBJ_ENTERED		(1 << 13)
#define TALLY_SUBJ_PEN_RECT		(1 << 14)
#define TALLY_SUBJ_CASE			(1 << 15)
#define TALLY_SUBJ_INSPECTED	(1 << 16)
#define TALLY_SUBJ_BITS			0x1FFFF

typedef struct TallyEntry
{
	int64		key;
	int64		val;
} TallyEntry;

typedef struct TallyState
{
	int32		vl_len_;
	int32		version;
	int64		fine_fen;
	int64		confiscation_fen;
	int64		persons;
	int32		nmasks;
	int32		mask_cap;
	int32		nsubjects;
	int32		nsorted;
	int32		subj_cap;
	int32		pad;
	TallyEntry	e[FLEXIBLE_ARRAY_MEMBER];
} TallyState;

#define TALLY_HDRSZ				offsetof(TallyState, e)
#define TALLY_MASKS(s)			((s)->e)
#define TALLY_SUBJ(s)			((s)->e + (s)->mask_cap)
/* histogram + subject entries that fit one allocation (and one varlena) */
#define TALLY_MAX_ENTRIES		((int64) ((MaxAllocSize - TALLY_HDRSZ) / sizeof(TallyEntry)))
#define PG_GETARG_TALLY(n)		tally_unpack(PG_GETARG_DATUM(n))

StaticAssertDecl(TALLY_HDRSZ == 56, "tally_state header is 56 bytes (format version 1)");
StaticAssertDecl(sizeof(TallyEntry) == 16, "tally_state entries are 16 bytes (format version 1)");

static void pg_attribute_noreturn()
tally_corrupted(const TallyState *s, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("tally_state value is corrupted"),
			 errdetail("%s (size %zu bytes, format version %d)", detail, (Size) VARSIZE(s), s->version),
			 errhint("recompute stored states: SELECT illegal_practice.tally_cells_rebuild()")));
}

/*
 * The one reader of a stored state: detoast, then check the header before any
 * field is used (see "Stored format" above).  Returns the detoasted pointer,
 * which is the datum itself when it was not toasted.
 */
static TallyState *
tally_unpack(Datum d)
{
	TallyState *s = (TallyState *) PG_DETOAST_DATUM(d);
	Size		size = VARSIZE(s);

	if (size < TALLY_HDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("tally_state value is corrupted"),
				 errdetail("size %zu bytes is less than the %zu-byte header", size, (Size) TALLY_HDRSZ),
				 errhint("recompute stored states: SELECT illegal_practice.tally_cells_rebuild()")));
	if (s->version != TALLY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("tally_state has format version %d, this build reads version %d",
						s->version, TALLY_VERSION),
				 errdetail("the state was written by another version of illegal_practice, or is damaged"),
				 errhint("recompute stored states with this version: SELECT illegal_practice.tally_cells_rebuild()")));
	if (s->mask_cap < 0 || s->subj_cap < 0 ||
		s->nmasks < 0 || s->nmasks > s->mask_cap ||
		s->nsorted < 0 || s->nsorted > s->nsubjects || s->nsubjects > s->subj_cap)
		tally_corrupted(s, psprintf("counts %d/%d masks, %d/%d/%d subjects do not fit",
									s->nmasks, s->mask_cap, s->nsorted, s->nsubjects, s->subj_cap));
	if (size != TALLY_HDRSZ + sizeof(TallyEntry) * ((Size) s->mask_cap + (Size) s->subj_cap))
		tally_corrupted(s, psprintf("capacities %d + %d entries do not match the size",
									s->mask_cap, s->subj_cap));
	return s;
}

/* A new state with the given capacities; sizes checked against MaxAllocSize. */
static TallyState *
tally_alloc(int64 mask_cap, int64 subj_cap)
{
	Size		sz;
	TallyState *s;

	if (mask_cap < 0 || subj_cap < 0 || mask_cap + subj_cap > TALLY_MAX_ENTRIES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tally would hold " INT64_FORMAT " entries, more than the limit of " INT64_FORMAT,
						mask_cap + subj_cap, TALLY_MAX_ENTRIES),
				 errhint("a tally_state must fit in 1 GB: split the input, e.g. by division or month, and combine the counts")));
	sz = add_size(TALLY_HDRSZ, mul_size(sizeof(TallyEntry), add_size((Size) mask_cap, (Size) subj_cap)));
	s = palloc0(sz);

	SET_VARSIZE(s, sz);
	s->version = TALLY_VERSION;
	s->mask_cap = mask_cap;
	s->subj_cap = subj_cap;
	return s;
}

/* A copy with at least the given capacities (palloc'd in CurrentMemoryContext). */
static TallyState *
tally_resize(const TallyState *old, int64 mask_cap, int64 subj_cap)
{
	TallyState *s = tally_alloc(mask_cap, subj_cap);

	Assert(mask_cap >= old->nmasks && subj_cap >= old->nsubjects);
	s->fine_fen = old->fine_fen;
	s->confiscation_fen = old->confiscation_fen;
	s->persons = old->persons;
	s->nmasks = old->nmasks;
	s->nsubjects = old->nsubjects;
	s->nsorted = old->nsorted;
	memcpy(TALLY_MASKS(s), TALLY_MASKS(old), sizeof(TallyEntry) * old->nmasks);
	memcpy(TALLY_SUBJ(s), TALLY_SUBJ(old), sizeof(TallyEntry) * old->nsubjects);
	return s;
}

static int
entry_cmp(const void *a, const void *b)
{
	int64		x = ((const TallyEntry *) a)->key;
	int64		y = ((const TallyEntry *) b)->key;

	return (x > y) - (x < y);
}

static void
add_s64(int64 *acc, int64 v, const char *what)
{
	if (pg_add_s64_overflow(*acc, v, acc))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("tally %s total is out of range", what),
				 errhint("the total must fit in a 64-bit integer")));
}

/*
 * Sort and de-duplicate n entries in place (OR-ing subject flags, or summing
 * histogram counts when sum is true); returns the new count.
 */
static int
entries_normalize(TallyEntry *e, int n, bool sum)
{
	int			out = 0;

	if (n <= 1)
		return n;
	qsort(e, n, sizeof(TallyEntry), entry_cmp);
	for (int i = 1; i < n; i++)
	{
		if (e[i].key == e[out].key)
		{
			if (sum)
				add_s64(&e[out].val, e[i].val, "case count");
			else
				e[out].val |= e[i].val;
		}
		else
			e[++out] = e[i];
	}
	return out + 1;
}

/*
 * Merge two sorted unique runs into dst (which has room for na + nb); flags
 * are OR-ed, counts summed.  Returns the merged length.
 */
static int
entries_merge(TallyEntry *dst, const TallyEntry *a, int na,
			  const TallyEntry *b, int nb, bool sum)
{
	int			i = 0,
				j = 0,
				k = 0;

	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && a[i].key < b[j].key))
			dst[k++] = a[i++];
		else if (i >= na || b[j].key < a[i].key)
			dst[k++] = b[j++];
		else
		{
			dst[k] = a[i];
			if (sum)
				add_s64(&dst[k].val, b[j].val, "case count");
			else
				dst[k].val |= b[j].val;
			k++, i++, j++;
		}
	}
	return k;
}

/* Fold the unsorted tail of the subject array into the sorted prefix, in place. */
static void
tally_compact(TallyState *s)
{
	TallyEntry *subj = TALLY_SUBJ(s);
	int			ntail = s->nsubjects - s->nsorted;
	TallyEntry *tail;
	TallyEntry *merged;
	int			n;

	if (ntail <= 0)
		return;
	tail = palloc(mul_size(sizeof(TallyEntry), ntail));
	memcpy(tail, subj + s->nsorted, sizeof(TallyEntry) * ntail);
	ntail = entries_normalize(tail, ntail, false);
	merged = palloc(mul_size(sizeof(TallyEntry), add_size(s->nsorted, ntail)));
	n = entries_merge(merged, subj, s->nsorted, tail, ntail, false);
	memcpy(subj, merged, sizeof(TallyEntry) * n);
	memset(subj + n, 0, sizeof(TallyEntry) * (s->nsubjects - n));
	s->nsubjects = s->nsorted = n;
	pfree(tail);
	pfree(merged);
}

/* A canonical (compacted) view of s: s itself, or a compacted copy. */
static TallyState *
tally_canonical(TallyState *s)
{
	if (s->nsorted == s->nsubjects)
		return s;
	s = tally_resize(s, s->nmasks, s->nsubjects);
	tally_compact(s);
	return s;
}

/* Add `count` cases with case mask `mask` to the histogram; may return a new state. */
static TallyState *
tally_add_mask(TallyState *s, int64 mask, int64 count)
{
	TallyEntry *m = TALLY_MASKS(s);
	int			lo = 0,
				hi = s->nmasks;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (m[mid].key < mask)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < s->nmasks && m[lo].key == mask)
	{
		add_s64(&m[lo].val, count, "case count");
		return s;
	}
	if (s->nmasks == s->mask_cap)
	{
		s = tally_resize(s, Max(8, s->mask_cap * 2), s->subj_cap);
		m = TALLY_MASKS(s);
	}
	memmove(m + lo + 1, m + lo, sizeof(TallyEntry) * (s->nmasks - lo));
	m[lo].key = mask;
	m[lo].val = count;
	s->nmasks++;
	return s;
}

/* Mark a subject with flags; may return a new state. */
static TallyState *
tally_add_subject(TallyState *s, int64 id, int64 flags)
{
	TallyEntry *subj;

	if (s->nsubjects == s->subj_cap)
	{
		if (s->nsubjects - s->nsorted > 0)
			tally_compact(s);
		if (s->nsubjects == s->subj_cap)
		{
			int64		room = TALLY_MAX_ENTRIES - s->mask_cap;

			if (s->subj_cap >= room)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("tally holds too many distinct subjects (%d)", s->subj_cap),
						 errhint("a tally_state must fit in 1 GB: split the input, e.g. by division or month")));
			s = tally_resize(s, s->mask_cap, Min(room, Max(16, (int64) s->subj_cap * 2)));
		}
	}
	subj = TALLY_SUBJ(s);
	subj[s->nsubjects].key = id;
	subj[s->nsubjects].val = flags;
	s->nsubjects++;
	/* keep the tail no longer than the sorted prefix: amortised O(log n) per row */
	if (s->nsubjects - s->nsorted >= Max(64, s->nsorted))
		tally_compact(s);
	return s;
}

/* Yuan (numeric) to fen (int64), exact: at most 2 decimals, not negative. */
static int64
yuan_to_fen(Numeric yuan, const char *what)
{
	Datum		hundred = NumericGetDatum(int64_to_numeric(100));
	Datum		scaled = DirectFunctionCall2(numeric_mul, NumericGetDatum(yuan), hundred);
	Datum		rounded = DirectFunctionCall2(numeric_round, scaled, Int32GetDatum(0));

	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, scaled, rounded)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s amount %s has more than 2 decimal places", what,
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(yuan)))),
				 errhint("amounts are yuan with at most 2 decimals (fen)")));
	if (DatumGetInt32(DirectFunctionCall2(numeric_cmp, rounded,
										  NumericGetDatum(int64_to_numeric(0)))) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s amount %s is negative", what,
						DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(yuan)))),
				 errhint("amounts must be zero or more")));
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, rounded));
}

/* One case (its counters, its subject's flags) into the state; the amounts are added by the caller. */
static TallyState *
tally_add_case(TallyState *s, bool has_subject, int64 subject, int32 kinds, bool entered, bool rectified)
{
	int64		mask = kinds | (entered ? TALLY_CASE_ENTERED : 0) | (rectified ? TALLY_CASE_RECTIFIED : 0);

	s = tally_add_mask(s, mask, 1);
	if (has_subject)
	{
		int64		flags = kinds | TALLY_SUBJ_CASE | (entered ? TALLY_SUBJ_ENTERED : 0) |
			((rectified && (kinds & TALLY_PENALTY_BITS)) ? TALLY_SUBJ_PEN_RECT : 0);

		s = tally_add_subject(s, subject, flags);
	}
	return s;
}

/*
 * tally_trans(state, subject_id, kinds, fine_yuan, confiscation_yuan,
 *             persons, entered, rectified)
 */
PG_FUNCTION_INFO_V1(tally_trans);
Datum
tally_trans(PG_FUNCTION_ARGS)
{
	TallyState *s;
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	bool		has_subject = !PG_ARGISNULL(1);
	int64		subject = has_subject ? PG_GETARG_INT64(1) : 0;

	if (PG_ARGISNULL(0))
		s = tally_alloc(8, 16);
	else
	{
		s = PG_GETARG_TALLY(0);
		if (!in_agg && (Pointer) s == DatumGetPointer(PG_GETARG_DATUM(0)))
			s = tally_resize(s, s->mask_cap, s->subj_cap);	/* never modify a caller's value */
	}

	if (PG_ARGISNULL(2))
	{
		/* an inspection: the subject was seen, no case */
		if (has_subject)
			s = tally_add_subject(s, subject, TALLY_SUBJ_INSPECTED);
		PG_RETURN_POINTER(s);
	}
	else
	{
		int32		kinds = PG_GETARG_INT32(2);
		bool		entered = !PG_ARGISNULL(6) && PG_GETARG_BOOL(6);
		bool		rectified = !PG_ARGISNULL(7) && PG_GETARG_BOOL(7);
		if (kinds < 0 || (kinds & ~TALLY_KIND_BITS) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid action kind set %d", kinds),
					 errhint("kinds is a bit set of action_kind positions 0-12 (0 to 8191); use action_bit()")));
		if (!PG_ARGISNULL(3))
			add_s64(&s->fine_fen, yuan_to_fen(PG_GETARG_NUMERIC(3), "fine"), "fine");
		if (!PG_ARGISNULL(4))
			add_s64(&s->confiscation_fen, yuan_to_fen(PG_GETARG_NUMERIC(4), "confiscation"),
					"confiscation");
		if (!PG_ARGISNULL(5))
		{
			int32		p = PG_GETARG_INT32(5);

			if (p < 0)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("persons %d is negative", p),
						 errhint("persons must be zero or more")));
			add_s64(&s->persons, p, "persons");
		}
		s = tally_add_case(s, has_subject, subject, kinds, entered, rectified);
	}
	PG_RETURN_POINTER(s);
}

/*
 * tally_by_case: the tally of cases fed with the rows of a join of the cases
 * with their actions (several rows per case, a case without actions one row
 * with kind NULL), so that a parallel scan needs no grouping by case before
 * the tally: each worker keeps one entry per case (consecutive rows of a case
 * fold into one entry), the partial states are concatenated, and the final
 * function sorts by case, folds the entries of a case wherever they came from
 * (any join order, any worker) and adds each case to a tally_state once.
 * The case columns (subject, entered, rectified) are the same on every row of
 * a case; amounts are summed in fen (the column is numeric(14,2)).
 */
typedef struct ByCaseRow
{
	int64		case_id;
	int64		subject;
	int64		fine_fen;
	int64		confiscation_fen;
	int64		persons;
	int32		kinds;
	int32		flags;			/* BYCASE_* */
} ByCaseRow;

#define BYCASE_SUBJECT		1
#define BYCASE_ENTERED		2
#define BYCASE_RECTIFIED	4

typedef struct ByCaseState
{
	int64		n;
	int64		cap;
	ByCaseRow  *rows;
} ByCaseState;

static ByCaseState *
bycase_new(MemoryContext cxt, int64 cap)
{
	ByCaseState *st = MemoryContextAllocZero(cxt, sizeof(ByCaseState));

	st->cap = Max(cap, 64);
	st->rows = MemoryContextAllocHuge(cxt, sizeof(ByCaseRow) * st->cap);
	return st;
}

static void
bycase_reserve(ByCaseState *st, int64 more)
{
	if (st->n + more > st->cap)
	{
		int64		cap = Max(st->cap * 2, st->n + more);

		if ((Size) cap > MaxAllocHugeSize / sizeof(ByCaseRow))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("tally_by_case would hold " INT64_FORMAT " cases", cap),
					 errhint("split the input, e.g. by division or month, and combine the counts")));
		st->rows = repalloc_huge(st->rows, sizeof(ByCaseRow) * cap);
		st->cap = cap;
	}
}

static void
bycase_fold(ByCaseRow *dst, const ByCaseRow *src)
{
	dst->kinds |= src->kinds;
	add_s64(&dst->fine_fen, src->fine_fen, "fine");
	add_s64(&dst->confiscation_fen, src->confiscation_fen, "confiscation");
	add_s64(&dst->persons, src->persons, "persons");
}

/* tally_by_case_trans(state, case_id, subject_id, kind_bit, fine_yuan, confiscation_yuan, persons, entered, rectified) */
PG_FUNCTION_INFO_V1(tally_by_case_trans);
Datum
tally_by_case_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ByCaseState *st;
	ByCaseRow	r;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("tally_by_case_trans called outside an aggregate")));
	if (PG_ARGISNULL(1))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("tally_by_case needs a case number"),
				 errhint("pass the case id of every row")));
	st = PG_ARGISNULL(0) ? bycase_new(aggcxt, 1024) : (ByCaseState *) PG_GETARG_POINTER(0);

	memset(&r, 0, sizeof(r));
	r.case_id = PG_GETARG_INT64(1);
	if (!PG_ARGISNULL(2))
	{
		r.subject = PG_GETARG_INT64(2);
		r.flags |= BYCASE_SUBJECT;
	}
	if (!PG_ARGISNULL(3))
	{
		r.kinds = PG_GETARG_INT32(3);
		if (r.kinds < 0 || (r.kinds & ~TALLY_KIND_BITS) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid action kind set %d", r.kinds),
					 errhint("kinds is a bit set of action_kind positions 0-12 (0 to 8191); use action_bit()")));
	}
	if (!PG_ARGISNULL(4))
		r.fine_fen = yuan_to_fen(PG_GETARG_NUMERIC(4), "fine");
	if (!PG_ARGISNULL(5))
		r.confiscation_fen = yuan_to_fen(PG_GETARG_NUMERIC(5), "confiscation");
	if (!PG_ARGISNULL(6))
	{
		int32		p = PG_GETARG_INT32(6);

		if (p < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("persons %d is negative", p),
					 errhint("persons must be zero or more")));
		r.persons = p;
	}
	if (!PG_ARGISNULL(7) && PG_GETARG_BOOL(7))
		r.flags |= BYCASE_ENTERED;
	if (!PG_ARGISNULL(8) && PG_GETARG_BOOL(8))
		r.flags |= BYCASE_RECTIFIED;

	if (st->n > 0 && st->rows[st->n - 1].case_id == r.case_id)
		bycase_fold(&st->rows[st->n - 1], &r);
	else
	{
		bycase_reserve(st, 1);
		st->rows[st->n++] = r;
	}
	PG_RETURN_POINTER(st);
}

/* combine: the entries of b appended to a (folded by the final function) */
PG_FUNCTION_INFO_V1(tally_by_case_combine);
Datum
tally_by_case_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	ByCaseState *a,
			   *b;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("tally_by_case_combine called outside an aggregate")));
	if (PG_ARGISNULL(1))
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* NULL or a */
	b = (ByCaseState *) PG_GETARG_POINTER(1);
	if (PG_ARGISNULL(0))
		a = bycase_new(aggcxt, b->n);
	else
		a = (ByCaseState *) PG_GETARG_POINTER(0);
	bycase_reserve(a, b->n);
	memcpy(a->rows + a->n, b->rows, sizeof(ByCaseRow) * b->n);
	a->n += b->n;
	PG_RETURN_POINTER(a);
}

PG_FUNCTION_INFO_V1(tally_by_case_serialize);
Datum
tally_by_case_serialize(PG_FUNCTION_ARGS)
{
	ByCaseState *st = (ByCaseState *) PG_GETARG_POINTER(0);
	Size		sz = VARHDRSZ + sizeof(ByCaseRow) * (Size) st->n;
	bytea	   *out;

	if (sz > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("tally_by_case partial state of " INT64_FORMAT " cases exceeds 1 GB", st->n),
				 errhint("split the input, e.g. by division or month, and combine the counts")));
	out = palloc(sz);
	SET_VARSIZE(out, sz);
	memcpy(VARDATA(out), st->rows, sizeof(ByCaseRow) * (Size) st->n);
	PG_RETURN_BYTEA_P(out);
}

PG_FUNCTION_INFO_V1(tally_by_case_deserialize);
Datum
tally_by_case_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *in = PG_GETARG_BYTEA_PP(0);
	Size		len = VARSIZE_ANY_EXHDR(in);
	MemoryContext aggcxt;
	ByCaseState *st;

	if (!AggCheckCallContext(fcinfo, &aggcxt))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("tally_by_case_deserialize called outside an aggregate")));
	if (len % sizeof(ByCaseRow) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("tally_by_case partial state of %zu bytes is not a whole number of entries", len)));
	st = bycase_new(aggcxt, len / sizeof(ByCaseRow));
	memcpy(st->rows, VARDATA_ANY(in), len);
	st->n = len / sizeof(ByCaseRow);
	PG_RETURN_POINTER(st);
}

static int
bycase_cmp(const void *a, const void *b)
{
	int64		x = ((const ByCaseRow *) a)->case_id;
	int64		y = ((const ByCaseRow *) b)->case_id;

	return (x > y) - (x < y);
}

/* final: fold the entries of each case, then one tally_trans per case */
PG_FUNCTION_INFO_V1(tally_by_case_final);
Datum
tally_by_case_final(PG_FUNCTION_ARGS)
{
	ByCaseState *st;
	TallyState *s = tally_alloc(8, 16);
	int64		i,
				m = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(s);
	st = (ByCaseState *) PG_GETARG_POINTER(0);
	if (st->n > 1)
		qsort(st->rows, st->n, sizeof(ByCaseRow), bycase_cmp);
	for (i = 0; i < st->n; i++)
	{
		if (m > 0 && st->rows[m - 1].case_id == st->rows[i].case_id)
			bycase_fold(&st->rows[m - 1], &st->rows[i]);
		else
			st->rows[m++] = st->rows[i];
	}
	st->n = m;
	for (i = 0; i < m; i++)
	{
		const ByCaseRow *r = &st->rows[i];

		add_s64(&s->fine_fen, r->fine_fen, "fine");
		add_s64(&s->confiscation_fen, r->confiscation_fen, "confiscation");
		add_s64(&s->persons, r->persons, "persons");
		s = tally_add_case(s, (r->flags & BYCASE_SUBJECT) != 0, r->subject, r->kinds,
						   (r->flags & BYCASE_ENTERED) != 0, (r->flags & BYCASE_RECTIFIED) != 0);
	}
	PG_RETURN_POINTER(tally_canonical(s));
}

/* tally_merge(a, b): the combine function; a new state, inputs untouched. */
PG_FUNCTION_INFO_V1(tally_merge);
Datum
tally_merge(PG_FUNCTION_ARGS)
{
	TallyState *a,
			   *b,
			   *r;

	if (PG_ARGISNULL(0) && PG_ARGISNULL(1))
		PG_RETURN_NULL();
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(tally_canonical(PG_GETARG_TALLY(1)));
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(tally_canonical(PG_GETARG_TALLY(0)));
	a = tally_canonical(PG_GETARG_TALLY(0));
	b = tally_canonical(PG_GETARG_TALLY(1));
	r = tally_alloc(a->nmasks + b->nmasks, a->nsubjects + b->nsubjects);
	r->fine_fen = a->fine_fen;
	add_s64(&r->fine_fen, b->fine_fen, "fine");
	r->confiscation_fen = a->confiscation_fen;
	add_s64(&r->confiscation_fen, b->confiscation_fen, "confiscation");
	r->persons = a->persons;
	add_s64(&r->persons, b->persons, "persons");
	r->nmasks = entries_merge(TALLY_MASKS(r), TALLY_MASKS(a), a->nmasks,
							  TALLY_MASKS(b), b->nmasks, true);
	r->nsubjects = r->nsorted = entries_merge(TALLY_SUBJ(r), TALLY_SUBJ(a), a->nsubjects,
											  TALLY_SUBJ(b), b->nsubjects, false);
	PG_RETURN_POINTER(r);
}

/*
 * tally_union_trans(state, b): the transition of tally_union.  Inside an
 * aggregate it merges b into the (canonical) state it owns, in place and
 * backwards from the end of the spare capacity, so no large buffer is
 * allocated, zeroed and copied per row (large pallocs are mmap'd: page faults
 * on every row); capacity grows by doubling.  Flags are OR-ed, case counts
 * summed.  Outside an aggregate it works on a copy.
 */
PG_FUNCTION_INFO_V1(tally_union_trans);
Datum
tally_union_trans(PG_FUNCTION_ARGS)
{
	TallyState *s;
	TallyState *b;
	bool		in_agg = AggCheckCallContext(fcinfo, NULL) != 0;
	TallyEntry *e;
	const TallyEntry *be;
	int			ns,
				nb,
				i,
				j,
				k,
				n;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	b = tally_canonical(PG_GETARG_TALLY(1));
	if (PG_ARGISNULL(0))
		s = tally_alloc(Max(8, b->nmasks), Max(16, b->nsubjects));
	else
	{
		s = PG_GETARG_TALLY(0);
		if (!in_agg && (Pointer) s == DatumGetPointer(PG_GETARG_DATUM(0)))
			s = tally_resize(s, s->mask_cap, s->subj_cap);	/* never modify a caller's value */
		if (s->nsorted != s->nsubjects)
			tally_compact(s);
	}
	add_s64(&s->fine_fen, b->fine_fen, "fine");
	add_s64(&s->confiscation_fen, b->confiscation_fen, "confiscation");
	add_s64(&s->persons, b->persons, "persons");
	for (i = 0; i < b->nmasks; i++)
		s = tally_add_mask(s, TALLY_MASKS(b)[i].key, TALLY_MASKS(b)[i].val);
	ns = s->nsubjects;
	nb = b->nsubjects;
	if (nb == 0)
		PG_RETURN_POINTER(s);
	if (ns + nb > s->subj_cap)
	{
		int64		room = TALLY_MAX_ENTRIES - s->mask_cap;

		if ((int64) ns + nb > room)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("tally would hold too many distinct subjects (" INT64_FORMAT ")", (int64) ns + nb),
					 errhint("a tally_state must fit in 1 GB: split the input, e.g. by division or month")));
		s = tally_resize(s, s->mask_cap, Min(room, Max((int64) ns + nb, (int64) s->subj_cap * 2)));
	}
	e = TALLY_SUBJ(s);
	be = TALLY_SUBJ(b);
	/* merge from the back: k - i = (j + 1) + duplicates so far > 0, so e[i] is never overwritten unread */
	i = ns - 1;
	j = nb - 1;
	k = ns + nb - 1;
	while (j >= 0)
	{
		if (i >= 0 && e[i].key > be[j].key)
			e[k--] = e[i--];
		else if (i >= 0 && e[i].key == be[j].key)
		{
			TallyEntry	t = e[i];

			t.val |= be[j].val;
			e[k--] = t;
			i--;
			j--;
		}
		else
			e[k--] = be[j--];
	}
	/* e[0..i] stayed in place; the merged part is e[k+1 .. ns+nb-1]: close the gap of duplicates */
	n = (i + 1) + (ns + nb - 1 - k);
	if (k > i)
	{
		memmove(e + i + 1, e + k + 1, sizeof(TallyEntry) * (ns + nb - 1 - k));
		memset(e + n, 0, sizeof(TallyEntry) * (k - i));
	}
	s->nsubjects = s->nsorted = n;
	PG_RETURN_POINTER(s);
}

/* tally_final(state): a tight canonical copy (what leaves the aggregate). */
PG_FUNCTION_INFO_V1(tally_final);
Datum
tally_final(PG_FUNCTION_ARGS)
{
	TallyState *s;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	s = tally_canonical(PG_GETARG_TALLY(0));
	PG_RETURN_POINTER(tally_resize(s, s->nmasks, s->nsubjects));
}

/* ---------- text I/O ---------- */

static void
fen_out(StringInfo buf, int64 fen)
{
	appendStringInfo(buf, INT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

PG_FUNCTION_INFO_V1(tally_state_out);
Datum
tally_state_out(PG_FUNCTION_ARGS)
{
	TallyState *s = tally_canonical(PG_GETARG_TALLY(0));
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "fine=");
	fen_out(&buf, s->fine_fen);
	appendStringInfoString(&buf, " confiscation=");
	fen_out(&buf, s->confiscation_fen);
	appendStringInfo(&buf, " persons=" INT64_FORMAT " cases={", s->persons);
	for (int i = 0; i < s->nmasks; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT ":" INT64_FORMAT, i ? "," : "",
						 TALLY_MASKS(s)[i].key, TALLY_MASKS(s)[i].val);
	appendStringInfoString(&buf, "} subjects={");
	for (int i = 0; i < s->nsubjects; i++)
		appendStringInfo(&buf, "%s" INT64_FORMAT ":" INT64_FORMAT, i ? "," : "",
						 TALLY_SUBJ(s)[i].key, TALLY_SUBJ(s)[i].val);
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

typedef struct TallyParser
{
	const char *input;
	const char *p;
} TallyParser;

static void pg_attribute_noreturn()
tally_syntax(TallyParser *ps, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type tally_state: \"%s\"", ps->input),
			 errdetail("%s at character %d", detail, (int) (ps->p - ps->input) + 1),
			 errhint("expected fine=Y.YY confiscation=Y.YY persons=N cases={mask:count,...} subjects={id:flags,...}")));
}

static void
skip_ws(TallyParser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static void
expect(TallyParser *ps, const char *word)
{
	size_t		n = strlen(word);

	skip_ws(ps);
	if (strncmp(ps->p, word, n) != 0)
		tally_syntax(ps, psprintf("expected \"%s\"", word));
	ps->p += n;
}

/* An optionally signed decimal int64. */
static int64
parse_int64(TallyParser *ps, bool allow_negative)
{
	bool		neg = false;
	uint64		v = 0;
	const char *start;

	skip_ws(ps);
	if (*ps->p == '-' && allow_negative)
		neg = true, ps->p++;
	start = ps->p;
	while (*ps->p >= '0' && *ps->p <= '9')
	{
		if (v > (uint64) PG_INT64_MAX / 10)
			tally_syntax(ps, "number out of range");
		v = v * 10 + (*ps->p - '0');
		ps->p++;
	}
	if (ps->p == start)
		tally_syntax(ps, "expected a number");
	if (v > (uint64) PG_INT64_MAX + (neg ? 1 : 0))
		tally_syntax(ps, "number out of range");
	return neg ? (int64) (0 - v) : (int64) v;
}

/* Y or Y.D or Y.DD yuan → fen. */
static int64
parse_fen(TallyParser *ps)
{
	int64		yuan = parse_int64(ps, false);
	int64		fen = 0;

	if (*ps->p == '.')
	{
		int			digits = 0;

		ps->p++;
		while (*ps->p >= '0' && *ps->p <= '9')
		{
			if (++digits > 2)
				tally_syntax(ps, "more than 2 decimal places");
			fen = fen * 10 + (*ps->p - '0');
			ps->p++;
		}
		if (digits == 0)
			tally_syntax(ps, "expected digits after the decimal point");
		if (digits == 1)
			fen *= 10;
	}
	if (yuan > (PG_INT64_MAX - fen) / 100)
		tally_syntax(ps, "amount out of range");
	return yuan * 100 + fen;
}

/* {k:v,k:v} into a palloc'd array; returns the count. */
static int
parse_pairs(TallyParser *ps, TallyEntry **out, bool masks)
{
	int			cap = 16,
				n = 0;
	TallyEntry *e = palloc(sizeof(TallyEntry) * cap);

	expect(ps, "{");
	skip_ws(ps);
	if (*ps->p == '}')
	{
		ps->p++;
		*out = e;
		return 0;
	}
	for (;;)
	{
		int64		k = parse_int64(ps, !masks);
		int64		v;

		expect(ps, ":");
		v = parse_int64(ps, false);
		if (masks && (k > TALLY_CASE_BITS))
			tally_syntax(ps, psprintf("case mask " INT64_FORMAT " has unknown bits", k));
		if (masks && v <= 0)
			tally_syntax(ps, "a case count must be positive");
		if (!masks && (v == 0 || (v & ~(int64) TALLY_SUBJ_BITS) != 0))
			tally_syntax(ps, psprintf("subject flags " INT64_FORMAT " are not a valid flag set", v));
		if (n == cap)
		{
			if (cap >= TALLY_MAX_ENTRIES)
				tally_syntax(ps, "too many entries");
			cap = (int) Min(TALLY_MAX_ENTRIES, (int64) cap * 2);
			e = repalloc(e, mul_size(sizeof(TallyEntry), cap));
		}
		if ((n & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		e[n].key = k;
		e[n].val = v;
		n++;
		skip_ws(ps);
		if (*ps->p == ',')
		{
			ps->p++;
			continue;
		}
		expect(ps, "}");
		break;
	}
	*out = e;
	return n;
}

PG_FUNCTION_INFO_V1(tally_state_in);
Datum
tally_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	TallyParser ps = {str, str};
	int64		fine,
				conf,
				persons;
	TallyEntry *masks,
			   *subj;
	int			nm,
				nsj;
	TallyState *s;

	skip_ws(&ps);
	if (strncmp(ps.p, "version=", 8) == 0)
	{
		int64		version;

		ps.p += 8;
		version = parse_int64(&ps, true);
		if (version != TALLY_VERSION)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type tally_state: \"%s\"", str),
					 errdetail("format version " INT64_FORMAT " is not known; this build reads version %d",
							   version, TALLY_VERSION),
					 errhint("write the state with this version's tally_state output, or drop the version= prefix")));
	}
	expect(&ps, "fine=");
	fine = parse_fen(&ps);
	expect(&ps, "confiscation=");
	conf = parse_fen(&ps);
	expect(&ps, "persons=");
	persons = parse_int64(&ps, false);
	expect(&ps, "cases=");
	nm = parse_pairs(&ps, &masks, true);
	expect(&ps, "subjects=");
	nsj = parse_pairs(&ps, &subj, false);
	skip_ws(&ps);
	if (*ps.p != '\0')
		tally_syntax(&ps, "unexpected text after the state");

	nm = entries_normalize(masks, nm, true);
	nsj = entries_normalize(subj, nsj, false);
	s = tally_alloc(nm, nsj);
	s->fine_fen = fine;
	s->confiscation_fen = conf;
	s->persons = persons;
	s->nmasks = nm;
	s->nsubjects = s->nsorted = nsj;
	memcpy(TALLY_MASKS(s), masks, sizeof(TallyEntry) * nm);
	memcpy(TALLY_SUBJ(s), subj, sizeof(TallyEntry) * nsj);
	PG_RETURN_POINTER(s);
}

/* ---------- binary I/O: version, 3 × int64, nmasks, masks, nsubjects, subjects ---------- */

PG_FUNCTION_INFO_V1(tally_state_send);
Datum
tally_state_send(PG_FUNCTION_ARGS)
{
	TallyState *s = tally_canonical(PG_GETARG_TALLY(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint32(&buf, TALLY_VERSION);
	pq_sendint64(&buf, s->fine_fen);
	pq_sendint64(&buf, s->confiscation_fen);
	pq_sendint64(&buf, s->persons);
	pq_sendint32(&buf, s->nmasks);
	for (int i = 0; i < s->nmasks; i++)
	{
		pq_sendint64(&buf, TALLY_MASKS(s)[i].key);
		pq_sendint64(&buf, TALLY_MASKS(s)[i].val);
	}
	pq_sendint32(&buf, s->nsubjects);
	for (int i = 0; i < s->nsubjects; i++)
	{
		pq_sendint64(&buf, TALLY_SUBJ(s)[i].key);
		pq_sendint64(&buf, TALLY_SUBJ(s)[i].val);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void pg_attribute_noreturn()
tally_binary_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary value for type tally_state"),
			 errdetail("%s", detail)));
}

PG_FUNCTION_INFO_V1(tally_state_recv);
Datum
tally_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int32		version = pq_getmsgint(buf, 4);
	int64		fine,
				conf,
				persons;
	int32		nm,
				nsj;
	TallyState *s;

	if (version != TALLY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type tally_state"),
				 errdetail("format version %d is not known; this build reads version %d",
						   version, TALLY_VERSION),
				 errhint("send the state with this version's tally_state_send, or as text")));
	fine = pq_getmsgint64(buf);
	conf = pq_getmsgint64(buf);
	persons = pq_getmsgint64(buf);
	if (fine < 0 || conf < 0 || persons < 0)
		tally_binary_error("negative total");
	nm = pq_getmsgint(buf, 4);
	if (nm < 0 || nm > TALLY_CASE_BITS + 1 || (Size) nm * 16 > (Size) (buf->len - buf->cursor))
		tally_binary_error("bad case mask count");
	s = tally_alloc(nm, 0);
	for (int i = 0; i < nm; i++)
	{
		TallyEntry *m = &TALLY_MASKS(s)[i];

		m->key = pq_getmsgint64(buf);
		m->val = pq_getmsgint64(buf);
		if (m->key < 0 || m->key > TALLY_CASE_BITS || m->val <= 0 || (i > 0 && m->key <= m[-1].key))
			tally_binary_error("case masks must be valid, sorted and unique, with positive counts");
	}
	s->nmasks = nm;
	nsj = pq_getmsgint(buf, 4);
	if (nsj < 0 || nsj > TALLY_MAX_ENTRIES - nm || (Size) nsj * 16 != (Size) (buf->len - buf->cursor))
		tally_binary_error("bad subject count");
	s = tally_resize(s, nm, nsj);
	for (int i = 0; i < nsj; i++)
	{
		TallyEntry *e = &TALLY_SUBJ(s)[i];

		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
		e->key = pq_getmsgint64(buf);
		e->val = pq_getmsgint64(buf);
		if (e->val <= 0 || (e->val & ~(int64) TALLY_SUBJ_BITS) != 0 || (i > 0 && e->key <= e[-1].key))
			tally_binary_error("subjects must be sorted and unique, with valid flags");
	}
	s->nsubjects = s->nsorted = nsj;
	s->fine_fen = fine;
	s->confiscation_fen = conf;
	s->persons = persons;
	PG_RETURN_POINTER(s);
}

/* ---------- accessors ---------- */

/* tally_cases(state[, any_of]): cases whose mask meets any_of (all cases without it). */
PG_FUNCTION_INFO_V1(tally_cases);
Datum
tally_cases(PG_FUNCTION_ARGS)
{
	TallyState *s = PG_GETARG_TALLY(0);
	bool		all = PG_NARGS() < 2;
	int64		any_of = all ? 0 : PG_GETARG_INT32(1);
	int64		n = 0;

	for (int i = 0; i < s->nmasks; i++)
		if (all || (TALLY_MASKS(s)[i].key & any_of) != 0)
			n += TALLY_MASKS(s)[i].val;
	PG_RETURN_INT64(n);
}

/* tally_subjects(state[, any_of]): distinct subjects whose flags meet any_of. */
PG_FUNCTION_INFO_V1(tally_subjects);
Datum
tally_subjects(PG_FUNCTION_ARGS)
{
	TallyState *s = tally_canonical(PG_GETARG_TALLY(0));
	bool		all = PG_NARGS() < 2;
	int64		any_of = all ? 0 : PG_GETARG_INT32(1);
	int64		n = 0;

	for (int i = 0; i < s->nsubjects; i++)
		if (all || (TALLY_SUBJ(s)[i].val & any_of) != 0)
			n++;
	PG_RETURN_INT64(n);
}

/*
 * tally_subjects_union(states[], any_of): the number of distinct subjects,
 * over all the states together, whose OR-ed flags meet any_of — what
 * tally_subjects(tally_union(states), any_of) gives, without building the
 * merged state (the 合计 row of a form).  A subject's OR-ed flags meet any_of
 * exactly when one of its entries does, so each state contributes the sorted
 * run of its keys that meet any_of; the runs are merged pairwise (without
 * duplicates) until one is left, whose length is the answer.  O(total × log k).
 * NULL elements are skipped.
 */
static int
merge_distinct(const int64 *a, int na, const int64 *b, int nb, int64 *out)
{
	int			i = 0,
				j = 0,
				n = 0;

	while (i < na && j < nb)
	{
		int64		x = a[i] <= b[j] ? a[i] : b[j];

		i += (a[i] == x);
		j += (b[j] == x);
		out[n++] = x;
	}
	while (i < na)
		out[n++] = a[i++];
	while (j < nb)
		out[n++] = b[j++];
	return n;
}

PG_FUNCTION_INFO_V1(tally_subjects_union);
Datum
tally_subjects_union(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int64		any_of = PG_GETARG_INT32(1);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	int16		typlen;
	bool		typbyval;
	char		typalign;
	int64	  **run;
	int		   *len;
	int			k = 0;

	get_typlenbyvalalign(ARR_ELEMTYPE(arr), &typlen, &typbyval, &typalign);
	deconstruct_array(arr, ARR_ELEMTYPE(arr), typlen, typbyval, typalign, &elems, &nulls, &nelems);
	run = palloc(sizeof(int64 *) * Max(1, nelems));
	len = palloc(sizeof(int) * Max(1, nelems));
	for (int i = 0; i < nelems; i++)
	{
		TallyState *st;
		TallyEntry *e;
		int64	   *keys;
		int			n = 0;

		if (nulls[i])
			continue;
		st = tally_canonical(tally_unpack(elems[i]));
		e = TALLY_SUBJ(st);
		keys = palloc(sizeof(int64) * Max(1, st->nsubjects));
		for (int j = 0; j < st->nsubjects; j++)
			if ((e[j].val & any_of) != 0)
				keys[n++] = e[j].key;
		run[k] = keys;
		len[k++] = n;
	}
	/* merge neighbours pairwise: k runs → ⌈k/2⌉ → … → 1 */
	while (k > 1)
	{
		int			m = 0;

		for (int i = 0; i + 1 < k; i += 2)
		{
			int64	   *out = palloc(sizeof(int64) * Max(1, len[i] + len[i + 1]));

			len[m] = merge_distinct(run[i], len[i], run[i + 1], len[i + 1], out);
			pfree(run[i]);
			pfree(run[i + 1]);
			run[m++] = out;
		}
		if (k % 2 == 1)
		{
			run[m] = run[k - 1];
			len[m++] = len[k - 1];
		}
		k = m;
	}
	PG_RETURN_INT64(k == 0 ? 0 : len[0]);
}

/* tally_subject_ids(state, any_of): the sorted ids of those subjects. */
PG_FUNCTION_INFO_V1(tally_subject_ids);
Datum
tally_subject_ids(PG_FUNCTION_ARGS)
{
	TallyState *s = tally_canonical(PG_GETARG_TALLY(0));
	int64		any_of = PG_GETARG_INT32(1);
	Datum	   *ids = palloc(sizeof(Datum) * Max(1, s->nsubjects));
	int			n = 0;

	for (int i = 0; i < s->nsubjects; i++)
		if ((TALLY_SUBJ(s)[i].val & any_of) != 0)
			ids[n++] = Int64GetDatum(TALLY_SUBJ(s)[i].key);
	PG_RETURN_ARRAYTYPE_P(construct_array(ids, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

PG_FUNCTION_INFO_V1(tally_fine_yuan);
Datum
tally_fine_yuan(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(PG_GETARG_TALLY(0)->fine_fen, 2));
}

PG_FUNCTION_INFO_V1(tally_confiscation_yuan);
Datum
tally_confiscation_yuan(PG_FUNCTION_ARGS)
{
	PG_RETURN_NUMERIC(int64_div_fast_to_numeric(PG_GETARG_TALLY(0)->confiscation_fen, 2));
}

PG_FUNCTION_INFO_V1(tally_persons);
Datum
tally_persons(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT64(PG_GETARG_TALLY(0)->persons);
}
