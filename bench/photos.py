"""`make bench-photos`: CPU seconds per photo through the store's pipeline, worst cases first.

A photo is judged, decoded, cleaned and stored as WebP variants by
`marketplace.catalog.photo_pipeline.process_image`, the function every upload goes through. This
measures what one call costs in CPU time (`time.process_time`, this process only; the WebP
encoder and Pillow's decoders run in it) for the largest photos the store accepts: exactly
`MAX_IMAGE_PIXELS` (40 megapixels by default) and at most `MAX_UPLOAD_BYTES` (10 MB), in each
accepted format and in the variants of each format that cost the most to decode:

- PNG, RGB 8-bit, every row Paeth-filtered (the dearest filter to undo), and RGBA 16-bit
  Adam7-interlaced (the dearest layout), written here byte by byte since Pillow writes
  neither; both are a few hundred KB, like the 38 KB PNG of issue 14 that declared 6300×6300;
- JPEG baseline and progressive (quality 90), and an MPO (Multi-Picture, as phones write:
  two frames, the first is kept);
- WebP lossy and lossless;
- for comparison, an ordinary 12-megapixel phone JPEG.

It is a benchmark, not a test: no figure makes it fail. The target of issue 14 is "the worst
allowed photo under about 1.5 s of CPU" on this 2-core machine. Each file is run `--repeat`
times (default 3) and the lowest and highest CPU time are printed.

Then the worst request: as many copies of the dearest PNG and of the dearest JPEG as one upload
can carry (12 photos, within MAX_CONTENT_LENGTH), through one request's pixel budget
(`PixelBudget.per_request()`, as `sellers.photos.add_photos` uses it): how many are decoded, how
many refused, and the CPU time of the whole. Both tables go to bench/PHOTOS_RESULTS.md with
the date and the machine.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import struct
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import Image

RESULTS = Path(__file__).with_name("PHOTOS_RESULTS.md")


# --- Sample files ---------------------------------------------------------------------------

def _size_for(pixels: int, aspect: float = 4 / 3) -> tuple[int, int]:
    """The largest width × height of this aspect that stays within `pixels`."""
    height = int((pixels / aspect) ** 0.5)
    width = pixels // height
    return width, height


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


# Adam7: (x start, y start, x step, y step) of each of the seven passes.
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def png_worst(size: tuple[int, int], *, colour_type: int, bit_depth: int, interlaced: bool) -> bytes:
    """A PNG whose every row (of every pass) carries filter 4 (Paeth) over a plain image: tiny
    on disk, as dear to decode as a PNG of that size gets. Streamed through zlib row by row."""
    width, height = size
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour_type]
    bytes_per_pixel = channels * bit_depth // 8
    compressor = zlib.compressobj(9)
    parts = []

    def rows(pass_width: int, pass_height: int) -> None:
        if pass_width == 0 or pass_height == 0:
            return
        row = b"\x04" + bytes(pass_width * bytes_per_pixel)
        block = row * max(1, (1 << 20) // len(row))
        per_block = len(block) // len(row)
        left = pass_height
        while left:
            n = min(left, per_block)
            parts.append(compressor.compress(block[: n * len(row)]))
            left -= n

    if interlaced:
        for x0, y0, dx, dy in _ADAM7:
            rows((width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy)
    else:
        rows(width, height)
    parts.append(compressor.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 1 if interlaced else 0)
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", b"".join(parts))
            + _chunk(b"IEND", b""))


def _scene(size: tuple[int, int], grain: float = 0.0) -> Image.Image:
    """Something like a photo (gradients and blotches), drawn quickly at any size; `grain`
    mixes in per-pixel noise, which makes a JPEG as large (and as slow to decode) as a
    sensor's noise does."""
    small = Image.merge("RGB", (
        Image.linear_gradient("L").resize((256, 256)),
        Image.linear_gradient("L").rotate(90).resize((256, 256)),
        Image.effect_noise((256, 256), 60),
    ))
    scene = small.resize(size, Image.Resampling.BICUBIC)
    if grain:
        noise = Image.effect_noise(size, 80).convert("RGB")
        scene = Image.blend(scene, noise, grain)
    return scene


