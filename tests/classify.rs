//! Each class on small hand-built pages, through the native adapter and the shipped model.

use pith::classify::{classify, REASONS};
use pith::native::snapshot_from_html;
use pith::snapshot::{flags, Snapshot};
use pith::text::visible_text;
use pith::verdict::{Label, Verdict};

const ARTICLE: &str = "<p>The harbour board met on Tuesday evening to decide the future of the old ferry shed, which \
has stood empty since the last crossing in 1984, and after three hours of debate it voted to lease it to volunteers.</p>\
<p>Residents packed the hall, and many of them spoke in favour of the plan, saying the town needs a place where \
broken things can be mended instead of thrown away, and where young people can learn how.</p>\
<p>The lease runs for ten years. The volunteers must raise the money for a new roof themselves, and they expect \
the first repair day to take place in the spring, weather permitting, with tools donated by local firms.</p>";

fn page() -> String {
    format!(
        "<html><body>\
         <header class='site-header'><nav class='main-menu'><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li>\
         <li><a href='/sport'>Sport</a></li><li><a href='/culture'>Culture</a></li></ul></nav></header>\
         <main><article><h1>Ferry shed gets a second life</h1>{ARTICLE}\
         <div class='newsletter-signup'><p>Get our daily newsletter. Subscribe now for free.</p></div></article>\
         <aside class='related-stories'><h3>Related</h3><ul><li><a href='/a'>Another story about boats</a></li>\
         <li><a href='/b'>More news from the harbour</a></li></ul></aside></main>\
         <footer><p>© 2026 Harbour Post Ltd. All rights reserved.</p></footer>\
         <div id='cookie-consent'><p>We use cookies to improve your experience. Accept all cookies?</p></div>\
         </body></html>"
    )
}

/// A page through the native adapter and the shipped model, and the text clean view leaves visible.
fn cleaned(html: &str) -> (Snapshot, Verdict, String) {
    let snap = snapshot_from_html(html);
    let verdict = classify(&snap);
    let text = visible_text(&snap, Some(&verdict), |l| l != Label::Content);
    (snap, verdict, text)
}

fn label_of(snap: &Snapshot, verdict: &Verdict, needle: &str) -> Option<Label> {
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    let labels = verdict.node_labels(&parents);
    snap.nodes.iter().position(|n| n.is_text() && n.text.contains(needle)).and_then(|i| labels[i])
}

#[test]
fn labels_each_class_on_a_news_page() {
    let snap = snapshot_from_html(&page());
    let verdict = classify(&snap);
    assert!(verdict.apply, "a page with an article applies");
    assert_eq!(label_of(&snap, &verdict, "harbour board met"), Some(Label::Content));
    assert_eq!(label_of(&snap, &verdict, "Ferry shed gets"), Some(Label::Content), "headline kept");
    assert_eq!(label_of(&snap, &verdict, "Sport"), Some(Label::Nav));
    assert_eq!(label_of(&snap, &verdict, "daily newsletter"), Some(Label::Promo));
    assert_eq!(label_of(&snap, &verdict, "Another story"), Some(Label::Promo));
    assert_eq!(label_of(&snap, &verdict, "All rights reserved"), Some(Label::Legal));
    assert_eq!(label_of(&snap, &verdict, "We use cookies"), Some(Label::Legal));
}

#[test]
fn clean_text_keeps_the_article_and_drops_the_rest() {
    let (_, _, text) = cleaned(&page());
    assert!(text.contains("voted to lease it") && text.contains("first repair day"));
    assert!(!text.contains("cookies") && !text.contains("Subscribe") && !text.contains("Culture"));
}

#[test]
fn marks_are_disjoint_and_every_reason_exists() {
    let snap = snapshot_from_html(&page());
    let verdict = classify(&snap);
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    for mark in &verdict.marks {
        assert!((mark.reason as usize) < REASONS.len());
        assert!((0.0..=1.0).contains(&mark.score));
        // No mark lies inside another mark.
        let mut up = parents[mark.node as usize];
        while let Some(p) = up {
            assert!(verdict.marks.iter().all(|m| m.node != p), "mark {} nested in {}", mark.node, p);
            up = parents[p as usize];
        }
    }
}

#[test]
fn abstains_without_an_article() {
    let snap = snapshot_from_html("<body><nav><a href='/'>Home</a> <a href='/x'>X</a></nav><p>Hi.</p></body>");
    assert!(!classify(&snap).apply);
    assert!(!classify(&Snapshot::default()).apply);
}

#[test]
fn protected_blocks_stay_content() {
    let mut snap = snapshot_from_html(&page());
    let cookie = snap.nodes.iter().position(|n| n.id == "cookie-consent").unwrap();
    snap.nodes[cookie + 1].flags |= flags::PROTECTED;
    let verdict = classify(&snap);
    assert_eq!(label_of(&snap, &verdict, "We use cookies"), Some(Label::Content));
}

