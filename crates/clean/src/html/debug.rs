//! Developer aid: `THRESH_DEBUG_PAGE=file.html[.gz] cargo test -p thresh-clean
//! --release debug_page -- --ignored --nocapture` prints the candidates and
//! the choice for one page.

use super::*;

fn describe(dom: &Dom<'_>, i: usize) -> String {
    let a = dom.attrs(i);
    let name = match dom.name(i) {
        "" => "#text",
        n => n,
    };
    format!(
        "{i} <{name} class={:?} id={:?}>",
        a.class.unwrap_or(""),
        a.id.unwrap_or("")
    )
}

#[test]
#[ignore]
fn debug_page() {
    let Ok(path) = std::env::var("THRESH_DEBUG_PAGE") else {
        return;
    };
    let limits = thresh_fetch::Limits { max_bytes: 1 << 40 };
    let page = thresh_fetch::read_path(std::path::Path::new(&path), &limits).unwrap();
    let text = page_text(&page, true).unwrap();
    let doc = Document::parse(&text);
    let dom = Dom::build(&doc);
    let marks = Marks::compute(&dom);
    let tuning = Tuning::default();
    for threshold in [Cut::Class, Cut::Chrome, Cut::Hidden] {
        let dropped = marks.dropped(&dom, threshold);
        let st = stats::compute(&dom, &marks, &dropped);
        let scorer = Scorer {
            dom: &dom,
            marks: &marks,
            dropped: &dropped,
            stats: &st,
            tuning: &tuning,
        };
        let scores = scorer.scores();
        let mut ranked: Vec<(usize, f32)> = scores
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.map(|v| (i, v)))
            .collect();
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        println!("== threshold {threshold:?}");
        for (i, s) in ranked.iter().take(8) {
            println!(
                "  {s:8.2} ptext={} ld={:.2} {}",
                st[*i].ptext,
                st[*i].link_density(),
                describe(&dom, *i)
            );
        }
        if let Some(sel) = scorer.select() {
            println!("  top: {}", describe(&dom, sel.top));
            for r in sel.roots {
                println!("  root: {}", describe(&dom, r));
            }
        }
        let mut anc = Vec::new();
        for i in 0..dom.len() {
            if dom.tag(i) == dom::Tag::Text && dom.text(i).contains("THRESH_TRACE") {
                anc.push(i);
            }
        }
        if let Ok(needle) = std::env::var("THRESH_TRACE")
            && let Some(t) = (0..dom.len())
                .find(|&i| dom.tag(i) == dom::Tag::Text && dom.text(i).contains(&needle))
        {
            let mut p = Some(t);
            while let Some(a) = p {
                println!(
                    "    trace {} cut={:?} dropped={} w={} hint={:?} ptext={}",
                    describe(&dom, a),
                    marks.cut[a],
                    dropped[a],
                    marks.weight[a],
                    marks.hint[a],
                    st[a].ptext
                );
                p = dom.parent(a);
            }
        }
    }
}
