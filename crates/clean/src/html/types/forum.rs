//! The forum strategy: every post of a thread, in order (the question,
//! the answers, the replies), each without its chrome (author card,
//! signature, reactions, vote and action bars).
//!
//! Posts are found two ways, both general:
//!
//! - **microdata**: the bodies of schema.org posts (`itemprop=text`,
//!   `articleBody` or `commentText`), as forum software marks them up
//!   for search engines; comments on a Q&A post are not posts;
//! - **repeated structure**: the largest group of sibling elements
//!   sharing one signature (tag, first class, id pattern such as
//!   `post_#`) and a post-like name (post, message, reply, answer...),
//!   extended to every element of that signature in the page (nested
//!   replies).
//!
//! Within a post, the body is its marked-up text when it has one, else
//! the post minus its chrome; a quote that repeats an earlier post is
//! dropped.

use std::collections::HashMap;

use thresh_core::Block;

use crate::html::Tuning;
use crate::html::blocks::Converter;
use crate::html::dom::{Dom, Tag};
use crate::html::prune::Marks;
use crate::html::region::Region;

/// `itemprop` values of a post's text.
const BODY_PROPS: &[&str] = &["text", "articleBody", "commentText"];

/// Words in a group's signature or classes that say it holds posts.
const POST_WORDS: &[&str] = &[
    "post",
    "message",
    "reply",
    "replies",
    "answer",
    "thread",
    "topic",
    "msg",
    "discussion",
    "comment",
    "entry",
    "bubble",
    "status",
    "question",
];

/// Posts are the thread when there are at least this many.
const MIN_POSTS: usize = 2;

/// A quote is dropped as a repeat when this much of its middle was
/// already out.
const QUOTE_PROBE_CHARS: usize = 200;

/// The thread's posts as blocks, when the page has at least
/// [`MIN_POSTS`] of them.
pub(crate) fn posts(
    dom: &Dom<'_>,
    marks: &Marks,
    region: &Region,
    tuning: &Tuning,
    base: Option<&url::Url>,
) -> Option<Vec<Block>> {
    let micro = microdata_bodies(dom, &region.dropped);
    let grouped = group_posts(dom, region);
    let bodies: Vec<usize> = if !micro.is_empty() && micro.len() * 3 >= grouped.len() * 2 {
        micro
    } else {
        grouped.iter().map(|&p| post_body(dom, region, p)).collect()
    };
    if bodies.len() < MIN_POSTS {
        return None;
    }
    // Each post is converted on its own: the posts nested in it (replies)
    // are left out of it and come in their own turn.
    let mut dropped = region.dropped.clone();
    for &b in &bodies {
        dropped[b] = true;
    }
    let mut out: Vec<Block> = Vec::new();
    let mut seen = String::new();
    for b in bodies {
        dropped[b] = false;
        let blocks =
            Converter::new(dom, marks, &dropped, &region.stats, tuning, base).convert_all(b);
        dropped[b] = true;
        for block in blocks {
            let text = block.plain_text();
            if matches!(block, Block::Quote { .. }) && repeats(&seen, &text) {
                continue;
            }
            if is_chrome_line(&text) {
                continue;
            }
            seen.push_str(&text);
            seen.push('\n');
            out.push(block);
        }
    }
    Some(out)
}

/// Whether the middle of `quote` was already out.
fn repeats(seen: &str, quote: &str) -> bool {
    let q = quote.trim();
    if q.len() < 40 {
        return false;
    }
    let chars: Vec<char> = q.chars().collect();
    let take = chars.len().min(QUOTE_PROBE_CHARS);
    let from = (chars.len() - take) / 2;
    let probe: String = chars[from..from + take].iter().collect();
    seen.contains(probe.trim())
}

/// The microdata post bodies, outermost, in document order; comments on
/// a question or an answer (Q&A sites' side remarks) are left out.
fn microdata_bodies(dom: &Dom<'_>, dropped: &[bool]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = dom.body;
    let end = dom.end(dom.body);
    while i < end {
        if dropped[i] {
            i = dom.end(i).max(i + 1);
            continue;
        }
        let is_body = dom
            .attrs(i)
            .itemprop
            .is_some_and(|p| p.split_ascii_whitespace().any(|p| BODY_PROPS.contains(&p)))
            && !matches!(dom.tag(i), Tag::Meta | Tag::Link);
        if is_body && !comment_on_a_post(dom, i) {
            out.push(i);
            i = dom.end(i).max(i + 1);
            continue;
        }
        i += 1;
    }
    out
}

/// The schema.org type of the item an element is in, nearest first.
fn item_types<'d, 'a>(dom: &'d Dom<'a>, i: usize) -> impl Iterator<Item = &'a str> + 'd {
    std::iter::successors(dom.parent(i), |&p| dom.parent(p)).filter_map(|p| {
        dom.attrs(p)
            .itemtype
            .map(|t| t.rsplit('/').next().unwrap_or(t))
    })
}

