//! The title and the lede: the headline-like line before the body, and the
//! standfirst right under it.

use std::collections::HashSet;

use super::features::{Line, Tuning};

/// Body lines whose words may vouch for a title candidate.
const ECHO_LINES: usize = 5;

/// Most points a candidate earns from words it shares with the body.
const MAX_ECHO: usize = 5;

/// Lower-case words of at least four characters.
fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
        .collect()
}

/// The best headline-like line among the `t.title_lookback` lines before
/// `body_start`.
///
/// Candidates score their length (capped), plus the words they share with
/// the first body lines (headlines are echoed by their story), minus half a
/// point per line of distance from the body. Bylines, datelines, bare
/// labels and clutter lines are not candidates.
pub(crate) fn find_title(
    lines: &[Line<'_>],
    body_start: usize,
    body_end: usize,
    t: &Tuning,
) -> Option<usize> {
    let from = body_start.saturating_sub(t.title_lookback);
    let body: HashSet<String> = lines
        .get(body_start..body_end.min(body_start + ECHO_LINES))
        .unwrap_or_default()
        .iter()
        .flat_map(|l| content_words(l.text))
        .collect();
    let mut best: Option<(f32, usize)> = None;
    let candidates = lines.get(from..body_start).unwrap_or_default();
    for (i, line) in candidates.iter().enumerate().map(|(k, l)| (from + k, l)) {
        if !line.is_headline_like(t) {
            continue;
        }
        let echo = content_words(line.text).intersection(&body).count();
        let score =
            line.words.min(14) as f32 + echo.min(MAX_ECHO) as f32 - 0.5 * (body_start - i) as f32;
        if best.is_none_or(|(s, _)| score >= s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// True when the first body line is a standfirst: it stands right under
/// the title, is a long line that does not end like a sentence, and more
/// body follows.
pub(crate) fn is_lede(
    lines: &[Line<'_>],
    title: Option<usize>,
    first: usize,
    body_len: usize,
) -> bool {
    let Some(line) = lines.get(first) else {
        return false;
    };
    title.is_some_and(|ti| ti + 1 == first)
        && body_len >= 3
        && line.words >= 8
        && !line.sentence_end
        && line.reason.is_none()
        && !line.label_end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Focus;

    #[test]
    fn picks_the_headline_over_credits_and_labels() {
        let text = [
            "Business",
            "Investigators look into the company and its former chief",
            "Reuters November 18, 2019 11:03 PM",
            "Image Credit: Photo Agency",
            "Investigators are looking into the company, two people familiar with the matter said.",
        ];
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(find_title(&lines, 4, 5, &t), Some(1));
    }

    #[test]
    fn no_candidate_no_title() {
        let text = [
            "By Jane Doe",
            "A body line that goes on for long enough to be text.",
        ];
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(find_title(&lines, 1, 2, &t), None);
    }

    #[test]
    fn standfirst_under_title() {
        let text = [
            "Headline here",
            "A standfirst that sums up the story without a full stop at the end",
            "Body one.",
            "Body two.",
        ];
        let lines: Vec<Line<'_>> = text.iter().map(|l| Line::new(l)).collect();
        assert!(is_lede(&lines, Some(0), 1, 3));
        assert!(!is_lede(&lines, None, 1, 3));
        assert!(!is_lede(&lines, Some(0), 2, 2));
    }
}
