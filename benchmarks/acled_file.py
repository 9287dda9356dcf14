"""Writes a realistic ACLED-style CSV file: ACLED's 31 columns in its order, the taxonomy's event
and sub-event types (with the disorder type each implies), named actors with their type codes
and associated actors, places with coordinates and administrative areas, fatalities, notes
and sources, and dates of all three time precisions (1: the day; 2: a week, ACLED's middle day;
3: a month, its middle, first or last day). Deterministic for a seed.

    python benchmarks/acled_file.py 100000 /tmp/acled.csv     # (rows, path)

Used by the tests (a 10,000-row round trip) and by bench_acled.py.
"""

from __future__ import annotations

import calendar
import csv
import random
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.core.conflict_template import ACLED_TAXONOMY  # noqa: E402
from curator.exchange.acled_columns import ACLED_COLUMNS  # noqa: E402

ACTORS = (  # (name, inter code)
    ("Military Forces of Syria (2000-2024)", "1"), ("Police Forces of Syria (2000-2024)", "1"),
    ("Opposition Rebels (Syria)", "2"), ("Hayat Tahrir al-Sham", "2"), ("Islamic State (Syria)", "2"),
    ("SDF: Syrian Democratic Forces", "2"), ("NDF: National Defence Forces", "3"),
    ("Unidentified Armed Group (Syria)", "3"), ("Kurdish Ethnic Militia (Syria)", "4"),
    ("Rioters (Syria)", "5"), ("Protesters (Syria)", "6"), ("Civilians (Syria)", "7"),
    ("Military Forces of Russia (2000-)", "8"), ("Military Forces of Turkey (2016-)", "8"),
    ("Military Forces of Israel (2022-)", "8"), ("Aleppo Communal Group (Syria)", "4"),
)
ASSOCIATED = ("Women (Syria)", "Teachers (Syria)", "Students (Syria)", "Health Workers (Syria)",
              "Labor Group (Syria)", "Journalists (Syria)", "Farmers (Syria)", "Refugees/IDPs (Syria)",
              "Kurdish Ethnic Group (Syria)", "Christian Group (Syria)", "Government of Syria (2000-2024)")
PLACES = (  # (location, admin1, admin2, admin3, latitude, longitude)
    ("Aleppo", "Aleppo", "Jebel Saman", "Jebel Saman", 36.2021, 37.1343),
    ("Ḥalab - Bustan al-Qasr", "Aleppo", "Jebel Saman", "Jebel Saman", 36.1951, 37.1392),
    ("Al Bab", "Aleppo", "Al Bab", "Al Bab", 36.3705, 37.5157),
    ("Manbij", "Aleppo", "Menbij", "Menbij", 36.5281, 37.9549),
    ("Idlib", "Idleb", "Idleb", "Idleb", 35.9306, 36.6339),
    ("Saraqab", "Idleb", "Idleb", "Saraqab", 35.8620, 36.8006),
    ("Maarrat al-Numan", "Idleb", "Maarrat An Nu'man", "Maarrat An Nu'man", 35.6434, 36.6717),
    ("Homs", "Homs", "Homs", "Homs", 34.7324, 36.7137),
    ("Al Qusayr", "Homs", "Al Qusayr", "Al Qusayr", 34.5090, 36.5797),
    ("Damascus - Jobar", "Damascus", "Damascus", "Damascus", 33.5238, 36.3292),
    ("Douma", "Rural Damascus", "Duma", "Duma", 33.5717, 36.4019),
    ("Deir ez-Zor", "Deir-ez-Zor", "Deir-ez-Zor", "Deir-ez-Zor", 35.3359, 40.1408),
    ("Al Mayadin", "Deir-ez-Zor", "Al Mayadin", "Al Mayadin", 35.0192, 40.4530),
    ("Ar-Raqqa", "Ar-Raqqa", "Ar-Raqqa", "Ar-Raqqa", 35.9528, 39.0079),
    ("Qamishli", "Al-Hasakeh", "Quamishli", "Quamishli", 37.0522, 41.2318),
    ("Daraa", "Dar'a", "Dar'a", "Dar'a", 32.6189, 36.1021),
    ("Tafas", "Dar'a", "Dar'a", "Tafas", 32.7366, 35.9917),
    ("Latakia", "Lattakia", "Lattakia", "Lattakia", 35.5317, 35.7901),
    ("Ghadir al-Bustan", "Quneitra", "Quneitra", "Khan Arnaba", 33.0408, 35.8636),
    ("Tal Abyad", "Ar-Raqqa", "Tell Abiad", "Tell Abiad", 36.6976, 38.9567),
)
SOURCES = ("SOHR", "SANA", "Reuters", "Enab Baladi", "Syrian Network for Human Rights", "Step News Agency",
           "North Press Agency", "Al-Watan (Syria)", "Hawar News Agency", "Deir Ezzor 24")
