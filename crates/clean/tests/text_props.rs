//! Property tests of the text cleaner: it never panics, and it only ever
//! selects input lines (trimmed), never rewrites or invents one.

use std::collections::HashSet;

use proptest::prelude::*;
use thresh_clean::{Cleaner, Focus, Settings, TextCleaner};
use thresh_core::Page;

/// Lines shaped like the parts of a dump: body text, headlines, menus,
/// separators, teasers with labels, marker lines.
fn dump_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{2,8}( [a-z]{1,9}){8,30}[.!?]",
        "[A-Z][a-z]{2,8}( [A-Za-z]{1,9}){2,10}",
        "[A-Z][a-z]{1,10}",
        prop::sample::select(vec!["-", "—", "* * *", "___", "***", "---", "|"])
            .prop_map(String::from),
        "[A-Z][a-z]{2,8}( [a-z]{1,9}){6,20} [A-Z][a-z]{2,8}( [A-Z][a-z]{2,6})? -",
        prop::sample::select(vec![
            "Related",
            "Read more",
            "More from Us",
            "Most popular",
            "Share this article",
            "© 2024 Example",
            "All rights reserved",
            "3 Comments",
            "Advertisement",
            "Sign up for our newsletter",
            "Home > News > World",
        ])
        .prop_map(String::from),
        "\\PC{0,80}",
    ]
}

fn check(input: &str, focus: Focus) -> Result<(), TestCaseError> {
    let settings = Settings {
        focus,
        ..Settings::default()
    };
    let page = Page::from_bytes("p.txt", input.as_bytes().to_vec());
    let Ok(article) = TextCleaner::new(settings).clean(&page) else {
        return Ok(());
    };
    let body = input.strip_prefix('\u{feff}').unwrap_or(input);
    let lines: HashSet<&str> = body.lines().map(str::trim).collect();
    let out = article
        .title
        .iter()
        .cloned()
        .chain(article.blocks.iter().map(|b| b.plain_text()))
        .collect::<Vec<_>>();
    for block in &out {
        for line in block.lines() {
            prop_assert!(lines.contains(line), "invented line {line:?}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_strings_never_panic_or_invent(input in "\\PC*(\n\\PC*){0,20}") {
        check(&input, Focus::Balanced)?;
    }

    #[test]
    fn dump_shaped_input(lines in prop::collection::vec(dump_line(), 0..40),
                         focus in prop::sample::select(vec![Focus::Precision, Focus::Balanced, Focus::Recall])) {
        check(&lines.join("\n"), focus)?;
    }

    #[test]
    fn any_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let page = Page::from_bytes("b.txt", bytes);
        let _ = TextCleaner::new(Settings::default()).clean(&page);
    }
}
