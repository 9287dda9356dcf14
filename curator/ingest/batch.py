"""Reading many document files at once: a folder's listing, and a pool of processes that reads
the files with :func:`curator.ingest.formats.extract_all` (PDF is pure-Python and slow: two
cores read twice as many), with progress and a prompt Cancel.

    files_under(folder) -> list[Path]                  the files a folder import reads
    read_files(paths, progress=..., cancelled=...) -> list[FileRead | FileRefused]   in order
    read_file(path, encoding=None, ocr=False) -> FileRead | FileRefused             one, here

A handful of small files is read in this process (starting processes costs more than it saves);
so is everything when processes cannot be started (a sandbox, a frozen app without
``multiprocessing.freeze_support``: ``packaging/launcher.py`` calls it). The pool uses the
*spawn* start method on every platform: forking a process that runs Qt's threads is unsafe.

Qt-free.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence, Union

from curator.core.errors import CuratorError, InvalidInput, UnreadableDocument
from curator.ingest.extracted import Extracted

WORKERS = 2
IN_PROCESS_FILES = 8  # at most this many files ...
IN_PROCESS_BYTES = 2_000_000  # ... of at most this many bytes in all are read without a pool
POLL_S = 0.05  # how often a waiting run looks at its cancel flag
CANNOT_READ = "cannot read"  # a refusal reason besides UnreadableDocument.REASONS: a folder, no permission
MISSING = "missing"  # ... and this one: no such file (moved or deleted since it was chosen)

Progress = Callable[[int, int, int, int], None]  # files done, bytes done, files in all, bytes in all


@dataclass(frozen=True)
class FileRead:
    """A file read: its documents (a mailbox gives several), its size in bytes, and its bytes
    when asked for (``keep_bytes``), for the project to keep the original."""
    path: Path
    documents: tuple[Extracted, ...]
    size: int
    data: Optional[bytes] = None
    ok = True


@dataclass(frozen=True)
class FileRefused:
    """A file that cannot be read: ``reason`` is one of UnreadableDocument.REASONS or
    CANNOT_READ; ``message`` is one line naming the file."""
    path: Path
    reason: str
    message: str
    size: int = 0
    ok = False


Result = Union[FileRead, FileRefused]


class Cancelled(CuratorError):
    """The run was cancelled: nothing it read is returned."""

    def __init__(self):
        super().__init__("cancelled")


def files_under(folder: Union[str, Path]) -> list[Path]:
    """Every file under ``folder`` (recursively) whose suffix is one Curator reads
    (:data:`curator.ingest.formats.SUFFIXES`, any case), hidden files and folders (a name starting
    with ".") left out, sorted by path. Links to folders are not followed (no loops); unreadable
    sub-folders are skipped. InvalidInput when ``folder`` is not a folder."""
    from curator.ingest.formats import SUFFIXES

    folder = Path(folder)
    if not folder.is_dir():
        raise InvalidInput(f"{folder} does not exist" if not folder.exists() else f"{folder} is not a folder")
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(root) / name
            if not name.startswith(".") and path.suffix.lower() in SUFFIXES and path.is_file():
                found.append(path)
    return sorted(found)


def read_file(path: Union[str, Path], encoding: Optional[str] = None, ocr: bool = False,
              keep_bytes: bool = False, prepare: Optional[Callable[[Result], object]] = None):
    """One file read in this process, or why it cannot be: never raises for a file's problem.
    ``prepare``: applied to the result here (in the worker process), its value returned instead."""
    result = _read_file(Path(path), encoding, ocr, keep_bytes)
    return result if prepare is None else prepare(result)


def _read_file(path: Path, encoding: Optional[str], ocr: bool, keep_bytes: bool) -> Result:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return FileRefused(path, MISSING, f"{path.name} does not exist (moved or deleted?)")
    except IsADirectoryError:
        return FileRefused(path, CANNOT_READ, f"{path.name} is a folder, not a document")
    except OSError as exc:
        return FileRefused(path, CANNOT_READ, f"cannot read {path.name}: {exc.strerror or exc}")
    try:
        documents = tuple(_extract(data, path.name, encoding, ocr))
    except UnreadableDocument as exc:
        return FileRefused(path, exc.reason, str(exc), len(data))
    except InvalidInput as exc:
        return FileRefused(path, "undecodable", str(exc), len(data))
    except Exception as exc:  # noqa: BLE001 - a library's crash on a malformed file
        return FileRefused(path, "damaged", f"{path.name} cannot be read: it looks damaged ({type(exc).__name__}: "
                                            f"{str(exc)[:120]})", len(data))
    return FileRead(path, documents, len(data), data if keep_bytes else None)


def _extract(data: bytes, name: str, encoding: Optional[str], ocr: bool) -> list[Extracted]:
    from curator.ingest.formats import extract_all

    return extract_all(data, name, encoding, ocr=ocr)


def read_files(paths: Sequence[Union[str, Path]], *, encoding: Optional[str] = None, ocr: bool = False,
               keep_bytes: bool = False, prepare: Optional[Callable[[Result], object]] = None,
               workers: int = WORKERS, progress: Optional[Progress] = None,
               cancelled: Optional[Callable[[], bool]] = None,
               on_result: Optional[Callable[[int, Result], None]] = None,
               how: Optional[dict] = None) -> list[Result]:
    """Read ``paths``; the results in the order of ``paths``. ``progress(files done, bytes done,
    files, bytes)`` after each file (and once at the start); ``on_result(index, result)`` as each
    file is read (in the order they finish); ``cancelled()`` is looked at often: when it turns
    True nothing more is started, what waits is dropped, the worker processes are stopped and
    :class:`Cancelled` is raised. ``workers``: processes (1: read here). ``prepare``: a function
    (module-level, so a process can be given it) applied to each result where it was read: work
    on the text done there keeps the caller's process (a GUI's) free; the results are its values.
    ``how``: a dict filled with ``processes`` (how many read: 1 is this process alone) and
    ``pool_broke`` (a worker process died and this process read what was left)."""
    paths = [Path(p) for p in paths]
    sizes = [_size(p) for p in paths]
    total = sum(sizes)
    results: list[Optional[Result]] = [None] * len(paths)
    done = [0, 0]
    is_cancelled = cancelled or (lambda: False)

    def finish(index: int, result: Result) -> None:
        results[index] = result
        done[0] += 1
        done[1] += sizes[index]
        if on_result is not None:
            on_result(index, result)
        if progress is not None:
            progress(done[0], done[1], len(paths), total)

    if progress is not None:
        progress(0, 0, len(paths), total)
    job = (encoding, ocr, keep_bytes, prepare)
    pending = list(range(len(paths)))
    how = how if how is not None else {}
    how.update(processes=1, pool_broke=False)
    if workers > 1 and not in_process(len(paths), total):
        pool = _pool(min(workers, len(paths)))
        if pool is not None:
            how["processes"] = min(workers, len(paths))
            pending = _run_pool(pool, paths, job, workers, is_cancelled, finish)
            how["pool_broke"] = bool(pending)
    for index in pending:  # no pool, or what a broken pool left
        if is_cancelled():
            raise Cancelled()
        finish(index, read_file(paths[index], *job))
    if is_cancelled():
        raise Cancelled()
    return results  # type: ignore[return-value]


def in_process(files: int, size: int) -> bool:
    """Whether ``files`` files of ``size`` bytes are read faster here than by a pool."""
    return files <= 1 or (files <= IN_PROCESS_FILES and size <= IN_PROCESS_BYTES)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _lower_priority() -> None:
    """In a worker process: yield the cores to the window's process when it has work (its
    thread would otherwise wait behind two busy readers for tens of milliseconds at a time)."""
    try:
        os.nice(10)
    except (AttributeError, OSError):  # Windows has no nice(): the pool runs at normal priority
        pass


def _pool(workers: int) -> Optional[ProcessPoolExecutor]:
    try:
        return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_lower_priority)
    except (OSError, ValueError, NotImplementedError, ImportError):  # no processes here: read in-process
        return None


def _run_pool(pool: ProcessPoolExecutor, paths: list[Path], job: tuple, workers: int,
              cancelled: Callable[[], bool], finish: Callable[[int, Result], None]) -> list[int]:
    """Read through ``pool``, at most two files per worker in flight (so Cancel has little to
    drop). Returns the indexes left unread when the pool broke (read them here)."""
    queue = list(range(len(paths)))
    queue.reverse()
    running: dict[Future, int] = {}
    try:
        while queue or running:
            if cancelled():
                raise Cancelled()
            while queue and len(running) < 2 * workers:
                index = queue.pop()
                running[pool.submit(read_file, paths[index], *job)] = index
            finished, _ = wait(list(running), timeout=POLL_S, return_when=FIRST_COMPLETED)
            for future in finished:
                result = future.result()  # a broken pool raises here: the file stays to be read
                finish(running.pop(future), result)
    except BrokenProcessPool:  # a worker died (killed, out of memory): read what is left here
        left = sorted(set(running.values()) | set(queue))
        _stop(pool)
        return left
    except BaseException:
        _stop(pool)
        raise
    pool.shutdown(wait=True)
    return []


def _stop(pool: ProcessPoolExecutor) -> None:
    """Drop what waits and stop the worker processes now (a long PDF would keep one busy for
    seconds after Cancel); their answers are not wanted."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        try:
            process.terminate()
        except (OSError, AttributeError):
            pass
    threading.Thread(target=lambda: [p.join(5) for p in processes], daemon=True).start()
