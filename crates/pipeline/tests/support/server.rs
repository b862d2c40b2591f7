//! The axum handler: one fallback that routes by path, answers
//! conditional requests, and logs every request.

use std::hash::{Hash as _, Hasher as _};
use std::io::Write as _;
use std::sync::Arc;
use std::time::{Instant, UNIX_EPOCH};

use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::Response;

use super::text;
use super::{ArticleStatus, RequestLog, Shared, pages};

const HTML: &str = "text/html; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";

/// What a route produced, before conditional handling.
enum Reply {
    /// A document with validators: body, content type, ETag, Last-Modified.
    Doc {
        body: Vec<u8>,
        content_type: &'static str,
        etag: Option<String>,
        modified: Option<u64>,
    },
    Status(StatusCode, &'static str),
}

impl Reply {
    /// A document whose ETag is a hash of its bytes.
    fn hashed(body: Vec<u8>, content_type: &'static str, modified: Option<u64>) -> Reply {
        let mut h = std::hash::DefaultHasher::new();
        body.hash(&mut h);
        Reply::Doc {
            etag: Some(format!("\"h{:016x}\"", h.finish())),
            body,
            content_type,
            modified,
        }
    }
}

pub async fn handle(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if method == Method::GET && uri.path().starts_with("/news/") {
        shared.gate.pass().await;
    }
    let reply = if method == Method::GET || method == Method::HEAD {
        route(&shared, uri.path())
    } else {
        Reply::Status(StatusCode::METHOD_NOT_ALLOWED, "method not allowed\n")
    };
    let response = respond(reply, &headers);
    let get = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let entry = RequestLog {
        method: method.as_str().to_string(),
        path: uri
            .path_and_query()
            .map_or_else(|| uri.path().to_string(), |p| p.as_str().to_string()),
        if_none_match: get(header::IF_NONE_MATCH),
        if_modified_since: get(header::IF_MODIFIED_SINCE),
        user_agent: get(header::USER_AGENT),
        status: response.status().as_u16(),
        at: Instant::now(),
    };
    shared.log.lock().unwrap().push(entry);
    response
}

fn route(shared: &Shared, path: &str) -> Reply {
    let base = shared.base.as_str();
    let config = &shared.config;
    match path {
        "/robots.txt" => {
            return Reply::Doc {
                body: pages::robots(config, base).into_bytes(),
                content_type: "text/plain; charset=utf-8",
                etag: None,
                modified: None,
            };
        }
        "/sitemap_index.xml" => {
            let states = shared.articles.read().unwrap();
            let (body, modified) = pages::sitemap_index(config, base, &states);
            return Reply::hashed(body.into_bytes(), XML, Some(modified));
        }
        "/feed.xml" => {
            let states = shared.articles.read().unwrap();
            let (body, modified) = pages::feed(base, &states);
            return Reply::hashed(
                body.into_bytes(),
                "application/rss+xml; charset=utf-8",
                Some(modified),
            );
        }
        "/" => return listing(shared, 1),
        _ => {}
    }
    if let Some(rest) = path.strip_prefix("/sitemaps/news-") {
        return sitemap(shared, rest);
    }
    if let Some(rest) = path.strip_prefix("/page/") {
        return match rest.parse::<usize>() {
            Ok(page) if !rest.starts_with('0') => listing(shared, page),
            _ => not_found(),
        };
    }
    if let Some(name) = path.strip_prefix("/section/") {
        return match pages::section_page(base, config.articles, name) {
            Some(body) => Reply::hashed(body.into_bytes(), HTML, None),
            None => not_found(),
        };
    }
    if let Some(rest) = path.strip_prefix("/news/") {
        return article(shared, rest);
    }
    not_found()
}

fn not_found() -> Reply {
    Reply::Status(StatusCode::NOT_FOUND, "not found\n")
}

fn listing(shared: &Shared, page: usize) -> Reply {
    match pages::listing(&shared.base, shared.config.articles, page) {
        Some(body) => Reply::hashed(body.into_bytes(), HTML, None),
        None => not_found(),
    }
}

/// `/sitemaps/news-{k}.xml` and `/sitemaps/news-{k}.xml.gz` (both are
/// always served; the index lists the configured one).
fn sitemap(shared: &Shared, rest: &str) -> Reply {
    let (number, gzip) = if let Some(n) = rest.strip_suffix(".xml.gz") {
        (n, true)
    } else if let Some(n) = rest.strip_suffix(".xml") {
        (n, false)
    } else {
        return not_found();
    };
    let Some(k) = number
        .parse::<usize>()
        .ok()
        .filter(|_| !number.starts_with('0'))
    else {
        return not_found();
    };
    let states = shared.articles.read().unwrap();
    let Some((xml, modified)) = pages::sitemap(&shared.base, &states, k) else {
        return not_found();
    };
    drop(states);
    if gzip {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(xml.as_bytes()).unwrap();
        Reply::hashed(enc.finish().unwrap(), "application/gzip", Some(modified))
    } else {
        Reply::hashed(xml.into_bytes(), XML, Some(modified))
    }
}

/// `/news/{i}-{slug}.html`.
fn article(shared: &Shared, rest: &str) -> Reply {
    let Some((number, slug)) = rest.strip_suffix(".html").and_then(|r| r.split_once('-')) else {
        return not_found();
    };
    let Some(i) = number
        .parse::<usize>()
        .ok()
        .filter(|&i| i < shared.config.articles && (number == "0" || !number.starts_with('0')))
    else {
        return not_found();
    };
    if slug != text::slug(i) {
        return not_found();
    }
    let state = shared.articles.read().unwrap()[i];
    match state.status {
        ArticleStatus::Removed => not_found(),
        ArticleStatus::Failing => {
            Reply::Status(StatusCode::INTERNAL_SERVER_ERROR, "internal server error\n")
        }
        ArticleStatus::Live => Reply::Doc {
            body: pages::article(
                &shared.base,
                shared.config.articles,
                shared.config.teaser_blocks,
                i,
                state.version,
                state.modified,
            )
            .into_bytes(),
            content_type: HTML,
            etag: Some(super::article_etag(i, state.version)),
            modified: Some(state.modified),
        },
    }
}

/// Whether the request's validators match: If-None-Match when present
/// (weak comparison, lists and `*`), else If-Modified-Since.
fn not_modified(headers: &HeaderMap, etag: Option<&str>, modified: Option<u64>) -> bool {
    if let Some(inm) = headers.get(header::IF_NONE_MATCH) {
        let Some(etag) = etag else { return false };
        let inm = String::from_utf8_lossy(inm.as_bytes());
        let bare = |t: &str| t.trim().trim_start_matches("W/").to_string();
        return inm
            .split(',')
            .any(|t| t.trim() == "*" || bare(t) == bare(etag));
    }
    if let (Some(ims), Some(modified)) = (headers.get(header::IF_MODIFIED_SINCE), modified) {
        let parsed = ims
            .to_str()
            .ok()
            .and_then(|s| httpdate::parse_http_date(s).ok())
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok());
        return parsed.is_some_and(|since| modified <= since.as_secs());
    }
    false
}

fn respond(reply: Reply, headers: &HeaderMap) -> Response {
    match reply {
        Reply::Status(status, msg) => {
            let mut r = Response::new(Body::from(msg));
            *r.status_mut() = status;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            );
            r
        }
        Reply::Doc {
            body,
            content_type,
            etag,
            modified,
        } => {
            let fresh = not_modified(headers, etag.as_deref(), modified);
            let mut r = if fresh {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::NOT_MODIFIED;
                r
            } else {
                let mut r = Response::new(Body::from(body));
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                r
            };
            let h = r.headers_mut();
            if let Some(etag) = etag {
                h.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
            }
            if let Some(m) = modified {
                h.insert(
                    header::LAST_MODIFIED,
                    HeaderValue::from_str(&text::http_date(m)).unwrap(),
                );
            }
            r
        }
    }
}