#[test]
fn wire_result_matches_the_verdict() {
    let snap = snapshot_from_html(&page());
    let verdict = classify(&snap);
    let wire = pith::classify::classify_wire(&snap.encode()).unwrap();
    assert_eq!(wire, verdict.to_wire());
    assert_eq!(wire[2] as usize, verdict.marks.len());
    assert_eq!(wire.len(), 3 + 4 * verdict.marks.len());
}

#[test]
fn a_self_declared_box_goes_as_one() {
    let html = page().replace(
        "<div class='newsletter-signup'>",
        "<aside class='paywall'><h3>Try unlimited access</h3><p>You have read 4 of your 5 free articles \
         this month.</p><p><a href='/s'>Subscribe now</a></p></aside><div class='newsletter-signup'>",
    );
    let snap = snapshot_from_html(&html);
    let verdict = classify(&snap);
    for needle in ["Try unlimited access", "You have read 4", "Subscribe now"] {
        assert_eq!(label_of(&snap, &verdict, needle), Some(Label::Promo), "{needle}");
    }
    assert_eq!(label_of(&snap, &verdict, "harbour board met"), Some(Label::Content));
}

#[test]
fn a_block_enclosing_a_protected_field_stays() {
    let html = page().replace(
        "<p>Get our daily newsletter. Subscribe now for free.</p>",
        "<p>Get our daily newsletter. Subscribe now for free. <input id='typed' type='email'></p>",
    );
    let mut snap = snapshot_from_html(&html);
    let field = snap.nodes.iter().position(|n| n.id == "typed").unwrap();
    snap.nodes[field].flags |= flags::PROTECTED;
    let verdict = classify(&snap);
    assert_eq!(label_of(&snap, &verdict, "daily newsletter"), Some(Label::Content));
}

#[test]
fn a_skip_link_in_a_page_wrapper_goes_while_the_wrapper_stays() {
    // The wrapper owns the link's text, so it is a non-content block that cannot be hidden whole
    // (it holds the article); the inline link holding its text is marked instead.
    let html = page().replace(
        "<html><body>",
        "<html><body><div id='page-wrapper'><a class='skip-to-main' href='#main'>Skip to main content</a>",
    );
    let html = html.replace("</body>", "</div></body>");
    let (snap, verdict, text) = cleaned(&html);
    assert_ne!(label_of(&snap, &verdict, "Skip to main content"), Some(Label::Content));
    assert!(!text.contains("Skip to main content"), "{text}");
    assert!(text.contains("voted to lease it"));
}

#[test]
fn an_id_that_slugs_its_heading_is_no_cue() {
    // Documentation generators name sections after their headings: "shared" in
    // `id="evolve-shared-history"` is a topic, not a share bar.
    let body = ARTICLE.replace("<p>", "<p class='x'>");
    let html = format!(
        "<html><body><nav class='menu'><a href='/'>Home</a> <a href='/d'>Docs</a></nav>\
         <div class='document'><div class='section' id='evolve-shared-history'><h1>Evolve: shared history</h1>{body}</div></div>\
         </body></html>"
    );
    let snap = snapshot_from_html(&html);
    let verdict = classify(&snap);
    assert_eq!(label_of(&snap, &verdict, "harbour board met"), Some(Label::Content));
    assert_eq!(label_of(&snap, &verdict, "first repair day"), Some(Label::Content));
    let section = snap.nodes.iter().position(|n| n.id == "evolve-shared-history").unwrap();
    let seg = pith::blocks::Segmentation::new(&snap);
    let features = pith::features::extract(&snap, &seg);
    let promo = pith::features::FEATURE_NAMES.iter().position(|n| *n == "attr_promo").unwrap();
    for (b, block) in seg.blocks.iter().enumerate() {
        if block.node as usize > section {
            assert_eq!(features.vectors[b][promo], 0.0, "block {b} inherits no promo cue");
        }
    }
}

#[test]
fn footer_links_to_legal_pages_are_legal_and_headline_rails_are_promo() {
    let html = page().replace(
        "<footer><p>",
        "<footer><ul class='links'><li><a href='/p'>Privacy</a></li><li><a href='/t'>Terms &amp; Conditions</a></li>\
         <li><a href='/c'>Contact</a></li></ul><p>",
    );
    let html = html.replace(
        "</main>",
        "</main><div><div><a href='/x'>Harbour board approves new ferry timetable for summer</a></div>\
         <div><a href='/y'>Volunteers restore the old lighthouse lamp after ten years</a></div></div>",
    );
    let snap = snapshot_from_html(&html);
    let verdict = classify(&snap);
    assert_eq!(label_of(&snap, &verdict, "Privacy"), Some(Label::Legal));
    assert_eq!(label_of(&snap, &verdict, "Terms & Conditions"), Some(Label::Legal));
    assert_eq!(label_of(&snap, &verdict, "Contact"), Some(Label::Nav));
    assert_eq!(label_of(&snap, &verdict, "old lighthouse lamp"), Some(Label::Promo));
    assert_eq!(label_of(&snap, &verdict, "harbour board met"), Some(Label::Content));
}

