//! A structured target: an arbitrary tree of elements and texts drawn from the vocabulary the
//! classifier cares about (tags, classes, roles, flags, link text), built with `Snapshot::push`
//! the way an adapter does, then classified. Checks: no panic, marks inside the snapshot, the wire
//! round trip is exact, and classifying the decoded copy gives the same verdict.
#![no_main]

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;
use pith::snapshot::{Node, Snapshot};

#[rustfmt::skip]
const TAGS: &[&str] = &[
    "div", "p", "a", "span", "section", "article", "main", "nav", "header", "footer", "aside", "ul", "li", "h1",
    "h2", "h3", "img", "figure", "figcaption", "table", "tr", "td", "form", "input", "button", "blockquote", "pre",
    "code", "iframe", "video", "br", "time", "address", "dialog", "select", "label",
];
#[rustfmt::skip]
const WORDS: &[&str] = &[
    "article", "content", "body", "post", "story", "nav", "menu", "breadcrumb", "footer", "copyright", "cookie",
    "consent", "newsletter", "subscribe", "ad", "sponsored", "related", "share", "social", "comments", "sidebar",
    "promo", "banner", "byline", "author", "privacy", "terms", "main", "header", "modal", "paywall", "x",
];
const TEXTS: &[&str] = &[
    "Read more",
    "Subscribe to our newsletter",
    "© 2024 Example Corp. All rights reserved.",
    "We use cookies to improve your experience. Accept all",
    "The council voted on Tuesday to approve the new budget, which includes funding for schools and roads.",
    "Home",
    "Privacy Policy",
    "Share on Twitter",
    "广告",
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore.",
    "",
];

#[derive(Debug)]
struct Tree(Vec<Node>);

impl<'a> Arbitrary<'a> for Tree {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut snap = Snapshot::default();
        snap.push(Node { tag: "body".into(), ..Node::default() });
        let count = u.int_in_range(0..=2000usize)?;
        for _ in 0..count {
            if u.is_empty() {
                break;
            }
            // Parent: any earlier element (biased to recent ones, so trees get deep as well as wide).
            let len = snap.len();
            let back = u.int_in_range(0..=len.min(64) - 1)?;
            let mut parent = len - 1 - back;
            while snap.nodes[parent].is_text() {
                parent = snap.nodes[parent].parent.map_or(0, |p| p as usize);
            }
            let parent = Some(parent as u32);
            if u.ratio(1, 3)? {
                let text = if u.ratio(1, 8)? {
                    // Free text: any UTF-8, collapsed as the adapters do.
                    let raw: String = u.arbitrary()?;
                    pith::snapshot::collapse_whitespace(&raw, pith::snapshot::MAX_TEXT_CHARS)
                } else {
                    let mut t = String::new();
                    for _ in 0..u.int_in_range(1..=4)? {
                        t.push_str(u.choose(TEXTS)?);
                        t.push(' ');
                    }
                    // Adapters emit collapsed text only (an empty choice would leave a double space).
                    pith::snapshot::collapse_whitespace(&t, pith::snapshot::MAX_TEXT_CHARS)
                };
                if !text.is_empty() {
                    snap.push(Node { parent, text, ..Node::default() });
                }
                continue;
            }
            let words = |u: &mut Unstructured<'a>| -> arbitrary::Result<String> {
                let n = u.int_in_range(0..=3)?;
                let mut s = Vec::new();
                for _ in 0..n {
                    s.push(u.choose(WORDS)?.to_string());
                }
                Ok(s.join(if u.arbitrary()? { " " } else { "-" }))
            };
            let tag = u.choose(TAGS)?.to_string();
            let flags = u.int_in_range(0..=15u32)?;
            let id = words(u)?;
            let class = words(u)?;
            let role = if u.ratio(1, 6)? {
                u.choose(&["navigation", "main", "banner", "contentinfo", "dialog"])?.to_string()
            } else {
                String::new()
            };
            let hints = words(u)?;
            snap.push(Node { parent, tag, flags, id, class, role, hints, text: String::new() });
        }
        // HIDDEN elements have no children in a real snapshot; keep them but that is the adapters' rule, not
        // the core's, so the core must cope either way.
        Ok(Tree(snap.nodes))
    }
}

fuzz_target!(|tree: Tree| {
    let snap = Snapshot { nodes: tree.0 };
    let verdict = pith::classify::classify(&snap);
    for mark in &verdict.marks {
        assert!((mark.node as usize) < snap.len(), "mark outside the snapshot");
    }
    let decoded = Snapshot::decode(&snap.encode()).expect("own encoding decodes");
    assert_eq!(decoded, snap, "wire round trip");
    assert_eq!(pith::classify::classify(&decoded).to_wire(), verdict.to_wire());
});
