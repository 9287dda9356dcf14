"""Document ▸ Properties… and the document list's dates, driven through the real widgets: one
undoable step per OK, the database asserted after each step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from ui_support import open_window, select_text

from curator.core.project import Project
from curator.ui.documents.document_list import DateRole, InferredRole
from db_snapshot import live_rows

pytestmark = pytest.mark.usefixtures("clean_settings")

NARRATIVE = ("On 9 January the talks began in Geneva with both delegations present. "
             "On 12 January they broke up without a result and the envoys left.")


@pytest.fixture
def path(tmp_path):
    """Three documents: a date inferred from a dateline, one set by hand, one without a date."""
    path = tmp_path / "docs.curator"
    with Project.create(path, annotator="tester") as project:
        project.add_documents([
            dict(text="Envoys meet\n\nDec. 8, 2016\n\nThe envoys met on Monday.", title="Envoys meet",
                 published="2016-12-08", published_inferred=True, filename="envoys.txt"),
            dict(text=NARRATIVE, title="Talks", published="2014-05-09", filename="talks.txt",
                 source_kind="news"),
            dict(text="Nothing here names a day.", title="Undated", filename="undated.txt")])
    return path


def stored(path, title: str):
    with Project.open(path) as project:
        return next(d for d in project.documents() if d.title == title or d.filename == title)


def with_dialog(qtbot, window, open_it, act) -> None:
    """Open the properties dialog with ``open_it`` (it runs modally) and drive it with
    ``act(dialog)``, which must close it; a failure inside still closes it and is raised."""
    errors, seen = [], []

    def drive():
        dialog = getattr(window.documents, "properties_dialog", None)
        try:
            assert dialog is not None and dialog.isVisible()
            seen.append(dialog)
            act(dialog)
        except BaseException as exc:  # noqa: BLE001 - re-raised below, after the dialog closed
            errors.append(exc)
        finally:
            if dialog is not None and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, drive)
    open_it()
    qtbot.wait(1)  # the closed dialog is deleted
    if errors:
        raise errors[0]
    assert seen, "the properties dialog did not open"


def item_of(window, title: str):
    documents = window.documents.list
    return next(documents.item(i) for i in range(documents.count()) if documents.item(i).text() == title)


def test_the_list_shows_each_date_and_marks_an_inferred_one(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    envoys, talks, undated = (item_of(window, t) for t in ("Envoys meet", "Talks", "Undated"))
    assert (envoys.data(DateRole), envoys.data(InferredRole)) == ("≈ 8 Dec 2016", True)
    assert (talks.data(DateRole), talks.data(InferredRole)) == ("9 May 2014", False)
    assert (undated.data(DateRole), undated.data(InferredRole)) == ("no date", False)
    assert "≈ inferred from the text" in envoys.toolTip()
    assert "Date: 9 May 2014" in talks.toolTip() and "inferred" not in talks.toolTip()
    assert "No date" in undated.toolTip()


def test_double_click_edit_ok_undo_redo(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    before = live_rows(path)
    item = item_of(window, "Talks")
    rect = window.documents.list.visualItemRect(item)

    def act(dialog):
        assert dialog.date_editor.text() == "2014-05-09"
        assert "Set by hand" in dialog.date_note.text()
        dialog.title_edit.clear()
        qtbot.keyClicks(dialog.title_edit, "Talks in Geneva")
        qtbot.keyClicks(dialog.author_edit, "A. Writer")
        dialog.kind_box.lineEdit().clear()
        qtbot.keyClicks(dialog.kind_box.lineEdit(), "report")
        dialog.date_editor.line.clear()
        qtbot.keyClicks(dialog.date_editor.line, "20 Jan 2016")
        assert dialog.date_editor.preview_text() == "✓ 20 Jan 2016 · EDTF 2016-01-20"
        qtbot.keyClicks(dialog.source_edit, "https://example.org/talks")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    def double_click():
        viewport = window.documents.list.viewport()
        qtbot.mouseClick(viewport, Qt.LeftButton, pos=rect.center())  # the press a double-click follows
        qtbot.mouseDClick(viewport, Qt.LeftButton, pos=rect.center())

    with_dialog(qtbot, window, double_click, act)
    after = stored(path, "talks.txt")
    assert (after.title, after.author, after.source_kind, after.published, after.published_inferred,
            after.source) == ("Talks in Geneva", "A. Writer", "report", "2016-01-20", False,
                              "https://example.org/talks")
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Edit document properties"
    assert item_of(window, "Talks in Geneva").data(DateRole) == "20 Jan 2016"
    edited = live_rows(path)

    window.undo_action.trigger()
    assert live_rows(path) == before
    assert item_of(window, "Talks").data(DateRole) == "9 May 2014"
    window.redo_action.trigger()
    assert live_rows(path) == edited


def test_a_bad_date_keeps_the_dialog_open_with_the_reason_and_writes_nothing(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    window.documents.show_document(stored(path, "talks.txt").id)
    before = live_rows(path)

    def act(dialog):
        dialog.date_editor.line.clear()
        qtbot.keyClicks(dialog.date_editor.line, "spring 2016")
        assert dialog.date_editor.preview_text().startswith("✗ 'spring 2016' (2016-03/2016-05) is an interval")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        assert dialog.isVisible() and "is an interval" in dialog.error_label.text()
        dialog.title_edit.clear()
        dialog.date_editor.line.clear()
        qtbot.keyClicks(dialog.date_editor.line, "2016")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        assert dialog.isVisible() and "needs a title" in dialog.error_label.text()
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.LeftButton)

    with_dialog(qtbot, window, window.documents.properties_action.trigger, act)
    assert live_rows(path) == before and window.undo_stack.count() == 0


def test_an_inferred_date_says_from_what_and_a_typed_one_clears_the_mark(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    window.documents.show_document(stored(path, "envoys.txt").id)

    def act(dialog):
        assert dialog.date_note.text() == ("≈ Inferred from the text: the dateline “Dec. 8, 2016”. "
                                           "Type a date to set it by hand.")
        dialog.date_editor.line.clear()
        qtbot.keyClicks(dialog.date_editor.line, "2016-12-09")
        assert "Set by hand" in dialog.date_note.text()
        qtbot.keyClick(dialog.title_edit, Qt.Key_Return)  # Enter accepts the dialog

    with_dialog(qtbot, window, window.documents.properties_action.trigger, act)
    after = stored(path, "envoys.txt")
    assert (after.published, after.published_inferred) == ("2016-12-09", False)
    assert item_of(window, "Envoys meet").data(DateRole) == "9 Dec 2016"
    assert item_of(window, "Envoys meet").data(InferredRole) is False


def test_from_the_text_infers_the_date_again_and_marks_it(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    with Project.open(path) as project:
        project.update_document(stored(path, "envoys.txt").id, published="")
    window.workspace.reload()
    window.documents.show_document(stored(path, "envoys.txt").id)

    def act(dialog):
        assert dialog.date_editor.text() == ""
        qtbot.mouseClick(dialog.infer_button, Qt.LeftButton)
        assert dialog.date_editor.text() == "2016-12-08"
        assert "the dateline “Dec. 8, 2016”" in dialog.date_note.text()
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    with_dialog(qtbot, window, window.documents.properties_action.trigger, act)
    after = stored(path, "envoys.txt")
    assert (after.published, after.published_inferred) == ("2016-12-08", True)
    window.undo_action.trigger()
    assert (stored(path, "envoys.txt").published, stored(path, "envoys.txt").published_inferred) == ("", False)


def test_from_the_text_says_so_when_the_text_gives_no_date(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    window.documents.show_document(stored(path, "undated.txt").id)

    def act(dialog):
        assert dialog.infer_from_text() is None
        assert "gives no date of its own" in dialog.date_note.text()
        assert dialog.date_editor.text() == ""
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)

    with_dialog(qtbot, window, window.documents.properties_action.trigger, act)
    assert window.undo_stack.count() == 0  # nothing changed: no step


def test_alt_enter_in_the_list_and_the_document_menu_open_it(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert "Document" in menus
    entries = [a.text() for a in menus["Document"].actions()]
    assert "Document &properties…" in entries
    assert window.documents.list.properties_action in window.documents.list.actions()
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.documents.list.setFocus()
    window.documents.list.setCurrentItem(item_of(window, "Undated"))

    def act(dialog):
        assert dialog.title_edit.text() == "Undated"
        dialog.reject()

    with_dialog(qtbot, window, lambda: QTest.keyClick(window.documents.list, Qt.Key_Return,
                                                      Qt.AltModifier), act)


def test_ctrl_e_reads_against_the_new_date_and_keeps_events_already_dated(qtbot, path):
    window = open_window(qtbot, path, size=(1280, 800))
    talks = stored(path, "talks.txt").id
    window.documents.show_document(talks)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)

    def new_event(sentence: str) -> int:
        window.activateWindow()
        assert QTest.qWaitForWindowActive(window)
        select_text(window, sentence)
        window.documents.text.setFocus()
        QTest.keyClick(window.documents.text, Qt.Key_E, Qt.ControlModifier)
        return window.selection.event_id

    first = new_event("On 9 January the talks began")
    with Project.open(path) as project:
        assert project.event(first).date.earliest == "2014-01-09"

    def act(dialog):
        dialog.date_editor.line.clear()
        qtbot.keyClicks(dialog.date_editor.line, "2016-05")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.LeftButton)
        assert not dialog.isVisible(), dialog.error_label.text()

    with_dialog(qtbot, window, window.documents.properties_action.trigger, act)
    second = new_event("On 12 January they broke up")
    assert second not in (None, first)
    with Project.open(path) as project:
        assert project.event(first).date.earliest == "2014-01-09"  # not re-dated
        assert project.event(second).date.earliest == "2016-01-12"  # the new anchor


def test_add_documents_in_the_window_infers_and_says_so(qtbot, path, tmp_path):
    window = open_window(qtbot, path, size=(1280, 800))
    story = tmp_path / "story.txt"
    story.write_text("Envoys leave\n\nby Jane Doe\n\nMarch 3, 2014\n\nThe envoys left.\n", encoding="utf-8")
    dialog = window.add_documents([story])  # the encoding confirmation comes first
    qtbot.waitUntil(lambda: dialog.finished_reading, timeout=20000)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    info = stored(path, "story.txt")
    assert (info.published, info.published_inferred) == ("2014-03-03", True)
    assert "1 dated from the text" in window.statusBar().currentMessage()
    assert item_of(window, "Envoys leave").data(DateRole) == "≈ 3 Mar 2014"
