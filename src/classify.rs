//! The classifier: a content score per block (the trained model, see [`crate::model`]), a sub-label
//! for what is not content (from cues), a few guarantees (never hide the headline, protected nodes,
//! or an unsure page), then marks: the largest subtrees whose blocks all share a label.

use crate::blocks::Segmentation;
use crate::features::{extract, PageFeatures};
use crate::model::{Model, SHIPPED};
use crate::snapshot::{flags, Snapshot};
use crate::verdict::{Label, Mark, Verdict};
use crate::vocabulary::{cue_bit, is_byline_attribute, Cue, CUE_COUNT};

/// Human-readable reasons; a mark's `reason` indexes this table.
pub const REASONS: &[&str] = &[
    "model: reads as main content",
    "model: reads as boilerplate",
    "headline or byline",
    "protected (focused, playing, open or edited)",
    "legal wording (cookie, copyright, privacy, terms)",
    "promo cue (ad, subscribe, related, share)",
    "navigation cue (menu, breadcrumb, header, footer)",
    "link-heavy block outside the content",
    "reader comments",
    "table, code, quote, figure or list inside the article",
    "links that read like headlines (related stories, teasers)",
];

const R_CONTENT: u32 = 0;
const R_BOILERPLATE: u32 = 1;
const R_HEADLINE: u32 = 2;
const R_PROTECTED: u32 = 3;
const R_LEGAL: u32 = 4;
const R_PROMO: u32 = 5;
const R_NAV: u32 = 6;
const R_LINKS: u32 = 7;
/// Reason code of reader comments: the extension lets a reader keep these apart from other promo.
pub const R_COMMENTS: u32 = 8;
const R_FABRIC: u32 = 9;
const R_TEASERS: u32 = 10;

/// Words of link text from which a link-heavy block reads as headlines (a related-stories rail)
/// rather than as menu entries ("Home", "World news").
const HEADLINE_WORDS: u32 = 4;

/// Most characters of a piece of page that counts as one card (a teaser, a footer link group).
const CARD_CHARS: u32 = 300;

/// How many levels up from a link its card's block is looked for.
const CARD_HOST_REACH: usize = 4;

/// The content label's bit in the per-subtree label sets of [`build_marks`].
const CONTENT_BIT: u8 = 1 << Label::Content as u8;

/// Words with a letter in them: a headline has them, a date line ("11/20/2019 01:16 AM") does not.
fn lettered_words(text: &str) -> u32 {
    text.split_whitespace().filter(|w| w.chars().any(char::is_alphabetic)).count() as u32
}

/// Most words of a link that names a legal page ("Your Privacy Choices", "Terms & Conditions").
const LEGAL_LINK_MAX_WORDS: u32 = 4;

/// Least content text (non-space characters) a page needs before Pith hides anything.
pub const MIN_CONTENT_CHARS: u32 = 140;

/// A block's decision before marks are built.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BlockVerdict {
    /// The label.
    pub label: Label,
    /// Confidence in the label, 0..=1.
    pub score: f32,
    /// Index into [`REASONS`].
    pub reason: u32,
}

/// Elements that are part of an article's fabric when they sit inside its content: never hidden there.
const ARTICLE_FABRIC: &[&str] =
    &["table", "pre", "blockquote", "figure", "figcaption", "ul", "ol", "dl", "picture", "video"];

/// How far up (levels) an attribute cue still speaks for a block when choosing its sub-label.
const CUE_REACH: u8 = 8;

/// Characters of own text below which a block counts as a short line (a notice, a byline, a button).
const SHORT_BLOCK_CHARS: u32 = 400;

