//! `thresh emit`: Article records (JSONL) -> files or stdout, with the
//! pipeline's `[emit]` sink.

use std::io::{BufRead, BufReader, Read};

use anyhow::Context as _;
use thresh_emit::template::{DEFAULT_TEMPLATE, PathTemplate};
use thresh_emit::{Format, Sink, StreamSink, TemplateSink, read_article_record};

use crate::args::EmitArgs;
use crate::clean_cmd::is_broken_pipe;
use crate::report::Report;

/// Run `thresh emit`; returns the counts of records written and failed.
pub fn run(args: &EmitArgs, quiet: bool) -> anyhow::Result<Report> {
    let format = Format::from(args.format);
    let mut sink: Box<dyn Sink> = match &args.dir {
        Some(dir) => {
            let template = match &args.path {
                Some(t) => t.clone(),
                None => PathTemplate::parse(DEFAULT_TEMPLATE).map_err(anyhow::Error::msg)?,
            };
            Box::new(
                TemplateSink::new(dir, template, format, args.force)
                    .with_context(|| format!("cannot use output directory {}", dir.display()))?
                    .with_style(args.style.style()),
            )
        }
        None => Box::new(
            StreamSink::new(std::io::stdout().lock(), format).with_style(args.style.style()),
        ),
    };
    let inputs: Vec<String> = if args.inputs.is_empty() {
        vec!["-".to_string()]
    } else {
        args.inputs.clone()
    };
    let mut report = Report::default();
    for input in &inputs {
        let reader: Box<dyn Read> = if input == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            match std::fs::File::open(input) {
                Ok(f) => Box::new(f),
                Err(e) => {
                    report.fail(&anyhow::anyhow!("{input}: {e}"));
                    continue;
                }
            }
        };
        let name = if input == "-" {
            "stdin"
        } else {
            input.as_str()
        };
        if let Err(e) = emit_lines(reader, name, args.max_size, sink.as_mut(), &mut report) {
            if is_broken_pipe(&e) {
                return Ok(report);
            }
            report.fail(&e);
        }
    }
    sink.finish().context("cannot flush output")?;
    if args.dir.is_some() && !quiet {
        eprintln!("thresh: {} written, {} failed", report.ok, report.failed);
        report.summary_printed = true;
    }
    Ok(report)
}

/// Write every record of one input; a bad line is counted and reported,
/// and the lines after it still go through. Fails only when the input
/// cannot be read (or stdout has gone away).
fn emit_lines(
    reader: Box<dyn Read>,
    name: &str,
    max: u64,
    sink: &mut dyn Sink,
    report: &mut Report,
) -> anyhow::Result<()> {
    let mut reader = BufReader::new(reader);
    let mut line = Vec::new();
    let mut n = 0usize;
    loop {
        line.clear();
        n += 1;
        let read = reader
            .by_ref()
            .take(max.saturating_add(1))
            .read_until(b'\n', &mut line)
            .with_context(|| format!("{name}: line {n}: cannot read"))?;
        if read == 0 {
            return Ok(());
        }
        if line.len() as u64 > max && line.last() != Some(&b'\n') {
            // Skip the rest of the line without holding it.
            let mut rest = Vec::new();
            loop {
                rest.clear();
                let more = reader
                    .by_ref()
                    .take(1 << 20)
                    .read_until(b'\n', &mut rest)
                    .with_context(|| format!("{name}: line {n}: cannot read"))?;
                if more == 0 || rest.last() == Some(&b'\n') {
                    break;
                }
            }
            report.fail(&anyhow::anyhow!(
                "{name}: line {n}: longer than --max-size ({max} bytes)"
            ));
            continue;
        }
        let Ok(text) = std::str::from_utf8(&line) else {
            report.fail(&anyhow::anyhow!("{name}: line {n}: not UTF-8"));
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let article = match read_article_record(text) {
            Ok(a) => a,
            Err(why) => {
                report.fail(&anyhow::anyhow!("{name}: line {n}: {why}"));
                continue;
            }
        };
        match sink.write(&article) {
            Ok(written) => {
                if let Some(path) = written {
                    tracing::info!(source = %article.source, path = %path.display(), "written");
                }
                report.ok += 1;
            }
            Err(e) => {
                let e = anyhow::Error::from(e);
                if is_broken_pipe(&e) {
                    return Err(e);
                }
                report.fail(&e.context(format!("{name}: line {n} ({})", article.source)));
            }
        }
    }
}
