#!/usr/bin/env bash
# Fuzzing suite: libFuzzer (clang, with AddressSanitizer and UBSan) over the identifier
# parsers behind resident_id_in/uscc_in, for a bounded time (FUZZ_SECONDS, default 20),
# starting from the corpus in test/fuzz/corpus. Any crash, leak or failed property fails.
#   bash test/71_fuzz.sh            # or FUZZ_SECONDS=600 bash test/71_fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang >/dev/null || ! dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q 'ok installed'; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends clang libclang-rt-14-dev >/dev/null
fi
out=test/fuzz/build; mkdir -p "$out" "$out/work"
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
  -Iextension/include test/fuzz/fuzz_idcode.c extension/src/idcode.c -o "$out/fuzz_idcode"
rm -rf "$out/work"/*
"$out/fuzz_idcode" -max_total_time="${FUZZ_SECONDS:-20}" -max_len=64 -print_final_stats=1 \
  -artifact_prefix="$out/" "$out/work" test/fuzz/corpus/resident_id test/fuzz/corpus/uscc 2>"$out/log" \
  || { tail -40 "$out/log"; echo "fuzzing found a failure (artifact in $out/)"; exit 1; }
grep -E 'stat::number_of_executed_units|stat::peak_rss_mb' "$out/log" | sed 's/^/fuzz: /'
