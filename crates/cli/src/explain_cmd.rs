//! `thresh explain`: one page's decisions, as a self-contained HTML report
//! (no external assets) or as JSON.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use thresh_clean::{AutoCleaner, Explanation};
use thresh_fetch::{Input, Limits};

use crate::args::{CleanerArgs, NetArgs};
use crate::report::Report;

/// Arguments of `thresh explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The page: a file, an http(s) URL, or `-` (stdin).
    #[arg(value_name = "INPUT")]
    pub page: String,
    /// Write the report to this file (atomically) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// html: a report to open in a browser (kept and dropped blocks,
    /// colour-coded and filterable, each with its rule and DOM path); json:
    /// the same decisions for scripts.
    #[arg(short, long, value_enum, default_value_t = ExplainFormat::Html)]
    pub format: ExplainFormat,
    /// Largest input accepted, in bytes; suffixes K, M, G allowed.
    #[arg(long, value_name = "SIZE", default_value = "50M", value_parser = crate::args::parse_size)]
    pub max_size: u64,
    /// How a URL is fetched.
    #[command(flatten)]
    pub net: NetArgs,
    /// How the page is cleaned (as `thresh clean` takes them).
    #[command(flatten)]
    pub cleaner: CleanerArgs,
}

/// What `thresh explain` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExplainFormat {
    /// A self-contained HTML report.
    Html,
    /// One JSON document.
    Json,
}

/// Run `thresh explain`.
pub fn run(args: &ExplainArgs) -> anyhow::Result<Report> {
    let cleaner = AutoCleaner::new(crate::clean_cmd::cleaner_options(&args.cleaner).resolve()?);
    let limits = Limits {
        max_bytes: args.max_size,
    };
    let page = match thresh_fetch::expand(std::slice::from_ref(&args.page))
        .into_iter()
        .next()
    {
        Some(Ok(Input::Path(path))) => thresh_fetch::read_path(&path, &limits)?,
        Some(Ok(Input::Url(url))) => {
            crate::clean_cmd::url_fetcher(&args.net, args.max_size)?.fetch(&url)?
        }
        Some(Ok(Input::Stdin)) => match thresh_fetch::read_stdin(&limits).next() {
            Some(page) => page?,
            None => anyhow::bail!("-: empty input"),
        },
        Some(Err(e)) => return Err(e.into()),
        None => anyhow::bail!("{}: no page in it", args.page),
    };
    let explanation = cleaner.explain(&page)?;
    let bytes = match args.format {
        ExplainFormat::Json => {
            let mut s = serde_json::to_string_pretty(&explanation)?;
            s.push('\n');
            s.into_bytes()
        }
        ExplainFormat::Html => report_html(&explanation).into_bytes(),
    };
    match &args.output {
        Some(path) => thresh_emit::write_atomic(path, &bytes, true)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => {
            use std::io::Write as _;
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)?;
            out.flush()?;
        }
    }
    tracing::info!(
        kept = explanation.kept(),
        dropped = explanation.dropped(),
        "explained {}",
        explanation.source
    );
    Ok(Report {
        ok: 1,
        ..Report::default()
    })
}

/// Escape text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The first `n` characters of `text`, with an ellipsis when cut.
fn preview(text: &str, n: usize) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(n).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

