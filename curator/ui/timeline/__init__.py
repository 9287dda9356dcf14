"""The zoomable timeline: view, drawn items, lane layout and the binding to the event table."""
