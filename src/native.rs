//! Native adapter: builds a [`Snapshot`] from an HTML document with a real HTML5 parser (html5ever via
//! `scraper`), the way the browser's snapshot builder does from the live DOM, minus layout facts.

use crate::snapshot::{
    collapse_whitespace, flags, is_collapsible, Node, Snapshot, HINT_ATTRIBUTES, MAX_NODES, MAX_TEXT_CHARS,
};
use ego_tree::NodeRef;
use scraper::{Html, Node as HtmlNode};

/// Elements whose content is never rendered (and so never in the snapshot).
/// `option`/`optgroup`/`datalist` are listed because their text is a form control's choices, not reading
/// matter (a category `<select>` would otherwise read as a long list of words).
/// `noembed`/`noframes` are `display: none` in every browser's UA stylesheet; SVG's `desc` and
/// `metadata` (like its `title`) describe a drawing for assistive tools and are never drawn.
pub const NOT_RENDERED: [&str; 18] = [
    "script", "style", "template", "noscript", "head", "title", "meta", "link", "base", "param", "source", "option",
    "optgroup", "datalist", "noembed", "noframes", "desc", "metadata",
];

/// Elements that are rendered (as a frame, a player, a drawing surface) while their children are not:
/// those are fallback content for browsers without the feature, and an `<iframe>`'s text is not even
/// parsed as elements. The snapshot keeps the element and leaves out its children, as
/// extension/snapshot.js does (innerText shows none of it either).
pub const FALLBACK_ONLY: [&str; 4] = ["iframe", "video", "audio", "canvas"];

/// Parses `html` and builds its snapshot, rooted at `<body>` (or `<html>` when there is no body).
pub fn snapshot_from_html(html: &str) -> Snapshot {
    snapshot_from_document(&Html::parse_document(html))
}

/// Most characters of rendered text a page may show for it to count as a script shell: an app
/// whose script draws everything (Discourse forums render nothing but a `<noscript>` copy of the
/// topic without JavaScript).
const SHELL_MAX_TEXT_CHARS: usize = 200;

/// Least markup inside a `<noscript>` for it to count as the page's scriptless copy rather than a
/// "please enable JavaScript" line or a tracking pixel.
const NOSCRIPT_COPY_MIN_BYTES: usize = 2_000;

/// Builds the snapshot of an already parsed document (the benchmark times parsing separately).
///
/// The CLI runs no scripts, so it shows a page as a browser without JavaScript would. For almost
/// every page that is the markup minus `<noscript>` (those hold pixels and nags), which is also what
/// the extension sees once the page's scripts ran. A script shell is the exception: scripts draw
/// all of it, and the only readable copy is the `<noscript>` fallback, so there the snapshot shows it.
pub fn snapshot_from_document(document: &Html) -> Snapshot {
    let snap = build_snapshot(document, &NoscriptCopies::default());
    let shown: usize = snap.nodes.iter().map(|n| n.text.len()).sum();
    if shown > SHELL_MAX_TEXT_CHARS {
        return snap;
    }
    let copies = NoscriptCopies::of(document);
    if copies.fragments.is_empty() {
        snap
    } else {
        build_snapshot(document, &copies)
    }
}

/// The `<noscript>` elements of a body whose raw text is a scriptless copy of the page, parsed.
#[derive(Default)]
struct NoscriptCopies {
    fragments: std::collections::HashMap<ego_tree::NodeId, Html>,
}

impl NoscriptCopies {
    fn of(document: &Html) -> Self {
        let mut fragments = std::collections::HashMap::new();
        for node in document.tree.root().descendants() {
            let HtmlNode::Element(element) = node.value() else { continue };
            if element.name() != "noscript"
                || node.ancestors().any(|a| a.value().as_element().is_some_and(|e| e.name() == "head"))
            {
                continue;
            }
            // With scripting on, html5ever (like a browser) keeps a `<noscript>`'s content as raw text.
            let raw: String = node.children().filter_map(|c| c.value().as_text().map(|t| t.to_string())).collect();
            if raw.len() >= NOSCRIPT_COPY_MIN_BYTES {
                fragments.insert(node.id(), Html::parse_fragment(&raw));
            }
        }
        NoscriptCopies { fragments }
    }
}

