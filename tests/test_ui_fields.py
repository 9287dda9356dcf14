"""Typed event fields in the window, through real widgets: the table's field columns (display,
edits in place with the choice combo, refusals with their reason, sorting and filtering in SQL),
the inspector's rows, the Fields dialog (add, rename, reorder, delete, choices, the conflict
template), each change an undo step; every check on the database (read with sqlite3 or a second
facade)."""

from __future__ import annotations

import sqlite3

import pytest
from db_snapshot import all_rows
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from ui_support import open_window

from curator.core import Project
from curator.core.conflict_template import EVENT_TYPES, SUB_EVENT_TYPES
from curator.core.event_query import EventQuery, FieldFilter
from curator.ui.events.field_columns import FIRST_FIELD
from curator.ui.events.fields_dialog import FieldsDialog

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture
def path(tmp_path):
    """Five events with the conflict template's fields and a few values."""
    path = tmp_path / "fields.curator"
    with Project.create(path, annotator="tester") as p:
        p.apply_field_template("conflict")
        f = {x.name: x.id for x in p.fields()}
        events = [p.add_event(title) for title in ("Shelling", "Clash", "Protest", "Raid", "Talks")]
        p.set_field_values([(events[0], f["fatalities"], "at least 70"), (events[1], f["fatalities"], "12"),
                            (events[2], f["fatalities"], "about 3"), (events[3], f["fatalities"], "more than 1,000"),
                            (events[0], f["event type"], "Explosions/Remote violence"),
                            (events[1], f["event type"], "Battles"), (events[2], f["event type"], "Protests")])
    return path


