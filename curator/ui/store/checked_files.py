"""Project files the window has checked for damage and left unchanged since.

SQLite's quick check reads every page of the file: about 3 to 5 s for a million events (1.2 GB).
The window runs it before it shows a project, unless the file is exactly as this computer's
Curator left it after a check: the project was checked when it was opened, then closed cleanly by
Curator (its WAL folded into the file), and its size, modification time and SQLite's change
counter (which every other writer bumps) are still those recorded at that close. Anything else
(another program's write, a copy from elsewhere, a sync, a restore) changes the fingerprint and
the file is checked again. The record lives in the settings (``QSettings``), per resolved path.

The headless commands always check (they keep no settings).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from curator.core.sqlite_file import has_content, parse_header, read_head, side_file

KEY = "checked_files"  # QSettings group: resolved path -> fingerprint
LIMIT = 20  # files remembered


def fingerprint(path: Path) -> Optional[str]:
    """"size:mtime_ns:change counter" of ``path`` with nothing waiting in its -wal; else None."""
    try:
        if has_content(side_file(path, "-wal")):
            return None
        stat = path.stat()
        header = parse_header(read_head(path))
    except OSError:
        return None
    if header is None:
        return None
    return f"{stat.st_size}:{stat.st_mtime_ns}:{header.change_counter}"


def _settings():
    from curator.ui import app

    return app.settings()


def settings_key(path: Path) -> str:
    return str(Path(path).resolve()).replace("/", "|").replace("\\", "|")  # QSettings groups use "/"


def recorded() -> dict[str, str]:
    """settings_key(path) -> the fingerprint recorded when Curator last closed it after a check."""
    settings = _settings()
    settings.beginGroup(KEY)
    try:
        return {name: str(settings.value(name, "")) for name in settings.childKeys()}
    finally:
        settings.endGroup()


def remember(path: Path) -> None:
    """``path`` was checked when opened and Curator has just closed it: record how it is now."""
    settings = _settings()
    found = fingerprint(Path(path))
    if found is None:
        forget(path)
        return
    settings.beginGroup(KEY)
    try:
        names = settings.childKeys()
        if len(names) >= LIMIT and settings_key(path) not in names:
            for name in names[: len(names) - LIMIT + 1]:
                settings.remove(name)
        settings.setValue(settings_key(path), found)
    finally:
        settings.endGroup()


def forget(path: Path) -> None:
    _settings().remove(f"{KEY}/{settings_key(path)}")
