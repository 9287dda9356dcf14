"""Derive Curator's app icons from the SVG master, resources/icons/curator.svg.

Renders square PNGs with Qt's SVG renderer and writes the Windows .ico and macOS .icns
containers itself (both hold PNG images), so no platform tool is needed:

    .venv/bin/python packaging/make_icons.py        # rewrites resources/icons/*.png|ico|icns
    .venv/bin/python packaging/make_icons.py --check  # exit 1 if the committed files are stale

Outputs (committed to the repository, bundled by packaging/curator.spec):
    curator-16.png ... curator-1024.png   one per size in PNG_SIZES
    curator.png                           256 px, the window icon and the Linux desktop icon
    curator.ico                           16-256 px PNG entries (Windows exe, installer, files)
    curator.icns                          16-1024 px PNG entries, incl. @2x (macOS .app)
"""

from __future__ import annotations

import argparse
import os
import struct
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
MASTER = ICON_DIR / "curator.svg"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types that hold PNG data, and their pixel size (Apple's icns format).
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64),
    (b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)


def render_pngs(svg: Path, sizes: tuple[int, ...]) -> dict[int, bytes]:
    """PNG bytes of ``svg`` rendered at each size, transparent around the artwork."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (keeps Qt alive)
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not a valid SVG")
    result = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        result[size] = bytes(data)
    return result


def build_ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO container whose images are PNGs (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    directory = b""
    offset = 6 + 16 * len(pngs)
    body = b""
    for size in sorted(pngs):
        data = pngs[size]
        dim = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        directory += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
        body += data
    return header + directory + body


def build_icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS container with one PNG element per entry of ICNS_TYPES."""
    elements = b"".join(struct.pack(">4sI", kind, 8 + len(pngs[size])) + pngs[size]
                        for kind, size in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(elements)) + elements


def derived_files(svg: Path = MASTER) -> dict[str, bytes]:
    """File name -> content of every file derived from the master."""
    sizes = tuple(sorted(set(PNG_SIZES) | set(ICO_SIZES) | {s for _, s in ICNS_TYPES}))
    pngs = render_pngs(svg, sizes)
    files = {f"curator-{size}.png": pngs[size] for size in PNG_SIZES}
    files["curator.png"] = pngs[256]
    files["curator.ico"] = build_ico({size: pngs[size] for size in ICO_SIZES})
    files["curator.icns"] = build_icns(pngs)
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a derived file is missing or differs")
    args = parser.parse_args(argv)
    files = derived_files()
    if args.check:
        stale = [name for name, data in files.items()
                 if not (ICON_DIR / name).is_file() or (ICON_DIR / name).read_bytes() != data]
        if stale:
            print("make_icons: stale or missing: " + ", ".join(stale), file=sys.stderr)
            return 1
        print(f"make_icons: {len(files)} derived icon files are up to date")
        return 0
    for name, data in files.items():
        (ICON_DIR / name).write_bytes(data)
        print(f"{name:18} {len(data):>9,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
