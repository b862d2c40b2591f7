//! `thresh run` as a cron job would use it: a run killed with SIGKILL is
//! finished by the next run with the same output as an uninterrupted one,
//! and a second run while one is in progress is refused.

#![allow(clippy::unwrap_used)]

#[path = "../../pipeline/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::{SiteConfig, TestSite};

fn thresh() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("thresh"))
}

/// A pipeline over the site's sitemaps, two fetches at a time.
fn write_pipeline(dir: &Path, site: &TestSite) -> PathBuf {
    let file = dir.join("site.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\nsitemaps = [\"{}\"]\n\n[fetch]\ndelay_secs = 0.0\nper_host = 2\nconcurrency = 2\nretries = 0\n\n[emit]\nformat = \"md\"\npath = \"{{host}}/{{slug}}.{{ext}}\"\njsonl = \"log/articles.jsonl\"\n",
            site.sitemap_index_url()
        ),
    )
    .unwrap();
    file
}

/// Every file under the output folder but the run report.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    outputs_under(&dir.join("out/site"))
}

/// Every file under `root` but the run report, by path relative to it.
fn outputs_under(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let root = root.to_path_buf();
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n != "run-report.json" && !n.starts_with(".thresh-"))
            {
                // A running pipeline's temp files come and go; the files
                // it renames into place stay.
                if let Ok(bytes) = std::fs::read(&path) {
                    out.insert(path.strip_prefix(&root).unwrap().to_path_buf(), bytes);
                }
            }
        }
    }
    out
}

/// The sources of the JSONL log's records, in order, each line checked
/// to be a whole record.
fn logged_sources(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("log/articles.jsonl")).unwrap_or_default();
    text.lines()
        .map(|line| {
            let record: serde_json::Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("a broken line in the log ({e}): {line}"));
            record["source"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The state store as `thresh state` prints it, with what two runs in two
/// folders cannot share made equal: fetch times and the folder itself.
fn store_records(dir: &Path, file: &Path) -> Vec<String> {
    let out = thresh().arg("state").arg(file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let mut record: serde_json::Value = serde_json::from_str(line).unwrap();
            record.as_object_mut().unwrap().remove("last_fetch");
            record
                .to_string()
                .replace(&dir.display().to_string(), "DIR")
        })
        .collect()
}

#[test]
fn a_killed_run_is_finished_by_the_next_with_the_same_output() {
    let site = TestSite::start_blocking(SiteConfig {
        teaser_blocks: false,
        ..SiteConfig::with_articles(60)
    });

    let whole = tempfile::tempdir().unwrap();
    let file = write_pipeline(whole.path(), &site);
    let out = thresh().arg("run").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = outputs(whole.path());
    assert_eq!(expected.len(), 60);
    let mut expected_log = logged_sources(whole.path());
    expected_log.sort();
    assert_eq!(expected_log.len(), 60);
    let expected_store = store_records(whole.path(), &file);

    // Killed three times at different moments, then run to the end. The
    // site holds article requests and lets them through two at a time until
    // enough files are out, so each kill lands mid-run on any machine.
    let killed = tempfile::tempdir().unwrap();
    let file = write_pipeline(killed.path(), &site);
    let mut partial = 0;
    for at in [5, 15, 30] {
        site.hold_articles();
        let mut child = thresh()
            .arg("run")
            .arg(&file)
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let target = at.max(partial + 3);
        site.let_articles_through_until(2, 100, || outputs(killed.path()).len() >= target);
        child.kill().unwrap(); // SIGKILL: no chance to clean up
        child.wait().unwrap();
        site.release_articles();
        partial = outputs(killed.path()).len();
        assert!(partial < 60, "the run finished before it was killed");
    }

    let out = thresh().arg("run").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(outputs(killed.path()), expected, "{stderr}");
    // One record per article: none lost, none repeated, no torn line.
    let mut log = logged_sources(killed.path());
    log.sort();
    assert_eq!(log, expected_log, "{stderr}");
    // And the store knows what it would know after one run: every URL's
    // state, the article hashes, what site learning counted.
    assert_eq!(store_records(killed.path(), &file), expected_store);
}

#[test]
fn two_runs_over_the_same_pages_write_the_same_files() {
    // Near-duplicate detection and site learning depend on what was seen
    // before; the order in which cleans finish must not leak into the
    // output. Pairs of pages carry the same story under different chrome:
    // which of the two is written must not vary.
    let pages = tempfile::tempdir().unwrap();
    for i in 0..40 {
        let story: String = (0..6)
            .map(|p| {
                format!(
                    "<p>Story {i} paragraph {p}: the council met on Tuesday and voted on \
                     the budget for the harbour, the schools and the roads of district {i}, \
                     after a long debate about taxes and services in paragraph {p}.</p>"
                )
            })
            .collect();
        for copy in ["a", "b"] {
            // Pages of different sizes take different times to clean.
            let pad = "<li><a href=\"/x\">Section link</a></li>".repeat(if copy == "a" {
                1
            } else {
                400
            });
            let html = format!(
                "<html><head><title>Story {i}</title></head><body>\
                 <nav><ul>{pad}</ul></nav><article><h1>Story {i}</h1>{story}</article>\
                 <footer>Copyright {copy} Example News</footer></body></html>"
            );
            std::fs::write(pages.path().join(format!("{i:02}-{copy}.html")), html).unwrap();
        }
    }
    let mut seen = Vec::new();
    // On one thread and on several: the same files.
    for threads in ["3", "1", "4"] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("local.toml");
        std::fs::write(
            &file,
            format!(
                "[source]\ndir = \"{}\"\n\n[emit]\nformat = \"md\"\njsonl = \"log/articles.jsonl\"\n",
                pages.path().display()
            ),
        )
        .unwrap();
        let out = thresh()
            .args(["run", "-j", threads])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let log = std::fs::read_to_string(dir.path().join("log/articles.jsonl")).unwrap();
        let files = outputs_under(&dir.path().join("out"));
        seen.push((files, log));
    }
    assert!(!seen[0].0.is_empty());
    assert!(seen[0].0.len() < 80, "near-duplicates were all written");
    assert!(seen.iter().all(|s| *s == seen[0]), "runs differ");
}

