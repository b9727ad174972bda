#!/bin/sh
# Vendor the browser side of interactive charts into static/vendor/ from the npm registry:
# vega and vega-embed, pinned to the versions vl-convert 1.9.0 renders with (so the live
# chart matches the static SVG), with their licences. Never a CDN. Needs npm, installs
# nothing: `npm pack` downloads the tarballs and checks them against the registry's integrity.
#
#   scripts/vendor_vega.sh           fetch and copy, then verify against scripts/vendor_vega.sha256
#   scripts/vendor_vega.sh --check   only verify the committed files (offline)
#   scripts/vendor_vega.sh --update  fetch and copy, then record new checksums (after a version bump)
#
# The one change to the files: the trailing `//# sourceMappingURL=` comment is removed, so
# browsers' developer tools do not ask the site for .map files it does not ship.
set -eu
cd "$(dirname "$0")/.."
VEGA=6.2.0
EMBED=7.0.2
SUMS=scripts/vendor_vega.sha256

if [ "${1:-}" != "--check" ]; then
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  npm pack --silent --pack-destination "$work" "vega@$VEGA" "vega-embed@$EMBED" >/dev/null
  for spec in "vega $VEGA" "vega-embed $EMBED"; do
    set -- $spec
    target="static/vendor/$1-$2"
    rm -rf "$target" && mkdir -p "$work/$1" "$target"
    tar -xzf "$work/$1-$2.tgz" -C "$work/$1"
    sed '/^\/\/# sourceMappingURL=/d' "$work/$1/package/build/$1.min.js" > "$target/$1.min.js"
    cp "$work/$1/package/LICENSE" "$target/LICENSE"
  done
fi
if [ "${1:-}" = "--update" ]; then
  find static/vendor -type f | LC_ALL=C sort | xargs sha256sum > "$SUMS"
fi
sha256sum -c --quiet "$SUMS" && echo "static/vendor matches $SUMS"
