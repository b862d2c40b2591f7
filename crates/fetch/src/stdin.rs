//! Reading standard input: a JSONL stream of [`Page`] records (read one
//! line at a time, so memory stays flat however long the stream), or one
//! raw document.

use std::io::{BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;
use thresh_core::Page;

use crate::FetchError;
use crate::files::{GZIP_MAGIC, Limits, too_large};

/// The name standard input goes by in errors.
const STDIN: &str = "stdin";

/// Read standard input lazily; see [`stream_pages`] for what comes back.
pub fn read_stdin(limits: &Limits) -> PageStream<'static> {
    stream_pages(std::io::stdin().lock(), limits)
}

/// [`stream_pages`], collected.
///
/// ```
/// use thresh_fetch::{read_stream, Limits};
/// let input = concat!(
///     r#"{"source":"a.html","body":"<p>A</p>"}"#, "\n",
///     r#"{"source":"b.html"}"#, "\n",
/// );
/// let pages = read_stream(input.as_bytes(), &Limits::default());
/// assert_eq!(pages[0].as_ref().unwrap().source, "a.html");
/// assert!(pages[1].as_ref().unwrap_err().to_string().contains("line 2"));
///
/// let raw = read_stream("<p>just a page</p>".as_bytes(), &Limits::default());
/// assert_eq!(raw[0].as_ref().unwrap().source, "-");
/// ```
pub fn read_stream<'a, R: Read + 'a>(reader: R, limits: &Limits) -> Vec<Result<Page, FetchError>> {
    stream_pages(reader, limits).collect()
}

/// Read a stream as standard input is read. Input starting with the gzip
/// magic bytes is decompressed as it is read. Then:
///
/// - if the first non-empty line is a JSON object that is a [`Page`]
///   record (it has `source` and `body` or `body_base64`), the input is a
///   JSONL page stream, read one line at a time: one `Ok(Page)` per good
///   line, and a [`FetchError::Stdin`] whose message starts `line N:`
///   (1-based) for each non-empty line that is not a page record (or is
///   longer than [`Limits::max_bytes`] and 1 KiB for the record's other
///   fields: a line obeys the size limit as a file does);
/// - otherwise the whole input is one raw document, up to
///   [`Limits::max_bytes`] (more is [`FetchError::TooLarge`] naming
///   `stdin`): a single page with source `-` and the bytes as read.
pub fn stream_pages<'a, R: Read + 'a>(reader: R, limits: &Limits) -> PageStream<'a> {
    let mut input = BufReader::with_capacity(64 * 1024, reader);
    let gz = input
        .fill_buf()
        .map(|head| head.starts_with(&GZIP_MAGIC))
        .unwrap_or(false);
    let input: Box<dyn BufRead + 'a> = if gz {
        Box::new(BufReader::with_capacity(
            64 * 1024,
            MultiGzDecoder::new(input),
        ))
    } else {
        Box::new(input)
    };
    PageStream {
        input,
        gz,
        limits: *limits,
        line: 0,
        state: State::Start,
        name: STDIN.to_string(),
        raw_source: "-".to_string(),
    }
}

/// Read a file of JSONL Page records (`.jsonl`, `.jsonl.gz`) as standard
/// input is read ([`stream_pages`]), its errors naming the file: a file
/// whose first line is not a JSON object is one raw document.
pub fn read_jsonl_path(
    path: &std::path::Path,
    limits: &Limits,
) -> Result<PageStream<'static>, FetchError> {
    let file = std::fs::File::open(path).map_err(|source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(stream_pages(file, limits).named(&path.display().to_string()))
}

/// The pages of a stream, read lazily: see [`stream_pages`].
pub struct PageStream<'a> {
    input: Box<dyn BufRead + 'a>,
    gz: bool,
    limits: Limits,
    /// Lines read so far.
    line: usize,
    state: State,
    /// What errors call the stream (`stdin`, or a file's path).
    name: String,
    /// The source of the page when the stream is one raw document.
    raw_source: String,
}

impl std::fmt::Debug for PageStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

enum State {
    Start,
    Jsonl,
    Done,
}

/// One line read with a length bound.
enum Line {
    End,
    Text(Vec<u8>),
    TooLong,
}

