"""Edit ▸ Tag set…: the dialog's buttons and cells change the project's tag set as one undo step;
a tag still in use is refused with the project's reason."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QColorDialog, QDialogButtonBox, QLineEdit
from ui_support import open_window

from curator.core.project import Project
from curator.ui.tags.tag_set_dialog import COLOUR, KEY, NAME, TagSetDialog

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture
def window(qtbot, project_path):
    with Project.create(project_path, "tester") as project:
        project.add_document("Lakhdar Brahimi met Sergey Lavrov in Geneva.", title="Talks")
    return open_window(qtbot, project_path)


def tag_set(path):
    with Project.open(path) as project:
        return [(t.id, t.name, t.color, t.shortcut, t.description) for t in project.tags()]


def dialog_of(window, qtbot) -> TagSetDialog:
    dialog = TagSetDialog(window.workspace, window.undo_stack, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def type_in_cell(qtbot, dialog, row, column, text):
    table = dialog.table
    table.setCurrentCell(row, column)
    table.editItem(table.item(row, column))
    editor = next(e for e in table.viewport().findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key_Return)
    QApplication.processEvents()


def row_of(dialog, name):
    return next(i for i in range(dialog.table.rowCount()) if dialog.table.item(i, NAME).text() == name)


def test_every_change_applies_as_one_undo_step(window, project_path, qtbot, monkeypatch):
    before = tag_set(project_path)
    assert [(name, key) for _, name, _, key, _ in before] == [
        ("Person", "1"), ("Group", "2"), ("Place", "3"), ("Date", "4"), ("Event", "5"), ("Figure", "6"),
        ("Quote", "7")]
    dialog = dialog_of(window, qtbot)
    type_in_cell(qtbot, dialog, 0, NAME, "Individual")
    dialog.table.cellWidget(1, KEY).setCurrentText("3")  # Group and Place swap keys
    dialog.table.cellWidget(2, KEY).setCurrentText("2")
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#123456")))
    dialog.table.selectRow(row_of(dialog, "Date"))
    qtbot.mouseClick(dialog.colour_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    new_row = dialog.table.rowCount() - 1
    type_in_cell(qtbot, dialog, new_row, NAME, "Weapon")
    assert dialog.table.cellWidget(new_row, KEY).currentText() == "8"  # the first free key
    qtbot.mouseClick(dialog.up_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.up_button, Qt.LeftButton)
    dialog.table.selectRow(row_of(dialog, "Quote"))
    qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.box.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert not dialog.isVisible()

    after = tag_set(project_path)
    assert [(name, key) for _, name, _, key, _ in after] == [
        ("Individual", "1"), ("Group", "3"), ("Place", "2"), ("Date", "4"), ("Event", "5"), ("Weapon", "8"),
        ("Figure", "6")]
    assert dict((name, colour) for _, name, colour, _, _ in after)["Date"] == "#123456"
    assert window.undo_stack.count() == 1
    # the palette follows the tag set
    palette = window.documents.palette
    assert [a.text() for a in palette.actions()][:2] == ["Individual\t1", "Group\t3"]

    window.undo_action.trigger()
    assert tag_set(project_path) == before
    window.redo_action.trigger()
    assert tag_set(project_path) == after  # the same records, the new tag with the same id


def test_a_tag_in_use_is_not_deleted_and_nothing_changes(window, project_path, qtbot):
    with Project.open(project_path) as project:
        person = project.tag_by_shortcut("1").id
        project.add_highlight(1, 0, 15, tag_id=person)
    before = tag_set(project_path)
    dialog = dialog_of(window, qtbot)
    type_in_cell(qtbot, dialog, 1, NAME, "Organisation")  # a change that would be fine alone
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.delete_button, Qt.LeftButton)
    qtbot.mouseClick(dialog.box.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert dialog.isVisible()
    assert dialog.error.isVisible()
    assert "Person" in dialog.error.text() and "1 highlight" in dialog.error.text()
    assert tag_set(project_path) == before
    assert window.undo_stack.count() == 0


def test_a_duplicate_name_is_refused_with_the_reason(window, project_path, qtbot):
    before = tag_set(project_path)
    dialog = dialog_of(window, qtbot)
    qtbot.mouseClick(dialog.add_button, Qt.LeftButton)
    type_in_cell(qtbot, dialog, dialog.table.rowCount() - 1, NAME, "place")
    qtbot.mouseClick(dialog.box.button(QDialogButtonBox.Ok), Qt.LeftButton)
    assert "already a tag named" in dialog.error.text()
    assert tag_set(project_path) == before


def test_double_click_on_a_colour_and_the_edit_menu_entry(window, project_path, qtbot, monkeypatch):
    monkeypatch.setattr(QColorDialog, "getColor", staticmethod(lambda *a, **k: QColor("#00ff00")))
    dialogs = []

    def exec_and_edit(self):
        dialogs.append(self)
        self.table.cellDoubleClicked.emit(2, COLOUR)
        self.box.button(QDialogButtonBox.Ok).click()
        return self.result()
    monkeypatch.setattr(TagSetDialog, "exec", exec_and_edit)  # the modal loop would block the test
    window.tag_set_action.trigger()
    assert len(dialogs) == 1
    assert [c for _, n, c, _, _ in tag_set(project_path) if n == "Place"] == ["#00ff00"]
    window.undo_action.trigger()
    assert [c for _, n, c, _, _ in tag_set(project_path) if n == "Place"] != ["#00ff00"]


def test_label_bar_shows_each_labels_colour_name_and_key(qtbot, tmp_path):
    from curator.core.project import Project
    from curator.ui.documents.labelling import tag_legend

    with Project.create(tmp_path / "legend.curator", "tester") as project:
        tags = project.tags()
        legend = tag_legend(tags)
        for tag in tags:
            assert tag.color in legend and tag.name in legend
        assert legend.index("Person") < legend.index("Quote")
        assert "&lt;b&gt;" in tag_legend([tags[0].__class__(**{**tags[0].__dict__, "name": "<b>"})])
    assert "Tag set" in tag_legend([])
