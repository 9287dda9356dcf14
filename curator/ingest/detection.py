"""Which encoding a text file that is not UTF-8 is in, and how sure that is.

charset-normalizer proposes: it decodes the file in every code page that can read it and
measures each reading's mess (``chaos``) and how much it reads like a language (``coherence``).
It is asked twice, once freely and once limited to the common encodings (on short texts its free
answer sometimes holds a single wrong guess). Its proposals are grouped by the text they give
(Greek without accented capitals reads the same in Windows-1253 and ISO-8859-7: one reading,
called by the more common name), and each reading is scored:

    score = coherence / 0.05 - chaos / 0.01 - 2 × oddities + 2 if the encoding is common

where the oddities are the marks of a wrong code page a reader sees
(:mod:`curator.ingest.plausibility`). The best reading wins. It is **sure** only when it beats
every other reading by 2 points or more (one oddity more, or a clearly messier or less coherent
reading, or a rare code page against a common one) and does not itself look odd; otherwise the
detection says it is unsure, names the readings it cannot choose between, and the caller asks
the user (the window) or refuses (the command line).

Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from curator.ingest.encodings import COMMON_ENCODINGS, is_common, is_wide, label_of, preference
from curator.ingest.plausibility import Oddities, oddities

SAMPLE_BYTES = 16 * 1024  # the lines with non-ASCII bytes looked at for oddities
MAX_READINGS = 12  # distinct readings scored
SURE_MARGIN = 2.0
_DETECTABLE = [e.label for e in COMMON_ENCODINGS if not e.label.startswith("utf")]


@dataclass(frozen=True)
class Reading:
    """One way to read the file: the encodings that give the same text, and how it scored."""
    encoding: str  # the label Curator uses for it (the most common of ``codecs``)
    codecs: tuple[str, ...]  # Python codec names that read the sample the same, preferred first
    score: float
    chaos: float
    coherence: float
    oddities: Oddities
    language: str = ""
    excerpt: str = ""  # the first words where this reading differs from the best one

    def summary(self) -> str:
        return f'{self.encoding} "{self.excerpt}"' if self.excerpt else self.encoding


@dataclass(frozen=True)
class Detection:
    readings: tuple[Reading, ...]  # best first; empty when nothing can read the file
    sure: bool
    reason: str = ""  # why it is not sure
    rivals: tuple[Reading, ...] = field(default=())  # readings within the margin of the best

    @property
    def best(self) -> Reading | None:
        return self.readings[0] if self.readings else None


class _Group:
    """The encodings that read the sample as one text, with charset-normalizer's best figures."""

    def __init__(self, text: str, order: int, chaos: float, coherence: float, language: str):
        self.text, self.order = text, order
        self.codecs: list[str] = []
        self.chaos, self.coherence, self.language = chaos, coherence, language

    def add(self, codec: str, chaos: float, coherence: float) -> None:
        if codec not in self.codecs:
            self.codecs.append(codec)
        self.chaos, self.coherence = min(self.chaos, chaos), max(self.coherence, coherence)

    def reading(self) -> Reading:
        codecs = tuple(sorted(self.codecs, key=lambda c: (preference(label_of(c)), self.codecs.index(c))))
        odd = oddities(self.text)
        common = any(is_common(label_of(c)) for c in codecs)
        score = self.coherence / 0.05 - self.chaos / 0.01 - 2 * odd.count + (2 if common else 0)
        return Reading(label_of(codecs[0]), codecs, round(score, 3), self.chaos, self.coherence, odd,
                       self.language)


def detect(data: bytes) -> Detection:
    """Detect the encoding of ``data`` (bytes that are not UTF-8 and carry no byte order mark)."""
    from charset_normalizer import from_bytes  # here: UTF-8 files, the usual case, never need it

    line_sample = _line_sample(data)
    groups: dict[str, _Group] = {}
    for matches in (from_bytes(data), from_bytes(data, cp_isolation=_DETECTABLE)):
        for match in matches:
            for codec in (match.encoding, *match.could_be_from_charset):
                try:
                    text = _sample_for(codec, data, line_sample).decode(codec)
                except (UnicodeDecodeError, LookupError):
                    continue
                if text not in groups:
                    if len(groups) >= MAX_READINGS:
                        continue
                    groups[text] = _Group(text, len(groups), match.chaos, match.coherence, match.language)
                groups[text].add(codec, match.chaos, match.coherence)
    scored = sorted(((g.reading(), g) for g in groups.values()), key=lambda rg: (-rg[0].score, rg[1].order))
    scored = _decodable_first(scored, data)
    if not scored:
        return Detection((), False, "no encoding Curator knows reads it as text")
    best, best_group = scored[0]
    runner_up_text = scored[1][1].text if len(scored) > 1 else best_group.text
    readings = [_with_excerpt(best, best_group.text, runner_up_text)]
    readings += [_with_excerpt(r, g.text, best_group.text) for r, g in scored[1:]]
    rivals = tuple(r for r in readings[1:] if best.score - r.score < SURE_MARGIN - 1e-6)
    if rivals:
        names = ", ".join(r.encoding for r in rivals[:3])
        return Detection(tuple(readings), False, f"{best.encoding} and {names} read it about equally well",
                         rivals)
    odd = best.oddities
    if odd.count > 1 and odd.rate > 0.1:
        return Detection(tuple(readings), False,
                         f"it reads oddly even as {best.encoding} ({', '.join(odd.examples)})")
    return Detection(tuple(readings), True)


def _decodable_first(scored: list, data: bytes) -> list:
    """Drop the best readings whose encodings cannot decode the whole file (the sample can miss
    the byte that fails) until one can; its codecs are put in the order that decodes."""
    while scored:
        best, group = scored[0]
        for codec in best.codecs:
            try:
                data.decode(codec)
            except (UnicodeDecodeError, LookupError):
                continue
            codecs = (codec, *(c for c in best.codecs if c != codec))
            scored[0] = (replace(best, encoding=label_of(codec), codecs=codecs), group)
            return scored
        scored.pop(0)
    return scored


def _line_sample(data: bytes) -> bytes:
    """The lines of ``data`` that hold non-ASCII bytes, up to :data:`SAMPLE_BYTES`. Lines end at
    a 0x0A byte, which no ASCII-compatible multi-byte encoding uses inside a character."""
    parts, size = [], 0
    for line in data.split(b"\n"):
        if line.isascii():
            continue
        parts.append(line)
        size += len(line) + 1
        if size >= SAMPLE_BYTES:
            break
    return b"\n".join(parts)


def _sample_for(codec: str, data: bytes, line_sample: bytes) -> bytes:
    try:
        wide = is_wide(codec)
    except LookupError:
        return line_sample
    if wide:
        return data[:SAMPLE_BYTES - SAMPLE_BYTES % 4]
    return line_sample


def _with_excerpt(reading: Reading, text: str, other: str) -> Reading:
    """``reading`` with the words where ``text`` first differs from ``other``."""
    i = next((k for k, (a, b) in enumerate(zip(text, other)) if a != b), min(len(text), len(other)))
    start = i
    while start > 0 and not text[start - 1].isspace() and i - start < 20:
        start -= 1
    end = i
    while end < len(text) and not text[end].isspace() and end - i < 20:
        end += 1
    return replace(reading, excerpt=text[start:end].strip())
