//! Page metadata: title, byline, dates, language, site name, description,
//! lead image and canonical URL, from `<meta>`, `<link>`, microdata,
//! JSON-LD and the document itself, in one pass over the nodes.

use serde_json::Value;

use super::dom::{Dom, Tag};
use super::inline::collapse;

/// Metadata found in a page. Every field is cleaned (whitespace collapsed,
/// empty values dropped).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// The headline, site suffix removed.
    pub title: Option<String>,
    /// The text of the first `<h1>` in the body.
    pub h1: Option<String>,
    /// The author line.
    pub byline: Option<String>,
    /// Publication date.
    pub published: Option<String>,
    /// Modification date.
    pub modified: Option<String>,
    /// Declared language (`<html lang>`, content-language, og:locale).
    pub lang: Option<String>,
    /// Site name.
    pub site_name: Option<String>,
    /// Summary.
    pub description: Option<String>,
    /// The longest of the page's summaries (`og:description` is often
    /// whole where `description` is cut): the text of a page whose body
    /// is empty, such as a script shell with no `<noscript>` view.
    pub summary: Option<String>,
    /// Lead image URL.
    pub image: Option<String>,
    /// Canonical URL as written in the page.
    pub canonical: Option<String>,
    /// `og:url` as written in the page: the page's URL when it names no
    /// canonical one.
    pub og_url: Option<String>,
    /// Where each field set came from (`title` -> `og:title`), for
    /// `thresh explain`.
    pub from: Vec<(&'static str, &'static str)>,
}

/// Raw values as found, before choosing.
#[derive(Debug, Default)]
struct Found {
    title_tag: Option<String>,
    og_title: Option<String>,
    h1: Option<String>,
    meta_author: Option<String>,
    rel_author: Option<String>,
    itemprop_author: Option<String>,
    meta_published: Option<String>,
    meta_modified: Option<String>,
    time: Option<String>,
    html_lang: Option<String>,
    meta_lang: Option<String>,
    site_name: Option<String>,
    description: Option<String>,
    longest_description: Option<String>,
    image: Option<String>,
    canonical: Option<String>,
    og_url: Option<String>,
    ld: LdArticle,
}

/// Fields of the first JSON-LD article object.
#[derive(Debug, Default)]
struct LdArticle {
    found: bool,
    headline: Option<String>,
    author: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    publisher: Option<String>,
    image: Option<String>,
}

fn set(slot: &mut Option<String>, value: Option<&str>) {
    if slot.is_none()
        && let Some(v) = value.map(collapse).filter(|v| !v.is_empty())
    {
        *slot = Some(v);
    }
}

/// The parsed JSON-LD scripts of a document, in order (scripts that do
/// not parse are skipped).
pub(crate) fn json_ld_scripts(dom: &Dom<'_>) -> Vec<Value> {
    (0..dom.len())
        .filter(|&i| {
            dom.tag(i) == Tag::Script
                && dom
                    .attr(i, "type")
                    .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/ld+json"))
        })
        .filter_map(|i| {
            let text: String = (i + 1..dom.end(i)).map(|j| dom.text(j)).collect();
            serde_json::from_str::<Value>(text.trim()).ok()
        })
        .collect()
}

