"""Test setup: Qt offscreen, settings and data folders in a temporary place, a fresh project
per test."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Keep QSettings and QStandardPaths away from the real user's folders, for the whole session.
_SANDBOX = Path(tempfile.mkdtemp(prefix="curator-tests-"))
for _var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
    os.environ[_var] = str(_SANDBOX / _var.lower())
os.environ["HOME"] = str(_SANDBOX / "home")
os.environ.setdefault("CURATOR_TESTING", "1")
(_SANDBOX / "home").mkdir(exist_ok=True)

import pytest  # noqa: E402

from curator.core import Project  # noqa: E402


@pytest.fixture
def project_path(tmp_path) -> Path:
    return tmp_path / "test.curator"


@pytest.fixture
def project(project_path):
    """A fresh, empty project file, closed after the test."""
    proj = Project.create(project_path, annotator="tester")
    yield proj
    proj.close()


@pytest.fixture
def demo_project(tmp_path):
    """A fresh copy of the demo project (the bundled seeds)."""
    from curator.demo import create_demo

    proj = create_demo(tmp_path / "demo.curator", annotator="tester")
    yield proj
    proj.close()


@pytest.fixture
def clean_settings():
    """Empty QSettings before and after the test (UI tests use it for every test)."""
    from curator.ui import app

    app.configure_application_names()
    app.settings().clear()
    yield
    app.settings().clear()


@pytest.fixture
def demo_path(tmp_path) -> Path:
    """The path of a fresh demo project file (closed, for a window to open)."""
    from curator.demo import create_demo

    path = tmp_path / "demo.curator"
    create_demo(path, annotator="seeder").close()
    return path
