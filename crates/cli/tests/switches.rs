//! The extraction switches trafilatura users reach for: --no-tables,
//! --links, --with-metadata, --target-language.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use common::thresh;

const PARA: &str = "This is a sentence of body text, with a comma, and another, long enough to count as a real paragraph of an article about things.";

fn story(lang: &str, body: &str) -> String {
    format!(
        r#"<html lang="{lang}"><head><title>Harbour report</title><meta name="author" content="Jo Writer">
        <meta property="article:published_time" content="2024-05-01T08:00:00Z"><link rel="canonical" href="https://news.example/harbour"></head>
        <body><article><h1>Harbour report</h1><p>{PARA}</p>{body}<p>{PARA}</p></article></body></html>"#
    )
}

fn clean(files: &[(&str, String)], flags: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = thresh();
    cmd.arg("clean");
    for (name, html) in files {
        let path = dir.path().join(name);
        std::fs::write(&path, html).unwrap();
        cmd.arg(path);
    }
    cmd.args(flags).output().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn no_tables_leaves_data_tables_out() {
    let table = "<table><tr><th>Year</th><th>Ships</th></tr><tr><td>2023</td><td>412</td></tr><tr><td>2024</td><td>455</td></tr></table>";
    let page = [("a.html", story("en", table))];
    assert!(stdout(&clean(&page, &[])).contains("2024\t455"));
    let text = stdout(&clean(&page, &["--no-tables"]));
    assert!(!text.contains("455"), "{text}");
    assert!(text.contains(PARA), "{text}");
}

#[test]
fn links_are_written_markdown_style_in_text() {
    let link = r#"<p>The council published <a href="/reports/harbour.pdf">the full report</a> on Monday, with a long list of numbers.</p>"#;
    let page = [("a.html", story("en", link))];
    let plain = stdout(&clean(&page, &[]));
    assert!(
        plain.contains("published the full report on Monday"),
        "{plain}"
    );
    let text = stdout(&clean(&page, &["--links"]));
    assert!(
        text.contains(
            "published [the full report](https://news.example/reports/harbour.pdf) on Monday"
        ),
        "{text}"
    );
}

#[test]
fn with_metadata_heads_text_with_the_metadata() {
    let page = [("a.html", story("en", ""))];
    let text = stdout(&clean(&page, &["--with-metadata"]));
    assert!(text.starts_with("---\ntitle: Harbour report\n"), "{text}");
    for line in [
        "author: Jo Writer",
        "url: https://news.example/harbour",
        "hostname: news.example",
        "lang: en",
    ] {
        assert!(
            text.contains(&format!("\n{line}\n")),
            "{line} missing:\n{text}"
        );
    }
    assert!(text.contains("2024-05-01"), "{text}");
    let head_end = text.find("\n---\n").unwrap();
    assert!(text[head_end..].contains(PARA));
}

#[test]
fn target_language_skips_other_pages_and_counts_them() {
    let files = [
        ("en.html", story("en", "")),
        ("de.html", story("de", "")),
        ("en-gb.html", story("en-GB", "")),
    ];
    let out = clean(&files, &["--target-language", "en", "--format", "jsonl"]);
    assert_eq!(out.status.code(), Some(0), "a skip is not a failure");
    let lines: Vec<serde_json::Value> = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines
            .iter()
            .all(|r| r["lang"].as_str().unwrap().starts_with("en"))
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1 skipped (other language)"), "{err}");
    let bad = clean(&files[..1], &["--target-language", "english"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn emit_writes_text_in_the_same_styles() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.html");
    let link = r#"<p>The council published <a href="/reports/harbour.pdf">the full report</a> on Monday, with a long list of numbers.</p>"#;
    std::fs::write(&path, story("en", link)).unwrap();
    let record = thresh()
        .args(["clean", "--format", "jsonl"])
        .arg(&path)
        .output()
        .unwrap();
    let emitted = thresh()
        .args(["emit", "--links", "--with-metadata"])
        .write_stdin(record.stdout)
        .output()
        .unwrap();
    let direct = clean(
        &[("a.html", story("en", link))],
        &["--links", "--with-metadata"],
    );
    assert!(emitted.status.success());
    let text = stdout(&emitted);
    assert!(text.starts_with("---\ntitle: Harbour report\n"), "{text}");
    assert!(
        text.contains("[the full report](https://news.example/reports/harbour.pdf)"),
        "{text}"
    );
    // The same bytes but the source line (a file name in a temporary folder).
    let without_source = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("source: "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(without_source(&text), without_source(&stdout(&direct)));
}

#[test]
fn images_come_out_as_image_blocks_only_when_asked() {
    let figure = r#"<figure><img src="/photos/pier.jpg" alt="The old  pier at dusk"></figure><img src="data:image/gif;base64,R0lGOD" alt="placeholder">"#;
    let page = [("a.html", story("en", figure))];
    let plain = stdout(&clean(&page, &["--format", "jsonl"]));
    assert!(!plain.contains("\"image\""), "{plain}");
    let record: serde_json::Value =
        serde_json::from_str(stdout(&clean(&page, &["--images", "--format", "jsonl"])).trim())
            .unwrap();
    let images: Vec<&serde_json::Value> = record["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["type"] == "image")
        .collect();
    assert_eq!(
        images.len(),
        1,
        "the data: placeholder is left out: {images:?}"
    );
    assert_eq!(images[0]["src"], "https://news.example/photos/pier.jpg");
    assert_eq!(images[0]["alt"], "The old pier at dusk");
    // Images have no text: the record's text is the same either way.
    let without: serde_json::Value = serde_json::from_str(plain.trim()).unwrap();
    assert_eq!(record["text"], without["text"]);
    let text = stdout(&clean(&page, &["--images"]));
    assert!(
        text.contains("![The old pier at dusk](https://news.example/photos/pier.jpg)"),
        "{text}"
    );
}

#[test]
fn comments_follow_the_article_only_when_asked() {
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/html-blog-comments/source.html");
    let run = |flags: &[&str]| {
        let out = thresh()
            .arg("clean")
            .arg(&page)
            .args(flags)
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let plain = run(&[]);
    assert!(!plain.contains("Priya"), "{plain}");
    let with = run(&["--comments"]);
    let body = with.find("Bake at 240").unwrap();
    let thread = with.find("Comments\n").expect("a Comments heading");
    assert!(body < thread, "the thread follows the article:\n{with}");
    assert!(
        with[thread..].contains("I tried this last weekend"),
        "{with}"
    );
    assert!(with[thread..].contains("put it in the fridge"), "{with}");
    assert!(!with.contains("Leave a reply"), "{with}");
    // The last of --comments / --no-comments wins.
    assert_eq!(run(&["--comments", "--no-comments"]), plain);
}
