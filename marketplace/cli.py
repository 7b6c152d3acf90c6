"""Command-line tools, as click groups registered on the app: `flask --app wsgi <command>`."""
from __future__ import annotations

import click
from flask import Flask


def register(app: Flask) -> None:
    @app.cli.command("demo-data")
    @click.option(
        "--if-empty",
        is_flag=True,
        help="Load only into an empty database; say so and succeed if anything is there.",
    )
    def demo_data(if_empty: bool) -> None:
        """Fill an empty database with a believable store of border-UMKM products."""
        from marketplace.catalog.demo import DemoDataRefused, load_demo_data

        try:
            result = load_demo_data(progress=lambda text: click.echo(text))
        except DemoDataRefused as exc:
            if if_empty:
                click.echo(f"Demo data not loaded: {exc}")
                return
            raise click.ClickException(str(exc)) from None
        click.echo(result.summary())
