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
    /// Colour in the logs on stderr: auto (only when stderr is a terminal
    /// and NO_COLOR is not set), always, or never.
    #[arg(long, value_enum, default_value_t = ColorArg::Auto, global = true, value_name = "WHEN")]
    pub color: ColorArg,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour the logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract the article from pages, files, directories, WARC files or
    /// stdin.
    #[command(after_help = CLEAN_EXAMPLES)]
    Clean(CleanArgs),
    /// Download URLs politely and print them as JSONL Page records (or
    /// write a WARC file).
    #[command(after_help = FETCH_EXAMPLES)]
    Fetch(FetchArgs),
    /// Write Article records (JSONL, as `clean --format jsonl` prints them)
    /// to files or stdout: the emit stage of a pipeline on its own.
    #[command(after_help = EMIT_HELP)]
    Emit(EmitArgs),
    /// Show why each block of a page was kept or dropped: an HTML report
    /// (or JSON) of the cleaner's decisions.
    #[command(after_help = EXPLAIN_EXAMPLES)]
    Explain(crate::explain_cmd::ExplainArgs),
    /// Run a pipeline file once: discover, fetch what is new or changed,
    /// clean, and write the new articles (for cron).
    #[command(after_help = RUN_HELP)]
    Run(crate::pipeline_cmd::RunArgs),
    /// Validate a pipeline file and print it resolved, as TOML: every key
    /// with its default filled in and paths made absolute.
    #[command(after_help = CHECK_HELP)]
    Check(crate::pipeline_cmd::CheckArgs),
    /// Run a pipeline file's offline `[[tests]]`.
    #[command(after_help = TEST_HELP)]
    Test(crate::pipeline_cmd::TestArgs),
    /// Print what a pipeline's state store holds, as JSONL: one record a
    /// URL, followed page, article hash, host and learned block.
    #[command(after_help = STATE_HELP)]
    State(crate::pipeline_cmd::StateArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish,
    /// powershell) on stdout.
    #[command(after_help = "EXAMPLES:
  thresh completions bash > ~/.local/share/bash-completion/completions/thresh
  thresh completions zsh > ~/.zfunc/_thresh
  thresh completions fish > ~/.config/fish/completions/thresh.fish")]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on stdout.
    #[command(after_help = "EXAMPLES:
  thresh man > ~/.local/share/man/man1/thresh.1 && man thresh
  thresh man | man -l -")]
    Man,
}

const RUN_HELP: &str = "EXAMPLES:
  thresh run pipelines/samples.toml      the bundled samples, offline
  thresh check pipelines/news-sitemap.toml
  thresh test pipelines/news-sitemap.toml
  crontab: 15 6 * * *  cd /srv/thresh && thresh run pipelines/news-sitemap.toml

Each run takes a lock beside the state store, so two runs of one pipeline
never overlap; state is committed as articles are written, so a killed run
is finished by the next. SIGINT/SIGTERM stop after the pages in hand.

EXIT CODES:
  0  the run completed and no page failed
  1  some pages failed (listed on stderr and in run-report.json) or the run
     could not start
  2  bad command line
  3  another run of this pipeline is in progress (nothing was done)
  130  stopped by SIGINT (Ctrl-C): the pages in hand were written and the
       state committed; the next run goes on from there
  143  stopped by SIGTERM, likewise";

const EMIT_HELP: &str = "EXAMPLES:
  thresh clean pages/ --format jsonl > a.jsonl
  thresh emit a.jsonl --dir out --format md          one Markdown file per article
  thresh emit a.jsonl --dir out --path '{host}/{slug}.{ext}'
  thresh fetch -i urls.txt | thresh clean - --format jsonl \\
    | jq -c 'select(.lang==\"en\")' | thresh emit --dir out --format md
  thresh emit a.jsonl --format text                  the articles as text on stdout

