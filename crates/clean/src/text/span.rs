//! Finding the body among navigation: score every line, take the run of
//! lines with the highest total score (the maximum-sum subarray), then widen
//! it over short sentences that close the body. Text after an end marker
//! and long lines that repeat earlier text count for less (see [`scores`]).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::ops::Range;

use super::features::{Line, Tuning};
use crate::rules::Reason;

/// The span score of one line: positive for running text (more for longer
/// lines, up to a cap), negative for short menu-like lines and clutter.
pub(crate) fn line_score(line: &Line<'_>, t: &Tuning) -> f32 {
    if let Some(reason) = line.reason {
        // chrome and headers that may stand inside a body cost like a short
        // line; hard ends and (long) cookie banners cost more
        return if reason.is_hard_end() || reason == Reason::Cookie {
            -t.junk_penalty
        } else {
            -t.short_penalty
        };
    }
    if line.dateline {
        return -t.short_penalty * t.min_shortness;
    }
    if line.words >= t.long_words {
        let mass = line.words.min(t.cap_words) as f32 / t.long_words as f32;
        let score = if line.sentence_end {
            mass + t.sentence_bonus
        } else {
            // headlines and link lists are long lines that are not sentences
            mass * t.unfinished_factor - t.unfinished_factor
        };
        return if line.glued {
            -t.short_penalty
        } else if line.label_end {
            score * 0.5
        } else {
            score
        };
    }
    if line.is_short_sentence() {
        return 0.0;
    }
    // menu items are one or two words; short content lines (list items,
    // sub-headings, captions) are longer and cost less
    let shortness = 1.0 - line.words as f32 / t.long_words as f32;
    -t.short_penalty * shortness.max(t.min_shortness)
}

