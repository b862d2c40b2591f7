//! Trailing clutter: where the body ends inside its span.
//!
//! Three passes, each from the rules' point of view of one line plus the
//! shape of what follows it:
//!
//! 1. **End markers.** A line whose [`Reason`] ends an article (comments,
//!    newsletter, copyright, footer links) cuts the rest once enough body has
//!    been seen. "Related" and tag lines cut unless more body follows than
//!    came before. Separators, "Read more" and share lines cut only when what
//!    follows them is clutter-shaped (see [`is_clutter_tail`]).
//! 2. **Teaser runs.** A trailing run of headline + teaser pairs in which at
//!    least [`Tuning::min_teasers`] teasers end in a section label
//!    (`... Middle East -`) is cut.
//! 3. **Loose ends.** Trailing clutter lines and short lines that are not
//!    sentences (credits, bare labels) are dropped.

use super::features::{Line, Tuning};
use crate::rules::Reason;

/// Words of body-like lines (running text ending like a sentence, not a
/// teaser) in `lines`.
fn body_words(lines: &[Line<'_>], t: &Tuning) -> usize {
    lines
        .iter()
        .filter(|l| l.is_body_like(t) && l.sentence_end)
        .map(|l| l.words)
        .sum()
}

/// True when the lines after a cut candidate look like clutter rather than
/// more body: nothing at all; enough teasers ending in a section label; less
/// than half of the words in body-like lines; or headline + teaser pairs
/// (every body-like line preceded by a short non-sentence line).
pub(crate) fn is_clutter_tail(tail: &[Line<'_>], t: &Tuning) -> bool {
    if tail.is_empty() {
        return true;
    }
    let teasers = tail.iter().filter(|l| l.label_end).count();
    if teasers >= t.min_teasers {
        return true;
    }
    let total: usize = tail.iter().map(|l| l.words).sum();
    let body = body_words(tail, t);
    if body * 2 < total {
        return true;
    }
    is_pair_run(tail, t)
}

/// True when `lines` are headline + teaser pairs: at least two pairs, and
/// no two body-like lines in a row.
fn is_pair_run(lines: &[Line<'_>], t: &Tuning) -> bool {
    if lines.len() < 4 {
        return false;
    }
    let mut pairs = 0;
    let mut i = 0;
    while i < lines.len() {
        let headline = &lines[i];
        let Some(teaser) = lines.get(i + 1) else {
            return false;
        };
        let heads = !headline.sentence_end && !headline.is_long(t) && headline.words >= 2;
        if !heads || !teaser.is_long(t) {
            return false;
        }
        pairs += 1;
        i += 2;
    }
    pairs >= 2
}

/// Where the first end marker cuts the span `start..end`, if anywhere.
fn marker_cut(lines: &[Line<'_>], start: usize, end: usize, t: &Tuning) -> Option<usize> {
    let mut seen = 0;
    for i in start..end {
        let line = &lines[i];
        if i > start
            && seen >= t.min_body_words
            && let Some(reason) = line.reason
        {
            let tail = &lines[i + 1..end];
            let cut = match reason {
                // headers a story may carry inline: cut unless more body follows
                Reason::Related | Reason::Tags | Reason::Newsletter => {
                    body_words(tail, t) < seen || is_clutter_tail(tail, t)
                }
                r if r.is_hard_end() => true,
                Reason::Separator | Reason::ReadMore | Reason::Share => is_clutter_tail(tail, t),
                _ => false,
            };
            if cut {
                return Some(i);
            }
        }
        if line.is_body_like(t) {
            seen += line.words;
        }
    }
    None
}

/// True for a line that may belong to a run of related-story teasers: a
/// teaser ending in a label, a clutter line, or a short non-sentence (the
/// teasers' headlines). The dump's last line may be long (its label lost
/// its dash).
fn in_teaser_run(line: &Line<'_>, last: bool) -> bool {
    line.label_end || line.reason.is_some() || (!line.sentence_end && (line.words <= 16 || last))
}

/// Start of the trailing run of teasers in `start..end`, when the run
/// (followed past `end` to the rest of the dump) holds enough teasers
/// ending in a section label. The run must open with a headline, so a body
/// paragraph that merely ends in `Glasgow -` is not taken for a teaser.
fn teaser_run_cut(lines: &[Line<'_>], start: usize, end: usize, t: &Tuning) -> Option<usize> {
    let mut teasers = 0;
    let mut after = end;
    // past `end` the run goes on, unless a cut was made there already
    while after < lines.len()
        && lines[after].reason.is_none()
        && in_teaser_run(&lines[after], after + 1 == lines.len())
    {
        teasers += usize::from(lines[after].label_end);
        after += 1;
    }
    let mut k = end;
    while k > start && in_teaser_run(&lines[k - 1], k == lines.len()) {
        teasers += usize::from(lines[k - 1].label_end);
        k -= 1;
    }
    // a run opens with a headline: a teaser with none above it is body
    while k < end && lines[k].label_end {
        k += 1;
    }
    (teasers >= t.min_teasers && k > start && k < end).then_some(k)
}

/// True for a line that should not close a body: a clutter line, or a short
/// line that is not a sentence.
fn is_loose_end(line: &Line<'_>, t: &Tuning) -> bool {
    line.reason.is_some() || (!line.sentence_end && line.words < t.long_words) || line.dateline
}

/// The end of the body inside `start..end`, after the three passes.
pub(crate) fn trim_tail(lines: &[Line<'_>], start: usize, end: usize, t: &Tuning) -> usize {
    let mut end = end.min(lines.len());
    if let Some(cut) = marker_cut(lines, start, end, t) {
        end = cut;
    }
    if let Some(cut) = teaser_run_cut(lines, start, end, t) {
        end = cut;
    }
    while end > start + 1 && is_loose_end(&lines[end - 1], t) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Focus;

    fn lines<'a>(text: &[&'a str]) -> Vec<Line<'a>> {
        text.iter().map(|l| Line::new(l)).collect()
    }

    const BODY: &[&str] = &[
        "The first paragraph of the story has plenty of words to count as body text.",
        "The second paragraph goes on for a while, adding detail and a quote or two.",
        "The third paragraph closes the story with a last thought about what comes next.",
    ];

    #[test]
    fn separator_then_labelled_teasers_is_cut() {
        let mut text = BODY.to_vec();
        text.extend([
            "-",
            "Another story about something",
            "A teaser that runs on for a while about another story Middle East -",
            "Yet another story",
            "Another teaser that runs on for a while about yet another story World News -",
        ]);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 3);
    }

    #[test]
    fn separator_between_body_sections_is_kept() {
        let mut text = BODY.to_vec();
        text.push("* * *");
        text.extend(BODY);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 7);
    }

    #[test]
    fn one_dash_ending_is_not_a_teaser_run() {
        let mut text = BODY.to_vec();
        text.push("And the last paragraph of the story ends on a trip to New York -");
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 4);
    }

    #[test]
    fn comments_cut_the_rest() {
        let mut text = BODY.to_vec();
        text.extend(["3 Comments", BODY[0], BODY[1], BODY[2], BODY[0]]);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 3);
    }

    #[test]
    fn headline_teaser_pairs_after_read_more() {
        let mut text = BODY.to_vec();
        text.extend([
            "Read more",
            "Another story about something",
            "A teaser that runs on for a while about another story and ends here.",
            "Yet another story",
            "Another teaser that runs on for a while about yet another story, too.",
        ]);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 3);
    }
}
