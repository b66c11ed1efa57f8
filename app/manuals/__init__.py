"""The author's own manual: edit, review, revisions."""
