"""Live calendars: members connect the calendars they already use (iCalendar
subscriptions, CalDAV accounts), whose busy time the worker keeps fresh.

The pages sit under /calendar beside the feeds and imports; the work is in
`app.services.live_calendars`, `calendar_refresh` and `app.tasks`.
"""

from flask import Blueprint

bp = Blueprint("live_calendars", __name__)
