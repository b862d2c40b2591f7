//! `thresh run`, `thresh check` and `thresh test`: pipeline files.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context as _;
use clap::Args;
use thresh_clean::{AutoCleaner, Cleaner};
use thresh_emit::render;
use thresh_fetch::Limits;
use thresh_pipeline::spec::TestCase;
use thresh_pipeline::{Pipeline, PipelineError, RunOptions};

use crate::report::Report;

/// Arguments of `thresh run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The pipeline file (TOML).
    #[arg(value_name = "PIPELINE")]
    pub file: PathBuf,
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

/// Exit code when another run of the same pipeline holds the lock.
pub const EXIT_LOCKED: u8 = 3;

/// The outcome of `thresh run`: a report, or "locked".
pub enum RunOutcome {
    /// The run happened.
    Done(Report),
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
    runtime.spawn(watch_signals(cancel.clone()));
    let bar = progress_bar(quiet);
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
    let options = RunOptions { cancel, progress };
    let result = runtime.block_on(thresh_pipeline::run(&pipeline, options));
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    let report = match result {
        Ok(report) => report,
        Err(e @ PipelineError::Locked { .. }) => return Ok(RunOutcome::Locked(e.to_string())),
        Err(e) => return Err(e.into()),
    };
    if !quiet {
        eprintln!("thresh: {}", report.summary());
    }
    Ok(RunOutcome::Done(Report {
        ok: report.new_articles + report.updated_articles,
        failed: report.failed_total(),
        summary_printed: true,
    }))
}

/// A progress bar on stderr when it is a terminal (and not --quiet).
fn progress_bar(quiet: bool) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal as _;
    if quiet || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} {pos}/{len} [{elapsed_precise}] {msg}")
    {
        bar.set_style(style);
    }
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    Some(bar)
}

/// First SIGINT / SIGTERM: finish in-flight work and stop. Second: exit.
async fn watch_signals(cancel: Arc<AtomicBool>) {
    #[cfg(unix)]
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    loop {
        #[cfg(unix)]
        let got = match term.as_mut() {
            Some(term) => tokio::select! {
                r = tokio::signal::ctrl_c() => r.is_ok(),
                r = term.recv() => r.is_some(),
            },
            None => tokio::signal::ctrl_c().await.is_ok(),
        };
        #[cfg(not(unix))]
        let got = tokio::signal::ctrl_c().await.is_ok();
        if !got {
            return;
        }
        if cancel.swap(true, Ordering::SeqCst) {
            eprintln!("thresh: second signal, exiting now");
            std::process::exit(130);
        }
        eprintln!("thresh: stopping after the pages in hand (signal again to exit at once)");
    }
}

/// `thresh check FILE`: validate and print the resolved settings.
pub fn check(args: &CheckArgs) -> anyhow::Result<Report> {
    let p = Pipeline::load(&args.file)?;
    let mut out = String::new();
    let src = &p.options.source;
    let _ = writeln!(out, "pipeline      = {}", p.name);
    let _ = writeln!(out, "file          = {}", p.file.display());
    let _ = writeln!(out, "state         = {}", p.state_path.display());
    let _ = writeln!(out, "lock          = {}", p.lock_path.display());
    let _ = writeln!(out, "output        = {}", p.out_dir.display());
    let _ = writeln!(
        out,
        "path          = {:?}",
        p.options
            .emit
            .path
            .as_deref()
            .unwrap_or("{host}/{date}/{slug}.{ext}")
    );
    let _ = writeln!(out, "format        = {}", p.format.extension());
    if let Some(jsonl) = &p.jsonl {
        let _ = writeln!(out, "jsonl         = {}", jsonl.display());
    }
    let _ = writeln!(out, "urls          = {}", src.urls.len());
    if let Some(f) = &p.url_file {
        let _ = writeln!(out, "url_file      = {}", f.display());
    }
    let _ = writeln!(out, "sitemaps      = {:?}", src.sitemaps);
    let _ = writeln!(out, "feeds         = {:?}", src.feeds);
    if let Some(d) = &p.dir {
        let _ = writeln!(out, "dir           = {}", d.display());
    }
    let _ = writeln!(out, "warc          = {:?}", p.warc);
    let _ = writeln!(out, "max_depth     = {}", p.max_depth);
    let _ = writeln!(out, "max_pages     = {}", p.max_pages);
    let _ = writeln!(out, "clean         = {:?}", p.clean);
    let _ = writeln!(out, "learn         = {:?}", p.learn);
    let _ = writeln!(
        out,
        "dedup         = exact: {}, near: {}",
        p.dedup_exact, p.dedup_near
    );
    let _ = writeln!(out, "tests         = {}", p.options.tests.len());
    let _ = writeln!(out, "fetch         = {:#?}", p.fetch);
    print_stdout(&out)?;
    Ok(Report::default())
}

/// `thresh test FILE`: run the `[[tests]]` offline.
pub fn test(args: &TestArgs) -> anyhow::Result<Report> {
    let p = Pipeline::load(&args.file)?;
    if p.options.tests.is_empty() {
        anyhow::bail!("{}: no [[tests]] in this pipeline", args.file.display());
    }
    let cleaner = AutoCleaner::new(p.clean);
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
