#!/usr/bin/env bash
# The interpreter's speed at two commits, A B A B in one run: each commit is exported with `git archive`, built
# Release, and runs the loops of InterpreterBenchmarks (longer) with translation off; prints a Markdown table of the
# seconds hvdsl's summary gives around Vm.Run and the B/A ratio of each pair.
#
#   bench/scripts/interpreter-ab.sh A-REF B-REF [ROUNDS]
#
# A commit from before translation was on by default has no --no-translate; set A_OPTIONS="" for it.
set -euo pipefail
a_ref=$1 b_ref=$2 rounds=${3:-5}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
a_options=${A_OPTIONS---no-translate}
b_options=${B_OPTIONS---no-translate}

# Loops as flat long-mode images ending in HLT (encodings from the Intel SDM, volume 2).
python3 - "$work" <<'PY'
import struct, sys
out = sys.argv[1]
def image(name, body):
    open(f"{out}/{name}.bin", "wb").write(body + b"\xf4")
# integer: mov ecx, 25,000,000; add eax, ecx; xor edx, eax; dec ecx; jnz
loop = bytes.fromhex("01c8" "31c2" "ffc9")
image("integer", b"\xb9" + struct.pack("<I", 25_000_000) + loop + b"\x75" + bytes([256 - len(loop) - 2]))
# memory: 300 passes of mov esi, 0x100000; mov ecx, 65,536; mov rax,[rsi]; mov [rsi+0x200000],rax; lea rsi,[rsi+8]; loop
inner = bytes.fromhex("488b06" "48898600002000" "488d7608")
inner += b"\xe2" + bytes([256 - len(inner) - 2])
outer = b"\xbe\x00\x00\x10\x00" + b"\xb9" + struct.pack("<I", 65_536) + inner + bytes.fromhex("ffcf")
outer += b"\x75" + bytes([256 - len(outer) - 2])
image("memory", b"\xbf" + struct.pack("<I", 300) + outer)
# handler: mov ecx, 10,000,000; shl eax,1; imul eax,edx; bt eax,3; setc bl; cmovz eax,ecx; add eax,ecx; dec ecx; jnz
loop = bytes.fromhex("d1e0" "0fafc2" "0fbae003" "0f92c3" "0f44c1" "01c8" "ffc9")
image("handler", b"\xb9" + struct.pack("<I", 10_000_000) + loop + b"\x75" + bytes([256 - len(loop) - 2]))
PY

build() { # build REF DIR
    mkdir -p "$2" && git -C "$root" archive "$1" | tar -x -C "$2"
    dotnet build -c Release "$2/src/HvDsl.Cli" -v q -nologo >/dev/null
}
build "$a_ref" "$work/a"
build "$b_ref" "$work/b"
seconds() { # seconds SIDE IMAGE OPTIONS
    dotnet "$work/$1/src/HvDsl.Cli/bin/Release/net10.0/hvdsl.dll" run --image "$work/$2.bin" --mode long \
        --memory 64MiB --progress never $3 2>&1 >/dev/null \
        | sed -n 's/^guest instructions: .* in \([0-9.]*\) s.*/\1/p'
}

echo "A = $a_ref ($(git -C "$root" rev-parse --short "$a_ref")), B = $b_ref ($(git -C "$root" rev-parse --short "$b_ref"))"
echo
echo "| Loop | Round | A (s) | B (s) | B / A |"
echo "|---|---:|---:|---:|---:|"
for loop in integer memory handler; do
    seconds a "$loop" "$a_options" >/dev/null; seconds b "$loop" "$b_options" >/dev/null # warm the disk cache
    for round in $(seq 1 "$rounds"); do
        a=$(seconds a "$loop" "$a_options")
        b=$(seconds b "$loop" "$b_options")
        printf '| %s | %s | %s | %s | %.3f |\n' "$loop" "$round" "$a" "$b" "$(echo "$b / $a" | bc -l)"
    done
done
echo
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
