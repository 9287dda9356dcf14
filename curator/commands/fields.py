"""`curator fields` (typed event fields: list, add, rename, delete, the conflict template) and
`curator set-field` (one event's value of a field). JSON on stdout; a refusal is one line on
stderr (exit 1) and the project is left as it was."""

from __future__ import annotations

from curator.commands.project import event_id_arg, open_project, print_json
from curator.core.errors import CuratorError, InvalidInput, NotFound


def _field(project, name: str):
    found = project.field_named(name)
    if found is None:
        known = ", ".join(f.name for f in project.fields()) or "none yet"
        raise NotFound(f"no field named {name!r} (the project's fields: {known})")
    return found


def _listing(project) -> dict:
    counts = project.field_value_counts()
    return {"fields": [{"name": f.name, "kind": f.kind, "choices": list(f.choices), "position": f.position,
                        "uid": f.uid, "values": counts.get(f.id, 0)} for f in project.fields()]}


def run_fields(args) -> int:
    wanted = [name for name in ("add", "template", "rename", "delete") if getattr(args, name)]
    if len(wanted) > 1:
        raise InvalidInput(f"give one of --add, --template, --rename, --delete (not {' and '.join('--' + w for w in wanted)})")
    if args.kind and not args.add:
        raise InvalidInput("--kind goes with --add NAME")
    if args.choices and not args.add:
        raise InvalidInput("--choices goes with --add NAME --kind choice")
    with open_project(args.project, args) as project:
        done = {}
        if args.add:
            if not args.kind:
                raise InvalidInput("--add NAME needs --kind (text, number, range, choice, place or url)")
            project.add_field(args.add, args.kind, args.choices or ())
            done = {"added": [project.field_named(args.add).name]}
        elif args.template:
            done = project.apply_field_template(args.template)
        elif args.rename:
            old, new = args.rename
            field = _field(project, old)
            project.rename_field(field.id, new)
            done = {"renamed": {field.name: project.field(field.id).name}}
        elif args.delete:
            field = _field(project, args.delete)
            values = project.field_value_counts().get(field.id, 0)
            project.delete_field(field.id)
            done = {"deleted": field.name, "values_deleted": values}
        print_json(done | _listing(project))
    return 0


def run_set_field(args) -> int:
    with open_project(args.project, args) as project:
        event_id = event_id_arg(project, args.event)
        field = _field(project, args.field)
        previous = project.set_field_value(event_id, field.id, args.value)
        value = project.field_value(event_id, field.id)
        print_json({"event": event_id, "field": field.name,
                    "previous": None if previous is None else previous.text,
                    "value": None if value is None else {
                        "text": value.text, "low": value.low, "high": value.high,
                        "qualifier": value.qualifier, "latitude": value.latitude,
                        "longitude": value.longitude}})
    return 0


__all__ = ["run_fields", "run_set_field", "CuratorError"]
