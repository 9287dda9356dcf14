"""The project as the views see it: the Workspace (the one way to the core, with change signals), the shared selection and the undo commands."""
