//! End-to-end crawls of a loopback test site (robots.txt, sitemap index,
//! feed, 30+ articles): first run, incremental second run, a changed page,
//! a failing page, a refused concurrent run, learning, robots.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use support::{SiteConfig, TestSite};
use thresh_pipeline::{Pipeline, PipelineError, RunOptions, RunReport, run};

/// A pipeline over the site in a fresh folder; `extra` is appended.
fn pipeline(dir: &Path, site: &TestSite, extra: &str) -> Pipeline {
    let file = dir.join("site.toml");
    let text = format!(
        r#"
[source]
urls = ["{home}"]
robots_sitemaps = true
feeds = ["{feed}"]

[fetch]
delay_secs = 0.0
per_host = 4
retries = 0
user_agent = "thresh-test/1.0 (+https://example.invalid/contact)"

[emit]
format = "text"
path = "{{slug}}.{{ext}}"
{extra}
"#,
        home = site.article_url(0),
        feed = site.feed_url(),
    );
    std::fs::write(&file, text).unwrap();
    Pipeline::load(&file).unwrap()
}

async fn run_once(p: &Pipeline) -> RunReport {
    run(p, RunOptions::default()).await.unwrap()
}

/// Every output file (relative path -> contents), without the run report.
fn outputs(p: &Pipeline) -> BTreeMap<PathBuf, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![p.out_dir.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n != "run-report.json") {
                let rel = path.strip_prefix(&p.out_dir).unwrap().to_path_buf();
                out.insert(rel, std::fs::read_to_string(&path).unwrap());
            }
        }
    }
    out
}

