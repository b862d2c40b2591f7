//! Sinks: where rendered articles go.

use std::io::Write;
use std::path::{Path, PathBuf};

use thresh_core::Article;

use crate::template::{PathTemplate, disambiguate};
use crate::{EmitError, Format, TextStyle, render_bytes_styled};

/// A destination for articles.
pub trait Sink {
    /// Write one article. Returns the file written, for file sinks.
    fn write(&mut self, article: &Article) -> Result<Option<PathBuf>, EmitError>;
    /// Write one article at a place of the caller's choosing: a relative
    /// path without extension (the input's path under the directory it
    /// was found in, for a sink that mirrors an input tree). Sinks without
    /// places write as [`Sink::write`] does.
    fn write_at(&mut self, article: &Article, place: &Path) -> Result<Option<PathBuf>, EmitError> {
        let _ = place;
        self.write(article)
    }
    /// Flush everything; for file sinks every file is in place already.
    fn finish(&mut self) -> Result<(), EmitError>;
}

/// Writes every article to one stream (e.g. stdout). Text and Markdown
/// articles are separated by a form-feed line when more than one is
/// written, and with headings on, each text article is preceded by a
/// `==> SOURCE <==` line (as `head` and `tail` name their files). JSON
/// is one pretty object for one article and an array of them for more.
#[derive(Debug)]
pub struct StreamSink<W: Write> {
    out: W,
    format: Format,
    written: usize,
    headings: bool,
    style: TextStyle,
    /// The first JSON object, held until it is known whether an array
    /// is needed.
    first_json: Option<String>,
}

impl<W: Write> StreamSink<W> {
    /// A sink writing `format` to `out`.
    pub fn new(out: W, format: Format) -> Self {
        StreamSink {
            out,
            format,
            written: 0,
            headings: false,
            style: TextStyle::default(),
            first_json: None,
        }
    }

    /// Render text output in this style.
    pub fn with_style(mut self, style: TextStyle) -> Self {
        self.style = style;
        self
    }

    /// Name each text article's source in a heading line (for output of
    /// several inputs).
    pub fn with_headings(mut self, headings: bool) -> Self {
        self.headings = headings;
        self
    }

    fn io(source: std::io::Error) -> EmitError {
        EmitError::Io {
            path: PathBuf::from("-"),
            source,
        }
    }
}

impl<W: Write> Sink for StreamSink<W> {
    fn write(&mut self, article: &Article) -> Result<Option<PathBuf>, EmitError> {
        let rendered = render_bytes_styled(article, self.format, self.style)?;
        if self.format == Format::Json {
            let text = String::from_utf8_lossy(&rendered).trim_end().to_string();
            match (self.written, self.first_json.take()) {
                (0, _) => self.first_json = Some(text),
                (_, Some(first)) => {
                    let head = format!("[\n{first},\n{text}");
                    self.out.write_all(head.as_bytes()).map_err(Self::io)?;
                }
                (_, None) => {
                    self.out
                        .write_all(format!(",\n{text}").as_bytes())
                        .map_err(Self::io)?;
                }
            }
            self.written += 1;
            return Ok(None);
        }
        if self.written > 0 && matches!(self.format, Format::Text | Format::Md) {
            self.out.write_all(b"\x0c\n").map_err(Self::io)?;
        }
        if self.headings && self.format == Format::Text {
            let heading = format!("==> {} <==\n", article.source);
            self.out.write_all(heading.as_bytes()).map_err(Self::io)?;
        }
        self.out.write_all(&rendered).map_err(Self::io)?;
        self.written += 1;
        Ok(None)
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        if self.format == Format::Json {
            let tail = match self.first_json.take() {
                Some(only) => format!("{only}\n"),
                None if self.written > 1 => "\n]\n".to_string(),
                None => String::new(),
            };
            self.out.write_all(tail.as_bytes()).map_err(Self::io)?;
        }
        self.out.flush().map_err(Self::io)
    }
}

