#!/usr/bin/env bash
# HTTP benchmarks of `tierdesk serve` with wrk on this machine (server and load generator share
# its cores). Needs a Release build (bash scripts/build.sh), wrk and python3 (for the lateness
# query; the pg* ones postgresql-15). Usage:
# bench/http/run.sh [create|mail|gateway|queue|lateness|pgcreate|pgqueue|pglateness] ...;
# figures go to bench/README.md.
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

# PostgreSQL 15 for the pg* benchmarks: initdb'd into $work/pg (as the postgres user when run as
# root) on a loopback port, fsync on (a commit is durable when it returns, as in production).
pg_start() {
  pgdir=$work/pg
  rm -rf "$pgdir" && mkdir -p "$pgdir"
  pg_as=()
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$pgdir"; pg_as=(runuser -u postgres --); fi
  pgport=${BENCH_PG_PORT:-55439}
  local bin=/usr/lib/postgresql/15/bin
  "${pg_as[@]}" $bin/initdb -D "$pgdir/data" -U tierdesk -A trust -E UTF8 --no-locale > /dev/null
  "${pg_as[@]}" $bin/pg_ctl -D "$pgdir/data" -l "$pgdir/log" -w -o \
    "-c listen_addresses=127.0.0.1 -p $pgport -k $pgdir -c shared_buffers=1GB -c max_connections=200" \
    start > /dev/null
}
pg_stop() { "${pg_as[@]}" /usr/lib/postgresql/15/bin/pg_ctl -D "$pgdir/data" -m fast -w stop > /dev/null; }
pg_db() {  # pg_db NAME: a new, empty database; prints its URL
  /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pgport" -U tierdesk -d postgres -q \
    -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" > /dev/null
  echo "postgresql://tierdesk@127.0.0.1:$pgport/$1"
}

serve_nodes() {  # serve_nodes N DB [flags]: N nodes on one database -> urls[], pids[]
  local n=$1 db=$2
  shift 2
  urls=() pids=()
  for i in $(seq "$n"); do
    "$tierdesk" serve --db "$db" --procedure "$procedure" --listen 127.0.0.1:0 --rate-limit 0 "$@" \
      > "$work/serve-$i.out" 2> "$work/serve-$i.err" &
    pids+=($!)
  done
  for i in $(seq "$n"); do
    for _ in $(seq 100); do grep -q serving "$work/serve-$i.out" 2>/dev/null && break; sleep 0.1; done
    urls+=("$(grep -o 'http://[0-9.:]*' "$work/serve-$i.out")")
  done
}
stop_nodes() { for p in "${pids[@]}"; do kill -TERM "$p"; done; for p in "${pids[@]}"; do wait "$p" || true; done; }

