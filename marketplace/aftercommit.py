"""Work after a commit: the one mechanism for what may happen only once a change is committed.

Services register the work where they make the change, never the route or command that called
them. Two timings, one registry per transaction, both dropped when the transaction rolls back
and each asked for several times in one transaction done once:

- `call_after_commit(name, callback)`: `callback(connection)` runs at once after the commit,
  in a short transaction of its own (the cache's version bumps: written inside the caller's
  transaction, a counter row would stay locked until it ended, and every checkout would queue
  behind the one before it).
- `when_committed(name, work)`: `work()` runs when the request or command that committed is
  done (the mail outbox's dispatch, the search index's queue). Both are durable queues in
  tables, so work committed outside a request or command (a shell, a test calling a service)
  simply waits for the next dispatch or for cron, as a change from a process that died does.

`init_app` runs the second kind after every request (an `after_request` hook, so before the
response goes out), `run_after_commands` after every CLI command of the app, and
`unit_of_work` when the function it decorates returns.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable

import click
import sqlalchemy as sa
from flask import Flask, g, has_app_context, has_request_context
from sqlalchemy.orm import Session

from marketplace.extensions import db

log = logging.getLogger(__name__)

_AT_ONCE = "sentra.after_commit"  # session.info: this transaction's callbacks(connection)
_WHEN_DONE = "sentra.when_committed"  # session.info: this transaction's work for later
_DUE_G_KEY = "sentra_committed_work"  # g: committed work, run when the request or command ends
_IN_COMMAND_G_KEY = "sentra_in_command"

# Called at every commit, before and after the callbacks (the cache forgets the data versions
# it read, which the commit may have changed).
_commit_listeners: list[Callable[[], None]] = []


def call_after_commit(name: str, callback: Callable[[sa.Connection], None]) -> None:
    """Run `callback(connection)` in a short transaction of its own just after the current
    transaction commits, and not at all if it rolls back; asked several times in one
    transaction, it runs once.

    A reader can never store old data under a version bumped this way: the new version becomes
    visible only after the data did.
    """
    db.session.info.setdefault(_AT_ONCE, {})[name] = callback


def when_committed(name: str, work: Callable[[], None]) -> None:
    """Run `work()` once the request or command whose transaction commits is done (not at all
    if it rolls back; once however often it is asked for). `work` must never raise for a
    reason the user could act on: it is logged, the request or command goes on."""
    db.session.info.setdefault(_WHEN_DONE, {})[name] = work


def on_every_commit(listener: Callable[[], None]) -> None:
    """`listener()` is called at every commit (with an app context), before and after the
    `call_after_commit` callbacks."""
    if listener not in _commit_listeners:
        _commit_listeners.append(listener)


def in_unit_of_work() -> bool:
    """Whether a request or an app command is running, whose end runs committed work."""
    return has_request_context() or (has_app_context() and g.get(_IN_COMMAND_G_KEY, False))


def run_committed_work() -> None:
    """Run the work of the transactions committed so far in this request or command."""
    if not has_app_context():
        return
    due: dict[str, Callable[[], None]] = g.pop(_DUE_G_KEY, None) or {}
    for name, work in due.items():
        try:
            work()
        except Exception:  # committed already: the durable queue keeps it for cron
            log.exception("work after commit %s failed", name)


def _notify_listeners() -> None:
    if has_app_context():
        for listener in _commit_listeners:
            listener()


def _after_commit(session: Session) -> None:
    _notify_listeners()
    work = session.info.pop(_WHEN_DONE, None)
    if work and in_unit_of_work():
        g.setdefault(_DUE_G_KEY, {}).update(work)
    callbacks = session.info.pop(_AT_ONCE, None)
    if not callbacks:
        return
    engine = session.get_bind()
    for name, callback in callbacks.items():
        try:
            with engine.begin() as connection:
                callback(connection)
        except Exception:  # the data is committed; at worst pages are stale until the timeout
            log.exception("after-commit step %s failed", name)
    _notify_listeners()  # read meanwhile by another thread of this process: read again


def _after_transaction_end(session: Session, transaction) -> None:
    if transaction.parent is None:  # the outermost transaction ended (commit or rollback)
        session.info.pop(_AT_ONCE, None)
        session.info.pop(_WHEN_DONE, None)


def _listen_once() -> None:
    if not sa.event.contains(Session, "after_commit", _after_commit):
        sa.event.listen(Session, "after_commit", _after_commit)
        sa.event.listen(Session, "after_transaction_end", _after_transaction_end)


def _after_request(response):
    run_committed_work()
    return response


def init_app(app: Flask) -> None:
    _listen_once()
    app.after_request(_after_request)


def run_after_commands(group: click.Group) -> None:
    """Make every command of `group` (and of its sub-groups) run its committed work when it
    ends; called by the factory once every command is registered."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            run_after_commands(command)
        elif command.callback is not None and not getattr(command.callback, "_sentra_runs_work",
                                                          False):
            command.callback = unit_of_work(command.callback)


def unit_of_work(callback: Callable) -> Callable:
    """Mark a function as a whole piece of work: the work its commits registered runs when it
    returns (app commands get it from the factory; a service whose callers expect its effects
    at once, an admin's take-down leaving the search, takes it as a decorator)."""

    @functools.wraps(callback)
    def run(*args, **kwargs):
        if not has_app_context():  # a command that needs no app (Flask's own `routes`...)
            return callback(*args, **kwargs)
        outer = g.get(_IN_COMMAND_G_KEY, False)
        setattr(g, _IN_COMMAND_G_KEY, True)
        try:
            result = callback(*args, **kwargs)
            run_committed_work()
        finally:
            setattr(g, _IN_COMMAND_G_KEY, outer)
        return result

    run._sentra_runs_work = True  # type: ignore[attr-defined]
    return run
