"""Making a merge's result consistent once its conflicts are settled: the tag set and actor
merge redirects.

Two rules hold of every project and each side may hold them on its own while the union breaks
them, so a merge restores them on the merged records:

* **Tag set.** Live tags have distinct names (ignoring case) and distinct keys. Their tags with
  a name we hold are matched by name before (see :mod:`curator.exchange.merge`); what is left is
  a tag they bring (or changed) whose key one of our live tags already has, or a rename onto one
  of our names: the incoming tag loses the key (or is renamed "Name (2)"). Ours win; each change
  is reported.
* **Redirects.** When an actor was merged into another (the loser tombstoned with
  ``merged_into`` naming the winner) no live record names the loser: a live event link, mention
  or event place that does (because the other side linked it before it knew of the merge) is
  moved to the winner, following a chain of redirects to its end (a circle of redirects, which
  only conflicting decisions can make, is left alone and reported). An event whose location was
  the loser's name takes the winner's. A moved event link that would repeat a live link of the
  same event to the winner with the same role (or that has no role) is deleted instead.

Each record changed here is stamped now and its new state is added to the sync history with the
merge's (the merged result, as :mod:`curator.core.models_sync` describes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.core import bulk
from curator.core.bulk import ACTORS, EVENT_ACTORS, EVENTS, SPANS, TAGS, Kind
from curator.core.database import utc_now

ACTOR_REFS: tuple[tuple[Kind, str], ...] = ((EVENT_ACTORS, "actor"), (SPANS, "actor"), (EVENTS, "place"))
"""Every reference to an actor, as (kind, JSON name)."""


@dataclass
class Consistency:
    """What :func:`make_consistent` changed."""

    history: list[tuple[str, str, str]] = field(default_factory=list)  # (uid, state, content)
    tags_adjusted: list[dict] = field(default_factory=list)
    redirected: dict[str, int] = field(default_factory=dict)  # kind key -> records moved
    links_merged: int = 0  # moved event links deleted as repeats
    cycles: list[str] = field(default_factory=list)  # actor uids whose redirects go round

    def summary(self) -> dict:
        out = {"tags_adjusted": self.tags_adjusted, "redirected": self.redirected}
        if self.links_merged:
            out["event_links_merged"] = self.links_merged
        if self.cycles:
            out["redirect_cycles"] = self.cycles
        return out


class _Result:
    """The merged records of one kind (ours overlaid with inserts and updates), and a way to
    change one of them in whichever list will write it."""

    def __init__(self, key: str, ours: dict[str, list[dict]], inserts: dict[str, list[dict]],
                 updates: dict[str, list[dict]]):
        self.key = key
        self.inserts, self.updates = inserts[key], updates[key]
        self.records = {r["uid"]: r for r in ours.get(key, ())}
        self.inserted = {}
        self.updated = {}
        for i, r in enumerate(self.inserts):
            self.records[r["uid"]] = r
            self.inserted[r["uid"]] = i
        for i, r in enumerate(self.updates):
            self.records[r["uid"]] = r
            self.updated[r["uid"]] = i

    def live(self) -> list[dict]:
        return [r for r in self.records.values() if r["deleted_at"] is None]

    def replace(self, rec: dict) -> None:
        uid = rec["uid"]
        self.records[uid] = rec
        if uid in self.inserted:
            self.inserts[self.inserted[uid]] = rec
        elif uid in self.updated:
            self.updates[self.updated[uid]] = rec
        else:
            self.updated[uid] = len(self.updates)
            self.updates.append(rec)


def make_consistent(ours: dict[str, list[dict]], inserts: dict[str, list[dict]],
                    updates: dict[str, list[dict]]) -> Consistency:
    """Adjust ``inserts``/``updates`` (kind key -> records to write, changed in place) so the
    merged project keeps the rules of the module docstring; ``ours`` are our records as they
    are before the merge."""
    out = Consistency()
    now = utc_now()
    if inserts[TAGS.key] or updates[TAGS.key]:
        _settle_tags(_Result(TAGS.key, ours, inserts, updates), out, now)
    actors = _Result(ACTORS.key, ours, inserts, updates)
    winners = _winners(actors.records, out)
    if winners:  # only then is every record naming an actor looked at
        _follow_redirects(actors.records, winners, {
            kind.key: _Result(kind.key, ours, inserts, updates) for kind, _ in ACTOR_REFS}, out, now)
    return out


def _settle_tags(tags: _Result, out: Consistency, now: str) -> None:
    incoming = set(tags.inserted) | set(tags.updated)
    if not incoming:
        return
    live = tags.live()
    names = {t["name"].casefold() for t in live if t["uid"] not in incoming}
    keys = {t["shortcut"] for t in live if t["uid"] not in incoming and t["shortcut"]}
    for tag in sorted((t for t in live if t["uid"] in incoming), key=lambda t: (t["position"], t["uid"])):
        changes = {}
        name = tag["name"]
        n = 2
        while name.casefold() in names:
            name = f"{tag['name']} ({n})"
            n += 1
        if name != tag["name"]:
            changes["name"] = name
        if tag["shortcut"] and tag["shortcut"] in keys:
            changes["shortcut"] = ""
        names.add(name.casefold())
        keys.add(changes.get("shortcut", tag["shortcut"]))
        if changes:
            out.tags_adjusted.append({"uid": tag["uid"], "tag": tag["name"], "changes": {
                field_: {"theirs": tag[field_], "merged": value} for field_, value in changes.items()}})
            _change(tags, TAGS, tag | changes | {"updated_at": now}, out)


def _change(result: _Result, kind: Kind, rec: dict, out: Consistency) -> None:
    result.replace(rec)
    out.history.append((rec["uid"], bulk.state_hash(kind, rec), bulk.content_json(kind, rec)))


def _winners(actors: dict[str, dict], out: Consistency) -> dict[str, str]:
    """Loser uid -> the uid at the end of its chain of redirects (losers in a circle: none)."""
    redirect = {uid: a["merged_into"] for uid, a in actors.items() if a["merged_into"]}
    winners = {}
    for uid in redirect:
        seen, at = {uid}, uid
        while at in redirect and redirect[at] in actors:
            at = redirect[at]
            if at in seen:
                out.cycles.append(uid)
                break
            seen.add(at)
        else:
            if at != uid:
                winners[uid] = at
    return winners


def _follow_redirects(actors: dict[str, dict], winners: dict[str, str],
                      results: dict[str, _Result], out: Consistency, now: str) -> None:
    for kind, name in ACTOR_REFS:
        result = results[kind.key]
        moved = []
        for rec in result.live():
            loser = rec[name]
            if loser not in winners:
                continue
            winner = winners[loser]
            new = rec | {name: winner, "updated_at": now}
            if kind is EVENTS and rec["location"] == actors[loser]["name"]:
                new["location"] = actors[winner]["name"]
            moved.append((rec, new))
        if kind is EVENT_ACTORS:
            moved = _drop_repeated_links(result, moved, now, out)
        for _, new in moved:
            _change(result, kind, new, out)
        if moved:
            out.redirected[kind.key] = len(moved)


def _drop_repeated_links(links: _Result, moved: list[tuple[dict, dict]], now: str,
                         out: Consistency) -> list[tuple[dict, dict]]:
    """Moved event links, those repeating another live link (same event and actor, same role or
    none) deleted."""
    moving = {old["uid"] for old, _ in moved}
    roles: dict[tuple[str, str], set[str]] = {}
    for link in links.live():
        if link["uid"] not in moving:
            roles.setdefault((link["event"], link["actor"]), set()).add(link["role"])
    kept = []
    for old, new in sorted(moved, key=lambda pair: (pair[1]["role"] == "", pair[0]["uid"])):
        there = roles.setdefault((new["event"], new["actor"]), set())
        if there and (new["role"] in there or new["role"] == ""):
            new = new | {"deleted_at": now}
            out.links_merged += 1
        else:
            there.add(new["role"])
        kept.append((old, new))
    return kept