fn build_snapshot(document: &Html, copies: &NoscriptCopies) -> Snapshot {
    let root = document
        .root_element()
        .children()
        .find(|c| matches!(c.value(), HtmlNode::Element(e) if e.name() == "body" || e.name() == "frameset"))
        .unwrap_or_else(|| {
            document.tree.root().first_child().filter(|c| c.value().is_element()).unwrap_or(document.tree.root())
        });
    let mut snap = Snapshot::default();
    // Iterative pre-order walk: pages nest deep enough to overflow a recursive one.
    let mut stack: Vec<(NodeRef<'_, HtmlNode>, Option<u32>)> = vec![(root, None)];
    // Whether whitespace came after the last text kept (same rule as snapshot.js), for flags::GLUED.
    let mut spaced = true;
    while let Some((node, parent)) = stack.pop() {
        if snap.len() >= MAX_NODES {
            break;
        }
        match node.value() {
            HtmlNode::Text(text) => {
                let Some(parent) = parent else { continue };
                let collapsed = collapse_whitespace(text, MAX_TEXT_CHARS);
                if collapsed.is_empty() {
                    spaced |= !text.is_empty();
                } else {
                    let glued = !spaced && !text.starts_with(is_collapsible);
                    spaced = text.ends_with(is_collapsible);
                    let flags = if glued { flags::GLUED } else { 0 };
                    snap.push(Node { parent: Some(parent), text: collapsed, flags, ..Node::default() });
                }
            }
            HtmlNode::Element(element) => {
                let tag = element.name().to_ascii_lowercase();
                let attributes = MarkupAttributes::of(element);
                let walk_children = !FALLBACK_ONLY.contains(&tag.as_str());
                let mut node_flags = 0;
                // Node ids are per tree: only the document's own `<noscript>` elements are expanded,
                // never one inside a fragment that happens to share an id.
                let copy = copies.fragments.get(&node.id()).filter(|_| std::ptr::eq(node.tree(), &document.tree));
                if (NOT_RENDERED.contains(&tag.as_str()) && copy.is_none()) || attributes.hidden(&tag) {
                    node_flags |= flags::HIDDEN;
                }
                if tag == "a" && attributes.href {
                    node_flags |= flags::LINK;
                }
                if attributes.protected(&tag) {
                    node_flags |= flags::PROTECTED;
                }
                let hints: Vec<&str> = attributes.hints.iter().flatten().copied().collect();
                let index = snap.push(Node {
                    parent,
                    tag,
                    flags: node_flags,
                    id: attributes.id.unwrap_or("").to_string(),
                    class: attributes.class.unwrap_or("").to_string(),
                    role: attributes.role.unwrap_or("").to_string(),
                    hints: hints.join(" "),
                    text: String::new(),
                });
                if let (Some(fragment), 0) = (copy, node_flags & flags::HIDDEN) {
                    // A parsed fragment's nodes sit under a synthetic `<html>` element.
                    let top = fragment.root_element();
                    for child in top.children().collect::<Vec<_>>().into_iter().rev() {
                        stack.push((child, Some(index)));
                    }
                } else if node_flags & flags::HIDDEN == 0 && walk_children {
                    let children: Vec<_> = node.children().collect();
                    for child in children.into_iter().rev() {
                        stack.push((child, Some(index)));
                    }
                }
            }
            HtmlNode::Document | HtmlNode::Fragment => {
                for child in node.children().collect::<Vec<_>>().into_iter().rev() {
                    stack.push((child, parent));
                }
            }
            _ => {}
        }
    }
    if snap.is_empty() {
        snap.push(Node { parent: None, tag: "body".into(), ..Node::default() });
    }
    snap
}

/// Reads an HTML file (gzip-compressed when it ends in `.gz`) as UTF-8, replacing invalid bytes.
pub fn read_html_file(path: &str) -> Result<String, String> {
    use std::io::Read;
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let bytes = if path.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut out).map_err(|e| format!("{path}: not gzip: {e}"))?;
        out
    } else {
        bytes
    };
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// The attributes the snapshot reads, found in one pass over an element's attributes: looking each up
/// by name (`Element::attr`) interns the name and searches the list again, a dozen times per element.
#[derive(Default)]
struct MarkupAttributes<'a> {
    id: Option<&'a str>,
    class: Option<&'a str>,
    role: Option<&'a str>,
    style: Option<&'a str>,
    input_type: Option<&'a str>,
    contenteditable: Option<&'a str>,
    hidden: bool,
    href: bool,
    open: bool,
    /// Values of [`HINT_ATTRIBUTES`] that are not blank, in that list's order.
    hints: [Option<&'a str>; HINT_ATTRIBUTES.len()],
}

