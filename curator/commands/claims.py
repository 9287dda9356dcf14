"""`curator claims PROJECT`: the happenings (events confirmed as reports of one happening) with
their reports side by side and the fields that differ, and the pairs marked different, as JSON.

- ``--candidates [--threshold T] [--slack DAYS] [--per-event K] [--limit N]``: the candidate pairs
  of events that may report the same happening (pairs already decided left out), best first,
  with their reasons and differences, written as they are made (the first N; ``--limit 0`` for
  all). Reads only.
- ``--confirm A B [--note TEXT]``, ``--reject A B [--note TEXT]``, ``--unlink A B``: decide
  about a pair (A, B: event ids or uids), in one transaction; prints the pair's link before and
  after. A refusal is one line on stderr, exit 2, and the project is left as it was.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap

from curator.commands.project import event_id_arg, open_project
from curator.core.errors import CuratorError

DEFAULT_LIMIT = 1000


def run_claims(args) -> int:
    decision = [(name, pair) for name in ("confirm", "reject", "unlink")
                if (pair := getattr(args, name, None))]
    if len(decision) > 1 or (decision and args.candidates):
        sys.stderr.write("curator: give one of --candidates, --confirm, --reject, --unlink\n")
        return 2
    if args.note is not None and not (decision and decision[0][0] in ("confirm", "reject")):
        sys.stderr.write("curator: --note goes with --confirm or --reject\n")
        return 2
    with open_project(args.project, args) as project:
        if decision:
            return _decide(project, *decision[0], args.note or "")
        try:
            if args.candidates:
                _write_candidates(project, args)
            else:
                _write_happenings(project)
        except BrokenPipeError:  # the reader has read enough (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _decide(project, action: str, pair: list[str], note: str) -> int:
    try:
        a, b = (event_id_arg(project, text) for text in pair)
        before = project.claim_link(a, b)
        if action == "confirm":
            project.confirm_claims(a, b, note)
        elif action == "reject":
            project.reject_claims(a, b, note)
        else:
            project.unlink_claims(a, b)
    except CuratorError as exc:
        sys.stderr.write(f"curator: {str(exc).splitlines()[0]}\n")
        return 2
    after = project.claim_link(a, b)
    print(json.dumps({"events": [a, b], "before": link_dict(before), "after": link_dict(after),
                      "happening": list(project.happening_of(a))}, ensure_ascii=False, indent=2))
    return 0


def link_dict(link) -> dict | None:
    if link is None:
        return None
    return {"uid": link.uid, "a": link.event_a_id, "b": link.event_b_id, "status": link.status,
            "note": link.note, "updated_at": str(link.updated_at) if link.updated_at else None}


def _write_happenings(project) -> None:
    from curator.core.claims_report import claims_report

    groups = project.happenings()
    rejected = project.claim_links(status="different")
    titles = {e.id: e for e in project.claim_events(sorted({i for k in rejected for i in (k.event_a_id, k.event_b_id)}))}

    def side(event_id: int) -> dict:
        e = titles.get(event_id)
        return {"id": event_id, "uid": e.key if e else None, "title": e.title if e else None,
                "edtf": e.edtf if e else None}
    head = {"count": len(groups),
            "rejected": [{"a": side(k.event_a_id), "b": side(k.event_b_id), "note": k.note, "uid": k.uid}
                         for k in rejected]}
    notes = {frozenset((k.event_a_id, k.event_b_id)): k.note for k in project.claim_links(status="same") if k.note}

    def items():
        for group, h in zip(groups, claims_report(project, groups)):
            item = h.as_dict()
            item["links"] = [{"a": x, "b": y, "note": n} for x in group for y in group
                             if x < y and (n := notes.get(frozenset((x, y)))) is not None]
            yield item
    write_stream(sys.stdout, head, "happenings", items())


def _write_candidates(project, args) -> None:
    from curator.core.claims import Rules, project_candidates

    rules = Rules(threshold=args.threshold, slack_days=args.slack, per_event=args.per_event or None)
    found = project_candidates(project, rules)
    shown = len(found) if not args.limit else min(args.limit, len(found))
    head = {"threshold": rules.threshold, "slack_days": rules.slack_days, "per_event": rules.per_event,
            "events": found.events, "proposed": len(found), "shown": shown}
    write_stream(sys.stdout, head, "candidates", (c.as_dict() for c in found.first(shown)))


def write_stream(out, head: dict, key: str, items) -> None:
    """``head`` with ``key`` holding ``items``, as ``json.dumps(..., indent=2)`` would write the
    whole, but each item written (and flushed) as it comes."""
    text = json.dumps(head, ensure_ascii=False, indent=2)
    out.write(text[:-2] + f',\n  {json.dumps(key)}: [')
    first = True
    for item in items:
        out.write(("\n" if first else ",\n") + textwrap.indent(json.dumps(item, ensure_ascii=False, indent=2), "    "))
        out.flush()
        first = False
    out.write("]\n}\n" if first else "\n  ]\n}\n")
