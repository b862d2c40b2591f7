//! The signals a page gives of its type, read in one pass over the
//! document: schema.org types (JSON-LD and microdata), `og:type`, the
//! generator, the URL's shape, and counts of telling elements (code
//! blocks, add-to-cart controls, prices, post markers).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::html::dom::{Dom, Tag};

/// What a page says of itself.
#[derive(Debug, Default, Clone)]
pub(crate) struct Signals {
    /// schema.org types named in JSON-LD, with how many objects have each.
    pub ld: BTreeMap<String, u32>,
    /// schema.org types of microdata items (`itemtype`), likewise.
    pub microdata: BTreeMap<String, u32>,
    /// `og:type`, lower-cased.
    pub og_type: Option<String>,
    /// `<meta name=generator>`, lower-cased.
    pub generator: Option<String>,
    /// `product:price:amount` or `og:price:amount` is present.
    pub price_meta: bool,
    /// The JSON-LD `description` of a Product, if any.
    pub product_description: Option<String>,
    /// The URL's path, lower-cased, and its host.
    pub path: String,
    /// The URL's host, lower-cased.
    pub host: String,
    /// `<pre>` blocks.
    pub pre: u32,
    /// Controls or links that add to a cart or buy.
    pub cart_controls: u32,
    /// Short texts that are a price ("$24.99", "18,00 €").
    pub prices: u32,
    /// Elements with a numbered post id (`post_123`, `js-post-4`, `p567`,
    /// `msg89`, `answer-12`): the posts of a thread.
    pub post_ids: u32,
    /// Paragraphs of 20 words or more (article prose).
    pub long_paras: u32,
    /// Words of the largest run of prose: the `<p>`s of 20 words or more
    /// that share one parent (and the loose lines of 20 words or more of
    /// one block), summed, for the parent where that is most.
    /// An article has one such run of hundreds of words; a landing page
    /// or a listing spreads its text over many boxes.
    pub prose_words: u32,
    /// Words of all the page's text (scripts and styles aside).
    pub words: u32,
    /// Only the head and the JSON-LD were read (see [`read`]): the body's
    /// counts are zero.
    pub shallow: bool,
    /// Heading permalinks (`¶`, `#`, `headerlink`) and on-page tables of
    /// contents: documentation furniture.
    pub doc_marks: u32,
    /// Headings (`<h2>` to `<h6>`) whose text is a link, outside the
    /// page's navigation, header, footer and asides: the titles of a
    /// listing's items (an article has a few, in its related stories).
    pub linked_headings: u32,
}

impl Signals {
    /// Objects of a schema.org type in JSON-LD and microdata.
    pub(crate) fn schema(&self, t: &str) -> u32 {
        self.ld.get(t).copied().unwrap_or(0) + self.microdata.get(t).copied().unwrap_or(0)
    }

    /// Add what the page around a `<noscript>` view declares (its schema
    /// types, `og:type`, generator, URL) to the signals of the view.
    pub(crate) fn absorb(&mut self, page: &Signals) {
        for (t, n) in page.ld.iter().chain(&page.microdata) {
            *self.ld.entry(t.clone()).or_default() += n;
        }
        self.og_type = self.og_type.take().or_else(|| page.og_type.clone());
        self.generator = self.generator.take().or_else(|| page.generator.clone());
        self.price_meta |= page.price_meta;
        if self.host.is_empty() {
            self.host.clone_from(&page.host);
            self.path.clone_from(&page.path);
        }
    }

    /// JSON-LD declares an article type and none of a thread, a product,
    /// a collection or documentation.
    fn declares_an_article(&self) -> bool {
        const OTHERS: &[&str] = &[
            "DiscussionForumPosting",
            "QAPage",
            "Question",
            "Product",
            "ProductGroup",
            "CollectionPage",
            "OfferCatalog",
            "ItemList",
            "SearchResultsPage",
            "TechArticle",
            "APIReference",
            "FAQPage",
            "Service",
        ];
        const ARTICLES: &[&str] = &[
            "NewsArticle",
            "BlogPosting",
            "Article",
            "Report",
            "ReportageNews",
        ];
        ARTICLES.iter().any(|t| self.ld.contains_key(*t))
            && !OTHERS.iter().any(|t| self.ld.contains_key(*t))
    }

