//! `thresh fetch`: URLs -> outcomes -> JSONL Page records or a WARC file.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, IsTerminal as _, Write};
use std::path::Path;

use anyhow::Context as _;
use futures_util::StreamExt as _;
use indicatif::ProgressBar;
use thresh_fetch::warc::{WarcWriter, WriteExchange as _};
use thresh_fetch::{FetchError, Fetcher, MemoryValidators, Options, Outcome};

use crate::args::FetchArgs;
use crate::report::Report;

/// Run `thresh fetch`; returns the counts (the summary line is printed
/// here, unless `quiet`).
pub fn run(args: &FetchArgs, quiet: bool) -> anyhow::Result<Report> {
    let settings = options(args)?.resolve().context("invalid fetch options")?;
    let discovering = !args.sitemap.is_empty() || !args.feed.is_empty() || !args.crawl.is_empty();
    let urls = if discovering && args.urls.is_empty() && args.input.is_none() {
        Vec::new()
    } else {
        read_urls(args)?
    };
    let inflight = settings.concurrency.saturating_mul(4).max(16);
    // Sitemaps and feeds are XML, JSON or text: their own fetcher takes
    // those types (politeness is per fetcher, and discovery comes first).
    let mut discovery_settings = settings.clone();
    discovery_settings.accept_types = thresh_pipeline::runner::discovery_types();
    let fetcher =
        Fetcher::with_validators(settings, std::sync::Arc::new(MemoryValidators::default()))
            .context("cannot set up the fetcher")?;
    let mut sinks = Sinks {
        output: Output::open(args)?,
        log: match &args.outcomes {
            Some(path) => {
                Some(BufWriter::new(File::create(path).with_context(|| {
                    format!("cannot create {}", path.display())
                })?))
            }
            None => None,
        },
        bar: crate::logbar::bar(0, quiet),
        summary: Summary::default(),
        quiet,
    };

    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let result: anyhow::Result<()> = rt.block_on(async {
        // The first round: the URLs given, what the sitemaps and feeds
        // list, and the crawl's starting pages (whose links are followed).
        let mut round: Vec<(String, bool)> = urls.into_iter().map(|u| (u, false)).collect();
        if !args.sitemap.is_empty() || !args.feed.is_empty() {
            let sources = thresh_pipeline::runner::Sources {
                sitemaps: &args.sitemap,
                feeds: &args.feed,
                robots_sitemaps: false,
            };
            let mut report = thresh_pipeline::RunReport::new("fetch");
            let discovery =
                Fetcher::new(discovery_settings).context("cannot set up the fetcher")?;
            let entries =
                thresh_pipeline::runner::discover_from(&sources, &discovery, &[], &mut report)
                    .await;
            for (url, message) in &report.failures {
                crate::logbar::say(&format!("thresh: error: discovery: {url}: {message}"));
            }
            sinks.summary.discovery_failed += report.failed_total();
            round.extend(entries.into_iter().map(|e| (e.loc, false)));
        }
        round.extend(args.crawl.iter().map(|u| (u.clone(), true)));
        let mut seen: std::collections::HashSet<String> =
            round.iter().map(|(u, _)| u.clone()).collect();
        let mut depth = 0;
        while !round.is_empty() {
            if let Some(bar) = &sinks.bar {
                bar.inc_length(round.len() as u64);
            }
            let follow = depth < args.max_depth;
            let found = fetch_round(
                &fetcher,
                round,
                inflight,
                args.unordered,
                follow,
                &mut sinks,
            )
            .await?;
            let Some(found) = found else {
                return Ok(()); // stdout went away
            };
            depth += 1;
            round = found
                .into_iter()
                .filter(|u| seen.len() < args.max_pages && seen.insert(u.clone()))
                .map(|u| (u, true))
                .collect();
        }
        Ok(())
    });
    let Sinks {
        output,
        log,
        bar,
        summary,
        ..
    } = sinks;
    crate::logbar::finish(bar.as_ref());
    result?;
    output.finish()?;
    if let Some(mut log) = log {
        log.flush().context("cannot write the outcome log")?;
    }
    if !quiet {
        eprintln!("{}", summary.line());
    }
    Ok(Report {
        ok: summary.fetched + summary.not_modified + summary.skipped + summary.denied,
        failed: summary.failed.values().sum::<usize>() + summary.discovery_failed,
        summary_printed: true,
        ..Report::default()
    })
}

/// Where outcomes go, and their counts.
struct Sinks {
    output: Output,
    log: Option<BufWriter<File>>,
    bar: Option<ProgressBar>,
    summary: Summary,
    quiet: bool,
}

