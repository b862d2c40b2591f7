//! Marker phrases: the words that label page clutter ("Related", "Read
//! more", "Share this article", newsletter and cookie prompts, copyright
//! lines, comment headers, advertisement labels, footer links).
//!
//! Each rule is a row of [`MARKERS`]: a lower-case phrase, how it must match
//! the block's normalised text ([`How`]), the most words the block may have
//! for the rule to apply, and the [`Reason`] it gives. Word limits keep the
//! rules off body paragraphs: "Related" is a header only when it is the
//! whole line; "all rights reserved" is a footer even in a longer line.
//!
//! Normalisation ([`normalise`]) lower-cases, folds curly apostrophes,
//! collapses spaces and strips leading counts and bullets and trailing
//! punctuation, so `12 Comments`, `» Related:` and `READ MORE ›` match.

use super::Reason;

/// How a phrase must match the normalised block text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// The whole text is the phrase.
    Whole,
    /// The text starts with the phrase, then a word boundary.
    Prefix,
    /// The phrase occurs anywhere in the text.
    Contains,
}

/// One marker rule.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Marker {
    /// The phrase, lower case.
    pub phrase: &'static str,
    /// How it must match.
    pub how: How,
    /// The most words the block may have for this rule to apply.
    pub max_words: usize,
    /// What a match means.
    pub reason: Reason,
}

const fn m(phrase: &'static str, how: How, max_words: usize, reason: Reason) -> Marker {
    Marker {
        phrase,
        how,
        max_words,
        reason,
    }
}

use How::{Contains, Prefix, Whole};
use Reason::{
    Advertisement, Comments, Cookie, Copyright, Credit, Footer, Navigation, Newsletter, ReadMore,
    Related, Share, Tags,
};

