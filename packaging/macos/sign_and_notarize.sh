#!/usr/bin/env bash
# Sign dist/Curator.app (and, given a path, a .dmg) with a Developer ID and notarise it.
# Each step runs only when its credentials are present, and says so when it is skipped:
#
#   signing      MACOS_CERTIFICATE (base64 .p12), MACOS_CERTIFICATE_PASSWORD,
#                MACOS_SIGNING_IDENTITY ("Developer ID Application: Name (TEAMID)")
#   notarising   APPLE_ID, APPLE_TEAM_ID, APPLE_APP_PASSWORD (an app-specific password);
#                needs signing too
#
#   packaging/macos/sign_and_notarize.sh app              sign the .app (before make_dmg.sh)
#   packaging/macos/sign_and_notarize.sh dmg PATH.dmg     sign, notarise and staple the .dmg
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
APP="$ROOT/dist/Curator.app"
ENTITLEMENTS="$ROOT/packaging/macos/entitlements.plist"
STEP="${1:-app}"

have_signing() {
    [ -n "${MACOS_CERTIFICATE:-}" ] && [ -n "${MACOS_CERTIFICATE_PASSWORD:-}" ] \
        && [ -n "${MACOS_SIGNING_IDENTITY:-}" ]
}
have_notary() {
    [ -n "${APPLE_ID:-}" ] && [ -n "${APPLE_TEAM_ID:-}" ] && [ -n "${APPLE_APP_PASSWORD:-}" ]
}

if ! have_signing; then
    echo "sign_and_notarize: MACOS_CERTIFICATE / MACOS_CERTIFICATE_PASSWORD / MACOS_SIGNING_IDENTITY" \
         "not set: skipping code signing and notarisation ($STEP is left unsigned)"
    exit 0
fi

# A throw-away keychain holding the certificate, for this run only.
KEYCHAIN="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/curator-signing.keychain-db"
KEYCHAIN_PASSWORD="$(uuidgen)"
if [ ! -f "$KEYCHAIN" ]; then
    CERT="$(mktemp -t curator-cert).p12"
    echo "$MACOS_CERTIFICATE" | base64 --decode > "$CERT"
    security create-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security set-keychain-settings -lut 21600 "$KEYCHAIN"
    security unlock-keychain -p "$KEYCHAIN_PASSWORD" "$KEYCHAIN"
    security import "$CERT" -P "$MACOS_CERTIFICATE_PASSWORD" -A -t cert -f pkcs12 -k "$KEYCHAIN"
    security set-key-partition-list -S apple-tool:,apple: -k "$KEYCHAIN_PASSWORD" "$KEYCHAIN" >/dev/null
    security list-keychains -d user -s "$KEYCHAIN" $(security list-keychains -d user | tr -d '"')
    rm -f "$CERT"
fi

case "$STEP" in
    app)
        echo "sign_and_notarize: signing $APP as $MACOS_SIGNING_IDENTITY (hardened runtime)"
        # inside-out: every Mach-O first, then the bundle
        find "$APP/Contents" -type f \( -name '*.dylib' -o -name '*.so' -o -perm -u+x \) -print0 |
            xargs -0 codesign --force --timestamp --options runtime \
                --entitlements "$ENTITLEMENTS" --sign "$MACOS_SIGNING_IDENTITY" 2>/dev/null || true
        # then the nested Qt frameworks as bundles, deepest first
        find "$APP/Contents" -type d -name '*.framework' -print | awk '{ print length, $0 }' |
            sort -rn | cut -d' ' -f2- | while IFS= read -r framework; do
                codesign --force --timestamp --options runtime --sign "$MACOS_SIGNING_IDENTITY" "$framework"
            done
        codesign --force --timestamp --options runtime --entitlements "$ENTITLEMENTS" \
            --sign "$MACOS_SIGNING_IDENTITY" "$APP"
        codesign --verify --deep --strict --verbose=2 "$APP"
        ;;
    dmg)
        DMG="${2:?usage: sign_and_notarize.sh dmg PATH.dmg}"
        codesign --force --timestamp --sign "$MACOS_SIGNING_IDENTITY" "$DMG"
        if ! have_notary; then
            echo "sign_and_notarize: APPLE_ID / APPLE_TEAM_ID / APPLE_APP_PASSWORD not set:" \
                 "skipping notarisation ($DMG is signed, not notarised)"
            exit 0
        fi
        echo "sign_and_notarize: notarising $DMG"
        xcrun notarytool submit "$DMG" --apple-id "$APPLE_ID" --team-id "$APPLE_TEAM_ID" \
            --password "$APPLE_APP_PASSWORD" --wait
        xcrun stapler staple "$DMG"
        spctl --assess --type open --context context:primary-signature --verbose=2 "$DMG"
        ;;
    *) echo "sign_and_notarize: unknown step $STEP (app or dmg)" >&2; exit 2 ;;
esac
