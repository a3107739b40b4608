#!/usr/bin/env bash
# The translation differential fuzz at full count, in parts: TOTAL programs per case (default 100000) in parts of PART
# (default 2000), each part one `dotnet test` of TranslationDifferentialTests with HVDSL_TRANSLATION_FUZZ_FROM set, so an
# interrupted run says how far it got and a later one can start at FROM. Prints the commit, each part's CPU seconds and a total.
# It runs a Debug build of the tests, the faster one here (RyuJIT compiles the translations, which call into the runtime,
# about five times faster when the runtime is not optimised: docs/benchmarks.md, "Differential fuzz at full count"), from
# a private copy, so rebuilding the tests during a long run does not change what it runs.
# Usage: bench/scripts/translation-fuzz.sh [TOTAL [PART [FROM]]]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
total="${1:-100000}" part="${2:-2000}" from="${3:-0}"
dotnet build "$root/tests/HvDsl.Runtime.Tests" -v q -nologo >/dev/null
bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
cp -r "$root/tests/HvDsl.Runtime.Tests/bin/Debug/net10.0/." "$bin"
echo "commit $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src tests || echo ' with uncommitted changes')"
cpu=0
for ((start = from; start < total; start += part)); do
    count=$((total - start < part ? total - start : part))
    times="$(mktemp)"
    if ! HVDSL_TRANSLATION_FUZZ="$count" HVDSL_TRANSLATION_FUZZ_FROM="$start" /usr/bin/time -f "%U %S" -o "$times" \
        dotnet test "$bin/HvDsl.Runtime.Tests.dll" \
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
