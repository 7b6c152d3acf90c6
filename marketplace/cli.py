"""Command-line tools, as click groups registered on the app: `flask --app wsgi <command>`."""
from __future__ import annotations

import click
from flask import Flask, current_app


def register(app: Flask) -> None:
    @app.cli.command("demo-data")
    @click.option(
        "--if-empty",
        is_flag=True,
        help="Load only into an empty database; say so and succeed if anything is there.",
    )
    def demo_data(if_empty: bool) -> None:
        """Fill an empty database with a believable store of border-UMKM products."""
        from marketplace.dev.demo import DemoDataRefused, load_demo_data

        try:
            result = load_demo_data(progress=lambda text: click.echo(text),
                                    logins=current_app.config.get("DEMO_LOGINS", False))
        except DemoDataRefused as exc:
            if if_empty:
                click.echo(f"Demo data not loaded: {exc}")
                return
            raise click.ClickException(str(exc)) from None
        click.echo(result.summary())
        from marketplace.privacy.consent import accept_for_demo_accounts

        accept_for_demo_accounts()
        if result.logins:
            from marketplace.dev.demo.logins import describe
            from marketplace.navigation import external_url

            click.echo(describe(list(result.logins), external_url("accounts.login")))

    @app.cli.command("demo-logins")
    def demo_logins() -> None:
        """Print how to log in to the demo store as a buyer, a seller, centre staff and an admin
        (development only); gives a demo database loaded without them its demo logins."""
        if not current_app.config.get("DEMO_LOGINS", False):
            click.echo("Demo logins exist only in development (SENTRA_CONFIG=development).")
            return
        from marketplace.dev.demo import NoDemoData, ensure_demo_logins
        from marketplace.dev.demo.logins import describe
        from marketplace.navigation import external_url

        try:
            logins = ensure_demo_logins()
            from marketplace.privacy.consent import accept_for_demo_accounts

            accept_for_demo_accounts()
        except NoDemoData:
            click.echo("No demo data in this database: load it with `flask --app wsgi demo-data`.")
            return
        click.echo(describe(logins, external_url("accounts.login")))


    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--name", help="Name for a new account (default: the part before @).")
    def create_admin(email: str, name: str | None) -> None:
        """Create an admin account, or make an existing account an admin.

        The password is asked for at a prompt (or read from standard input when it is not a
        terminal); it is never an argument, so it stays out of shell history and `ps`.
        """
        import sys

        from marketplace.accounts import services
        from marketplace.accounts.forms import MIN_PASSWORD

        try:
            email = services.normalise_email(email)
        except services.InvalidEmail:
            raise click.ClickException(f"{email!r} is not an email address.") from None
        password = None
        if services.find_user_by_email(email) is None:
            if sys.stdin.isatty():
                password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
            else:
                password = sys.stdin.readline().rstrip("\n")
            if len(password) < MIN_PASSWORD:
                raise click.ClickException(f"The password needs at least {MIN_PASSWORD} characters.")
        user, created = services.create_or_promote_admin(email, password, name)
        from marketplace.admin import audit
        from marketplace.extensions import db

        audit.record(None, "user.grant_admin", "user", user.id,
                     after={"email": user.email, "roles": [r.role.value for r in user.roles]},
                     reason="flask create-admin (command line)")
        db.session.commit()
        click.echo(f"{'Created' if created else 'Promoted'} admin {user.email}.")


