"""The data checks of schema 8's records in an export (typed fields, their values, claim links),
shared by the whole-file check (:func:`curator.exchange.validate.data_problems`) and the
streamed one (:mod:`curator.exchange.staging`, :mod:`curator.exchange.staged_checks`), so that
both say the same thing at the same JSON path:

* fields: live names are distinct (ignoring case) and not one of the event's own columns; only
  a choice field has choices;
* field values: one per event and field; the typed columns are what the text reads as for the
  field's kind (a figure's ``low``, ``high`` and ``qualifier``, a place's coordinates, an http(s)
  address; a text or a choice has none); a value of a choice field need not be one of today's
  choices (choices change; the value keeps its text);
* claim links: two different events, ``event_a`` the one whose uid sorts first, one link per pair.

Problems are (category, index, seq, path, message) so the streamed check can sort them into the
whole-file order.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Optional

from curator.core.bulk import numbers_as_floats, FIELD_VALUES
from curator.core.errors import InvalidInput
from curator.core.field_kinds import RESERVED_NAMES, read_value

CAT_FIELD, CAT_VALUE, CAT_LINK = 8, 9, 10  # after the staging module's categories, before sync's
_TYPED = ("low", "high", "qualifier", "latitude", "longitude")


def field_record_problems(i: int, field: dict) -> list[tuple]:
    """What one field record alone may be wrong in (its choices as a list or as text)."""
    out = []
    choices = field["choices"]
    if isinstance(choices, str):
        choices = [c for c in choices.split("\n") if c]
    if choices and field["kind"] != "choice":
        out.append((CAT_FIELD, i, 1, f"$.fields[{i}].choices", f"only a choice field has choices (this one is {field['kind']})"))
    if field["deleted_at"] is None and " ".join(field["name"].split()).casefold() in RESERVED_NAMES:
        out.append((CAT_FIELD, i, 2, f"$.fields[{i}].name", f"{field['name']!r} is one of the event's own columns"))
    return out


def field_name_problems(fields: Iterable[tuple[int, str, Optional[str]]]) -> list[tuple]:
    """Live fields (index, name, deleted_at) have distinct names, ignoring case."""
    out, names = [], {}
    for i, name, deleted_at in fields:
        if deleted_at is not None:
            continue
        folded = " ".join(name.split()).casefold()
        if folded in names:
            out.append((CAT_FIELD, i, 0, f"$.fields[{i}].name", f"{name!r} names another live field too ($.fields[{names[folded]}])"))
        else:
            names[folded] = i
    return out


def value_record_problems(i: int, value: dict) -> list[tuple]:
    """What one value alone may be wrong in (numbers made floats in place)."""
    numbers_as_floats(FIELD_VALUES, value)
    out = []
    path = f"$.field_values[{i}]"
    low, high = value["low"], value["high"]
    if low is not None and high is not None and low > high:
        out.append((CAT_VALUE, i, 0, f"{path}.high", f"{high:g} is below low {low:g}"))
    for name, limit in (("latitude", 90), ("longitude", 180)):
        if value[name] is not None and not -limit <= value[name] <= limit:
            out.append((CAT_VALUE, i, 0, f"{path}.{name}", f"{value[name]} is not within -{limit}..{limit} degrees"))
    return out


def value_kind_problem(i: int, value: dict, kind: Optional[str], choices: str) -> Optional[tuple]:
    """Whether a value's typed columns are what its text reads as for its field's ``kind``."""
    if kind is None:
        return None
    path = f"$.field_values[{i}]"
    if not value["text"].strip():
        return (CAT_VALUE, i, 2, f"{path}.text", "a value has a text (a cleared value is deleted)")
    given = tuple(value[n] for n in _TYPED)
    wanted = _typed("text" if kind == "choice" else kind, value["text"])
    if isinstance(wanted, str):
        return (CAT_VALUE, i, 2, f"{path}.text", f"{wanted} (the field is a {kind} field)")
    if kind == "place" and wanted[3] is None and given[3:] != (None, None):
        return None  # a name whose coordinates came from the project's place
    if given != wanted:
        names = [n for n, a, b in zip(_TYPED, given, wanted) if a != b]
        shown = ", ".join(f"{n} {b!r}" for n, b in zip(_TYPED, wanted) if n in names)
        return (CAT_VALUE, i, 2, f"{path}.{names[0]}", f"does not agree with the text {value['text']!r}, "
                                                       f"which reads as {shown}")
    return None


@lru_cache(maxsize=65536)
def _typed(kind: str, text: str):
    """What ``text`` reads as for ``kind`` (low, high, qualifier, latitude, longitude), or the
    reason it cannot be read (cached: values repeat, choices above all)."""
    try:
        read = read_value("value", kind, (), text)
    except InvalidInput as exc:
        return str(exc).split(": ", 1)[1] if ": " in str(exc) else str(exc)
    return (read.low, read.high, read.qualifier, read.latitude, read.longitude)


def link_record_problems(i: int, link: dict) -> list[tuple]:
    path = f"$.claim_links[{i}]"
    if link["event_a"] == link["event_b"]:
        return [(CAT_LINK, i, 0, f"{path}.event_b", "an event cannot be linked with itself")]
    if link["event_a"] > link["event_b"]:
        return [(CAT_LINK, i, 0, f"{path}.event_a", "event_a is the event whose uid sorts first "
                                                    f"(here {link['event_b']})")]
    return []


def pair_problems(key: str, cat: int, pairs: Iterable[tuple[int, tuple]], names: tuple[str, str]) -> list[tuple]:
    """A pair (value: event and field; link: two events) given by two live records."""
    out, seen = [], {}
    for i, pair in pairs:
        if pair in seen:
            out.append((cat, i, 1, f"$.{key}[{i}].{names[1]}",
                        f"the same {' and '.join(names)} as $.{key}[{seen[pair]}]: one record per pair"))
        else:
            seen[pair] = i
    return out


def whole_file_problems(data: dict) -> list[tuple]:
    """Every check above on a decoded export (records of format 6 shape), unsorted."""
    out = []
    fields = data["fields"]
    for i, field in enumerate(fields):
        out += field_record_problems(i, field)
    out += field_name_problems((i, f["name"], f["deleted_at"]) for i, f in enumerate(fields))
    kinds = {}
    for field in fields:
        choices = field["choices"]
        kinds[field["uid"]] = (field["kind"], choices if isinstance(choices, str) else "\n".join(choices))
    values = data["field_values"]
    for i, value in enumerate(values):
        alone = value_record_problems(i, value)
        out += alone
        kind, choices = kinds.get(value["field"], (None, ""))
        if value["deleted_at"] is None and not alone:  # (out of range: said once)
            problem = value_kind_problem(i, value, kind, choices)
            if problem:
                out.append(problem)
    out += pair_problems("field_values", CAT_VALUE, ((i, (v["event"], v["field"])) for i, v in enumerate(values)),
                         ("event", "field"))
    links = data["claim_links"]
    for i, link in enumerate(links):
        out += link_record_problems(i, link)
    out += pair_problems("claim_links", CAT_LINK, ((i, tuple(sorted((k["event_a"], k["event_b"]))))
                                                   for i, k in enumerate(links)), ("event_a", "event_b"))
    return out