impl<'a> MarkupAttributes<'a> {
    fn of(element: &'a scraper::node::Element) -> Self {
        let mut found = MarkupAttributes::default();
        for (name, value) in &element.attrs {
            // Only attributes without a namespace: `xlink:href` is not `href` (the DOM agrees).
            if !name.ns.is_empty() {
                continue;
            }
            let value: &'a str = value;
            match &*name.local {
                "id" => found.id = Some(value),
                "class" => found.class = Some(value),
                "role" => found.role = Some(value),
                "style" => found.style = Some(value),
                "type" => found.input_type = Some(value),
                "contenteditable" => found.contenteditable = Some(value),
                "hidden" => found.hidden = true,
                "href" => found.href = true,
                "open" => found.open = true,
                other => {
                    if let Some(slot) = HINT_ATTRIBUTES.iter().position(|hint| *hint == other) {
                        if !value.trim().is_empty() {
                            found.hints[slot] = Some(value);
                        }
                    }
                }
            }
        }
        found
    }

    /// What the browser's snapshot flags PROTECTED (extension/snapshot.js `protectedSet`) that markup
    /// alone shows: an editable element (`contenteditable` "", "true" or "plaintext-only") and an open
    /// dialog. The rest of that set (focus, typed fields, playing media, fullscreen) only exists in a
    /// live page.
    fn protected(&self, tag: &str) -> bool {
        let editable = self.contenteditable.is_some_and(|v| {
            let v = v.trim().to_ascii_lowercase();
            v.is_empty() || v == "true" || v == "plaintext-only"
        });
        editable || (tag == "dialog" && self.open)
    }

