"""File > Import > ACLED CSV… and File > Export > Events as ACLED CSV… in the real window (the
file dialogs answered by the test): the events land in the database and in the views; a refused
file lists its problems by row and column and leaves every table as it was (read with sqlite3);
the exported file reads back with the csv module."""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

import pytest
import ui_support
from db_snapshot import all_rows
from PySide6.QtWidgets import QFileDialog

from curator.core import Project
from curator.exchange.acled_columns import ACLED_COLUMNS
from curator.ui.exchange.actions import describe_acled

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from acled_file import write_acled_csv  # noqa: E402

WAIT = 120_000
pytestmark = pytest.mark.usefixtures("clean_settings")


def run_command(qtbot, window, action) -> str:
    with qtbot.waitSignal(window.exchange.finished, timeout=WAIT) as blocker:
        action.trigger()
    if window.exchange.worker is not None:
        window.exchange.worker.wait()
    return blocker.args[0]


def test_import_an_acled_file_from_the_menu(qtbot, monkeypatch, demo_path, tmp_path):
    source = write_acled_csv(tmp_path / "syria.csv", 300)
    window = ui_support.open_window(qtbot, demo_path, annotator="ana")
    before = window.workspace.stats()
    rows = window.table.model.rowCount()
    asked = []

    def answer(parent, caption, folder, filters, *args, **kwargs):
        asked.append(filters)
        return str(source), ""
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    message = run_command(qtbot, window, window.exchange.import_acled_action)

    assert asked and asked[0].startswith("ACLED-style CSV files (*.csv")
    assert "Imported syria.csv: 300 events added (with" in message and "undo history was cleared" in message
    with Project.open(demo_path) as project:
        after = project.stats()
        assert after["events"] == before["events"] + 300
        assert {"event type", "sub-event type", "fatalities", "coordinates", "country"} <= {
            f.name for f in project.fields()}
    assert window.table.model.rowCount() == rows + 300
    assert window.undo_stack.count() == 0 and not window.exchange.busy

    again = run_command(qtbot, window, window.exchange.import_acled_action)
    assert "0 events added; 300 already here as the file has them" in again


def test_a_refused_file_lists_rows_and_columns_and_changes_nothing(qtbot, monkeypatch, demo_path, tmp_path):
    source = write_acled_csv(tmp_path / "bad.csv", 30)
    with open(source, encoding="utf-8", newline="") as fh:
        table = list(csv.reader(fh))
    table[4][ACLED_COLUMNS.index("event_date")] = "2014-13-01"
    table[9][ACLED_COLUMNS.index("latitude")] = "123.4"
    table[12][ACLED_COLUMNS.index("event_type")] = "Skirmish"
    with open(source, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(table)
    window = ui_support.open_window(qtbot, demo_path, annotator="ana")
    before = all_rows(demo_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    message = run_command(qtbot, window, window.exchange.import_acled_action)

    dialog = window.exchange.problem_dialog
    assert dialog.isVisible() and dialog.list.headerItem().text(0) == "Where (row, column)"
    listed = [(dialog.list.topLevelItem(i).text(0), dialog.list.topLevelItem(i).text(1))
              for i in range(dialog.list.topLevelItemCount())]
    assert [where for where, _ in listed] == ["row 5, event_date", "row 10, latitude", "row 13, event_type"]
    assert listed[1][1] == "'123.4' is outside -90..90"
    assert "3 problems, nothing was written" in message
    dialog.grab().save(str(Path("/tmp") / "acled-csv-problems.png"))
    dialog.close()
    assert all_rows(demo_path) == before


def test_export_events_as_acled_csv_from_the_menu(qtbot, monkeypatch, demo_path, tmp_path):
    window = ui_support.open_window(qtbot, demo_path, annotator="ana")
    out = tmp_path / "events.csv"  # a plain .csv name: the menu entry says the format
    asked = []

    def answer(parent, caption, suggested, filters, *args, **kwargs):
        asked.append((caption, suggested, filters))
        return str(out), ""
    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    message = run_command(qtbot, window, window.exchange.export_actions[".acled.csv"])

    [(caption, suggested, filters)] = asked
    assert caption == "Export: ACLED-style CSV, one row per event" and suggested.endswith("demo.acled.csv")
    assert filters.startswith("ACLED-style CSV, one row per event (*.acled.csv)")
    assert f"Exported to {out}" in message
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == list(ACLED_COLUMNS) and len(rows) - 1 == window.workspace.stats()["dated_events"]


def test_describe_acled():
    assert describe_acled({"added": {"events": 1, "actors": 1, "places": 0}, "updated": {"events": 2},
                           "unchanged": 3, "kept_deleted": 1, "ignored_columns": {"title": "x"}}) == (
        "1 event added (with 1 actor); 2 updated from the file; 3 already here as the file has them; "
        "1 deleted here and left deleted; column(s) left out: 'title'")


def test_cancel_while_writing_leaves_every_table_as_it_was(qtbot, monkeypatch, demo_path, tmp_path):
    from curator.exchange import acled_write

    source = write_acled_csv(tmp_path / "big.csv", 6_000)
    write = acled_write.AcledWriter.write

    def slow_write(self, batch):  # time for the window to see the writing start and cancel
        time.sleep(0.2)
        write(self, batch)
    monkeypatch.setattr(acled_write.AcledWriter, "write", slow_write)
    window = ui_support.open_window(qtbot, demo_path, annotator="ana")
    before = all_rows(demo_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(source), ""))
    seen = []

    def on_started(worker):
        def on_progress(done, total):
            seen.append(done)
            if done >= 620:  # the writing phase (see curator.exchange.acled_import.PHASES)
                window.exchange.progress_dialog.canceled.emit()  # the Cancel button
        worker.progress.connect(on_progress)
    window.exchange.started.connect(on_started)
    message = run_command(qtbot, window, window.exchange.import_acled_action)
    assert message == "Import of big.csv cancelled: nothing was written"
    assert max(seen) >= 620 and max(seen) < 1000
    assert all_rows(demo_path) == before