# wrk_nodes CONNECTIONS SCRIPT PATH [wrk flags]: one wrk per node at once, the connections
# shared out; prints the sum of requests/s and each node's p99.
wrk_nodes() {
  local c=$1 script=$2 path=$3
  shift 3
  local per=$(( (c + ${#urls[@]} - 1) / ${#urls[@]} )) wrks=()
  for i in "${!urls[@]}"; do
    wrk -t"$(( per < 2 ? 1 : 2 ))" -c"$per" -d10s --latency -s "$script" "$@" "${urls[$i]}$path" \
      > "$work/wrk-$i.out" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  python3 - "$work" "${#urls[@]}" <<'PY'
import re, sys
total, p99s = 0.0, []
for i in range(int(sys.argv[2])):
    text = open(f"{sys.argv[1]}/wrk-{i}.out").read()
    total += float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1))
    p99s.append(re.search(r"99%\s+(\S+)", text).group(1))
    if "Non-2xx" in text: print("  node", i, re.search(r"Non-2xx.*", text).group(0))
print(f"  {total:.0f} requests/s in all; p99 per node: {', '.join(p99s)}")
PY
}

pgcreate() {
  pg_start
  for nodes in 1 2 3; do
    local db
    db=$(pg_db create$nodes)
    "$tierdesk" init --db "$db" --procedure "$procedure" > /dev/null
    export TOKEN=$(token "$db")
    serve_nodes "$nodes" "$db"
    for c in 1 32 64; do
      [ "$c" -lt "$nodes" ] && continue
      echo "== create on PostgreSQL, durable, $nodes node(s), $c connections in all"
      wrk_nodes "$c" bench/http/create.lua /api/v1/tickets
    done
    stop_nodes
  done
  pg_stop
}

pgqueue() {
  # The queue benchmark's million tickets, moved to PostgreSQL with `store copy`.
  local n=${TICKETS:-1000000}
  rm -f "$work/pgqueue-$n.db"*
  "$seed" "$work/pgqueue-$n.db" "$procedure" "$n" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" 300
  pg_start
  local db start
  db=$(pg_db queue)
  start=$(date +%s.%N)
  "$tierdesk" store copy --from "$work/pgqueue-$n.db" --to "$db" 2> /dev/null
  echo "== store copy of $n tickets with their events and deadlines: $(echo "$(date +%s.%N) - $start" | bc | cut -c1-6) s (verify included)"
  export TOKEN=$(token "$db") TIER=L1
  serve_nodes 1 "$db"
  for c in 1 4 16; do
    echo "== queue view (top 50 of L1) on PostgreSQL, $n tickets, $c connections"
    wrk -t1 -c"$c" -d10s --latency -s bench/http/queue.lua "${urls[0]}" | grep -E "Requests/sec|50%|99%|Non-2xx"
  done
  grep VmRSS "/proc/${pids[0]}/status"
  stop_nodes
  pg_stop
}

pglateness() {
  # lateness's burst on three nodes on PostgreSQL: 100k hand-off deadlines due within SPREAD
  # seconds, moved from SQLite with `store copy` (so held by no node: the claimers take them,
  # two seconds ahead), while 20 connections in all create about 2,000 tickets a second.
  local n=${DEADLINES:-100000} spread=${SPREAD:-1} nodes=${NODES:-3}
  rm -f "$work"/pglate.db*
  "$tierdesk" init --db "$work/pglate.db" --procedure "$procedure" > /dev/null
  local from db
  from=$(date -u -d '-13 minutes' +%Y-%m-%dT%H:%M:%SZ)  # due in 2 minutes
  "$seed" "$work/pglate.db" "$procedure" "$n" "$from" "$spread"
  pg_start
  db=$(pg_db late)
  "$tierdesk" store copy --from "$work/pglate.db" --to "$db" 2> /dev/null
  export TOKEN=$(token "$db")
  serve_nodes "$nodes" "$db"
  local due
  due=$(date -u -d "$from +15 minutes" +%s)
  echo "== $nodes nodes; the burst falls due in $(( due - $(date +%s) )) s"
  PACE_MS=${PACE_MS:-10} wrk_nodes 20 bench/http/create.lua /api/v1/tickets -d$(( due - $(date +%s) + 40 ))s > /dev/null
  python3 - "$TOKEN" "${urls[@]}" <<'PY'
import re, sys, urllib.request
token, urls = sys.argv[1], sys.argv[2:]
merged, count, late_max = {}, 0, 0
for url in urls:
    text = urllib.request.urlopen(urllib.request.Request(url + "/metrics", headers={"Authorization": "Bearer " + token})).read().decode()
    for le, k in re.findall(r'tierdesk_deadline_lateness_ms_bucket\{le="([0-9.]+)"\} (\d+)', text):
        merged[float(le)] = merged.get(float(le), 0) + int(k)
    c = int(re.search(r"tierdesk_deadline_lateness_ms_count (\d+)", text).group(1))
    m = int(re.search(r"tierdesk_deadline_lateness_max_ms (\d+)", text).group(1))
    print(f"  node {url}: fired {c}, max {m} ms")
    count += c
    late_max = max(late_max, m)
buckets = sorted(merged.items())
q = lambda p: next((le for le, n in buckets if n >= p * count), float("inf"))
print(f"fired {count}: lateness p50 <= {q(0.5):.0f} ms, p99 <= {q(0.99):.0f} ms, max {late_max} ms")
PY
  stop_nodes
  /usr/lib/postgresql/15/bin/psql -h 127.0.0.1 -p "$pgport" -U tierdesk -d late -At -c \
    "SELECT 'breach events ' || COUNT(*) || ', distinct (ticket, clock, due) ' || COUNT(DISTINCT (ticket_id, fields::jsonb->>'clock', fields::jsonb->>'due')) FROM events WHERE type = 'clock_breached'"
  pg_stop
}

for what in "${@:-create queue lateness}"; do "$what"; done
