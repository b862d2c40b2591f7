//! End-to-end runs of `thresh clean` over the bundled samples.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::path::PathBuf;

use assert_cmd::Command;

fn samples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn sample(rel: &str) -> String {
    samples().join(rel).display().to_string()
}

fn thresh() -> Command {
    Command::cargo_bin("thresh").unwrap()
}

fn clean(args: &[&str]) -> String {
    let out = thresh().arg("clean").args(args).output().unwrap();
    assert!(
        out.status.success(),
        "thresh clean {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_sample_cleans_as_jsonl_records() {
    let stdout = clean(&[&sample(""), "--format", "jsonl"]);
    let records: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // README.md and urls.list are skipped by the directory walk.
    assert_eq!(records.len(), 6, "{stdout}");
    for r in &records {
        assert_eq!(r["record_version"], thresh_core::RECORD_VERSION);
        assert!(r["title"].as_str().is_some_and(|t| !t.is_empty()), "{r}");
        assert!(r["text"].as_str().is_some_and(|t| t.len() > 200), "{r}");
        assert!(r["blocks"].as_array().is_some_and(|b| !b.is_empty()));
    }
}

#[test]
fn seed_style_dump_keeps_the_body_and_drops_the_related_blocks() {
    let text = clean(&[&sample("text/dump-seed-style.txt")]);
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let source = std::fs::read_to_string(sample("text/dump-seed-style.txt")).unwrap();
    let expected: Vec<&str> = source.lines().take_while(|l| l.trim() != "-").collect();
    assert_eq!(lines, expected);
}

#[test]
fn a_dump_without_clutter_comes_out_whole() {
    let text = clean(&[&sample("text/clean-note.txt")]);
    let source = std::fs::read_to_string(sample("text/clean-note.txt")).unwrap();
    let got: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let want: Vec<&str> = source.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(got, want);
}

#[test]
fn windows_1252_page_is_decoded_from_its_meta_declaration() {
    let text = clean(&[&sample("html/legacy-latin1.html")]);
    assert!(text.contains("1,6 million €"), "{text}");
    assert!(text.contains("œufs"), "{text}");
    assert!(!text.contains('\u{fffd}'));
    assert!(!text.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)));
}

#[test]
fn news_page_loses_its_clutter() {
    let text = clean(&[&sample("html/news-article.html")]);
    assert!(
        text.starts_with("Battery ferries to take over Marrow Sound crossing next spring\n"),
        "{text}"
    );
    assert!(text.contains("Passenger ferries crossing Marrow Sound"));
    assert!(text.contains("Reyne said islanders would judge the project by a single measure."));
    for clutter in [
        "We use cookies",
        "Morning Tide",
        "About time. I have missed",
        "All rights reserved",
    ] {
        assert!(!text.contains(clutter), "clutter `{clutter}` kept:\n{text}");
    }
}

#[test]
fn stdin_html_and_markdown_front_matter() {
    let html = std::fs::read(sample("html/blog-post.html")).unwrap();
    let out = thresh()
        .args(["clean", "-", "--format", "md"])
        .write_stdin(html)
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.starts_with("---\ntitle: \"Taming log files on a five-dollar server\"\nsource: \"-\"\n"),
        "{md}"
    );
    assert!(md.contains("\n# Taming log files on a five-dollar server\n"));
    assert!(md.contains("copytruncate"), "code block lost:\n{md}");
}

#[test]
fn out_dir_gets_one_file_per_input() {
    let dir = tempfile::tempdir().unwrap();
    thresh()
        .args(["clean", &sample("text"), "--format", "md", "--out"])
        .arg(dir.path())
        .assert()
        .success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["clean-note.md", "dump-newsletter.md", "dump-seed-style.md"]
    );
}

#[test]
fn help_explains_flags_with_examples() {
    let out = thresh().args(["clean", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--format",
        "--out",
        "--input",
        "--focus",
        "--max-size",
        "EXAMPLES",
        "EXIT CODES",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
    // Every subcommand shows examples and its exit codes.
    for command in ["clean", "fetch", "emit", "run", "check", "test"] {
        let out = thresh().args([command, "--help"]).output().unwrap();
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains("EXAMPLES") && help.contains("EXIT CODES"),
            "{command} --help:\n{help}"
        );
    }
}
