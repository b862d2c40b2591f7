//! The emit crate's error type.

use std::path::PathBuf;

/// Why an article could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmitError {
    /// Writing a file or stream failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file (or `-` for stdout).
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The target file exists and overwriting was not asked for.
    #[error("{}: already exists (pass --force to overwrite)", path.display())]
    Exists {
        /// The file.
        path: PathBuf,
    },
    /// An article could not be serialised.
    #[error("{source_name}: cannot serialise: {source}")]
    Serialize {
        /// The article's source.
        source_name: String,
        /// The underlying error.
        source: serde_json::Error,
    },
}
