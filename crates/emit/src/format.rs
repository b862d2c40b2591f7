//! Output formats and the JSON record shape.

use std::str::FromStr;

use serde::Serialize;
use thresh_core::{Article, RECORD_VERSION};

use crate::EmitError;

/// An output format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Plain text: the title, a blank line, then one block per paragraph.
    #[default]
    Text,
    /// Markdown with a YAML front matter of the metadata.
    #[serde(alias = "markdown")]
    Md,
    /// One pretty-printed JSON record.
    Json,
    /// One JSON record per line.
    Jsonl,
    /// A WARC/1.1 `conversion` record holding the article as text, gzipped
    /// as its own member: the shape of Common Crawl's WET files (records
    /// concatenate into one `.warc.gz`).
    #[serde(alias = "wet")]
    Warc,
}

impl Format {
    /// The file extension for this format, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Md => "md",
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Warc => "warc.gz",
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(Format::Text),
            "md" | "markdown" => Ok(Format::Md),
            "json" => Ok(Format::Json),
            "jsonl" | "ndjson" => Ok(Format::Jsonl),
            "warc" | "wet" => Ok(Format::Warc),
            other => Err(format!(
                "unknown format `{other}` (text, md, json, jsonl, warc)"
            )),
        }
    }
}

/// The JSON / JSONL record of an article: every [`Article`] field plus the
/// body as plain `text` and the record version. See `docs/records.md`.
#[derive(Debug, Serialize)]
pub struct ArticleRecord<'a> {
    /// Version of the record shape.
    pub record_version: u32,
    /// The article's fields.
    #[serde(flatten)]
    pub article: &'a Article,
    /// The body as plain text, one block per line, without the title.
    pub text: String,
}

impl<'a> ArticleRecord<'a> {
    /// The record of an article.
    pub fn new(article: &'a Article) -> Self {
        ArticleRecord {
            record_version: RECORD_VERSION,
            article,
            text: article.text(),
        }
    }
}

/// Read one line of JSONL as an Article record (what `thresh clean
/// --format jsonl` writes): the [`Article`] it holds, or why it is not
/// one, in one cause (not JSON, a Page record, another record version, a
/// field missing or of the wrong type). The `text` field is derived from
/// the blocks and ignored.
pub fn read_article_record(line: &str) -> Result<Article, String> {
    let value: serde_json::Value =
        serde_json::from_str(line).map_err(|e| thresh_core::json::not_json(&e))?;
    let serde_json::Value::Object(map) = &value else {
        return Err("not an Article record: a JSON value that is not an object".into());
    };
    if !map.contains_key("blocks")
        && map.contains_key("source")
        && (map.contains_key("body") || map.contains_key("body_base64"))
    {
        return Err("a Page record (what `thresh fetch` writes): clean it first with `thresh clean - --format jsonl`".into());
    }
    match map
        .get("record_version")
        .and_then(serde_json::Value::as_u64)
    {
        // Version 2 records are version 3 records without image blocks.
        Some(v) if (2..=u64::from(RECORD_VERSION)).contains(&v) => {}
        Some(v) => {
            return Err(format!(
                "an Article record of version {v}; this thresh reads versions 2 to {RECORD_VERSION} (see docs/records.md)"
            ));
        }
        None => return Err("not an Article record: no `record_version`".into()),
    }
    serde_json::from_value::<Article>(value).map_err(|e| format!("not an Article record: {e}"))
}

/// The bytes of an article in a format, as files and streams get them:
/// [`render`]'s text, or for [`Format::Warc`] the record gzipped as a
/// member of its own.
pub fn render_bytes(article: &Article, format: Format) -> Result<Vec<u8>, EmitError> {
    render_bytes_styled(article, format, TextStyle::default())
}

