"""Qt-free domain: the project file, its tables, the Project facade, offsets."""

from curator.core.errors import (  # noqa: F401
    CuratorError, DamagedProject, InvalidInput, InvalidOffsets, MigrationError, NewerSchemaError,
    NotACuratorFile, NotFound, ReadOnlyProject,
)
from curator.core.project import Project  # noqa: F401
from curator.core.records import (  # noqa: F401
    ActorInfo, ActorSummary, DateFields, DocumentInfo, EventActorLink, EventInfo, EventRow,
    MentionCandidate, SearchHit, SpanInfo, TagInfo,
)
