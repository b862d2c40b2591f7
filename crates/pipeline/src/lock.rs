//! One run at a time: an exclusive advisory lock on a file beside the
//! state store. The operating system releases it when the process ends,
//! however it ends (a killed run never leaves a stale lock behind).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::PipelineError;

/// A held lock; released on drop.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
    path: PathBuf,
}

impl RunLock {
    /// Take the lock at `path` without waiting; fails with
    /// [`PipelineError::Locked`] when another process holds it.
    pub fn acquire(path: &Path) -> Result<RunLock, PipelineError> {
        let io = |source| PipelineError::Io {
            path: path.to_path_buf(),
            source,
        };
        crate::error::create_parent(path)?;
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(path)
            .map_err(io)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                return Err(PipelineError::Locked {
                    path: path.to_path_buf(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io(e)),
        }
        // Note who holds it, for people looking at the file.
        file.set_len(0).map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        Ok(RunLock {
            _file: file,
            path: path.to_path_buf(),
        })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_holder_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.lock");
        let first = RunLock::acquire(&path).unwrap();
        let err = RunLock::acquire(&path).unwrap_err();
        assert!(matches!(err, PipelineError::Locked { .. }));
        assert!(err.to_string().contains("another run"), "{err}");
        drop(first);
        RunLock::acquire(&path).unwrap();
    }
}
