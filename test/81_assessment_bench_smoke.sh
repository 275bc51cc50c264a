#!/usr/bin/env bash
# CI smoke run of benchmark 4 (assessment_summary) at 40 townships (seconds): the generator and the
# runner work end to end and the extension's assessment_summary equals the plain-SQL rules
# (bench/assessment.sh exits 1 otherwise). Numbers from this run mean nothing.
set -euo pipefail
BENCH_TOWNSHIPS=${BENCH_TOWNSHIPS:-40} BENCH_REPS=1 BENCH_OUT=$(mktemp -d) bash "$(dirname "$0")/../bench/assessment.sh" | tail -4
