#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 and runs each for a bounded time (default 60 s),
# starting from the mail corpus the tests use. A crash or a broken invariant fails the run and
# leaves the input as build-fuzz/crash-*.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
bash scripts/install-deps.sh
packages=(clang-14 libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
cmake --build build-fuzz
mkdir -p build-fuzz/corpus
cp tests/data/mail-corpus/*.eml build-fuzz/corpus/
cd build-fuzz
# Leaks in GLib's one-time type registrations are not ours; everything else is checked.
ASAN_OPTIONS=detect_leaks=0 ./inbound_fuzzer -max_total_time="$seconds" -max_len=262144 \
  -timeout=10 -rss_limit_mb=2048 corpus

# ---- api_fuzzer: requests through the transport-free http::Api (seeds and dictionary in fuzz/) ---
# Its own corpus folder beside corpus/ (libFuzzer reads folders recursively). The harness waits
# 10 s for an answer and reports "no answer" itself, so libFuzzer's timeout is longer.
mkdir -p api-corpus
ASAN_OPTIONS=detect_leaks=1 ./api_fuzzer -max_total_time="$seconds" -max_len=65536 -timeout=30 \
  -rss_limit_mb=2048 -dict=../fuzz/api.dict -artifact_prefix=api_fuzzer- -print_final_stats=1 \
  api-corpus ../fuzz/corpus/api
