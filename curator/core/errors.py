"""Errors the core raises. Each carries a one-line reason fit for a user."""


class CuratorError(Exception):
    """Base class: something Curator cannot do, with a reason a user can act on."""


class NotACuratorFile(CuratorError):
    pass


class NewerSchemaError(CuratorError):
    pass


class MigrationError(CuratorError):
    pass


class InvalidOffsets(CuratorError):
    pass


class NotFound(CuratorError):
    pass


class InvalidInput(CuratorError):
    pass


class ReadOnlyProject(CuratorError):
    """A write asked of a project Curator opened read-only (a read-only medium, a read-only file,
    a folder SQLite cannot create its side files in). The message says why and what to do."""


class DamagedProject(CuratorError):
    """A project file SQLite cannot read as a whole. ``diagnosis`` (a
    :class:`curator.core.damage.Diagnosis`) says what is wrong, where the newest backup is and
    whether ``curator recover`` can salvage it; the message is its one line."""

    def __init__(self, diagnosis):
        self.diagnosis = diagnosis
        super().__init__(diagnosis.line())