#[test]
fn a_teaser_card_goes_as_one_mark() {
    // Headline (promo by its words) and a short "By Reuters" line (nav) in one linked card: one
    // mark, so the card's loose text cannot stay behind.
    let card = |title: &str| {
        format!(
            "<div class='ticker-item'><a href='/{title}'>{title} <ul><li>By <span>REUTERS</span></li>\
             <li>11/20/2019 01:16 AM</li></ul></a></div>"
        )
    };
    let rail = ["Senate passes the harbour rights bill today", "Ferry strike ends after three long weeks"]
        .iter()
        .map(|t| card(t))
        .collect::<String>();
    let html = page().replace("</main>", &format!("</main><div class='ticker'>{rail}</div>"));
    let (snap, verdict, text) = cleaned(&html);
    assert!(!text.contains("Senate passes") && !text.contains("REUTERS"), "{text}");
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    let labels = verdict.node_labels(&parents);
    let by = snap.nodes.iter().position(|n| n.is_text() && n.text.contains("REUTERS")).unwrap();
    let title = snap.nodes.iter().position(|n| n.is_text() && n.text.contains("Senate passes")).unwrap();
    assert_eq!(labels[by], labels[title], "one card, one label");
}

#[test]
fn a_deep_chain_of_slug_ids_over_long_text_is_read_a_bounded_way() {
    // Every element has an id to compare with its leading text; each look is capped in nodes and
    // characters, so a 20,000-deep chain over a 20,000-character text finishes (it once climbed
    // the whole chain for every node and read the whole text for every element).
    let mut snap = Snapshot::default();
    let depth = 20_000u32;
    snap.nodes.push(pith::snapshot::Node { tag: "body".into(), ..Default::default() });
    for i in 1..=depth {
        snap.nodes.push(pith::snapshot::Node {
            parent: Some(i - 1),
            tag: "div".into(),
            id: "shared-topic-heading".into(),
            ..Default::default()
        });
    }
    let text = "Shared topic heading and then a great deal more words. ".repeat(360);
    snap.nodes.push(pith::snapshot::Node { parent: Some(depth), text, ..Default::default() });
    let verdict = classify(&snap);
    assert!(verdict.marks.len() <= snap.len());
}

#[test]
fn a_bare_copyright_line_beside_a_logo_goes() {
    // The footer's own text is a bare text node beside a logo block (textless, cued as a menu):
    // the logo takes the footer's label, so the footer goes as one mark and the line with it.
    let footer = "<footer class='site-footer'><div class='footer-logo-menu'><img src='logo.png'></div>\
                  © 2026 Harbour Post Ltd. All rights reserved. <span><a href='/privacy'>Privacy</a></span></footer>";
    let html = page().replace("<footer><p>© 2026 Harbour Post Ltd. All rights reserved.</p></footer>", footer);
    assert!(html.contains("footer-logo-menu"));
    let (snap, verdict, text) = cleaned(&html);
    assert!(!text.contains("All rights reserved"), "{text}");
    assert!(text.contains("The lease runs for ten years"), "{text}");
    assert_eq!(label_of(&snap, &verdict, "All rights reserved"), Some(Label::Legal));
}

#[test]
fn a_footer_column_of_two_kinds_goes_with_its_loose_line() {
    // A footer column: two link widgets (promo by their markup) and a bare copyright line (legal)
    // between them. Split into per-label marks, the line would have no element to hide.
    let column = "<div class='footer-column'><aside class='widget'><h3>Site information</h3>\
                  <a href='/about'>About</a> / <a href='/advertise'>Advertise</a> / <a href='/contact'>Contact</a></aside>\
                  <aside class='widget'><h3>Policies</h3><a href='/standards'>Editorial standards</a> / \
                  <a href='/ethics'>Ethics statement</a></aside><br>© 2005-2019 Harbour Post, All Rights Reserved.</div>";
    let html = page().replace("<footer><p>© 2026 Harbour Post Ltd. All rights reserved.</p></footer>", column);
    assert!(html.contains("footer-column"));
    let (_, _, text) = cleaned(&html);
    assert!(!text.contains("All Rights Reserved") && !text.contains("Advertise"), "{text}");
    assert!(text.contains("The lease runs for ten years"), "{text}");
}

