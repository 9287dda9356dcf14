"""What a selection reuses to be quick at scale, checked for staleness: the inspector's actor
rows (filled again for the next event), the workspace's documents (forgotten when one changes),
the text's laid-out highlights (laid out again after a scroll), and the one-query evidence
documents of an event."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt
from ui_support import open_window

from curator.core.project import Project

pytestmark = pytest.mark.usefixtures("clean_settings")

TEXT = "\n\n".join(f"Paragraph {n}: shelling near the citadel on {n} May 2014 was reported." for n in range(1, 121))


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "reuse.curator"
    project = Project.create(path, annotator="tester")
    doc_a, doc_b = project.add_documents([dict(text=TEXT, title="Report A", published="2014-06-01"),
                                          dict(text="The siege ended. " * 3, title="Report B")])
    kerry = project.add_actor("John Kerry", "person")
    lavrov = project.add_actor("Sergey Lavrov", "person")
    assad = project.add_actor("Bashar al-Assad", "person")
    first = project.create_event_from_passage(doc_a, 0, 11, title="two actors")
    project.set_event_actor_links(first, [(kerry, "mediator"), (lavrov, "negotiator")])
    second = project.create_event_from_passage(doc_b, 0, 16, title="one actor")
    project.set_event_actor_links(second, [(assad, "")])
    third = project.create_event_from_passage(doc_a, TEXT.index("Paragraph 100"), TEXT.index("Paragraph 100") + 12,
                                              title="no actors")
    project.add_evidence_passage(third, doc_b, 4, 9)
    assert (first, second, third) == (1, 2, 3)
    project.close()
    return path


def _shown(table):
    return [(p.text(), r.text()) for p, r in zip(table.pickers(), table.role_fields())]


def test_actor_rows_are_filled_again_for_each_event(qtbot, path):
    window = open_window(qtbot, path, annotator="tester", size=(1400, 900))
    inspector, table = window.inspector, window.inspector.actors_table
    for event_id, expected in ((1, [("John Kerry", "mediator"), ("Sergey Lavrov", "negotiator")]),
                               (2, [("Bashar al-Assad", "")]), (3, []),
                               (1, [("John Kerry", "mediator"), ("Sergey Lavrov", "negotiator")])):
        window.selection.select(event_id)
        qtbot.waitUntil(lambda: inspector.event_id == event_id and inspector.stack.currentIndex() == 1)
        assert _shown(table) == expected
        assert table.table.rowCount() == len(expected)
        assert not table.has_unfinished_edit()
    # a reused row edits its own event: the second row's role changed on event 1
    role = table.role_fields()[1]
    role.setFocus()
    role.selectAll()
    qtbot.keyClicks(role, "observer")
    qtbot.keyClick(role, Qt.Key_Return)
    qtbot.waitUntil(lambda: not inspector._refresh_timer.isActive())
    with Project.open(path) as db:
        assert [(l.name, l.role) for l in db.event_actor_links(1)] == [
            ("John Kerry", "mediator"), ("Sergey Lavrov", "observer")]
        assert [(l.name, l.role) for l in db.event_actor_links(2)] == [("Bashar al-Assad", "")]


def test_evidence_documents_first_evidence_first_and_live_only(path):
    with Project.open(path) as project:
        assert project.evidence_document_ids(3) == [1, 2]
        assert project.evidence_document_ids(2) == [2]
        span = project.event(3).evidence[0]
        project.remove_evidence(3, span.id)
        assert project.evidence_document_ids(3) == [2]
        assert project.evidence_document_ids(999) == []


def test_documents_read_once_are_forgotten_when_they_change(qtbot, path):
    window = open_window(qtbot, path, annotator="tester")
    workspace = window.workspace
    assert workspace.document(1).title == "Report A"
    workspace.update_document(1, title="Report A, revised")
    assert workspace.document(1).title == "Report A, revised"
    window.undo_stack.clear()
    with Project.open(path) as other:  # another connection: the view reloads, as after a merge
        other.update_document(2, title="Report B, revised")
    workspace.reload()
    assert workspace.document(2).title == "Report B, revised"


def test_highlights_are_laid_out_again_after_a_scroll(qtbot, path):
    window = open_window(qtbot, path, annotator="tester", size=(1200, 700))
    pane = window.documents
    window.selection.select(1)
    qtbot.waitUntil(lambda: pane.document_id == 1)
    text = pane.text
    text.viewport().repaint()
    top = text.layer.last_visible_range
    assert top[0] == 0
    window.selection.select(3)  # its passage is far down the text: the view scrolls to it
    qtbot.waitUntil(lambda: text.verticalScrollBar().value() > 0)
    text.viewport().repaint()
    moved = text.layer.last_visible_range
    assert moved[0] > top[1] // 2 and moved[0] <= TEXT.index("Paragraph 100") < moved[1]


@pytest.fixture
def many(monkeypatch, path):
    """Documents count as having many spans from 3 on: document 1's five are read on a worker,
    document 2's two at once."""
    from curator.ui.documents import span_loading

    with Project.open(path) as project:
        for start in (100, 200, 300):
            project.add_highlight(1, start, start + 9)
    monkeypatch.setattr(span_loading, "WORKER_FROM", 3)
    return path


