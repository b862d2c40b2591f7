//! Reading inputs from the file system: [`expand`] command-line arguments
//! into [`Input`]s and [`read_path`] one file into a [`Page`].

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::read::MultiGzDecoder;
use thresh_core::Page;
use walkdir::WalkDir;

use crate::FetchError;

/// The first two bytes of every gzip stream.
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Size limits for inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest input accepted, in bytes. Applies both to the bytes as stored
    /// and to the bytes after gzip decompression (so a gzip bomb is refused).
    pub max_bytes: u64,
}

impl Default for Limits {
    /// 50 MiB.
    fn default() -> Self {
        Limits {
            max_bytes: 50 * 1024 * 1024,
        }
    }
}

/// One input named on the command line, after directories are walked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    /// A file path (as given, or found by walking a directory given).
    Path(PathBuf),
    /// An http(s) URL, as given.
    Url(String),
    /// Standard input (`-`).
    Stdin,
}

/// Expand command-line arguments into inputs, in the order given.
///
/// - `-` is [`Input::Stdin`].
/// - `http://` and `https://` arguments are [`Input::Url`]s (checked with the
///   `url` crate); any other `scheme://` argument (`ftp://`, `file://`, ...)
///   is a [`FetchError::InvalidUrl`].
/// - A directory is walked recursively: its files come back sorted by file
///   name, hidden files and directories (names starting with `.`) skipped,
///   symbolic links followed (a link loop is an error for that entry). Only
///   files are returned; an entry that cannot be read (an unreadable
///   subdirectory, a loop) is a [`FetchError::Io`] naming its path, and the
///   rest of the walk goes on.
/// - Any other existing path is an [`Input::Path`]; a missing one is a
///   [`FetchError::Io`] with [`io::ErrorKind::NotFound`].
///
/// Files are not opened here: a file whose contents cannot be read fails
/// later, in [`read_path`].
///
/// ```
/// use thresh_fetch::{expand, Input};
/// let inputs = expand(&["-".to_string(), "https://example.com/a".to_string()]);
/// assert!(matches!(inputs[0], Ok(Input::Stdin)));
/// assert!(matches!(&inputs[1], Ok(Input::Url(u)) if u == "https://example.com/a"));
/// ```
pub fn expand(args: &[String]) -> Vec<Result<Input, FetchError>> {
    let mut out = Vec::with_capacity(args.len());
    for arg in args {
        expand_one(arg, &mut out);
    }
    out
}

fn expand_one(arg: &str, out: &mut Vec<Result<Input, FetchError>>) {
    if arg == "-" {
        out.push(Ok(Input::Stdin));
        return;
    }
    if looks_like_url(arg) {
        out.push(check_url(arg).map(|()| Input::Url(arg.to_string())));
        return;
    }
    let path = Path::new(arg);
    match std::fs::metadata(path) {
        Err(source) => out.push(Err(FetchError::Io {
            path: path.to_path_buf(),
            source,
        })),
        Ok(meta) if meta.is_dir() => walk(path, out),
        Ok(_) => out.push(Ok(Input::Path(path.to_path_buf()))),
    }
}

/// Extensions of the files taken from a walked directory (a trailing `.gz`
/// is allowed on each). Other files (READMEs, images, URL lists) are
/// skipped; a file named on the command line is always read.
pub const DOCUMENT_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "shtml", "txt", "text", "jsonl", "warc",
];

/// Whether a walked file is a document to read, by its extension.
fn is_document(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    Path::new(name)
        .extension()
        .is_some_and(|ext| DOCUMENT_EXTENSIONS.iter().any(|d| ext == *d))
}

/// Whether `arg` looks like `scheme://...` (and so is taken as a URL, not
/// a path).
fn looks_like_url(arg: &str) -> bool {
    let Some((scheme, _)) = arg.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// Check that `url` parses and is http(s).
pub(crate) fn check_url(url: &str) -> Result<(), FetchError> {
    parse_http_url(url).map(|_| ())
}

/// Parse `url`, refusing anything but http(s) with
/// [`FetchError::InvalidUrl`] naming it.
pub(crate) fn parse_http_url(url: &str) -> Result<url::Url, FetchError> {
    let invalid = |reason: String| FetchError::InvalidUrl {
        url: url.to_string(),
        reason,
    };
    let parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
    match parsed.scheme() {
        "http" | "https" if parsed.host_str().is_some_and(|h| !h.is_empty()) => Ok(parsed),
        "http" | "https" => Err(invalid("no host".into())),
        scheme => Err(invalid(format!(
            "unsupported scheme `{scheme}` (only http and https URLs are fetched)"
        ))),
    }
}

fn walk(root: &Path, out: &mut Vec<Result<Input, FetchError>>) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        // The root is kept even when hidden: the user named it.
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                if is_document(entry.file_name()) {
                    out.push(Ok(Input::Path(entry.into_path())));
                } else {
                    tracing::debug!(path = %entry.path().display(), "skipped: not a page file");
                }
            }
            Ok(entry) if !entry.file_type().is_dir() => {
                tracing::warn!(path = %entry.path().display(), "skipped: not a regular file (a FIFO, socket or device)");
            }
            Ok(_) => {}
            Err(err) => {
                let path = err.path().unwrap_or(root).to_path_buf();
                tracing::debug!(path = %path.display(), error = %err, "directory walk error");
                out.push(Err(walk_error(path, err)));
            }
        }
    }
}

