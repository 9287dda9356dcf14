"""Where Curator's bundled files live: frozen (PyInstaller), installed, or in a source tree.

Qt-free, so headless commands and the core can find the seeds without a GUI.
"""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


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
    for path in _candidates(name):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"Curator's bundled '{name}' folder is missing (looked in "
                            + ", ".join(str(p) for p in _candidates(name)) + ")")


def seeds_dir() -> Path:
    return bundled_dir("seeds")


def resources_dir() -> Path:
    return bundled_dir("resources")
