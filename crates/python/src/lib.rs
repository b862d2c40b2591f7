//! `thresh._thresh`: the native half of the `thresh` Python package.
//!
//! The Python half (`python/thresh/__init__.py`) holds the API users see;
//! this module holds the work: a cleaner built from options (the `[clean]`
//! keys of a pipeline file, as JSON), cleaning one page or a batch on
//! native threads with the GIL released, and a lazy WARC reader. Articles
//! cross as their JSONL record (the line `thresh clean --format jsonl`
//! prints), which the Python half parses: one format, the same bytes as
//! the CLI's.

use std::sync::atomic::{AtomicUsize, Ordering};

use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};
use thresh_clean::{AutoCleaner, Cleaner as _, Options};
use thresh_core::Page;
use thresh_emit::{Format, render};
use thresh_fetch::{FetchError, Limits, page_from_bytes};

create_exception!(
    thresh,
    CleanError,
    PyValueError,
    "A page that cannot be cleaned (empty, binary, too large, out of time, no text) or a bad setting; the message names the input."
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
}

#[pymethods]
impl NativeCleaner {
    /// A cleaner from options as JSON: the `[clean]` keys of a pipeline
    /// file (`focus`, `input`, `page_type`, `page_timeout_secs`, `tables`,
    /// `images`, `comments`, `keep`, `drop`, `target_language`...), plus
    /// `max_bytes`, the largest input accepted (default 50 MiB).
    #[new]
    #[pyo3(signature = (options_json = "{}"))]
    fn new(options_json: &str) -> PyResult<Self> {
        let mut value: serde_json::Value = serde_json::from_str(options_json)
            .map_err(|e| CleanError::new_err(format!("settings: {e}")))?;
        let mut limits = Limits::default();
        if let Some(map) = value.as_object_mut()
            && let Some(max) = map.remove("max_bytes")
        {
            limits.max_bytes = max.as_u64().filter(|&m| m > 0).ok_or_else(|| {
                CleanError::new_err(format!("max_bytes = {max}: not a positive number of bytes"))
            })?;
        }
        let options: Options = serde_json::from_value(value)
            .map_err(|e| CleanError::new_err(format!("settings: {e}")))?;
        let settings = options
            .resolve()
            .map_err(|e| CleanError::new_err(e.to_string()))?;
        Ok(NativeCleaner {
            cleaner: AutoCleaner::new(settings),
            limits,
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
        py.detach(|| self.run(input)).map_err(CleanError::new_err)
    }

    /// Clean a batch of `(content, url, content_type, warc_record_id,
    /// fetched_at)` on `threads` native threads with the GIL released: for
    /// each page in order, its record and `None`, or `None` and the error.
    fn clean_batch(
        &self,
        py: Python<'_>,
        items: Vec<(Bound<'_, PyAny>, Extras)>,
        threads: usize,
    ) -> PyResult<Vec<(Option<String>, Option<String>)>> {
        let inputs = items
            .into_iter()
            .map(|(content, extras)| Input::of(&content, extras))
            .collect::<PyResult<Vec<_>>>()?;
        let results = py.detach(|| self.run_all(inputs, threads.max(1)));
        Ok(results
            .into_iter()
            .map(|r| match r {
                Ok(record) => (Some(record), None),
                Err(e) => (None, Some(e)),
            })
            .collect())
    }
}

impl NativeCleaner {
    /// Clean one input to its JSONL record (without the newline).
    fn run(&self, input: Input) -> Result<String, String> {
        let source = input.source();
        let mut page =
            page_from_bytes(source, input.body, &self.limits).map_err(|e| e.to_string())?;
        page.final_url = input.url;
        page.content_type = input.content_type;
        if let Some((id, date)) = input.warc {
            page.warc_record_id = Some(id);
            page.fetched_at = date
                .as_deref()
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&chrono::Utc));
        }
        let article = self.cleaner.clean(&page).map_err(|e| e.to_string())?;
        let mut line = render(&article, Format::Jsonl).map_err(|e| e.to_string())?;
        if line.ends_with('\n') {
            line.pop();
        }
        Ok(line)
    }

    /// Clean inputs on `threads` threads; results in input order.
    fn run_all(&self, inputs: Vec<Input>, threads: usize) -> Vec<Result<String, String>> {
        let n = inputs.len();
        let slots: Vec<std::sync::Mutex<Option<Input>>> = inputs
            .into_iter()
            .map(|i| std::sync::Mutex::new(Some(i)))
            .collect();
        let next = AtomicUsize::new(0);
        let mut done: Vec<(usize, Result<String, String>)> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..threads.min(n.max(1)))
                .map(|_| {
                    s.spawn(|| {
                        let mut out = Vec::new();
                        loop {
                            let k = next.fetch_add(1, Ordering::Relaxed);
                            let Some(slot) = slots.get(k) else { break };
                            let input = slot.lock().ok().and_then(|mut g| g.take());
                            let result = match input {
                                Some(input) => self.run(input),
                                None => Err("input taken twice".to_string()),
                            };
                            out.push((k, result));
                        }
                        out
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| {
                    w.join()
                        .unwrap_or_else(|_| vec![(usize::MAX, Err("a worker failed".into()))])
                })
                .collect()
        });
        done.sort_by_key(|(k, _)| *k);
        let mut results: Vec<Result<String, String>> =
            (0..n).map(|_| Err("not cleaned".to_string())).collect();
        for (k, r) in done {
            if let Some(slot) = results.get_mut(k) {
                *slot = r;
            }
        }
        results
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
            Some(Err(e)) => Err(CleanError::new_err(e.to_string())),
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

/// Iterate the response (2xx) and resource records of a WARC or WARC.gz
/// file as page dicts, with thresh's size limit per record.
#[pyfunction]
#[pyo3(signature = (path, max_bytes = None))]
fn read_warc(path: std::path::PathBuf, max_bytes: Option<u64>) -> PyResult<WarcPages> {
    let mut limits = Limits::default();
    if let Some(m) = max_bytes {
        limits.max_bytes = m;
    }
    if !path.is_file() {
        return Err(CleanError::new_err(format!(
            "{}: not a readable WARC file",
            path.display()
        )));
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
    m.add("CleanError", m.py().get_type::<CleanError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
