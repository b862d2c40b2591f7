"""thresh as a datatrove extractor: ``Thresh`` goes wherever datatrove's
``Trafilatura`` step goes.

>>> from datatrove.executor import LocalPipelineExecutor
>>> from datatrove.pipeline.readers import WarcReader
>>> from datatrove.pipeline.writers import JsonlWriter
>>> from thresh.datatrove import Thresh
>>> executor = LocalPipelineExecutor(  # doctest: +SKIP
...     pipeline=[WarcReader("crawl/"), Thresh(focus="balanced"), JsonlWriter("clean/")],
...     tasks=8,
... )

Each document's text (the page's HTML, as the readers give it) becomes
the article's text; its metadata gains the article's ``title``, ``lang``
and ``page_type``. A page with no article text is dropped, as datatrove's
extractors drop an empty result.

Unlike datatrove's other extractors, ``Thresh`` cleans in the task's own
process: thresh stops a page at its ``timeout`` by itself (a page built to
stall a parser is cut off at the budget, counted as ``timeout`` and
skipped), does not crash on any input, and frees what a page took when it
is done with it. So it needs none of the sandbox process that the other
extractors send each page to and back through a pipe, and it is that
much faster.

This module needs datatrove (``pip install datatrove``); ``import thresh``
does not.
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.extractors.base import BaseExtractor
from datatrove.utils.logging import logger
from datatrove.utils.typeshelper import StatHints

from . import CleanError, Cleaner

__all__ = ["Thresh"]

#: Why a page yields no text, counted under the reason's own name and as
#: dropped; any other failure counts as ``clean_error``.
_DROPPED = ("no_content", "empty", "other_language", "binary")


class Thresh(BaseExtractor):
    """thresh's cleaner as a datatrove extractor.

    Args:
        focus: "precision", "balanced" or "recall" (docs/pipeline.md).
        timeout: the time a page may take, in seconds; a page that takes
            longer is skipped and counted as ``timeout``.
        page_type: force one page type ("article", "forum", "product",
            ...) instead of letting thresh tell it page by page.
        metadata: add the article's ``title``, ``lang`` and ``page_type``
            to each document's metadata.
        **settings: any other ``[clean]`` setting of a pipeline file
            (``tables``, ``comments``, ``keep``, ``drop``,
            ``target_language``, ``max_bytes``...). A bad setting raises
            ``thresh.CleanError`` here, not in the tasks.
    """

    name = "🌾 Thresh"

    def __init__(
        self,
        focus: str = "balanced",
        timeout: float = 0.1,
        *,
        page_type: Optional[str] = None,
        metadata: bool = True,
        **settings: Any,
    ) -> None:
        super().__init__(timeout)
        self.focus = focus
        self.page_type = page_type
        self.metadata = metadata
        self.settings = settings
        self._cleaner: Optional[Cleaner] = self._make()

    def _make(self) -> Cleaner:
        return Cleaner(focus=self.focus, page_type=self.page_type, timeout=self.timeout, **self.settings)

    # The native cleaner does not pickle; a task (another process, as
    # datatrove's executors start them) makes its own.
    def __getstate__(self) -> Dict[str, Any]:
        state = dict(self.__dict__)
        state["_cleaner"] = None
        return state

    def __setstate__(self, state: Dict[str, Any]) -> None:
        self.__dict__.update(state)

    @property
    def cleaner(self) -> Cleaner:
        if self._cleaner is None:
            self._cleaner = self._make()
        return self._cleaner

    def extract(self, text: str) -> str:
        """The article text of one page (HTML or a text dump); "" when it
        has none or cannot be cleaned."""
        try:
            return self.cleaner.clean(text)["text"]
        except CleanError:
            return ""

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Clean each document in turn; yield those with article text."""
        warned = False
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                try:
                    record = self.cleaner.clean(doc.text, doc.metadata.get("url"))
                except CleanError as e:
                    if e.kind == "timeout":
                        self.stat_update("timeout")
                    elif e.kind in _DROPPED:
                        self.stat_update(e.kind, StatHints.dropped)
                    else:
                        self.stat_update("clean_error")
                        if not warned:
                            logger.warning(f"thresh: {e}; skipped (this message appears once per task)")
                            warned = True
                    continue
            self.stat_update("extracted")
            doc.text = record["text"]
            if self.metadata:
                for key in ("title", "lang", "page_type"):
                    if record.get(key) is not None:
                        doc.metadata[key] = record[key]
            if doc.text:
                self.stat_update(StatHints.forwarded)
                self.update_doc_stats(doc)
                yield doc
            else:
                self.stat_update(StatHints.dropped)