/// Files written into one folder in one run, by the article that owns
/// each: what both file sinks share. Two articles never get one file (a
/// path another article took gets the key's hash, see [`disambiguate`]);
/// the same article twice replaces its own file; an existing file from
/// before is an error unless `overwrite`.
#[derive(Debug)]
struct Files {
    dir: PathBuf,
    format: Format,
    style: TextStyle,
    overwrite: bool,
    /// Files written in this run, by the key of the article in each.
    owners: std::collections::HashMap<PathBuf, String>,
}

impl Files {
    fn new(dir: PathBuf, format: Format, overwrite: bool) -> Result<Files, EmitError> {
        Ok(Files {
            dir: output_dir(dir)?,
            format,
            style: TextStyle::default(),
            overwrite,
            owners: std::collections::HashMap::new(),
        })
    }

    /// Write `article`, known by `key`, at `rel` (relative, with the
    /// format's extension) or, when another article took that, beside it.
    fn write(&mut self, article: &Article, rel: &str, key: &str) -> Result<PathBuf, EmitError> {
        let ext = self.format.extension();
        let mut path = self.dir.join(rel);
        if self.owners.get(&path).is_some_and(|o| o != key) {
            path = self.dir.join(disambiguate(rel, key, ext));
        }
        let again = self.owners.get(&path).is_some_and(|o| o == key);
        let rendered = render_bytes_styled(article, self.format, self.style)?;
        write_atomic(&path, &rendered, self.overwrite || again)?;
        self.owners.insert(path.clone(), key.to_string());
        Ok(path)
    }
}

/// Writes one file per article into a directory, atomically: the file is
/// written under a temporary name in the same directory, synced, then
/// renamed into place, so a reader never sees half a file. An existing file
/// is an error unless `overwrite` is set; two inputs never share a file.
#[derive(Debug)]
pub struct DirSink {
    files: Files,
}

impl DirSink {
    /// A sink into `dir` (created if missing).
    pub fn new(
        dir: impl Into<PathBuf>,
        format: Format,
        overwrite: bool,
    ) -> Result<Self, EmitError> {
        Ok(DirSink {
            files: Files::new(dir.into(), format, overwrite)?,
        })
    }

    /// Render text output in this style.
    pub fn with_style(mut self, style: TextStyle) -> Self {
        self.files.style = style;
        self
    }

    /// The path an article would be written to (before it is known whether
    /// another article of this run took it).
    pub fn path_for(&self, article: &Article) -> PathBuf {
        self.files.dir.join(format!(
            "{}.{}",
            file_stem_for(&article.source),
            self.files.format.extension()
        ))
    }
}

impl Sink for DirSink {
    fn write(&mut self, article: &Article) -> Result<Option<PathBuf>, EmitError> {
        let place = PathBuf::from(file_stem_for(&article.source));
        self.write_at(article, &place)
    }

    fn write_at(&mut self, article: &Article, place: &Path) -> Result<Option<PathBuf>, EmitError> {
        // Only the place's normal components: it cannot leave the folder.
        let place: PathBuf = place
            .components()
            .filter_map(|c| match c {
                std::path::Component::Normal(n) => Some(n),
                _ => None,
            })
            .collect();
        let rel = format!("{}.{}", place.display(), self.files.format.extension());
        self.files.write(article, &rel, &article.source).map(Some)
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        Ok(())
    }
}

/// Writes one file per article into a directory at the path a
/// [`PathTemplate`] gives it (`{host}/{date}/{slug}.{ext}`), as a
/// pipeline's `[emit]` does: atomically, never over an existing file
/// unless `overwrite` is set, and never two articles to one file (a path
/// already written for another article gets the hash of its URL appended,
/// see [`disambiguate`]).
#[derive(Debug)]
pub struct TemplateSink {
    files: Files,
    template: PathTemplate,
    now: chrono::DateTime<chrono::Utc>,
}

impl TemplateSink {
    /// A sink into `dir` (created if missing). `{date}` falls back to
    /// today for an article with no publication date.
    pub fn new(
        dir: impl Into<PathBuf>,
        template: PathTemplate,
        format: Format,
        overwrite: bool,
    ) -> Result<Self, EmitError> {
        Ok(TemplateSink {
            files: Files::new(dir.into(), format, overwrite)?,
            template,
            now: chrono::Utc::now(),
        })
    }

    /// Render text output in this style.
    pub fn with_style(mut self, style: TextStyle) -> Self {
        self.files.style = style;
        self
    }
}

