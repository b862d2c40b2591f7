//! [`HtmlCleaner`]: HTML documents to articles.

use scraper::{Html, Selector};
use thresh_core::{Article, Block, Page};

use crate::sniff::page_text;
use crate::{CleanError, Cleaner, Settings};

/// Extracts the main content of an HTML page.
#[derive(Debug, Clone, Default)]
pub struct HtmlCleaner {
    settings: Settings,
}

impl HtmlCleaner {
    /// An HTML cleaner with these settings.
    pub fn new(settings: Settings) -> Self {
        HtmlCleaner { settings }
    }
}

impl Cleaner for HtmlCleaner {
    fn clean(&self, page: &Page) -> Result<Article, CleanError> {
        let text = page_text(page, true)?;
        let doc = Html::parse_document(&text);
        let mut article = Article::new(&page.source, "html");
        article.url = page.url().map(str::to_string);
        article.provenance.settings = self.settings.provenance();
        if let Ok(sel) = Selector::parse("title") {
            article.title = doc
                .select(&sel)
                .next()
                .map(|t| t.text().collect::<String>().trim().to_string());
        }
        if let Ok(sel) = Selector::parse("p") {
            article.blocks = doc
                .select(&sel)
                .map(|p| Block::paragraph(p.text().collect::<String>().trim()))
                .filter(|b| !b.is_empty())
                .collect();
        }
        if article.blocks.is_empty() {
            return Err(CleanError::NoContent {
                source_name: page.source.clone(),
            });
        }
        Ok(article)
    }
}
