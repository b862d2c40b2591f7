//! What users of trafilatura and of Unix tools expect of the command line:
//! `clean --out` mirrors the input tree and never maps two inputs to one
//! file, `fetch` on a terminal with nothing to read prints its usage,
//! trafilatura's flags get a hint, completions and a man page exist.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

mod common;

use common::{files, thresh};

fn page(title: &str) -> String {
    format!(
        "<html><body><article><h1>{title}</h1><p>This is the story of {title}, told at length, with commas, and enough words to be a paragraph.</p>\
         <p>Another paragraph of {title} goes on, and on, with more words than a teaser would have.</p></article></body></html>"
    )
}

#[test]
fn clean_out_mirrors_the_input_tree_and_never_loses_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    for (sub, title) in [("a", "Alpha"), ("b", "Beta"), ("b/deep", "Gamma")] {
        std::fs::create_dir_all(site.join(sub)).unwrap();
        std::fs::write(site.join(sub).join("index.html"), page(title)).unwrap();
    }
    // Two file arguments with one name, in different folders.
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.html"), page("Delta")).unwrap();
    std::fs::write(dir.path().join("index.html"), page("Epsilon")).unwrap();

    let out_dir = dir.path().join("out");
    let run = |force: bool| {
        let mut cmd = thresh();
        cmd.arg("clean")
            .arg(&site)
            .arg(other.join("index.html"))
            .arg(dir.path().join("index.html"))
            .arg("--out")
            .arg(&out_dir);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    let out = run(false);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let written = files(&out_dir);
    let keys: Vec<String> = written.keys().map(|p| p.display().to_string()).collect();
    for mirrored in ["a/index.txt", "b/index.txt", "b/deep/index.txt"] {
        assert!(keys.iter().any(|k| k == mirrored), "{mirrored}: {keys:?}");
    }
    assert_eq!(written.len(), 5, "{keys:?}");
    for title in ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"] {
        assert!(
            written.values().any(|t| t.starts_with(title)),
            "{title}: {keys:?}"
        );
    }
    // With --force, the same files again: nothing lost, nothing added.
    let out = run(true);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(files(&out_dir), written);
}

#[test]
fn fetch_on_a_terminal_with_no_input_prints_usage_and_exits_2() {
    let Some((text, code)) = common::on_a_terminal("fetch") else {
        return;
    };
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("Usage: thresh fetch"), "{text}");
}

#[test]
fn trafilatura_flags_get_a_hint() {
    for (flag, ours) in [
        ("--output-format", "--format"),
        ("--precision", "--focus precision"),
        ("--recall", "--focus recall"),
    ] {
        let out = thresh().args(["clean", "x.html", flag]).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(flag) && stderr.contains(ours), "{stderr}");
    }
}

#[test]
fn completions_and_man_page() {
    let out = thresh().args(["completions", "bash"]).output().unwrap();
    assert!(out.status.success());
    let script = String::from_utf8(out.stdout).unwrap();
    assert!(
        script.contains("_thresh") && script.contains("emit"),
        "{script}"
    );
    let out = thresh().arg("man").output().unwrap();
    assert!(out.status.success());
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(
        man.contains(".TH thresh 1") && man.contains("clean"),
        "{man}"
    );
}

#[test]
fn several_inputs_give_a_json_array_and_named_text() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one", "two"] {
        std::fs::write(dir.path().join(format!("{name}.html")), page(name)).unwrap();
    }
    let one = dir.path().join("one.html");
    let out = thresh()
        .args(["clean", "--format", "json"])
        .arg(&one)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.is_object(), "one input, one object: {v}");
    let out = thresh()
        .args(["clean", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{v}");

    let out = thresh().arg("clean").arg(&one).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("one\n"),
        "no heading for one input: {text}"
    );
    let out = thresh().arg("clean").arg(dir.path()).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let headings: Vec<&str> = text.lines().filter(|l| l.starts_with("==> ")).collect();
    assert_eq!(headings.len(), 2, "{text}");
    assert!(headings[0].ends_with("one.html <=="), "{text}");
}

#[test]
fn colour_only_on_a_terminal_or_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.html");
    std::fs::write(&file, page("Colour")).unwrap();
    let stderr = |extra: &[&str], no_color: bool| {
        let mut cmd = thresh();
        cmd.arg("clean").arg(&file).arg("-vv").args(extra);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8(cmd.output().unwrap().stderr).unwrap()
    };
    let plain = stderr(&[], false);
    assert!(
        plain.contains("DEBUG") && !plain.contains('\u{1b}'),
        "{plain}"
    );
    assert!(stderr(&["--color", "always"], false).contains('\u{1b}'));
    assert!(!stderr(&["--color", "never"], false).contains('\u{1b}'));
    assert!(!stderr(&[], true).contains('\u{1b}'));
}

