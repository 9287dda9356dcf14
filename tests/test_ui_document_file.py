"""Schema 6 in the window: Document ▸ Properties… shows what the original file said (with where
each value was read) and was (name, kind, size, SHA-256, pages, OCR); the inspector shows the
page of each evidence passage of a paged document. Real widgets; renders saved to PNG."""

from __future__ import annotations

import hashlib

import pytest
from test_ui_document_properties import with_dialog
from ui_support import open_window

from curator.core.project import Project

pytestmark = pytest.mark.usefixtures("clean_settings")

PAGES = ["Talks opened in Geneva on 22 January 2014 with both delegations.\n\n",
         "They broke off on 15 February 2014 without an agreement.\n\n", "Annex."]
TEXT = "".join(PAGES)
STARTS = [0, len(PAGES[0]), len(PAGES[0]) + len(PAGES[1])]
ORIGINAL = b"%PDF-1.4 stand-in bytes of geneva.pdf\n"


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "paged.curator"
    with Project.create(path, annotator="tester") as project:
        doc = project.add_documents([dict(
            text=TEXT, title="Geneva II", filename="geneva.pdf", kind="pdf", page_starts=STARTS,
            original=ORIGINAL, published="2014-02-16",
            metadata={"title": "Geneva II", "title_source": "PDF info /Title",
                      "author": "A. Reporter", "author_source": "PDF info /Author",
                      "date": "2014-02-16T09:00:00+01:00", "date_source": "PDF info /CreationDate",
                      "ocr": True},
            problems=["dropped 2 running header/footer line(s)"])])[0]
        project.create_event_from_passage(doc, TEXT.index("Talks"), TEXT.index("agreement"),
                                          title="Across pages")
        project.create_event_from_passage(doc, TEXT.index("They"), TEXT.index("They") + 4,
                                          title="On page two")
    return path


def test_properties_show_the_original_and_what_it_said(qtbot, path, tmp_path):
    window = open_window(qtbot, path, size=(1280, 800))
    with Project.open(path) as project:
        doc = project.documents()[0].id
    shown = {}

    def act(dialog):
        facts = dialog.file_facts
        assert facts is not None and facts.isVisible()
        texts = [w.text() for w in facts.findChildren(type(dialog.file_label))]
        shown["texts"] = texts
        dialog.grab().save("/tmp/ingest-store-properties.png")
        dialog.reject()

    with_dialog(qtbot, window, lambda: window.documents.edit_properties(doc), act)
    joined = "\n".join(shown["texts"])
    assert "read from PDF info /Title" in joined and "read from PDF info /CreationDate" in joined
    assert hashlib.sha256(ORIGINAL).hexdigest() in joined
    assert "geneva.pdf" in joined and "PDF" in joined and f"{len(ORIGINAL)} bytes" in joined
    assert "3" in shown["texts"] and any("OCR" in t for t in shown["texts"])
    assert "kept in the project" in joined


def test_the_inspector_gives_each_passage_its_page(qtbot, path, tmp_path):
    window = open_window(qtbot, path, size=(1280, 800))
    with Project.open(path) as project:
        events = {r.title: r.id for r in project.event_rows()}
    window.selection.select(events["Across pages"])
    qtbot.waitUntil(lambda: not window.inspector._refresh_timer.isActive())
    [link] = window.inspector.evidence_list.links
    assert link.full_text.endswith("Geneva II · pp. 1–2")
    assert link.text().endswith(" · pp. 1–2")  # however narrow the line: the quote is cut, not the page
    link.resize(120, link.height())
    assert link.text().endswith(" · pp. 1–2") and "…" in link.text()
    window.grab().save("/tmp/ingest-store-inspector.png")
    window.selection.select(events["On page two"])
    qtbot.waitUntil(lambda: not window.inspector._refresh_timer.isActive())
    [link] = window.inspector.evidence_list.links
    assert link.full_text.endswith("Geneva II · p. 2")
