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
        } else {
            let line_start = out.is_empty() || out.ends_with('\n');
            let runs_on = node.has(flags::GLUED) && joins_without_space(&out, &node.text);
            if !line_start && !runs_on {
                out.push(' ');
            }
        }
        out.push_str(&node.text);
        last_block = Some(block);
    }
    out
}

/// Whether text glued to what precedes it in the source is shown without a space: only across
/// punctuation (`<b>$15</b>.`, `(<a>link</a>)`), which moves no word boundary. Between letters the
/// corpus truth and the browser eval keep the convention of a space at every inline element
/// (tests/e2e/lib/text.mjs), and the native snapshot cannot tell an inline element from one the
/// page's CSS makes a block or flex item (`2026<span>1h 54m</span>`), which a browser shows apart.
fn joins_without_space(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else { return false };
    ".,;:!?)]}%»”’'\"".contains(first) || "([{«“‘$#@/".contains(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::snapshot_from_html;

    #[test]
    fn glued_text_runs_on_across_punctuation_only() {
        let snap = snapshot_from_html(
            "<body><p>Costs <b>$15</b>. Then (<a href=x>more</a>) text</p><p><span>I</span>n-house</p>\
             <div><span>2026</span><span>1h 54m</span></div></body>",
        );
        assert_eq!(visible_text(&snap, None, |_| false), "Costs $15. Then (more) text\nI n-house\n2026 1h 54m");
    }
}
