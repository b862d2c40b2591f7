//! The fetcher's policies, one test per behaviour, against servers on
//! 127.0.0.1 started by each test. Nothing else is contacted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod charset;
mod conditional;
mod limits;
mod politeness;
mod redirects;
mod retries;
mod robots;
mod support;
mod timeouts;
