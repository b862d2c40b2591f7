//! `thresh clean`: inputs -> pages -> articles -> sink.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use thresh_clean::{AutoCleaner, Cleaner, Focus, InputKind, Options};
use thresh_core::{Article, Page};
use thresh_emit::{DirSink, Format, Sink, StreamSink, file_stem_for};
use thresh_fetch::{FetchError, Fetcher, Input, Limits, Settings};

use crate::args::{CleanArgs, CleanerArgs, FocusArg, InputArg};
use crate::report::Report;

/// Seconds a URL given to `thresh clean` may take, by default (one page
/// for a person waiting, not a crawl).
const CLEAN_TIMEOUT_SECS: f64 = 30.0;

/// The cleaner's options from its flags.
pub(crate) fn cleaner_options(args: &CleanerArgs) -> Options {
    Options {
        focus: Some(match args.focus {
            FocusArg::Precision => Focus::Precision,
            FocusArg::Balanced => Focus::Balanced,
            FocusArg::Recall => Focus::Recall,
        }),
        input: Some(match args.input {
            InputArg::Auto => InputKind::Auto,
            InputArg::Html => InputKind::Html,
            InputArg::Text => InputKind::Text,
        }),
        page_timeout_secs: Some(args.page_timeout),
        page_type: args.page_type,
        keep: (!args.keep.is_empty()).then(|| args.keep.clone()),
        drop: (!args.drop.is_empty()).then(|| args.drop.clone()),
        sites: None,
        tables: Some(!args.no_tables),
        images: Some(args.images),
        comments: Some(args.comments && !args.no_comments),
        target_language: args.target_language.clone(),
    }
}

/// Run `thresh clean`; returns the counts of what went through and failed.
pub fn run(args: &CleanArgs, quiet: bool) -> anyhow::Result<Report> {
    let cleaner = AutoCleaner::new(cleaner_options(&args.cleaner).resolve()?);
    let format = Format::from(args.format);
    let style = args.style.style();
    // Each argument on its own, so that a file found in a directory knows
    // its path under it (the place --out mirrors it to).
    let inputs: Vec<_> = args
        .inputs
        .iter()
        .flat_map(|arg| {
            let root = Path::new(arg).is_dir().then(|| PathBuf::from(arg));
            let found = thresh_fetch::expand(std::slice::from_ref(arg));
            // An argument that holds no page at all (an empty directory)
            // is said, not passed over in silence.
            let empty = found.is_empty().then(|| (root.clone(), Err(arg.clone())));
            found
                .into_iter()
                .map(move |input| (root.clone(), Ok(input)))
                .chain(empty)
        })
        .collect();
    // Text of several inputs names each one's source (a WARC or JSONL
    // file holds several).
    let several = inputs.len() > 1
        || inputs
            .iter()
            .any(|(_, i)| matches!(i, Ok(Ok(Input::Path(p))) if holds_many(p)));
    let mut sink: Box<dyn Sink> = match &args.out {
        Some(dir) => Box::new(
            DirSink::new(dir, format, args.force)
                .with_context(|| format!("cannot use output directory {}", dir.display()))?
                .with_style(style),
        ),
        None => Box::new(
            StreamSink::new(std::io::stdout().lock(), format)
                .with_headings(several)
                .with_style(style),
        ),
    };
    let limits = Limits {
        max_bytes: args.max_size,
    };
    let mut fetch = url_fetcher(&args.net, args.max_size)?;

    let mut report = Report::default();
    // A bar on a terminal when there is more than one input to go through.
    let bar = if inputs.len() > 1 {
        crate::logbar::bar(inputs.len() as u64, quiet)
    } else {
        None
    };
    let result = clean_all(
        args,
        inputs,
        &cleaner,
        sink.as_mut(),
        &mut fetch,
        &limits,
        &mut report,
        bar.as_ref(),
    );
    crate::logbar::finish(bar.as_ref());
    let stopped = result?;
    // The reader went away (`thresh clean ... | head`): stop quietly, as
    // Unix tools do, with nothing more to flush.
    if !stopped {
        sink.finish().context("cannot flush output")?;
    }
    Ok(report)
}

/// What the cleaner takes: each input's directory (for --out) and the
/// input, or the argument that held nothing.
type Inputs = Vec<(Option<PathBuf>, Result<Result<Input, FetchError>, String>)>;

