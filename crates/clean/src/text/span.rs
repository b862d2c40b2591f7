//! Finding the body among navigation: score every line, take the run of
//! lines with the highest total score (the maximum-sum subarray), then widen
//! it over short sentences that close the body.

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

/// True for a line like a menu item or tag: short, not a sentence.
fn is_menu_like(line: &Line<'_>, t: &Tuning) -> bool {
    !line.sentence_end && line.words < t.long_words / 2
}

/// The span scores of all lines. Once running text has been seen, every
/// marker that usually ends an article ("Related", "Comments", a copyright
/// line) discounts the text after it: what follows such a marker is more
/// likely teasers and comments than body. So does a run of
/// [`Tuning::menu_run`] menu-like lines (tags, link lists).
pub(crate) fn scores(lines: &[Line<'_>], t: &Tuning) -> Vec<f32> {
    let mut weight = 1.0f32;
    let mut seen = 0;
    let mut menu_run = 0;
    lines
        .iter()
        .map(|line| {
            let s = line_score(line, t);
            menu_run = if is_menu_like(line, t) {
                menu_run + 1
            } else {
                0
            };
            let marker = line.reason.is_some_and(Reason::ends_article) || menu_run == t.menu_run;
            if marker && seen >= t.min_body_words {
                weight = (weight * t.after_marker_factor).max(t.after_marker_floor);
            }
            if line.is_body_like(t) && line.sentence_end {
                seen += line.words;
            }
            if s > 0.0 { s * weight } else { s }
        })
        .collect()
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
}