/// The marker table, checked in order; the first match wins.
pub(crate) const MARKERS: &[Marker] = &[
    // copyright and cookies first: they can be long lines
    m("©", Prefix, 40, Copyright),
    m("(c) ", Prefix, 40, Copyright),
    m("copyright", Prefix, 40, Copyright),
    m("all rights reserved", Contains, 40, Copyright),
    m("alle rechte vorbehalten", Contains, 40, Copyright),
    m("todos los derechos reservados", Contains, 40, Copyright),
    m("todos os direitos reservados", Contains, 40, Copyright),
    m("tous droits réservés", Contains, 40, Copyright),
    m("tutti i diritti riservati", Contains, 40, Copyright),
    m("все права защищены", Contains, 40, Copyright),
    // photo credits
    m("photo:", Prefix, 20, Credit),
    m("photo credit", Prefix, 20, Credit),
    m("photograph:", Prefix, 20, Credit),
    m("image:", Prefix, 20, Credit),
    m("image credit", Prefix, 20, Credit),
    m("picture:", Prefix, 20, Credit),
    m("credit:", Prefix, 20, Credit),
    m("foto:", Prefix, 20, Credit),
    m("bild:", Prefix, 20, Credit),
    m("imagen:", Prefix, 20, Credit),
    m("caption", Whole, 1, Credit),
    // reading-time lines ("Posted on 9 May by Jo · 4 min read")
    m("min read", Contains, 16, Credit),
    m("mins read", Contains, 16, Credit),
    m("minute read", Contains, 16, Credit),
    m("minutes read", Contains, 16, Credit),
    m("reading time", Prefix, 16, Credit),
    m("we use cookies", Contains, 200, Cookie),
    m("uses cookies", Contains, 200, Cookie),
    m("use of cookies", Contains, 200, Cookie),
    m("accept cookies", Contains, 200, Cookie),
    m("accept all cookies", Contains, 200, Cookie),
    m("cookie policy", Contains, 40, Cookie),
    m("cookies policy", Contains, 40, Cookie),
    m("cookie settings", Contains, 40, Cookie),
    m("cookie preferences", Contains, 40, Cookie),
    m("privacy & cookies", Contains, 40, Cookie),
    m("verwendet cookies", Contains, 200, Cookie),
    m("utiliza cookies", Contains, 200, Cookie),
    m("utilise des cookies", Contains, 200, Cookie),
    m("файлы cookie", Contains, 200, Cookie),
    // newsletters and subscriptions
    m("newsletter", Contains, 16, Newsletter),
    m("sign up for", Prefix, 20, Newsletter),
    m("subscribe to", Prefix, 20, Newsletter),
    m("subscribe", Whole, 1, Newsletter),
    m("subscribe now", Whole, 2, Newsletter),
    m("join our mailing list", Contains, 20, Newsletter),
    m("enter your email", Contains, 20, Newsletter),
    m("abonnieren", Whole, 1, Newsletter),
    m("suscríbete", Prefix, 12, Newsletter),
    m("abonnez-vous", Prefix, 12, Newsletter),
    m("подпишитесь", Prefix, 12, Newsletter),
    // related content headers
    m("related", Whole, 1, Related),
    m("related:", Prefix, 16, Related),
    m("related articles", Prefix, 6, Related),
    m("related stories", Prefix, 6, Related),
    m("related posts", Prefix, 6, Related),
    m("related content", Prefix, 6, Related),
    m("related news", Prefix, 6, Related),
    m("related coverage", Prefix, 6, Related),
    m("related links", Prefix, 6, Related),
    m("related topics", Prefix, 6, Related),
    m("related reading", Prefix, 6, Related),
    m("more from", Prefix, 6, Related),
    m("more on this", Prefix, 6, Related),
    m("more stories", Prefix, 6, Related),
    m("more news", Prefix, 6, Related),
    m("more articles", Prefix, 6, Related),
    m("more like this", Whole, 3, Related),
    m("you may also like", Prefix, 6, Related),
    m("you might also like", Prefix, 6, Related),
    m("you may be interested in", Prefix, 8, Related),
    m("you might be interested in", Prefix, 8, Related),
    m("recommended", Prefix, 4, Related),
    // shops' recommendation rails
    m("related products", Prefix, 5, Related),
    m("related items", Prefix, 5, Related),
    m("similar products", Prefix, 5, Related),
    m("similar items", Prefix, 6, Related),
    m("customers also bought", Prefix, 6, Related),
    m("customers also viewed", Prefix, 6, Related),
    m(
        "customers who bought this item also bought",
        Prefix,
        9,
        Related,
    ),
    m(
        "customers who viewed this item also viewed",
        Prefix,
        9,
        Related,
    ),
    m(
        "people who viewed this item also viewed",
        Prefix,
        9,
        Related,
    ),
    m("people also viewed", Prefix, 6, Related),
    m("people also bought", Prefix, 6, Related),
    m("frequently bought together", Prefix, 5, Related),
    m("you may also need", Prefix, 6, Related),
    m("complete the look", Whole, 3, Related),
    m("recently viewed", Prefix, 4, Related),
    m("sponsored items", Prefix, 5, Related),
    m("most popular", Prefix, 5, Related),
    m("most read", Prefix, 5, Related),
    m("most viewed", Prefix, 5, Related),
    m("most shared", Prefix, 5, Related),
    m("most commented", Prefix, 5, Related),
    m("popular posts", Prefix, 5, Related),
    m("popular stories", Prefix, 5, Related),
    m("popular now", Whole, 2, Related),
    m("trending", Prefix, 3, Related),
    m("latest news", Whole, 2, Related),
    m("latest stories", Whole, 2, Related),
    m("latest articles", Whole, 2, Related),
    m("latest posts", Whole, 2, Related),
    m("recent posts", Whole, 2, Related),
    m("recent articles", Whole, 2, Related),
    m("top stories", Whole, 2, Related),
    m("editor's picks", Whole, 2, Related),
    m("editors' picks", Whole, 2, Related),
    m("don't miss", Whole, 2, Related),
    m("what to read next", Whole, 4, Related),
    m("around the web", Whole, 3, Related),
    m("from the web", Whole, 3, Related),
    m("promoted stories", Whole, 2, Related),
    m("sponsored stories", Whole, 2, Related),
    m("up next", Whole, 2, Related),
    m("ähnliche artikel", Prefix, 4, Related),
    m("mehr zum thema", Prefix, 5, Related),
    m("das könnte sie auch interessieren", Prefix, 7, Related),
    m("artículos relacionados", Prefix, 4, Related),
    m("noticias relacionadas", Prefix, 4, Related),
    m("notícias relacionadas", Prefix, 4, Related),
    m("te puede interesar", Prefix, 5, Related),
    m("você pode gostar", Prefix, 5, Related),
    m("vous aimerez aussi", Prefix, 5, Related),
    m("potrebbe interessarti", Prefix, 5, Related),
    m("lo más leído", Prefix, 4, Related),
    m("articles similaires", Prefix, 4, Related),
    m("sur le même sujet", Prefix, 5, Related),
    m("articoli correlati", Prefix, 4, Related),
    m("похожие статьи", Prefix, 4, Related),
    m("похожие новости", Prefix, 4, Related),
    m("関連記事", Prefix, 3, Related),
    m("相关文章", Prefix, 3, Related),
    // read more
    m("read more", Prefix, 4, ReadMore),
    m("read more:", Prefix, 24, ReadMore),
    m("read next", Prefix, 4, ReadMore),
    m("read next:", Prefix, 24, ReadMore),
    m("also read:", Prefix, 24, ReadMore),
    m("see also:", Prefix, 24, ReadMore),
    m("continue reading", Prefix, 4, ReadMore),
    m("keep reading", Whole, 2, ReadMore),
    m("read the full story", Whole, 4, ReadMore),
    m("read full story", Whole, 3, ReadMore),
    m("read full article", Whole, 3, ReadMore),
    m("weiterlesen", Whole, 1, ReadMore),
    m("lesen sie auch", Prefix, 16, ReadMore),
    m("leer más", Whole, 2, ReadMore),
    m("lire la suite", Whole, 3, ReadMore),
    m("lire aussi", Prefix, 16, ReadMore),
    m("à lire aussi", Prefix, 16, ReadMore),
    m("leia também", Prefix, 16, ReadMore),
    m("leia mais", Whole, 2, ReadMore),
    m("leggi anche", Prefix, 16, ReadMore),
    m("читать далее", Whole, 2, ReadMore),
    m("читайте также", Prefix, 16, ReadMore),
    m("続きを読む", Whole, 1, ReadMore),
    // sharing
    m("share", Whole, 1, Share),
    m("share this", Prefix, 5, Share),
    m("share on", Prefix, 5, Share),
    m("share via", Prefix, 5, Share),
    m("share article", Whole, 2, Share),
    m("share the story", Whole, 3, Share),
    m("sharing is caring", Prefix, 4, Share),
    m("tweet", Whole, 1, Share),
    m("teilen", Whole, 1, Share),
    m("compartir", Whole, 1, Share),
    m("partager", Whole, 1, Share),
    m("поделиться", Whole, 1, Share),
    // comments
    m("comments", Whole, 1, Comments),
    m("comment", Whole, 1, Comments),
    m("reply", Whole, 1, Comments),
    m("responses", Whole, 1, Comments),
    m("leave a comment", Prefix, 5, Comments),
    m("leave a reply", Prefix, 5, Comments),
    m("post a comment", Prefix, 5, Comments),
    m("add a comment", Prefix, 5, Comments),
    m("add comment", Whole, 2, Comments),
    m("write a comment", Prefix, 5, Comments),
    m("comments are closed", Prefix, 5, Comments),
    m("join the conversation", Whole, 3, Comments),
    m("join the discussion", Whole, 3, Comments),
    m("show comments", Prefix, 4, Comments),
    m("view comments", Prefix, 4, Comments),
    m("load comments", Prefix, 4, Comments),
    m("be the first to comment", Prefix, 6, Comments),
    m("tell us what you think", Prefix, 8, Comments),
    m("thoughts on", Prefix, 24, Comments),
    m("responses to", Prefix, 24, Comments),
    m("kommentare", Whole, 1, Comments),
    m("comentarios", Whole, 1, Comments),
    m("comentários", Whole, 1, Comments),
    m("commentaires", Whole, 1, Comments),
    m("commenti", Whole, 1, Comments),
    m("комментарии", Whole, 1, Comments),
    // tags and categories
    m("tags", Whole, 1, Tags),
    m("tags:", Prefix, 30, Tags),
    m("tagged:", Prefix, 30, Tags),
    m("tag:", Prefix, 30, Tags),
    m("tagged with", Prefix, 30, Tags),
    m("filed under", Prefix, 30, Tags),
    m("topics:", Prefix, 30, Tags),
    m("categories:", Prefix, 30, Tags),
    m("posted in", Prefix, 20, Tags),
    m("schlagwörter", Prefix, 30, Tags),
    m("etiquetas", Prefix, 30, Tags),
    m("теги", Prefix, 30, Tags),
    // advertisement labels
    m("advertisement", Prefix, 5, Advertisement),
    m("advert", Whole, 1, Advertisement),
    m("ad", Whole, 1, Advertisement),
    m("ads", Whole, 1, Advertisement),
    m("sponsored", Whole, 1, Advertisement),
    m("sponsored content", Whole, 2, Advertisement),
    m("paid content", Whole, 2, Advertisement),
    m("story continues below", Prefix, 5, Advertisement),
    m("article continues below", Prefix, 5, Advertisement),
    m("continue reading below", Prefix, 5, Advertisement),
    m("scroll to continue", Prefix, 6, Advertisement),
    m("anzeige", Whole, 1, Advertisement),
    m("publicidad", Whole, 1, Advertisement),
    m("publicidade", Whole, 1, Advertisement),
    m("publicité", Whole, 1, Advertisement),
    m("реклама", Whole, 1, Advertisement),
    m("iklan", Whole, 1, Advertisement),
    // navigation chrome
    m("skip to", Prefix, 5, Navigation),
    m("menu", Whole, 1, Navigation),
    m("main menu", Whole, 2, Navigation),
    m("toggle navigation", Whole, 2, Navigation),
    m("post navigation", Whole, 2, Navigation),
    m("home", Whole, 1, Navigation),
    m("search", Whole, 1, Navigation),
    m("sign in", Whole, 2, Navigation),
    m("log in", Whole, 2, Navigation),
    m("login", Whole, 1, Navigation),
    m("log out", Whole, 2, Navigation),
    m("register", Whole, 1, Navigation),
    m("my account", Whole, 2, Navigation),
    m("previous post", Prefix, 16, Navigation),
    m("next post", Prefix, 16, Navigation),
    m("previous article", Prefix, 16, Navigation),
    m("next article", Prefix, 16, Navigation),
    m("previous", Whole, 1, Navigation),
    m("next", Whole, 1, Navigation),
    m("back to top", Whole, 3, Navigation),
    m("go to top", Whole, 3, Navigation),
    m("print", Whole, 1, Navigation),
    m("email", Whole, 1, Navigation),
    m("close", Whole, 1, Navigation),
    m("you are here", Prefix, 12, Navigation),
    // what a page shows when its scripts do not run
    m("requires javascript", Contains, 10, Navigation),
    m("enable javascript", Contains, 12, Navigation),
    m("javascript is disabled", Contains, 12, Navigation),
    m("javascript is not enabled", Contains, 12, Navigation),
    // footer links
    m("privacy policy", Prefix, 8, Footer),
    m("privacy notice", Prefix, 8, Footer),
    m("terms of use", Prefix, 8, Footer),
    m("terms of service", Prefix, 8, Footer),
    m("terms and conditions", Prefix, 8, Footer),
    m("terms & conditions", Prefix, 8, Footer),
    m("contact us", Whole, 2, Footer),
    m("about us", Whole, 2, Footer),
    m("advertise with us", Whole, 3, Footer),
    m("sitemap", Whole, 1, Footer),
    m("site map", Whole, 2, Footer),
    m("impressum", Whole, 1, Footer),
    m("datenschutz", Prefix, 3, Footer),
    m("aviso legal", Whole, 2, Footer),
    m("política de privacidad", Prefix, 5, Footer),
    m("mentions légales", Whole, 2, Footer),
    m("политика конфиденциальности", Prefix, 5, Footer),
];

