#!/usr/bin/env bash
# `npm test`: installs everything and runs every test: typecheck, format, lint, unit, integration
# (PostgreSQL, PGlite, real Prometheus), web, and the browser journeys in Debian's Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM=(npx --yes pnpm@10.34.8)
bash scripts/setup-machine.sh
"${PNPM[@]}" install --frozen-lockfile
mkdir -p .tmp
echo "== typecheck"; "${PNPM[@]}" run typecheck
echo "== format (prettier, 120 columns; product files at most 300 lines)"; "${PNPM[@]}" run format:check; node scripts/file-size.mjs
echo "== lint"; "${PNPM[@]}" run lint
echo "== build"; "${PNPM[@]}" run build
echo "== release (the tarball the release test unpacks)"; RALF_RELEASE_BUILT=1 bash scripts/release.sh
echo "== vitest (unit, integration, web)"
"${PNPM[@]}" exec vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json
echo "== playwright (e2e in Debian Chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=../.tmp/playwright.json "${PNPM[@]}" --filter @ralf/e2e exec playwright test --reporter=list,json
node scripts/summary.mjs .tmp/vitest.json .tmp/playwright.json
