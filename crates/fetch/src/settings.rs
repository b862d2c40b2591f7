//! Fetcher configuration: [`Options`] (what a user writes, every field
//! optional) resolved into [`Settings`] (every value decided, all defaults
//! here in one place).

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::FetchError;

/// Fetcher options as written in a TOML file or given as flags: every field
/// optional, unknown fields refused. [`Options::resolve`] fills in the
/// defaults documented on each field.
///
/// ```
/// use thresh_fetch::Options;
/// let options: Options = serde_json::from_str(r#"{"delay_secs": 0.2, "per_host": 2}"#).unwrap();
/// let settings = options.resolve().unwrap();
/// assert_eq!(settings.per_host, 2);
/// assert_eq!(settings.delay.as_millis(), 200);
/// assert!(settings.respect_robots);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// The `User-Agent` header. Default:
    /// `thresh/VERSION (+https://example.invalid/thresh)`; set your own with
    /// a contact URL when crawling.
    pub user_agent: Option<String>,
    /// The token matched against `User-agent:` lines of robots.txt.
    /// Default: the user agent's product name (`thresh`), lower-cased.
    pub robots_agent: Option<String>,
    /// Obey robots.txt. Default: true.
    pub respect_robots: Option<bool>,
    /// How long a fetched robots.txt is trusted. Default: 86400 (a day).
    pub robots_ttl_secs: Option<f64>,
    /// How long a host whose robots.txt failed (5xx, 429, unreachable) is
    /// treated as fully disallowed before robots.txt is tried again.
    /// Default: 600.
    pub robots_error_ttl_secs: Option<f64>,
    /// Requests in flight at once to one host. Default: 1.
    pub per_host: Option<usize>,
    /// Minimum time between requests to one host. Default: 1.0. Also
    /// written `delay`, as the flag is.
    #[serde(alias = "delay")]
    pub delay_secs: Option<f64>,
    /// Largest `Crawl-delay` honoured; a longer one is capped to this.
    /// Default: 30.
    pub max_crawl_delay_secs: Option<f64>,
    /// Requests in flight at once in all. Default: 32.
    pub concurrency: Option<usize>,
    /// Retries after the first attempt, for connection errors, timeouts,
    /// interrupted transfers, 5xx and 429. Default: 3.
    pub retries: Option<u32>,
    /// First backoff delay; it doubles each retry, with jitter. Default: 1.0.
    pub retry_base_secs: Option<f64>,
    /// Longest backoff delay. Default: 60.
    pub retry_max_secs: Option<f64>,
    /// Longest `Retry-After` honoured: a server asking for a longer wait is
    /// not retried (the failure is recorded). Default: 120.
    pub max_retry_after_secs: Option<f64>,
    /// Time allowed to connect (TCP and TLS). Default: 10.
    pub connect_timeout_secs: Option<f64>,
    /// Time allowed from sending the request to the response head.
    /// Default: 30.
    pub first_byte_timeout_secs: Option<f64>,
    /// Longest pause while reading the body. Default: 30.
    pub idle_timeout_secs: Option<f64>,
    /// Time allowed for one attempt, connect to last byte. Default: 120.
    /// Also written `timeout`, as the flag is.
    #[serde(alias = "timeout")]
    pub total_timeout_secs: Option<f64>,
    /// Largest body accepted as transferred (before decompression), in
    /// bytes, or a size with a suffix (`"20M"`). Default: 20 MiB. Also
    /// written `max_size`, as the flag is.
    #[serde(alias = "max_size", default, deserialize_with = "size")]
    pub max_body_bytes: Option<u64>,
    /// Largest body accepted after decompression, in bytes (guards against
    /// decompression bombs). Default: 50 MiB.
    pub max_decoded_bytes: Option<u64>,
    /// Most redirects followed. Default: 10.
    pub max_redirects: Option<usize>,
    /// Media types fetched; any other is recorded as skipped without
    /// downloading the body. A response without a `Content-Type` is
    /// fetched. Default: `text/html`, `application/xhtml+xml`, `text/plain`.
    pub accept_types: Option<Vec<String>>,
}

/// A size: a number of bytes, or a string with a K, M or G suffix
/// (`"20M"`), as `--max-size` takes it.
pub fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1024,
                'M' => 1024 * 1024,
                'G' => 1024 * 1024 * 1024,
                _ => return Err(format!("unknown size suffix `{c}` (use K, M or G)")),
            };
            (&s[..i], mult)
        }
        _ => (s, 1),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 500000, 20M)"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

/// Deserialize an optional size written as a number or as `"20M"`.
fn size<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Size {
        Bytes(u64),
        Text(String),
    }
    match Option::<Size>::deserialize(d)? {
        None => Ok(None),
        Some(Size::Bytes(n)) => Ok(Some(n)),
        Some(Size::Text(t)) => parse_size(&t).map(Some).map_err(serde::de::Error::custom),
    }
}

