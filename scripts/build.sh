#!/usr/bin/env bash
# Configures and builds tierdesk (Release) into ./build, and the web pages into web/dist.
# TIERDESK_WEB=OFF builds only the C++ (no Node needed) and leaves the browser tests out.
set -euo pipefail
cd "$(dirname "$0")/.."
web=${TIERDESK_WEB:-ON}
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DTIERDESK_WEB="$web"
cmake --build build --parallel "$(nproc)"
if [ "$web" != OFF ]; then bash scripts/build-web.sh; fi
