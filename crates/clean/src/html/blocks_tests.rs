//! Tests of the block converter.

use super::*;
use thresh_core::MarkKind::{Bold, Code, Italic, Link};

fn blocks(html: &str) -> Vec<Block> {
    crate::html::with_pruned(html, |dom, marks, dropped, st, tuning| {
        let root = (0..dom.len())
            .find(|&i| dom.attr(i, "id") == Some("root"))
            .unwrap();
        Converter::new(dom, marks, dropped, st, tuning, None).convert(&[root])
    })
}

#[test]
fn structure_is_kept() {
    let b = blocks(
        r#"<div id=root><h2>Sub  title</h2><p>One <b>bold</b>
        text.</p>Loose<br>line<br><br>Next para<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>
        <ol><li>x</li></ol><blockquote><p>q1</p><p>q2</p></blockquote><pre>  code
  more</pre><table><tr><th>k</th><th>v</th></tr><tr><td>a</td><td>1</td></tr></table>
        <figure><img src=x><figcaption>Cap</figcaption></figure></div>"#,
    );
    assert_eq!(
        b,
        vec![
            Block::heading(2, "Sub title"),
            Block::paragraph("One bold text.").with_marks(vec![Mark::new(4, 8, Bold)]),
            Block::paragraph("Loose\nline"),
            Block::paragraph("Next para"),
            Block::list(false, vec!["a".into(), "a1".into(), "b".into()]),
            Block::list(true, vec!["x".into()]),
            Block::quote("q1\nq2"),
            Block::Code {
                text: "  code\n  more".into()
            },
            Block::Table {
                rows: vec![vec!["k".into(), "v".into()], vec!["a".into(), "1".into()]]
            },
        ]
    );
}

#[test]
fn a_related_heading_ends_its_box_after_the_article() {
    let body = "The council voted on the new plan after a long night of debate. ".repeat(8);
    let html = format!(
        r#"<div id=root><article><p>{body}</p></article>
        <section><h3 class=relatedtitle>You may also like</h3>
        <article><p><a href=/park>A teaser paragraph that reads like a body paragraph, about a park.</a></p></article>
        <article><p><a href=/bridge>Another teaser paragraph, about a bridge that opened this week.</a></p></article>
        </section></div>"#
    );
    let b = blocks(&html);
    let text: Vec<String> = b.iter().map(|b| b.plain_text()).collect();
    assert_eq!(text.len(), 1, "{text:?}");
    assert!(text[0].starts_with("The council voted"));

    // Before an article's worth of text, the heading ends nothing.
    let html = r#"<div id=root><h3>Related</h3><p>Short opening.</p><p>More text.</p></div>"#;
    let text: Vec<String> = blocks(html).iter().map(|b| b.plain_text()).collect();
    assert!(text.iter().any(|t| t == "More text."), "{text:?}");
}

#[test]
fn inline_marks_are_recorded() {
    let b = blocks(
        r##"<div id=root><p>  Read <a href="https://x.test/a"> the <b>full</b>
        story</a> and <i>more</i>, <a href="#top">top</a> <a href="javascript:f()">js</a>
        <a href=/img><img src=x></a> <code>f()</code>.</p>
        <ul><li>Item <em>one</em></li><li>two</li></ul>
        <h3><kbd>Ctrl</kbd> keys</h3><blockquote><p>q <strong>1</strong></p><p>q2</p></blockquote></div>"##,
    );
    let link = || Link {
        href: "https://x.test/a".into(),
    };
    let text = "Read the full story and more, top js f().";
    assert_eq!(
        b,
        vec![
            Block::paragraph(text).with_marks(vec![
                Mark::new(5, 19, link()),
                Mark::new(9, 13, Bold),
                Mark::new(24, 28, Italic),
                Mark::new(37, 40, Code),
            ]),
            Block::List {
                ordered: false,
                items: vec!["Item one".into(), "two".into()],
                item_marks: vec![vec![Mark::new(5, 8, Italic)], vec![]],
            },
            Block::heading(3, "Ctrl keys").with_marks(vec![Mark::new(0, 4, Code)]),
            Block::quote("q 1\nq2").with_marks(vec![Mark::new(2, 3, Bold)]),
        ]
    );
    assert_eq!(&text[5..19], "the full story");
}

