"""What the words around a found date say about it: BC years, open ends, uncertainty, either/or.

:func:`curator.temporal.finder.find_dates` finds calendar expressions; this module reads the
words next to each one and changes what it means, so that nothing is stored wrong in silence:

- an expression followed by BC/BCE/B.C. (or "before Christ") is not a modern date: the finder
  drops it (:func:`followed_by_bc`) and a typed BC date is refused (:func:`bc_reason`), since
  Curator places years 0001-9999;
- open ends: "no earlier than 3 May 2014" is ``2014-05-03/..``, "no later than May 2014"
  ``../2014-05``, "on or before", "not until", "at the latest", "or earlier". Typed into a date
  cell (or standing alone on a line of a text) "before 1900" is ``../1899-12-31``, "after 1945"
  ``1946-01-01/..``, "since", "from", "until", "by", "through", "up to" give the open interval
  from or to the date itself. In running text "before 1900", "since July 2012", "by 26
  December", "after 2012" keep the convention of the annotated sets (TimeML's): the expression is
  the date named ("1900"), the preposition a signal outside it;
- uncertainty: "probably May 2014", "May 2014 (?)", "May 2014 [?]", and "May 2014?" where the
  mark is not the end of a question, give EDTF ``?`` (``2014-05?``; a decade ``1950?/1959?``,
  a season ``2014-03?/2014-05?``: python-edtf refuses ``2014-21?``);
- "either 1 or 3 May 2014", "either May or June 2014", "either 2013 or 2014" are EDTF sets
  (``[2014-05-01,2014-05-03]``: one of them) from the first day of the first to the last day of
  the last. Typed, "either" may be left out.

Open ends give earliest or latest None. Every value made here is checked with
:func:`curator.temporal.edtf.parse_edtf` against its bounds.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from datetime import date, timedelta
from typing import Optional

from curator.temporal.edtf import edtf_set, parse_edtf
from curator.temporal.errors import DateInputError
from curator.temporal.lexicon import _MONTH_RE
from curator.temporal.months import NAME_RE, month_of

# "BC" after a year is the era even where it could be British Columbia ("2014 BC Hydro"): a
# year missed is better than a BC year read as a modern one
_BC = (r"(?:B\.\s?C\.(?:\s?E\.)?|BCE|BC|before\s+(?:Christ|the\s+Common\s+Era)"
       r"|av\.\s?J\.?-C\.?|v\.\s?Chr\.?|a\.\s?C\.)(?![\w])")
_BC_AFTER_RE = re.compile(r"\s*(?:\d{1,4}\s*)?" + _BC)
_BC_TYPED_RE = re.compile(r"(?i)(?<![\w])\d{1,4}(?:st|nd|rd|th)?(?:\s+century|\s*s)?\s*" + _BC
                          + r"|(?<![\w])(?:BCE?|B\.C\.)\s*\d{1,4}(?![\d])")

# (kind, pattern before the date, pattern after it); kinds: "from" (open end after, inclusive),
# "to" (open start, inclusive), "after" and "before" (exclusive).
_OPEN_RUNNING = [
    ("from", r"(?:[Nn]o|[Nn]ot)\s+(?:earlier|sooner)\s+than|[Nn]ot\s+(?:before|until|till)"
             r"|[Oo]n\s+or\s+after|[Ii]n\s+or\s+after",
     r"at\s+the\s+earliest|or\s+later|onwards?"),
    ("to", r"(?:[Nn]o|[Nn]ot)\s+later\s+than|[Nn]ot\s+after"
           r"|[Oo]n\s+or\s+before|[Ii]n\s+or\s+before",
     r"at\s+the\s+latest|or\s+earlier"),
]
_OPEN_TYPED = [
    ("from", _OPEN_RUNNING[0][1] + r"|[Ss]ince|[Ff]rom|[Ss]tarting(?:\s+(?:in|on|from))?",
     _OPEN_RUNNING[0][2] + r"|(?:or|and)\s+(?:after|later)"),
    ("to", _OPEN_RUNNING[1][1] + r"|[Uu]ntil|[Tt]ill|[Bb]y|[Tt]hrough|[Tt]hru|[Uu]p\s+to",
     _OPEN_RUNNING[1][2] + r"|(?:or|and)\s+(?:before|earlier)"),
    ("after", r"[Aa]fter|[Ll]ater\s+than|[Pp]ost(?=-)", ""),
    ("before", r"[Bb]efore|[Ee]arlier\s+than|[Pp]rior\s+to|[Pp]re(?=-)", ""),
]


def _open_res(table):
    out = []
    for kind, before, after in table:
        pre = re.compile(r"(?<![\w])(?:" + before + r")(?:\s+|-)$")
        post = re.compile(r",?\s+(?:" + after + r")(?![\w])") if after else None
        out.append((kind, pre, post))
    return out


_OPEN = {False: _open_res(_OPEN_RUNNING), True: _open_res(_OPEN_TYPED)}
_PROBABLY_RE = re.compile(r"(?<![\w])(?:[Pp]robably|[Pp]ossibly|[Pp]erhaps|[Pp]resumably)"
                          r"(?:\s+(?:in|on))?\s+$")
_MARK_RE = {False: re.compile(r"\s*(?:\(\?\)|\[\?\])|\?"),  # running text: "?" attached
            True: re.compile(r"\s*(?:\(\?\)|\[\?\]|\?)")}
# after a bare "?": what shows that it marks the date and does not end a question
_MARK_GOES_ON_RE = re.compile(r"[ \t]*(?:[,;:)\]/–-]|[a-z0-9])")
_ANY_MONTH = r"(?:" + _MONTH_RE + "|(?i:" + NAME_RE + "))"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er|\.)?"
_EITHER_RE = re.compile(
    r"(?<![\w])(?P<either>[Ee]ither\s+)?(?:(?:in|on)\s+)?"
    r"(?:(?P<dm_d>" + _DAYNUM + r")\s+(?:of\s+|de\s+)?(?P<dm_m>"
    + _ANY_MONTH + r")\.?|(?P<d>" + _DAYNUM + r")|(?P<m>" + _ANY_MONTH + r")\.?)\s+or\s+"
    r"(?:(?:in|on)\s+)?$")
_OR_RE = re.compile(r"\s+or\s+(?:(?:in|on)\s+)?$")
_ONWARDS_FROM_RE = re.compile(r"(?<![\w])(?:[Ff]rom|[Ss]ince)\s+$")
_EITHER_WORD_RE = re.compile(r"(?<![\w])[Ee]ither\s+(?:(?:in|on)\s+)?$")
_YEAR_STATED_RE = re.compile(r"(?<!\d)\d{4}(?!\d)")
_SIMPLE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")


def followed_by_bc(text: str, end: int) -> bool:
    """Whether the expression ending at ``end`` is a BC date ("15 March 44 BC", "1200 BC")."""
    return _BC_AFTER_RE.match(text, end) is not None


def bc_reason(typed: str) -> Optional[str]:
    """Why a typed date cannot be stored when it is a BC date (None otherwise)."""
    m = _BC_TYPED_RE.search(typed)
    if m is None:
        return None
    return f"'{m.group().strip()}' is a BC date: Curator places years 0001-9999"


def _simple(part: str) -> Optional[re.Match]:
    """A plain EDTF date (YYYY, YYYY-MM, YYYY-MM-DD with a qualifier), not a season."""
    m = _SIMPLE.match(part)
    return m if m and not (m.group(2) and int(m.group(2)) > 12) else None


def _start_form(day: date) -> str:
    if (day.month, day.day) == (1, 1):
        return f"{day.year:04d}"
    return f"{day.year:04d}-{day.month:02d}" if day.day == 1 else day.isoformat()


def _end_form(day: date) -> str:
    if (day.month, day.day) == (12, 31):
        return f"{day.year:04d}"
    last = calendar.monthrange(day.year, day.month)[1]
    return f"{day.year:04d}-{day.month:02d}" if day.day == last else day.isoformat()


def _qualifier(part: str) -> str:
    return part[-1] if part and part[-1] in "~?%" else ""


def _merge_q(old: str, new: str) -> str:
    if not old or old == new:
        return new
    return "%" if {old, new} <= {"~", "?", "%"} else new


def _side(edtf: str, day: date, first: bool) -> str:
    """The start (or end) of a value as an EDTF date whose first (last) day is ``day``."""
    part = edtf.split("/")[0 if first else -1]
    if _simple(part):
        return part
    q = _qualifier(edtf)
    return (_start_form(day) if first else _end_form(day)) + q


def with_uncertainty(edtf: str, lo: Optional[date], hi: Optional[date]) -> Optional[str]:
    """``edtf`` marked uncertain (``?``); decades and seasons as an interval of qualified ends."""
    if edtf.startswith(("[", "{")):
        return None
    parts = edtf.split("/")
    if len(parts) == 1 and not _simple(edtf):
        parts = [_side(edtf, lo, True), _side(edtf, hi, False)]
        parts = [p.rstrip("~?%") + _qualifier(edtf) for p in parts]
    out = []
    for index, part in enumerate(parts):
        if part in ("", ".."):
            out.append(part)
            continue
        if not _simple(part):
            day = lo if index == 0 else hi
            part = (_start_form(day) if index == 0 else _end_form(day)) + _qualifier(part)
        q = _qualifier(part)
        out.append(part.rstrip("~?%") + _merge_q(q, "?"))
    return "/".join(out)


def _open_value(kind: str, edtf: str, lo: date, hi: date):
    """(edtf, earliest, latest) of "since X", "until X", "after X", "before X"."""
    if edtf.startswith(("[", "{")) or ".." in edtf:
        return None
    if kind == "from":
        return _side(edtf, lo, True) + "/..", lo, None
    if kind == "to":
        return "../" + _side(edtf, hi, False), None, hi
    q = _qualifier(edtf.split("/")[0 if kind == "after" else -1])
    try:
        if kind == "after":
            day = hi + timedelta(days=1)
            return day.isoformat() + q + "/..", day, None
        day = lo - timedelta(days=1)
    except OverflowError:  # before 1 January 0001, after 31 December 9999
        return None
    return "../" + day.isoformat() + q, None, day


def _checked(edtf: Optional[str], lo: Optional[date], hi: Optional[date]) -> bool:
    """Curator's EDTF reader agrees that ``edtf`` means lo..hi (open ends None)."""
    if edtf is None:
        return False
    try:
        value = parse_edtf(edtf)
    except DateInputError:
        return False
    return (value.earliest, value.latest) == (lo, hi)


