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


class UnreadableDocument(InvalidInput):
    """A document file Curator cannot read text from: a scanned PDF with no text layer, an
    encrypted file, a damaged file, a kind Curator does not read, an empty document. The message
    is one line naming the file; ``reason`` is a short code the window can group refusals by
    (one of ``REASONS``) and ``filename`` the file's name."""

    REASONS = ("no text layer", "encrypted", "damaged", "unknown kind", "undecodable", "empty")

    def __init__(self, filename: str, reason: str, message: str):
        super().__init__(message)
        self.filename = filename
        self.reason = reason


class Cancelled(CuratorError):
    """The user cancelled a long run; its transaction was rolled back."""

    def __init__(self, message: str = "cancelled; nothing was changed"):
        super().__init__(message)
