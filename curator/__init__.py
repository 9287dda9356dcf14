"""Curator: turn source texts into dated events."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("curator")
except _metadata.PackageNotFoundError:  # running from a source tree or a frozen build
    __version__ = "0.1.0"

APP_NAME = "Curator"
ORG_NAME = "Curator"
