//! `thresh explain`: the report's kept blocks are the article `thresh
//! clean` prints, every dropped block names its rule, and the HTML report
//! renders in a real browser (headless Chromium) with working filters and
//! no console errors.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a panic is the failure report

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{succeed, thresh};

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let mut out: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|dir| {
            ["source.html", "source.txt"]
                .iter()
                .map(|f| dir.join(f))
                .find(|p| p.exists())
        })
        .collect();
    out.sort();
    out
}

fn explain_json(input: &Path) -> serde_json::Value {
    let out = succeed(thresh().args(["explain", "--format", "json"]).arg(input));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn kept_blocks_are_the_cleaned_article_and_every_drop_names_its_rule() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 10, "{fixtures:?}");
    for input in fixtures {
        let e = explain_json(&input);
        let clean = succeed(thresh().args(["clean", "--format", "jsonl"]).arg(&input));
        let record: serde_json::Value = serde_json::from_slice(&clean.stdout).unwrap();
        let blocks = e["blocks"].as_array().unwrap();
        let kept: Vec<&str> = blocks
            .iter()
            .filter(|b| b["kept"] == true && b["kind"] != "title")
            .map(|b| b["text"].as_str().unwrap())
            .collect();
        assert_eq!(
            kept.join("\n"),
            record["text"].as_str().unwrap(),
            "{}",
            input.display()
        );
        for b in blocks.iter().filter(|b| b["kept"] == false) {
            assert!(
                !b["stage"].as_str().unwrap().is_empty() && !b["rule"].as_str().unwrap().is_empty(),
                "{}: a drop without its rule: {b}",
                input.display()
            );
        }
        if input.extension().is_some_and(|x| x == "html") {
            assert!(e["page_type"].is_string(), "{}", input.display());
        }
    }
}

#[test]
fn a_drop_rule_and_a_class_rule_are_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.html");
    let para = "This is a sentence of body text, with a comma, and another, long enough to count as a real paragraph.";
    std::fs::write(
        &page,
        format!(
            r#"<html><body><article><p>{para}</p><p>{para}</p><div class="related-links"><p>Another story about the harbour, with a long teaser.</p></div>
            <div class="extra"><p>A stubborn box of text that the cleaner would keep, as it reads like prose.</p></div><p>{para}</p></article></body></html>"#
        ),
    )
    .unwrap();
    let out = succeed(
        thresh()
            .args(["explain", "--format", "json", "--drop", ".extra"])
            .arg(&page),
    );
    let e: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rule_of = |needle: &str| {
        e["blocks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["text"].as_str().unwrap().contains(needle))
            .map(|b| {
                format!(
                    "{}: {}",
                    b["stage"].as_str().unwrap(),
                    b["rule"].as_str().unwrap()
                )
            })
            .unwrap()
    };
    assert_eq!(rule_of("stubborn box"), "site rule: --drop `.extra`");
    assert_eq!(rule_of("long enough to count"), "kept: in the article");
    let out = succeed(
        thresh()
            .args(["explain", "--format", "json", "--keep", "article"])
            .arg(&page),
    );
    let kept: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let para_rule = kept["blocks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["text"].as_str().unwrap().contains("long enough to count"))
        .map(|b| b["rule"].as_str().unwrap().to_string());
    assert_eq!(para_rule.as_deref(), Some("--keep `article`"));
    assert!(
        rule_of("Another story").contains("`related-links`"),
        "{}",
        rule_of("Another story")
    );
}

/// Debian's Chromium, or `THRESH_CHROMIUM`.
fn chromium() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("THRESH_CHROMIUM").map(PathBuf::from),
        Some(PathBuf::from("/usr/bin/chromium")),
        Some(PathBuf::from("/usr/bin/chromium-browser")),
    ];
    candidates.into_iter().flatten().find(|p| p.exists())
}

#[test]
fn the_report_renders_in_a_browser_with_working_filters() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("THRESH_REQUIRE_BROWSER").is_none(),
            "THRESH_REQUIRE_BROWSER is set and no Chromium was found"
        );
        eprintln!("no Chromium (apt-get install chromium): the browser test is skipped");
        return;
    };
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/html-news-article/source.html");
    let out_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("explain");
    std::fs::create_dir_all(&out_dir).unwrap();
    let report = out_dir.join("report.html");
    succeed(thresh().arg("explain").arg(&input).arg("-o").arg(&report));
    let e = explain_json(&input);
    let blocks = e["blocks"].as_array().unwrap();
    let kept = blocks.iter().filter(|b| b["kept"] == true).count();
    let dropped = blocks.len() - kept;
    assert!(kept > 0 && dropped > 0);

    let profile = tempfile::tempdir().unwrap();
    let run = |extra: &[&str], url: String| {
        Command::new(&browser)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
                "--no-first-run",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .args(["--enable-logging=stderr", "--v=0"])
            .args(extra)
            .arg(url)
            .output()
            .expect("chromium runs")
    };
    let url = format!("file://{}", report.display());

    // A screenshot of the report: a real PNG of the window's size.
    let shot = out_dir.join("report.png");
    let _ = std::fs::remove_file(&shot);
    let shown = run(
        &[
            "--window-size=1280,1400",
            &format!("--screenshot={}", shot.display()),
        ],
        url.clone(),
    );
    let png = std::fs::read(&shot)
        .unwrap_or_else(|_| panic!("no screenshot: {}", String::from_utf8_lossy(&shown.stderr)));
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(png[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 1400));
    assert!(png.len() > 20_000, "a blank page? {} bytes", png.len());

    // The page clicks each filter itself (#selftest) and writes what it
    // shows; the rendered DOM is read back.
    let dumped = run(&["--dump-dom"], format!("{url}#selftest"));
    let dom = String::from_utf8_lossy(&dumped.stdout);
    let start = dom
        .find("<pre id=\"selftest\">")
        .expect("the self-test ran")
        + "<pre id=\"selftest\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let result: serde_json::Value = serde_json::from_str(&dom[start..end]).unwrap();
    assert_eq!(result["dropped"]["kept"], 0);
    assert_eq!(result["dropped"]["dropped"], dropped);
    assert_eq!(result["kept"]["kept"], kept);
    assert_eq!(result["kept"]["dropped"], 0);
    assert_eq!(result["all"]["kept"], kept);
    assert_eq!(result["all"]["dropped"], dropped);
    assert!(dom.contains(&format!("<dd id=\"count-kept\">{kept}</dd>")));
    assert!(dom.contains(&format!("<dd id=\"count-dropped\">{dropped}</dd>")));
    // No script error on the console.
    let log = String::from_utf8_lossy(&dumped.stderr);
    for line in log.lines().filter(|l| l.contains("CONSOLE")) {
        assert!(
            !line.contains("Uncaught") && !line.contains("Error"),
            "console: {line}"
        );
    }
}

#[test]
fn metadata_says_where_each_field_came_from() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/html-news-article/source.html");
    let e = explain_json(&input);
    let from = |name: &str| {
        e["metadata"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["name"] == name)
            .and_then(|m| m["from"].as_str())
            .map(str::to_string)
    };
    assert_eq!(from("url").as_deref(), Some("<link rel=canonical>"));
    assert_eq!(from("lang").as_deref(), Some("<html lang>"));
    assert!(
        from("title").is_some_and(|f| f.contains("og:title")),
        "{:?}",
        from("title")
    );
    assert!(
        from("byline").is_some_and(|f| f.contains("meta author")),
        "{:?}",
        from("byline")
    );
}
