//! Reading WARC records, and WARC files as pages.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use thresh_core::Page;

use super::http::parse_response;
use crate::FetchError;
use crate::files::{GZIP_MAGIC, Limits};

/// Largest header section of a record accepted.
const MAX_HEADER_BYTES: usize = 64 * 1024;

/// One WARC record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WarcRecord {
    /// The version, e.g. `1.1`.
    pub version: String,
    /// The headers in order, names as written.
    pub headers: Vec<(String, String)>,
    /// The block (`Content-Length` bytes).
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Reads WARC records one at a time from a buffered stream (decompress a
/// `.warc.gz` first, e.g. with [`read_warc`]). A record whose block is over
/// the size limit is skipped (read past, not kept) and reported as
/// [`FetchError::TooLarge`]; malformed input is [`FetchError::Warc`] naming
/// the record, after which reading stops (the next record cannot be found).
#[derive(Debug)]
pub struct WarcReader<R: BufRead> {
    input: R,
    name: String,
    max_block: u64,
    index: usize,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `input`, named `name` in errors, keeping blocks of up
    /// to `max_block` bytes.
    pub fn new(input: R, name: impl Into<String>, max_block: u64) -> Self {
        WarcReader {
            input,
            name: name.into(),
            max_block,
            index: 0,
            done: false,
        }
    }

    fn error(&self, message: impl Into<String>) -> FetchError {
        FetchError::Warc {
            input: format!("{} (record {})", self.name, self.index),
            message: message.into(),
        }
    }

    /// One line, without the line end; `None` at the end of the input.
    fn line(&mut self, budget: &mut usize) -> Result<Option<String>, FetchError> {
        let mut buf = Vec::new();
        let limit = u64::try_from(*budget).unwrap_or(u64::MAX).saturating_add(1);
        let n = (&mut self.input)
            .take(limit)
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.error(format!("cannot read: {e}")))?;
        if n == 0 {
            return Ok(None);
        }
        if n > *budget {
            return Err(self.error("header section too long"));
        }
        *budget -= n;
        while buf.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
            buf.pop();
        }
        Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
    }

    fn next_record(&mut self) -> Result<Option<WarcRecord>, FetchError> {
        let mut budget = MAX_HEADER_BYTES;
        // Blank lines between records (the closing CRLFs, or extra ones).
        let version = loop {
            match self.line(&mut budget)? {
                None => return Ok(None),
                Some(line) if line.trim().is_empty() => continue,
                Some(line) => break line,
            }
        };
        self.index += 1;
        let Some(version) = version.strip_prefix("WARC/") else {
            return Err(self.error(format!(
                "expected a WARC/ version line, found {:?}",
                truncate(&version)
            )));
        };
        let version = version.trim().to_string();
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let Some(line) = self.line(&mut budget)? else {
                return Err(self.error("end of input inside the record headers"));
            };
            if line.is_empty() {
                break;
            }
            if line.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(line.trim());
                }
                continue;
            }
            let Some((name, value)) = line.split_once(':') else {
                return Err(self.error(format!("bad header line {:?}", truncate(&line))));
            };
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .map(|(_, v)| v.parse::<u64>());
        let length = match length {
            Some(Ok(n)) => n,
            Some(Err(_)) => return Err(self.error("bad Content-Length")),
            None => return Err(self.error("no Content-Length")),
        };
        if length > self.max_block {
            let skipped = io::copy(&mut (&mut self.input).take(length), &mut io::sink())
                .map_err(|e| self.error(format!("cannot read: {e}")))?;
            if skipped < length {
                return Err(self.error("end of input inside a record block"));
            }
            let target = headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case("warc-target-uri"))
                .map_or_else(|| self.name.clone(), |(_, v)| v.clone());
            return Err(FetchError::TooLarge {
                input: format!("{} (record {}: {target})", self.name, self.index),
                limit: self.max_block,
            });
        }
        let mut block = Vec::with_capacity(crate::files::capacity(length));
        (&mut self.input)
            .take(length)
            .read_to_end(&mut block)
            .map_err(|e| self.error(format!("cannot read: {e}")))?;
        if (block.len() as u64) < length {
            return Err(self.error("end of input inside a record block"));
        }
        Ok(Some(WarcRecord {
            version,
            headers,
            block,
        }))
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<WarcRecord, FetchError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.next_record() {
            Ok(Some(record)) => Some(Ok(record)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(e @ FetchError::TooLarge { .. }) => Some(Err(e)),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(60).collect()
}

/// Whether a path names a WARC file: `.warc` or `.warc.gz`,
/// case-insensitive.
pub fn is_warc_path(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    name.ends_with(".warc") || name.ends_with(".warc.gz")
}

/// Read a WARC file (gzipped per record, gzipped whole, or plain; told by
/// its first bytes) as pages: one per `response` record with a 2xx HTTP
/// response, one per `resource` record, and one per `conversion` record
/// (a WET file's text, whose `warc_record_id` is the response it refers
/// to). Other records (`request`, `warcinfo`, `metadata`, `revisit`,
/// non-2xx responses) are passed over.
///
/// Each page has `source` and `final_url` = the record's
/// `WARC-Target-URI`, the HTTP status, headers and content type, the body
/// with chunking and content encoding undone (bounded by
/// [`Limits::max_bytes`]), and `fetched_at` = the `WARC-Date`.
///
/// The file is read lazily: memory stays flat however large it is. A file
/// that cannot be opened is one [`FetchError::Io`].
pub fn read_warc(
    path: &Path,
    limits: &Limits,
) -> Box<dyn Iterator<Item = Result<Page, FetchError>>> {
    match File::open(path) {
        Ok(file) => read_warc_from(file, &path.display().to_string(), limits),
        Err(source) => Box::new(std::iter::once(Err(FetchError::Io {
            path: path.to_path_buf(),
            source,
        }))),
    }
}

/// [`read_warc`] over any reader (bytes in memory, a socket, a pipe):
/// gzip is recognised by its magic number, `name` names the input in
/// errors and is the source of records without a `WARC-Target-URI`.
///
/// ```
/// use thresh_fetch::{Limits, warc::read_warc_from};
/// let warc = b"WARC/1.1\r\nWARC-Type: resource\r\nWARC-Target-URI: file:///a.html\r\n\
/// Content-Type: text/html\r\nContent-Length: 10\r\n\r\n<p>hi</p>\n\r\n\r\n";
/// let pages: Vec<_> = read_warc_from(&warc[..], "mem.warc", &Limits::default()).collect();
/// assert_eq!(pages[0].as_ref().unwrap().source, "file:///a.html");
/// ```
pub fn read_warc_from<'a, R: Read + 'a>(
    input: R,
    name: &str,
    limits: &Limits,
) -> Box<dyn Iterator<Item = Result<Page, FetchError>> + 'a> {
    let name = name.to_string();
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let gz = match input.fill_buf() {
        Ok(head) => head.starts_with(&GZIP_MAGIC),
        Err(e) => {
            return Box::new(std::iter::once(Err(FetchError::Warc {
                input: name,
                message: format!("cannot read: {e}"),
            })));
        }
    };
    let input: Box<dyn BufRead + 'a> = if gz {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(input),
        ))
    } else {
        Box::new(input)
    };
    let limit = limits.max_bytes;
    let reader = WarcReader::new(input, name.clone(), limit);
    Box::new(reader.filter_map(move |record| match record {
        Err(e) => Some(Err(e)),
        Ok(record) => record_page(&record, &name, limit),
    }))
}

