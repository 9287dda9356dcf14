"""Where Curator's bundled files live: frozen (PyInstaller), installed, or in a source tree.

Qt-free, so headless commands and the core can find the seeds without a GUI.

Layouts, in the order they are tried:
- frozen (packaging/curator.spec): ``sys._MEIPASS/seeds`` and ``sys._MEIPASS/resources``
  (``dist/curator/_internal/`` on Windows/Linux, ``Curator.app/Contents/Frameworks/`` on macOS,
  where PyInstaller links them to ``Contents/Resources/``);
- source tree or editable install: ``<repo>/seeds`` and ``<repo>/resources``;
- wheel install: ``curator/_bundled/seeds`` and ``curator/_bundled/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def is_frozen() -> bool:
    """True when running from a PyInstaller build (packaging/curator.spec)."""
    return bool(getattr(sys, "frozen", False) and getattr(sys, "_MEIPASS", None))


def _candidates(name: str) -> list[Path]:
    found = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        found.append(Path(frozen_root) / name)
    found.append(_PACKAGE_DIR.parent / name)  # source tree / editable install
    found.append(_PACKAGE_DIR / "_bundled" / name)  # wheel install
    return found


def bundled_dir(name: str) -> Path:
    """The folder ``name`` ("seeds" or "resources") shipped with Curator."""
    candidates = _candidates(name)
    for path in candidates:
        if path.is_dir():
            return path
    raise FileNotFoundError(f"Curator's bundled '{name}' folder is missing (looked in "
                            + ", ".join(str(p) for p in candidates) + ")")


def seeds_dir() -> Path:
    """The sample corpus that ``curator new --demo`` and the first run import."""
    return bundled_dir("seeds")


def resources_dir() -> Path:
    """Icons, the JSON Schema, the desktop entry."""
    return bundled_dir("resources")
