"""The people directory and member profiles."""