/// Marks for hand-given block labels: every block content but those whose text starts with one of
/// `non_content` (label, prefix); returns the label each text node ends up with.
fn marks_for(html: &str, non_content: &[(Label, &str)]) -> Vec<(String, Option<Label>)> {
    use pith::blocks::Segmentation;
    use pith::classify::{build_marks, BlockVerdict};
    let snap = snapshot_from_html(html);
    let seg = Segmentation::new(&snap);
    let verdicts: Vec<BlockVerdict> = seg
        .blocks
        .iter()
        .map(|b| {
            let label = non_content.iter().find(|(_, p)| b.text.starts_with(p)).map_or(Label::Content, |(l, _)| *l);
            BlockVerdict { label, score: 0.9, reason: 0 }
        })
        .collect();
    let verdict = Verdict { apply: true, marks: build_marks(&snap, &seg, &verdicts) };
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    let labels = verdict.node_labels(&parents);
    snap.nodes.iter().enumerate().filter(|(_, n)| n.is_text()).map(|(i, n)| (n.text.clone(), labels[i])).collect()
}

#[test]
fn content_text_in_an_inline_element_is_never_marked_for_a_block_nested_in_it() {
    // A forum quote: the author's name and "wrote:" are content text inside <cite>, which also
    // holds a date block read as promo. Only the date block may go.
    let html = "<body><div class='post'><blockquote><div><cite><a href='/u/jo'>jahboater</a> wrote: \
                <div class='date'>Wed Dec 27, 2023</div></cite>The flickering green one is annoying.</div>\
                </blockquote></div></body>";
    let texts = marks_for(html, &[(Label::Promo, "Wed Dec")]);
    for (text, label) in &texts {
        let hidden = label.is_some_and(|l| l != Label::Content);
        assert_eq!(hidden, text.starts_with("Wed Dec"), "{text}: {label:?}");
    }
}

#[test]
fn a_link_around_a_teaser_card_goes_as_one() {
    // A ticker card: the whole card is one link holding a headline (read as content) and a byline
    // and date list (promo, nav). The link is the card: it goes as one, headline included.
    let card = "<div class='ticker-item'><a href='/story'><span>Senate passes the harbour rights bill</span>\
                <ul><li>By <span>REUTERS</span></li><li>11/20/2019 01:16 AM</li></ul></a></div>";
    let html = format!("<body><article><p>{}</p></article>{card}</body>", "Article text. ".repeat(30));
    let texts = marks_for(&html, &[(Label::Promo, "By"), (Label::Nav, "11/20")]);
    let label_of = |needle: &str| texts.iter().find(|(t, _)| t.contains(needle)).and_then(|(_, l)| *l);
    // Under the label of its largest non-content block (the date line).
    assert_eq!(label_of("Senate passes"), Some(Label::Nav));
    assert_eq!(label_of("REUTERS"), Some(Label::Nav));
    assert_eq!(label_of("11/20/2019"), Some(Label::Nav));
    assert!(label_of("Article text").is_none_or(|l| l == Label::Content));
}

#[test]
fn a_class_on_a_page_wide_wrapper_does_not_name_the_blocks_inside() {
    // `ads-loaded` on <body> (a script's state flag) is a promo token, but it sits on the element
    // that holds the whole page: the skip link is named by what it is (links: nav), not by <body>.
    let html = page().replace("<body>", "<body class='ads-loaded'><div><a href='#main'>Skip to content</a></div>");
    let (snap, verdict, _) = cleaned(&html);
    assert_eq!(label_of(&snap, &verdict, "Skip to content"), Some(Label::Nav));
    assert_eq!(label_of(&snap, &verdict, "Home"), Some(Label::Nav));
    assert_eq!(label_of(&snap, &verdict, "Get our daily newsletter"), Some(Label::Promo));
    assert_eq!(label_of(&snap, &verdict, "Harbour Post Ltd"), Some(Label::Legal));
    assert_eq!(label_of(&snap, &verdict, "Residents packed the hall"), Some(Label::Content));
}

#[test]
fn a_site_header_by_role_is_nav_not_a_banner_ad() {
    // `role="banner"` is the site header landmark; the same word as a class would be an ad.
    let page =
        page().replace("<header class='site-header'><nav class='main-menu'><ul>", "<div role='banner'><div><ul>");
    let page = page.replacen("</ul></nav></header>", "</ul></div></div>", 1);
    assert!(page.contains("role='banner'") && !page.contains("main-menu"));
    let (snap, verdict, text) = cleaned(&page);
    assert!(verdict.apply && !text.contains("Sport"), "{text}");
    assert_eq!(label_of(&snap, &verdict, "Sport"), Some(Label::Nav));
    let as_class = page.replace("role='banner'", "class='banner'");
    let (snap, verdict, _) = cleaned(&as_class);
    assert_eq!(label_of(&snap, &verdict, "Sport"), Some(Label::Promo));
}