/// A body inside a `Comment` item that sits in an `Answer` or
/// `Question` item.
fn comment_on_a_post(dom: &Dom<'_>, i: usize) -> bool {
    let mut types = item_types(dom, i);
    types.next() == Some("Comment") && types.any(|t| t == "Answer" || t == "Question")
}

/// The signature of an element: its tag, its first class with digits as
/// `#`, and its id's pattern when the id has digits (`post_#`).
fn signature(dom: &Dom<'_>, i: usize) -> String {
    let a = dom.attrs(i);
    let class = a
        .class
        .and_then(|c| c.split_ascii_whitespace().next())
        .unwrap_or("");
    let mut sig = format!("{}.{}", dom.name(i), digits_as_hash(class));
    if let Some(id) = a.id.filter(|id| id.bytes().any(|b| b.is_ascii_digit())) {
        sig.push('#');
        sig.push_str(&digits_as_hash(id));
    }
    sig
}

fn digits_as_hash(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// Whether a group's signature or its members' shared first class names
/// posts.
fn names_posts(sig: &str) -> bool {
    sig.split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| POST_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p)))
}

/// The members of the best group of repeated post-like siblings,
/// extended to every element of the page with their signature, in
/// document order, outermost only.
fn group_posts(dom: &Dom<'_>, region: &Region) -> Vec<usize> {
    let mut groups: HashMap<(usize, String), Vec<usize>> = HashMap::new();
    let end = dom.end(dom.body);
    for i in dom.body + 1..end {
        if region.dropped[i] || dom.tag(i) == Tag::Text {
            continue;
        }
        if let Some(p) = dom.parent(i) {
            groups.entry((p, signature(dom, i))).or_default().push(i);
        }
    }
    let score = |sig: &str, members: &[usize]| -> f32 {
        let text: u32 = members
            .iter()
            .map(|&m| &region.stats[m])
            .filter(|s| s.chars >= 20 && s.link_density() < 0.5)
            .map(|s| s.plain_chars())
            .sum();
        let bare_article = sig.starts_with("article.") && sig.len() == "article.".len();
        let weight = if names_posts(sig) || bare_article {
            1.0
        } else {
            0.3
        };
        text as f32 * weight
    };
    let best = groups
        .iter()
        .filter(|(_, m)| m.len() >= MIN_POSTS)
        .map(|((_, sig), m)| (sig, score(sig, m)))
        .filter(|(sig, _)| names_posts(sig) || sig.as_str() == "article.")
        .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(a.0)));
    let Some((sig, _)) = best else {
        return Vec::new();
    };
    let sig = sig.clone();
    (dom.body + 1..end)
        .filter(|&i| !region.dropped[i] && dom.tag(i) != Tag::Text && signature(dom, i) == sig)
        .collect()
}

/// Class/id words of a post's body container.
const BODY_WORDS: &[&str] = &[
    "body",
    "content",
    "text",
    "message",
    "msg",
    "postbody",
    "postmsg",
    "entry",
    "cooked",
    "bbwrapper",
    "usertext",
    "prose",
    "richtext",
    "md",
];

/// Class/id words of a post's chrome, which a body container never has.
const CHROME_WORDS: &[&str] = &[
    "signature",
    "footer",
    "user",
    "author",
    "avatar",
    "profile",
    "meta",
    "header",
    "actions",
    "reaction",
    "reactions",
    "likes",
    "vote",
    "share",
    "report",
    "toolbar",
    "controls",
    "menu",
    "stats",
    "member",
    "poster",
    "badge",
    "date",
    "time",
];

/// The body of a post: its own marked-up text; else its descendant with
/// the most text whose class or id names a body (`message-text`,
/// `post-content`, `bbWrapper`) and no chrome, when it holds a third of
/// the post's text; else the post itself.
fn post_body(dom: &Dom<'_>, region: &Region, post: usize) -> usize {
    let end = dom.end(post);
    if let Some(marked) = (post + 1..end).find(|&j| {
        dom.attrs(j)
            .itemprop
            .is_some_and(|p| p.split_ascii_whitespace().any(|p| BODY_PROPS.contains(&p)))
    }) {
        return marked;
    }
    let words = |j: usize| {
        let a = dom.attrs(j);
        let mut w: Vec<String> = Vec::new();
        for v in [a.class, a.id].into_iter().flatten() {
            w.extend(
                v.split(|c: char| !c.is_ascii_alphanumeric())
                    .filter(|t| !t.is_empty())
                    .map(str::to_ascii_lowercase),
            );
            w.push(
                v.chars()
                    .filter(char::is_ascii_alphanumeric)
                    .collect::<String>()
                    .to_ascii_lowercase(),
            );
        }
        w
    };
    let candidates: Vec<usize> = (post + 1..end)
        .filter(|&j| dom.tag(j) != Tag::Text && !region.dropped[j])
        .filter(|&j| {
            let w = words(j);
            w.iter().any(|t| BODY_WORDS.contains(&t.as_str()))
                && !w.iter().any(|t| CHROME_WORDS.contains(&t.as_str()))
        })
        .collect();
    let Some(mut best) = candidates.iter().copied().max_by_key(|&j| region.kept[j]) else {
        return post;
    };
    // The innermost of nested candidates that keeps nearly all the text:
    // `message-text` inside `message-main`, which also holds the date.
    while let Some(inner) = candidates
        .iter()
        .copied()
        .filter(|&j| j > best && j < dom.end(best))
        .find(|&j| region.kept[j] * 5 >= region.kept[best] * 4)
    {
        best = inner;
    }
    if region.kept[best] * 3 >= region.kept[post] {
        best
    } else {
        post
    }
}

