"""`flask --app wsgi backup` and `flask --app wsgi restore FOLDER` (marketplace/ops/backup.py)."""
from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app

from marketplace.ops import backup as backups


def register(app: Flask) -> None:
    @app.cli.command("backup")
    @click.option("--to", "directory", type=click.Path(file_okay=False, path_type=Path),
                  help="Where to write it (default: the BACKUP_DIR setting).")
    def backup_command(directory: Path | None) -> None:
        """Write a consistent copy of the database and the photos, with a manifest."""
        directory = directory or Path(current_app.config["BACKUP_DIR"])
        try:
            folder = backups.backup(directory)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        manifest = backups.read_manifest(folder)
        media = manifest["media"]
        photos = (f"{len(media['files'])} media file(s)" if media["storage"] == "local"
                  else f"a listing of {media['objects']} object(s) in the bucket")
        click.echo(f"Backup written to {folder}: the {manifest['database']['backend']} database "
                   f"at revision {manifest['revision']} and {photos}.")

    @app.cli.command("restore")
    @click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
    def restore_command(folder: Path) -> None:
        """Bring a backup back into an EMPTY database and media folder (refuses anything else)."""
        try:
            restored = backups.restore(folder)
        except backups.BackupError as error:
            raise click.ClickException(str(error)) from None
        click.echo(f"Restored {restored.tables} table(s) at revision {restored.revision} and "
                   f"{restored.media_files} media file(s) from {folder}.")
        click.echo("Next: `flask --app wsgi db upgrade` (if this release is newer), then "
                   "`flask --app wsgi search reindex`.")
