"""Pure domain rules of Teamshape.

Nothing in this package imports Flask or SQLAlchemy (a test enforces it): plain frozen
dataclasses in and out, the current time passed in, so the rules are fast,
deterministic and unit-testable.
"""
