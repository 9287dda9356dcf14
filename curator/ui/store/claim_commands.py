"""Undo commands for claim links: confirm two events as reports of one happening, mark them
different, or unlink a happening's reports. Undo puts back exactly what each pair had (no link,
or its status and note). Apply them with :func:`curator.ui.store.commands.push`."""

from __future__ import annotations

from typing import Iterable

from curator.ui.store.commands import WorkspaceCommand
from curator.ui.store.workspace import Workspace


class SetClaimLink(WorkspaceCommand):
    """``status`` "same" (Confirm), "different" (Not the same) for one pair."""

    TEXTS = {"same": "Confirm same happening", "different": "Mark not the same"}

    def __init__(self, workspace: Workspace, event_a: int, event_b: int, status: str, note: str = ""):
        super().__init__(workspace, self.TEXTS[status])
        self.pair, self.status, self.note = (event_a, event_b), status, note
        self.previous = None
        self._applied = False

    def _apply(self) -> None:
        change = self.workspace.confirm_claims if self.status == "same" else self.workspace.reject_claims
        previous = change(*self.pair, self.note)
        if not self._applied:
            self.previous, self._applied = previous, True

    def _revert(self) -> None:
        self.workspace.restore_claim_link(*self.pair, self.previous)


class UnlinkClaims(WorkspaceCommand):
    """Remove the decisions about some pairs (a happening's links: it falls apart)."""

    def __init__(self, workspace: Workspace, pairs: Iterable[tuple[int, int]], text: str = "Unlink reports"):
        super().__init__(workspace, text)
        self.pairs = list(pairs)
        self.previous: dict[tuple[int, int], object] = {}

    def _apply(self) -> None:
        for pair in self.pairs:
            self.previous[pair] = self.workspace.unlink_claims(*pair)

    def _revert(self) -> None:
        for pair in reversed(self.pairs):
            self.workspace.restore_claim_link(*pair, self.previous[pair])
