#!/usr/bin/env bash
# HTTP benchmarks of `tierdesk serve` with wrk on this machine (server and load generator share
# its cores). Needs a Release build (bash scripts/build.sh), wrk and python3 (for the lateness
# query). Usage: bench/http/run.sh [create|mail|queue|lateness] ...; figures go to
# bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
tierdesk=$PWD/build/src/main/tierdesk
seed=$PWD/build/bench/seed_tickets
procedure=$PWD/procedures/000-three-level-support.toml
work=${BENCH_DIR:-/tmp/tierdesk-bench}
mkdir -p "$work"

serve() {  # serve DB [more serve flags] -> sets url and pid
  local db=$1
  shift
  "$tierdesk" serve --db "$db" --procedure "$procedure" --listen 127.0.0.1:0 --rate-limit 0 "$@" \
    > "$work/serve.out" 2> "$work/serve.err" &
  pid=$!
  for _ in $(seq 100); do grep -q serving "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
  url=$(grep -o 'http://[0-9.:]*' "$work/serve.out")
}
stop() { kill -TERM "$pid"; wait "$pid" || true; }
rss() { grep VmRSS "/proc/$pid/status"; }
token() { "$tierdesk" token create --db "$1" --procedure "$procedure" --actor psc-anil 2>/dev/null; }

create() {
  rm -f "$work"/create.db*
  "$tierdesk" init --db "$work/create.db" --procedure "$procedure" > /dev/null
  export TOKEN=$(token "$work/create.db")
  serve "$work/create.db"
  for c in 1 8 32 64; do
    echo "== create, durable, keep-alive, $c connections"
    wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d10s --latency -s bench/http/create.lua "$url/api/v1/tickets" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  rss; stop
}

mail() {
  rm -f "$work"/mail.db*
  "$tierdesk" init --db "$work/mail.db" --procedure "$procedure" > /dev/null
  for c in $(seq 0 7); do
    "$tierdesk" client add --db "$work/mail.db" --id "U-$c" --email "client$c@client.example" > /dev/null
  done
  export TOKEN=$("$tierdesk" token create --db "$work/mail.db" --actor mail-gateway 2>/dev/null)
  # Mail out goes to the discard port: this measures mail in.
  printf '[mail]\nsmtp_url = "smtp://127.0.0.1:9"\nfrom = "support@auro.example"\n' > "$work/mail.toml"
  serve "$work/mail.db" --threads 8 --config "$work/mail.toml"
  for c in 1 8 32; do
    echo "== mail in (POST /api/v1/mail/inbound, durable), $c connections"
    wrk -t1 -c"$c" -d10s --latency -s bench/http/mail.lua "$url/api/v1/mail/inbound" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  rss; stop
}

gateway() {
  # An MTA's pipe transport: one process per message, one after another (N=500), each handing a
  # 2 KB mail to the running server and waiting for it to be durable. The full binary's
  # subcommand, then the light tierdesk-mail-gateway.
  local n=${MESSAGES:-500}
  rm -f "$work"/gateway.db*
  "$tierdesk" init --db "$work/gateway.db" --procedure "$procedure" > /dev/null
  "$tierdesk" client add --db "$work/gateway.db" --id U-1 --email client@client.example > /dev/null
  "$tierdesk" token create --db "$work/gateway.db" --actor mail-gateway > "$work/gateway.token" 2>/dev/null
  printf '[mail]\nsmtp_url = "smtp://127.0.0.1:9"\nfrom = "support@auro.example"\n' > "$work/mail.toml"
  serve "$work/gateway.db" --config "$work/mail.toml"
  # The messages are written first, so the loop starts nothing but the gateways.
  local body mails=$work/gateway-mail
  body=$(head -c 2000 /dev/zero | tr '\0' x)
  rm -rf "$mails" && mkdir -p "$mails"
  for gw in full light; do
    for i in $(seq "$n"); do
      printf 'From: client@client.example\r\nMessage-ID: <%s-%s@client.example>\r\nSubject: Printer %s\r\n\r\n%s\r\n' \
        "$gw" "$i" "$i" "$body" > "$mails/$gw-$i.eml"
    done
  done
  for gw in full light; do
    local cmd=$PWD/build/src/main/tierdesk-mail-gateway start end
    [ "$gw" = full ] && cmd="$tierdesk mail-gateway"
    start=$(date +%s.%N)
    for i in $(seq "$n"); do
      $cmd --server "$url" --token-file "$work/gateway.token" < "$mails/$gw-$i.eml" > /dev/null
    done
    end=$(date +%s.%N)
    echo "== $cmd: $n messages, one process each: $(echo "$n / ($end - $start)" | bc -l | cut -c1-6) msgs/s"
  done
  stop
}