/// Collect the metadata of a document whose JSON-LD scripts parse to
/// `ld`.
pub(crate) fn extract(dom: &Dom<'_>, ld: &[Value]) -> Meta {
    let mut f = Found::default();
    for v in ld {
        if f.ld.found {
            break;
        }
        json_ld(v, &mut f.ld, 0);
    }
    for i in 0..dom.len() {
        let tag = dom.tag(i);
        if tag == Tag::Text {
            continue;
        }
        let attr = |name: &str| dom.attr(i, name);
        match tag {
            Tag::Html => set(&mut f.html_lang, attr("lang").or(attr("xml:lang"))),
            Tag::Title if f.title_tag.is_none() && in_head(dom, i) => {
                set(&mut f.title_tag, Some(&dom.raw_text(i)));
            }
            Tag::Meta => meta_tag(&mut f, dom, i),
            Tag::Link => {
                let rel = attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_ascii_whitespace().any(|r| r == "canonical") {
                    set(&mut f.canonical, attr("href"));
                }
            }

            Tag::Heading(1) if f.h1.is_none() => {
                let text = dom.raw_text(i);
                // Without a permalink mark (`Title¶`).
                set(
                    &mut f.h1,
                    Some(text.trim_end_matches(['¶', '§', '#', '🔗'])),
                );
            }
            Tag::Time if f.time.is_none() => set(&mut f.time, attr("datetime")),
            _ => {}
        }
        if tag == Tag::A || tag == Tag::Link {
            let rel = attr("rel").unwrap_or("");
            if tag == Tag::A
                && rel
                    .split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case("author"))
            {
                set(&mut f.rel_author, Some(&dom.raw_text(i)));
            }
        }
        if let Some(prop) = dom.attrs(i).itemprop {
            for p in prop.split_ascii_whitespace() {
                match p {
                    "author" | "creator" if f.itemprop_author.is_none() => {
                        let name = (i + 1..dom.end(i))
                            .find(|&j| dom.attr(j, "itemprop") == Some("name"))
                            .map(|j| {
                                dom.attr(j, "content")
                                    .map_or_else(|| dom.raw_text(j), str::to_string)
                            })
                            .or_else(|| attr("content").map(str::to_string))
                            .unwrap_or_else(|| dom.raw_text(i));
                        set(&mut f.itemprop_author, Some(&name));
                    }
                    "datePublished" => {
                        set(&mut f.meta_published, attr("content").or(attr("datetime")))
                    }
                    "dateModified" => {
                        set(&mut f.meta_modified, attr("content").or(attr("datetime")))
                    }
                    _ => {}
                }
            }
        }
    }
    choose(f)
}

fn in_head(dom: &Dom<'_>, i: usize) -> bool {
    let mut p = dom.parent(i);
    while let Some(a) = p {
        match dom.tag(a) {
            Tag::Head => return true,
            Tag::Embed => return false,
            _ => p = dom.parent(a),
        }
    }
    true
}

fn meta_tag(f: &mut Found, dom: &Dom<'_>, i: usize) {
    let attr = |name: &str| dom.attr(i, name);
    let key = attr("property")
        .or(attr("name"))
        .or(attr("itemprop"))
        .or(attr("http-equiv"));
    let (Some(key), Some(content)) = (key, attr("content")) else {
        return;
    };
    let key = key.trim().to_ascii_lowercase();
    let content = Some(content);
    match key.as_str() {
        "og:title" | "twitter:title" => set(&mut f.og_title, content),
        "og:url" => set(&mut f.og_url, content),
        "og:site_name" | "application-name" => set(&mut f.site_name, content),
        "description" | "og:description" | "twitter:description" | "dc.description" => {
            // The first one is the description; the longest, the summary.
            if let Some(c) = content.map(collapse).filter(|c| !c.is_empty()) {
                if f.description.is_none() {
                    f.description = Some(c.clone());
                }
                if f.longest_description
                    .as_ref()
                    .is_none_or(|l| l.len() < c.len())
                {
                    f.longest_description = Some(c);
                }
            }
        }
        "og:image"
        | "og:image:url"
        | "og:image:secure_url"
        | "twitter:image"
        | "twitter:image:src" => set(&mut f.image, content),
        "author" | "article:author" | "byl" | "dc.creator" | "dcterms.creator"
        | "sailthru.author" | "parsely-author" | "citation_author" => set(
            &mut f.meta_author,
            content.filter(|c| !c.starts_with("http")),
        ),
        "article:published_time"
        | "og:article:published_time"
        | "datepublished"
        | "pubdate"
        | "publishdate"
        | "publish-date"
        | "date"
        | "dc.date"
        | "dc.date.issued"
        | "dcterms.created"
        | "sailthru.date"
        | "parsely-pub-date"
        | "citation_date"
        | "citation_publication_date" => set(&mut f.meta_published, content),
        "article:modified_time"
        | "og:updated_time"
        | "datemodified"
        | "dcterms.modified"
        | "last-modified" => set(&mut f.meta_modified, content),
        "content-language" | "og:locale" | "dc.language" | "language" => set(
            &mut f.meta_lang,
            content.map(|c| c.split(',').next().unwrap_or(c)),
        ),
        _ => {}
    }
}

