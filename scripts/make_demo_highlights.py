"""Write the labelled highlights of the demo into ``seeds/manifest.json``.

Reads the manifest's ``actors``, ``places`` and ``events`` and the five seed texts, and replaces
the manifest's ``"highlights"`` list with one entry per occurrence::

    {"file", "start", "end", "quote", "tag", "actor"}

``start``/``end`` are Unicode code point offsets into the text exactly as Curator imports it (UTF-8,
newlines kept), so ``text[start:end] == quote``. ``actor`` is the name of the manifest actor or place
the highlight mentions, or null. Stdlib only, no Qt; run it from the repository root:

    python scripts/make_demo_highlights.py [--check]

``--check`` writes nothing and fails if the manifest is not what the script would write.

The rules (each was checked by reading the output in context, see ``--show``):

* Mentions come from each actor's and place's name and aliases. A name matches as a whole word
  (no letter, digit or underscore on either side; a hyphen or apostrophe is a boundary, so
  "Azaz-Aleppo corridor" has two places). Acronyms ("SAA", "JN", "UN", "U.S.", "YPG/YPJ") match
  exactly, case included; every other name ignores case ("The regime" at a sentence start,
  "Syrian army", "Al-Safira" for "al-Safira", "the citadel" for "Citadel").
* The actor's kind decides the tag: "person" -> Person, "place" -> Place, any other kind (state,
  armed force, armed group, coalition, organisation) -> Group.
* Among mentions with the same tag the longest wins and the others it overlaps are dropped; of two
  equally long, the one ending later wins (the head of an English noun phrase comes last: in
  "Syrian government forces" it is the Syrian Army, not the government). So "Assad regime forces"
  is the Syrian Army ("regime forces") and "Aleppo Central Prison" is the prison, not "Aleppo".
* Mentions with different tags may nest: the place "Iraq" inside the group "Islamic State of Iraq
  and ash-Sham", the person "Assad" inside the group "Assad regime", the group "ISIS" inside the
  figure "15 ISIS rebel fighters", the date inside an event's sentence.
* A city that is also an actor's alias ("Damascus" for the Syrian government, "Moscow" for
  Russia) is the city (a Place) except when it is directly followed by a verb of saying or
  deciding ("Damascus confirmed its participation"): then it is the government (a Group). Countries
  that are manifest actors (Russia, United States) are Groups; other countries the texts name
  (Syria, Turkey, Iran, Iraq...) are Places.
* Not mentions: names inside other names ("Syrian Islamic Front" is not the Islamic Front, "The
  Washington Institute" is not Washington, "Geneva II" is a conference, "the New York of Syria" a
  figure of speech), web addresses, the YAML front matter of 001 (a copy of the opening), the
  bibliography of 000 and the site's "RECOMMENDED" links after the article in 002.
* Figures: a number the source claims about people: digits (with thousands commas, a range
  "16-18", a "+", "5 million") or a number word ("eight", "Fifteen", "dozens of", "hundreds of"),
  at most two words, then a word for people or for their fate (people, civilians, fighters,
  soldiers, rebels, children, killed, dead...), optionally after "at least", "more than", "over",
  "about", "around", "some", "up to", "an estimated". Counts of things (villages, barrel bombs,
  tanks, armed groups) are not figures.
* Dates: the ``date_text`` of each of the manifest's example events, inside its quote.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A one-word name matched exactly; several words ignore case.
_WORD = r"[^\W]"  # a letter, digit or underscore
_SAYING_VERBS = ("confirmed", "said", "says", "announced", "agreed", "refused", "rejected", "denied",
                 "insisted", "warned", "accused", "claimed", "decided", "wants", "responded")
_ACRONYM = re.compile(r"^[A-Z][A-Z./]*$")
_METONYM = re.compile(r"\s+(?:" + "|".join(_SAYING_VERBS) + r")\b")

# Names inside these phrases are not mentions.
NOT_MENTIONS = ("Syrian Islamic Front", "The Washington Institute", "Geneva II", "Geneva Communiqué",
                "New York", "University of Lyon", "Tariq al-Bab")

# Parts of a text that are not the source's own text: (file, from this marker, to this marker or
# the end). A marker of "" is the start of the text.
SKIPPED_PARTS = (
    ("001_918f65e654503abb.txt", "", "\n---\n"),
    ("000_cfb31c8ab9edc2e2.txt", 'Agathocle de Syracuse. "Syria Kobane', None),
    ("002_ff60e151c307b384.txt", "", "Brief Analysis"),
    ("002_ff60e151c307b384.txt", "\nRECOMMENDED", None),
)
_ADDRESS = re.compile(r"<https?://[^>]*>|https?://\S+|\(/[^)]*\)|\(#\)")

_NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen "
                 "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty").split()
_PEOPLE = ("people persons civilians fighters soldiers rebels troops militants militiamen men "
           "children women prisoners detainees refugees orphans doctors surgeons patients jihadis "
           "personnel forces military lives killed dead wounded").split()
_QUALIFIER = r"(?:(?:at least|more than|over|about|around|some|up to|an estimated|only)\s+)?"
_DIGITS = r"\d{1,3}(?:,\d{3})*(?:\+|(?:\s?-\s?|–)\d{1,3}(?:,\d{3})*)?(?:\s+million)?"
_SPELLED = r"(?:" + "|".join(_NUMBER_WORDS) + r")"
_APPROX = r"(?:dozens|hundreds|thousands)\s+of"
FIGURE = re.compile(
    r"(?<![\w.,])" + _QUALIFIER
    + r"(?:" + _DIGITS + r"|(?i:" + _SPELLED + r")|" + _APPROX + r")"
    + r"(?:\s+[\w’'-]+){0,2}?\s+(?:" + "|".join(_PEOPLE) + r")(?!\w)")


def read_text(folder: Path, filename: str) -> str:
    """The text as Curator imports it: UTF-8 (a BOM is dropped), newlines exactly as they are."""
    with open(folder / filename, encoding="utf-8-sig", newline="") as handle:
        return handle.read()


def tag_for_kind(kind: str) -> str:
    kind = (kind or "").strip().lower()
    if kind == "person":
        return "Person"
    if kind == "place":
        return "Place"
    return "Group"


def name_pattern(name: str) -> re.Pattern:
    body = re.escape(name)
    flags = 0 if _ACRONYM.match(name) else re.IGNORECASE
    return re.compile(r"(?<!" + _WORD + r")" + body + r"(?!" + _WORD + r")", flags)


def skipped_ranges(filename: str, text: str) -> list[tuple[int, int]]:
    ranges = []
    for file, begin, finish in SKIPPED_PARTS:
        if file != filename:
            continue
        start = 0 if begin == "" else text.find(begin)
        if start < 0:
            raise SystemExit(f"{filename}: marker {begin!r} not found")
        if finish is None:
            end = len(text)
        else:
            end = text.find(finish, start + 1 if begin == "" else start + len(begin))
            if end < 0:
                raise SystemExit(f"{filename}: marker {finish!r} not found")
            end += len(finish)
        ranges.append((start, end))
    for phrase in NOT_MENTIONS:
        for m in re.finditer(re.escape(phrase), text):
            ranges.append((m.start(), m.end()))
    ranges.extend((m.start(), m.end()) for m in _ADDRESS.finditer(text))
    return ranges


def inside(start: int, end: int, ranges) -> bool:
    return any(a <= start and end <= b for a, b in ranges)


def mention_candidates(text: str, records: list[dict]) -> list[dict]:
    """Every whole-word occurrence of every name and alias: dicts start, end, tag, actor."""
    found = []
    for record in records:
        tag = tag_for_kind(record.get("kind", ""))
        for name in [record["name"], *record.get("aliases", [])]:
            for m in name_pattern(name).finditer(text):
                found.append({"start": m.start(), "end": m.end(), "tag": tag, "actor": record["name"]})
    return found


def resolve_metonyms(text: str, found: list[dict]) -> list[dict]:
    """A city that is also an actor's alias: the actor when a verb of saying follows, else the city."""
    places = {(c["start"], c["end"]) for c in found if c["tag"] == "Place"}
    kept = []
    for c in found:
        key = (c["start"], c["end"])
        if key in places:
            says = bool(_METONYM.match(text, c["end"]))
            if (c["tag"] == "Place") == says:
                continue
        kept.append(c)
    return kept