/// What a non-content block is: the nearest attribute cue decides; short legal wording beats site
/// chrome (a copyright line in a footer is legal); text and link density decide the rest.
fn sublabel(distances: &[u8; CUE_COUNT], text: u8, short: bool, block: &crate::blocks::Block) -> (Label, u32) {
    let own = &block.own;
    let link_density = own.link_density();
    // A two-word footer link to the privacy or terms page is legal even without the full phrase.
    let legal_link = own.words <= LEGAL_LINK_MAX_WORDS
        && link_density > 0.5
        && crate::vocabulary::is_legal_link_text(&block.text.to_lowercase());
    let has_text = |cue: Cue| text & (1 << cue_bit(cue)) != 0 || (cue == Cue::Legal && legal_link);
    let distance = |cue: Cue| distances[cue_bit(cue) as usize];
    let nearest = [
        (Cue::Legal, Label::Legal, R_LEGAL),
        (Cue::Promo, Label::Promo, R_PROMO),
        (Cue::Comment, Label::Promo, R_COMMENTS),
        (Cue::Nav, Label::Nav, R_NAV),
    ]
    .into_iter()
    .filter(|(cue, _, _)| distance(*cue) <= CUE_REACH)
    .min_by_key(|(cue, _, _)| distance(*cue));
    if short && has_text(Cue::Legal) && nearest.is_none_or(|(cue, _, _)| cue != Cue::Promo) {
        return (Label::Legal, R_LEGAL);
    }
    if let Some((_, label, reason)) = nearest {
        return (label, reason);
    }
    if short && has_text(Cue::Promo) {
        (Label::Promo, R_PROMO)
    } else if has_text(Cue::Comment) {
        (Label::Promo, R_COMMENTS)
    } else if link_density > 0.3 && lettered_words(&block.text) >= HEADLINE_WORDS {
        (Label::Promo, R_TEASERS)
    } else if link_density > 0.3 {
        (Label::Nav, R_LINKS)
    } else {
        (Label::Promo, R_BOILERPLATE)
    }
}

/// A short block whose markup and words say the same thing ("newsletter" box saying "subscribe",
/// "cookie" banner saying "cookies") is that thing, whatever the model thinks of its surroundings.
fn self_declared(distances: &[u8; CUE_COUNT], text: u8) -> Option<(Label, u32)> {
    let says = |cue: Cue| text & (1 << cue_bit(cue)) != 0 && distances[cue_bit(cue) as usize] <= 2;
    if says(Cue::Legal) {
        Some((Label::Legal, R_LEGAL))
    } else if says(Cue::Promo) {
        Some((Label::Promo, R_PROMO))
    } else {
        None
    }
}

/// Blocks that hold a protected node (a focused or typed field, playing media, an open dialog…) or
/// enclose one: hiding any of them would hide what the user is using.
fn protected_blocks(snap: &Snapshot, seg: &Segmentation) -> Vec<bool> {
    let mut protected = vec![false; seg.blocks.len()];
    for (i, node) in snap.nodes.iter().enumerate() {
        if !node.has(flags::PROTECTED) {
            continue;
        }
        let mut up = Some(i as u32);
        while let Some(x) = up {
            let owner = seg.owner[x as usize];
            if owner != crate::blocks::NO_BLOCK {
                protected[owner as usize] = true;
            }
            up = snap.nodes[x as usize].parent;
        }
    }
    protected
}

/// Most characters a box may hold for its own words to speak for all of it (a paywall or newsletter
/// box, not a whole column).
const DECLARED_BOX_CHARS: u32 = 800;

/// Boxes that declare themselves: an element whose markup carries a promo or legal cue and which holds
/// a short block saying the same in words (a `paywall` box with "Subscribe now", a `cookie` notice with
/// "we use cookies"). Every block inside such a box gets that label, so the box goes as one.
/// Returns, per snapshot node, the label of the declared box it lies in.
fn declared_boxes(snap: &Snapshot, seg: &Segmentation, features: &PageFeatures) -> Vec<Option<(Label, u32)>> {
    let mut declared: Vec<Option<(Label, u32)>> = vec![None; snap.len()];
    for (b, block) in seg.blocks.iter().enumerate() {
        if block.own.chars >= SHORT_BLOCK_CHARS {
            continue;
        }
        let Some((label, reason)) = self_declared(&features.cue_distances[b], features.text_cues[b]) else { continue };
        let cue = if label == Label::Legal { Cue::Legal } else { Cue::Promo };
        // The element that carries the cue: `distance` levels up from the block.
        let mut node = block.node;
        for _ in 0..features.cue_distances[b][cue_bit(cue) as usize] {
            match snap.nodes[node as usize].parent {
                Some(p) => node = p,
                None => break,
            }
        }
        let node = node as usize;
        if node != block.node as usize && seg.subtree[node].chars <= DECLARED_BOX_CHARS {
            declared[node] = Some((label, reason));
        }
    }
    for i in 1..snap.len() {
        if declared[i].is_none() {
            if let Some(p) = snap.nodes[i].parent {
                declared[i] = declared[p as usize];
            }
        }
    }
    declared
}

