"""Idempotent webhook handling: remember which events were handled, in the caller's transaction."""
from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite

from marketplace.extensions import db
from marketplace.payments.models import ProcessedWebhookEvent
from marketplace.timeutil import utcnow

_DIALECT_INSERTS = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}


def mark_event_processed(event_id: str, event_type: str) -> bool:
    """Record the event; False when it was recorded before (a replay: do nothing).

    Call it in the transaction that applies the event and commit both together: a failure
    rolls the mark back too, so Stripe's next delivery is handled. Never commits.

    One `INSERT ... ON CONFLICT DO NOTHING` rather than an INSERT in a SAVEPOINT that catches
    IntegrityError: with Python's sqlite3 driver a SAVEPOINT opened as the first statement of a
    transaction is committed by its RELEASE, so the caller's rollback would not undo the mark.
    On PostgreSQL a concurrent delivery of the same event waits for the first to commit or roll
    back, then inserts nothing or inserts.
    """
    table = ProcessedWebhookEvent.__table__
    dialect = db.session.get_bind(mapper=ProcessedWebhookEvent).dialect.name
    if dialect not in _DIALECT_INSERTS:
        raise NotImplementedError(f"no INSERT ... ON CONFLICT for {dialect}")
    insert = _DIALECT_INSERTS[dialect]
    inserted = db.session.execute(
        insert(table)
        .values(id=event_id, type=event_type, received_at=utcnow())
        .on_conflict_do_nothing(index_elements=[table.c.id])
        # RETURNING, not rowcount: with SQLAlchemy 2.1 and psycopg 3 an INSERT's rowcount is -1.
        .returning(table.c.id)
    ).first()
    return inserted is not None