impl Sink for TemplateSink {
    fn write(&mut self, article: &Article) -> Result<Option<PathBuf>, EmitError> {
        let rel = self
            .template
            .render(article, self.now, self.files.format.extension());
        let key = article.url.as_deref().unwrap_or(&article.source);
        self.files.write(article, &rel, key).map(Some)
    }

    fn finish(&mut self) -> Result<(), EmitError> {
        Ok(())
    }
}

/// An output folder, created if missing.
fn output_dir(dir: PathBuf) -> Result<PathBuf, EmitError> {
    std::fs::create_dir_all(&dir).map_err(|source| EmitError::Io {
        path: dir.clone(),
        source,
    })?;
    Ok(dir)
}

/// Write `bytes` to `path` through a temporary file in the same folder,
/// synced, then renamed into place: a reader sees the old file or the new
/// one, never half of one. With `overwrite` false an existing file is an
/// [`EmitError::Exists`] and stays as it was. Missing parent folders are
/// created.
pub fn write_atomic(path: &Path, bytes: &[u8], overwrite: bool) -> Result<(), EmitError> {
    let io = |source| EmitError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(".thresh-").suffix(".tmp");
    // Temporary files are private (0600); the finished file gets the mode
    // any tool's file would: 0666 less the umask (0644 by default).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    if overwrite {
        tmp.persist(path).map_err(|e| io(e.error))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                EmitError::Exists {
                    path: path.to_path_buf(),
                }
            } else {
                io(e.error)
            }
        })?;
    }
    Ok(())
}

/// A file-name stem for an article's source: the file stem of a path
/// (`dir/story.html.gz` -> `story`), or host and path of a URL
/// (`https://ex.org/a/b.html` -> `ex.org_a_b`), limited to safe characters
/// and 120 bytes.
pub fn file_stem_for(source: &str) -> String {
    let raw = if let Some(rest) = source
        .strip_prefix("https://")
        .or_else(|| source.strip_prefix("http://"))
    {
        let rest = rest
            .split(['?', '#'])
            .next()
            .unwrap_or(rest)
            .trim_end_matches('/');
        strip_known_extensions(rest).replace('/', "_")
    } else if source == "-" {
        "stdin".to_string()
    } else {
        let name = Path::new(source)
            .file_name()
            .map_or_else(|| source.to_string(), |n| n.to_string_lossy().into_owned());
        strip_known_extensions(&name).to_string()
    };
    let mut stem: String = raw
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    while stem.len() > 120 {
        stem.pop();
    }
    let stem = stem.trim_matches(['.', '_']).to_string();
    if stem.is_empty() {
        "article".to_string()
    } else {
        stem
    }
}

