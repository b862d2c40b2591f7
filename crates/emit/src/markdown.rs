//! Markdown rendering with a YAML front matter.
//!
//! The front matter is written by hand rather than with a YAML crate: it is
//! a flat map of strings, and every value is written as a JSON string, which
//! is a valid YAML double-quoted scalar (YAML 1.2 is a superset of JSON).
//! The maintained YAML serialisers were either deprecated or heavy for this.

use thresh_core::{Article, Block};

use crate::marks::{render_line, render_marked};

/// Render an article as Markdown with a front matter of its metadata.
pub(crate) fn render_markdown(article: &Article) -> String {
    let mut out = String::from("---\n");
    let fields = article.metadata_fields();
    for (key, value) in fields {
        if let Some(value) = value {
            out.push_str(key);
            out.push_str(": ");
            out.push_str(&yaml_string(value));
            out.push('\n');
        }
    }
    out.push_str("---\n\n");
    if let Some(title) = article.title.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push_str("# ");
        out.push_str(&escape_inline(title.trim()));
        out.push_str("\n\n");
    }
    let blocks: Vec<String> = article
        .blocks
        .iter()
        .filter(|b| !b.is_empty())
        .map(render_block)
        .collect();
    out.push_str(&blocks.join("\n\n"));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn yaml_string(value: &str) -> String {
    serde_json::Value::String(value.to_string()).to_string()
}

fn render_block(block: &Block) -> String {
    match block {
        // All bold: links and code kept, emphasis inside dropped.
        Block::Lede { text, marks } => format!("**{}**", render_marked(text, marks, false)),
        Block::Heading { level, text, marks } => {
            // The title is the only level-1 heading.
            let level = (*level).clamp(2, 6) as usize;
            format!("{} {}", "#".repeat(level), render_marked(text, marks, true))
        }
        Block::Paragraph { text, marks } => guard_block_start(render_marked(text, marks, true)),
        Block::List {
            ordered,
            items,
            item_marks,
        } => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let marker = if *ordered {
                    format!("{}.", i + 1)
                } else {
                    "-".to_string()
                };
                let marks = item_marks.get(i).map_or(&[][..], Vec::as_slice);
                format!("{marker} {}", render_marked(item, marks, true))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Quote { text, marks } => lines(text)
            .map(|l| format!("> {}", render_line(text, marks, l)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Table { rows } => render_table(rows),
        Block::Code { text } => {
            let longest = longest_backtick_run(text);
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{text}\n{fence}")
        }
        // All italic: links and code kept, emphasis inside dropped.
        Block::Caption { text, marks } => format!("*{}*", render_marked(text, marks, false)),
        Block::Image { src, alt } => image(src, alt),
    }
}

/// An image as Markdown writes it: `![alt](src)`.
pub(crate) fn image(src: &str, alt: &str) -> String {
    let src = src.replace(' ', "%20").replace(')', "%29");
    format!("![{}]({src})", escape_inline(alt))
}

fn render_table(rows: &[Vec<String>]) -> String {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let cell = |c: &str| escape_inline(c).replace('|', "\\|");
    let line = |row: &[String]| {
        let cells: Vec<String> = (0..width)
            .map(|i| row.get(i).map_or(String::new(), |c| cell(c)))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut out = vec![line(&rows[0])];
    out.push(format!("|{}", " --- |".repeat(width)));
    out.extend(rows[1..].iter().map(|r| line(r)));
    out.join("\n")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The byte ranges of the lines of `text`, as [`str::lines`] cuts them.
fn lines(text: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    text.lines().map(move |l| {
        let start = l.as_ptr() as usize - text.as_ptr() as usize;
        start..start + l.len()
    })
}

/// Escape characters that Markdown would read as inline syntax.
pub(crate) fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape a line start of rendered inline Markdown that would open a
/// block (heading, list, quote, numbered list).
fn guard_block_start(escaped: String) -> String {
    let starts_block = escaped.starts_with(['#', '>', '-', '+', '='])
        || escaped
            .split_once(['.', ')'])
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_block {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_that_look_like_syntax_are_escaped() {
        let escape_block = |t: &str| guard_block_start(escape_inline(t));
        assert_eq!(escape_block("# not a heading"), "\\# not a heading");
        assert_eq!(escape_block("1999. A year"), "\\1999. A year");
        assert_eq!(escape_block("plain *text*"), "plain \\*text\\*");
    }

    #[test]
    fn code_fence_outgrows_backticks_inside() {
        let md = render_block(&Block::Code {
            text: "a ```` b".into(),
        });
        assert!(md.starts_with("`````\n"), "{md}");
    }

    #[test]
    fn front_matter_values_are_quoted() {
        assert_eq!(yaml_string("a: \"b\"\nc"), r#""a: \"b\"\nc""#);
    }
}