#[test]
fn link_boxes_inside_are_cleaned() {
    let b = blocks(
        r#"<div id=root><p>Body text that is long enough to stay, with words.</p>
        <div><a href=/a>Another story</a> <a href=/b>Yet another story</a></div>
        <div class=meta>Posted by someone</div><p>End.</p></div>"#,
    );
    assert_eq!(
        b,
        vec![
            Block::paragraph("Body text that is long enough to stay, with words."),
            Block::paragraph("End.")
        ]
    );
}

#[test]
fn layout_tables_are_walked() {
    let b = blocks(
        r#"<div id=root><table><tr><td><p>First para.</p><p>Second para.</p></td></tr></table></div>"#,
    );
    assert_eq!(
        b,
        vec![
            Block::paragraph("First para."),
            Block::paragraph("Second para.")
        ]
    );
}

#[test]
fn a_table_with_headed_columns_is_data_though_its_cells_hold_lists() {
    // A course schedule: its resources cells hold lists of references, its
    // notes cells are all links. The row is the unit, not each cell.
    let refs = "<ul><li>A survey of tensor methods and the algorithms that use them, with notes.</li>\
                <li>Lecture notes on smoothed analysis for overcomplete tensor decomposition.</li>\
                <li>The original paper on iterative filtering for robust statistics, and more.</li>\
                <li>Further reading on spectral methods and their analysis in high dimensions.</li>\
                <li>A book chapter on sum-of-squares proofs and their rounding algorithms here.</li>\
                <li>Slides from an earlier year of this class, with the exercises worked out.</li>\
                <li>Problem sets of the class before, their solutions and the grading notes.</li>\
                <li>Recordings of the guest lectures on statistical physics and inference.</li></ul>";
    let row = |d: &str| {
        format!(
            "<tr><td>{d}</td><td>Tensors and their decompositions</td>\
             <td><a href=/n>notes</a>, <a href=/s>slides</a></td><td>{refs}</td></tr>"
        )
    };
    let html = format!(
        "<div id=root><table><tr><th>Date</th><th>Topic</th><th>Notes</th><th>Resources</th></tr>{}{}{}</table></div>",
        row("Sep 6"),
        row("Sep 11"),
        row("Sep 13")
    );
    let b = blocks(&html);
    let [Block::Table { rows }] = b.as_slice() else {
        panic!("one table expected: {b:?}");
    };
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][2], "notes, slides");
    // Without the headings it is a layout table, walked cell by cell.
    let layout = html.replace(
        "<tr><th>Date</th><th>Topic</th><th>Notes</th><th>Resources</th></tr>",
        "",
    );
    assert!(!matches!(blocks(&layout).as_slice(), [Block::Table { .. }]));
}

#[test]
fn a_glossarys_linked_terms_stay_with_their_definitions() {
    // Each term links to its article and is set off by a colon; the box's
    // link density is over 0.2 because the definitions are short.
    let entry = |term: &str, def: &str| {
        format!("<div class=term><a href=/{term}>{term}:</a> <p>{def}</p></div>")
    };
    let html = format!(
        "<div id=root><p>Here are a few key terms and concepts you should know before you start.</p>\
         <div class=pair>{}{}</div><div class=pair><a href=/more>More reading</a> <p>Keywords with low search volumes.</p></div></div>",
        entry("Keywords", "The words people type into search engines."),
        entry("Long-tail keywords", "Keywords with low search volumes.")
    );
    let text: Vec<String> = blocks(&html).iter().map(Block::plain_text).collect();
    assert!(
        text.contains(&"Long-tail keywords:".to_string()),
        "{text:?}"
    );
    assert!(
        text.contains(&"The words people type into search engines.".to_string()),
        "{text:?}"
    );
    // A link that is not a term is a teaser's: its box is judged as before.
    assert!(!text.contains(&"More reading".to_string()), "{text:?}");
}

#[test]
fn a_highlighters_line_boxes_are_lines_of_the_code_block() {
    // Shiki writes a code block as line spans with no newline between.
    let b = blocks(
        r#"<div id=root><pre class=shiki><code><span class="line"><span>npm create vite my-app</span></span><span class="line"><span>cd</span><span> my-app</span></span></code></pre></div>"#,
    );
    assert_eq!(
        b,
        vec![Block::Code {
            text: "npm create vite my-app\ncd my-app".into()
        }]
    );
    // Lines that already end in newlines get no second one.
    let b = blocks(
        "<div id=root><pre><span class=line>a\n</span><span class=line>b</span></pre></div>",
    );
    assert_eq!(
        b,
        vec![Block::Code {
            text: "a\nb".into()
        }]
    );
}

