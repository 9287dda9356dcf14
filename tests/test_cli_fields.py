"""`curator fields` and `curator set-field` through the real entry point: JSON out, one line on
stderr and exit 1 for a refusal (no traceback), the project unchanged then (rows read with
sqlite3)."""

from __future__ import annotations

import json

import pytest
from db_snapshot import all_rows

from curator.cli import main
from curator.core import Project
from curator.core.conflict_template import EVENT_TYPES


def run(capsys, *argv) -> tuple[int, dict | None, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if out.strip() else None), err


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "p.curator"
    with Project.create(path) as p:
        p.add_event("Strike")
    return path


def test_list_add_template_rename_delete(capsys, path):
    assert run(capsys, "fields", path) == (0, {"fields": []}, "")
    code, out, _ = run(capsys, "fields", path, "--template", "conflict")
    assert code == 0 and out["added"] == ["event type", "sub-event type", "fatalities", "coordinates"]
    assert out["fields"][0]["choices"] == list(EVENT_TYPES) and out["fields"][2]["kind"] == "range"
    before = all_rows(path)
    code, out, _ = run(capsys, "fields", path, "--template", "conflict")  # again: nothing changes
    assert (code, out["added"], out["choices_added"]) == (0, [], {}) and all_rows(path) == before
    code, out, _ = run(capsys, "fields", path, "--add", "weapon", "--kind", "choice", "--choices", "rifle", "drone")
    assert code == 0 and out["added"] == ["weapon"] and out["fields"][-1]["choices"] == ["rifle", "drone"]
    assert run(capsys, "set-field", path, 1, "weapon", "Drone")[0] == 0
    code, out, _ = run(capsys, "fields", path, "--rename", "WEAPON", "weapon used")
    assert out["renamed"] == {"weapon": "weapon used"} and out["fields"][-1]["values"] == 1
    code, out, _ = run(capsys, "fields", path, "--delete", "weapon used")
    assert (code, out["deleted"], out["values_deleted"]) == (0, "weapon used", 1)
    assert [f["name"] for f in out["fields"]] == ["event type", "sub-event type", "fatalities", "coordinates"]


@pytest.mark.parametrize("argv, message", [
    (("--add", "fatalities", "--kind", "text"), "there is already a field named 'fatalities'"),
    (("--add", "x"), "--add NAME needs --kind"),
    (("--kind", "text"), "--kind goes with --add NAME"),
    (("--add", "x", "--kind", "text", "--choices", "a"), "only a choice field has choices"),
    (("--add", "Title", "--kind", "text"), "'Title' is one of the event's own columns"),
    (("--rename", "nothing", "x"), "no field named 'nothing'"),
    (("--delete", "x", "--template", "conflict"), "give one of --add, --template, --rename, --delete"),
])
def test_refusals_are_one_line_and_change_nothing(capsys, path, argv, message):
    run(capsys, "fields", path, "--template", "conflict")
    before = all_rows(path)
    code, out, err = run(capsys, "fields", path, *argv)
    assert code == 1 and out is None
    assert err.startswith("curator: ") and message in err and err.count("\n") == 1 and "Traceback" not in err
    assert all_rows(path) == before


def test_a_bad_kind_is_an_argument_error(capsys, path):
    with pytest.raises(SystemExit) as stop:
        main(["fields", str(path), "--add", "x", "--kind", "colour"])
    assert stop.value.code == 2
    assert "invalid choice: 'colour'" in capsys.readouterr().err


def test_set_field_by_id_or_uid_and_refusals(capsys, path):
    run(capsys, "fields", path, "--template", "conflict")
    code, out, _ = run(capsys, "set-field", path, 1, "fatalities", "more than 1,000")
    assert code == 0 and out == {"event": 1, "field": "fatalities", "previous": None, "value": {
        "text": "more than 1,000", "low": 1000.0, "high": None, "qualifier": "more than",
        "latitude": None, "longitude": None}}
    with Project.open(path) as p:
        uid = p.event(1).uid
    code, out, _ = run(capsys, "set-field", path, uid, "coordinates", "Alep (36.2, 37.15)")
    assert out["value"]["latitude"] == 36.2 and out["value"]["text"] == "Alep (36.2, 37.15)"
    before = all_rows(path)
    for argv, message in (((1, "fatalities", "many"), "fatalities: 'many' is not a number or range"),
                          ((1, "event type", "War"), "event type: 'War' is not one of the choices"),
                          ((7, "fatalities", "3"), "no event with id 7"),
                          ((1, "wounded", "3"), "no field named 'wounded'")):
        code, out, err = run(capsys, "set-field", path, *argv)
        assert code == 1 and message in err and err.count("\n") == 1
    assert all_rows(path) == before
    code, out, _ = run(capsys, "set-field", path, 1, "fatalities", "")
    assert out["previous"] == "more than 1,000" and out["value"] is None