#[test]
fn a_second_run_of_the_same_pipeline_is_refused() {
    let site = TestSite::start_blocking(SiteConfig::with_articles(20));
    let dir = tempfile::tempdir().unwrap();
    let file = write_pipeline(dir.path(), &site);
    // Articles are held after the first is out: the first run is still
    // going when the second starts.
    site.hold_articles();
    let mut first = thresh()
        .arg("run")
        .arg(&file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    site.let_articles_through_until(2, 10, || !outputs(dir.path()).is_empty());
    let second = thresh().arg("run").arg(&file).output().unwrap();
    let state = thresh().arg("state").arg(&file).output().unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    site.release_articles();
    assert_eq!(second.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("another run of this pipeline is in progress"),
        "{stderr}"
    );
    // Reading the store meanwhile fails at once and says why.
    assert_eq!(state.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&state.stderr);
    assert!(stderr.contains("in use by a running"), "{stderr}");
}

#[test]
fn the_samples_pipeline_runs_and_reruns_offline() {
    let dir = tempfile::tempdir().unwrap();
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let file = dir.path().join("samples.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\ndir = \"{}\"\n[emit]\npath = \"{{slug}}.{{ext}}\"\n",
            samples.display()
        ),
    )
    .unwrap();
    let first = thresh().arg("run").arg(&file).output().unwrap();
    assert!(first.status.success());
    let stderr = String::from_utf8_lossy(&first.stderr);
    assert!(stderr.contains("new articles 6"), "{stderr}");
    let second = thresh().arg("run").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(stderr.contains("unchanged 6, new articles 0"), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("out/samples/run-report.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(report["unchanged"], 6);
    // The store holds a state per sample, each with its output file.
    let state = thresh()
        .args(["state", "--table", "url"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(state.status.success());
    let urls: Vec<serde_json::Value> = String::from_utf8(state.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(urls.len(), 6, "{urls:?}");
    assert!(
        urls.iter()
            .all(|u| u["table"] == "url" && u["status"] == "written" && u["output"].is_string()),
        "{urls:?}"
    );
}
