//! Articles out: renderings ([`Format`]) and sinks ([`Sink`]) that write
//! them to a stream or, atomically, to files.
//!
//! ```
//! use thresh_core::{Article, Block};
//! use thresh_emit::{render, Format};
//!
//! let mut a = Article::new("story.html", "html");
//! a.title = Some("Headline".into());
//! a.blocks.push(Block::paragraph("Body."));
//! assert_eq!(render(&a, Format::Text).unwrap(), "Headline\n\nBody.\n");
//! ```
#![deny(missing_docs)]

mod error;
mod format;
mod markdown;
mod marks;
mod sink;
pub mod template;

pub use error::EmitError;
pub use format::{
    ArticleRecord, Format, TextStyle, read_article_record, render, render_bytes,
    render_bytes_styled, render_styled,
};
pub use sink::{DirSink, Sink, StreamSink, TemplateSink, file_stem_for, write_atomic};
