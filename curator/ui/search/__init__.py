"""Text search: Ctrl+F finds in the shown document (a find bar under the text), Ctrl+Shift+F
searches all documents (the Search tab, hits listed with their context)."""
