//! `thresh fetch` end to end against a site on 127.0.0.1 started by the
//! test: JSONL on stdout, the summary and exit code, the outcome log, WARC
//! output, and the fetch-to-clean pipe.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::OnceLock;

use assert_cmd::Command;
use axum::Router;
use axum::http::header;
use axum::routing::get;

const ARTICLE: &str = "<html><head><title>Rain in the valley</title></head><body><nav>Home | News</nav><article><h1>Rain in the valley</h1><p>The rain came early this year and the farmers in the valley were ready for it, with channels dug and tanks cleaned.</p><p>By the second week the river had risen a full metre, and the old bridge was closed to carts while the council inspected it.</p><p>Most people agree the early rain is good news for the harvest, though the orchards on the low ground may suffer.</p></article></body></html>";

fn cp1251_article() -> Vec<u8> {
    let html = ARTICLE.replace("Rain in the valley", "Дождь в долине");
    encoding_rs::WINDOWS_1251.encode(&html).0.into_owned()
}

fn site() -> Router {
    Router::new()
        .route(
            "/robots.txt",
            get(|| async { "User-agent: *\nDisallow: /private\n" }),
        )
        .route(
            "/a",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    ARTICLE,
                )
            }),
        )
        .route(
            "/ru",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=windows-1251")],
                    cp1251_article(),
                )
            }),
        )
        .route(
            "/doc.pdf",
            get(|| async { ([(header::CONTENT_TYPE, "application/pdf")], "%PDF-1.4") }),
        )
        .route("/private/x", get(|| async { ARTICLE }))
        .route(
            "/ua",
            get(|headers: axum::http::HeaderMap| async move {
                let ua = headers
                    .get(header::USER_AGENT)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("none")
                    .to_string();
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    ARTICLE.replace(
                        "The rain came early",
                        &format!("Asked by {ua}. The rain came early"),
                    ),
                )
            }),
        )
        .route(
            "/sitemap.xml",
            get(|| async {
                let base = format!("http://{}", addr());
                (
                    [(header::CONTENT_TYPE, "application/xml")],
                    format!(
                        r#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{base}/a</loc></url><url><loc>{base}/ru</loc></url></urlset>"#
                    ),
                )
            }),
        )
        .route(
            "/feed.xml",
            get(|| async {
                let base = format!("http://{}", addr());
                (
                    [(header::CONTENT_TYPE, "application/rss+xml")],
                    format!(
                        r#"<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</title><link>{base}/ua</link></item></channel></rss>"#
                    ),
                )
            }),
        )
        .route(
            "/hub",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    r#"<html><body><ul><li><a href="/a">A</a></li><li><a href="/hub2">More</a></li><li><a href="https://elsewhere.invalid/x">Out</a></li></ul></body></html>"#,
                )
            }),
        )
        .route(
            "/hub2",
            get(|| async {
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    r#"<html><body><a href="/ru">Deeper</a></body></html>"#,
                )
            }),
        )
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(std::time::Duration::from_millis(400)).await;
                (
                    [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    ARTICLE,
                )
            }),
        )
}

/// The test site, started once per test binary on its own thread.
fn addr() -> SocketAddr {
    static ADDR: OnceLock<SocketAddr> = OnceLock::new();
    *ADDR.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, site()).await.unwrap();
            });
        });
        rx.recv().unwrap()
    })
}

fn url(path: &str) -> String {
    format!("http://{}{path}", addr())
}

fn thresh() -> Command {
    Command::cargo_bin("thresh").unwrap()
}

/// `thresh fetch` with no politeness delay and no retries.
fn fetch() -> Command {
    let mut cmd = thresh();
    cmd.args(["fetch", "--delay", "0", "--retries", "0"]);
    cmd
}

