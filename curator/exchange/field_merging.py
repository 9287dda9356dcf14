"""How a merge (and an import, which is a merge) meets schema 8's records: typed fields matched
by name, values and claim links matched by their pair, records alike in all but their stamps.

* **Fields by name.** A live field of theirs we hold under another uid but with the same name
  (ignoring case) is our field when it has the same kind: their values of it become values of
  ours, and choices of theirs ours lacks are added to ours (after our own, in their order). With
  another kind the merge is refused whole, naming the field and both kinds: nothing is written.
  (Two people who applied the built-in conflict template made the same fields: their uids are the
  template's, so they are one record anyway.)
* **One record per pair.** An event has one value of a field, and two events one claim link, in
  every copy: their uids derive from the pair (:mod:`curator.core.field_values`). A record of
  theirs we do not hold by uid, on a pair we hold a record for (a value of a field matched by
  name, a hand-made file's own uid), is compared with ours as the same record; since the two
  share no history, they agree or are a conflict to decide.
* **Alike.** Two versions of a field, value or link that differ only in their stamps and
  authorship (made apart, the same) are one: ours is kept, nothing is a conflict.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from curator.core.bulk import CLAIM_LINKS, FIELD_VALUES, FIELDS, Kind
from curator.core.database import utc_now
from curator.core.field_kinds import KIND_LABELS
from curator.exchange.errors import InvalidExport, Problem

ALIKE: dict[str, tuple[str, ...]] = {
    FIELDS.key: ("name", "kind", "choices"),
    FIELD_VALUES.key: ("event", "field", "text", "low", "high", "qualifier", "latitude", "longitude"),
    CLAIM_LINKS.key: ("event_a", "event_b", "status", "note"),
}
"""What makes two versions of a schema-8 record the same (besides being both live or both not)."""


def alike(kind: Kind, ours: dict, theirs: dict) -> bool:
    names = ALIKE.get(kind.key)
    if names is None or (ours["deleted_at"] is None) != (theirs["deleted_at"] is None):
        return False
    return all(ours[n] == theirs[n] for n in names)


def field_matches(ours: dict[str, list[dict]], theirs: dict[str, list[dict]], label: str
                  ) -> tuple[dict[str, str], list[dict], list[dict]]:
    """(their field uid -> our uid, the report of the matches, our fields with the choices
    theirs add) for their live fields we hold under another uid with the same name. Raises
    InvalidExport when such a field has another kind."""
    our_uids = {f["uid"] for f in ours[FIELDS.key]}
    by_name = {" ".join(f["name"].split()).casefold(): f for f in ours[FIELDS.key] if f["deleted_at"] is None}
    mapping, report, updated = {}, [], {}
    refusals = []
    for i, field in enumerate(theirs[FIELDS.key]):
        if field["uid"] in our_uids or field["deleted_at"] is not None:
            continue
        match = by_name.get(" ".join(field["name"].split()).casefold())
        if match is None:
            continue
        if match["kind"] != field["kind"]:
            refusals.append(Problem(
                f"$.fields[{i}].kind",
                f"the field {field['name']!r} is a {KIND_LABELS.get(field['kind'], field['kind']).lower()} "
                f"field in {Path(label).name if label else 'the other file'} but a "
                f"{KIND_LABELS.get(match['kind'], match['kind']).lower()} field in the project: rename one of them first"))
            continue
        mapping[field["uid"]] = match["uid"]
        entry = {"theirs": field["uid"], "ours": match["uid"], "name": field["name"], "our_name": match["name"]}
        current = updated.get(match["uid"], match)
        have = [c for c in current["choices"].split("\n") if c]
        known = {c.casefold() for c in have}
        extra = [c for c in field["choices"].split("\n") if c and c.casefold() not in known]
        if extra:
            entry["choices_added"] = extra
            updated[match["uid"]] = current | {"choices": "\n".join(have + extra), "updated_at": utc_now()}
        report.append(entry)
    if refusals:
        raise InvalidExport(label, refusals)
    return mapping, report, list(updated.values())


def pair_key(kind: Kind, rec: dict) -> Optional[tuple]:
    if kind is FIELD_VALUES:
        return (rec["event"], rec["field"])
    if kind is CLAIM_LINKS:
        return tuple(sorted((rec["event_a"], rec["event_b"])))
    return None


def pairs_of(kind: Kind, records: list[dict]) -> dict[tuple, dict]:
    """pair -> our record on it (one per pair)."""
    return {pair_key(kind, rec): rec for rec in records}


def choice_spellings(ours: list[dict], updated: list[dict]) -> dict[str, dict[str, str]]:
    """Our choice fields' uid -> folded choice -> our spelling (with the choices a merge adds)."""
    fields = {f["uid"]: f for f in ours} | {f["uid"]: f for f in updated}
    return {uid: {c.casefold(): c for c in f["choices"].split("\n") if c}
            for uid, f in fields.items() if f["kind"] == "choice"}


def spelled_as_ours(rec: dict, spellings: dict[str, dict[str, str]]) -> dict:
    """A value of theirs moved onto our choice field, its choice spelled as ours spells it."""
    ours = spellings.get(rec["field"], {}).get(rec["text"].casefold())
    return rec if ours is None or ours == rec["text"] else rec | {"text": ours}