Input lines must be Article records of the current version (docs/records.md);
any other line (not JSON, a Page record, another version) is an error naming
the file and line, and the other lines still go through. Under --dir, files
are written as a pipeline's [emit] writes them: atomically, at the path the
template gives (variables {host} {date} {year} {month} {day} {slug} {id}
{ext}; {date} is the publication date, else today), never over an existing
file unless --force, and never two articles to one file (a taken path gets a
hash of the article's URL appended).

EXIT CODES:
  0  every record was written
  1  at least one line failed (reported on stderr, the others went through)
  2  bad command line";

const TEST_HELP: &str = "EXAMPLES:
  thresh test pipelines/news-sitemap.toml     run its [[tests]]: each cleans a saved
                                              page and checks what comes out

A test names a saved page (`input`) and what its output must be or hold
(`expect_file`, `title`, `contains`, `not_contains`; see docs/pipeline.md);
nothing is fetched.

EXIT CODES:
  0  every test passed
  1  a test failed (each test is listed on stdout: ok, or FAILED and why)
     or the file is invalid
  2  bad command line";

const STATE_HELP: &str = "EXAMPLES:
  thresh state pipelines/news-sitemap.toml                      every record
  thresh state pipelines/news-sitemap.toml --table url | jq -r 'select(.status==\"failed\") | .url'
  thresh state pipelines/news-sitemap.toml --table host_block   what site learning counted

Each line is a JSON object whose \"table\" says what it is: url (the
fields the next run decides by: last fetch, validators, hashes, status,
output file), links, article, host, host_block or meta. The store is
opened read-only; while a run holds it, or when a killed run left it
needing repair (the next run repairs it), the command fails and says so.";

const CHECK_HELP: &str = "EXAMPLES:
  thresh check pipelines/news-sitemap.toml              print the resolved pipeline
  thresh check pipelines/news-sitemap.toml > full.toml  it loads back as the same pipeline

Errors (an unknown key, a bad value, a URL that cannot be fetched such as
`127.0.0.1:8765/x` without http://) name the file and the line.

EXIT CODES:
  0  the pipeline is valid
  1  it is not (the error is on stderr)
  2  bad command line";

const EXIT_CODES: &str = "EXIT CODES (every command):
  0    success: every input cleaned (clean), every record written (emit),
       every URL had an outcome other than a failure (fetch), the run
       completed with no page failing (run), valid (check), passed (test)
  1    at least one input failed (each failure is reported on stderr with
       the input named, the others still went through, a summary line
       follows), or the command could not start
  2    bad command line (a trafilatura flag gets a hint), or fetch with
       nothing to read on a terminal
  3    run: another run of this pipeline is in progress
  130  run: stopped by SIGINT (the pages in hand were written)
  143  run: stopped by SIGTERM, likewise

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
  thresh fetch -i urls.txt | thresh clean - --format jsonl
  thresh clean crawl.warc.gz                  every 2xx response in a WARC

Inputs: a file (.gz is decompressed), a WARC file (.warc or .warc.gz: each
HTML response or resource record is a page), a directory (walked
recursively, hidden files skipped), `-` for stdin (raw HTML/text, or JSONL
Page records such as `thresh fetch` prints, read one line at a time), or an
http(s) URL (fetched politely: robots.txt, 1 s between requests to a host).

",
    "EXIT CODES:
  0  every input was cleaned and written
  1  at least one input failed (reported on stderr, the others went through)
  2  bad command line"
);

const EXPLAIN_EXAMPLES: &str = "EXAMPLES:
  thresh explain story.html -o report.html    open report.html in a browser
  thresh explain https://example.org/post -o report.html
  thresh explain story.html --format json | jq '.blocks[] | select(.kept | not) | .rule'
  thresh explain story.html --drop '.related' -o report.html   see a site rule's effect

The report shows the page's blocks in document order, each kept (green) or
dropped (red) with the stage and rule that decided (a class token, a link
density over its limit, a related-content heading, a text-dump tail...),
filterable, each opening to its DOM path; then the candidate containers
with their scores and the metadata found. It needs nothing but a browser.

