"""The scheduler: find a time that respects everyone's working style, book it, move it."""
