//! What the run does with each page once it is fetched (or read) and
//! cleaned, in the order the pages were taken up.
//!
//! Fetches and cleans finish in whatever order the network and the
//! threads allow; the writer's decisions depend on what it saw before
//! (site boilerplate learning, near-duplicate detection, which links are
//! queued first). [`Ordered`] holds finished pages until every page taken
//! up before them is handled, so the same inputs and state give the same
//! files and records in every run.

use std::collections::BTreeMap;

use thresh_core::PageType;
use thresh_fetch::Outcome;

use super::frontier::{Frontier, Item};
use super::report::RunReport;
use super::writer::{Unwritten, Writer};
use super::{Cleaned, enqueue, follow_stored};
use crate::state::Store;
use crate::{Pipeline, PipelineError};

/// One page's result, ready to be handled.
pub(super) enum Event {
    /// A local file could not be read.
    ReadFailed { key: String, error: String },
    /// A local file with the same bytes as when its article was written.
    Unchanged { key: String },
    /// A fetch that needs no clean: `None` when the page came back with
    /// the same bytes, else the outcome (304, skipped, denied, failed).
    Fetched {
        item: Item,
        outcome: Option<Outcome>,
    },
    /// A cleaned page.
    Cleaned(Box<Cleaned>),
}

/// The reorder buffer: pages are numbered as they are taken up; finished
/// ones wait here for their turn.
#[derive(Default)]
pub(super) struct Ordered {
    /// The number the next page taken up gets.
    next_taken: u64,
    /// The number of the next page to handle.
    next_handled: u64,
    ready: BTreeMap<u64, Event>,
}

impl Ordered {
    /// Number a page taken up.
    pub(super) fn take_up(&mut self) -> u64 {
        let seq = self.next_taken;
        self.next_taken += 1;
        seq
    }

    /// Pages taken up and not handled yet.
    pub(super) fn open(&self) -> u64 {
        self.next_taken - self.next_handled
    }

    /// Page `seq` is finished.
    pub(super) fn done(&mut self, seq: u64, event: Event) {
        self.ready.insert(seq, event);
    }

    /// The next page to handle, when it is finished.
    pub(super) fn next_ready(&mut self) -> Option<Event> {
        let event = self.ready.remove(&self.next_handled)?;
        self.next_handled += 1;
        Some(event)
    }

    /// Everything finished, in order, gaps skipped (a stopped run's
    /// aborted fetches never finish).
    pub(super) fn drain(&mut self) -> Vec<Event> {
        self.next_handled = self.next_taken;
        std::mem::take(&mut self.ready).into_values().collect()
    }
}

/// What handling a page needs.
pub(super) struct Ctx<'a, 'p> {
    pub pipeline: &'p Pipeline,
    pub store: &'a mut Store,
    pub report: &'a mut RunReport,
    pub writer: &'a mut Writer<'p>,
    pub frontier: &'a mut Frontier,
}

impl Ctx<'_, '_> {
    /// Handle one page's result: record its state, write its article, queue
    /// its links.
    pub(super) fn handle(&mut self, event: Event) -> Result<(), PipelineError> {
        match event {
            Event::ReadFailed { key, error } => {
                self.report.fail("read", &key, error.clone());
                let previous = self.store.url(&key)?;
                self.writer.failed(self.store, &key, previous, error);
            }
            Event::Unchanged { key } => {
                self.report.unchanged += 1;
                let previous = self.store.url(&key)?;
                self.writer.unchanged(self.store, &key, previous, None);
            }
            Event::Fetched { item, outcome } => self.fetched(item, outcome)?,
            Event::Cleaned(cleaned) => self.cleaned(*cleaned)?,
        }
        Ok(())
    }

    fn fetched(&mut self, item: Item, outcome: Option<Outcome>) -> Result<(), PipelineError> {
        let previous = self.store.url(&item.url)?;
        match outcome {
            None => {
                self.report.unchanged += 1;
                follow_stored(self.frontier, self.pipeline, self.store, self.report, &item)?;
                self.writer
                    .unchanged(self.store, &item.url, previous, item.lastmod);
            }
            Some(Outcome::NotModified { .. }) => {
                self.report.not_modified += 1;
                follow_stored(self.frontier, self.pipeline, self.store, self.report, &item)?;
                self.writer
                    .unchanged(self.store, &item.url, previous, item.lastmod);
            }
            Some(Outcome::Skipped { content_type, .. }) => {
                tracing::info!(url = %item.url, %content_type, "skipped: not a page type");
                self.report.skipped_type += 1;
            }
            Some(Outcome::RobotsDenied { .. }) => {
                tracing::info!(url = %item.url, "robots.txt disallows");
                self.report.robots_denied += 1;
            }
            Some(other) => {
                let record = other.record();
                let reason = format!("fetch:{}", record.error_kind.as_deref().unwrap_or("error"));
                let message = record.error.unwrap_or_else(|| record.outcome.clone());
                self.report.fail(&reason, &item.url, message.clone());
                self.writer.failed(self.store, &item.url, previous, message);
            }
        }
        Ok(())
    }

