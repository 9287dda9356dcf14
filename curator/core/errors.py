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
