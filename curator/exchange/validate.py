"""Checking an export before anything is written: the JSON Schema, then the data itself.

Every problem is reported with the JSON path of the value at fault (``$.spans[3].end``), so a
user can find it in the file; nothing is written unless there are none. Uids, days, timestamps
and EDTF values must be written in their one form (canonical UUIDs, ASCII digits, nothing
around them): :mod:`curator.exchange.value_forms` holds those rules, which the schema files
carry as patterns.

Exports are written in format 6 (``resources/schema/curator-export-6.schema.json``: format 5 with
schema 8's typed event fields, their values and claim links, :mod:`curator.exchange.field_checks`;
a file without those lists has none). Format 5 lacked them, format 4 also
the documents' original-file fields and pages of schema 6 (:data:`V4_DEFAULTS`). Format 1
to 3 files (``curator-export-1/-2/-3.schema.json``, written before schema 2, 3 and 4) still read:
they are checked against their own schema and then upgraded in memory (:func:`upgrade`). Format 1
has no ``tags`` list (the project keeps its own tag set), spans without tag, note or actor,
actors without coordinates or redirect, events without a place; formats 1 and 2 have documents
without source, encoding or inferred-date flag; formats 1 to 3 have a ``sync`` section that is
only uid -> state hashes (no replica, no contents: the project that wrote them recorded those
states in its own history when exporting).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Optional

from jsonschema import Draft202012Validator

from curator.core.bulk import KINDS, content_state
from curator.core.bulk import document_from_json as bulk_document_from_json
from curator.core.bulk import field_from_json
from curator.core.errors import InvalidInput
from curator.core.project import text_sha256
from curator.exchange.errors import NewerFormatError, Problem
from curator.exchange.schema_check import compile_schema, evaluated_names
from curator.exchange.value_forms import pattern_reason, record_problems
from curator.paths import resources_dir

FORMAT = "curator-export"
FORMAT_VERSION = 6
READABLE_VERSIONS = (1, 2, 3, 4, 5, 6)
MAX_PROBLEMS = 1000  # a wholly wrong file would otherwise list millions
OPTIONAL_KEYS = ("rejected_suggestions", "fields", "field_values", "claim_links")
"""Record lists an export may leave out (format 1 gained rejected suggestions before its release;
format 6's typed fields, values and claim links): a file without one (an early build, a script,
an older format) means none, and reads as an empty list."""
V1_DEFAULTS = {  # what format 1 lacks, by kind: read as unset
    "spans": {"tag": None, "note": "", "actor": None},
    "actors": {"latitude": None, "longitude": None, "merged_into": ""},
    "events": {"place": None},
}
V2_DEFAULTS = {  # what formats 1 and 2 lack, by kind: read as unset
    "documents": {"published_inferred": False, "source": "", "encoding": ""},
}
V4_DEFAULTS = {  # what formats 1 to 4 lack, by kind: read as unset (schema 6's file fields)
    "documents": {"kind": "", "source_sha256": "", "source_size": None, "page_starts": [],
                  "metadata": {}, "problems": []},
}
PROJECT_REFERABLE = ("tags", "actors")
"""Kinds a file's references may also find in the project it is imported into (a hand-made file
can label spans with the project's own tags, or link its actors), not only in the file."""


def schema_file(version: int = FORMAT_VERSION) -> str:
    return f"curator-export-{version}.schema.json"


def schema_path(version: int = FORMAT_VERSION) -> Path:
    return resources_dir() / "schema" / schema_file(version)


@lru_cache(maxsize=4)
def schema(version: int = FORMAT_VERSION) -> dict:
    return json.loads(schema_path(version).read_text(encoding="utf-8"))


@lru_cache(maxsize=4)
def _validator(version: int = FORMAT_VERSION) -> Draft202012Validator:
    return Draft202012Validator(schema(version))


@lru_cache(maxsize=4)
def _fast_check(version: int = FORMAT_VERSION):
    return compile_schema(schema(version))


def schema_version_of(data) -> int:
    """The format version whose schema ``data`` is checked against: 1 for files that say so,
    else the current one (whose schema then reports a missing or wrong ``format_version``)."""
    if isinstance(data, dict):
        version = data.get("format_version")
        if type(version) in (int, float) and version in READABLE_VERSIONS:
            return int(version)
    return FORMAT_VERSION


