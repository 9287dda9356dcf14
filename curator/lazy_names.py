"""Names a package loads on first use (PEP 562), so that importing one of its modules does not
import what its other modules need (SQLAlchemy for the facade, the date finder's patterns).

    __getattr__, __dir__ = lazy_names(globals(), {"Project": "curator.core.project", ...})
"""

from __future__ import annotations

import importlib
from typing import Callable


def lazy_names(package_globals: dict, where: dict[str, str]) -> tuple[Callable, Callable]:
    """The package's ``__getattr__`` and ``__dir__``: ``where`` maps each name to the module that
    defines it; a name is imported when first asked for, then kept in the package."""
    package = package_globals["__name__"]

    def __getattr__(name: str):
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        package_globals[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(package_globals) | set(where))

    return __getattr__, __dir__
