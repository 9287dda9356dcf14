"""The date engine (Qt-free): EDTF values, finding dates in text, reading typed dates.

The names below load on first use (PEP 562), so that importing one module of the package
(``curator.temporal.errors``, say) does not compile the finder's patterns."""

from curator.lazy_names import lazy_names

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


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
