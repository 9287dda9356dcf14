"""ACLED-style CSV: export (curator.exchange.acled_export) and import
(curator.exchange.acled_import), checked with the standard library's csv module as the reader
and sqlite3 for the database: a 10,000-row round trip, re-imports that change nothing, rows
that update events, Curator's own events exported, the demo's header, the command line, and
Cancel."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from db_snapshot import all_rows

from curator.core import Project
from curator.core.records import DateFields
from curator.exchange import export_project
from curator.exchange.acled_columns import ACLED_COLUMNS, event_uid, unprotect_cell
from curator.exchange.acled_export import export_acled
from curator.exchange.acled_import import import_acled
from curator.exchange.errors import Cancelled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from acled_file import acled_row, write_acled_csv  # noqa: E402

NUMBERS = ("latitude", "longitude")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows of a CSV file, read by the standard library (the oracle)."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames), list(reader)


def write_rows(path: Path, rows: list[dict], columns=ACLED_COLUMNS) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
    return path


def rows_digest(path: Path) -> str:
    """A digest of every row of every record table (tombstones and stamps included)."""
    return hashlib.sha256(repr(all_rows(path)).encode()).hexdigest()


def event_ids(path: Path) -> dict[str, int]:
    """uid -> id of the live events (read with sqlite3)."""
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT uid, id FROM event WHERE deleted_at IS NULL"))
    finally:
        conn.close()


def generated(n: int, seed: int = 3) -> list[dict]:
    import random

    rng = random.Random(seed)
    return [acled_row(i, rng) for i in range(1, n + 1)]


def assert_same_rows(original: list[dict], exported: list[dict]) -> None:
    """Field by field: every ACLED column but timestamp (Curator's own last change) is what the
    file said; coordinates as numbers (ACLED pads them to 4 decimals); text cells as written
    before the export's formula guard."""
    assert len(exported) == len(original)
    for before, after in zip(original, exported):
        for column in ACLED_COLUMNS:
            if column == "timestamp":
                assert after[column].isdigit()
            elif column in NUMBERS:
                assert float(after[column]) == float(before[column]), (before["event_id_cnty"], column)
            else:
                assert unprotect_cell(after[column]) == before[column], (before["event_id_cnty"], column)


# ---------------------------------------------------------------------- round trip
def test_ten_thousand_rows_round_trip_and_import_again_changes_nothing(project, project_path, tmp_path):
    source = write_acled_csv(tmp_path / "acled.csv", 10_000, seed=5)
    report = import_acled(project, source)
    assert report["rows"] == 10_000 and report["added"]["events"] == 10_000
    assert report["fields_added"][:4] == ["event type", "sub-event type", "fatalities", "coordinates"]
    stats = project.stats()
    assert stats["events"] == 10_000 and stats["places"] == report["added"]["places"] == 20

    out = tmp_path / "out.acled.csv"
    assert export_project(project, out)["events"] == 10_000
    header, exported = read_csv(out)
    _, original = read_csv(source)
    assert header == list(ACLED_COLUMNS)
    assert_same_rows(original, exported)

    digest, counts = rows_digest(project_path), project.stats()
    again = import_acled(project, source)
    assert (again["added"], again["updated"], again["unchanged"]) == (
        {"events": 0, "actors": 0, "places": 0}, {"events": 0}, 10_000)
    assert again["fields_added"] == []
    assert rows_digest(project_path) == digest and project.stats() == counts
    import_acled(project, out)  # Curator's own export of the same events: nothing to change
    assert rows_digest(project_path) == digest

    fresh = Project.create(tmp_path / "other.curator", annotator="b")
    try:
        import_acled(fresh, out)
        export_acled(fresh, tmp_path / "again.acled.csv")
        assert_same_rows(original, read_csv(tmp_path / "again.acled.csv")[1])
    finally:
        fresh.close()


def test_what_an_imported_row_becomes(project, project_path, tmp_path):
    row = generated(1)[0] | {
        "event_id_cnty": "SYR77", "event_date": "2016-11-15", "time_precision": "3", "year": "2016",
        "event_type": "Battles", "sub_event_type": "Armed clash", "actor1": "Military Forces of Syria",
        "assoc_actor_1": "NDF; Liwa al-Quds", "inter1": "1", "actor2": "Opposition Rebels (Syria)",
        "assoc_actor_2": "", "inter2": "2", "location": "Aleppo", "latitude": "36.2021",
        "longitude": "37.1343", "fatalities": "12", "notes": "Clashes in the east of the city.",
        "source": "SOHR; SANA", "country": "Syria"}
    import_acled(project, write_rows(tmp_path / "one.csv", [row]))
    [(uid, event_id)] = event_ids(project_path).items()
    info = project.event(event_id)
    assert uid == event_uid("SYR77")
    assert (info.date.edtf, info.date.earliest, info.date.latest, info.date.date_text) == (
        "2016-11", "2016-11-01", "2016-11-30", "2016-11-15")
    assert info.description == "Clashes in the east of the city." and info.title == "Armed clash in Aleppo"
    assert info.location == "Aleppo"
    links = [(link.name, link.role) for link in project.event_actor_links(event_id)]
    assert links == [("Military Forces of Syria", "actor 1"), ("NDF", "associated with actor 1"),
                     ("Liwa al-Quds", "associated with actor 1"), ("Opposition Rebels (Syria)", "actor 2")]
    kinds = {a.name: a.kind for a in project.actors()}
    assert kinds["Military Forces of Syria"] == "state forces" and kinds["NDF"] == "group"
    assert kinds["Aleppo"] == "place"
    place = next(a for a in project.actors() if a.name == "Aleppo")
    assert (place.latitude, place.longitude) == (36.2021, 37.1343)
    values = {project.field(f).name: v.text for f, v in project.field_values([event_id])[event_id].items()}
    assert values["event type"] == "Battles" and values["sub-event type"] == "Armed clash"
    assert values["fatalities"] == "12" and values["coordinates"] == "Aleppo (36.2021, 37.1343)"
    assert values["source"] == "SOHR; SANA" and values["country"] == "Syria"
    assert values["event_id_cnty"] == "SYR77"
    assert project.check()["ok"]


def test_a_changed_file_updates_only_what_changed(project, project_path, tmp_path):
    rows = generated(40)
    source = write_rows(tmp_path / "a.csv", rows)
    import_acled(project, source)
    by_uid = event_ids(project_path)
    edited = by_uid[event_uid(rows[6]["event_id_cnty"])]
    project.update_event(edited, title="A title of my own")
    deleted = by_uid[event_uid(rows[7]["event_id_cnty"])]
    project.delete_event(deleted)
    changed = by_uid[event_uid(rows[5]["event_id_cnty"])]
    untouched = rows_digest(project_path)

    rows[5] = rows[5] | {"fatalities": "31", "actor2": "Civilians (Syria)", "assoc_actor_2": "",
                         "admin2": "Somewhere else"}
    report = import_acled(project, write_rows(tmp_path / "b.csv", rows))
    assert (report["updated"], report["unchanged"], report["kept_deleted"]) == ({"events": 1}, 38, 1)
    values = {project.field(f).name: v.text for f, v in project.field_values([changed])[changed].items()}
    assert values["fatalities"] == "31" and values["admin2"] == "Somewhere else"
    roles = {link.role: link.name for link in project.event_actor_links(changed)}
    assert roles["actor 2"] == "Civilians (Syria)"
    assert project.event(edited).title == "A title of my own"
    assert project.stats()["events"] == 39  # the deleted one stays deleted
    assert rows_digest(project_path) != untouched
    again = rows_digest(project_path)
    import_acled(project, tmp_path / "b.csv")
    assert rows_digest(project_path) == again


def test_columns_the_file_lacks_keep_the_events_values(project, tmp_path):
    rows = generated(5)
    import_acled(project, write_rows(tmp_path / "full.csv", rows))
    narrow = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "location", "fatalities")
    report = import_acled(project, write_rows(tmp_path / "narrow.csv", rows, narrow))
    assert report["unchanged"] == 5
    export_acled(project, tmp_path / "out.acled.csv")
    assert_same_rows(rows, read_csv(tmp_path / "out.acled.csv")[1])


