"""``curator gui [PROJECT]`` and ``curator screenshot PROJECT OUT.png [--size WxH] [--lanes BY] [--tab NAME]``."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path
from typing import Optional

from curator.core.errors import CuratorError, DamagedProject

_SIZE = re.compile(r"^\s*(\d{2,5})\s*[xX×]\s*(\d{2,5})\s*$")


def parse_size(text: str) -> tuple[int, int]:
    """``"1600x1000"`` -> (1600, 1000); a clear CuratorError for anything else."""
    m = _SIZE.match(text or "")
    if not m:
        raise CuratorError(f"--size must look like 1600x1000, not {text!r}")
    width, height = int(m.group(1)), int(m.group(2))
    if not (200 <= width <= 10000 and 150 <= height <= 10000):
        raise CuratorError(f"--size {width}x{height} is out of range (200x150 to 10000x10000)")
    return width, height


def _open_project(path: str, verify: bool = True):
    from curator.core.project import Project
    from curator.ui import app

    if not Path(path).exists():
        raise CuratorError(f"{path} does not exist")
    if Path(path).is_dir():
        raise CuratorError(f"{path} is a folder, not a project file")
    return Project.open(path, app.effective_annotator(), verify=verify)


def startup_project(path: Optional[str]):
    """The project the GUI opens: ``path`` if given; else the last project if it still exists;
    else the demo in the user's data folder, created on first run. A damaged file (given, or
    the last project) raises DamagedProject: the window then opens empty with what can be done."""
    from curator.core.project import Project
    from curator.demo import DEMO_FILENAME, create_demo
    from curator.ui import app

    if path:
        return _open_project(path)
    last = app.last_project()
    if last is not None and last.is_file():
        try:
            return Project.open(last, app.effective_annotator(), verify=True)
        except DamagedProject:
            raise  # said in the window, with Recover and Open backup, not hidden behind the demo
        except CuratorError:
            pass  # a file Curator cannot open any more: fall back to the demo rather than refuse to start
    demo = app.data_folder() / DEMO_FILENAME
    if demo.is_file():
        return Project.open(demo, app.effective_annotator())
    return create_demo(demo, app.effective_annotator())


def startup_candidates(path: Optional[str]) -> list:
    """What the window opens at start-up, in order: ``path`` if given (refused at once, before any
    window, when it does not exist or is a folder); else the last project if it still exists
    (falling back to the demo when it cannot be opened, unless it is damaged); else the demo in
    the user's data folder, created on first run."""
    from curator.ui import app
    from curator.ui.store.project_opening import Candidate

    if path:
        if not Path(path).exists():
            raise CuratorError(f"{path} does not exist")
        if Path(path).is_dir():
            raise CuratorError(f"{path} is a folder, not a project file")
        return [Candidate(Path(path))]
    last = app.last_project()
    first = [Candidate(last, fallback=True)] if last is not None and last.is_file() else []
    return first + [Candidate(demo_folder=app.data_folder())]


def run_gui(args) -> int:
    """The window is built and shown first (painted, laid out, "Opening NAME…"); the project is
    opened and checked on a worker and shown when it is open (:mod:`curator.ui.opening`). With
    ``CURATOR_TIMING`` set, the start-up marks are printed (see :mod:`curator.timing`)."""
    from curator import timing
    from curator.ui import app

    candidates = startup_candidates(getattr(args, "project", None))
    qt_app = app.ensure_application()
    from curator.ui.preferences import ask_annotator_name_if_unset

    if not timing.exit_when_shown():  # a timing run (see curator.timing) asks nothing
        ask_annotator_name_if_unset()  # first run: whose name the edits carry
    from curator.ui.main_window import MainWindow

    window = MainWindow(None)
    timing.mark("window built")
    painted = app.FirstPaintWatcher(window)
    watcher = app.FileOpenWatcher(qt_app)
    watcher.fileOpenRequested.connect(window.open_path_later)
    qt_app.installEventFilter(watcher)
    if timing.exit_when_shown():  # close as a user would, once painted and opened
        app.close_when_ready(window, painted)
    # Qt's own quit on the last window closed is skipped while it thinks work is pending (a
    # worker's queued signals); closing the window ends the application, always
    qt_app.lastWindowClosed.connect(qt_app.quit)
    window.show()
    window.opener.start(candidates)
    try:
        return qt_app.exec()
    finally:
        timing.mark("event loop ended")
        app.stop_workers()


