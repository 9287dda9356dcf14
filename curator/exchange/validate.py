"""Checking an export before anything is written: the JSON Schema, then the data itself.

Every problem is reported with the JSON path of the value at fault (``$.spans[3].end``), so a
user can find it in the file; nothing is written unless there are none.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

from curator.core.bulk import KINDS
from curator.core.project import text_sha256
from curator.exchange.errors import NewerFormatError, Problem
from curator.exchange.schema_check import compile_schema
from curator.paths import resources_dir

FORMAT = "curator-export"
FORMAT_VERSION = 1
SCHEMA_FILE = f"curator-export-{FORMAT_VERSION}.schema.json"
MAX_PROBLEMS = 1000  # a wholly wrong file would otherwise list millions
OPTIONAL_KEYS = ("rejected_suggestions",)
"""Record lists format 1 gained before its release: an export written without one (by an early
build or a script) means none, and reads as an empty list."""


def schema_path() -> Path:
    return resources_dir() / "schema" / SCHEMA_FILE


@lru_cache(maxsize=1)
def schema() -> dict:
    return json.loads(schema_path().read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


@lru_cache(maxsize=1)
def _fast_check():
    return compile_schema(schema())


@lru_cache(maxsize=4096)
def _edtf_problem(value: str) -> str | None:
    """Why ``value`` is not valid EDTF, or None (cached: exports repeat the same dates)."""
    try:
        _parse_edtf(value)
    except Exception as exc:  # noqa: BLE001 - DateInputError, or any refusal of the engine
        return f"not valid EDTF: {exc}"
    return None


def _parse_edtf(value: str):
    try:  # the package exports it once the date engine is complete
        from curator.temporal import parse_edtf
    except ImportError:
        from curator.temporal.edtf import parse_edtf
    return parse_edtf(value)


def check_version(data) -> None:
    """Refuse an export from a newer Curator before looking at anything else."""
    if isinstance(data, dict):
        version = data.get("format_version")
        if isinstance(version, (int, float)) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise NewerFormatError(
                f"the export uses format version {version}; this Curator reads up to "
                f"{FORMAT_VERSION}: update Curator to import it")


def schema_problems(data) -> list[Problem]:
    """Every schema error with its JSON path (none when the fast check passes the document)."""
    if _fast_check()(data):
        return []
    problems = []
    for error in _validator().iter_errors(data):
        problems.append(Problem(error.json_path, error.message[:300]))
        if len(problems) >= MAX_PROBLEMS:
            break
    return sorted(problems, key=lambda p: p.path)


@lru_cache(maxsize=65536)
def _day_key(value: str) -> tuple[int, int, int] | None:
    """(year, month, day) of an ISO day (years may be negative), or None if it is no real day."""
    sign = -1 if value.startswith("-") else 1
    try:
        year, month, day = (int(p) for p in value.lstrip("-").split("-"))
        date(year if 1 <= year <= 9999 and sign > 0 else 2000, month, day)
    except ValueError:
        return None
    return sign * year, month, day


def data_problems(data: dict) -> list[Problem]:
    """What the schema cannot say: unique uids, hashes, offsets and quotes against the text,
    EDTF dates and their bounds, rejected suggestions' passages and dates, and that every
    reference resolves. ``data`` passed the schema (and has every key of KINDS)."""
    problems: list[Problem] = []
    add = problems.append
    uids: dict[str, dict[str, int]] = {}
    for kind in KINDS:
        seen: dict[str, int] = {}
        for i, rec in enumerate(data[kind.key]):
            if rec["uid"] in seen:
                add(Problem(f"$.{kind.key}[{i}].uid",
                            f"{rec['uid']} is used again (first at $.{kind.key}[{seen[rec['uid']]}])"))
            else:
                seen[rec["uid"]] = i
        uids[kind.key] = seen
        for i, rec in enumerate(data[kind.key]):
            for name, _, target in kind.refs:
                if rec[name] not in uids[target]:
                    add(Problem(f"$.{kind.key}[{i}].{name}",
                                f"refers to {target[:-1] if target != 'evidence' else target} "
                                f"{rec[name]}, which is not in the file"))
    texts = {}
    for i, doc in enumerate(data["documents"]):
        texts[doc["uid"]] = doc["text"]
        if text_sha256(doc["text"]) != doc["sha256"]:
            add(Problem(f"$.documents[{i}].sha256", "does not match the SHA-256 of the text"))
    for i, span in enumerate(data["spans"]):
        span["start"], span["end"] = int(span["start"]), int(span["end"])  # JSON allows 3.0
        text = texts.get(span["document"])
        if text is None:
            continue
        start, end = span["start"], span["end"]
        if end < start:
            add(Problem(f"$.spans[{i}].end", f"{end} is before start {start}"))
        elif end > len(text):
            add(Problem(f"$.spans[{i}].end",
                        f"{end} is past the end of the document's text ({len(text)} code points)"))
        elif text[start:end] != span["quote"]:
            add(Problem(f"$.spans[{i}].quote",
                        f"differs from the document's text at {start}..{end} "
                        f"({text[start:end][:40]!r} there)"))
    for i, event in enumerate(data["events"]):
        problems.extend(_date_problems(f"$.events[{i}]", event))
        if len(problems) >= MAX_PROBLEMS:
            break
    problems.extend(_rejection_problems(data["rejected_suggestions"], texts))
    return problems[:MAX_PROBLEMS]


def _rejection_problems(rejections: list[dict], texts: dict[str, str]) -> list[Problem]:
    """A rejected suggestion names a non-empty passage of its document (0 <= start < end <=
    length) and a valid EDTF date or none ("")."""
    out = []
    for i, rec in enumerate(rejections):
        rec["start"], rec["end"] = int(rec["start"]), int(rec["end"])  # JSON allows 3.0
        path = f"$.rejected_suggestions[{i}]"
        text = texts.get(rec["document"])
        start, end = rec["start"], rec["end"]
        if end <= start:
            out.append(Problem(f"{path}.end", f"{end} is not after start {start}"))
        elif text is not None and end > len(text):
            out.append(Problem(f"{path}.end",
                               f"{end} is past the end of the document's text ({len(text)} code points)"))
        if rec["edtf"]:
            reason = _edtf_problem(rec["edtf"])
            if reason:
                out.append(Problem(f"{path}.edtf", reason))
        if len(out) >= MAX_PROBLEMS:
            break
    return out


def _date_problems(path: str, event: dict) -> list[Problem]:
    out = []
    if event["edtf"]:
        reason = _edtf_problem(event["edtf"])
        if reason:
            out.append(Problem(f"{path}.edtf", reason))
    bounds = {}
    for name in ("earliest", "latest"):
        value = event[name]
        if value is not None:
            key = _day_key(value)
            if key is None:
                out.append(Problem(f"{path}.{name}", f"{value!r} is not a calendar date"))
            else:
                bounds[name] = key
    if (event["earliest"] is None) != (event["latest"] is None):
        missing = "latest" if event["latest"] is None else "earliest"
        out.append(Problem(f"{path}.{missing}", "a date needs both earliest and latest, or neither"))
    elif len(bounds) == 2 and bounds["earliest"] > bounds["latest"]:
        out.append(Problem(f"{path}.latest",
                           f"{event['latest']} is before earliest {event['earliest']}"))
    return out


def validate(data) -> list[Problem]:
    """All problems of a decoded export (schema first; the data checks need its shape). A valid
    export missing an optional record list (OPTIONAL_KEYS) gets it, empty."""
    check_version(data)
    problems = schema_problems(data)
    if problems:
        return problems
    for key in OPTIONAL_KEYS:
        data.setdefault(key, [])
    return data_problems(data)
