"""Curator: turn source texts into dated events.

``__version__`` is read from the installed package's metadata on first use (PEP 562), so that
importing Curator's modules does not load :mod:`importlib.metadata`."""

APP_NAME = "Curator"
ORG_NAME = "Curator"
FALLBACK_VERSION = "0.1.0"  # running from a source tree without metadata


def _installed_version() -> str:
    from importlib import metadata

    try:
        return metadata.version("curator")
    except metadata.PackageNotFoundError:  # a source tree, or a frozen build without metadata
        return FALLBACK_VERSION


def __getattr__(name: str):
    if name == "__version__":
        value = globals()["__version__"] = _installed_version()
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