def render_window(window, size: tuple[int, int], out: str | Path) -> None:
    """Lay the window out at ``size``, select the first document and an event, save a PNG."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    window.resize(*size)
    window.show()
    for _ in range(5):
        QCoreApplication.processEvents()
    wait_for_views(window)
    window._restore_layout_for_size()
    if window.documents.list.count():
        window.documents.list.setCurrentRow(0)
    model = window.table.model
    deadline = time.monotonic() + 30
    while model.loading and time.monotonic() < deadline:  # the table's first rows
        QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
    if model.rowCount():  # the table's first event from the shown document, else its first
        first_doc = window.documents.document_id
        first = [model.row_at(r) for r in range(min(model.rowCount(), 500))]
        in_first = [r.id for r in first if r is not None and r.first_document_id == first_doc]
        window.selection.select((in_first or [model.event_id_at(0)])[0])
    window.status_counts.wait()  # read on workers: the picture shows them
    window.actors.loader.wait()
    if window.right_tabs.currentWidget().isAncestorOf(window.claims):
        window.claims.wait()  # the candidates and happenings, found on workers
    for _ in range(10):
        QCoreApplication.processEvents()
    window.timeline.refresh_titles()
    image = window.grab()
    if not image.save(str(out)):
        raise CuratorError(f"cannot write the image {out}")


def wait_for_views(window, timeout_s: float = 600.0) -> None:
    """Let the views that read on workers (the timeline) finish before the picture is taken."""
    from curator.ui.store.waiting import process_events_until

    binding = getattr(window, "timeline_binding", None)
    if binding is not None:
        process_events_until(binding.is_idle, int(timeout_s * 1000))


def run_screenshot(args) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    size = parse_size(args.size)
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        raise CuratorError(f"{out.name}: the screenshot is written as PNG, give a .png file name")
    if not out.parent.exists():
        raise CuratorError(f"{out.parent} does not exist")
    checked = _check_for_damage(args.project)  # first: it reads the whole file while Qt loads
    from curator.ui import app
    from curator.ui.main_window import MainWindow
    from curator.ui.timeline.binding import TimelineBinding

    app.ensure_application()
    # What goes wrong in the window's slots is held until the check has answered: a damaged
    # file is said in one line (below), not by the tracebacks of what broke on it
    caught, excepthook = [], sys.excepthook
    sys.excepthook = lambda *exc: caught.append(exc)
    TimelineBinding.first_pictures = False  # the picture taken is the whole one
    try:
        project = _open_project(args.project, verify=False)
        window = MainWindow(project, remember=False)
        try:
            if args.lanes:
                window.timeline.set_lane_mode(args.lanes)
            if args.tab:
                window.show_tab_named(args.tab)
            render_window(window, size, out)
        finally:
            window.close()  # stops and waits for the window's workers
            app.stop_workers()
    except Exception:
        checked.result()  # a damaged file is said as such (DamagedProject), not by what broke on it
        raise
    finally:
        sys.excepthook = excepthook
        TimelineBinding.first_pictures = True  # (for a caller that goes on, a test say)
    try:
        checked.result()
    except Exception:
        out.unlink(missing_ok=True)  # no picture of a damaged project
        raise
    for exc in caught:  # not damage: said as they would have been
        excepthook(*exc)
    return 0


def _check_for_damage(path: str):
    """SQLite's quick check of the project (seconds at a million events) on a thread while the
    window is built and its views read: a Future whose result raises DamagedProject."""
    from concurrent.futures import ThreadPoolExecutor

    from curator.core import damage

    if not Path(path).is_file():
        _open_project(path)  # says what is wrong with the path
    pool = ThreadPoolExecutor(1, thread_name_prefix="curator-check")
    checked = pool.submit(damage.verify, Path(path))
    pool.shutdown(wait=False)  # the check runs on; its result is waited for
    return checked