@lru_cache(maxsize=4096)
def _edtf_problem(value: str) -> str | None:
    """Why ``value`` is not valid EDTF, or None (cached: exports repeat the same dates)."""
    from curator.temporal.rule import edtf_problem

    return edtf_problem(value)


def check_version(data) -> None:
    """Refuse an export from a newer Curator before looking at anything else."""
    if isinstance(data, dict):
        version = data.get("format_version")
        if isinstance(version, (int, float)) and not isinstance(version, bool) and version > FORMAT_VERSION:
            raise NewerFormatError(
                f"the export uses format version {version}; this Curator reads up to "
                f"{FORMAT_VERSION}: update Curator to import it")


def schema_problems(data) -> list[Problem]:
    """Every schema error with its JSON path (none when the fast check passes the document),
    against the schema of the file's own format version."""
    version = schema_version_of(data)
    if _fast_check(version)(data):
        return []
    problems, echoes = [], []
    for error in _validator(version).iter_errors(data):
        message = _schema_message(error, version)
        if message is None:
            echoes.append(Problem(error.json_path, error.message[:300]))
        else:
            problems.append(Problem(error.json_path, message))
        if len(problems) >= MAX_PROBLEMS:
            break
    return sorted(problems or echoes, key=lambda p: p.path)  # never nothing for an invalid file


def _schema_message(error, version: int) -> Optional[str]:
    """jsonschema's message, or for a uid, day, timestamp or EDTF value in the wrong form the
    reason in words (the non-ASCII digit, the trailing newline, the uppercase uid...). None for
    the echo of another error: when a field of a record's common part (uid, created_at...) is
    wrong, JSON Schema 2020-12 no longer counts the common part's fields as evaluated and
    ``unevaluatedProperties`` calls them unexpected; only names the record may not have at all
    are reported."""
    if error.validator == "pattern":
        words = pattern_reason(error.instance, error.validator_value)
        if words:
            return words[:300]
    if error.validator == "unevaluatedProperties" and isinstance(error.instance, dict):
        allowed = evaluated_names(schema(version), error.schema)
        unexpected = sorted(set(error.instance) - allowed)
        if not unexpected:
            return None
        names = ", ".join(map(repr, unexpected))
        return f"unexpected propert{'ies' if len(unexpected) > 1 else 'y'}: {names}"[:300]
    return error.message[:300]


def page_starts_fault(doc: dict) -> Optional[str]:
    """Why a document's page starts (canonical JSON text) do not fit its text, or None."""
    import json

    from curator.core.pages import checked_page_starts

    try:
        checked_page_starts(json.loads(doc.get("page_starts") or "[]"), len(doc["text"]), "")
    except (ValueError, InvalidInput):
        return "page starts must begin at 0, never decrease and stay within the text"
    return None


def upgrade(data: dict, version: int = 1) -> dict:
    """A format-1 to -4 export (valid against its schema) read as the current format, in place:
    the record lists and fields later formats added take their unset values, and the sync
    section its format-4 shape (states without replica, time or content)."""
    for key in OPTIONAL_KEYS:
        data.setdefault(key, [])
    if version < 4:
        data["sync"] = {"history": {uid: [{"state": state} for state in states]
                                    for uid, states in data["sync"].items()}}
    steps = ([V1_DEFAULTS] if version < 2 else []) + ([V2_DEFAULTS] if version < 3 else []) \
        + ([V4_DEFAULTS] if version < 5 else [])
    if version < 2:
        data.setdefault("tags", [])
    for step in steps:
        for key, defaults in step.items():
            for rec in data[key]:
                for name, value in defaults.items():
                    rec.setdefault(name, value)
    return data


