#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test suite: the C++ suites and, unless
# TIERDESK_WEB=OFF, the pages in Chromium (tests/e2e).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
source scripts/npm-env.sh
if [ "${TIERDESK_WEB:-ON}" != OFF ]; then
  (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
fi
ctest --test-dir build --output-on-failure --parallel "$(nproc)" --timeout 600
