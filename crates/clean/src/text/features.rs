//! Per-line features of a text dump, and the thresholds that read them.

use crate::Focus;
use crate::rules::{self, Reason};

/// Characters after which a line counts as a finished sentence.
const SENTENCE_END: &[char] = &['.', '!', '?', '…', '。', '！', '？', '؟', '।'];

/// Closing quotes and brackets that may follow the sentence end.
const CLOSERS: &[char] = &[
    '"', '\'', '”', '’', '»', '«', '“', ')', ']', '」', '』', '）', '*',
];

/// Non-ASCII punctuation and symbols that do not make up words.
const NON_WORD: &[char] = &[
    '“', '”', '‘', '’', '«', '»', '–', '—', '…', '·', '•', '©', '®', '™', '€', '£', '¥', '°', '§',
    '¶', '、', '。', '，', '！', '？', '：', '；', '（', '）', '「', '」', '『', '』', '【', '】',
    '›', '‹', '→', '←', '|', '\u{a0}', '\u{feff}',
];

/// Month names (English and a few other languages, lower case, first four
/// letters are enough) that mark a dateline.
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", "janv",
    "févr", "avr", "mai", "juin", "juil", "août", "sept", "déc", "ene", "abr", "ago", "dic",
    "januar", "februar", "märz", "okt", "dez", "янв", "фев", "мар", "апр", "июн", "июл", "авг",
    "сен", "окт", "ноя", "дек",
];

/// Words that open a byline.
const BYLINE_OPENERS: &[&str] = &["by", "von", "por", "par", "di", "door", "av", "автор"];

/// True for Han, kana and other scripts written without spaces, where a
/// character carries about half a word.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0E7F)
}

/// True for invisible format characters (Unicode category Cf): soft
/// hyphens, zero-width spaces and joiners, direction marks, byte-order
/// marks. A line of `\u{200c} \u{200c}` holds no words.
fn is_format(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x0600..=0x0605 | 0x061C | 0x06DD | 0x070F | 0x0890..=0x0891 | 0x08E2 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F | 0xFEFF
        | 0xFFF9..=0xFFFB | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F)
}

/// True for characters that make up words (`\w` in most regex engines);
/// invisible format characters do not.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || c == '_'
        || (!c.is_ascii()
            && !c.is_whitespace()
            && !is_format(c)
            && !NON_WORD.contains(&c)
            && !is_cjk(c))
}

/// Count words: runs of word characters, plus half a word per CJK character.
pub(crate) fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut cjk: usize = 0;
    let mut in_word = false;
    for c in text.chars() {
        if is_cjk(c) {
            cjk += 1;
            in_word = false;
        } else if is_word_char(c) {
            if !in_word {
                words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    words + cjk.div_ceil(2)
}

/// True when the line ends like a finished sentence (`.`, `!`, `?`, `。`),
/// possibly followed by closing quotes or brackets.
pub(crate) fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(CLOSERS)
        .ends_with(SENTENCE_END)
}

/// True for a dateline or byline: a short line with a year and a month or a
/// clock time (`Nov 19, 2019, 10:31 pm`, `13/06/2014 Tony Carter`), or one
/// opening with "By" and a name.
fn is_dateline(text: &str, words: usize) -> bool {
    if words == 0 || words > 14 {
        return false;
    }
    let lower = text.to_lowercase();
    let first = lower.split_whitespace().next().unwrap_or("");
    if BYLINE_OPENERS.contains(&first) && words <= 7 {
        return true;
    }
    let tokens: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .collect();
    let year = tokens.iter().any(|t| {
        t.len() == 4 && (t.starts_with("19") || t.starts_with("20")) && t.parse::<u32>().is_ok()
    });
    let month = tokens
        .iter()
        .any(|t| MONTHS.iter().any(|m| t.starts_with(m)) && t.chars().count() <= 9);
    let clock = lower
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let numeric_date = tokens.windows(3).any(|w| {
        w.iter()
            .all(|t| t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 4)
    }) && (lower.contains('/') || lower.contains('.') || lower.contains('-'));
    let digits = tokens
        .iter()
        .filter(|t| t.chars().all(|c| c.is_ascii_digit()))
        .count();
    let day = tokens
        .iter()
        .any(|t| t.len() <= 2 && t.parse::<u32>().is_ok_and(|d| (1..=31).contains(&d)));
    (year && ((month && day) || clock)) || numeric_date || (clock && digits * 3 >= tokens.len())
}

/// Lines with at least this many words are never glued teasers: a teaser
/// card is a headline and a sentence or two, and a long paragraph with a
/// seam in it (a lost space, a heading run into its text) is still body.
const GLUED_MAX_WORDS: usize = 60;

/// True when a headline in title case runs straight into the sentence of
/// its summary ("...Bill At Troy SteakhouseA party of six left without
/// paying."): a lower-case letter or digit, then a capital, with at least
/// five words before the seam, four in five of them capitalised, and
/// eight words after it. Camel
/// case inside a name (`YouTube`) sits in running text or short titles,
/// not at such a seam.
fn is_glued_teaser(text: &str) -> bool {
    let b = text.as_bytes();
    (1..b.len()).any(|k| {
        let (l, r) = (b[k - 1], b[k]);
        if !(l.is_ascii_lowercase() || l.is_ascii_digit()) || !r.is_ascii_uppercase() {
            return false;
        }
        let (Some(head), Some(rest)) = (text.get(..k), text.get(k..)) else {
            return false;
        };
        let words: Vec<&str> = head.split_whitespace().collect();
        let titled = words
            .iter()
            .filter(|w| {
                w.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
            })
            .count();
        words.len() >= 5 && titled * 5 >= words.len() * 4 && rest.split_whitespace().count() >= 8
    })
}

/// One non-empty line of a dump with what the cleaner needs to know.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The trimmed text.
    pub text: &'a str,
    /// Words (CJK characters count half).
    pub words: usize,
    /// Ends like a finished sentence.
    pub sentence_end: bool,
    /// The clutter rule it matches, if any.
    pub reason: Option<Reason>,
    /// Ends in a section label and a dash (a related-story teaser).
    pub label_end: bool,
    /// A dateline or byline.
    pub dateline: bool,
    /// A headline run into its summary with no space between them
    /// ("Bill At Troy SteakhouseA party of six left..."): a teaser card.
    /// Only lines under [`GLUED_MAX_WORDS`] words.
    pub glued: bool,
}

