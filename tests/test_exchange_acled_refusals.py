"""A malformed ACLED file is refused whole, each problem named by its row and column, and the
project is left exactly as it was (every row of every table compared with sqlite3); files
written in other common ways (a byte order mark, UTF-16, semicolons, ACLED's older upper-case
header) are read."""

from __future__ import annotations

import codecs
import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from db_snapshot import all_rows

from curator.core.errors import InvalidInput
from curator.exchange.acled_columns import ACLED_COLUMNS
from curator.exchange.acled_import import InvalidAcled, import_acled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from acled_file import acled_row  # noqa: E402


def rows(n: int = 6) -> list[dict]:
    import random

    rng = random.Random(9)
    return [acled_row(i, rng) for i in range(1, n + 1)]


def csv_text(table: list[dict], columns=ACLED_COLUMNS, delimiter: str = ",") -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in table:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


@pytest.fixture
def seeded(project, tmp_path):
    """A project holding a few imported events (so that 'unchanged' means something)."""
    source = tmp_path / "seed.csv"
    source.write_text(csv_text(rows(3)), encoding="utf-8", newline="")
    import_acled(project, source)
    return project


def refused(project, tmp_path, data: bytes | str) -> InvalidAcled:
    path = tmp_path / "bad.csv"
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    before = all_rows(project.path)
    with pytest.raises(InvalidAcled) as caught:
        import_acled(project, path)
    assert all_rows(project.path) == before
    return caught.value


@pytest.mark.parametrize("row, column, value, where, reason", [
    (2, "event_date", "2014-13-01", "row 4, event_date", "'2014-13-01' is not a date: there is no month 13"),
    (0, "event_date", "", "row 2, event_date", "is empty: every ACLED event has a date"),
    (1, "event_type", "Skirmish", "row 3, event_type", "'Skirmish' is not one of ACLED's event types"),
    (3, "latitude", "95.5", "row 5, latitude", "'95.5' is outside -90..90"),
    (3, "longitude", "east", "row 5, longitude", "'east' is not a number of degrees"),
    (4, "fatalities", "-1", "row 6, fatalities", "'-1' is not a whole number of 0 or more"),
    (4, "fatalities", "2.5", "row 6, fatalities", "'2.5' is not a whole number"),
    (4, "fatalities", "about 10", "row 6, fatalities", "'about 10' is not a whole number"),
    (1, "time_precision", "4", "row 3, time_precision", "'4' is not a time precision"),
    (1, "year", "1999", "row 3, year", "'1999' is not the year of event_date"),
])
def test_a_bad_cell_is_named_by_row_and_column(seeded, tmp_path, row, column, value, where, reason):
    table = rows()
    table[row][column] = value
    error = refused(seeded, tmp_path, csv_text(table))
    assert [str(p.path) for p in error.problems] == [where]
    assert reason in error.problems[0].message
    assert "nothing was written" in str(error) and where in str(error)


def test_a_sub_event_type_of_another_type_is_refused(seeded, tmp_path):
    table = rows()
    table[0].update(event_type="Protests", sub_event_type="Armed clash")
    [problem] = refused(seeded, tmp_path, csv_text(table)).problems
    assert str(problem) == "row 2, sub_event_type: 'Armed clash' is a sub-event type of Battles, not of Protests"


def test_every_problem_is_listed(seeded, tmp_path):
    table = rows()
    table[0]["event_date"] = "31 February 2015"
    table[2]["latitude"] = "-91"
    table[5]["sub_event_type"] = "Riot"
    error = refused(seeded, tmp_path, csv_text(table))
    assert [p.path for p in error.problems] == ["row 2, event_date", "row 4, latitude", "row 7, sub_event_type"]
    assert "February 2015 has 28 days" in error.problems[0].message
    assert str(error).startswith(f"{tmp_path / 'bad.csv'}: 3 problems, nothing was written")


@pytest.mark.parametrize("missing", ["event_date", "event_type", "actor1", "location"])
def test_a_missing_required_column_is_refused(seeded, tmp_path, missing):
    columns = [c for c in ACLED_COLUMNS if c != missing]
    [problem] = refused(seeded, tmp_path, csv_text(rows(), columns)).problems
    assert problem.path == f"row 1, {missing}" and "the column is missing" in problem.message


def test_a_column_twice_and_latitude_alone_are_refused(seeded, tmp_path):
    columns = [c for c in ACLED_COLUMNS if c != "longitude"] + ["notes"]
    problems = refused(seeded, tmp_path, csv_text(rows(), columns)).problems
    assert [p.path for p in problems] == ["row 1, notes", "row 1, longitude"]
    assert "appears twice (columns 27 and 31)" in problems[0].message


def test_an_id_given_twice_is_refused(seeded, tmp_path):
    table = rows()
    table[4]["event_id_cnty"] = table[1]["event_id_cnty"]
    [problem] = refused(seeded, tmp_path, csv_text(table)).problems
    assert str(problem) == "row 6, event_id_cnty: 'SYR2' is also the id of row 3: an id names one event"