/// Whether a fabric element is a list or a table. Inside an article these carry its text, but a
/// product page's spec sheet, a shop's card grid or a list after the story is one of them too: they
/// are fabric only where the article's text (the headline, or a block the model keeps) has not ended
/// before they start.
fn is_list_or_table(tag: &str) -> bool {
    matches!(tag, "table" | "ul" | "ol" | "dl")
}

/// Blocks that are part of the article's fabric (tables, code, quotes, figures, lists inside the
/// content container, with no boilerplate cue between them and the container). `article_end` is the
/// node of the article's last text block (the headline, or content by the model).
fn article_fabric(snap: &Snapshot, seg: &Segmentation, features: &PageFeatures, article_end: Option<u32>) -> Vec<bool> {
    let Some(container) = features.container else { return vec![false; seg.blocks.len()] };
    let container_depth = seg.depth[container as usize];
    // Per node: whether it lies in a fabric element inside the container, and if so whether that
    // element (the outermost) is the article's.
    let mut fabric: Vec<Option<bool>> = vec![None; snap.len()];
    for (i, node) in snap.nodes.iter().enumerate() {
        let tag = node.tag.as_str();
        fabric[i] = match node.parent.and_then(|p| fabric[p as usize]) {
            Some(held) => Some(held),
            None if features.in_container[i] && ARTICLE_FABRIC.contains(&tag) => {
                Some(!is_list_or_table(tag) || article_end >= Some(i as u32))
            }
            None => None,
        };
    }
    let boilerplate = [Cue::Promo, Cue::Nav, Cue::Legal, Cue::Comment];
    seg.blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let i = block.node as usize;
            if fabric[i] != Some(true) || !features.in_container[i] {
                return false;
            }
            let reach = seg.depth[i].saturating_sub(container_depth);
            let cued = boilerplate.iter().any(|&c| u32::from(features.cue_distances[b][cue_bit(c) as usize]) <= reach);
            let list_of_links = block.own.link_density() > 0.5;
            !cued && !list_of_links
        })
        .collect()
}

/// Bylines and dates: short blocks just after the headline that say who wrote it and when (a
/// `<time>`, or byline vocabulary on the block or the two elements above it).
fn byline_blocks(snap: &Snapshot, seg: &Segmentation, headline: Option<usize>) -> Vec<bool> {
    let mut byline = vec![false; seg.blocks.len()];
    let Some(h) = headline else { return byline };
    let range = (h + 1)..(h + 5).min(seg.blocks.len());
    let has_time = |b: usize| {
        let start = seg.blocks[b].node as usize;
        (start..snap.subtree_end(start)).any(|i| snap.nodes[i].tag == "time" && seg.owner[i] == b as u32)
    };
    for b in range {
        if seg.blocks[b].own.chars >= 200 {
            continue;
        }
        let mut node = Some(seg.blocks[b].node);
        let mut named = false;
        for _ in 0..3 {
            let Some(i) = node else { break };
            let n = &snap.nodes[i as usize];
            named |= is_byline_attribute(&n.class) || is_byline_attribute(&n.id) || is_byline_attribute(&n.hints);
            node = n.parent;
        }
        byline[b] = named || has_time(b);
    }
    byline
}