def test_rows_without_an_id_are_known_by_their_cells(project, project_path, tmp_path):
    rows = [r | {"event_id_cnty": ""} for r in generated(3)]
    rows.append(dict(rows[0]))  # the same row twice: two events (two reports)
    columns = [c for c in ACLED_COLUMNS if c != "event_id_cnty"]
    source = write_rows(tmp_path / "noid.csv", rows, columns)
    assert import_acled(project, source)["added"]["events"] == 4
    digest = rows_digest(project_path)
    report = import_acled(project, source)
    assert report["unchanged"] == 4 and rows_digest(project_path) == digest
    out = tmp_path / "out.acled.csv"
    export_acled(project, out)
    assert {r["event_id_cnty"] for r in read_csv(out)[1]} == set(event_ids(project_path))
    import_acled(project, out)
    assert rows_digest(project_path) == digest


# ---------------------------------------------------------------------- Curator's events exported
def test_curator_events_export_with_their_evidence_roles_and_figures(project, tmp_path):
    project.apply_field_template("conflict")
    fields = {f.name: f.id for f in project.fields()}
    source_field = project.add_field("source", "text")
    text = "Page one.\nThe shelling killed at least 70 people.\nMore."
    doc = project.add_documents([{"text": text, "title": "UN report", "page_starts": [0, 10]}])[0]
    start = text.index("shelling")
    event = project.create_event_from_passage(doc, start, text.index(".", start), title="Shelling of the market",
                                              date=DateFields("2016-11-03~", "2016-11-03", "2016-11-03", ""))
    project.update_event(event, description="The market was shelled.")
    project.set_event_location(event, "Aleppo")
    for name, role in (("Government forces", "attacker"), ("Civilians", "victim"), ("UN", "observer"),
                       ("Russian air force", "actor 1")):
        project.link_actor(event, project.add_actor(name, "group"), role)
    project.set_field_value(event, fields["fatalities"], "at least 70")
    project.set_field_value(event, fields["event type"], "Explosions/Remote violence")
    project.set_field_value(event, fields["coordinates"], "36.2, 37.15")
    project.set_field_value(event, source_field, "SOHR")
    undated = project.add_event("No date yet")

    out = tmp_path / "mine.acled.csv"
    report = export_acled(project, out)
    assert (report["events"], report["undated_left_out"]) == (1, 1)
    [row] = read_csv(out)[1]
    assert (row["event_date"], row["time_precision"], row["year"]) == ("2016-11-03", "2", "2016")
    assert (row["actor1"], row["actor2"], row["assoc_actor_1"]) == (
        "Russian air force", "Government forces", "Civilians; UN")
    assert row["fatalities"] == "70" and row["event_type"] == "Explosions/Remote violence"
    assert (row["latitude"], row["longitude"], row["location"]) == ("36.2", "37.15", "Aleppo")
    assert row["source"] == "SOHR; UN report"
    assert row["notes"] == ("The market was shelled. \u201cshelling killed at least 70 people\u201d "
                            "(UN report, p. 2) [fatalities: at least 70]")
    assert row["event_id_cnty"] == project.event(event).uid
    assert undated

    other = Project.create(tmp_path / "other.curator", annotator="b")
    try:
        import_acled(other, out)
        [(uid, copy)] = event_ids(other.path).items()
        assert uid == project.event(event).uid
        values = {other.field(f).name: v for f, v in other.field_values([copy])[copy].items()}
        assert values["fatalities"].text == "at least 70" and values["fatalities"].high is None
        assert other.event(copy).description == ("The market was shelled. \u201cshelling killed at least "
                                                    "70 people\u201d (UN report, p. 2)")
        assert "event_id_cnty" not in values  # the uid is the event's own identity
    finally:
        other.close()


