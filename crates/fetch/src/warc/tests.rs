//! Round trips of the WARC writer and reader.

use std::io::Write as _;

use bytes::Bytes;
use chrono::Utc;
use thresh_core::Page;

use super::*;
use crate::{Exchange, FetchError, Fetched, Limits};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn fetched(url: &str, body: &[u8], encoding: Option<&str>) -> Fetched {
    let mut headers = vec![
        (
            "content-type".to_string(),
            "text/html; charset=windows-1251".to_string(),
        ),
        ("transfer-encoding".to_string(), "chunked".to_string()),
    ];
    let wire = match encoding {
        Some(enc) => {
            headers.push(("content-encoding".into(), enc.into()));
            gzip(body)
        }
        None => body.to_vec(),
    };
    Fetched {
        page: Page::from_bytes(url, body.to_vec()),
        exchange: Exchange {
            url: url.to_string(),
            request_headers: vec![
                ("user-agent".into(), "thresh-test".into()),
                ("host".into(), "example.com".into()),
            ],
            version: "HTTP/1.1".into(),
            status: 200,
            response_headers: headers,
            wire_body: Bytes::from(wire),
            remote_addr: Some("127.0.0.1".into()),
            fetched_at: Utc::now(),
            attempts: 1,
            redirects: Vec::new(),
        },
    }
}

fn write_file(
    dir: &std::path::Path,
    name: &str,
    gz: bool,
    items: &[Fetched],
) -> std::path::PathBuf {
    let path = dir.join(name);
    let file = std::fs::File::create(&path).unwrap();
    let mut w = WarcWriter::new(std::io::BufWriter::new(file), gz);
    w.write_warcinfo(name).unwrap();
    for f in items {
        w.write_exchange(f).unwrap();
    }
    w.finish().unwrap();
    path
}

#[test]
fn exchanges_round_trip_gzipped_and_plain() {
    let dir = tempfile::tempdir().unwrap();
    let cp1251 = b"<p>\xcf\xf0\xe8\xe2\xe5\xf2</p>";
    let items = [
        fetched("https://example.com/a?x=1", cp1251, None),
        fetched("https://example.com/b", b"<p>zipped</p>", Some("gzip")),
    ];
    for (name, gz) in [("t.warc.gz", true), ("t.warc", false)] {
        let path = write_file(dir.path(), name, gz, &items);
        let raw = std::fs::read(&path).unwrap();
        assert_eq!(raw.starts_with(&[0x1f, 0x8b]), gz);
        let pages: Vec<Page> = read_warc(&path, &Limits::default())
            .map(Result::unwrap)
            .collect();
        assert_eq!(pages.len(), 2, "{name}");
        assert_eq!(pages[0].source, "https://example.com/a?x=1");
        assert_eq!(pages[0].body, cp1251);
        assert_eq!(pages[0].status, Some(200));
        assert_eq!(pages[0].declared_charset(), Some("windows-1251"));
        assert!(pages[0].fetched_at.is_some());
        assert_eq!(pages[1].body, b"<p>zipped</p>");
        assert!(
            !pages[1]
                .headers
                .iter()
                .any(|(n, _)| n == "transfer-encoding"),
            "{:?}",
            pages[1].headers
        );
    }
}

#[test]
fn records_have_the_warc_1_1_fields() {
    let mut out = Vec::new();
    let mut w = WarcWriter::new(&mut out, false);
    w.write_exchange(&fetched("https://example.com/p", b"<p>x</p>", None))
        .unwrap();
    w.finish().unwrap();
    let records: Vec<WarcRecord> = WarcReader::new(&out[..], "mem", 1 << 20)
        .map(Result::unwrap)
        .collect();
    assert_eq!(records.len(), 2);
    let (resp, req) = (&records[0], &records[1]);
    assert_eq!(resp.version, "1.1");
    assert_eq!(resp.header("WARC-Type"), Some("response"));
    assert_eq!(req.header("warc-type"), Some("request"));
    assert_eq!(
        resp.header("WARC-Concurrent-To"),
        req.header("WARC-Record-ID")
    );
    assert_eq!(
        req.header("WARC-Concurrent-To"),
        resp.header("WARC-Record-ID")
    );
    let id = resp.header("WARC-Record-ID").unwrap();
    assert!(id.starts_with("<urn:uuid:") && id.len() == 47, "{id}");
    assert_eq!(&id[24..25], "4", "{id}");
    assert!(req.block.starts_with(b"GET /p HTTP/1.1\r\n"));
    assert!(resp.block.starts_with(b"HTTP/1.1 200 OK\r\n"));
    assert_eq!(
        resp.header("Content-Length").unwrap(),
        resp.block.len().to_string()
    );
}

