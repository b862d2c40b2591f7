//! End-to-end fixtures: every `tests/fixtures/<case>/` of the workspace
//! holds a `source.txt` (a text dump, cleaned by [`TextCleaner`]) or a
//! `source.html` (cleaned by [`AutoCleaner`], which picks the HTML
//! cleaner), the `expected.txt` text rendering, and a `meta.json`.
//!
//! `meta.json` may name the expected `title` and a `focus`
//! (`precision`, `balanced`, `recall`). On a mismatch the test prints a line
//! diff of every failing case. Set `THRESH_BLESS=1` to write the current
//! output as `expected.txt` (then review the diff before committing).

// test code: a panic is a test failure
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use thresh_clean::{AutoCleaner, Cleaner, Focus, InputKind, Settings, TextCleaner};
use thresh_core::Page;
use thresh_emit::{Format, render};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// The case's settings, from `meta.json` when it names a focus.
fn settings(meta: &serde_json::Value) -> Settings {
    let focus = match meta.get("focus").and_then(|f| f.as_str()) {
        Some("precision") => Focus::Precision,
        Some("recall") => Focus::Recall,
        _ => Focus::Balanced,
    };
    Settings {
        focus,
        ..Settings::default()
    }
}

/// A line diff of `want` and `got` (longest common subsequence), `-` for
/// expected lines that are missing, `+` for unexpected ones.
fn diff(want: &str, got: &str) -> String {
    let a: Vec<&str> = want.lines().collect();
    let b: Vec<&str> = got.lines().collect();
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, String::new());
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            writeln!(out, "  {}", a[i]).unwrap();
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            writeln!(out, "+ {}", b[j]).unwrap();
            j += 1;
        } else {
            writeln!(out, "- {}", a[i]).unwrap();
            i += 1;
        }
    }
    out
}

/// Clean one case; `Err` holds a readable report of what went wrong.
fn run_case(dir: &Path) -> Result<(), String> {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let meta: serde_json::Value = match std::fs::read_to_string(dir.join("meta.json")) {
        Ok(s) => serde_json::from_str(&s).map_err(|e| format!("{name}: bad meta.json: {e}"))?,
        Err(_) => serde_json::Value::Null,
    };
    let settings = settings(&meta);
    let (source, article) = if dir.join("source.txt").is_file() {
        let path = dir.join("source.txt");
        let page = Page::from_bytes(path.to_string_lossy(), std::fs::read(&path).unwrap());
        let cleaner = TextCleaner::new(Settings {
            input: InputKind::Text,
            ..settings
        });
        ("source.txt", cleaner.clean(&page))
    } else if dir.join("source.html").is_file() {
        let path = dir.join("source.html");
        let page = Page::from_bytes(path.to_string_lossy(), std::fs::read(&path).unwrap());
        ("source.html", AutoCleaner::new(settings).clean(&page))
    } else {
        return Err(format!("{name}: no source.txt or source.html"));
    };
    let article = article.map_err(|e| format!("{name}/{source}: cleaner failed: {e}"))?;
    let got = render(&article, Format::Text).map_err(|e| format!("{name}: render: {e}"))?;
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("THRESH_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
        return Ok(());
    }
    let want = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("{name}: cannot read expected.txt: {e}"))?;
    let mut report = String::new();
    if want != got {
        write!(
            report,
            "{name}/{source}: output differs from expected.txt (- expected, + got):\n{}",
            diff(&want, &got)
        )
        .unwrap();
    }
    if let Some(title) = meta.get("title").and_then(|t| t.as_str())
        && article.title.as_deref() != Some(title)
    {
        writeln!(
            report,
            "{name}: title {:?}, meta.json says {title:?}",
            article.title
        )
        .unwrap();
    }
    if report.is_empty() {
        Ok(())
    } else {
        Err(report)
    }
}

#[test]
fn every_fixture_matches_its_expected_rendering() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no fixtures under {:?}", fixtures_dir());
    let text_cases = dirs
        .iter()
        .filter(|d| d.join("source.txt").is_file())
        .count();
    assert!(text_cases >= 12, "only {text_cases} text fixtures");
    let failures: Vec<String> = dirs.iter().filter_map(|d| run_case(d).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n")
    );
}

/// The project's seed dump, read from the shared folder when it is there
/// (it is not copied into the repository): title, lede and seven body
/// paragraphs, nothing from the lone `-` line on.
#[test]
fn seed_dump_keeps_its_first_nine_lines() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/seeds/000_c63a09782cd3c549.txt");
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("seed not found at {path:?}; skipped");
        return;
    };
    let source = String::from_utf8(bytes.clone()).unwrap();
    let first_nine: Vec<&str> = source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(9)
        .collect();
    let article = TextCleaner::new(Settings::default())
        .clean(&Page::from_bytes("seed.txt", bytes))
        .unwrap();
    let rendered = render(&article, Format::Text).unwrap();
    let got: Vec<&str> = rendered.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        got,
        first_nine,
        "{}",
        diff(&first_nine.join("\n"), &got.join("\n"))
    );
    assert!(matches!(
        article.blocks.first(),
        Some(thresh_core::Block::Lede { .. })
    ));
}
