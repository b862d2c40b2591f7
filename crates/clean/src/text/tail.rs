//! Trailing clutter: where the body ends inside its span.
//!
//! Three passes, each from the rules' point of view of one line plus the
//! shape of what follows it:
//!
//! 1. **End markers.** Once enough body has been seen, a comment-section
//!    line cuts the rest. The other lines whose [`Reason`] ends an article
//!    ("Related", tags, newsletter prompts, footer links, copyright lines)
//!    may stand inside a body (an inline related link, a "Contact us"
//!    button, a picture's copyright): they cut when less than a quarter as
//!    much body follows as came before, or when what follows is
//!    clutter-shaped (see [`is_clutter_tail`]) or a run of teaser cards
//!    (see [`is_card_run`]). Separators, "Read more" and share lines cut
//!    only in those last two cases, and so does a run of
//!    [`Tuning::menu_run`] menu-like lines (tags, link lists), at its start.
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

/// Fewest body-like lines in a run of teaser cards.
const CARD_MIN: usize = 3;

/// Most words of a teaser card's text at the median: teasers are a
/// sentence or two, where a review or a how-to has long paragraphs.
const CARD_MEDIAN_WORDS: usize = 60;

/// A soft end marker cuts when the body after it is less than one
/// `SOFT_END_SHARE`-th of the body before it.
const SOFT_END_SHARE: usize = 4;

/// True when `lines` are teaser cards (headline, byline or date, teaser):
/// at least [`CARD_MIN`] body-like sentences, no two of them in a row, of
/// at most [`CARD_MEDIAN_WORDS`] words at the median.
fn is_card_run(lines: &[Line<'_>], t: &Tuning) -> bool {
    let cards: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.is_body_like(t) && l.sentence_end)
        .map(|(k, l)| (k, l.words))
        .collect();
    if cards.len() < CARD_MIN || cards.windows(2).any(|w| w[1].0 == w[0].0 + 1) {
        return false;
    }
    let mut words: Vec<usize> = cards.iter().map(|&(_, w)| w).collect();
    words.sort_unstable();
    let n = words.len();
    // twice the median, in whole numbers
    words[(n - 1) / 2] + words[n / 2] <= 2 * CARD_MEDIAN_WORDS
}

/// Soft markers and menu runs whose tail is looked at, at most: each look
/// reads the rest of the span, so a dump of thousands of marker lines
/// (a page built to be slow) would otherwise cost their square. Past
/// this, only hard ends cut.
const MAX_TAIL_LOOKS: usize = 256;

/// Where the first end marker cuts the span `start..end`, if anywhere.
fn marker_cut(lines: &[Line<'_>], start: usize, end: usize, t: &Tuning) -> Option<usize> {
    let mut seen = 0;
    let mut menu_run = 0;
    let mut looks = 0;
    for i in start..end {
        let line = &lines[i];
        menu_run = if line.is_menu_like(t) {
            menu_run + 1
        } else {
            0
        };
        if i > start && seen >= t.min_body_words {
            let reason = line.reason.filter(|r| {
                r.is_hard_end() || {
                    looks += 1;
                    looks <= MAX_TAIL_LOOKS
                }
            });
            if let Some(reason) = reason {
                let tail = &lines[i + 1..end];
                let cut = match reason {
                    // headers and links a story may carry inline: cut unless
                    // much more body follows
                    Reason::Related
                    | Reason::Tags
                    | Reason::Newsletter
                    | Reason::Footer
                    | Reason::Copyright => {
                        body_words(tail, t) * SOFT_END_SHARE < seen
                            || is_clutter_tail(tail, t)
                            || is_card_run(tail, t)
                    }
                    // a comment section
                    r if r.is_hard_end() => true,
                    Reason::Separator | Reason::ReadMore | Reason::Share => {
                        is_clutter_tail(tail, t) || is_card_run(tail, t)
                    }
                    _ => false,
                };
                if cut {
                    return Some(i);
                }
            }
            if menu_run == t.menu_run && looks < MAX_TAIL_LOOKS {
                looks += 1;
                // a navigation block: cut at its start when clutter follows it
                let after = (i + 1..end)
                    .find(|&k| !lines[k].is_menu_like(t))
                    .unwrap_or(end);
                let tail = &lines[after..end];
                if is_clutter_tail(tail, t) || is_card_run(tail, t) {
                    return Some(i + 1 - menu_run);
                }
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

    #[test]
    fn tags_then_teaser_cards_are_cut() {
        let mut text = BODY.to_vec();
        text.extend([
            "Politics",
            "Elections",
            "Senate",
            "Courts",
            "Votes",
            "A headline of another story",
            "A teaser of another story that runs on for a dozen words or so here.",
            "March 3, 2024",
            "The headline of a third story",
            "A teaser of the third story that runs on for a dozen words or so too.",
            "March 2, 2024",
            "And a fourth story headline",
            "A teaser of the fourth story that runs on for a dozen words or more.",
            "March 1, 2024",
        ]);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 3);
    }

    #[test]
    fn a_list_inside_the_body_is_kept() {
        let mut text = BODY.to_vec();
        text.extend(["What to pack:", "Boots", "A map", "Water", "A torch"]);
        text.extend(BODY);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), l.len());
    }

    #[test]
    fn footer_words_inside_the_body_are_kept() {
        let mut text = BODY.to_vec();
        text.push("Contact us");
        text.extend(BODY);
        text.extend(BODY);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), l.len());

        let mut text = BODY.to_vec();
        text.extend([
            "© 2024 Example Media. All rights reserved.",
            "Privacy Policy",
            "Terms of use",
        ]);
        let l = lines(&text);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 3);
    }

    #[test]
    fn inline_related_link_keeps_the_rest() {
        // less body follows than came before, but not much less
        let mut text = BODY.to_vec();
        text.push("Related: Another story about the talks");
        text.extend(&BODY[..2]);
        let l = lines(&text);
        let t = Tuning::for_focus(Focus::Balanced);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), l.len());

        // a newsletter prompt with one paragraph after a long body
        let mut text = BODY.to_vec();
        text.extend(BODY);
        text.push("Sign up for our daily newsletter");
        text.push(BODY[0]);
        let l = lines(&text);
        assert_eq!(trim_tail(&l, 0, l.len(), &t), 6);
    }
}
