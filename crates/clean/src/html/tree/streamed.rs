//! React's streamed rendering, undone after the parse: content that a
//! script would swap into its placeholders is moved there (see
//! [`Document::resolve_streamed`]).

use super::{Document, Kind, NONE, ROOT};

/// What React's streaming renderer writes around a streamed segment.
const STREAMED_BOUNDARY: &str = "<div hidden id=\"S:";
/// At most this many streamed boundaries are resolved per page.
const MAX_STREAMED: usize = 10_000;
/// The ancestor walk that guards a move against a cycle stops here.
const MAX_STREAMED_DEPTH: usize = 4096;

/// Whether the page holds streamed segments at all (a quick scan).
pub(super) fn present(html: &str) -> bool {
    memchr::memmem::find(html.as_bytes(), STREAMED_BOUNDARY.as_bytes()).is_some()
}

impl Document {
    /// Put streamed content where it belongs, as React's streaming
    /// renderer does in the browser: a boundary `<template id="B:n">`
    /// stands before its fallback ("Loading..."), a placeholder
    /// `<template id="P:n">` alone, and the content comes later in the
    /// body, in `<div hidden id="S:n">`, for a script to swap in. The
    /// fallback goes and the content takes its place. A pair whose
    /// template sits inside its own content (hostile markup) is left.
    pub(super) fn resolve_streamed(&mut self) {
        // (key, template, whether a fallback follows it)
        let mut boundaries: Vec<(String, u32, bool)> = Vec::new();
        let mut segments: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        for n in 0..self.nodes.len() as u32 {
            if self.node(n).kind != Kind::Element {
                continue;
            }
            let Some(id) = self.attr(n, "id") else {
                continue;
            };
            let placeholder = id
                .strip_prefix("B:")
                .map(|k| (k, true))
                .or_else(|| id.strip_prefix("P:").map(|k| (k, false)));
            if let Some((key, fallback)) = placeholder
                && self.local_name(n) == "template"
                && boundaries.len() < MAX_STREAMED
            {
                boundaries.push((key.to_string(), n, fallback));
            } else if let Some(key) = id.strip_prefix("S:") {
                segments.entry(key.to_string()).or_insert(n);
            }
        }
        for (key, template, fallback) in boundaries {
            let Some(&segment) = segments.get(&key) else {
                continue;
            };
            if self.node(template).parent == NONE || self.is_inside(template, segment) {
                continue;
            }
            // The fallback: the boundary's next element or text, after any
            // blank text; a comment (React's `<!--/$-->`) ends the search.
            let mut next = if fallback {
                self.node(template).next
            } else {
                NONE
            };
            while next != NONE {
                let after = self.node(next).next;
                match self.node(next).kind {
                    Kind::Text if self.text(next).trim().is_empty() => self.detach(next),
                    Kind::Text | Kind::Element => {
                        self.detach(next);
                        break;
                    }
                    _ => break,
                }
                next = after;
            }
            let mut child = self.node(segment).first;
            while child != NONE {
                let after = self.node(child).next;
                self.insert_before(template, child);
                child = after;
            }
            self.detach(template);
            self.detach(segment);
        }
    }

    /// Whether `n` is `ancestor` or below it (a bounded walk up).
    fn is_inside(&self, n: u32, ancestor: u32) -> bool {
        let mut at = n;
        for _ in 0..MAX_STREAMED_DEPTH {
            if at == ancestor {
                return true;
            }
            if at == NONE || at == ROOT {
                return false;
            }
            at = self.node(at).parent;
        }
        // Deeper than any real page: treat as inside, and leave it.
        true
    }
}
