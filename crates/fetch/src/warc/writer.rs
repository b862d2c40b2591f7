//! Writing WARC/1.1 records.

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

use super::record_id;
use crate::Fetched;

/// Writes WARC/1.1 records to `out`, each record a gzip member of its own
/// when `gzip` is set (the usual `.warc.gz` layout).
#[derive(Debug)]
pub struct WarcWriter<W: Write> {
    out: W,
    gzip: bool,
    warcinfo_id: Option<String>,
}

impl<W: Write> WarcWriter<W> {
    /// A writer over `out`.
    pub fn new(out: W, gzip: bool) -> Self {
        WarcWriter {
            out,
            gzip,
            warcinfo_id: None,
        }
    }

    /// Write a `warcinfo` record naming the file and the software; the
    /// records after it refer to it.
    pub fn write_warcinfo(&mut self, filename: &str) -> io::Result<()> {
        let id = record_id();
        let body = format!(
            "software: thresh/{}\r\nformat: WARC File Format 1.1\r\nconformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n",
            thresh_core::VERSION
        );
        self.write_record(
            &[
                ("WARC-Type", "warcinfo".into()),
                ("WARC-Record-ID", id.clone()),
                ("WARC-Date", warc_date(&Utc::now())),
                ("WARC-Filename", filename.to_string()),
                ("Content-Type", "application/warc-fields".into()),
            ],
            body.as_bytes(),
        )?;
        self.warcinfo_id = Some(id);
        Ok(())
    }

    /// Write one record: the version line, `headers` in order, a
    /// `Content-Length` for `block`, the block and the closing CRLFs. A
    /// `WARC-Record-ID` and `WARC-Date` are added when missing.
    pub fn write_record(&mut self, headers: &[(&str, String)], block: &[u8]) -> io::Result<()> {
        let mut head = String::from("WARC/1.1\r\n");
        let has = |name: &str| headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
        if !has("WARC-Record-ID") {
            head.push_str(&format!("WARC-Record-ID: {}\r\n", record_id()));
        }
        if !has("WARC-Date") {
            head.push_str(&format!("WARC-Date: {}\r\n", warc_date(&Utc::now())));
        }
        for (name, value) in headers {
            // Header values are single lines.
            let value = value.replace(['\r', '\n'], " ");
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", block.len()));
        if self.gzip {
            let mut member = GzEncoder::new(&mut self.out, Compression::default());
            member.write_all(head.as_bytes())?;
            member.write_all(block)?;
            member.write_all(b"\r\n\r\n")?;
            member.finish()?;
        } else {
            self.out.write_all(head.as_bytes())?;
            self.out.write_all(block)?;
            self.out.write_all(b"\r\n\r\n")?;
        }
        Ok(())
    }

    /// Write a fetched page's exchange: a `request` record and a
    /// `response` record (concurrent to each other). The response block is
    /// the status line, the headers as received (without
    /// `Transfer-Encoding`, since the body is stored de-chunked) and the
    /// body as transferred (still content-encoded).
    pub fn write_exchange(&mut self, fetched: &Fetched) -> io::Result<()> {
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
        if let Some(info) = &self.warcinfo_id {
            headers.push(("WARC-Warcinfo-ID", info.clone()));
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
        if let Some(info) = &self.warcinfo_id {
            headers.push(("WARC-Warcinfo-ID", info.clone()));
        }
        headers.push(("Content-Type", "application/http;msgtype=request".into()));
        self.write_record(&headers, &request)
    }

    /// Flush and hand back the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
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

/// A WARC-Date: RFC 3339 in UTC, `Z`, to the microsecond at most.
pub(crate) fn warc_date(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