/// Classifies every block (no marks yet).
pub fn classify_blocks(
    snap: &Snapshot,
    seg: &Segmentation,
    features: &PageFeatures,
    model: &Model,
) -> Vec<BlockVerdict> {
    let probabilities = model.probabilities(snap, seg, features);
    let first_h1 = seg.blocks.iter().position(|b| snap.nodes[b.node as usize].tag == "h1");
    let first_container_block = seg.blocks.iter().position(|b| features.in_container[b.node as usize]);
    // The headline: the last h1 before the content starts, else the first h1.
    let headline = match first_container_block {
        Some(start) => seg.blocks[..=start.min(seg.blocks.len() - 1)]
            .iter()
            .rposition(|b| snap.nodes[b.node as usize].tag == "h1")
            .or(first_h1),
        None => first_h1,
    };
    // Where the article's text ends: its last block the model keeps, else the headline.
    let article_end = (0..seg.blocks.len())
        .rev()
        .find(|&b| probabilities[b] >= model.threshold && features.in_container[seg.blocks[b].node as usize])
        .max(headline)
        .map(|b| seg.blocks[b].node);
    let fabric = article_fabric(snap, seg, features, article_end);
    let byline = byline_blocks(snap, seg, headline);
    let protected = protected_blocks(snap, seg);
    let declared = declared_boxes(snap, seg, features);
    seg.blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            if protected[b] {
                return BlockVerdict { label: Label::Content, score: 1.0, reason: R_PROTECTED };
            }
            if Some(b) == headline || byline[b] {
                return BlockVerdict { label: Label::Content, score: 1.0, reason: R_HEADLINE };
            }
            let p_content = probabilities[b];
            let short = block.own.chars < SHORT_BLOCK_CHARS;
            let own_declaration =
                if short { self_declared(&features.cue_distances[b], features.text_cues[b]) } else { None };
            if let Some((label, reason)) = own_declaration.or(declared[block.node as usize]) {
                return BlockVerdict { label, score: 0.9, reason };
            }
            let unsure_teaser = p_content < TEASER_MAX_SCORE && in_teaser_rail(seg, features, b);
            if p_content >= model.threshold && !unsure_teaser {
                return BlockVerdict { label: Label::Content, score: p_content, reason: R_CONTENT };
            }
            if fabric[b] {
                return BlockVerdict { label: Label::Content, score: 0.8, reason: R_FABRIC };
            }
            let (label, reason) = match sublabel(&features.label_cue_distances[b], features.text_cues[b], short, block)
            {
                // A rail of teasers is a related-stories rail whatever its link density says.
                (_, R_BOILERPLATE | R_LINKS) if unsure_teaser => (Label::Promo, R_TEASERS),
                other => other,
            };
            BlockVerdict { label, score: 1.0 - p_content, reason }
        })
        .collect()
}

/// Content scores below which a teaser in a rail is hidden even though the model kept it: a teaser
/// (a linked headline and its lede) reads like a short paragraph, so the model is unsure of it, not
/// convinced.
const TEASER_MAX_SCORE: f32 = 0.65;

/// Fewest siblings with text that make a rail.
const RAIL_MIN_SIBLINGS: u32 = 3;
/// Least share of those siblings that open with a link.
const RAIL_LINKED_SHARE: f32 = 0.75;

/// Least share of the page's text the content container must hold for a rail outside it to be a
/// sidebar. On listing and collection pages the cards are the content and the container found is a
/// small stray box (a header blurb, a footer form); there, rails are never judged teasers. (0.15
/// scored best of 0.1 to 0.4 on the tune half.)
const ARTICLE_MIN_PAGE_SHARE: f32 = 0.15;

/// Whether a block is one of a rail of teaser cards beside an article: it opens with a link, as do
/// most of its siblings, it lies outside the content container, and that container is a real
/// article (a fair share of the page's text).
fn in_teaser_rail(seg: &Segmentation, features: &PageFeatures, b: usize) -> bool {
    let teaser = features.teasers[b];
    let node = seg.blocks[b].node as usize;
    let Some(container) = features.container else { return false };
    let page_chars = seg.subtree.first().map_or(0, |root| root.chars) as f32;
    teaser.lead_linked
        && lettered_words(&seg.blocks[b].text) >= HEADLINE_WORDS
        && teaser.siblings >= RAIL_MIN_SIBLINGS
        && teaser.siblings_lead_linked as f32 >= RAIL_LINKED_SHARE * teaser.siblings as f32
        && !features.in_container[node]
        && seg.subtree[container as usize].chars as f32 >= ARTICLE_MIN_PAGE_SHARE * page_chars
}

/// Labels a page: block verdicts folded into marks, and whether anything should be hidden.
pub fn classify(snap: &Snapshot) -> Verdict {
    classify_with(snap, &SHIPPED)
}

