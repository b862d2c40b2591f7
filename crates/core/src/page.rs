//! [`Page`]: the bytes of one document and where they came from.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::charset::CharsetSource;

/// One fetched or read document, before cleaning.
///
/// A `Page` is what the fetch stage produces and what the clean stage
/// consumes. It is also the JSONL record printed by `thresh fetch` (see
/// `docs/records.md`): the body is written as a JSON string when it is valid
/// UTF-8 and as `body_base64` otherwise, so the record is lossless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// Where the page came from, as the user named it: a URL or a path.
    pub source: String,
    /// The URL after redirects, when the page was fetched over HTTP (or the
    /// URL recorded alongside a file, e.g. in a WARC record).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub final_url: Option<String>,
    /// HTTP status code, when fetched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Response headers in the order received (names lower-cased).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<(String, String)>,
    /// The media type, e.g. `text/html; charset=utf-8`, from the
    /// `Content-Type` header or guessed from a file's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The body bytes: as received (after content decoding), or, when the
    /// fetcher decoded the text, that text in UTF-8 (then
    /// [`Page::encoding`] names the encoding it was decoded from and
    /// [`Page::content_type`] says `charset=utf-8`).
    #[serde(flatten, with = "body_serde")]
    pub body: Vec<u8>,
    /// When the body was fetched or read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<DateTime<Utc>>,
    /// The encoding the body was decoded from (WHATWG name, e.g.
    /// `windows-1251`), when the fetcher turned it into UTF-8 text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// What decided [`Page::encoding`]: the HTTP header, a BOM, a `<meta>`
    /// declaration, or detection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub charset_source: Option<CharsetSource>,
    /// The `WARC-Record-ID` of the record the page was read from, when it
    /// came from a WARC file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
}

impl Page {
    /// A page read from `source` with the given body and nothing else known.
    pub fn from_bytes(source: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        Page {
            source: source.into(),
            final_url: None,
            status: None,
            headers: Vec::new(),
            content_type: None,
            body: body.into(),
            fetched_at: None,
            encoding: None,
            charset_source: None,
            warc_record_id: None,
        }
    }

    /// The `charset` parameter of [`Page::content_type`], if any.
    pub fn declared_charset(&self) -> Option<&str> {
        let ct = self.content_type.as_deref()?;
        ct.split(';').skip(1).find_map(|param| {
            let (name, value) = param.split_once('=')?;
            name.trim()
                .eq_ignore_ascii_case("charset")
                .then(|| value.trim().trim_matches('"').trim_matches('\''))
        })
    }

    /// The media type of [`Page::content_type`] without parameters,
    /// lower-cased (`text/html`), if any.
    pub fn mime(&self) -> Option<String> {
        let ct = self.content_type.as_deref()?;
        let mime = ct.split(';').next()?.trim().to_ascii_lowercase();
        (!mime.is_empty()).then_some(mime)
    }

    /// The best URL known for the page: the final URL, else the source when
    /// it is an http(s) URL.
    pub fn url(&self) -> Option<&str> {
        self.final_url.as_deref().or_else(|| {
            let s = self.source.as_str();
            (s.starts_with("http://") || s.starts_with("https://")).then_some(s)
        })
    }
}

/// Serde for the body: `{"body": "<utf-8 text>"}` or `{"body_base64": "..."}`.
mod body_serde {
    use super::*;
    use serde::ser::SerializeMap;

    #[derive(Deserialize)]
    struct Wire {
        #[serde(default)]
        body: Option<String>,
        #[serde(default)]
        body_base64: Option<String>,
    }

    pub(super) fn serialize<S: Serializer>(body: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(1))?;
        match std::str::from_utf8(body) {
            Ok(text) => map.serialize_entry("body", text)?,
            Err(_) => map.serialize_entry(
                "body_base64",
                &base64::engine::general_purpose::STANDARD.encode(body),
            )?,
        }
        map.end()
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let wire = Wire::deserialize(d)?;
        match (wire.body, wire.body_base64) {
            (Some(text), None) => Ok(text.into_bytes()),
            (None, Some(b64)) => base64::engine::general_purpose::STANDARD
                .decode(b64.as_bytes())
                .map_err(serde::de::Error::custom),
            (None, None) => Err(serde::de::Error::custom(
                "page record has neither `body` nor `body_base64`",
            )),
            (Some(_), Some(_)) => Err(serde::de::Error::custom(
                "page record has both `body` and `body_base64`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_body_round_trips_as_text() {
        let page = Page::from_bytes("a.html", "<p>héllo</p>");
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains(r#""body":"<p>héllo</p>""#), "{json}");
        let back: Page = serde_json::from_str(&json).unwrap();
        assert_eq!(back, page);
    }

    #[test]
    fn binary_body_round_trips_as_base64() {
        let page = Page::from_bytes("x", vec![0xff, 0xfe, 0x00, 0x41]);
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains("body_base64"), "{json}");
        let back: Page = serde_json::from_str(&json).unwrap();
        assert_eq!(back.body, page.body);
    }

    #[test]
    fn decoded_text_fields_round_trip_and_are_optional() {
        let mut page = Page::from_bytes("https://a.example/", "Привет");
        page.content_type = Some("text/html; charset=utf-8".into());
        page.encoding = Some("windows-1251".into());
        page.charset_source = Some(CharsetSource::Meta);
        let json = serde_json::to_string(&page).unwrap();
        assert!(json.contains(r#""encoding":"windows-1251""#), "{json}");
        assert!(json.contains(r#""charset_source":"meta""#), "{json}");
        let back: Page = serde_json::from_str(&json).unwrap();
        assert_eq!(back, page);
        let old: Page = serde_json::from_str(r#"{"source":"x","body":"b"}"#).unwrap();
        assert_eq!(old.encoding, None);
        assert_eq!(old.charset_source, None);
    }

    #[test]
    fn record_without_body_is_an_error() {
        let err = serde_json::from_str::<Page>(r#"{"source":"x"}"#).unwrap_err();
        assert!(err.to_string().contains("neither"), "{err}");
    }

    #[test]
    fn charset_and_mime_come_from_content_type() {
        let mut page = Page::from_bytes("x", "");
        page.content_type = Some("Text/HTML; Charset=\"windows-1251\"".into());
        assert_eq!(page.declared_charset(), Some("windows-1251"));
        assert_eq!(page.mime().as_deref(), Some("text/html"));
    }
}
