"""Where photo files live: a local directory by default, or an S3-compatible bucket.

`MEDIA_STORAGE=local` (default) writes under `MEDIA_DIR`, served at `/media/`. `MEDIA_STORAGE=s3`
writes to `S3_BUCKET` (with `S3_ENDPOINT_URL` for MinIO, Ceph, R2 and the like) and the
photos are served from `MEDIA_URL`, e.g. the bucket's public address or a CDN in front of it.
Files are named by content hash and never change, so both are cached for a year.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app

CACHE_CONTROL = "public, max-age=31536000, immutable"


class MediaStorage(Protocol):
    def exists(self, name: str) -> bool: ...

    def save(self, name: str, data: bytes) -> None: ...

    def read(self, name: str) -> bytes: ...

    def delete(self, name: str) -> None: ...


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
            # mkstemp makes the file private (0600); photos are public, and nginx (another
            # user) serves them straight from this directory.
            os.fchmod(fd, 0o644)
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


class S3MediaStorage:
    """Any S3-compatible bucket, through boto3."""

    def __init__(self, bucket: str, *, endpoint_url: str | None = None, region: str | None = None,
                 prefix: str = "") -> None:
        import boto3
        from botocore.config import Config as BotoConfig

        self.bucket = bucket
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.client = boto3.client(
            "s3", endpoint_url=endpoint_url, region_name=region or "us-east-1",
            config=BotoConfig(retries={"max_attempts": 3, "mode": "standard"},
                              connect_timeout=5, read_timeout=30),
        )

    def _key(self, name: str) -> str:
        return self.prefix + name

    def exists(self, name: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(name))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def save(self, name: str, data: bytes) -> None:
        content_type = "image/webp" if name.endswith(".webp") else "application/octet-stream"
        self.client.put_object(Bucket=self.bucket, Key=self._key(name), Body=data,
                               ContentType=content_type, CacheControl=CACHE_CONTROL)

    def read(self, name: str) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self._key(name))["Body"].read()

    def delete(self, name: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(name))


def get_storage() -> MediaStorage:
    """The configured storage, one per app (boto3 clients are thread-safe and reusable)."""
    app = current_app._get_current_object()
    storage = app.extensions.get("sentra_media")
    if storage is None:
        kind = app.config.get("MEDIA_STORAGE", "local")
        if kind == "s3":
            storage = S3MediaStorage(app.config["S3_BUCKET"], endpoint_url=app.config.get("S3_ENDPOINT_URL"),
                                     region=app.config.get("S3_REGION"), prefix=app.config.get("S3_PREFIX", ""))
        elif kind == "local":
            storage = LocalMediaStorage(app.config["MEDIA_DIR"])
        else:
            raise RuntimeError(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}")
        app.extensions["sentra_media"] = storage
    return storage


def media_url(name: str) -> str:
    """The public URL of a stored media file."""
    return current_app.config["MEDIA_URL"] + name
