"""How identifiers and dates are written in an export, and why a value is not.

A uid is a canonical UUID: lowercase hex in groups of 8-4-4-4-12, what ``str(uuid.uuid4())``
writes (and all Curator has ever written). Days (``earliest``, ``latest``) are ``YYYY-MM-DD``
and timestamps (``created_at``, ``updated_at``, ``deleted_at``, ``exported_at``) ISO 8601 with
a ``Z`` or an offset, both in the ASCII digits 0-9; EDTF values (an event's ``edtf``, a rejected
suggestion's ``edtf``) are printable ASCII without spaces. Nothing may stand before or after
a value: no space, no line break.

The JSON Schema files in ``resources/schema`` carry the same rules as ``pattern`` (the
:data:`PATTERNS` here, which a test compares with the files). Patterns are written to mean the
same in ECMA-262 (what JSON Schema specifies) and in Python's ``re`` (what jsonschema and
:mod:`curator.exchange.schema_check` run): ``[0-9]`` rather than ``\\d``, which Python lets match
any Unicode digit (Arabic-Indic, fullwidth...), and an end written ``(?![\\s\\S])`` ("no
character follows") rather than ``$``, which in Python also matches before a final newline.

:func:`reason` says in words why a value breaks its rule (used for the schema's pattern
errors); :func:`record_problems` checks the records of a project file, which no schema sees.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from typing import Iterable, Optional

from curator.exchange.errors import Problem

END = r"(?![\s\S])"
UID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DAY = r"-?[0-9]{4}-[0-9]{2}-[0-9]{2}"
TIMESTAMP = r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})"
EDTF = r"[!-~]*"  # printable ASCII, no space; the EDTF parser says the rest

PATTERNS = {  # rule -> the schema's pattern
    "uid": f"^{UID}{END}",
    "optional uid": f"^({UID})?{END}",  # an actor's merged_into: "" or a uid
    "day": f"^{DAY}{END}",
    "timestamp": f"^{TIMESTAMP}{END}",
    "edtf": f"^{EDTF}{END}",
}
RULE_OF_PATTERN = {pattern: rule for rule, pattern in PATTERNS.items()}
_MATCH = {rule: re.compile(pattern).search for rule, pattern in PATTERNS.items()}
EXAMPLES = {"uid": "0f8fad5b-d9cb-469f-a165-70867728950e", "day": "2014-05-03",
            "timestamp": "2024-05-01T12:00:00.000000Z"}
_SPACE_NAMES = {"\n": "a line break", "\r": "a carriage return", "\t": "a tab", " ": "a space",
                "\u00a0": "a no-break space"}


def is_valid(value: str, rule: str) -> bool:
    return isinstance(value, str) and _MATCH[rule](value) is not None


def _where(value: str, i: int) -> str:
    if i == len(value) - 1:
        return "at the end"
    return "at the start" if i == 0 else f"at position {i}"


def _char_name(ch: str) -> str:
    return _SPACE_NAMES.get(ch) or f"U+{ord(ch):04X} {unicodedata.name(ch, 'unnamed character')}"


def reason(value: str, rule: str) -> str:
    """Why ``value`` breaks ``rule`` (a key of :data:`PATTERNS`), in one line."""
    if rule == "optional uid":
        rule = "uid"
    for i, ch in enumerate(value):
        if ch.isspace() or unicodedata.category(ch) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
            return (f"{value!r} has {_char_name(ch)} {_where(value, i)}; dates and uids are "
                    "written without spaces, line breaks or invisible characters")
    for i, ch in enumerate(value):
        if ch.isdigit() and not ch.isascii():
            return (f"{value!r} is written with {_char_name(ch)} {_where(value, i)}; "
                    "write digits as the ASCII 0-9")
    for i, ch in enumerate(value):
        if not ch.isascii():
            return f"{value!r} has {_char_name(ch)} {_where(value, i)}; only ASCII is allowed here"
    if rule == "uid":
        try:
            canonical = str(uuid.UUID(value))
        except ValueError:
            return (f"{value!r} is not a UUID; uids are written in lowercase hex as 8-4-4-4-12, "
                    f"e.g. {EXAMPLES['uid']}")
        return f"{value!r} is not a canonical UUID; it is written {canonical}"
    if rule in EXAMPLES:
        what = "an ISO day (YYYY-MM-DD)" if rule == "day" else "an ISO 8601 timestamp"
        return f"{value!r} is not {what}, e.g. {EXAMPLES[rule]}"
    return f"{value!r} is not in the form {PATTERNS[rule]}"


def _check(out: list[Problem], path: str, value, rule: str, nullable: bool = False) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, str):
        out.append(Problem(path, f"{value!r} is not a string"))
    elif _MATCH[rule](value) is None:
        out.append(Problem(path, reason(value, rule)))


FIELD_RULES = {  # kind key -> (field, rule, may be null) beyond uid, timestamps and references
    "events": (("earliest", "day", True), ("latest", "day", True), ("edtf", "edtf", False)),
    "rejected_suggestions": (("edtf", "edtf", False),),
    "actors": (("merged_into", "optional uid", False),),
}


def record_problems(records: dict[str, list[dict]], kinds: Iterable, limit: int) -> list[Problem]:
    """Every uid, reference, timestamp, day and EDTF value of ``records`` (kind key -> records,
    as :func:`curator.core.bulk.read_all` gives them) that breaks its rule, with its JSON path.
    For records no schema has seen: a project file given to a merge."""
    out: list[Problem] = []
    for kind in kinds:
        refs = [(name, name in kind.optional) for name, _, _ in kind.refs]
        fields = FIELD_RULES.get(kind.key, ())
        for i, rec in enumerate(records.get(kind.key, ())):
            path = f"$.{kind.key}[{i}]"
            _check(out, f"{path}.uid", rec["uid"], "uid")
            for name, nullable in refs:
                _check(out, f"{path}.{name}", rec[name], "uid", nullable)
            _check(out, f"{path}.created_at", rec["created_at"], "timestamp")
            _check(out, f"{path}.updated_at", rec["updated_at"], "timestamp")
            _check(out, f"{path}.deleted_at", rec["deleted_at"], "timestamp", nullable=True)
            for name, rule, nullable in fields:
                if name in rec:
                    _check(out, f"{path}.{name}", rec[name], rule, nullable)
            if len(out) >= limit:
                return out[:limit]
    return out


def pattern_reason(value, pattern: str) -> Optional[str]:
    """The words for a schema ``pattern`` error on ``value``, or None for a pattern that is not
    one of these rules (the schema's own message stands)."""
    rule = RULE_OF_PATTERN.get(pattern)
    if rule is None or not isinstance(value, str):
        return None
    return reason(value, rule)
