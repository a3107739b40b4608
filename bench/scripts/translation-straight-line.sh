#!/usr/bin/env bash
# Translation's cost where it cannot pay: a long-mode flat guest of straight-line code, each block run once, on
# `hvdsl run` with translation and with --no-translate, A B A B in one run; prints a Markdown table for docs/benchmarks.md.
#
#   bench/scripts/translation-straight-line.sh [ROUNDS]
#
# Needs python3 (to write the image).
set -euo pipefail
rounds=${1:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1.5 M blocks of 8 instructions (add eax, imm32; xor edx, eax; lea ecx, [rax+rdx]; add eax, ecx; xor edx, ecx;
# add eax, imm32; xor edx, eax; jmp to the next), 12 M instructions in 33 MiB, then HLT.
python3 - "$work/straight.bin" <<'PY'
import sys
block = bytes.fromhex("0544332211" "31c2" "8d0c10" "01c8" "31ca" "0588776655" "31c2" "eb00")
count = 1_500_000
with open(sys.argv[1], "wb") as image:
    image.write(block * count + b"\xf4")
PY

. "$root/bench/scripts/hvdsl-timing.sh"
hvdsl_run() { hvdsl_seconds "$work/straight.bin" "$@"; }

echo "| Round | hvdsl translated (s) | hvdsl --no-translate (s) | translated / not |"
echo "|---|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    translated=$(hvdsl_run --translate)
    interpreted=$(hvdsl_run --no-translate)
    printf '| %s | %s | %s | %.2f |\n' "$round" "$translated" "$interpreted" "$(echo "$translated / $interpreted" | bc -l)"
done
echo
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
