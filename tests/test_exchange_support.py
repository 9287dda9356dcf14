"""Helpers (no tests) shared by the exchange and merge tests: content independent of local ids."""

from __future__ import annotations

import json
from pathlib import Path

from curator.core import Project, bulk


def records(project: Project) -> dict[str, list[dict]]:
    with project._read() as conn:
        return bulk.read_all(conn)


def history(project: Project) -> dict[str, set[str]]:
    with project._read() as conn:
        return bulk.read_history(conn)


def content(project: Project) -> dict[str, dict[str, dict]]:
    """kind -> uid -> exchange record (stamps included): what a user's data is, not its ids."""
    return {key: {r["uid"]: r for r in recs} for key, recs in records(project).items()}


def states(project: Project) -> dict[str, dict[str, str]]:
    """kind -> uid -> state hash: the content that merges compare."""
    return {kind.key: {r["uid"]: bulk.state_hash(kind, r) for r in records(project)[kind.key]}
            for kind in bulk.KINDS}


def load(path: Path) -> dict:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.pop("exported_at", None)
    return data


def write(path: Path, data: dict) -> Path:
    Path(path).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return Path(path)
