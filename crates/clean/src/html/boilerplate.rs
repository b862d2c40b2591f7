//! Boilerplate markers as data: class/id tokens, ARIA roles and body-container
//! names, with how each one counts.
//!
//! A class or id value is matched two ways:
//!
//! * **tokens**: split on every non-alphanumeric character and on
//!   lower-to-upper camelCase boundaries, lower-cased (`relatedArticles` ->
//!   `related`, `articles`; `header-ad` -> `header`, `ad`). `ad` matches the
//!   token `ad`, never `head` or `load`.
//! * **whole**: the value with non-alphanumerics removed, lower-cased
//!   (`article__body` -> `articlebody`, `sr-only` -> `sronly`).
//!
//! Each rule is exact or prefix on one of the two. Effects:
//! [`Effect::Drop`] removes the element before scoring (unless a
//! [`KEEP_TOKENS`] token is present as well, then it only counts as
//! negative), [`Effect::Strip`] removes it even then, [`Effect::Hidden`] marks it invisible, [`Effect::Negative`]
//! and [`Effect::Positive`] weigh it during scoring and conditional
//! cleaning, [`Effect::Body`] names a likely article-body container.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

/// What a matching class/id marker does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Effect {
    /// Likely clutter: drop the element (soft: relaxed when the page would
    /// otherwise come out too short), unless a keep token is present.
    Drop,
    /// Single-purpose clutter (ads, share bars, cookie notices): dropped
    /// even with a keep token (`ad-mid-article`).
    Strip,
    /// Visually hidden.
    Hidden,
    /// Counts against the element (-25 weight).
    Negative,
    /// Counts for the element (+25 weight).
    Positive,
    /// Names an article-body container.
    Body,
}

/// Where a pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum On {
    /// One token of the split value, exactly.
    Token,
    /// One token of the split value starts with the pattern.
    TokenPrefix,
    /// The whole value, non-alphanumerics removed, exactly.
    Whole,
}

use Effect::{Body, Drop, Hidden, Negative, Positive, Strip};
use On::{Token, TokenPrefix, Whole};

