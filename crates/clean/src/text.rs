//! [`TextCleaner`]: plain-text dumps (one block per line) to articles.

use thresh_core::{Article, Block, Page};

use crate::sniff::page_text;
use crate::{CleanError, Cleaner, Settings};

/// Cleans plain-text dumps: title, lede and body are kept, trailing clutter
/// (related stories, share lines, footers) is dropped.
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

impl Cleaner for TextCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let text = page_text(page, false)?;
        let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let mut article = Article::new(&page.source, "text");
        article.url = page.url().map(str::to_string);
        article.provenance.settings = self.settings.provenance();
        article.title = lines.next().map(str::to_string);
        article.blocks = lines.map(Block::paragraph).collect();
        Ok(article)
    }
}
