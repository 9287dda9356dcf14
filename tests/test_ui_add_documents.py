"""The window's Add documents…: a confirmation dialog shows how each file was read, the
encoding can be changed with a live preview, mojibake repaired on request; nothing is written
before Add, and the add is one undoable step. Files are written with Python's codecs and the
stored texts read back with sqlite3."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import Qt

from curator.core.project import Project
from curator.ui.documents.add_dialog import PREVIEW_CHARS
from curator.ui.documents.preview_model import DATE, ENCODING, FILE, PROBLEM, TITLE
from test_ingest_encodings import GREEK, RUSSIAN
from test_ingest_mojibake import GARBLED, ORIGINAL
from ui_support import open_window

pytestmark = pytest.mark.usefixtures("clean_settings")


def stored(path) -> list[tuple[int, str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, filename, encoding, text FROM document WHERE deleted_at IS NULL "
                            "ORDER BY id").fetchall()


def shown(text: str) -> str:
    """What a QPlainTextEdit's toPlainText gives back for ``text`` (line breaks become paragraph
    breaks, and no-break spaces spaces)."""
    return text[:PREVIEW_CHARS].replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")


def cell(dialog, row: int, column: int) -> str:
    return dialog.model.index(row, column).data()


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "empty.curator"
    Project.create(path, annotator="tester").close()
    return path


def read_all(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=60000)


def test_changing_the_encoding_updates_the_preview_and_add_writes_that_text(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    data = RUSSIAN.encode("cp1251")
    (tmp_path / "ru.txt").write_bytes(data)
    (tmp_path / "el.txt").write_bytes(GREEK.encode("iso-8859-7"))
    dialog = window.add_documents([tmp_path / "ru.txt", tmp_path / "el.txt"])
    read_all(qtbot, dialog)
    assert [cell(dialog, r, ENCODING) for r in range(2)] == ["windows-1251 (detected)", "iso-8859-7 (detected)"]
    dialog.select(0)
    assert dialog.encoding_combo.isVisibleTo(dialog) and dialog.encoding_combo.label == "windows-1251"
    assert dialog.preview.toPlainText() == shown(RUSSIAN)
    assert "as <b>windows-1251</b>" in dialog.preview_label.text()
    assert stored(empty_path) == []  # nothing is written before Add

    dialog.encoding_combo.select("koi8-r")
    qtbot.waitUntil(lambda: dialog.finished_reading and dialog.entries[0].encoding == "koi8-r")
    assert dialog.preview.toPlainText() == shown(data.decode("koi8-r"))
    assert cell(dialog, 0, ENCODING) == "koi8-r (as chosen)"
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)

    rows = stored(empty_path)
    assert [(r[1], r[2], r[3]) for r in rows] == [("ru.txt", "koi8-r", data.decode("koi8-r")),
                                                  ("el.txt", "iso-8859-7", GREEK)]
    assert window.documents.list.count() == 2
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Add 2 documents"
    window.undo_stack.undo()
    assert stored(empty_path) == [] and window.documents.list.count() == 0
    window.undo_stack.redo()
    assert stored(empty_path) == rows  # the very same records, ids and all
    assert window.documents.document_id in (rows[0][0], rows[1][0])


def test_cancel_writes_nothing(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    (tmp_path / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    dialog = window.add_documents([tmp_path / "ru.txt"])
    read_all(qtbot, dialog)
    dialog.select(0)
    dialog.encoding_combo.select("windows-1253")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored(empty_path) == []
    assert window.undo_stack.count() == 0 and window.documents.list.count() == 0


def test_mojibake_is_shown_before_and_after_and_repaired_only_when_ticked(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    path = tmp_path / "garbled.txt"
    path.write_bytes(GARBLED.encode("utf-8"))
    dialog = window.add_documents([path])
    read_all(qtbot, dialog)
    dialog.select(0)
    assert dialog.mojibake_panel.isVisibleTo(dialog)
    assert not dialog.repair_box.isChecked()
    assert "7 places" in dialog.repair_box.text()
    assert "7 mojibake places not repaired" in cell(dialog, 0, PROBLEM)
    view = dialog.mojibake_view.toPlainText()
    assert "Aâ€™qrab" in view and "A’qrab" in view and "before" in view and "after" in view
    assert dialog.preview.toPlainText() == shown(GARBLED)

    dialog.repair_box.setChecked(True)
    assert dialog.preview.toPlainText() == shown(ORIGINAL)
    assert "7 mojibake places repaired" in cell(dialog, 0, PROBLEM)
    assert "(ftfy repaired)" in dialog.preview_label.text()
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert [(r[2], r[3]) for r in stored(empty_path)] == [("utf-8 (ftfy repaired)", ORIGINAL)]


def test_unreadable_and_uncertain_files_are_flagged(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    short = tmp_path / "short.txt"
    short.write_bytes("Le siège a commencé le 19 juillet 2012.\n".encode("cp1252"))
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(300))
    dialog = window.add_documents([short, binary, tmp_path / "missing.txt"])
    read_all(qtbot, dialog)
    assert cell(dialog, 0, PROBLEM).startswith("⚠ short.txt: cannot tell its encoding for sure")
    assert "is a guess" in dialog.problem_label.text() and "short.txt" in dialog.problem_label.text()
    assert cell(dialog, 1, PROBLEM).startswith("✗ unknown kind: image.txt is a PNG image")
    assert "missing.txt does not exist" in cell(dialog, 2, PROBLEM)
    # refused files are listed unticked and cannot be ticked
    assert [dialog.included(r) for r in range(3)] == [True, False, False]
    assert not dialog.model.flags(dialog.model.index(1, FILE)) & Qt.ItemIsUserCheckable
    dialog.set_included(1, True)
    assert not dialog.included(1)
    assert dialog.add_button.isEnabled() and dialog.add_button.text() == "Add 1 document"
    dialog.select(0)
    dialog.encoding_combo.select("windows-1252")  # the user settles the doubt
    qtbot.waitUntil(lambda: dialog.finished_reading and dialog.entries[0].encoding_choice == "windows-1252")
    assert dialog.problem_label.isHidden()
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert [(r[1], r[2], r[3]) for r in stored(empty_path)] == [
        ("short.txt", "windows-1252", "Le siège a commencé le 19 juillet 2012.\n")]


def test_title_and_date_are_edited_in_the_preview(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    path = tmp_path / "report.txt"
    path.write_text("Report\n\nOn 3 March 2015 the bridge was closed.\n", encoding="utf-8")
    dialog = window.add_documents([path])
    read_all(qtbot, dialog)
    assert cell(dialog, 0, TITLE) == "Report" and cell(dialog, 0, DATE) == "2015-03-03 (from the text)"
    model = dialog.model
    assert not model.setData(model.index(0, DATE), "3rd of Smarch")
    assert "Smarch" in dialog.problem_label.text() or "date" in dialog.problem_label.text()
    assert model.setData(model.index(0, DATE), "2015-04")
    assert model.setData(model.index(0, TITLE), "  Bridge   report ")
    assert cell(dialog, 0, DATE) == "2015-04" and cell(dialog, 0, TITLE) == "Bridge report"
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    with sqlite3.connect(empty_path) as conn:
        assert conn.execute("SELECT title, published, published_inferred FROM document").fetchall() == [
            ("Bridge report", "2015-04", 0)]


def test_a_text_already_in_the_project_is_skipped_and_leaves_no_undo_step(qtbot, tmp_path, empty_path):
    window = open_window(qtbot, empty_path)
    path = tmp_path / "report.txt"
    path.write_text("Report\n\nOn 3 March 2015 the bridge was closed.\n", encoding="utf-8")
    for _ in range(2):
        dialog = window.add_documents([path])
        read_all(qtbot, dialog)
        qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert len(stored(empty_path)) == 1
    assert "1 skipped" in window.statusBar().currentMessage()
    assert window.undo_stack.count() == 1