SCALES = ("National", "Subnational", "Local partner-National", "New media", "Other-National", "International")
DISORDER = {"Battles": "Political violence", "Explosions/Remote violence": "Political violence",
            "Violence against civilians": "Political violence", "Protests": "Demonstrations",
            "Riots": "Demonstrations", "Strategic developments": "Strategic developments"}
TAGS = ("", "", "", "crowd size=no report", "crowd size=dozens", "women targeted: candidates for office")


def _timestamp(day: date, rng: random.Random) -> str:
    moment = datetime(day.year, day.month, day.day, tzinfo=timezone.utc) + timedelta(days=rng.randint(3, 40))
    return str(int(moment.timestamp()))


def acled_row(n: int, rng: random.Random, start: date = date(2013, 1, 1)) -> dict[str, str]:
    """One realistic row (its cells by column)."""
    event_type = rng.choices(list(ACLED_TAXONOMY), weights=(30, 10, 5, 35, 12, 8))[0]
    sub = rng.choice(ACLED_TAXONOMY[event_type])
    disorder = DISORDER[event_type]
    if sub == "Excessive force against protesters":
        disorder = "Political violence; Demonstrations"
    elif sub == "Mob violence":
        disorder = "Political violence"
    day = start + timedelta(days=rng.randrange(4000))
    precision = rng.choices((1, 2, 3), weights=(80, 12, 8))[0]
    if precision == 3:  # the middle of the month, or its first or last day ("early", "late")
        shown = rng.choice((15, 15, 1, calendar.monthrange(day.year, day.month)[1]))
        day = day.replace(day=shown)
    actor1, inter1 = rng.choice(ACTORS)
    actor2, inter2 = ("", "")
    if event_type in ("Battles", "Violence against civilians") or rng.random() < 0.4:
        actor2, inter2 = rng.choice([a for a in ACTORS if a[0] != actor1])
    assoc1 = "; ".join(rng.sample(ASSOCIATED, rng.choice((0, 0, 0, 1, 2))))
    assoc2 = "; ".join(rng.sample(ASSOCIATED, rng.choice((0, 0, 1)))) if actor2 else ""
    location, admin1, admin2, admin3, lat, lon = rng.choice(PLACES)
    fatalities = 0 if event_type in ("Protests", "Strategic developments") else rng.choice(
        (0, 0, 0, 1, 2, 3, 5, 8, 12, 25, 70, 140))
    sources = rng.sample(SOURCES, rng.choice((1, 1, 2, 3)))
    notes = (f"On {day.day} {calendar.month_name[day.month]} {day.year}, {actor1} "
             f"{'clashed with ' + actor2 if actor2 else 'acted'} in {location} ({admin1}). "
             f"{fatalities} fatalities reported, \"according to {sources[0]}\".")
    if n % 97 == 0:
        notes = "=HYPERLINK(\"x\") " + notes  # a spreadsheet formula: protected on export
    if n % 89 == 0:
        notes += "\nA second paragraph, quoted, with a comma, and a semicolon; here."
    cells = dict.fromkeys(ACLED_COLUMNS, "")
    cells.update({
        "event_id_cnty": f"SYR{n}", "event_date": day.isoformat(), "year": str(day.year),
        "time_precision": str(precision), "disorder_type": disorder, "event_type": event_type,
        "sub_event_type": sub, "actor1": actor1, "assoc_actor_1": assoc1, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": assoc2, "inter2": inter2,
        "interaction": f"{min(inter1, inter2 or '0')}{max(inter1, inter2 or '0')}",
        "civilian_targeting": "Civilian targeting" if actor2 == "Civilians (Syria)" else "",
        "iso": "760", "region": "Middle East", "country": "Syria", "admin1": admin1, "admin2": admin2,
        "admin3": admin3, "location": location, "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}",
        "geo_precision": rng.choice(("1", "1", "2", "3")), "source": "; ".join(sources),
        "source_scale": rng.choice(SCALES), "notes": notes, "fatalities": str(fatalities),
        "tags": rng.choice(TAGS), "timestamp": _timestamp(day, rng)})
    return cells


def write_acled_csv(path: str | Path, rows: int, seed: int = 12) -> Path:
    """Write ``rows`` rows (and the header) to ``path``, UTF-8, as ACLED's export does."""
    rng = random.Random(seed)
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(ACLED_COLUMNS)
        for n in range(1, rows + 1):
            cells = acled_row(n, rng)
            writer.writerow([cells[c] for c in ACLED_COLUMNS])
    return path


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    out = sys.argv[2] if len(sys.argv) > 2 else "acled.csv"
    print(write_acled_csv(out, count))
