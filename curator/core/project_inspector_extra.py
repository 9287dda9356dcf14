"""Project facade queries the event inspector needs beyond the shared facade API (a mixin of
:class:`curator.core.project.Project`; it relies on the facade's transactions)."""

from __future__ import annotations

from sqlalchemy import func, select

from curator.core.tables import EA


class InspectorQueriesMixin:
    def event_roles(self) -> list[str]:
        """The roles live event-actor links use, most used first (ties by name); blanks left out."""
        count = func.count().label("uses")
        with self._read() as conn:
            rows = conn.execute(
                select(EA.c.role, count).where(EA.c.deleted_at.is_(None), EA.c.role != "")
                .group_by(EA.c.role).order_by(count.desc(), func.lower(EA.c.role))).all()
        return [role for role, _ in rows]
