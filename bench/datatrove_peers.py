"""The Python half of bench/datatrove-peers (run it through that script,
which installs what it needs): LocalPipelineExecutor pipelines (2 tasks, 2
workers) of WarcReader -> extractor -> JsonlWriter over the same WARC
files, with thresh's step, with thresh's step run the way datatrove runs
its other extractors (each page through a sandbox process), and with
datatrove's own Trafilatura step. Each runs once to warm up, then three
times; the figure is docs/s over the median.

Usage: datatrove_peers.py PAGES_DIR COPIES
"""

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.extractors import Trafilatura
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from datatrove.utils.logging import logger

from thresh.datatrove import Thresh
from warcs import write_warcs

#: WARC files the pages are dealt into.
FILES = 8


class SandboxedThresh(Thresh):
    """thresh's step as datatrove runs its other extractors."""

    run = BaseExtractor.run


def main():
    logger.remove()  # datatrove's per-task reports, not the figures
    pages_dir, copies = Path(sys.argv[1]), int(sys.argv[2])
    work = Path(tempfile.mkdtemp(prefix="thresh-datatrove-peers-"))
    _, n = write_warcs(pages_dir, copies, work / "in", FILES)
    steps = {
        "thresh.datatrove.Thresh": Thresh,
        "Thresh in datatrove's sandbox": SandboxedThresh,
        "datatrove Trafilatura": Trafilatura,
    }
    rates = {}
    for name, make in steps.items():
        times = []
        for k in range(4):
            out = work / f"out-{k}"
            shutil.rmtree(out, ignore_errors=True)
            shutil.rmtree(work / "logs", ignore_errors=True)
            executor = LocalPipelineExecutor(
                pipeline=[WarcReader(str(work / "in"), glob_pattern="*.warc.gz"), make(), JsonlWriter(str(out))],
                tasks=2,
                workers=2,
                logging_dir=str(work / "logs"),
            )
            t = time.perf_counter()
            executor.run()
            if k:  # the first run warms up
                times.append(time.perf_counter() - t)
        rates[name] = n / statistics.median(times)
    shutil.rmtree(work)
    for name, r in rates.items():
        print(f"{name:32} {r:8.1f} docs/s  ({n} pages in {FILES} WARC files, 2 tasks)")
    ours, sandboxed, theirs = rates.values()
    print(f"Thresh / Trafilatura             {ours / theirs:.2f}x")
    print(f"Thresh / Thresh in the sandbox   {ours / sandboxed:.2f}x")


if __name__ == "__main__":
    main()
