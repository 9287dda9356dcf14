"""Entry script of the frozen Curator (PyInstaller runs this file, see curator.spec).

The same script serves every platform and both executables:
- with no arguments it opens the GUI (``curator.cli.main`` defaults to ``gui``);
- with headless arguments (``--version``, ``dates FILE``, ``new P --demo``, ...) it runs them;
- with a document path, as the desktop passes it when a ``.curator`` file is opened from the
  file manager (Windows association ``"%1"``, Linux ``%f``), it opens that project in the GUI;
- it drops the ``-psn_...`` argument older macOS Finders add.
"""

from __future__ import annotations

import multiprocessing
import sys


def launcher_args(argv: list[str], commands) -> list[str]:
    """The arguments for ``curator.cli.main``, given the raw ``sys.argv[1:]``."""
    args = [a for a in argv if not a.startswith("-psn_")]
    if args and not args[0].startswith("-") and args[0] not in commands:
        return ["gui", *args[:1]]  # a document opened from the file manager
    return args


def run() -> int:
    from curator.cli import HANDLERS, main

    return main(launcher_args(sys.argv[1:], HANDLERS))


if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(run())
