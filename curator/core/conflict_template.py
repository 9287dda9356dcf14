"""The built-in "conflict events" template: the typed fields ACLED codes events with, and
ACLED's taxonomy of event types and sub-event types. Qt-free, no database.

Source of the taxonomy: the ACLED Codebook (Armed Conflict Location & Event Data Project,
acleddata.com), editions 2023 and 2024, section "Event Types and Sub-Event Types": six event
types and twenty-five sub-event types, spelled exactly as the codebook (and ACLED's
``event_type``/``sub_event_type`` columns) spell them. The order is the codebook's.
"""

from __future__ import annotations

SOURCE = ("ACLED Codebook (Armed Conflict Location & Event Data Project), 2023 and 2024 editions: "
          "Event Types and Sub-Event Types")

ACLED_TAXONOMY: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED",
                                   "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
"""Event type -> its sub-event types."""

EVENT_TYPES: tuple[str, ...] = tuple(ACLED_TAXONOMY)
SUB_EVENT_TYPES: tuple[str, ...] = tuple(s for subs in ACLED_TAXONOMY.values() for s in subs)
EVENT_TYPE_OF: dict[str, str] = {s: t for t, subs in ACLED_TAXONOMY.items() for s in subs}
"""Sub-event type -> the event type it belongs to."""

CONFLICT_TEMPLATE: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("event type", "choice", EVENT_TYPES),
    ("sub-event type", "choice", SUB_EVENT_TYPES),
    ("fatalities", "range", ()),
    ("coordinates", "place", ()),
)
"""The template's fields: (name, kind, choices), in the order they are added."""

TEMPLATES = {"conflict": CONFLICT_TEMPLATE}
"""Built-in templates by the name ``curator fields --template`` takes."""
