"""The date engine (Qt-free): EDTF values, finding dates in text, reading typed dates."""

from curator.temporal.edtf import EdtfInterval, anchor_day, edtf_for, parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.finder import DateMatch, find_dates
from curator.temporal.guess import guess_date, guess_passage_date
from curator.temporal.input import parse_date_input

__all__ = ["DateInputError", "anchor_day", "DateMatch", "EdtfInterval", "edtf_for", "find_dates",
           "guess_date", "guess_passage_date", "parse_date_input", "parse_edtf"]