/// JSON-LD `@type`s of articles (and pages that carry article fields).
const LD_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "BlogPosting",
    "ReportageNews",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "TechArticle",
    "ScholarlyArticle",
    "SocialMediaPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "Report",
    "WebPage",
    "Recipe",
    "Review",
    "Product",
];

fn json_ld(v: &Value, ld: &mut LdArticle, depth: usize) {
    if depth > 6 || ld.found {
        return;
    }
    match v {
        Value::Array(items) => {
            for item in items {
                json_ld(item, ld, depth + 1);
            }
        }
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                json_ld(graph, ld, depth + 1);
                if ld.found {
                    return;
                }
            }
            let types: Vec<&str> = match map.get("@type") {
                Some(Value::String(s)) => vec![s.as_str()],
                Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !types.iter().any(|t| LD_TYPES.contains(t)) {
                return;
            }
            let is_page = types.iter().all(|t| *t == "WebPage");
            let headline = map
                .get("headline")
                .or(map.get("name"))
                .and_then(Value::as_str)
                .map(collapse);
            let author = map.get("author").or(map.get("creator")).and_then(names);
            if is_page && headline.is_none() && author.is_none() {
                return;
            }
            ld.found = !is_page;
            ld.headline = ld.headline.take().or(headline);
            ld.author = ld.author.take().or(author);
            let date = |k: &str| map.get(k).and_then(Value::as_str).map(collapse);
            ld.published = ld.published.take().or(date("datePublished"));
            ld.modified = ld.modified.take().or(date("dateModified"));
            ld.publisher = ld.publisher.take().or(map
                .get("publisher")
                .and_then(|p| p.get("name").or(Some(p)))
                .and_then(Value::as_str)
                .map(collapse));
            ld.image = ld.image.take().or(map.get("image").and_then(image_url));
            if let Some(main) = map.get("mainEntity") {
                json_ld(main, ld, depth + 1);
            }
        }
        _ => {}
    }
}

/// Author names of a JSON-LD author value.
fn names(v: &Value) -> Option<String> {
    let list: Vec<String> = match v {
        Value::String(s) => vec![collapse(s)],
        Value::Object(m) => m
            .get("name")
            .and_then(Value::as_str)
            .map(collapse)
            .into_iter()
            .collect(),
        Value::Array(a) => a.iter().filter_map(names).collect(),
        _ => Vec::new(),
    };
    let list: Vec<String> = list
        .into_iter()
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    (!list.is_empty()).then(|| list.join(", "))
}

fn image_url(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Object(m) => m
            .get("url")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string()),
        Value::Array(a) => a.iter().find_map(image_url),
        _ => None,
    }
}

