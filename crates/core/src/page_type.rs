//! [`PageType`]: what kind of page an article was cleaned from.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The kind of page, which decides what its main content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PageType {
    /// A news story, blog post, guide or recipe: the article body.
    Article,
    /// A discussion thread or Q&A page: every post in order.
    Forum,
    /// One product: name, description, features, specifications.
    Product,
    /// A category page or product grid: the intro and every item.
    Collection,
    /// A content index (posts, reviews, recipes): every entry.
    Listing,
    /// API docs, tutorials, wikis: the text, code and tables.
    Documentation,
    /// A marketing, feature, pricing or service page: all its sections.
    Service,
    /// None of these, or not clear.
    Other,
}

impl PageType {
    /// Every page type, in the order of the docs.
    pub const ALL: [PageType; 8] = [
        PageType::Article,
        PageType::Forum,
        PageType::Product,
        PageType::Collection,
        PageType::Listing,
        PageType::Documentation,
        PageType::Service,
        PageType::Other,
    ];

    /// The lower-case name, as in records and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            PageType::Article => "article",
            PageType::Forum => "forum",
            PageType::Product => "product",
            PageType::Collection => "collection",
            PageType::Listing => "listing",
            PageType::Documentation => "documentation",
            PageType::Service => "service",
            PageType::Other => "other",
        }
    }
}

impl fmt::Display for PageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for PageType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim().to_ascii_lowercase();
        PageType::ALL
            .into_iter()
            .find(|t| t.as_str() == s || (s == "docs" && *t == PageType::Documentation))
            .ok_or_else(|| {
                let names: Vec<&str> = PageType::ALL.iter().map(|t| t.as_str()).collect();
                format!("unknown page type `{s}` ({})", names.join(", "))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for t in PageType::ALL {
            assert_eq!(t.as_str().parse::<PageType>(), Ok(t));
            assert_eq!(serde_json::to_string(&t).unwrap(), format!("\"{t}\""));
        }
        assert_eq!("Docs".parse::<PageType>(), Ok(PageType::Documentation));
        assert!("blog".parse::<PageType>().unwrap_err().contains("forum"));
    }
}
