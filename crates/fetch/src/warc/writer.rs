//! Writing fetched exchanges as WARC/1.1 `request` + `response` records,
//! with the record writer of [`thresh_core::warc`].

use std::io::{self, Write};

use thresh_core::warc::{WarcWriter, record_id, warc_date};

use crate::Fetched;

/// Writing a fetched page's exchange to a [`WarcWriter`].
pub trait WriteExchange {
    /// Write a fetched page's exchange: a `request` record and a
    /// `response` record (concurrent to each other). The response block is
    /// the status line, the headers as received (without
    /// `Transfer-Encoding`, since the body is stored de-chunked) and the
    /// body as transferred (still content-encoded).
    fn write_exchange(&mut self, fetched: &Fetched) -> io::Result<()>;
}

impl<W: Write> WriteExchange for WarcWriter<W> {
    fn write_exchange(&mut self, fetched: &Fetched) -> io::Result<()> {
        let ex = &fetched.exchange;
        let date = warc_date(&ex.fetched_at);
        let request_id = record_id();
        let response_id = record_id();

        let mut response =
            format!("{} {} {}\r\n", ex.version, ex.status, reason(ex.status)).into_bytes();
        for (name, value) in &ex.response_headers {
            if name.eq_ignore_ascii_case("transfer-encoding") {
                continue;
            }
            push_header(&mut response, name, value);
        }
        response.extend_from_slice(b"\r\n");
        response.extend_from_slice(&ex.wire_body);

        let mut headers = vec![
            ("WARC-Type", "response".to_string()),
            ("WARC-Record-ID", response_id.clone()),
            ("WARC-Date", date.clone()),
            ("WARC-Target-URI", ex.url.clone()),
            ("WARC-Concurrent-To", request_id.clone()),
        ];
        if let Some(ip) = &ex.remote_addr {
            headers.push(("WARC-IP-Address", ip.clone()));
        }
        if let Some(info) = self.warcinfo_id() {
            headers.push(("WARC-Warcinfo-ID", info.to_string()));
        }
        headers.push(("Content-Type", "application/http;msgtype=response".into()));
        self.write_record(&headers, &response)?;

        let mut request =
            format!("GET {} {}\r\n", request_target(&ex.url), ex.version).into_bytes();
        for (name, value) in &ex.request_headers {
            push_header(&mut request, name, value);
        }
        request.extend_from_slice(b"\r\n");
        let mut headers = vec![
            ("WARC-Type", "request".to_string()),
            ("WARC-Record-ID", request_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", ex.url.clone()),
            ("WARC-Concurrent-To", response_id),
        ];
        if let Some(info) = self.warcinfo_id() {
            headers.push(("WARC-Warcinfo-ID", info.to_string()));
        }
        headers.push(("Content-Type", "application/http;msgtype=request".into()));
        self.write_record(&headers, &request)
    }
}

fn push_header(out: &mut Vec<u8>, name: &str, value: &str) {
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.replace(['\r', '\n'], " ").as_bytes());
    out.extend_from_slice(b"\r\n");
}

/// The request target of a URL: its path and query.
fn request_target(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(u) => match u.query() {
            Some(q) => format!("{}?{q}", u.path()),
            None => u.path().to_string(),
        },
        Err(_) => "/".into(),
    }
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}
