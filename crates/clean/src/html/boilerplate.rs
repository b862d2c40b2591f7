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
enum On {
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
    ("widget", TokenPrefix, Negative),
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

const EFFECTS: [Effect; 6] = [Drop, Strip, Hidden, Negative, Positive, Body];

/// FxHash-style hasher: the keys are short ASCII words.
#[derive(Default, Clone, Copy)]
struct WordHasher(u64);

impl std::hash::Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut v = 0u64;
            for (i, b) in chunk.iter().enumerate() {
                v |= u64::from(*b) << (8 * i);
            }
            self.0 = (self.0.rotate_left(5) ^ v).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

type WordMap = HashMap<&'static str, u8, BuildHasherDefault<WordHasher>>;

struct Tables {
    token: WordMap,
    whole: WordMap,
    prefix: Vec<(&'static str, Effect)>,
    /// First bytes of the prefix patterns.
    prefix_first: [bool; 256],
}

static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let mut t = Tables {
        token: WordMap::default(),
        whole: WordMap::default(),
        prefix: Vec::new(),
        prefix_first: [false; 256],
    };
    for &(pat, on, effect) in RULES {
        match on {
            Token => *t.token.entry(pat).or_default() |= bit(effect),
            Whole => *t.whole.entry(pat).or_default() |= bit(effect),
            TokenPrefix => {
                t.prefix.push((pat, effect));
                if let Some(&b) = pat.as_bytes().first() {
                    t.prefix_first[usize::from(b)] = true;
                }
            }
        }
    }
    t
});

fn lookup(table: &WordMap, key: &str, mut f: impl FnMut(Effect)) {
    if let Some(&bits) = table.get(key) {
        for e in EFFECTS {
            if bits & bit(e) != 0 {
                f(e);
            }
        }
    }
}

/// Judge one element from its `class` and `id` attributes.
pub(crate) fn judge(class: Option<&str>, id: Option<&str>) -> Verdict {
    let tables = &*TABLES;
    let mut drop = false;
    let mut strip = false;
    let mut keep = false;
    let mut v = Verdict::default();
    let mut negative = false;
    let mut positive = false;
    let mut token = String::new();
    let mut whole = String::new();
    let values = class
        .into_iter()
        .flat_map(str::split_ascii_whitespace)
        .chain(id.into_iter().flat_map(str::split_ascii_whitespace));
    for value in values {
        whole.clear();
        let mut on_effect = |e: Effect| match e {
            Drop => drop = true,
            Strip => strip = true,
            Hidden => v.hidden = true,
            Negative => negative = true,
            Positive => positive = true,
            Body => v.body = true,
        };
        // Tokens.
        let mut prev_lower = false;
        let mut chars = value.chars().peekable();
        loop {
            let c = chars.next();
            let boundary = match c {
                None => true,
                Some(c) if !c.is_alphanumeric() => true,
                Some(c) => c.is_uppercase() && prev_lower,
            };
            if boundary && !token.is_empty() {
                if KEEP_TOKENS.contains(&token.as_str()) {
                    keep = true;
                }
                lookup(&tables.token, &token, &mut on_effect);
                let first = token.as_bytes().first().copied().unwrap_or(0);
                if tables.prefix_first[usize::from(first)] {
                    for (p, e) in &tables.prefix {
                        if token.starts_with(p) {
                            on_effect(*e);
                        }
                    }
                }
                token.clear();
            }
            let Some(c) = c else { break };
            if c.is_ascii_alphanumeric() {
                prev_lower = c.is_ascii_lowercase();
                let l = c.to_ascii_lowercase();
                token.push(l);
                whole.push(l);
            } else if c.is_alphanumeric() {
                prev_lower = c.is_lowercase();
                for l in c.to_lowercase() {
                    token.push(l);
                    whole.push(l);
                }
            } else {
                prev_lower = false;
            }
        }
        lookup(&tables.whole, &whole, &mut on_effect);
    }
    if drop && keep {
        negative = true;
    }
    v.drop = (drop && !keep) || strip;
    v.weight = if positive { 25 } else { 0 } - if negative { 25 } else { 0 };
    v
}

/// True when an ARIA role names page chrome.
pub(crate) fn is_drop_role(role: &str) -> bool {
    role.split_ascii_whitespace()
        .any(|r| DROP_ROLES.iter().any(|d| d.eq_ignore_ascii_case(r)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_not_substrings() {
        assert!(judge(Some("header-ad"), None).drop);
        assert!(judge(Some("adSlot"), None).drop);
        assert!(!judge(Some("masthead-article lead"), None).drop);
        assert!(!judge(Some("thread load head"), None).drop);
        assert!(!judge(Some("shadow"), None).drop);
        assert!(!judge(Some("headline"), None).drop);
        assert!(judge(None, Some("site-footer")).drop);
        assert!(judge(Some("relatedArticles"), None).drop);
        assert!(judge(Some("social_links"), None).drop);
    }

    #[test]
    fn strip_ignores_keep_tokens() {
        assert!(judge(Some("ad-slot"), Some("ad-mid-article")).drop);
        assert!(judge(Some("social-share-content"), None).drop);
    }

    #[test]
    fn keep_tokens_turn_drop_into_negative() {
        let v = judge(Some("comment-body"), None);
        assert!(!v.drop);
        assert!(v.weight <= 0);
        assert!(judge(Some("comments"), None).drop);
    }

    #[test]
    fn weights_hidden_and_body() {
        assert_eq!(judge(Some("entry"), None).weight, 25);
        assert_eq!(judge(Some("post-meta"), None).weight, 0);
        assert_eq!(judge(Some("meta"), None).weight, -25);
        assert!(judge(Some("sr-only"), None).hidden);
        assert!(!judge(Some("hidden-xs"), None).hidden);
        assert!(judge(Some("article__body"), None).body);
        assert!(judge(None, Some("articleBody")).body);
        assert!(!judge(Some("article"), None).body);
    }

    #[test]
    fn roles() {
        assert!(is_drop_role("navigation"));
        assert!(is_drop_role("Banner"));
        assert!(!is_drop_role("main"));
    }

    #[test]
    fn rules_are_lower_case_alphanumeric() {
        for (p, _, _) in RULES {
            assert!(
                p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
                "{p}"
            );
        }
    }
}
