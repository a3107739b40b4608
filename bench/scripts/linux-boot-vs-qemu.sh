#!/usr/bin/env bash
# Boots the same Debian kernel and busybox initramfs under QEMU's TCG and under `hvdsl run`, A B A B, measures the
# host time to the shell prompt and to the end of `poweroff -f`, and writes both into docs/benchmarks.md (the block
# between the linux-boot-vs-qemu markers) with the machine, date and load.
# Usage: bench/scripts/linux-boot-vs-qemu.sh [GUEST_DIR] [ROUNDS]
#   GUEST_DIR defaults to artifacts/linux, fetched by scripts/linux/fetch-guest.sh when it lacks the kernel or initramfs;
#   ROUNDS (default 2) is how many times each side boots.
set -euo pipefail
cd "$(dirname "$0")/../.."
guest="$(realpath -m "${1:-artifacts/linux}")"
rounds=${2:-2}
memory_mib=256
append="console=ttyS0 panic=-1"
# One boot of hvdsl took 14 minutes at load 60-70 (docs/linux.md); a run past this is reported as failed.
bound_seconds=1800
prompt='/ # '

if [ ! -f "$guest/bzImage" ] || [ ! -f "$guest/initramfs.cpio.gz" ] || [ ! -f "$guest/versions.txt" ]; then
    apt-get update -qq >/dev/null
    scripts/linux/fetch-guest.sh "$guest"
fi
if ! command -v qemu-system-x86_64 >/dev/null; then
    apt-get update -qq && apt-get install -y -qq qemu-system-x86 >/dev/null
fi
dotnet build -c Release -v q src/HvDsl.Cli >/dev/null
hvdsl=src/HvDsl.Cli/bin/Release/net10.0/hvdsl

work=$(mktemp -d)
pid=
cleanup() {
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

load() { cut -d' ' -f1 /proc/loadavg; }
now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", b - a }'; }
ticks=$(getconf CLK_TCK)
# The CPU time (user and system, all threads) of process $1 so far, in clock ticks; $2 once it is gone.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo "$2"; }

# boot NAME COMMAND...: starts COMMAND with a pipe for stdin, waits for the prompt, types `poweroff -f`, waits for the
# exit; adds "NAME|to prompt|to end|CPU s|exit status|load before–after|instructions" to $rows. The CPU time is the
# last sample taken while the process ran (every 0.2 s); the instructions are from hvdsl's report.
boot() {
    local name=$1 out="$work/$1.out" err="$work/$1.err" fifo="$work/$1.in"
    shift
    rm -f "$fifo"
    mkfifo "$fifo"
    local before start prompted="" cpu=0
    before=$(load)
    start=$(now)
    "$@" <"$fifo" >"$out" 2>"$err" &
    pid=$!
    exec 3>"$fifo"  # held open, so the guest's console sees no end of input while it boots
    for _ in $(seq $((bound_seconds * 5))); do
        cpu=$(cpu_ticks "$pid" "$cpu")
        if grep -qF "$prompt" "$out"; then prompted=$(now); break; fi
        if ! kill -0 "$pid" 2>/dev/null; then break; fi
        sleep 0.2
    done
    [ -n "$prompted" ] && printf 'poweroff -f\n' >&3
    local status=0 waited=0
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $((bound_seconds * 5)) ]; do
        cpu=$(cpu_ticks "$pid" "$cpu")
        sleep 0.2
        waited=$((waited + 1))
    done
    if kill -0 "$pid" 2>/dev/null; then kill "$pid"; status=timeout; fi
    local code=0
    wait "$pid" || code=$?
    [ "$status" = timeout ] || status=$code
    pid=
    exec 3>&-
    local end instructions
    end=$(now)
    instructions=$(grep -o 'guest instructions: [0-9,]*' "$err" | grep -o '[0-9,]*$' || true)
    if [ -z "$prompted" ]; then
        echo "$name: no prompt; its output ends:" >&2
        tail -5 "$out" >&2
        tail -5 "$err" >&2
    fi
    local to_prompt="no prompt"
    [ -n "$prompted" ] && to_prompt="$(seconds "$start" "$prompted") s"
    printf '%s|%s|%s s|%s s|%s|%s–%s|%s\n' "$name" "$to_prompt" "$(seconds "$start" "$end")" "$(seconds 0 "$(awk -v t="$cpu" -v k="$ticks" 'BEGIN { print t / k }')")" \
        "$status" "$before" "$(load)" "${instructions:--}" | tee -a "$rows"
}

qemu() {
    # -serial mon:stdio: with -nographic a plain `-serial stdio` is refused (the monitor already holds stdio).
    boot "QEMU TCG, round $1" qemu-system-x86_64 -accel tcg -m "$memory_mib" -nographic -no-reboot -serial mon:stdio \
        -kernel "$guest/bzImage" -initrd "$guest/initramfs.cpio.gz" -append "$append"
}

hvdsl() {
    boot "hvdsl, round $1" "$hvdsl" run --memory "${memory_mib}M" --kernel "$guest/bzImage" --initrd "$guest/initramfs.cpio.gz" \
        --append "$append" --input - --progress never
}

rows="$work/rows"
for round in $(seq "$rounds"); do
    qemu "$round"
    hvdsl "$round"
done

block="$work/block.md"
{
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
    echo "- Guest: $(tr '\n' ';' <"$guest/versions.txt" | sed 's/;$//; s/;/; /'); \`--memory ${memory_mib}M\` / \`-m $memory_mib\`, \`$append\`"
    echo "- $(qemu-system-x86_64 --version | head -1); hvdsl Release build of $(git rev-parse --short HEAD), .NET $(dotnet --version)"
    echo
    echo "| run | to the prompt | to the end of \`poweroff -f\` | CPU time | exit status | load (1 min) before–after | guest instructions |"
    echo "|---|---|---|---|---|---|---|"
    while IFS= read -r row; do echo "| ${row//|/ | } |"; done <"$rows"
} >"$block"
cat "$block"

# The figures replace the block between the markers; the prose around it stays.
doc=docs/benchmarks.md
awk -v block="$block" '
    /<!-- linux-boot-vs-qemu:begin -->/ { print; while ((getline line < block) > 0) print line; skip = 1; next }
    /<!-- linux-boot-vs-qemu:end -->/ { skip = 0 }
    !skip { print }
' "$doc" >"$work/doc.md"
grep -q 'linux-boot-vs-qemu:begin' "$doc" || { echo "$doc has no linux-boot-vs-qemu markers" >&2; exit 1; }
cp "$work/doc.md" "$doc"
echo "wrote $doc"
