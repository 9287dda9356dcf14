"""Which letters belong together: the scripts of letters and the alphabets of languages.

Qt-free data for :mod:`curator.ingest.plausibility`. A language's alphabet here is the set of its
lowercase letters beyond ASCII a-z (for Latin-script languages) or its whole lowercase alphabet
(Cyrillic and Greek), as its standard orthography writes them. The question asked of a decoded
text is only "could one language have written all of these letters?": a French text read in
Windows-1250 shows č, ŕ and ů beside é, which no language writes together.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_LATIN = {
    "Albanian": "çë",
    "Azerbaijani": "çəğıöşü",
    "Basque": "ñü",
    "Catalan": "àçéèíïòóúü",
    "Croatian": "čćđšž",
    "Czech": "áčďéěíňóřšťúůýž",
    "Danish": "æøåéü",
    "Dutch": "áéèëïíóöüú",
    "English": "éèïëçñö",  # loanwords: café, naïve, coöperate, señor
    "Esperanto": "ĉĝĥĵŝŭ",
    "Estonian": "äõöüšž",
    "Faroese": "áðíóúýæø",
    "Finnish": "äöåšž",
    "French": "àâæçéèêëîïôœùûüÿ",
    "Galician": "áéíñóúü",
    "German": "äöüßé",
    "Hungarian": "áéíóöőúüű",
    "Icelandic": "áðéíóúýþæö",
    "Irish": "áéíóú",
    "Italian": "àèéìíîòóùú",
    "Latvian": "āčēģīķļņšūž",
    "Lithuanian": "ąčęėįšųūž",
    "Maltese": "àèìòùċġħż",
    "Norwegian": "æøåéèêóòô",
    "Polish": "ąćęłńóśźż",
    "Portuguese": "àáâãçéêíóôõúü",
    "Romanian": "ăâîșțşţ",
    "Serbian (Latin)": "čćđšž",
    "Slovak": "áäčďéíĺľňóôŕšťúýž",
    "Slovenian": "čšžćđ",
    "Spanish": "áéíñóúü",
    "Swedish": "åäöé",
    "Turkish": "çğıöşüâîû",
    "Vietnamese": "àáâãèéêìíòóôõùúýăđĩũơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ",
    "Welsh": "âêîôûŵŷáéíóúàèìòùäëïöüẃẁẅỳÿ",
}

_RUSSIAN = "абвгдежзийклмнопрстуфхцчшщъыьэюяё"
_CYRILLIC = {
    "Russian": _RUSSIAN,
    "Ukrainian": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
    "Belarusian": "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
    "Bulgarian": "абвгдежзийклмнопрстуфхцчшщъьюя",
    "Serbian": "абвгдђежзијклљмнњопрстћуфхцчџш",
    "Macedonian": "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
    "Kazakh": _RUSSIAN + "әғқңөұүһі",
    "Kyrgyz": _RUSSIAN + "ңөү",
    "Tatar": _RUSSIAN + "әөүҗңһ",
    "Mongolian": _RUSSIAN + "өү",
}

_GREEK = {"Greek": "αβγδεζηθικλμνξοπρστυφχψωςάέήίόύώϊϋΐΰ"}

ALPHABETS: dict[str, frozenset[str]] = {
    name: frozenset(letters) for name, letters in (_LATIN | _CYRILLIC | _GREEK).items()}

# The scripts a word's letters may come from. Chinese, Japanese and Korean share one group: a
# Japanese word mixes kanji and kana, and East Asian texts mix in fullwidth Latin.
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL", "FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC",
               "BOPOMOFO")
_NAMED_SCRIPTS = ("LATIN", "GREEK", "CYRILLIC", "ARABIC", "HEBREW", "THAI", "ARMENIAN", "GEORGIAN",
                  "DEVANAGARI", "BENGALI", "TAMIL", "ETHIOPIC", "SYRIAC", "THAANA", "LAO", "KHMER")
# Letters that belong to no language's words: read from a wrong code page they sit inside words.
NOT_WORD_LETTERS = frozenset("ªº")
# Letters that fit any script (µ is written beside Latin letters: µg).
ANY_SCRIPT = frozenset("µ")


@lru_cache(maxsize=4096)
def script_of(letter: str) -> str:
    """The script group of a letter: LATIN, GREEK, CYRILLIC, ARABIC, …, EAST ASIAN, or OTHER."""
    if letter.isascii():
        return "LATIN"
    name = unicodedata.name(letter, "")
    first = name.split(" ", 1)[0]
    if first in _NAMED_SCRIPTS:
        return first
    if first in _EAST_ASIAN or name.startswith("CJK"):
        return "EAST ASIAN"
    if first in ("PERSIAN", "URDU"):
        return "ARABIC"
    return "OTHER"


def has_alphabets(script: str) -> bool:
    """Whether :data:`ALPHABETS` can say which language wrote the letters of ``script``."""
    return script in ("LATIN", "CYRILLIC", "GREEK")