    /// What the browser would not render, judged from markup alone (no stylesheets here).
    fn hidden(&self, tag: &str) -> bool {
        // React's streaming server rendering parks finished sections in `<div hidden id="S:n">` and a
        // script moves them into place at once; a browser shows them, so the snapshot does too.
        let streamed_section = tag == "div" && self.id.is_some_and(|id| id.starts_with("S:"));
        if self.hidden && !streamed_section {
            return true;
        }
        if tag == "input" && self.input_type.is_some_and(|t| t.eq_ignore_ascii_case("hidden")) {
            return true;
        }
        self.style.is_some_and(|style| {
            let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            compact.contains("display:none") || compact.contains("visibility:hidden")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_descriptions_are_not_rendered() {
        let snap = snapshot_from_html(
            "<body><p>Plate</p><svg><title>Tip</title><desc><p>Eat greens.</p></desc><metadata>m</metadata>\
             <text>Drawn</text></svg></body>",
        );
        let texts: Vec<&str> = snap.nodes.iter().filter(|n| n.is_text()).map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["Plate", "Drawn"]);
    }

    #[test]
    fn text_with_no_whitespace_before_it_is_glued_as_in_snapshot_js() {
        // The same tree as extension/tests/snapshot.test.mjs "a text run on from the text before it".
        let snap =
            snapshot_from_html("<body><p>Costs <b>$15</b>. Then <i>more</i> text</p>\n  <p><span>I</span>n-house</p>");
        let texts: Vec<String> = snap
            .nodes
            .iter()
            .filter(|n| n.is_text())
            .map(|n| if n.has(flags::GLUED) { format!("{}|16", n.text) } else { n.text.clone() })
            .collect();
        assert_eq!(texts, ["Costs", "$15", ". Then|16", "more", "text", "I", "n-house|16"]);
    }

    #[test]
    fn builds_an_ordered_snapshot_of_the_body() {
        let snap = snapshot_from_html(
            "<html><head><title>t</title></head><body><nav class='menu'><a href='/'>Home</a></nav>\
             <p id='x'>Hello <b>big</b>   world</p><script>var a=1</script><div hidden>secret</div></body></html>",
        );
        let tags: Vec<&str> =
            snap.nodes.iter().map(|n| if n.is_text() { n.text.as_str() } else { n.tag.as_str() }).collect();
        assert_eq!(tags, ["body", "nav", "a", "Home", "p", "Hello", "b", "big", "world", "script", "div"]);
        assert!(snap.nodes[2].has(flags::LINK));
        assert!(snap.nodes[9].has(flags::HIDDEN) && snap.nodes[10].has(flags::HIDDEN));
        assert_eq!(snap.nodes[4].id, "x");
        assert_eq!(snap.nodes[5].parent, Some(4));
    }

    #[test]
    fn reads_the_attributes_it_needs_in_one_pass() {
        let snap = snapshot_from_html(
            "<body><div data-module='  ' aria-label='Share' itemprop=articleBody role=main id=a class='x y'>t</div>\
             <svg><a xlink:href='/x'><text>drawn link</text></a></svg><a href=''>empty href</a>\
             <input type=HIDDEN><div style='DISPLAY : none'>s</div></body>",
        );
        let div = &snap.nodes[1];
        assert_eq!((div.id.as_str(), div.class.as_str(), div.role.as_str()), ("a", "x y", "main"));
        // HINT_ATTRIBUTES order, blank values left out.
        assert_eq!(div.hints, "articleBody Share");
        let links: Vec<bool> = snap.nodes.iter().filter(|n| n.tag == "a").map(|n| n.has(flags::LINK)).collect();
        assert_eq!(links, [false, true], "xlink:href is not href; an empty href is a link");
        assert!(snap.nodes.iter().filter(|n| n.tag == "input" || n.tag == "div").skip(1).all(|n| n.has(flags::HIDDEN)));
    }

    #[test]
    fn markup_protects_editable_elements_and_open_dialogs() {
        // The browser's snapshot sees the same from the live DOM (tests/fixtures/parity-cases.html).
        let snap = snapshot_from_html(
            "<body><div contenteditable>a</div><p contenteditable=false>b</p><dialog open>c</dialog>\
             <dialog>d</dialog><span contenteditable=plaintext-only>e</span></body>",
        );
        let element = |tag: &str, nth: usize| snap.nodes.iter().filter(|n| n.tag == tag).nth(nth).unwrap();
        assert!(element("div", 0).has(flags::PROTECTED));
        assert!(!element("p", 0).has(flags::PROTECTED));
        assert!(element("dialog", 0).has(flags::PROTECTED));
        assert!(!element("dialog", 1).has(flags::PROTECTED));
        assert!(element("span", 0).has(flags::PROTECTED));
    }

    #[test]
    fn fallback_content_of_frames_and_players_is_left_out() {
        // A browser renders neither an <iframe>'s text (a CMS left escaped markup there on a corpus
        // page) nor a <video>'s "your browser does not support" message, nor <noembed>.
        let snap = snapshot_from_html(
            "<body><p>a</p><iframe src=x>&lt;span&gt;b</iframe><video><source src=v><p>c</p></video>\
             <noembed>d</noembed><canvas>e</canvas></body>",
        );
        let texts: Vec<&str> = snap.nodes.iter().filter(|n| n.is_text()).map(|n| n.text.as_str()).collect();
        assert_eq!(texts, ["a"]);
        let tags: Vec<&str> = snap.nodes.iter().filter(|n| !n.is_text()).map(|n| n.tag.as_str()).collect();
        assert_eq!(tags, ["body", "p", "iframe", "video", "noembed", "canvas"]);
    }

    #[test]
    fn a_script_shell_shows_its_noscript_copy() {
        // Discourse-style: the body is empty without scripts but for a `<noscript>` copy of the topic,
        // which itself holds a `<noscript>` (same node id in the fragment's tree as the outer one had
        // in the document's: once expanded forever, now never).
        let post = "<p>A long post about headphones, with enough words to read as a post.</p>".repeat(40);
        let page = format!(
            "<html><head><noscript><img src=pixel></noscript></head><body><div id=app></div>\
             <noscript><header><a href=/>Forum</a></header><main>{post}<noscript>nested</noscript></main></noscript></body></html>"
        );
        let snap = snapshot_from_html(&page);
        let texts: Vec<&str> = snap.nodes.iter().filter(|n| n.is_text()).map(|n| n.text.as_str()).collect();
        assert_eq!(texts.len(), 41, "{texts:?}");
        assert_eq!(texts[0], "Forum");
        let noscripts: Vec<_> = snap.nodes.iter().filter(|n| n.tag == "noscript").collect();
        assert_eq!(noscripts.len(), 2);
        assert!(!noscripts[0].has(flags::HIDDEN) && noscripts[1].has(flags::HIDDEN));

        // A page that shows text of its own keeps its `<noscript>` out, however long.
        let page = format!("<body><article>{post}</article><noscript>{post}</noscript></body>");
        let snap = snapshot_from_html(&page);
        assert_eq!(snap.nodes.iter().filter(|n| n.is_text()).count(), 40);
        // And a short nag in an empty shell stays out too.
        let snap =
            snapshot_from_html("<body><div id=root></div><noscript>You need to enable JavaScript.</noscript></body>");
        assert!(snap.nodes.iter().all(|n| !n.is_text()));
    }

    #[test]
    fn a_tag_name_with_control_characters_round_trips() {
        // fuzz/html_classify: html5ever (like a browser) keeps U+001E inside the tag name.
        let snap = snapshot_from_html("<body><p>Hi <a\u{1e}href=x>there</a></p></body>");
        assert_eq!(Snapshot::decode(&snap.encode()).unwrap(), snap);
    }

    #[test]
    fn survives_garbage() {
        let snap = snapshot_from_html("\u{0}\u{1}<<<>>>&&&<p><div></p></div>");
        assert!(!snap.is_empty());
        let deep = "<div>".repeat(3_000);
        assert!(snapshot_from_html(&deep).len() > 1);
    }
}
