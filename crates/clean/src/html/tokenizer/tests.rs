//! Our tokenizer against html5ever's own, with the same tree builder and
//! sink: the trees must be the same.

use crate::html::tree::{Document, Kind, ROOT};
use proptest::prelude::*;
use std::fmt::Write;

/// Everything the tree sink kept: each node in document order with
/// its depth, name, kept attributes and text; an SVG's drawing left out
/// (our tokenizer does not build it: the cleaner drops the element whole).
fn dump(doc: &Document) -> String {
    dump_with(doc, false)
}

/// [`dump`], SVG drawings included.
fn dump_all(doc: &Document) -> String {
    dump_with(doc, true)
}

fn dump_with(doc: &Document, drawings: bool) -> String {
    let mut out = String::new();
    let mut stack = vec![(ROOT, 0usize)];
    while let Some((n, depth)) = stack.pop() {
        let _ = match doc.kind(n) {
            Kind::Text => writeln!(out, "{depth} {:?}", doc.text(n)),
            Kind::Element => {
                let attrs: Vec<String> = doc
                    .attrs(n)
                    .iter()
                    .map(|a| format!("{:?}/{}={:?}", a.name, a.plain, &*a.value))
                    .collect();
                writeln!(out, "{depth} <{}> {attrs:?}", doc.local_name(n))
            }
            Kind::Document | Kind::Other => writeln!(out, "{depth} -"),
        };
        if !drawings && doc.kind(n) == Kind::Element && doc.local_name(n) == "svg" {
            continue;
        }
        let mut children = Vec::new();
        let mut c = doc.first_child(n);
        while let Some(k) = c {
            children.push(k);
            c = doc.next_sibling(k);
        }
        stack.extend(children.into_iter().rev().map(|k| (k, depth + 1)));
    }
    out
}

fn ours(html: &str) -> String {
    dump(&Document::parse_unresolved(html))
}

fn reference(html: &str) -> String {
    dump(&Document::parse_reference(html))
}

fn same(html: &str) {
    assert_eq!(ours(html), reference(html), "{html:?}");
}

#[test]
fn documents_match_html5ever() {
    for html in [
        "",
        "plain text",
        "<!DOCTYPE html><title>T &amp; U</title><p class=a>x<b>y</b>",
        "<p>a<script>if (a<b) x()</script>b<style>p{}</style><noscript><img src=x></noscript>",
        r#"<script type=" application/LD+json ">{"@type":"NewsArticle"}</script>"#,
        r#"<script type="application&#x2F;ld+json">{"a":1}</script>"#,
        r#"<script><!-- document.write("<script>x</script>"); --></script><p>after"#,
        "<script>never closed",
        "<textarea>\n<b>&lt;x</b></textarea><pre>\n\nkept</pre>",
        "<p>caf&eacute; &notit; &notin; &amp &#x41;&#65;&#x80;&#0;&#xD800;&#1114112; & &# &#x;",
        r#"<a href="?a=1&copy=2&amp;b" title="&notx" class="x&y">l</a>"#,
        "<svg><style>a</style><![CDATA[x<y\0]]><title>t</title></svg><style>b</style>",
        "<math><mi><![CDATA[no]]></mi></math>",
        "a\0b<p>\0</p><title>\0</title><textarea>\0&amp;</textarea>",
        "line\r\nbreak\rx<pre>\r\ny</pre>",
        "\u{feff}<p>bom",
        "<!-- c --><!--><!---><!-- a --!><!-- b -- -->x<?php x ?></ x></><!x>",
        "<p>1<table><tr><td>2</table>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p><table></table>",
        "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\" \"http://www.w3.org/TR/html4/loose.dtd\"><p><table>",
        "<!doctype html system 'about:legacy-compat'><p><table>",
        "<!DOCTYPE><p><table>",
        "<!DOCTYPE html x><p><table>",
        "<!DOCTYPE html PUBLIC><p><table>",
        "<!DOCTYPE html PUBLIC \"a\" x><p><table>",
        "<!DOCTYPE html SYSTEM \"a\" x><p><table>",
        "<!DOCTYPE html PUBLIC \"a>\"<p><table>",
        "<p>a<plaintext><b>x</b>",
        "<xmp><b>x</xmp><iframe><p></iframe><noembed>&amp;</noembed>",
        "<DIV CLASS=Big ID=x data-a=1><A HREF=u>L</A></DIV>",
        "<p class=a class=b id=c>x",
        "<input type=hidden><font color=red><svg><font face=x></svg>",
        "</script <title><svg><title><script type=application/ld+json></svg><select>",
        "<svg><desc><b>x</b></desc></svg><p>y",
        "<svg><foreignObject><div>z</div></foreignObject></svg>",
        "<a/x=1>y<br x=1/>z<img/>",
        "<p x=1 y='2' z=\"3\" w>a<p =x>b<p a= >c",
        "<p>a<img data-x=1",
        "<p>a<img data-x=\"1",
        "<p>a</p",
        "<",
        "<p>x</p><",
        "&",
        "<body><p>1</body><body class=z><p>2",
        "<table>a<tr>b<td>c</td></tr></table>",
        "<select><noscript><b>x</b></noscript></select>",
        "<template><p>x</p></template>",
        "<frameset><frame></frameset>",
        "<ul><li>a<li>b</ul><dl><dt>x<dd>y</dl>",
        "<pre></>\n",
        "<textarea>&#10x</textarea><textarea>&#10;y</textarea>",
        "<pre>&#10\nx</pre><pre>&#xa;y</pre><pre>&NewLine;z</pre><pre>&#10;w",
        "<textarea></>\nx</textarea><listing>\ny</listing>",
    ] {
        same(html);
    }
}