#[test]
fn oversized_record_is_skipped_and_reading_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let big = vec![b'x'; 5000];
    let items = [
        fetched("https://example.com/big", &big, None),
        fetched("https://example.com/small", b"<p>ok</p>", None),
    ];
    let path = write_file(dir.path(), "t.warc.gz", true, &items);
    let out: Vec<_> = read_warc(&path, &Limits { max_bytes: 1000 }).collect();
    assert_eq!(out.len(), 2, "{out:?}");
    assert!(
        matches!(&out[0], Err(FetchError::TooLarge { input, .. }) if input.contains("/big")),
        "{out:?}"
    );
    assert_eq!(out[1].as_ref().unwrap().source, "https://example.com/small");
}

#[test]
fn truncated_file_yields_its_whole_records_then_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let items = [
        fetched("https://example.com/1", b"<p>one</p>", None),
        fetched("https://example.com/2", b"<p>two</p>", None),
    ];
    let path = write_file(dir.path(), "t.warc", false, &items);
    let raw = std::fs::read(&path).unwrap();
    std::fs::write(&path, &raw[..raw.len() - 20]).unwrap();
    let out: Vec<_> = read_warc(&path, &Limits::default()).collect();
    assert_eq!(out[0].as_ref().unwrap().source, "https://example.com/1");
    assert!(
        matches!(out.last(), Some(Err(FetchError::Warc { .. }))),
        "{out:?}"
    );
}

#[test]
fn not_a_warc_is_an_error_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.warc");
    std::fs::write(&path, "<html>not a warc</html>").unwrap();
    let out: Vec<_> = read_warc(&path, &Limits::default()).collect();
    assert_eq!(out.len(), 1);
    let err = out[0].as_ref().unwrap_err();
    assert!(err.to_string().contains("x.warc"), "{err}");
    let missing: Vec<_> = read_warc(&dir.path().join("none.warc"), &Limits::default()).collect();
    assert!(matches!(missing[0], Err(FetchError::Io { .. })));
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = fastrand::Rng::with_seed(7);
    for _ in 0..500 {
        let len = rng.usize(0..300);
        let mut data: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
        if rng.bool() {
            let mut head =
                b"WARC/1.1\r\nContent-Length: 10\r\nWARC-Type: response\r\n\r\n".to_vec();
            head.extend_from_slice(&data);
            data = head;
        }
        for record in WarcReader::new(&data[..], "fuzz", 100).flatten() {
            let _ = super::reader::tests_record_page(&record);
        }
    }
}

#[test]
fn paths_are_recognised() {
    assert!(is_warc_path(std::path::Path::new("a/crawl.warc.gz")));
    assert!(is_warc_path(std::path::Path::new("CRAWL.WARC")));
    assert!(!is_warc_path(std::path::Path::new("page.html.gz")));
}

#[test]
fn a_wet_files_conversions_are_pages_of_the_responses_they_refer_to() {
    let text = "Rain in the valley\nThe river rose a metre overnight.\n";
    let wet = format!(
        "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n\
         WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://news.example/rain\r\n\
         WARC-Date: 2026-01-02T03:04:05Z\r\nWARC-Record-ID: <urn:uuid:c>\r\n\
         WARC-Refers-To: <urn:uuid:r>\r\nContent-Type: text/plain\r\n\
         Content-Length: {}\r\n\r\n{text}\r\n\r\n",
        text.len()
    );
    let pages: Vec<Page> = read_warc_from(wet.as_bytes(), "x.wet", &Limits::default())
        .map(Result::unwrap)
        .collect();
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    assert_eq!(page.source, "https://news.example/rain");
    assert_eq!(page.body, text.as_bytes());
    assert_eq!(page.content_type.as_deref(), Some("text/plain"));
    assert_eq!(page.warc_record_id.as_deref(), Some("<urn:uuid:r>"));
}
