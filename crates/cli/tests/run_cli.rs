//! `thresh run` as a cron job would use it: a run killed with SIGKILL is
//! finished by the next run with the same output as an uninterrupted one,
//! and a second run while one is in progress is refused.

#![allow(clippy::unwrap_used)]

#[path = "../../pipeline/tests/support/mod.rs"]
mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use support::{SiteConfig, TestSite};

fn thresh() -> Command {
    Command::new(assert_cmd::cargo::cargo_bin("thresh"))
}

fn write_pipeline(dir: &Path, site: &TestSite, delay: f64) -> PathBuf {
    let file = dir.join("site.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\nsitemaps = [\"{}\"]\n\n[fetch]\ndelay_secs = {delay}\nper_host = 2\nretries = 0\n\n[emit]\nformat = \"md\"\npath = \"{{host}}/{{slug}}.{{ext}}\"\n",
            site.sitemap_index_url()
        ),
    )
    .unwrap();
    file
}

/// Every file under the output folder but the run report.
fn outputs(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let root = dir.join("out/site");
    let mut stack = vec![root.clone()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "run-report.json") {
                out.insert(
                    path.strip_prefix(&root).unwrap().to_path_buf(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

fn wait_for_files(dir: &Path, n: usize) {
    let start = Instant::now();
    while outputs(dir).len() < n {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no output appeared"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_killed_run_is_finished_by_the_next_with_the_same_output() {
    let site = TestSite::start_blocking(SiteConfig {
        teaser_blocks: false,
        ..SiteConfig::with_articles(60)
    });

    let whole = tempfile::tempdir().unwrap();
    let file = write_pipeline(whole.path(), &site, 0.0);
    let out = thresh().arg("run").arg(&file).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = outputs(whole.path());
    assert_eq!(expected.len(), 60);

    let killed = tempfile::tempdir().unwrap();
    let file = write_pipeline(killed.path(), &site, 0.05);
    let mut child = thresh()
        .arg("run")
        .arg(&file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_files(killed.path(), 5);
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let partial = outputs(killed.path()).len();
    assert!(partial < 60, "the run finished before it was killed");

    let file = write_pipeline(killed.path(), &site, 0.0);
    let out = thresh().arg("run").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(outputs(killed.path()), expected, "{stderr}");
}

#[test]
fn a_second_run_of_the_same_pipeline_is_refused() {
    let site = TestSite::start_blocking(SiteConfig::with_articles(20));
    let dir = tempfile::tempdir().unwrap();
    let file = write_pipeline(dir.path(), &site, 0.1);
    let mut first = thresh()
        .arg("run")
        .arg(&file)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_for_files(dir.path(), 1);
    let second = thresh().arg("run").arg(&file).output().unwrap();
    first.kill().unwrap();
    first.wait().unwrap();
    assert_eq!(second.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("another run of this pipeline is in progress"),
        "{stderr}"
    );
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
}