/// The span scores of all lines. Once running text has been seen, every
/// marker that usually ends an article ("Related", "Comments", a copyright
/// line) discounts the text after it: what follows such a marker is more
/// likely teasers and comments than body.
///
/// A run of [`Tuning::menu_run`] menu-like lines (a navigation block) does
/// not discount: inside a body it is as often a list of the article's own
/// (the tail pass cuts a trailing one). Before any discount it says that
/// the running text above it was page chrome (a promo or cookie banner over
/// the menu), so the count of text seen starts again.
///
/// A long line that repeats earlier text of the dump (the summary the page
/// carries as metadata, a second copy of the story) scores like a short
/// line.
pub(crate) fn scores(lines: &[Line<'_>], t: &Tuning) -> Vec<f32> {
    let repeats = repeated_lines(lines, t);
    let mut weight = 1.0f32;
    let mut discounted = false;
    let mut seen = 0;
    let mut menu_run = 0;
    lines
        .iter()
        .zip(repeats)
        .map(|(line, repeat)| {
            let s = if repeat {
                -t.short_penalty
            } else {
                line_score(line, t)
            };
            menu_run = if line.is_menu_like(t) {
                menu_run + 1
            } else {
                0
            };
            if menu_run == t.menu_run && !discounted {
                // a navigation block: what came before it was chrome
                seen = 0;
            }
            if line.reason.is_some_and(Reason::ends_article) && seen >= t.min_body_words {
                weight = (weight * t.after_marker_factor).max(t.after_marker_floor);
                discounted = true;
            }
            if line.is_body_like(t) && line.sentence_end {
                seen += line.words;
            }
            if s > 0.0 { s * weight } else { s }
        })
        .collect()
}

/// A line repeats earlier text when at least `REPEAT_NUM` in `REPEAT_DEN`
/// of its word 4-grams occur in the lines above it (four in five).
const REPEAT_NUM: usize = 4;
/// See [`REPEAT_NUM`].
const REPEAT_DEN: usize = 5;

/// For each line, true when it is running text ([`Line::is_long`]) that
/// repeats earlier lines of the dump (see [`REPEAT_NUM`]). Words are runs
/// of letters, digits and `_`, case kept.
fn repeated_lines(lines: &[Line<'_>], t: &Tuning) -> Vec<bool> {
    // 4-grams as 64-bit hashes of their words' hashes: a collision between
    // two different 4-grams of one dump is as good as impossible.
    let mut grams: HashSet<u64, BuildHasherDefault<GramHasher>> = HashSet::default();
    let mut words: Vec<u64> = Vec::new();
    lines
        .iter()
        .map(|line| {
            words.clear();
            words.extend(
                line.text
                    .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .filter(|w| !w.is_empty())
                    .map(word_hash),
            );
            let total = words.len().saturating_sub(3);
            let old = words
                .windows(4)
                .filter(|g| grams.contains(&gram(g)))
                .count();
            grams.extend(words.windows(4).map(gram));
            line.is_long(t) && total > 0 && old * REPEAT_DEN >= total * REPEAT_NUM
        })
        .collect()
}

/// FNV-1a of a word.
fn word_hash(w: &str) -> u64 {
    w.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One hash of four word hashes, order kept.
fn gram(g: &[u64]) -> u64 {
    g.iter().fold(0u64, |h, &w| {
        (h.rotate_left(23) ^ w).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    })
}

/// The hasher of already-mixed `u64` keys: the key is its own hash.
#[derive(Default)]
struct GramHasher(u64);

impl std::hash::Hasher for GramHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The range of lines with the highest total score. Empty when no line
/// scores above zero.
pub(crate) fn best_span(scores: &[f32]) -> Range<usize> {
    let mut best = (0.0f32, 0, 0);
    let mut sum = 0.0f32;
    let mut start = 0;
    for (i, &s) in scores.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += s;
        if sum > best.0 {
            best = (sum, start, i + 1);
        }
    }
    best.1..best.2
}

/// Find the body span of a dump: the best-scoring run, widened forward over
/// short finished sentences that end the body.
pub(crate) fn body_span(lines: &[Line<'_>], t: &Tuning) -> Range<usize> {
    let scores = scores(lines, t);
    let span = best_span(&scores);
    if span.is_empty() {
        return span;
    }
    let mut end = span.end;
    while end < lines.len() && lines[end].is_short_sentence() && !lines[end].label_end {
        end += 1;
    }
    span.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Focus;

    #[test]
    fn best_span_is_max_subarray() {
        assert_eq!(best_span(&[-1.0, 2.0, -0.5, 3.0, -4.0, 1.0]), 1..4);
        assert_eq!(best_span(&[-1.0, -2.0]), 0..0);
        assert_eq!(best_span(&[]), 0..0);
    }

    #[test]
    fn finds_body_between_menus() {
        let text = [
            "Home",
            "News",
            "Sport",
            "Weather",
            "A long first paragraph of the story that carries the news, with many words in it.",
            "A second paragraph that goes on about the same story for quite a few more words.",
            "Subheading",
            "A third paragraph, again with enough words to count as running text in a body.",
            "He declined to comment.",
            "Contact",
            "About",
            "Jobs",
        ];
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(body_span(&lines, &t), 4..9);
    }

    #[test]
    fn lists_and_banners_do_not_end_the_body() {
        // a promo banner over the menu, then a story with a list in it: the
        // paragraphs after the list are body, with full weight
        let text = [
            "Free shipping on every order this week, and returns are free for thirty days on all the items in the shop, so order today and save on the whole new range.",
            "Shop",
            "Women",
            "Men",
            "Kids",
            "Sale",
            "The first paragraph of the story has plenty of words to count as body text.",
            "The second paragraph goes on for a while, adding detail and a quote or two.",
            "The third paragraph says what the walk is like and how long it takes to do.",
            "What to pack:",
            "Boots",
            "A map",
            "Water",
            "A torch",
            "The next paragraph says why each of these matters on a long walk in the hills.",
            "Another paragraph adds a word on the weather and how fast it can turn.",
            "The last paragraph closes the story with a thought about what comes next.",
        ];
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(body_span(&lines, &t), 6..17);
    }

    #[test]
    fn a_second_copy_is_not_body() {
        let body = [
            "The first paragraph of the story has plenty of words to count as body text.",
            "The second paragraph goes on for a while, adding detail and a quote or two.",
            "The third paragraph closes the story with a last thought about what comes next.",
        ];
        let mut text = vec!["Menu"];
        text.extend(body);
        text.extend(["Home", "News", "Sport", "Weather"]);
        text.extend(body);
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        let t = Tuning::for_focus(Focus::Balanced);
        let repeats = repeated_lines(&lines, &t);
        assert_eq!(repeats.iter().filter(|&&r| r).count(), 3);
        assert!(repeats[8..].iter().all(|&r| r));
        assert_eq!(body_span(&lines, &t), 1..4);
    }
}
