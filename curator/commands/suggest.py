"""`curator suggest PROJECT [--accept]`."""

from __future__ import annotations

from curator.commands.project import open_project, print_json
from curator.suggestions import accept_all, suggest_events


def run_suggest(args) -> int:
    with open_project(args.project, args) as project:
        suggestions = suggest_events(project)
        if not args.accept:
            print_json([s.as_dict() for s in suggestions])
            return 0
        ids = accept_all(project, suggestions)
        created = [dict(s.as_dict(), event_id=i) for s, i in zip(suggestions, ids) if i is not None]
        skipped = [dict(s.as_dict(), reason="its passage became evidence (or was rejected) meanwhile")
                   for s, i in zip(suggestions, ids) if i is None]
        print_json({"accepted": len(created), "events": created, "skipped": skipped})
    return 0
