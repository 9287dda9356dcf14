"""Reading the files of Add documents… / Add folder… off the GUI thread.

A :class:`BatchReader` is one QThread that lists a folder (when given one), reads the files with
:func:`curator.ingest.batch.read_files` (a pool of processes for many files), turns each into
preview rows (:func:`curator.ui.documents.add_entries.entries_of`, in the worker processes) and hands them to the GUI
thread **in the order of the files and in batches** (at most every ``FLUSH_S``), so a thousand
files make a few dozen model updates, not a thousand. ``cancel()`` stops it promptly (the
pool's processes are stopped); a cancelled reader reports nothing more. The application waits
for it before exiting (:mod:`curator.ui.store.threads`).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Optional, Sequence

from PySide6.QtCore import QThread, Signal

from curator.core.errors import CuratorError
from curator.ui.store import threads

FLUSH_S = 0.1  # rows and progress go to the GUI thread at most this often


class BatchReader(QThread):
    listed = Signal(int, object)  # files, bytes in all (object: may pass 2**31)
    progress = Signal(int, object, int, object)  # files done, bytes done, files, bytes
    rows = Signal(int, object)  # generation, list[Entry] (in file order)
    ended = Signal(int, str)  # generation, "" or why it could not read (a folder that went away)

    def __init__(self, paths: Sequence[Path] = (), folder: Optional[Path] = None, *, encoding: Optional[str] = None,
                 ocr: bool = False, generation: int = 0, first_index: int = 0, workers: Optional[int] = None):
        super().__init__()
        self.paths = [Path(p) for p in paths]
        self.folder = Path(folder) if folder is not None else None
        self.encoding, self.ocr = encoding, ocr
        self.generation = generation
        self.first_index = first_index  # the file index of paths[0] (a file read again keeps its place)
        self.workers = workers
        self._cancel = threading.Event()
        self.finished.connect(lambda: threads.forget(self))

    def begin(self) -> None:
        threads.keep(self)  # the window's close and the application's exit cancel and wait for it
        self.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def run(self) -> None:
        from curator.ingest import batch
        from curator.ui.documents.add_entries import entries_of

        try:
            if self.folder is not None:
                self.paths = batch.files_under(self.folder)
            sizes = sum(_size(p) for p in self.paths)
            if not self.cancelled:
                self.listed.emit(len(self.paths), sizes)
            waiting: dict[int, object] = {}  # results that came before an earlier file's
            ready: list = []
            state = {"next": 0, "flushed": time.monotonic(), "progress": None}

            def flush(force: bool = False) -> None:
                if self.cancelled or not (force or time.monotonic() - state["flushed"] >= FLUSH_S):
                    return
                state["flushed"] = time.monotonic()
                if state["progress"] is not None:
                    self.progress.emit(*state["progress"])
                if ready:
                    self.rows.emit(self.generation, list(ready))
                    ready.clear()

            def on_result(index: int, entries: list) -> None:
                waiting[index] = entries
                while state["next"] in waiting:
                    at = state["next"]
                    for entry in waiting.pop(at):
                        entry.file, entry.encoding_choice = self.first_index + at, self.encoding
                        ready.append(entry)
                    state["next"] += 1

            def on_progress(*figures) -> None:
                state["progress"] = figures
                flush(figures[0] in (0, figures[2]))

            kwargs = {} if self.workers is None else {"workers": self.workers}
            batch.read_files(self.paths, encoding=self.encoding, ocr=self.ocr, keep_bytes=True, prepare=entries_of,
                             progress=on_progress, cancelled=self._cancel.is_set, on_result=on_result, **kwargs)
            flush(True)
            error = ""
        except batch.Cancelled:
            return
        except (CuratorError, OSError) as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - said in the dialog, never lost on this thread
            error = f"unexpected error: {exc!r}"
        if not self.cancelled:
            self.ended.emit(self.generation, error)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