    /// The first of these schema.org types the page has objects of.
    pub(crate) fn first_schema(&self, types: &[&'static str]) -> Option<&'static str> {
        types.iter().copied().find(|t| self.schema(t) > 0)
    }
}

/// Every schema.org type the classifier reads.
pub(crate) const SCHEMA_NAMES: &[&str] = &[
    "DiscussionForumPosting",
    "QAPage",
    "Question",
    "Answer",
    "Comment",
    "Product",
    "ProductGroup",
    "Offer",
    "AggregateOffer",
    "CollectionPage",
    "OfferCatalog",
    "ItemList",
    "SearchResultsPage",
    "TechArticle",
    "APIReference",
    "SoftwareSourceCode",
    "FAQPage",
    "Service",
    "Article",
    "NewsArticle",
    "BlogPosting",
    "Report",
    "ReportageNews",
    "ScholarlyArticle",
    "LiveBlogPosting",
    "OpinionNewsArticle",
    "AnalysisNewsArticle",
    "Recipe",
    "Review",
    "HowTo",
];

/// Read the signals of a document whose URL is `url` and whose JSON-LD
/// scripts parse to `ld`.
pub(crate) fn read(dom: &Dom<'_>, url: Option<&url::Url>, ld: &[Value]) -> Signals {
    let mut s = Signals {
        path: url
            .map(|u| u.path().to_ascii_lowercase())
            .unwrap_or_default(),
        host: url
            .and_then(|u| u.host_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default(),
        ..Signals::default()
    };
    for v in ld {
        json_ld(v, &mut s, 0);
    }
    // A page whose JSON-LD declares an article (and nothing a thread, a
    // shop or a manual would) needs only its head read: the body's counts
    // decide nothing then, and its prose is counted when asked
    // ([`prose_words`]).
    if s.declares_an_article() {
        s.shallow = true;
        let head = (0..dom.len()).find(|&i| dom.tag(i) == Tag::Head);
        if let Some(h) = head {
            for i in h..dom.end(h) {
                if dom.tag(i) == Tag::Meta {
                    meta(&mut s, dom, i);
                }
            }
        }
        return s;
    }
    read_body(dom, &mut s);
    s
}

/// The body's counts ([`read`] past the JSON-LD).
fn read_body(dom: &Dom<'_>, s: &mut Signals) {
    // Prose words by the parent of their paragraphs.
    let mut prose: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    // The `<p>` being read: its end, its parent, its words so far.
    let mut para: Option<(usize, Option<usize>, u32)> = None;
    let mut next = 0;
    for i in 0..dom.len() {
        // The text of scripts (JSON-LD), styles and the title is not the
        // page's.
        if i < next {
            continue;
        }
        if let Some((end, parent, n)) = para
            && i >= end
        {
            if n >= 20
                && let Some(p) = parent
            {
                *prose.entry(p).or_default() += n;
            }
            para = None;
        }
        let tag = dom.tag(i);
        match tag {
            Tag::Text => {
                let text = dom.text(i);
                if is_price(text) {
                    s.prices += 1;
                }
                let n = words(text);
                s.words += u32::try_from(n).unwrap_or(u32::MAX);
                if let Some((_, _, w)) = para.as_mut() {
                    *w += u32::try_from(n).unwrap_or(u32::MAX);
                }
                if n >= 20 {
                    s.long_paras += 1;
                    // Loose text in a block (lines split by `<br>`) is
                    // prose of that block; text in a `<p>` counts with it.
                    let mut a = dom.parent(i);
                    while let Some(p) = a.filter(|&p| !dom.tag(p).is_block()) {
                        a = dom.parent(p);
                    }
                    if let Some(block) = a.filter(|&p| dom.tag(p) != Tag::P) {
                        *prose.entry(block).or_default() += u32::try_from(n).unwrap_or(u32::MAX);
                    }
                }
                continue;
            }
            Tag::P if para.is_none() => para = Some((dom.end(i), dom.parent(i), 0)),
            Tag::Heading(level) if level >= 2 && is_linked_heading(dom, i) => {
                s.linked_headings += 1
            }
            Tag::Pre => s.pre += 1,
            Tag::Meta => meta(s, dom, i),
            Tag::Script => {
                next = dom.end(i);
            }
            Tag::Title => next = dom.end(i),
            _ => {}
        }
        let a = dom.attrs(i);
        if let Some(types) = a.itemtype {
            for t in types.split_ascii_whitespace() {
                let name = t.rsplit('/').next().unwrap_or(t);
                if SCHEMA_NAMES.contains(&name) {
                    *s.microdata.entry(name.to_string()).or_default() += 1;
                }
            }
        }
        if matches!(tag, Tag::Control | Tag::A | Tag::Form) && is_cart_control(dom, i) {
            s.cart_controls += 1;
        }
        if is_doc_mark(dom, i) {
            s.doc_marks += 1;
        }
        // WordPress numbers its entries `<article id="post-12">`, on
        // listings too: those are not a thread's posts.
        let entry = tag == Tag::Article && a.id.is_some_and(|id| id.starts_with("post-"));
        if !entry && a.id.is_some_and(is_post_id) {
            s.post_ids += 1;
        }
    }
    if let Some((_, Some(p), n)) = para
        && n >= 20
    {
        *prose.entry(p).or_default() += n;
    }
    s.prose_words = prose.values().copied().max().unwrap_or(0);
}

/// How far up from a heading a link that holds it is looked for, and how
/// far up from its text the link inside it.
const LINK_REACH: usize = 4;

/// A heading whose first text is link text (`<h3><a>Title</a></h3>` or
/// `<a><h3>Title</h3></a>`), outside navigation and page chrome.
fn is_linked_heading(dom: &Dom<'_>, h: usize) -> bool {
    let up = |from: usize| std::iter::successors(dom.parent(from), |&a| dom.parent(a));
    let Some(first) =
        (h + 1..dom.end(h)).find(|&k| dom.tag(k) == Tag::Text && !dom.text(k).trim().is_empty())
    else {
        return false;
    };
    let linked = up(first)
        .take_while(|&a| a != h)
        .take(LINK_REACH)
        .any(|a| dom.tag(a) == Tag::A)
        || up(h).take(LINK_REACH).any(|a| dom.tag(a) == Tag::A);
    linked
        && !up(h).any(|a| {
            matches!(
                dom.tag(a),
                Tag::Nav | Tag::Header | Tag::Footer | Tag::Aside
            )
        })
}

/// A numbered post id: a post word (or `p`), then digits, maybe after a
/// `-` or `_` (`post_123`, `js-post-4`, `p567`, `msg89`, `answer-12`).
/// Blog comments (`comment-12`) are not counted: an article has them too.
fn is_post_id(id: &str) -> bool {
    const WORDS: &[&str] = &[
        "post", "p", "msg", "message", "reply", "answer", "entry", "thread",
    ];
    if !id.as_bytes().last().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let id = id.to_ascii_lowercase();
    let id = id.strip_prefix("js-").unwrap_or(&id);
    let digits = id.trim_end_matches(|c: char| c.is_ascii_digit());
    if digits.len() == id.len() {
        return false;
    }
    let word = digits.trim_end_matches(['-', '_']);
    WORDS.contains(&word)
}

/// A heading permalink or an on-page table of contents.
fn is_doc_mark(dom: &Dom<'_>, i: usize) -> bool {
    let a = dom.attrs(i);
    let named = [a.class, a.id].into_iter().flatten().any(|v| {
        v.split_ascii_whitespace().any(|w| {
            // Every name starts with one of these letters and has 3 to 21.
            (3..=21).contains(&w.len())
                && matches!(
                    w.as_bytes()[0] | 0x20,
                    b'h' | b't' | b'o' | b'e' | b'm' | b'a'
                )
                && DOC_NAMES.iter().any(|n| w.eq_ignore_ascii_case(n))
        })
    });
    if named {
        return true;
    }
    // `<a href="#section">¶</a>` inside a heading.
    dom.tag(i) == Tag::A
        && a.href.is_some_and(|h| h.starts_with('#'))
        && dom.end(i) == i + 2
        && matches!(dom.text(i + 1).trim(), "¶" | "#" | "§" | "🔗")
}

/// Class or id names of documentation furniture.
const DOC_NAMES: &[&str] = &[
    "headerlink",
    "hash-link",
    "anchorjs-link",
    "heading-anchor",
    "header-anchor",
    "toc",
    "table-of-contents",
    "on-this-page",
    "toctree-wrapper",
    "edit-this-page",
    "theme-doc-toc-desktop",
    "md-nav--secondary",
];

impl Signals {
    /// Read the body's counts of a page read shallow.
    pub(crate) fn read_body(&mut self, dom: &Dom<'_>) {
        if self.shallow {
            read_body(dom, self);
            self.shallow = false;
        }
    }
}

/// Words of the page's largest run of prose ([`Signals::prose_words`]),
/// for a page read shallow.
pub(crate) fn prose_words(dom: &Dom<'_>) -> u32 {
    let mut s = Signals::default();
    read_body(dom, &mut s);
    s.prose_words
}

/// A short text that is a price: a currency sign or code and a number.
pub(crate) fn is_price(text: &str) -> bool {
    if text.len() > 64 || !text.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let t = text.trim();
    t.len() <= 24
        && (t.contains(['$', '€', '£', '¥', '₹', '₩', '₽'])
            || t.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| matches!(w, "USD" | "EUR" | "GBP" | "CAD" | "AUD" | "INR" | "JPY")))
}

/// Words in `text`: runs between spaces, and for scripts written without
/// spaces (Chinese, Japanese, Thai...) one word per two letters. One pass
/// over the bytes; Unicode spaces other than ASCII ones join words.
pub(crate) fn words(text: &str) -> usize {
    let b = text.as_bytes();
    let (mut spaced, mut unspaced, mut in_word) = (0usize, 0usize, false);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c < 0x80 {
            let space = c.is_ascii_whitespace();
            spaced += usize::from(!space && !in_word);
            in_word = !space;
            i += 1;
            continue;
        }
        let len = match c {
            0xF0.. => 4,
            0xE0.. => 3,
            _ => 2,
        };
        if unspaced_lead(c, b.get(i + 1).copied().unwrap_or(0)) {
            unspaced += 1;
            in_word = false;
        } else {
            spaced += usize::from(!in_word);
            in_word = true;
        }
        i += len;
    }
    spaced + unspaced / 2
}

/// The first two bytes of a UTF-8 letter of a script that does not
/// separate words with spaces: Thai and Lao (U+0E00..), Myanmar
/// (U+1000..), Khmer (U+1780..), kana (U+3040..), CJK ideographs and
/// their extension A (U+3400..U+9FFF), CJK compatibility (U+F900..).
fn unspaced_lead(lead: u8, next: u8) -> bool {
    match lead {
        0xE0 => (0xB8..=0xBB).contains(&next),
        0xE1 => (0x80..=0x82).contains(&next) || (0x9E..=0x9F).contains(&next),
        0xE3 => next >= 0x81,
        0xE4..=0xE9 => true,
        0xEF => (0xA4..=0xAB).contains(&next),
        _ => false,
    }
}

fn meta(s: &mut Signals, dom: &Dom<'_>, i: usize) {
    let key = dom.attr(i, "property").or(dom.attr(i, "name"));
    let (Some(key), Some(content)) = (key, dom.attr(i, "content")) else {
        return;
    };
    match key.trim().to_ascii_lowercase().as_str() {
        "og:type" => s.og_type = Some(content.trim().to_ascii_lowercase()),
        "generator" => s.generator = Some(content.trim().to_ascii_lowercase()),
        // The page's own URL, when it came without one.
        "og:url" if s.host.is_empty() => {
            if let Ok(u) = url::Url::parse(content.trim()) {
                s.path = u.path().to_ascii_lowercase();
                s.host = u.host_str().unwrap_or("").to_ascii_lowercase();
            }
        }
        "product:price:amount" | "og:price:amount" => s.price_meta = true,
        _ => {}
    }
}

/// Count the schema.org types of a JSON-LD value.
fn json_ld(v: &Value, s: &mut Signals, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                json_ld(item, s, depth + 1);
            }
        }
        Value::Object(map) => {
            let types: Vec<&str> = match map.get("@type") {
                Some(Value::String(t)) => vec![t.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            for t in &types {
                let name = t.rsplit('/').next().unwrap_or(t);
                if SCHEMA_NAMES.contains(&name) {
                    *s.ld.entry(name.to_string()).or_default() += 1;
                }
                if name == "Product"
                    && s.product_description.is_none()
                    && let Some(Value::String(d)) = map.get("description")
                {
                    s.product_description = Some(crate::html::inline::collapse(d));
                }
            }
            for (k, child) in map {
                if matches!(child, Value::Object(_) | Value::Array(_)) && k != "@context" {
                    json_ld(child, s, depth + 1);
                }
            }
        }
        _ => {}
    }
}

