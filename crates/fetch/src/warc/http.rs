//! The HTTP response inside a WARC `response` record.

use bytes::Bytes;

use crate::FetchError;
use crate::decompress::decode_content;

/// A parsed HTTP response.
#[derive(Debug)]
pub(crate) struct HttpResponse {
    pub status: u16,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body with chunking and content encoding undone.
    pub body: Vec<u8>,
}

/// Parse a response block: status line, headers, blank line, body. The
/// body is de-chunked when `Transfer-Encoding: chunked` says so (left as
/// is if the chunking is broken) and content-decoded (at most `limit`
/// bytes). Errors name `target`.
pub(crate) fn parse_response(
    block: &[u8],
    target: &str,
    limit: u64,
) -> Result<HttpResponse, FetchError> {
    let bad = |message: &str| FetchError::Warc {
        input: target.to_string(),
        message: format!("bad HTTP response: {message}"),
    };
    let (head, body) = split_head(block).ok_or_else(|| bad("no end of headers"))?;
    let head = String::from_utf8_lossy(head);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let mut parts = status_line.split_whitespace();
    let proto = parts.next().unwrap_or("");
    if !proto.starts_with("HTTP/") {
        return Err(bad("no status line"));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| bad("no status code"))?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let get = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.to_ascii_lowercase())
    };
    let mut body = body.to_vec();
    if get("transfer-encoding").is_some_and(|te| te.contains("chunked"))
        && let Some(plain) = dechunk(&body)
    {
        body = plain;
    }
    if let Some(encoding) = get("content-encoding") {
        body = decode_content(&encoding, &Bytes::from(body), limit, target)?.to_vec();
    } else if body.len() as u64 > limit {
        return Err(FetchError::TooLarge {
            input: target.to_string(),
            limit,
        });
    }
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// Split at the first empty line (`\r\n\r\n`, or `\n\n` from sloppy
/// writers).
fn split_head(block: &[u8]) -> Option<(&[u8], &[u8])> {
    let crlf = find(block, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(block, b"\n\n").map(|i| (i, 2));
    let (at, len) = match (crlf, lf) {
        (Some(a), Some(b)) => {
            if a.0 <= b.0 {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    Some((&block[..at], &block[at + len..]))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Undo chunked transfer coding; `None` when it is malformed.
fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let line_end = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size_text = size_text.split(';').next()?.trim();
        let size = usize::from_str_radix(size_text, 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if data.len() < size {
            return None;
        }
        out.extend_from_slice(&data[..size]);
        data = data[size..].strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_response_is_parsed() {
        let block =
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Long: a\r\n b\r\n\r\n<p>x</p>";
        let r = parse_response(block, "u", 100).unwrap();
        assert_eq!(r.status, 200);
        assert_eq!(r.headers[0], ("content-type".into(), "text/html".into()));
        assert_eq!(r.headers[1], ("x-long".into(), "a b".into()));
        assert_eq!(r.body, b"<p>x</p>");
    }

    #[test]
    fn chunked_body_is_dechunked() {
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nWiki\r\n5;x=y\r\npedia\r\n0\r\n\r\n";
        let r = parse_response(block, "u", 100).unwrap();
        assert_eq!(r.body, b"Wikipedia");
    }

    #[test]
    fn broken_chunking_keeps_the_raw_body() {
        let block = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc";
        let r = parse_response(block, "u", 100).unwrap();
        assert_eq!(r.body, b"zz\r\nabc");
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for block in [&b""[..], b"hello", b"\r\n\r\n", b"HTTP/1.1 abc\r\n\r\n"] {
            assert!(parse_response(block, "u", 100).is_err());
        }
    }

    #[test]
    fn oversized_body_is_too_large() {
        let block = b"HTTP/1.1 200 OK\r\n\r\n0123456789";
        let err = parse_response(block, "u", 5).unwrap_err();
        assert!(matches!(err, FetchError::TooLarge { .. }), "{err:?}");
    }
}