/// Fetch one round of URLs; write each outcome. Returns the same-site
/// links of the fetched pages marked to be followed (when `follow`), or
/// `None` when stdout went away.
async fn fetch_round(
    fetcher: &Fetcher,
    round: Vec<(String, bool)>,
    inflight: usize,
    unordered: bool,
    follow: bool,
    sinks: &mut Sinks,
) -> anyhow::Result<Option<Vec<String>>> {
    let started = futures_util::stream::iter(round.into_iter().map(|(url, links)| {
        let f = fetcher.clone();
        let task = tokio::spawn({
            let url = url.clone();
            async move { f.fetch_outcome(&url).await }
        });
        async move {
            let outcome = task.await.unwrap_or_else(|e| Outcome::Failed {
                error: FetchError::Http {
                    url: url.clone(),
                    message: format!("internal error: {e}"),
                },
                url,
            });
            (outcome, links)
        }
    }));
    // Input order by default (a slow page holds back the ones after it,
    // within the in-flight window); as they finish with --unordered.
    let mut outcomes: std::pin::Pin<Box<dyn futures_util::Stream<Item = (Outcome, bool)> + Send>> =
        if unordered {
            Box::pin(started.buffer_unordered(inflight))
        } else {
            Box::pin(started.buffered(inflight))
        };
    let mut found = Vec::new();
    while let Some((outcome, links)) = outcomes.next().await {
        if let Some(log) = &mut sinks.log {
            serde_json::to_writer(&mut *log, &outcome.record())?;
            log.write_all(b"\n")?;
        }
        sinks.summary.count(&outcome);
        report_line(&outcome, sinks.quiet);
        if let Outcome::Fetched(fetched) = &outcome {
            if links && follow {
                found.extend(page_links(&fetched.page));
            }
            match sinks.output.write(fetched) {
                Ok(()) => {}
                // The reader went away (`thresh fetch ... | head`): stop
                // quietly, as Unix tools do.
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(None),
                Err(e) => return Err(e).context("cannot write the output"),
            }
        }
        if let Some(bar) = &sinks.bar {
            bar.inc(1);
            bar.set_message(sinks.summary.short());
        }
    }
    Ok(Some(found))
}