EXIT CODES:
  0  the page was explained
  1  it could not be read or cleaned (the message names it)
  2  bad command line";

/// Arguments of `thresh emit`.
#[derive(Debug, Args)]
pub struct EmitArgs {
    /// JSONL files of Article records, or `-` for stdin (the default when
    /// no file is named).
    #[arg(value_name = "FILE")]
    pub inputs: Vec<String>,
    /// Output format: text, md (Markdown with YAML front matter), json (one
    /// pretty record per article), jsonl, or warc (WET records, gzipped).
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write one file per article under this directory (created if
    /// missing) instead of stdout.
    #[arg(short, long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// With --dir: where each article goes, as a path template (the
    /// pipeline's `[emit] path`). Default: {host}/{date}/{slug}.{ext}
    #[arg(long, value_name = "TEMPLATE", requires = "dir", value_parser = parse_template)]
    pub path: Option<thresh_emit::template::PathTemplate>,
    /// With --dir: overwrite files that already exist.
    #[arg(long, requires = "dir")]
    pub force: bool,
    /// Longest input line accepted, in bytes; suffixes K, M, G allowed.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_size: u64,
    /// How text output is written.
    #[command(flatten)]
    pub style: TextStyleArgs,
}

/// Arguments of `thresh clean`.
#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files, directories, `-` (stdin) or http(s) URLs.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Output format: text (title, blank line, paragraphs; with several
    /// inputs each article follows a `==> SOURCE <==` line), md (Markdown
    /// with YAML front matter), json (one pretty record, or an array of
    /// them for several articles), jsonl (one record per line: source,
    /// title, text, blocks, metadata), warc (WET:
    /// a WARC/1.1 conversion record of the text per article, gzipped, e.g.
    /// `thresh clean crawl.warc.gz --format warc > crawl.wet.gz`).
    #[arg(short, long, value_enum, default_value_t = FormatArg::Text)]
    pub format: FormatArg,
    /// Write one file per input into this directory (created if missing)
    /// instead of stdout, mirroring the input tree (`site/a/index.html`
    /// given as `site` -> DIR/a/index.txt; a WARC file's pages go in a
    /// folder of its name). Files are written atomically; an existing file
    /// is an error unless --force is given; two inputs never share a file.
    #[arg(short, long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// With --out: overwrite files that already exist.
    #[arg(long, requires = "out")]
    pub force: bool,
    /// Largest input accepted, in bytes; suffixes K, M, G allowed (e.g. 20M).
    /// Larger files and downloads are refused with an error.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = parse_size)]
    pub max_size: u64,
    /// How URLs are fetched (politely, as `thresh fetch` does).
    #[command(flatten)]
    pub net: NetArgs,
    /// How pages are cleaned.
    #[command(flatten)]
    pub cleaner: CleanerArgs,
    /// How text output is written.
    #[command(flatten)]
    pub style: TextStyleArgs,
    /// Count an input that holds nothing to clean (an empty directory, a
    /// WARC file without pages) or a page whose article has no body as a
    /// failure (exit 1) instead of a warning.
    #[arg(long)]
    pub strict: bool,
    /// Pages cleaned at once, on as many threads (default: one per core).
    /// Output comes in input order and is the same whatever the number
    /// (e.g. -j 1 for one thread).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// How text output is written: the flags `clean` and `emit` share.
#[derive(Debug, Args)]
pub struct TextStyleArgs {
    /// Text output: write links as [text](url), as Markdown does.
    #[arg(long)]
    pub links: bool,
    /// Text output: begin each article with its metadata (title, author,
    /// date, url, hostname, description, sitename, lang, page_type) between
    /// `---` lines.
    #[arg(long)]
    pub with_metadata: bool,
}

impl TextStyleArgs {
    /// The emit crate's text style.
    pub fn style(&self) -> thresh_emit::TextStyle {
        thresh_emit::TextStyle {
            links: self.links,
            metadata: self.with_metadata,
        }
    }
}

/// How pages are cleaned: the flags `clean` and `explain` share.
#[derive(Debug, Args)]
pub struct CleanerArgs {
    /// Input kind: auto sniffs each input (content type, extension, first
    /// bytes); html or text forces one cleaner for all inputs.
    #[arg(long, value_enum, default_value_t = InputArg::Auto)]
    pub input: InputArg,
    /// Trade-off of the extractor: precision drops anything doubtful,
    /// recall keeps anything that may be body.
    #[arg(long, value_enum, default_value_t = FocusArg::Balanced)]
    pub focus: FocusArg,
    /// Clean every HTML page as this type instead of classifying each:
    /// article, forum, product, collection, listing, documentation,
    /// service or other (e.g. --page-type forum for a saved thread).
    #[arg(long, value_name = "TYPE", value_parser = parse_page_type)]
    pub page_type: Option<thresh_core::PageType>,
    /// Seconds one page may take to clean; a page that takes longer (one
    /// built to stall a parser) fails with a message naming it, and the
    /// other inputs go on.
    #[arg(long, value_name = "SECS", default_value_t = 5.0, value_parser = parse_positive_secs)]
    pub page_timeout: f64,
    /// CSS selector of the content (repeatable): the matching elements are
    /// the article, whole, instead of the cleaner's choice (e.g. --keep
    /// 'article .story-body'). Attribute selectors can test the attributes
    /// thresh reads: class, id, role, itemprop, itemtype, href, lang, ...
    #[arg(long, value_name = "SELECTOR", value_parser = parse_selector)]
    pub keep: Vec<thresh_clean::CssSelector>,
    /// CSS selector of clutter (repeatable): the matching elements are
    /// removed before the cleaner looks at the page (e.g. --drop '.related'
    /// --drop '#comments').
    #[arg(long, value_name = "SELECTOR", value_parser = parse_selector)]
    pub drop: Vec<thresh_clean::CssSelector>,
    /// Leave data tables out of the article.
    #[arg(long)]
    pub no_tables: bool,
    /// Keep the article's images: image blocks with their source and alt
    /// text (`![alt](src)` in text and Markdown output).
    #[arg(long)]
    pub images: bool,
    /// Add the page's comment thread after the article, under a Comments
    /// heading (articles drop it by default; a forum's posts are always
    /// its content).
    #[arg(long, overrides_with = "no_comments")]
    pub comments: bool,
    /// Leave comment threads out (the default; for trafilatura's habit).
    #[arg(long, overrides_with = "comments")]
    pub no_comments: bool,
    /// Skip pages in another language than this two-letter code (e.g.
    /// --target-language de); they are counted in the summary, not failed.
    /// Pages whose language is unknown are kept.
    #[arg(long, value_name = "LANG", value_parser = parse_language)]
    pub target_language: Option<String>,
}

/// A two-letter language code (or a tag whose primary subtag is one).
fn parse_language(s: &str) -> Result<String, String> {
    let primary = s.split(['-', '_']).next().unwrap_or("");
    if primary.len() == 2 && primary.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(s.to_string())
    } else {
        Err(format!(
            "`{s}` is not a two-letter ISO 639-1 code (e.g. en, de, fr)"
        ))
    }
}

