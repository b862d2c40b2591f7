"""Clean WARC files with thresh on Spark: one task per WARC file, one
thresh Cleaner per task, and a table of articles out (Parquet or JSON
lines) with the columns url, title, text, lang, page_type and
warc_record_id.

Local mode, on every core of this machine:

    spark-submit --master 'local[*]' examples/spark/clean_warc.py \\
        --output articles/ crawl/*.warc.gz

On a cluster, with the thresh wheel installed on every executor (or
shipped with the job as a packed virtualenv, see the README):

    spark-submit --master yarn --deploy-mode cluster \\
        --conf spark.pyspark.python=./venv/bin/python --archives venv.tar.gz#venv \\
        examples/spark/clean_warc.py --output s3a://bucket/articles/ \\
        s3://commoncrawl/crawl-data/CC-MAIN-2026-49/segments/.../warc/*.warc.gz

A path with a scheme (s3://, hdfs://, gs://, https://...) is copied to
a temporary file on the executor through fsspec (``pip install fsspec``
and the scheme's driver, e.g. s3fs) before it is read; a plain path must
be one every executor sees (a shared file system, or local mode).

Pages without article text are skipped and counted. A WARC file that
cannot be read is named on stderr, the other files still go through, and
the job exits with status 1.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple
from urllib.parse import urlparse

#: The columns written, in order.
COLUMNS = ("url", "title", "text", "lang", "page_type", "warc_record_id")

#: What a task yields: a row of COLUMNS, or the name of a file that could
#: not be read with why (url None, the message in the text column).
Row = Tuple[Optional[str], ...]


@contextmanager
def local_copy(path: str) -> Iterator[str]:
    """A path thresh.read_warc can open: `path` itself, or a temporary
    copy of a remote file (fetched with fsspec)."""
    scheme = urlparse(path).scheme
    if scheme in ("", "file") or len(scheme) == 1:  # a Windows drive letter
        yield path[len("file://") :] if path.startswith("file://") else path
        return
    import fsspec

    fd, tmp = tempfile.mkstemp(suffix=".warc.gz" if path.endswith(".gz") else ".warc")
    try:
        with os.fdopen(fd, "wb") as out, fsspec.open(path, "rb") as src:
            shutil.copyfileobj(src, out, 1 << 20)
        yield tmp
    finally:
        os.unlink(tmp)


def thresh_partition(settings: Dict[str, object], threads: int) -> Callable[[Iterable[str]], Iterator[Row]]:
    """The task's work: clean each page of each WARC file with one thresh
    Cleaner, yielding a row per article."""

    def run(paths: Iterable[str]) -> Iterator[Row]:
        import thresh

        cleaner = thresh.Cleaner(**settings)
        for path in paths:
            try:
                with local_copy(path) as local:
                    for record in cleaner.clean_many(thresh.read_warc(local), threads=threads, errors="return"):
                        if isinstance(record, thresh.CleanError):
                            continue
                        yield (
                            record["source"],
                            record.get("title"),
                            record["text"],
                            record.get("lang"),
                            record.get("page_type"),
                            record.get("warc_record_id"),
                        )
            except (thresh.CleanError, OSError) as e:
                yield (None, path, f"{path}: {e}", None, None, None)

    return run


def run_job(spark, paths: List[str], output: str, fmt: str, partition, overwrite: bool = False) -> int:
    """Clean `paths` into `output` in one pass; returns how many files
    failed."""
    from pyspark.accumulators import AccumulatorParam
    from pyspark.sql.types import StringType, StructField, StructType

    class Messages(AccumulatorParam):
        def zero(self, value):
            return []

        def addInPlace(self, a, b):
            return a + b

    sc = spark.sparkContext
    failed = sc.accumulator([], Messages())
    articles = sc.accumulator(0)

    def tally(rows: Iterable[Row]) -> Iterator[Row]:
        for row in rows:
            if row[0] is None:
                failed.add([row[2]])
            else:
                articles.add(1)
                yield row

    schema = StructType([StructField(c, StringType(), c != "text") for c in COLUMNS])
    rdd = sc.parallelize(paths, max(1, len(paths))).mapPartitions(partition).mapPartitions(tally)
    writer = spark.createDataFrame(rdd, schema).write.mode("overwrite" if overwrite else "errorifexists")
    if fmt == "parquet":
        writer.parquet(output)
    else:
        writer.json(output)
    for message in sorted(failed.value):
        print(f"clean_warc: error: {message}", file=sys.stderr)
    print(f"clean_warc: {articles.value} articles from {len(paths)} WARC files to {output}", file=sys.stderr)
    return len(failed.value)


def parse_args(argv: Optional[List[str]] = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Clean WARC files into a table of articles with thresh, on Spark.",
        epilog="example: spark-submit --master 'local[2]' examples/spark/clean_warc.py --output out/ a.warc.gz b.warc.gz",
    )
    p.add_argument("warcs", nargs="+", help="WARC or WARC.gz files (paths or URLs: s3://, hdfs://, ...)")
    p.add_argument("--output", required=True, help="the output folder (or s3a://, hdfs:// URL)")
    p.add_argument("--format", choices=("parquet", "json"), default="parquet", help="Parquet (default) or JSON lines")
    p.add_argument("--focus", choices=("precision", "balanced", "recall"), default="balanced", help="thresh's focus")
    p.add_argument("--timeout", type=float, default=5.0, help="seconds a page may take (default 5)")
    p.add_argument("--threads", type=int, default=1, help="cleaning threads per Spark task (default 1: Spark runs a task per core)")
    p.add_argument("--overwrite", action="store_true", help="replace the output folder if it exists")
    return p.parse_args(argv)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("thresh clean_warc").getOrCreate()
    try:
        settings = {"focus": args.focus, "timeout": args.timeout}
        failed = run_job(
            spark, args.warcs, args.output, args.format, thresh_partition(settings, args.threads), args.overwrite
        )
    finally:
        spark.stop()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