fn output_of<'a>(outputs: &'a BTreeMap<PathBuf, String>, site: &TestSite, i: usize) -> &'a str {
    let slug = site.article_path(i);
    let slug = slug.rsplit('/').next().unwrap().trim_end_matches(".html");
    outputs
        .get(&PathBuf::from(format!("{slug}.txt")))
        .map(String::as_str)
        .unwrap_or_else(|| {
            panic!(
                "no output for article {i} ({slug}); have {:?}",
                outputs.keys()
            )
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_writes_all_then_nothing_then_exactly_the_change() {
    let site = TestSite::start(SiteConfig {
        gzip_sitemaps: true,
        ..SiteConfig::with_articles(60)
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(dir.path(), &site, "");

    let first = run_once(&p).await;
    assert_eq!(first.new_articles, 60, "{}", first.summary());
    assert_eq!(first.failed_total(), 0, "{:?}", first.failures);
    let files = outputs(&p);
    assert_eq!(files.len(), 60);
    for i in [0, 17, 59] {
        let text = output_of(&files, &site, i);
        assert!(text.starts_with(&site.article_title(i)), "{text}");
        assert!(text.contains(&site.article_body_marker(i)));
    }
    assert!(p.out_dir.join("run-report.json").exists());

    // Second run: conditional requests, nothing written.
    site.reset_log();
    let second = run_once(&p).await;
    assert_eq!(
        second.new_articles + second.updated_articles,
        0,
        "{}",
        second.summary()
    );
    assert_eq!(second.not_modified, 60, "{}", second.summary());
    let article_requests: Vec<_> = site
        .requests()
        .into_iter()
        .filter(|r| r.is_article())
        .collect();
    assert_eq!(article_requests.len(), 60);
    assert!(
        article_requests
            .iter()
            .all(|r| r.is_conditional() && r.status == 304)
    );
    assert_eq!(outputs(&p), files);

    // One page changes: exactly that article is rewritten.
    site.change_article(7);
    let third = run_once(&p).await;
    assert_eq!(third.updated_articles, 1, "{}", third.summary());
    assert_eq!(third.new_articles, 0);
    let after = outputs(&p);
    assert!(output_of(&after, &site, 7).contains(&site.article_body_marker(7)));
    assert_ne!(output_of(&after, &site, 7), output_of(&files, &site, 7));
    for i in (0..60).filter(|&i| i != 7) {
        assert_eq!(output_of(&after, &site, i), output_of(&files, &site, i));
    }

    // A page that now fails keeps its last good article.
    site.fail_article(3);
    let fourth = run_once(&p).await;
    assert_eq!(fourth.failed_total(), 1, "{}", fourth.summary());
    assert_eq!(
        output_of(&outputs(&p), &site, 3),
        output_of(&files, &site, 3)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_concurrent_run_is_refused() {
    let site = TestSite::start(SiteConfig::with_articles(5)).await;
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(dir.path(), &site, "");
    let _held = thresh_pipeline::lock::RunLock::acquire(&p.lock_path).unwrap();
    let err = run(&p, RunOptions::default()).await.unwrap_err();
    assert!(matches!(err, PipelineError::Locked { .. }), "{err}");
    assert!(site.requests().is_empty(), "a refused run must not fetch");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn repeated_teaser_blocks_are_learned_and_stripped() {
    let site = TestSite::start(SiteConfig::with_articles(30)).await;
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(
        dir.path(),
        &site,
        "[learn]\nmin_articles = 5\nmin_count = 4\n",
    );
    let report = run_once(&p).await;
    assert_eq!(report.new_articles, 30, "{}", report.summary());
    assert!(
        report.boilerplate_blocks_removed > 0,
        "{}",
        report.summary()
    );
    let files = outputs(&p);
    let teasers = site.teaser_texts();
    let with_teasers = (0..30)
        .filter(|&i| {
            teasers
                .iter()
                .any(|t| output_of(&files, &site, i).contains(t.as_str()))
        })
        .count();
    // The first few articles are written before anything is learned; the
    // rest come out without the shared blocks.
    assert!(
        with_teasers <= 10,
        "{with_teasers} articles still carry teasers"
    );
    assert!(output_of(&files, &site, 29).contains(&site.article_body_marker(29)));

    // The counts live in the store: a changed article in the next run is
    // stripped from the start.
    site.change_article(0);
    run_once(&p).await;
    let text = outputs(&p);
    let first = output_of(&text, &site, 0);
    assert!(first.contains(&site.article_body_marker(0)));
    assert!(
        !teasers.iter().any(|t| first.contains(t.as_str())),
        "{first}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn robots_disallowed_pages_are_not_fetched() {
    let config = SiteConfig {
        robots_disallow: vec!["/news/1".into()],
        ..SiteConfig::with_articles(12)
    };
    let site = TestSite::start(config).await;
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(dir.path(), &site, "");
    let report = run_once(&p).await;
    // Articles 1, 10 and 11 start with /news/1.
    assert_eq!(report.robots_denied, 3, "{}", report.summary());
    assert_eq!(report.new_articles, 9);
    assert!(site.requests_to("/news/1").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_run_is_finished_by_the_next() {
    let site = TestSite::start(SiteConfig {
        teaser_blocks: false,
        ..SiteConfig::with_articles(30)
    })
    .await;
    let whole_dir = tempfile::tempdir().unwrap();
    let whole = pipeline(whole_dir.path(), &site, "");
    run_once(&whole).await;

    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(dir.path(), &site, "");
    // Four fetches in flight, each held by the site until let through, one
    // at a time and only when all four wait. Once an article is written,
    // stop the run; the held requests go through once it has returned. The
    // stop lands mid-run however slow or fast the machine is.
    let text = std::fs::read_to_string(&p.file)
        .unwrap()
        .replace("per_host = 4", "per_host = 4\nconcurrency = 4");
    std::fs::write(&p.file, text).unwrap();
    let p = Pipeline::load(&p.file).unwrap();
    site.hold_articles();
    let options = RunOptions::default();
    let cancel = options.cancel.clone();
    let out_dir = p.out_dir.clone();
    let site = std::sync::Arc::new(site);
    let stopper = {
        let site = site.clone();
        tokio::task::spawn_blocking(move || {
            site.let_articles_through_until(4, 12, || {
                std::fs::read_dir(&out_dir).map_or(0, |d| d.count()) >= 1
            });
            cancel.store(true, std::sync::atomic::Ordering::SeqCst);
        })
    };
    let first = run(&p, options).await.unwrap();
    stopper.await.unwrap();
    site.release_articles();
    assert!(first.interrupted, "{}", first.summary());
    assert!(
        first.new_articles >= 1 && first.new_articles <= 12,
        "{}",
        first.summary()
    );
    let second = run_once(&p).await;
    assert_eq!(second.failed_total(), 0);
    assert_eq!(
        first.new_articles + second.new_articles,
        30,
        "{} / {}",
        first.summary(),
        second.summary()
    );
    assert_eq!(outputs(&p), outputs(&whole));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_are_followed_to_the_configured_depth() {
    let site = TestSite::start(SiteConfig::with_articles(30)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("links.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\nurls = [\"{}\"]\ninclude = [\"/news/\", \"/$\"]\nmax_depth = 1\n[fetch]\ndelay_secs = 0.0\nper_host = 4\n[emit]\nformat = \"text\"\npath = \"{{slug}}.{{ext}}\"\n",
            site.home_url()
        ),
    )
    .unwrap();
    let p = Pipeline::load(&file).unwrap();
    let report = run_once(&p).await;
    // The home page links to the 10 newest articles; nothing deeper is
    // fetched, and no sitemap or feed was named.
    let fetched_articles = site.requests().iter().filter(|r| r.is_article()).count();
    assert_eq!(fetched_articles, 10, "{}", report.summary());
    assert!(site.requests_to("/sitemap").is_empty());
    assert!(outputs(&p).len() >= 10);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn raw_responses_go_to_one_warc_per_run() {
    let site = TestSite::start(SiteConfig::with_articles(12)).await;
    let dir = tempfile::tempdir().unwrap();
    let p = pipeline(dir.path(), &site, "warc_dir = \"raw\"\n");
    let report = run_once(&p).await;
    assert_eq!(report.new_articles, 12, "{}", report.summary());
    let warcs: Vec<PathBuf> = std::fs::read_dir(dir.path().join("raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(warcs.len(), 1, "{warcs:?}");
    assert!(warcs[0].to_string_lossy().ends_with(".warc.gz"));
    let limits = thresh_fetch::Limits::default();
    let pages: Vec<_> = thresh_fetch::warc::read_warc(&warcs[0], &limits)
        .map(|p| p.unwrap())
        .collect();
    assert_eq!(pages.len(), report.fetched);
    assert!(pages.iter().any(|p| p.source == site.article_url(5)));
    // A second run fetches nothing new (304s) and leaves no empty WARC.
    let second = run_once(&p).await;
    assert_eq!(second.fetched, 0, "{}", second.summary());
    assert_eq!(
        std::fs::read_dir(dir.path().join("raw")).unwrap().count(),
        1
    );
}

/// A pipeline that starts from the home page and follows its links one
/// step, in a fresh folder.
fn hub_pipeline(dir: &Path, site: &TestSite, extra: &str) -> Pipeline {
    let file = dir.join("hub.toml");
    std::fs::write(
        &file,
        format!(
            "[source]\nurls = [\"{}\"]\ninclude = [\"/news/\", \"/$\"]\nmax_depth = 1\n{extra}[fetch]\ndelay_secs = 0.0\nper_host = 4\n[emit]\nformat = \"text\"\npath = \"{{slug}}.{{ext}}\"\n",
            site.home_url()
        ),
    )
    .unwrap();
    Pipeline::load(&file).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_page_behind_an_unchanged_hub_is_fetched() {
    let site = TestSite::start(SiteConfig::with_articles(30)).await;
    let dir = tempfile::tempdir().unwrap();
    let p = hub_pipeline(dir.path(), &site, "");
    let first = run_once(&p).await;
    assert!(first.new_articles >= 10, "{}", first.summary());

    // Article 25 is linked from the home page; the home page itself does
    // not change (it answers 304), yet the article must be asked for.
    site.change_article(25);
    site.reset_log();
    let second = run_once(&p).await;
    assert_eq!(second.updated_articles, 1, "{}", second.summary());
    let home = site.requests_to("/");
    assert!(
        home.iter().any(|r| r.path == "/" && r.status == 304),
        "{home:?}"
    );
    assert_eq!(
        site.requests().iter().filter(|r| r.is_article()).count(),
        10,
        "every linked page is revisited by its own validators"
    );
    assert!(output_of(&outputs(&p), &site, 25).contains(&site.article_body_marker(25)));

    // With revisit_after_hours, the hub is not even asked for, and its
    // stored links still lead to the pages (which are recent too, here).
    let q = hub_pipeline(dir.path(), &site, "revisit_after_hours = 1.0\n");
    site.reset_log();
    let third = run_once(&q).await;
    assert!(site.requests_to("/").iter().all(|r| r.path != "/"));
    assert_eq!(third.skipped_recent, 11, "{}", third.summary());
}