/// Where an article goes under --out: its input's path under the directory
/// it was found in (or its name), without extensions; a WARC or JSONL
/// file's pages go in a folder of that name (`many`).
#[derive(Clone)]
struct Dest {
    place: Option<PathBuf>,
    many: bool,
}

/// One step of the work, in input order: a page to clean, or an argument
/// (or container file) that held nothing.
enum Work {
    Page {
        page: Result<Page, FetchError>,
        dest: Dest,
    },
    Nothing(String),
}

/// A step done: the page's article (or why there is none).
enum Done {
    Article(Box<anyhow::Result<Article>>, Dest),
    Nothing(String),
}

/// Clean every input into `sink`, counting in `report`, on `args.threads`
/// threads with the output in input order. True when the reader of stdout
/// went away and the rest was not done.
#[allow(clippy::too_many_arguments)]
fn clean_all(
    args: &CleanArgs,
    inputs: Inputs,
    cleaner: &AutoCleaner,
    sink: &mut dyn Sink,
    fetch: &mut LazyFetcher,
    limits: &Limits,
    report: &mut Report,
    bar: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<bool> {
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, |n| n.get()),
        usize::from,
    );
    let work = works(inputs, fetch, limits, bar);
    let clean = |work: Work| match work {
        Work::Page { page, dest } => Done::Article(
            Box::new(
                page.map_err(anyhow::Error::from)
                    .and_then(|page| cleaner.clean(&page).map_err(anyhow::Error::from)),
            ),
            dest,
        ),
        Work::Nothing(name) => Done::Nothing(name),
    };
    crate::ordered::map(threads, work, clean, |done| {
        Ok(handle(done, args, sink, report))
    })
}

/// The steps of the work, reading (and fetching) the inputs lazily.
fn works<'a>(
    inputs: Inputs,
    fetch: &'a mut LazyFetcher,
    limits: &'a Limits,
    bar: Option<&'a indicatif::ProgressBar>,
) -> impl Iterator<Item = Work> + 'a {
    struct Current {
        pages: Box<dyn Iterator<Item = Result<Page, FetchError>>>,
        dest: Dest,
        /// A file of several pages, named if it holds none.
        container: Option<String>,
        seen: usize,
    }
    let mut inputs = inputs.into_iter();
    let mut current: Option<Current> = None;
    std::iter::from_fn(move || {
        loop {
            if let Some(c) = current.as_mut() {
                if let Some(page) = c.pages.next() {
                    c.seen += 1;
                    return Some(Work::Page {
                        page,
                        dest: c.dest.clone(),
                    });
                }
                let done = current.take();
                if let Some(name) = done.and_then(|c| c.container.filter(|_| c.seen == 0)) {
                    return Some(Work::Nothing(name));
                }
            }
            let (root, input) = inputs.next()?;
            if let Some(bar) = bar {
                bar.inc(1);
            }
            let input = match input {
                Ok(input) => input,
                Err(arg) => return Some(Work::Nothing(arg)),
            };
            let place = match &input {
                Ok(Input::Path(path)) => Some(mirror_place(path, root.as_deref())),
                _ => None,
            };
            let many = matches!(&input, Ok(Input::Path(p)) if holds_many(p));
            let container = match &input {
                Ok(Input::Path(p)) if many => Some(p.display().to_string()),
                _ => None,
            };
            let pages: Box<dyn Iterator<Item = Result<Page, FetchError>>> = match input {
                Ok(Input::Path(path)) if thresh_fetch::warc::is_warc_path(&path) => {
                    thresh_fetch::warc::read_warc(&path, limits)
                }
                // A file of JSONL Page records (what `thresh fetch` prints)
                // is read as stdin would be.
                Ok(Input::Path(path)) if is_jsonl_path(&path) => {
                    match thresh_fetch::read_jsonl_path(&path, limits) {
                        Ok(stream) => Box::new(stream),
                        Err(e) => Box::new(std::iter::once(Err(e))),
                    }
                }
                Ok(Input::Path(path)) => {
                    Box::new(std::iter::once(thresh_fetch::read_path(&path, limits)))
                }
                Ok(Input::Url(url)) => Box::new(std::iter::once(fetch.fetch(&url))),
                Ok(Input::Stdin) => Box::new(thresh_fetch::read_stdin(limits)),
                Err(e) => Box::new(std::iter::once(Err(e))),
            };
            current = Some(Current {
                pages,
                dest: Dest { place, many },
                container,
                seen: 0,
            });
        }
    })
}