def without_overlaps(found: list[dict]) -> list[dict]:
    """Per tag: longest first, then the one ending later; drop what overlaps an accepted one."""
    accepted: dict[str, list[tuple[int, int]]] = {}
    kept = []
    for c in sorted(found, key=lambda c: (-(c["end"] - c["start"]), -c["end"])):
        taken = accepted.setdefault(c["tag"], [])
        if any(c["start"] < b and a < c["end"] for a, b in taken):
            continue
        taken.append((c["start"], c["end"]))
        kept.append(c)
    return kept


def figures(text: str) -> list[dict]:
    return [{"start": m.start(), "end": m.end(), "tag": "Figure", "actor": None}
            for m in FIGURE.finditer(text)]


def event_dates(manifest: dict, filename: str, text: str) -> list[dict]:
    dates = []
    for event in manifest.get("events", []):
        if event["file"] != filename or not event.get("date_text"):
            continue
        quote_at = text.find(event["quote"])
        offset = event["quote"].find(event["date_text"])
        if quote_at < 0 or offset < 0:
            raise SystemExit(f"{filename}: event {event['title']!r}: quote or date not found")
        start = quote_at + offset
        dates.append({"start": start, "end": start + len(event["date_text"]), "tag": "Date", "actor": None})
    return dates


def highlights_for(manifest: dict, filename: str, text: str) -> list[dict]:
    skipped = skipped_ranges(filename, text)
    records = list(manifest.get("actors", [])) + [dict(p, kind="place") for p in manifest.get("places", [])]
    found = [c for c in mention_candidates(text, records) if not inside(c["start"], c["end"], skipped)]
    found = without_overlaps(resolve_metonyms(text, found))
    found += [f for f in figures(text) if not inside(f["start"], f["end"], skipped)]
    found += event_dates(manifest, filename, text)
    out = []
    for c in sorted(found, key=lambda c: (c["start"], -c["end"], c["tag"])):
        out.append({"file": filename, "start": c["start"], "end": c["end"],
                    "quote": text[c["start"]:c["end"]], "tag": c["tag"], "actor": c["actor"]})
    return out


