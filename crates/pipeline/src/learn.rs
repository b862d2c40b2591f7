//! Site boilerplate learning: blocks that repeat across many articles of
//! one host (related-story teasers, author bios, newsletter boxes) are
//! counted, and once a block has been seen in enough different articles
//! it is stripped from new ones.
//!
//! The learner is plain data: the runner loads the counts of a host from
//! the state store, calls [`HostModel::strip`] then [`HostModel::observe`]
//! for each article, and saves the counts back, so each run improves the
//! next.

use std::collections::{HashMap, HashSet};

use thresh_core::{Article, Block};
use xxhash_rust::xxh3::xxh3_64;

use crate::dedup::normalize;

/// A host's model drops the counts of blocks seen only once each time its
/// article count reaches a multiple of this (past 50 articles).
pub const PRUNE_EVERY: u64 = 64;

/// When a repeated block counts as boilerplate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LearnSettings {
    /// Articles of a host seen before anything is stripped.
    pub min_articles: u64,
    /// Different articles a block must have appeared in.
    pub min_count: u64,
    /// ... and the share of the host's articles that is.
    pub min_share: f64,
    /// Blocks longer than this many words are never learned: long
    /// paragraphs that repeat are syndicated text, not site furniture.
    pub max_words: usize,
}

impl Default for LearnSettings {
    fn default() -> Self {
        LearnSettings {
            min_articles: 5,
            min_count: 4,
            min_share: 0.2,
            max_words: 60,
        }
    }
}

/// The learned counts of one host.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HostModel {
    /// Articles observed.
    pub articles: u64,
    /// Block hash -> number of articles it appeared in.
    pub counts: HashMap<u64, u64>,
}

/// The hash under which a block is counted: its normalised text, so case
/// and punctuation changes do not hide a repeat.
pub fn block_hash(block: &Block) -> Option<u64> {
    let norm = normalize(&block.plain_text());
    (!norm.is_empty()).then(|| xxh3_64(norm.as_bytes()))
}

impl HostModel {
    /// Whether a block with this hash is learned boilerplate.
    pub fn is_boilerplate(&self, hash: u64, settings: &LearnSettings) -> bool {
        if self.articles < settings.min_articles {
            return false;
        }
        let count = self.counts.get(&hash).copied().unwrap_or(0);
        count >= settings.min_count && count as f64 >= settings.min_share * self.articles as f64
    }

    /// Remove learned boilerplate blocks from an article; returns how many
    /// were removed. An article is never emptied: if every block would go,
    /// none is removed.
    pub fn strip(&self, article: &mut Article, settings: &LearnSettings) -> usize {
        let keep: Vec<bool> = article
            .blocks
            .iter()
            .map(|b| {
                !self
                    .learnable(b, settings)
                    .is_some_and(|h| self.is_boilerplate(h, settings))
            })
            .collect();
        let removed = keep.iter().filter(|k| !**k).count();
        if removed == 0 || removed == keep.len() {
            return 0;
        }
        let mut flags = keep.into_iter();
        article.blocks.retain(|_| flags.next().unwrap_or(true));
        removed
    }

    /// Count an article's blocks (each distinct block once per article).
    /// Call with the article as cleaned, before [`HostModel::strip`], so
    /// counts keep growing for blocks that are already stripped.
    pub fn observe(&mut self, article: &Article, settings: &LearnSettings) {
        self.articles += 1;
        let distinct: HashSet<u64> = article
            .blocks
            .iter()
            .filter_map(|b| self.learnable(b, settings))
            .collect();
        for hash in distinct {
            *self.counts.entry(hash).or_insert(0) += 1;
        }
        // At fixed points of the host's article count, never at the
        // whim of when a run commits: a run killed and resumed, whose
        // commits fall elsewhere, must learn exactly what an uninterrupted
        // one learns.
        if self.articles.is_multiple_of(PRUNE_EVERY) {
            self.prune();
        }
    }

    fn learnable(&self, block: &Block, settings: &LearnSettings) -> Option<u64> {
        let words = block.plain_text().split_whitespace().count();
        (words <= settings.max_words)
            .then(|| block_hash(block))
            .flatten()
    }

    /// Drop counts of blocks seen only once, keeping the model small (done
    /// by [`HostModel::observe`] every [`PRUNE_EVERY`] articles).
    pub fn prune(&mut self) {
        if self.articles > 50 {
            self.counts.retain(|_, c| *c > 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(i: usize, teasers: &[&str]) -> Article {
        let mut a = Article::new(format!("https://news.example/{i}"), "test");
        a.blocks.push(Block::paragraph(format!(
            "Story number {i} opens with its own reporting about event {i}."
        )));
        a.blocks.push(Block::paragraph(format!(
            "A second paragraph unique to story {i}."
        )));
        for t in teasers {
            a.blocks.push(Block::paragraph(*t));
        }
        a
    }

    const TEASERS: [&str; 2] = [
        "Ministers meet again over port strike Business -",
        "Sign up to our morning briefing",
    ];

    #[test]
    fn repeated_blocks_are_learned_and_stripped() {
        let settings = LearnSettings::default();
        let mut model = HostModel::default();
        for i in 0..8 {
            model.observe(&article(i, &TEASERS), &settings);
        }
        let mut fresh = article(99, &TEASERS);
        assert_eq!(model.strip(&mut fresh, &settings), 2);
        assert_eq!(fresh.blocks.len(), 2);
        assert!(fresh.text().contains("story 99"));
    }

    #[test]
    fn nothing_is_stripped_before_enough_articles() {
        let settings = LearnSettings::default();
        let mut model = HostModel::default();
        for i in 0..3 {
            model.observe(&article(i, &TEASERS), &settings);
        }
        let mut fresh = article(99, &TEASERS);
        assert_eq!(model.strip(&mut fresh, &settings), 0);
    }

    #[test]
    fn rare_blocks_and_long_paragraphs_are_kept() {
        let settings = LearnSettings::default();
        let long = "word ".repeat(100);
        let mut model = HostModel::default();
        for i in 0..20 {
            let rare = if i < 2 {
                vec!["Seen twice only"]
            } else {
                vec![]
            };
            let mut a = article(i, &rare);
            a.blocks.push(Block::paragraph(long.clone()));
            model.observe(&a, &settings);
        }
        let mut fresh = article(99, &["Seen twice only"]);
        fresh.blocks.push(Block::paragraph(long));
        assert_eq!(model.strip(&mut fresh, &settings), 0);
    }

    #[test]
    fn an_article_is_never_emptied() {
        let settings = LearnSettings::default();
        let mut model = HostModel::default();
        let same = |i| {
            let mut a = Article::new(format!("u{i}"), "t");
            a.blocks.push(Block::paragraph("Same every time"));
            a
        };
        for i in 0..10 {
            model.observe(&same(i), &settings);
        }
        let mut a = same(11);
        assert_eq!(model.strip(&mut a, &settings), 0);
        assert_eq!(a.blocks.len(), 1);
    }
}
