"""thresh: clean web pages into article bodies.

Give it a page (HTML or a plain-text dump, as ``str`` or ``bytes``) and get
back its Article record: the title, the main text without navigation,
share bars, cookie notes and related-story blocks, the text's blocks and
the page's metadata. The record is the one ``thresh clean --format jsonl``
prints (docs/records.md).

>>> import thresh
>>> html = "<html><head><title>Harbour budget</title></head><body><nav>Home</nav>" \\
...     "<article><h1>Harbour budget</h1><p>The council met on Tuesday and voted " \\
...     "on the budget for the harbour after a long debate about the roads.</p>" \\
...     "</article></body></html>"
>>> article = thresh.clean(html, url="https://news.example/harbour")
>>> article["title"]
'Harbour budget'
>>> "Home" in article["text"]
False

Many pages at once, on native threads and in input order:

>>> cleaner = thresh.Cleaner(focus="precision")
>>> [a["title"] for a in cleaner.clean_many([html, html], threads=2)]
['Harbour budget', 'Harbour budget']

WARC files (Common Crawl's, or ``thresh fetch --warc``'s) are read lazily:
``for page in thresh.read_warc("crawl.warc.gz"): cleaner.clean(page)``.

A page that cannot be cleaned raises ``CleanError``; its ``kind`` says why
in one stable word (``no_content``, ``timeout``, ``too_large``, ``empty``,
``binary``, ``other_language``, ``config``...):

>>> try:
...     thresh.clean("")
... except thresh.CleanError as e:
...     print(e.kind)
empty

In datatrove pipelines, ``thresh.datatrove.Thresh`` takes the place of
datatrove's ``Trafilatura`` extractor (it needs ``pip install datatrove``;
``import thresh`` does not).
"""

from __future__ import annotations

import functools
import json
import os
from typing import Any, Dict, Iterable, Iterator, Mapping, Optional, Tuple, Union

from ._thresh import CleanError, NativeCleaner, __version__
from ._thresh import read_warc as _read_warc

__all__ = ["CleanError", "Cleaner", "clean", "read_warc", "__version__"]

Content = Union[str, bytes]
Item = Union[Content, Tuple[Content, Optional[str]], Mapping[str, Any]]

#: Pages cleaned per native call in ``clean_many``, per thread.
_BATCH_PER_THREAD = 32


class Cleaner:
    """A cleaner with fixed settings, to clean many pages.

    The settings are the ``[clean]`` keys of a pipeline file
    (docs/pipeline.md): ``focus`` ("precision", "balanced", "recall"),
    ``input`` ("auto", "html", "text"), ``page_type`` (force "article",
    "forum", "product", "collection", "listing", "documentation",
    "service"), ``timeout`` (seconds a page may take, default 5),
    ``tables``, ``images``, ``comments``, ``keep`` and ``drop`` (CSS
    selectors), ``target_language``, and ``max_bytes`` (the largest page
    accepted, default 50 MiB). A bad setting raises ``CleanError``.

    >>> page = "<html><body><h1>Notes</h1><p>One short line of text.</p><p>And a second one.</p></body></html>"
    >>> print(Cleaner(focus="recall").clean(page)["text"])
    One short line of text.
    And a second one.
    """

    def __init__(
        self,
        *,
        focus: str = "balanced",
        input: str = "auto",
        page_type: Optional[str] = None,
        timeout: Optional[float] = None,
        **settings: Any,
    ) -> None:
        options: Dict[str, Any] = {"focus": focus, "input": input, **settings}
        if page_type is not None:
            options["page_type"] = page_type
        if timeout is not None:
            options["page_timeout_secs"] = float(timeout)
        self._native = NativeCleaner(json.dumps(options))

    def clean(
        self,
        content: Union[Content, Mapping[str, Any]],
        url: Optional[str] = None,
        *,
        content_type: Optional[str] = None,
    ) -> Dict[str, Any]:
        """Clean one page: ``str``, ``bytes`` (decoded as the CLI decodes a
        file: BOM, declared charset, detection; gzip undone), or a page dict
        from ``read_warc``. Returns the Article record as a dict; raises
        ``CleanError`` naming the page when there is nothing to extract.
        The GIL is released while the page is cleaned."""
        content, extras = _unpack(content, url, content_type)
        return json.loads(self._native.clean(content, *extras))

    def clean_many(
        self,
        items: Iterable[Item],
        threads: Optional[int] = None,
        *,
        errors: str = "raise",
    ) -> Iterator[Any]:
        """Clean pages on ``threads`` native threads (default: one per
        core), yielding their records in input order. An item is a page
        (``str`` or ``bytes``), a ``(page, url)`` pair, or a page dict from
        ``read_warc``. A page that fails raises its ``CleanError`` there
        (``errors="raise"``) or is yielded as the ``CleanError``
        (``errors="return"``), and the others go on."""
        if errors not in ("raise", "return"):
            raise ValueError(f"errors={errors!r}: 'raise' or 'return'")
        n = threads if threads is not None else (os.cpu_count() or 1)
        if n < 1:
            raise ValueError(f"threads={n}: at least 1")
        for batch in _batches(items, _BATCH_PER_THREAD * n):
            yield from self._results(self._native.clean_batch(batch, n), errors)

    def _results(self, outcomes, errors):
        for record, message, kind in outcomes:
            if record is not None:
                yield json.loads(record)
                continue
            error = CleanError(message)
            error.kind = kind
            if errors == "return":
                yield error
            else:
                raise error


