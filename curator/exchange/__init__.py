"""Qt-free exchange: JSON export/import with a published JSON Schema, ``.curator`` copies, CSV,
TimelineJS, W3C Web Annotation, and merging copies of a project.

Long runs take ``progress(done, total) -> bool``; returning False cancels (Cancelled is raised
and the transaction rolls back)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Optional

from curator.core.errors import InvalidInput

if TYPE_CHECKING:  # the package's modules import the facade when they run, not this one
    from curator.core.project import Project

Progress = Callable[[int, int], bool]

EXPORT_FORMATS = {  # suffix -> (label for a file dialog, module, function)
    ".timeline.json": ("TimelineJS", "curator.exchange.formats", "export_timeline"),
    ".json": ("JSON export", "curator.exchange.json_format", "export_json"),
    ".acled.csv": ("ACLED-style CSV, one row per event", "curator.exchange.acled_export", "export_acled"),
    ".csv": ("CSV, one row per event", "curator.exchange.formats", "export_csv"),
    ".jsonld": ("W3C Web Annotation", "curator.exchange.formats", "export_web_annotation"),
    ".curator": ("Curator project copy", "curator.exchange.copy", "export_copy"),
    ".sqlite": ("Curator project copy", "curator.exchange.copy", "export_copy"),
}


def export_format(path: str | Path) -> str:
    """The suffix key of EXPORT_FORMATS that ``path`` asks for (the longest that matches)."""
    name = Path(path).name.lower()
    for suffix in EXPORT_FORMATS:  # ".timeline.json" is tried before ".json", ".acled.csv" before ".csv"
        if name.endswith(suffix):
            return suffix
    raise InvalidInput(f"cannot tell the export format of {Path(path).name}: use one of "
                       + ", ".join(EXPORT_FORMATS))


FORMAT_NAMES = {"json": ".json", "csv": ".csv", "acled": ".acled.csv", "timeline": ".timeline.json",
                "jsonld": ".jsonld", "curator": ".curator"}
"""``curator export --format NAME``: the format asked for by name, whatever the file's suffix."""


def export_project(project: Project, path: str | Path, progress: Optional[Progress] = None,
                   format: Optional[str] = None) -> dict:
    """Export by ``path``'s suffix, or by ``format`` (a key of FORMAT_NAMES) when given; returns
    a small report."""
    import importlib

    from curator.core.file_access import cannot_create_in

    if format is not None and format not in FORMAT_NAMES:
        raise InvalidInput(f"no export format named {format!r} (there are {', '.join(FORMAT_NAMES)})")
    _, module, function = EXPORT_FORMATS[FORMAT_NAMES[format] if format else export_format(path)]
    folder = Path(path).parent
    if not folder.is_dir():  # say so before the work, not after
        raise InvalidInput(f"cannot write {path}: folder {folder} does not exist")
    why = cannot_create_in(folder)
    if why:
        raise InvalidInput(f"cannot write {path}: folder {folder} {why}")
    return getattr(importlib.import_module(module), function)(project, path, progress)


def export_filters() -> list[str]:
    """Name filters for a save dialog, one per format, e.g. "JSON export (*.json)"."""
    labels: dict[str, list[str]] = {}
    for suffix, (label, _, _) in EXPORT_FORMATS.items():
        labels.setdefault(label, []).append(f"*{suffix}")
    return [f"{label} ({' '.join(patterns)})" for label, patterns in labels.items()]
