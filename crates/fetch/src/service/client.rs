//! The innermost service: one HTTP exchange with reqwest.

use std::error::Error as _;
use std::sync::{Arc, Once};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use reqwest::header::{ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, HOST, HeaderValue, USER_AGENT};
use tokio::time::timeout;
use url::Url;

use super::{Body, BoxFuture, FetchRequest, Purpose, Response};
use crate::decompress::decode_content;
use crate::{FetchError, Settings, TimeoutPhase};

/// The `Accept` header sent with every page request: pages first.
pub(crate) const ACCEPT_PAGES: &str = "text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5";

/// The content encodings we can decode.
const ACCEPT_ENCODINGS: &str = "gzip, deflate, br, zstd";

/// One HTTP GET per call, with reqwest (rustls with the `ring` provider).
///
/// - Timeouts: connect, first byte (request sent to response head), idle
///   (a pause in the body) and total (the whole exchange), each a
///   [`FetchError::Timeout`] with its [`TimeoutPhase`].
/// - The body is read only for a 2xx status, and for a page only when its
///   media type is in [`Settings::accept_types`] (else [`Body::NotRead`]:
///   the connection is dropped without downloading).
/// - A body over [`Settings::max_body_bytes`] as transferred aborts the
///   transfer ([`FetchError::TooLarge`]); content decoding (gzip, deflate,
///   br, zstd) is done here, capped at [`Settings::max_decoded_bytes`]
///   ([`FetchError::DecompressedTooLarge`]). A robots.txt is cut at
///   [`Settings::robots_max_bytes`] instead.
/// - Redirects are not followed (that is the redirect layer's job).
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    settings: Arc<Settings>,
    user_agent: HeaderValue,
}

impl HttpClient {
    /// A client with these settings. Installs rustls' `ring` provider as
    /// the process default unless one is installed already.
    pub fn new(settings: Arc<Settings>) -> Result<Self, FetchError> {
        install_crypto_provider();
        let user_agent =
            HeaderValue::from_str(&settings.user_agent).map_err(|e| FetchError::Config {
                message: format!("bad user agent {:?}: {e}", settings.user_agent),
            })?;
        let client = reqwest::Client::builder()
            .connect_timeout(settings.connect_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_gzip()
            .no_brotli()
            .no_deflate()
            .no_zstd()
            .pool_max_idle_per_host(settings.per_host.clamp(1, 64))
            .build()
            .map_err(|e| FetchError::Client {
                message: error_chain(&e),
            })?;
        Ok(HttpClient {
            client,
            settings,
            user_agent,
        })
    }

    async fn exchange(self, req: FetchRequest) -> Result<Response, FetchError> {
        let total = self.settings.total_timeout;
        let url = req.url.clone();
        match timeout(total, self.attempt(req)).await {
            Ok(result) => result,
            Err(_) => Err(FetchError::Timeout {
                url: url.to_string(),
                phase: TimeoutPhase::Total,
            }),
        }
    }

    async fn attempt(&self, req: FetchRequest) -> Result<Response, FetchError> {
        let settings = &self.settings;
        let url = req.url;
        let mut headers = req.headers;
        headers.insert(USER_AGENT, self.user_agent.clone());
        headers.insert(ACCEPT, HeaderValue::from_static(ACCEPT_PAGES));
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static(ACCEPT_ENCODINGS));
        let request = self
            .client
            .get(url.clone())
            .headers(headers.clone())
            .build()
            .map_err(|e| classify(&url, &e))?;
        if let Some(host) = host_header(&url) {
            headers.insert(HOST, host);
        }
        tracing::debug!(%url, purpose = ?req.purpose, "request");
        let mut response =
            match timeout(settings.first_byte_timeout, self.client.execute(request)).await {
                Err(_) => return Err(timeout_error(&url, TimeoutPhase::FirstByte)),
                Ok(Err(e)) => return Err(classify(&url, &e)),
                Ok(Ok(r)) => r,
            };
        let status = response.status();
        let mut out = Response {
            url: url.clone(),
            status,
            version: response.version(),
            headers: response.headers().clone(),
            request_headers: headers,
            remote_addr: response.remote_addr(),
            body: Body::NotRead,
            attempts: 1,
            redirects: Vec::new(),
        };
        if !status.is_success() {
            tracing::debug!(%url, status = status.as_u16(), "not a success");
            return Ok(out);
        }
        let robots = req.purpose == Purpose::Robots;
        if !robots && !self.accepts(out.mime().as_deref()) {
            tracing::debug!(%url, mime = ?out.mime(), "media type not fetched");
            return Ok(out);
        }
        let (limit, truncate) = if robots {
            (settings.robots_max_bytes, true)
        } else {
            (settings.max_body_bytes, false)
        };
        if !truncate && response.content_length().is_some_and(|len| len > limit) {
            return Err(too_large(&url, limit));
        }
        let mut wire = BytesMut::new();
        loop {
            let chunk = match timeout(settings.idle_timeout, response.chunk()).await {
                Err(_) => return Err(timeout_error(&url, TimeoutPhase::Idle)),
                Ok(Err(e)) => {
                    return Err(FetchError::Interrupted {
                        url: url.to_string(),
                        received: wire.len() as u64,
                        message: error_chain(&e),
                    });
                }
                Ok(Ok(None)) => break,
                Ok(Ok(Some(chunk))) => chunk,
            };
            if (wire.len() as u64).saturating_add(chunk.len() as u64) > limit {
                if truncate {
                    let room = usize::try_from(limit)
                        .unwrap_or(usize::MAX)
                        .saturating_sub(wire.len());
                    wire.extend_from_slice(&chunk[..room.min(chunk.len())]);
                    break;
                }
                return Err(too_large(&url, limit));
            }
            wire.extend_from_slice(&chunk);
        }
        let wire = wire.freeze();
        let encoding = out
            .headers
            .get(CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let decoded = if robots {
            decode_content(&encoding, &wire, settings.robots_max_bytes, url.as_str()).or_else(
                |e| match e {
                    // A cut robots.txt is still read as far as it goes.
                    FetchError::DecompressedTooLarge { .. } => Ok(Bytes::new()),
                    other => Err(other),
                },
            )?
        } else {
            decode_content(&encoding, &wire, settings.max_decoded_bytes, url.as_str())?
        };
        tracing::debug!(%url, status = status.as_u16(), wire = wire.len(), bytes = decoded.len(), "response");
        out.body = Body::Read { wire, decoded };
        Ok(out)
    }

    /// Whether a page with this media type is fetched.
    fn accepts(&self, mime: Option<&str>) -> bool {
        match mime {
            None => true,
            Some(m) => self.settings.accept_types.iter().any(|t| t == m),
        }
    }
}

impl tower::Service<FetchRequest> for HttpClient {
    type Response = Response;
    type Error = FetchError;
    type Future = BoxFuture<Result<Response, FetchError>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), FetchError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: FetchRequest) -> Self::Future {
        Box::pin(self.clone().exchange(req))
    }
}