/// Names that make up a row of share buttons (`Facebook Twitter Email`).
const SHARE_BUTTONS: &[&str] = &[
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "pinterest",
    "whatsapp",
    "email",
    "e-mail",
    "mail",
    "reddit",
    "tumblr",
    "print",
    "share",
    "tweet",
    "flipboard",
    "telegram",
    "messenger",
    "pocket",
    "xing",
    "vk",
    "sms",
    "copy",
    "link",
    "more",
];

/// Separators between breadcrumb steps.
const CRUMB_SEPARATORS: &[&str] = &[" > ", " » ", " › ", " / ", " | ", " :: ", " → "];

/// Lower-case, fold apostrophes, collapse spaces, strip leading counts and
/// bullets and trailing punctuation.
pub(crate) fn normalise(text: &str) -> String {
    let lower = text.to_lowercase().replace(['’', '‘'], "'");
    let collapsed = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let lead: &[char] = &[
        '»', '›', '>', '+', '•', '·', '*', '▶', '►', '#', '|', '-', '–', '—', '(', ')', '[', ']',
    ];
    let trimmed = collapsed
        .trim_start_matches(|c: char| c.is_ascii_digit() || c.is_whitespace() || lead.contains(&c))
        .trim_end_matches(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ':' | '.'
                        | '!'
                        | '›'
                        | '»'
                        | '>'
                        | '…'
                        | '|'
                        | '-'
                        | '–'
                        | '—'
                        | '→'
                        | '+'
                        | ']'
                        | ')'
                        | '['
                )
        });
    trimmed.to_string()
}

