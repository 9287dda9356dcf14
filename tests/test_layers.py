"""The house rule: core, temporal, exchange and ingest (and the headless commands that use only
them) never import Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import curator

QT_FREE_PACKAGES = ("curator.core", "curator.temporal", "curator.exchange", "curator.ingest",
                    "curator.ingest.formats")
QT_FREE_MODULES = ("curator.cli", "curator.demo", "curator.suggestions", "curator.paths",
                   "curator.commands.project", "curator.commands.dates", "curator.commands.suggest",
                   "curator.commands.exchange", "curator.commands.extract")


def qt_free_modules() -> list[str]:
    names = list(QT_FREE_MODULES)
    for package in QT_FREE_PACKAGES:
        module = __import__(package, fromlist=["_"])
        names.append(package)
        names += [f"{package}.{info.name}" for info in pkgutil.iter_modules(module.__path__)]
    return names


def test_qt_free_layers_import_no_qt():
    names = qt_free_modules()
    assert len(names) > 20
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph'))\n"
            "print(','.join(bad))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt imported by a Qt-free layer: {result.stdout.strip()}"


def test_the_package_has_the_documented_layers():
    found = {info.name for info in pkgutil.iter_modules(curator.__path__)}
    assert {"core", "temporal", "exchange", "ingest", "ui", "cli"} <= found
