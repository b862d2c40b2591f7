//! End-to-end tests of the HTML cleaner: pages in, articles out.

use super::*;

fn clean(html: &str) -> Result<Article, CleanError> {
    let mut page = Page::from_bytes("https://example.test/story", html);
    page.content_type = Some("text/html".into());
    HtmlCleaner::new(Settings::default()).clean(&page)
}

const PARA: &str = "This is a sentence of body text, with a comma, and another, long enough to count as a real paragraph of an article about things.";

#[test]
fn formulas_keep_their_text() {
    // MathJax wraps each formula in an element whose class reads as
    // a menu; the visual rendering beside it is aria-hidden, and the
    // TeX source in <annotation> is not text.
    let html = format!(
        r#"<article><p>{PARA}</p><p>When <mjx-container class="MathJax CtxtMenu_Attached_0"><mjx-math aria-hidden="true"><mjx-mi class="mjx-i"></mjx-mi></mjx-math><mjx-assistive-mml><math><semantics><mrow><mi>a</mi><mo>&#x2260;</mo><mn>0</mn></mrow><annotation encoding="application/x-tex">a \ne 0</annotation></semantics></math></mjx-assistive-mml></mjx-container>, there are two solutions.</p></article>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(
        text.contains("When a\u{2260}0, there are two solutions."),
        "{text}"
    );
    assert!(!text.contains("\\ne"), "{text}");
}

#[test]
fn a_related_heading_ends_the_article_only_before_teasers() {
    let teasers: String = (0..4)
        .map(|i| format!("<p><a href=/s/{i}>Another story number {i}</a></p>"))
        .collect();
    let html = format!(
        "<article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><h3>Related</h3><p>The council voted on the plan last spring, after a long debate, and approved it.</p></article>"
    );
    assert!(clean(&html).unwrap().text().contains("council voted"));
    let html = format!(
        "<article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><h3>Related</h3>{teasers}</article>"
    );
    assert!(!clean(&html).unwrap().text().contains("Another story"));
}

#[test]
fn page_builder_widgets_and_cards_with_buttons_are_content() {
    // Page builders wrap every block in a "widget"; product cards each
    // carry a button.
    let widgets: String = (0..4)
        .map(|_| format!("<div class=\"elementor-widget elementor-widget-text-editor\"><div class=elementor-widget-container><p>{PARA}</p></div></div>"))
        .collect();
    let html = format!("<body><div class=page>{widgets}</div></body>");
    assert_eq!(
        clean(&html)
            .unwrap()
            .text()
            .matches("sentence of body")
            .count(),
        4
    );
    let cards: String = (0..3)
        .map(|i| format!("<div class=card><h3>Kettle {i}</h3><p>{PARA} {PARA}</p><button>Add to cart</button></div>"))
        .collect();
    let html =
        format!("<article><p>{PARA}</p><p>{PARA}</p><div class=cards>{cards}</div></article>");
    assert_eq!(
        clean(&html)
            .unwrap()
            .text()
            .matches("sentence of body")
            .count(),
        8
    );
}