/// True when `phrase` at the start of `text` ends at a word boundary.
fn prefix_matches(text: &str, phrase: &str) -> bool {
    let Some(rest) = text.strip_prefix(phrase) else {
        return false;
    };
    let needs_boundary = phrase.chars().last().is_some_and(char::is_alphanumeric);
    !needs_boundary || rest.chars().next().is_none_or(|c| !c.is_alphanumeric())
}

/// [`MARKERS`] indexed for one read of a text: `Whole` phrases by their
/// text, `Prefix` phrases by their first byte, `Contains` phrases in one
/// automaton. Rows keep their order: the first row that matches wins.
struct Index {
    whole: std::collections::HashMap<&'static str, Vec<usize>>,
    prefix: Vec<Vec<usize>>,
    contains: Option<(aho_corasick::AhoCorasick, Vec<usize>)>,
}

static INDEX: std::sync::LazyLock<Index> = std::sync::LazyLock::new(|| {
    let mut whole: std::collections::HashMap<&'static str, Vec<usize>> =
        std::collections::HashMap::new();
    let mut prefix = vec![Vec::new(); 256];
    let mut contains = Vec::new();
    for (row, mk) in MARKERS.iter().enumerate() {
        match mk.how {
            Whole => whole.entry(mk.phrase).or_default().push(row),
            Prefix => {
                if let Some(&b) = mk.phrase.as_bytes().first() {
                    prefix[usize::from(b)].push(row);
                }
            }
            Contains => contains.push(row),
        }
    }
    let ac = aho_corasick::AhoCorasick::new(contains.iter().map(|&r| MARKERS[r].phrase))
        .ok()
        .map(|ac| (ac, contains.clone()));
    Index {
        whole,
        prefix,
        contains: ac,
    }
});

