//! `thresh run` as cron runs it: a change only in clutter writes nothing,
//! the same pipeline run from another folder is the same run, and a run
//! stopped by a signal says so in its exit code.

#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../pipeline/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use support::{SiteConfig, TestSite};

fn thresh() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("thresh"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A copy of the bundled samples in `dir/site/pages` and a pipeline over
/// them at `dir/site/pipes/p.toml` (relative paths, a JSONL log).
fn samples_pipeline(dir: &Path) -> PathBuf {
    let root = dir.join("site");
    let pages = root.join("pages");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    for sub in ["html", "text"] {
        std::fs::create_dir_all(pages.join(sub)).unwrap();
        for entry in std::fs::read_dir(samples.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, pages.join(sub).join(path.file_name().unwrap())).unwrap();
        }
    }
    let pipes = root.join("pipes");
    std::fs::create_dir_all(&pipes).unwrap();
    let file = pipes.join("p.toml");
    std::fs::write(
        &file,
        "[source]\ndir = \"../pages\"\n[emit]\nformat = \"md\"\ndir = \"../out\"\npath = \"{slug}.{ext}\"\njsonl = \"../out/articles.jsonl\"\n[learn]\nenabled = false\n",
    )
    .unwrap();
    file
}

fn run_in(cwd: &Path, pipeline: &Path) -> Output {
    thresh()
        .current_dir(cwd)
        .arg("run")
        .arg(pipeline)
        .output()
        .unwrap()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out: Vec<_> = common::walk(dir)
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n != "run-report.json"))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

#[test]
fn a_change_only_in_clutter_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = samples_pipeline(dir.path());
    let first = run_in(dir.path(), &file);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("new articles 6"),
        "{}",
        stderr(&first)
    );
    let out = dir.path().join("site/out");
    let before = snapshot(&out);

    // A newsletter box appended to a page: its bytes change, its article
    // does not.
    let page = dir.path().join("site/pages/html/news-article.html");
    let html = std::fs::read_to_string(&page).unwrap().replace(
        "</body>",
        "<div class=\"newsletter-signup\"><p>Sign up for our free weekly newsletter and never miss a story.</p></div></body>",
    );
    std::fs::write(&page, html).unwrap();
    let second = run_in(dir.path(), &file);
    let log = stderr(&second);
    assert!(second.status.success(), "{log}");
    assert!(
        log.contains("unchanged 6, new articles 0, updated 0"),
        "{log}"
    );
    assert_eq!(snapshot(&out), before, "nothing is rewritten or appended");
    let jsonl = std::fs::read_to_string(out.join("articles.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 6);

    // A real change is an update, logged once more.
    let html = std::fs::read_to_string(&page).unwrap().replace(
        "Passenger ferries crossing Marrow Sound",
        "Electric ferries crossing Marrow Sound",
    );
    std::fs::write(&page, html).unwrap();
    let third = run_in(dir.path(), &file);
    assert!(stderr(&third).contains("updated 1"), "{}", stderr(&third));
    let jsonl = std::fs::read_to_string(out.join("articles.jsonl")).unwrap();
    assert_eq!(jsonl.lines().count(), 7);
}

#[test]
fn the_same_pipeline_from_another_folder_is_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    let file = samples_pipeline(dir.path());
    let first = run_in(&dir.path().join("site/pipes"), Path::new("p.toml"));
    assert!(first.status.success(), "{}", stderr(&first));
    let out = dir.path().join("site/out");
    let before = snapshot(&out);
    assert_eq!(before.len(), 7, "6 articles and the JSONL log");

    // From the project root, the file named by a longer relative path.
    let again = run_in(dir.path(), Path::new("site/pipes/../pipes/p.toml"));
    let log = stderr(&again);
    assert!(again.status.success(), "{log}");
    assert!(
        log.contains("unchanged 6, new articles 0, updated 0, duplicates 0"),
        "{log}"
    );
    assert_eq!(snapshot(&out), before);
    assert!(file.exists());
    // Nothing was written relative to the working directories.
    assert!(!dir.path().join("out").exists());
    assert!(!dir.path().join("site/pipes/out").exists());
}

fn held_site_pipeline(dir: &Path, site: &TestSite) -> PathBuf {
    let file = dir.join("site.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\nsitemaps = [\"{}\"]\n[fetch]\ndelay_secs = 0.0\nper_host = 2\nconcurrency = 2\nretries = 0\n[emit]\nformat = \"text\"\npath = \"{{slug}}.{{ext}}\"\n",
            site.sitemap_index_url()
        ),
    )
    .unwrap();
    file
}

fn stop_with(signal: &str) -> (Option<i32>, String) {
    let site = TestSite::start_blocking(SiteConfig::with_articles(40));
    site.hold_articles();
    let dir = tempfile::tempdir().unwrap();
    let file = held_site_pipeline(dir.path(), &site);
    let child = thresh()
        .arg("run")
        .arg(&file)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out_dir = dir.path().join("out/site");
    // Articles go through two at a time until two are written; the rest
    // wait, so the signal lands mid-run on any machine.
    site.let_articles_through_until(2, 10, || {
        std::fs::read_dir(&out_dir).map_or(0, |d| d.count()) >= 2
    });
    let status = Command::new("kill")
        .arg(format!("-{signal}"))
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(status.success());
    let out = child.wait_with_output().unwrap();
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out_dir.join("run-report.json")).unwrap()).unwrap();
    assert_eq!(report["interrupted"], true);
    (out.status.code(), stderr(&out))
}

#[test]
fn an_interrupted_run_exits_with_the_signal_code_and_says_so_once() {
    let (code, log) = stop_with("INT");
    assert_eq!(code, Some(130), "{log}");
    assert_eq!(log.matches("stopping").count(), 1, "{log}");
    assert!(log.contains("[interrupted]"), "{log}");
    let (code, log) = stop_with("TERM");
    assert_eq!(code, Some(143), "{log}");
}

#[test]
fn check_prints_the_resolved_pipeline_as_toml_that_loads_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = samples_pipeline(dir.path());
    let out = thresh().arg("check").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        !text.contains("Settings {") && !text.contains("ms,"),
        "{text}"
    );
    let value: toml::Value = toml::from_str(&text).unwrap();
    let source = &value["source"];
    assert_eq!(source["revisit_after_hours"].as_float(), Some(0.0));
    let pages = dir.path().join("site/pages").canonicalize().unwrap();
    assert_eq!(source["dir"].as_str(), Some(pages.to_str().unwrap()));
    assert_eq!(value["fetch"]["delay_secs"].as_float(), Some(1.0));
    assert_eq!(value["clean"]["focus"].as_str(), Some("balanced"));
    // It loads back: checking the printed file prints the same.
    let again = dir.path().join("site/pipes/resolved.toml");
    std::fs::write(&again, &text).unwrap();
    let out = thresh().arg("check").arg(&again).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let reprinted = String::from_utf8(out.stdout).unwrap();
    let strip = |t: &str| {
        t.lines()
            .filter(|l| !l.starts_with("# "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&reprinted), strip(&text));

    // A URL without a scheme is an error at check time, naming its line.
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[source]\n\nurls = [\"127.0.0.1:8765/x\"]\n").unwrap();
    let out = thresh().arg("check").arg(&bad).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log = stderr(&out);
    assert!(
        log.contains("bad.toml") && log.contains("line 3") && log.contains("127.0.0.1:8765/x"),
        "{log}"
    );
}