def values(path, field: str) -> dict[str, str]:
    """event title -> the live value of ``field``, read with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute(
            "SELECT e.title, v.text FROM event_field_value v JOIN event e ON e.id = v.event_id "
            "JOIN event_field f ON f.id = v.field_id WHERE f.name = ? AND v.deleted_at IS NULL "
            "AND f.deleted_at IS NULL", (field,)).fetchall())
    finally:
        conn.close()


def field_names(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM event_field WHERE deleted_at IS NULL "
                                           "ORDER BY position, id")]
    finally:
        conn.close()


def column(model, name: str) -> int:
    return next(FIRST_FIELD + i for i, f in enumerate(model.fields) if f.name == name)


def row_of(model, title: str) -> int:
    return next(r for r in range(model.rowCount()) if model.row_at(r).title == title)


def test_field_columns_show_values_and_edits_are_undone(qtbot, path):
    window = open_window(qtbot, path)
    model, stack = window.table.model, window.undo_stack
    assert [model.headerData(c, Qt.Horizontal) for c in range(FIRST_FIELD, model.columnCount())] == [
        "event type", "sub-event type", "fatalities", "coordinates"]
    fatalities = column(model, "fatalities")
    index = model.index(row_of(model, "Shelling"), fatalities)
    assert index.data() == "at least 70" and index.flags() & Qt.ItemIsEditable
    assert "from 70 to open (at least)" in index.data(Qt.ToolTipRole)
    assert model.setData(index, "70–100")
    assert values(path, "fatalities")["Shelling"] == "70–100"
    assert model.index(row_of(model, "Shelling"), fatalities).data() == "70–100"
    stack.undo()
    assert values(path, "fatalities")["Shelling"] == "at least 70"
    stack.redo()
    assert values(path, "fatalities")["Shelling"] == "70–100"
    assert model.setData(model.index(row_of(model, "Talks"), fatalities), "5")
    stack.undo()  # a value made, undone: none again
    assert "Talks" not in values(path, "fatalities")


def test_a_bad_value_is_refused_with_its_reason_and_nothing_written(qtbot, path):
    window = open_window(qtbot, path)
    model = window.table.model
    before = all_rows(path)
    refusals = []
    model.editRefused.connect(refusals.append)
    index = model.index(row_of(model, "Clash"), column(model, "fatalities"))
    assert not model.setData(index, "many")
    assert refusals == ["fatalities not changed: 'many' is not a number or range"]
    assert window.statusBar().currentMessage().startswith("fatalities not changed")
    assert index.data() == "12" and all_rows(path) == before
    assert window.undo_stack.count() == 0


def test_a_choice_is_picked_in_a_combo_box(qtbot, path):
    window = open_window(qtbot, path)
    model, view = window.table.model, window.table.view
    index = model.index(row_of(model, "Raid"), column(model, "event type"))
    view.setCurrentIndex(index)
    view.edit(index)
    combo = view.indexWidget(index) or next(w for w in view.findChildren(QComboBox) if w.isVisible())
    assert [combo.itemText(i) for i in range(combo.count())] == ["", *EVENT_TYPES]
    combo.setCurrentIndex(combo.findText("Violence against civilians"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: values(path, "event type").get("Raid") == "Violence against civilians")
    view.commitData(combo)
    view.closeEditor(combo, view.itemDelegate().EndEditHint.NoHint)
    assert window.undo_stack.count() == 1


def test_sorting_by_a_field_in_sql(qtbot, path):
    window = open_window(qtbot, path)
    model, header = window.table.model, window.table.view.horizontalHeader()
    header.setSortIndicator(column(model, "fatalities"), Qt.DescendingOrder)
    qtbot.waitUntil(lambda: not model.loading)
    assert [model.row_at(r).title for r in range(model.rowCount())] == [
        "Raid", "Shelling", "Clash", "Protest", "Talks"]  # 1,000; 70; 12; 3; none last
    header.setSortIndicator(column(model, "event type"), Qt.AscendingOrder)
    qtbot.waitUntil(lambda: not model.loading)
    assert [model.row_at(r).title for r in range(model.rowCount())] == [
        "Clash", "Shelling", "Protest", "Raid", "Talks"]  # Battles, Explosions…, Protests; blank last
    # an edit moves the row where the order wants it
    model.setData(model.index(row_of(model, "Talks"), column(model, "event type")), "Battles")
    assert [model.row_at(r).title for r in range(model.rowCount())][:2] == ["Clash", "Talks"]


def test_filtering_by_a_field_with_a_chip(qtbot, path):
    window = open_window(qtbot, path)
    panel, model = window.table, window.table.model
    fatalities = next(f for f in model.fields if f.name == "fatalities")
    panel.set_field_filter(fatalities.id, FieldFilter(fatalities.id, "fatalities ≥ 50", at_least=50))
    qtbot.waitUntil(lambda: not model.loading)
    shown = sorted(model.row_at(r).title for r in range(model.rowCount()))
    with Project.open(path) as p:
        expected = sorted(p.event(i).title for i in p.matching_event_ids(
            EventQuery(fields=(FieldFilter(fatalities.id, at_least=50),))))
    assert shown == expected == ["Raid", "Shelling"]  # "at least 70" may be 50 or more
    chip = panel.field_chips[fatalities.id]
    assert chip.isVisible() and chip.text() == "fatalities ≥ 50"
    assert window.timeline_binding is not None and panel.query().fields  # the timeline shares it
    chip.close_button.click()
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    assert fatalities.id not in panel.field_chips


def test_the_field_filter_dialog(qtbot, path):
    from curator.ui.events.field_filter_dialog import FieldFilterDialog

    with Project.open(path) as p:
        field = p.field_named("fatalities")
        choice = p.field_named("event type")
    dialog = FieldFilterDialog(field)
    qtbot.addWidget(dialog)
    dialog.at_least.setText("1,000")
    dialog.at_most.setText("10")
    dialog._accept()
    assert dialog.result_filter() is None and "more than at most" in dialog.notice.text()
    dialog.at_most.setText("many")
    dialog._accept()
    assert "'many' is not a number" in dialog.notice.text()
    dialog.at_most.setText("")
    dialog._accept()
    assert dialog.result_filter() == FieldFilter(field.id, "fatalities ≥ 1,000", at_least=1000.0)
    dialog = FieldFilterDialog(choice)
    qtbot.addWidget(dialog)
    dialog.choices.item(0).setCheckState(Qt.Checked)
    assert dialog.build().choices == ("Battles",) and dialog.build().label == "event type: Battles"


def test_the_inspector_edits_fields_and_shows_refusals(qtbot, path):
    window = open_window(qtbot, path)
    with Project.open(path) as p:
        clash = next(i for i in p.matching_event_ids(EventQuery()) if p.event(i).title == "Clash")
        fatalities = p.field_named("fatalities").id
        event_type = p.field_named("event type").id
    window.selection.select(clash)
    box = window.inspector.fields_box
    qtbot.waitUntil(lambda: box.event_id == clash)
    line = box.editors[fatalities]
    assert line.text() == "12"
    line.setText("between 10 and 15")
    line.setModified(True)
    line.editingFinished.emit()
    assert values(path, "fatalities")["Clash"] == "between 10 and 15"
    before = all_rows(path)
    line.setText("a dozen")
    line.setModified(True)
    line.editingFinished.emit()
    assert all_rows(path) == before
    notice = window.inspector.notice
    assert notice.isVisible() and notice.text() == "fatalities not changed: 'a dozen' is not a number or range"
    assert line.text() == "between 10 and 15"  # the stored value is back in the row
    combo = box.editors[event_type]
    combo.setCurrentIndex(combo.findText("Riots"))
    combo.activated.emit(combo.currentIndex())
    assert values(path, "event type")["Clash"] == "Riots"
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: combo.currentText() == "Battles")
    assert values(path, "event type")["Clash"] == "Battles"


def test_the_fields_dialog_adds_renames_reorders_deletes_with_undo(qtbot, path):
    window = open_window(qtbot, path)
    dialog = FieldsDialog(window.workspace, window.undo_stack, window)
    qtbot.addWidget(dialog)
    stack, model = window.undo_stack, window.table.model
    dialog.add_field("source url", "url")
    assert field_names(path)[-1] == "source url" and model.headerData(model.columnCount() - 1, Qt.Horizontal) == "source url"
    dialog.add_field("Fatalities", "text")
    assert "already a field named 'fatalities'" in dialog.notice.text() and len(field_names(path)) == 5
    dialog.list.setCurrentCell(4, 0)
    dialog.list.item(4, 0).setText("link")  # renamed in place
    assert field_names(path)[-1] == "link"
    dialog.list.setCurrentCell(2, 0)  # fatalities
    dialog.move_field(-1)
    assert field_names(path)[:3] == ["event type", "fatalities", "sub-event type"]
    assert [f.name for f in model.fields][:3] == ["event type", "fatalities", "sub-event type"]
    before = all_rows(path)
    dialog.list.setCurrentCell(1, 0)
    dialog.delete_field()
    assert "fatalities" not in field_names(path) and values(path, "fatalities") == {}
    assert "Undo brings them back" in dialog.notice.text()
    stack.undo()
    rows = all_rows(path)
    assert [r[:2] + r[3:] for r in rows["event_field_value"]] == [r[:2] + r[3:] for r in before["event_field_value"]]  # (but the stamp of the change)
    assert values(path, "fatalities")["Raid"] == "more than 1,000"
    for _ in range(3):
        stack.undo()  # the move, the rename, the addition
    assert field_names(path) == ["event type", "sub-event type", "fatalities", "coordinates"]


def test_the_fields_dialog_edits_choices(qtbot, path):
    window = open_window(qtbot, path)
    dialog = FieldsDialog(window.workspace, window.undo_stack, window)
    qtbot.addWidget(dialog)
    dialog.list.setCurrentCell(0, 0)  # event type
    assert dialog.choices_box.isVisibleTo(dialog)
    dialog.add_choice("Cyber attack")
    with Project.open(path) as p:
        assert p.field_named("event type").choices == EVENT_TYPES + ("Cyber attack",)
    battles = next(dialog.choices.item(i) for i in range(dialog.choices.count()) if dialog.choices.item(i).text() == "Battles")
    battles.setText("Armed battles")  # renamed in place: the values follow
    assert values(path, "event type")["Clash"] == "Armed battles"
    dialog.choices.setCurrentRow(next(i for i in range(dialog.choices.count())
                                      if dialog.choices.item(i).text() == "Protests"))
    before = all_rows(path)
    dialog.remove_choice()
    assert "1 event holds the choice 'Protests'" in dialog.notice.text() and all_rows(path) == before
    window.undo_stack.undo()
    assert values(path, "event type")["Clash"] == "Battles"


def test_the_template_from_the_dialog_and_its_undo(qtbot, tmp_path):
    path = tmp_path / "empty.curator"
    Project.create(path).close()
    window = open_window(qtbot, path)
    assert window.fields_action.text() == "&Fields…"
    dialog = FieldsDialog(window.workspace, window.undo_stack, window)
    qtbot.addWidget(dialog)
    dialog.apply_template()
    assert field_names(path) == ["event type", "sub-event type", "fatalities", "coordinates"]
    with Project.open(path) as p:
        assert p.field_named("sub-event type").choices == SUB_EVENT_TYPES
    assert window.table.model.columnCount() == FIRST_FIELD + 4
    dialog.apply_template()
    assert "all there already" in dialog.notice.text()
    window.undo_stack.undo()  # the second (nothing), then the first
    window.undo_stack.undo()
    assert field_names(path) == [] and window.table.model.columnCount() == FIRST_FIELD
    window.undo_stack.redo()
    assert field_names(path) == ["event type", "sub-event type", "fatalities", "coordinates"]


def test_a_read_only_project_shows_fields_without_editing(qtbot, path, tmp_path):
    from media_support import unwritable

    folder = path.parent
    with unwritable(folder):
        window = open_window(qtbot, path)
        assert window.workspace.read_only
        model = window.table.model
        index = model.index(row_of(model, "Shelling"), column(model, "fatalities"))
        assert index.data() == "at least 70" and not index.flags() & Qt.ItemIsEditable
        assert not model.setData(index, "3")
        assert not window.fields_action.isEnabled()
        window.close()
    assert values(path, "fatalities")["Shelling"] == "at least 70"
