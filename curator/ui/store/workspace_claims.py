"""The Workspace's claim links (schema 8): two events confirmed as reports of one happening, or
marked different. A mixin of :class:`curator.ui.store.workspace.Workspace`: each method calls the
Project facade and emits ``claimsChanged`` (the Claims view's lists, the timeline's happenings).
"""

from __future__ import annotations

from typing import Optional

Previous = Optional[tuple[str, str]]  # a pair's (status, note) before a change, or None


class ClaimsWorkspaceMixin:
    def confirm_claims(self, event_a: int, event_b: int, note: str = "") -> Previous:
        previous = self.project.confirm_claims(event_a, event_b, note)
        self._notify(self.claimsChanged)
        return previous

    def reject_claims(self, event_a: int, event_b: int, note: str = "") -> Previous:
        previous = self.project.reject_claims(event_a, event_b, note)
        self._notify(self.claimsChanged)
        return previous

    def unlink_claims(self, event_a: int, event_b: int) -> Previous:
        previous = self.project.unlink_claims(event_a, event_b)
        self._notify(self.claimsChanged)
        return previous

    def restore_claim_link(self, event_a: int, event_b: int, previous: Previous) -> None:
        self.project.restore_claim_link(event_a, event_b, previous)
        self._notify(self.claimsChanged)
