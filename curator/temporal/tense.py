"""The tense of the clause a date expression stands in, for dates the text leaves open.

A year-less month in news ("said it would reopen the plant in June", "was hit in November") and
a bare weekday ("will meet on Monday", "said on Monday") mean the coming one or the most recent
one depending on whether the clause speaks of the future or of the past.
:func:`clause_tense` reads that from the words nearest the expression in its sentence: the
nearest word that marks a tense wins, looking back first ("said it would ... in June": "would"
is nearer than "said"), then forward ("In June, the plant will reopen"). It answers "past",
"future" (present tense counts as future: "the summit is in June" is the coming June) or None
when nothing marks the tense; callers then keep their usual reading.

Words that mark the future: will, shall, would, 'll, won't, modal verbs (may, might, could,
should, must, can), going to, "is to", verbs of plan and intent followed by "to" (plans to,
expected to, agreed to, ...), scheduled, slated, due (not "due to"), upcoming, "until"/"till" just
before the expression ("postponed until Saturday", "postponed to Monday"); "since" just
before it marks the past ("closed since June"). The present tense (is, are, am, does, do,
has/have not followed by a participle) counts as the future. Words that mark the past: was,
were, had, did, has/have been ..., has/have + participle, common irregular past forms
(said, told, began, fell, ...) and other -ed forms. A participle after a form of "be" ("will be
held", "is expected") passes the decision on to the auxiliary.
"""

from __future__ import annotations

import re
from typing import Optional

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
_SENTENCE_END_RE = re.compile(r"[.!?;:]\s|\n")
WINDOW = 200  # characters looked at on each side, at most (within the sentence)

FUTURE_WORDS = frozenset(
    "will shall would won't wouldn't 'll may might could should must can can't cannot "
    "upcoming scheduled slated".split())
PRESENT_WORDS = frozenset("is are am isn't aren't does do doesn't don't".split())
PAST_WORDS = frozenset(
    "was were had did wasn't weren't hadn't didn't said told began came went took made won lost "
    "rose fell met saw held left gave got found knew thought brought bought sold spent sent built "
    "led ran wrote spoke broke chose fought struck stood became paid kept felt heard meant shot "
    "stole taught threw understood wore drove flew grew hid rode sank woke ate drew froze shook "
    "fled sought began caught dealt forgot forgave overtook withdrew undertook".split())
# Verbs that, followed by "to", look ahead ("agreed to meet in June", "plans to open in June").
INTENT_WORDS = frozenset(
    "plan plans planned planning expect expects expected expecting intend intends intended aim "
    "aims aimed hope hopes hoped agree agrees agreed promise promises promised pledge pledges "
    "pledged vow vows vowed threaten threatens threatened decide decides decided want wants "
    "wanted going set poised ready likely due scheduled slated prepared is are am was were "
    "seek seeks sought try tries tried".split())
BE_FORMS = frozenset("be been being is are am was were isn't aren't wasn't weren't get gets got "
                     "getting".split())
HAVE_FORMS = frozenset("has have had hasn't haven't hadn't".split())
# -ed words that are not past forms
NOT_PAST = frozenset("need feed speed seed bleed breed proceed exceed succeed indeed embed bed red "
                     "shed wed hundred based united limited related aged naked sacred wicked "
                     "ned ted fred".split())
# words that, just before the expression, say it lies ahead ("postponed until Saturday")
AHEAD_PREPOSITIONS = frozenset("until till".split())
PUT_OFF_WORDS = frozenset("postponed delayed adjourned deferred moved pushed rescheduled "
                          "scheduled set slated brought put".split())
_PARTICIPLE_IRREGULAR = frozenset(
    "held made seen taken given done known shown begun found built sold sent hit put set led "
    "paid kept brought bought won lost told said struck fought chosen broken spoken written "
    "driven grown thrown worn stolen frozen shaken drawn eaten".split())


def _words(fragment: str) -> list[str]:
    # "May" with a capital is the month, not the modal verb
    return ["" if w == "May" else w.lower().replace("’", "'") for w in _WORD_RE.findall(fragment)]


def _is_participle(word: str) -> bool:
    return word in _PARTICIPLE_IRREGULAR or (word.endswith("ed") and word not in NOT_PAST
                                            and len(word) > 3)


def _marker(words: list[str], i: int) -> Optional[str]:
    """The tense word ``words[i]`` marks, reading it in context; None when it marks none."""
    word = words[i]
    before = words[i - 1] if i > 0 else ""
    after = words[i + 1] if i + 1 < len(words) else ""
    if word in FUTURE_WORDS:
        return "future"
    if word == "due":  # "due in June", not "due to"
        return None if after == "to" else "future"
    if word == "to" and before in INTENT_WORDS and after not in ("the", "a", "an"):
        return "future"
    if word.endswith("'ll"):
        return "future"
    if word in HAVE_FORMS:
        if word.startswith("had"):
            return "past"
        if after == "to":
            return "future"
        if after == "been" or _is_participle(after):
            return "past"
        return "future"
    if word in PRESENT_WORDS:
        return None if _is_participle(after) or after == "been" else "future"
    if word in ("was", "were", "wasn't", "weren't"):
        return "past"
    if word in INTENT_WORDS and after == "to":
        return None  # decided by the "to" that follows
    if word in ("expected", "planned"):
        return "future"  # "the ruling, expected in June"
    if word in PAST_WORDS or (word.endswith("ed") and word not in NOT_PAST and len(word) > 3):
        if before in BE_FORMS or before in HAVE_FORMS or before in ("been", "be"):
            return None  # a participle: the auxiliary before it decides
        return "past"
    return None


def clause_tense(text: str, start: int, end: int) -> Optional[str]:
    """"past", "future" or None for the clause around ``text[start:end]`` (see the module)."""
    lo = max(0, start - WINDOW)
    back = text[lo:start]
    cut = None
    for cut in _SENTENCE_END_RE.finditer(back):
        pass
    if cut is not None:
        back = back[cut.end():]
    words = _words(back)
    if words and words[-1] in AHEAD_PREPOSITIONS:
        return "future"
    if words and words[-1] == "since":  # "closed since June"
        return "past"
    if len(words) >= 2 and words[-1] == "on" and words[-2] in AHEAD_PREPOSITIONS:
        return "future"
    if len(words) >= 2 and words[-1] in ("to", "for") and words[-2] in PUT_OFF_WORDS:
        return "future"  # "postponed to 19-20 November", "rescheduled for Monday"
    for i in range(len(words) - 1, -1, -1):
        tense = _marker(words, i)
        if tense is not None:
            return tense
    ahead = text[end:end + WINDOW]
    stop = _SENTENCE_END_RE.search(ahead)
    if stop is not None:
        ahead = ahead[:stop.start()]
    words = _words(ahead)
    for i in range(len(words)):
        tense = _marker(words, i)
        if tense is not None:
            return tense
    return None