/// A line of forum chrome: a post number, a count, a user's stats, an
/// edit notice, a quote or code widget's label, a lone action.
fn is_chrome_line(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 200 {
        return false;
    }
    if t.chars()
        .all(|c| c.is_ascii_digit() || c.is_ascii_punctuation() || c.is_whitespace())
    {
        return true;
    }
    let lower = t.to_lowercase();
    const EXACT: &[&str] = &[
        "quote",
        "reply",
        "report",
        "share",
        "like",
        "likes",
        "permalink",
        "link to comment",
        "share on other sites",
        "click to expand...",
        "click to expand…",
        "reply with quote",
        "code: select all",
        "select all",
        "copy code",
        "expand",
        "collapse",
    ];
    const PREFIX: &[&str] = &[
        "joined:",
        "joined ",
        "posts:",
        "messages:",
        "reaction score",
        "registered:",
        "last edited",
        "view attachment",
    ];
    if EXACT.contains(&lower.as_str()) || PREFIX.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    // "12 Likes", "3 replies".
    let mut words = lower.split_whitespace();
    matches!(
        (words.next(), words.next(), words.next()),
        (Some(n), Some("like" | "likes" | "reply" | "replies" | "points" | "votes"), None)
            if n.bytes().all(|b| b.is_ascii_digit())
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::furniture::Family;
    use crate::html::tree::Document;

    fn thread(html: &str) -> Option<Vec<String>> {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let marks = Marks::compute(&dom);
        let region = Region::find(&dom, &marks, Family::Forum);
        posts(&dom, &marks, &region, &Tuning::default(), None)
            .map(|b| b.iter().map(Block::plain_text).collect())
    }

    #[test]
    fn every_post_of_a_thread_in_order_without_chrome() {
        let post = |n: u32, text: &str| {
            format!(
                r#"<article class="message message--post" id="js-post-{n}"><div class="message-userDetails"><a href=/u/{n}>user{n}</a> Joined: Jan 2020</div>
                <div class="message-body"><p>{text}</p></div><footer class="message-footer"><a href=#>Reply</a> 3 Likes</footer></article>"#
            )
        };
        let html = format!(
            "<body><nav><a href=/>Forums</a></nav><h1>Kettle will not boil</h1>{}{}{}<footer>Site footer</footer></body>",
            post(
                1,
                "My kettle stopped boiling last week, the light comes on but nothing happens."
            ),
            post(
                2,
                "Check the thermostat at the base, mine had the same fault and it was that."
            ),
            post(
                3,
                "Thanks, that was it, a new thermostat fixed the kettle for a few pounds."
            ),
        );
        let t = thread(&html).unwrap();
        assert_eq!(t.len(), 3, "{t:?}");
        assert!(
            t[0].starts_with("My kettle") && t[2].starts_with("Thanks"),
            "{t:?}"
        );
    }

    #[test]
    fn microdata_bodies_without_comments_on_answers() {
        let html = r#"<body><div itemscope itemtype="https://schema.org/QAPage">
            <div itemscope itemtype="https://schema.org/Question"><div itemprop="text"><p>How do I read a file line by line?</p></div>
            <div itemscope itemtype="https://schema.org/Comment"><span itemprop="text">Which language?</span></div></div>
            <div itemscope itemtype="https://schema.org/Answer"><div itemprop="text"><p>Open it and loop over its lines with a buffered reader.</p></div></div>
            </div></body>"#;
        let t = thread(html).unwrap();
        assert_eq!(t.len(), 2, "{t:?}");
        assert!(!t.iter().any(|l| l.contains("Which language")));
    }

    #[test]
    fn a_quote_of_an_earlier_post_is_dropped() {
        let first = "The import step fails with a timeout after exactly one minute every time.";
        let html = format!(
            r#"<body><div class=post id=p1><p>{first}</p></div>
            <div class=post id=p2><blockquote>{first}</blockquote><p>Same here since the update.</p></div></body>"#
        );
        let t = thread(&html).unwrap();
        assert_eq!(
            t,
            vec![first.to_string(), "Same here since the update.".to_string()]
        );
    }

    #[test]
    fn chrome_lines() {
        for l in [
            "#12",
            "3 Likes",
            "Joined: Jan 2020",
            "Click to expand...",
            "Reply",
            "42",
        ] {
            assert!(is_chrome_line(l), "{l}");
        }
        for l in [
            "Reply to the council's letter",
            "I like it",
            "2020 was a bad year for kettles",
        ] {
            assert!(!is_chrome_line(l), "{l}");
        }
    }
}