impl<'a> Line<'a> {
    /// Measure one trimmed line.
    pub(crate) fn new(text: &'a str) -> Self {
        let words = count_words(text);
        let sentence_end = ends_sentence(text);
        Line {
            text,
            words,
            sentence_end,
            reason: rules::line_is_boilerplate(text),
            label_end: rules::ends_with_section_label(text),
            dateline: !sentence_end && is_dateline(text, words),
            glued: words < GLUED_MAX_WORDS && is_glued_teaser(text),
        }
    }

    /// True for a line of running text: long enough, no clutter rule.
    pub(crate) fn is_long(&self, t: &Tuning) -> bool {
        self.words >= t.long_words && self.reason.is_none()
    }

    /// True for a line of running text that is not a teaser.
    pub(crate) fn is_body_like(&self, t: &Tuning) -> bool {
        self.is_long(t) && !self.label_end
    }

    /// True for a line like a menu item or tag: short, not a sentence.
    pub(crate) fn is_menu_like(&self, t: &Tuning) -> bool {
        !self.sentence_end && self.words < t.long_words / 2
    }

    /// True for a short finished sentence that may close a body ("He
    /// declined to comment.").
    pub(crate) fn is_short_sentence(&self) -> bool {
        self.reason.is_none() && self.sentence_end && self.words >= 3 && !self.dateline
    }

    /// True for a line shaped like a headline: a few words, no clutter rule,
    /// no full stop at the end, not a dateline or a bare label.
    pub(crate) fn is_headline_like(&self, t: &Tuning) -> bool {
        self.reason.is_none()
            && !self.dateline
            && (t.title_min_words..=t.title_max_words).contains(&self.words)
            && self.text.split_whitespace().nth(1).is_some()
            && !self.text.contains("://")
            && !self
                .text
                .trim_end()
                .trim_end_matches(CLOSERS)
                .ends_with(['.', ':', ',', ';'])
            && !rules::is_section_label(self.text)
    }
}

/// Thresholds, shifted by [`Focus`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tuning {
    /// Lines with at least this many words are running text.
    pub long_words: usize,
    /// Words after which a long line earns no more span score.
    pub cap_words: usize,
    /// Span score of a short line that is not a sentence.
    pub short_penalty: f32,
    /// Span score of a line a clutter rule matches.
    pub junk_penalty: f32,
    /// Extra span score of a long line ending like a sentence.
    pub sentence_bonus: f32,
    /// Weight of a long line that does not end like a sentence.
    pub unfinished_factor: f32,
    /// Least fraction of the short-line penalty any short line pays.
    pub min_shortness: f32,
    /// Weight kept by text after each end marker that follows some body.
    pub after_marker_factor: f32,
    /// The least weight text after end markers keeps.
    pub after_marker_floor: f32,
    /// Menu-like lines in a row that make a navigation block: before the
    /// body it says the text above was page chrome, inside the span it may
    /// open the trailing clutter.
    pub menu_run: usize,
    /// Body words needed before an end marker may cut the rest.
    pub min_body_words: usize,
    /// Teasers ending in a label needed to call a trailing run clutter.
    pub min_teasers: usize,
    /// Fewest words of a title found among navigation.
    pub title_min_words: usize,
    /// Most words of a title.
    pub title_max_words: usize,
    /// How many lines before the body a title may stand.
    pub title_lookback: usize,
}

