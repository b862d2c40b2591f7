//! What the store remembers of a page turned away as a near-duplicate: not
//! its simhash. The next run's near-duplicate index is built from the
//! store, and must hold what this run's index held (written articles only),
//! or a run resumed after a kill turns away pages an uninterrupted run
//! writes.

#![allow(clippy::unwrap_used)]

use thresh_pipeline::state::Store;
use thresh_pipeline::{Pipeline, RunOptions, run};

fn story(extra: &str) -> String {
    let paras: String = (0..8)
        .map(|p| {
            format!(
                "<p>Paragraph {p}: the council met on Tuesday and voted on the budget for the harbour, \
                 the schools and the roads, after a long debate about taxes and services.</p>"
            )
        })
        .collect();
    format!(
        "<html><head><title>Harbour budget</title></head><body><article><h1>Harbour budget</h1>{paras}<p>{extra}</p></article></body></html>"
    )
}

/// A pipeline over a folder of these pages (`a.html`, `b.html`, ...),
/// written as text.
fn pipeline_over(pages: &[String]) -> (tempfile::TempDir, Pipeline) {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("pages");
    std::fs::create_dir(&folder).unwrap();
    for (name, html) in ('a'..).zip(pages) {
        std::fs::write(folder.join(format!("{name}.html")), html).unwrap();
    }
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\ndir = \"{}\"\n[emit]\nformat = \"text\"\n",
            folder.display()
        ),
    )
    .unwrap();
    let p = Pipeline::load(&file).unwrap();
    (dir, p)
}

#[tokio::test]
async fn a_near_duplicate_leaves_no_simhash_in_the_store() {
    let (_dir, p) = pipeline_over(&[
        story("Reported by the desk."),
        story("Reported by the desk, with a correction."),
    ]);
    let report = run(&p, RunOptions::default()).await.unwrap();
    assert_eq!(report.new_articles, 1, "{}", report.summary());
    assert_eq!(report.near_duplicates, 1, "{}", report.summary());
    let store = Store::open(&p.state_path).unwrap();
    let mut states = Vec::new();
    store.for_each_url(|s| states.push(s)).unwrap();
    let written = states.iter().find(|s| s.status == "written").unwrap();
    let near = states
        .iter()
        .find(|s| s.status == "near_duplicate")
        .unwrap();
    assert!(written.simhash.is_some());
    assert_eq!(
        near.simhash, None,
        "a turned-away page is not in the next run's index"
    );
}

/// The store as `thresh state` prints it, fetch times left out.
fn records(p: &Pipeline) -> Vec<String> {
    let mut out = Vec::new();
    thresh_pipeline::state::dump(&p.state_path, |r| {
        let mut v = serde_json::to_value(&r).unwrap();
        v.as_object_mut().unwrap().remove("last_fetch");
        out.push(v.to_string());
    })
    .unwrap();
    out
}

/// A duplicate is cleaned again on every run (its bytes are not stored as
/// an article), but site learning has counted it once: a second run over
/// the same pages leaves the store as it was, so a run redone after a
/// kill ends where an uninterrupted one does.
#[tokio::test]
async fn a_run_over_unchanged_pages_changes_nothing_in_the_store() {
    let (_dir, p) = pipeline_over(&[
        story("Reported by the desk."),
        story("Reported by the desk."),
        story("Filed from the quay by a reporter."),
    ]);
    let first = run(&p, RunOptions::default()).await.unwrap();
    assert_eq!(first.duplicates, 1, "{}", first.summary());
    let before = records(&p);
    assert!(
        before.iter().any(|r| r.contains(r#""table":"host""#)),
        "site learning is on by default: {before:?}"
    );
    let second = run(&p, RunOptions::default()).await.unwrap();
    assert_eq!(second.new_articles, 0, "{}", second.summary());
    assert_eq!(records(&p), before);
}
