//! Helpers shared by the CLI's integration tests.

#![allow(dead_code, clippy::unwrap_used)] // each test binary uses some

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The `thresh` binary under test.
pub fn thresh() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("thresh").unwrap()
}

/// Run `cmd` and return its output, failing the test (with its stderr)
/// unless it exits 0.
pub fn succeed(cmd: &mut assert_cmd::Command) -> std::process::Output {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Every file under `dir` (not the folders), in no set order.
pub fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// Every file under `dir`, by path relative to it, with its text.
pub fn files(dir: &Path) -> BTreeMap<PathBuf, String> {
    walk(dir)
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path.strip_prefix(dir).unwrap().to_path_buf(), text)
        })
        .collect()
}

/// Run `thresh ARGS` (a shell command line after the binary's path) on a
/// pseudo-terminal (`script` from util-linux), so that stdin, stdout and
/// stderr are a terminal: what it printed and its exit code, or `None`
/// (with a SKIPPED line) where `script` is missing.
pub fn on_a_terminal(args: &str) -> Option<(String, Option<i32>)> {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: no `script` (util-linux) to make a terminal");
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("thresh");
    let run = || {
        std::process::Command::new("script")
            .args(["-qec", &format!("{} {args}", bin.display()), "/dev/null"])
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    // `script` now and then loses the output of a command that ends at
    // once (on a busy machine): ask again rather than fail on that.
    let mut out = run();
    for _ in 0..4 {
        if !out.stdout.is_empty() {
            break;
        }
        out = run();
    }
    Some((
        String::from_utf8_lossy(&out.stdout).into_owned(),
        out.status.code(),
    ))
}
