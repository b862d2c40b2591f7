//! `docs/pipeline.md` documents every key a pipeline file can hold, and
//! only those: the tables there are compared with the keys of a pipeline
//! whose every option is set. The options are built field by field (no
//! `..Default::default()`), so a new field does not compile here until it
//! is added, and then this test fails until it is documented.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use thresh_pipeline::PipelineOptions;
use thresh_pipeline::spec::{
    DedupOptions, EmitOptions, LearnOptions, SourceOptions, StateOptions, TestCase,
};

fn every_option_set() -> PipelineOptions {
    let s = || "x".to_string();
    let p = || PathBuf::from("x");
    PipelineOptions {
        source: SourceOptions {
            urls: vec![s()],
            discover_only: vec![s()],
            url_file: Some(p()),
            sitemaps: vec![s()],
            feeds: vec![s()],
            robots_sitemaps: Some(true),
            warc: vec![p()],
            dir: Some(p()),
            include: vec![s()],
            exclude: vec![s()],
            max_depth: Some(1),
            max_pages: Some(1),
            max_age_days: Some(1),
            revisit_after_hours: Some(1.0),
        },
        fetch: thresh_fetch::Options::from(&thresh_fetch::Settings::default()),
        clean: thresh_clean::Options {
            focus: Some(thresh_clean::Focus::Balanced),
            input: Some(thresh_clean::InputKind::Auto),
            page_timeout_secs: Some(1.0),
            page_type: Some(thresh_core::PageType::Forum),
            keep: Some(vec![thresh_clean::CssSelector::parse("x").unwrap()]),
            drop: Some(vec![thresh_clean::CssSelector::parse("x").unwrap()]),
            sites: Some(BTreeMap::from([(s(), thresh_clean::SiteRules::default())])),
            tables: Some(true),
            images: Some(true),
            comments: Some(true),
            target_language: Some("en".into()),
        },
        emit: EmitOptions {
            format: Some(thresh_emit::Format::Md),
            dir: Some(p()),
            path: Some(s()),
            jsonl: Some(p()),
            warc_dir: Some(p()),
            hubs: Some(true),
        },
        state: StateOptions { path: Some(p()) },
        learn: LearnOptions {
            enabled: Some(true),
            min_articles: Some(1),
            min_count: Some(1),
            min_share: Some(0.5),
        },
        dedup: DedupOptions {
            exact: Some(true),
            near: Some(true),
        },
        tests: vec![TestCase {
            name: s(),
            input: p(),
            url: Some(s()),
            expect_file: Some(p()),
            title: Some(s()),
            contains: vec![s()],
            not_contains: vec![s()],
        }],
    }
}

/// Section name (`source`, `tests`...) -> keys, from the serialized options.
fn spec_keys() -> BTreeMap<String, BTreeSet<String>> {
    let value = toml::Value::try_from(every_option_set()).unwrap();
    let mut out = BTreeMap::new();
    for (section, table) in value.as_table().unwrap() {
        let table = match table {
            toml::Value::Array(items) => items[0].as_table().unwrap(),
            other => other.as_table().unwrap(),
        };
        out.insert(section.clone(), table.keys().cloned().collect());
    }
    out
}

/// The same, from the tables of docs/pipeline.md.
fn documented_keys() -> BTreeMap<String, BTreeSet<String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/pipeline.md");
    let text = std::fs::read_to_string(path).unwrap();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut section = None;
    for line in text.lines() {
        if let Some(head) = line.strip_prefix("## `") {
            section = Some(
                head.trim_end_matches('`')
                    .trim_matches(['[', ']'])
                    .to_string(),
            );
            continue;
        }
        let (Some(section), Some(cell)) = (&section, line.strip_prefix("| `")) else {
            continue;
        };
        let key = cell.split('`').next().unwrap_or("");
        if !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            out.entry(section.clone())
                .or_default()
                .insert(key.to_string());
        }
    }
    out
}

#[test]
fn every_pipeline_key_is_documented_and_nothing_else() {
    assert_eq!(documented_keys(), spec_keys());
}

#[test]
fn the_documented_example_pipelines_load() {
    // Every ```toml block of the page is valid on its own (with a source).
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/pipeline.md");
    let text = std::fs::read_to_string(path).unwrap();
    let blocks = text.split("```toml\n").skip(1);
    let mut n = 0;
    for rest in blocks {
        let block = rest.split("```").next().unwrap();
        let full = if block.contains("[source]") {
            block.to_string()
        } else {
            format!("[source]\nurls = [\"https://a.example/\"]\n{block}")
        };
        thresh_pipeline::Pipeline::from_str(&full, std::path::Path::new("/tmp/p/x.toml"))
            .unwrap_or_else(|e| panic!("{e}\n{full}"));
        n += 1;
    }
    assert!(n >= 5, "{n} examples");
}
