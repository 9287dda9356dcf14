"""Ctrl+E dates a passage as the Suggestions do: a year-less date takes its year from the
document's narrative, not from the passage alone."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_support import select_text
from ui_support import open_window

from curator.core.project import Project
from curator.suggestions import suggest_events
from curator.temporal import anchor_day, guess_date, guess_passage_date

pytestmark = pytest.mark.usefixtures("clean_settings")

SENTENCE = "On 9 January, it was reported that all ISIS forces were driven out of Aleppo city by the rebels."


def suggested_date(path, document_id: int):
    with Project.open(path) as project:
        found = [s for s in suggest_events(project, [document_id]) if s.sentence.strip() == SENTENCE]
    assert len(found) == 1
    return found[0].date


def test_ctrl_e_dates_a_yearless_passage_like_the_suggestions(qtbot, demo_path):
    with Project.open(demo_path) as project:
        document = next(d for d in project.documents() if SENTENCE in project.document_text(d.id))
        text = project.document_text(document.id)
    # read alone, the passage has no year to take (the bug): the document's narrative has one
    assert guess_date(SENTENCE, anchor_day(document.published)) is None or \
        guess_date(SENTENCE, anchor_day(document.published)).earliest != "2014-01-09"
    suggested = suggested_date(demo_path, document.id)
    assert suggested.earliest == suggested.latest == "2014-01-09"

    window = open_window(qtbot, demo_path)
    window.documents.show_document(document.id)
    start, end = select_text(window, SENTENCE)
    window.activateWindow()
    assert QTest.qWaitForWindowActive(window)
    window.documents.text.setFocus()
    QTest.keyClick(window.documents.text, Qt.Key_E, Qt.ControlModifier)
    event_id = window.selection.event_id
    assert event_id is not None
    with Project.open(demo_path) as check:
        info = check.event(event_id)
    assert info.evidence[0].quote == SENTENCE
    assert (info.date.edtf, info.date.earliest, info.date.latest) == \
        (suggested.edtf, suggested.earliest, suggested.latest)
    assert guess_passage_date(text, start, end, anchor_day(document.published)) == info.date


def test_passage_date_reads_the_narrative_before_it():
    text = "The siege began on 3 December 2013. Talks stalled. On 9 January, the road reopened."
    start = text.index("On 9 January")
    assert guess_passage_date(text, start, len(text)).earliest == "2014-01-09"
    assert guess_passage_date(text, start, len(text)).date_text == "9 January"
    assert guess_passage_date(text, text.index("Talks"), start) is None  # no date in the passage