/// The page of one record, if it holds one.
fn record_page(record: &WarcRecord, name: &str, limit: u64) -> Option<Result<Page, FetchError>> {
    let kind = record
        .header("warc-type")
        .unwrap_or("")
        .to_ascii_lowercase();
    let target = record.header("warc-target-uri").unwrap_or(name).trim();
    let target = target
        .trim_start_matches('<')
        .trim_end_matches('>')
        .to_string();
    let fetched_at = record
        .header("warc-date")
        .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
        .map(|d| d.with_timezone(&Utc));
    let mut page = match kind.as_str() {
        "response" => {
            let ct = record
                .header("content-type")
                .unwrap_or("")
                .to_ascii_lowercase();
            if !ct.starts_with("application/http") {
                tracing::debug!(%target, content_type = %ct, "WARC response record that is not HTTP: passed over");
                return None;
            }
            let http = match parse_response(&record.block, &target, limit) {
                Ok(http) => http,
                Err(e) => return Some(Err(e)),
            };
            if !(200..300).contains(&http.status) {
                tracing::debug!(%target, status = http.status, "WARC response is not a success: passed over");
                return None;
            }
            let mut page = Page::from_bytes(target.clone(), http.body);
            page.status = Some(http.status);
            page.content_type = http
                .headers
                .iter()
                .find(|(n, _)| n == "content-type")
                .map(|(_, v)| v.clone());
            page.headers = http.headers;
            page
        }
        // A WET file's text (`thresh clean --format warc`'s, Common
        // Crawl's) is a page of its own.
        "resource" | "conversion" => {
            let mut page = Page::from_bytes(target.clone(), record.block.clone());
            page.content_type = record.header("content-type").map(str::to_string);
            page
        }
        other => {
            tracing::trace!(%target, kind = other, "WARC record passed over");
            return None;
        }
    };
    page.final_url = Some(target);
    page.fetched_at = fetched_at;
    // A conversion names the response it was made of: the page's record.
    let refers_to = (kind == "conversion")
        .then(|| record.header("warc-refers-to"))
        .flatten();
    page.warc_record_id = refers_to
        .or_else(|| record.header("warc-record-id"))
        .map(str::to_string);
    Some(Ok(page))
}

/// [`record_page`] for the fuzz-style test.
#[cfg(test)]
pub(crate) fn tests_record_page(record: &WarcRecord) -> Option<Result<Page, FetchError>> {
    record_page(record, "fuzz", 1000)
}
