"""The document list and the text view where passages become evidence."""
