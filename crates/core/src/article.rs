//! [`Article`] and [`Block`]: the cleaned result of one page.

use serde::{Deserialize, Serialize};

/// An inline mark on a span of a block's text: emphasis, code or a link.
///
/// `start` and `end` are byte offsets into the block's `text` (or one list
/// item's text), always on `char` boundaries, with `start < end <=
/// text.len()`. Marks of a block are sorted by `start` (then longest first);
/// they may nest (bold inside a link) and, from sources other than thresh,
/// may even cross: renderers drop what they cannot express.
///
/// In JSON a mark is one flat object:
/// `{"start":0,"end":4,"type":"link","href":"https://example.org/"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mark {
    /// Byte offset of the first byte of the span.
    pub start: u32,
    /// Byte offset one past the last byte of the span.
    pub end: u32,
    /// What the span is.
    #[serde(flatten)]
    pub kind: MarkKind,
}

impl Mark {
    /// A mark of `kind` over `start..end`.
    pub fn new(start: u32, end: u32, kind: MarkKind) -> Self {
        Mark { start, end, kind }
    }

    /// The byte range, if it is a valid span of `text` (non-empty, within
    /// the text, on `char` boundaries).
    pub fn range_in(&self, text: &str) -> Option<std::ops::Range<usize>> {
        let (start, end) = (self.start as usize, self.end as usize);
        (start < end
            && end <= text.len()
            && text.is_char_boundary(start)
            && text.is_char_boundary(end))
        .then_some(start..end)
    }
}

/// The kind of an inline [`Mark`].
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MarkKind {
    /// Strong emphasis (`<strong>`, `<b>`).
    Bold,
    /// Emphasis (`<em>`, `<i>`).
    Italic,
    /// Inline code (`<code>`, `<kbd>`, `<samp>`).
    Code,
    /// A hyperlink.
    Link {
        /// The target, absolute when the page's URL was known.
        href: String,
    },
}

