#!/usr/bin/env bash
# CI smoke run of the benchmarks at a small scale (seconds): the runner works end to end and
# the pre-aggregated 附表1 equals the plain-SQL 附表1. Numbers from this run mean nothing.
set -euo pipefail
BENCH_CASES=${BENCH_CASES:-20000} BENCH_LOAD_CASES=2000 BENCH_OUT=$(mktemp -d) bash "$(dirname "$0")/../bench/run.sh" | tail -8
