//! Single-threaded extraction speed over a whole page set.
//!
//! ```text
//! cargo bench -p thresh-clean --bench extract
//! ```
//!
//! The pages are the scrapinghub benchmark set (`../shared/bench/scrapinghub/html`
//! beside the workspace) when it is there, else the project's own fixtures
//! and samples (or the `.html` and `.html.gz` files of the directory named
//! by `THRESH_BENCH_PAGES`). Each benchmark runs over every page once per iteration, so
//! divan's `item/s` is docs/s and its `B/s` the HTML throughput:
//!
//! - `parse_floor`: html5ever's own tokenizer and tree builder over the
//!   whole page into a sink that keeps only element names: what any
//!   extractor built on html5ever alone pays before extracting anything.
//!   `clean` runs below it, because its tokenizer skips what extraction
//!   never reads (see `html::tokenizer`).
//! - `parse_scraper`: html5ever into scraper's tree (`scraper::Html`), the
//!   tree the cleaner was built on before its own arena (for reference).
//! - `clean`: the whole [`HtmlCleaner::clean`] (decode, parse, metadata,
//!   extraction), as the `thresh clean` command runs it.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use thresh_clean::{Cleaner, HtmlCleaner, Settings};
use thresh_core::Page;

fn main() {
    let set = pages();
    let bytes: usize = set.pages.iter().map(|p| p.body.len()).sum();
    println!(
        "page set: {} ({} docs, {:.1} MB); item/s = docs/s",
        set.origin,
        set.pages.len(),
        bytes as f64 / 1e6
    );
    divan::main();
}

/// The pages, loaded once.
struct PageSet {
    origin: String,
    pages: Vec<Page>,
    /// The pages decoded as UTF-8 (lossy), for the parse-only benchmarks.
    texts: Vec<String>,
}

fn pages() -> &'static PageSet {
    static SET: OnceLock<PageSet> = OnceLock::new();
    SET.get_or_init(load)
}

fn load() -> PageSet {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/bench/scrapinghub/html");
    let (origin, files) = if let Some(dir) = std::env::var_os("THRESH_BENCH_PAGES") {
        let dir = PathBuf::from(dir);
        let mut files = list(&dir, ".html.gz");
        files.extend(list(&dir, ".html"));
        (dir.display().to_string(), files)
    } else if shared.is_dir() {
        (shared.display().to_string(), list(&shared, ".html.gz"))
    } else {
        let mut files = Vec::new();
        for dir in list_dirs(&root.join("tests/fixtures")) {
            let source = dir.join("source.html");
            if source.is_file() {
                files.push(source);
            }
        }
        files.extend(list(&root.join("samples/html"), ".html"));
        ("project fixtures and samples".to_string(), files)
    };
    let mut pages = Vec::new();
    for file in files {
        // The fetch crate's reader (gzip undone), with no size cap.
        let limits = thresh_fetch::Limits { max_bytes: 1 << 40 };
        match thresh_fetch::read_path(&file, &limits).map(|p| p.body) {
            Ok(body) => {
                let mut page = Page::from_bytes(file.display().to_string(), body);
                page.content_type = Some("text/html".into());
                pages.push(page);
            }
            Err(e) => eprintln!("extract bench: {e}"),
        }
    }
    let texts = pages
        .iter()
        .map(|p| String::from_utf8_lossy(&p.body).into_owned())
        .collect();
    PageSet {
        origin,
        pages,
        texts,
    }
}

fn list(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    out.sort();
    out
}

fn list_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    out.sort();
    out
}

/// Counters for one pass over the whole set.
fn counted<'a, 'b>(bencher: Bencher<'a, 'b>) -> Bencher<'a, 'b> {
    let set = pages();
    let bytes: usize = set.pages.iter().map(|p| p.body.len()).sum();
    bencher
        .counter(BytesCount::new(bytes))
        .counter(ItemsCount::new(set.pages.len()))
}

#[divan::bench(sample_count = 8, sample_size = 1)]
fn parse_floor(bencher: Bencher<'_, '_>) {
    let set = pages();
    counted(bencher).bench(|| {
        let mut elements = 0;
        for text in &set.texts {
            let sink = NamesOnly::default();
            let parser = html5ever::parse_document(sink, Default::default());
            elements += parser
                .one(StrTendril::from_slice(text))
                .names
                .into_inner()
                .len();
        }
        elements
    });
}

#[divan::bench(sample_count = 8, sample_size = 1)]
fn parse_scraper(bencher: Bencher<'_, '_>) {
    let set = pages();
    counted(bencher).bench(|| {
        let mut nodes = 0;
        for text in &set.texts {
            nodes += scraper::Html::parse_document(text).tree.nodes().count();
        }
        nodes
    });
}

#[divan::bench(sample_count = 8, sample_size = 1)]
fn clean(bencher: Bencher<'_, '_>) {
    let set = pages();
    let cleaner = HtmlCleaner::new(Settings::default());
    counted(bencher).bench(|| {
        let mut chars = 0;
        for page in &set.pages {
            if let Ok(article) = cleaner.clean(page) {
                chars += article.blocks.len();
            }
        }
        chars
    });
}

/// The name answered for a handle that is not an element.
static FALLBACK: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, html5ever::ns!(html), html5ever::local_name!("div")));

/// The cheapest tree sink html5ever accepts: it keeps the element names
/// (the tree builder asks for them) and drops everything else.
#[derive(Default)]
struct NamesOnly {
    names: RefCell<Vec<QualName>>,
}

impl NamesOnly {
    fn push(&self, name: QualName) -> usize {
        let mut names = self.names.borrow_mut();
        names.push(name);
        names.len()
    }
}

impl TreeSink for NamesOnly {
    type Handle = usize;
    type Output = Self;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self {
        self
    }
    fn parse_error(&self, _msg: Cow<'static, str>) {}
    fn get_document(&self) -> usize {
        0
    }
    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.names.borrow(), |names| {
            names.get(target.wrapping_sub(1)).unwrap_or(&FALLBACK)
        })
    }
    fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> usize {
        self.push(name)
    }
    fn create_comment(&self, _text: StrTendril) -> usize {
        self.push(QualName::new(
            None,
            html5ever::ns!(),
            html5ever::local_name!(""),
        ))
    }
    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.create_comment(StrTendril::new())
    }
    fn append(&self, _parent: &usize, _child: NodeOrText<usize>) {}
    fn append_based_on_parent_node(&self, _: &usize, _: &usize, _: NodeOrText<usize>) {}
    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}
    fn get_template_contents(&self, target: &usize) -> usize {
        *target
    }
    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }
    fn set_quirks_mode(&self, _mode: QuirksMode) {}
    fn append_before_sibling(&self, _sibling: &usize, _new_node: NodeOrText<usize>) {}
    fn add_attrs_if_missing(&self, _target: &usize, _attrs: Vec<Attribute>) {}
    fn remove_from_parent(&self, _target: &usize) {}
    fn reparent_children(&self, _node: &usize, _new_parent: &usize) {}
}