/// One structural block of an article body, in reading order.
///
/// Text inside a block is plain text with whitespace collapsed. Plain text and
/// Markdown outputs are renderings of these blocks. Text-bearing blocks may
/// carry inline [`Mark`]s; the text is the same with or without them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    /// The lede or standfirst: the summary sentence under the headline.
    Lede {
        /// The text.
        text: String,
        /// Inline marks on `text`, sorted by start.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A heading inside the body; `level` is 1 to 6 as in HTML.
    Heading {
        /// 1 (largest) to 6.
        level: u8,
        /// The text.
        text: String,
        /// Inline marks on `text`, sorted by start.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A paragraph.
    Paragraph {
        /// The text.
        text: String,
        /// Inline marks on `text`, sorted by start.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A bulleted or numbered list.
    List {
        /// True for a numbered list.
        ordered: bool,
        /// One string per item.
        items: Vec<String>,
        /// Inline marks: empty, or one list per item (on that item's
        /// text, sorted by start).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        item_marks: Vec<Vec<Mark>>,
    },
    /// A block quotation.
    Quote {
        /// The text.
        text: String,
        /// Inline marks on `text`, sorted by start.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// A table, row by row, cell by cell. The first row may be a header.
    Table {
        /// The rows.
        rows: Vec<Vec<String>>,
    },
    /// Preformatted text or code, whitespace kept as is.
    Code {
        /// The text, with its line breaks.
        text: String,
    },
    /// A caption of a figure, image or video.
    Caption {
        /// The text.
        text: String,
        /// Inline marks on `text`, sorted by start.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    /// An image of the article (only when asked for: `--images`). It has
    /// no text of its own: [`Block::plain_text`] is empty.
    Image {
        /// Its URL, absolute when the page's URL was known.
        src: String,
        /// Its alternative text.
        #[serde(default, skip_serializing_if = "String::is_empty")]
        alt: String,
    },
}

impl Block {
    /// A paragraph block.
    pub fn paragraph(text: impl Into<String>) -> Self {
        Block::Paragraph {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// A lede block.
    pub fn lede(text: impl Into<String>) -> Self {
        Block::Lede {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// A heading block of `level` (1 to 6).
    pub fn heading(level: u8, text: impl Into<String>) -> Self {
        Block::Heading {
            level,
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// A list block.
    pub fn list(ordered: bool, items: Vec<String>) -> Self {
        Block::List {
            ordered,
            items,
            item_marks: Vec::new(),
        }
    }

    /// A quote block.
    pub fn quote(text: impl Into<String>) -> Self {
        Block::Quote {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// A caption block.
    pub fn caption(text: impl Into<String>) -> Self {
        Block::Caption {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    /// The same block with these marks (on a list: one list per item).
    /// Blocks without marks (tables, code) are returned unchanged.
    pub fn with_marks(mut self, new: Vec<Mark>) -> Self {
        match &mut self {
            Block::Lede { marks, .. }
            | Block::Heading { marks, .. }
            | Block::Paragraph { marks, .. }
            | Block::Quote { marks, .. }
            | Block::Caption { marks, .. } => *marks = new,
            Block::List { .. } | Block::Table { .. } | Block::Code { .. } | Block::Image { .. } => {
            }
        }
        self
    }

    /// The marks on the block's text (empty for lists, tables and code;
    /// a list keeps its marks per item, in `item_marks`).
    pub fn marks(&self) -> &[Mark] {
        match self {
            Block::Lede { marks, .. }
            | Block::Heading { marks, .. }
            | Block::Paragraph { marks, .. }
            | Block::Quote { marks, .. }
            | Block::Caption { marks, .. } => marks,
            Block::List { .. } | Block::Table { .. } | Block::Code { .. } | Block::Image { .. } => {
                &[]
            }
        }
    }

    /// The block as plain text: lists one item per line, table rows one per
    /// line with cells separated by tabs.
    pub fn plain_text(&self) -> String {
        self.plain().into_owned()
    }

    /// [`Block::plain_text`], borrowed when the block is one string (all
    /// but lists and tables).
    pub fn plain(&self) -> std::borrow::Cow<'_, str> {
        use std::borrow::Cow;
        match self {
            Block::Lede { text, .. }
            | Block::Heading { text, .. }
            | Block::Paragraph { text, .. }
            | Block::Quote { text, .. }
            | Block::Code { text }
            | Block::Caption { text, .. } => Cow::Borrowed(text),
            Block::List { items, .. } => Cow::Owned(items.join("\n")),
            Block::Table { rows } => Cow::Owned(
                rows.iter()
                    .map(|row| row.join("\t"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Block::Image { .. } => Cow::Borrowed(""),
        }
    }

    /// True when the block holds no visible text (an image: no source).
    pub fn is_empty(&self) -> bool {
        match self {
            Block::Image { src, .. } => src.trim().is_empty(),
            Block::List { items, .. } => items.iter().all(|i| i.trim().is_empty()),
            Block::Table { rows } => rows.iter().flatten().all(|c| c.trim().is_empty()),
            other => other.plain().trim().is_empty(),
        }
    }
}

/// Which cleaner made an article, and with what settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The cleaner's name, e.g. `html` or `text`.
    pub cleaner: String,
    /// The thresh version that made the article.
    pub version: String,
    /// The cleaner's resolved settings, as key/value pairs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub settings: Vec<(String, String)>,
}

/// A cleaned article: metadata plus the body as [`Block`]s.
///
/// The title is metadata and is not repeated in `blocks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    /// Where the page came from, as the user named it (URL or path).
    pub source: String,
    /// The page's URL (final URL after redirects, or canonical), if known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The author line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// Publication date, ISO 8601 (`2016-08-26` or a full timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Last modification date, ISO 8601.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
    /// Language as a BCP 47 / ISO 639 code (`en`, `pt-BR`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The site's name (`og:site_name`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The summary the page gives of itself (meta description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The lead image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// What kind of page the article was cleaned from (HTML pages).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type: Option<crate::PageType>,
    /// The signal that decided `page_type`, e.g. `json-ld Product` or
    /// `forced`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_type_signal: Option<String>,
    /// The `WARC-Record-ID` of the response record the page was read
    /// from, when it came from a WARC file (a WET record refers to it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_record_id: Option<String>,
    /// The `WARC-Date` of that record (RFC 3339, UTC): when the page was
    /// captured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub warc_date: Option<String>,
    /// The body, in reading order.
    pub blocks: Vec<Block>,
    /// Which cleaner made this article.
    pub provenance: Provenance,
}

impl Article {
    /// An article with no metadata and no blocks, made by `cleaner`.
    pub fn new(source: impl Into<String>, cleaner: impl Into<String>) -> Self {
        Article {
            source: source.into(),
            url: None,
            title: None,
            byline: None,
            published: None,
            modified: None,
            lang: None,
            site_name: None,
            description: None,
            image: None,
            page_type: None,
            page_type_signal: None,
            warc_record_id: None,
            warc_date: None,
            blocks: Vec::new(),
            provenance: Provenance {
                cleaner: cleaner.into(),
                version: crate::VERSION.to_string(),
                settings: Vec::new(),
            },
        }
    }

    /// The metadata fields, by name, in the order outputs list them:
    /// title, source, url, byline, published, modified, lang, site_name,
    /// description, image (`None` when unset).
    pub fn metadata_fields(&self) -> [(&'static str, Option<&str>); 10] {
        [
            ("title", self.title.as_deref()),
            ("source", Some(self.source.as_str())),
            ("url", self.url.as_deref()),
            ("byline", self.byline.as_deref()),
            ("published", self.published.as_deref()),
            ("modified", self.modified.as_deref()),
            ("lang", self.lang.as_deref()),
            ("site_name", self.site_name.as_deref()),
            ("description", self.description.as_deref()),
            ("image", self.image.as_deref()),
        ]
    }

    /// The body as plain text, one block per line (the title is not
    /// included).
    pub fn text(&self) -> String {
        self.blocks
            .iter()
            .map(Block::plain_text)
            .filter(|t| !t.trim().is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Number of words in the body (whitespace-separated).
    pub fn word_count(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| b.plain_text().split_whitespace().count())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_joins_blocks_and_skips_empty_ones() {
        let mut a = Article::new("x", "test");
        a.title = Some("Title".into());
        a.blocks = vec![
            Block::lede("Lede"),
            Block::paragraph(""),
            Block::list(false, vec!["one".into(), "two".into()]),
            Block::Table {
                rows: vec![vec!["a".into(), "b".into()]],
            },
        ];
        assert_eq!(a.text(), "Lede\none\ntwo\na\tb");
        assert_eq!(a.word_count(), 5);
    }

    #[test]
    fn blocks_serialise_with_a_type_tag() {
        let json = serde_json::to_string(&Block::heading(2, "H")).unwrap();
        assert_eq!(json, r#"{"type":"heading","level":2,"text":"H"}"#);
        let back: Block = serde_json::from_str(&json).unwrap();
        assert!(matches!(back, Block::Heading { level: 2, .. }));
    }

    #[test]
    fn marks_serialise_flat_and_are_optional() {
        let b = Block::paragraph("Go here now").with_marks(vec![
            Mark::new(
                3,
                7,
                MarkKind::Link {
                    href: "https://example.org/".into(),
                },
            ),
            Mark::new(3, 7, MarkKind::Bold),
        ]);
        let json = serde_json::to_string(&b).unwrap();
        assert_eq!(
            json,
            r#"{"type":"paragraph","text":"Go here now","marks":[{"start":3,"end":7,"type":"link","href":"https://example.org/"},{"start":3,"end":7,"type":"bold"}]}"#
        );
        let back: Block = serde_json::from_str(&json).unwrap();
        assert_eq!(back, b);
        let plain: Block =
            serde_json::from_str(r#"{"type":"list","ordered":false,"items":["a"]}"#).unwrap();
        assert_eq!(plain, Block::list(false, vec!["a".into()]));
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"type":"list","ordered":false,"items":["a"]}"#
        );
    }

    #[test]
    fn mark_ranges_are_checked() {
        let text = "é日本";
        assert_eq!(Mark::new(0, 2, MarkKind::Bold).range_in(text), Some(0..2));
        assert_eq!(Mark::new(0, 1, MarkKind::Bold).range_in(text), None);
        assert_eq!(Mark::new(2, 2, MarkKind::Bold).range_in(text), None);
        assert_eq!(Mark::new(2, 9, MarkKind::Bold).range_in(text), None);
    }

    #[test]
    fn empty_detection() {
        assert!(Block::paragraph("  ").is_empty());
        assert!(Block::list(true, vec![" ".into()]).is_empty());
        assert!(!Block::paragraph("x").is_empty());
    }
}
