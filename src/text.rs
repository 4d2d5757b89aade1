//! The text a reader sees: a snapshot's text with block boundaries as line breaks, optionally with
//! some labels hidden. Used by the CLI, the evaluation and the tests.

use crate::blocks::is_block_level;
use crate::snapshot::{flags, Snapshot};
use crate::verdict::{Label, Verdict};

/// Visible text of the page when every node whose label satisfies `hide` is hidden.
/// Hidden (not rendered) subtrees never contribute. Blocks are separated by newlines.
pub fn visible_text(snap: &Snapshot, verdict: Option<&Verdict>, hide: impl Fn(Label) -> bool) -> String {
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    let labels = verdict.map(|v| v.node_labels(&parents)).unwrap_or_else(|| vec![None; snap.len()]);
    let mut hidden = vec![false; snap.len()];
    let mut out = String::new();
    let mut last_block: Option<u32> = None;
    let mut nearest_block = vec![0u32; snap.len()];
    for (i, node) in snap.nodes.iter().enumerate() {
        let parent_hidden = node.parent.is_some_and(|p| hidden[p as usize]);
        hidden[i] = parent_hidden || node.has(flags::HIDDEN) || labels[i].is_some_and(&hide);
        nearest_block[i] = match node.parent {
            Some(p) if node.is_text() || !is_block_level(&node.tag) => nearest_block[p as usize],
            _ => i as u32,
        };
        if node.tag == "br" && !hidden[i] {
            out.push('\n');
        }
        if !node.is_text() || hidden[i] {
            continue;
        }
        let block = nearest_block[i];
        if last_block.is_some_and(|b| b != block) {
            out.push('\n');
        } else if !out.is_empty() && !out.ends_with('\n') {
            out.push(' ');
        }
        out.push_str(&node.text);
        last_block = Some(block);
    }
    out
}