/// The first row of [`MARKERS`] that matches a text of `words` words,
/// normalised (`norm`) and lower-cased (`raw_lower`).
fn first_row(norm: &str, raw_lower: &str, words: usize) -> Option<&'static Marker> {
    let index = &*INDEX;
    let fits = |row: &usize| MARKERS.get(*row).is_some_and(|mk| words <= mk.max_words);
    let mut best: Option<usize> = None;
    let mut take = |row: usize| {
        if best.is_none_or(|b| row < b) {
            best = Some(row);
        }
    };
    if let Some(rows) = index.whole.get(norm)
        && let Some(&row) = rows.iter().find(|r| fits(r))
    {
        take(row);
    }
    for text in [norm, raw_lower] {
        let Some(&first) = text.as_bytes().first() else {
            continue;
        };
        for &row in &index.prefix[usize::from(first)] {
            if fits(&row) && prefix_matches(text, MARKERS[row].phrase) {
                take(row);
                break;
            }
        }
    }
    match &index.contains {
        Some((ac, rows)) => {
            for m in ac.find_overlapping_iter(norm) {
                if let Some(&row) = rows.get(m.pattern().as_usize())
                    && fits(&row)
                {
                    take(row);
                }
            }
        }
        // The automaton cannot fail on these few short phrases; should it,
        // read the text once per phrase.
        None => {
            if let Some((row, _)) = MARKERS
                .iter()
                .enumerate()
                .find(|(row, mk)| mk.how == Contains && fits(row) && norm.contains(mk.phrase))
            {
                take(row);
            }
        }
    }
    best.and_then(|row| MARKERS.get(row))
}