def data_problems(data: dict, known: Optional[dict[str, set[str]]] = None,
                  schema_checked: bool = False) -> list[Problem]:
    """What the schema cannot say: unique uids, hashes, offsets and quotes against the text
    (spans not empty), EDTF dates and their bounds, rejected suggestions' passages and dates,
    the tag set's unique names and keys, coordinates, merge redirects, and that every reference
    resolves (to a record in the file or, for tags and actors, to one in ``known``: kind key ->
    uids the project holds). ``data`` has every key of KINDS. Unless ``schema_checked`` (the
    export passed its schema, whose patterns say the same), the written form of uids, days,
    timestamps and EDTF values is checked first (:mod:`curator.exchange.value_forms`): records
    read from a project file have seen no schema."""
    known = known or {}
    if not schema_checked:
        forms = record_problems(data, KINDS, MAX_PROBLEMS)
        if forms:
            return forms
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
                uid = rec[name]
                if uid is None and name in kind.optional:
                    continue
                if uid not in uids[target] and uid not in known.get(target, ()):
                    where = "in the file or the project" if target in PROJECT_REFERABLE else "in the file"
                    add(Problem(f"$.{kind.key}[{i}].{name}",
                                f"refers to {target[:-1] if target != 'evidence' else target} "
                                f"{uid}, which is not {where}"))
    texts = {}
    for i, doc in enumerate(data["documents"]):
        texts[doc["uid"]] = doc["text"]
        if text_sha256(doc["text"]) != doc["sha256"]:
            add(Problem(f"$.documents[{i}].sha256", "does not match the SHA-256 of the text"))
        fault = page_starts_fault(doc)
        if fault:
            add(Problem(f"$.documents[{i}].page_starts", fault))
    problems.extend(_span_problems(data["spans"], texts))
    for i, event in enumerate(data["events"]):
        problems.extend(_date_problems(f"$.events[{i}]", event))
        if len(problems) >= MAX_PROBLEMS:
            break
    problems.extend(_rejection_problems(data["rejected_suggestions"], texts))
    problems.extend(_tag_problems(data["tags"]))
    problems.extend(_actor_problems(data["actors"], known.get("actors", set())))
    from curator.exchange.field_checks import whole_file_problems

    problems.extend(Problem(path, message) for *_, path, message in sorted(
        whole_file_problems(data), key=lambda p: p[:3]))
    return problems[:MAX_PROBLEMS]


def _span_problems(spans: list[dict], texts: dict[str, str]) -> list[Problem]:
    """A span is a non-empty passage of its document (0 <= start < end <= length, as the
    facade and ``curator check`` demand) and its quote is the text there."""
    out = []
    for i, span in enumerate(spans):
        span["start"], span["end"] = int(span["start"]), int(span["end"])  # JSON allows 3.0
        start, end = span["start"], span["end"]
        if end == start:
            out.append(Problem(f"$.spans[{i}].end",
                               f"the span is empty (start and end are both {start}); a span "
                               "covers at least one code point"))
            continue
        if end < start:
            out.append(Problem(f"$.spans[{i}].end", f"{end} is before start {start}"))
            continue
        text = texts.get(span["document"])
        if text is None:
            continue
        if end > len(text):
            out.append(Problem(f"$.spans[{i}].end",
                               f"{end} is past the end of the document's text ({len(text)} code points)"))
        elif text[start:end] != span["quote"]:
            out.append(Problem(f"$.spans[{i}].quote",
                               f"differs from the document's text at {start}..{end} "
                               f"({text[start:end][:40]!r} there)"))
        if len(out) >= MAX_PROBLEMS:
            break
    return out


def _tag_problems(tags: list[dict]) -> list[Problem]:
    """Live tags have distinct names (ignoring case) and distinct shortcuts."""
    out = []
    names: dict[str, int] = {}
    keys: dict[str, int] = {}
    for i, tag in enumerate(tags):
        tag["position"] = int(tag["position"])  # JSON allows 3.0
        if tag["deleted_at"] is not None:
            continue
        name = tag["name"].casefold()
        if name in names:
            out.append(Problem(f"$.tags[{i}].name", f"{tag['name']!r} names another live tag too "
                                                    f"($.tags[{names[name]}])"))
        else:
            names[name] = i
        if tag["shortcut"]:
            if tag["shortcut"] in keys:
                out.append(Problem(f"$.tags[{i}].shortcut",
                                   f"key {tag['shortcut']} is given to another live tag too "
                                   f"($.tags[{keys[tag['shortcut']]}])"))
            else:
                keys[tag["shortcut"]] = i
    return out


