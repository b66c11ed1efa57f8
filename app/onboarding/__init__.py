"""Onboarding: invites for new hires, and their first weeks in Teamshape."""