def test_many_spans_come_from_a_worker_after_the_text(qtbot, many):
    window = open_window(qtbot, many, annotator="tester", size=(1200, 700))
    pane = window.documents
    pane.spans.wait()
    pane.show_document(2)  # one span: read at once
    assert pane.spans.pending is None and len(pane.text.layer.index) == 2
    seen = []
    pane.documentShown.connect(lambda d: seen.append(("text", d, len(pane.text.layer.index))))
    pane.spans.loaded.connect(lambda d, _: seen.append(("spans", d)))
    window.selection.select(1)  # its evidence is in document 1 (five spans): a worker reads them
    qtbot.waitUntil(lambda: pane.document_id == 1 and pane.spans.pending is None)
    assert seen == [("text", 1, 0), ("spans", 1)]  # the text first, with no spans drawn yet
    assert pane.text.toPlainText().startswith("Paragraph 1:")
    assert sorted(pane.text.layer.index.ids.tolist()) == sorted(s.id for s in window.workspace.spans(1))
    # a highlight added: the old spans stay drawn until the worker brings the new ones
    before = pane.text.layer.index
    added = window.workspace.add_highlight(1, 30, 38)
    assert pane.text.layer.index is before and pane.spans.pending == 1
    qtbot.waitUntil(lambda: pane.spans.pending is None)
    assert added in pane.text.layer.index.ids.tolist()


def _reading_document_1(qtbot, path):
    """A window showing document 1 while a worker still reads its (many) spans."""
    window = open_window(qtbot, path, annotator="tester")
    pane = window.documents
    pane.spans.wait()
    pane.show_document(2)
    pane.show_document(1)
    assert pane.spans.pending == 1
    return window, pane


def test_a_late_answer_for_another_document_is_dropped(qtbot, many):
    window, pane = _reading_document_1(qtbot, many)
    pane.show_document(2)  # before document 1's spans came
    pane.spans.wait()
    qtbot.wait(50)
    assert pane.document_id == 2 and pane.spans.pending is None
    assert sorted(pane.text.layer.index.ids.tolist()) == sorted(s.id for s in window.workspace.spans(2))


def test_labelling_while_the_worker_reads_sees_every_span(qtbot, many):
    window, pane = _reading_document_1(qtbot, many)
    index = pane.index  # what labelling asks: read at once
    assert pane.spans.pending is None
    assert sorted(index.ids.tolist()) == sorted(s.id for s in window.workspace.spans(1))
    assert pane.text.layer.index is index


def test_documents_listed_without_counting_their_characters(path):
    """A list of documents needs no character counts (counting reads every text); one document
    read on its own has its length."""
    with Project.open(path) as project:
        counted, listed = project.documents(), project.documents(lengths=False)
        assert [d.length for d in listed] == [-1, -1]
        assert [d.length for d in counted] == [len(TEXT), len("The siege ended. " * 3)]
        assert [dataclasses.replace(d, length=0) for d in listed] == \
            [dataclasses.replace(d, length=0) for d in counted]
        assert project.document(1).length == len(TEXT)
