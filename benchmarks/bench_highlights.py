"""The text view on a document with many labelled, overlapping highlights.

Builds a project with one generated ~2 MB text (paragraphs of words with some emoji, Arabic and
CRLF line breaks) and N highlights (default 100,000: words labelled Person/Place/Group/..., every
tenth covering a whole clause that contains other highlights, some nested three deep), then times
on the GUI thread, offscreen:

* loading the spans from the file (as records with ``Project.spans``, and as the columns the
  text view reads) and indexing them;
* opening the project in the window until the text is first painted (other panels start their
  own work then), and showing the document in the text view alone;
* repaints while scrolling through the whole document a page at a time (median and maximum);
* labelling a passage with the key's command (the spans re-read, repainted), and undoing it.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_highlights.py [N] [MB]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from curator.core import Project  # noqa: E402
from curator.ui.documents.span_index import SpanIndex  # noqa: E402

WORDS = ("the of and to in a was that for on with as by at from government forces said people "
         "city council report army talks week civilians reported attack north road village "
         "مدينة حلب الجيش 😀 e\u0301te\u0301 Ω").split()


def make_text(megabytes: float, seed: int = 3) -> str:
    rng = random.Random(seed)
    parts, size, target = [], 0, int(megabytes * 1_000_000)
    while size < target:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 30))).capitalize() + ". "
        if rng.random() < 0.15:
            sentence += "\r\n\r\n" if rng.random() < 0.3 else "\n\n"
        parts.append(sentence)
        size += len(sentence)
    return "".join(parts)


def make_highlights(text: str, n: int, tag_ids: list[int], document_id: int, seed: int = 5) -> list[dict]:
    rng = random.Random(seed)
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", text)]
    step = max(1, len(words) // n)
    items = []
    for i in range(0, len(words), step):
        if len(items) >= n:
            break
        start, end = words[i]
        if len(items) % 10 == 9:  # a clause over the next few words: overlaps and nests
            end = words[min(i + rng.randrange(3, 12), len(words) - 1)][1]
        items.append(dict(document_id=document_id, start=start, end=end,
                          tag_id=tag_ids[len(items) % len(tag_ids)]))
        if len(items) % 50 == 0 and len(items) < n:  # and a bigger one around both
            items.append(dict(document_id=document_id, start=words[max(i - 4, 0)][0],
                              end=words[min(i + 20, len(words) - 1)][1], tag_id=tag_ids[-1]))
    return items


def ms(seconds: float, cpu: float | None = None) -> str:
    return f"{1000 * seconds:8.1f} ms" + (f"  (CPU {1000 * cpu:7.1f} ms)" if cpu is not None else "")


class Clock:
    """Wall-clock and this thread's CPU time of a block (CPU time shows the work on a busy
    machine, where the wall clock also counts waiting for a core)."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.thread_time()
        return self

    def __exit__(self, *exc):
        self.wall, self.cpu = time.perf_counter() - self.wall, time.thread_time() - self.cpu

    def __str__(self):
        return ms(self.wall, self.cpu)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    path = folder / "highlights.curator"
    text = make_text(megabytes)
    with Project.create(path, "bench") as project:
        document_id = project.add_document(text, title="Generated")
        tag_ids = [t.id for t in project.tags()]
        items = make_highlights(text, n, tag_ids, document_id)
        with Clock() as stored:
            project.add_highlights(items)
    print(f"text: {len(text):,} code points, {len(items):,} highlights "
          f"({sum(1 for i in items if i['end'] - i['start'] > 20):,} over clauses)")
    print(f"{'store highlights (add_highlights)':<44}{stored}")

    from curator.ui.main_window import MainWindow

    project = Project.open(path, "bench")
    with Clock() as loaded_infos:
        project.spans(document_id)
    with Clock() as loaded:
        columns = project.span_columns(document_id)
    with Clock() as indexed:
        index = SpanIndex(columns)
    print(f"{'load spans as records (Project.spans)':<44}{loaded_infos}")
    print(f"{'load spans as columns (span_columns)':<44}{loaded}")
    print(f"{'index spans (SpanIndex, depths)':<44}{indexed}   max depth {index.max_depth}")

    window = MainWindow(None, remember=False)
    window.resize(1600, 1000)
    window.show()
    app.processEvents()
    view = window.documents.text
    with Clock() as opened:
        window.set_project(project)  # shows the first document: spans, index, text, first paint
        view.viewport().repaint()
    print(f"{'open the project in the window (first paint)':<44}{opened}")
    # the other panels work on too (the Suggestions panel reads the 2 MB text for dates on a
    # worker thread): let them finish, then time the text view alone showing the document
    deadline = time.perf_counter() + 120
    panel = window.suggestions
    while (panel._timer.isActive() or panel._jobs) and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.02)
    pane = window.documents
    pane._show_document(None)
    with Clock() as shown:
        pane._show_document(document_id)  # spans as columns, index, text, first paint
        view.viewport().repaint()
    print(f"{'show the document in the text view alone':<44}{shown}")

    bar = view.verticalScrollBar()
    page = max(1, bar.pageStep())
    view.record_paint_times = True
    painted = []
    for value in range(0, bar.maximum() + 1, page):
        bar.setValue(value)
        view.viewport().repaint()
        painted.append(view.layer.last_painted)
    times = [wall for wall, _ in view.paint_times]
    cpu = [c for _, c in view.paint_times]
    print(f"{'repaint while scrolling, median':<44}{ms(statistics.median(times), statistics.median(cpu))}"
          f"   ({len(times)} pages, {statistics.median(painted):.0f} spans painted per page)")
    print(f"{'repaint while scrolling, max':<44}{ms(max(times), max(cpu))}")
    middle = len(text) // 2
    pane.select_passage(middle, middle + 5)
    with Clock() as labelled:
        pane.label_selection(tag_ids[0])  # an undo command, then the document's spans re-read
        view.viewport().repaint()
    with Clock() as undone:
        window.undo_stack.undo()
        view.viewport().repaint()
    print(f"{'label a passage (command, re-read, repaint)':<44}{labelled}")
    print(f"{'undo it':<44}{undone}")
    print(f"(load average while running: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    window.close()
    project.close()


if __name__ == "__main__":
    main()