/// The class/id rules.
const RULES: &[(&str, On, Effect)] = &[
    // Navigation and page chrome.
    ("nav", Token, Drop),
    ("navbar", TokenPrefix, Drop),
    ("navigation", TokenPrefix, Drop),
    ("menu", TokenPrefix, Drop),
    ("breadcrumb", TokenPrefix, Strip),
    ("breadcrumbs", Token, Strip),
    ("crumbs", Token, Strip),
    ("footer", TokenPrefix, Drop),
    ("header", Token, Drop),
    ("masthead", Token, Drop),
    ("topbar", Token, Drop),
    ("toolbar", Token, Drop),
    ("sidebar", TokenPrefix, Drop),
    ("rail", Token, Drop),
    ("skip", Token, Strip),
    ("pagination", Token, Drop),
    ("pager", Token, Drop),
    ("skiplink", Whole, Strip),
    ("headerlink", Token, Strip),
    ("anchorlink", Whole, Strip),
    ("anchorjs", TokenPrefix, Strip),
    // Sharing, social, comments.
    ("share", TokenPrefix, Strip),
    ("sharing", TokenPrefix, Strip),
    ("social", TokenPrefix, Strip),
    ("sociable", Token, Strip),
    ("comment", TokenPrefix, Drop),
    ("disqus", TokenPrefix, Strip),
    ("respond", Token, Drop),
    ("addthis", TokenPrefix, Strip),
    ("sharethis", TokenPrefix, Strip),
    ("follow", Token, Drop),
    // Related content and recommendations.
    ("related", TokenPrefix, Drop),
    ("recommend", TokenPrefix, Drop),
    ("recommended", Token, Drop),
    ("outbrain", TokenPrefix, Strip),
    ("taboola", TokenPrefix, Strip),
    ("trending", Token, Drop),
    ("popular", Token, Drop),
    ("mostpopular", Whole, Drop),
    ("mostread", Whole, Drop),
    ("morestories", Whole, Drop),
    ("readnext", Whole, Drop),
    ("alsoread", Whole, Drop),
    ("upnext", Whole, Drop),
    // Ads and promotion.
    ("ad", Token, Strip),
    ("ads", Token, Strip),
    ("advert", TokenPrefix, Strip),
    ("adsense", Token, Strip),
    ("adslot", Token, Strip),
    ("adunit", Token, Strip),
    ("adbox", Token, Strip),
    ("adwrap", TokenPrefix, Strip),
    ("adcontainer", Token, Strip),
    ("dfp", Token, Strip),
    ("gpt", Token, Strip),
    ("doubleclick", Token, Strip),
    ("sponsor", TokenPrefix, Strip),
    ("promo", TokenPrefix, Strip),
    ("newsletter", TokenPrefix, Strip),
    ("subscribe", TokenPrefix, Drop),
    ("subscription", TokenPrefix, Drop),
    ("signup", Token, Drop),
    ("banner", Token, Negative),
    // Photo galleries and slideshows: captions of other pictures.
    ("gallery", Token, Drop),
    // Media player chrome (video.js): controls, timers, menus.
    ("vjs", Token, Strip),
    ("videojs", Whole, Strip),
    // Consent, popups.
    ("cookie", TokenPrefix, Strip),
    ("cookies", Token, Strip),
    ("consent", TokenPrefix, Strip),
    ("gdpr", Token, Strip),
    ("popup", TokenPrefix, Strip),
    ("modal", Token, Strip),
    ("overlay", Token, Drop),
    ("login", Token, Drop),
    ("signin", Token, Drop),
    // Article furniture.
    ("byline", Token, Drop),
    ("dateline", Token, Drop),
    ("tags", Token, Drop),
    ("tagcloud", Token, Drop),
    ("taglist", Token, Drop),
    ("print", Token, Negative),
    ("date", Token, Negative),
    ("timestamp", Token, Negative),
    ("posted", Token, Negative),
    ("meta", Token, Negative),
    ("author", TokenPrefix, Negative),
    ("bio", Token, Negative),
    ("combx", Token, Negative),
    ("contact", Token, Negative),
    ("shopping", Token, Negative),
    ("scroll", Token, Negative),
    ("shoutbox", Token, Negative),
    ("skyscraper", Token, Negative),
    ("caption", Token, Negative),
    ("credit", TokenPrefix, Negative),
    ("hidden", Token, Negative),
    ("extra", Token, Negative),
    ("utility", Token, Negative),
    ("tools", Token, Negative),
    // Visually hidden.
    ("hidden", Whole, Hidden),
    ("hide", Whole, Hidden),
    ("dnone", Whole, Hidden),
    ("invisible", Whole, Hidden),
    ("sronly", Whole, Hidden),
    ("screenreadertext", Whole, Hidden),
    ("screenreaderonly", Whole, Hidden),
    ("visuallyhidden", Whole, Hidden),
    ("offscreen", Whole, Hidden),
    // Content.
    ("article", Token, Positive),
    ("body", Token, Positive),
    ("content", Token, Positive),
    ("entry", Token, Positive),
    ("hentry", Token, Positive),
    ("main", Token, Positive),
    ("page", Token, Positive),
    ("post", Token, Positive),
    ("text", Token, Positive),
    ("blog", Token, Positive),
    ("story", Token, Positive),
    ("prose", Token, Positive),
    // Body containers (whole values).
    ("articlebody", Whole, Body),
    ("articlecontent", Whole, Body),
    ("articletext", Whole, Body),
    ("articlebodytext", Whole, Body),
    ("articlecontentbody", Whole, Body),
    ("storybody", Whole, Body),
    ("storycontent", Whole, Body),
    ("storytext", Whole, Body),
    ("entrycontent", Whole, Body),
    ("entrybody", Whole, Body),
    ("postcontent", Whole, Body),
    ("postbody", Whole, Body),
    ("posttext", Whole, Body),
    ("postentry", Whole, Body),
    ("blogcontent", Whole, Body),
    ("blogpostcontent", Whole, Body),
    ("contentbody", Whole, Body),
    ("bodytext", Whole, Body),
    ("richtext", Whole, Body),
    ("textcontent", Whole, Body),
    ("maincontent", Whole, Body),
    ("singlecontent", Whole, Body),
    ("fulltext", Whole, Body),
    ("artcontent", Whole, Body),
    ("newsarticle", Whole, Body),
    ("articlecopy", Whole, Body),
    ("paywallcontent", Whole, Body),
];