def test_a_row_with_too_many_cells_is_refused(seeded, tmp_path):
    text = csv_text(rows()).split("\r\n")
    text[3] = text[3] + ",extra"
    [problem] = refused(seeded, tmp_path, "\r\n".join(text)).problems
    assert problem.path == "row 4" and f"{len(ACLED_COLUMNS) + 1} cells where the header has" in problem.message


def test_another_encoding_is_refused_naming_the_row_and_the_byte(seeded, tmp_path):
    table = rows()
    table[2]["location"] = "Alep (Halab), près de la citadelle"
    data = csv_text(table).encode("cp1252", errors="replace")  # "Ḥalab" elsewhere: "?"
    [problem] = refused(seeded, tmp_path, data).problems
    assert problem.path == "row 4, location"
    assert problem.message.startswith("byte 0xE8 is not UTF-8") and "save it as UTF-8" in problem.message


@pytest.mark.parametrize("data, message", [
    (b"", "is empty"),
    (b'{"format": "curator-export"}\n', "is not an ACLED file"),
    (b"uid,title,edtf\r\nx,y,2014\r\n", "is not an ACLED file"),
])
def test_a_file_that_is_not_acled_is_refused_in_one_line(project, tmp_path, data, message):
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    before = all_rows(project.path)
    with pytest.raises(InvalidInput, match=message):
        import_acled(project, path)
    assert all_rows(project.path) == before


def test_a_field_of_the_templates_name_and_another_kind_refuses_the_file(project, tmp_path):
    project.add_field("Fatalities", "text")
    path = tmp_path / "ok.csv"
    path.write_text(csv_text(rows()), encoding="utf-8")
    before = all_rows(project.path)
    with pytest.raises(InvalidInput, match="field 'Fatalities' is a text field; an ACLED import keeps fatalities"):
        import_acled(project, path)
    assert all_rows(project.path) == before


def test_a_value_the_projects_own_field_refuses(project, tmp_path):
    project.add_field("country", "choice", ["Iraq", "Lebanon"])
    path = tmp_path / "x.csv"
    path.write_text(csv_text(rows(2)), encoding="utf-8")
    before = all_rows(project.path)
    with pytest.raises(InvalidAcled) as caught:
        import_acled(project, path)
    assert [str(p) for p in caught.value.problems] == [
        f"row {n}, country: 'Syria' is not one of the choices (Iraq, Lebanon) (the project's field "
        "'country' is a choice field)" for n in (2, 3)]
    assert all_rows(project.path) == before


# ---------------------------------------------------------------------- read, not refused
@pytest.mark.parametrize("encode", [
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    lambda text: text.encode("utf-16"),  # with its byte order mark, as spreadsheets write "Unicode text"
    lambda text: text.replace("\r\n", "\n").encode("utf-8"),
])
def test_byte_order_marks_and_line_ends_are_read(project, tmp_path, encode):
    table = rows()
    table[1]["actor1"] = "Ḥayʼat Taḥrīr al-Shām (هيئة تحرير الشام)"
    path = tmp_path / "ok.csv"
    path.write_bytes(encode(csv_text(table)))
    report = import_acled(project, path)
    assert report["added"]["events"] == 6
    assert "Ḥayʼat Taḥrīr al-Shām (هيئة تحرير الشام)" in {a.name for a in project.actors()}
    assert report["encoding"] in ("utf-8", "utf-8 (byte order mark)", "utf-16 (byte order mark)")


def test_semicolons_and_acleds_older_upper_case_header_are_read(project, tmp_path):
    columns = [c.upper() for c in ACLED_COLUMNS] + ["EVENT_ID_NO_CNTY", "Unnamed: 0", "title"]
    table = [r | {"EVENT_ID_NO_CNTY": "12", "Unnamed: 0": "3", "title": "x"} for r in rows()]
    table = [{c.upper() if c in ACLED_COLUMNS else c: v for c, v in r.items()} for r in table]
    path = tmp_path / "old.csv"
    path.write_text(csv_text(table, columns, delimiter=";"), encoding="utf-8")
    report = import_acled(project, path)
    assert report["delimiter"] == "semicolon" and report["added"]["events"] == 6
    assert set(report["ignored_columns"]) == {"Unnamed: 0", "title"}
    assert "event_id_no_cnty" in {f.name for f in project.fields()}


def test_the_command_line_lists_the_problems_and_exits_1(tmp_path):
    project = tmp_path / "p.curator"
    subprocess.run([sys.executable, "-m", "curator", "new", str(project)], check=True, capture_output=True)
    table = rows()
    table[2]["event_date"] = "2014-13-01"
    table[3]["event_type"] = "Skirmish"
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(table), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "curator", "import", str(project), str(path), "--acled"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"curator: {path}: 2 problems, nothing was written; first: row 4, event_date")
    assert lines[1:] == ["  row 4, event_date: '2014-13-01' is not a date: there is no month 13",
                         "  row 5, event_type: 'Skirmish' is not one of ACLED's event types (Battles, Protests, "
                         "Riots, Explosions/Remote violence, Violence against civilians, Strategic developments)"]
    stats = subprocess.run([sys.executable, "-m", "curator", "stats", str(project)], capture_output=True, text=True)
    assert '"events": 0' in stats.stdout and '"fields": 0' in stats.stdout
