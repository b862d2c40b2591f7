//! CSS selectors for site rules (`--keep`, `--drop`, `[clean] keep/drop`,
//! `[clean.sites."host"]`): parsed once with the `selectors` crate (the
//! engine `scraper` is built on, with scraper's selector flavour), matched
//! against the cleaner's own DOM in `html::select`.

use std::collections::BTreeMap;
use std::sync::Arc;

use cssparser::ToCss as _;
use scraper::selector::Simple;
use selectors::parser::{ParseRelative, SelectorList};
use serde::{Deserialize, Serialize};

/// The attributes an attribute selector (`[itemprop=articleBody]`) can
/// test: the parser keeps only the attributes the cleaner reads.
pub const SELECTOR_ATTRIBUTES: &[&str] = &[
    "class",
    "id",
    "role",
    "style",
    "itemprop",
    "itemtype",
    "href",
    "hidden",
    "aria-hidden",
    "aria-controls",
    "lang",
    "rel",
    "type",
    "content",
    "datetime",
    "property",
    "name",
    "src",
    "alt",
];

/// One parsed CSS selector list (`article .story, #main`), with its text.
#[derive(Clone)]
pub struct CssSelector {
    text: String,
    list: Arc<SelectorList<Simple>>,
}

impl CssSelector {
    /// Parse a selector; the error names it and says what is wrong.
    pub fn parse(text: &str) -> Result<CssSelector, String> {
        let mut parser = cssparser::Parser::new(text);
        let list = SelectorList::parse(&scraper::selector::Parser, &mut parser, ParseRelative::No)
            .map_err(|e| {
                let why = match e.kind {
                    cssparser::ParseErrorKind::Basic(
                        cssparser::BasicParseErrorKind::EndOfInput,
                    ) => "it ends too soon".to_string(),
                    cssparser::ParseErrorKind::Basic(other) => format!("{other:?}"),
                    cssparser::ParseErrorKind::Custom(other) => format!("{other:?}"),
                };
                format!("invalid CSS selector `{text}`: {why}")
            })?;
        let mut unread = UnreadAttributes::default();
        list.slice().iter().for_each(|s| {
            s.visit(&mut unread);
        });
        if let Some(name) = unread.0 {
            return Err(format!(
                "CSS selector `{text}`: attribute `{name}` is not one thresh reads (it can test {})",
                SELECTOR_ATTRIBUTES.join(", ")
            ));
        }
        Ok(CssSelector {
            text: text.to_string(),
            list: Arc::new(list),
        })
    }

    /// The selector as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub(crate) fn list(&self) -> &SelectorList<Simple> {
        &self.list
    }
}

/// Finds an attribute selector on an attribute the parser drops.
#[derive(Default)]
struct UnreadAttributes(Option<String>);

impl selectors::visitor::SelectorVisitor for UnreadAttributes {
    type Impl = Simple;

    fn visit_attribute_selector(
        &mut self,
        _namespace: &selectors::attr::NamespaceConstraint<&html5ever::Namespace>,
        local_name: &scraper::selector::CssLocalName,
        _lower: &scraper::selector::CssLocalName,
    ) -> bool {
        let name = local_name.to_css_string();
        if !SELECTOR_ATTRIBUTES.contains(&name.to_ascii_lowercase().as_str()) {
            self.0.get_or_insert(name);
        }
        true
    }
}

impl std::fmt::Debug for CssSelector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.text)
    }
}

impl PartialEq for CssSelector {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for CssSelector {}

impl std::str::FromStr for CssSelector {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        CssSelector::parse(s)
    }
}

impl Serialize for CssSelector {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for CssSelector {
    /// A bad selector is an error of the file it is in (TOML reports its
    /// line).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        CssSelector::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// What a user says of a site: `keep` makes the matching elements the
/// content roots (the cleaner's choice is skipped); `drop` removes the
/// matching elements before anything else looks at the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiteRules {
    /// Selectors of the content.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<CssSelector>,
    /// Selectors of clutter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub drop: Vec<CssSelector>,
}

impl SiteRules {
    /// No rule at all.
    pub fn is_empty(&self) -> bool {
        self.keep.is_empty() && self.drop.is_empty()
    }

    /// These rules, then `more`'s.
    fn and(&self, more: &SiteRules) -> SiteRules {
        SiteRules {
            keep: self.keep.iter().chain(&more.keep).cloned().collect(),
            drop: self.drop.iter().chain(&more.drop).cloned().collect(),
        }
    }
}

/// The rules for every page and those for particular hosts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Rules {
    /// For every page.
    pub all: SiteRules,
    /// By host: a rule for `example.com` also applies on its subdomains
    /// (`www.example.com`).
    pub sites: BTreeMap<String, SiteRules>,
}

impl Rules {
    /// No rule at all.
    pub fn is_empty(&self) -> bool {
        self.all.is_empty() && self.sites.values().all(SiteRules::is_empty)
    }

    /// The rules that apply to a page of `host` (none known: the rules for
    /// every page).
    pub fn for_host(&self, host: Option<&str>) -> std::borrow::Cow<'_, SiteRules> {
        let host = host.map(|h| h.trim_end_matches('.').to_ascii_lowercase());
        let mut out = std::borrow::Cow::Borrowed(&self.all);
        if let Some(host) = host {
            for (site, rules) in &self.sites {
                let site = site.to_ascii_lowercase();
                let on = host == site
                    || host
                        .strip_suffix(site.as_str())
                        .is_some_and(|rest| rest.ends_with('.'));
                if on {
                    out = std::borrow::Cow::Owned(out.and(rules));
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_parse_once_and_bad_ones_are_named() {
        let s = CssSelector::parse("article .story, #main > p:first-child").unwrap();
        assert_eq!(s.as_str(), "article .story, #main > p:first-child");
        let e = CssSelector::parse("div[").unwrap_err();
        assert!(e.contains("`div[`"), "{e}");
        let e = CssSelector::parse("[data-role=x]").unwrap_err();
        assert!(e.contains("data-role") && e.contains("itemprop"), "{e}");
        assert!(CssSelector::parse("[itemprop=articleBody]").is_ok());
    }

    #[test]
    fn site_rules_apply_to_their_host_and_its_subdomains() {
        let rules = Rules {
            all: SiteRules {
                drop: vec![CssSelector::parse(".ad").unwrap()],
                ..SiteRules::default()
            },
            sites: BTreeMap::from([(
                "example.com".to_string(),
                SiteRules {
                    keep: vec![CssSelector::parse("article .story").unwrap()],
                    ..SiteRules::default()
                },
            )]),
        };
        let on = |h: Option<&str>| rules.for_host(h).keep.len();
        assert_eq!(on(Some("example.com")), 1);
        assert_eq!(on(Some("www.EXAMPLE.com")), 1);
        assert_eq!(on(Some("notexample.com")), 0);
        assert_eq!(on(None), 0);
        assert_eq!(rules.for_host(Some("other.org")).drop.len(), 1);
    }
}