impl PageStream<'_> {
    /// Name the stream in errors (and as the source of a raw document).
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.to_string();
        self.raw_source = name.to_string();
        self
    }

    fn read_error(&self, e: std::io::Error) -> FetchError {
        if self.gz {
            FetchError::Gzip {
                input: self.name.clone(),
                source: e,
            }
        } else {
            FetchError::Stdin {
                input: self.name.clone(),
                message: format!("cannot read: {e}"),
            }
        }
    }

    /// The next line, with its line end, bounded by `max`.
    fn next_line(&mut self, max: u64) -> Result<Line, FetchError> {
        let mut buf = Vec::new();
        let n = (&mut self.input)
            .take(max.saturating_add(1))
            .read_until(b'\n', &mut buf)
            .map_err(|e| self.read_error(e))?;
        if n == 0 {
            return Ok(Line::End);
        }
        self.line += 1;
        if buf.len() as u64 > max && buf.last() != Some(&b'\n') {
            // Skip the rest of the long line.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let n = (&mut self.input)
                    .take(64 * 1024)
                    .read_until(b'\n', &mut rest)
                    .map_err(|e| self.read_error(e))?;
                if n == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            return Ok(Line::TooLong);
        }
        Ok(Line::Text(buf))
    }

    /// The longest JSONL line read: the size limit, plus room for the
    /// record's fields around the body.
    fn line_limit(&self) -> u64 {
        self.limits.max_bytes.saturating_add(1024)
    }

    /// Decide between JSONL and raw on the first non-empty line.
    fn start(&mut self) -> Option<Result<Page, FetchError>> {
        let mut consumed: Vec<u8> = Vec::new();
        let max = self.line_limit();
        loop {
            let line = match self.next_line(max.saturating_sub(consumed.len() as u64)) {
                Ok(line) => line,
                Err(e) => return self.finish(Err(e)),
            };
            match line {
                Line::End => {
                    return self.finish(Ok(Page::from_bytes(self.raw_source.clone(), consumed)));
                }
                Line::TooLong => {
                    let err = too_large(self.name.clone(), &self.limits);
                    return self.finish(Err(err));
                }
                Line::Text(text) if text.trim_ascii().is_empty() => {
                    consumed.extend_from_slice(&text);
                }
                Line::Text(text) => {
                    if let Some(page) = page_record(&text) {
                        tracing::debug!("stdin is a JSONL page stream");
                        self.state = State::Jsonl;
                        return Some(Ok(page));
                    }
                    // A document never starts with `{`: a JSON object is a
                    // record, a bad one an error in a JSONL stream.
                    if text.trim_ascii_start().starts_with(b"{") {
                        tracing::debug!("stdin is a JSONL stream whose first record is bad");
                        self.state = State::Jsonl;
                        return Some(Err(record_error(&self.name, self.line, &text)));
                    }
                    tracing::debug!("stdin is one raw document");
                    consumed.extend_from_slice(&text);
                    let page = self.rest_raw(consumed);
                    return self.finish(page);
                }
            }
        }
    }

    /// The raw document: what was read and the rest.
    fn rest_raw(&mut self, mut consumed: Vec<u8>) -> Result<Page, FetchError> {
        let room = self
            .limits
            .max_bytes
            .saturating_sub(consumed.len() as u64)
            .saturating_add(1);
        (&mut self.input)
            .take(room)
            .read_to_end(&mut consumed)
            .map_err(|e| self.read_error(e))?;
        if consumed.len() as u64 > self.limits.max_bytes {
            return Err(too_large(self.name.clone(), &self.limits));
        }
        Ok(Page::from_bytes(self.raw_source.clone(), consumed))
    }

    fn finish(&mut self, item: Result<Page, FetchError>) -> Option<Result<Page, FetchError>> {
        self.state = State::Done;
        Some(item)
    }
}

impl Iterator for PageStream<'_> {
    type Item = Result<Page, FetchError>;

    fn next(&mut self) -> Option<Self::Item> {
        match self.state {
            State::Done => None,
            State::Start => self.start(),
            State::Jsonl => loop {
                let limit = self.line_limit();
                match self.next_line(limit) {
                    Err(e) => return self.finish(Err(e)),
                    Ok(Line::End) => {
                        self.state = State::Done;
                        return None;
                    }
                    Ok(Line::TooLong) => {
                        return Some(Err(FetchError::Stdin {
                            input: self.name.clone(),
                            message: format!("line {}: longer than {limit} bytes", self.line),
                        }));
                    }
                    Ok(Line::Text(text)) if text.trim_ascii().is_empty() => continue,
                    Ok(Line::Text(text)) => {
                        return Some(
                            serde_json::from_slice::<Page>(&text)
                                .map_err(|_| record_error(&self.name, self.line, &text)),
                        );
                    }
                }
            },
        }
    }
}

