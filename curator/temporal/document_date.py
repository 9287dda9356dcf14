"""A document's date, inferred from its text when the file, the user or the manifest gives none.

:func:`infer_document_date` reads the text with the date finder (no anchor) and looks, in this
order, for

1. a **"published" line**: "Published: 5 May 2014", "Posted on Monday, 5 December 2016",
   "First published 3 March 2016", "Dated 1 June 2015", "Publication date: May 2014": a short
   line (at most :data:`SHORT_LINE` characters) in the first or last lines of the text whose date
   follows the word at once. A month or a year is taken when that is all the line gives;
2. a **dateline** near the top (the first :data:`HEAD_LINES` lines, :data:`HEAD_CHARS`
   characters): a full date alone on its line or with only a byline, place, weekday or time
   beside it ("Nov 30, 2016" under a byline; "ALEPPO, Syria — Dec. 8, 2016"; "By Jane Doe |
   March 3, 2014 10:32 GMT"), or after a place in capitals and a dash at the start of the first
   paragraph ("ALEPPO, Syria (Reuters) — Dec. 8, 2016 — Government forces ...");
3. an **"updated" line**, as (1): "Last updated 5 May 2014", "This page was last edited on
   3 March 2016, at 12:01"; the latest one;
4. an **"accessed" date**: "Accessed 10 March 2016", "Retrieved 11 March 2016", anywhere (the
   references of a report or an encyclopedia article): the latest one. A text that cites a page
   it read on a day was written on or after that day;
5. otherwise the **latest date the text names**: a day named with its month ("8 May 2014",
   "Dec. 30, 2014", "2014-05-08", or a year-less "30 December" in a narrative that stated its
   year), not a day counted from another ("the next day") and not in a clause that looks ahead
   ("will be held on 12 March 2018", "before the inauguration on Jan. 20"). A text reports what
   happened before it was written, so the latest day it names is the nearest it comes to its own
   date. Its limits: it is a lower bound (the text may be years younger: seed 001 ends with 30
   December 2014 and says nothing of when it was written); a look ahead the tense rules do not
   catch ("the 2018 elections, 12 March 2018") wins; so does a later date in a page's sidebar or
   related-articles list (seed 002 lists articles of February 2022 under its dateline of 2016,
   which is why the dateline comes first); a year-less day takes the year the finder gives it
   from the narrative, which can be wrong; a text that names no day gets no date (seed 004).

Dates after ``today`` (the day of the import) are never taken: a text cannot be dated after
it was read. Rules 1-4 take only dates stated with their year ("Published: Jan. 20" is not
evidence); the finder runs without an anchor, so nothing here depends on a document date.

The value is an EDTF day (a month or a year from a "published"/"updated" line that gives no
more), obeying :func:`curator.temporal.rule.document_date_value`. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Iterable, Optional

from curator.core.records import DateFields
from curator.temporal.finder import DateMatch, find_dates
from curator.temporal.lexicon import MONTHS
from curator.temporal.edtf import parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.rule import DOCUMENT_DATE_PRECISIONS, document_date_value, precision_words
from curator.temporal.tense import clause_tense

# what kind of evidence the date came from
PUBLISHED, DATELINE, UPDATED, ACCESSED, LATEST = "published", "dateline", "updated", "accessed", "latest"
KIND_WORDS = {PUBLISHED: "a “published” line", DATELINE: "the dateline",
              UPDATED: "an “updated” line", ACCESSED: "the latest access date of its references",
              LATEST: "the latest full date in the text"}

HEAD_LINES, HEAD_CHARS = 25, 2500  # the top of a text, where datelines and bylines stand
TAIL_LINES, TAIL_CHARS = 15, 2500  # its foot ("This page was last edited on ...")
SHORT_LINE = 120  # a metadata line, not a paragraph of prose
QUOTE_CHARS = 90  # at most this much of a line is quoted in the reason

_FRONT_MATTER = re.compile(r"\A---\r?\n.*?\r?\n---\r?\n", re.S)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAYS = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:/[0-9]{4}-[0-9]{2}-[0-9]{2})?")
_MONTH_OR_YEAR = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")
# the word must come right before the date: "Published: ", "posted on ", "last edited on "
_GAP = r"[\s:,.\-–—|]*(?:on|at|in)?[\s:,\-–—]*$"
_PUBLISHED_RE = re.compile(
    r"\b(?:first\s+published|published|publication\s+date|date\s+published|date\s+posted|"
    r"posted|dated|issued|released)" + _GAP, re.I)
_UPDATED_RE = re.compile(
    r"\b(?:last\s+updated|updated|last\s+edited|last\s+modified|modified|last\s+revised|"
    r"revised)" + _GAP, re.I)
_ACCESSED_RE = re.compile(r"\b(?:accessed|retrieved|viewed|consulted)" + _GAP, re.I)
# a place in capitals (and its region, an agency), then a dash: "ALEPPO, Syria (Reuters) —"
_AP_PREFIX = re.compile(r"^\s*[A-Z][A-Z'.\-]+(?:\s+[A-Z][A-Z'.\-]+)*"
                        r"(?:,\s*[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*)*)?\s*(?:\([^()\n]{1,40}\))?"
                        r"\s*[—–-]{1,2}\s*$")
_QUOTES = re.compile(r"[\"“”«»„]")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_TIME = re.compile(r"\b\d{1,2}[:.]\d{2}\b")
# words a dateline or byline may hold beside the date, lower case; capitalised words (names,
# places, weekdays, "By", "GMT") are always allowed
_BYLINE_WORDS = frozenset("by and at on of the in from am pm a.m. p.m. updated published posted "
                          "last edited".split())
_BYLINE_MAX_WORDS = 10


@dataclass(frozen=True)
class InferredDate:
    """A document's date as inferred from its text.

    ``edtf``: the value to store (``document.published``); ``kind``: the evidence (PUBLISHED,
    DATELINE, UPDATED, ACCESSED or LATEST); ``quote``: the words it came from, and
    ``start``/``end`` where they are in the text (code points); ``reason``: one short line for
    the window and the ``add`` report, quoting those words."""

    edtf: str
    kind: str
    quote: str
    start: int
    end: int
    reason: str

    def as_dict(self) -> dict:
        return {"date": self.edtf, "from": self.kind, "quote": self.quote, "start": self.start,
                "end": self.end, "reason": self.reason}


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str


def infer_document_date(text: str, today: Optional[date] = None) -> Optional[InferredDate]:
    """The date ``text`` gives for itself (see the module for the rules and their order), or
    None when it gives none. ``today``: no date after it is taken (default: the clock's day)."""
    today = today or date.today()
    body_start = _body_start(text)
    found = [m for m in find_dates(text) if m.start >= body_start and m.earliest and m.latest
             and _last_day(m) <= today]
    matches = [m for m in found if _stated(m)]
    lines = _lines(text, body_start)
    head, tail = _head(lines), _tail(lines)
    by_line = _by_line(lines, matches)
    by_line_all = _by_line(lines, found)
    edge = {id(line) for line in head + tail}

    published = [(line, m) for line in lines if id(line) in edge and _is_short(line)
                 for m in by_line.get(line.start, ()) if _after(text, line, m, _PUBLISHED_RE)]
    if published:
        head_ones = [item for item in published if id(item[0]) in {id(x) for x in head}]
        line, m = (head_ones or published)[0]
        return _keyword_result(text, line, m, PUBLISHED, "published")
    for line in head:
        for m in by_line.get(line.start, ()):
            if _DAY.fullmatch(m.edtf) and _is_dateline(text, line, m, len(by_line_all.get(line.start, ()))):
                quote = line.text.strip()
                start = line.start + _lead(line.text)
                return InferredDate(m.edtf, DATELINE, quote, start, start + len(quote),
                                    f"the dateline “{_quote(quote)}”")
    updated = [(line, m) for line in lines if id(line) in edge and _is_short(line)
               for m in by_line.get(line.start, ()) if _after(text, line, m, _UPDATED_RE)]
    if updated:
        line, m = max(updated, key=lambda item: _last_day(item[1]))
        return _keyword_result(text, line, m, UPDATED, "updated")
    accessed = [m for m in matches if _DAY.fullmatch(m.edtf) and _ACCESSED_RE.search(
        text, max(_line_start(text, m.start), m.start - 40), m.start)]
    if accessed:
        m = max(accessed, key=lambda x: (x.earliest, x.start))
        word = _ACCESSED_RE.search(text, max(_line_start(text, m.start), m.start - 40), m.start)
        quote = text[word.start():m.end]
        many = f"the latest of {len(accessed)} access dates" if len(accessed) > 1 else "an access date"
        return InferredDate(m.earliest, ACCESSED, quote, word.start(), m.end,
                            f"“{quote}”, {many} in its references (written on or after it)")
    named = [m for m in found if _DAYS.fullmatch(m.edtf) and _names_a_day(m)
             and clause_tense(text, m.start, m.end) != "future"]
    if named:
        m = max(named, key=lambda x: (x.latest, x.start))
        year = "" if _stated(m) else f", read as {m.latest[:4]}"
        return InferredDate(m.latest, LATEST, m.text, m.start, m.end,
                            f"the latest date the text names, “{m.text}”{year} (written on or after it)")
    return None


def read_document_date(typed: str) -> DateFields:
    """A document's date as typed (Document properties): EDTF (``2016-11-30``, ``2016-11``,
    ``2016``) or words ("30 Nov 2016", "November 2016"), read as the date cell reads them but
    with no anchor (a document's date states its year) and held to the document date rule: one
    day, month or year. Empty means no date. Raises DateInputError with the reason."""
    from curator.temporal.input import parse_date_input

    words = " ".join((typed or "").split())
    try:
        fields = parse_date_input(words)
    except DateInputError:
        try:
            parse_date_input(words, date(2000, 1, 1))
        except DateInputError:
            raise
        raise DateInputError(f"'{words}' has no year: a document's date states its year "
                             "(30 Nov 2016, Nov 2016 or 2016)") from None
    if not fields.edtf:
        return DateFields()
    precision = parse_edtf(fields.edtf).precision
    if precision not in DOCUMENT_DATE_PRECISIONS:
        shown = f"'{words}'" if words == fields.edtf else f"'{words}' ({fields.edtf})"
        raise DateInputError(f"{shown} is {precision_words(precision)}: a document's date is one "
                             "day, month or year (30 Nov 2016, Nov 2016 or 2016)")
    return DateFields(document_date_value(fields.edtf), fields.earliest, fields.latest, words)


# ---------------------------------------------------------------------- evidence
def _stated(m: DateMatch) -> bool:
    """The expression states its year ("8 May 2014", "2014-05-08"), so the context did not
    supply it ("Jan. 20" after "July 2012" is not evidence)."""
    if not m.latest or not m.earliest:
        return False
    return bool(re.search(rf"(?<![0-9]){m.latest[:4]}(?![0-9])", m.text))


def _names_a_day(m: DateMatch) -> bool:
    """The expression names its day and month ("30 December", "Dec. 30, 2014", "2014-12-30"),
    rather than counting from another date ("the next day") or naming a weekday."""
    if not re.search(r"[0-9]", m.text):
        return False
    if _DAYS.match(m.text.strip()):
        return True
    return any(word.lower().rstrip(".") in MONTHS for word in _WORD.findall(m.text))


def _last_day(m: DateMatch) -> date:
    return date.fromisoformat(m.latest)


def _keyword_result(text: str, line: _Line, m: DateMatch, kind: str, what: str) -> InferredDate:
    value = document_date_value(m.edtf)  # a day, a month or a year (see _after)
    word = _keyword_start(text, line, m, _PUBLISHED_RE if kind == PUBLISHED else _UPDATED_RE)
    quote = text[word:m.end]
    return InferredDate(value, kind, quote, word, m.end, f"the “{what}” line “{_quote(quote)}”")


def _after(text: str, line: _Line, m: DateMatch, pattern: re.Pattern) -> bool:
    """The date follows ``pattern``'s word at once on its line, and means one day, month or
    year it states."""
    if not (_DAY.fullmatch(m.edtf) or _MONTH_OR_YEAR.fullmatch(m.edtf)):
        return False
    return pattern.search(text, line.start, m.start) is not None


def _keyword_start(text: str, line: _Line, m: DateMatch, pattern: re.Pattern) -> int:
    found = pattern.search(text, line.start, m.start)
    return found.start() if found else m.start


def _is_dateline(text: str, line: _Line, m: DateMatch, dates_on_line: int) -> bool:
    """The date stands alone on its line or with a byline, place, weekday or time beside it
    (the line's only date, no quotation marks: not a reference), or opens a paragraph after a
    place in capitals and a dash."""
    if _AP_PREFIX.match(text[line.start:m.start]) and not text[line.start:m.start].isspace():
        return True
    if not _is_short(line) or dates_on_line != 1 or _QUOTES.search(line.text):
        return False
    rest = text[line.start:m.start] + " " + text[m.end:line.end]
    rest = _TIME.sub(" ", rest)
    words = _WORD.findall(rest)
    if len(words) > _BYLINE_MAX_WORDS:
        return False
    return all(w[0].isupper() or w.lower() in _BYLINE_WORDS for w in words)


# ---------------------------------------------------------------------- lines
def _body_start(text: str) -> int:
    """Where the text starts after a front-matter block (whose values the reader takes)."""
    m = _FRONT_MATTER.match(text)
    return m.end() if m else 0


def _lines(text: str, start: int) -> list[_Line]:
    out, position = [], start
    for piece in text[start:].splitlines(keepends=True):
        body = piece.rstrip("\r\n")
        if body.strip():
            out.append(_Line(position, position + len(body), body))
        position += len(piece)
    return out


def _head(lines: list[_Line]) -> list[_Line]:
    if not lines:
        return []
    limit = lines[0].start + HEAD_CHARS
    return [line for line in lines[:HEAD_LINES] if line.start < limit]


def _tail(lines: list[_Line]) -> list[_Line]:
    if not lines:
        return []
    limit = lines[-1].end - TAIL_CHARS
    return [line for line in lines[-TAIL_LINES:] if line.end > limit]


def _by_line(lines: list[_Line], matches: Iterable[DateMatch]) -> dict[int, list[DateMatch]]:
    """The matches on each line, keyed by the line's start."""
    out: dict[int, list[DateMatch]] = {}
    starts = [line.start for line in lines]
    index = 0
    for m in matches:
        while index + 1 < len(lines) and lines[index + 1].start <= m.start:
            index += 1
        if lines and lines[index].start <= m.start and m.end <= lines[index].end:
            out.setdefault(starts[index], []).append(m)
    return out


def _is_short(line: _Line) -> bool:
    return len(line.text.strip()) <= SHORT_LINE


def _lead(line: str) -> int:
    return len(line) - len(line.lstrip())


def _line_start(text: str, position: int) -> int:
    return text.rfind("\n", 0, position) + 1


def _quote(words: str) -> str:
    words = " ".join(words.split())
    return words if len(words) <= QUOTE_CHARS else words[:QUOTE_CHARS - 1].rstrip() + "…"
