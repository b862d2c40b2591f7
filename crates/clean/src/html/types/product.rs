//! The product strategy: a product page's region (its reviews, ratings,
//! cart and recommendations are [`Family::Product`] furniture), narrowed
//! to the description when the page names it (description, details,
//! specifications and feature panels, tabs and accordions, hidden or
//! not), without price lines; the JSON-LD `description` leads when the
//! page's own text lacks it.
//!
//! [`Family::Product`]: crate::html::furniture::Family::Product

use thresh_core::Block;

use crate::html::boilerplate::{On, RuleTable, values};
use crate::html::dom::Dom;
use crate::html::region::Region;

/// Class/id names of a product's description panels.
const DESCRIPTION: &[(&str, On, u8)] = &[
    ("desc", On::TokenPrefix, 1),
    ("detail", On::TokenPrefix, 1),
    ("spec", On::TokenPrefix, 1),
    ("feature", On::TokenPrefix, 1),
    ("overview", On::TokenPrefix, 1),
    ("accordion", On::TokenPrefix, 1),
    ("tabcontent", On::Whole, 1),
    ("tabpane", On::Whole, 1),
    ("tabpanel", On::Whole, 1),
    ("rte", On::Token, 1),
    ("productinfo", On::Whole, 1),
];

static TABLE: std::sync::LazyLock<RuleTable> =
    std::sync::LazyLock::new(|| RuleTable::new(DESCRIPTION.iter().copied(), &[], 0));

/// The description panels hold the product's content when they have at
/// least this share of the region's text.
const DESCRIPTION_SHARE: f32 = 0.5;

/// A JSON-LD description joins the output when it is this long and less
/// than half of its words are in the page's text already.
const LD_DESCRIPTION_CHARS: usize = 100;

/// The outermost description panels of the region, in document order,
/// when together they hold most of its text.
pub(crate) fn description_roots(dom: &Dom<'_>, region: &Region) -> Option<Vec<usize>> {
    let mut roots = Vec::new();
    let mut chars = 0u32;
    let end = dom.end(region.root);
    let mut i = region.root + 1;
    while i < end {
        if region.dropped[i] {
            i = dom.end(i).max(i + 1);
            continue;
        }
        let a = dom.attrs(i);
        let named = values(a.class, a.id).any(|v| TABLE.flags(v) != 0)
            || a.role
                .is_some_and(|r| r.trim().eq_ignore_ascii_case("tabpanel"));
        if named && region.kept[i] > 0 {
            roots.push(i);
            chars += region.kept[i];
            i = dom.end(i).max(i + 1);
            continue;
        }
        i += 1;
    }
    (chars as f32 >= DESCRIPTION_SHARE * region.chars as f32 && !roots.is_empty()).then_some(roots)
}

/// Drop the lines that are only a price ("$24.99", "Sale price €18,00").
pub(crate) fn drop_price_lines(blocks: Vec<Block>) -> Vec<Block> {
    blocks.into_iter().filter(|b| !is_price_line(b)).collect()
}

fn is_price_line(b: &Block) -> bool {
    let Block::Paragraph { text, .. } = b else {
        return false;
    };
    text.split_whitespace().count() <= 5
        && super::signals::is_price(text.trim().get(..24).unwrap_or(text))
}

/// Put the page's JSON-LD product description first when the blocks lack
/// it (a description the page only renders with scripts).
pub(crate) fn with_description(mut blocks: Vec<Block>, description: Option<&str>) -> Vec<Block> {
    let Some(d) = description.filter(|d| d.len() >= LD_DESCRIPTION_CHARS) else {
        return blocks;
    };
    let text: String = blocks
        .iter()
        .map(Block::plain_text)
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    // Words of four letters or more: the description's own, not "a" or
    // "the", which any text has.
    let have: std::collections::HashSet<&str> = text.split_whitespace().collect();
    let words: Vec<String> = d
        .split_whitespace()
        .map(str::to_lowercase)
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let present = words.iter().filter(|w| have.contains(w.as_str())).count();
    if present * 2 < words.len() {
        blocks.insert(0, Block::paragraph(d));
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::furniture::Family;
    use crate::html::prune::Marks;
    use crate::html::tree::Document;

    #[test]
    fn price_lines_go_and_descriptions_join() {
        let b = drop_price_lines(vec![
            Block::paragraph("$24.99"),
            Block::paragraph("Sale price 18,00 EUR"),
            Block::paragraph("A kettle that boils in 90 seconds, for $25 less than last year's."),
        ]);
        assert_eq!(b.len(), 1);
        let d = "A stainless kettle with a wide spout, a keep-warm setting and a base that turns all the way round, in three colours.";
        let b = with_description(b, Some(d));
        assert_eq!(b[0].plain_text(), d);
        let again = with_description(b.clone(), Some(d));
        assert_eq!(again, b, "not added twice");
    }

    #[test]
    fn the_description_panels_are_the_product() {
        let html = r#"<body><main><h1>Kettle</h1><div class=price>$25</div>
            <div class="product-description"><p>A stainless kettle with a wide spout and a keep-warm setting for tea.</p></div>
            <div class="tab-pane" hidden><table><tr><td>Capacity</td><td>1.7 litres, enough for eight cups of tea</td></tr></table></div>
            <div class="reviews"><p>Great kettle, would buy again, five stars from me and my family.</p></div></main></body>"#;
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        let marks = Marks::compute(&dom);
        let region = Region::find(&dom, &marks, Family::Product);
        let roots = description_roots(&dom, &region).unwrap();
        assert_eq!(roots.len(), 2);
        let text: String = roots.iter().map(|&r| dom.raw_text(r)).collect();
        assert!(
            text.contains("wide spout") && text.contains("1.7 litres"),
            "{text}"
        );
        assert!(!text.contains("five stars"));
    }
}
