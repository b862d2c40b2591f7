//! Markdown rendering with a YAML front matter.
//!
//! The front matter is written by hand rather than with a YAML crate: it is
//! a flat map of strings, and every value is written as a JSON string, which
//! is a valid YAML double-quoted scalar (YAML 1.2 is a superset of JSON).
//! The maintained YAML serialisers were either deprecated or heavy for this.

use thresh_core::{Article, Block};

/// Render an article as Markdown with a front matter of its metadata.
pub(crate) fn render_markdown(article: &Article) -> String {
    let mut out = String::from("---\n");
    let fields = [
        ("title", article.title.as_deref()),
        ("source", Some(article.source.as_str())),
        ("url", article.url.as_deref()),
        ("byline", article.byline.as_deref()),
        ("published", article.published.as_deref()),
        ("modified", article.modified.as_deref()),
        ("lang", article.lang.as_deref()),
        ("site_name", article.site_name.as_deref()),
        ("description", article.description.as_deref()),
        ("image", article.image.as_deref()),
    ];
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
        Block::Lede { text } => format!("**{}**", escape_inline(text)),
        Block::Heading { level, text } => {
            // The title is the only level-1 heading.
            let level = (*level).clamp(2, 6) as usize;
            format!("{} {}", "#".repeat(level), escape_inline(text))
        }
        Block::Paragraph { text } => escape_block(text),
        Block::List { ordered, items } => items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let marker = if *ordered {
                    format!("{}.", i + 1)
                } else {
                    "-".to_string()
                };
                format!("{marker} {}", escape_inline(item))
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Quote { text } => text
            .lines()
            .map(|l| format!("> {}", escape_inline(l)))
            .collect::<Vec<_>>()
            .join("\n"),
        Block::Table { rows } => render_table(rows),
        Block::Code { text } => {
            let longest = longest_backtick_run(text);
            let fence = "`".repeat(longest.max(2) + 1);
            format!("{fence}\n{text}\n{fence}")
        }
        Block::Caption { text } => format!("*{}*", escape_inline(text)),
    }
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

/// Escape characters that Markdown would read as inline syntax.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escape inline syntax and a line start that would open a block
/// (heading, list, quote, numbered list).
fn escape_block(text: &str) -> String {
    let escaped = escape_inline(text);
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
