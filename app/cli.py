"""The `teamshape` console script: demo, serve, create-admin, reset-link, plus Flask's own commands
(`teamshape db upgrade`, `teamshape routes`, `teamshape shell`)."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask, current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate import upgrade
from werkzeug.serving import run_simple

from app.domain.errors import DomainError


def _create_app() -> Flask:
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=True)
def main() -> None:
    """Teamshape: working-style manuals and a scheduler that respects them."""


def _prepare_database() -> None:
    """Create the instance folder (home of the SQLite file) and apply migrations."""
    os.makedirs(current_app.instance_path, exist_ok=True)
    upgrade()


def _serve(host: str, port: int) -> None:
    click.echo(f"Teamshape is running on http://{host}:{port}  (Ctrl+C to stop)")
    # Flask's app.run() refuses to start inside a CLI command; serve with Werkzeug itself.
    app = current_app._get_current_object()
    run_simple(host, port, app, use_reloader=False, use_debugger=False, threaded=True)


@main.command("demo")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--no-serve", is_flag=True, help="Prepare and seed, then exit.")
@with_appcontext
def demo_command(host: str, port: int, no_serve: bool) -> None:
    """Create the database, seed a demo workspace if empty, and serve it."""
    from app import demo
    from app.demo import onboarding as demo_onboarding
    from app.services import accounts

    _prepare_database()
    if accounts.needs_setup():
        try:
            people = demo.seed(min_length=current_app.config["PASSWORD_MIN_LENGTH"])
        except Exception as error:
            # Seeding goes through the services, one use case at a time; say how to retry.
            raise click.ClickException(
                f"Seeding the demo stopped part-way ({error}). Delete the demo database "
                "(instance/teamshape.sqlite) and run `teamshape demo` again."
            ) from error
        click.echo(
            f"Seeded a demo workspace. Sign in as any of these (password “{demo.DEMO_PASSWORD}”):"
        )
        for person in people:
            role = "admin" if person.admin else "member"
            click.echo(f"  {person.email:<30} {person.zone:<22} {role}")
        name, email, zone, _team = demo_onboarding.NEW_HIRE
        click.echo(f"  {email:<30} {zone:<22} new hire, part-way through onboarding")
        click.echo(f"A pending invite waits for {demo_onboarding.PENDING[1]} (Admin → Invites).")
    else:
        click.echo(
            "The database already has members; not seeding. "
            f"Demo logins use the password “{demo.DEMO_PASSWORD}”."
        )
    if not no_serve:
        with _consumer_in_process():
            _serve(host, port)


@contextmanager
def _consumer_in_process() -> Iterator[None]:
    """A task-queue consumer in this process's threads, so the demo refreshes live
    calendars without a separate `teamshape worker` (none is needed in immediate mode)."""
    from app.tasks import huey

    if huey.immediate:
        yield
        return
    consumer = huey.create_consumer(workers=2, worker_type="thread", periodic=True)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    consumer.start()
    for sig, handler in handlers.items():  # Ctrl+C still stops the demo server
        signal.signal(sig, handler)
    click.echo("Background worker started (live calendars refresh in this process).")
    try:
        yield
    finally:
        consumer.stop(graceful=False)


@main.command("worker")
@click.option("--workers", default=2, show_default=True, help="Threads running tasks.")
@with_appcontext
def worker_command(workers: int) -> None:
    """Run the task-queue consumer: refreshes live calendars, writes meetings back."""
    from app.tasks import huey

    if huey.immediate:
        raise click.ClickException("TASKS_IMMEDIATE is on: tasks run in the web process.")
    click.echo(f"Teamshape worker: {workers} thread(s), queue {_queue_name()}  (Ctrl+C to stop)")
    huey.create_consumer(workers=workers, worker_type="thread", periodic=True).run()


def _queue_name() -> str:
    url = current_app.config["TASK_QUEUE_URL"]
    return url.split("@")[-1] if "://" in url else url


@main.command("calendar-key")
def calendar_key_command() -> None:
    """Print a new key for CALENDAR_SECRET_KEY."""
    from app.services.calendar_secrets import new_key

    click.echo(new_key())


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@with_appcontext
def serve_command(host: str, port: int) -> None:
    """Apply migrations and serve (no demo data). Use gunicorn in production."""
    _prepare_database()
    _serve(host, port)


@main.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", "display_name", prompt="Display name")
@click.option("--time-zone", default="UTC", show_default=True)
@click.password_option()
@with_appcontext
def create_admin_command(email: str, display_name: str, time_zone: str, password: str) -> None:
    """Create an admin account (for recovery, or scripted installs)."""
    from app.services import accounts

    try:
        member = accounts.create_member(
            email=email,
            display_name=display_name,
            password=password,
            time_zone=time_zone,
            admin=True,
            min_length=current_app.config["PASSWORD_MIN_LENGTH"],
        )
    except DomainError as error:
        raise click.ClickException(error.reason) from error
    click.echo(f"Admin {member.email} created.")


@main.command("reset-link")
@click.option("--email", prompt=True)
@with_appcontext
def reset_link_command(email: str) -> None:
    """Make a password-reset link for a member (for the server's operator).

    Web admins cannot reset a member who has no recovery code when the workspace sends
    no mail; whoever runs the server (and so its database) can. The member is told on
    their next sign-in.
    """
    from app import clock
    from app.services import password_resets

    try:
        issued = password_resets.create_operator_reset(
            email, now=clock.now(), valid_hours=current_app.config["RESET_VALID_HOURS"]
        )
    except DomainError as error:
        raise click.ClickException(error.reason) from error
    until = f"{issued.expires_at:%Y-%m-%d %H:%M} UTC"
    click.echo(f"Reset link for {issued.member.email} (works once, until {until}):")
    click.echo(f"  <your Teamshape address>/reset/{issued.token}")