#[test]
fn an_error_says_its_cause_once() {
    let out = thresh()
        .args(["clean", "no-such-file.html"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| l.contains("error:")).unwrap();
    assert_eq!(line.matches("os error 2").count(), 1, "{line}");
}

#[test]
fn an_input_with_nothing_in_it_is_a_warning_or_with_strict_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = thresh().arg("clean").arg(&empty).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("no pages"),
        "{stderr}"
    );
    assert!(stderr.contains("1 empty"), "{stderr}");
    let out = thresh()
        .arg("clean")
        .arg(&empty)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));

    // A page whose article has a title and no body.
    let bare = dir.path().join("bare.html");
    std::fs::write(&bare, "<html><head><title>Only a title</title></head><body><nav><a href=/>Home</a></nav></body></html>").unwrap();
    let out = thresh().arg("clean").arg(&bare).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("no article body") && stderr.contains("bare.html"),
        "{stderr}"
    );
    let out = thresh()
        .arg("clean")
        .arg(&bare)
        .arg("--strict")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_jsonl_file_of_page_records_is_pages_and_one_of_article_records_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages.jsonl");
    let line = |source: &str, title: &str| {
        serde_json::json!({"source": source, "body": page(title)}).to_string()
    };
    std::fs::write(
        &pages,
        format!("{}\n{}\n", line("a.html", "Alpha"), line("b.html", "Beta")),
    )
    .unwrap();
    let out = thresh()
        .args(["clean", "--format", "jsonl"])
        .arg(&pages)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let records: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(records.len(), 2);
    assert_eq!(records[1]["source"], "b.html");
    assert!(
        records[0]["text"]
            .as_str()
            .unwrap()
            .contains("story of Alpha")
    );

    // Those records are Article records: cleaning them again is refused,
    // each line named.
    let articles = dir.path().join("articles.jsonl");
    let text: String = records.iter().map(|r| format!("{r}\n")).collect();
    std::fs::write(&articles, text).unwrap();
    let out = thresh().arg("clean").arg(&articles).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let name = articles.display().to_string();
    assert!(
        stderr.contains(&format!("{name}: line 2: an Article record")),
        "{stderr}"
    );
}

#[test]
fn clean_of_several_inputs_shows_progress_on_a_terminal_only() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["one", "two", "three"] {
        std::fs::write(dir.path().join(format!("{name}.html")), page(name)).unwrap();
    }
    let args = format!("clean {} > /dev/null", dir.path().display());
    let Some((text, code)) = common::on_a_terminal(&args) else {
        return;
    };
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("/3 ["), "no progress bar: {text}");
    // Not on a file.
    let out = thresh().arg("clean").arg(dir.path()).output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("/3 ["));
}

#[test]
fn clean_on_many_threads_gives_the_bytes_of_one_thread_in_input_order() {
    // Pages of very different sizes (a large one takes longer to clean, so
    // later pages finish first), a broken one and an empty folder among
    // them, and the repository's fixtures.
    let dir = tempfile::tempdir().unwrap();
    let mut args: Vec<String> = Vec::new();
    for i in 0..24 {
        let path = dir.path().join(format!("{i:02}.html"));
        let mut html = page(&format!("Story {i}"));
        if i % 5 == 0 {
            let filler = "<p>A long paragraph of filler text, with commas, that makes this page slow to clean.</p>".repeat(3000);
            html = html.replace("</article>", &format!("{filler}</article>"));
        }
        std::fs::write(&path, html).unwrap();
        args.push(path.display().to_string());
        if i == 7 {
            let bad = dir.path().join("bad.html");
            std::fs::write(
                &bad,
                [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0],
            )
            .unwrap();
            args.push(bad.display().to_string());
            let empty = dir.path().join("empty");
            std::fs::create_dir(&empty).unwrap();
            args.push(empty.display().to_string());
        }
    }
    args.push(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures").to_string());
    let run = |j: &str, format: &str| {
        thresh()
            .args(["clean", "-j", j, "--format", format])
            .args(&args)
            .output()
            .unwrap()
    };
    for format in ["jsonl", "text"] {
        let one = run("1", format);
        assert_eq!(one.status.code(), Some(1), "the broken page fails");
        for j in ["2", "5"] {
            let many = run(j, format);
            assert_eq!(many.status.code(), one.status.code());
            assert!(
                many.stdout == one.stdout,
                "-j {j} --format {format} differs from -j 1"
            );
            assert_eq!(
                String::from_utf8_lossy(&many.stderr),
                String::from_utf8_lossy(&one.stderr),
                "messages in the same order"
            );
        }
    }
    let text = String::from_utf8(run("3", "text").stdout).unwrap();
    let order: Vec<usize> = (0..24)
        .map(|i| {
            text.find(&format!("Story {i}\n"))
                .unwrap_or_else(|| panic!("Story {i} missing"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "input order");
    // -j 0 is a usage error.
    let zero = thresh()
        .args(["clean", "-j", "0"])
        .arg(&args[0])
        .output()
        .unwrap();
    assert_eq!(zero.status.code(), Some(2));
}
