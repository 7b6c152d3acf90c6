"""Where photo files live: a local directory by default (S3-compatible storage can join later)."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from flask import current_app


class LocalMediaStorage:
    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def exists(self, name: str) -> bool:
        return (self.root / name).is_file()

    def save(self, name: str, data: bytes) -> None:
        """Write atomically: a reader never sees half a file."""
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def read(self, name: str) -> bytes:
        return (self.root / name).read_bytes()

    def delete(self, name: str) -> None:
        (self.root / name).unlink(missing_ok=True)


def get_storage() -> LocalMediaStorage:
    return LocalMediaStorage(current_app.config["MEDIA_DIR"])
