//! Fetching http(s) URLs.

use std::time::Duration;

use thresh_core::Page;

use crate::FetchError;

/// Options of the [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetcherOptions {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for the whole request.
    pub timeout: Duration,
    /// Largest body accepted, in bytes.
    pub max_bytes: u64,
    /// Most redirects followed.
    pub max_redirects: usize,
}

impl Default for FetcherOptions {
    fn default() -> Self {
        FetcherOptions {
            user_agent: format!(
                "thresh/{} (+https://example.invalid/thresh)",
                thresh_core::VERSION
            ),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 50 * 1024 * 1024,
            max_redirects: 10,
        }
    }
}

/// An HTTP client for pages.
#[derive(Debug, Clone)]
pub struct Fetcher {
    options: FetcherOptions,
}

impl Fetcher {
    /// A fetcher with these options.
    pub fn new(options: FetcherOptions) -> Result<Self, FetchError> {
        Ok(Fetcher { options })
    }

    /// Fetch one URL. Non-2xx statuses, oversize bodies and network errors
    /// are errors naming the URL.
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        let _ = &self.options;
        Err(FetchError::InvalidUrl {
            url: url.to_string(),
            reason: "not implemented yet".into(),
        })
    }
}