const STYLE: &str = r#"
:root { --kept: #1a7f37; --kept-bg: #e9f7ee; --dropped: #b42318; --dropped-bg: #fdf0ef; --muted: #5b616e; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1f2328; background: #fafbfc; }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid #d8dee4; position: sticky; top: 0; z-index: 1; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 24px 0 8px; }
.source { color: var(--muted); margin: 0 0 8px; word-break: break-all; }
.facts { display: flex; flex-wrap: wrap; gap: 4px 24px; margin: 0 0 10px; }
.facts div { display: flex; gap: 6px; } .facts dt { color: var(--muted); } .facts dd { margin: 0; font-weight: 600; }
.filters button { font: inherit; padding: 4px 12px; margin-right: 6px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
.filters button[aria-pressed="true"] { background: #0969da; border-color: #0969da; color: #fff; }
main { padding: 8px 24px 40px; max-width: 1100px; }
ol.blocks { list-style: none; padding: 0; margin: 0; }
.block { border-left: 4px solid; margin: 6px 0; border-radius: 4px; }
.block.kept { border-color: var(--kept); background: var(--kept-bg); }
.block.dropped { border-color: var(--dropped); background: var(--dropped-bg); color: #4a4f57; }
.block[hidden] { display: none; }
summary { padding: 6px 10px; cursor: pointer; display: flex; gap: 10px; align-items: baseline; }
.badge { font-size: 12px; font-weight: 700; text-transform: uppercase; min-width: 62px; }
.kept .badge { color: var(--kept); } .dropped .badge { color: var(--dropped); }
.kind { font-size: 12px; color: var(--muted); min-width: 70px; }
.text { flex: 1; }
.rule { font-size: 12px; color: var(--muted); max-width: 40%; text-align: right; }
.detail { padding: 0 12px 10px 84px; font-size: 13px; }
.detail .path { font-family: ui-monospace, monospace; color: var(--muted); word-break: break-all; }
.detail .full { white-space: pre-wrap; }
table { border-collapse: collapse; font-size: 13px; }
td, th { border: 1px solid #d8dee4; padding: 4px 8px; text-align: left; vertical-align: top; }
tr.chosen td { font-weight: 700; background: var(--kept-bg); }
.mono { font-family: ui-monospace, monospace; word-break: break-all; }
"#;

const SCRIPT: &str = r#"
(function () {
  var buttons = document.querySelectorAll('.filters button');
  var blocks = document.querySelectorAll('.block');
  function show(which) {
    var shown = { kept: 0, dropped: 0 };
    blocks.forEach(function (b) {
      var kind = b.classList.contains('kept') ? 'kept' : 'dropped';
      var visible = which === 'all' || which === kind;
      b.hidden = !visible;
      if (visible) { shown[kind] += 1; }
    });
    buttons.forEach(function (x) { x.setAttribute('aria-pressed', String(x.dataset.filter === which)); });
    document.getElementById('shown').textContent = (shown.kept + shown.dropped) + ' shown';
    return shown;
  }
  buttons.forEach(function (b) { b.addEventListener('click', function () { show(b.dataset.filter); }); });
  // A page's own check, for tests: click each filter and record what shows.
  if (location.hash === '#selftest') {
    var out = {};
    ['dropped', 'kept', 'all'].forEach(function (f) {
      document.querySelector('.filters button[data-filter="' + f + '"]').click();
      out[f] = show(f);
    });
    var pre = document.getElementById('selftest');
    pre.textContent = JSON.stringify(out);
    pre.hidden = false;
  }
})();
"#;

/// The report: self-contained HTML.
fn report_html(e: &Explanation) -> String {
    let (kept, dropped) = (e.kept(), e.dropped());
    let mut h = String::with_capacity(64 * 1024);
    h.push_str("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    h.push_str(&format!(
        "<title>thresh explain: {}</title><style>{STYLE}</style></head><body>\n",
        esc(&e.source)
    ));
    h.push_str("<header><h1>thresh explain</h1>");
    h.push_str(&format!(
        "<p class=\"source\">{}</p><dl class=\"facts\">",
        esc(&e.source)
    ));
    if let Some(t) = &e.page_type {
        h.push_str(&format!(
            "<div><dt>Page type</dt><dd id=\"page-type\">{}</dd><dd style=\"font-weight:400\">({})</dd></div>",
            esc(t),
            esc(e.page_type_signal.as_deref().unwrap_or(""))
        ));
    }
    h.push_str(&format!(
        "<div><dt>Cleaner</dt><dd>{}</dd></div><div><dt>Kept</dt><dd id=\"count-kept\">{kept}</dd></div><div><dt>Dropped</dt><dd id=\"count-dropped\">{dropped}</dd></div><div><dt></dt><dd id=\"shown\">{} shown</dd></div></dl>",
        esc(&e.input),
        kept + dropped
    ));
    h.push_str(&format!(
        "<nav class=\"filters\"><button data-filter=\"all\" aria-pressed=\"true\">All ({})</button><button data-filter=\"kept\" aria-pressed=\"false\">Kept ({kept})</button><button data-filter=\"dropped\" aria-pressed=\"false\">Dropped ({dropped})</button></nav></header>\n<main>\n<ol class=\"blocks\">\n",
        kept + dropped
    ));
    for b in &e.blocks {
        let class = if b.kept { "kept" } else { "dropped" };
        h.push_str(&format!(
            "<li class=\"block {class}\"><details><summary><span class=\"badge\">{class}</span><span class=\"kind\">{}</span><span class=\"text\">{}</span><span class=\"rule\">{}: {}</span></summary><div class=\"detail\"><p class=\"path\">{}</p><p class=\"full\">{}</p></div></details></li>\n",
            esc(&b.kind),
            esc(&preview(&b.text, 160)),
            esc(&b.stage),
            esc(&b.rule),
            esc(&b.path),
            esc(&b.text)
        ));
    }
    h.push_str("</ol>\n");
    if !e.candidates.is_empty() {
        h.push_str("<h2>Candidate containers</h2><table><tr><th>score</th><th>text</th><th>link density</th><th>container</th></tr>");
        for c in &e.candidates {
            h.push_str(&format!(
                "<tr{}><td>{:.1}</td><td>{}</td><td>{:.2}</td><td class=\"mono\">{}{}</td></tr>",
                if c.chosen { " class=\"chosen\"" } else { "" },
                c.score,
                c.text_chars,
                c.link_density,
                esc(&c.path),
                if c.chosen { " (chosen)" } else { "" }
            ));
        }
        h.push_str("</table>");
    }
    if !e.metadata.is_empty() {
        h.push_str("<h2>Metadata</h2><table><tr><th>field</th><th>value</th><th>from</th></tr>");
        for m in &e.metadata {
            h.push_str(&format!(
                "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
                esc(&m.name),
                esc(&m.value),
                esc(m.from.as_deref().unwrap_or(""))
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("<pre id=\"selftest\" hidden></pre></main>\n");
    h.push_str(&format!("<script>{SCRIPT}</script></body></html>\n"));
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_previews_are_cut() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
        assert_eq!(preview("abcdef", 3), "abc…");
        assert_eq!(preview("abc", 3), "abc");
    }
}
