#!/usr/bin/env bash
# Installs what is needed, builds, creates a demo database with seed 000's procedure (the demo
# organisation: Auro Infotech's people, servers and products), replays a demo day and prints
# its timeline, then serves the web pages and the REST API with demo logins until Ctrl-C. Mail goes to a local
# aiosmtpd (a mail catcher: build/demo-mail/new/), and mail piped to `tierdesk mail-gateway`
# comes in as tickets and replies. While it serves, scripts/demo-traffic.mjs keeps the desk busy
# on the real clock (calls, mails and portal requests arriving, colleagues at work, some
# requests left to breach); TIERDESK_DEMO_TRAFFIC=0 leaves it quiet.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
tierdesk=./build/src/main/tierdesk
# The desk serves its own copy: an admin may replace it over the API (Admin page), which must
# not rewrite the seed in the source tree.
procedure=build/demo-procedure.toml
cp procedures/000-three-level-support.toml "$procedure"
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
echo "== Demo logins for http://$listen/ (password: demo-password), with an API token each ('Authorization: Bearer <token>') =="
: >build/demo-tokens.txt
for login in psc-anil psc-lead ssc-ravi dsc-arjun ssc-lead client:C-1001 client:C-2040; do
  echo demo-password | "$tierdesk" account set-password --db "$db" --login "$login" 2>/dev/null
  token=$("$tierdesk" token create --db "$db" --actor "$login" --label demo 2>/dev/null)
  printf '%-16s %s\n' "$login" "$token"
  echo "$login $token" >>build/demo-tokens.txt
done
# The colleagues the demo's traffic acts as (not signed in by anyone).
for login in psc-kavya ssc-meena dsc-lakshmi dsc-lead; do
  echo "$login $("$tierdesk" token create --db "$db" --actor "$login" --label demo-traffic 2>/dev/null)" \
    >>build/demo-tokens.txt
done
for client in "C-1001 Ganesh-Raman ganesh@client.example" "C-2040 Fatima fatima@client.example"; do
  read -r id name email <<<"$client"
  "$tierdesk" client add --db "$db" --id "$id" --name "${name//-/ }" --email "$email" \
    --organisation "Client Co" >/dev/null
done
"$tierdesk" token create --db "$db" --actor mail-gateway --label demo >build/demo-gateway.token 2>/dev/null

# A local mail catcher for what tierdesk sends.
rm -rf build/demo-mail
/usr/bin/python3 -m aiosmtpd -n -l 127.0.0.1:2525 -c aiosmtpd.handlers.Mailbox build/demo-mail &
catcher=$!
traffic=
articles=
trap 'kill $catcher $traffic $articles 2>/dev/null' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/2525) 2>/dev/null && break; sleep 0.1; done
cat >build/demo.toml <<EOF
[mail]
smtp_url = "smtp://127.0.0.1:2525"
from = "support@auro.example"
from_name = "Auro Infotech Support"
EOF

echo
echo "Open http://$listen/ and sign in: psc-anil (Level 1), ssc-ravi (Level 2), dsc-arjun (Level 3),"
echo "ssc-lead (team leader), psc-lead (admin), client:C-1001 (a client's portal); password demo-password."
echo "Try:  curl -H 'Authorization: Bearer <token of ssc-ravi>' 'http://$listen/api/v1/tickets?open=true'"
echo "      curl -c jar -H 'Content-Type: application/json' -d '{\"login\":\"ssc-ravi\",\"password\":\"demo-password\"}' http://$listen/api/v1/login"
echo "      printf 'From: ganesh@client.example\\r\\nSubject: Printer offline\\r\\n\\r\\nSince 9:00.\\r\\n' |"
echo "        $tierdesk mail-gateway --server http://$listen --token-file build/demo-gateway.token"
echo "Mail sent by tierdesk lands in build/demo-mail/new/. The API is described at http://$listen/api/openapi.json"
# The knowledge base: a few articles on the demo's servers and products, written and published
# through the API once the server is up.
node scripts/demo-articles.mjs "http://$listen" build/demo-tokens.txt demo/articles.json &
articles=$!
if [ "${TIERDESK_DEMO_TRAFFIC:-1}" != 0 ]; then
  echo "The desk is kept busy on the real clock: a new request every half minute or so, colleagues"
  echo "handing off, acknowledging and answering; lines starting [demo] say what they did."
  node scripts/demo-traffic.mjs "http://$listen" build/demo-tokens.txt "$tierdesk" build/demo-gateway.token &
  traffic=$!
fi
echo
"$tierdesk" serve --db "$db" --listen "$listen" --config build/demo.toml
