//! Scheduled crawls: pipeline files, incremental state, discovery, dedup
//! and site boilerplate learning.
//!
//! ```
//! use thresh_pipeline::dedup::{exact_hash, simhash, hamming};
//! assert_eq!(exact_hash("Hello, world"), exact_hash("hello   WORLD"));
//! assert_eq!(hamming(simhash("same text here"), simhash("same text here")), 0);
//! ```
#![deny(missing_docs)]

pub mod dedup;
pub mod discover;
mod error;
pub mod learn;
pub mod lock;
pub mod runner;
pub mod spec;
pub mod state;
pub use thresh_emit::template;

pub use error::PipelineError;
pub use runner::{RunOptions, RunReport, run};
pub use spec::{Pipeline, PipelineOptions};
