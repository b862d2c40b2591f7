//! The article's last steps and the measures of its blocks: the heading
//! that repeats the title dropped, clutter lines trimmed, URLs made
//! absolute, the language detected.

use std::collections::HashSet;

use thresh_core::Block;

use super::meta;

/// Visible (non-whitespace) characters of the blocks' text: a measure
/// that holds for scripts written without spaces.
pub(super) fn visible_chars(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| b.plain().chars().filter(|c| !c.is_whitespace()).count())
        .sum()
}

/// Words of the blocks' text.
pub(super) fn word_count(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| b.plain().split_whitespace().count())
        .sum()
}

/// The words of a text that tell texts apart: runs of letters and digits
/// of four characters or more, lower-cased.
pub(super) fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// The share of the [`words`] of `blocks`, counted each time they occur,
/// that are in `other`; 1 when `blocks` has none.
pub(super) fn words_shared(blocks: &[Block], other: &HashSet<String>) -> f32 {
    let (mut all, mut shared) = (0usize, 0usize);
    for b in blocks {
        for w in words(&b.plain()) {
            all += 1;
            shared += usize::from(other.contains(&w));
        }
    }
    if all == 0 {
        return 1.0;
    }
    shared as f32 / all as f32
}

pub(super) fn text_len(blocks: &[Block]) -> usize {
    blocks.iter().map(|b| b.plain().len()).sum()
}

/// Remove the heading that repeats the title (among the first blocks).
pub(super) fn drop_title(
    mut blocks: Vec<Block>,
    title: Option<&str>,
    h1: Option<&str>,
) -> (Vec<Block>, Option<Block>) {
    let keys: Vec<String> = [title, h1]
        .into_iter()
        .flatten()
        .map(meta::norm)
        .filter(|k| !k.is_empty())
        .collect();
    if keys.is_empty() {
        return (blocks, None);
    }
    // A block that repeats the title is not much longer than it: longer
    // ones (a lede) are not normalised to be compared.
    let longest = [title, h1]
        .into_iter()
        .flatten()
        .map(str::len)
        .max()
        .unwrap_or(0);
    let pos = blocks.iter().take(8).position(|b| match b {
        Block::Heading { text, .. } | Block::Paragraph { text, .. }
            if text.len() <= 2 * longest + 32 =>
        {
            keys.contains(&meta::norm(text))
        }
        _ => false,
    });
    let removed = pos.map(|p| blocks.remove(p));
    (blocks, removed)
}

/// Drop short blocks that the clutter-line rules recognise (share
/// prompts, advertisement labels, "Related" headers...), and cut the
/// article at a hard end (comments, copyright, footer links) once half of
/// the text has been seen.
pub(super) fn trim_clutter(blocks: Vec<Block>) -> Vec<Block> {
    let total = text_len(&blocks);
    let mut seen = 0;
    let mut out = Vec::with_capacity(blocks.len());
    for b in blocks {
        let len = b.plain().len();
        if let Block::Paragraph { text, .. } | Block::Heading { text, .. } = &b
            && len < 120
            && let Some(reason) = crate::rules::line_is_boilerplate(text)
        {
            if reason.is_hard_end() && seen * 2 >= total {
                break;
            }
            continue;
        }
        seen += len;
        out.push(b);
    }
    out
}

/// Resolve a possibly relative URL against the page's URL.
pub(super) fn absolute(href: &str, base: Option<&str>) -> Option<String> {
    let href = href.trim();
    if let Ok(u) = url::Url::parse(href) {
        return Some(u.to_string());
    }
    let base = url::Url::parse(base?).ok()?;
    base.join(href).ok().map(|u| u.to_string())
}

/// Language of the body text, as an ISO 639-1 code where one exists.
pub(super) fn detect_lang(blocks: &[Block]) -> Option<String> {
    let mut sample = String::new();
    for b in blocks {
        sample.push_str(&b.plain());
        sample.push('\n');
        if sample.len() > 2000 {
            break;
        }
    }
    let info = whatlang::detect(&sample)?;
    if !info.is_reliable() {
        return None;
    }
    let code = info.lang().code();
    Some(iso639_1(code).unwrap_or(code).to_string())
}

/// ISO 639-3 to 639-1 for the languages whatlang knows.
pub(super) fn iso639_1(code: &str) -> Option<&'static str> {
    const MAP: &[(&str, &str)] = &[
        ("afr", "af"),
        ("aka", "ak"),
        ("amh", "am"),
        ("ara", "ar"),
        ("aze", "az"),
        ("bel", "be"),
        ("ben", "bn"),
        ("bul", "bg"),
        ("cat", "ca"),
        ("ces", "cs"),
        ("cmn", "zh"),
        ("cym", "cy"),
        ("dan", "da"),
        ("deu", "de"),
        ("ell", "el"),
        ("eng", "en"),
        ("epo", "eo"),
        ("est", "et"),
        ("fin", "fi"),
        ("fra", "fr"),
        ("guj", "gu"),
        ("heb", "he"),
        ("hin", "hi"),
        ("hrv", "hr"),
        ("hun", "hu"),
        ("hye", "hy"),
        ("ind", "id"),
        ("ita", "it"),
        ("jav", "jv"),
        ("jpn", "ja"),
        ("kan", "kn"),
        ("kat", "ka"),
        ("khm", "km"),
        ("kor", "ko"),
        ("lat", "la"),
        ("lav", "lv"),
        ("lit", "lt"),
        ("mal", "ml"),
        ("mar", "mr"),
        ("mkd", "mk"),
        ("mya", "my"),
        ("nep", "ne"),
        ("nld", "nl"),
        ("nob", "nb"),
        ("ori", "or"),
        ("pan", "pa"),
        ("pes", "fa"),
        ("pol", "pl"),
        ("por", "pt"),
        ("ron", "ro"),
        ("rus", "ru"),
        ("sin", "si"),
        ("slk", "sk"),
        ("slv", "sl"),
        ("sna", "sn"),
        ("spa", "es"),
        ("srp", "sr"),
        ("swe", "sv"),
        ("tam", "ta"),
        ("tel", "te"),
        ("tgl", "tl"),
        ("tha", "th"),
        ("tuk", "tk"),
        ("tur", "tr"),
        ("ukr", "uk"),
        ("urd", "ur"),
        ("uzb", "uz"),
        ("vie", "vi"),
        ("yid", "yi"),
        ("zul", "zu"),
    ];
    MAP.iter().find(|(k, _)| *k == code).map(|(_, v)| *v)
}