def test_demo_exports_acled_columns_the_csv_module_reads(demo_project, tmp_path):
    out = tmp_path / "demo.acled.csv"
    before = hashlib.sha256(demo_project.path.read_bytes()).hexdigest()
    report = export_project(demo_project, out)
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(ACLED_COLUMNS)
    assert len(rows) - 1 == report["events"] == demo_project.stats()["dated_events"]
    assert all(len(r) == len(ACLED_COLUMNS) for r in rows)
    header = rows[0]
    for r in rows[1:]:
        assert r[header.index("year")] == r[header.index("event_date")][:4]
        assert r[header.index("time_precision")] in ("1", "2", "3")
    assert out.read_bytes()[:3] != b"\xef\xbb\xbf" and b"\r\n" in out.read_bytes()
    assert hashlib.sha256(demo_project.path.read_bytes()).hexdigest() == before


# ---------------------------------------------------------------------- cancel
def test_cancel_while_writing_leaves_the_project_as_it_was(project, project_path, tmp_path):
    source = write_acled_csv(tmp_path / "acled.csv", 3_000)
    before = rows_digest(project_path)
    calls = []

    def progress(done, total):
        calls.append(done)
        return done < 800  # into the writing phase (620..1000 of 1000)

    with pytest.raises(Cancelled):
        import_acled(project, source, progress)
    assert max(calls) >= 800
    assert rows_digest(project_path) == before and project.fields() == []
    out = tmp_path / "x.acled.csv"
    import_acled(project, source)
    with pytest.raises(Cancelled):
        export_acled(project, out, lambda done, total: done < 1_000)
    assert not out.exists() and not out.with_name(out.name + ".partial").exists()


# ---------------------------------------------------------------------- command line
def curator(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "curator", *args], capture_output=True, text=True, timeout=120)


