"""Signing in and out, first-run setup, and a member's own account settings."""
