"""What the tests share: the repository's root, WARC files the tests
write themselves (gzip members of response records, as a crawler or
Common Crawl writes them), and the optional engines they need."""

import gzip
import importlib
import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def need(module):
    """Import an optional engine (datatrove, pyspark, warcio): a test
    without it is skipped, or fails where THRESH_REQUIRE_ENGINES=1 says
    it must run (.ci/run)."""
    try:
        return importlib.import_module(module)
    except ImportError as e:
        if os.environ.get("THRESH_REQUIRE_ENGINES") == "1":
            raise AssertionError(f"{module} is required here (THRESH_REQUIRE_ENGINES=1): {e}") from e
        pytest.skip(f"{module} is not installed")


def warc_record(uri, html, record_id, *, content_type="text/html; charset=utf-8", payload_type=None):
    """One gzipped WARC/1.1 response record of an HTTP 200 with `html`."""
    body = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(html)}\r\n\r\n".encode() + html
    head = (
        "WARC/1.1\r\nWARC-Type: response\r\n"
        f"WARC-Record-ID: <urn:uuid:{record_id}>\r\nWARC-Target-URI: {uri}\r\n"
        "WARC-Date: 2026-01-02T03:04:05Z\r\nContent-Type: application/http; msgtype=response\r\n"
        + (f"WARC-Identified-Payload-Type: {payload_type}\r\n" if payload_type else "")
        + f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    return gzip.compress(head + body + b"\r\n\r\n")


def sample_pages():
    """(url, html bytes) of the bundled HTML samples and the HTML fixtures,
    and one page without article text."""
    paths = sorted((ROOT / "samples" / "html").glob("*.html")) + sorted(
        (ROOT / "tests" / "fixtures").rglob("source.html")
    )
    pages = [(f"https://pages.example/{i}/{p.parent.name}-{p.stem}", p.read_bytes()) for i, p in enumerate(paths)]
    pages.append(("https://pages.example/empty", b"<html><body><script>var a = 1;</script></body></html>"))
    return pages


def write_warcs(folder, pages, files=2):
    """Deal `pages` round-robin into `files` WARC.gz files in `folder`;
    returns {url: (record id, html)}."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chunks = [[] for _ in range(files)]
    index = {}
    for i, (url, html) in enumerate(pages):
        rid = str(uuid.UUID(int=i + 1))
        # No charset in the header: each page's own declaration counts.
        chunks[i % files].append(warc_record(url, html, rid, content_type="text/html", payload_type="text/html"))
        index[url] = (f"<urn:uuid:{rid}>", html)
    for n, chunk in enumerate(chunks):
        (folder / f"part-{n}.warc.gz").write_bytes(b"".join(chunk))
    return index
