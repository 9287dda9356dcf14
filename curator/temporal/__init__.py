"""The date engine (Qt-free): EDTF values, finding dates in text, reading typed dates.

The names below load on first use (PEP 562), so that importing one module of the package
(``curator.temporal.errors``, say) does not compile the finder's patterns."""

_LAZY = {
    "EdtfInterval": "curator.temporal.edtf", "anchor_day": "curator.temporal.edtf",
    "edtf_for": "curator.temporal.edtf", "parse_edtf": "curator.temporal.edtf",
    "DateInputError": "curator.temporal.errors",
    "DateMatch": "curator.temporal.finder", "find_dates": "curator.temporal.finder",
    "guess_date": "curator.temporal.guess", "guess_passage_date": "curator.temporal.guess",
    "parse_date_input": "curator.temporal.input",
}

__all__ = ["DateInputError", "anchor_day", "DateMatch", "EdtfInterval", "edtf_for", "find_dates",
           "guess_date", "guess_passage_date", "parse_date_input", "parse_edtf"]


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
