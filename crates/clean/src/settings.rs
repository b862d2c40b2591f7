//! Cleaner configuration: [`Options`] (every field optional, as read from
//! TOML or flags) resolved into [`Settings`] (every default in one place).

use serde::{Deserialize, Serialize};

/// Trade-off between keeping clutter and losing body text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    /// Drop anything doubtful.
    Precision,
    /// The default balance.
    #[default]
    Balanced,
    /// Keep anything that may be body.
    Recall,
}

/// What kind of input a page is.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// Decide from the content type and the bytes.
    #[default]
    Auto,
    /// An HTML document.
    Html,
    /// A plain-text dump, one block per line.
    Text,
}

/// Cleaner options as written by a user; `None` means "the default".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Options {
    /// Precision / recall trade-off.
    pub focus: Option<Focus>,
    /// Force the input kind instead of sniffing.
    pub input: Option<InputKind>,
}

impl Options {
    /// Fill in every default.
    pub fn resolve(&self) -> Settings {
        let d = Settings::default();
        Settings {
            focus: self.focus.unwrap_or(d.focus),
            input: self.input.unwrap_or(d.input),
        }
    }
}

impl From<&Settings> for Options {
    /// The options that resolve to these settings, every field set.
    fn from(s: &Settings) -> Options {
        Options {
            focus: Some(s.focus),
            input: Some(s.input),
        }
    }
}

/// Resolved cleaner settings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Settings {
    /// Precision / recall trade-off.
    pub focus: Focus,
    /// Input kind (auto sniffs).
    pub input: InputKind,
}

impl Settings {
    /// The settings as provenance key/value pairs.
    pub fn provenance(&self) -> Vec<(String, String)> {
        vec![
            ("focus".into(), format!("{:?}", self.focus).to_lowercase()),
            ("input".into(), format!("{:?}", self.input).to_lowercase()),
        ]
    }
}