    fn cleaned(&mut self, cleaned: Cleaned) -> Result<(), PipelineError> {
        let previous = self.store.url(&cleaned.key)?;
        let followed = cleaned.links.is_some();
        if let Some(links) = cleaned.links {
            let depth = cleaned.depth + 1;
            let items = links.iter().map(|url| Item {
                url: url.clone(),
                depth,
                lastmod: None,
            });
            enqueue(self.frontier, self.pipeline, self.store, self.report, items)?;
            self.store.set_links(&cleaned.key, links);
        }
        let pipeline = self.pipeline;
        let unwritten = match &cleaned.article {
            Ok(article) if is_hub(pipeline, &cleaned.key, followed, article) => {
                Some(Unwritten::Hub)
            }
            Err(thresh_clean::CleanError::OtherLanguage { .. }) => Some(Unwritten::OtherLanguage),
            _ => None,
        };
        if let Some(why) = unwritten {
            self.writer.unwritten(
                self.store,
                self.report,
                &cleaned.key,
                &cleaned.page,
                previous,
                cleaned.depth,
                why,
            );
            return Ok(());
        }
        match cleaned.article {
            Ok(article) => {
                if let Err(e) = self.writer.accept(
                    self.store,
                    self.report,
                    &cleaned.key,
                    &cleaned.page,
                    article,
                    previous,
                    cleaned.depth,
                    cleaned.lastmod,
                ) {
                    if matches!(e, PipelineError::Store { .. }) {
                        return Err(e);
                    }
                    self.report.fail("write", &cleaned.key, e.to_string());
                }
            }
            Err(e) => {
                self.report.fail("clean", &cleaned.key, e.to_string());
                self.writer
                    .failed(self.store, &cleaned.key, previous, e.to_string());
            }
        }
        Ok(())
    }
}

/// A hub, used for discovery and not written (unless `[emit] hubs`): a
/// `discover_only` seed, or a page whose links are followed and that the
/// classifier calls a listing or a collection (a section front, a
/// category grid).
fn is_hub(pipeline: &Pipeline, key: &str, followed: bool, article: &thresh_core::Article) -> bool {
    !pipeline.emit_hubs
        && (pipeline.discover_only.contains(key)
            || (followed
                && matches!(
                    article.page_type,
                    Some(PageType::Listing | PageType::Collection)
                )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listings_whose_links_are_followed_are_hubs() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("p.toml");
        let write = |extra: &str| {
            std::fs::write(
                &file,
                format!("[source]\nurls = [\"https://a.example/\"]\ndiscover_only = [\"https://a.example/seed\"]\nmax_depth = 1\n{extra}"),
            )
            .unwrap();
            Pipeline::load(&file).unwrap()
        };
        let p = write("");
        let page = |t: Option<PageType>| {
            let mut a = thresh_core::Article::new("https://a.example/x", "html");
            a.page_type = t;
            a
        };
        let listing = page(Some(PageType::Listing));
        assert!(is_hub(&p, "https://a.example/x", true, &listing));
        assert!(is_hub(
            &p,
            "https://a.example/x",
            true,
            &page(Some(PageType::Collection))
        ));
        // At the last step (links not followed) a listing is written.
        assert!(!is_hub(&p, "https://a.example/x", false, &listing));
        assert!(!is_hub(
            &p,
            "https://a.example/x",
            true,
            &page(Some(PageType::Article))
        ));
        assert!(is_hub(
            &p,
            "https://a.example/seed",
            false,
            &page(Some(PageType::Article))
        ));
        // Asked for: every hub is written too.
        let p = write("[emit]\nhubs = true\n");
        assert!(!is_hub(&p, "https://a.example/x", true, &listing));
    }

    fn unchanged(key: &str) -> Event {
        Event::Unchanged { key: key.into() }
    }

    fn key(e: &Event) -> &str {
        match e {
            Event::Unchanged { key } => key,
            _ => "",
        }
    }

    #[test]
    fn finished_pages_wait_for_the_ones_taken_up_before_them() {
        let mut o = Ordered::default();
        let (a, b, c) = (o.take_up(), o.take_up(), o.take_up());
        assert_eq!(o.open(), 3);
        o.done(c, unchanged("c"));
        o.done(b, unchanged("b"));
        assert!(o.next_ready().is_none(), "a is not finished");
        o.done(a, unchanged("a"));
        let order: Vec<String> = std::iter::from_fn(|| o.next_ready())
            .map(|e| key(&e).to_string())
            .collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(o.open(), 0);
        // A stopped run: what is in hand comes out in order, gaps skipped.
        let (_d, e, f) = (o.take_up(), o.take_up(), o.take_up());
        o.done(f, unchanged("f"));
        o.done(e, unchanged("e"));
        let rest: Vec<String> = o.drain().iter().map(|e| key(e).to_string()).collect();
        assert_eq!(rest, ["e", "f"]);
        assert_eq!(o.open(), 0);
    }
}
