#!/usr/bin/env bash
# `npm run release`: builds release/ralf-ui-<version>.tar.gz, a folder that runs with Node 20 alone:
# the built web app, the bundled BFF with its production dependencies (PGlite's WebAssembly, and
# argon2's native part for linux x64 and arm64, glibc and musl), the catalog and profiles, and the
# bin/ralf-ui launcher. No install step and no network where it is unpacked (issue 25).
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM=(npx --yes pnpm@10.34.8)
VERSION=$(node -p 'require("./package.json").version')
NAME="ralf-ui-$VERSION"
OUT="$PWD/release"
STAGE="$OUT/$NAME"
if [ "${RALF_RELEASE_BUILT:-}" != 1 ]; then
  "${PNPM[@]}" install --frozen-lockfile
  "${PNPM[@]}" run build
fi
rm -rf "$STAGE" "$OUT/$NAME.tar.gz"
mkdir -p "$OUT"
echo "== the BFF and its production dependencies"
"${PNPM[@]}" --filter @ralf/bff deploy --prod --legacy \
  --os=linux --cpu=x64 --cpu=arm64 --libc=glibc --libc=musl "$STAGE/app/bff" > /dev/null
BFF="$STAGE/app/bff"
# The sources, tests and source maps stay behind; so do type declarations and TypeScript itself
# (tRPC names it as a peer, nothing loads it at run time). Licences stay.
rm -rf "$BFF/src" "$BFF/test" "$BFF/build.mjs" "$BFF/tsconfig.json" "$BFF"/dist/*.map "$BFF"/node_modules/.pnpm/typescript@*
find "$BFF/node_modules" \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.cts' -o -name '*.d.mts' \) -type f -delete
find "$BFF/node_modules" -xtype l -delete
mkdir -p "$STAGE/app/web" "$STAGE/bin"
cp -r apps/web/dist "$STAGE/app/web/dist"
cp scripts/release/ralf-ui "$STAGE/bin/ralf-ui"
chmod 755 "$STAGE/bin/ralf-ui"
cp scripts/release/ralf-ui.service scripts/release/ralf-ui.env "$STAGE/"
echo "$VERSION" > "$STAGE/VERSION"
tar -C "$OUT" --owner=0 --group=0 --numeric-owner -czf "$OUT/$NAME.tar.gz" "$NAME"
rm -rf "$STAGE"
echo "release/$NAME.tar.gz: $(du -h "$OUT/$NAME.tar.gz" | cut -f1)"