def _day(value: Optional[str]) -> Optional[date]:
    return date.fromisoformat(value) if value else None


def _number(token: str) -> int:
    return int(re.match(r"\d+", token).group())


def _either(text: str, match, previous, typed: bool):
    """An either/or set ending with ``match``: (start, edtf, lo, hi, uses_previous) or None."""
    right = _simple(match.edtf)
    if right is None or right.group(4):
        return None
    year, month = int(right.group(1)), right.group(2)
    if not _OR_RE.search(text, max(0, match.start - 8), match.start):
        return None  # no "or" just before: the common case, decided cheaply
    window = text[max(0, match.start - 60):match.start]
    offset = match.start - len(window)
    left_edtf, start, uses_previous = None, None, False
    m = _EITHER_RE.search(window)
    if m is not None and (m.group("either") or typed or m.group("d")):
        # "either 1 or 3 May 2014", "either May or June 2014": the left member takes the rest
        # (month, year) from the right one; a year-less match there ("May") is replaced
        start = offset + m.start()
        uses_previous = previous is not None and previous.end > start
        try:
            if m.group("d") and right.group(3):
                left_edtf = f"{year:04d}-{month}-{_number(m.group('d')):02d}"
            elif m.group("dm_d") and right.group(3):
                left_edtf = (f"{year:04d}-{month_of(m.group('dm_m'))[0]:02d}-"
                             f"{_number(m.group('dm_d')):02d}")
            elif m.group("m") and month and not right.group(3):
                left_edtf = f"{year:04d}-{month_of(m.group('m'))[0]:02d}"
        except KeyError:
            return None
        if uses_previous and previous.start < start:
            return None
    elif previous is not None and _OR_RE.fullmatch(text, previous.end, match.start) and \
            _simple(previous.edtf) and not _qualifier(previous.edtf) and \
            _YEAR_STATED_RE.search(previous.text):
        # "either 2013 or 2014", "either 8 May 2014 or 10 May 2014": two full dates
        either = _EITHER_WORD_RE.search(text, max(0, previous.start - 14), previous.start)
        if either or typed:
            left_edtf, uses_previous = previous.edtf, True
            start = either.start() if either else previous.start
    if left_edtf is None:
        return None
    try:
        members = sorted([parse_edtf(left_edtf), parse_edtf(match.edtf)], key=lambda v: v.earliest)
        if members[0].edtf == members[1].edtf:
            return None
        value = edtf_set([v.edtf for v in members])  # [a,b]: one of them
    except DateInputError:
        return None
    return start, value.edtf, value.earliest, value.latest, uses_previous