/// The WARC/1.1 `conversion` record of an article (a WET record): the
/// text as [`Format::Text`] renders it, `WARC-Target-URI` the page's
/// web address as captured (the response record's target; else the
/// article's URL, else its source), `WARC-Date` the capture's date when the page came
/// from a WARC file (else now), `WARC-Refers-To` that file's response
/// record, `WARC-Identified-Content-Language` the primary subtag of its
/// language. The record id is derived from the URL and the text, so the
/// same article gets the same id.
fn warc_record(article: &Article, gzip: bool) -> Vec<u8> {
    use thresh_core::warc::{WarcWriter, uuid_urn, warc_date};
    let text = render_text(article, TextStyle::default());
    // The URI captured: the source when it is a web address (as the
    // response record's target), else the article's URL, else the
    // source (a path becomes a `file:` URL).
    let web = url::Url::parse(&article.source)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"));
    let uri = match (web, &article.url) {
        (Some(u), _) => u.to_string(),
        (None, Some(u)) => u.clone(),
        (None, None) => match url::Url::parse(&article.source) {
            Ok(u) => u.to_string(),
            Err(_) => std::path::Path::new(&article.source)
                .canonicalize()
                .ok()
                .and_then(|p| url::Url::from_file_path(p).ok())
                .map_or_else(|| article.source.clone(), |u| u.to_string()),
        },
    };
    let date = article
        .warc_date
        .clone()
        .unwrap_or_else(|| warc_date(&chrono::Utc::now()));
    let mut key = uri.clone().into_bytes();
    key.push(0);
    key.extend_from_slice(text.as_bytes());
    // A UUID of version 8 (made by the application) of the key's hash.
    let id = uuid_urn(xxhash_rust::xxh3::xxh3_128(&key), 8);
    let mut headers = vec![
        ("WARC-Type", "conversion".to_string()),
        ("WARC-Target-URI", uri),
        ("WARC-Date", date),
        ("WARC-Record-ID", id),
    ];
    if let Some(refers) = &article.warc_record_id {
        headers.push(("WARC-Refers-To", refers.clone()));
    }
    if let Some(lang) = article
        .lang
        .as_deref()
        .and_then(|l| l.split(['-', '_']).next())
        .filter(|l| !l.is_empty())
    {
        headers.push((
            "WARC-Identified-Content-Language",
            lang.to_ascii_lowercase(),
        ));
    }
    headers.push(("Content-Type", "text/plain".to_string()));
    let mut out = Vec::new();
    let mut writer = WarcWriter::new(&mut out, gzip);
    // Writing to memory does not fail.
    let _ = writer.write_record(&headers, text.as_bytes());
    let _ = writer.finish();
    out
}

/// Options of the text rendering ([`Format::Text`]); the other formats
/// carry links and metadata in their own way and ignore them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextStyle {
    /// Links as `[text](url)`, as Markdown writes them.
    pub links: bool,
    /// A metadata header first: `title:`, `author:`, `date:`, `url:`,
    /// `hostname:`, `description:`, `sitename:`, `lang:`, `page_type:`
    /// lines between two `---` lines (trafilatura's `--with-metadata`).
    pub metadata: bool,
}

/// Render an article in a format, ending with a newline ([`Format::Warc`]:
/// the record uncompressed; see [`render_bytes`]).
pub fn render(article: &Article, format: Format) -> Result<String, EmitError> {
    render_styled(article, format, TextStyle::default())
}

/// [`render_bytes`] with a text style.
pub fn render_bytes_styled(
    article: &Article,
    format: Format,
    style: TextStyle,
) -> Result<Vec<u8>, EmitError> {
    match format {
        Format::Warc => Ok(warc_record(article, true)),
        _ => render_styled(article, format, style).map(String::into_bytes),
    }
}

