"""The main window's menu bar, built in one place from the window's own commands and the actions
its parts expose (the document pane's New event, the exchange commands' File entries)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from curator.ui.store.pending import pending_actions


def add_action(menu: QMenu, parent, text: str, slot, shortcut=None) -> QAction:
    """A new action on ``menu`` (owned by ``parent``) that calls ``slot`` when triggered."""
    action = QAction(text, parent)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    menu.addAction(action)
    return action


def add_entries(menu: QMenu, entries) -> None:
    """Put a part's entries on ``menu``: actions, submenus and separators (None)."""
    for entry in entries:
        if entry is None:
            menu.addSeparator()
        elif isinstance(entry, QMenu):
            menu.addMenu(entry)
        else:
            menu.addAction(entry)


def build_menus(window) -> None:
    """File, Edit, Document, View and Help for a MainWindow; the actions the window enables and disables
    itself are kept as its attributes."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    add_action(file_menu, window, "&New project…", window.new_project, QKeySequence.New)
    add_action(file_menu, window, "&Open…", window.open_project_dialog, QKeySequence.Open)
    file_menu.addSeparator()
    window.add_documents_action = add_action(file_menu, window, "&Add documents…",
                                             window.add_documents_dialog, "Ctrl+Shift+A")
    window.add_folder_action = add_action(file_menu, window, "Add &folder…", window.add_folder_dialog)
    # Import ▸ (JSON, ACLED CSV), Merge…, Export ▸ (each format), Save a copy…: on a worker, with progress
    add_entries(file_menu, window.exchange.menu_entries())
    file_menu.addSeparator()
    add_action(file_menu, window, "&Preferences…", window.preferences_dialog, QKeySequence.Preferences)
    file_menu.addSeparator()
    quit_action = add_action(file_menu, window, "&Quit", window.close, QKeySequence.Quit)
    quit_action.setMenuRole(QAction.QuitRole)

    edit_menu = bar.addMenu("&Edit")
    # Undo/Redo wait behind edits that wait for another program's lock (curator.ui.store.pending)
    window.undo_action, window.redo_action, window.cancel_pending_action = pending_actions(
        window, window.pending)
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addAction(window.cancel_pending_action)
    edit_menu.addSeparator()
    edit_menu.addAction(window.documents.new_event_action)
    edit_menu.addMenu(window.documents.palette)
    window.tag_set_action = add_action(edit_menu, window, "&Tag set…", window.tag_set_dialog)
    window.delete_event_action = add_action(edit_menu, window, "&Delete event",
                                            window.delete_selected_event, QKeySequence.Delete)
    window.delete_event_action.setEnabled(False)
    edit_menu.addAction(window.inspector.add_evidence_action)  # Ctrl+Shift+E
    # the Delete key deletes the event only where the event is what has focus: the event table
    # and the timeline; in the text, the document list or the filter box it is theirs (or nothing)
    window.delete_event_action.setShortcutContext(Qt.WidgetWithChildrenShortcut)
    window.table.view.addAction(window.delete_event_action)
    window.timeline.addAction(window.delete_event_action)
    window.selection.eventSelected.connect(
        lambda event_id: window.delete_event_action.setEnabled(event_id is not None))
    edit_menu.addSeparator()
    add_entries(edit_menu, window.search.menu_entries())  # Find in document…, Search all documents…

    document_menu = bar.addMenu("&Document")  # the shown document
    document_menu.addAction(window.documents.properties_action)  # title, author, kind, date, source

    events_menu = bar.addMenu("E&vents")  # the project's events: their typed fields
    from curator.ui.events.fields_dialog import open_fields_dialog

    window.fields_action = add_action(events_menu, window, "&Fields…", lambda: open_fields_dialog(window))
    window.fields_action.setStatusTip("Add, rename, reorder or delete the typed fields of events "
                                      "(fatalities, event type…), or add the conflict events fields")

    window.view_menu = view_menu = bar.addMenu("&View")
    add_action(view_menu, window, "&Zoom timeline to fit", window.timeline.zoom_to_fit, "Ctrl+0")
    add_action(view_menu, window, "&Suggestions", lambda: window.show_tab(window.suggestions),
               "Ctrl+Shift+G")
    add_action(view_menu, window, "&Actors and places", lambda: window.show_tab(window.actors),
               "Ctrl+Shift+R")
    help_menu = bar.addMenu("&Help")
    add_action(help_menu, window, "&About Curator", window.about)
