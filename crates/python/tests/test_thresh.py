"""The Python package against the CLI, and under bad input.

Run by .ci/run after the wheel is built and installed:
    THRESH_BIN=target/release/thresh python -m pytest crates/python/tests
"""

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import thresh
from support import ROOT, need, sample_pages, warc_record, write_warcs

BIN = Path(os.environ.get("THRESH_BIN", ROOT / "target" / "release" / "thresh"))

PAGES = sorted(
    [p for p in (ROOT / "samples").rglob("*") if p.suffix in (".html", ".txt")]
    + [p for p in (ROOT / "tests" / "fixtures").rglob("source.*")]
)

CONTENT_TYPES = {".html": "text/html", ".txt": "text/plain"}


def cli_record(path):
    out = subprocess.run(
        [str(BIN), "--quiet", "clean", "--format", "jsonl", str(path)],
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


def cli_record_lines(path):
    out = subprocess.run(
        [str(BIN), "--quiet", "clean", "--format", "jsonl", str(path)], capture_output=True, check=True
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def same_but_source(a, b):
    a, b = dict(a), dict(b)
    a.pop("source"), b.pop("source")
    return a == b


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_clean_gives_the_cli_record(path):
    record = thresh.clean(path.read_bytes(), content_type=CONTENT_TYPES[path.suffix])
    assert same_but_source(record, cli_record(path))
    assert record["source"] == "<input>"


def test_a_url_is_the_source_and_the_base_of_links():
    html = (
        "<html><head><title>T</title></head><body><article><h1>T</h1>"
        "<p>The council met on Tuesday and voted on the budget for the harbour, "
        '<a href="/roads">after a debate</a> about the roads and the schools.</p>'
        "</article></body></html>"
    )
    record = thresh.clean(html, url="https://news.example/a/b")
    assert record["source"] == "https://news.example/a/b"
    links = [m for b in record["blocks"] for m in b.get("marks", []) if m.get("type") == "link"]
    assert any(m.get("href") == "https://news.example/roads" for m in links), record["blocks"]


def test_bytes_in_legacy_encodings_are_decoded_as_the_cli_decodes_them():
    text = "Ein Bericht über die Gemeinderatssitzung, bei der über Straßen und Schulen beraten wurde."
    html = f"<html><head><meta charset=windows-1252><title>Straßen</title></head><body><p>{text}</p></body></html>"
    record = thresh.clean(html.encode("cp1252"))
    assert record["title"] == "Straßen"
    assert text in record["text"]
    # The declared charset of a header counts too.
    html = f"<html><head><title>Straßen</title></head><body><p>{text}</p></body></html>"
    record = thresh.clean(html.encode("latin-1"), content_type="text/html; charset=iso-8859-1")
    assert text in record["text"]
    # Gzipped bytes are undone, as for a .gz file.
    assert thresh.clean(gzip.compress(html.encode("utf-8")))["title"] == "Straßen"


@pytest.mark.parametrize(
    "content, why",
    [
        (b"", "empty"),
        ("   \n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary"),
        (bytes(range(256)) * 8, "binary"),
        (b"<html><body><script>var a = 1;</script></body></html>", "no main content"),
    ],
)
def test_bad_input_raises_a_clean_error_naming_the_input(content, why):
    with pytest.raises(thresh.CleanError) as e:
        thresh.clean(content, url="https://bad.example/page")
    assert isinstance(e.value, ValueError)
    assert "https://bad.example/page" in str(e.value)
    assert why in str(e.value).lower()
    assert e.value.kind == why.replace("no main content", "no_content")


def test_hostile_pages_give_a_result_or_a_clean_error_within_the_budget():
    deep = "<div>" * 20_000 + "<p>Deep text of the page, a sentence of it.</p>"
    record = thresh.clean(deep)
    assert "Deep text" in record["text"]
    # Past the page's node budget the rest of the page is dropped: here,
    # all its text.
    with pytest.raises(thresh.CleanError) as e:
        thresh.clean("<div>" * 200_000 + "<p>Deep text of the page, a sentence of it.</p>")
    assert e.value.kind == "no_content"
    big = b"<p>a</p>" * (7 * 1024 * 1024)  # 56 MiB, over the 50 MiB limit
    with pytest.raises(thresh.CleanError, match="too large|limit") as e:
        thresh.clean(big)
    assert e.value.kind == "too_large"
    # A page that takes longer than its budget fails with a timeout.
    slow = "<table>" + "<tr><td><b><i><u>x" * 40_000
    cleaner = thresh.Cleaner(timeout=0.001)
    try:
        cleaner.clean(slow)
    except thresh.CleanError as e:
        assert "time" in str(e).lower() or "content" in str(e).lower()
        assert e.kind in ("timeout", "no_content")


def test_wrong_types_and_settings_are_errors_not_crashes():
    with pytest.raises(TypeError):
        thresh.clean(12)
    with pytest.raises(thresh.CleanError, match="sideways") as e:
        thresh.Cleaner(focus="sideways")
    assert e.value.kind == "config"
    with pytest.raises(thresh.CleanError, match="unknown field"):
        thresh.Cleaner(no_such_setting=True)


def test_clean_many_on_two_threads_equals_clean_in_order():
    pages = [p.read_bytes() for p in PAGES] * 3
    cleaner = thresh.Cleaner()
    one = [cleaner.clean(p) for p in pages]
    many = list(cleaner.clean_many(pages, threads=2))
    assert many == one
    # Failures keep their place; the others go on.
    mixed = [pages[0], b"", pages[1]]
    got = list(cleaner.clean_many(mixed, threads=2, errors="return"))
    assert got[0] == one[0] and got[2] == one[1]
    assert isinstance(got[1], thresh.CleanError) and got[1].kind == "empty"
    with pytest.raises(thresh.CleanError):
        list(cleaner.clean_many(mixed, threads=2))
    # The pool is kept between batches and made anew for another count.
    assert list(cleaner.clean_many(pages, threads=2)) == one
    assert list(cleaner.clean_many(pages, threads=3)) == one
    assert list(cleaner.clean_many(pages, threads=1)) == one


def test_read_warc_gives_pages_that_clean_as_the_cli_cleans_the_file(tmp_path):
    html = (ROOT / "samples" / "html" / "news-article.html").read_bytes()
    warc = tmp_path / "two.warc.gz"
    warc.write_bytes(
        warc_record("https://news.example/one", html, "00000000-0000-0000-0000-000000000001")
        + warc_record("https://news.example/two", html, "00000000-0000-0000-0000-000000000002")
    )
    pages = list(thresh.read_warc(warc))
    assert [p["url"] for p in pages] == ["https://news.example/one", "https://news.example/two"]
    assert pages[0]["status"] == 200 and pages[0]["body"] == html
    assert pages[0]["warc_record_id"].endswith("0001>")
    cli = subprocess.run(
        [str(BIN), "--quiet", "clean", "--format", "jsonl", str(warc)], capture_output=True, check=True
    )
    expected = [json.loads(line) for line in cli.stdout.splitlines()]
    cleaner = thresh.Cleaner()
    assert [cleaner.clean(p) for p in pages] == expected


def test_a_wet_file_from_thresh_clean_reads_back_with_warcio_and_read_warc(tmp_path):
    need("warcio")
    from warcio.archiveiterator import ArchiveIterator

    index = write_warcs(tmp_path, sample_pages()[:-1], files=1)  # pages with text
    warc = tmp_path / "part-0.warc.gz"
    wet = tmp_path / "out.wet.gz"
    wet.write_bytes(
        subprocess.run([str(BIN), "--quiet", "clean", "--format", "warc", str(warc)], capture_output=True, check=True).stdout
    )
    articles = {r["source"]: r for r in cli_record_lines(warc)}
    with open(wet, "rb") as f:
        read = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.rec_headers, r.content_stream().read().decode("utf-8"))
            for r in ArchiveIterator(f)
        ]
    assert sorted(uri for uri, _, _ in read) == sorted(index) == sorted(articles)
    for uri, headers, text in read:
        assert headers.get_header("WARC-Type") == "conversion"
        assert headers.get_header("WARC-Refers-To") == index[uri][0]
        assert headers.get_header("WARC-Identified-Content-Language")
        # The title, then the blocks a blank line apart.
        assert text.startswith(articles[uri]["title"] + "\n")
        assert " ".join(articles[uri]["text"].split()) in " ".join(text.split())
    pages = {p["url"]: p for p in thresh.read_warc(wet)}
    assert sorted(pages) == sorted(index)
    for uri, _, text in read:
        assert pages[uri]["warc_record_id"] == index[uri][0]
        assert pages[uri]["body"].decode("utf-8") == text


def test_read_warc_names_a_missing_or_broken_file(tmp_path):
    with pytest.raises(thresh.CleanError, match="nope.warc"):
        list(thresh.read_warc(tmp_path / "nope.warc"))
    broken = tmp_path / "broken.warc"
    broken.write_bytes(b"WARC/1.1\r\nContent-Length: 99999\r\n\r\nshort")
    with pytest.raises(thresh.CleanError, match="broken.warc"):
        list(thresh.read_warc(broken))


def test_the_docstring_examples_hold():
    import doctest

    failed, _ = doctest.testmod(thresh, verbose=False)
    assert failed == 0


def test_importing_thresh_does_not_need_datatrove():
    code = "import sys; sys.modules['datatrove'] = None; import thresh; print(thresh.__version__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip()
