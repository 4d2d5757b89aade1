//! The page snapshot: a read-only arena copy of the page that both adapters build.
//!
//! Wire format (what the browser's snapshot builder emits and [`Snapshot::decode`] reads), chosen so
//! the live page crosses into the core as **one string**: a single structured-clone or one UTF-16→UTF-8
//! copy, instead of one JS↔wasm call per node and field.
//!
//! ```text
//! "pith1" RS record RS record ...        RS = U+001E, US = U+001F
//! element record:  parent US tag US flags US id US class US role US hints
//! text record:     parent US US text [US flags]   (tag field empty; flags only when not 0)
//! ```
//! Trailing empty fields of an element record may be left out (`"3" US "p"` is a `p` under record 3
//! with flags 0 and no attributes); both encoders do, since most elements carry none of them.
//! Records are in document (pre-)order; `parent` is the index of an earlier record (`-1` for the root,
//! which is the first record). `flags` is a decimal bit set of [`flags`]. `hints` is the space-joined
//! values of [`HINT_ATTRIBUTES`]. Text is whitespace-collapsed and capped at [`MAX_TEXT_CHARS`];
//! control characters U+0000–U+001F never appear in fields. Whitespace-only text nodes are omitted.
//! Subtrees that are not rendered (script, style, template, `hidden`, `display:none`, …) are emitted as
//! one element record with [`flags::HIDDEN`] and no children.

use std::fmt;

/// Attribute names whose values are copied (space-joined) into [`Node::hints`].
pub const HINT_ATTRIBUTES: [&str; 5] = ["itemprop", "aria-label", "data-testid", "data-component", "data-module"];

/// Longest text kept per text node; longer text is cut (budget: one node must not cost unbounded time).
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Most records a snapshot may hold; larger pages are refused (the caller abstains).
pub const MAX_NODES: usize = 400_000;

/// Record header that names the wire format version.
pub const MAGIC: &str = "pith1";

/// Record separator of the wire format.
pub const RS: char = '\u{1e}';
/// Field separator of the wire format.
pub const US: char = '\u{1f}';

/// Bits of [`Node::flags`].
pub mod flags {
    /// Not rendered (display:none, `hidden`, script/style/template …); children are not in the snapshot.
    pub const HIDDEN: u32 = 1;
    /// An `<a>` with an `href`: its text counts as link text.
    pub const LINK: u32 = 2;
    /// Never hide: focused or typed-in form field, contenteditable, playing media, open dialog, fullscreen.
    pub const PROTECTED: u32 = 4;
    /// `position: fixed` or `sticky` (browser only; the CLI never sets it).
    pub const FIXED: u32 = 8;
    /// On a text node: no whitespace separates it from the text before it in document order, as in
    /// `<b>$15</b>.` or `<span>W</span>ord`, so a reader sees the two run together.
    pub const GLUED: u32 = 16;
}

/// True for what [`collapse_whitespace`] treats as a space.
pub fn is_collapsible(ch: char) -> bool {
    ch.is_whitespace() || (ch as u32) < 0x20
}

/// One node of the snapshot: an element (non-empty `tag`) or a text node (empty `tag`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Node {
    /// Index of the parent record, `None` for the root.
    pub parent: Option<u32>,
    /// Lower-case local name of an element; empty for a text node.
    pub tag: String,
    /// Bit set of [`flags`].
    pub flags: u32,
    /// The `id` attribute.
    pub id: String,
    /// The `class` attribute.
    pub class: String,
    /// The `role` attribute.
    pub role: String,
    /// Space-joined values of [`HINT_ATTRIBUTES`].
    pub hints: String,
    /// Whitespace-collapsed text of a text node (empty for elements).
    pub text: String,
}

impl Node {
    /// True for text nodes.
    pub fn is_text(&self) -> bool {
        self.tag.is_empty()
    }
    /// True when the given [`flags`] bit is set.
    pub fn has(&self, flag: u32) -> bool {
        self.flags & flag != 0
    }
}

