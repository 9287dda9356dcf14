#!/usr/bin/env bash
# Make dist/Curator-<version>-linux-<arch>.tar.gz from dist/curator/ (packaging/build.sh):
# the frozen folder, the desktop entry, the icon, the .curator MIME type and install.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -n1)"
NAME="Curator-$VERSION-linux-$(uname -m)"
[ -x "$ROOT/dist/curator/curator" ] || { echo "make_tarball: run packaging/build.sh first" >&2; exit 1; }

STAGING="$(mktemp -d)"
trap 'rm -rf "$STAGING"' EXIT
mkdir "$STAGING/$NAME"
cp -R "$ROOT/dist/curator" "$STAGING/$NAME/curator"
cp "$ROOT/resources/curator.desktop" "$ROOT/packaging/linux/curator-mime.xml" \
   "$ROOT/packaging/linux/install.sh" "$ROOT/resources/icons/curator.svg" "$STAGING/$NAME/"
cp "$ROOT/resources/icons/curator-256.png" "$STAGING/$NAME/curator.png"
tar -C "$STAGING" -czf "$ROOT/dist/$NAME.tar.gz" "$NAME"
echo "make_tarball: dist/$NAME.tar.gz ($(du -h "$ROOT/dist/$NAME.tar.gz" | cut -f1))"
