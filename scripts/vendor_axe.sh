#!/bin/sh
# Vendor axe-core (the accessibility engine the browser tests inject) into tests/browser/vendor/
# from the npm registry, pinned, with its licence. It is a test tool: it lives under tests/ and
# is never part of site/. Needs npm, installs nothing: `npm pack` downloads the tarball and
# checks it against the registry's integrity hash; sha256sum then checks the copied files
# against the checksums committed in scripts/vendor_axe.sha256.
#
#   scripts/vendor_axe.sh           fetch and copy, then verify against scripts/vendor_axe.sha256
#   scripts/vendor_axe.sh --check   only verify the committed files (offline)
#   scripts/vendor_axe.sh --update  fetch and copy, then record new checksums (after a version bump)
set -eu
cd "$(dirname "$0")/.."
AXE=4.14.1
TARGET=tests/browser/vendor/axe-core
SUMS=scripts/vendor_axe.sha256

if [ "${1:-}" != "--check" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" "axe-core@$AXE" >/dev/null
  tar -xzf "$work/axe-core-$AXE.tgz" -C "$work"
  rm -rf "$TARGET" && mkdir -p "$TARGET"
  cp "$work/package/axe.min.js" "$work/package/LICENSE" "$TARGET/"
  echo "$AXE" > "$TARGET/VERSION"
fi
if [ "${1:-}" = "--update" ]; then
  find "$TARGET" -type f | LC_ALL=C sort | xargs sha256sum > "$SUMS"
fi
sha256sum -c --quiet "$SUMS" && echo "$TARGET matches $SUMS"