#[test]
fn an_svg_drawing_is_not_built_but_html_in_it_is() {
    let doc = Document::parse(
        "<p>a<svg viewBox=\"0 0 1 1\"><g><path d=M0/><svg><circle r=1/></svg><!-- </svg> --></g></svg>b</p>",
    );
    let dumped = dump_all(&doc);
    assert!(
        dumped.contains("<svg>") && !dumped.contains("<path>") && !dumped.contains("<circle>"),
        "{dumped}"
    );
    assert!(dumped.contains("\"b\""), "{dumped}");
    // An icon's title is text of the drawing, not the page's.
    let icon = dump_all(&Document::parse(
        "<p>a<svg><title>Search</title><path d=M0/></svg>b",
    ));
    assert!(
        !icon.contains("<path>") && !icon.contains("Search"),
        "{icon}"
    );
    // Never closed: read as html5ever reads it.
    same_whole("<p>a<svg><g><path d=M0/></g>b");
    // A paragraph in a drawing breaks out of it, as in a browser.
    same_whole("<svg><g><p>Text of the page</p></g></svg><p>after");
}

fn same_whole(html: &str) {
    assert_eq!(
        dump_all(&Document::parse_unresolved(html)),
        dump_all(&Document::parse_reference(html)),
        "{html:?}"
    );
}

#[test]
fn unread_parts_are_not_built() {
    let doc = Document::parse(
        r#"<div data-x="1" class=a onclick="f()"><!-- note --><script>var a;</script></div>"#,
    );
    let dumped = dump(&doc);
    assert!(
        !dumped.contains("data-x") && !dumped.contains("onclick"),
        "{dumped}"
    );
    assert!(dumped.contains("Class"), "{dumped}");
    assert!(!dumped.contains("var a"), "{dumped}");
}