/// [`render`] with a text style.
pub fn render_styled(
    article: &Article,
    format: Format,
    style: TextStyle,
) -> Result<String, EmitError> {
    let ser_err = |source| EmitError::Serialize {
        source_name: article.source.clone(),
        source,
    };
    Ok(match format {
        Format::Text => render_text(article, style),
        Format::Md => crate::markdown::render_markdown(article),
        Format::Json => {
            let mut s =
                serde_json::to_string_pretty(&ArticleRecord::new(article)).map_err(ser_err)?;
            s.push('\n');
            s
        }
        Format::Jsonl => {
            let mut s = serde_json::to_string(&ArticleRecord::new(article)).map_err(ser_err)?;
            s.push('\n');
            s
        }
        Format::Warc => String::from_utf8_lossy(&warc_record(article, false)).into_owned(),
    })
}

fn render_text(article: &Article, style: TextStyle) -> String {
    let mut out = String::new();
    if style.metadata {
        out.push_str(&metadata_header(article));
    }
    if let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push_str(title.trim());
        out.push_str("\n\n");
    }
    let body: Vec<String> = article
        .blocks
        .iter()
        .map(|b| match b {
            thresh_core::Block::Image { src, alt } => crate::markdown::image(src, alt),
            b if style.links => crate::marks::text_with_links(b),
            b => b.plain_text(),
        })
        .filter(|t| !t.trim().is_empty())
        .collect();
    out.push_str(&body.join("\n\n"));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// The metadata header of text output: one `key: value` line per field
