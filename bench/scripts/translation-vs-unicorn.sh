#!/usr/bin/env bash
# Runs the same long-mode flat guests on `hvdsl run` (translated and --no-translate) and on Unicorn 2 (QEMU's TCG
# as a library), A B A B in one run, and prints a Markdown table of the times and ratios for docs/benchmarks.md:
# two assembled loops and two C programs from bench/guests/ compiled by the host's gcc -O2, freestanding.
#
#   bench/scripts/translation-vs-unicorn.sh [ROUNDS]
#
# Needs gcc and binutils, and Debian's python3-unicorn, which it installs if missing.
set -euo pipefail
rounds=${1:-2}
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python=/usr/bin/python3

if ! "$python" -c 'import unicorn' 2>/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-unicorn >/dev/null
fi

# Register loop: 4 instructions an iteration, 62.5 M iterations = 250 M instructions.
cat > "$work/register.s" <<'ASM'
    .code64
    mov $62500000, %ecx
1:  add %ecx, %eax
    xor %eax, %edx
    dec %ecx
    jnz 1b
    hlt
ASM
# Memory loop: load, add, store over a 16 MiB buffer at 16 MiB, 8 times (6 instructions a quadword, 96 M instructions).
cat > "$work/memory.s" <<'ASM'
    .code64
    mov $8, %r8d
2:  mov $0x1000000, %rsi
    mov $0x200000, %ecx
1:  mov (%rsi), %rax
    add %rdx, %rax
    mov %rax, (%rsi)
    add $8, %rsi
    dec %ecx
    jnz 1b
    dec %r8d
    jnz 2b
    hlt
ASM
for guest in register memory; do
    as --64 -o "$work/$guest.o" "$work/$guest.s"
    objcopy -O binary -j .text "$work/$guest.o" "$work/$guest.bin"
    # Each loop ends in its HLT, the image's last byte.
    printf '0x%x\n' $((0x1000 + $(stat -c %s "$work/$guest.bin") - 1)) > "$work/$guest.halt"
done
# The C programs: linked flat at 0x1000 behind bench/guests/start.S, which halts at its `halt` symbol.
guests="$root/bench/guests"
gcc -c "$guests/start.S" -o "$work/start.o"
for guest in integer floating; do
    gcc -O2 -ffreestanding -fno-pie -fno-stack-protector -fno-math-errno -fno-tree-loop-distribute-patterns -mno-red-zone \
        -c "$guests/$guest.c" -o "$work/$guest.o"
    gcc -nostdlib -static -no-pie -Wl,--build-id=none -Wl,--no-warn-rwx-segments -T "$guests/flat.ld" \
        "$work/start.o" "$work/$guest.o" -o "$work/$guest.elf" 2>/dev/null
    objcopy -O binary "$work/$guest.elf" "$work/$guest.bin"
    printf '0x%s\n' "$(nm "$work/$guest.elf" | sed -n 's/^0*\([0-9a-f]*\) T halt$/\1/p')" > "$work/$guest.halt"
done

cat > "$work/unicorn_run.py" <<'PY'
import sys, time
from unicorn import Uc, UC_ARCH_X86, UC_MODE_64
code = open(sys.argv[1], 'rb').read()
halt = int(open(sys.argv[2]).read(), 0)
uc = Uc(UC_ARCH_X86, UC_MODE_64)
load = 0x1000
uc.mem_map(0, 64 << 20)
uc.mem_write(load, code)
start = time.perf_counter()
uc.emu_start(load, halt)  # stops on reaching the HLT
print(f"{time.perf_counter() - start:.3f}")
PY

. "$root/bench/scripts/hvdsl-timing.sh"
hvdsl_run() { hvdsl_seconds "$work/$1.bin" "${@:2}"; }

echo "| Guest | Round | hvdsl translated (s) | hvdsl interpreted (s) | Unicorn (s) | Unicorn / translated | Unicorn / interpreted |"
echo "|---|---|---:|---:|---:|---:|---:|"
for round in $(seq 1 "$rounds"); do
    for guest in register memory integer floating; do
        translated=$(hvdsl_run "$guest" --translate)
        unicorn=$("$python" "$work/unicorn_run.py" "$work/$guest.bin" "$work/$guest.halt")
        interpreted=$(hvdsl_run "$guest" --no-translate)
        printf '| %s | %s | %s | %s | %s | %.2f | %.2f |\n' "$guest" "$round" "$translated" "$interpreted" "$unicorn" \
            "$(echo "$unicorn / $translated" | bc -l)" "$(echo "$unicorn / $interpreted" | bc -l)"
    done
done
echo
echo "Load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