def _actor_problems(actors: list[dict], known: set[str]) -> list[Problem]:
    """Coordinates in range, both or neither; a merge redirect names another actor (in the file
    or the project), is set only on a deleted record, and never leads round in a circle."""
    out = []
    redirects = {}
    uids = {a["uid"] for a in actors}
    for i, actor in enumerate(actors):
        path = f"$.actors[{i}]"
        for name, limit in (("latitude", 90), ("longitude", 180)):
            value = actor[name]
            if value is None:
                continue
            actor[name] = value = float(value)
            if not -limit <= value <= limit:
                out.append(Problem(f"{path}.{name}", f"{value} is not within -{limit}..{limit} degrees"))
        if (actor["latitude"] is None) != (actor["longitude"] is None):
            missing = "longitude" if actor["longitude"] is None else "latitude"
            out.append(Problem(f"{path}.{missing}", "coordinates need both latitude and longitude, or neither"))
        target = actor["merged_into"]
        if not target:
            continue
        if target == actor["uid"]:
            out.append(Problem(f"{path}.merged_into", "an actor cannot be merged into itself"))
        elif target not in uids and target not in known:
            out.append(Problem(f"{path}.merged_into",
                               f"refers to actor {target}, which is not in the file or the project"))
        elif actor["deleted_at"] is None:
            out.append(Problem(f"{path}.deleted_at", "an actor merged into another must be deleted"))
        else:
            redirects[actor["uid"]] = (target, i)
    for uid, (_, i) in redirects.items():  # a circle of redirects would lead nowhere
        seen, at = {uid}, redirects[uid][0]
        while at in redirects:
            if at in seen:
                out.append(Problem(f"$.actors[{i}].merged_into", "the merge redirects lead round in a circle"))
                break
            seen.add(at)
            at = redirects[at][0]
    return out


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
    """The one date rule of :mod:`curator.temporal.rule` (the same the facade and ``curator
    check`` apply), reported at the field at fault."""
    fault = _date_fault(event["edtf"], event["earliest"], event["latest"])
    return [Problem(f"{path}.{fault[0]}", fault[1])] if fault else []


@lru_cache(maxsize=65536)
def _date_fault(edtf, earliest, latest):
    from curator.temporal.rule import date_fault

    return date_fault(edtf, earliest, latest)


def validate(data, known: Optional[dict[str, set[str]]] = None) -> list[Problem]:
    """All problems of a decoded export (schema first; the data checks need its shape). A valid
    format-1 export is upgraded in place (:func:`upgrade`) before its data are checked;
    ``known`` as in :func:`data_problems`."""
    check_version(data)
    problems = schema_problems(data)
    if problems:
        return problems
    for key in OPTIONAL_KEYS:
        data.setdefault(key, [])
    if schema_version_of(data) < FORMAT_VERSION:
        upgrade(data, schema_version_of(data))
    for doc in data["documents"]:  # JSON-valued fields held as the project holds them
        bulk_document_from_json(doc)
        doc.pop("page", None)
    for span in data["spans"]:
        span.pop("page", None)  # derived
    for field in data["fields"]:
        field_from_json(field)
    problems = data_problems(data, known, schema_checked=True)
    return problems or sync_problems(data)


def sync_problems(data: dict) -> list[Problem]:
    """A sync section's claims come with their times (and only then), and each content given
    for a record of the file is that record in the state it is given for (a base a merge can
    trust: otherwise a wrong base could make a merge take the wrong side of a field)."""
    sync = data["sync"]
    out = []
    if bool(sync.get("replica")) != bool(sync.get("shared_at")):
        missing = "shared_at" if sync.get("replica") else "replica"
        out.append(Problem(f"$.sync.{missing}", "replica and shared_at are given together or not at all"))
    if sync.get("held") and not sync.get("replica"):
        out.append(Problem("$.sync.held", "the states held are given only with the replica that held them"))
    kinds = {rec["uid"]: kind for kind in KINDS for rec in data[kind.key]}
    for uid, entries in sync.get("history", {}).items():
        for i, entry in enumerate(entries):
            path = f"$.sync.history.{uid}[{i}]"
            if "shared_at" in entry and "replica" not in entry:
                out.append(Problem(f"{path}.shared_at", "a time is given only with the replica it belongs to"))
            kind = kinds.get(uid)
            if "content" in entry and kind is not None and (
                    content_state(kind, uid, entry["content"]) != entry["state"]):
                out.append(Problem(f"{path}.content", f"is not the {kind.singular} in state "
                                                      f"{entry['state']} (its fields give another state)"))
            if len(out) >= MAX_PROBLEMS:
                return out
    return out
