//! The run's WARC of raw responses (`[emit] warc_dir`): one gzipped
//! WARC/1.1 file per run, written under a temporary name and renamed into
//! place when the run ends, so a reader never sees a half-written file.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use chrono::Utc;
use thresh_fetch::Fetched;
use thresh_fetch::warc::{WarcWriter, WriteExchange as _};

use crate::PipelineError;

/// An open run WARC.
pub struct RunWarc {
    writer: WarcWriter<BufWriter<File>>,
    tmp: PathBuf,
    path: PathBuf,
    records: usize,
}

impl std::fmt::Debug for RunWarc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunWarc")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

impl RunWarc {
    /// Open `DIR/<pipeline>-<UTC time>.warc.gz` (as a `.tmp` file first).
    pub fn create(dir: &Path, pipeline: &str) -> Result<RunWarc, PipelineError> {
        let name = format!(
            "{pipeline}-{}.warc.gz",
            Utc::now().format("%Y%m%dT%H%M%S%.3fZ")
        );
        let path = dir.join(&name);
        let tmp = dir.join(format!(".thresh-{name}.tmp"));
        let io = |source| PipelineError::Io {
            path: tmp.clone(),
            source,
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let file = File::create(&tmp).map_err(io)?;
        let mut writer = WarcWriter::new(BufWriter::new(file), true);
        writer.write_warcinfo(&name).map_err(io)?;
        Ok(RunWarc {
            writer,
            tmp,
            path,
            records: 0,
        })
    }

    /// Add one fetched exchange (request and response records).
    pub fn write(&mut self, fetched: &Fetched) -> Result<(), PipelineError> {
        self.writer
            .write_exchange(fetched)
            .map_err(|source| PipelineError::Io {
                path: self.tmp.clone(),
                source,
            })?;
        self.records += 1;
        Ok(())
    }

    /// Flush, sync and rename into place; a run that fetched nothing leaves
    /// no file. Returns the file written, if any.
    pub fn finish(self) -> Result<Option<PathBuf>, PipelineError> {
        let io = |source| PipelineError::Io {
            path: self.tmp.clone(),
            source,
        };
        let buf = self.writer.finish().map_err(io)?;
        let file = buf.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        if self.records == 0 {
            std::fs::remove_file(&self.tmp).map_err(io)?;
            return Ok(None);
        }
        std::fs::rename(&self.tmp, &self.path).map_err(io)?;
        Ok(Some(self.path))
    }
}