/// [`classify`] with another model (training and experiments).
pub fn classify_with(snap: &Snapshot, model: &Model) -> Verdict {
    if snap.is_empty() {
        return Verdict::default();
    }
    let seg = Segmentation::new(snap);
    let features = extract(snap, &seg);
    let verdicts = classify_blocks(snap, &seg, &features, model);
    let content_chars: u32 =
        seg.blocks.iter().zip(&verdicts).filter(|(_, v)| v.label == Label::Content).map(|(b, _)| b.own.chars).sum();
    let apply = content_chars >= MIN_CONTENT_CHARS;
    Verdict { apply, marks: build_marks(snap, &seg, &verdicts) }
}

/// A link that wraps a whole teaser card: a headline the model read as content and, inside the
/// same link, a byline or date block that is not content ("By REUTERS · 11/20/2019"). A link
/// around a byline is a card, not a sentence of the article, so the card goes as one, under the
/// label of its largest non-content block, as it would had the model read the headline right.
/// Returns that label's bit for such a link.
fn link_card_label(
    snap: &Snapshot,
    seg: &Segmentation,
    verdicts: &[BlockVerdict],
    present: &[u8],
    largest: &[(u32, u8)],
    i: usize,
) -> Option<u8> {
    let rest = present[i] & !CONTENT_BIT;
    if !snap.nodes[i].has(flags::LINK) || present[i] & CONTENT_BIT == 0 || rest == 0 {
        return None;
    }
    if seg.subtree[i].chars > CARD_CHARS {
        return None;
    }
    // The block the link sits in: the nearest ancestor that is a block's own element.
    let host = std::iter::successors(snap.nodes[i].parent, |&p| snap.nodes[p as usize].parent)
        .take(CARD_HOST_REACH)
        .find_map(|p| seg.block_at(p as usize))?;
    // Only a headline the model itself kept (not the page's headline, a protected field, fabric),
    // and only when the link is all of its text.
    if verdicts[host].reason != R_CONTENT || seg.blocks[host].own.link_density() < 0.9 {
        return None;
    }
    let fold = if rest.is_power_of_two() { rest } else { largest[i].1 };
    (fold != 0 && fold & CONTENT_BIT == 0).then_some(fold)
}