/// the article has (values on one line), between `---` lines.
fn metadata_header(article: &Article) -> String {
    let host = article
        .url
        .as_deref()
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(str::to_string));
    let page_type = article.page_type.map(|t| t.to_string());
    let fields = [
        ("title", article.title.as_deref()),
        ("author", article.byline.as_deref()),
        ("date", article.published.as_deref()),
        ("url", article.url.as_deref()),
        ("hostname", host.as_deref()),
        ("description", article.description.as_deref()),
        ("sitename", article.site_name.as_deref()),
        ("lang", article.lang.as_deref()),
        ("page_type", page_type.as_deref()),
        ("source", Some(article.source.as_str())),
    ];
    let mut out = String::from("---\n");
    for (key, value) in fields {
        let Some(value) = value.map(|v| v.split_whitespace().collect::<Vec<_>>().join(" ")) else {
            continue;
        };
        if !value.is_empty() {
            out.push_str(&format!("{key}: {value}\n"));
        }
    }
    out.push_str("---\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use thresh_core::{Block, Mark, MarkKind};

    fn article() -> Article {
        let mut a = Article::new("https://example.org/a", "html");
        a.title = Some("A \"quoted\" title: yes".into());
        a.byline = Some("Jo Writer".into());
        a.published = Some("2024-05-01".into());
        a.blocks = vec![
            Block::lede("The lede."),
            Block::heading(2, "Part one"),
            // "First" bold, "[brackets]" a link, "stars" code.
            Block::paragraph("First paragraph with *stars* and [brackets].").with_marks(vec![
                Mark::new(0, 5, MarkKind::Bold),
                Mark::new(21, 28, MarkKind::Code),
                Mark::new(
                    33,
                    43,
                    MarkKind::Link {
                        href: "https://example.org/b".into(),
                    },
                ),
            ]),
            Block::List {
                ordered: true,
                items: vec!["one".into(), "two".into()],
                item_marks: vec![vec![], vec![Mark::new(0, 3, MarkKind::Italic)]],
            },
            Block::quote("Quoted words.").with_marks(vec![Mark::new(7, 12, MarkKind::Bold)]),
            Block::Table {
                rows: vec![
                    vec!["h1".into(), "h2".into()],
                    vec!["a|b".into(), "c".into()],
                ],
            },
            Block::Code {
                text: "fn main() {\n    ```\n}".into(),
            },
            Block::caption("A photo."),
        ];
        a
    }

    #[test]
    fn text_rendering() {
        insta::assert_snapshot!(render(&article(), Format::Text).unwrap());
    }

    #[test]
    fn markdown_rendering() {
        insta::assert_snapshot!(render(&article(), Format::Md).unwrap());
    }

    #[test]
    fn jsonl_is_one_line_with_text_and_metadata() {
        let line = render(&article(), Format::Jsonl).unwrap();
        assert_eq!(line.matches('\n').count(), 1);
        let v: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["source"], "https://example.org/a");
        assert_eq!(v["title"], "A \"quoted\" title: yes");
        assert_eq!(v["byline"], "Jo Writer");
        assert_eq!(v["record_version"], RECORD_VERSION);
        assert!(
            v["text"]
                .as_str()
                .unwrap()
                .starts_with("The lede.\nPart one\n")
        );
        assert_eq!(v["blocks"][1]["type"], "heading");
        // A record reads back as an Article.
        let back: Article = serde_json::from_str(&line).unwrap();
        assert_eq!(back, article());
        assert_eq!(read_article_record(line.trim_end()).unwrap(), article());
    }

    #[test]
    fn formats_parse() {
        assert_eq!("markdown".parse::<Format>(), Ok(Format::Md));
        assert_eq!("JSONL".parse::<Format>(), Ok(Format::Jsonl));
        assert!("pdf".parse::<Format>().is_err());
    }

    #[test]
    fn lines_that_are_not_article_records_say_why() {
        let why = |line: &str| read_article_record(line).unwrap_err();
        assert!(
            why("{\"source\": ").starts_with("not JSON (column"),
            "{}",
            why("{\"source\": ")
        );
        assert!(why("[1, 2]").contains("not an object"));
        assert!(why(r#"{"source":"a","body":"<p>x</p>"}"#).starts_with("a Page record"));
        assert!(why(r#"{"record_version":1,"source":"a","blocks":[]}"#).contains("version 1"));
        assert!(why(r#"{"source":"a","blocks":[]}"#).contains("no `record_version`"));
        let v = RECORD_VERSION;
        assert!(why(&format!(r#"{{"record_version":{v},"blocks":[]}}"#)).contains("source"));
    }

    #[test]
    fn a_warc_record_is_a_wet_conversion_record() {
        use std::io::Read as _;
        let mut a = article();
        // The capture's address, not the canonical one the page names.
        a.url = Some("https://example.org/canonical".into());
        a.lang = Some("en-GB".into());
        a.warc_record_id = Some("<urn:uuid:11111111-2222-4333-8444-555555555555>".into());
        a.warc_date = Some("2026-01-02T03:04:05Z".into());
        let gz = render_bytes(&a, Format::Warc).unwrap();
        let mut text = String::new();
        flate2::read::GzDecoder::new(&gz[..])
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, render(&a, Format::Warc).unwrap());
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        for line in [
            "WARC/1.1",
            "WARC-Type: conversion",
            "WARC-Target-URI: https://example.org/a",
            "WARC-Date: 2026-01-02T03:04:05Z",
            "WARC-Refers-To: <urn:uuid:11111111-2222-4333-8444-555555555555>",
            "WARC-Identified-Content-Language: en",
            "Content-Type: text/plain",
        ] {
            assert!(head.lines().any(|l| l == line), "{line} missing in {head}");
        }
        let body = body.strip_suffix("\r\n\r\n").unwrap();
        assert_eq!(body, render(&a, Format::Text).unwrap());
        let length = format!("Content-Length: {}", body.len());
        assert!(head.lines().any(|l| l == length), "{head}");
        // The same article, the same record id; another text, another id.
        let id = |a: &Article| {
            let t = render(a, Format::Warc).unwrap();
            t.lines()
                .find(|l| l.starts_with("WARC-Record-ID"))
                .unwrap()
                .to_string()
        };
        assert_eq!(id(&a), id(&a.clone()));
        let mut b = a.clone();
        b.blocks.push(thresh_core::Block::paragraph("More."));
        assert_ne!(id(&a), id(&b));
    }
}