/// Resolved fetcher settings: every value decided. Build with
/// [`Options::resolve`] or [`Settings::default`].
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// See [`Options::user_agent`].
    pub user_agent: String,
    /// See [`Options::robots_agent`].
    pub robots_agent: String,
    /// See [`Options::respect_robots`].
    pub respect_robots: bool,
    /// See [`Options::robots_ttl_secs`].
    pub robots_ttl: Duration,
    /// See [`Options::robots_error_ttl_secs`].
    pub robots_error_ttl: Duration,
    /// Largest robots.txt read; the rest is ignored (RFC 9309 asks for at
    /// least 500 KiB). 512 KiB.
    pub robots_max_bytes: u64,
    /// See [`Options::per_host`].
    pub per_host: usize,
    /// See [`Options::delay_secs`].
    pub delay: Duration,
    /// See [`Options::max_crawl_delay_secs`].
    pub max_crawl_delay: Duration,
    /// See [`Options::concurrency`].
    pub concurrency: usize,
    /// See [`Options::retries`].
    pub retries: u32,
    /// See [`Options::retry_base_secs`].
    pub retry_base: Duration,
    /// See [`Options::retry_max_secs`].
    pub retry_max: Duration,
    /// See [`Options::max_retry_after_secs`].
    pub max_retry_after: Duration,
    /// See [`Options::connect_timeout_secs`].
    pub connect_timeout: Duration,
    /// See [`Options::first_byte_timeout_secs`].
    pub first_byte_timeout: Duration,
    /// See [`Options::idle_timeout_secs`].
    pub idle_timeout: Duration,
    /// See [`Options::total_timeout_secs`].
    pub total_timeout: Duration,
    /// See [`Options::max_body_bytes`].
    pub max_body_bytes: u64,
    /// See [`Options::max_decoded_bytes`].
    pub max_decoded_bytes: u64,
    /// See [`Options::max_redirects`].
    pub max_redirects: usize,
    /// See [`Options::accept_types`] (lower-cased).
    pub accept_types: Vec<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let user_agent = default_user_agent();
        Settings {
            robots_agent: product_token(&user_agent),
            user_agent,
            respect_robots: true,
            robots_ttl: Duration::from_secs(24 * 3600),
            robots_error_ttl: Duration::from_secs(600),
            robots_max_bytes: 512 * 1024,
            per_host: 1,
            delay: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(30),
            concurrency: 32,
            retries: 3,
            retry_base: Duration::from_secs(1),
            retry_max: Duration::from_secs(60),
            max_retry_after: Duration::from_secs(120),
            connect_timeout: Duration::from_secs(10),
            first_byte_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            max_body_bytes: 20 * 1024 * 1024,
            max_decoded_bytes: 50 * 1024 * 1024,
            max_redirects: 10,
            accept_types: ["text/html", "application/xhtml+xml", "text/plain"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// `thresh/VERSION (+https://example.invalid/thresh)`.
pub fn default_user_agent() -> String {
    format!(
        "thresh/{} (+https://example.invalid/thresh)",
        thresh_core::VERSION
    )
}

/// The product name of a user agent, lower-cased: `thresh` for
/// `thresh/0.1 (+https://...)`.
fn product_token(user_agent: &str) -> String {
    let token: String = user_agent
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    if token.is_empty() {
        "thresh".into()
    } else {
        token.to_ascii_lowercase()
    }
}

impl Options {
    /// Fill in the defaults; refuse values that make no sense (a zero or
    /// negative concurrency, a negative or non-finite duration, an empty
    /// user agent) with [`FetchError::Config`] naming the key.
    pub fn resolve(&self) -> Result<Settings, FetchError> {
        let d = Settings::default();
        let user_agent = match &self.user_agent {
            Some(ua) if ua.trim().is_empty() => return Err(config("user_agent is empty")),
            Some(ua) => ua.trim().to_string(),
            None => d.user_agent,
        };
        let robots_agent = match &self.robots_agent {
            Some(a) if a.trim().is_empty() => return Err(config("robots_agent is empty")),
            Some(a) => a.trim().to_ascii_lowercase(),
            None => product_token(&user_agent),
        };
        Ok(Settings {
            user_agent,
            robots_agent,
            respect_robots: self.respect_robots.unwrap_or(d.respect_robots),
            robots_ttl: secs("robots_ttl_secs", self.robots_ttl_secs, d.robots_ttl)?,
            robots_error_ttl: secs(
                "robots_error_ttl_secs",
                self.robots_error_ttl_secs,
                d.robots_error_ttl,
            )?,
            robots_max_bytes: d.robots_max_bytes,
            per_host: positive("per_host", self.per_host, d.per_host)?,
            delay: secs("delay_secs", self.delay_secs, d.delay)?,
            max_crawl_delay: secs(
                "max_crawl_delay_secs",
                self.max_crawl_delay_secs,
                d.max_crawl_delay,
            )?,
            concurrency: positive("concurrency", self.concurrency, d.concurrency)?,
            retries: self.retries.unwrap_or(d.retries),
            retry_base: secs("retry_base_secs", self.retry_base_secs, d.retry_base)?,
            retry_max: secs("retry_max_secs", self.retry_max_secs, d.retry_max)?,
            max_retry_after: secs(
                "max_retry_after_secs",
                self.max_retry_after_secs,
                d.max_retry_after,
            )?,
            connect_timeout: timeout(
                "connect_timeout_secs",
                self.connect_timeout_secs,
                d.connect_timeout,
            )?,
            first_byte_timeout: timeout(
                "first_byte_timeout_secs",
                self.first_byte_timeout_secs,
                d.first_byte_timeout,
            )?,
            idle_timeout: timeout("idle_timeout_secs", self.idle_timeout_secs, d.idle_timeout)?,
            total_timeout: timeout(
                "total_timeout_secs",
                self.total_timeout_secs,
                d.total_timeout,
            )?,
            max_body_bytes: self.max_body_bytes.unwrap_or(d.max_body_bytes),
            max_decoded_bytes: self.max_decoded_bytes.unwrap_or(d.max_decoded_bytes),
            max_redirects: self.max_redirects.unwrap_or(d.max_redirects),
            accept_types: match &self.accept_types {
                Some(types) => types
                    .iter()
                    .map(|t| t.trim().to_ascii_lowercase())
                    .collect(),
                None => d.accept_types,
            },
        })
    }
}

impl From<&Settings> for Options {
    /// The options that resolve to these settings, every field set (what
    /// `thresh check` prints).
    fn from(s: &Settings) -> Options {
        Options {
            user_agent: Some(s.user_agent.clone()),
            robots_agent: Some(s.robots_agent.clone()),
            respect_robots: Some(s.respect_robots),
            robots_ttl_secs: Some(s.robots_ttl.as_secs_f64()),
            robots_error_ttl_secs: Some(s.robots_error_ttl.as_secs_f64()),
            per_host: Some(s.per_host),
            delay_secs: Some(s.delay.as_secs_f64()),
            max_crawl_delay_secs: Some(s.max_crawl_delay.as_secs_f64()),
            concurrency: Some(s.concurrency),
            retries: Some(s.retries),
            retry_base_secs: Some(s.retry_base.as_secs_f64()),
            retry_max_secs: Some(s.retry_max.as_secs_f64()),
            max_retry_after_secs: Some(s.max_retry_after.as_secs_f64()),
            connect_timeout_secs: Some(s.connect_timeout.as_secs_f64()),
            first_byte_timeout_secs: Some(s.first_byte_timeout.as_secs_f64()),
            idle_timeout_secs: Some(s.idle_timeout.as_secs_f64()),
            total_timeout_secs: Some(s.total_timeout.as_secs_f64()),
            max_body_bytes: Some(s.max_body_bytes),
            max_decoded_bytes: Some(s.max_decoded_bytes),
            max_redirects: Some(s.max_redirects),
            accept_types: Some(s.accept_types.clone()),
        }
    }
}

fn config(message: impl Into<String>) -> FetchError {
    FetchError::Config {
        message: message.into(),
    }
}

fn secs(key: &str, value: Option<f64>, default: Duration) -> Result<Duration, FetchError> {
    match value {
        None => Ok(default),
        Some(v) => Duration::try_from_secs_f64(v)
            .map_err(|_| config(format!("{key} = {v}: not a duration in seconds"))),
    }
}

fn timeout(key: &str, value: Option<f64>, default: Duration) -> Result<Duration, FetchError> {
    let d = secs(key, value, default)?;
    if d.is_zero() {
        return Err(config(format!("{key} must be more than 0")));
    }
    Ok(d)
}

fn positive(key: &str, value: Option<usize>, default: usize) -> Result<usize, FetchError> {
    match value {
        Some(0) => Err(config(format!("{key} must be at least 1"))),
        Some(v) => Ok(v),
        None => Ok(default),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_polite() {
        let s = Options::default().resolve().unwrap();
        assert_eq!(s, Settings::default());
        assert_eq!(s.per_host, 1);
        assert_eq!(s.delay, Duration::from_secs(1));
        assert_eq!(s.robots_agent, "thresh");
        assert!(s.user_agent.contains("+https://"));
    }

    #[test]
    fn settings_written_back_as_options_resolve_to_themselves() {
        let s = Options {
            delay_secs: Some(0.25),
            per_host: Some(3),
            ..Options::default()
        }
        .resolve()
        .unwrap();
        let back = Options::from(&s);
        assert_eq!(back.delay_secs, Some(0.25));
        assert_eq!(back.resolve().unwrap(), s);
    }

    #[test]
    fn robots_agent_follows_the_user_agent() {
        let s = Options {
            user_agent: Some("MyBot/2.0 (+https://bot.example/about)".into()),
            ..Options::default()
        }
        .resolve()
        .unwrap();
        assert_eq!(s.robots_agent, "mybot");
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused() {
        assert!(serde_json::from_str::<Options>(r#"{"dealy_secs": 1}"#).is_err());
        for bad in [
            r#"{"per_host": 0}"#,
            r#"{"delay_secs": -1}"#,
            r#"{"idle_timeout_secs": 0}"#,
            r#"{"user_agent": " "}"#,
        ] {
            let options: Options = serde_json::from_str(bad).unwrap();
            let err = options.resolve().unwrap_err();
            assert!(matches!(err, FetchError::Config { .. }), "{bad}: {err:?}");
        }
    }
}
