//! Charset: HTTP header, `<meta>`, BOM, detection; recorded on the page.

use axum::Router;
use axum::http::header;
use axum::routing::get;
use thresh_core::charset::CharsetSource;
use thresh_fetch::Fetched;

use crate::support::*;

const RUSSIAN: &str = "Привет, мир. Это статья о погоде в Москве и в Санкт-Петербурге.";
const JAPANESE: &str = "日本語のテキストです。これは記事の本文です。天気は晴れです。";

fn cp1251(s: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1251.encode(s).0.into_owned()
}

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

fn site() -> Router {
    Router::new()
        .route(
            "/header-1251",
            get(|| async {
                let mut body = b"<html><body><p>".to_vec();
                body.extend(cp1251(RUSSIAN));
                body.extend(b"</p></body></html>");
                ([(header::CONTENT_TYPE, "text/html; charset=windows-1251")], body)
            }),
        )
        .route(
            "/meta-sjis",
            get(|| async {
                let mut body = b"<html><head><meta charset=\"Shift_JIS\"></head><body><p>".to_vec();
                body.extend(sjis(JAPANESE));
                body.extend(b"</p></body></html>");
                ([(header::CONTENT_TYPE, "text/html")], body)
            }),
        )
        .route(
            "/equiv-1251",
            get(|| async {
                let mut body = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head><p>".to_vec();
                body.extend(cp1251(RUSSIAN));
                ([(header::CONTENT_TYPE, "text/html")], body)
            }),
        )
        .route(
            "/none-sjis",
            get(|| async {
                let mut body = b"<html><body><p>".to_vec();
                body.extend(sjis(JAPANESE));
                body.extend(b"</p></body></html>");
                ([(header::CONTENT_TYPE, "text/html")], body)
            }),
        )
        .route(
            "/bom",
            get(|| async {
                let mut body = vec![0xEF, 0xBB, 0xBF];
                body.extend("<p>Grüße</p>".as_bytes());
                ([(header::CONTENT_TYPE, "text/html; charset=windows-1252")], body)
            }),
        )
}

async fn get_page(path: &str) -> Box<Fetched> {
    let addr = serve(site()).await;
    fetched(
        fetcher(options())
            .fetch_outcome(&format!("http://{addr}{path}"))
            .await,
    )
}

fn check(f: &Fetched, contains: &str, encoding: &str, source: CharsetSource) {
    assert!(text(f).contains(contains), "{}", text(f));
    assert_eq!(f.page.encoding.as_deref(), Some(encoding));
    assert_eq!(f.page.charset_source, Some(source));
    assert_eq!(f.page.declared_charset(), Some("utf-8"));
    let record = serde_json::to_string(&f.page).unwrap();
    assert!(
        record.contains(&format!("\"encoding\":\"{encoding}\"")),
        "{record}"
    );
}

#[tokio::test]
async fn charset_from_the_http_header() {
    let f = get_page("/header-1251").await;
    check(&f, RUSSIAN, "windows-1251", CharsetSource::Header);
    assert_eq!(
        f.page.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
}

#[tokio::test]
async fn charset_from_meta_charset() {
    check(
        &*get_page("/meta-sjis").await,
        JAPANESE,
        "Shift_JIS",
        CharsetSource::Meta,
    );
}

#[tokio::test]
async fn charset_from_meta_http_equiv() {
    check(
        &*get_page("/equiv-1251").await,
        RUSSIAN,
        "windows-1251",
        CharsetSource::Meta,
    );
}

#[tokio::test]
async fn charset_detected_when_nothing_declares_it() {
    check(
        &*get_page("/none-sjis").await,
        JAPANESE,
        "Shift_JIS",
        CharsetSource::Detected,
    );
}

#[tokio::test]
async fn bom_beats_the_header() {
    check(
        &*get_page("/bom").await,
        "Grüße",
        "UTF-8",
        CharsetSource::Bom,
    );
}
