#!/usr/bin/env bash
# Boots the stock Debian kernel and busybox initramfs to the shell prompt with translation (A) and with --no-translate
# (B), A B A B, and reports per boot the wall and CPU seconds (user + system, all threads) to the prompt, the guest
# instructions to the end of `poweroff -f` typed at the prompt, and the translation line of hvdsl's exit summary.
# Usage: bench/scripts/linux-boot-translation-ab.sh [GUEST_DIR] [ROUNDS] [side-by-side]
#   GUEST_DIR defaults to /work/linux-cache, else artifacts/linux (scripts/linux/fetch-guest.sh makes it); ROUNDS
#   (default 2) is how many times each side boots; `side-by-side` starts all 2 × ROUNDS boots at once, for a machine so
#   loaded that one boot after the other would not finish (the CPU seconds stay comparable; the wall seconds do not).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
guest="${1:-/work/linux-cache}"
[ -f "$guest/bzImage" ] || guest="$root/artifacts/linux"
rounds=${2:-2}
together=${3:-}
if [ ! -f "$guest/bzImage" ] || [ ! -f "$guest/initramfs.cpio.gz" ]; then
    apt-get update -qq >/dev/null
    "$root/scripts/linux/fetch-guest.sh" "$guest"
fi
commit=$(git -C "$root" rev-parse --short HEAD)  # the build's, taken before the boots
source "$root/bench/scripts/hvdsl-timing.sh"
# At load 60-70 one boot took 14 minutes of wall time (docs/linux.md); a boot past this bound is killed and reported.
bound_seconds=3600
prompt='/ # '
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
ticks=$(getconf CLK_TCK)

# boot NAME OPTION...: one boot to the prompt, then `poweroff -f`; writes
# "NAME|wall to prompt|CPU to prompt|instructions|exit status|load before–after|translation" to $work/NAME.row.
boot() {
    local name=$1 out="$work/$1.out" err="$work/$1.err" fifo="$work/$1.in"
    shift
    mkfifo "$fifo"
    local before start wall="no prompt" cpu="-" child
    before=$(cut -d' ' -f1 /proc/loadavg)
    start=$(date +%s.%N)
    $hvdsl run --memory 256M --kernel "$guest/bzImage" --initrd "$guest/initramfs.cpio.gz" \
        --append "console=ttyS0 panic=-1" --input - --progress never "$@" <"$fifo" >"$out" 2>"$err" &
    child=$!
    exec {console}>"$fifo"  # held open, so the guest's console sees no end of input while it boots
    for _ in $(seq $((bound_seconds * 5))); do
        if grep -qF "$prompt" "$out"; then
            # The process's own CPU time (fields 14 and 15 of its stat, after the parenthesised name) at the prompt.
            cpu=$(sed 's/.*) //' "/proc/$child/stat" | awk -v k="$ticks" '{ printf "%.1f", ($12 + $13) / k }')
            wall=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.0f", b - a }')
            printf 'poweroff -f\n' >&"$console"
            break
        fi
        kill -0 "$child" 2>/dev/null || break
        sleep 0.2
    done
    local status=0
    timeout "$bound_seconds" tail --pid="$child" -f /dev/null || { kill "$child"; status=timeout; }
    local code=0
    wait "$child" || code=$?
    [ "$status" = timeout ] || status=$code
    exec {console}>&-
    local instructions translation
    instructions=$(grep -o 'guest instructions: [0-9,]*' "$err" | grep -o '[0-9,]*$' || echo -)
    translation=$(grep -m1 '^translation:' "$err" | sed 's/^translation: //' || echo -)
    [ "$wall" != "no prompt" ] || { echo "$name: no prompt; its output ends:" >&2; tail -n 3 "$out" "$err" >&2; }
    echo "$name|$wall s|$cpu s|$instructions|$status|$before–$(cut -d' ' -f1 /proc/loadavg)|$translation" >"$work/$name.row"
}

names=()
for round in $(seq "$rounds"); do
    for side in translated interpreted; do
        name="$side, round $round"
        names+=("$name")
        options=()
        [ "$side" = interpreted ] && options=(--no-translate)
        if [ "$together" = side-by-side ]; then boot "$name" "${options[@]}" & else boot "$name" "${options[@]}"; fi
    done
done
wait
echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); hvdsl Release build of $commit published ReadyToRun${together:+; the boots side by side}"
echo
echo "| boot | wall s to the prompt | CPU s to the prompt | guest instructions | exit status | load (1 min) before–after | translation (exit summary) |"
echo "|---|---:|---:|---:|---|---|---|"
for name in "${names[@]}"; do
    row=$(cat "$work/$name.row")
    echo "| ${row//|/ | } |"
done
