//! `thresh._thresh`: the native half of the `thresh` Python package.
//!
//! The Python half (`python/thresh/__init__.py`) holds the API users see;
//! this module holds the work: a cleaner built from options (the `[clean]`
//! keys of a pipeline file, as JSON), cleaning one page or a batch on
//! native threads with the GIL released, and a lazy WARC reader. Articles
//! cross as their JSONL record (the line `thresh clean --format jsonl`
//! prints), which the Python half parses: one format, the same bytes as
//! the CLI's.

use std::sync::{Arc, Mutex};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use rayon::iter::{IntoParallelIterator, ParallelIterator};
use thresh_clean::{AutoCleaner, Cleaner as _, Options};
use thresh_core::Page;
use thresh_emit::{Format, render};
use thresh_fetch::{FetchError, Limits, page_from_bytes};

create_exception!(
    thresh,
    CleanError,
    PyValueError,
    "A page that cannot be cleaned (empty, binary, too large, out of time, no text) or a bad setting; the message names the input, and `kind` is a short stable name for the reason."
);

/// One page to clean, owned (so that it can cross to a worker thread).
struct Input {
    /// The page's URL, if known: the record's `url`, and the base of its
    /// links.
    url: Option<String>,
    /// The `Content-Type` it came with, if any (its charset counts).
    content_type: Option<String>,
    /// The bytes, as read.
    body: Vec<u8>,
    /// The WARC record it came from, and that record's date (RFC 3339):
    /// a WET record written of the article refers to them.
    warc: Option<(String, Option<String>)>,
}

/// What a page may come with besides its content: `url`,
/// `content_type`, `warc_record_id`, `fetched_at`.
type Extras = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// One page's outcome in a batch: its record, or its error's message and
/// kind.
type Outcome = (Option<String>, Option<String>, Option<String>);

impl Input {
    /// Read `content` (`str` or `bytes`).
    fn of(content: &Bound<'_, PyAny>, extras: Extras) -> PyResult<Input> {
        let (url, content_type, warc_record_id, fetched_at) = extras;
        let body = if let Ok(s) = content.cast::<PyString>() {
            s.to_cow()?.as_bytes().to_vec()
        } else if let Ok(b) = content.cast::<PyBytes>() {
            b.as_bytes().to_vec()
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                "content must be str or bytes, not {}",
                content.get_type().name()?
            )));
        };
        Ok(Input {
            url,
            content_type,
            body,
            warc: warc_record_id.map(|id| (id, fetched_at)),
        })
    }

    /// The name of the input in errors and in the record's `source`.
    fn source(&self) -> String {
        self.url.clone().unwrap_or_else(|| "<input>".to_string())
    }
}

/// A cleaner with its settings, shared by threads.
#[pyclass(frozen, module = "thresh._thresh", name = "NativeCleaner")]
struct NativeCleaner {
    cleaner: AutoCleaner,
    limits: Limits,
    /// The threads of `clean_batch`, once it has run on more than one.
    pool: Mutex<Option<Arc<rayon::ThreadPool>>>,
}

#[pymethods]
impl NativeCleaner {
    /// A cleaner from options as JSON: the `[clean]` keys of a pipeline
    /// file (`focus`, `input`, `page_type`, `page_timeout_secs`, `tables`,
    /// `images`, `comments`, `keep`, `drop`, `target_language`...), plus
    /// `max_bytes`, the largest input accepted (default 50 MiB).
    #[new]
    #[pyo3(signature = (options_json = "{}"))]
    fn new(py: Python<'_>, options_json: &str) -> PyResult<Self> {
        let bad = |message: String| Failure::config(message).into_err(py);
        let mut value: serde_json::Value =
            serde_json::from_str(options_json).map_err(|e| bad(format!("settings: {e}")))?;
        let mut limits = Limits::default();
        if let Some(map) = value.as_object_mut()
            && let Some(max) = map.remove("max_bytes")
        {
            limits.max_bytes = max
                .as_u64()
                .filter(|&m| m > 0)
                .ok_or_else(|| bad(format!("max_bytes = {max}: not a positive number of bytes")))?;
        }
        let options: Options =
            serde_json::from_value(value).map_err(|e| bad(format!("settings: {e}")))?;
        let settings = options.resolve().map_err(|e| bad(e.to_string()))?;
        Ok(NativeCleaner {
            cleaner: AutoCleaner::new(settings),
            limits,
            pool: Mutex::new(None),
        })
    }

