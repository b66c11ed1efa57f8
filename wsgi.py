"""WSGI entry point for gunicorn: `gunicorn wsgi:app`.

After the app is built, everything alive (modules, routes, templates, the ORM's
mappers: most of the process's objects) is moved out of the garbage collector's reach
with `gc.freeze()`: those objects live as long as the worker, and without the freeze
every full collection during a request would walk them all again.
"""

import gc

from app import create_app

app = create_app()
gc.collect()
gc.freeze()
