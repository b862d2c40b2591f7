//! Site rules: `--keep` / `--drop` CSS selectors on `thresh clean`, and
//! `[clean.sites."host"]` in pipelines, applied only to their host.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use common::{files, succeed, thresh};

const PARA: &str = "This is a sentence of body text, with a comma, and another, long enough to count as a real paragraph of an article about things.";

/// A story with a fact box in an aside (dropped by default) and a related
/// box written as prose inside the article (kept by default).
fn page(canonical: &str) -> String {
    format!(
        r#"<html><head><title>Story</title><link rel="canonical" href="{canonical}"></head><body>
        <nav><a href=/>Home</a> <a href=/news>News</a></nav>
        <article><h1>Story</h1><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p>
        <div class="more-box">Elsewhere on the site, the council also met the harbour board, with a long agenda, and much to say.</div></article>
        <aside class="factbox"><p>Fact box: the harbour was built in 1850, and rebuilt twice since.</p></aside>
        <footer>Copyright Example News</footer></body></html>"#
    )
}

fn clean(html: &str, rules: &[&str]) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("story.html");
    std::fs::write(&file, html).unwrap();
    thresh()
        .arg("clean")
        .arg(&file)
        .args(rules)
        .output()
        .unwrap()
}

fn text(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

#[test]
fn keep_brings_back_a_box_and_drop_removes_a_stubborn_one() {
    let html = page("https://a.example/story");
    let plain = text(&clean(&html, &[]));
    assert!(!plain.contains("Fact box"), "{plain}");
    assert!(plain.contains("Elsewhere on the site"), "{plain}");

    let kept = text(&clean(
        &html,
        &["--keep", "article", "--keep", "aside.factbox"],
    ));
    assert!(kept.contains("Fact box: the harbour"), "{kept}");
    assert!(kept.contains(PARA), "{kept}");
    assert!(!kept.contains("Copyright"), "{kept}");

    let dropped = text(&clean(&html, &["--drop", ".more-box"]));
    assert!(!dropped.contains("Elsewhere on the site"), "{dropped}");
    assert!(dropped.contains(PARA), "{dropped}");
}

#[test]
fn a_bad_selector_is_a_usage_error_naming_it() {
    let out = clean(&page("https://a.example/story"), &["--drop", "div > > p"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`div > > p`"), "{err}");
    let out = clean(&page("https://a.example/story"), &["--keep", "[data-body]"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("data-body"));
}

#[test]
fn a_pipelines_site_rules_apply_only_to_their_host() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    std::fs::write(pages.join("a.html"), page("https://www.a.example/story")).unwrap();
    std::fs::write(pages.join("b.html"), page("https://b.example/story")).unwrap();
    let file = dir.path().join("rules.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\ndir = \"{}\"\n[emit]\nformat = \"text\"\npath = \"{{slug}}-{{host}}.{{ext}}\"\n\
             [clean.sites.\"a.example\"]\ndrop = [\".more-box\"]\nkeep = [\"article\", \".factbox\"]\n",
            pages.display()
        ),
    )
    .unwrap();
    succeed(thresh().arg("run").arg(&file));
    let written = files(&dir.path().join("out/rules"));
    let of = |host: &str| {
        written
            .iter()
            .find(|(p, _)| p.to_string_lossy().contains(host))
            .map(|(_, t)| t.clone())
            .unwrap_or_else(|| panic!("no article of {host} in {written:?}"))
    };
    let a = of("a.example");
    assert!(
        a.contains("Fact box") && !a.contains("Elsewhere on the site"),
        "{a}"
    );
    let b = of("b.example");
    assert!(
        !b.contains("Fact box") && b.contains("Elsewhere on the site"),
        "{b}"
    );
}
