"""Calendars: feed settings, secret feed URLs, meeting invitations and busy-time import."""
