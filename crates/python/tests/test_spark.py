"""examples/spark/clean_warc.py under spark-submit in local[2] mode over
two WARC files the test writes, its output checked against `thresh
clean` on the same files; a broken third file is named and fails the job
while the others still go through."""

import json
import os
import subprocess
import sys
from pathlib import Path

from support import ROOT, need, sample_pages, write_warcs

BIN = Path(os.environ.get("THRESH_BIN", ROOT / "target" / "release" / "thresh"))
EXAMPLE = ROOT / "examples" / "spark" / "clean_warc.py"


def spark_submit(*args):
    pyspark = need("pyspark")
    submit = Path(pyspark.__file__).parent / "bin" / "spark-submit"
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    return subprocess.run(
        [str(submit), "--master", "local[2]", "--conf", "spark.ui.enabled=false", str(EXAMPLE), *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


def cli_records(warcs):
    out = subprocess.run(
        [str(BIN), "--quiet", "clean", "--format", "jsonl", *map(str, warcs)], capture_output=True, check=False
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_the_spark_example_writes_what_thresh_clean_writes(tmp_path):
    write_warcs(tmp_path / "in", sample_pages(), files=2)
    warcs = sorted((tmp_path / "in").glob("*.warc.gz"))
    broken = tmp_path / "in" / "broken.warc"
    broken.write_bytes(b"WARC/1.1\r\nContent-Length: 99999\r\n\r\nshort")
    out = tmp_path / "out"
    run = spark_submit("--format", "json", "--output", out, *warcs, broken)
    assert run.returncode == 1, run.stderr[-3000:]
    # spark-submit passes the driver's stderr on to its stdout.
    assert f"clean_warc: error: {broken}" in run.stdout + run.stderr

    rows = {}
    for part in out.glob("part-*.json"):
        for line in part.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            rows[row["url"]] = row
    expected = {r["source"]: r for r in cli_records(warcs)}
    assert len(expected) == len(sample_pages()) - 1  # the page without text is not an article
    assert sorted(rows) == sorted(expected)
    for url, row in rows.items():
        record = expected[url]
        assert row["text"] == record["text"], url
        for column in ("title", "lang", "page_type", "warc_record_id"):
            assert row.get(column) == record.get(column), (url, column)


def test_the_spark_example_writes_parquet(tmp_path):
    need("pyarrow")
    import pyarrow.parquet as pq

    warcs = write_warcs(tmp_path / "in", sample_pages()[:3], files=1)
    out = tmp_path / "out"
    run = spark_submit("--output", out, tmp_path / "in" / "part-0.warc.gz")
    assert run.returncode == 0, run.stderr[-3000:]
    table = pq.read_table(out)
    assert table.column_names == ["url", "title", "text", "lang", "page_type", "warc_record_id"]
    assert sorted(table.column("url").to_pylist()) == sorted(warcs)