/// A control or link that puts the product in a cart: its class, id or
/// name says so, or its own text does ("Add to cart", "Buy now").
fn is_cart_control(dom: &Dom<'_>, i: usize) -> bool {
    let a = dom.attrs(i);
    let mut squashed = String::new();
    let named = [a.class, a.id, dom.attr(i, "name")]
        .into_iter()
        .flatten()
        .any(|v| {
            // Cheap first: every cart name holds "car", "bag", "bas" or
            // "buy".
            if !v.as_bytes().windows(3).any(|w| {
                matches!(
                    [w[0] | 0x20, w[1] | 0x20, w[2] | 0x20],
                    [b'c', b'a', b'r'] | [b'b', b'a', b'g' | b's'] | [b'b', b'u', b'y']
                )
            }) {
                return false;
            }
            squashed.clear();
            squashed.extend(
                v.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .map(|c| c.to_ascii_lowercase()),
            );
            CART_NAMES.iter().any(|n| squashed.contains(n))
        });
    if named {
        return true;
    }
    // Links name themselves "Buy" in menus and articles; only a
    // control's own text counts.
    if dom.tag(i) != Tag::Control {
        return false;
    }
    let end = dom.end(i);
    if end - i > 12 {
        return false;
    }
    let text = dom.raw_text(i).to_lowercase();
    let text = text.trim();
    text.len() <= 40 && CART_TEXTS.iter().any(|t| text.contains(t))
}