fn strip_known_extensions(name: &str) -> &str {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    for ext in [
        ".html", ".htm", ".xhtml", ".txt", ".text", ".jsonl", ".json",
    ] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem;
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_an_object_for_one_article_and_an_array_for_more() {
        let run = |n: usize| {
            let mut out = Vec::new();
            let mut sink = StreamSink::new(&mut out, Format::Json);
            for i in 0..n {
                sink.write(&article(&format!("s{i}.html"))).unwrap();
            }
            sink.finish().unwrap();
            drop(sink);
            serde_json::from_slice::<serde_json::Value>(&out)
        };
        assert!(run(1).unwrap().is_object());
        let many = run(3).unwrap();
        assert_eq!(many.as_array().map(Vec::len), Some(3));
        assert_eq!(many[2]["source"], "s2.html");
    }

    #[test]
    fn text_of_several_inputs_names_each_source() {
        let mut out = Vec::new();
        let mut sink = StreamSink::new(&mut out, Format::Text).with_headings(true);
        sink.write(&article("a.html")).unwrap();
        sink.write(&article("b.html")).unwrap();
        sink.finish().unwrap();
        drop(sink);
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "==> a.html <==\nT\n\nBody.\n\x0c\n==> b.html <==\nT\n\nBody.\n"
        );
    }

    #[test]
    fn a_template_collision_never_loses_an_article() {
        let dir = tempfile::tempdir().unwrap();
        let template = PathTemplate::parse("{host}/{slug}.{ext}").unwrap();
        let mut sink =
            TemplateSink::new(dir.path(), template.clone(), Format::Text, false).unwrap();
        let article = |url: &str, body: &str| {
            let mut a = Article::new(url, "html");
            a.url = Some(url.to_string());
            a.blocks.push(thresh_core::Block::paragraph(body));
            a
        };
        let a = sink
            .write(&article("https://n.example/a/index.html", "First."))
            .unwrap()
            .unwrap();
        let b = sink
            .write(&article("https://n.example/b/index.html", "Second."))
            .unwrap()
            .unwrap();
        assert_ne!(a, b);
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "First.\n");
        assert_eq!(std::fs::read_to_string(&b).unwrap(), "Second.\n");
        // The same article again in one run replaces its own file.
        let again = sink
            .write(&article("https://n.example/a/index.html", "First, fixed."))
            .unwrap()
            .unwrap();
        assert_eq!(again, a);
        // A later run does not write over what an earlier one left.
        let mut later = TemplateSink::new(dir.path(), template, Format::Text, false).unwrap();
        let err = later
            .write(&article("https://n.example/a/index.html", "New."))
            .unwrap_err();
        assert!(matches!(err, EmitError::Exists { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&a).unwrap(), "First, fixed.\n");
    }

    #[cfg(unix)]
    #[test]
    fn finished_files_take_the_umask_mode_not_the_temporary_one() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"x", false).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        // What any program's new file gets here: 0666 less the umask.
        let plain = dir.path().join("plain.txt");
        std::fs::File::create(&plain).unwrap();
        assert_eq!(mode(&path), mode(&plain), "{:o}", mode(&path));
    }
    use thresh_core::Block;

    fn article(source: &str) -> Article {
        let mut a = Article::new(source, "text");
        a.title = Some("T".into());
        a.blocks.push(Block::paragraph("Body."));
        a
    }

    #[test]
    fn stems() {
        assert_eq!(file_stem_for("dir/story.html.gz"), "story");
        assert_eq!(file_stem_for("https://ex.org/a/b.html?x=1"), "ex.org_a_b");
        assert_eq!(file_stem_for("https://ex.org/"), "ex.org");
        assert_eq!(file_stem_for("-"), "stdin");
        assert_eq!(file_stem_for("../.."), "article");
        assert!(file_stem_for(&"x".repeat(500)).len() <= 120);
    }

    #[test]
    fn dir_sink_writes_atomically_and_refuses_to_clobber() {
        let dir = tempfile::tempdir().unwrap();
        let mut sink = DirSink::new(dir.path().join("out"), Format::Text, false).unwrap();
        let path = sink.write(&article("a/story.txt")).unwrap().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "T\n\nBody.\n");
        // Another input with the same name in the same run: a file of its
        // own, the first one kept.
        let other = sink.write(&article("b/story.txt")).unwrap().unwrap();
        assert_ne!(other, path);
        assert!(
            other
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("story-")
        );
        // No temporary files are left behind.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out")).unwrap().collect();
        assert_eq!(names.len(), 2);

        // A later run does not write over an earlier one's file...
        let mut later = DirSink::new(dir.path().join("out"), Format::Text, false).unwrap();
        let err = later.write(&article("a/story.txt")).unwrap_err();
        assert!(matches!(err, EmitError::Exists { .. }), "{err}");
        assert!(
            err.to_string().contains("story.txt: already exists"),
            "{err}"
        );
        // ...unless told to.
        let mut sink = DirSink::new(dir.path().join("out"), Format::Text, true).unwrap();
        let mut changed = article("a/story.txt");
        changed.title = Some("New".into());
        sink.write(&changed).unwrap();
        assert!(std::fs::read_to_string(&path).unwrap().starts_with("New"));
    }

    #[test]
    fn stream_sink_separates_text_articles() {
        let mut buf = Vec::new();
        let mut sink = StreamSink::new(&mut buf, Format::Text);
        sink.write(&article("a")).unwrap();
        sink.write(&article("b")).unwrap();
        sink.finish().unwrap();
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "T\n\nBody.\n\x0c\nT\n\nBody.\n"
        );
    }
}
