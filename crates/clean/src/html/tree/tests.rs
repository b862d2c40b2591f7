use super::*;

/// The tree as a string: elements as `<name>`, text quoted.
fn show(doc: &Document, n: u32, out: &mut String) {
    let mut c = doc.first_child(n);
    while let Some(k) = c {
        match doc.kind(k) {
            Kind::Element => {
                out.push('<');
                out.push_str(doc.local_name(k));
                out.push('>');
                show(doc, k, out);
                out.push_str("</>");
            }
            Kind::Text => {
                out.push('"');
                out.push_str(doc.text(k));
                out.push('"');
            }
            _ => out.push('#'),
        }
        c = doc.next_sibling(k);
    }
}

fn tree(html: &str) -> String {
    let doc = Document::parse(html);
    let mut s = String::new();
    show(&doc, ROOT, &mut s);
    s
}

#[test]
fn builds_the_html5_tree() {
    assert_eq!(
        tree("<!doctype html><title>T</title><p>a<!-- c -->b<p>c &amp; d"),
        r##"<html><head><title>"T"</></><body><p>"a"#"b"</><p>"c & d"</></></>"##
    );
}

#[test]
fn foster_parenting_and_adoption() {
    // Text in a table is moved before it; misnested formatting is
    // repaired by the adoption agency (reparent_children).
    assert_eq!(
        tree("<table>x<tr><td>1</td></tr>y</table>"),
        r##"<html><head></><body>"xy"<table><tbody><tr><td>"1"</></></></></></>"##
    );
    assert_eq!(
        tree("<b>1<p>2</b>3</p>"),
        r##"<html><head></><body><b>"1"</><p><b>"2"</>"3"</></></>"##
    );
}

#[test]
fn kept_attributes_and_merged_body_attrs() {
    let doc = Document::parse(
        r##"<body class=a data-x=1><body id=b class=c><math><mi xlink:href="#h" href=k></mi></math>"##,
    );
    let body = (0..doc.node_count() as u32)
        .find(|&n| doc.local_name(n) == "body")
        .unwrap();
    assert_eq!(doc.attr(body, "class"), Some("a"));
    assert_eq!(doc.attr(body, "id"), Some("b"));
    assert_eq!(doc.attr(body, "data-x"), None);
    let a = (0..doc.node_count() as u32)
        .find(|&n| doc.local_name(n) == "mi")
        .unwrap();
    assert_eq!(doc.attr(a, "href"), Some("k"));
    assert_eq!(doc.attrs(a).len(), 2, "xlink:href is kept, not plain");
}

#[test]
fn template_contents_are_hidden() {
    assert_eq!(
        tree("<template><p>x</p></template><p>y"),
        r##"<html><head><template>#</></><body><p>"y"</></></>"##
    );
}

fn max_depth(doc: &Document) -> u32 {
    (0..doc.node_count() as u32)
        .map(|n| doc.depth(n))
        .max()
        .unwrap_or(0)
}

fn text_of(doc: &Document) -> String {
    (0..doc.node_count() as u32).map(|n| doc.text(n)).collect()
}

#[test]
fn nesting_past_the_cap_becomes_siblings() {
    for html in [
        format!("{}deep{}", "<div>".repeat(2000), "</div>".repeat(2000)),
        format!("{}deep", "<div>x".repeat(2000)),
        format!("{}<p>deep", "<b><i><span>".repeat(1000)),
        format!("{}deep", "<table><tr><td>".repeat(1000)),
    ] {
        let doc = Document::parse(&html);
        let depth = max_depth(&doc);
        assert!(depth <= MAX_DEPTH + 2, "depth {depth}");
        assert!(
            depth >= MAX_DEPTH - 8,
            "the cap is not lower than it says: {depth}"
        );
        assert!(text_of(&doc).ends_with("deep"), "text is kept");
        assert_eq!(doc.stopped, None);
    }
    // Below the cap, nothing changes.
    let html = format!("{}deep", "<div>".repeat(400));
    assert_eq!(max_depth(&Document::parse(&html)), 400 + 3);
}

#[test]
fn the_cap_tightens_on_huge_pages() {
    assert_eq!(depth_cap(1000), MAX_DEPTH);
    assert_eq!(depth_cap(MAX_NODES), 134);
    assert_eq!(depth_cap(usize::MAX), MIN_DEPTH);
    assert_eq!(node_cap(1 << 10), 100_000);
    assert_eq!(node_cap(50 << 20), MAX_NODES);
}

#[test]
fn the_parse_stops_at_the_node_cap_and_the_deadline() {
    let html = "<p>a</p>".repeat(10_000);
    let doc = Document::parse_within(
        &html,
        ParseLimits {
            max_nodes: 1000,
            deadline: None,
        },
    );
    assert_eq!(doc.stopped, Some(Stopped::Nodes));
    assert!(doc.node_count() < 1100, "{}", doc.node_count());
    let doc = Document::parse_within(
        &html,
        ParseLimits {
            max_nodes: MAX_NODES,
            deadline: Some(Instant::now()),
        },
    );
    assert_eq!(doc.stopped, Some(Stopped::Deadline));
    assert!(doc.node_count() < 20_000 / 2);
}
