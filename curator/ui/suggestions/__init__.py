"""The Suggestions tab: dated sentences proposed as events, searched on a worker thread."""
