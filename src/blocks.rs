//! Segmentation: the blocks of a snapshot and the per-element statistics the features read.
//!
//! A block is a block-level element that owns text or media directly: a text node (or an inline
//! media element) belongs to its nearest block-level ancestor. Blocks may nest (a `<div>` with its own
//! text and a `<p>` child are two blocks). Every walk here is a single pass over the arena in document
//! order or its reverse: parents always precede children, so no recursion is needed.

use crate::snapshot::{flags, Snapshot};

/// Tags that flow inline: their text belongs to the nearest block-level ancestor.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "button", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "img", "input", "ins", "kbd", "label", "mark", "meter", "nobr", "output", "picture", "progress", "q", "s", "samp",
    "select", "small", "span", "strike", "strong", "sub", "sup", "svg", "textarea", "time", "tt", "u", "var", "wbr",
];

/// Elements that show something without text.
const MEDIA_TAGS: &[&str] = &["img", "picture", "video", "audio", "iframe", "svg", "canvas", "embed", "object"];

/// True for elements that start a new block (everything not in the inline list, custom elements too).
pub fn is_block_level(tag: &str) -> bool {
    !INLINE_TAGS.contains(&tag)
}

/// True for elements that display media.
pub fn is_media(tag: &str) -> bool {
    MEDIA_TAGS.contains(&tag)
}

/// Sentinel for "no block".
pub const NO_BLOCK: u32 = u32::MAX;

/// Counts of a subtree (or of one block's own text).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TextStats {
    /// Non-whitespace characters of visible text.
    pub chars: u32,
    /// Of those, characters inside links.
    pub link_chars: u32,
    /// Words: runs of letters/digits, counting each CJK character as one word.
    pub words: u32,
    /// Sentence and clause punctuation (`.,;!?` and CJK `。，、；！？`).
    pub punctuation: u32,
    /// Media elements.
    pub media: u32,
}

impl TextStats {
    /// Adds another set of counts.
    pub fn add(&mut self, other: &TextStats) {
        self.chars += other.chars;
        self.link_chars += other.link_chars;
        self.words += other.words;
        self.punctuation += other.punctuation;
        self.media += other.media;
    }

