"""Reading document files off the GUI thread, for the Add documents dialog.

A :class:`FileReader` is one worker thread that reads the files asked of it in order (decoding,
detection and the mojibake scan can take a second on a large file) and reports each with
``read(row, generation, FileReading)``. The generation lets the dialog drop the late answer for a
file whose encoding was changed again meanwhile.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from PySide6.QtCore import QThread, Signal

from curator.core.errors import CuratorError
from curator.ingest.reader import ReadDocument, read_document
from curator.ui.store import threads


@dataclass(frozen=True)
class FileReading:
    """A file read with an encoding (None: the automatic rule), or why it cannot be read."""
    path: Path
    encoding: Optional[str]
    document: Optional[ReadDocument] = None
    error: str = ""


def read_file(path: Path, encoding: Optional[str]) -> FileReading:
    try:
        return FileReading(path, encoding, read_document(path, encoding))
    except (CuratorError, OSError, UnicodeError, LookupError) as exc:
        return FileReading(path, encoding, error=str(exc))


class FileReader(QThread):
    """Reads the requested files in order, then ends; a new request starts it again. It has no
    parent and keeps itself alive while it runs, so closing the dialog (or the window) in the
    middle of a large file never destroys a running thread: the late answer goes nowhere."""

    read = Signal(int, int, object)  # row, generation, FileReading

    def __init__(self):
        super().__init__()
        self._lock = threading.Lock()
        self._requests: deque = deque()
        self._busy = False
        self._stopped = False
        self.finished.connect(lambda: threads.forget(self))

    def request(self, row: int, generation: int, path: Path, encoding: Optional[str]) -> None:
        with self._lock:
            if self._stopped:
                return
            self._requests.append((row, generation, path, encoding))
            if self._busy:
                return
            self._busy = True
        self.wait()  # a run that has just seen the queue empty is ending: let it end
        threads.keep(self)  # the application waits for it before it exits
        self.start()

    def stop(self) -> None:
        """Drop what is not read yet; the file being read (if any) is finished, its answer dropped."""
        with self._lock:
            self._stopped = True
            self._requests.clear()

    def run(self) -> None:
        while True:
            with self._lock:
                if self._stopped or not self._requests:
                    self._busy = False
                    return
                row, generation, path, encoding = self._requests.popleft()
            result = read_file(path, encoding)
            if not self._stopped:
                self.read.emit(row, generation, result)