/// Class, id or name fragments (alphanumerics, lower case) of cart controls.
const CART_NAMES: &[&str] = &["addtocart", "addtobag", "addtobasket", "buynow", "cartadd"];

/// Button texts of cart controls, in the common languages.
const CART_TEXTS: &[&str] = &[
    "add to cart",
    "add to bag",
    "add to basket",
    "add to trolley",
    "buy now",
    "buy it now",
    "in den warenkorb",
    "ajouter au panier",
    "añadir al carrito",
    "aggiungi al carrello",
    "in winkelwagen",
    "adicionar ao carrinho",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tree::Document;

    fn signals(html: &str, url: &str) -> Signals {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        read(
            &dom,
            url::Url::parse(url).ok().as_ref(),
            &crate::html::meta::json_ld_scripts(&dom),
        )
    }

    #[test]
    fn schema_types_from_json_ld_and_microdata() {
        let s = signals(
            r#"<head><script type="application/ld+json">{"@context":"https://schema.org","@graph":[
            {"@type":"WebSite"},{"@type":["Product"],"description":"A  fine kettle.","offers":{"@type":"Offer"}}]}</script>
            <meta property="og:type" content="Product"><meta property="product:price:amount" content="9"></head>
            <body><div itemscope itemtype="https://schema.org/Question"></div><button class="btn add-to-cart">Add</button></body>"#,
            "https://Shop.example/p/kettle",
        );
        assert_eq!(s.schema("Product"), 1);
        assert_eq!(s.schema("Offer"), 1);
        assert_eq!(s.schema("Question"), 1);
        assert_eq!(s.product_description.as_deref(), Some("A fine kettle."));
        assert_eq!(s.og_type.as_deref(), Some("product"));
        assert!(s.price_meta);
        assert_eq!(s.cart_controls, 1);
        assert_eq!(s.host, "shop.example");
        assert_eq!(s.path, "/p/kettle");
        // Without a URL, the page's og:url stands in.
        let s = signals(
            r#"<head><meta property="og:url" content="https://News.example/2024/05/story"></head>"#,
            "",
        );
        assert_eq!(
            (s.host.as_str(), s.path.as_str()),
            ("news.example", "/2024/05/story")
        );
    }

    #[test]
    fn linked_headings_count_item_titles_not_navigation() {
        let items: String = (0..5)
            .map(|i| format!(r#"<h3><a href="/p{i}">Post {i}</a></h3><p>Blurb.</p><a href="/q{i}"><h2>Other {i}</h2></a>"#))
            .collect();
        let s = signals(
            &format!(
                r#"<body><nav><h3><a href="/">Home</a></h3></nav><header><h2><a href="/">Site</a></h2></header>
                <main>{items}<h2>Plain heading</h2><h1><a href="/">Title</a></h1><h3>Read <a href="/x">this</a></h3></main></body>"#
            ),
            "https://blog.example/",
        );
        assert_eq!(s.linked_headings, 10);
    }

    #[test]
    fn numbered_post_ids() {
        for id in [
            "post_123",
            "js-post-4",
            "p567",
            "msg89",
            "answer-12",
            "post12",
        ] {
            assert!(is_post_id(id), "{id}");
        }
        for id in ["comment-12", "post", "header2", "p", "section-3"] {
            assert!(!is_post_id(id), "{id}");
        }
    }

    #[test]
    fn words_of_spaced_and_unspaced_scripts() {
        assert_eq!(words("two words"), 2);
        assert_eq!(words("  "), 0);
        assert_eq!(words("中华人民共和国"), 3);
        assert_eq!(words("Rust 语言很好"), 3);
    }

    #[test]
    fn prose_counts_the_largest_run_under_one_parent() {
        let para = format!("<p>{}</p>", "word ".repeat(30));
        let short = "<p>just a few words</p>";
        let cards: String = (0..6)
            .map(|_| format!("<div class=card>{para}</div>"))
            .collect();
        let s = signals(
            &format!(
                "<body><article>{para}{short}{para}{para}</article>{cards}<h2>Intro<a href=\"#intro\">¶</a></h2><div class=toc></div></body>"
            ),
            "https://a.example/",
        );
        assert_eq!(s.prose_words, 90);
        assert_eq!(s.doc_marks, 2);
        let line = "word ".repeat(25);
        let s = signals(
            &format!("<body><div>{line}<br>{line}<br><b>{line}</b></div></body>"),
            "https://a.example/",
        );
        assert_eq!(s.prose_words, 75);
    }

    #[test]
    fn cart_controls_by_text_and_prose_by_paragraphs() {
        let para = "word ".repeat(25);
        let s = signals(
            &format!(
                "<body><button>Add to Cart</button><a href=/c>Buy it now</a><button>Subscribe</button><p>{para}</p><pre>x</pre></body>"
            ),
            "https://a.example/",
        );
        assert_eq!(s.cart_controls, 1, "a link's text does not count");
        assert!(is_price(" $24.99 ") && is_price("18,00 EUR") && !is_price("24 hours"));
        assert_eq!(s.long_paras, 1);
        assert_eq!(s.pre, 1);
        assert_eq!(s.prose_words, 25);
    }
}
