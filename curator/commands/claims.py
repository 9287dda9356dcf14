"""`curator claims PROJECT --candidates [--threshold T] [--slack DAYS]`: the candidate pairs of
events that may report the same happening, with their reasons and differences (JSON). Reads
only. Confirming or rejecting a pair, and the happenings it makes, come with the next part of
issue 12."""

from __future__ import annotations

from curator.commands.project import open_project, print_json
from curator.core.claims import find_candidates
from curator.core.errors import CuratorError


def run_claims(args) -> int:
    if not args.candidates:
        raise CuratorError("confirmed claims are not there yet: `curator claims PROJECT --candidates` "
                           "lists the proposed pairs")
    with open_project(args.project, args) as project:
        events = project.claim_events()
    found = find_candidates(events, threshold=args.threshold, slack_days=args.slack)
    print_json({"threshold": args.threshold, "slack_days": args.slack, "events": len(events),
                "candidates": [c.as_dict() for c in found]})
    return 0
