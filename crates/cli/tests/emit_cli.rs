//! `thresh emit`: Article records from `thresh clean --format jsonl` (or
//! any tool between the two) written as the pipeline's `[emit]` writes
//! them, with errors for lines that are not records.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::path::{Path, PathBuf};

mod common;

use common::{files, thresh};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn records() -> String {
    let out = thresh()
        .args(["clean", "--format", "jsonl"])
        .arg(samples())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn clean_then_emit_writes_what_clean_out_writes() {
    let dir = tempfile::tempdir().unwrap();
    let direct = dir.path().join("direct");
    let out = thresh()
        .args(["clean", "--format", "md", "--out"])
        .arg(&direct)
        .arg(samples())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let emitted = dir.path().join("emitted");
    let out = thresh()
        .args(["emit", "--format", "md", "--dir"])
        .arg(&emitted)
        .write_stdin(records())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let direct = files(&direct);
    let emitted = files(&emitted);
    assert!(direct.len() >= 5, "{direct:?}");
    assert!(
        stderr.contains(&format!("{} written, 0 failed", direct.len())),
        "{stderr}"
    );
    // The same articles, byte for byte; only the file names differ (the
    // path template against --out's one file per input).
    let mut a: Vec<&String> = direct.values().collect();
    let mut b: Vec<&String> = emitted.values().collect();
    a.sort();
    b.sort();
    assert_eq!(a, b);
    // The default template: {host}/{date}/{slug}.{ext}.
    assert!(
        emitted
            .keys()
            .all(|p| p.components().count() == 3 && p.extension().is_some_and(|e| e == "md")),
        "{:?}",
        emitted.keys()
    );
}

#[test]
fn bad_lines_are_errors_naming_file_and_line_and_the_rest_go_through() {
    let dir = tempfile::tempdir().unwrap();
    let good = records();
    let first = good.lines().next().unwrap();
    let page = r#"{"source":"a.html","body":"<p>Hello</p>"}"#;
    let current = format!("\"record_version\":{}", thresh_core::RECORD_VERSION);
    let old = first.replacen(&current, "\"record_version\":1", 1);
    assert_ne!(old, first, "the record names its version");
    let input = format!("{first}\nnot json at all\n{page}\n\n{old}\n[1,2]\n{first}\n");
    let file = dir.path().join("mixed.jsonl");
    std::fs::write(&file, input).unwrap();
    let out = thresh()
        .args(["emit", "--format", "jsonl"])
        .arg(&file)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 4, "{stderr}");
    let name = file.display().to_string();
    for (line, why) in [
        (2, "not JSON"),
        (3, "a Page record"),
        (5, "an Article record of version 1"),
        (
            6,
            "not an Article record: a JSON value that is not an object",
        ),
    ] {
        assert!(
            errors
                .iter()
                .any(|e| e.contains(&format!("{name}: line {line}: {why}"))),
            "line {line}: {stderr}"
        );
    }
    // The two good records came out, as records that read back.
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    for line in stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(v["blocks"].is_array());
    }
}

#[test]
fn a_path_template_collision_never_loses_an_article() {
    let dir = tempfile::tempdir().unwrap();
    let record = |url: &str, body: &str| {
        serde_json::json!({
            // A record of version 2 (before image blocks) still reads.
            "record_version": 2,
            "source": url,
            "url": url,
            "blocks": [{"type": "paragraph", "text": body}],
            "provenance": {"cleaner": "html", "version": "test", "settings": []},
        })
        .to_string()
    };
    let input = format!(
        "{}\n{}\n",
        record("https://news.example/a/index.html", "The first story."),
        record("https://news.example/b/index.html", "The second story.")
    );
    let out_dir = dir.path().join("out");
    let out = thresh()
        .args([
            "emit",
            "--format",
            "text",
            "--path",
            "{host}/{slug}.{ext}",
            "--dir",
        ])
        .arg(&out_dir)
        .write_stdin(input.clone())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let written = files(&out_dir);
    assert_eq!(written.len(), 2, "{written:?}");
    let mut texts: Vec<&str> = written.values().map(String::as_str).collect();
    texts.sort();
    assert_eq!(texts, ["The first story.\n", "The second story.\n"]);

    // A second run does not write over the first one's files...
    let out = thresh()
        .args(["emit", "--path", "{host}/{slug}.{ext}", "--dir"])
        .arg(&out_dir)
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    // ...unless asked to.
    let out = thresh()
        .args(["emit", "--force", "--path", "{host}/{slug}.{ext}", "--dir"])
        .arg(&out_dir)
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&out_dir).len(), 2);
}

#[test]
fn a_bad_template_is_a_usage_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = thresh()
        .args(["emit", "--path", "{host}/{nope}.{ext}", "--dir"])
        .arg(dir.path())
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--path") && stderr.contains("{nope}"),
        "{stderr}"
    );
}

#[test]
fn warc_format_writes_one_gzipped_wet_record_per_article() {
    let dir = tempfile::tempdir().unwrap();
    let input = records();
    let n = input.lines().count();
    let out = thresh()
        .args(["emit", "--format", "warc", "--dir"])
        .arg(dir.path())
        .write_stdin(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut stack = vec![dir.path().to_path_buf()];
    let mut seen = 0;
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            assert!(
                path.to_string_lossy().ends_with(".warc.gz"),
                "{}",
                path.display()
            );
            let raw = std::fs::read(&path).unwrap();
            let mut text = String::new();
            std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&raw[..]), &mut text)
                .unwrap();
            assert!(
                text.starts_with("WARC/1.1\r\nWARC-Type: conversion\r\n"),
                "{text}"
            );
            seen += 1;
        }
    }
    assert_eq!(seen, n);
}
