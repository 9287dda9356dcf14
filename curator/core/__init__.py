"""Qt-free domain: the project file, its tables, the Project facade, offsets.

The package's names load on first use (PEP 562): ``from curator.core.errors import CuratorError``
or ``from curator.core import InvalidInput`` does not import SQLAlchemy; ``from curator.core
import Project`` does, then."""

from curator.core.errors import (  # noqa: F401
    CuratorError, DamagedProject, InvalidInput, InvalidOffsets, MigrationError, NewerSchemaError,
    NotACuratorFile, NotFound, ReadOnlyProject,
)
from curator.lazy_names import lazy_names

_RECORDS = ("ActorInfo", "ActorSummary", "ClaimLinkInfo", "DateFields", "DocumentInfo", "EventActorLink",
            "EventInfo", "EventRow", "FieldInfo", "FieldValue", "MentionCandidate", "SearchHit",
            "SpanInfo", "TagInfo")
_LAZY = {"Project": "curator.core.project", **{name: "curator.core.records" for name in _RECORDS}}


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
