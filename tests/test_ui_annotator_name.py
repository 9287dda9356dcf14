"""Whose name edits made in the window carry: asked on first run (the login name proposed, as the
command line uses), never empty."""

from __future__ import annotations

import getpass

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from test_ui_window import PASSAGE
from ui_support import select_text
from ui_support import open_window

from curator.commands.project import annotator_name as cli_annotator_name
from curator.core.project import Project
from curator.identity import default_annotator
from curator.ui import app
from curator.ui.preferences import AnnotatorNameDialog, ask_annotator_name_if_unset

pytestmark = pytest.mark.usefixtures("clean_settings")


@pytest.fixture(autouse=True)
def no_env_name(monkeypatch):
    monkeypatch.delenv("CURATOR_ANNOTATOR", raising=False)


def answer_name_dialog(qtbot, typed=None, seen: list = None) -> None:
    """Answer the first-run dialog when it shows: type ``typed`` over the proposal (or keep it)
    and press Enter; what it proposed goes into ``seen``."""
    def answer():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, AnnotatorNameDialog):
            QTimer.singleShot(10, answer)
            return
        if seen is not None:
            seen.append(dialog.name_edit.text())
        if typed is not None:
            dialog.name_edit.selectAll()
            qtbot.keyClicks(dialog.name_edit, typed)
        qtbot.keyClick(dialog.name_edit, Qt.Key_Return)

    QTimer.singleShot(0, answer)


def test_the_cli_and_the_window_share_the_default(monkeypatch):
    assert default_annotator() == getpass.getuser() == cli_annotator_name()
    monkeypatch.setenv("CURATOR_ANNOTATOR", "  Rana  Haddad ")
    assert default_annotator() == "Rana Haddad" == cli_annotator_name()


def test_first_run_asks_with_the_login_name_proposed_and_stores_it(qtbot):
    assert app.annotator_name() == ""
    seen: list[str] = []
    answer_name_dialog(qtbot, seen=seen)
    assert ask_annotator_name_if_unset() == getpass.getuser()
    assert seen == [getpass.getuser()]
    assert app.annotator_name() == getpass.getuser()  # stored: not asked again
    assert ask_annotator_name_if_unset() == getpass.getuser()


def test_first_run_name_typed_is_stored_and_written_as_created_by(qtbot, demo_path):
    answer_name_dialog(qtbot, typed="  Rana   Haddad ")
    assert ask_annotator_name_if_unset() == "Rana Haddad"
    window = open_window(qtbot, demo_path)
    select_text(window, PASSAGE)
    window.documents.new_event_action.trigger()
    with Project.open(demo_path) as check:
        assert check.event(window.selection.event_id).created_by == "Rana Haddad"


def test_without_a_name_the_window_writes_the_login_name(qtbot, demo_path):
    window = open_window(qtbot, demo_path, annotator="")  # no name in the settings either
    select_text(window, PASSAGE)
    window.documents.new_event_action.trigger()
    event_id = window.selection.event_id
    with Project.open(demo_path) as check:
        assert check.event(event_id).created_by == getpass.getuser() != ""


def test_a_name_cleared_in_the_preferences_falls_back_to_the_login_name(qtbot, demo_path):
    app.set_annotator_name("Rana Haddad")
    window = open_window(qtbot, demo_path)

    def clear_name():
        dialog = QApplication.activeModalWidget()
        dialog.name_edit.clear()
        dialog.accept()

    QTimer.singleShot(0, clear_name)
    window.preferences_dialog()
    select_text(window, PASSAGE)
    window.documents.new_event_action.trigger()
    with Project.open(demo_path) as check:
        assert check.event(window.selection.event_id).created_by == getpass.getuser()