    /// Clean one page (`str` or `bytes`) with the GIL released: its
    /// Article record as one JSON line.
    #[pyo3(signature = (content, url = None, content_type = None, warc_record_id = None, fetched_at = None))]
    fn clean(
        &self,
        py: Python<'_>,
        content: &Bound<'_, PyAny>,
        url: Option<String>,
        content_type: Option<String>,
        warc_record_id: Option<String>,
        fetched_at: Option<String>,
    ) -> PyResult<String> {
        let input = Input::of(content, (url, content_type, warc_record_id, fetched_at))?;
        py.detach(|| self.run(input)).map_err(|f| f.into_err(py))
    }

    /// Clean a batch of `(content, url, content_type, warc_record_id,
    /// fetched_at)` on `threads` native threads with the GIL released: for
    /// each page in order, its record and two `None`s, or `None`, the
    /// error's message and its kind.
    fn clean_batch(
        &self,
        py: Python<'_>,
        items: Vec<(Bound<'_, PyAny>, Extras)>,
        threads: usize,
    ) -> PyResult<Vec<Outcome>> {
        let inputs = items
            .into_iter()
            .map(|(content, extras)| Input::of(&content, extras))
            .collect::<PyResult<Vec<_>>>()?;
        let results = py.detach(|| self.run_all(inputs, threads.max(1)));
        Ok(results
            .into_iter()
            .map(|r| match r {
                Ok(record) => (Some(record), None, None),
                Err(f) => (None, Some(f.message), Some(f.kind)),
            })
            .collect())
    }
}

impl NativeCleaner {
    /// Clean one input to its JSONL record (without the newline).
    fn run(&self, input: Input) -> Result<String, Failure> {
        let source = input.source();
        let mut page = page_from_bytes(source, input.body, &self.limits).map_err(Failure::fetch)?;
        page.final_url = input.url;
        page.content_type = input.content_type;
        if let Some((id, date)) = input.warc {
            page.warc_record_id = Some(id);
            page.fetched_at = date
                .as_deref()
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&chrono::Utc));
        }
        let article = self.cleaner.clean(&page).map_err(|e| Failure {
            kind: e.kind().to_string(),
            message: e.to_string(),
        })?;
        let mut line = render(&article, Format::Jsonl).map_err(|e| Failure {
            kind: "emit".to_string(),
            message: e.to_string(),
        })?;
        if line.ends_with('\n') {
            line.pop();
        }
        Ok(line)
    }

    /// Clean inputs on `threads` threads; results in input order. One
    /// thread is the caller's; more are this cleaner's pool, kept between
    /// batches so that each thread's caches stay warm.
    fn run_all(&self, inputs: Vec<Input>, threads: usize) -> Vec<Result<String, Failure>> {
        if threads <= 1 || inputs.len() <= 1 {
            return inputs.into_iter().map(|i| self.run(i)).collect();
        }
        match self.pool(threads) {
            Ok(pool) => pool.install(|| inputs.into_par_iter().map(|i| self.run(i)).collect()),
            Err(e) => inputs
                .iter()
                .map(|_| {
                    Err(Failure {
                        kind: "threads".to_string(),
                        message: format!("cannot start {threads} cleaning threads: {e}"),
                    })
                })
                .collect(),
        }
    }

    /// The pool of `threads` threads, made on first use and again only
    /// when the count changes.
    fn pool(&self, threads: usize) -> Result<Arc<rayon::ThreadPool>, rayon::ThreadPoolBuildError> {
        let mut slot = self
            .pool
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(pool) = slot.as_ref()
            && pool.current_num_threads() == threads
        {
            return Ok(Arc::clone(pool));
        }
        let pool = Arc::new(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|n| format!("thresh-clean-{n}"))
                .build()?,
        );
        *slot = Some(Arc::clone(&pool));
        Ok(pool)
    }
}

