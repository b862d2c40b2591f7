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
    /// Heading permalinks (`¶`, `#`, `headerlink`) and on-page tables of
    /// contents: documentation furniture.
    pub doc_marks: u32,
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

/// Read the signals of a document whose URL is `url`.
pub(crate) fn read(dom: &Dom<'_>, url: Option<&url::Url>) -> Signals {
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
    // Prose words by the parent of their paragraphs.
    let mut prose: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    for i in 0..dom.len() {
        let tag = dom.tag(i);
        match tag {
            Tag::Text => {
                if is_price(dom.text(i)) {
                    s.prices += 1;
                }
                let n = words(dom.text(i));
                s.words += u32::try_from(n).unwrap_or(u32::MAX);
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
            Tag::P => {
                let words: usize = (i + 1..dom.end(i))
                    .filter(|&j| dom.tag(j) == Tag::Text)
                    .map(|j| words(dom.text(j)))
                    .sum();
                if words >= 20
                    && let Some(p) = dom.parent(i)
                {
                    *prose.entry(p).or_default() += u32::try_from(words).unwrap_or(u32::MAX);
                }
            }
            Tag::Pre => s.pre += 1,
            Tag::Meta => meta(&mut s, dom, i),
            Tag::Script => {
                let is_ld = dom
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"));
                if is_ld {
                    let text: String = (i + 1..dom.end(i)).map(|j| dom.text(j)).collect();
                    if let Ok(v) = serde_json::from_str::<Value>(text.trim()) {
                        json_ld(&v, &mut s, 0);
                    }
                }
            }
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
    s.prose_words = prose.values().copied().max().unwrap_or(0);
    s
}

/// A numbered post id: a post word (or `p`), then digits, maybe after a
/// `-` or `_` (`post_123`, `js-post-4`, `p567`, `msg89`, `answer-12`).
/// Blog comments (`comment-12`) are not counted: an article has them too.
fn is_post_id(id: &str) -> bool {
    const WORDS: &[&str] = &[
        "post", "p", "msg", "message", "reply", "answer", "entry", "thread",
    ];
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
            let w = w.to_ascii_lowercase();
            DOC_NAMES.iter().any(|n| w == *n)
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

/// A short text that is a price: a currency sign or code and a number.
pub(crate) fn is_price(text: &str) -> bool {
    let t = text.trim();
    t.len() <= 24
        && t.chars().any(|c| c.is_ascii_digit())
        && (t.chars().any(|c| "$€£¥₹₩₽".contains(c))
            || t.split(|c: char| !c.is_ascii_alphabetic())
                .any(|w| matches!(w, "USD" | "EUR" | "GBP" | "CAD" | "AUD" | "INR" | "JPY")))
}

/// Words in `text`: runs between spaces, and for scripts written without
/// spaces (Chinese, Japanese, Thai...) one word per two letters.
pub(crate) fn words(text: &str) -> usize {
    let mut spaced = 0;
    let mut unspaced = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if is_unspaced(c) {
            unspaced += 1;
            in_word = false;
        } else if !in_word {
            spaced += 1;
            in_word = true;
        }
    }
    spaced + unspaced / 2
}

/// Letters of scripts that do not separate words with spaces.
fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF // Thai, Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK ideographs
        | 0xF900..=0xFAFF // CJK compatibility
    )
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
    let named = [a.class, a.id, dom.attr(i, "name")]
        .into_iter()
        .flatten()
        .any(|v| {
            let v: String = v
                .chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .flat_map(|c| c.to_lowercase())
                .collect();
            CART_NAMES.iter().any(|n| v.contains(n))
        });
    if named {
        return true;
    }
    if dom.tag(i) == Tag::Form {
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
        read(&dom, url::Url::parse(url).ok().as_ref())
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
        assert_eq!(s.cart_controls, 2);
        assert!(is_price(" $24.99 ") && is_price("18,00 EUR") && !is_price("24 hours"));
        assert_eq!(s.long_paras, 1);
        assert_eq!(s.pre, 1);
        assert_eq!(s.prose_words, 25);
    }
}