impl Tuning {
    /// The thresholds for a focus.
    pub(crate) fn for_focus(focus: Focus) -> Self {
        let balanced = Tuning {
            long_words: 10,
            cap_words: 100,
            short_penalty: 1.1,
            junk_penalty: 3.0,
            sentence_bonus: 0.5,
            unfinished_factor: 0.5,
            min_shortness: 0.6,
            after_marker_factor: 0.7,
            after_marker_floor: 0.25,
            menu_run: 5,
            min_body_words: 30,
            min_teasers: 2,
            title_min_words: 3,
            title_max_words: 24,
            title_lookback: 12,
        };
        match focus {
            Focus::Balanced => balanced,
            Focus::Precision => Tuning {
                long_words: 12,
                short_penalty: 1.6,
                junk_penalty: 4.0,
                min_body_words: 20,
                min_teasers: 1,
                ..balanced
            },
            Focus::Recall => Tuning {
                long_words: 8,
                short_penalty: 0.9,
                junk_penalty: 2.0,
                min_body_words: 60,
                min_teasers: 3,
                ..balanced
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_headline_and_summary_is_a_teaser() {
        for line in [
            "Customers Leave Without Paying $690 Bill At Troy SteakhouseA party of six left Ruth's Chris without paying the bill.",
            "Police: 2 In Custody After Death Of U of M-Dearborn Student-AthleteA 24-year-old woman and a 28-year-old man have been arrested.",
            "Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will mail 250,000 applications to voters.",
        ] {
            assert!(is_glued_teaser(line), "{line}");
        }
        for line in [
            "Following the 16-inch MacBook Pro, Apple plans to release a new 13-inch MacBook Pro with a scissor switch keyboard.",
            "He posted the clip on YouTube on Monday, and it was watched more than a million times by the end of the week.",
            "Watch The New YouTube Video",
            "Share on FacebookShare on TwitterShare on LinkedinShare via Email",
        ] {
            assert!(!is_glued_teaser(line), "{line}");
        }
    }

    #[test]
    fn counts_words_in_any_script() {
        assert_eq!(count_words("The quick brown fox."), 4);
        assert_eq!(count_words("Ünïcödé wörds — ok"), 3);
        assert_eq!(count_words("東京都は今日"), 3);
        assert_eq!(count_words("Привет, мир"), 2);
        assert_eq!(count_words(""), 0);
    }

    #[test]
    fn invisible_characters_are_not_words() {
        assert_eq!(count_words("\u{200c} \u{200c} \u{200c} \u{200b}"), 0);
        assert_eq!(count_words("two \u{2060} words \u{ad}"), 2);
    }

    #[test]
    fn long_lines_are_not_glued_teasers() {
        let card = "Customers Leave Without Paying The Bill At The SteakhouseA party of six left without paying the bill.";
        assert!(Line::new(card).glued);
        let body = format!(
            "{card}{}",
            " Then the paragraph goes on about the night.".repeat(8)
        );
        assert!(is_glued_teaser(&body));
        assert!(!Line::new(&body).glued);
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("It rained."));
        assert!(ends_sentence("“Yes,” she said.”"));
        assert!(ends_sentence("東京は晴れ。"));
        assert!(!ends_sentence("A headline"));
        assert!(!ends_sentence("Sport -"));
    }

    #[test]
    fn datelines() {
        for s in [
            "Chris Davies - Nov 19, 2019, 10:31 pm CST",
            "13/06/2014 Tony Carter All, Books, Kit Reviews",
            "By Jane Doe",
            "September 10, 2018 | by Catherine",
            "Posted on Maret 30, 2015 by Admin",
        ] {
            assert!(is_dateline(s, count_words(s)), "{s}");
        }
        for s in [
            "The VW ID. SPACE VIZZION is a weird EV sports wagon",
            "By reaching a deal with Russia, which supports Assad, Washington hopes that it will help",
            "The year 2019 was a good one for the club, which won the cup in May.",
            "September 2018 open thread",
        ] {
            assert!(!is_dateline(s, count_words(s)), "{s}");
        }
    }

    #[test]
    fn focus_moves_thresholds() {
        let p = Tuning::for_focus(Focus::Precision);
        let b = Tuning::for_focus(Focus::Balanced);
        let r = Tuning::for_focus(Focus::Recall);
        assert!(p.long_words > b.long_words && b.long_words > r.long_words);
        assert!(p.short_penalty > b.short_penalty && b.short_penalty > r.short_penalty);
    }
}
