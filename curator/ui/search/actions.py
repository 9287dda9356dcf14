"""The search parts of the main window and their menu entries.

:class:`SearchActions` builds the find bar (placed by the main window under the document pane)
and the Search tab's panel, and the Edit menu's actions: Find in document… (Ctrl+F), Find next
(F3), Find previous (Shift+F3), Search all documents… (Ctrl+Shift+F).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from curator.ui.search.all_documents import SearchAllPanel
from curator.ui.search.find_bar import FindBar

PREFILL_LIMIT = 100


class SearchActions(QObject):
    """Find bar, Search tab and their actions for a MainWindow (``window.documents`` is the
    document pane; ``window.show_tab`` brings a tab to the front)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.find_bar = FindBar(window.workspace, window.documents, window)
        self.panel = SearchAllPanel(window.workspace, window.documents, window)
        self.find_action = self._action("&Find in document…", "Ctrl+F", self.find_bar.open_bar,
                                        "Find text in the shown document")
        self.find_next_action = self._action("Find &next", "F3", self.find_bar.find_next)
        self.find_previous_action = self._action("Find pre&vious", "Shift+F3", self.find_bar.find_previous)
        self.search_all_action = self._action("&Search all documents…", "Ctrl+Shift+F", self.search_all,
                                              "Search the text of every document")
        window.workspace.projectReplaced.connect(self._update_enabled)
        self._update_enabled()

    def _action(self, text: str, shortcut: str, slot, tip: str = "") -> QAction:
        action = QAction(text, self.window)
        action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _=False: slot())
        return action

    def menu_entries(self) -> list[QAction | None]:
        """What goes in the Edit menu, in order (None: a separator)."""
        return [self.find_action, self.find_next_action, self.find_previous_action, self.search_all_action]

    def _update_enabled(self) -> None:
        has = self.window.workspace.has_project
        for action in self.menu_entries():
            action.setEnabled(has)

    def search_all(self) -> None:
        """Bring the Search tab to the front with the focus in its field; a short selected
        passage becomes the query."""
        pane = self.window.documents
        passage = pane.selected_passage() if pane.document_id is not None else None
        if passage is not None:
            _, start, end = passage
            quote = self.window.workspace.document_text(pane.document_id)[start:end]
            if len(quote) <= PREFILL_LIMIT and "\n" not in quote and "\r" not in quote \
                    and quote.casefold() != self.panel.query.casefold():
                self.panel.field.setText(quote)
                self.panel.search_now()
        self.window.show_tab(self.panel)
        self.panel.field.selectAll()

    def close(self) -> None:
        self.panel.wait_for_jobs()
