"""What the Python benchmarks share (bench/python-peers, spark-peers,
datatrove-peers): a folder's pages, read and gunzipped, and WARC files of
them."""

import gzip
import uuid
from pathlib import Path


def load_pages(folder):
    """(name, bytes) of every .html and .html.gz file under `folder`, in
    name order, gunzipped."""
    pages = []
    for p in sorted(Path(folder).rglob("*")):
        if p.is_file() and (p.name.endswith(".html") or p.name.endswith(".html.gz")):
            raw = p.read_bytes()
            pages.append((p.name.split(".")[0], gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw))
    return pages


def record(uri, html):
    """A gzipped WARC/1.1 response record of an HTTP 200 with `html`."""
    body = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(html) + html
    head = (
        f"WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
        f"WARC-Target-URI: {uri}\r\nWARC-Date: 2026-01-02T03:04:05Z\r\n"
        "WARC-Identified-Payload-Type: text/html\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + body + b"\r\n\r\n")


def write_warcs(pages_dir, copies, folder, files):
    """The pages of `pages_dir`, `copies` times each, dealt into `files`
    WARC files in `folder` (made); returns their paths and the number of
    records."""
    chunks = [[] for _ in range(files)]
    n = 0
    for c in range(copies):
        for name, html in load_pages(pages_dir):
            chunks[n % files].append(record(f"https://pages.example/{c}/{name}", html))
            n += 1
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, chunk in enumerate(chunks):
        path = folder / f"part-{i}.warc.gz"
        path.write_bytes(b"".join(chunk))
        paths.append(str(path))
    return paths, n