/// The last path segment of each page a successful fetch printed, in
/// order.
fn fetched_names(out: &std::process::Output) -> Vec<String> {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    lines(&out.stdout)
        .iter()
        .map(|p| {
            p["source"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string()
        })
        .collect()
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(bytes)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn fetch_prints_pages_as_jsonl_and_exits_0() {
    let out = fetch().args([url("/a"), url("/ru")]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let mut pages = lines(&out.stdout);
    pages.sort_by_key(|p| p["source"].as_str().unwrap().to_string());
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0]["source"], url("/a"));
    assert_eq!(pages[0]["status"], 200);
    assert_eq!(pages[1]["encoding"], "windows-1251");
    assert_eq!(pages[1]["charset_source"], "header");
    assert_eq!(pages[1]["content_type"], "text/html; charset=utf-8");
    assert!(
        pages[1]["body"]
            .as_str()
            .unwrap()
            .contains("Дождь в долине")
    );
    assert!(
        stderr.contains("fetched 2, not modified 0, skipped 0, robots-denied 0, failed 0"),
        "{stderr}"
    );
}

#[test]
fn every_outcome_is_counted_and_a_failure_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let log = dir.path().join("log.jsonl");
    let mut f = std::fs::File::create(&list).unwrap();
    writeln!(f, "# a comment\n{}\n\n   \n{}", url("/a"), url("/doc.pdf")).unwrap();
    writeln!(
        f,
        "{}\n{}\nftp://127.0.0.1/x",
        url("/private/x"),
        url("/missing")
    )
    .unwrap();
    drop(f);
    let out = fetch()
        .arg("-i")
        .arg(&list)
        .arg("--outcomes")
        .arg(&log)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(lines(&out.stdout).len(), 1);
    assert!(
        stderr.contains("thresh: fetched 1, not modified 0, skipped 1, robots-denied 1, failed 2 (invalid_url 1, status_404 1)"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "skipped: {}: content type application/pdf",
            url("/doc.pdf")
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("robots-denied: {}", url("/private/x"))),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("error: {}: HTTP status 404", url("/missing"))),
        "{stderr}"
    );
    let mut kinds: Vec<String> = lines(&std::fs::read(&log).unwrap())
        .iter()
        .map(|r| r["outcome"].as_str().unwrap().to_string())
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        ["failed", "failed", "fetched", "robots_denied", "skipped"]
    );
}

#[test]
fn urls_are_read_from_stdin_without_arguments() {
    let out = fetch()
        .write_stdin(format!("{}\n# skip me\n", url("/a")))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(lines(&out.stdout).len(), 1);
}

#[test]
fn fetch_output_pipes_into_clean() {
    let fetched = fetch().args([url("/a"), url("/ru")]).output().unwrap();
    assert!(fetched.status.success());
    let out = thresh()
        .args(["clean", "-", "--format", "jsonl"])
        .write_stdin(fetched.stdout)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut titles: Vec<String> = lines(&out.stdout)
        .iter()
        .map(|a| a["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    assert_eq!(titles, ["Rain in the valley", "Дождь в долине"]);
}

#[test]
fn fetch_clean_filter_emit_is_a_pipe() {
    // thresh fetch | thresh clean - --format jsonl | (a filter) | thresh emit
    let fetched = fetch().args([url("/a"), url("/ru")]).output().unwrap();
    assert!(fetched.status.success());
    let cleaned = thresh()
        .args(["clean", "-", "--format", "jsonl"])
        .write_stdin(fetched.stdout)
        .output()
        .unwrap();
    assert!(cleaned.status.success());
    // The filter: one article of the two (as `jq 'select(...)'` would).
    let kept: String = String::from_utf8(cleaned.stdout)
        .unwrap()
        .lines()
        .filter(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["title"] == "Rain in the valley"
        })
        .map(|l| format!("{l}\n"))
        .collect();
    assert_eq!(kept.lines().count(), 1);
    let dir = tempfile::tempdir().unwrap();
    let out = thresh()
        .args([
            "emit",
            "--format",
            "md",
            "--path",
            "{host}/{slug}.{ext}",
            "--dir",
        ])
        .arg(dir.path())
        .write_stdin(kept)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A loopback URL's host is its IP address.
    let file = dir.path().join(addr().ip().to_string()).join("a.md");
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(md.contains("Rain in the valley"), "{md}");
}

#[test]
fn warc_output_is_read_back_by_clean() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.warc.gz");
    let out = fetch()
        .args([url("/a"), url("/ru"), url("/doc.pdf")])
        .arg("--warc")
        .arg(&warc)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let raw = std::fs::read(&warc).unwrap();
    assert_eq!(&raw[..2], &[0x1f, 0x8b]);
    let mut plain = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut plain)
        .unwrap();
    let text = String::from_utf8_lossy(&plain);
    assert_eq!(text.matches("WARC-Type: response").count(), 2, "{text}");
    assert_eq!(text.matches("WARC-Type: request").count(), 2);
    assert_eq!(text.matches("WARC-Type: warcinfo").count(), 1);

    let out = thresh().arg("clean").arg(&warc).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Rain in the valley"), "{stdout}");
    assert!(stdout.contains("Дождь в долине"), "{stdout}");

    // WET out: a conversion record per page, referring to its response.
    let wet = dir.path().join("crawl.wet.gz");
    let out = thresh()
        .arg("clean")
        .arg(&warc)
        .args(["--format", "warc"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&wet, &out.stdout).unwrap();
    let responses: Vec<thresh_fetch::warc::WarcRecord> = thresh_fetch::warc::WarcReader::new(
        std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&raw[..])),
        "warc",
        1 << 20,
    )
    .map(Result::unwrap)
    .filter(|r| r.header("warc-type") == Some("response"))
    .collect();
    let records: Vec<thresh_fetch::warc::WarcRecord> = thresh_fetch::warc::WarcReader::new(
        std::io::BufReader::new(flate2::read::MultiGzDecoder::new(&out.stdout[..])),
        "wet",
        1 << 20,
    )
    .map(Result::unwrap)
    .collect();
    assert_eq!(records.len(), 2);
    for (record, response) in records.iter().zip(&responses) {
        assert_eq!(record.header("warc-type"), Some("conversion"));
        assert_eq!(
            record.header("warc-refers-to"),
            response.header("warc-record-id")
        );
        assert_eq!(
            record.header("warc-target-uri"),
            response.header("warc-target-uri")
        );
        assert_eq!(
            record.header("warc-date"),
            response
                .header("warc-date")
                .map(|d| d.split('.').next().unwrap().trim_end_matches('Z'))
                .map(|d| format!("{d}Z"))
                .as_deref()
        );
        assert_eq!(record.header("content-type"), Some("text/plain"));
    }
    let texts: Vec<String> = records
        .iter()
        .map(|r| String::from_utf8(r.block.clone()).unwrap())
        .collect();
    assert!(
        texts.iter().any(|t| t.starts_with("Rain in the valley\n")),
        "{texts:?}"
    );
    // Python's warcio reads it too, when the CI venv is there.
    if let Ok(python) = std::env::var("THRESH_WARCIO_PYTHON") {
        let script = "import sys\nfrom warcio.archiveiterator import ArchiveIterator\nfor r in ArchiveIterator(open(sys.argv[1], 'rb')):\n    print(r.rec_type, r.rec_headers.get_header('WARC-Refers-To'), len(r.content_stream().read()))\n";
        let out = std::process::Command::new(python)
            .args(["-c", script])
            .arg(&wet)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let listed = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            listed
                .lines()
                .filter(|l| l.starts_with("conversion <urn:uuid:"))
                .count(),
            2,
            "{listed}"
        );
    }
}

