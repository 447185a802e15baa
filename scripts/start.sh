#!/usr/bin/env bash
# `npm start`: installs, builds and starts ralf-ui on its embedded default (PGlite + demo lab).
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM=(npx --yes pnpm@10.34.8)
"${PNPM[@]}" install --frozen-lockfile
"${PNPM[@]}" run build
exec node apps/bff/dist/main.js
