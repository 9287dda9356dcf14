"""Qt-free domain: the project file, its tables, the Project facade, offsets.

The package's names load on first use (PEP 562): ``from curator.core.errors import CuratorError``
or ``from curator.core import InvalidInput`` does not import SQLAlchemy; ``from curator.core
import Project`` does, then."""

from curator.core.errors import (  # noqa: F401
    CuratorError, DamagedProject, InvalidInput, InvalidOffsets, MigrationError, NewerSchemaError,
    NotACuratorFile, NotFound, ReadOnlyProject,
)

_RECORDS = ("ActorInfo", "ActorSummary", "DateFields", "DocumentInfo", "EventActorLink", "EventInfo",
            "EventRow", "MentionCandidate", "SearchHit", "SpanInfo", "TagInfo")
_LAZY = {"Project": "curator.core.project", **{name: "curator.core.records" for name in _RECORDS}}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
