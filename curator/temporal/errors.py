"""Errors of the date engine."""

from curator.core.errors import InvalidInput


class DateInputError(InvalidInput):
    """A date string or expression Curator cannot read; the message says why, in one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