def register_order_commands(app: Flask) -> None:
    orders = click.Group("orders", help="Order housekeeping, for cron.")
    mail = click.Group("mail", help="The mail outbox.")

    @orders.command("expire")
    def expire() -> None:
        """Cancel orders not paid in time and put their stock back on sale."""
        from marketplace.orders.services import expire_unpaid

        numbers = expire_unpaid()
        click.echo(f"Expired {len(numbers)} unpaid order(s){': ' + ', '.join(numbers) if numbers else '.'}")

    @orders.command("auto-complete")
    def auto_complete() -> None:
        """Release the money of parcels delivered AUTO_COMPLETE_DAYS ago (not under complaint)."""
        from marketplace.aftersales.escrow import auto_complete as complete_due

        done, waiting = complete_due()
        click.echo(f"Completed {len(done)} parcel(s); {len(waiting)} wait on a complaint or dispute.")

    @orders.command("enforce-deadlines")
    def enforce_deadlines() -> None:
        """Cancel and refund paid parcels not shipped within SHIP_BY_DAYS; stock goes back."""
        from marketplace.orders.deadlines import enforce_deadlines as enforce

        result = enforce()
        click.echo(f"Refunded by card: {len(result.refunded)}; owed back by transfer: "
                   f"{len(result.owed)}; failed, tried again next run: {len(result.failed)}.")

    @mail.command("send-pending")
    def send_pending_mail() -> None:
        """Send queued mail that is due (retries what failed before)."""
        from marketplace.mail import send_pending

        click.echo(f"Sent {send_pending(limit=500)} message(s).")

    @mail.command("outbox")
    @click.option("--status", type=click.Choice(["pending", "sent", "failed"]),
                  help="Only messages in this state (failed: the last attempt failed).")
    @click.option("--to", "recipient", help="Only messages to this address.")
    @click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10_000),
                  help="How many of the newest messages.")
    @click.option("--body", is_flag=True, help="Print each message's text too.")
    def outbox(status: str | None, recipient: str | None, limit: int, body: bool) -> None:
        """List the newest mail: pending, sent and failed, with who, what and when (WIB)."""
        from flask_babel import format_datetime

        from marketplace.mail import MailStatus, outbox_messages

        messages = outbox_messages(MailStatus(status) if status else None, recipient, limit)
        if not messages:
            click.echo("No mail in the outbox" + (f" that is {status}" if status else "") + ".")
            return
        for message in messages:
            when = format_datetime(message.created_at, "yyyy-MM-dd HH:mm") + " WIB"
            click.echo(f"#{message.id:<5} {message.status.value:<8} {when}  {message.recipient}  "
                       f"{message.subject}")
            if message.last_error and message.sent_at is None:
                retry = ("given up" if message.given_up else "next try "
                         + format_datetime(message.next_attempt_at, "HH:mm") + " WIB")
                click.echo(f"       attempt {message.attempts}, {retry}: {message.last_error}")
            if body:
                click.echo("\n".join("       | " + line for line in message.body.splitlines()))
        click.echo(f"{len(messages)} message(s), newest first.")

    app.cli.add_command(orders)
    app.cli.add_command(mail)


def register_search_commands(app: Flask) -> None:
    search_group = click.Group("search", help="The product search index.")

    @search_group.command("reindex")
    def reindex() -> None:
        """Build a new index from the database and swap it in; searches go on meanwhile."""
        from marketplace.catalog import search
        from marketplace.catalog.search.schema import count_visible

        with click.progressbar(length=count_visible(), label="Indexing products") as bar:
            count = search.rebuild(progress=bar.update)
        click.echo(f"Indexed {count} product(s).")

    @search_group.command("apply-pending")
    def apply_pending() -> None:
        """Apply queued product changes to the index (for cron; builds a missing index)."""
        from marketplace.catalog import search

        click.echo(f"Applied {search.apply_pending(build_missing=True)} product change(s).")

    app.cli.add_command(search_group)


def register_catalog_commands(app: Flask) -> None:
    catalog_group = click.Group("catalog", help="Catalogue maintenance.")

    @catalog_group.command("rescore-packaging")
    def rescore_packaging() -> None:
        """Recompute every listing's packaging score (after an upgrade, or a change of rules)."""
        import sqlalchemy as sa

        from marketplace.catalog.models import Product
        from marketplace.catalog.services import refresh_packaging_scores
        from marketplace.extensions import db

        ids = list(db.session.scalars(sa.select(Product.id).order_by(Product.id)))
        for start in range(0, len(ids), 500):  # in batches: a few hundred products in memory
            refresh_packaging_scores(ids[start:start + 500])
            db.session.commit()
        click.echo(f"Scored {len(ids)} product(s).")

    app.cli.add_command(catalog_group)


def register_seller_commands(app: Flask) -> None:
    sellers_group = click.Group("sellers", help="The sellers' side.")

    @sellers_group.command("purge-pending-photos")
    @click.option("--hours", type=click.IntRange(min=1), default=None,
                  help="Delete those older than this (default: PENDING_PHOTO_HOURS, 48).")
    def purge_pending_photos(hours: int | None) -> None:
        """Delete photos sent ahead of a listing form that was never saved (run hourly by cron)."""
        from marketplace.sellers import photos

        deleted = photos.purge_pending_photos(hours or photos.PENDING_PHOTO_HOURS)
        click.echo(f"Deleted {deleted} pending photo(s).")

    app.cli.add_command(sellers_group)
