"""What a merge cannot decide on its own, and how a person settles it.

A :class:`Conflict` is one record both sides changed since they last shared it:

* **field by field** (``level == "field"``): the record merged three ways, and some fields were
  changed on both sides differently (``fields`` lists those, each with its base, ours and
  theirs); every other field is already merged (``merged``). Each conflicting field is settled
  on its own: ``{"title": "theirs", "date": "ours"}``.
* **as a whole** (``level == "record"``): one side deleted the record and the other edited it,
  or no shared version of it is known to compare fields with (copies that last met before
  Curator kept contents, or never shared the record). ``fields`` then lists every field that
  differs (with its base when known), for information; the decision is for the record:
  ``"ours"`` or ``"theirs"``.

A decision for a record is ``"ours"``, ``"theirs"`` (every field, or the whole record) or a dict
field -> side; a merge's ``default`` (``--ours``/``--theirs``) settles whatever is left.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional, Union

from curator.core.errors import InvalidInput
from curator.exchange.field_merge import settled

SIDES = ("ours", "theirs")
Decision = Union[str, dict[str, str]]


@dataclass(frozen=True)
class FieldConflict:
    """One field of a conflicting record: its value in the base (None when no base is known),
    here and there."""

    name: str
    base: Any
    ours: Any
    theirs: Any

    def as_dict(self) -> dict:
        return {"base": self.base, "ours": self.ours, "theirs": self.theirs}


@dataclass(frozen=True)
class Conflict:
    """A record changed on both sides since they last shared it (see the module docstring)."""

    kind: str  # kind key, e.g. "events"
    uid: str
    reason: str
    ours: dict
    theirs: dict
    index: int  # position in the other side's list (for JSON paths)
    base: Optional[dict] = None  # the version both sides last shared, when known
    fields: tuple[FieldConflict, ...] = ()
    merged: Optional[dict] = field(default=None, compare=False)  # field level: all else merged

    @property
    def level(self) -> str:
        return "field" if self.merged is not None else "record"

    @property
    def path(self) -> str:
        return f"$.{self.kind}[{self.index}]"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def as_dict(self) -> dict:
        return {"kind": self.kind, "uid": self.uid, "level": self.level, "reason": self.reason,
                "fields": {f.name: f.as_dict() for f in self.fields},
                "ours": self.ours, "theirs": self.theirs}

    def choices(self, decision: Optional[Decision], default: Optional[str]) -> Optional[Decision]:
        """The settlement ``decision`` (else ``default``) gives: a side for a record-level
        conflict, field -> side for a field-level one; None while something is undecided.
        InvalidInput for a decision that is not one."""
        if decision is not None and not isinstance(decision, (str, dict)):
            raise InvalidInput(f"the decision for {self.uid} must be 'ours', 'theirs' or a "
                               "mapping of its fields to 'ours' or 'theirs'")
        if isinstance(decision, str) or decision is None:
            side = decision if decision is not None else default
            if side is None:
                return None
            _check_side(self.uid, side)
            return side if self.level == "record" else {name: side for name in self.field_names}
        unknown = sorted(set(decision) - set(self.field_names))
        if unknown:
            raise InvalidInput(f"{self.uid} has no conflict on {', '.join(unknown)} "
                               f"(its conflicting fields: {', '.join(self.field_names)})")
        for side in decision.values():
            _check_side(self.uid, side)
        if self.level == "record":
            sides = set(decision.values()) or ({default} if default else set())
            if len(sides) > 1:
                raise InvalidInput(f"{self.uid}: {self.reason}; this record is kept or replaced "
                                   "as a whole: decide 'ours' or 'theirs' for all of it")
            return sides.pop() if sides else None
        chosen = {name: decision.get(name, default) for name in self.field_names}
        return None if None in chosen.values() else chosen

    def result(self, choice: Decision) -> dict:
        """The record as settled by ``choice`` (from :meth:`choices`)."""
        if self.level == "record":
            return self.theirs if choice == "theirs" else self.ours
        return settled(self.kind, self.merged, self.theirs, choice, self.field_names)


def _check_side(uid: str, side) -> None:
    if side not in SIDES:
        raise InvalidInput(f"the decision for {uid} must be 'ours' or 'theirs', not {side!r}")