#[test]
fn help_explains_flags_and_exit_codes() {
    let out = thresh().args(["fetch", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    for needle in [
        "--warc",
        "--input",
        "--outcomes",
        "--delay",
        "--no-robots",
        "EXIT CODES",
        "thresh clean -",
    ] {
        assert!(help.contains(needle), "{needle} missing from:\n{help}");
    }
}

#[test]
fn bad_config_is_refused_with_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fetch.toml");
    std::fs::write(&config, "dealy_secs = 1\n").unwrap();
    let out = fetch()
        .arg("--config")
        .arg(&config)
        .arg(url("/a"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("dealy_secs"));
}

#[test]
fn an_existing_warc_is_kept_unless_force_or_append() {
    let dir = tempfile::tempdir().unwrap();
    let warc = dir.path().join("crawl.warc.gz");
    let responses = |path: &std::path::Path| {
        let raw = std::fs::read(path).unwrap();
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(&raw[..]), &mut plain)
            .unwrap();
        String::from_utf8_lossy(&plain)
            .matches("WARC-Type: response")
            .count()
    };
    let first = fetch()
        .arg(url("/a"))
        .arg("--warc")
        .arg(&warc)
        .output()
        .unwrap();
    assert!(first.status.success());
    assert_eq!(responses(&warc), 1);
    let before = std::fs::read(&warc).unwrap();

    let again = fetch()
        .arg(url("/ru"))
        .arg("--warc")
        .arg(&warc)
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("already exists") && stderr.contains("--append"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(&warc).unwrap(),
        before,
        "the archive was touched"
    );

    let appended = fetch()
        .arg(url("/ru"))
        .args(["--append", "--warc"])
        .arg(&warc)
        .output()
        .unwrap();
    assert!(
        appended.status.success(),
        "{}",
        String::from_utf8_lossy(&appended.stderr)
    );
    assert_eq!(responses(&warc), 2);

    let forced = fetch()
        .arg(url("/ru"))
        .args(["--force", "--warc"])
        .arg(&warc)
        .output()
        .unwrap();
    assert!(forced.status.success());
    assert_eq!(responses(&warc), 1);
}

#[test]
fn pages_come_out_in_input_order_unless_unordered() {
    let sources = |extra: &[&str]| -> Vec<String> {
        let out = fetch()
            .args(["--per-host", "4"])
            .args(extra)
            .args([url("/slow"), url("/a"), url("/ru")])
            .output()
            .unwrap();
        fetched_names(&out)
    };
    assert_eq!(sources(&[]), ["slow", "a", "ru"]);
    // As they finish: the slow page last.
    assert_eq!(
        sources(&["--unordered"]).last().map(String::as_str),
        Some("slow")
    );
}

#[test]
fn clean_of_a_url_takes_the_fetch_flags() {
    let out = thresh()
        .args([
            "clean",
            "--user-agent",
            "habit-bot/2.0",
            "--delay",
            "0",
            "--no-robots",
            "--timeout",
            "5",
        ])
        .arg(url("/ua"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Asked by habit-bot/2.0."), "{stdout}");
    // A zero timeout is a command-line error naming the flag.
    for command in ["clean", "fetch"] {
        let out = thresh()
            .args([command, "--timeout", "0"])
            .arg(url("/a"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("--timeout"));
    }
}

#[test]
fn fetch_discovers_from_sitemaps_feeds_and_a_crawl() {
    let sources = |args: &[String]| -> Vec<String> {
        let out = fetch().args(args).output().unwrap();
        fetched_names(&out)
    };
    assert_eq!(
        sources(&["--sitemap".into(), url("/sitemap.xml")]),
        ["a", "ru"]
    );
    assert_eq!(sources(&["--feed".into(), url("/feed.xml")]), ["ua"]);
    // One step: the hub and what it links to on its own site.
    assert_eq!(
        sources(&["--crawl".into(), url("/hub")]),
        ["hub", "a", "hub2"]
    );
    // Two steps reach the page behind the second hub.
    let two = sources(&[
        "--crawl".into(),
        url("/hub"),
        "--max-depth".into(),
        "2".into(),
    ]);
    assert_eq!(two, ["hub", "a", "hub2", "ru"]);
    // A page cap holds.
    let capped = sources(&[
        "--crawl".into(),
        url("/hub"),
        "--max-pages".into(),
        "2".into(),
    ]);
    assert_eq!(capped.len(), 2, "{capped:?}");
}

#[test]
fn config_keys_are_the_flags_and_a_pipeline_fetch_table_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("fetch.toml");
    let run = |path: &std::path::Path| {
        thresh()
            .arg("fetch")
            .arg("--config")
            .arg(path)
            .arg(url("/a"))
            .output()
            .unwrap()
    };
    // The flags' names and units: `delay`, `timeout`, `max_size = "1K"`.
    std::fs::write(
        &config,
        "delay = 0\ntimeout = 5\nretries = 0\nmax_size = \"1K\"\n",
    )
    .unwrap();
    let out = run(&config);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::write(&config, "delay = 0\nretries = 0\nmax_size = 100\n").unwrap();
    assert_eq!(
        run(&config).status.code(),
        Some(1),
        "the page is over 100 bytes"
    );
    std::fs::write(&config, "max_size = \"20Q\"\n").unwrap();
    let out = run(&config);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("suffix"));
    // A pipeline file: its [fetch] table is the options.
    let pipeline = dir.path().join("site.toml");
    std::fs::write(
        &pipeline,
        "[source]\nurls = [\"https://example.org/\"]\n\n[fetch]\ndelay_secs = 0\nretries = 0\nmax_body_bytes = 1000000\n",
    )
    .unwrap();
    let out = run(&pipeline);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lines(&out.stdout).len(), 1);
}

#[test]
fn log_lines_never_share_a_line_with_the_progress_bar() {
    // A terminal for stderr, so the bar is drawn; debug logs come while it
    // is on screen (the slow page keeps it there).
    let args = format!(
        "fetch -vv --delay 0 --retries 0 {} {} > /dev/null",
        url("/slow"),
        url("/a")
    );
    let Some((text, _)) = common::on_a_terminal(&args) else {
        return;
    };
    assert!(text.contains("0/2"), "no bar drawn: {text}");
    assert!(text.contains("DEBUG"), "no logs: {text}");
    for piece in text.split(['\r', '\n']) {
        assert!(
            !(piece.contains("DEBUG") && piece.contains("0/2 [")),
            "a log line glued to the bar: {piece:?}"
        );
    }
}
