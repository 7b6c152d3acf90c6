"""`flask --app wsgi privacy ...`: the cron jobs of people's rights over their data."""
from __future__ import annotations

import click

from marketplace.mail import send_pending
from marketplace.privacy import erasure, export

group = click.Group("privacy", help="Data downloads and retention (cron).")


@group.command("prepare-exports")
def prepare_exports() -> None:
    """Build the queued data downloads, mail their links, delete expired ones."""
    built = export.prepare_pending()
    removed = export.remove_expired()
    send_pending()  # a cron job waits for its mail: no thread to outlive the process
    click.echo(f"{built} download(s) prepared, {removed} expired download(s) deleted.")


@group.command("purge-guest-addresses")
def purge_guest_addresses() -> None:
    """Erase guests' delivery addresses older than GUEST_ADDRESS_RETENTION_DAYS."""
    click.echo(f"{erasure.purge_guest_addresses()} guest order address(es) erased.")