/// The reason of the first row of [`MARKERS`] that matches, or of a row of
/// share buttons.
pub(crate) fn match_marker(text: &str) -> Option<Reason> {
    let norm = normalise(text);
    let words = text.split_whitespace().count();
    let raw_lower = text.trim().to_lowercase();
    let hit = first_row(&norm, &raw_lower, words);
    if let Some(mk) = hit {
        if mk.reason == Copyright && !is_footer_copyright(&norm, &raw_lower) {
            // `© Jane Doe` under a picture is a credit, not the site footer;
            // "Copyright law" is a heading
            return matches!(mk.phrase, "©" | "(c) ").then_some(Credit);
        }
        return Some(mk.reason);
    }
    let sentence = raw_lower.ends_with(['.', '!', '?']);
    if is_comment_header(&raw_lower, words) || (!sentence && is_comment_count(&norm, words)) {
        return Some(Comments);
    }
    is_share_buttons(&norm).then_some(Share)
}

/// Words that make a copyright line a footer ("All rights reserved").
const RIGHTS_WORDS: &[&str] = &[
    "rights",
    "reserved",
    "reservados",
    "réservés",
    "riservati",
    "vorbehalten",
    "защищены",
];

/// True when a copyright line is the site's footer, not a credit under a
/// picture or a line about copyright: it has a rights word as a whole word
/// ("bright" is none), a year among its first five words, the word
/// "copyright" with `©` or `(c)`, or it is just "copyright".
fn is_footer_copyright(norm: &str, raw_lower: &str) -> bool {
    let words = || {
        norm.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
    };
    let is_year = |w: &str| {
        w.len() == 4
            && (w.starts_with("19") || w.starts_with("20"))
            && w.bytes().all(|b| b.is_ascii_digit())
    };
    words().any(|w| RIGHTS_WORDS.contains(&w))
        || words().take(5).any(is_year)
        || (words().any(|w| w == "copyright")
            && (raw_lower.contains('©') || raw_lower.contains("(c)")))
        || norm == "copyright"
}

