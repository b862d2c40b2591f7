"""Type stubs of the native module (crates/python/src/lib.rs)."""

from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

__version__: str

class CleanError(ValueError):
    """A page that cannot be cleaned, or a bad setting; names the input."""

    #: Why, in one stable word: "empty", "binary", "timeout", "no_content",
    #: "other_language", "too_large", "gzip", "config", "warc", "io"...
    kind: str

class NativeCleaner:
    def __init__(self, options_json: str = "{}") -> None: ...
    def clean(
        self,
        content: Union[str, bytes],
        url: Optional[str] = None,
        content_type: Optional[str] = None,
        warc_record_id: Optional[str] = None,
        fetched_at: Optional[str] = None,
    ) -> str: ...
    def clean_batch(
        self,
        items: List[Tuple[Union[str, bytes], Tuple[Optional[str], Optional[str], Optional[str], Optional[str]]]],
        threads: int,
    ) -> List[Tuple[Optional[str], Optional[str], Optional[str]]]: ...

class WarcPages(Iterator[Dict[str, Any]]):
    def __iter__(self) -> "WarcPages": ...
    def __next__(self) -> Dict[str, Any]: ...

def read_warc(path: str, max_bytes: Optional[int] = None) -> WarcPages: ...
