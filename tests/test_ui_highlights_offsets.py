"""Offsets stay exact when labelling text with emoji, combining marks, Arabic and CRLF line
breaks; the interval index and the painter's visible range agree with brute force."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QTextCursor
from ui_support import open_window

from curator.core.offsets import QtTextMap, utf16_length
from curator.core.project import Project
from curator.core.records import SpanColumns
from curator.ui.documents.span_index import SpanIndex
from curator.ui.documents.text_view import EvidenceTextView

pytestmark = pytest.mark.usefixtures("clean_settings")

TEXT = ("Family 👨‍👩‍👧 arrived 🚑 at dawn.\r\n"
        "Ce\u0301line said: “café” was hit.\r\n\r\n"
        "قال المرصد السوري إن 12 مدنيا قتلوا في حلب.\r\n"
        "Mixed: العربية and English 😀 together.\n")
PASSAGES = ["👨‍👩‍👧 arrived 🚑", "Ce\u0301line", "café” was hit.\r\n\r\nقال", "مدنيا قتلوا في حلب",
            "العربية and English 😀", "😀"]


def test_labelling_a_widget_selection_stores_the_exact_passage(qtbot, project_path):
    with Project.create(project_path, "tester") as project:
        document_id = project.add_document(TEXT, title="Unicode")
    window = open_window(qtbot, project_path)
    pane = window.documents
    qt_map = QtTextMap(TEXT)
    for passage in PASSAGES:
        start = TEXT.index(passage)
        end = start + len(passage)
        cursor = QTextCursor(pane.text.document())
        cursor.setPosition(qt_map.to_qt(start))
        cursor.setPosition(qt_map.to_qt(end), QTextCursor.KeepAnchor)
        pane.text.setTextCursor(cursor)
        pane.text.setFocus()
        qtbot.keyClick(pane.text, Qt.Key_7)
    with sqlite3.connect(project_path) as conn:
        rows = conn.execute('SELECT start, "end", quote FROM span WHERE document_id = ? '
                            "AND deleted_at IS NULL ORDER BY id", (document_id,)).fetchall()
    assert [quote for _, _, quote in rows] == PASSAGES
    assert all(TEXT[start:end] == quote for start, end, quote in rows)
    # the tooltip reads back the same passage from the offset under the pointer
    offset = TEXT.index("مدنيا") + 1
    assert "Quote — “مدنيا قتلوا في حلب”" in pane.tooltip_at(offset)


spans_strategy = st.lists(st.tuples(st.integers(0, 200), st.integers(1, 40), st.sampled_from([None, 1, 2]),
                                    st.booleans()), max_size=60)


@settings(max_examples=150, deadline=None)
@given(spans_strategy, st.integers(0, 240), st.integers(1, 60))
def test_index_finds_exactly_the_overlapping_drawn_spans(raw, start, width):
    ids = list(range(1, len(raw) + 1))
    columns = SpanColumns(ids, [s for s, *_ in raw], [s + n for s, n, *_ in raw], [t for _, _, t, _ in raw],
                          [(i, 100 + i) for i, (*_, evidence) in zip(ids, raw) if evidence])
    index = SpanIndex(columns)
    drawn = {i for i, (_, _, tag, evidence) in zip(ids, raw) if tag is not None or evidence}
    end = start + width
    expected = {i for i, (s, n, *_) in zip(ids, raw) if i in drawn and s < end and s + n > start}
    found = [index.span_id(k) for k in index.overlapping_indices(start, end).tolist()]
    assert sorted(found) == sorted(expected) and len(found) == len(set(found))
    # depth: drawn spans before it (by start, longest first) still open where it starts
    for k in range(len(index)):
        s = int(index.starts[k])
        assert index.depths[k] == sum(1 for j in range(k) if int(index.ends[j]) > s)


text_strategy = st.lists(st.sampled_from(["word ", "😀", "e\u0301", "حلب ", "\r\n", "\n", "x" * 30 + " "]),
                         min_size=1, max_size=300).map("".join)


@pytest.fixture(scope="module")
def bare_view(qapp):
    view = EvidenceTextView()
    view.resize(300, 200)
    view.show()
    yield view
    view.close()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=text_strategy, fraction=st.floats(0, 1))
def test_painter_visible_range_is_the_text_of_the_visible_blocks(bare_view, text, fraction):
    view = bare_view
    qt_map = QtTextMap(text)
    view.setPlainText(qt_map.display_text)
    bar = view.verticalScrollBar()
    bar.setValue(round(bar.maximum() * fraction))
    blocks = view.layer.visible_blocks(view, QRectF(view.viewport().rect()))
    view.layer.qt_map = qt_map
    start, end = view.layer.visible_range(blocks)
    assert blocks
    # the Qt text (UTF-16 positions) from the first visible block to the last one's line break
    units = qt_map.display_text.encode("utf-16-le")
    first, last = blocks[0].position, blocks[-1].position + blocks[-1].length + 1
    shown = units[2 * first:2 * last].decode("utf-16-le")
    assert shown.split("\n")[:len(blocks)] == [view.document().findBlock(b.position).text() for b in blocks]
    # ... is exactly the code points start..end, whatever emoji or CRLF lie before or inside
    assert QtTextMap(text[start:end]).display_text == shown
    assert qt_map.span_to_qt(start, end) == (blocks[0].position, blocks[0].position + utf16_length(shown))