/// A CSS selector, parsed once (the error names it).
fn parse_selector(s: &str) -> Result<thresh_clean::CssSelector, String> {
    thresh_clean::CssSelector::parse(s)
}

/// A page type by name.
fn parse_page_type(s: &str) -> Result<thresh_core::PageType, String> {
    s.parse()
}

/// A positive, finite number of seconds.
fn parse_secs(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a number of seconds (0 or more)")),
    }
}

fn parse_positive_secs(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{s}` is not a positive number of seconds")),
    }
}

const FETCH_EXAMPLES: &str = concat!(
    "EXAMPLES:
  thresh fetch https://example.org/a https://example.org/b > pages.jsonl
  thresh fetch -i urls.txt --outcomes log.jsonl > pages.jsonl
  thresh fetch -i urls.txt | thresh clean - --format jsonl
  thresh fetch -i urls.txt --warc crawl.warc.gz && thresh clean crawl.warc.gz
  thresh fetch --sitemap https://example.org/sitemap.xml | thresh clean -
  thresh fetch --feed https://example.org/feed.xml | thresh clean - --format jsonl
  thresh fetch --crawl https://example.org/news/ --max-depth 2 --max-pages 500
  cat urls.txt | thresh fetch --delay 2 --user-agent 'mybot/1.0 (+https://me.example/bot)'
  thresh fetch --config fetch.toml -i urls.txt

URLs come from the arguments, from -i FILE (one per line; `#` comments and
blank lines are ignored; `-` is stdin), or from stdin when neither is given.

