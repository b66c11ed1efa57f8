"""The load benchmark's ceiling: a bare Flask app that answers "hello" and nothing else.

Why it exists: `/healthz` measures Teamshape's own per-request cost (session, security
headers, hooks) on top of Flask and gunicorn. To see how much of the machine that cost
takes, `run.py` serves this app with the same gunicorn settings and loads it the same
way; every route is then reported both against `/healthz` and against this ceiling.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "hello"
