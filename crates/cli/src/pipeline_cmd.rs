//! `thresh run`, `thresh check`, `thresh test` and `thresh state`: pipeline files.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use anyhow::Context as _;
use clap::Args;
use thresh_clean::{AutoCleaner, Cleaner};
use thresh_emit::render;
use thresh_fetch::Limits;
use thresh_pipeline::spec::TestCase;
use thresh_pipeline::state::StateRecord;
use thresh_pipeline::{Pipeline, PipelineError, RunOptions};

use crate::report::Report;

/// Arguments of `thresh run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The pipeline file (TOML).
    #[arg(value_name = "PIPELINE")]
    pub file: PathBuf,
    /// Pages cleaned at once, on as many threads (default: one per core);
    /// the output is the same whatever the number (e.g. -j 1).
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub threads: Option<u16>,
}

/// Arguments of `thresh check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The pipeline file (TOML).
    #[arg(value_name = "PIPELINE")]
    pub file: PathBuf,
}

/// Arguments of `thresh test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The pipeline file (TOML) whose `[[tests]]` to run.
    #[arg(value_name = "PIPELINE")]
    pub file: PathBuf,
}

/// Arguments of `thresh state`.
#[derive(Debug, Args)]
pub struct StateArgs {
    /// The pipeline file (TOML) whose state store to print.
    #[arg(value_name = "PIPELINE")]
    pub file: PathBuf,
    /// Print only the records of these tables (comma-separated or
    /// repeated; default: all).
    #[arg(long, value_enum, value_delimiter = ',', value_name = "TABLE")]
    pub table: Vec<StateTable>,
}

/// The tables of the state store, as `thresh state --table` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StateTable {
    /// A URL's state: last fetch, validators, hashes, status, output.
    Url,
    /// The same-site outlinks of a followed page.
    Links,
    /// Which URL holds an article (exact dedup).
    Article,
    /// Articles the boilerplate model saw per host.
    Host,
    /// How many of a host's articles held a block.
    HostBlock,
    /// Numbers kept beside the states (the JSONL log's committed length).
    Meta,
}

impl StateTable {
    fn of(record: &StateRecord) -> StateTable {
        match record {
            StateRecord::Url(_) => StateTable::Url,
            StateRecord::Links { .. } => StateTable::Links,
            StateRecord::Article { .. } => StateTable::Article,
            StateRecord::Host { .. } => StateTable::Host,
            StateRecord::HostBlock { .. } => StateTable::HostBlock,
            StateRecord::Meta { .. } => StateTable::Meta,
        }
    }
}

/// Exit code when another run of the same pipeline holds the lock.
pub const EXIT_LOCKED: u8 = 3;

/// Exit code of a run stopped by SIGINT (128 + 2, the shell's habit).
pub const EXIT_SIGINT: u8 = 130;
/// Exit code of a run stopped by SIGTERM (128 + 15).
pub const EXIT_SIGTERM: u8 = 143;

/// The outcome of `thresh run`: a report, "interrupted", or "locked".
pub enum RunOutcome {
    /// The run happened.
    Done(Report),
    /// The run was stopped by a signal after committing the pages in hand;
    /// the exit code to use.
    Interrupted(u8),
    /// Another run holds the lock.
    Locked(String),
}