Each URL ends as one outcome: fetched (a Page record on stdout: the body
decoded to UTF-8 text, `encoding` and `charset_source` saying how), not
modified (304), skipped (a media type other than HTML, XHTML or plain text:
the body is not downloaded), robots-denied, or failed (with the reason).
Anything but fetched gets one line on stderr; --outcomes logs them all.
A summary line ends the run: fetched, 304, skipped, denied, failed by reason.

Politeness: robots.txt is obeyed (cached per site; a robots.txt that cannot
be had blocks the site for 10 minutes), one request at a time per host, at
least --delay seconds apart (or the site's Crawl-delay, up to 30 s).
Failures that may pass (connection errors, timeouts, 5xx, 429) are retried
with exponential backoff; Retry-After is honoured up to 120 s.

--config FILE: a TOML file of fetch options (flags win over it), e.g.
  user_agent = \"mybot/1.0 (+https://me.example/bot)\"
  delay_secs = 2.0
  per_host = 1
  concurrency = 32
  retries = 3
  max_body_bytes = 20971520
Keys: user_agent, robots_agent, respect_robots, robots_ttl_secs,
robots_error_ttl_secs, per_host, delay_secs, max_crawl_delay_secs,
concurrency, retries, retry_base_secs, retry_max_secs, max_retry_after_secs,
connect_timeout_secs, first_byte_timeout_secs, idle_timeout_secs,
total_timeout_secs, max_body_bytes, max_decoded_bytes, max_redirects,
accept_types.

",
    "EXIT CODES:
  0  every URL was fetched, not modified, skipped or denied by robots.txt
  1  at least one URL failed (each named on stderr, the summary counts them
     by reason), or the output could not be written
  2  bad command line"
);