fn host_header(url: &Url) -> Option<HeaderValue> {
    let host = url.host_str()?;
    let value = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    };
    HeaderValue::from_str(&value).ok()
}

fn too_large(url: &Url, limit: u64) -> FetchError {
    FetchError::TooLarge {
        input: url.to_string(),
        limit,
    }
}

fn timeout_error(url: &Url, phase: TimeoutPhase) -> FetchError {
    FetchError::Timeout {
        url: url.to_string(),
        phase,
    }
}

/// A typed error from a reqwest error.
fn classify(url: &Url, err: &reqwest::Error) -> FetchError {
    if err.is_connect() && (err.is_timeout() || chain_mentions_timeout(err)) {
        timeout_error(url, TimeoutPhase::Connect)
    } else if err.is_timeout() {
        timeout_error(url, TimeoutPhase::Total)
    } else if err.is_connect() {
        let chain = error_chain(err);
        tracing::debug!(%url, error = %chain, "could not connect");
        FetchError::Connect {
            url: url.to_string(),
            message: connect_cause(url, &chain),
        }
    } else if err.is_request() || err.is_body() {
        // The connection broke (reset, closed early) before or while the
        // response head came.
        FetchError::Interrupted {
            url: url.to_string(),
            received: 0,
            message: error_chain(err),
        }
    } else {
        FetchError::Http {
            url: url.to_string(),
            message: error_chain(err),
        }
    }
}

/// The root cause of a failed connection, said plainly ("connection
/// refused", "DNS lookup failed for HOST"), or the error chain when it is
/// none of the usual ones.
fn connect_cause(url: &Url, chain: &str) -> String {
    let lower = chain.to_ascii_lowercase();
    let host = url.host_str().unwrap_or("");
    if lower.contains("dns error") || lower.contains("failed to lookup address") {
        format!("DNS lookup failed for {host}")
    } else if lower.contains("connection refused") {
        "connection refused".to_string()
    } else if lower.contains("network is unreachable") {
        "network unreachable".to_string()
    } else if lower.contains("no route to host") {
        format!("no route to host {host}")
    } else if lower.contains("connection reset") {
        "connection reset".to_string()
    } else {
        chain.to_string()
    }
}

fn chain_mentions_timeout(err: &reqwest::Error) -> bool {
    let mut source = err.source();
    while let Some(cause) = source {
        if cause.to_string().contains("timed out") {
            return true;
        }
        source = cause.source();
    }
    false
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

/// A readable message for a reqwest error: the causes in the chain, without
/// the URL (the caller names it), without hyper's `client error (Connect)`
/// wrapper, and without a cause that only repeats what is already said.
/// E.g. `tcp connect error: Connection refused (os error 111)`.
pub(crate) fn error_chain(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !err.is_connect() && !err.is_redirect() {
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
