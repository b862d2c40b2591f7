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

#[tokio::test]
async fn a_near_duplicate_leaves_no_simhash_in_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("a.html"), story("Reported by the desk.")).unwrap();
    std::fs::write(
        pages.join("b.html"),
        story("Reported by the desk, with a correction."),
    )
    .unwrap();
    let file = dir.path().join("p.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\ndir = \"{}\"\n[emit]\nformat = \"text\"\n",
            pages.display()
        ),
    )
    .unwrap();
    let p = Pipeline::load(&file).unwrap();
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