/// Write one step's article (or say why there is none). True when the
/// reader of stdout went away.
fn handle(done: Done, args: &CleanArgs, sink: &mut dyn Sink, report: &mut Report) -> bool {
    let (article, dest) = match done {
        Done::Nothing(name) => {
            report.nothing_in(&name, args.strict);
            return false;
        }
        Done::Article(article, dest) => (article, dest),
    };
    let outcome = (*article).and_then(|article| {
        let written = match &dest.place {
            Some(p) if dest.many => {
                sink.write_at(&article, &p.join(file_stem_for(&article.source)))?
            }
            Some(p) => sink.write_at(&article, p)?,
            None => sink.write(&article)?,
        };
        if let Some(path) = written {
            tracing::info!(source = %article.source, path = %path.display(), "written");
        }
        // A body with no text is written (its metadata may be wanted) but
        // said.
        Ok(article
            .text()
            .trim()
            .is_empty()
            .then(|| article.source.clone()))
    });
    match outcome {
        Ok(Some(source)) => {
            report.empty_result(&source, "no article body (only its metadata)", args.strict);
        }
        Ok(None) => report.ok += 1,
        // The reader went away (`thresh clean ... | head`): stop quietly,
        // as Unix tools do.
        Err(e) if is_broken_pipe(&e) => return true,
        Err(e)
            if matches!(
                e.downcast_ref::<thresh_clean::CleanError>(),
                Some(thresh_clean::CleanError::OtherLanguage { .. })
            ) =>
        {
            report.skipped_language(&e.to_string());
        }
        Err(e) => report.fail(&e),
    }
    false
}

/// A file that holds several pages: a WARC file, a JSONL file of records.
fn holds_many(path: &Path) -> bool {
    thresh_fetch::warc::is_warc_path(path) || is_jsonl_path(path)
}

/// A JSONL file by its name (`.jsonl`, `.ndjson`, optionally `.gz`).
fn is_jsonl_path(path: &Path) -> bool {
    let name = path.to_string_lossy().to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    name.ends_with(".jsonl") || name.ends_with(".ndjson")
}

/// The place of a file under --out: its path under `root` (the directory
/// argument it was found in), or its name, each file name without its
/// extensions (`site/a/index.html.gz` under `site` -> `a/index`).
fn mirror_place(path: &Path, root: Option<&Path>) -> PathBuf {
    let rel = root
        .and_then(|r| path.strip_prefix(r).ok())
        .unwrap_or_else(|| Path::new(path.file_name().unwrap_or(path.as_os_str())));
    let stem = file_stem_for(&rel.to_string_lossy());
    rel.parent()
        .map_or_else(|| PathBuf::from(&stem), |p| p.join(&stem))
}

pub(crate) fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// The fetcher of URLs given on the command line: one page for a person
/// waiting (a 30 s budget by default, one retry), within `max_size`.
pub(crate) fn url_fetcher(
    net: &crate::args::NetArgs,
    max_size: u64,
) -> anyhow::Result<LazyFetcher> {
    let timeout = net.timeout.unwrap_or(CLEAN_TIMEOUT_SECS);
    let mut options = thresh_fetch::Options {
        total_timeout_secs: Some(timeout),
        first_byte_timeout_secs: Some(timeout),
        max_body_bytes: Some(max_size),
        max_decoded_bytes: Some(max_size),
        retries: Some(1),
        retry_base_secs: Some(0.5),
        ..thresh_fetch::Options::default()
    };
    net.apply(&mut options);
    let settings = options.resolve().context("invalid fetch options")?;
    Ok(LazyFetcher::new(settings))
}

/// Builds the HTTP client and its runtime only when a URL is met.
pub(crate) struct LazyFetcher {
    settings: Settings,
    state: Option<(tokio::runtime::Runtime, Fetcher)>,
}

impl LazyFetcher {
    fn new(settings: Settings) -> Self {
        LazyFetcher {
            settings,
            state: None,
        }
    }

    pub(crate) fn fetch(&mut self, url: &str) -> Result<Page, FetchError> {
        if self.state.is_none() {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| FetchError::Http {
                    url: url.to_string(),
                    message: format!("cannot start the HTTP runtime: {e}"),
                })?;
            let fetcher = Fetcher::new(self.settings.clone())?;
            self.state = Some((rt, fetcher));
        }
        match &self.state {
            Some((rt, fetcher)) => rt.block_on(fetcher.fetch(url)),
            None => unreachable!("state was set above"),
        }
    }
}
