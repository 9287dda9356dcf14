"""How odd a decoded text looks: the tie-breaker and the veto over the encoding detector.

charset-normalizer ranks the encodings a file could be in by how messy and how much like a
language each decoding reads; on short texts and between close code pages (Windows-1250 and
-1252, Windows-1253 and ISO-8859-7) it often ranks several decodings equal, and sometimes the wrong
one first. A wrong code page leaves marks a reader sees at once, and these are counted here, each
at most once per word:

- a control character, an unassigned or private-use code point;
- a word mixing scripts (``cafй``: Latin and Cyrillic), or an accented capital after a small
  letter (``siÈge``);
- a symbol inside a word or glued to the front of one (``¶νθρωποι``, ``Ã©t``): apostrophes,
  hyphens and the middle dot may stand inside words, quotes and dashes before them;
- a word with a letter no language writes together with the text's other letters: French read
  in Windows-1250 shows ``č``, ``ŕ`` and ``ů`` beside ``é``
  (:mod:`curator.ingest.alphabets`).

Only non-ASCII characters are looked at, so English words cost nothing. Qt-free.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from curator.ingest.alphabets import ALPHABETS, ANY_SCRIPT, NOT_WORD_LETTERS, has_alphabets, script_of

_WORD = re.compile(r"[^\W\d_]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_INSIDE_WORD_OK = frozenset("’ʼ'‐‑·‧")  # l’été, Aleppo’s, n‑gram, col·lecció
# “quoted, ¿qué, «ainsi, —said (not ’: a closing quote or apostrophe rarely starts a word, and
# Windows-1253's Ά read as ISO-8859-7 is one: ’νθρωποι)
_BEFORE_WORD_OK = frozenset("‘“„«‹‚¿¡—–…•·")

_LANGUAGES_OF_SCRIPT: dict[str, list[tuple[str, frozenset[str]]]] = {}
for _name, _letters in ALPHABETS.items():
    _script = script_of(next(iter(sorted(_letters))))
    _LANGUAGES_OF_SCRIPT.setdefault(_script, []).append((_name, _letters))


@dataclass(frozen=True)
class Oddities:
    count: int  # odd marks found (see the module docstring)
    evidence: int  # non-ASCII characters looked at
    examples: tuple[str, ...] = ()  # a few of the odd words, for messages

    @property
    def rate(self) -> float:
        return self.count / max(1, self.evidence)


def _is_letter(ch: str) -> bool:
    return ch.isalpha() and ch not in NOT_WORD_LETTERS


def oddities(text: str, max_examples: int = 3) -> Oddities:
    """Count the marks of a wrong decoding in ``text`` (see the module docstring)."""
    count = 0
    examples: list[str] = []

    def odd(where: str) -> None:
        nonlocal count
        count += 1
        if len(examples) < max_examples and where not in examples:
            examples.append(where)

    evidence = 0
    for m in _NON_ASCII.finditer(text):
        evidence += 1
        ch, i = m.group(), m.start()
        category = unicodedata.category(ch)
        if category in ("Cn", "Co", "Cs"):
            odd(_around(text, i))
        elif category[0] in "SP" or ch in NOT_WORD_LETTERS:
            before = text[i - 1] if i > 0 else " "
            after = text[i + 1] if i + 1 < len(text) else " "
            if not (_in_spaced_script(before) or _in_spaced_script(after)):
                continue  # CJK, Thai, Arabic…: punctuation sits between letters there
            if _is_letter(before) and _is_letter(after) and ch not in _INSIDE_WORD_OK:
                odd(_around(text, i))
            elif not _is_letter(before) and after.islower() and ch not in _BEFORE_WORD_OK:
                odd(_around(text, i))
    for m in _CONTROL.finditer(text):
        odd(_around(text, m.start()))

    letters_by_script: dict[str, Counter] = {}
    words = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        scripts = {script_of(ch) for ch in word if ch not in ANY_SCRIPT and ch not in NOT_WORD_LETTERS}
        if len(scripts) > 1:
            odd(word)
            continue
        if _odd_capital(word):
            odd(word)
            continue
        script = next(iter(scripts), "OTHER")
        words.append((word, script))
        if has_alphabets(script):
            letters_by_script.setdefault(script, Counter()).update(
                ch for ch in word.lower() if not ch.isascii())
    allowed = {script: _best_alphabet(script, letters) for script, letters in letters_by_script.items()}
    for word, script in words:
        alphabet = allowed.get(script)
        if alphabet is not None and any(not ch.isascii() and ch not in alphabet for ch in word.lower()):
            odd(word)
    return Oddities(count, evidence, tuple(examples))


def _in_spaced_script(ch: str) -> bool:
    """A letter of a script written in words with spaces and capitals (Latin, Greek, Cyrillic)."""
    return _is_letter(ch) and has_alphabets(script_of(ch))


def _odd_capital(word: str) -> bool:
    """A capital right after a small letter where one of the two is not ASCII (``siÈge``)."""
    for a, b in zip(word, word[1:]):
        if a.islower() and b.isupper() and not (a.isascii() and b.isascii()):
            return True
    return False


def _best_alphabet(script: str, letters: Counter) -> frozenset[str]:
    """The alphabet (of a language written in ``script``) that covers most of ``letters``."""
    best, best_covered = frozenset(), -1
    for _name, alphabet in _LANGUAGES_OF_SCRIPT.get(script, ()):
        covered = sum(n for ch, n in letters.items() if ch in alphabet)
        if covered > best_covered:
            best, best_covered = alphabet, covered
    return best


def _around(text: str, i: int, width: int = 6) -> str:
    """The word (or a few characters either side) around ``text[i]``, for a message."""
    start, end = i, i + 1
    while start > 0 and i - start < width and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and end - i < width and not text[end].isspace():
        end += 1
    return text[start:end]