def test_command_line_export_and_import(tmp_path):
    project = tmp_path / "p.curator"
    assert curator("new", str(project)).returncode == 0
    source = write_rows(tmp_path / "in.csv", generated(20))
    hint = curator("import", str(project), str(source))
    assert hint.returncode == 1 and "add --acled" in hint.stderr and "Traceback" not in hint.stderr
    done = curator("import", str(project), str(source), "--acled")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["added"]["events"] == 20
    plain = tmp_path / "events.csv"
    exported = curator("export", str(project), str(plain), "--format", "acled")
    assert exported.returncode == 0 and json.loads(exported.stdout)["format"] == "acled"
    assert read_csv(plain)[0] == list(ACLED_COLUMNS)
    assert curator("export", str(project), str(tmp_path / "e.acled.csv")).returncode == 0
    assert (tmp_path / "e.acled.csv").read_bytes().split(b"\r\n")[0] == plain.read_bytes().split(b"\r\n")[0]


# ---------------------------------------------------------------------- names, fields, identity
def test_places_and_actors_known_by_an_alias_are_taken_and_compared_alike(project, project_path, tmp_path):
    place = project.add_actor("Aleppo City", "place", aliases=["aleppo"], latitude=36.2, longitude=37.1)
    actor = project.add_actor("Syrian Arab Army", "armed group", aliases=["Military Forces of Syria (2000-2024)"])
    rows = [r | {"location": "Aleppo", "actor1": "Military Forces of Syria (2000-2024)", "actor2": ""}
            for r in generated(4)]
    source = write_rows(tmp_path / "a.csv", rows)
    report = import_acled(project, source)
    assert report["added"]["places"] == 0
    for uid, event_id in event_ids(project_path).items():
        info = project.event(event_id)
        assert (info.place_id, info.location) == (place, "Aleppo City")
        assert [(link.actor_id, link.role) for link in project.event_actor_links(event_id)][0] == (actor, "actor 1")
    digest = rows_digest(project_path)
    assert import_acled(project, source)["unchanged"] == 4
    assert rows_digest(project_path) == digest


def test_the_projects_other_fields_travel_as_extra_columns(project, tmp_path):
    rows = generated(3)
    import_acled(project, write_rows(tmp_path / "a.csv", rows))
    checked = project.add_field("checked by", "choice", ["ana", "bo"])
    notes = project.add_field("Notes", "text")  # the name of an ACLED column: written apart
    some = sorted(event_ids(project.path).values())[0]
    project.set_field_value(some, checked, "bo")
    project.set_field_value(some, notes, "my own note")
    out = tmp_path / "out.acled.csv"
    export_acled(project, out)
    header, exported = read_csv(out)
    assert header == [*ACLED_COLUMNS, "checked by", "Notes (field)"]
    assert [r["checked by"] for r in exported].count("bo") == 1
    digest = rows_digest(project.path)
    assert import_acled(project, out)["unchanged"] == 3 and rows_digest(project.path) == digest
    other = Project.create(tmp_path / "o.curator", annotator="b")
    try:
        other.add_field("checked by", "choice", ["ana", "bo"])
        import_acled(other, out)
        assert {f.name for f in other.fields()} >= {"checked by", "Notes", "event type"}
        assert other.field(next(f.id for f in other.fields() if f.name == "checked by")).kind == "choice"
        export_acled(other, tmp_path / "again.acled.csv")
        again_header, again = read_csv(tmp_path / "again.acled.csv")
        assert again_header == header

        def without_stamps(table):
            return [{k: v for k, v in r.items() if k != "timestamp"} for r in table]
        assert without_stamps(again) == without_stamps(exported)
    finally:
        other.close()


def test_value_uids_are_the_cores(tmp_path):
    from curator.core.field_values import value_uid as core_value_uid
    from curator.exchange.acled_write import value_uid

    for a, b in (("3b1f0c52-7e21-4c35-9d53-0c8b6a0f6b1e", "c0a8012e-0000-4000-8000-000000000001"),
                 ("e", "é/😀")):
        assert value_uid(a, b) == core_value_uid(a, b)


def test_memory_does_not_grow_with_the_file(tmp_path):
    """Import and export keep a batch of rows in memory, not the file or the project: the peak
    (tracemalloc) for 3x the rows stays well under 3x (a whole-file reader triples)."""
    import tracemalloc

    peaks = []
    for n in (1_500, 4_500):
        source = write_acled_csv(tmp_path / f"{n}.csv", n)
        project = Project.create(tmp_path / f"{n}.curator", annotator="m")
        try:
            tracemalloc.start()
            import_acled(project, source)
            export_acled(project, tmp_path / f"{n}.acled.csv")
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        finally:
            project.close()
    assert peaks[1] < 1.6 * peaks[0], peaks
