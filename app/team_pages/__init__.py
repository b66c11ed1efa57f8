"""Team pages: who is in a team, whose working day it is, and when the team overlaps."""
