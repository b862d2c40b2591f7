//! Writing WARC/1.1 records: the format the fetcher archives responses in
//! and the emit stage writes cleaned text in (WET `conversion` records).
//! Each record can be its own gzip member, so a file cut short is
//! readable up to its last whole record and files concatenate.
//!
//! ```
//! use thresh_core::warc::WarcWriter;
//! let mut out = Vec::new();
//! let mut writer = WarcWriter::new(&mut out, false); // true: gzip per record
//! writer.write_record(&[("WARC-Type", "resource".into()),
//!     ("WARC-Target-URI", "https://example.com/".into())], b"<p>hi</p>").unwrap();
//! writer.finish().unwrap();
//! assert!(out.starts_with(b"WARC/1.1\r\n"));
//! ```

use std::io::{self, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;

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
            crate::VERSION
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

    /// The id of the `warcinfo` record written, if one was.
    pub fn warcinfo_id(&self) -> Option<&str> {
        self.warcinfo_id.as_deref()
    }

    /// Flush and hand back the output.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}

/// A new `<urn:uuid:...>` record id (random, version 4 layout).
pub fn record_id() -> String {
    uuid_urn(fastrand::u128(..), 4)
}

/// A `<urn:uuid:...>` record id of the bits of `n`, with the UUID
/// `version` (4 random, 8 made by the application) and the RFC variant
/// set.
pub fn uuid_urn(n: u128, version: u8) -> String {
    let n = (n & !(0xF << 76)) | (u128::from(version & 0xF) << 76);
    let n = (n & !(0x3 << 62)) | (0x2 << 62);
    let hex = format!("{n:032x}");
    format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A WARC-Date: RFC 3339 in UTC, `Z`, to the microsecond at most.
pub fn warc_date(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}
