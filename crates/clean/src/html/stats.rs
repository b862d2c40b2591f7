//! Subtree statistics in one bottom-up pass: visible text length, link
//! text, commas, counts of paragraphs, list items, images, inputs and
//! embeds, heading text, and the "paragraph text" (non-link text of
//! paragraph-like blocks) that candidate scoring ranks by.

use super::dom::{Dom, Tag};
use super::prune::Marks;

/// Statistics of one node's subtree, ignoring dropped nodes.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stat {
    /// Non-whitespace characters of text.
    pub chars: u32,
    /// Link text, weighted: 10 per character in a link, 3 in a `#` link.
    pub link10: u32,
    /// Commas (Latin, Arabic, CJK).
    pub commas: u32,
    /// `<p>` elements.
    pub paras: u32,
    /// Text nodes of 20 or more characters outside `<p>` (paragraphs of
    /// `<br>`-separated text).
    pub loose_paras: u32,
    /// `<li>` elements.
    pub lis: u32,
    /// Images.
    pub imgs: u32,
    /// Form controls (including dropped ones).
    pub inputs: u32,
    /// Embedded objects (iframe, video, object...).
    pub embeds: u32,
    /// Characters inside headings.
    pub heading_chars: u32,
    /// Characters inside lists.
    pub list_chars: u32,
    /// Characters inside `<pre>` (code, program output).
    pub code_chars: u32,
    /// Headings that are mostly link text (teasers of other pages).
    pub link_headings: u32,
    /// Some descendant is a block element.
    pub has_block: bool,
    /// Non-link text of paragraph-like blocks and loose text runs.
    pub ptext: u32,
    /// Sentence ends (`.`, `!`, `?` and CJK equivalents).
    pub stops: u32,
}

impl Stat {
    /// Link density in 0..=1.
    pub(crate) fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            (self.link10 as f32 / 10.0 / self.chars as f32).min(1.0)
        }
    }

    /// Paragraphs: `<p>` elements and long loose text nodes.
    pub(crate) fn paragraphs(&self) -> u32 {
        self.paras + self.loose_paras
    }

    /// Characters not in links.
    pub(crate) fn plain_chars(&self) -> u32 {
        self.chars.saturating_sub(self.link10 / 10)
    }
}

/// Compute the statistics of every node; dropped nodes get zeros.
pub(crate) fn compute(dom: &Dom<'_>, marks: &Marks, dropped: &[bool]) -> Vec<Stat> {
    let n = dom.len();
    let mut st = vec![Stat::default(); n];
    // Loose text of children (text nodes and inline elements without block
    // descendants), credited to a non-leaf block.
    let mut loose = vec![0u32; n];
    let mut child_ptext = vec![0u32; n];
    for i in (0..n).rev() {
        let tag = dom.tag(i);
        if dropped[i] {
            if tag == Tag::Control
                && let Some(p) = dom.parent(i)
            {
                st[p].inputs += 1;
            }
            continue;
        }
        let mut s = st[i];
        match tag {
            Tag::Text => {
                let (chars, commas, stops) = scan(dom.text(i));
                s.chars = chars;
                s.commas = commas;
                s.stops = stops;
                s.link10 = chars * marks.link[i] as u32;
                s.loose_paras = u32::from(chars >= 20);
            }
            Tag::P => {
                s.paras += 1;
                s.loose_paras = 0;
            }
            Tag::Li => s.lis += 1,
            Tag::Img => s.imgs += 1,
            Tag::Control => s.inputs += 1,
            Tag::Embed => s.embeds += 1,
            Tag::Heading(_) => {
                s.heading_chars = s.chars;
                s.link_headings = u32::from(s.chars > 0 && s.link10 > 5 * s.chars);
            }
            Tag::Ul | Tag::Ol => s.list_chars = s.chars,
            Tag::Pre => s.code_chars = s.chars,
            _ => {}
        }
        if tag != Tag::Text {
            let leaf = tag.is_block() && !s.has_block;
            s.ptext = if leaf {
                if tag.is_paragraph_like() {
                    s.plain_chars()
                } else {
                    0
                }
            } else if tag.is_block() || s.has_block {
                child_ptext[i] + loose[i]
            } else {
                0
            };
        }
        st[i] = s;
        if let Some(p) = dom.parent(i) {
            let ps = &mut st[p];
            ps.chars += s.chars;
            ps.link10 += s.link10;
            ps.commas += s.commas;
            ps.stops += s.stops;
            ps.paras += s.paras;
            ps.loose_paras += s.loose_paras;
            ps.lis += s.lis;
            ps.imgs += s.imgs;
            ps.inputs += s.inputs;
            ps.embeds += s.embeds;
            ps.heading_chars += s.heading_chars;
            ps.list_chars += s.list_chars;
            ps.code_chars += s.code_chars;
            ps.link_headings += s.link_headings;
            ps.has_block |= s.has_block || tag.is_block();
            if tag == Tag::Text || (!tag.is_block() && !s.has_block) {
                loose[p] += s.plain_chars();
            } else {
                child_ptext[p] += s.ptext;
            }
        }
    }
    st
}

/// Visible characters, commas and sentence ends of a text.
fn scan(text: &str) -> (u32, u32, u32) {
    let mut chars = 0;
    let mut commas = 0;
    let mut stops = 0;
    for c in text.chars() {
        if c.is_whitespace() {
            continue;
        }
        chars += 1;
        match c {
            ',' | '،' | '、' | '，' => commas += 1,
            '.' | '!' | '?' | '。' | '！' | '？' => stops += 1,
            _ => {}
        }
    }
    (chars, commas, stops)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::prune::Cut;

    #[test]
    fn counts_and_paragraph_text() {
        let doc = crate::html::tree::Document::parse(
            r#"<body><div id=x><p>Hello, world.</p><p><a href="/a">link</a> text</p>
            loose text<ul><li>one</li></ul><nav>menu menu</nav><h2>Head</h2></div></body>"#,
        );
        let dom = Dom::build(&doc);
        let marks = Marks::compute(&dom);
        let dropped = marks.dropped(&dom, Cut::Class);
        let st = compute(&dom, &marks, &dropped);
        let x = (0..dom.len())
            .find(|&i| dom.attr(i, "id") == Some("x"))
            .unwrap();
        let s = st[x];
        assert_eq!(s.paras, 2);
        assert_eq!(s.lis, 1);
        assert_eq!(s.commas, 1);
        assert_eq!(s.heading_chars, 4);
        // "Hello,world." 12 + "linktext" 8 + "loosetext" 9 + "one" 3 + "Head" 4
        assert_eq!(s.chars, 36);
        assert_eq!(s.link10, 40);
        // paragraph text: 12 + 4 (non-link) + 9 loose
        assert_eq!(s.ptext, 25);
        assert!(s.has_block);
        assert!((s.link_density() - 4.0 / 36.0).abs() < 1e-6);
    }
}
