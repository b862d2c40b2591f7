//! Main-content extraction: turn a [`Page`] (HTML or a plain-text dump) into
//! an [`Article`].
//!
//! Each cleaner implements [`Cleaner`]. [`AutoCleaner`] picks
//! [`HtmlCleaner`] or [`TextCleaner`] from the content type and by sniffing
//! the bytes.
//!
//! ```
//! use thresh_clean::{AutoCleaner, Cleaner, Settings};
//! use thresh_core::Page;
//!
//! let dump = "Headline\nThe first paragraph of the story, long enough to be body text.\n-\nAnother story\nTeaser of another story Sport -\n";
//! let article = AutoCleaner::new(Settings::default())
//!     .clean(&Page::from_bytes("dump.txt", dump))
//!     .unwrap();
//! assert_eq!(article.title.as_deref(), Some("Headline"));
//! assert!(!article.text().contains("Another story"));
//! ```
#![deny(missing_docs)]

mod error;
mod explain;
mod html;
mod rules;
mod selector;
mod settings;
mod sniff;
mod text;

pub use error::CleanError;
pub use explain::{Candidate, Decision, Explanation, MetaField};
pub use html::HtmlCleaner;
pub use selector::{CssSelector, Rules, SELECTOR_ATTRIBUTES, SiteRules};
pub use settings::{DEFAULT_PAGE_TIMEOUT, Focus, InputKind, Options, Settings};
pub use sniff::{AutoCleaner, sniff};
pub use text::TextCleaner;

use thresh_core::{Article, Page};

/// Something that turns a page into an article.
pub trait Cleaner {
    /// Clean one page. Fails with a [`CleanError`] naming the page's source
    /// when there is nothing to extract.
    fn clean(&self, page: &Page) -> Result<Article, CleanError>;
}