/// Why a page was not cleaned: the message, naming the input, and a short
/// stable kind (`no_content`, `timeout`, `too_large`, ...) for counting.
struct Failure {
    kind: String,
    message: String,
}

impl Failure {
    fn fetch(e: FetchError) -> Failure {
        Failure {
            kind: e.kind(),
            message: e.to_string(),
        }
    }

    fn config(message: String) -> Failure {
        Failure {
            kind: "config".to_string(),
            message,
        }
    }

    /// The `CleanError` to raise, its `kind` set.
    fn into_err(self, py: Python<'_>) -> PyErr {
        let err = CleanError::new_err(self.message);
        // Setting an attribute on a fresh exception does not fail; if it
        // did, the error would still be raised, without its kind.
        let _ = err.value(py).setattr("kind", self.kind);
        err
    }
}

/// The pages of a WARC file, read lazily.
#[pyclass(unsendable, module = "thresh._thresh", name = "WarcPages")]
struct WarcPages {
    pages: Box<dyn Iterator<Item = Result<Page, FetchError>>>,
}

#[pymethods]
impl WarcPages {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__<'py>(&mut self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        match self.pages.next() {
            None => Ok(None),
            Some(Err(e)) => Err(Failure::fetch(e).into_err(py)),
            Some(Ok(page)) => page_dict(py, &page).map(Some),
        }
    }
}

/// A page as a dict: `url`, `source`, `status`, `headers` (a list of
/// name/value pairs), `content_type`, `body` (bytes), `fetched_at` (RFC
/// 3339), `warc_record_id`.
fn page_dict<'py>(py: Python<'py>, page: &Page) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("url", page.final_url.as_deref().unwrap_or(&page.source))?;
    d.set_item("source", &page.source)?;
    d.set_item("status", page.status)?;
    d.set_item("headers", page.headers.clone())?;
    d.set_item("content_type", page.content_type.as_deref())?;
    d.set_item("body", PyBytes::new(py, &page.body))?;
    d.set_item("fetched_at", page.fetched_at.map(|t| t.to_rfc3339()))?;
    d.set_item("warc_record_id", page.warc_record_id.as_deref())?;
    Ok(d)
}

/// Iterate the response (2xx), resource and conversion (WET) records of a
/// WARC or WARC.gz file as page dicts, with thresh's size limit per record.
#[pyfunction]
#[pyo3(signature = (path, max_bytes = None))]
fn read_warc(
    py: Python<'_>,
    path: std::path::PathBuf,
    max_bytes: Option<u64>,
) -> PyResult<WarcPages> {
    let mut limits = Limits::default();
    if let Some(m) = max_bytes {
        limits.max_bytes = m;
    }
    if !path.is_file() {
        return Err(Failure {
            kind: "io".to_string(),
            message: format!("{}: not a readable WARC file", path.display()),
        }
        .into_err(py));
    }
    Ok(WarcPages {
        pages: thresh_fetch::warc::read_warc(&path, &limits),
    })
}

/// The native module.
#[pymodule]
fn _thresh(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NativeCleaner>()?;
    m.add_class::<WarcPages>()?;
    m.add_function(wrap_pyfunction!(read_warc, m)?)?;
    let error = m.py().get_type::<CleanError>();
    // The reason's kind, set on every CleanError thresh raises.
    error.setattr("kind", "error")?;
    m.add("CleanError", error)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
