//! Segmentation of a snapshot into blocks.

/// Tags that flow inline: their text belongs to the nearest block-level ancestor.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "button", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
    "input", "ins", "kbd", "label", "mark", "meter", "nobr", "output", "picture", "progress", "q", "s", "samp", "select",
    "small", "span", "strike", "strong", "sub", "sup", "svg", "textarea", "time", "tt", "u", "var", "wbr",
];

/// True for elements that start a new block (everything not in the inline list, custom elements too).
pub fn is_block_level(tag: &str) -> bool {
    !INLINE_TAGS.contains(&tag)
}