#[test]
fn a_box_whose_links_sit_in_one_part_keeps_its_prose() {
    // A chapter: its table of contents (all links) above its introduction.
    let intro =
        "Indexes are a common way to enhance database performance, and they add overhead too. "
            .repeat(3);
    let toc: String = (1..=14)
        .map(|n| {
            format!(r#"<dt><a href="/ch11-{n}.html">11.{n}. A section of the chapter</a></dt>"#)
        })
        .collect();
    let html = format!(
        r#"<div id=root><div class=chapter><h2>Chapter 11. Indexes</h2>
        <div class=contents><p><strong>Contents</strong></p><dl>{toc}</dl></div>
        <p>{intro}</p></div></div>"#
    );
    let text: Vec<String> = blocks(&html).iter().map(|b| b.plain_text()).collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with("Indexes are a common way")),
        "{text:?}"
    );
    assert!(
        !text.iter().any(|t| t.contains("A section of the chapter")),
        "{text:?}"
    );

    // A box that is links all through still goes.
    let links: String = (1..=14)
        .map(|n| {
            format!(
                r#"<p><a href="/p{n}">A teaser for another story number {n}</a> and a word.</p>"#
            )
        })
        .collect();
    let html = format!(r#"<div id=root><p>{intro}</p><div class=more>{links}</div></div>"#);
    let text: Vec<String> = blocks(&html).iter().map(|b| b.plain_text()).collect();
    assert!(!text.iter().any(|t| t.contains("A teaser")), "{text:?}");
}

#[test]
fn a_linked_term_of_a_definition_list_is_kept() {
    // An API reference: each term links to its own page, its definition
    // says what it is.
    let terms: String = ["binaryType", "bufferedAmount", "extensions", "protocol", "url"]
        .iter()
        .map(|p| {
            format!(r#"<dt><a href="/{p}"><code>WebSocket.{p}</code></a></dt><dd><p>What the {p} of the connection is, read from the server.</p></dd>"#)
        })
        .collect();
    let html = format!(
        r#"<div id=root><p>The interface has these properties, each described below in a short line.</p><dl>{terms}</dl></div>"#
    );
    let text: Vec<String> = blocks(&html).iter().map(|b| b.plain_text()).collect();
    assert!(
        text.contains(&"WebSocket.binaryType".to_string()),
        "{text:?}"
    );
    assert!(text.contains(&"WebSocket.url".to_string()), "{text:?}");
    // A filter panel's facet over its option links is still a link line.
    let html = r#"<div id=root><p>The interface has these properties, each described below in a short line.</p><dl>
        <dt><a href="?brand">Brand name</a></dt><dd><a href="?b=1">Acme</a> <a href="?b=2">Globex</a></dd></dl></div>"#;
    let text: Vec<String> = blocks(html).iter().map(|b| b.plain_text()).collect();
    assert!(!text.iter().any(|t| t.contains("Brand name")), "{text:?}");
}

#[test]
fn an_admonition_with_a_link_is_kept() {
    let intro = "Install the tools, then create the project from the command line in a terminal. "
        .repeat(3);
    let html = format!(
        r#"<div id=root><p>{intro}</p><div class="IMPORTANT"><p>Important</p><p>Run the commands in a <a href="/venv">virtual environment</a>.</p></div>
        <div class="admonition note"><p>See <a href="/versions">Core Tools versions</a> for help with issues of versions.</p></div>
        <div class="more"><p>See <a href="/versions">Core Tools versions</a> for help with issues of versions.</p></div></div>"#
    );
    let text: Vec<String> = blocks(&html).iter().map(|b| b.plain_text()).collect();
    assert!(
        text.iter()
            .any(|t| t == "Run the commands in a virtual environment."),
        "{text:?}"
    );
    assert_eq!(
        text.iter()
            .filter(|t| t.starts_with("See Core Tools"))
            .count(),
        1,
        "{text:?}"
    );
}
