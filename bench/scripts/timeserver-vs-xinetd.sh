#!/usr/bin/env bash
# Drives xinetd's built-in daytime service and our TimeServer with the same load client in the same run.
# Usage: bench/scripts/timeserver-vs-xinetd.sh [CONNECTIONS] [CONCURRENCY] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
connections=${1:-20000}
concurrency=${2:-50}
rounds=${3:-3}

if ! command -v xinetd >/dev/null; then
    apt-get update -qq && apt-get install -y -qq xinetd >/dev/null
fi

# A port nothing answers on; /dev/tcp avoids depending on other tools.
free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

wait_for_port() {
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    echo "nothing listens on 127.0.0.1:$1" >&2
    return 1
}

dotnet build -c Release -v q bench/HvDsl.Benchmarks >/dev/null
exe=bench/HvDsl.Benchmarks/bin/Release/net10.0/HvDsl.Benchmarks

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

xinetd_port=$(free_port)
ours_port=$(free_port)

# xinetd's defaults would throttle a benchmark (cps 50 per second, instance limits) and log every connection.
cat >"$work/xinetd.conf" <<CONF
defaults
{
    instances = UNLIMITED
    per_source = UNLIMITED
    cps = 1000000 1
    log_type = FILE $work/xinetd.log
    log_on_success =
    log_on_failure =
}
service daytime
{
    type = INTERNAL UNLISTED
    id = daytime-stream
    socket_type = stream
    protocol = tcp
    bind = 127.0.0.1
    port = $xinetd_port
    wait = no
    user = root
}
CONF

xinetd -dontfork -f "$work/xinetd.conf" -pidfile "$work/xinetd.pid" &
pids+=($!)
"$exe" --time-server 127.0.0.1 "$ours_port" >/dev/null &
pids+=($!)
wait_for_port "$xinetd_port"
wait_for_port "$ours_port"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); xinetd $(xinetd -version 2>&1 | head -1 | grep -o '[0-9][0-9.]*' | head -1); .NET $(dotnet --version)"
echo "xinetd daytime reply: $(head -c 100 </dev/tcp/127.0.0.1/"$xinetd_port" | tr -d '\r\n')"
echo "TimeServer reply:     $(head -c 100 </dev/tcp/127.0.0.1/"$ours_port" | tr -d '\r\n')"

"$exe" --load-client 127.0.0.1 "$xinetd_port" 2000 "$concurrency" warm-up >/dev/null
"$exe" --load-client 127.0.0.1 "$ours_port" 2000 "$concurrency" warm-up >/dev/null
# Interleaved rounds, so a neighbour's burst of work does not favour one side.
for round in $(seq "$rounds"); do
    "$exe" --load-client 127.0.0.1 "$xinetd_port" "$connections" "$concurrency" "xinetd daytime, round $round"
    "$exe" --load-client 127.0.0.1 "$ours_port" "$connections" "$concurrency" "HvDsl TimeServer, round $round"
done