/// Folds block verdicts into marks: the largest subtrees whose blocks all share one label.
pub fn build_marks(snap: &Snapshot, seg: &Segmentation, verdicts: &[BlockVerdict]) -> Vec<Mark> {
    let n = snap.len();
    // A textless non-content block (a logo, an icon, an empty spacer) inside a non-content block
    // takes that block's label: it has nothing to say for itself, and a second label there would
    // split the outer block into marks that leave its loose text (a bare copyright line beside a
    // logo) with no element to hide. Content is never relabelled, either way.
    let mut labels: Vec<Label> = verdicts.iter().map(|v| v.label).collect();
    for (b, block) in seg.blocks.iter().enumerate() {
        if block.own.chars > 0 || labels[b] == Label::Content {
            continue;
        }
        let outer = snap.nodes[block.node as usize].parent.map_or(crate::blocks::NO_BLOCK, |p| seg.owner[p as usize]);
        if outer != crate::blocks::NO_BLOCK && (outer as usize) < b && labels[outer as usize] != Label::Content {
            labels[b] = labels[outer as usize];
        }
    }
    // Bit set of labels present among the blocks of each subtree, children folded into parents.
    // Every node a block owns carries the block's label: its element, and also the text and inline
    // elements that hold its own text. For a non-content block, so that when the block itself
    // cannot go (it wraps content too: a page wrapper owning a "Skip to content" link), its inline
    // pieces still can. For content, so that an inline element holding content text is never marked
    // for a block nested in it (a forum quote's `<cite>` holding the author's name and a date block).
    let mut present = vec![0u8; n];
    for (i, &owner) in seg.owner.iter().enumerate() {
        if owner != crate::blocks::NO_BLOCK {
            present[i] |= 1 << labels[owner as usize] as u8;
        }
    }
    for i in (1..n).rev() {
        if let Some(p) = snap.nodes[i].parent {
            present[p as usize] |= present[i];
        }
    }
    // Per subtree, in one pass from the leaves up: the strongest verdict (the mark's score and
    // reason) and the label of the largest block (for folding cards, below).
    let mut best: Vec<Option<BlockVerdict>> = vec![None; n];
    let mut largest: Vec<(u32, u8)> = vec![(0, 0); n];
    for ((block, verdict), label) in seg.blocks.iter().zip(verdicts).zip(&labels) {
        best[block.node as usize] = Some(*verdict);
        largest[block.node as usize] = (block.own.chars, 1 << *label as u8);
    }
    for i in (1..n).rev() {
        let Some(p) = snap.nodes[i].parent else { continue };
        let p = p as usize;
        if let Some(v) = best[i] {
            if best[p].is_none_or(|s| v.score > s.score) {
                best[p] = Some(v);
            }
        }
        if largest[i].0 > largest[p].0 {
            largest[p] = largest[i];
        }
    }
    // A small, mostly linked piece whose blocks are promo and nav (a teaser card: its headline reads
    // as promo, its "By Reuters" line as nav) goes as one, under the label of its largest block:
    // split into per-label marks, the text between them (loose text of the card itself) would have
    // no element to hide, and a card is one thing to the reader. Prose (a forum reply around a
    // quote) is never folded in this way.
    let promo_and_nav = (1u8 << Label::Promo as u8) | (1u8 << Label::Nav as u8);
    // Elements holding text of their own directly (not in a child element that a mark could take).
    let mut loose_text = vec![false; n];
    for node in &snap.nodes {
        if let (true, Some(p)) = (node.is_text(), node.parent) {
            loose_text[p as usize] = true;
        }
    }
    let mut forced = vec![0u8; n];
    for (i, node) in snap.nodes.iter().enumerate() {
        if let Some(p) = node.parent.filter(|&p| forced[p as usize] != 0) {
            forced[i] = forced[p as usize];
            if present[i] != 0 {
                present[i] = forced[i];
            }
            continue;
        }
        // Legal lines keep their own label (a card never holds the privacy link it sits beside).
        let mixed = present[i] == promo_and_nav;
        let card = seg.subtree[i].chars <= CARD_CHARS && seg.subtree[i].link_density() > 0.5;
        if !node.is_text() && mixed && card && largest[i].1 != 0 {
            forced[i] = largest[i].1;
            present[i] = forced[i];
            continue;
        }
        if let Some(fold) = link_card_label(snap, seg, verdicts, &present, &largest, i) {
            forced[i] = fold;
            present[i] = fold;
            continue;
        }
        // A non-content block with loose text (a footer column: "© 2019 Site" beside two link
        // widgets read as promo) whose subtree holds only non-content of several kinds goes as
        // one, under its own label: split into per-label marks, its loose text would stay behind.
        if let Some(block) = seg.block_at(i).filter(|_| loose_text[i]) {
            if present[i] & CONTENT_BIT == 0 && !present[i].is_power_of_two() {
                forced[i] = 1 << labels[block] as u8;
                present[i] = forced[i];
            }
        }
    }
    let mut marks = Vec::new();
    for (i, node) in snap.nodes.iter().enumerate() {
        if node.is_text() || present[i] == 0 || !present[i].is_power_of_two() {
            continue;
        }
        let parent_single = node.parent.is_some_and(|p| present[p as usize].is_power_of_two());
        if parent_single {
            continue;
        }
        let label = Label::from_code(present[i].trailing_zeros()).unwrap_or(Label::Content);
        let v = best[i].unwrap_or(BlockVerdict { label, score: 0.5, reason: R_CONTENT });
        marks.push(Mark { node: i as u32, label, score: v.score, reason: v.reason });
    }
    marks
}

