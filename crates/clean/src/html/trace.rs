//! The cleaner's decision trace, for `thresh explain`: the converter says
//! here why it drops what it drops, while [`record`] runs a clean. Off (one
//! thread-local check per dropped element) unless a trace is being
//! recorded, so cleaning without `explain` does no extra work.

use std::cell::RefCell;
use std::fmt::Display;

/// One element the converter left out, and why.
#[derive(Debug, Clone)]
pub(crate) struct Drop {
    /// The element's index in the DOM.
    pub node: usize,
    /// The stage that decided (`conditional cleaning`, `link density`...).
    pub stage: &'static str,
    /// The rule, with its numbers.
    pub rule: String,
}

thread_local! {
    static TRACE: RefCell<Option<Vec<Drop>>> = const { RefCell::new(None) };
}

/// Note that `node` was dropped by `stage` under `rule` (nothing when no
/// trace is being recorded).
pub(crate) fn dropped(node: usize, stage: &'static str, rule: impl Display) {
    TRACE.with(|t| {
        if let Some(drops) = t.borrow_mut().as_mut() {
            drops.push(Drop {
                node,
                stage,
                rule: rule.to_string(),
            });
        }
    });
}

/// Run `f` with a trace recorded on this thread; its result and the drops.
pub(crate) fn record<R>(f: impl FnOnce() -> R) -> (R, Vec<Drop>) {
    TRACE.with(|t| *t.borrow_mut() = Some(Vec::new()));
    // Taken back even if `f` panics.
    struct Reset;
    impl std::ops::Drop for Reset {
        fn drop(&mut self) {
            TRACE.with(|t| *t.borrow_mut() = None);
        }
    }
    let reset = Reset;
    let out = f();
    let drops = TRACE.with(|t| t.borrow_mut().take()).unwrap_or_default();
    std::mem::drop(reset);
    (out, drops)
}
