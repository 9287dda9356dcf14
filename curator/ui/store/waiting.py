"""Waiting for the window's workers, for tests, scripts and the headless commands (the window
itself never waits): the event loop turns until a condition holds or time runs out."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QThread


def process_events_until(done: Callable[[], bool], timeout_ms: int) -> bool:
    """Process events until ``done()`` (checked every 5 ms) or ``timeout_ms`` has passed, then
    once more (what the last answer posted is delivered); whether ``done()`` holds."""
    deadline = QDeadlineTimer(timeout_ms)
    while not done() and not deadline.hasExpired():
        QCoreApplication.processEvents()
        QThread.msleep(5)
    QCoreApplication.processEvents()
    return done()
