#!/usr/bin/env bash
# Builds the web pages into web/dist with exactly the npm versions in web/package-lock.json:
# generates the API's types from src/http/openapi.json (openapi-typescript), type-checks the pages
# against them (svelte-check) and bundles them (Vite). Needs Node 18.19+ and npm
# (scripts/install-deps.sh installs Debian's when npm is missing).
set -euo pipefail
source "$(dirname "$0")/npm-env.sh"
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund --loglevel=error
# The API's types come from its document: a page that disagrees with it fails the check.
npm run --silent types
npm run --silent check
npm run --silent build
