//! Separator shapes: lines made only of rule characters (`-`, `—`, `* * *`,
//! `___`, `***`, `---`, `= = =`, `• • •`).

/// Characters a separator line may be made of (with spaces between them).
const RULE_CHARS: &[char] = &[
    '-', '‐', '‑', '‒', '–', '—', '―', '−', '_', '*', '=', '~', '·', '•', '∙', '⋅', '#', '+', '.',
    '…', '─', '━', '═', '⁂', '❧', '§', '|', '/', '\\', '<', '>', '‹', '›', '«', '»', '◆', '◇', '■',
    '□', '●', '○', '★', '☆', '♦', '^', '°',
];

/// The longest separator line, in characters.
const MAX_LEN: usize = 80;

/// True when the block is a separator: non-empty, at most [`MAX_LEN`]
/// characters, and made only of rule characters and spaces.
pub(crate) fn is_separator(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.chars().count() <= MAX_LEN
        && text
            .chars()
            .all(|c| c.is_whitespace() || RULE_CHARS.contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_shapes() {
        for s in [
            "-",
            "—",
            "–",
            "* * *",
            "***",
            "___",
            "---",
            " - ",
            "= = =",
            "• • •",
            "⁂",
            "~~~~",
            "...",
            "|",
        ] {
            assert!(is_separator(s), "{s:?}");
        }
    }

    #[test]
    fn text_is_not_a_separator() {
        for s in [
            "",
            "   ",
            "- item",
            "-5",
            "Sport -",
            "a---b",
            "** bold **",
            &"-".repeat(81),
        ] {
            assert!(!is_separator(s), "{s:?}");
        }
    }
}
