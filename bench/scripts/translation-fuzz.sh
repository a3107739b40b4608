#!/usr/bin/env bash
# The translation differential fuzz at full count, in parts: TOTAL programs per case (default 100000) in parts of PART
# (default 2000), each part one `dotnet test` of TranslationDifferentialTests with HVDSL_TRANSLATION_FUZZ_FROM set, so an
# interrupted run says how far it got and a later one can start at FROM. Prints each part's CPU seconds and a total.
# Usage: bench/scripts/translation-fuzz.sh [TOTAL [PART [FROM]]]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
total="${1:-100000}" part="${2:-2000}" from="${3:-0}"
dotnet build "$root/tests/HvDsl.Runtime.Tests" -v q -nologo >/dev/null
cpu=0
for ((start = from; start < total; start += part)); do
    count=$((total - start < part ? total - start : part))
    times="$(mktemp)"
    if ! HVDSL_TRANSLATION_FUZZ="$count" HVDSL_TRANSLATION_FUZZ_FROM="$start" /usr/bin/time -f "%U %S" -o "$times" \
        dotnet test "$root/tests/HvDsl.Runtime.Tests" --no-build -nologo \
        --filter "FullyQualifiedName~Translation.TranslationDifferentialTests" > "$times.log" 2>&1; then
        cat "$times.log"
        echo "programs $start..$((start + count - 1)) of each case: FAILED (above)" >&2
        exit 1
    fi
    seconds="$(awk '{ print $1 + $2 }' "$times")"
    cpu="$(awk -v a="$cpu" -v b="$seconds" 'BEGIN { print a + b }')"
    echo "programs $start..$((start + count - 1)) of each of the 4 cases passed: $seconds CPU s (total $cpu CPU s)"
    rm -f "$times" "$times.log"
done
