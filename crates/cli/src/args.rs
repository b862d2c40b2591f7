//! Command-line arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// thresh: turn web pages and text dumps into clean article bodies.
#[derive(Debug, Parser)]
#[command(
    name = "thresh",
    version,
    about,
    after_help = EXIT_CODES
)]
pub struct Cli {
    /// More logging on stderr (-v: info, -vv: debug, -vvv: trace).
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only errors on stderr: no warnings, no summary line.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the article from pages, files, directories or stdin.
    #[command(after_help = CLEAN_EXAMPLES)]
    Clean(CleanArgs),
}

const EXIT_CODES: &str = "EXIT CODES:
  0  every input was cleaned and written
  1  at least one input failed (each failure is reported on stderr with the
     input named, the others still went through, a summary line follows)
  2  bad command line

Data goes to stdout, logs to stderr (-v for more, or RUST_LOG=debug).";

const CLEAN_EXAMPLES: &str = concat!(
    "EXAMPLES:
  thresh clean samples/                       every sample, as text, on stdout
  thresh clean story.html --format md         Markdown with YAML front matter
  thresh clean pages/ --format jsonl > a.jsonl   one JSON record per page
  thresh clean dump.txt --input text          force the text-dump cleaner
  thresh clean https://example.org/post       fetch and clean a URL
  curl -s https://example.org/post | thresh clean -
  thresh clean pages/ --out articles/ --format md   one file per input

Inputs: a file (.gz is decompressed), a directory (walked recursively, hidden
files skipped), `-` for stdin (raw HTML/text, or JSONL Page records such as
`thresh fetch` prints), or an http(s) URL.

",
    "EXIT CODES:
  0  every input was cleaned and written
  1  at least one input failed (reported on stderr, the others went through)
  2  bad command line"
);

/// Arguments of `thresh clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files, directories, `-` (stdin) or http(s) URLs.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format: text (title, blank line, paragraphs), md (Markdown with
    /// YAML front matter), json (one pretty record per article), jsonl (one
    /// record per line: source, title, text, blocks, metadata).
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write one file per input into this directory (created if missing)
    /// instead of stdout. Files are written atomically; an existing file is
    /// an error unless --force is given.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out: overwrite files that already exist.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Input kind: auto sniffs each input (content type, extension, first
    /// bytes); html or text forces one cleaner for all inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// Trade-off of the extractor: precision drops anything doubtful,
    /// recall keeps anything that may be body.
    #[arg(long, value_enum, default_value_t = FocusArg::Balanced)]
    pub focus: FocusArg,
    /// Largest input accepted, in bytes; suffixes K, M, G allowed (e.g. 20M).
    /// Larger files and downloads are refused with an error.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_size: u64,
    /// Timeout for fetching a URL, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 30)]
    pub timeout: u64,
}

/// `--format` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Plain text.
    Text,
    /// Markdown with YAML front matter.
    #[value(alias = "markdown")]
    Md,
    /// Pretty JSON, one record per article.
    Json,
    /// JSON Lines, one record per article.
    Jsonl,
}

/// `--input` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Sniff each input.
    Auto,
    /// HTML.
    Html,
    /// Plain-text dump.
    Text,
}

/// `--focus` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FocusArg {
    /// Drop anything doubtful.
    Precision,
    /// Default.
    Balanced,
    /// Keep anything that may be body.
    Recall,
}

/// Parse `123`, `20K`, `50M`, `1G` (binary multiples).
fn parse_size(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, c)) if c.is_ascii_alphabetic() => {
            let mult = match c.to_ascii_uppercase() {
                'K' => 1024,
                'M' => 1024 * 1024,
                'G' => 1024 * 1024 * 1024,
                _ => return Err(format!("unknown size suffix `{c}` (use K, M or G)")),
            };
            (&s[..i], mult)
        }
        _ => (s, 1),
    };
    let n: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{s}` is not a size (e.g. 500000, 20M)"))?;
    n.checked_mul(mult)
        .ok_or_else(|| format!("`{s}` is too large"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2k"), Ok(2048));
        assert_eq!(parse_size("50M"), Ok(50 * 1024 * 1024));
        assert!(parse_size("5X").is_err());
        assert!(parse_size("abc").is_err());
    }

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
