"""The Actors tab: actors and places as records (list, edit, merge, find mentions)."""
