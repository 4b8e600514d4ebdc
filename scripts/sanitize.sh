#!/usr/bin/env bash
# Builds tierdesk and its C++ test suites (unit, scenarios, integration) with AddressSanitizer and
# UndefinedBehaviorSanitizer (g++, RelWithDebInfo, ./build-asan) and runs ctest there. Any report
# fails the run: UBSan does not recover, and a leak, an overflow or a use after free fails the
# process it happens in (the integration tests also check that `tierdesk serve` exits 0).
#   scripts/sanitize.sh [ctest arguments...]    e.g. scripts/sanitize.sh -R Imap
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

sanitize="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIERDESK_BUILD_BENCH=OFF \
  -DCMAKE_CXX_FLAGS="$sanitize" -DCMAKE_EXE_LINKER_FLAGS="$sanitize" "${launcher[@]}" >/dev/null
cmake --build build-asan --parallel "$(nproc)"

# Leaks are checked in every process, tierdesk serve included. GLib's and GMime's one-time
# allocations (type registrations, charset tables) stay reachable from their statics, which LSan
# does not count as leaks, so nothing needs suppressing; should a library ever need it, name it in
# scripts/lsan.supp rather than turning leak checks off.
lsan=""
[ -f scripts/lsan.supp ] && lsan="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"

export ASAN_OPTIONS="halt_on_error=1:abort_on_error=0:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:strict_string_checks=1"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
export LSAN_OPTIONS="$lsan"
ctest --test-dir build-asan --output-on-failure --parallel "$(nproc)" --timeout 900 "$@"
