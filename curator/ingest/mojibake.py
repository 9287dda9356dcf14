"""Mojibake: UTF-8 text that was once read in a single-byte code page and saved again, so that
``A’qrab`` became ``Aâ€™qrab`` and ``é`` became ``Ã©``. Found and repaired with ftfy, only on request.

ftfy is run with only its encoding repair (no HTML entities, quotes, ligatures, character widths,
Unicode normalisation, line breaks or control characters), one line at a time, so line breaks
are never touched. Each place it would change is then checked on its own: the repair is kept only
when the passage it replaces is exactly the UTF-8 bytes of the repaired passage read in one of
the code pages ftfy knows (Windows-1252, Latin-1, MacRoman, …; a no-break space read as a space
counts). Every other character of the text stays as it was. Qt-free.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Optional

import ftfy
import ftfy.bad_codecs  # noqa: F401 - registers the sloppy-windows-125x codecs the check uses
from ftfy.badness import BADNESS_RE
from ftfy.chardata import CHARMAP_ENCODINGS

CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_encoding=True, restore_byte_a0=True,
    replace_lossy_sequences=False, decode_inconsistent_utf8=True, fix_c1_controls=False,
    fix_latin_ligatures=False, fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
    fix_surrogates=False, remove_control_chars=False, normalization=None, explain=False)
REPAIRED_SUFFIX = " (ftfy repaired)"  # added to a document's encoding when its text was repaired

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _sequence_pattern() -> tuple[re.Pattern, re.Pattern]:
    """Mojibake of UTF-8 shows a whole UTF-8 sequence (a lead byte 0xC2-0xDF, 0xE0-0xEF or
    0xF0-0xF4 followed by one, two or three continuation bytes 0x80-0xBF) as read in one of the
    code pages ftfy repairs from. This matches the characters those bytes read as, in any of them:
    a quick first look, line by line, before ftfy's own (slower) test. (A line whose only mojibake
    lost a byte, such as a no-break space that became a space, is not looked at.)"""
    def chars(first: int, last: int) -> str:
        found = set()
        for codec in CHARMAP_ENCODINGS:
            found.update(bytes(range(first, last + 1)).decode(codec, errors="ignore"))
        return "[" + "".join(re.escape(ch) for ch in sorted(found)) + "]"
    follow = chars(0x80, 0xBF)
    pair = re.compile(f"{chars(0xC2, 0xF4)}{follow}")  # faster to scan for: a text without one is clean
    return pair, re.compile(f"{chars(0xC2, 0xDF)}{follow}|{chars(0xE0, 0xEF)}{follow}{{2}}"
                            f"|{chars(0xF0, 0xF4)}{follow}{{3}}")


_PAIR, _SEQUENCE = _sequence_pattern()
_PIECE = 4096  # long lines are looked at in pieces of about this many characters, cut at spaces


@dataclass(frozen=True)
class Fix:
    start: int  # offsets into the text as decoded (code points), end exclusive
    end: int
    after: str  # what replaces text[start:end]
    line: int  # 1-based line number


@dataclass(frozen=True)
class MojibakeReport:
    """The places in a text that look like mojibake ftfy can repair."""
    text: str  # the text as decoded
    fixes: tuple[Fix, ...]

    @property
    def places(self) -> int:
        return len(self.fixes)

    def repaired(self) -> str:
        """The text with every fix applied, and nothing else changed."""
        parts, at = [], 0
        for fix in self.fixes:
            parts += [self.text[at:fix.start], fix.after]
            at = fix.end
        parts.append(self.text[at:])
        return "".join(parts)

    def examples(self, limit: int = 3, width: int = 60) -> list[dict]:
        """The first ``limit`` lines with fixes as ``{"line", "before", "after"}``, each cut to
        about ``width`` characters around its first fix."""
        out = []
        for number, before, after in self.changed_lines(limit):
            first = next(i for i, (a, b) in enumerate(zip(before + "\0", after + "\1")) if a != b)
            start = max(0, first - width // 3)
            cut_before, cut_after = before[start:start + width], after[start:start + width]
            if start:
                cut_before, cut_after = "…" + cut_before, "…" + cut_after
            if start + width < len(before):
                cut_before += "…"
            if start + width < len(after):
                cut_after += "…"
            out.append({"line": number, "before": cut_before, "after": cut_after})
        return out

    def changed_lines(self, limit: int = 200) -> list[tuple[int, str, str]]:
        """(line number, line before, line after) for the first ``limit`` lines with fixes."""
        out: list[tuple[int, str, str]] = []
        by_line: dict[int, list[Fix]] = {}
        for fix in self.fixes:
            by_line.setdefault(fix.line, []).append(fix)
        for number, fixes in list(by_line.items())[:limit]:
            start = max(self.text.rfind("\n", 0, fixes[0].start), self.text.rfind("\r", 0, fixes[0].start)) + 1
            m = _LINE_BREAK.search(self.text, fixes[-1].end)
            end = m.start() if m else len(self.text)
            after, at = [], start
            for fix in fixes:
                after += [self.text[at:fix.start], fix.after]
                at = fix.end
            after.append(self.text[at:end])
            out.append((number, self.text[start:end], "".join(after)))
        return out


def find_mojibake(text: str) -> Optional[MojibakeReport]:
    """The mojibake ftfy can repair in ``text``, or None when there is none."""
    if text.isascii() or _PAIR.search(text) is None:
        return None
    fixes: list[Fix] = []
    line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
    suspect = {bisect_right(line_starts, m.start()) for m in _SEQUENCE.finditer(text)}  # 1-based line numbers
    for number in sorted(suspect):
        start = line_starts[number - 1]
        end = line_starts[number] if number < len(line_starts) else len(text)
        line = _LINE_BREAK.sub("", text[start:end])
        if BADNESS_RE.search(line) is None:
            continue
        for piece_start, piece in _pieces(line):
            fixes += _fixes_in(piece, start + piece_start, number)
    return MojibakeReport(text, tuple(fixes)) if fixes else None


def _pieces(line: str):
    """(offset, piece) of a line cut at spaces into pieces of about :data:`_PIECE` characters."""
    at = 0
    while at < len(line):
        end = len(line) if len(line) - at <= _PIECE else line.rfind(" ", at + _PIECE // 2, at + _PIECE) + 1
        if end <= at:
            end = min(len(line), at + _PIECE)
        yield at, line[at:end]
        at = end


def _fixes_in(piece: str, offset: int, line: int) -> list[Fix]:
    fixed = ftfy.fix_encoding(piece, CONFIG)
    if fixed == piece:
        return []
    fixes = []
    for i1, i2, j1, j2 in _changed_regions(piece, fixed):
        before, after = piece[i1:i2], fixed[j1:j2]
        if is_mojibake_of(before, after):
            fixes.append(Fix(offset + i1, offset + i2, after, line))
    return fixes


def _changed_regions(a: str, b: str) -> list[tuple[int, int, int, int]]:
    """The places where ``a`` and ``b`` differ, each widened over the non-ASCII characters the
    two share next to it (``10Â£`` → ``10£`` is one place, ``Â£`` → ``£``), and joined when
    they touch."""
    regions: list[list[int]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        while i1 > 0 and j1 > 0 and not a[i1 - 1].isascii() and a[i1 - 1] == b[j1 - 1]:
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(a) and j2 < len(b) and not a[i2].isascii() and a[i2] == b[j2]:
            i2, j2 = i2 + 1, j2 + 1
        if regions and i1 <= regions[-1][1]:
            regions[-1][1], regions[-1][3] = max(regions[-1][1], i2), max(regions[-1][3], j2)
        else:
            regions.append([i1, i2, j1, j2])
    return [tuple(r) for r in regions]


def is_mojibake_of(before: str, after: str) -> bool:
    """Whether ``before`` is ``after`` written in UTF-8 and read in a single-byte code page (a
    no-break space shown as a space counts, as ftfy's ``restore_byte_a0`` assumes)."""
    if not before or not after or before == after:
        return False
    encodings = [after.encode("utf-8", "surrogatepass")]
    if any(ord(ch) > 0xFFFF for ch in after):  # CESU-8: astral characters as two surrogates
        encodings.append("".join(_surrogates(ch) for ch in after).encode("utf-8", "surrogatepass"))
    plain = before.replace("\xa0", " ")
    for raw in encodings:
        for codec in CHARMAP_ENCODINGS:
            try:
                shown = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if shown == before or shown.replace("\xa0", " ") == plain:
                return True
    return False


def _surrogates(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return ch
    code -= 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))
