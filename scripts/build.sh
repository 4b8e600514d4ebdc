#!/usr/bin/env bash
# Configures and builds tierdesk (Release) into ./build, and the web pages into web/dist.
# TIERDESK_WEB=OFF builds only the C++ (no Node needed) and leaves the browser tests out.
set -euo pipefail
cd "$(dirname "$0")/.."
web=${TIERDESK_WEB:-ON}
# A unity build (sources compiled eight to a unit) halves a clean build on two cores; every
# source must therefore compile beside the others (no two files' private names may clash).
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON -DTIERDESK_WEB="$web"
cmake --build build --parallel "$(nproc)"
if [ "$web" != OFF ]; then bash scripts/build-web.sh; fi
