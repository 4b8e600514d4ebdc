#!/usr/bin/env bash
# Installs what is needed, builds, creates a demo database with seed 000's procedure (the demo
# organisation: Auro Infotech's people, servers and products), replays a demo day and prints
# its timeline, then serves the REST API with demo logins until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
tierdesk=./build/src/main/tierdesk
procedure=procedures/000-three-level-support.toml
db=${TIERDESK_DEMO_DB:-build/demo.db}
listen=${TIERDESK_LISTEN:-127.0.0.1:8080}
rm -f "$db" "$db-wal" "$db-shm"
"$tierdesk" init --db "$db" --procedure "$procedure"
echo
echo "== A demo day (seed 000, times in IST) =="
"$tierdesk" replay --db "$db" --procedure "$procedure" --input demo/demo-day.jsonl --format text
echo
"$tierdesk" tickets list --db "$db"
echo
echo "== Demo logins (password: demo-password; or the API token shown, as 'Authorization: Bearer <token>') =="
for login in psc-anil ssc-ravi dsc-arjun ssc-lead client:C-1001 client:C-2040; do
  echo demo-password | "$tierdesk" account set-password --db "$db" --login "$login" 2>/dev/null
  printf '%-16s %s\n' "$login" "$("$tierdesk" token create --db "$db" --actor "$login" --label demo 2>/dev/null)"
done
echo
echo "Try:  curl -H 'Authorization: Bearer <token of ssc-ravi>' 'http://$listen/api/v1/tickets?open=true'"
echo "      curl -c jar -H 'Content-Type: application/json' -d '{\"login\":\"ssc-ravi\",\"password\":\"demo-password\"}' http://$listen/api/v1/login"
echo "The API is described at http://$listen/api/openapi.json"
echo
exec "$tierdesk" serve --db "$db" --listen "$listen"