def _read_around(text: str, match, previous, typed: bool):
    """(new match or None, uses_previous) with the words around ``match`` read by the rules of
    typed input (``typed``) or of running text."""
    start, end, edtf = match.start, match.end, match.edtf
    lo, hi = _day(match.earliest), _day(match.latest)
    changed, uses_previous = False, False
    either = _either(text, match, previous, typed)
    if either is not None:
        start, edtf, lo, hi, uses_previous = either
        changed = True
    else:
        for kind, pre, post in _OPEN[typed]:
            before = pre.search(text, max(0, start - 30), start)
            after = post.match(text, end) if post else None
            if before or after:
                value = _open_value(kind, edtf, lo, hi)
                if value is None:
                    break
                edtf, lo, hi = value
                start = before.start() if before else start
                end = after.end() if after else end
                if after and after.group().strip().startswith("onward"):  # "from 2011 onwards"
                    opener = _ONWARDS_FROM_RE.search(text, max(0, start - 8), start)
                    start = opener.start() if opener else start
                changed = True
                break
    probably = _PROBABLY_RE.search(text, max(0, start - 30), start)
    mark = _MARK_RE[typed].match(text, end)
    if mark and mark.group() == "?" and not typed and not _MARK_GOES_ON_RE.match(text, mark.end()):
        mark = None
    if probably or mark:
        qualified = with_uncertainty(edtf, lo, hi)
        if qualified is not None:
            edtf, changed = qualified, True
            start = probably.start() if probably else start
            end = mark.end() if mark else end
    if not changed or not _checked(edtf, lo, hi):
        return None, False
    return dataclasses.replace(match, start=start, end=end, text=text[start:end], edtf=edtf,
                               earliest=lo.isoformat() if lo else None,
                               latest=hi.isoformat() if hi else None), uses_previous


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    return (not text[line_start:start].strip(" \t\r-*•·>#") and
            not text[end:line_end].strip(" \t\r.;,"))


def read_around(text: str, matches: list, typed: bool = False) -> list:
    """The found dates with the words around them read (see the module's docstring).

    ``typed``: the whole text is one typed date. In running text an expression that is all its
    line holds ("Before 1900" as a heading, a list of dates one per line) is read as typed."""
    out: list = []
    for match in matches:
        previous = out[-1] if out else None
        new, uses_previous = _read_around(text, match, previous, True)
        if not typed and new is not None and not _alone_on_its_line(text, new.start, new.end):
            new, uses_previous = _read_around(text, match, previous, False)
        if uses_previous:
            out.pop()
        out.append(new or match)
    return out
