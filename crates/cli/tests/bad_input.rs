//! Bad inputs: each gets a one-line error naming it on stderr, the other
//! inputs still go through, the exit code is 1 with a count of failures, and
//! no half-written output is left behind.

#![allow(clippy::unwrap_used)] // test helpers: a panic is the failure report

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

const GOOD: &str = "A good headline\nA lede that sums up the story in one sentence.\nThe first paragraph of the body, which is long enough to be taken for real article text by the cleaner.\nThe second paragraph of the body goes on with the story and ends with a full stop.\n";

fn thresh() -> Command {
    Command::cargo_bin("thresh").unwrap()
}

fn good_file(dir: &Path) -> String {
    let path = dir.join("good.txt");
    std::fs::write(&path, GOOD).unwrap();
    path.display().to_string()
}

/// Run `thresh clean GOOD BAD` and check the shape of the result: the good
/// input is on stdout, stderr has exactly one error line naming the bad
/// input and the summary, and the exit code is 1.
fn assert_one_failure(bad: &str, expected_reason: &str) {
    let dir = tempfile::tempdir().unwrap();
    let good = good_file(dir.path());
    let out = thresh().args(["clean", &good, bad]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stdout.contains("A good headline"),
        "good input missing: {stdout}"
    );
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error:")).collect();
    assert_eq!(errors.len(), 1, "one error line expected: {stderr}");
    assert!(
        errors[0].contains(bad),
        "error does not name {bad}: {}",
        errors[0]
    );
    assert!(
        errors[0].to_lowercase().contains(expected_reason),
        "error does not say `{expected_reason}`: {}",
        errors[0]
    );
    assert!(stderr.contains("1 ok, 1 failed"), "no summary: {stderr}");
}

#[test]
fn missing_path() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-file.html");
    assert_one_failure(&missing.display().to_string(), "no such file");
}

#[test]
fn empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.html");
    std::fs::write(&path, "").unwrap();
    assert_one_failure(&path.display().to_string(), "empty input");
}

#[test]
fn binary_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("photo.html");
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    bytes.extend((0..4096u32).map(|i| (i % 251) as u8));
    std::fs::write(&path, bytes).unwrap();
    assert_one_failure(&path.display().to_string(), "binary");
}

#[test]
fn file_over_the_size_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.html");
    // 200 MB, sparse: made instantly, never read.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(200 * 1024 * 1024).unwrap();
    assert_one_failure(&path.display().to_string(), "limit");
}

#[test]
fn unreachable_url() {
    // Bind then drop a listener: its port is closed on loopback.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/article");
    assert_one_failure(&url, &url);
}

#[test]
fn unsupported_scheme() {
    assert_one_failure("ftp://127.0.0.1/file.html", "invalid url");
}

#[test]
fn invalid_utf8_is_cleaned_not_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("latin.txt");
    let mut bytes = b"Caf\xe9 headline\n".to_vec();
    bytes.extend_from_slice(
        b"The body says caf\xe9 and cr\xe8me br\xfbl\xe9e in a sentence long enough to count.\n",
    );
    bytes.extend_from_slice(
        b"Broken bytes \xff\xfe here do not stop the cleaner from keeping this line.\n",
    );
    std::fs::write(&path, bytes).unwrap();
    thresh()
        .args(["clean", &path.display().to_string()])
        .assert()
        .success()
        .stdout(predicate::str::contains("cr\u{e8}me br\u{fb}l\u{e9}e"));
}

#[test]
fn directory_with_an_unreadable_entry() {
    let dir = tempfile::tempdir().unwrap();
    good_file(dir.path());
    // A dangling symlink cannot be read, whoever runs the test.
    let broken = dir.path().join("broken.html");
    std::os::unix::fs::symlink(dir.path().join("gone.html"), &broken).unwrap();
    let out = thresh()
        .args(["clean", &dir.path().display().to_string()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("A good headline"));
    assert!(stderr.contains("broken.html"), "{stderr}");
    assert!(stderr.contains("1 ok, 1 failed"), "{stderr}");
}

#[test]
fn failures_leave_no_partial_files_and_existing_files_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let good = good_file(dir.path());
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out_dir = dir.path().join("out");
    thresh()
        .args(["clean", &good, &empty.display().to_string(), "--out"])
        .arg(&out_dir)
        .assert()
        .code(1);
    let names: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["good.txt".to_string()]);
    // A second run refuses to overwrite silently...
    std::fs::write(out_dir.join("good.txt"), "keep me").unwrap();
    thresh()
        .args(["clean", &good, "--out"])
        .arg(&out_dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists"));
    assert_eq!(
        std::fs::read_to_string(out_dir.join("good.txt")).unwrap(),
        "keep me"
    );
    // ...unless asked to.
    thresh()
        .args(["clean", &good, "--force", "--out"])
        .arg(&out_dir)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(out_dir.join("good.txt"))
            .unwrap()
            .starts_with("A good headline")
    );
}

#[test]
fn bad_stdin_records_are_reported_by_line() {
    let good = serde_json::json!({"source": "mem://a", "content_type": "text/plain", "body": GOOD});
    let input = format!("{good}\n{{\"source\": \"mem://b\"}}\n");
    let out = thresh()
        .args(["clean", "-", "--format", "jsonl"])
        .write_stdin(input)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("line 2"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1);
    let record: serde_json::Value = serde_json::from_str(stdout.lines().next().unwrap()).unwrap();
    assert_eq!(record["source"], "mem://a");
    assert_eq!(record["title"], "A good headline");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_on_the_command_line_is_skipped_not_waited_on() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.html");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    // Nothing ever writes to the FIFO: reading it would block forever.
    // The output is read on a thread so a hang is a test failure.
    let (tx, rx) = std::sync::mpsc::channel();
    let fifo_arg = fifo.display().to_string();
    std::thread::spawn(move || {
        assert_one_failure(&fifo_arg, "not a regular file");
        let _ = tx.send(());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("thresh clean blocked on a FIFO");
}
