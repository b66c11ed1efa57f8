"""Presentation: what the templates draw, built from the domain's facts.

Nothing here decides a rule (who may see what, what counts as working); it turns facts
into what a page shows - positions on a chart, captions, table rows - and sits beside
the Jinja helpers in `app.templating`.
"""
