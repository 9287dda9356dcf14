"""`curator claims PROJECT --candidates [--threshold T] [--slack DAYS] [--per-event K] [--limit N]`:
the candidate pairs of events that may report the same happening, best first, with their reasons
and differences, as JSON written as it is made (the first N; ``--limit 0`` for all). Reads only.
Confirming or rejecting a pair, and the happenings it makes, come with the next part of issue 12."""

from __future__ import annotations

import json
import os
import sys
import textwrap

from curator.commands.project import open_project
from curator.core.claims import Rules, project_candidates
from curator.core.errors import CuratorError

DEFAULT_LIMIT = 1000


def run_claims(args) -> int:
    if not args.candidates:
        raise CuratorError("confirmed claims are not there yet: `curator claims PROJECT --candidates` "
                           "lists the proposed pairs")
    rules = Rules(threshold=args.threshold, slack_days=args.slack, per_event=args.per_event or None)
    with open_project(args.project, args) as project:
        found = project_candidates(project, rules)
        shown = len(found) if not args.limit else min(args.limit, len(found))
        head = {"threshold": rules.threshold, "slack_days": rules.slack_days, "per_event": rules.per_event,
                "events": found.events, "proposed": len(found), "shown": shown}
        try:
            write_stream(sys.stdout, head, "candidates", (c.as_dict() for c in found.first(shown)))
        except BrokenPipeError:  # the reader has read enough (`| head`): stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


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