/// Every page under `THRESH_TOKENIZER_PAGES` (`.html`, `.html.gz`),
/// parsed both ways: `THRESH_TOKENIZER_PAGES=../shared/bench cargo
/// test -p thresh-clean --release -- --ignored pages_match_html5ever`.
#[test]
#[ignore = "needs a directory of pages in THRESH_TOKENIZER_PAGES"]
fn pages_match_html5ever() {
    let Some(dir) = std::env::var_os("THRESH_TOKENIZER_PAGES") else {
        return;
    };
    let limits = thresh_fetch::Limits { max_bytes: 1 << 32 };
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let name = entry.file_name().to_string_lossy();
        if !(name.ends_with(".html") || name.ends_with(".html.gz")) {
            continue;
        }
        let Ok(page) = thresh_fetch::read_path(entry.path(), &limits) else {
            continue;
        };
        let text = thresh_core::charset::decode(&page.body, None, true).text;
        assert_eq!(ours(&text), reference(&text), "{}", entry.path().display());
        checked += 1;
    }
    assert!(checked > 0, "no pages found");
    eprintln!("{checked} pages parse alike");
}

const PIECES: &[&str] = &[
    "<script>",
    "</script>",
    "<script type=application/ld+json>",
    "<SCRIPT >",
    "</script ",
    "<style>",
    "</style>",
    "<noscript>",
    "</noscript>",
    "<!--",
    "-->",
    "--!>",
    "<!-->",
    "<p>",
    "</p>",
    "<div class=\"",
    "\"",
    "'",
    "<a title='",
    "=",
    ">",
    "<",
    "/",
    "-",
    "!",
    "a",
    " ",
    "\n",
    "\r",
    "\0",
    "&",
    "&amp;",
    "&amp",
    "&not",
    "&#",
    "&#x6",
    "1",
    ";",
    "<title>",
    "</title>",
    "<textarea>",
    "</textarea>",
    "<svg>",
    "</svg>",
    "<math>",
    "</math>",
    "<svg/>",
    "<![CDATA[",
    "]]>",
    "<b>",
    "</b>",
    "<table>",
    "<td>",
    "<iframe>",
    "</iframe>",
    "<xmp>",
    "</xmp>",
    "<!doctype html>",
    "<!DOCTYPE html PUBLIC \"",
    "<?x>",
    "</>",
    "</ x>",
    "<scriptx>",
    "<h1>",
    "</h1>",
    "<head>",
    "<body>",
    "<template>",
    "</template>",
    "<foreignObject>",
    "</foreignObject>",
    "<select>",
    "<option>",
    "<font>",
    "<span>",
    "<g>",
    "</g>",
    "<desc>",
    "</desc>",
    "<mi>",
    "</mi>",
    "</div>",
    "</table>",
    "</body>",
    "<br>",
    "</br>",
    "<path/>",
    "</html>",
    "<frameset>",
    "<caption>",
    "<pre>",
    "<plaintext>",
    " data-x=1",
    " data-y=\"a>b\"",
    " onclick='f(\"<p>\")'",
    " class=k",
    " CLASS=\"j\"",
    " href=u&amp;v",
    " srcset",
    "=v",
    " d=\"M0 0\"",
    " xlink:href=#h",
    " xml:lang=fr",
    " type=hidden",
    "<input type=hidden>",
    "<input data-a=1 type=hidden>",
    "<font color=red>",
    "<annotation-xml encoding=text/html>",
    "<meta charset=utf-8 data-m>",
    "<a/x=1>",
    "<a/x=\"1\"/>",
    "<br x=1/>",
    "<img alt=\"--\">",
    "<!---a-->",
    "<!-- a --!>",
    "<A HREF=x>",
    "</a>",
    "<li>",
    "<tr>",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    #[test]
    fn generated_documents_match_html5ever(parts in prop::collection::vec(0..PIECES.len(), 0..40)) {
        let html: String = parts.iter().map(|&k| PIECES[k]).collect();
        prop_assert_eq!(ours(&html), reference(&html), "{:?}", html);
    }

    #[test]
    fn markup_soup_matches_html5ever(html in "[<>/!?=\"' \\-a-eA-Eptsx;&#\\[\\]\\x00\\n\\ré]{0,300}") {
        prop_assert_eq!(ours(&html), reference(&html), "{:?}", html);
    }
}
