#!/usr/bin/env bash
# Make dist/Curator-<version>-macOS.dmg from dist/Curator.app (built by packaging/build.sh):
# a compressed disk image holding the app and a link to /Applications to drag it onto.
# Signing/notarisation (packaging/macos/sign_and_notarize.sh) runs before and after when its
# credentials are present; it is skipped with a message otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/dist/Curator.app"
VERSION="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$ROOT/pyproject.toml" | head -n1)"
DMG="$ROOT/dist/Curator-$VERSION-macOS.dmg"

[ -d "$APP" ] || { echo "make_dmg: $APP is missing: run packaging/build.sh first" >&2; exit 1; }
PLIST_VERSION="$(/usr/libexec/PlistBuddy -c 'Print :CFBundleShortVersionString' "$APP/Contents/Info.plist")"
[ "$PLIST_VERSION" = "$VERSION" ] \
    || { echo "make_dmg: the app says $PLIST_VERSION, pyproject.toml says $VERSION" >&2; exit 1; }

"$ROOT/packaging/macos/sign_and_notarize.sh" app

STAGING="$(mktemp -d -t curator-dmg)"
trap 'rm -rf "$STAGING"' EXIT
cp -R "$APP" "$STAGING/"
ln -s /Applications "$STAGING/Applications"
rm -f "$DMG"
hdiutil create -volname "Curator $VERSION" -srcfolder "$STAGING" -fs HFS+ -format UDZO \
    -imagekey zlib-level=9 -ov "$DMG"
hdiutil verify "$DMG"

"$ROOT/packaging/macos/sign_and_notarize.sh" dmg "$DMG"
echo "make_dmg: $DMG ($(du -h "$DMG" | cut -f1))"
