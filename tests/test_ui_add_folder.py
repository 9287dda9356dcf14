"""The window's Add folder…: every readable file under a folder is read on a worker (mixed kinds,
a corrupt and an encrypted file, a scan, hidden files), the preview lists kinds and refusals,
Add puts the readable documents in the database as one undoable step, and Cancel in the middle
of reading adds nothing. The database is read back with sqlite3; the expected texts come from
reading each file on its own (extract_all)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from curator.core.project import Project
from curator.ingest import batch, ocr
from curator.ingest.formats import extract_all
from curator.ui.documents import add_entries, batch_reader
from curator.ui.documents.preview_model import FILE, KIND, PAGES, PART, PROBLEM
from ingest_folder import READABLE, REFUSED, make_mixed_folder
from ui_support import open_window

pytestmark = pytest.mark.usefixtures("clean_settings")


def live_documents(path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT filename, text FROM document WHERE deleted_at IS NULL ORDER BY id").fetchall()


@pytest.fixture
def empty_path(tmp_path):
    path = tmp_path / "empty.curator"
    Project.create(path, annotator="tester").close()
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return make_mixed_folder(tmp_path_factory.mktemp("mixed"))


def cell(dialog, row, column):
    return dialog.model.index(row, column).data()


def test_add_folder_lists_kinds_and_refusals_and_adds_the_readable_ones_as_one_step(
        qtbot, folder, empty_path, monkeypatch):
    monkeypatch.setattr(batch, "IN_PROCESS_FILES", 0)  # through the pool of processes, as a big folder is
    window = open_window(qtbot, empty_path)
    assert window.add_folder_action.isEnabled()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    window.add_folder_action.trigger()
    dialog = window.add_dialog
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=60000)
    assert live_documents(empty_path) == []  # nothing is written before Add

    names = [e.path.relative_to(folder).as_posix() for e in dialog.entries]
    expected_names = []
    for name in sorted((*READABLE, *REFUSED), key=lambda n: folder / n):
        expected_names += [name] * (READABLE[name][1] if name in READABLE else 1)
    assert names == expected_names  # one row per message of the mailbox; hidden files left out
    rows = {name: row for row, name in reversed(list(enumerate(names)))}
    assert cell(dialog, rows["a-report.pdf"], KIND) == "PDF" and cell(dialog, rows["a-report.pdf"], PAGES) == "3"
    assert cell(dialog, rows["b-report.docx"], KIND) == "Word"
    assert cell(dialog, rows["f-box.mbox"] + 1, PART) == "message 2 of 3"
    assert cell(dialog, rows["sub/h-latin1.txt"], KIND) == "Text"
    for name, reason in REFUSED.items():
        row = rows[name]
        assert cell(dialog, row, PROBLEM).startswith(f"✗ {reason}: {folder.joinpath(name).name}")
        assert not dialog.included(row) and dialog.model.index(row, FILE).data(Qt.CheckStateRole) is None
    readable = sum(count for _, count in READABLE.values())
    assert dialog.add_button.isEnabled() and dialog.add_button.text() == f"Add {readable} documents"
    assert "3 readable" not in dialog.status.text() and f"{readable} documents to add" in dialog.status.text()

    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    expected = []
    for name in sorted(READABLE, key=lambda n: folder / n):
        expected += [(folder.joinpath(name).name, d.text) for d in extract_all(folder / name)]
    assert live_documents(empty_path) == expected
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == f"Add {readable} documents"
    window.undo_stack.undo()
    assert live_documents(empty_path) == []
    window.undo_stack.redo()
    assert live_documents(empty_path) == expected


def test_cancel_in_the_middle_of_reading_adds_nothing(qtbot, tmp_path, empty_path, monkeypatch):
    monkeypatch.setattr(batch_reader, "FLUSH_S", 0.0)  # every file's row at once, so the test sees the middle
    source = tmp_path / "many"
    source.mkdir()
    for number in range(60):
        (source / f"{number:02}.txt").write_text(f"Note {number}: the convoy left on 8 May 2014.\n" * 200)
    cancelled = threading.Event()
    real = add_entries.entries_of

    def held(result, index=-1, encoding=None):  # the third file waits until Cancel is pressed
        if result.path.name == "02.txt":
            cancelled.wait(20)
        return real(result, index, encoding)

    monkeypatch.setattr(add_entries, "entries_of", held)
    monkeypatch.setattr(batch, "IN_PROCESS_FILES", 1000)  # read on the reader thread, where the hold is
    monkeypatch.setattr(batch, "IN_PROCESS_BYTES", 10**9)
    window = open_window(qtbot, empty_path)
    dialog = window.add_folder(source)
    qtbot.waitUntil(lambda: len(dialog.entries) >= 2, timeout=60000)
    assert dialog.reading and not dialog.add_button.isEnabled()
    assert dialog.progress.isVisible() and "Reading" in dialog.status.text()
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)
    assert dialog.reader.cancelled
    cancelled.set()
    qtbot.waitUntil(lambda: not dialog.reader.isRunning(), timeout=20000)
    qtbot.wait(50)
    assert len(dialog.entries) == 2  # it stopped there: nothing after the cancel was shown
    assert live_documents(empty_path) == [] and window.undo_stack.count() == 0


def test_an_empty_folder_says_so(qtbot, tmp_path, empty_path):
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / ".hidden.txt").write_text("x")
    window = open_window(qtbot, empty_path)
    dialog = window.add_folder(tmp_path / "nothing")
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=20000)
    assert "No file Curator reads" in dialog.status.text() and not dialog.add_button.isEnabled()


@pytest.mark.skipif(not ocr.available(), reason="tesseract and pdftoppm are not installed")
def test_a_scan_is_read_with_ocr_on_request_and_marked(qtbot, tmp_path, empty_path):
    from test_ingest_ocr import PAGES, close_enough, scanned_pdf

    (tmp_path / "scan.pdf").write_bytes(scanned_pdf(PAGES[:1]))
    window = open_window(qtbot, empty_path)
    dialog = window.add_documents([tmp_path / "scan.pdf"])
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=20000)
    dialog.select(0)
    assert dialog.ocr_button.isVisibleTo(dialog) and dialog.ocr_button.isEnabled()
    assert "Read with OCR" in dialog.problem_label.text() and not dialog.add_button.isEnabled()
    qtbot.mouseClick(dialog.ocr_button, Qt.LeftButton)
    qtbot.waitUntil(lambda: dialog.finished_reading and dialog.entries[0].ok, timeout=120000)
    assert cell(dialog, 0, KIND) == "PDF (OCR)" and dialog.included(0)
    assert close_enough(dialog.preview.toPlainText(), PAGES[0])
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    ((name, text),) = live_documents(empty_path)
    assert name == "scan.pdf" and close_enough(text, PAGES[0])


def test_a_large_addition_is_written_by_a_worker_as_one_undoable_step(qtbot, folder, empty_path, monkeypatch):
    """Past adding.WORKER_FROM (here: anything) the documents are written on a worker's own
    connection behind a progress dialog; the step on the undo stack then only tells the views,
    and undo and redo work on what the worker wrote."""
    from curator.ui.documents import adding

    monkeypatch.setattr(adding, "WORKER_FROM", 0)
    window = open_window(qtbot, empty_path)
    dialog = window.add_folder(folder)
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=60000)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    assert window.adding.worker is not None  # not written on the GUI thread
    window.adding.wait()
    expected = []
    for name in sorted(READABLE, key=lambda n: folder / n):
        expected += [(folder.joinpath(name).name, d.text) for d in extract_all(folder / name)]
    assert live_documents(empty_path) == expected
    readable = sum(count for _, count in READABLE.values())
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == f"Add {readable} documents"
    assert window.documents.list.count() == readable  # the views were told
    assert window.statusBar().currentMessage().startswith(f"Added {readable} documents")
    window.undo_stack.undo()
    assert live_documents(empty_path) == [] and window.documents.list.count() == 0
    window.undo_stack.redo()
    assert live_documents(empty_path) == expected


def test_a_cancelled_addition_adds_nothing(empty_path):
    """The facade's progress: False from it rolls the whole addition back."""
    from curator.core.errors import Cancelled

    records = [{"text": f"Report {n}: shelling on {n} May 2014.", "title": f"r{n}"} for n in range(1, 6)]
    with Project.open(empty_path) as project:
        with pytest.raises(Cancelled):
            project.add_documents(records, progress=lambda done, total: done < 3)
        assert project.documents() == []
        seen = []
        ids = project.add_documents(records, progress=lambda done, total: seen.append((done, total)) or True)
        assert len(ids) == 5 and seen == [(n, 5) for n in range(5)]


def test_the_originals_are_kept_unless_unticked(qtbot, folder, empty_path):
    window = open_window(qtbot, empty_path)
    dialog = window.add_folder(folder)
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=60000)
    assert dialog.keep_originals.isChecked()  # the project keeps them (its default)
    dialog.keep_originals.setChecked(False)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    with sqlite3.connect(empty_path) as conn:
        assert conn.execute("SELECT count(*) FROM document WHERE deleted_at IS NULL").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM document_original").fetchone() == (0,)
        custody = conn.execute("SELECT count(*) FROM document WHERE source_sha256 != ''").fetchone()[0]
        assert custody == conn.execute("SELECT count(*) FROM document").fetchone()[0]
    window.undo_stack.undo()
    dialog = window.add_folder(folder)
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=60000)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)  # ticked: the originals come along
    with sqlite3.connect(empty_path) as conn:
        assert conn.execute("SELECT count(*) FROM document_original").fetchone()[0] > 0
