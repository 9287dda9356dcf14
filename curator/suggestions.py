"""Suggested events: for each sentence that carries a date expression, propose an event.

A suggestion has the date (the sentence's first date expression, normalised), a title made from
the sentence, the sentence as its evidence span, and the known actors named in it (the project's
actors and their aliases). Accepting one makes an ordinary event; rejecting one records the
rejection so that it does not come back. A suggestion never overwrites what a person wrote:
sentences that overlap a passage already used as evidence are not proposed. Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Callable, Iterable, Optional

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the window before any project is open: the facade loads later
    from curator.core.project import Project
from curator.core.records import ActorInfo, DateFields
from curator.ingest.sentences import sentence_ranges
from curator.temporal import anchor_day, find_dates

# Sentences that cite a source rather than report an event.
_CITATION = re.compile(r"\b(Accessed|Retrieved|Archived|accessed|retrieved|archived)\b")
_LEADING_DATE_WORDS = re.compile(r"^(?:on|in|by|from|since|during|between|at|around|about|circa|"
                                 r"early|mid|late|the)\b[\s,]*", re.I)


@dataclass(frozen=True)
class Suggestion:
    document_id: int
    document_title: str
    start: int  # the sentence, code points into the document's text
    end: int
    sentence: str
    title: str
    date: DateFields
    date_start: int  # the date expression inside the document
    date_end: int
    actors: tuple[str, ...]

    @property
    def key(self) -> tuple[int, int, int, str]:
        return (self.document_id, self.start, self.end, self.date.edtf)

    def as_dict(self) -> dict:
        data = asdict(self)
        data["date"] = asdict(self.date)
        data["actors"] = list(self.actors)
        return data


def _is_heading(text: str, start: int, end: int) -> bool:
    """A title or section heading ("Aleppo Conflict Timeline – 2014", "== 2014 =="): a short line
    of its own with no closing punctuation. Headings name periods; they do not report events."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:line_end if line_end >= 0 else len(text)].strip()
    sentence = text[start:end].strip()
    return (line.lstrip("#= -*").rstrip("= ") == sentence.lstrip("#= -*").rstrip("= ")
            and not sentence.rstrip("\"'”’)]").endswith((".", "!", "?", ":"))
            and len(sentence.split()) < 8)


def _actor_pattern(actors: Iterable[ActorInfo]) -> tuple[Optional[re.Pattern], dict[str, str]]:
    names: dict[str, str] = {}
    for actor in actors:
        for label in (actor.name, *actor.aliases):
            if len(label) >= 2:
                names.setdefault(label.casefold(), actor.name)
    if not names:
        return None, names
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.I), names


def _title(sentence: str, date_start: int, date_end: int) -> str:
    """The sentence as a title; a date that opens the sentence is dropped ("On 7 May, X did Y"
    -> "X did Y"): the date has its own column."""
    if date_start <= 12:
        rest = sentence[date_end:].lstrip(" ,;:–—-")
        head = _LEADING_DATE_WORDS.sub("", sentence[:date_start])
        if not head.strip() and len(rest) >= 12:
            sentence = rest[0].upper() + rest[1:]
    from curator.core.tables import title_from_passage

    return title_from_passage(sentence)


def suggest_events(project: Project, document_ids: Optional[Iterable[int]] = None,
                   progress: Optional[Callable[[int, int], bool]] = None) -> list[Suggestion]:
    """Suggestions for the given documents (all by default), in document and text order."""
    documents = project.documents()
    if document_ids is not None:
        wanted = set(document_ids)
        documents = [d for d in documents if d.id in wanted]
    rejected = project.rejected_suggestions()
    used = project.evidence_ranges(None if document_ids is None else [d.id for d in documents])
    pattern, names = _actor_pattern(project.actors())
    suggestions: list[Suggestion] = []
    for index, doc in enumerate(documents):
        if progress and progress(index, len(documents)) is False:
            break
        text = project.document_text(doc.id)
        matches = [m for m in find_dates(text, anchor_day(doc.published))
                   if m.earliest or m.latest]  # open ends ("no later than 1900") count
        if not matches:
            continue
        taken = used.get(doc.id, [])
        position = 0
        for start, end in sentence_ranges(text):
            while position < len(matches) and matches[position].start < start:
                position += 1
            if position >= len(matches) or matches[position].start >= end:
                continue
            match = matches[position]
            sentence = text[start:end]
            line_start = text.rfind("\n", 0, start) + 1
            line_end = text.find("\n", end)
            if _CITATION.search(text, line_start, line_end if line_end >= 0 else len(text)):
                continue  # a reference list entry, not a report of an event
            if len((sentence[:match.start - start] + sentence[match.end - start:]).split()) < 3:
                continue  # little more than the date itself
            if _is_heading(text, start, end):
                continue
            if any(s < end and start < e for s, e in taken):
                continue
            date_value = DateFields(match.edtf, match.earliest, match.latest, match.text)
            if (doc.id, start, end, date_value.edtf) in rejected:
                continue
            actors: list[str] = []
            if pattern:
                for found in pattern.finditer(sentence):
                    name = names[found.group(0).casefold()]
                    if name not in actors:
                        actors.append(name)
            suggestions.append(Suggestion(
                doc.id, doc.title, start, end, sentence,
                _title(sentence, match.start - start, match.end - start), date_value,
                match.start, match.end, tuple(actors)))
    return suggestions


def accept(project: Project, suggestion: Suggestion) -> int:
    """Turn a suggestion into an ordinary event (sentence as evidence); returns the event id."""
    return project.create_event_from_passage(
        suggestion.document_id, suggestion.start, suggestion.end, title=suggestion.title,
        date=suggestion.date, actors=suggestion.actors)


def accept_all(project: Project, suggestions: Iterable[Suggestion]) -> list[Optional[int]]:
    """Accept many suggestions in one transaction (all or none); the new events' ids, None for
    a suggestion whose passage became evidence (or was rejected) since it was proposed: that is
    checked inside the write transaction, so two programs accepting at once make each event
    once."""
    return project.accept_suggested_events([dict(
        document_id=s.document_id, start=s.start, end=s.end, title=s.title, date=s.date,
        actors=s.actors) for s in suggestions])


def reject(project: Project, suggestion: Suggestion) -> int:
    """Remember that ``suggestion`` was turned down; returns the rejection's id."""
    return project.reject_suggestion(suggestion.document_id, suggestion.start, suggestion.end,
                              suggestion.date.edtf)
