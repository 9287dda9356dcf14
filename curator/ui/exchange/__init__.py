"""Import, export and merge from the File menu, run on a worker with progress and conflict dialogs."""
