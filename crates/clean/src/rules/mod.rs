//! Boilerplate rules as data, one module per rule family.
//!
//! Every rule here looks at the text of **one block** (a line of a text dump,
//! or the text of one HTML block) and says whether it has the shape of page
//! clutter. The rules know nothing about where the block sits; cleaners add
//! that context (a "Related" line is only an end marker after a body, a line
//! ending in a section label is only a teaser inside a run of teasers).
//!
//! Families:
//!
//! - [`markers`]: marker phrases ("Related", "Read more", "Share this
//!   article", newsletter, cookie, copyright and comment lines...), as tables
//!   of phrases with how they must match.
//! - [`separators`]: separator shapes (`-`, `—`, `* * *`, `___`, `---`...).
//! - [`labels`]: section labels (`Sport -`, `Middle East -`, `World News`)
//!   and teaser lines that end in one.
//!
//! The crate-internal API, for the text cleaner and the HTML cleaner alike:
//!
//! - [`line_is_boilerplate`]`(&str) -> Option<Reason>`: the first rule that
//!   matches the block, if any. Separators come out as
//!   [`Reason::Separator`].
//! - [`Reason::ends_article`]: true for reasons that usually open the clutter
//!   after an article (related links, comments, newsletter, copyright...);
//!   [`Reason::is_hard_end`]: the subset after which nothing of the article
//!   follows (comments, copyright, footer links), where "Related" or a
//!   newsletter prompt may also stand inline in a body. Any other reason
//!   (advertisement labels, share buttons, credits, navigation) marks a
//!   block that can be dropped wherever it stands.
//! - [`is_separator`]`(&str) -> bool`: a line made only of rule characters.
//! - [`ends_with_section_label`]`(&str) -> bool`: text ending in a short
//!   capitalised label followed by ` -` (`... ceasefire Middle East -`), and
//!   [`is_section_label`]`(&str) -> bool`: the block is only a label
//!   (`Sport`, `World News -`).
//!
//! All functions are pure, allocation-light and never panic; they take
//! untrimmed text and trim it themselves.

pub(crate) mod labels;
pub(crate) mod markers;
pub(crate) mod separators;

pub(crate) use labels::{ends_with_section_label, is_section_label};
pub(crate) use separators::is_separator;

/// Why a block looks like clutter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Reason {
    /// A separator line: `-`, `* * *`, `___`.
    Separator,
    /// A related-content header: "Related", "More from", "Most popular",
    /// "Recommended", "You may also like".
    Related,
    /// A "Read more" / "Continue reading" link line.
    ReadMore,
    /// Share buttons or a "Share this article" line.
    Share,
    /// A newsletter or subscription prompt.
    Newsletter,
    /// A cookie or consent banner line.
    Cookie,
    /// A copyright or "All rights reserved" footer line.
    Copyright,
    /// A photo credit or caption credit: "Photo: Jane Doe", "© Jane Doe"
    /// (a `©` line with no year among its first words and no "rights");
    /// or a reading-time line ("4 min read").
    Credit,
    /// A comment-section header or comment chrome ("Leave a reply").
    Comments,
    /// Tags, topics and category lines ("Filed under", "Tags:").
    Tags,
    /// An advertisement label ("Advertisement", "Sponsored").
    Advertisement,
    /// Navigation chrome: "Skip to content", "Previous post", breadcrumbs.
    Navigation,
    /// Site footer links: "Privacy policy", "Terms of use", "Contact us".
    Footer,
}

impl Reason {
    /// True when a block of this kind usually opens the clutter after an
    /// article: everything from it on can go once a body has been seen.
    pub(crate) fn ends_article(self) -> bool {
        matches!(
            self,
            Reason::Related
                | Reason::Newsletter
                | Reason::Copyright
                | Reason::Comments
                | Reason::Tags
                | Reason::Footer
        )
    }

    /// True when nothing of the article follows a block of this kind:
    /// comment sections, copyright lines, footer links. Unlike "Related" or
    /// a newsletter prompt, these do not stand inside a body.
    pub(crate) fn is_hard_end(self) -> bool {
        matches!(self, Reason::Comments | Reason::Copyright | Reason::Footer)
    }
}

/// The first clutter rule matching one block's text, if any.
///
/// Checks separators, then the marker tables (see [`markers`]), then
/// breadcrumb shapes. Body paragraphs are long and have no marker shape, so
/// they come out as `None`: marker phrases only match short blocks, or
/// phrases that never occur in running text ("All rights reserved").
pub(crate) fn line_is_boilerplate(text: &str) -> Option<Reason> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if is_separator(text) {
        return Some(Reason::Separator);
    }
    markers::match_marker(text)
        .or_else(|| markers::is_breadcrumb(text).then_some(Reason::Navigation))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_common_clutter() {
        let cases = [
            ("-", Some(Reason::Separator)),
            ("* * *", Some(Reason::Separator)),
            ("Related", Some(Reason::Related)),
            ("Read more", Some(Reason::ReadMore)),
            ("More from The Site", Some(Reason::Related)),
            ("Most popular", Some(Reason::Related)),
            ("Recommended", Some(Reason::Related)),
            ("Share this article", Some(Reason::Share)),
            ("Sign up for our newsletter", Some(Reason::Newsletter)),
            (
                "We use cookies to improve your experience. Accept",
                Some(Reason::Cookie),
            ),
            ("© 2024 Example Media Ltd", Some(Reason::Copyright)),
            ("All rights reserved.", Some(Reason::Copyright)),
            ("© Jane Doe A crowd outside the court", Some(Reason::Credit)),
            ("Photo: Jane Doe", Some(Reason::Credit)),
            ("Home > News > World", Some(Reason::Navigation)),
            ("12 Comments", Some(Reason::Comments)),
        ];
        for (line, want) in cases {
            assert_eq!(line_is_boilerplate(line), want, "{line}");
        }
    }

    #[test]
    fn body_text_is_not_boilerplate() {
        for line in [
            "The minister said the talks would resume on Monday.",
            "Related research has shown that the effect is small, the authors wrote.",
            "He wanted to read more about the history of the region before the trip -",
            "Sport is a large part of life in the town, and the club has 300 members.",
            "",
        ] {
            assert_eq!(line_is_boilerplate(line), None, "{line}");
        }
    }

    #[test]
    fn end_markers_and_junk() {
        assert!(Reason::Related.ends_article());
        assert!(Reason::Copyright.ends_article());
        assert!(!Reason::Advertisement.ends_article());
        assert!(Reason::Comments.is_hard_end());
        assert!(!Reason::Related.is_hard_end());
        assert!(!Reason::Separator.is_hard_end());
    }
}