/// Tokens that keep an element that a [`Effect::Drop`] rule matched (it
/// is then only weighed as negative): `comment-body` or `sidebar-content`
/// might still be where the text is.
pub(crate) const KEEP_TOKENS: &[&str] = &["article", "body", "content", "main", "story", "text"];

/// ARIA roles of page chrome.
pub(crate) const DROP_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
    "dialog",
    "alertdialog",
    "tooltip",
    "tablist",
];

/// `itemprop` values of an article-body container.
pub(crate) const BODY_ITEMPROPS: &[&str] = &["articleBody", "articlebody", "reviewBody"];

/// The verdict of the rules on one element's class and id.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// A drop rule matched and no keep token was present.
    pub drop: bool,
    /// A hidden rule matched.
    pub hidden: bool,
    /// Readability-style class weight: +25 per positive value, -25 per
    /// negative one (a drop match kept by a keep token counts negative).
    pub weight: i32,
    /// A body-container rule matched.
    pub body: bool,
}

/// Effects as bits, for table values.
fn bit(e: Effect) -> u8 {
    1 << (e as u8)
}

/// FxHash-style hasher: the keys are short ASCII words.
#[derive(Default, Clone, Copy)]
pub(crate) struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let v = <[u8; 8]>::try_from(chunk).map_or(0, u64::from_le_bytes);
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut v = 0u64;
            for (i, b) in rest.iter().enumerate() {
                v |= u64::from(*b) << (8 * i);
            }
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// Effect bits by lower-case word (a table's keep tokens carry its keep
/// bits).
type WordMap = HashMap<&'static [u8], u8, BuildHasherDefault<WordHasher>>;

/// A set of short strings with [`WordHasher`].
pub(crate) type WordSet<'a> = std::collections::HashSet<&'a str, BuildHasherDefault<WordHasher>>;