def _batches(items: Iterable[Item], size: int) -> Iterator[list]:
    """The items as native inputs, `size` at a time."""
    batch = []
    for item in items:
        batch.append(_item(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _unpack(content, url, content_type):
    """A page's content and what comes with it: url, content type, and a
    WARC page's record id and date."""
    record_id = fetched_at = None
    if isinstance(content, Mapping):
        page = content
        content = page["body"]
        url = url if url is not None else page.get("url")
        content_type = content_type if content_type is not None else page.get("content_type")
        record_id, fetched_at = page.get("warc_record_id"), page.get("fetched_at")
    return content, (url, content_type, record_id, fetched_at)


def _item(item: Item):
    if isinstance(item, tuple):
        content, url = item
        return _unpack(content, url, None)
    return _unpack(item, None, None)


@functools.lru_cache(maxsize=16)
def _cleaner(focus: str, input: str, page_type: Optional[str]) -> Cleaner:
    return Cleaner(focus=focus, input=input, page_type=page_type)


def clean(
    content: Union[Content, Mapping[str, Any]],
    url: Optional[str] = None,
    *,
    focus: str = "balanced",
    input: str = "auto",
    page_type: Optional[str] = None,
    content_type: Optional[str] = None,
) -> Dict[str, Any]:
    """Clean one page with these settings (see ``Cleaner``): its Article
    record as a dict (``title``, ``text``, ``blocks``, ``url``, ``lang``,
    ``page_type``, metadata). Raises ``CleanError`` naming the page when
    it cannot be cleaned."""
    return _cleaner(focus, input, page_type).clean(content, url, content_type=content_type)


def read_warc(path: Union[str, "os.PathLike[str]"], *, max_bytes: Optional[int] = None) -> Iterator[Dict[str, Any]]:
    """Iterate a WARC or WARC.gz file's pages, lazily: one dict per 2xx
    ``response`` record, per ``resource`` record and per ``conversion``
    record (a WET file's text, whose ``warc_record_id`` is the response
    it refers to), with ``url``,
    ``source``, ``status``, ``headers`` (name/value pairs),
    ``content_type``, ``body`` (bytes, chunking and content encoding
    undone), ``fetched_at`` and ``warc_record_id``. A record over
    ``max_bytes`` (default 50 MiB) or a broken file raises ``CleanError``
    naming the file."""
    return _read_warc(os.fspath(path), max_bytes)