/// `thresh run FILE`.
pub fn run(args: &RunArgs, quiet: bool) -> anyhow::Result<RunOutcome> {
    let pipeline = Pipeline::load(&args.file)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let cancel = Arc::new(AtomicBool::new(false));
    let signal_code = Arc::new(AtomicU8::new(0));
    runtime.spawn(watch_signals(cancel.clone(), signal_code.clone()));
    let bar = crate::logbar::bar(0, quiet);
    let progress: Option<thresh_pipeline::runner::ProgressFn> = bar.clone().map(|bar| {
        let f = move |r: &thresh_pipeline::RunReport, queued: usize| {
            bar.set_length((r.fetched + r.not_modified + r.failed_total() + queued) as u64);
            bar.set_position((r.fetched + r.not_modified + r.failed_total()) as u64);
            bar.set_message(format!(
                "new {} updated {} unchanged {} failed {}",
                r.new_articles,
                r.updated_articles,
                r.not_modified + r.unchanged,
                r.failed_total()
            ));
        };
        Arc::new(f) as thresh_pipeline::runner::ProgressFn
    });
    let options = RunOptions {
        cancel,
        progress,
        threads: args.threads.map(usize::from),
    };
    let result = runtime.block_on(thresh_pipeline::run(&pipeline, options));
    crate::logbar::finish(bar.as_ref());
    let report = match result {
        Ok(report) => report,
        Err(e @ PipelineError::Locked { .. }) => return Ok(RunOutcome::Locked(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    if !quiet {
        eprintln!("thresh: {}", report.summary());
    }
    if report.interrupted {
        let code = match signal_code.load(Ordering::SeqCst) {
            0 => EXIT_SIGINT,
            code => code,
        };
        return Ok(RunOutcome::Interrupted(code));
    }
    Ok(RunOutcome::Done(Report {
        ok: report.new_articles + report.updated_articles,
        failed: report.failed_total(),
        summary_printed: true,
        ..Report::default()
    }))
}

/// First SIGINT / SIGTERM: finish in-flight work and stop (the exit code
/// of the signal goes in `code`). Second: exit at once.
async fn watch_signals(cancel: Arc<AtomicBool>, code: Arc<AtomicU8>) {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    loop {
        #[cfg(unix)]
        let got = match term.as_mut() {
            Some(term) => tokio::select! {
                r = tokio::signal::ctrl_c() => r.is_ok().then_some(EXIT_SIGINT),
                r = term.recv() => r.map(|()| EXIT_SIGTERM),
            },
            None => tokio::signal::ctrl_c().await.is_ok().then_some(EXIT_SIGINT),
        };
        #[cfg(not(unix))]
        let got = tokio::signal::ctrl_c().await.is_ok().then_some(EXIT_SIGINT);
        let Some(signal_code) = got else {
            return;
        };
        // The first signal names the exit code (stored before the cancel
        // flag, which the run reads, is raised).
        let _ = code.compare_exchange(0, signal_code, Ordering::SeqCst, Ordering::SeqCst);
        if cancel.swap(true, Ordering::SeqCst) {
            eprintln!("thresh: second signal, exiting now");
            std::process::exit(i32::from(signal_code));
        }
        eprintln!("thresh: stopping after the pages in hand (signal again to exit at once)");
    }
}

/// `thresh check FILE`: validate and print the resolved pipeline as TOML.
pub fn check(args: &CheckArgs) -> anyhow::Result<Report> {
    let p = Pipeline::load(&args.file)?;
    print_stdout(&resolved_toml(&p)?)?;
    Ok(Report::default())
}

/// `thresh state FILE`: the state store's records as JSONL on stdout.
pub fn state(args: &StateArgs) -> anyhow::Result<Report> {
    let p = Pipeline::load(&args.file)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut write_err = None;
    thresh_pipeline::state::dump(&p.state_path, |record| {
        if write_err.is_some()
            || !(args.table.is_empty() || args.table.contains(&StateTable::of(&record)))
        {
            return;
        }
        let line = serde_json::to_string(&record).map(|mut l| {
            l.push('\n');
            l
        });
        if let Err(e) = line
            .map_err(std::io::Error::other)
            .and_then(|l| out.write_all(l.as_bytes()))
        {
            write_err = Some(e);
        }
    })?;
    match write_err.map_or_else(|| out.flush(), Err) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(anyhow::Error::new(e).context("cannot write to stdout"))
        }
        _ => Ok(Report::default()),
    }
}

/// The resolved pipeline as TOML, with a header and the unset keys named
/// in a closing comment.
fn resolved_toml(p: &Pipeline) -> anyhow::Result<String> {
    let body = toml::to_string_pretty(&p.resolved_options())
        .with_context(|| format!("{}: cannot write the resolved pipeline", p.file.display()))?;
    let mut out = format!(
        "# {}: resolved by thresh check (every default filled in, paths absolute)\n",
        p.file.display()
    );
    let _ = writeln!(out, "# lock: {}", p.lock_path.display());
    out.push_str(&body);
    let unset = p.unset_keys();
    if !unset.is_empty() {
        let _ = writeln!(out, "\n# not set (default: none): {}", unset.join(", "));
    }
    Ok(out)
}

/// `thresh test FILE`: run the `[[tests]]` offline.
pub fn test(args: &TestArgs) -> anyhow::Result<Report> {
    let p = Pipeline::load(&args.file)?;
    if p.options.tests.is_empty() {
        anyhow::bail!("{}: no [[tests]] in this pipeline", args.file.display());
    }
    let cleaner = AutoCleaner::new(p.clean.clone());
    let mut report = Report::default();
    let mut out = String::new();
    for case in &p.options.tests {
        match run_case(&p, &cleaner, case) {
            Ok(()) => {
                let _ = writeln!(out, "ok      {}", case.name);
                report.ok += 1;
            }
            Err(why) => {
                let _ = writeln!(out, "FAILED  {}: {why}", case.name);
                report.failed += 1;
            }
        }
    }
    let _ = writeln!(out, "{} passed, {} failed", report.ok, report.failed);
    print_stdout(&out)?;
    report.summary_printed = true;
    Ok(report)
}

fn run_case(p: &Pipeline, cleaner: &AutoCleaner, case: &TestCase) -> Result<(), String> {
    let input = p.relative(&case.input);
    let mut page =
        thresh_fetch::read_path(&input, &Limits::default()).map_err(|e| e.to_string())?;
    page.final_url = case.url.clone();
    let article = cleaner.clean(&page).map_err(|e| e.to_string())?;
    let out = render(&article, p.format).map_err(|e| e.to_string())?;
    if let Some(title) = &case.title
        && article.title.as_deref() != Some(title.as_str())
    {
        return Err(format!("title is {:?}, expected {title:?}", article.title));
    }
    for needle in &case.contains {
        if !out.contains(needle.as_str()) {
            return Err(format!("output lacks {needle:?}"));
        }
    }
    for needle in &case.not_contains {
        if out.contains(needle.as_str()) {
            return Err(format!("output contains {needle:?}"));
        }
    }
    if let Some(expect) = &case.expect_file {
        let path = p.relative(expect);
        let want =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if want.trim_end() != out.trim_end() {
            return Err(first_difference(&want, &out, &path));
        }
    }
    Ok(())
}

fn first_difference(want: &str, got: &str, path: &Path) -> String {
    for (i, (w, g)) in want.lines().zip(got.lines()).enumerate() {
        if w != g {
            return format!(
                "differs from {} at line {}:\n  expected: {w}\n  got:      {g}",
                path.display(),
                i + 1
            );
        }
    }
    format!(
        "differs from {}: {} lines expected, {} got",
        path.display(),
        want.lines().count(),
        got.lines().count()
    )
}

/// Write to stdout; a closed pipe (`| head`) is not an error.
fn print_stdout(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
