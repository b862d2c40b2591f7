use super::*;

#[test]
fn utility_classes_are_judged_by_their_utility() {
    assert!(
        !judge(
            Some("[html.theme-bold.sidebar-filled_&]:bg-tint-base"),
            None
        )
        .drop
    );
    assert!(!judge(Some("top-[var(--header-height)]"), None).drop);
    assert!(judge(Some("lg:sidebar"), None).drop);
    assert!(!judge(Some("sidebar:flex"), None).drop);
    assert!(judge(Some("max-[767px]:hidden"), None).hidden);
    // A scrolling utility is not a ticker.
    assert_eq!(judge(Some("g-offset-scroll-margin-top"), None).weight, 0);
    assert_eq!(judge(Some("scroll-mt-20"), None).weight, 0);
    assert!(judge(Some("news-scroll"), None).weight < 0);
}

#[test]
fn tokens_not_substrings() {
    assert!(judge(Some("header-ad"), None).drop);
    assert!(judge(Some("adSlot"), None).drop);
    assert!(!judge(Some("masthead-article lead"), None).drop);
    assert!(!judge(Some("thread load head"), None).drop);
    assert!(!judge(Some("shadow"), None).drop);
    assert!(!judge(Some("headline"), None).drop);
    assert!(judge(None, Some("site-footer")).drop);
    assert!(judge(Some("relatedArticles"), None).drop);
    assert!(judge(Some("social_links"), None).drop);
}

#[test]
fn strip_ignores_keep_tokens() {
    assert!(judge(Some("ad-slot"), Some("ad-mid-article")).drop);
    assert!(judge(Some("social-share-content"), None).drop);
}

#[test]
fn keep_tokens_turn_drop_into_negative() {
    let v = judge(Some("comment-body"), None);
    assert!(!v.drop);
    assert!(v.weight <= 0);
    assert!(judge(Some("comments"), None).drop);
}

#[test]
fn weights_hidden_and_body() {
    assert_eq!(judge(Some("entry"), None).weight, 25);
    assert_eq!(judge(Some("post-meta"), None).weight, 0);
    assert_eq!(judge(Some("meta"), None).weight, -25);
    assert!(judge(Some("sr-only"), None).hidden);
    assert!(!judge(Some("hidden-xs"), None).hidden);
    assert!(judge(Some("article__body"), None).body);
    assert!(judge(None, Some("articleBody")).body);
    assert!(!judge(Some("article"), None).body);
}

#[test]
fn memo_agrees_with_judge() {
    let mut j = Judge::default();
    let cases = [
        (Some("comment-body nav"), None),
        (Some("nav"), Some("comment-body")),
        (Some("ad-slot  entry"), Some("main-content")),
        (Some("sr-only post"), None),
        (None, Some("articleBody")),
    ];
    for _ in 0..2 {
        for (c, i) in cases {
            assert_eq!(j.judge(c, i), judge(c, i), "{c:?} {i:?}");
        }
    }
}

#[test]
fn roles() {
    assert!(is_drop_role("navigation"));
    assert!(is_drop_role("Banner"));
    // The row of tab titles goes; the panels stay.
    assert!(is_drop_role("tablist"));
    assert!(!is_drop_role("tabpanel"));
    assert!(!is_drop_role("main"));
}

#[test]
fn rules_are_lower_case_alphanumeric() {
    for (p, _, _) in RULES {
        assert!(
            p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()),
            "{p}"
        );
        assert!(p.len() < BUF, "{p} is longer than the token buffer");
    }
}

#[test]
fn ascii_and_unicode_paths_agree() {
    for v in [
        "relatedArticles",
        "header-ad",
        "comment-body",
        "navbarTop",
        "breadcrumbsListContainerWithAVeryLongNameIndeed",
        "navigationmenuwithaverylongtokenthatgoesonandon",
        "articleBody",
        "sr-only",
        "x",
        "--",
        "",
        "AdSlot",
        "ADSLOT",
        "aD",
    ] {
        assert_eq!(
            value_bits(&TABLES, v),
            value_bits_unicode(&TABLES, v),
            "{v}"
        );
    }
    assert!(
        judge(Some("navbarä-wrap"), None).drop,
        "prefix with a non-ASCII tail"
    );
    assert!(judge(Some("Sidebar-ÜBER"), None).drop);
}