/// The same-site links of a fetched HTML page, resolved.
fn page_links(page: &thresh_core::Page) -> Vec<String> {
    let Some(base) = page.url().and_then(|u| url::Url::parse(u).ok()) else {
        return Vec::new();
    };
    match std::str::from_utf8(&page.body) {
        Ok(html) => thresh_pipeline::discover::links::same_site_links(html, &base)
            .into_iter()
            .map(String::from)
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// The fetch options: the --config file, then the flags over it.
fn options(args: &FetchArgs) -> anyhow::Result<Options> {
    let mut o = match &args.config {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            // A file of fetch options, or a pipeline file: its [fetch].
            let mut table: toml::Table = toml::from_str(&text)
                .with_context(|| format!("{}: bad fetch options", path.display()))?;
            let table = match table.remove("fetch") {
                Some(toml::Value::Table(fetch)) => fetch,
                Some(_) => anyhow::bail!("{}: [fetch] is not a table", path.display()),
                // A pipeline without a [fetch]: the defaults.
                None if table.contains_key("source") => toml::Table::new(),
                None => table,
            };
            toml::Value::Table(table)
                .try_into::<Options>()
                .with_context(|| format!("{}: bad fetch options", path.display()))?
        }
        None => Options::default(),
    };
    args.net.apply(&mut o);
    o.per_host = args.per_host.or(o.per_host);
    o.concurrency = args.concurrency.or(o.concurrency);
    o.max_body_bytes = args.max_size.or(o.max_body_bytes);
    Ok(o)
}

/// The URLs: arguments, then the -i file (or stdin with `-i -`, or stdin
/// when no URL is given at all).
fn read_urls(args: &FetchArgs) -> anyhow::Result<Vec<String>> {
    let mut urls = args.urls.clone();
    if args.urls.is_empty() && args.input.is_none() && std::io::stdin().is_terminal() {
        // Nothing to read but a terminal: say how to use it rather than
        // wait for input nobody meant to type.
        let mut cmd = <crate::args::Cli as clap::CommandFactory>::command();
        cmd.build();
        let usage = cmd
            .find_subcommand_mut("fetch")
            .map(|c| c.render_usage().to_string())
            .unwrap_or_default();
        eprintln!(
            "thresh fetch: no URLs: give them as arguments, with -i FILE, or on stdin\n\n{usage}\n\nFor more information, try 'thresh fetch --help'."
        );
        std::process::exit(2);
    }
    let from_stdin = match &args.input {
        Some(path) if path.as_os_str() == "-" => true,
        Some(path) => {
            let file =
                File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
            url_lines(BufReader::new(file), path, &mut urls)?;
            false
        }
        None => args.urls.is_empty(),
    };
    if from_stdin {
        url_lines(std::io::stdin().lock(), Path::new("stdin"), &mut urls)?;
    }
    Ok(urls)
}

/// One URL per line; `#` comments and blank lines skipped.
fn url_lines(reader: impl BufRead, name: &Path, urls: &mut Vec<String>) -> anyhow::Result<()> {
    for line in reader.lines() {
        let line = line.with_context(|| format!("cannot read URLs from {}", name.display()))?;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        urls.push(line.to_string());
    }
    Ok(())
}

/// Where fetched pages go.
enum Output {
    Jsonl(BufWriter<std::io::Stdout>),
    Warc(WarcWriter<BufWriter<File>>, String),
}

impl Output {
    fn open(args: &FetchArgs) -> anyhow::Result<Output> {
        Ok(match &args.warc {
            None => Output::Jsonl(BufWriter::new(std::io::stdout())),
            Some(path) => {
                let name = path.display().to_string();
                let mut options = std::fs::OpenOptions::new();
                if args.append {
                    options.append(true).create(true);
                } else if args.force {
                    options.write(true).create(true).truncate(true);
                } else {
                    options.write(true).create_new(true);
                }
                let file = options.open(path).map_err(|e| {
                    if e.kind() == std::io::ErrorKind::AlreadyExists {
                        anyhow::anyhow!(
                            "{name}: already exists (pass --force to overwrite it or --append to add to it)"
                        )
                    } else {
                        anyhow::Error::new(e).context(format!("cannot create {name}"))
                    }
                })?;
                let gzip = name.to_ascii_lowercase().ends_with(".gz");
                let mut w = WarcWriter::new(BufWriter::new(file), gzip);
                let filename = path
                    .file_name()
                    .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
                w.write_warcinfo(&filename)
                    .with_context(|| format!("cannot write {name}"))?;
                Output::Warc(w, name)
            }
        })
    }

    fn write(&mut self, fetched: &thresh_fetch::Fetched) -> std::io::Result<()> {
        match self {
            Output::Jsonl(out) => {
                serde_json::to_writer(&mut *out, &fetched.page)?;
                out.write_all(b"\n")
            }
            Output::Warc(w, _) => w.write_exchange(fetched),
        }
    }

    fn finish(self) -> anyhow::Result<()> {
        match self {
            Output::Jsonl(mut out) => match out.flush() {
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
                other => other.context("cannot write to stdout"),
            },
            Output::Warc(w, name) => {
                let mut file = w.finish().with_context(|| format!("cannot write {name}"))?;
                file.flush().with_context(|| format!("cannot write {name}"))
            }
        }
    }
}

/// The stderr line of an outcome other than fetched (failures even when
/// quiet).
fn report_line(outcome: &Outcome, quiet: bool) {
    let line = match outcome {
        Outcome::Fetched(_) => return,
        Outcome::Failed { error, .. } => format!("thresh: error: {error}"),
        _ if quiet => return,
        Outcome::NotModified { url, .. } => format!("thresh: not modified: {url}"),
        Outcome::Skipped {
            url, content_type, ..
        } => format!("thresh: skipped: {url}: content type {content_type}"),
        Outcome::RobotsDenied { url, reason } => format!("thresh: robots-denied: {url}: {reason}"),
        other => format!("thresh: {}: {}", other.kind(), other.url()),
    };
    crate::logbar::say(&line);
}

/// Counts of outcomes, failures by reason.
#[derive(Debug, Default)]
struct Summary {
    fetched: usize,
    not_modified: usize,
    skipped: usize,
    denied: usize,
    failed: BTreeMap<String, usize>,
    /// Sitemaps and feeds that could not be read.
    discovery_failed: usize,
}

impl Summary {
    fn count(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Fetched(_) => self.fetched += 1,
            Outcome::NotModified { .. } => self.not_modified += 1,
            Outcome::Skipped { .. } => self.skipped += 1,
            Outcome::RobotsDenied { .. } => self.denied += 1,
            Outcome::Failed { error, .. } => *self.failed.entry(error.kind()).or_default() += 1,
            other => *self.failed.entry(other.kind().to_string()).or_default() += 1,
        }
    }

    fn failed_total(&self) -> usize {
        self.failed.values().sum()
    }

    fn short(&self) -> String {
        format!(
            "fetched {}, 304 {}, skipped {}, denied {}, failed {}",
            self.fetched,
            self.not_modified,
            self.skipped,
            self.denied,
            self.failed_total()
        )
    }

    /// `thresh: fetched 3, not modified 0, skipped 1, robots-denied 0,
    /// failed 2 (status_404 1, timeout_idle 1)`.
    fn line(&self) -> String {
        let mut line = format!(
            "thresh: fetched {}, not modified {}, skipped {}, robots-denied {}, failed {}",
            self.fetched,
            self.not_modified,
            self.skipped,
            self.denied,
            self.failed_total()
        );
        if !self.failed.is_empty() {
            let reasons: Vec<String> = self
                .failed
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            line.push_str(&format!(" ({})", reasons.join(", ")));
        }
        line
    }
}