    /// Share of characters inside links (0 when there is no text).
    pub fn link_density(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// Counts of one text run.
pub fn measure_text(text: &str, in_link: bool) -> TextStats {
    let mut stats = TextStats::default();
    let mut in_word = false;
    for ch in text.chars() {
        if ch.is_whitespace() {
            in_word = false;
            continue;
        }
        stats.chars += 1;
        if matches!(ch, '.' | ',' | ';' | '!' | '?' | '。' | '，' | '、' | '；' | '！' | '？') {
            stats.punctuation += 1;
        }
        if is_cjk(ch) {
            stats.words += 1;
            in_word = false;
        } else if ch.is_alphanumeric() {
            if !in_word {
                stats.words += 1;
            }
            in_word = true;
        } else {
            in_word = false;
        }
    }
    if in_link {
        stats.link_chars = stats.chars;
    }
    stats
}

/// Chinese, Japanese and Korean characters, which carry a word's worth of meaning each.
pub fn is_cjk(ch: char) -> bool {
    matches!(ch as u32, 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// One block: a block-level element that owns text or media.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// Snapshot index of the element.
    pub node: u32,
    /// Counts of the text and media it owns directly (not of nested blocks).
    pub own: TextStats,
    /// Its own text, joined with spaces, capped at [`BLOCK_TEXT_SAMPLE`] characters.
    pub text: String,
}

/// How much of a block's own text is kept for vocabulary matching (a budget per block).
pub const BLOCK_TEXT_SAMPLE: usize = 400;

/// A segmented page.
#[derive(Debug, Clone, Default)]
pub struct Segmentation {
    /// Blocks in document order.
    pub blocks: Vec<Block>,
    /// For each snapshot node: the block that owns it (itself for a block element), or [`NO_BLOCK`].
    pub owner: Vec<u32>,
    /// For each snapshot node: counts of its whole subtree.
    pub subtree: Vec<TextStats>,
    /// For each snapshot node: depth below the root.
    pub depth: Vec<u32>,
    /// For each snapshot node: number of element children.
    pub element_children: Vec<u32>,
    /// For each snapshot node: true when it or an ancestor is a link.
    pub in_link: Vec<bool>,
}

impl Segmentation {
    /// Segments a snapshot.
    pub fn new(snap: &Snapshot) -> Segmentation {
        let n = snap.len();
        let mut seg = Segmentation {
            blocks: Vec::new(),
            owner: vec![NO_BLOCK; n],
            subtree: vec![TextStats::default(); n],
            depth: vec![0; n],
            element_children: vec![0; n],
            in_link: vec![false; n],
        };
        // Nearest block-level ancestor-or-self of each node, and whether a node is rendered at all.
        let mut nearest_block_element = vec![0u32; n];
        let mut rendered = vec![true; n];
        let mut block_index_of_element = vec![NO_BLOCK; n];
        for (i, node) in snap.nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                let p = p as usize;
                seg.depth[i] = seg.depth[p] + 1;
                rendered[i] = rendered[p] && !snap.nodes[p].has(flags::HIDDEN);
                seg.in_link[i] = seg.in_link[p];
                if !node.is_text() {
                    seg.element_children[p] += 1;
                }
            }
            if node.has(flags::HIDDEN) {
                rendered[i] = false;
            }
            if node.has(flags::LINK) {
                seg.in_link[i] = true;
            }
            nearest_block_element[i] = match node.parent {
                Some(p) if node.is_text() || !is_block_level(&node.tag) => nearest_block_element[p as usize],
                _ => i as u32,
            };
            if !rendered[i] {
                continue;
            }
            let owns = if node.is_text() {
                Some(measure_text(&node.text, seg.in_link[i]))
            } else if is_media(&node.tag) {
                Some(TextStats { media: 1, ..TextStats::default() })
            } else {
                None
            };
            let Some(stats) = owns else { continue };
            let element = nearest_block_element[i] as usize;
            if block_index_of_element[element] == NO_BLOCK {
                block_index_of_element[element] = seg.blocks.len() as u32;
                seg.blocks.push(Block { node: element as u32, ..Block::default() });
            }
            let b = block_index_of_element[element];
            let block = &mut seg.blocks[b as usize];
            block.own.add(&stats);
            if node.is_text() && block.text.len() < BLOCK_TEXT_SAMPLE {
                if !block.text.is_empty() {
                    block.text.push(' ');
                }
                block.text.extend(node.text.chars().take(BLOCK_TEXT_SAMPLE));
            }
            seg.owner[i] = b;
            seg.subtree[i].add(&stats);
        }
        // Blocks were created when first owning something; restore document order by element index.
        // (A pass over the elements, not a sort: no sort code in the wasm.)
        let order: Vec<u32> = block_index_of_element.iter().copied().filter(|&b| b != NO_BLOCK).collect();
        let mut remap = vec![0u32; seg.blocks.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let mut blocks = std::mem::take(&mut seg.blocks);
        let mut sorted: Vec<Block> = Vec::with_capacity(blocks.len());
        for &old in &order {
            sorted.push(std::mem::take(&mut blocks[old as usize]));
        }
        seg.blocks = sorted;
        for owner in seg.owner.iter_mut() {
            if *owner != NO_BLOCK {
                *owner = remap[*owner as usize];
            }
        }
        for (b, block) in seg.blocks.iter().enumerate() {
            seg.owner[block.node as usize] = b as u32;
        }
        // Subtree counts, children before parents.
        for i in (1..n).rev() {
            if let Some(p) = snap.nodes[i].parent {
                let child = seg.subtree[i];
                seg.subtree[p as usize].add(&child);
            }
        }
        seg
    }

    /// The block whose own element is snapshot node `node`, if that element is a block.
    pub fn block_at(&self, node: usize) -> Option<usize> {
        let owner = *self.owner.get(node)?;
        (owner != NO_BLOCK && self.blocks[owner as usize].node as usize == node).then_some(owner as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::native::snapshot_from_html;

    fn block_texts(html: &str) -> Vec<(String, String)> {
        let snap = snapshot_from_html(html);
        let seg = Segmentation::new(&snap);
        seg.blocks.iter().map(|b| (snap.nodes[b.node as usize].tag.clone(), b.text.clone())).collect()
    }

    #[test]
    fn inline_text_belongs_to_the_nearest_block() {
        let blocks = block_texts(
            "<body><div>Intro <b>bold</b><p>Para <a href=x>link</a> end</p><ul><li>one</li></ul></div></body>",
        );
        assert_eq!(
            blocks,
            [("div".into(), "Intro bold".into()), ("p".into(), "Para link end".into()), ("li".into(), "one".into())]
        );
    }

    #[test]
    fn counts_links_words_media_and_cjk() {
        let snap = snapshot_from_html(
            "<body><p>Hello, world. <a href=/>Go home</a><img src=x></p><p>日本語の文章。</p></body>",
        );
        let seg = Segmentation::new(&snap);
        let p = &seg.blocks[0].own;
        assert_eq!((p.chars, p.link_chars, p.words, p.punctuation, p.media), (18, 6, 4, 2, 1));
        let cjk = &seg.blocks[1].own;
        assert_eq!((cjk.chars, cjk.words, cjk.punctuation), (7, 6, 1));
        assert_eq!(seg.subtree[0].chars, 25);
        assert!((seg.subtree[0].link_density() - 6.0 / 25.0).abs() < 1e-6);
    }

    #[test]
    fn hidden_subtrees_own_nothing() {
        let blocks = block_texts("<body><p>shown</p><div hidden><p>gone</p></div><script>x()</script></body>");
        assert_eq!(blocks, [("p".into(), "shown".into())]);
    }

    #[test]
    fn media_without_text_is_a_block() {
        let blocks = block_texts("<body><figure><img src=a><figcaption>Cap</figcaption></figure></body>");
        assert_eq!(blocks, [("figure".into(), "".into()), ("figcaption".into(), "Cap".into())]);
    }
}