/// The first value set among `candidates`, its source noted in `from`
/// under `field`.
fn first(
    from: &mut Vec<(&'static str, &'static str)>,
    field: &'static str,
    candidates: Vec<(&'static str, Option<String>)>,
) -> Option<String> {
    candidates
        .into_iter()
        .find_map(|(source, v)| v.inspect(|_| from.push((field, source))))
}

fn choose(f: Found) -> Meta {
    let mut from = Vec::new();
    let site_name = first(
        &mut from,
        "site_name",
        vec![
            ("og:site_name or application-name", f.site_name),
            ("JSON-LD publisher", f.ld.publisher),
        ],
    );
    let raw_title = first(
        &mut from,
        "title",
        vec![
            ("og:title or twitter:title", f.og_title.clone()),
            ("JSON-LD headline", f.ld.headline.clone()),
            ("<title>", f.title_tag.clone()),
        ],
    );
    let mut title = raw_title
        .as_deref()
        .map(|t| strip_site(t, site_name.as_deref()));
    // Prefer the page's own h1 when the title is that h1 plus decoration.
    if let (Some(h1), Some(t)) = (f.h1.as_deref(), title.as_deref()) {
        let (nh, nt) = (norm(h1), norm(t));
        let framed = nt.starts_with(&nh) || nt.ends_with(&nh);
        if nh != nt
            && nh.chars().count() >= 8
            && nt.contains(&nh)
            && (nh.len() * 2 >= nt.len() || framed)
        {
            title = Some(h1.to_string());
            from.retain(|(k, _)| *k != "title");
            from.push(("title", "<h1> (the title framed it)"));
        }
    }
    if title.is_none() {
        title = f.h1.clone();
        if title.is_some() {
            from.push(("title", "<h1>"));
        }
    }
    let byline = first(
        &mut from,
        "byline",
        vec![
            (
                "meta author (author, article:author, dc.creator...)",
                f.meta_author,
            ),
            ("JSON-LD author", f.ld.author),
            ("itemprop=author", f.itemprop_author),
            ("rel=author", f.rel_author),
        ],
    )
    .map(|b| clean_byline(&b))
    .filter(|b| !b.is_empty());
    let published = first(
        &mut from,
        "published",
        vec![
            ("JSON-LD datePublished", f.ld.published),
            (
                "meta published time (article:published_time, date...)",
                f.meta_published,
            ),
            ("<time datetime>", f.time),
        ],
    );
    let modified = first(
        &mut from,
        "modified",
        vec![
            ("JSON-LD dateModified", f.ld.modified),
            ("meta modified time", f.meta_modified),
        ],
    );
    let lang = first(
        &mut from,
        "lang",
        vec![
            ("<html lang>", f.html_lang),
            ("meta content-language", f.meta_lang),
        ],
    )
    .map(|l| l.replace('_', "-"));
    let description = first(
        &mut from,
        "description",
        vec![(
            "the first description meta (description, og:, twitter:, dc.)",
            f.description,
        )],
    );
    let image = first(
        &mut from,
        "image",
        vec![
            ("og:image or twitter:image", f.image),
            ("JSON-LD image", f.ld.image),
        ],
    );
    Meta {
        title,
        h1: f.h1,
        byline,
        published,
        modified,
        lang,
        site_name,
        description,
        summary: f.longest_description,
        image,
        canonical: f.canonical,
        og_url: f.og_url,
        from,
    }
}

/// Lower-case alphanumerics only, for loose comparisons.
pub(crate) fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Remove a ` | Site` / ` - Site` suffix (or `Site | ` prefix) when it is
/// the site's name or short.
pub(crate) fn strip_site(title: &str, site: Option<&str>) -> String {
    const SEPS: &[&str] = &[
        " | ", " - ", " – ", " — ", " :: ", " · ", " » ", " / ", " : ",
    ];
    let site_n = site.map(norm).filter(|s| !s.is_empty());
    let matches_site = |part: &str| {
        let p = norm(part);
        !p.is_empty()
            && site_n.as_deref().is_some_and(|s| {
                p == s || (s.len() >= 4 && p.contains(s)) || (p.len() >= 4 && s.contains(&p))
            })
    };
    let words = |s: &str| s.split_whitespace().count();
    let mut t = title.trim().to_string();
    for _ in 0..2 {
        let Some((pos, sep)) = SEPS
            .iter()
            .filter_map(|s| t.rfind(s).map(|p| (p, *s)))
            .max_by_key(|(p, _)| *p)
        else {
            break;
        };
        let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
        if matches_site(tail) || (words(tail) <= 3 && words(head) >= 3 && sep != " : ") {
            t = head.trim().to_string();
            continue;
        }
        // A "Site | Title" prefix.
        if let Some((pos, sep)) = SEPS
            .iter()
            .filter_map(|s| t.find(s).map(|p| (p, *s)))
            .min_by_key(|(p, _)| *p)
        {
            let (head, tail) = (&t[..pos], &t[pos + sep.len()..]);
            if matches_site(head) && words(tail) >= 2 {
                t = tail.trim().to_string();
            }
        }
        break;
    }
    t
}

fn clean_byline(b: &str) -> String {
    let b = collapse(b);
    let lower = b.to_lowercase();
    let b = if lower.starts_with("by ") {
        b[3..].trim().to_string()
    } else {
        b
    };
    b.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::html::tree::Document;

    fn meta(html: &str) -> Meta {
        let doc = Document::parse(html);
        let dom = Dom::build(&doc);
        extract(&dom, &json_ld_scripts(&dom))
    }

    #[test]
    fn open_graph_and_json_ld() {
        let m = meta(
            r#"<html lang="en-GB"><head><title>Big news today | The Daily</title>
            <meta property="og:site_name" content="The Daily">
            <meta property="og:title" content="Big news today - The Daily">
            <meta name="description" content=" A  summary. ">
            <meta property="og:image" content="https://x.test/i.jpg">
            <link rel="canonical" href="https://x.test/a">
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"The Daily"},
              {"@type":"NewsArticle","headline":"Big news today","datePublished":"2020-01-02T03:04:05Z",
               "dateModified":"2020-01-03","author":[{"@type":"Person","name":"Ann Lee"},{"name":"Bo Park"}]}]}
            </script></head><body><h1>Big news today</h1></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Big news today"));
        assert_eq!(m.byline.as_deref(), Some("Ann Lee, Bo Park"));
        assert_eq!(m.published.as_deref(), Some("2020-01-02T03:04:05Z"));
        assert_eq!(m.modified.as_deref(), Some("2020-01-03"));
        assert_eq!(m.lang.as_deref(), Some("en-GB"));
        assert_eq!(m.site_name.as_deref(), Some("The Daily"));
        assert_eq!(m.description.as_deref(), Some("A summary."));
        assert_eq!(m.image.as_deref(), Some("https://x.test/i.jpg"));
        assert_eq!(m.canonical.as_deref(), Some("https://x.test/a"));
    }

    #[test]
    fn fallbacks_title_tag_h1_time_and_authors() {
        let m = meta(
            r#"<html><head><title>How to bake bread - Kitchen Notes</title><meta name=author content="By Jo Smith"></head>
            <body><h1>How to bake bread</h1><time datetime="2019-05-06">May 6</time></body></html>"#,
        );
        assert_eq!(m.title.as_deref(), Some("How to bake bread"));
        assert_eq!(m.byline.as_deref(), Some("Jo Smith"));
        assert_eq!(m.published.as_deref(), Some("2019-05-06"));
        let m = meta(
            r#"<body><h1>Only a heading</h1><span itemprop="author"><span itemprop="name">Kim</span></span></body>"#,
        );
        assert_eq!(m.title.as_deref(), Some("Only a heading"));
        assert_eq!(m.byline.as_deref(), Some("Kim"));
    }

    #[test]
    fn site_suffix_rules() {
        assert_eq!(
            strip_site("A long story title | Site", Some("Site")),
            "A long story title"
        );
        assert_eq!(
            strip_site("Site | A long story title", Some("Site")),
            "A long story title"
        );
        assert_eq!(
            strip_site("A long story title - NYT", None),
            "A long story title"
        );
        assert_eq!(
            strip_site("Spider-Man - a review of it all", None),
            "Spider-Man - a review of it all"
        );
        assert_eq!(
            strip_site("Title: subtitle here", None),
            "Title: subtitle here"
        );
        assert_eq!(strip_site("Short - x", None), "Short - x");
    }

    #[test]
    fn bad_json_ld_is_ignored() {
        let m = meta(
            r#"<head><script type="application/ld+json">{not json</script><title>T</title></head>"#,
        );
        assert_eq!(m.title.as_deref(), Some("T"));
        assert_eq!(m.byline, None);
    }
}
