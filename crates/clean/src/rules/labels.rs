//! Section labels: the short capitalised category names that related-story
//! teasers end with (`... ceasefire Middle East -`, `... on Sunday Sport -`),
//! or that stand alone on a line (`World News`, `Opinion -`).
//!
//! A label is one to [`MAX_LABEL_WORDS`] capitalised words, optionally
//! joined by a connector (`Arts & Culture`, `Science and Tech`). Any label
//! matches: the rule is the shape, not a list of section names.
//!
//! On its own a line ending in a label proves little (a body paragraph may
//! end with "... in New York -"); cleaners use these rules inside runs of
//! teasers, after a separator or a related-content header.

/// The most capitalised words a label may have.
pub(crate) const MAX_LABEL_WORDS: usize = 3;

/// The longest bare label, in characters.
const MAX_LABEL_CHARS: usize = 32;

/// Lower-case words allowed between two label words.
const CONNECTORS: &[&str] = &["&", "and", "of", "und", "y", "e", "et", "de", "и", "+", "/"];

/// Dashes a label may be followed by.
const DASHES: &[char] = &['-', '–', '—'];

/// True for a capitalised label word: starts with an upper-case letter, then
/// letters, digits and `.'’-` only (`News`, `U.S.`, `Middle`, `Sci-Fi`).
fn is_label_word(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-'))
}

/// Strip one trailing dash preceded by a space (`Sport -` -> `Sport`).
/// `None` when the text does not end in ` -`.
fn strip_trailing_dash(text: &str) -> Option<&str> {
    let rest = text.trim_end().strip_suffix(DASHES)?;
    if rest.is_empty() {
        return Some(rest);
    }
    // the dash must stand alone: `... News -`, not `... well-`
    rest.ends_with(char::is_whitespace).then(|| rest.trim_end())
}

/// How many words at the end of `words` form a label (0 when none).
fn trailing_label_len(words: &[&str]) -> usize {
    let mut taken = 0;
    let mut label_words = 0;
    for (i, word) in words.iter().enumerate().rev() {
        if is_label_word(word) {
            if label_words == MAX_LABEL_WORDS {
                break;
            }
            label_words += 1;
            taken = words.len() - i;
        } else if label_words > 0
            && CONNECTORS.contains(&word.to_lowercase().as_str())
            && i > 0
            && is_label_word(words[i - 1])
        {
            continue;
        } else {
            break;
        }
    }
    taken
}

/// True when the text ends in a capitalised section label followed by a
/// standalone dash: `... that began on July 17 Middle East -`,
/// `Features -`. A bare label with its dash counts too.
pub(crate) fn ends_with_section_label(text: &str) -> bool {
    let Some(rest) = strip_trailing_dash(text.trim()) else {
        return false;
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    trailing_label_len(&words) > 0
}

/// True when the whole text is a short section label, with or without a
/// trailing dash: `Sport`, `Middle East -`, `Arts & Culture`.
pub(crate) fn is_section_label(text: &str) -> bool {
    let text = text.trim();
    let rest = strip_trailing_dash(text).unwrap_or(text);
    if rest.is_empty() || rest.chars().count() > MAX_LABEL_CHARS {
        return false;
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    !words.is_empty() && trailing_label_len(&words) == words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn teasers_ending_in_any_label() {
        for s in [
            "Rebels press an assault that began on July 17 Middle East -",
            "He can restart peace talks within a month Features -",
            "The club won again on Sunday Sport -",
            "Why the vote matters Opinion -",
            "Leaders met in the capital World News -",
            "Ein Bericht über die Wahl Politik –",
            "Новости о выборах в стране Политика -",
            "Arts & Culture -",
            "U.S. -",
        ] {
            assert!(ends_with_section_label(s), "{s:?}");
        }
    }

    #[test]
    fn plain_dash_endings_are_not_labels() {
        for s in [
            "The result was clear -",
            "and then -",
            "a well-",
            "-",
            "Sport",
            "It costs 17 -",
            "",
        ] {
            assert!(!ends_with_section_label(s), "{s:?}");
        }
    }

    #[test]
    fn bare_labels() {
        for s in [
            "Sport",
            "Middle East",
            "World News -",
            "Arts & Culture",
            "Opinion",
        ] {
            assert!(is_section_label(s), "{s:?}");
        }
        for s in [
            "sport",
            "The sport pages",
            "Four Capitalised Label Words",
            "",
            "-",
            "Middle East talks",
        ] {
            assert!(!is_section_label(s), "{s:?}");
        }
    }
}
