"""Every worker thread the window starts, so that none outlives the application.

Qt aborts the process ("QThread: Destroyed while thread is still running") when a QThread object
is destroyed while its thread runs: at exit, when Python tears down the objects that still hold
one. Each worker registers here while it runs (:func:`keep`, :func:`forget`, which also keep the
Python object alive until its thread has ended); :func:`stop_all` (the main window's close, the
application's ``aboutToQuit``, the end of ``curator gui`` and ``curator screenshot``) asks each
to stop (its ``cancel()`` or ``stop()``: cooperative, at the next step or inside SQLite) and waits
for it, however large the project.
"""

from __future__ import annotations

_RUNNING: dict[int, object] = {}  # id -> the QThread (or an object with cancel() and wait())


def keep(thread) -> None:
    """``thread`` is starting: hold it until :func:`forget`."""
    _RUNNING[id(thread)] = thread


def forget(thread) -> None:
    _RUNNING.pop(id(thread), None)


def running() -> list:
    """The registered threads that still run."""
    return [t for t in list(_RUNNING.values()) if _is_running(t)]


def stop_all() -> int:
    """Ask every registered thread to stop and wait for each; how many had to be waited for."""
    waited = 0
    for thread in list(_RUNNING.values()):
        for name in ("cancel", "stop"):
            if hasattr(thread, name):
                getattr(thread, name)()
                break
    for thread in list(_RUNNING.values()):
        if _is_running(thread):
            waited += 1
            thread.wait()
        forget(thread)
    return waited


def _is_running(thread) -> bool:
    check = getattr(thread, "isRunning", None) or getattr(thread, "is_running", None)
    return bool(check()) if check is not None else False
