"""Qt's own chatter on stderr: the offscreen platform's "propagateSizeHints" line is dropped,
every other Qt message still reaches stderr as Qt would print it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOISE = "This plugin does not support propagateSizeHints()"


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_screenshot_of_the_demo_prints_no_size_hints_line(tmp_path, demo_path):
    out = tmp_path / "shot.png"
    result = _run(["-m", "curator", "screenshot", str(demo_path), str(out), "--size", "900x600"], tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    assert NOISE not in result.stderr


def test_other_qt_messages_still_reach_stderr(tmp_path):
    script = ("from curator.ui import app\n"
              "app.ensure_application()\n"
              "from PySide6.QtCore import qWarning\n"
              "qWarning('a message Curator keeps')\n"
              f"qWarning({NOISE!r})\n")
    result = _run(["-c", script], tmp_path)
    assert result.returncode == 0, result.stderr
    assert "a message Curator keeps" in result.stderr
    assert NOISE not in result.stderr
