//! Script shells: pages whose visible document is a stub that scripts
//! fill in (a splash screen, an empty app root), with the real content
//! in a `<noscript>` element for readers and crawlers without scripts
//! (Discourse and Flarum forums do this). The parse keeps the largest
//! `<noscript>`'s raw text ([`Document::noscript`]); when it holds more
//! text than the rest of the page, it is the page.

use super::dom::{Dom, Tag};
use super::tree::{Document, ParseLimits};

/// A `<noscript>` view with less text than this is a notice ("please
/// enable JavaScript"), a tracking pixel or a bot check, never the page.
const MIN_CHARS: usize = 500;

/// The `<noscript>` view of a script shell, parsed, when it holds at
/// least [`MIN_CHARS`] of text and more than the page outside it.
pub(crate) fn noscript_view(
    doc: &Document,
    dom: &Dom<'_>,
    limits: ParseLimits,
) -> Option<Document> {
    let raw = doc.noscript.as_deref()?;
    let view = Document::parse_within(raw, limits);
    let chars = visible_chars(&Dom::build(&view));
    (chars >= MIN_CHARS && chars > visible_chars(dom)).then_some(view)
}

/// Non-whitespace characters of a document's text, outside scripts,
/// styles and the head.
fn visible_chars(dom: &Dom<'_>) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < dom.len() {
        match dom.tag(i) {
            Tag::Script | Tag::Head | Tag::Title => {
                i = dom.end(i).max(i + 1);
                continue;
            }
            Tag::Text => n += dom.text(i).chars().filter(|c| !c.is_whitespace()).count(),
            _ => {}
        }
        i += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(html: &str) -> Option<String> {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let v = noscript_view(&doc, &dom, ParseLimits::default())?;
        let d = Dom::build(&v);
        Some((0..d.len()).map(|i| d.text(i)).collect::<String>())
    }

    const POST: &str = "<div class=post><p>I tried the new release and the import step now fails with a timeout after a minute. Has anyone seen this, and is there a setting to raise the limit?</p></div>";

    #[test]
    fn a_shell_gives_way_to_its_noscript_view() {
        let posts = POST.repeat(6);
        let html = format!(
            "<html><body><div id=splash>Loading…</div><noscript><div id=crawler>{posts}</div></noscript><script>app()</script></body></html>"
        );
        let text = view(&html).unwrap();
        assert!(text.contains("import step now fails"), "{text}");
    }

    #[test]
    fn a_page_with_its_own_text_keeps_it() {
        let posts = POST.repeat(6);
        let html = format!(
            "<html><body>{posts}{posts}<noscript><div>{posts}</div></noscript></body></html>"
        );
        assert_eq!(view(&html), None);
        // A notice among tracking pixels is never the page, however large
        // the raw markup.
        let pixels =
            "<img src=\"https://pixel.example/p.gif?id=1234567890\" width=1 height=1>".repeat(30);
        let html = format!(
            "<html><body><noscript>{pixels}<p>Please enable JavaScript to use this site.</p></noscript></body></html>"
        );
        assert_eq!(view(&html), None);
    }
}
