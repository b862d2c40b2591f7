//! Reading inputs from the file system and standard input.

use std::path::{Path, PathBuf};

use thresh_core::Page;

use crate::FetchError;

/// Size limits for inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes (after gzip decompression).
    pub max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// One input named on the command line, after directories are walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path.
    Path(PathBuf),
    /// An http(s) URL.
    Url(String),
    /// Standard input (`-`).
    Stdin,
}

/// Expand command-line arguments into inputs: `-` is stdin, `http://` and
/// `https://` are URLs, directories are walked recursively (sorted, hidden
/// files skipped), anything else is a path. Errors (a missing path, an
/// unreadable directory entry) come back in place, so the other inputs
/// still go through.
pub fn expand(args: &[String]) -> Vec<Result<Input, FetchError>> {
    let _ = args;
    Vec::new()
}

/// Read one file into a [`Page`]; `.gz` files (or gzip magic) are
/// decompressed; the content type is guessed from the name.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Page, FetchError> {
    let _ = limits;
    let body = std::fs::read(path).map_err(|source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(Page::from_bytes(path.display().to_string(), body))
}

/// Read standard input: if every non-empty line is a JSON `Page` record,
/// one page per record; otherwise the whole input is one raw document with
/// source `-`. A bad record is an error for that line only.
pub fn read_stdin(limits: &Limits) -> Vec<Result<Page, FetchError>> {
    let _ = limits;
    Vec::new()
}