def _save(image: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _fit_bytes(make, limit: int, qualities=(92, 90, 85, 80, 75, 70, 60, 50)) -> bytes:
    """The best quality that stays under `limit` bytes."""
    data = b""
    for quality in qualities:
        data = make(quality)
        if len(data) <= limit:
            return data
    return data


@dataclass
class Sample:
    name: str
    data: bytes
    size: tuple[int, int]


def samples(jpeg_pixels: int, png_webp_pixels: int, max_bytes: int) -> list[Sample]:
    """The dearest photo of each kind that the store accepts."""
    jpeg_size, other_size = _size_for(jpeg_pixels), _size_for(png_webp_pixels)
    # Grainy enough that the best quality under the byte limit is close to it.
    scene, other_scene = _scene(jpeg_size, grain=0.12), _scene(other_size, grain=0.12)
    translucent = other_scene.copy()
    translucent.putalpha(200)
    smooth_translucent = _scene(other_size)  # grain would take a lossless file past the limit
    smooth_translucent.putalpha(200)
    phone_size = (4000, 3000)
    second_frame = scene.resize((jpeg_size[0] // 4, jpeg_size[1] // 4))
    return [
        Sample("PNG, RGB 8-bit, Paeth rows", png_worst(other_size, colour_type=2, bit_depth=8,
                                                       interlaced=False), other_size),
        Sample("PNG, RGBA 16-bit, interlaced", png_worst(other_size, colour_type=6, bit_depth=16,
                                                         interlaced=True), other_size),
        Sample("WebP, lossy", _fit_bytes(
            lambda q: _save(other_scene, "WEBP", quality=q, method=0), max_bytes), other_size),
        Sample("WebP, lossy with alpha", _fit_bytes(
            lambda q: _save(translucent, "WEBP", quality=q, method=0), max_bytes), other_size),
        Sample("WebP, lossless with alpha", _save(smooth_translucent, "WEBP", lossless=True, method=0),
               other_size),
        Sample("JPEG, baseline", _fit_bytes(lambda q: _save(scene, "JPEG", quality=q), max_bytes),
               jpeg_size),
        Sample("JPEG, progressive", _fit_bytes(
            lambda q: _save(scene, "JPEG", quality=q, progressive=True), max_bytes), jpeg_size),
        Sample("MPO (two frames)", _fit_bytes(
            lambda q: _save(scene, "MPO", quality=q, save_all=True, append_images=[second_frame]),
            max_bytes), jpeg_size),
        Sample("phone JPEG, 12 MP (for comparison)", _save(_scene(phone_size), "JPEG", quality=90),
               phone_size),
    ]


# --- Measuring ------------------------------------------------------------------------------

def _cpu_seconds(app, data: bytes) -> float:
    """CPU time of one call; a refused photo is reported, with what it cost to refuse."""
    from marketplace.catalog import photo_pipeline as images

    with app.app_context():
        start = time.process_time()
        try:
            images.process_image(data)
        except images.InvalidImage as error:
            print(f"  refused: {error}", flush=True)
        return time.process_time() - start


def _worst_request(app, sample: Sample) -> tuple[int, int, int, float]:
    """(photos sent, decoded, refused, CPU seconds) for one upload full of this photo."""
    from marketplace.catalog import photo_pipeline as images

    sent = min(12, app.config["MAX_CONTENT_LENGTH"] // max(1, len(sample.data)))
    decoded = refused = 0
    with app.app_context():
        budget = images.PixelBudget.per_request()
        start = time.process_time()
        for _ in range(sent):
            try:
                images.process_image(sample.data, budget)
                decoded += 1
            except images.TooMuchAtOnce:
                refused += 1
        return sent, decoded, refused, time.process_time() - start


def run(repeat: int):
    from marketplace import create_app

    with tempfile.TemporaryDirectory(prefix="sentra-bench-photos-") as tmp:
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/unused.db",
                         MEDIA_DIR=f"{tmp}/media", IMAGE_WIDTHS=(320, 640, 1280))
        made = samples(app.config["MAX_IMAGE_PIXELS"], app.config["MAX_PNG_WEBP_PIXELS"],
                       app.config["MAX_UPLOAD_BYTES"])
        rows = []
        for sample in made:
            times = []
            for _ in range(repeat):
                # A fresh media directory each time: an already stored photo costs less.
                app.config["MEDIA_DIR"] = tempfile.mkdtemp(dir=tmp)
                app.extensions.pop("sentra_media", None)
                times.append(_cpu_seconds(app, sample.data))
            rows.append((sample, min(times), max(times)))
            print(f"{sample.name:38} {sample.size[0]}×{sample.size[1]:<6} "
                  f"{len(sample.data) / 1e6:6.2f} MB  CPU {min(times):.2f}–{max(times):.2f} s",
                  flush=True)
        requests = []
        for kind in ("PNG", "JPEG"):
            sample, _low, _high = max((row for row in rows if row[0].name.startswith(kind)),
                                      key=lambda row: row[2])
            app.config["MEDIA_DIR"] = tempfile.mkdtemp(dir=tmp)
            app.extensions.pop("sentra_media", None)
            sent, decoded, refused, cpu = _worst_request(app, sample)
            requests.append((sample, sent, decoded, refused, cpu))
            print(f"one upload of {sent} × {sample.name}: {decoded} decoded, {refused} refused, "
                  f"CPU {cpu:.2f} s", flush=True)
        return rows, requests


def write_results(rows, requests, repeat: int) -> None:
    worst = max(high for _sample, _low, high in rows)
    lines = [
        "# Photo pipeline: CPU seconds per photo",
        "",
        f"`make bench-photos`, {datetime.now():%Y-%m-%d %H:%M}, {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end; {repeat} runs per file (lowest–highest).",
        "",
        "| photo | size | file | CPU s |",
        "| --- | --- | --- | --- |",
    ]
    for sample, low, high in rows:
        lines.append(f"| {sample.name} | {sample.size[0]}×{sample.size[1]} "
                     f"({sample.size[0] * sample.size[1] / 1e6:.1f} MP) | "
                     f"{len(sample.data) / 1e6:.2f} MB | {low:.2f}–{high:.2f} |")
    lines += ["", f"Worst: **{worst:.2f} s** of CPU (target: under about 1.5 s).", "",
              "One upload (one request's pixel budget, MAX_DECODED_PIXELS_PER_REQUEST):", "",
              "| photos sent | decoded | refused (\"add it again on its own\") | CPU s |",
              "| --- | --- | --- | --- |"]
    for sample, sent, decoded, refused, cpu in requests:
        lines.append(f"| {sent} × {sample.name} | {decoded} | {refused} | {cpu:.2f} |")
    lines.append("")
    RESULTS.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.photos", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per file (default 3)")
    parser.add_argument("--no-write", action="store_true", help="print only, do not write "
                        f"{RESULTS.name}")
    args = parser.parse_args(argv)
    rows, requests = run(max(1, args.repeat))
    if not args.no_write:
        write_results(rows, requests, args.repeat)
        print(f"written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
