"""Who edits are attributed to (``created_by``), for the command line and the window alike.
Qt-free."""

from __future__ import annotations

import getpass
import os


def login_name() -> str:
    """The operating system's login name, or "" when it cannot be told."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


def default_annotator() -> str:
    """$CURATOR_ANNOTATOR, else the login name: what headless edits are attributed to, and what
    the window proposes (and falls back to) until the user gives a name."""
    name = " ".join(os.environ.get("CURATOR_ANNOTATOR", "").split())
    return name or login_name()
