"""The event table: its model, filter proxy, panel and the date editor."""