#[test]
fn player_chrome_and_galleries_are_dropped() {
    let html = format!(
        r#"<article><p>{PARA}</p><p>{PARA}</p><div class="video-js vjs-paused"><div class="vjs-control-bar"><span>Current Time 0:00</span><span>Duration Time 0:00</span></div></div>
        <div class="container grid-mod-gallery"><ul><li>1/20 A picture of the harbour at dawn, with boats and gulls.</li><li>2/20 Another picture of the harbour, at noon this time.</li></ul></div><p>{PARA}</p></article>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(
        !text.contains("Current Time") && !text.contains("1/20"),
        "{text}"
    );
    assert_eq!(text.matches("sentence of body").count(), 3);
}

#[test]
fn a_box_that_is_furniture_gives_way_to_the_region() {
    // A consent panel full of prose wins the box; the recipes, links
    // with short blurbs, are the page.
    let cards: String = (0..8)
        .map(|i| format!("<li class=card><a href=/r/{i}>Tomato sauce number {i}</a><p>Ready in {i}0 minutes.</p></li>"))
        .collect();
    let html = format!(
        r#"<html><head><script type="application/ld+json">{{"@type":"CollectionPage"}}</script></head><body>
        <div id="onetrust-consent-sdk"><div class="ot-pc"><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p></div></div>
        <main><h1>Tomato Sauce Recipes</h1><ul class=grid>{cards}</ul></main></body></html>"#
    );
    let a = clean(&html).unwrap();
    assert_eq!(a.page_type, Some(PageType::Collection));
    let text = a.text();
    assert!(text.contains("Tomato sauce number 7"), "{text}");
    assert!(!text.contains("sentence of body"), "{text}");
}

#[test]
fn an_article_keeps_its_box_beside_comments_but_a_landing_page_its_sections() {
    let long = format!("<p>{PARA} {PARA}</p>").repeat(6);
    let comments: String = (0..8)
        .map(|i| format!("<li class=comment><p>Comment {i}: {PARA}</p></li>"))
        .collect();
    // og:type article, a run of prose, and a long comment thread.
    let html = format!(
        r#"<html><head><meta property="og:type" content="article"></head><body><div class=story>{long}</div>
        <ol class=comment-list>{comments}</ol></body></html>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(!text.contains("Comment 3"), "{text}");
    // The same start, then feature sections of plain text.
    let features: String = (0..10)
        .map(|i| format!("<section><h2>Feature {i}</h2><p>{PARA} {PARA} {PARA}</p></section>"))
        .collect();
    let html = format!(
        r#"<html><head><meta property="og:type" content="article"></head><body><div class=story>{long}</div>{features}</body></html>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(text.contains("Feature 9"), "{text}");
}

#[test]
fn extracts_article_and_metadata() {
    let html = format!(
        r#"<html lang=en><head><title>The headline | Site</title><meta property="og:site_name" content="Site">
        <link rel=canonical href="/canonical"></head><body>
        <nav><a href=/>Home</a><a href=/n>News</a></nav>
        <div class=cookie-banner>We use cookies to improve things, accept them please.</div>
        <article><h1>The headline</h1><p>{PARA}</p><h2>Part two</h2><p>{PARA}</p><p>{PARA}</p>
        <div class=share-bar><a href=/s>Share on a network</a></div></article>
        <footer>Copyright notice, all rights reserved, and more text here.</footer></body></html>"#
    );
    let a = clean(&html).unwrap();
    assert_eq!(a.title.as_deref(), Some("The headline"));
    assert_eq!(a.url.as_deref(), Some("https://example.test/canonical"));
    assert_eq!(a.lang.as_deref(), Some("en"));
    assert_eq!(a.site_name.as_deref(), Some("Site"));
    assert_eq!(
        a.blocks,
        vec![
            Block::paragraph(PARA),
            Block::heading(2, "Part two"),
            Block::paragraph(PARA),
            Block::paragraph(PARA),
        ]
    );
}

#[test]
fn no_text_is_no_content_but_short_text_is_kept() {
    assert!(matches!(
        clean("<html><body><div><img src=x></div></body></html>"),
        Err(CleanError::NoContent { .. })
    ));
    let a = clean("<html><body><div class=sidebar>Just one line.</div></body></html>").unwrap();
    assert_eq!(a.text(), "Just one line.");
}

#[test]
fn a_script_shell_gives_its_longest_summary_not_nothing() {
    let shell = r#"<html><head>
        <meta name="description" content="I am new to astronomy and would like advice on a first telescope for planets and &amp;hellip;">
        <meta property="og:description" content="I am new to astronomy and would like advice on a first telescope for planets and deep-sky objects, on a budget of about 400 dollars.">
        </head><body><section id="main"></section><script src="app.js"></script></body></html>"#;
    let a = clean(shell).unwrap();
    assert_eq!(
        a.text(),
        "I am new to astronomy and would like advice on a first telescope for planets and deep-sky objects, on a budget of about 400 dollars."
    );
    // A cut summary loses its ellipsis; a slogan is not a body.
    let cut = shell.replace("og:description", "x");
    assert!(clean(&cut).unwrap().text().ends_with("planets and"));
    let slogan = r#"<html><head><meta property="og:description" content="News you can use."></head><body></body></html>"#;
    assert!(matches!(clean(slogan), Err(CleanError::NoContent { .. })));
}

#[test]
fn a_data_table_with_a_column_of_links_is_kept_a_link_grid_is_not() {
    let rows: String = (0..6)
        .map(|i| format!(r#"<tr><td><a href="/s{i}">Process uploads {i}</a></td><td>Run code when a file is uploaded or changed in storage.</td></tr>"#))
        .collect();
    let grid: String = (0..6)
        .map(|i| format!(r#"<tr><td><a href="/a{i}">Story {i}</a></td><td><a href="/b{i}">Another story {i}</a></td></tr>"#))
        .collect();
    let a = clean(&format!(
        "<html><body><main><p>{PARA}</p><p>{PARA}</p><table><tr><th>If you want to</th><th>then</th></tr>{rows}</table>\
         <table><tr><th>Read</th><th>More</th></tr>{grid}</table><p>{PARA}</p></main></body></html>"
    ))
    .unwrap();
    let text = a.text();
    assert!(text.contains("Process uploads 5\tRun code when"), "{text}");
    assert!(!text.contains("Another story"), "{text}");
}

#[test]
fn an_article_known_only_by_its_prose_gives_way_as_other_pages_do() {
    let typed = |t, signal: &str| types::Typed {
        page_type: t,
        signal: signal.to_string(),
        prose_words: None,
        product_description: None,
    };
    let switch = |t| region_switch(&t).0;
    assert_eq!(
        switch(typed(PageType::Article, "schema.org NewsArticle")),
        ARTICLE_REGION_SWITCH
    );
    assert_eq!(
        switch(typed(PageType::Article, types::PROSE_RUN)),
        REGION_SWITCH
    );
    assert_eq!(
        switch(typed(PageType::Service, "prose in many boxes")),
        REGION_SWITCH
    );
    assert_eq!(
        switch(typed(PageType::Documentation, "documentation URL")),
        DOCS_REGION_SWITCH
    );
}

#[test]
fn a_saved_page_without_a_canonical_link_is_known_by_its_og_url() {
    let html = format!(
        r#"<html><head><meta property="og:url" content="https://docs.example/guide/install"></head>
        <body><article><p>{PARA}</p><p>{PARA} See <a href="../faq">the FAQ</a>.</p></article></body></html>"#
    );
    let page = Page::from_bytes("saved/install.html", html);
    let a = HtmlCleaner::new(Settings::default()).clean(&page).unwrap();
    assert_eq!(a.url.as_deref(), Some("https://docs.example/guide/install"));
    let Block::Paragraph { marks, .. } = &a.blocks[1] else {
        panic!("{:?}", a.blocks);
    };
    assert!(
        marks.iter().any(|m| matches!(&m.kind, thresh_core::MarkKind::Link { href } if href == "https://docs.example/faq")),
        "{marks:?}"
    );
}

#[test]
fn a_body_that_is_all_links_is_kept() {
    let a = clean(
        r#"<html><body> <a href="/story"><p>First words.</p><p>Second words.</p>
        last words</a></body></html>"#,
    )
    .unwrap();
    assert_eq!(a.text(), "First words.\nSecond words.\nlast words");
    assert!(matches!(
        clean("<html><body><a href=/x><img src=x></a> \u{a0} </body></html>"),
        Err(CleanError::NoContent { .. })
    ));
}

#[test]
fn links_resolve_against_the_page_url() {
    let a = clean(&format!(
        r#"<html><body><article><p>{PARA} See <a href="../more?x=1">the <b>rest</b></a>.</p></article></body></html>"#
    ))
    .unwrap();
    let Some(Block::Paragraph { text, marks }) = a.blocks.first() else {
        panic!("{:?}", a.blocks);
    };
    let hrefs: Vec<_> = marks
        .iter()
        .map(|m| (&text[m.start as usize..m.end as usize], &m.kind))
        .collect();
    assert_eq!(
        hrefs,
        vec![
            (
                "the rest",
                &thresh_core::MarkKind::Link {
                    href: "https://example.test/more?x=1".into()
                }
            ),
            ("rest", &thresh_core::MarkKind::Bold),
        ]
    );
}

#[test]
fn language_is_detected_when_undeclared() {
    let html = "<html><body><p>Der schnelle braune Fuchs springt über den faulen Hund, und die Katze schläft den ganzen Tag in der Sonne, während die Kinder im Garten spielen.</p></body></html>";
    assert_eq!(clean(html).unwrap().lang.as_deref(), Some("de"));
}

#[test]
fn clutter_lines_are_trimmed() {
    let long = Block::paragraph(PARA);
    let blocks = vec![
        long.clone(),
        Block::paragraph("Advertisement"),
        long.clone(),
        Block::paragraph("© 2024 Example News. All rights reserved."),
        Block::paragraph("A paragraph after the copyright line."),
    ];
    assert_eq!(trim_clutter(blocks), vec![long.clone(), long]);
}

#[test]
fn focus_shifts_thresholds() {
    let p = Tuning::for_focus(Focus::Precision);
    let r = Tuning::for_focus(Focus::Recall);
    assert!(p.link_density_modifier < r.link_density_modifier);
    assert!(!p.captions && r.captions);
}

#[test]
fn an_index_of_linked_entries_keeps_every_entry() {
    // A documentation section's page: a lede, then one entry per subpage,
    // each a linked title over a one-line summary. Each entry is a third
    // link, so Readability's rule would drop all but the wordiest.
    let entries: String = [
        ("templates", "Using templates", "Templates exist for a variety of languages and tools."),
        ("when", "Choosing when it runs", "You can run it on a schedule or when events happen."),
        ("where", "Choosing where it runs", "You can pick the machine that your jobs run on."),
        ("what", "Choosing what it does", "Many tasks that you do by hand can be automated with it, step by step."),
    ]
    .iter()
    .map(|(href, title, summary)| {
        format!(r#"<div class="entry"><h2><a href="/docs/{href}">{title}</a></h2><div><p>{summary}</p></div></div>"#)
    })
    .collect();
    let html = format!(
        r#"<html><body><nav><a href=/>Home</a> <a href=/docs>Docs</a></nav><main><h1>Writing workflows</h1>
        <p class="lead">Workflows can automate tasks throughout the software lifecycle.</p>
        <div class="entries">{entries}</div></main><footer><a href=/privacy>Privacy</a></footer></body></html>"#
    );
    let text = clean(&html).unwrap().text();
    for title in [
        "Using templates",
        "Choosing when it runs",
        "Choosing where it runs",
        "Choosing what it does",
    ] {
        assert!(text.contains(title), "{title} missing from {text}");
    }
    assert!(text.contains("pick the machine"), "{text}");
    assert!(!text.contains("Privacy"), "{text}");

    // Teasers after a story are not an index: the story's text is most of
    // the box, so they still go.
    let teasers: String = (0..3)
        .map(|i| {
            format!(r#"<div><h3><a href="/s/{i}">Another story {i}</a></h3><p>A teaser of another story, one sentence long.</p></div>"#)
        })
        .collect();
    let html = format!(
        "<article><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><p>{PARA}</p><div>{teasers}</div></article>"
    );
    let text = clean(&html).unwrap().text();
    assert!(!text.contains("Another story"), "{text}");
}

#[test]
fn documentation_keeps_the_link_lists_its_paragraphs_introduce() {
    let section = |name: &str| {
        format!(
            r#"<h3>{name}</h3><p>{name} are one of the basic data types of the store, with commands of their own. For more information, see:</p>
            <ul><li><a href="/docs/{name}/">Overview of {name}</a></li><li><a href="/docs/commands/{name}">{name} command reference</a></li></ul>"#
        )
    };
    let body: String = ["Strings", "Lists", "Sets", "Hashes"]
        .iter()
        .map(|n| section(n))
        .collect();
    let html = format!(
        r#"<html><head><title>Data types</title></head><body><nav><ul><li><a href=/docs/a>A</a></li><li><a href=/docs/b>B</a></li></ul></nav>
        <main><h1>Data types</h1><p>{PARA}</p>{body}</main></body></html>"#
    );
    let mut page = Page::from_bytes(
        "https://example.test/docs/latest/data-types/",
        html.as_str(),
    );
    page.content_type = Some("text/html".into());
    let article = HtmlCleaner::new(Settings::default()).clean(&page).unwrap();
    assert_eq!(
        article.page_type,
        Some(PageType::Documentation),
        "{:?}",
        article.page_type_signal
    );
    let text = article.text();
    assert!(text.contains("Overview of Hashes"), "{text}");
    assert!(text.contains("Sets command reference"), "{text}");
    // The same lists on a news story are links away from it.
    let mut page = Page::from_bytes("https://example.test/2024/05/01/data-types", html.as_str());
    page.content_type = Some("text/html".into());
    let text = HtmlCleaner::new(Settings::default())
        .clean(&page)
        .unwrap()
        .text();
    assert!(!text.contains("Overview of Hashes"), "{text}");
}

#[test]
fn a_chapters_table_of_contents_is_its_content_a_pages_own_is_not() {
    // A manual's chapter page (DocBook's layout): its table of contents
    // lists the chapter's section pages over a short introduction. The
    // "on this page" list of the page's own headings repeats them.
    let entries: String = [
        "Introduction",
        "Index Types",
        "Multicolumn Indexes",
        "Unique Indexes",
    ]
    .iter()
    .enumerate()
    .map(|(n, t)| {
        format!(r#"<dt><span class=sect1><a href="indexes-{n}.html">11.{n}. {t}</a></span></dt>"#)
    })
    .collect();
    let html = format!(
        r##"<html><head><title>Chapter 11. Indexes</title></head><body><nav><a href=/docs/>Docs</a></nav>
        <div id=docContent><div class=chapter><h2 class=title>Chapter 11. Indexes</h2>
        <div class=toc><p><strong>Table of Contents</strong></p><dl class=toc>{entries}</dl></div>
        <p>Indexes are a common way to enhance database performance. An index allows the server to find rows much faster than it could without one.</p></div>
        <div class=toc><p>On this page</p><ul><li><a href="#intro">Intro</a></li><li><a href="#types">Kinds</a></li><li><a href="#more">Further</a></li></ul></div></div></body></html>"##
    );
    let mut page = Page::from_bytes(
        "https://example.test/docs/current/indexes.html",
        html.as_str(),
    );
    page.content_type = Some("text/html".into());
    let article = HtmlCleaner::new(Settings::default()).clean(&page).unwrap();
    assert_eq!(article.page_type, Some(PageType::Documentation));
    let text = article.text();
    for t in [
        "11.0. Introduction",
        "11.1. Index Types",
        "11.3. Unique Indexes",
        "Indexes are a common way",
    ] {
        assert!(text.contains(t), "{t}: {text}");
    }
    assert!(!text.contains("Further"), "{text}");
}

#[test]
fn code_keeps_its_highlighted_comments_and_a_playground_its_code() {
    let html = format!(
        r#"<article><p>{PARA}</p><p>{PARA}</p><pre><code><span class="token keyword">let</span> x = 1; <span class="token comment">// still one</span>
<span class="hljs-comment"># a note</span></code></pre><p>{PARA}</p></article>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(text.contains("let x = 1; // still one"), "{text}");
    assert!(text.contains("# a note"), "{text}");

    // A code playground: tabs and Reload / Fork buttons over the editor.
    let html = format!(
        r#"<main><article><div>{PARA}{PARA}</div><div class="sandpack"><div class="sp-tabs"><button>App.js</button><button>Reload</button><button>Fork</button></div>
        <div class="sp-editor" role="textbox"><pre>const user = {{ name: 'Hedy', size: 90 }};</pre></div></div><div>{PARA}</div></article></main>"#
    )
    .replace(PARA, &format!("<p>{PARA}</p>"));
    let text = clean(&html).unwrap().text();
    assert!(
        text.contains("const user = { name: 'Hedy', size: 90 };"),
        "{text}"
    );
}

#[test]
fn an_accordions_heading_toggles_are_not_form_controls() {
    // Each card's title is a button in its heading that opens the card's
    // text: the cards are the content, not a form.
    let cards: String = [
        ("Turn designs into code", "Bring the design context into your editor and write code that matches the mockups."),
        ("Publish websites", "Lay out responsive pages, then tweak them with code and publish in one step."),
        ("Ship products faster", "Drop a file in and describe what you want to build, then refine it together."),
        ("Work together", "Comment, review and hand off in one place, with every change kept in history."),
    ]
    .iter()
    .map(|(q, a)| {
        format!(r#"<div class="card"><h3><button type="button">{q}</button></h3><div class="panel"><p>{a}</p></div></div>"#)
    })
    .collect();
    let html = format!(
        r#"<html><body><nav><a href="/">Home</a> <a href="/pricing">Pricing</a></nav>
        <main><section><h2>What you can do</h2><div class="cards">{cards}</div></section></main></body></html>"#
    );
    let text = clean(&html).unwrap().text();
    for needle in [
        "Turn designs into code",
        "matches the mockups",
        "kept in history",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from {text}");
    }
}

#[test]
fn a_page_where_no_box_holds_text_is_its_body_without_chrome() {
    // Every card of the chosen box is a form (a control and a line of
    // text), so the box converts to nothing; the page's text without its
    // header and footer stands in, not the whole body.
    let cards: String = (1..=4)
        .map(|n| {
            format!(r#"<div class="plan"><p>Plan {n}, for teams of {n}0, billed yearly.</p><input type="radio" name="p"><label>Pick</label></div>"#)
        })
        .collect();
    let html = format!(
        r#"<html><body><header><nav><a href="/a">Products</a> <a href="/b">Resources</a></nav><p>Free shipping on every order over fifty dollars</p></header>
        <div class="plans">{cards}</div>
        <footer><p>Registered office: 1 Main Street, Springfield</p></footer></body></html>"#
    );
    let doc = Document::parse(&html);
    let dom = Dom::build(&doc);
    let marks = Marks::compute(&dom);
    let cleaner = HtmlCleaner::new(Settings::default());
    let boxed = cleaner
        .boxed(&dom, &marks, None, PageType::Other, &|| Ok(()))
        .unwrap();
    let text: Vec<String> = boxed.blocks.iter().map(Block::plain_text).collect();
    let text = text.join("\n");
    assert!(text.contains("Plan 1, for teams"), "{text}");
    assert!(!text.contains("Free shipping"), "{text}");
    assert!(!text.contains("Registered office"), "{text}");
    // The page as a whole comes out the same way.
    let text = clean(&html).unwrap().text();
    assert!(text.contains("Plan 4, for teams"), "{text}");
    assert!(!text.contains("Free shipping"), "{text}");
}

#[test]
fn a_page_whose_only_text_is_its_title_is_not_empty() {
    // A link post: the heading is the post, and it is the page's title too.
    let html = r#"<html><head><title>FCC chair warns Europe over satellite rules</title></head><body>
        <nav><a href="/">Home</a> <a href="/r/tech">r/tech</a></nav>
        <main><h1>FCC chair warns Europe over satellite rules</h1></main></body></html>"#;
    let article = clean(html).unwrap();
    assert_eq!(
        article.title.as_deref(),
        Some("FCC chair warns Europe over satellite rules")
    );
    assert_eq!(
        article.text(),
        "FCC chair warns Europe over satellite rules"
    );
}

#[test]
fn streamed_content_takes_the_place_of_its_fallback() {
    // React's streaming renderer: boundaries with "Loading..." fallbacks in
    // the article, the content later in hidden segments (one of them
    // holding a placeholder for another), for a script to swap in.
    let html = format!(
        r#"<html><body><article><h1>Index funds</h1>
        <template id="B:0"></template><div>Loading paragraph...</div>
        <template id="B:1"></template><div>Loading paragraph...</div>
        </article><footer>Footer</footer>
        <div hidden id="S:1"><p>Second paragraph. {PARA}</p><template id="P:2"></template></div>
        <div hidden id="S:0"><p>First paragraph. {PARA}</p></div>
        <div hidden id="S:2"><p>Third paragraph. {PARA}</p></div>
        <script>$RC("B:0","S:0")</script></body></html>"#
    );
    let text = clean(&html).unwrap().text();
    assert!(!text.contains("Loading"), "{text}");
    let first = text.find("First paragraph").expect(&text);
    let second = text.find("Second paragraph").expect(&text);
    let third = text.find("Third paragraph").expect(&text);
    assert!(first < second && second < third, "{text}");

    // A template inside its own segment is left alone, and nothing loops.
    let html = format!(
        r#"<html><body><article><p>{PARA}</p></article><div hidden id="S:0"><p>{PARA}</p><template id="B:0"></template><div>x</div></div></body></html>"#
    );
    assert!(clean(&html).unwrap().text().contains("long enough"));
}

#[test]
fn a_product_page_is_its_description_even_when_its_reviews_have_more_prose() {
    let review = |who: &str, said: &str| {
        format!(
            r#"<div class="review-card"><p class="review-author">{who}, 09.08.2024</p>
            <p>I have to say I am very pleasantly surprised with this kettle, {said}</p>
            <p>Keep in mind that the cable is short, so it has to sit close to the socket, but otherwise I would buy it again without a second thought.</p></div>"#
        )
    };
    let html = format!(
        r#"<html><head><title>Steel kettle</title><meta property="og:type" content="product"></head><body>
        <header><nav><a href="/">Home</a> <a href="/kitchen">Kitchen</a></nav></header>
        <main><div class="product-page">
          <div class="product-title"><h1>Steel kettle</h1></div>
          <div class="gallery"><img src="a.jpg"><img src="b.jpg"><img src="c.jpg"><img src="d.jpg"></div>
          <div class="product-text"><h2>Electric kettle</h2>
            <ul><li>Capacity: 1.7 litres</li><li>Power: 3000 watts</li><li>Body: brushed stainless steel</li>
            <li>Keep-warm setting for thirty minutes</li><li>Limescale filter, removable and washable</li></ul>
            <p>A brushed steel kettle with a wide spout and a base that turns all the way round, made to boil a full jug in under three minutes.</p>
            <p>The lid opens at the press of a button, the water window shows the level from both sides, and it switches itself off when the water boils or the jug is lifted.</p></div>
        </div>
        <section class="product-reviews-preview"><h3>4 Reviews</h3>{}{}{}{}</section>
        </main></body></html>"#,
        review(
            "Ann",
            "after the last one we owned broke within a year of daily use in our kitchen."
        ),
        review(
            "Bo",
            "which came with no issues at all, boils quickly, and whose handle stays cool."
        ),
        review(
            "Cy",
            "although the lid is a little stiff to open with one hand when the jug is full."
        ),
        review(
            "Di",
            "a present from my daughter that replaced an old stovetop whistling pot."
        )
    );
    let a = clean(&html).unwrap();
    let text = a.text();
    assert!(text.contains("Capacity: 1.7 litres"), "{text}");
    assert!(!text.contains("pleasantly surprised"), "{text}");
}

#[test]
fn a_list_of_field_names_is_template_data_and_a_list_of_labels_is_content() {
    let page = |dl: &str| {
        format!(
            r#"<html><body><article><h1>Staple tee</h1><p>{PARA}</p><p>{PARA}</p>
            <dl>{dl}</dl><p>{PARA}</p></article></body></html>"#
        )
    };
    let fields = "<dt>short_description:</dt><dd>Regular Fit</dd>\
        <dt>retail_price_tier1:</dt><dd>$20.00_1-9 items</dd>\
        <dt>cat_thumb_Bone:</dt><dd>https://cdn.example/5001_BONE_THUMB.jpg</dd>\
        <dt>SKU:</dt><dd>5001</dd>";
    let text = clean(&page(fields)).unwrap().text();
    assert!(!text.contains("retail_price_tier1"), "{text}");
    assert!(!text.contains("BONE_THUMB"), "{text}");
    let labels = "<dt>Fit:</dt><dd>Regular, true to size</dd>\
        <dt>Fabric:</dt><dd>Mid weight, 100% combed cotton</dd>\
        <dt>Neck rib:</dt><dd>Ribbed crew neck, 1.5 cm</dd>";
    let text = clean(&page(labels)).unwrap().text();
    assert!(text.contains("100% combed cotton"), "{text}");
}
