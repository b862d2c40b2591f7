//! Fetching http(s) URLs: [`Fetcher`].

use std::error::Error as _;
use std::sync::Once;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use thresh_core::Page;

use crate::FetchError;
use crate::files::{capacity, check_url};

/// The `Accept` header sent with every request: pages first.
const ACCEPT_PAGES: &str = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5";

/// Options of the [`Fetcher`].
#[derive(Debug, Clone)]
pub struct FetcherOptions {
    /// The `User-Agent` header.
    pub user_agent: String,
    /// Time allowed to connect (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for the whole request: connecting, redirects, and
    /// reading the body.
    pub timeout: Duration,
    /// Largest body accepted, in bytes (after content decoding).
    pub max_bytes: u64,
    /// Most redirects followed; one more is an error.
    pub max_redirects: usize,
}

impl Default for FetcherOptions {
    /// `thresh/VERSION` user agent, 10 s to connect, 30 s in all, 50 MiB,
    /// 10 redirects.
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
///
/// Cheap to clone (clones share one connection pool). Uses rustls with the
/// `ring` crypto provider and the platform's certificate verifier; the
/// response body is decoded from gzip, brotli, deflate and zstd.
///
/// ```no_run
/// # async fn run() -> Result<(), thresh_fetch::FetchError> {
/// use thresh_fetch::{Fetcher, FetcherOptions};
/// let fetcher = Fetcher::new(FetcherOptions::default())?;
/// let page = fetcher.fetch("https://example.com/").await?;
/// println!("{} bytes from {:?}", page.body.len(), page.final_url);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Fetcher {
    options: FetcherOptions,
    client: reqwest::Client,
}

impl Fetcher {
    /// A fetcher with these options.
    ///
    /// Installs rustls' `ring` provider as the process default unless a
    /// provider is installed already. Fails with [`FetchError::Client`] when
    /// the client cannot be built (e.g. a user agent that is not a valid
    /// header value).
    pub fn new(options: FetcherOptions) -> Result<Self, FetchError> {
        install_crypto_provider();
        let client_err = |message: String| FetchError::Client { message };
        let user_agent = HeaderValue::from_str(&options.user_agent)
            .map_err(|e| client_err(format!("bad user agent {:?}: {e}", options.user_agent)))?;
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(options.connect_timeout)
            .timeout(options.timeout)
            .redirect(reqwest::redirect::Policy::limited(options.max_redirects))
            .gzip(true)
            .brotli(true)
            .deflate(true)
            .zstd(true)
            .build()
            .map_err(|e| client_err(error_chain(&e)))?;
        Ok(Fetcher { options, client })
    }

    /// The options this fetcher was built with.
    pub fn options(&self) -> &FetcherOptions {
        &self.options
    }

    /// Fetch one URL with a GET request.
    ///
    /// Only http and https URLs are fetched ([`FetchError::InvalidUrl`]
    /// otherwise). Redirects are followed up to
    /// [`FetcherOptions::max_redirects`]. A non-2xx final status is
    /// [`FetchError::Status`]; a body over [`FetcherOptions::max_bytes`]
    /// (by `Content-Length`, or while streaming) is [`FetchError::TooLarge`];
    /// DNS, connection, TLS, timeout and redirect failures are
    /// [`FetchError::Http`]. Every error names `url` as given.
    ///
    /// The page records `source` = `url` as given, the final URL after
    /// redirects, the status, all response headers (lower-cased names,
    /// values decoded lossily), the content type, the decoded body and the
    /// time of the fetch.
    pub async fn fetch(&self, url: &str) -> Result<Page, FetchError> {
        check_url(url)?;
        tracing::debug!(url, "fetching");
        let http_err = |e: reqwest::Error| FetchError::Http {
            url: url.to_string(),
            message: error_chain(&e),
        };
        let mut response = self
            .client
            .get(url)
            .header(ACCEPT, ACCEPT_PAGES)
            .send()
            .await
            .map_err(http_err)?;

        let status = response.status();
        if !status.is_success() {
            tracing::debug!(url, status = status.as_u16(), "non-success status");
            return Err(FetchError::Status {
                url: url.to_string(),
                status: status.as_u16(),
            });
        }
        let max = self.options.max_bytes;
        let too_large = || FetchError::TooLarge {
            input: url.to_string(),
            limit: max,
        };
        if response.content_length().is_some_and(|len| len > max) {
            return Err(too_large());
        }

        let final_url = response.url().to_string();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());

        let mut body = Vec::with_capacity(capacity(response.content_length().unwrap_or(0)));
        while let Some(chunk) = response.chunk().await.map_err(http_err)? {
            if (body.len() as u64).saturating_add(chunk.len() as u64) > max {
                return Err(too_large());
            }
            body.extend_from_slice(&chunk);
        }
        tracing::debug!(url, %final_url, status = status.as_u16(), bytes = body.len(), "fetched");

        let mut page = Page::from_bytes(url, body);
        page.final_url = Some(final_url);
        page.status = Some(status.as_u16());
        page.headers = headers;
        page.content_type = content_type;
        page.fetched_at = Some(chrono::Utc::now());
        Ok(page)
    }
}

/// Install rustls' `ring` provider as the process default, once. An error
/// means another provider is installed already (by the embedding program),
/// and that one is used.
fn install_crypto_provider() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        if rustls::crypto::ring::default_provider()
            .install_default()
            .is_err()
        {
            tracing::debug!("a rustls crypto provider was already installed");
        }
    });
}

/// A readable message for a reqwest error: what kind of failure, then the
/// causes in the chain, without the URL (the caller names it), without
/// hyper's `client error (Connect)` wrapper, and without a cause that only
/// repeats what is already said. E.g. `timed out`, `too many redirects`,
/// `could not connect: tcp connect error: Connection refused (os error 111)`.
fn error_chain(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if err.is_timeout() {
        parts.push("timed out".into());
    } else if err.is_connect() {
        parts.push("could not connect".into());
    } else if !err.is_redirect() {
        // reqwest's own summary, e.g. "error decoding response body"; for a
        // redirect error the cause says it all ("too many redirects").
        let mut top = err.to_string();
        if let Some(at) = top.find(" for url (") {
            top.truncate(at);
        }
        parts.push(top);
    }
    let mut source = err.source();
    while let Some(cause) = source {
        let text = cause.to_string();
        let noise = text.is_empty() || text.starts_with("client error (");
        let repeated = parts
            .iter()
            .any(|p| p.contains(&text) || text.contains(p.as_str()));
        if !noise && !repeated {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        parts.push(err.to_string());
    }
    parts.join(": ")
}

#[cfg(test)]
mod tests;
