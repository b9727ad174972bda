#!/bin/sh
# Vendor the Porter stemmer the search page uses for English (static/js/search/engine.js)
# into static/vendor/ from the npm registry: `stemmer` by Titus Wormer (MIT), an ES module
# of 4 KB, unchanged, with its licence. Never a CDN. Needs npm, installs nothing.
#
#   scripts/vendor_stemmer.sh           fetch and copy, then verify against scripts/vendor_stemmer.sha256
#   scripts/vendor_stemmer.sh --check   only verify the committed files (offline)
#   scripts/vendor_stemmer.sh --update  fetch and copy, then record new checksums (after a version bump)
set -eu
cd "$(dirname "$0")/.."
VERSION=2.0.1
TARGET="static/vendor/stemmer-$VERSION"
SUMS=scripts/vendor_stemmer.sha256

if [ "${1:-}" != "--check" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" "stemmer@$VERSION" >/dev/null
  tar -xzf "$work/stemmer-$VERSION.tgz" -C "$work"
  rm -rf "$TARGET" && mkdir -p "$TARGET"
  cp "$work/package/index.js" "$TARGET/index.js"
  cp "$work/package/license" "$TARGET/LICENSE"
fi
if [ "${1:-}" = "--update" ]; then
  find "$TARGET" -type f | LC_ALL=C sort | xargs sha256sum > "$SUMS"
fi
sha256sum -c --quiet "$SUMS" && echo "$TARGET matches $SUMS"
