#!/usr/bin/env bash
# Where `tierdesk serve` spends its CPU under the create load of run.sh (wrk, 32 connections,
# durable): `perf record` samples the server for 10 s mid-run, then the top symbols by their own
# time are printed. Needs linux-perf and wrk; a Release build (symbols are the binary's own).
# Usage: bench/http/profile.sh [top N]  (figures go to bench/README.md, "Profiles").
set -euo pipefail
cd "$(dirname "$0")/../.."
top=${1:-25}
tierdesk=$PWD/build/src/main/tierdesk
procedure=$PWD/procedures/000-three-level-support.toml
work=${BENCH_DIR:-/tmp/tierdesk-bench}
mkdir -p "$work"
rm -f "$work"/profile.db*
"$tierdesk" init --db "$work/profile.db" --procedure "$procedure" > /dev/null
export TOKEN=$("$tierdesk" token create --db "$work/profile.db" --actor psc-anil 2>/dev/null)
"$tierdesk" serve --db "$work/profile.db" --procedure "$procedure" --listen 127.0.0.1:0 \
  --rate-limit 0 > "$work/profile.out" 2> "$work/profile.err" &
pid=$!
trap 'kill -TERM $pid 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q serving "$work/profile.out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[0-9.:]*' "$work/profile.out")
wrk -t2 -c32 -d20s --latency -s bench/http/create.lua "$url/api/v1/tickets" > "$work/profile.wrk" &
wrk_pid=$!
sleep 5
perf record -F 499 --call-graph dwarf,32768 -p "$pid" -o "$work/perf.data" -- sleep 5 2> /dev/null
wait "$wrk_pid"
grep -E "Requests/sec|50%|99%" "$work/profile.wrk"
tidy() { sed -E 's/[[:space:]]+-[[:space:]]+-[[:space:]]*$//; s/[[:space:]]+$//' | cut -c1-160; }
# Inclusive time of tierdesk's own functions (where the work is), then self time by symbol
# (what the CPU was doing) and by library.
echo "== tierdesk functions, with what they call (children)"
perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2> /dev/null |
  grep -E '^ +[0-9.]+%' | grep -E 'tierdesk::|sqlite3_step|fdatasync' | head -n "$top" | tidy
echo "== self time by symbol"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2> /dev/null |
  grep -E '^ +[0-9.]+%' | head -n "$top" | tidy
echo "== by library"
perf report -i "$work/perf.data" --no-children --sort dso --stdio -g none 2> /dev/null |
  grep -E '^ +[0-9.]+%' | head -n 8 | tidy
