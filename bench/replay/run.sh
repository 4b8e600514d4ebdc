#!/usr/bin/env bash
# Replay of a month: 100k tickets over 30 days (663k commands, from bench/make_replay_input)
# into a new SQLite file, then in memory, each timed with its peak RSS. Needs a Release build
# (bash scripts/build.sh) and GNU time (apt-get install time). Figures go to bench/README.md.
# Usage: bench/replay/run.sh [tickets (default 100000)]
set -euo pipefail
cd "$(dirname "$0")/../.."
tierdesk=$PWD/build/src/main/tierdesk
procedure=$PWD/procedures/000-three-level-support.toml
work=${BENCH_DIR:-/tmp/tierdesk-bench}
tickets=${1:-100000}
mkdir -p "$work"
input=$work/month-$tickets.jsonl
[ -s "$input" ] || build/bench/make_replay_input --tickets "$tickets" > "$input"
echo "== $(grep -c '"cmd"' "$input") lines in $input"
rm -f "$work"/month.db*
/usr/bin/time -f "replay --db: %e s wall, peak RSS %M KB" \
  "$tierdesk" replay --procedure "$procedure" --input "$input" --db "$work/month.db" > /dev/null
ls -l "$work/month.db"
/usr/bin/time -f "replay in memory: %e s wall, peak RSS %M KB" \
  "$tierdesk" replay --procedure "$procedure" --input "$input" > /dev/null
