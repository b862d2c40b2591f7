"""thresh.datatrove.Thresh as datatrove runs it: a LocalPipelineExecutor
of WarcReader -> Thresh -> JsonlWriter over WARC files the test writes,
checked record by record against thresh.clean."""

import gzip
import json
import pickle

import pytest

import thresh
from support import need, sample_pages, write_warcs


def expected_articles(index):
    """{url: (record id, Article record)} of the pages with article text."""
    out = {}
    for url, (record_id, html) in index.items():
        try:
            record = thresh.clean(html, url, content_type="text/html")
        except thresh.CleanError:
            continue
        if record["text"]:
            out[url] = (record_id, record)
    return out


def step_stats(logs, name):
    stats = json.loads((logs / "stats.json").read_text())
    return next(s["stats"] for s in stats if name in s["name"])


def test_a_local_pipeline_of_two_tasks_cleans_warc_files_with_thresh(tmp_path):
    need("datatrove")
    need("warcio")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import WarcReader
    from datatrove.pipeline.writers import JsonlWriter

    from thresh.datatrove import Thresh

    index = write_warcs(tmp_path / "in", sample_pages(), files=2)
    logs = tmp_path / "logs"
    LocalPipelineExecutor(
        pipeline=[
            WarcReader(str(tmp_path / "in"), glob_pattern="*.warc.gz"),
            Thresh(),
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=2,
        logging_dir=str(logs),
    ).run()

    outputs = sorted((tmp_path / "out").glob("*.jsonl*"))
    assert len(outputs) == 2, outputs  # one file per task
    got = {}
    for path in outputs:
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                got[doc["metadata"]["url"]] = doc
    expected = expected_articles(index)
    assert "https://pages.example/empty" not in expected
    assert sorted(got) == sorted(expected)
    for url, doc in got.items():
        record_id, record = expected[url]
        assert doc["id"] == record_id
        assert doc["text"] == record["text"], url
        assert doc["metadata"]["title"] == record["title"]
        assert doc["metadata"]["lang"] == record["lang"]
        assert doc["metadata"]["page_type"] == record["page_type"]

    stats = step_stats(logs, "Thresh")
    assert stats["total"] == len(index)
    assert stats["forwarded"] == len(expected)
    assert stats["no_content"] == len(index) - len(expected)


def test_the_step_pickles_counts_timeouts_and_refuses_bad_settings():
    need("datatrove")
    from datatrove.data import Document

    from thresh.datatrove import Thresh

    step = pickle.loads(pickle.dumps(Thresh(focus="precision", timeout=0.5)))
    html = (sample_pages()[0][1]).decode("utf-8")
    assert step.extract(html) == thresh.Cleaner(focus="precision").clean(html)["text"]
    assert step.extract("") == ""

    slow = Thresh(timeout=0.000_001)
    docs = [Document(text="<html><body><table>" + "<tr><td><b><i><u>x" * 40_000, id="slow", metadata={})]
    assert list(slow.run(iter(docs))) == []
    assert slow.stats["timeout"].total == 1

    with pytest.raises(thresh.CleanError, match="sideways"):
        Thresh(focus="sideways")
