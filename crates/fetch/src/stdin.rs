//! Reading standard input: a JSONL stream of [`Page`] records, or one raw
//! document.

use std::io::Read;

use thresh_core::Page;

use crate::FetchError;
use crate::files::{GZIP_MAGIC, Limits, gunzip, too_large};

/// The name standard input goes by in errors.
const STDIN: &str = "stdin";

/// Read standard input; see [`read_stream`] for what comes back.
pub fn read_stdin(limits: &Limits) -> Vec<Result<Page, FetchError>> {
    read_stream(std::io::stdin().lock(), limits)
}

/// Read a stream as standard input is read: all of it, up to
/// [`Limits::max_bytes`] (more is [`FetchError::TooLarge`] naming `stdin`).
///
/// Input starting with the gzip magic bytes is decompressed first (bounded by
/// the same limit). Then:
///
/// - if the input has at least one non-empty line, every non-empty line is a
///   JSON object, and the first one is a [`Page`] record (it has `source` and
///   `body` or `body_base64`), the input is a JSONL page stream: one
///   `Ok(Page)` per good line, and a [`FetchError::Stdin`] whose message
///   starts `line N:` (1-based) for each line that is not a page record;
/// - otherwise the whole input is one raw document: a single page with
///   source `-` and the bytes as read.
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
pub fn read_stream<R: Read>(reader: R, limits: &Limits) -> Vec<Result<Page, FetchError>> {
    match read_all(reader, limits) {
        Ok(bytes) => split_records(bytes),
        Err(err) => vec![Err(err)],
    }
}

fn read_all<R: Read>(reader: R, limits: &Limits) -> Result<Vec<u8>, FetchError> {
    let mut bytes = Vec::new();
    reader
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| FetchError::Stdin {
            message: format!("cannot read: {e}"),
        })?;
    if bytes.len() as u64 > limits.max_bytes {
        return Err(too_large(STDIN.to_string(), limits));
    }
    if bytes.starts_with(&GZIP_MAGIC) {
        bytes = gunzip(&bytes, STDIN, limits)?;
    }
    Ok(bytes)
}

/// The non-empty lines of `bytes` with their 1-based line numbers, a final
/// `\r` removed.
fn non_empty_lines(bytes: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    bytes
        .split(|&b| b == b'\n')
        .enumerate()
        .map(|(i, line)| (i + 1, line.strip_suffix(b"\r").unwrap_or(line)))
        .filter(|(_, line)| !line.trim_ascii().is_empty())
}

/// One page per JSONL record when the input is a page stream, else the
/// whole input as one raw page.
fn split_records(bytes: Vec<u8>) -> Vec<Result<Page, FetchError>> {
    match parse_jsonl(&bytes) {
        Some(records) => {
            tracing::debug!(records = records.len(), "stdin is a JSONL page stream");
            records
        }
        None => {
            tracing::debug!(bytes = bytes.len(), "stdin is one raw document");
            vec![Ok(Page::from_bytes("-", bytes))]
        }
    }
}

/// `None` when the input is not a JSONL page stream.
fn parse_jsonl(bytes: &[u8]) -> Option<Vec<Result<Page, FetchError>>> {
    let mut objects = Vec::new();
    for (number, line) in non_empty_lines(bytes) {
        match serde_json::from_slice::<serde_json::Value>(line) {
            Ok(value @ serde_json::Value::Object(_)) => objects.push((number, value)),
            _ => return None,
        }
    }
    let mut records = Vec::with_capacity(objects.len());
    for (index, (number, value)) in objects.into_iter().enumerate() {
        match serde_json::from_value::<Page>(value) {
            Ok(page) => records.push(Ok(page)),
            // A first line that is an object but not a page: this is some
            // other JSON document, not a page stream.
            Err(_) if index == 0 => return None,
            Err(e) => records.push(Err(FetchError::Stdin {
                message: format!("line {number}: not a page record: {e}"),
            })),
        }
    }
    (!records.is_empty()).then_some(records)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn limits(max_bytes: u64) -> Limits {
        Limits { max_bytes }
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
    fn json_objects_that_are_not_pages_are_one_raw_document() {
        let input = "{\"title\": \"x\"}\n{\"source\": \"a\", \"body\": \"b\"}\n";
        let out = read_stream(input.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().body, input.as_bytes());
    }

    #[test]
    fn a_non_object_line_makes_the_input_raw() {
        let input = "{\"source\": \"a\", \"body\": \"b\"}\nplain text\n";
        let out = read_stream(input.as_bytes(), &Limits::default());
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].as_ref().unwrap().source, "-");
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