/// Arguments of `thresh fetch`.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// http(s) URLs to fetch.
    #[arg(value_name = "URL")]
    pub urls: Vec<String>,
    /// Read URLs from FILE, one per line (`#` comments and blank lines are
    /// ignored); `-` reads them from stdin.
    #[arg(short = 'i', long = "input", value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Write a WARC/1.1 file (request and response records; gzip per record
    /// when the name ends in .gz) instead of JSONL on stdout.
    #[arg(long, value_name = "PATH")]
    pub warc: Option<PathBuf>,
    /// With --warc: replace the file if it exists (by default an existing
    /// archive is an error and stays as it was).
    #[arg(long, requires = "warc", conflicts_with = "append")]
    pub force: bool,
    /// Also fetch every page a sitemap lists (sitemap indexes followed;
    /// .xml, .xml.gz or plain text). Repeatable.
    #[arg(long, value_name = "URL")]
    pub sitemap: Vec<String>,
    /// Also fetch every entry of an RSS, Atom or JSON feed. Repeatable.
    #[arg(long, value_name = "URL")]
    pub feed: Vec<String>,
    /// Fetch this page and follow its same-site links, --max-depth steps.
    /// Repeatable.
    #[arg(long, value_name = "URL")]
    pub crawl: Vec<String>,
    /// With --crawl: how many steps of links to follow.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub max_depth: u32,
    /// With --crawl: stop following links once this many URLs are known
    /// (those given and listed included).
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_pages: usize,
    /// Print pages as they finish rather than in input order (faster when
    /// some hosts are slow; the default keeps the order of the URLs).
    #[arg(long)]
    pub unordered: bool,
    /// With --warc: add the new records to the end of an existing archive
    /// (records are gzipped one by one, so the file stays one archive).
    #[arg(long, requires = "warc")]
    pub append: bool,
    /// Also write one JSON outcome record per URL (fetched, not_modified,
    /// skipped, robots_denied, failed, with status, type and error) to PATH.
    #[arg(long, value_name = "PATH")]
    pub outcomes: Option<PathBuf>,
    /// A TOML file of fetch options (the keys are listed below); flags
    /// given on the command line win.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The flags every command that fetches takes.
    #[command(flatten)]
    pub net: NetArgs,
    /// Requests in flight at once to one host [default: 1].
    #[arg(long, value_name = "N")]
    pub per_host: Option<usize>,
    /// Requests in flight at once in all [default: 32].
    #[arg(long, value_name = "N")]
    pub concurrency: Option<usize>,
    /// Largest body accepted as transferred; K, M, G suffixes [default: 20M].
    /// Bodies are also capped at 50M after decompression.
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    pub max_size: Option<u64>,
}

/// How pages are fetched: the same flags on every command that fetches
/// (`fetch`, and `clean` given URLs).
#[derive(Debug, Clone, Args)]
pub struct NetArgs {
    /// The User-Agent header; name your bot and give a contact URL
    /// [default: thresh/VERSION (+https://example.invalid/thresh)].
    #[arg(long, value_name = "UA")]
    pub user_agent: Option<String>,
    /// Minimum seconds between requests to one host [default: 1].
    #[arg(long, value_name = "SECS", value_parser = parse_secs)]
    pub delay: Option<f64>,
    /// Retries of a failure that may pass [default: 3].
    #[arg(long, value_name = "N")]
    pub retries: Option<u32>,
    /// Seconds allowed for one request, connect to last byte, more than 0
    /// [default: 120 for fetch, 30 for clean].
    #[arg(long, value_name = "SECS", value_parser = parse_positive_secs)]
    pub timeout: Option<f64>,
    /// Ignore robots.txt. Only for sites you run or have permission to
    /// crawl.
    #[arg(long)]
    pub no_robots: bool,
}

impl NetArgs {
    /// Put the flags given into fetch options (flags win over a config).
    pub fn apply(&self, o: &mut thresh_fetch::Options) {
        if let Some(ua) = &self.user_agent {
            o.user_agent = Some(ua.clone());
        }
        o.delay_secs = self.delay.or(o.delay_secs);
        o.retries = self.retries.or(o.retries);
        o.total_timeout_secs = self.timeout.or(o.total_timeout_secs);
        if self.no_robots {
            o.respect_robots = Some(false);
        }
    }
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
    /// WARC/1.1 conversion records of the text (Common Crawl's WET
    /// shape), one gzip member each.
    #[value(alias = "wet")]
    Warc,
}

impl From<FormatArg> for thresh_emit::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Text => thresh_emit::Format::Text,
            FormatArg::Md => thresh_emit::Format::Md,
            FormatArg::Json => thresh_emit::Format::Json,
            FormatArg::Jsonl => thresh_emit::Format::Jsonl,
            FormatArg::Warc => thresh_emit::Format::Warc,
        }
    }
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
fn parse_template(s: &str) -> Result<thresh_emit::template::PathTemplate, String> {
    thresh_emit::template::PathTemplate::parse(s)
}

pub(crate) fn parse_size(s: &str) -> Result<u64, String> {
    thresh_fetch::parse_size(s)
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
