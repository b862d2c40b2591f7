//! Pages written to hurt a parser: each is cleaned or refused within the
//! page budget (`--page-timeout`), and the inputs after it still go
//! through. The pages are generated here (the largest is 40 MB).

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn thresh() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("thresh"))
}

/// The hostile pages, by name.
fn pages() -> Vec<(&'static str, String)> {
    let para = "A sentence of ordinary text, long enough to be a paragraph of a page. ";
    vec![
        (
            "divs-closed",
            format!("{}deep{}", "<div>".repeat(80_000), "</div>".repeat(80_000)),
        ),
        (
            "divs-unclosed",
            format!("<body>{}", "<div>x".repeat(200_000)),
        ),
        (
            "divs-million",
            format!("<body>{}text", "<div>".repeat(1_000_000)),
        ),
        (
            "formatting-then-paragraphs",
            format!(
                "<body>{}{}",
                "<b><i><u><s><em><strong><small><big><tt><font>".repeat(10_000),
                "<p>a".repeat(100_000)
            ),
        ),
        (
            "tables",
            format!("<body>{}cell", "<table><tr><td>".repeat(50_000)),
        ),
        (
            "paragraphs-5m",
            format!("<body>{}", "<p>a</p>".repeat(5_000_000)),
        ),
        (
            "giant-attribute",
            format!(
                "<body><div class=\"{}\">t</div><p>{}</p>",
                "x".repeat(20_000_000),
                para.repeat(20)
            ),
        ),
    ]
}

fn write_pages(dir: &Path) -> Vec<PathBuf> {
    pages()
        .into_iter()
        .map(|(name, html)| {
            let path = dir.join(format!("{name}.html"));
            std::fs::write(&path, html).unwrap();
            path
        })
        .collect()
}

#[test]
fn hostile_pages_are_cleaned_or_refused_within_the_budget() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = write_pages(dir.path());
    let good = dir.path().join("good.html");
    std::fs::write(
        &good,
        "<html><body><article><p>The one ordinary page after the hostile ones, which must still come out.</p></article></body></html>",
    )
    .unwrap();
    inputs.push(good);
    let budget = 2.0;
    for input in &inputs {
        let start = Instant::now();
        let out = thresh()
            .arg("clean")
            .arg("--page-timeout")
            .arg(budget.to_string())
            .arg(input)
            .output()
            .unwrap();
        let took = start.elapsed();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let name = input.file_name().unwrap().to_string_lossy();
        // Reading and decoding the file come before the budget starts;
        // allow for them and for a slow machine.
        assert!(
            took < Duration::from_secs_f64(budget) + Duration::from_secs(20),
            "{name} took {took:?}"
        );
        match out.status.code() {
            Some(0) => assert!(!out.stdout.is_empty(), "{name}: no output"),
            // Refused in time: out of budget, or nothing worth keeping.
            Some(1) => assert!(
                stderr.contains(&*name)
                    && (stderr.contains("page timeout") || stderr.contains("no main content")),
                "{name}: {stderr}"
            ),
            other => panic!("{name}: exit {other:?}: {stderr}"),
        }
    }
}

#[test]
fn a_stalled_page_fails_alone_and_the_others_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let slow = dir.path().join("slow.html");
    std::fs::write(&slow, format!("<body>{}text", "<div>".repeat(1_000_000))).unwrap();
    let good = dir.path().join("good.html");
    std::fs::write(
        &good,
        "<html><body><article><p>An ordinary page, cleaned after the one that ran out of time.</p></article></body></html>",
    )
    .unwrap();
    // A budget no page can meet in a debug build's parse of 5 MB.
    let out = thresh()
        .args(["clean", "--page-timeout", "0.001"])
        .arg(&slow)
        .arg(&good)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("slow.html: took longer than the page timeout"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("An ordinary page"));
    // Zero is not a timeout.
    let out = thresh()
        .args(["clean", "--page-timeout", "0"])
        .arg(&good)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--page-timeout"));
}

#[test]
fn tree_builder_notes_do_not_reach_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("tables.html");
    // Text inside tables is foster-parented: html5ever logs a warning for
    // each run of it.
    std::fs::write(
        &page,
        format!(
            "<html><body><article><p>Body text of the page, long enough to be kept as a paragraph.</p>{}</article></body></html>",
            "<table>stray<tr>text<td>cell</td></tr></table>".repeat(500)
        ),
    )
    .unwrap();
    let out = thresh().arg("clean").arg(&page).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("foster"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
