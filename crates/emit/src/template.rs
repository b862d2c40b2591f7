//! Output path templates such as `{host}/{date}/{slug}.md`.
//!
//! Variables: `{host}` (without `www.`), `{date}` (`YYYY-MM-DD` of the
//! publication date, else of the fetch), `{year}`, `{month}`, `{day}`,
//! `{slug}` (last URL path segment, else the title, made file-safe),
//! `{id}` (16 hex digits of a hash of the URL: unique per URL), `{ext}`
//! (the format's extension). Each value is made file-system safe; the
//! result is always a relative path without `..`.

use chrono::{DateTime, Utc};
use thresh_core::Article;
use xxhash_rust::xxh3::xxh3_64;

/// The template a pipeline's `[emit] path` and `thresh emit --path`
/// default to.
pub const DEFAULT_TEMPLATE: &str = "{host}/{date}/{slug}.{ext}";

const VARIABLES: &[&str] = &["host", "date", "year", "month", "day", "slug", "id", "ext"];

/// A checked template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    template: String,
}

impl PathTemplate {
    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.template
    }

    /// Check a template: balanced braces, known variables, relative.
    pub fn parse(template: &str) -> Result<PathTemplate, String> {
        if template.starts_with('/') {
            return Err(format!("path template `{template}` must be relative"));
        }
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| format!("unclosed `{{` in path template `{template}`"))?;
            let name = &after[..close];
            if !VARIABLES.contains(&name) {
                return Err(format!(
                    "unknown variable `{{{name}}}` in path template (known: {})",
                    VARIABLES.join(", ")
                ));
            }
            rest = &after[close + 1..];
        }
        if !template.contains("{slug}") && !template.contains("{id}") {
            return Err(format!(
                "path template `{template}` needs {{slug}} or {{id}} so that articles get different files"
            ));
        }
        Ok(PathTemplate {
            template: template.to_string(),
        })
    }

    /// The relative path of an article.
    pub fn render(&self, article: &Article, fetched: DateTime<Utc>, ext: &str) -> String {
        let url = article.url.as_deref().unwrap_or(&article.source);
        let parsed = url::Url::parse(url).ok();
        let host = parsed
            .as_ref()
            .and_then(|u| u.host_str())
            .map(|h| h.strip_prefix("www.").unwrap_or(h).to_string())
            .unwrap_or_else(|| "local".to_string());
        let date = article
            .published
            .as_deref()
            .and_then(|p| p.get(..10))
            .filter(|d| is_iso_date(d))
            .map(str::to_string)
            .unwrap_or_else(|| fetched.format("%Y-%m-%d").to_string());
        let slug = parsed
            .as_ref()
            .and_then(|u| u.path_segments())
            .and_then(|mut s| s.rfind(|seg| !seg.is_empty()))
            .map(|seg| {
                seg.rsplit_once('.')
                    .map_or(seg, |(stem, _)| stem)
                    .to_string()
            })
            .or_else(|| {
                // A file source: its name.
                parsed.is_none().then_some(())?;
                std::path::Path::new(url)
                    .file_stem()
                    .map(|s| s.to_string_lossy().trim_end_matches(".html").to_string())
            })
            .filter(|s| !safe(s).is_empty())
            .or_else(|| article.title.clone())
            .unwrap_or_else(|| "article".to_string());
        let id = format!("{:016x}", xxh3_64(url.as_bytes()));
        let mut out = self.template.clone();
        for (name, value) in [
            ("host", host.as_str()),
            ("date", date.as_str()),
            ("year", date.get(..4).unwrap_or("0000")),
            ("month", date.get(5..7).unwrap_or("00")),
            ("day", date.get(8..10).unwrap_or("00")),
            ("slug", slug.as_str()),
            ("id", id.as_str()),
            ("ext", ext),
        ] {
            out = out.replace(&format!("{{{name}}}"), &safe(value));
        }
        out
    }
}

/// The path for an article identified by `key` (its URL, or its source)
/// when `rel` is taken by another article: `rel` with 8 hex digits of a
/// hash of the key before the extension, so two articles never share a
/// file and the same article always gets the same one.
pub fn disambiguate(rel: &str, key: &str, ext: &str) -> String {
    let id = format!("{:08x}", xxh3_64(key.as_bytes()) as u32);
    let stem = rel.strip_suffix(&format!(".{ext}")).unwrap_or(rel);
    format!("{stem}-{id}.{ext}")
}

fn is_iso_date(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A file-name-safe version of a value: letters, digits, `-`, `_` and `.`
/// (not leading), at most 100 bytes.
fn safe(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        let c = if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
            c
        } else {
            '-'
        };
        if c == '-' && out.ends_with('-') {
            continue;
        }
        if out.len() + c.len_utf8() > 100 {
            break;
        }
        out.push(c);
    }
    out.trim_matches(['-', '.']).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(url: &str) -> Article {
        let mut a = Article::new(url, "html");
        a.url = Some(url.to_string());
        a.title = Some("A title: here".into());
        a
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn renders_host_date_slug() {
        let t = PathTemplate::parse("{host}/{date}/{slug}.{ext}").unwrap();
        let mut a = article("https://www.news.example/world/2026/kerry-lavrov-talks.html?x=1");
        a.published = Some("2026-08-26T10:00:00Z".into());
        let p = t.render(&a, at("2026-11-27T00:00:00Z"), "md");
        assert_eq!(p, "news.example/2026-08-26/kerry-lavrov-talks.md");
        let a = article("https://news.example/");
        let p = t.render(&a, at("2026-11-27T00:00:00Z"), "md");
        assert_eq!(p, "news.example/2026-11-27/A-title-here.md");
    }

    #[test]
    fn values_cannot_escape_the_output_directory() {
        let t = PathTemplate::parse("{host}/{slug}.md").unwrap();
        let a = article("https://evil.example/%2e%2e/..");
        let p = t.render(&a, at("2026-11-27T00:00:00Z"), "md");
        assert!(!p.contains(".."), "{p}");
    }

    #[test]
    fn a_taken_path_is_made_unique_per_key() {
        let a = disambiguate("site/index.md", "site/a/index.html", "md");
        let b = disambiguate("site/index.md", "site/b/index.html", "md");
        assert!(a.starts_with("site/index-") && a.ends_with(".md"), "{a}");
        assert_ne!(a, b);
        assert_eq!(a, disambiguate("site/index.md", "site/a/index.html", "md"));
    }

    #[test]
    fn bad_templates_are_refused() {
        assert!(PathTemplate::parse("/abs/{slug}").is_err());
        assert!(
            PathTemplate::parse("{host}/{nope}")
                .unwrap_err()
                .contains("unknown variable")
        );
        assert!(PathTemplate::parse("{host}/{slug").is_err());
        assert!(
            PathTemplate::parse("{host}/{date}.md")
                .unwrap_err()
                .contains("{slug}")
        );
    }
}
