#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 and runs each for a bounded time: the argument is
# seconds PER TARGET (default 60; six targets, so about six minutes plus the build). Each starts
# from the inputs the tests use: the mail corpus, the seed procedures, the iCalendar files, the API
# requests of fuzz/corpus/api and the regression seeds of earlier findings. A crash, a timeout or a
# broken invariant fails the run and leaves the input as build-fuzz/<target>-crash-* (or
# -timeout-*, -oom-*); every target runs even when an earlier one failed.
#   scripts/fuzz.sh [seconds-per-target] [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(inbound_fuzzer procedure_fuzzer ical_fuzzer api_fuzzer gateway_answer_fuzzer markdown_fuzzer)

bash scripts/install-deps.sh
packages=(clang-14 libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_UNITY_BUILD=ON >/dev/null
cmake --build build-fuzz --target "${targets[@]}"

# Seeds per target: folders read as they are (libFuzzer writes only to the first folder given).
root="$PWD"
seeds() {
  case "$1" in
    inbound_fuzzer) echo "$root/tests/data/mail-corpus" ;;
    procedure_fuzzer) echo "$root/procedures $root/tests/data/procedure-corpus" ;;
    ical_fuzzer) echo "$root/procedures/holidays $root/tests/data/ical-corpus" ;;
    api_fuzzer) echo "$root/fuzz/corpus/api" ;;
    gateway_answer_fuzzer) echo "$root/fuzz/corpus/gateway" ;;
    markdown_fuzzer) echo "$root/fuzz/corpus/markdown" ;;
  esac
}
# Leaks in GLib's one-time type registrations are not ours (GMime, the mail parser); the other
# targets are checked for leaks too.
asan_options() {
  case "$1" in
    inbound_fuzzer) echo detect_leaks=0 ;;
    *) echo detect_leaks=1 ;;
  esac
}
# libFuzzer's options beyond the common ones. The api harness waits 10 s for an answer and
# reports "no answer" itself, so libFuzzer's timeout is longer there.
options() {
  case "$1" in
    inbound_fuzzer) echo -max_len=262144 -timeout=10 ;;
    api_fuzzer) echo -max_len=65536 -timeout=30 -dict="$root/fuzz/api.dict" ;;
    *) echo -max_len=65536 -timeout=10 ;;
  esac
}

cd build-fuzz
failed=()
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target"
  echo "== $target: ${seconds}s"
  # shellcheck disable=SC2046 # the options and seed folders are meant to split into arguments
  if ! ASAN_OPTIONS="$(asan_options "$target")" "./$target" -max_total_time="$seconds" \
    $(options "$target") -rss_limit_mb=2048 -artifact_prefix="$target-" -print_final_stats=1 \
    "corpus/$target" $(seeds "$target"); then
    failed+=("$target")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: failed: ${failed[*]} (inputs in build-fuzz/)" >&2
  exit 1
fi
