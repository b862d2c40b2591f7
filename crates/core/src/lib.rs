//! Records shared by the thresh stages, with no I/O.
//!
//! A [`Page`] is the bytes of one document and where they came from; an
//! [`Article`] is what a cleaner makes of it: metadata plus the body as
//! structural [`Block`]s. [`charset::decode`] turns body bytes into text.
//!
//! ```
//! use thresh_core::{Article, Block, Page};
//!
//! let page = Page::from_bytes("story.txt", "Headline\nBody text.");
//! let mut article = Article::new(&page.source, "example");
//! article.title = Some("Headline".into());
//! article.blocks.push(Block::paragraph("Body text."));
//! assert_eq!(article.text(), "Body text.");
//! ```
#![deny(missing_docs)]

mod article;
pub mod charset;
pub mod json;
mod page;
mod page_type;
pub mod warc;

pub use article::{Article, Block, Mark, MarkKind, Provenance};
pub use page::Page;
pub use page_type::PageType;

/// The version of thresh that made a record.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Version of the JSONL record shapes (`Page`, `Article`), see
/// `docs/records.md`. Bumped on any incompatible change.
pub const RECORD_VERSION: u32 = 3;