queue() {
  local n=${TICKETS:-1000000}
  # Received in the last minutes, so no deadline falls due while measuring (otherwise the
  # writer would be busy breaching a million tickets meanwhile).
  rm -f "$work/queue-$n.db"*
  "$seed" "$work/queue-$n.db" "$procedure" "$n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" 300
  export TOKEN=$(token "$work/queue-$n.db") TIER=L1
  serve "$work/queue-$n.db"
  for c in 1 4 16; do
    echo "== queue view (top 50 of L1), $n tickets, $c connections"
    wrk -t1 -c"$c" -d10s --latency -s bench/http/queue.lua "$url" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  rss; stop
}

lateness() {
  # 100k tickets whose hand-off clocks (15 minutes) fall due within SPREAD seconds (default 1:
  # the 09:15 burst), about 30 s after the server starts, while 20 connections create about
  # 2,000 tickets a second (PACE_MS=10 each). Lateness = breach durable - due, in milliseconds,
  # from the server's own histogram (GET /metrics); the log confirms each fired exactly once.
  local n=${DEADLINES:-100000} spread=${SPREAD:-1}
  rm -f "$work"/late.db*
  "$tierdesk" init --db "$work/late.db" --procedure "$procedure" > /dev/null
  local from
  from=$(date -u -d '-14 minutes -15 seconds' +%Y-%m-%dT%H:%M:%SZ)
  "$seed" "$work/late.db" "$procedure" "$n" "$from" "$spread"
  export TOKEN=$(token "$work/late.db")
  serve "$work/late.db"
  PACE_MS=${PACE_MS:-10} wrk -t2 -c20 -d60s -s bench/http/create.lua "$url/api/v1/tickets" |
    grep -E "Requests/sec|Non-2xx"
  python3 - "$url" "$TOKEN" <<'PY'
import re, sys, urllib.request
req = urllib.request.Request(sys.argv[1] + "/metrics", headers={"Authorization": "Bearer " + sys.argv[2]})
text = urllib.request.urlopen(req).read().decode()
buckets = [(float(le), int(n)) for le, n in re.findall(r'tierdesk_deadline_lateness_ms_bucket\{le="([0-9.]+)"\} (\d+)', text)]
count = int(re.search(r"tierdesk_deadline_lateness_ms_count (\d+)", text).group(1))
late_max = int(re.search(r"tierdesk_deadline_lateness_max_ms (\d+)", text).group(1))
q = lambda p: next((le for le, n in buckets if n >= p * count), float("inf"))
print(f"fired {count}: lateness p50 <= {q(0.5):.0f} ms, p99 <= {q(0.99):.0f} ms, max {late_max} ms")
PY
  rss; stop
  python3 - "$work/late.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
breaches, distinct = db.execute("SELECT COUNT(*), COUNT(DISTINCT ticket_id || ' ' || json_extract(fields, '$.clock') || ' ' || json_extract(fields, '$.due')) FROM events WHERE type = 'clock_breached'").fetchone()
print(f"breach events {breaches}, distinct (ticket, clock, due) {distinct}")
PY
}

for what in "${@:-create queue lateness}"; do "$what"; done
