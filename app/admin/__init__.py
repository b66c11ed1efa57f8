"""Workspace administration: accounts and teams."""