/// The page, when `line` is a JSON object that is a page record.
/// Why line `n` is not a page record, in one cause: not JSON (with the
/// column), JSON but not an object, an Article record (the output of
/// `thresh clean`, not its input), or an object that lacks or mistypes a
/// Page field.
fn record_error(input: &str, n: usize, line: &[u8]) -> FetchError {
    let message = match serde_json::from_slice::<serde_json::Value>(line) {
        Err(e) => format!("line {n}: {}", thresh_core::json::not_json(&e)),
        Ok(serde_json::Value::Object(map))
            if map.contains_key("blocks") && map.contains_key("record_version") =>
        {
            format!(
                "line {n}: an Article record (what `thresh clean` writes, and `thresh emit` reads), not a Page record"
            )
        }
        Ok(v @ serde_json::Value::Object(_)) => match serde_json::from_value::<Page>(v) {
            Err(e) => format!(
                "line {n}: not a page record: {}",
                thresh_core::json::cause(&e)
            ),
            Ok(_) => format!("line {n}: not a page record"),
        },
        Ok(_) => format!("line {n}: not a page record: a JSON value that is not an object"),
    };
    FetchError::Stdin {
        input: input.to_string(),
        message,
    }
}

fn page_record(line: &[u8]) -> Option<Page> {
    match serde_json::from_slice::<serde_json::Value>(line) {
        Ok(value @ serde_json::Value::Object(_)) => serde_json::from_value::<Page>(value).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn limits(max_bytes: u64) -> Limits {
        Limits { max_bytes }
    }

    #[test]
    fn a_stream_whose_first_record_is_bad_is_still_a_stream() {
        let input = concat!(
            r#"{"source":"a","body":"<p>A</p>""#,
            "\n",
            r#"{"source":"b","body":"<p>B</p>"}"#,
            "\n",
            r#"{"source":"c","body":"\ud800"}"#,
            "\n",
            r#"{"record_version":2,"source":"d","blocks":[]}"#,
            "\n",
        );
        let out = read_stream(
            std::io::Cursor::new(input.as_bytes().to_vec()),
            &limits(1 << 20),
        );
        assert_eq!(out.len(), 4);
        let err = out[0].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("stdin: line 1: not JSON (column"), "{err}");
        assert!(!err.contains("at line"), "one position: {err}");
        assert_eq!(out[1].as_ref().unwrap().source, "b");
        let err = out[2].as_ref().unwrap_err().to_string();
        assert!(err.contains("line 3:"), "{err}");
        let err = out[3].as_ref().unwrap_err().to_string();
        assert!(err.contains("line 4: an Article record"), "{err}");
    }

    #[test]
    fn jsonl_stream_yields_one_page_per_line_and_an_error_for_a_bad_line() {
        let input = concat!(
            r#"{"source":"https://a.example/","status":200,"body":"<p>A</p>"}"#,
            "\n\n",
            r#"{"source":"b.txt","body_base64":"/w=="}"#,
            "\r\n",
            r#"{"source":"c.html","body":"x","body_base64":"eA=="}"#,
            "\n",
            r#"{"source":"d.html","body":"D"}"#,
            "\n",
        );
        let out = read_stream(input.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 4, "{out:?}");
        let a = out[0].as_ref().unwrap();
        assert_eq!(a.source, "https://a.example/");
        assert_eq!(a.status, Some(200));
        assert_eq!(a.body, b"<p>A</p>");
        assert_eq!(out[1].as_ref().unwrap().body, vec![0xff]);
        let err = out[2].as_ref().unwrap_err();
        assert!(matches!(err, FetchError::Stdin { .. }), "{err:?}");
        let msg = err.to_string();
        assert!(msg.starts_with("stdin: line 4:"), "{msg}");
        assert!(msg.contains("both"), "{msg}");
        assert_eq!(out[3].as_ref().unwrap().source, "d.html");
    }

    #[test]
    fn html_is_one_raw_page_named_dash() {
        let html = "<html>\n<body><p>{\"not\": \"json\"}</p></body>\n</html>\n";
        let out = read_stream(html.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 1);
        let page = out[0].as_ref().unwrap();
        assert_eq!(page.source, "-");
        assert_eq!(page.body, html.as_bytes());
    }

    #[test]
    fn json_objects_that_are_not_pages_are_errors_not_a_raw_document() {
        let input = "{\"title\": \"x\"}\n{\"source\": \"a\", \"body\": \"b\"}\n";
        let out = read_stream(input.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 2);
        let err = out[0].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("stdin: line 1: not a page record"), "{err}");
        assert_eq!(out[1].as_ref().unwrap().source, "a");
    }

    #[test]
    fn a_later_non_page_line_is_an_error_for_that_line() {
        let input = "{\"source\": \"a\", \"body\": \"b\"}\nplain text\n";
        let out = read_stream(input.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].as_ref().unwrap().source, "a");
        let err = out[1].as_ref().unwrap_err().to_string();
        assert!(err.starts_with("stdin: line 2:"), "{err}");
    }

    #[test]
    fn a_record_line_over_the_size_limit_is_refused_without_reading_it_whole() {
        let body = "x".repeat(5000);
        let line = format!("{{\"source\":\"a\",\"body\":\"{body}\"}}\n");
        let small = "{\"source\":\"b\",\"body\":\"ok\"}\n";
        let input = format!("{small}{line}{small}");
        let out = read_stream(std::io::Cursor::new(input.into_bytes()), &limits(2000));
        assert_eq!(out.len(), 3);
        assert!(out[0].is_ok() && out[2].is_ok());
        let err = out[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("line 2: longer than 3024 bytes"), "{err}");
    }

    #[test]
    fn long_stream_is_read_line_by_line_past_the_size_limit() {
        let line = "{\"source\":\"s\",\"body\":\"0123456789\"}\n";
        let input = line.repeat(1000);
        // 40 kB of records, a 100-byte limit: each record fits, the whole does not.
        let out = read_stream(std::io::Cursor::new(input.into_bytes()), &limits(100));
        assert_eq!(out.len(), 1000);
        assert!(out.iter().all(Result::is_ok));
    }

    #[test]
    fn raw_document_keeps_its_exact_bytes() {
        let input = b"\r\n\n  <p>one</p>\r\n<p>two</p>".to_vec();
        let out = read_stream(std::io::Cursor::new(input.clone()), &Limits::default());
        assert_eq!(out[0].as_ref().unwrap().body, input);
    }

    #[test]
    fn empty_input_is_one_empty_page() {
        let out = read_stream(&b""[..], &Limits::default());
        assert_eq!(out.len(), 1);
        assert!(out[0].as_ref().unwrap().body.is_empty());
    }

    #[test]
    fn gzip_input_is_decompressed() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"<p>zipped</p>").unwrap();
        let gz = enc.finish().unwrap();
        let out = read_stream(&gz[..], &Limits::default());
        assert_eq!(out[0].as_ref().unwrap().body, b"<p>zipped</p>");
    }

    #[test]
    fn gzipped_jsonl_is_a_page_stream() {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"{\"source\":\"a\",\"body\":\"A\"}\n{\"source\":\"b\",\"body\":\"B\"}\n")
            .unwrap();
        let gz = enc.finish().unwrap();
        let out = read_stream(&gz[..], &Limits::default());
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].as_ref().unwrap().source, "b");
    }

    #[test]
    fn input_over_the_limit_is_too_large() {
        let out = read_stream(&[b'x'; 100][..], &limits(99));
        assert_eq!(out.len(), 1);
        match &out[0] {
            Err(FetchError::TooLarge { input, limit }) => {
                assert_eq!(input, "stdin");
                assert_eq!(*limit, 99);
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
        assert!(read_stream(&[b'x'; 99][..], &limits(99))[0].is_ok());
    }

    #[test]
    fn corrupt_gzip_is_a_gzip_error() {
        let out = read_stream(&[0x1f, 0x8b, 0x08, 0x00, 0x01][..], &Limits::default());
        assert!(
            matches!(&out[0], Err(FetchError::Gzip { input, .. }) if input == "stdin"),
            "{out:?}"
        );
    }
}
