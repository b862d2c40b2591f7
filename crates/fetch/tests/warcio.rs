//! WARC interoperability with Python's warcio, both ways: warcio reads what
//! we write (from a real fetch on 127.0.0.1, gzip content encoding
//! included), and we read what warcio writes.
//!
//! Needs `THRESH_WARCIO_PYTHON` = a python with warcio installed (`.ci/run`
//! makes one in `target/ci-venv`); without it the tests say so and pass.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::Path;
use std::process::Command;

use axum::Router;
use axum::http::header;
use axum::routing::get;
use thresh_fetch::warc::{WarcWriter, WriteExchange as _, read_warc};
use thresh_fetch::{Fetched, Fetcher, Limits, Options, Outcome};

fn python() -> Option<String> {
    match std::env::var("THRESH_WARCIO_PYTHON") {
        Ok(p) if !p.is_empty() => Some(p),
        _ => {
            eprintln!(
                "SKIPPED: set THRESH_WARCIO_PYTHON to a python with warcio installed \
                 (.ci/run does) to run the warcio interoperability test"
            );
            None
        }
    }
}

fn run_python(python: &str, script: &str, arg: &Path) -> String {
    let out = Command::new(python)
        .arg("-c")
        .arg(script)
        .arg(arg)
        .output()
        .expect("cannot run THRESH_WARCIO_PYTHON");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

async fn fetch_two() -> Vec<Fetched> {
    let app = Router::new()
        .route(
            "/plain",
            get(|| async { ([(header::CONTENT_TYPE, "text/html")], "<p>plain page</p>") }),
        )
        .route(
            "/zipped",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::CONTENT_ENCODING, "gzip"),
                    ],
                    gzip("<p>zipped päge</p>".as_bytes()),
                )
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let fetcher = Fetcher::new(
        Options {
            delay_secs: Some(0.0),
            respect_robots: Some(false),
            ..Options::default()
        }
        .resolve()
        .unwrap(),
    )
    .unwrap();
    let mut out = Vec::new();
    for path in ["/plain", "/zipped?q=1"] {
        match fetcher.fetch_outcome(&format!("http://{addr}{path}")).await {
            Outcome::Fetched(f) => out.push(*f),
            other => panic!("{other:?}"),
        }
    }
    out
}

const READ_WITH_WARCIO: &str = r#"
import json, sys
from warcio.archiveiterator import ArchiveIterator
out = []
with open(sys.argv[1], 'rb') as f:
    for rec in ArchiveIterator(f):
        item = {'type': rec.rec_type, 'protocol': rec.rec_headers.protocol,
                'uri': rec.rec_headers.get_header('WARC-Target-URI')}
        if rec.rec_type == 'response':
            item['status'] = rec.http_headers.get_statuscode()
            item['body'] = rec.content_stream().read().decode('utf-8')
        if rec.rec_type == 'request':
            item['request_line'] = rec.http_headers.protocol + ' ' + rec.http_headers.statusline
        out.append(item)
print(json.dumps(out))
"#;

#[tokio::test]
async fn warcio_reads_what_we_write() {
    let Some(python) = python() else { return };
    let fetched = fetch_two().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ours.warc.gz");
    let mut w = WarcWriter::new(std::fs::File::create(&path).unwrap(), true);
    w.write_warcinfo("ours.warc.gz").unwrap();
    for f in &fetched {
        w.write_exchange(f).unwrap();
    }
    w.finish().unwrap();

    let json = run_python(&python, READ_WITH_WARCIO, &path);
    let records: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let types: Vec<&str> = records
        .iter()
        .map(|r| r["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        ["warcinfo", "response", "request", "response", "request"]
    );
    assert!(
        records.iter().all(|r| r["protocol"] == "WARC/1.1"),
        "{json}"
    );
    assert_eq!(records[1]["status"], "200");
    assert_eq!(records[1]["body"], "<p>plain page</p>");
    assert!(records[3]["uri"].as_str().unwrap().ends_with("/zipped?q=1"));
    // warcio undoes the gzip content encoding we kept.
    assert_eq!(records[3]["body"], "<p>zipped päge</p>");
    assert!(
        records[4]["request_line"]
            .as_str()
            .unwrap()
            .starts_with("GET /zipped?q=1"),
        "{json}"
    );
}

const WRITE_WITH_WARCIO: &str = r#"
import sys
from io import BytesIO
from warcio.warcwriter import WARCWriter
from warcio.statusandheaders import StatusAndHeaders
with open(sys.argv[1], 'wb') as out:
    w = WARCWriter(out, gzip=True)
    html = '<html><body><p>Привет из warcio</p></body></html>'.encode('cp1251')
    headers = StatusAndHeaders('200 OK', [('Content-Type', 'text/html; charset=windows-1251')], protocol='HTTP/1.1')
    w.write_record(w.create_warc_record('http://example.com/ru', 'response', payload=BytesIO(html), http_headers=headers))
    gone = StatusAndHeaders('404 Not Found', [('Content-Type', 'text/html')], protocol='HTTP/1.1')
    w.write_record(w.create_warc_record('http://example.com/gone', 'response', payload=BytesIO(b'no'), http_headers=gone))
    w.write_record(w.create_warc_record('http://example.com/note.txt', 'resource', payload=BytesIO(b'a plain note'), warc_content_type='text/plain'))
"#;

#[tokio::test]
async fn we_read_what_warcio_writes() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("theirs.warc.gz");
    run_python(&python, WRITE_WITH_WARCIO, &path);
    let pages: Vec<_> = read_warc(&path, &Limits::default())
        .map(Result::unwrap)
        .collect();
    // The 404 response is passed over.
    assert_eq!(pages.len(), 2, "{pages:?}");
    assert_eq!(pages[0].source, "http://example.com/ru");
    assert_eq!(pages[0].status, Some(200));
    assert_eq!(pages[0].declared_charset(), Some("windows-1251"));
    let text = thresh_core::charset::decode(&pages[0].body, pages[0].declared_charset(), true);
    assert!(text.text.contains("Привет из warcio"), "{}", text.text);
    assert!(pages[0].fetched_at.is_some());
    assert_eq!(pages[1].source, "http://example.com/note.txt");
    assert_eq!(pages[1].body, b"a plain note");
    assert_eq!(pages[1].content_type.as_deref(), Some("text/plain"));
}
