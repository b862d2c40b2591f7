//! The HTML cleaner on hostile input: deep nesting does not overflow the
//! stack, a large page cleans, and malformed markup never panics.

// test code: a panic is a test failure
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use thresh_clean::{Cleaner, HtmlCleaner, Settings};
use thresh_core::Page;

fn clean(html: &str) -> Result<thresh_core::Article, thresh_clean::CleanError> {
    let mut page = Page::from_bytes("https://example.test/page", html.to_string());
    page.content_type = Some("text/html".into());
    // These tests are about the stack and panics, not time: an unoptimised
    // build on a loaded machine gets a budget it cannot run out of.
    let settings = Settings {
        page_timeout: std::time::Duration::from_secs(600),
        ..Settings::default()
    };
    HtmlCleaner::new(settings).clean(&page)
}

const PARA: &str =
    "A sentence of body text, with commas, long enough to count as a paragraph of an article.";

/// Runs `f` on a thread with a small stack, so a recursive walk over the
/// input depth would fail here rather than only on huge inputs.
fn on_small_stack(f: impl FnOnce() + Send + 'static) {
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(f)
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn deeply_nested_divs() {
    on_small_stack(|| {
        // 100_000 passes too (release: seconds); html5ever's scope checks
        // are quadratic in the depth, so the test stays at a depth that a
        // recursive walk on this stack could not survive either.
        let depth = 20_000;
        let html = format!(
            "<html><body>{}<p>{PARA}</p>{}</body></html>",
            "<div>".repeat(depth),
            "</div>".repeat(depth)
        );
        let article = clean(&html).unwrap();
        assert!(article.text().contains("long enough"));
    });
}

#[test]
fn deeply_nested_unclosed_inline_and_lists() {
    on_small_stack(|| {
        for open in [
            "<span>",
            "<ul><li>",
            "<b><i>",
            "<table><tr><td>",
            "<svg><g>",
        ] {
            let html = format!("<body>{}<p>{PARA}</p>", open.repeat(5_000));
            let _ = clean(&html);
        }
    });
}

#[test]
fn large_page() {
    // About 50 MB: many paragraphs, scripts and styles.
    let unit = format!(
        "<div class=item><p>{PARA}</p><script>var x = 1 < 2;</script><style>p{{}}</style><a href=/x>link</a></div>\n"
    );
    let html = format!(
        "<html><body><article>{}</article></body></html>",
        unit.repeat(50_000_000 / unit.len())
    );
    assert!(html.len() > 45_000_000);
    // This test is about size, not time: an unoptimised build on a busy
    // machine takes longer than the default page timeout.
    let mut page = Page::from_bytes("https://example.test/page", html);
    page.content_type = Some("text/html".into());
    let settings = Settings {
        page_timeout: std::time::Duration::from_secs(300),
        ..Settings::default()
    };
    let article = HtmlCleaner::new(settings).clean(&page).unwrap();
    assert!(article.text().len() > 1_000_000);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Tag soup from pieces that stress the tokenizer and the tree
    /// builder: never a panic.
    #[test]
    fn malformed_markup_never_panics(parts in prop::collection::vec(prop::sample::select(vec![
        "<div class='a", "\"", "<p>", "</p>", "<table>", "<tr>", "<td>", "</table>", "<b>", "</i>",
        "<script>", "</script>", "<!--", "-->", "<style>", "<svg>", "</svg>", "<math>",
        "<template>", "</template>", "<select>", "<textarea>", "<title>", "<frameset>", "<html lang=",
        "<body class=x>", "<a href=#>", "</a>", "<h1>", "text ", "& ", "&amp;", "\u{0}", "<", ">",
        "<![CDATA[", "]]>", "<?xml ?>", "<!doctype html>", "<li>", "<ul>", "<br/>", "<plaintext>",
        "<meta property=og:title content=T>", "<script type=application/ld+json>{\"@type\":",
    ]), 0..60)) {
        let html: String = parts.concat();
        let _ = clean(&html);
    }

    #[test]
    fn arbitrary_text_never_panics(html in "\\PC{0,300}") {
        let _ = clean(&html);
    }
}
