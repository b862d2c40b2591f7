//! The fetcher's validator cache, read from the state store so that known
//! pages are asked for with `If-None-Match` / `If-Modified-Since`. Nothing
//! is loaded up front: each lookup is one read of the store.

use std::path::PathBuf;
use std::sync::Arc;

use redb::Database;
use thresh_fetch::{ValidatorCache, Validators};

use crate::state::read_committed;

/// Validators of committed URL states. New validators reach the store
/// through the URL's state, written with its article, so `put` is a no-op.
#[derive(Debug)]
pub struct StoreValidators {
    db: Arc<Database>,
    path: PathBuf,
}

impl StoreValidators {
    /// Validators read from this database.
    pub(crate) fn new(db: Arc<Database>, path: PathBuf) -> Self {
        StoreValidators { db, path }
    }
}

impl ValidatorCache for StoreValidators {
    fn get(&self, url: &str) -> Option<Validators> {
        match read_committed(&self.db, url) {
            Ok(state) => state
                .filter(|s| s.etag.is_some() || s.last_modified.is_some())
                .map(|s| Validators {
                    etag: s.etag,
                    last_modified: s.last_modified,
                }),
            Err(e) => {
                tracing::warn!(store = %self.path.display(), url, "cannot read validators: {e}");
                None
            }
        }
    }

    fn put(&self, _url: &str, _validators: Validators) {}
}
