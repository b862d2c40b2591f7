//! Clean every file of a directory and print one JSONL prediction per file:
//! `{"id": <file stem>, "text": <body text without the title>}`.
//!
//! ```text
//! cargo run --release -p thresh-clean --example predict -- DIR|FILE... [--focus precision|balanced|recall] > pred.jsonl
//! cargo run --release -p thresh-clean --example predict -- --render FILE
//! ```
//!
//! Directories are walked recursively and files read in path order; `.gz`
//! files are gunzipped first. A file named `source.html` takes its parent
//! directory's name as id (the layout of Readability's test pages); files
//! named `expected.*` and files that are not `.html`, `.htm` or `.txt`
//! (optionally `.gz`) inside a directory are skipped. The cleaner is
//! [`AutoCleaner`], which sniffs HTML or text. A file that fails to read or
//! clean is reported on stderr and printed with empty text. The time spent
//! cleaning (not reading) is printed to stderr as docs/s.
//!
//! With `--render FILE` one file is cleaned and printed in the text format
//! (the shape of a fixture's `expected.txt`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use thresh_clean::{AutoCleaner, Cleaner, Focus, Settings};
use thresh_core::Page;

/// The id of a file: its name without `.gz`, `.txt`, `.html`, `.htm`.
fn file_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut id = name.as_str();
    id = id.strip_suffix(".gz").unwrap_or(id);
    for ext in [".txt", ".html", ".htm"] {
        id = id.strip_suffix(ext).unwrap_or(id);
    }
    if id == "source"
        && let Some(parent) = path.parent().and_then(Path::file_name)
    {
        return parent.to_string_lossy().into_owned();
    }
    id.to_string()
}

/// True for the files a directory walk predicts on.
fn is_input(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    !name.starts_with("expected") && [".txt", ".html", ".htm"].iter().any(|e| name.ends_with(e))
}

/// Every input file under `path`, recursively (a file is itself).
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let p = entry?.path();
        if p.is_dir() {
            collect(&p, out)?;
        } else if is_input(&p) {
            out.push(p);
        }
    }
    Ok(())
}

/// The bytes of a file, gunzipped when it is gzip (the fetch crate's
/// reader, with no size cap).
fn read_body(path: &Path) -> Result<Vec<u8>, thresh_fetch::FetchError> {
    let limits = thresh_fetch::Limits { max_bytes: 1 << 40 };
    thresh_fetch::read_path(path, &limits).map(|page| page.body)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut inputs = Vec::new();
    let mut render = None;
    let mut focus = Focus::Balanced;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--focus" => {
                focus = match args.next().as_deref() {
                    Some("precision") => Focus::Precision,
                    Some("recall") => Focus::Recall,
                    Some("balanced") => Focus::Balanced,
                    other => {
                        eprintln!("predict: unknown focus {other:?}");
                        return ExitCode::from(2);
                    }
                }
            }
            "--render" => render = args.next().map(PathBuf::from),
            _ => inputs.push(PathBuf::from(arg)),
        }
    }
    let cleaner = AutoCleaner::new(Settings {
        focus,
        ..Settings::default()
    });
    if let Some(file) = render {
        return render_one(&cleaner, &file);
    }
    if inputs.is_empty() {
        eprintln!("usage: predict DIR|FILE... [--focus precision|balanced|recall] | --render FILE");
        return ExitCode::from(2);
    }
    let mut paths = Vec::new();
    for input in &inputs {
        if let Err(e) = collect(input, &mut paths) {
            eprintln!("predict: {}: {e}", input.display());
            return ExitCode::FAILURE;
        }
    }
    paths.sort();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut spent = Duration::ZERO;
    let mut cleaned = 0usize;
    for path in &paths {
        let id = file_id(path);
        let text = match read_body(path) {
            Ok(bytes) => {
                let name = path.to_string_lossy();
                let page = Page::from_bytes(name.trim_end_matches(".gz"), bytes);
                let start = Instant::now();
                let result = cleaner.clean(&page);
                spent += start.elapsed();
                cleaned += 1;
                match result {
                    Ok(article) => article.text(),
                    Err(e) => {
                        eprintln!("predict: {e}");
                        String::new()
                    }
                }
            }
            Err(e) => {
                eprintln!("predict: {e}");
                String::new()
            }
        };
        if let Err(e) = writeln!(out, "{}", serde_json::json!({ "id": id, "text": text })) {
            eprintln!("predict: stdout: {e}");
            return ExitCode::FAILURE;
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("predict: stdout: {e}");
        return ExitCode::FAILURE;
    }
    let secs = spent.as_secs_f64().max(1e-9);
    eprintln!(
        "predict: {cleaned} files cleaned in {secs:.3}s ({:.0} docs/s, one thread)",
        cleaned as f64 / secs
    );
    ExitCode::SUCCESS
}

/// Clean one file and print it in the text format.
fn render_one(cleaner: &AutoCleaner, path: &Path) -> ExitCode {
    let bytes = match read_body(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("predict: {e}");
            return ExitCode::FAILURE;
        }
    };
    let name = path.to_string_lossy();
    let page = Page::from_bytes(name.trim_end_matches(".gz"), bytes);
    let rendered = cleaner
        .clean(&page)
        .map_err(|e| e.to_string())
        .and_then(|a| {
            thresh_emit::render(&a, thresh_emit::Format::Text).map_err(|e| e.to_string())
        });
    match rendered {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("predict: {e}");
            ExitCode::FAILURE
        }
    }
}