/// True for a short line about comments: `Top Rated Comments`,
/// `View all 12 comments`, `[ 167 comments ]`.
fn is_comment_count(norm: &str, words: usize) -> bool {
    words <= 4
        && norm
            .split_whitespace()
            .last()
            .is_some_and(|w| matches!(w, "comments" | "comment"))
}

/// Verbs that close a comment header (`Jane on 3 May 2019 at 4:47 pm said:`).
const COMMENT_VERBS: &[&str] = &["said:", "says:", "wrote:", "writes:", "commented:"];

/// True for a comment header: a short line ending in `said:` (or a like
/// verb) that carries a date or time. A body line such as "The minister
/// said:" has no digits and is left alone.
fn is_comment_header(raw_lower: &str, words: usize) -> bool {
    words <= 16
        && COMMENT_VERBS.iter().any(|v| raw_lower.ends_with(v))
        && raw_lower.chars().any(|c| c.is_ascii_digit())
}

/// True for a row of share-button names: `Facebook Twitter Email`.
fn is_share_buttons(norm: &str) -> bool {
    let tokens: Vec<&str> = norm
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    (2..=10).contains(&tokens.len()) && tokens.iter().all(|t| SHARE_BUTTONS.contains(t))
}

/// True for a breadcrumb trail: at least two steps joined by `>`, `»`, `/`
/// or `|`, every step short, no sentence punctuation at the end.
pub(crate) fn is_breadcrumb(text: &str) -> bool {
    let text = text.trim();
    if text.split_whitespace().count() > 20 || text.ends_with(['.', '!', '?']) {
        return false;
    }
    CRUMB_SEPARATORS.iter().any(|sep| {
        let steps: Vec<&str> = text.split(sep).collect();
        steps.len() >= 3
            && steps.iter().all(|s| {
                let n = s.split_whitespace().count();
                (1..=5).contains(&n)
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        assert_eq!(normalise("  12 Comments "), "comments");
        assert_eq!(normalise("» Related:"), "related");
        assert_eq!(normalise("READ   MORE ›"), "read more");
        assert_eq!(normalise("Editor’s Picks"), "editor's picks");
    }

    #[test]
    fn markers_match_short_clutter() {
        let cases = [
            ("Related", Related),
            ("RELATED STORIES", Related),
            ("More from World News", Related),
            ("You may also like", Related),
            ("Most Popular", Related),
            ("Recommended for you", Related),
            ("People who viewed this item also viewed", Related),
            ("Frequently bought together", Related),
            ("Similar items from this seller", Related),
            ("Read more", ReadMore),
            ("Read more: The talks that failed last year", ReadMore),
            ("Continue reading", ReadMore),
            ("Share this article", Share),
            ("Facebook Twitter Email", Share),
            (
                "Posted on 9 October 2025 by Wren Halloway · 4 min read",
                Credit,
            ),
            ("6 minute read", Credit),
            ("Reading time: 3 minutes", Credit),
            ("Sign up for our daily newsletter", Newsletter),
            (
                "Get the best stories in our newsletter every morning",
                Newsletter,
            ),
            ("Subscribe", Newsletter),
            (
                "This website uses cookies to improve your experience.",
                Cookie,
            ),
            ("© 2024 Example Media. All rights reserved.", Copyright),
            ("Copyright 2019 The Paper", Copyright),
            ("Alle Rechte vorbehalten", Copyright),
            ("Leave a Reply", Comments),
            ("3 Comments", Comments),
            ("[ 167 comments ]", Comments),
            ("Top Rated Comments", Comments),
            ("Related: Another story", Related),
            ("Tag: example.com", Tags),
            ("Jane on March 3, 2019 at 4:47 pm said:", Comments),
            ("Comments are closed.", Comments),
            ("Tell us what YOU think...", Comments),
            ("Caption", Credit),
            ("This slideshow requires JavaScript.", Navigation),
            ("Please enable JavaScript to view the comments.", Navigation),
            ("(c) 2019 Example Media", Copyright),
            ("Copyright © Example Media", Copyright),
            ("Copyright", Copyright),
            ("(c) Example Media, all rights reserved", Copyright),
            ("© Jane Bright", Credit),
            ("© Jane Doe Crowds outside the court in 2018", Credit),
            ("Tags: politics, elections", Tags),
            ("Filed under World", Tags),
            ("Advertisement", Advertisement),
            ("Skip to content", Navigation),
            ("Previous post: Another story", Navigation),
            ("Privacy Policy", Footer),
            ("Читайте также", ReadMore),
            ("Ähnliche Artikel", Related),
        ];
        for (line, want) in cases {
            assert_eq!(match_marker(line), Some(want), "{line}");
        }
    }

    #[test]
    fn markers_leave_body_text_alone() {
        for line in [
            "Related research has shown that the effect is small.",
            "Read more books, the teacher told the class on Monday.",
            "She said the comments were taken out of context by her opponents.",
            "The minister said:",
            "He declined to comment.",
            "The caption on the photograph was wrong, the editor said on Friday.",
            "The new site requires JavaScript developers with years of experience in building large front ends, the firm said.",
            "Bake the cookies for ten minutes, then let them cool on a rack.",
            "Share prices fell sharply after the announcement on Tuesday morning.",
            "Home prices rose again in the third quarter, the report said.",
            "The recommended dose is two tablets a day for adults over the age of twelve.",
            "Trending topics on the platform are chosen by an algorithm, the company says.",
            "The report, which takes about twenty minutes to read in full, was published on Monday by the regulator.",
            "Copyright law in the digital age",
        ] {
            assert_eq!(match_marker(line), None, "{line}");
        }
    }

    #[test]
    fn breadcrumbs() {
        assert!(is_breadcrumb("Home > News > World"));
        assert!(is_breadcrumb("Home » Sport » Football » Premier League"));
        assert!(!is_breadcrumb("Home > News"));
        assert!(!is_breadcrumb(
            "He went from A / B testing / to a full rollout in a year / then left."
        ));
    }
}

#[cfg(test)]
mod index_tests {
    use super::*;

    /// The rows in order, as the index replaced.
    fn first_row_scan(norm: &str, raw_lower: &str, words: usize) -> Option<&'static Marker> {
        MARKERS.iter().find(|mk| {
            words <= mk.max_words
                && match mk.how {
                    Whole => norm == mk.phrase,
                    Prefix => {
                        prefix_matches(norm, mk.phrase) || prefix_matches(raw_lower, mk.phrase)
                    }
                    Contains => norm.contains(mk.phrase),
                }
        })
    }

    #[test]
    fn the_index_finds_the_first_row_as_a_scan_does() {
        let mut texts: Vec<String> = MARKERS.iter().map(|mk| mk.phrase.to_string()).collect();
        texts.extend(
            MARKERS
                .iter()
                .map(|mk| format!("{} and then some more words here", mk.phrase)),
        );
        texts.extend(
            MARKERS
                .iter()
                .map(|mk| format!("A line about {}", mk.phrase)),
        );
        texts.extend(
            [
                "There are more devices than ever before. Here’s how to figure out what’s best.",
                "Sign up for our newsletter and get the best stories",
                "© 2024 Example Media Ltd. All rights reserved.",
                "Photo: Jane Doe / Reuters",
                "",
            ]
            .map(String::from),
        );
        for t in &texts {
            let norm = normalise(t);
            let raw_lower = t.trim().to_lowercase();
            let words = t.split_whitespace().count();
            let want = first_row_scan(&norm, &raw_lower, words).map(|m| m.phrase);
            let got = first_row(&norm, &raw_lower, words).map(|m| m.phrase);
            assert_eq!(got, want, "{t:?}");
        }
    }
}
