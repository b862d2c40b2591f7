//! The fetcher's validator cache, filled from the state store at the start
//! of a run so that known pages are asked for with `If-None-Match` /
//! `If-Modified-Since`.

use std::collections::HashMap;
use std::sync::Mutex;

use thresh_fetch::{ValidatorCache, Validators};

use crate::state::UrlState;

/// Validators of every known URL, in memory for the run. New validators
/// reach the store through the URL's state, written with its article.
#[derive(Debug, Default)]
pub struct StoreValidators {
    map: Mutex<HashMap<String, Validators>>,
}

impl StoreValidators {
    /// The validators of the given URL states.
    pub fn from_states<'a>(states: impl IntoIterator<Item = &'a UrlState>) -> Self {
        let map = states
            .into_iter()
            .filter(|s| s.etag.is_some() || s.last_modified.is_some())
            .map(|s| {
                (
                    s.url.clone(),
                    Validators {
                        etag: s.etag.clone(),
                        last_modified: s.last_modified.clone(),
                    },
                )
            })
            .collect();
        StoreValidators {
            map: Mutex::new(map),
        }
    }
}

impl ValidatorCache for StoreValidators {
    fn get(&self, url: &str) -> Option<Validators> {
        self.map.lock().ok()?.get(url).cloned()
    }

    fn put(&self, url: &str, validators: Validators) {
        if let Ok(mut map) = self.map.lock() {
            map.insert(url.to_string(), validators);
        }
    }
}
