//! The pipeline crate's error type.

use std::path::PathBuf;

/// What can go wrong in a pipeline.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PipelineError {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The pipeline file is not valid (TOML syntax or an unknown key; the
    /// message points at the line).
    #[error("{}: {message}", path.display())]
    Spec {
        /// The pipeline file.
        path: PathBuf,
        /// What is wrong and where.
        message: String,
    },
    /// The state store failed.
    #[error("{}: state store: {message}", path.display())]
    Store {
        /// The store file.
        path: PathBuf,
        /// The underlying error.
        message: String,
    },
    /// Another run of the same pipeline holds the lock.
    #[error("{}: another run of this pipeline is in progress (lock held); not starting", path.display())]
    Locked {
        /// The lock file.
        path: PathBuf,
    },
    /// A sitemap or feed could not be parsed.
    #[error("{source_name}: {message}")]
    Discovery {
        /// The sitemap or feed URL or path.
        source_name: String,
        /// What is wrong.
        message: String,
    },
}

/// Create the folder a file will go in (nothing for a bare file name).
pub(crate) fn create_parent(path: &std::path::Path) -> Result<(), PipelineError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) => std::fs::create_dir_all(dir).map_err(|source| PipelineError::Io {
            path: dir.to_path_buf(),
            source,
        }),
        None => Ok(()),
    }
}
