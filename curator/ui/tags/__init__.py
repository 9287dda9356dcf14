"""The tag set: the label palette and the tag-set dialog."""