/// Decodes a wire snapshot, classifies it and returns the numeric result (see [`Verdict::to_wire`]).
pub fn classify_wire(wire: &str) -> Result<Vec<u32>, crate::snapshot::SnapshotError> {
    let snap = Snapshot::decode(wire)?;
    Ok(classify(&snap).to_wire())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An article of `paragraphs` long paragraphs, then an aside whose list items each open with
    /// a linked headline followed by a lede.
    fn page_with_rail(paragraphs: usize) -> String {
        let prose = "The council met on Tuesday and agreed, after a long debate about costs, to repair the old \
                     bridge before winter; residents said they were relieved. ";
        let mut html = String::from("<body><article class=\"story-body\"><h1>Bridge to be repaired</h1>");
        for _ in 0..paragraphs {
            html.push_str(&format!("<p>{prose}{prose}</p>"));
        }
        html.push_str("</article><aside><ul>");
        for i in 0..4 {
            html.push_str(&format!(
                "<li><a href=\"/story/{i}\">Another story about the town number {i}</a> A short lede that \
                 sums the other story up in a sentence.</li>"
            ));
        }
        html.push_str("</ul></aside></body>");
        html
    }

    fn rail_verdicts(html: &str) -> Vec<(String, bool)> {
        let snap = crate::native::snapshot_from_html(html);
        let seg = Segmentation::new(&snap);
        let features = extract(&snap, &seg);
        (0..seg.blocks.len()).map(|b| (seg.blocks[b].text.clone(), in_teaser_rail(&seg, &features, b))).collect()
    }

    #[test]
    fn teasers_beside_an_article_form_a_rail_and_its_paragraphs_do_not() {
        let verdicts = rail_verdicts(&page_with_rail(6));
        let rail: Vec<&(String, bool)> =
            verdicts.iter().filter(|(text, _)| text.starts_with("Another story")).collect();
        assert_eq!(rail.len(), 4);
        assert!(rail.iter().all(|(_, in_rail)| *in_rail), "{verdicts:?}");
        assert!(verdicts.iter().filter(|(text, _)| text.starts_with("The council")).all(|(_, in_rail)| !in_rail));
    }

    #[test]
    fn cards_are_no_rail_when_the_article_is_a_small_share_of_the_page() {
        // A short blurb above many cards: a listing page, where the cards are the content. The
        // blurb's class still wins it the container search.
        let mut html = page_with_rail(1);
        let cards: String = (0..60)
            .map(|i| format!("<li><a href=\"/s/{i}\">Yet another story in the list, number {i}</a> Lede.</li>"))
            .collect();
        html = html.replace("</ul>", &format!("{cards}</ul>"));
        let verdicts = rail_verdicts(&html);
        assert!(verdicts.iter().all(|(_, in_rail)| !in_rail), "{verdicts:?}");
    }

    #[test]
    fn lists_and_tables_are_fabric_only_where_the_article_is() {
        let prose = "The council met on Tuesday and agreed, after a long debate about costs, to repair the old \
                     bridge before winter; residents said they were relieved.";
        let html = format!(
            "<body><article class=\"story-body\"><h1>Bridge to be repaired</h1><p>{prose}</p>\
             <ul><li>Steel: 40 tonnes</li><li>Concrete: 200 tonnes</li></ul><p>{prose}</p>\
             <ol><li>First the deck</li><li>Then the piers</li></ol>\
             <figure><figcaption>The old bridge in March</figcaption></figure>\
             <table><tr><td>Size: large</td></tr></table></article></body>"
        );
        let snap = crate::native::snapshot_from_html(&html);
        let seg = Segmentation::new(&snap);
        let features = extract(&snap, &seg);
        assert!(features.container.is_some());
        let texts: Vec<&str> = seg.blocks.iter().map(|b| b.text.as_str()).collect();
        let at = |start: &str| texts.iter().position(|t| t.starts_with(start)).unwrap();
        let fabric_with = |kept: &[usize]| {
            let end = kept.iter().max().map(|&b| seg.blocks[b].node);
            article_fabric(&snap, &seg, &features, end)
        };
        let (headline, first, second) =
            (at("Bridge"), at("The council"), texts.iter().rposition(|t| t.starts_with("The council")).unwrap());
        let fabric = fabric_with(&[headline, first, second]);
        // Between the article's paragraphs: its own list.
        assert!(fabric[at("Steel")] && fabric[at("Concrete")], "{texts:?} {fabric:?}");
        // After the article's last text: a list or table is not the article's, a caption still is.
        assert!(!fabric[at("First the deck")] && !fabric[at("Size: large")], "{texts:?} {fabric:?}");
        assert!(fabric[at("The old bridge")], "{texts:?} {fabric:?}");
        // One item of a list read as article text makes the whole list the article's.
        let fabric = fabric_with(&[headline, first, second, at("First the deck")]);
        assert!(fabric[at("First the deck")] && fabric[at("Then the piers")], "{texts:?} {fabric:?}");
    }
}
