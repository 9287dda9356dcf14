"""Application setup for the GUI: the QApplication (names, icon, a calm light Fusion style) and
the few settings Curator keeps in QSettings (annotator name, last project, window geometry)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QObject,
    QSettings,
    QStandardPaths,
    Signal,
    qFormatLogMessage,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from curator import timing
from curator.identity import default_annotator
from curator.paths import resources_dir

ORGANIZATION = "Curator"
APPLICATION = "Curator"

KEY_ANNOTATOR = "annotator/name"
KEY_LAST_PROJECT = "project/last"
KEY_GEOMETRY = "window/geometry"
KEY_STATE = "window/state"
KEY_SPLITTERS = "window/splitters"


def app_icon() -> Optional[QIcon]:
    """The application icon, if the resources folder has one."""
    try:
        path = resources_dir() / "icons" / "curator.svg"
    except FileNotFoundError:
        return None
    return QIcon(str(path)) if path.is_file() else None


def light_palette() -> QPalette:
    """A quiet light palette for Fusion, the same on every platform."""
    palette = QPalette()
    roles = {
        QPalette.Window: "#f4f4f2", QPalette.WindowText: "#1e1e1e", QPalette.Base: "#ffffff",
        QPalette.AlternateBase: "#f6f7f9", QPalette.ToolTipBase: "#ffffe8", QPalette.ToolTipText: "#1e1e1e",
        QPalette.PlaceholderText: "#8a8a8a", QPalette.Text: "#1e1e1e", QPalette.Button: "#ececea",
        QPalette.ButtonText: "#1e1e1e", QPalette.BrightText: "#b00020", QPalette.Link: "#1f5fbf",
        QPalette.Highlight: "#3a76d8", QPalette.HighlightedText: "#ffffff",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.Text, QPalette.WindowText, QPalette.ButtonText):
        palette.setColor(QPalette.Disabled, role, QColor("#9a9a9a"))
    return palette


# Qt messages that say nothing to a Curator user, dropped by the message handler. The offscreen
# platform (screenshots, tests) prints the first on every window it shows.
QUIET_QT_MESSAGES = ("This plugin does not support propagateSizeHints()",)
_message_handler_installed = False


def _qt_message(mode, context, message: str) -> None:
    """Qt's messages on stderr as Qt prints them, less the QUIET_QT_MESSAGES."""
    if message in QUIET_QT_MESSAGES:
        return
    sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")
    sys.stderr.flush()


def install_message_filter() -> None:
    """Route Qt's messages through :func:`_qt_message` (once per process)."""
    global _message_handler_installed
    if not _message_handler_installed:
        qInstallMessageHandler(_qt_message)
        _message_handler_installed = True


def configure_application_names() -> None:
    """Organisation and application names, which QSettings and QStandardPaths use."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)


def ensure_application(argv: Optional[list[str]] = None) -> QApplication:
    """The running QApplication, created and styled if there is none yet."""
    configure_application_names()
    install_message_filter()
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        app.aboutToQuit.connect(stop_workers)  # no worker outlives the event loop
    app.setApplicationDisplayName(APPLICATION)
    QGuiApplication.setDesktopFileName("curator")  # Wayland matches windows to curator.desktop
    app.setStyle("Fusion")
    app.setPalette(light_palette())
    icon = app_icon()
    if icon is not None:
        app.setWindowIcon(icon)
    return app


class FileOpenWatcher(QObject):
    """Turns the QFileOpenEvent the system sends (macOS: a .curator file opened in the Finder while
    Curator runs) into a signal carrying the file's path."""

    fileOpenRequested = Signal(str)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.FileOpen and event.file():
            self.fileOpenRequested.emit(event.file())
            return True
        return False


def settings() -> QSettings:
    configure_application_names()
    return QSettings()


def annotator_name() -> str:
    """The annotator's name (stored as ``created_by`` on new records); empty until one is set."""
    value = settings().value(KEY_ANNOTATOR, "")
    return str(value or "")


def effective_annotator() -> str:
    """The name the window writes as ``created_by``: the one set in the preferences, else (never
    empty when the system can tell) the login name, as the command line does."""
    return annotator_name() or default_annotator()


def set_annotator_name(name: str) -> None:
    settings().setValue(KEY_ANNOTATOR, " ".join(name.split()))


def last_project() -> Optional[Path]:
    value = settings().value(KEY_LAST_PROJECT, "")
    return Path(str(value)) if value else None


def set_last_project(path: Path) -> None:
    settings().setValue(KEY_LAST_PROJECT, str(Path(path).resolve()))


def saved_bytes(key: str) -> Optional[QByteArray]:
    value = settings().value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def save_bytes(key: str, data: QByteArray) -> None:
    settings().setValue(key, data)


def data_folder() -> Path:
    """The user's data folder (QStandardPaths.AppDataLocation), created if needed."""
    configure_application_names()
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.AppDataLocation))
    os.makedirs(folder, exist_ok=True)
    return folder


class FirstPaintWatcher(QObject):
    """Marks (:mod:`curator.timing`) the first time ``widget`` is painted, then lets go of it."""

    painted = Signal()

    def __init__(self, widget):
        super().__init__(widget)
        self.widget = widget
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Paint:
            self.widget.removeEventFilter(self)
            timing.mark("first paint")
            self.painted.emit()
        return False


def close_when_ready(window, painted: FirstPaintWatcher) -> None:
    """``CURATOR_TIMING=exit``: close ``window`` the way a user would, once it has been painted
    and its project opening is over (shown and checked, or refused)."""
    from PySide6.QtCore import QTimer

    state = {"painted": False}

    def maybe_close() -> None:
        if state["painted"] and not window.opener.busy:
            QTimer.singleShot(0, window.close)

    def on_painted() -> None:
        state["painted"] = True
        maybe_close()

    painted.painted.connect(on_painted)
    window.opener.done.connect(maybe_close)


def stop_workers() -> None:
    """Cancel every worker thread still running and wait for it (see curator.ui.store.threads):
    the last thing the application does, so that no thread outlives it."""
    from curator.ui.store import threads

    waited = threads.stop_all()
    if waited:
        timing.mark(f"waited for {waited} worker(s)")
