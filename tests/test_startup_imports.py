"""Each command imports only what it uses (a structural check, not a timing): the modules a
fresh ``python -X importtime -m curator ...`` loads, read from Python's own import log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

QT = {"PySide6", "shiboken6", "pyqtgraph"}
DATABASE = {"sqlalchemy", "sqlmodel", "pydantic"}
HEAVY = QT | DATABASE | {"numpy", "jsonschema", "charset_normalizer", "ftfy"}


def imported(*args: str, env: dict | None = None, must_succeed: bool = True) -> set[str]:
    """The modules (full dotted names) a fresh interpreter imports to run ``args``."""
    done = subprocess.run([sys.executable, "-X", "importtime", *args], capture_output=True, text=True,
                          env=env or dict(os.environ), timeout=120)
    assert done.returncode == 0 or not must_succeed, done.stderr[-2000:]
    names = {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines()
             if line.startswith("import time:") and "|" in line}
    names.discard("imported package")  # the log's header line
    return names


def top_level(names: set[str]) -> set[str]:
    return {name.split(".")[0] for name in names}


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("dates") / "sample.txt"
    path.write_text("On 3 May 2014 the council met; two days later talks resumed.\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small_project(tmp_path_factory) -> Path:
    from curator.core.project import Project

    path = tmp_path_factory.mktemp("project") / "p.curator"
    with Project.create(path, annotator="tester") as project:
        project.add_document("On 3 May 2014 the council met.")
    return path


@pytest.mark.parametrize("args", [["--version"], ["--help"]])
def test_version_and_help_import_no_library_they_do_not_use(args):
    names = imported("-m", "curator", *args)
    assert "curator.cli" in names  # the log was read: the command's own module is in it
    assert not top_level(names) & HEAVY, sorted(top_level(names) & HEAVY)
    assert "importlib.metadata" in names if args == ["--version"] else "importlib.metadata" not in names


def test_dates_imports_neither_the_database_nor_qt(sample):
    names = imported("-m", "curator", "dates", str(sample))
    assert "curator.temporal.finder" in names
    assert not top_level(names) & (HEAVY), sorted(top_level(names) & HEAVY)


def test_dates_of_a_file_that_is_not_utf8_loads_the_detector_then(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Le 3 mai 2014, à Alep, le conseil s'est réuni. Déjà élu, il a décidé.\n".encode("cp1252"))
    names = imported("-m", "curator", "dates", str(path), must_succeed=False)  # it may be unsure
    assert "charset_normalizer" in top_level(names)  # the lazy import is there when it is needed
    assert not top_level(names) & (QT | DATABASE)


@pytest.mark.parametrize("command", ["stats", "check"])
def test_project_commands_import_the_database_but_not_qt(small_project, command):
    names = imported("-m", "curator", command, str(small_project))
    assert "sqlalchemy" in top_level(names)  # they do use the facade
    assert not top_level(names) & (QT | {"numpy", "jsonschema", "charset_normalizer", "ftfy"})


def test_the_window_is_built_without_the_database_libraries():
    """Everything the window needs before its first paint loads without SQLAlchemy: the
    facade is imported on the worker that opens the project."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    names = imported("-c", "import curator.ui.main_window, curator.commands.gui", env=env)
    assert "curator.ui.main_window" in names and "PySide6" in top_level(names)
    assert not top_level(names) & DATABASE, sorted(top_level(names) & DATABASE)


def test_the_lazy_package_names_still_resolve():
    import curator
    import curator.core as core
    import curator.temporal as temporal
    from curator.core import ActorSummary, EventRow, InvalidInput, Project  # noqa: F401

    assert curator.__version__ and "Project" in dir(core) and "find_dates" in dir(temporal)
    for name in temporal.__all__:
        assert getattr(temporal, name) is not None
    with pytest.raises(AttributeError):
        core.NoSuchThing  # noqa: B018