fn walk_error(path: PathBuf, err: walkdir::Error) -> FetchError {
    let loop_ancestor = err.loop_ancestor().map(Path::to_path_buf);
    let source = match err.into_io_error() {
        Some(io) => io,
        None => match loop_ancestor {
            Some(ancestor) => {
                io::Error::other(format!("symbolic link loop back to {}", ancestor.display()))
            }
            None => io::Error::other("directory walk failed"),
        },
    };
    FetchError::Io { path, source }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

/// Read one file into a [`Page`].
///
/// - The size on disk is checked first: a file larger than
///   [`Limits::max_bytes`] is refused with [`FetchError::TooLarge`] without
///   being read.
/// - A file whose name ends with `.gz`, or whose bytes start with the gzip
///   magic, is decompressed (streaming, stopping at the limit, so a gzip
///   bomb is [`FetchError::TooLarge`] too); corrupt gzip data is
///   [`FetchError::Gzip`].
/// - `content_type` is guessed from the extension (ignoring a final `.gz`):
///   `.html`/`.htm`/`.xhtml` are `text/html`, `.txt` is `text/plain`,
///   anything else unknown (`None`).
/// - `source` is the path as given; `fetched_at` is the file's modification
///   time when the file system reports one.
///
/// An empty file is read fine: deciding it has no article is the cleaner's
/// business.
pub fn read_path(path: &Path, limits: &Limits) -> Result<Page, FetchError> {
    let input = path.display().to_string();
    let io_err = |source| FetchError::Io {
        path: path.to_path_buf(),
        source,
    };
    let meta = std::fs::metadata(path).map_err(io_err)?;
    if meta.is_dir() {
        return Err(io_err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "is a directory",
        )));
    }
    // A FIFO, socket or device would block or never end: only `-` reads
    // a stream.
    if !meta.is_file() {
        return Err(io_err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "not a regular file ({}); skipped (pipe it to `-` to read a stream)",
                special_kind(&meta)
            ),
        )));
    }
    if meta.len() > limits.max_bytes {
        return Err(too_large(input, limits));
    }
    let file = File::open(path).map_err(io_err)?;
    let mut raw = Vec::with_capacity(capacity(meta.len()));
    // The file may have grown since the size check: read one byte past the
    // limit to notice.
    file.take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut raw)
        .map_err(io_err)?;
    if raw.len() as u64 > limits.max_bytes {
        return Err(too_large(input, limits));
    }
    let body = if has_gz_extension(path) && !raw.starts_with(&GZIP_MAGIC) {
        gunzip(&raw, &input, limits)?
    } else {
        raw
    };
    let mut page = page_from_bytes(input, body, limits)?;
    page.content_type = content_type_for(path).map(str::to_string);
    page.fetched_at = meta.modified().ok().map(DateTime::<Utc>::from);
    tracing::debug!(source = %page.source, bytes = page.body.len(), "read file");
    Ok(page)
}

/// A page of bytes in memory, read as a file's bytes are: refused over
/// [`Limits::max_bytes`], gunzipped (within the limit) when they start
/// with the gzip magic. `source` names it in errors and in the article.
///
/// ```
/// use thresh_fetch::{Limits, page_from_bytes};
/// let page = page_from_bytes("mem.html", b"<p>hi</p>".to_vec(), &Limits::default()).unwrap();
/// assert_eq!(page.body, b"<p>hi</p>");
/// assert!(page_from_bytes("big", vec![b'a'; 10], &Limits { max_bytes: 4 }).is_err());
/// ```
pub fn page_from_bytes(
    source: impl Into<String>,
    raw: Vec<u8>,
    limits: &Limits,
) -> Result<Page, FetchError> {
    let source = source.into();
    if raw.len() as u64 > limits.max_bytes {
        return Err(too_large(source, limits));
    }
    let body = if raw.starts_with(&GZIP_MAGIC) {
        gunzip(&raw, &source, limits)?
    } else {
        raw
    };
    Ok(Page::from_bytes(source, body))
}

/// What kind of special file `meta` describes.
fn special_kind(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a FIFO";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    let _ = meta;
    "a special file"
}

/// Decompress gzip data (possibly several concatenated members), refusing
/// output over `limits.max_bytes`.
pub(crate) fn gunzip(data: &[u8], input: &str, limits: &Limits) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    MultiGzDecoder::new(data)
        .take(limits.max_bytes.saturating_add(1))
        .read_to_end(&mut out)
        .map_err(|source| FetchError::Gzip {
            input: input.to_string(),
            source,
        })?;
    if out.len() as u64 > limits.max_bytes {
        return Err(too_large(input.to_string(), limits));
    }
    Ok(out)
}

pub(crate) fn too_large(input: String, limits: &Limits) -> FetchError {
    FetchError::TooLarge {
        input,
        limit: limits.max_bytes,
    }
}

/// A buffer capacity for `len` bytes, capped so a wrong size hint cannot
/// allocate much up front.
pub(crate) fn capacity(len: u64) -> usize {
    usize::try_from(len.min(64 * 1024 * 1024)).unwrap_or(0)
}

fn has_gz_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|ext| ext.eq_ignore_ascii_case("gz"))
}

/// The media type guessed from a file name, looking through a final `.gz`.
fn content_type_for(path: &Path) -> Option<&'static str> {
    let path = if has_gz_extension(path) {
        Path::new(path.file_stem()?)
    } else {
        path
    };
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" | "xhtml" => Some("text/html"),
        "txt" => Some("text/plain"),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