/// A rule family compiled for matching: exact tokens, whole values and
/// token prefixes, each to a byte of effect bits (the family decides what
/// the bits mean; bit 7 is [`Flags::KEEP`] here). [`RuleTable::flags`]
/// judges one class or id value.
pub(crate) struct RuleTable {
    token: WordMap,
    whole: WordMap,
    /// Prefix patterns by their first byte.
    prefix: Vec<Vec<(&'static str, u8)>>,
}

impl RuleTable {
    /// Compile rules given as (pattern, where, effect bits), with tokens
    /// that carry `keep_bits` of their own.
    pub(crate) fn new(
        rules: impl IntoIterator<Item = (&'static str, On, u8)>,
        keep: &[&'static str],
        keep_bits: u8,
    ) -> RuleTable {
        let mut t = RuleTable {
            token: WordMap::default(),
            whole: WordMap::default(),
            prefix: vec![Vec::new(); 256],
        };
        for k in keep {
            *t.token.entry(k.as_bytes()).or_default() |= keep_bits;
        }
        for (pat, on, bits) in rules {
            match on {
                Token => *t.token.entry(pat.as_bytes()).or_default() |= bits,
                Whole => *t.whole.entry(pat.as_bytes()).or_default() |= bits,
                TokenPrefix => {
                    if let Some(&b) = pat.as_bytes().first() {
                        t.prefix[usize::from(b)].push((pat, bits));
                    }
                }
            }
        }
        t
    }

    /// The effect bits of one class or id value (no whitespace inside).
    ///
    /// A utility class with a variant (Tailwind's `md:hidden`,
    /// `[html.sidebar-filled_&]:bg-tint`) is judged by its utility, after
    /// the last `:`; a utility with an arbitrary value in brackets
    /// (`top-[var(--header-height)]`) says nothing of what the element is.
    pub(crate) fn flags(&'static self, value: &str) -> u8 {
        // Class names repeat across pages (`container`, `row`, a theme's
        // names across a site's pages): verdicts are kept per thread, by
        // table (a static: its address names it for the program's life).
        let table = std::ptr::from_ref(self) as usize;
        let cached = SEEN.with_borrow(|seen| {
            seen.iter()
                .find(|(t, _)| *t == table)
                .and_then(|(_, m)| m.get(value).copied())
        });
        if let Some(bits) = cached {
            return bits;
        }
        let bits = self.compute_flags(value);
        SEEN.with_borrow_mut(|seen| {
            let i = match seen.iter().position(|(t, _)| *t == table) {
                Some(i) => i,
                None => {
                    seen.push((table, HashMap::default()));
                    seen.len() - 1
                }
            };
            let map = &mut seen[i].1;
            if map.len() >= SEEN_MAX {
                map.clear();
            }
            map.insert(value.into(), bits);
        });
        bits
    }

    fn compute_flags(&self, value: &str) -> u8 {
        let value = value.rsplit(':').next().unwrap_or(value);
        if value.contains('[') {
            return 0;
        }
        let bits = if value.is_ascii() {
            value_bits(self, value)
        } else {
            value_bits_unicode(self, value)
        };
        // `scroll-margin-top`, `scroll-mt-16`, `overflow-y-scroll`: CSS
        // scrolling utilities (an anchored heading's offset, a scrolling
        // box), not Readability's "scroll" (a ticker) that counts against.
        if bits & bit(Negative) != 0 && css_scroll_utility(value) {
            bits & !bit(Negative)
        } else {
            bits
        }
    }
}

/// Class and id values judged on this thread, per rule table (the
/// tables are statics, known by address), up to [`SEEN_MAX`] values a
/// table; then the cache starts over.
type SeenValues = Vec<(usize, HashMap<Box<str>, u8, BuildHasherDefault<WordHasher>>)>;

thread_local! {
    static SEEN: std::cell::RefCell<SeenValues> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The most values a thread keeps the verdicts of, per rule table (a few
/// megabytes at most).
const SEEN_MAX: usize = 1 << 16;

/// A class value that names a CSS scrolling property or utility.
fn css_scroll_utility(value: &str) -> bool {
    let v = value.as_bytes();
    let has = |p: &[u8]| v.windows(p.len()).any(|w| w.eq_ignore_ascii_case(p));
    has(b"overflow")
        || [
            b"scroll-m".as_slice(),
            b"scroll-p",
            b"scroll-snap",
            b"scroll-smooth",
            b"scroll-auto",
        ]
        .iter()
        .any(|p| has(p))
}

static TABLES: LazyLock<RuleTable> = LazyLock::new(|| {
    RuleTable::new(
        RULES.iter().map(|&(p, on, e)| (p, on, bit(e))),
        KEEP_TOKENS,
        Flags::KEEP,
    )
});

/// The flags of one token: exact token rules (and keep tokens) when the
/// token is complete, prefix rules always (a token longer than the buffer
/// is cut, but its first bytes still start a prefix match).
fn token_flags(tables: &RuleTable, token: &[u8], complete: bool) -> u8 {
    let mut bits = 0;
    if complete {
        bits |= tables.token.get(token).copied().unwrap_or(0);
    }
    let first = token.first().copied().unwrap_or(0);
    for (p, b) in &tables.prefix[usize::from(first)] {
        if token.starts_with(p.as_bytes()) {
            bits |= *b;
        }
    }
    bits
}

/// Longer than every rule pattern: a longer token or value can only match
/// by prefix.
const BUF: usize = 32;

/// What the rules say about one class or id value, as bits: the effects
/// that matched and whether a keep token was present. Values are judged
/// independently; an element's verdict combines them ([`Flags::verdict`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Flags(u8);

impl Flags {
    /// A keep token was present (not an [`Effect`] bit).
    const KEEP: u8 = 1 << 7;

    fn has(self, e: Effect) -> bool {
        self.0 & bit(e) != 0
    }

    /// The verdict on an element whose values together gave these flags.
    pub(crate) fn verdict(self) -> Verdict {
        let keep = self.0 & Flags::KEEP != 0;
        let drop = self.has(Drop);
        let negative = self.has(Negative) || (drop && keep);
        Verdict {
            drop: (drop && !keep) || self.has(Strip),
            hidden: self.has(Hidden),
            weight: if self.has(Positive) { 25 } else { 0 } - if negative { 25 } else { 0 },
            body: self.has(Body),
        }
    }
}

/// Judge one class or id value (no whitespace inside).
pub(crate) fn value_flags(value: &str) -> Flags {
    Flags(TABLES.flags(value))
}

/// The bits of an ASCII value under a rule table.
fn value_bits(tables: &RuleTable, value: &str) -> u8 {
    let mut bits = 0u8;
    let (mut token, mut tlen) = ([0u8; BUF], 0usize);
    let (mut whole, mut wlen) = ([0u8; BUF], 0usize);
    let mut prev_lower = false;
    let mut bytes = value.bytes();
    loop {
        let c = bytes.next();
        let boundary = match c {
            None => true,
            Some(c) => !c.is_ascii_alphanumeric() || (c.is_ascii_uppercase() && prev_lower),
        };
        if boundary && tlen > 0 {
            bits |= token_flags(tables, &token[..tlen.min(BUF)], tlen <= BUF);
            tlen = 0;
        }
        let Some(c) = c else { break };
        if c.is_ascii_alphanumeric() {
            prev_lower = c.is_ascii_lowercase();
            let l = c.to_ascii_lowercase();
            if let Some(slot) = token.get_mut(tlen) {
                *slot = l;
            }
            if let Some(slot) = whole.get_mut(wlen) {
                *slot = l;
            }
            tlen += 1;
            wlen += 1;
        } else {
            prev_lower = false;
        }
    }
    if wlen <= BUF {
        bits |= tables.whole.get(&whole[..wlen]).copied().unwrap_or(0);
    }
    bits
}

/// [`value_bits`] for values with non-ASCII letters (lower-cased by
/// Unicode rules, camelCase split on Unicode case).
fn value_bits_unicode(tables: &RuleTable, value: &str) -> u8 {
    let mut bits = 0u8;
    let mut token = String::new();
    let mut whole = String::new();
    let mut prev_lower = false;
    let mut chars = value.chars();
    loop {
        let c = chars.next();
        let boundary = match c {
            None => true,
            Some(c) if !c.is_alphanumeric() => true,
            Some(c) => c.is_uppercase() && prev_lower,
        };
        if boundary && !token.is_empty() {
            bits |= token_flags(tables, token.as_bytes(), true);
            token.clear();
        }
        let Some(c) = c else { break };
        if c.is_alphanumeric() {
            prev_lower = c.is_lowercase();
            for l in c.to_lowercase() {
                token.push(l);
                whole.push(l);
            }
        } else {
            prev_lower = false;
        }
    }
    bits |= tables.whole.get(whole.as_bytes()).copied().unwrap_or(0);
    bits
}

/// The values of a `class` and an `id` attribute.
pub(crate) fn values<'v>(
    class: Option<&'v str>,
    id: Option<&'v str>,
) -> impl Iterator<Item = &'v str> {
    class
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(id.into_iter().flat_map(str::split_ascii_whitespace))
}

/// Judge one element from its `class` and `id` attributes (no memo).
#[cfg(test)]
pub(crate) fn judge(class: Option<&str>, id: Option<&str>) -> Verdict {
    let bits = values(class, id).fold(0, |b, v| b | value_flags(v).0);
    Flags(bits).verdict()
}

/// [`judge`] with a memo of the values seen in one document: class lists
/// repeat the same few values on many elements.
#[derive(Debug, Default)]
pub(crate) struct Judge<'a> {
    /// Whole `class` attributes (elements of one kind repeat theirs).
    classes: HashMap<&'a str, u8, BuildHasherDefault<WordHasher>>,
    /// Single values.
    memo: HashMap<&'a str, Flags, BuildHasherDefault<WordHasher>>,
}

impl<'a> Judge<'a> {
    /// Judge one element from its `class` and `id` attributes.
    pub(crate) fn judge(&mut self, class: Option<&'a str>, id: Option<&'a str>) -> Verdict {
        let mut bits = 0;
        if let Some(c) = class {
            bits |= match self.classes.get(c) {
                Some(&b) => b,
                None => {
                    let b = c.split_ascii_whitespace().fold(0, |b, v| b | self.value(v));
                    self.classes.insert(c, b);
                    b
                }
            };
        }
        for v in id.into_iter().flat_map(str::split_ascii_whitespace) {
            bits |= self.value(v);
        }
        Flags(bits).verdict()
    }

