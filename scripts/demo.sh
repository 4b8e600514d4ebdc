#!/usr/bin/env bash
# Installs what is needed, builds, creates a demo SQLite database with seed 000's procedure and
# a demo organisation, replays a demo day and prints its timeline.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
db=${TIERDESK_DEMO_DB:-build/demo.db}
rm -f "$db" "$db-wal" "$db-shm"
./build/src/main/tierdesk init --db "$db" --procedure procedures/000-three-level-support.toml
./build/src/main/tierdesk replay --db "$db" --procedure procedures/000-three-level-support.toml \
  --input demo/demo-day.jsonl --format text
echo
./build/src/main/tierdesk tickets list --db "$db"
