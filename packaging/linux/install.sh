#!/usr/bin/env bash
# Install Curator for the current user from the unpacked Linux archive (no root needed):
# the app folder in ~/.local/lib/curator, the `curator` command in ~/.local/bin, the menu
# entry, the icon and the .curator file type. ./install.sh --uninstall removes them again.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PREFIX="${PREFIX:-$HOME/.local}"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"

refresh() {
    command -v update-mime-database >/dev/null && update-mime-database "$DATA/mime" || true
    command -v update-desktop-database >/dev/null && update-desktop-database "$DATA/applications" || true
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX/lib/curator"
    rm -f "$PREFIX/bin/curator" "$DATA/applications/curator.desktop" \
          "$DATA/mime/packages/curator-mime.xml" "$DATA/icons/hicolor/256x256/apps/curator.png" \
          "$DATA/icons/hicolor/scalable/apps/curator.svg"
    refresh
    echo "Curator removed."
    exit 0
fi

mkdir -p "$PREFIX/lib" "$PREFIX/bin" "$DATA/applications" "$DATA/mime/packages" \
         "$DATA/icons/hicolor/256x256/apps" "$DATA/icons/hicolor/scalable/apps"
rm -rf "$PREFIX/lib/curator"
cp -R "$HERE/curator" "$PREFIX/lib/curator"
ln -sf "$PREFIX/lib/curator/curator" "$PREFIX/bin/curator"
sed "s|^Exec=curator|Exec=$PREFIX/bin/curator|; s|^TryExec=curator|TryExec=$PREFIX/bin/curator|" \
    "$HERE/curator.desktop" > "$DATA/applications/curator.desktop"
cp "$HERE/curator-mime.xml" "$DATA/mime/packages/curator-mime.xml"
cp "$HERE/curator.png" "$DATA/icons/hicolor/256x256/apps/curator.png"
cp "$HERE/curator.svg" "$DATA/icons/hicolor/scalable/apps/curator.svg"
refresh
echo "Curator installed: $PREFIX/bin/curator (menu entry and .curator file type registered)."
