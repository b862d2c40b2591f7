//! [`TextCleaner`]: plain-text dumps (one block per line) to articles.
//!
//! The pass, in order:
//!
//! 1. Every non-empty line is measured ([`features`]): words, whether it
//!    ends like a sentence, which clutter rule ([`crate::rules`]) it
//!    matches, whether it ends in a section label.
//! 2. The body span is the run of lines with the highest total score
//!    ([`span`]): running text scores up, short menu-like lines, clutter
//!    and long lines repeating earlier text score down, and text after an
//!    end marker ("Related", "Comments") counts for less. A dump with no
//!    clutter is one span.
//! 3. Trailing clutter inside the span is cut ([`tail`]): end markers,
//!    separators and navigation blocks followed by teasers, runs of
//!    headline + teaser pairs.
//! 4. The title is the best headline-like line before the body, the lede a
//!    standfirst right under it ([`title`]); clutter lines left inside the
//!    body (advertisement labels, share buttons) are dropped.
//!
//! Every output line is an input line, trimmed: the cleaner selects, it
//! never rewrites.

mod features;
mod span;
mod tail;
mod title;

use thresh_core::{Article, Block, Page};

use crate::sniff::page_text;
use crate::{CleanError, Cleaner, Settings};

use features::{Line, Tuning};

/// Cleans plain-text dumps: title, lede and body are kept, leading
/// navigation and trailing clutter (related stories, share lines, footers)
/// are dropped.
#[derive(Debug, Clone, Default)]
pub struct TextCleaner {
    settings: Settings,
}

impl TextCleaner {
    /// A text cleaner with these settings.
    pub fn new(settings: Settings) -> Self {
        TextCleaner { settings }
    }
}

/// What the pass selected, as indices into the dump's lines.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Selection {
    /// The title line.
    pub title: Option<usize>,
    /// The lede line (also the first of `body`).
    pub lede: Option<usize>,
    /// The body lines, in order.
    pub body: Vec<usize>,
}

/// Select title, lede and body among `lines`.
pub(crate) fn select(lines: &[Line<'_>], t: &Tuning) -> Selection {
    let span = span::body_span(lines, t);
    if span.is_empty() {
        return select_whole(lines);
    }
    let mut start = span.start;
    let end = tail::trim_tail(lines, start, span.end, t);
    let mut title = title::find_title(lines, start, end, t);
    if title.is_none() && start > 0 && lines[..start - 1].iter().all(|l| l.reason.is_some()) {
        // the first real line of a dump that opens with its title
        title = Some(start - 1).filter(|&i| lines[i].reason.is_none());
    }
    if title.is_none() && start + 1 < end && lines[start].is_headline_like(t) {
        // the headline is long enough to score as text: the span opens with it
        title = Some(start);
        start += 1;
    }
    let body: Vec<usize> = (start..end)
        .filter(|&i| lines[i].reason.is_none())
        .collect();
    let lede = body
        .first()
        .copied()
        .filter(|&first| title::is_lede(lines, title, first, body.len()));
    Selection { title, lede, body }
}

/// The fallback when no line reads as running text (a list, a very short
/// note): the first line that no rule matches is the title, every other
/// such line is body.
fn select_whole(lines: &[Line<'_>]) -> Selection {
    let mut kept = (0..lines.len()).filter(|&i| lines[i].reason.is_none());
    let title = kept.next();
    Selection {
        title,
        lede: None,
        body: kept.collect(),
    }
}

impl Cleaner for TextCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let text = page_text(page, false)?;
        let lines: Vec<Line<'_>> = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(Line::new)
            .collect();
        let tuning = Tuning::for_focus(self.settings.focus);
        let sel = select(&lines, &tuning);
        if sel.title.is_none() && sel.body.is_empty() {
            return Err(CleanError::NoContent {
                source_name: page.source.clone(),
            });
        }
        let mut article = Article::new(&page.source, "text");
        article.url = page.url().map(str::to_string);
        article.provenance.settings = self.settings.provenance();
        article.title = sel.title.map(|i| lines[i].text.to_string());
        article.blocks = sel
            .body
            .iter()
            .map(|&i| {
                let text = lines[i].text.to_string();
                if sel.lede == Some(i) {
                    Block::lede(text)
                } else {
                    Block::paragraph(text)
                }
            })
            .collect();
        Ok(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Focus;

    fn clean(text: &str) -> Article {
        TextCleaner::new(Settings::default())
            .clean(&Page::from_bytes("t.txt", text))
            .unwrap()
    }

    #[test]
    fn title_lede_body_and_no_teasers() {
        let dump = "A headline about the talks\n\
            A standfirst that sums up the whole story without a final full stop\n\
            The first paragraph of the story has plenty of words to count as body text.\n\
            The second paragraph goes on for a while, adding detail and a quote or two.\n\
            -\n\
            Another story\n\
            A teaser of another story that runs on for a while Middle East -\n\
            A third story\n\
            A teaser of a third story that runs on for a while, too Sport -\n";
        let a = clean(dump);
        assert_eq!(a.title.as_deref(), Some("A headline about the talks"));
        assert_eq!(a.blocks.len(), 3);
        assert!(matches!(a.blocks[0], Block::Lede { .. }));
        assert!(!a.text().contains("teaser"));
    }

    #[test]
    fn glued_teaser_cards_are_not_the_body() {
        let dump = "Menu\nNews\nSports\n\
            Michigan To Mail Redistricting Panel Applications To 250,000The state of Michigan will mail 250,000 applications to voters who may serve.\n\
            DNR Seeks Tips About Bull Elk Poached In Northern MichiganConservation officers in Gaylord are seeking information about a bull elk.\n\
            Mayor Says Despicable Move For Health Benefits Will Not StandThe mayor says it was underhanded for the council to grant lifetime insurance.\n\
            Couple Finds Old Newspapers During Home Renovation In DetroitA couple found newspapers dating back to the 1940s behind a wall.\n\
            Officials Report A Sixth Death Linked To The Virus\n\
            Health authorities are reporting a sixth fatality linked to the virus.\n\
            County officials said Monday the victim was one of two people who contracted it.\n\
            Comments\n";
        let text = clean(dump).text();
        assert!(text.contains("reporting a sixth fatality"), "{text}");
        assert!(!text.contains("Redistricting"), "{text}");
        assert!(!text.contains("Bull Elk"), "{text}");
    }

    #[test]
    fn clean_dump_comes_out_whole() {
        let dump =
            "Headline\nOne line of body text that is long enough to count.\nAnd a short end.\n";
        let a = clean(dump);
        assert_eq!(a.title.as_deref(), Some("Headline"));
        assert_eq!(a.blocks.len(), 2);
    }

    #[test]
    fn only_clutter_is_no_content() {
        let err = TextCleaner::new(Settings::default())
            .clean(&Page::from_bytes("c.txt", "-\n© 2024 Example\n"))
            .unwrap_err();
        assert!(matches!(err, CleanError::NoContent { .. }));
    }

    #[test]
    fn focus_is_recorded() {
        let s = Settings {
            focus: Focus::Precision,
            ..Settings::default()
        };
        let a = TextCleaner::new(s)
            .clean(&Page::from_bytes("t.txt", "Title\nBody text here."))
            .unwrap();
        assert!(
            a.provenance
                .settings
                .contains(&("focus".into(), "precision".into()))
        );
    }
}
