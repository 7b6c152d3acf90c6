"""Photos in an S3-compatible bucket: a real S3 API (moto's server mode) over loopback HTTP."""
import io
import socket

import boto3
import pytest
from PIL import Image

from marketplace.catalog.photo_pipeline import original_name, process_image, variant_name
from tests.conftest import make_test_app
from tests.factories import photo_bytes


@pytest.fixture
def s3_server(monkeypatch):
    from moto.server import ThreadedMotoServer

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    endpoint = f"http://127.0.0.1:{port}"
    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").create_bucket(Bucket="sentra-media")
    try:
        yield endpoint
    finally:
        server.stop()


def test_photos_are_stored_in_the_bucket_without_metadata(s3_server, database_url, tmp_path):
    # A folder of its own: the session's media folder may hold the same photo from another test.
    media_dir = tmp_path / "media"
    app = make_test_app(database_url, media_dir, MEDIA_STORAGE="s3", S3_BUCKET="sentra-media",
                        S3_ENDPOINT_URL=s3_server, MEDIA_URL="https://media.sentra.example/")
    with app.app_context():
        stored = process_image(photo_bytes(size=(900, 600)))
        assert process_image(photo_bytes(size=(900, 600))).content_hash == stored.content_hash
    s3 = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1")
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket="sentra-media")["Contents"]}
    expected = {original_name(stored.content_hash)} | {variant_name(stored.content_hash, w) for w in stored.widths}
    assert keys == expected
    obj = s3.get_object(Bucket="sentra-media", Key=variant_name(stored.content_hash, 320))
    assert obj["ContentType"] == "image/webp" and "immutable" in obj["CacheControl"]
    with Image.open(io.BytesIO(obj["Body"].read())) as image:
        assert image.size[0] == 320 and not image.getexif()
    # nothing went to the local directory
    assert not any(media_dir.rglob(f"{stored.content_hash}*"))


def test_pages_link_photos_at_the_media_url(s3_server, database_url, media_dir):
    from tests.factories import make_product

    app = make_test_app(database_url, media_dir, MEDIA_STORAGE="s3", S3_BUCKET="sentra-media",
                        S3_ENDPOINT_URL=s3_server, MEDIA_URL="https://media.sentra.example/")
    with app.app_context():
        product = make_product(photos=1)
        html = app.test_client().get(f"/products/{product.slug}").get_data(as_text=True)
        from tests.conftest import empty_all_tables
        from marketplace.extensions import db

        db.session.remove()
        empty_all_tables()
    assert 'src="https://media.sentra.example/' in html