def make_highlights(manifest: dict, folder: Path = SEEDS) -> list[dict]:
    highlights = []
    for doc in manifest["documents"]:
        highlights += highlights_for(manifest, doc["file"], read_text(folder, doc["file"]))
    return highlights


def dump_manifest(manifest: dict) -> str:
    """indent=2 like the rest of the manifest, but one line per highlight."""
    body = dict(manifest)
    lines = body.pop("highlights")
    text = json.dumps(body | {"highlights": "\0"}, indent=2, ensure_ascii=False)
    rows = ",\n".join("    " + json.dumps(h, ensure_ascii=False) for h in lines)
    return text.replace('"\\u0000"', "[\n" + rows + "\n  ]" if rows else "[]") + "\n"


def show(manifest: dict, folder: Path, width: int = 30, every: int = 1) -> None:
    texts = {d["file"]: read_text(folder, d["file"]) for d in manifest["documents"]}
    for i, h in enumerate(manifest["highlights"]):
        if i % every:
            continue
        text = texts[h["file"]]
        before = text[max(0, h["start"] - width):h["start"]].replace("\n", "⏎")
        after = text[h["end"]:h["end"] + width].replace("\n", "⏎")
        print(f"{h['file'][:3]} {h['tag']:6} {str(h['actor'] or ''):22.22} …{before}[{h['quote']}]{after}…")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="fail if the manifest is out of date")
    parser.add_argument("--show", type=int, metavar="N", default=0,
                        help="print every Nth highlight with its context instead of writing")
    args = parser.parse_args(argv)
    path = SEEDS / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["highlights"] = make_highlights(manifest)
    if args.show:
        show(manifest, SEEDS, every=args.show)
        return 0
    wanted = dump_manifest(manifest)
    if args.check:
        if path.read_text(encoding="utf-8") != wanted:
            print("seeds/manifest.json is out of date: run scripts/make_demo_highlights.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(wanted, encoding="utf-8")
    counts: dict[str, int] = {}
    for h in manifest["highlights"]:
        counts[h["tag"]] = counts.get(h["tag"], 0) + 1
    print(f"{len(manifest['highlights'])} highlights: "
          + ", ".join(f"{tag} {n}" for tag, n in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