/// A whole page: nodes in document order, parents before children.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    /// The arena; index 0 is the root.
    pub nodes: Vec<Node>,
}

/// Why a wire string could not be read as a snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// The string does not start with [`MAGIC`].
    BadHeader,
    /// Record `index` is malformed; `what` says how.
    BadRecord {
        /// Zero-based record index.
        index: usize,
        /// What is wrong with it.
        what: &'static str,
    },
    /// More than [`MAX_NODES`] records.
    TooLarge(usize),
}

impl fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SnapshotError::BadHeader => write!(f, "snapshot does not start with '{MAGIC}'"),
            SnapshotError::BadRecord { index, what } => write!(f, "snapshot record {index}: {what}"),
            SnapshotError::TooLarge(n) => write!(f, "snapshot has {n} nodes, more than {MAX_NODES}"),
        }
    }
}

impl std::error::Error for SnapshotError {}

/// Collapses runs of whitespace (and control characters) to one space and trims; cuts at `max_chars`.
pub fn collapse_whitespace(raw: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(raw.len().min(max_chars * 4));
    let mut pending_space = false;
    let mut count = 0usize;
    for ch in raw.chars() {
        if is_collapsible(ch) {
            pending_space = !out.is_empty();
            continue;
        }
        if count >= max_chars {
            break;
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(ch);
        count += 1;
    }
    out
}

fn clean_field(raw: &str) -> String {
    raw.chars().map(|c| if (c as u32) < 0x20 { ' ' } else { c }).collect()
}

impl Snapshot {
    /// Adds a node and returns its index. Fields are sanitised so the wire format stays valid.
    pub fn push(&mut self, mut node: Node) -> u32 {
        // An HTML tag name ends only at whitespace, `/` or `>`: `<a\u{1e}href=x>` is an element whose
        // name holds the wire's record separator (found by fuzz/html_classify).
        if node.tag.bytes().any(|b| b < 0x20) {
            node.tag = clean_field(&node.tag);
        }
        node.id = clean_field(&node.id);
        node.class = clean_field(&node.class);
        node.role = clean_field(&node.role);
        node.hints = clean_field(&node.hints);
        self.nodes.push(node);
        (self.nodes.len() - 1) as u32
    }

    /// Reads the wire format. Never panics: any malformed input is an error.
    pub fn decode(wire: &str) -> Result<Snapshot, SnapshotError> {
        let mut records = wire.split(RS);
        if records.next() != Some(MAGIC) {
            return Err(SnapshotError::BadHeader);
        }
        let mut nodes: Vec<Node> = Vec::new();
        for (index, record) in records.enumerate() {
            if index >= MAX_NODES {
                return Err(SnapshotError::TooLarge(index + 1));
            }
            let mut fields = record.split(US);
            let parent_field = fields.next().unwrap_or("");
            let parent: i64 =
                parent_field.parse().map_err(|_| SnapshotError::BadRecord { index, what: "parent is not a number" })?;
            let parent = if index == 0 {
                if parent != -1 {
                    return Err(SnapshotError::BadRecord { index, what: "root must have parent -1" });
                }
                None
            } else {
                if parent < 0 || parent as usize >= index {
                    return Err(SnapshotError::BadRecord { index, what: "parent must be an earlier record" });
                }
                if nodes[parent as usize].is_text() {
                    return Err(SnapshotError::BadRecord { index, what: "parent is a text node" });
                }
                Some(parent as u32)
            };
            let tag = fields.next().ok_or(SnapshotError::BadRecord { index, what: "missing tag" })?;
            let mut node = Node { parent, ..Node::default() };
            if tag.is_empty() {
                if index == 0 {
                    return Err(SnapshotError::BadRecord { index, what: "root must be an element" });
                }
                let text = fields.next().unwrap_or("");
                node.text = collapse_whitespace(text, MAX_TEXT_CHARS);
                // Only GLUED means anything on text; other bits are dropped so a text node is never, say, hidden.
                node.flags = match fields.next() {
                    None => 0,
                    Some(f) => {
                        f.parse::<u32>()
                            .map_err(|_| SnapshotError::BadRecord { index, what: "flags is not a number" })?
                            & flags::GLUED
                    }
                };
            } else {
                node.tag = tag.to_ascii_lowercase();
                node.flags = fields
                    .next()
                    .unwrap_or("0")
                    .parse()
                    .map_err(|_| SnapshotError::BadRecord { index, what: "flags is not a number" })?;
                node.id = fields.next().unwrap_or("").to_string();
                node.class = fields.next().unwrap_or("").to_string();
                node.role = fields.next().unwrap_or("").to_string();
                node.hints = fields.next().unwrap_or("").to_string();
            }
            nodes.push(node);
        }
        Ok(Snapshot { nodes })
    }

    /// Writes the wire format (the inverse of [`Snapshot::decode`]).
    pub fn encode(&self) -> String {
        let mut out = String::from(MAGIC);
        for node in &self.nodes {
            out.push(RS);
            match node.parent {
                Some(p) => out.push_str(&p.to_string()),
                None => out.push_str("-1"),
            }
            out.push(US);
            if node.is_text() {
                out.push(US);
                out.push_str(&node.text);
                if node.flags != 0 {
                    out.push(US);
                    out.push_str(&node.flags.to_string());
                }
            } else {
                out.push_str(&node.tag);
                // Trailing empty fields are left out, as snapshot.js does (flags 0 counts as empty).
                let attributes = [&node.id, &node.class, &node.role, &node.hints];
                let used = attributes.iter().rposition(|f| !f.is_empty()).map_or(0, |last| last + 1);
                if node.flags != 0 || used > 0 {
                    out.push(US);
                    out.push_str(&node.flags.to_string());
                }
                for field in &attributes[..used] {
                    out.push(US);
                    out.push_str(field);
                }
            }
        }
        out
    }

    /// A short, findable path per node: `body>div:2>p:1`, each step the tag and its 1-based index
    /// among the parent's element children (text nodes get their parent's path).
    pub fn paths(&self) -> Vec<String> {
        let mut element_count = vec![0u32; self.nodes.len()];
        let mut paths: Vec<String> = Vec::with_capacity(self.nodes.len());
        for node in &self.nodes {
            let path = match node.parent {
                None => node.tag.clone(),
                Some(p) if node.is_text() => paths[p as usize].clone(),
                Some(p) => {
                    element_count[p as usize] += 1;
                    format!("{}>{}:{}", paths[p as usize], node.tag, element_count[p as usize])
                }
            };
            paths.push(path);
        }
        paths
    }

    /// Index one past the last descendant of `index` (its subtree is `index..end`).
    pub fn subtree_end(&self, index: usize) -> usize {
        let mut end = index + 1;
        while end < self.nodes.len() && self.is_ancestor(index, end) {
            end += 1;
        }
        end
    }

    fn is_ancestor(&self, ancestor: usize, mut node: usize) -> bool {
        while let Some(p) = self.nodes[node].parent {
            let p = p as usize;
            if p == ancestor {
                return true;
            }
            if p < ancestor {
                return false;
            }
            node = p;
        }
        false
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the snapshot has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(parent: Option<u32>, tag: &str) -> Node {
        Node { parent, tag: tag.into(), ..Node::default() }
    }

    #[test]
    fn round_trips_through_the_wire_format() {
        let mut snap = Snapshot::default();
        let body = snap.push(element(None, "body"));
        let p = snap.push(Node { class: "lead\u{1f}x".into(), ..element(Some(body), "p") });
        snap.push(Node { parent: Some(p), text: "Hello world".into(), ..Node::default() });
        let decoded = Snapshot::decode(&snap.encode()).unwrap();
        assert_eq!(decoded, snap);
        assert_eq!(decoded.nodes[1].class, "lead x");
    }

    #[test]
    fn trailing_empty_fields_are_left_out_and_read_as_empty() {
        let mut snap = Snapshot::default();
        let body = snap.push(element(None, "body"));
        snap.push(element(Some(body), "p"));
        snap.push(Node { flags: flags::LINK, ..element(Some(body), "a") });
        snap.push(Node { class: "lead".into(), ..element(Some(body), "div") });
        snap.push(Node { flags: flags::HIDDEN, hints: "Menu".into(), ..element(Some(body), "nav") });
        let wire = snap.encode();
        let records: Vec<&str> = wire.split(RS).skip(1).collect();
        let us = US.to_string();
        assert_eq!(
            records,
            ["-1_body", "0_p", "0_a_2", "0_div_0__lead", "0_nav_1____Menu"].map(|r| r.replace('_', &us))
        );
        assert_eq!(Snapshot::decode(&wire).unwrap(), snap);
        // The long form (every field written, as older builds sent it) decodes the same.
        let long =
            "pith1\u{1e}-1\u{1f}body\u{1f}0\u{1f}\u{1f}\u{1f}\u{1f}\u{1e}0\u{1f}p\u{1f}0\u{1f}\u{1f}\u{1f}\u{1f}";
        assert_eq!(Snapshot::decode(long).unwrap().nodes[..2], snap.nodes[..2]);
    }

    #[test]
    fn a_text_record_carries_only_the_glued_flag() {
        let wire =
            "pith1\u{1e}-1\u{1f}body\u{1e}0\u{1f}\u{1f}a\u{1e}0\u{1f}\u{1f}b\u{1f}16\u{1e}0\u{1f}\u{1f}c\u{1f}17";
        let snap = Snapshot::decode(wire).unwrap();
        let text_flags: Vec<u32> = snap.nodes[1..].iter().map(|n| n.flags).collect();
        assert_eq!(text_flags, [0, flags::GLUED, flags::GLUED], "HIDDEN on a text record is dropped");
        assert_eq!(Snapshot::decode(&snap.encode()).unwrap(), snap);
        assert!(Snapshot::decode("pith1\u{1e}-1\u{1f}body\u{1e}0\u{1f}\u{1f}a\u{1f}x").is_err());
    }

    #[test]
    fn rejects_malformed_input_without_panicking() {
        assert_eq!(Snapshot::decode(""), Err(SnapshotError::BadHeader));
        assert!(matches!(Snapshot::decode("pith1\u{1e}0\u{1f}body"), Err(SnapshotError::BadRecord { .. })));
        assert!(matches!(
            Snapshot::decode("pith1\u{1e}-1\u{1f}body\u{1e}5\u{1f}p"),
            Err(SnapshotError::BadRecord { index: 1, .. })
        ));
        assert!(matches!(
            Snapshot::decode("pith1\u{1e}-1\u{1f}body\u{1e}0\u{1f}\u{1f}hi\u{1e}1\u{1f}p"),
            Err(SnapshotError::BadRecord { index: 2, what: "parent is a text node" })
        ));
        assert!(Snapshot::decode("pith1\u{1e}-1\u{1f}body\u{1f}zz").is_err());
    }

    #[test]
    fn control_characters_in_a_tag_name_cannot_break_the_wire() {
        let mut snap = Snapshot::default();
        let body = snap.push(element(None, "body"));
        snap.push(element(Some(body), "a\u{1e}href=\"#x\"\u{1f}"));
        let decoded = Snapshot::decode(&snap.encode()).unwrap();
        assert_eq!(decoded, snap);
        assert_eq!(decoded.nodes[1].tag, "a href=\"#x\" ");
    }

    #[test]
    fn collapses_whitespace_and_caps_length() {
        assert_eq!(collapse_whitespace("  a \n\t b  ", 100), "a b");
        assert_eq!(collapse_whitespace("abcdef", 3), "abc");
    }
}