    fn value(&mut self, v: &'a str) -> u8 {
        self.memo.entry(v).or_insert_with(|| value_flags(v)).0
    }
}

/// True when an ARIA role names page chrome.
/// The class or id value that makes the class rules drop (or hide) an
/// element, for an explanation: the first value whose own flags drop it.
pub(crate) fn drop_value<'v>(class: Option<&'v str>, id: Option<&'v str>) -> Option<&'v str> {
    values(class, id).find(|v| {
        let f = value_flags(v);
        f.has(Drop) || f.has(Strip) || f.has(Hidden)
    })
}

/// Whether a class names an admonition of a manual (a note, tip,
/// warning or callout box: Sphinx's `admonition note`, MkDocs'
/// `admonition`, Microsoft's `IMPORTANT`, GitHub's `markdown-alert`
/// aside): content, however many links its short text holds.
pub(crate) fn is_admonition(class: Option<&str>) -> bool {
    class.is_some_and(|c| {
        c.split(|ch: char| ch.is_ascii_whitespace() || ch == '-' || ch == '_')
            .any(|t| ADMONITIONS.iter().any(|a| t.eq_ignore_ascii_case(a)))
    })
}

/// A chapter's table of contents: an element classed as one (`toc`,
/// `toctree...`) whose three or more links lead mostly to other pages,
/// the chapter's sections (DocBook's `div.toc`, Sphinx's toctree on a
/// section's index page). A table of contents of the page's own headings
/// (`#` links) repeats them, and is furniture.
pub(crate) fn is_chapter_contents(dom: &super::dom::Dom<'_>, i: usize) -> bool {
    let is_toc = dom.attrs(i).class.is_some_and(|c| {
        c.split_ascii_whitespace().any(|t| {
            t.eq_ignore_ascii_case("toc")
                || t.get(..7)
                    .is_some_and(|p| p.eq_ignore_ascii_case("toctree"))
        })
    });
    if !is_toc {
        return false;
    }
    let (mut links, mut in_page) = (0, 0);
    for j in i + 1..dom.end(i) {
        if dom.tag(j) == super::dom::Tag::A
            && let Some(href) = dom.attr(j, "href")
        {
            links += 1;
            in_page += usize::from(href.contains('#'));
        }
    }
    links >= 3 && in_page * 2 < links
}

const ADMONITIONS: &[&str] = &[
    "admonition",
    "callout",
    "note",
    "tip",
    "hint",
    "warning",
    "important",
    "caution",
    "attention",
    "danger",
];

pub(crate) fn is_drop_role(role: &str) -> bool {
    role.split_ascii_whitespace()
        .any(|r| DROP_ROLES.iter().any(|d| d.eq_ignore_ascii_case(r)))
}

#[cfg(test)]
#[path = "boilerplate_tests.rs"]
mod tests;
