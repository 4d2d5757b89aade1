//! Features of each block: what it says, how it is built, where it sits. They need no layout, so the
//! CLI and the browser compute the same numbers.

use crate::blocks::{Segmentation, TextStats};
use crate::snapshot::{flags, Snapshot};
use crate::vocabulary::{cue_bit, landmarks, text_cues, Cue, CueCache, CUE_COUNT, TEXT_CUE_SAMPLE};

/// Names of the features, in vector order (the model and `pith train` use these).
pub const FEATURE_NAMES: [&str; FEATURE_COUNT] = [
    "own_chars_log",
    "own_words_log",
    "own_link_density",
    "own_punct_per_word",
    "own_media",
    "subtree_chars_log",
    "subtree_link_density",
    "parent_link_density",
    "grandparent_chars_log",
    "anc1_chars_log",
    "anc2_link_density",
    "anc3_chars_log",
    "anc3_link_density",
    "anc4_chars_log",
    "anc4_link_density",
    "parent_children_log",
    "grandparent_children_log",
    "same_tag_siblings_log",
    "subtree_share",
    "share_of_parent",
    "own_text_nodes_log",
    "own_digit_share",
    "own_upper_share",
    "avg_word_len",
    "tag_heading",
    "tag_h1",
    "tag_p",
    "tag_list_item",
    "tag_cell",
    "tag_pre_quote",
    "tag_figure",
    "tag_other",
    "attr_content",
    "attr_promo",
    "attr_nav",
    "attr_legal",
    "attr_comment",
    "attr_meta",
    "text_legal",
    "text_promo",
    "text_nav",
    "text_comment",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_main",
    "in_form",
    "in_dialog",
    "in_list",
    "in_table",
    "in_link",
    "fixed",
    "in_container",
    "container_distance",
    "container_chars_share",
    "position_chars",
    "position_blocks",
    "depth",
    "prev_chars_log",
    "next_chars_log",
    "prev_link_density",
    "next_link_density",
    "ends_sentence",
    "page_chars_log",
    "page_link_density",
    "list_depth",
    "prose_run_log",
    "anc2_links_log",
    "dup_text_log",
    "dup_later_copy",
    "heading_promo",
    "heading_nav",
    "heading_comment",
    "heading_gap_log",
    "before_headline",
    "article_zone",
];

/// Length of a feature vector.
pub const FEATURE_COUNT: usize = 77;

/// Per-node context inherited from ancestors, computed top-down in one pass.
#[derive(Clone, Copy, Default)]
struct Context {
    /// Distance (in levels) to the nearest ancestor-or-self carrying each attribute cue; `u8::MAX` = none.
    cue_distance: [u8; CUE_COUNT],
    /// The same, counting only ancestors that hold less than half of the page's text
    /// ([`PageFeatures::label_cue_distances`]).
    label_cue_distance: [u8; CUE_COUNT],
    /// Landmark bits: nav, header, footer, aside, main, form, dialog, list, table, fixed.
    landmarks: u16,
}

const LM_NAV: u16 = 1;
const LM_HEADER: u16 = 2;
const LM_FOOTER: u16 = 4;
const LM_ASIDE: u16 = 8;
const LM_MAIN: u16 = 16;
const LM_FORM: u16 = 32;
const LM_DIALOG: u16 = 64;
const LM_LIST: u16 = 128;
const LM_TABLE: u16 = 256;
const LM_FIXED: u16 = 512;

/// Landmark vocabularies and the bit each sets.
const LANDMARK_BITS: [(&[&str], u16); 7] = [
    (landmarks::NAV, LM_NAV),
    (landmarks::HEADER, LM_HEADER),
    (landmarks::FOOTER, LM_FOOTER),
    (landmarks::ASIDE, LM_ASIDE),
    (landmarks::MAIN, LM_MAIN),
    (landmarks::FORM, LM_FORM),
    (landmarks::DIALOG, LM_DIALOG),
];

fn landmark_bits(tag: &str, role: &str) -> u16 {
    let role = role.trim();
    let is = |list: &[&str]| list.contains(&tag) || (!role.is_empty() && list.contains(&role));
    let mut bits = LANDMARK_BITS.iter().filter(|(list, _)| is(list)).fold(0, |bits, (_, bit)| bits | bit);
    if matches!(tag, "ul" | "ol" | "dl" | "menu") {
        bits |= LM_LIST;
    }
    if tag == "table" {
        bits |= LM_TABLE;
    }
    bits
}

/// The element a landmark role stands for, when its own word would read as something else: a
/// `banner` class is an ad or an app banner, `role="banner"` is the site header.
fn landmark_role_as_tag(role: &str) -> Option<&'static str> {
    match role.trim() {
        "banner" => Some("header"),
        "contentinfo" => Some("footer"),
        "complementary" => Some("aside"),
        _ => None,
    }
}

/// Everything the classifier knows about a page besides the snapshot itself.
pub struct PageFeatures {
    /// One vector per block, in block order.
    pub vectors: Vec<[f32; FEATURE_COUNT]>,
    /// Per block and [`Cue`]: levels up to the nearest ancestor-or-self whose attributes carry the
    /// cue (`u8::MAX`: none). Used for sub-labels and guarantees.
    pub cue_distances: Vec<[u8; CUE_COUNT]>,
    /// [`Self::cue_distances`] counting only elements that hold less than half of the page's text:
    /// what a block is (promo, nav, legal) is said by the box around it, not by a class on `<body>`
    /// or a page-wide wrapper (`print-layout`, `nav-loaded`), which would name every block alike.
    /// Used to choose sub-labels only; the model and the guarantees read [`Self::cue_distances`].
    pub label_cue_distances: Vec<[u8; CUE_COUNT]>,
    /// Text cue bits of each block.
    pub text_cues: Vec<u8>,
    /// The main content container, if one was found.
    pub container: Option<u32>,
    /// Elements judged part of the main content (the container and its strong siblings).
    pub in_container: Vec<bool>,
    /// Per block: how it and its siblings open (see [`Teaser`]).
    pub teasers: Vec<Teaser>,
}

/// How a block and its siblings open: a rail of teaser cards is a run of siblings that each start
/// with a linked headline; article paragraphs do not.
#[derive(Debug, Clone, Copy, Default)]
pub struct Teaser {
    /// The block's first text sits inside a link.
    pub lead_linked: bool,
    /// Element children of the block's parent that hold text (the block among them).
    pub siblings: u32,
    /// Of those, how many start with a link.
    pub siblings_lead_linked: u32,
}

fn log_chars(n: u32) -> f32 {
    (1.0 + n as f32).ln()
}

/// Tags whose own text counts as paragraph evidence for the container search.
const PARAGRAPH_TAGS: &[&str] =
    &["p", "pre", "td", "blockquote", "div", "section", "article", "dd", "li", "font", "main"];

/// Scores every element as the page's main content container the way Readability does (paragraph
/// text and commas flow up to parents and grandparents; class cues and link density weigh in) and
/// returns the best one with its score.
pub fn find_container(snap: &Snapshot, seg: &Segmentation, cues: &[u8]) -> Option<(u32, f32)> {
    let n = snap.len();
    let mut score = vec![0f32; n];
    let mut initialised = vec![false; n];
    let promo_like = (1 << cue_bit(Cue::Promo))
        | (1 << cue_bit(Cue::Nav))
        | (1 << cue_bit(Cue::Legal))
        | (1 << cue_bit(Cue::Comment));
    let content_bit = 1 << cue_bit(Cue::Content);
    let init = |i: usize, score: &mut Vec<f32>, initialised: &mut Vec<bool>| {
        if initialised[i] {
            return;
        }
        initialised[i] = true;
        let tag = snap.nodes[i].tag.as_str();
        let mut s = match tag {
            "div" | "article" | "main" | "section" => 5.0,
            "pre" | "td" | "blockquote" => 3.0,
            "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
            _ => 0.0,
        };
        if cues[i] & content_bit != 0 {
            s += 25.0;
        }
        if cues[i] & promo_like != 0 {
            s -= 25.0;
        }
        score[i] = s;
    };
    for block in &seg.blocks {
        let node = &snap.nodes[block.node as usize];
        if !PARAGRAPH_TAGS.contains(&node.tag.as_str()) || block.own.chars < 25 || seg.in_link[block.node as usize] {
            continue;
        }
        let own_text_score = 1.0 + block.own.punctuation as f32 + (block.own.chars as f32 / 100.0).min(3.0);
        let mut ancestor = node.parent;
        let mut level = 0;
        while let Some(a) = ancestor {
            if level > 2 {
                break;
            }
            let a = a as usize;
            init(a, &mut score, &mut initialised);
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                _ => level as f32 * 3.0,
            };
            score[a] += own_text_score / divider;
            ancestor = snap.nodes[a].parent;
            level += 1;
        }
    }
    let mut best: Option<(u32, f32)> = None;
    for i in 0..n {
        if !initialised[i] {
            continue;
        }
        let final_score = score[i] * (1.0 - seg.subtree[i].link_density());
        if best.is_none_or(|(_, s)| final_score > s) {
            best = Some((i as u32, final_score));
        }
    }
    best
}

/// Computes the features of every block.
pub fn extract(snap: &Snapshot, seg: &Segmentation) -> PageFeatures {
    let n = snap.len();
    let mut own_cues = vec![0u8; n];
    let mut cue_cache = CueCache::default();
    let mut context = vec![Context::default(); n];
    let half_page = seg.subtree.first().map_or(0, |root| root.chars / 2);
    for (i, node) in snap.nodes.iter().enumerate() {
        if node.is_text() {
            if let Some(p) = node.parent {
                context[i] = context[p as usize];
            }
            continue;
        }
        // Landmark tags speak like class names do (`<footer>` ≈ `class="footer"`).
        let landmark_tag =
            if matches!(node.tag.as_str(), "nav" | "header" | "footer" | "aside") { &node.tag } else { "" };
        let id = if id_is_text_slug(snap, i) { "" } else { node.id.as_str() };
        let (model_cues, mut label_cues) = cue_cache.cues(&[&node.class, id, &node.role, &node.hints, landmark_tag]);
        own_cues[i] = model_cues;
        // What a block is, for its sub-label: a landmark role speaks as its element would.
        if let Some(tag) = landmark_role_as_tag(&node.role) {
            label_cues = cue_cache.cues(&[&node.class, id, tag, &node.hints, landmark_tag]).1;
        }
        let mut ctx = match node.parent {
            Some(p) => {
                let mut c = context[p as usize];
                for d in c.cue_distance.iter_mut().chain(c.label_cue_distance.iter_mut()) {
                    *d = d.saturating_add(1);
                }
                c
            }
            None => {
                Context { cue_distance: [u8::MAX; CUE_COUNT], label_cue_distance: [u8::MAX; CUE_COUNT], landmarks: 0 }
            }
        };
        let names_blocks = seg.subtree[i].chars < half_page;
        for bit in 0..CUE_COUNT {
            if own_cues[i] & (1 << bit) != 0 {
                ctx.cue_distance[bit] = 0;
            }
            if names_blocks && label_cues & (1 << bit) != 0 {
                ctx.label_cue_distance[bit] = 0;
            }
        }
        ctx.landmarks |= landmark_bits(&node.tag, &node.role);
        if node.has(flags::FIXED) {
            ctx.landmarks |= LM_FIXED;
        }
        context[i] = ctx;
    }

    let container = find_container(snap, seg, &own_cues).map(|(c, _)| c);
    let in_container = mark_container(snap, seg, container);
    let container_depth = container.map(|c| seg.depth[c as usize]).unwrap_or(0);
    let container_chars = container.map(|c| seg.subtree[c as usize].chars).unwrap_or(0);
    // Ancestors of the container, to measure each block's distance to it.
    let mut container_ancestor = vec![false; n];
    if let Some(c) = container {
        let mut a = Some(c);
        while let Some(x) = a {
            container_ancestor[x as usize] = true;
            a = snap.nodes[x as usize].parent;
        }
    }

    // Per parent: how many element children carry each tag (lists of like items are a strong cue).
    let mut same_tag_children: crate::hash::FxHashMap<(u32, &str), u32> = Default::default();
    for node in &snap.nodes {
        if let (Some(p), false) = (node.parent, node.is_text()) {
            *same_tag_children.entry((p, node.tag.as_str())).or_insert(0) += 1;
        }
    }
    let mut text_nodes = vec![0u32; seg.blocks.len()];
    for (i, node) in snap.nodes.iter().enumerate() {
        if node.is_text() && seg.owner[i] != crate::blocks::NO_BLOCK {
            text_nodes[seg.owner[i] as usize] += 1;
        }
    }
    // Nesting of lists (menus nest lists in lists; articles rarely do), and links per subtree.
    let mut list_depth = vec![0u32; n];
    let mut link_count = vec![0u32; n];
    for (i, node) in snap.nodes.iter().enumerate() {
        let inherited = node.parent.map_or(0, |p| list_depth[p as usize]);
        list_depth[i] = inherited + matches!(node.tag.as_str(), "ul" | "ol" | "menu") as u32;
        link_count[i] = node.has(flags::LINK) as u32;
    }
    for i in (1..n).rev() {
        if let Some(p) = snap.nodes[i].parent {
            link_count[p as usize] += link_count[i];
        }
    }
    // Runs of prose: consecutive blocks of real sentences (articles are runs of them; teasers are
    // islands). Each prose block gets the characters of its whole run.
    let is_prose = |b: &crate::blocks::Block| b.own.chars >= 40 && b.own.link_density() < 0.3;
    let mut prose_run = vec![0u32; seg.blocks.len()];
    let mut start = 0;
    while start < seg.blocks.len() {
        if !is_prose(&seg.blocks[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end < seg.blocks.len() && (is_prose(&seg.blocks[end]) || seg.blocks[end].own.chars < 40) {
            end += 1;
        }
        let total: u32 = seg.blocks[start..end].iter().filter(|b| is_prose(b)).map(|b| b.own.chars).sum();
        for (k, run) in prose_run.iter_mut().enumerate().take(end).skip(start) {
            if is_prose(&seg.blocks[k]) {
                *run = total;
            }
        }
        start = end;
    }
    let lead_linked = lead_linked(snap, seg);
    // Per element: children with text, and how many of those start with a link (a rail of teaser
    // cards is a run of siblings that each open with a linked headline; article paragraphs do not).
    let mut children_with_text = vec![0u32; n];
    let mut children_lead_linked = vec![0u32; n];
    for (i, node) in snap.nodes.iter().enumerate() {
        if let (Some(p), false, Some(linked)) = (node.parent, node.is_text(), lead_linked[i]) {
            children_with_text[p as usize] += 1;
            children_lead_linked[p as usize] += linked as u32;
        }
    }
    let blocks = &seg.blocks;
    // Each block's text lowered once, for its text cues (a leading sample) and duplicate counts.
    let lowered: Vec<String> = blocks.iter().map(|block| block.text.to_lowercase()).collect();
    let block_text_cues: Vec<u8> = lowered
        .iter()
        .map(|text| text_cues(&text[..text.char_indices().nth(TEXT_CUE_SAMPLE).map_or(text.len(), |(i, _)| i)]))
        .collect();
    let duplicates = duplicate_counts(seg, &lowered);
    let headings = section_headings(snap, seg);
    let headline = blocks.iter().position(|b| snap.nodes[b.node as usize].tag == "h1");
    let zone = article_zone(seg, &in_container);
    let page = seg.subtree.first().copied().unwrap_or_default();
    let page_chars = page.chars.max(1) as f32;
    let mut chars_before = 0u32;
    let mut vectors = Vec::with_capacity(blocks.len());
    let mut cue_summary = Vec::with_capacity(blocks.len());
    let label_cue_distances: Vec<[u8; CUE_COUNT]> =
        blocks.iter().map(|b| context[b.node as usize].label_cue_distance).collect();
    let mut text_summary = Vec::with_capacity(blocks.len());
    let mut teasers = Vec::with_capacity(blocks.len());
    for (b, block) in blocks.iter().enumerate() {
        let i = block.node as usize;
        let node = &snap.nodes[i];
        let tag = node.tag.as_str();
        let ctx = context[i];
        let own: TextStats = block.own;
        let tcues = block_text_cues[b];
        let (heading_cues, heading_gap) = match headings[b] {
            Some(h) => (block_text_cues[h as usize], b - h as usize),
            None => (0, 0),
        };
        let heading_cue = |c: Cue| (heading_cues & (1 << cue_bit(c)) != 0) as u8 as f32;
        let parent = node.parent.map(|p| p as usize);
        let grandparent = parent.and_then(|p| snap.nodes[p].parent).map(|g| g as usize);
        let (in_cont, distance) = match container {
            None => (false, 30.0),
            Some(_) if in_container[i] => (true, 0.0),
            Some(_) => {
                let mut up = 0u32;
                let mut a = Some(i as u32);
                while let Some(x) = a {
                    if container_ancestor[x as usize] {
                        break;
                    }
                    up += 1;
                    a = snap.nodes[x as usize].parent;
                }
                let lca_depth = a.map(|x| seg.depth[x as usize]).unwrap_or(0);
                (false, (up + container_depth.saturating_sub(lca_depth)) as f32)
            }
        };
        let ancestor = |k: usize| -> Option<usize> {
            let mut a = Some(i);
            for _ in 0..k {
                a = a.and_then(|x| snap.nodes[x].parent.map(|p| p as usize));
            }
            a
        };
        let anc_chars = |k: usize| ancestor(k).map(|a| log_chars(seg.subtree[a].chars)).unwrap_or(0.0);
        let anc_links = |k: usize| ancestor(k).map(|a| seg.subtree[a].link_density()).unwrap_or(0.0);
        let anc_children = |k: usize| ancestor(k).map(|a| log_chars(seg.element_children[a])).unwrap_or(0.0);
        let same_tag = parent.map(|p| same_tag_children.get(&(p as u32, tag)).copied().unwrap_or(0)).unwrap_or(0);
        let (digits, upper, letters) = block.text.chars().fold((0u32, 0u32, 0u32), |(d, u, l), c| {
            (d + c.is_numeric() as u32, u + c.is_uppercase() as u32, l + c.is_alphabetic() as u32)
        });
        let sample_chars = block.text.chars().filter(|c| !c.is_whitespace()).count().max(1) as f32;
        let neighbour = |j: Option<usize>| j.and_then(|j| blocks.get(j)).map(|nb| nb.own).unwrap_or_default();
        let prev = neighbour(b.checked_sub(1));
        let next = neighbour(Some(b + 1));
        let cue = |c: Cue| {
            let d = ctx.cue_distance[cue_bit(c) as usize];
            if d == u8::MAX {
                0.0
            } else {
                1.0 / (1.0 + d as f32)
            }
        };
        let lm = |bit: u16| (ctx.landmarks & bit != 0) as u8 as f32;
        let ends_sentence = block.text.trim_end().ends_with(['.', '!', '?', '。', '！', '？', '"', '”']);
        let heading = matches!(tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        let v: [f32; FEATURE_COUNT] = [
            log_chars(own.chars),
            log_chars(own.words),
            own.link_density(),
            own.punctuation as f32 / own.words.max(1) as f32,
            own.media.min(3) as f32,
            log_chars(seg.subtree[i].chars),
            seg.subtree[i].link_density(),
            parent.map(|p| seg.subtree[p].link_density()).unwrap_or(0.0),
            grandparent.map(|g| log_chars(seg.subtree[g].chars)).unwrap_or(0.0),
            anc_chars(1),
            anc_links(2),
            anc_chars(3),
            anc_links(3),
            anc_chars(4),
            anc_links(4),
            anc_children(1),
            anc_children(2),
            log_chars(same_tag),
            seg.subtree[i].chars as f32 / page_chars,
            parent.map(|p| seg.subtree[i].chars as f32 / seg.subtree[p].chars.max(1) as f32).unwrap_or(1.0),
            log_chars(text_nodes[b]),
            digits as f32 / sample_chars,
            upper as f32 / letters.max(1) as f32,
            own.chars as f32 / own.words.max(1) as f32,
            heading as u8 as f32,
            (tag == "h1") as u8 as f32,
            (tag == "p") as u8 as f32,
            matches!(tag, "li" | "dt" | "dd") as u8 as f32,
            matches!(tag, "td" | "th") as u8 as f32,
            matches!(tag, "pre" | "blockquote") as u8 as f32,
            matches!(tag, "figure" | "figcaption") as u8 as f32,
            !(heading
                || matches!(
                    tag,
                    "p" | "li" | "dt" | "dd" | "td" | "th" | "pre" | "blockquote" | "figure" | "figcaption"
                )) as u8 as f32,
            cue(Cue::Content),
            cue(Cue::Promo),
            cue(Cue::Nav),
            cue(Cue::Legal),
            cue(Cue::Comment),
            cue(Cue::Meta),
            (tcues & (1 << cue_bit(Cue::Legal)) != 0) as u8 as f32,
            (tcues & (1 << cue_bit(Cue::Promo)) != 0) as u8 as f32,
            (tcues & (1 << cue_bit(Cue::Nav)) != 0) as u8 as f32,
            (tcues & (1 << cue_bit(Cue::Comment)) != 0) as u8 as f32,
            lm(LM_NAV),
            lm(LM_HEADER),
            lm(LM_FOOTER),
            lm(LM_ASIDE),
            lm(LM_MAIN),
            lm(LM_FORM),
            lm(LM_DIALOG),
            lm(LM_LIST),
            lm(LM_TABLE),
            seg.in_link[i] as u8 as f32,
            lm(LM_FIXED),
            in_cont as u8 as f32,
            distance.min(30.0),
            container_chars as f32 / page_chars,
            chars_before as f32 / page_chars,
            b as f32 / blocks.len().max(1) as f32,
            (seg.depth[i] as f32).min(60.0),
            log_chars(prev.chars),
            log_chars(next.chars),
            prev.link_density(),
            next.link_density(),
            ends_sentence as u8 as f32,
            log_chars(page.chars),
            page.link_density(),
            list_depth[i].min(5) as f32,
            log_chars(prose_run[b]),
            ancestor(2).map(|a| log_chars(link_count[a])).unwrap_or(0.0),
            log_chars(duplicates[b].0),
            duplicates[b].1 as u8 as f32,
            heading_cue(Cue::Promo),
            heading_cue(Cue::Nav),
            heading_cue(Cue::Comment),
            log_chars(heading_gap as u32),
            match headline {
                Some(h) => (b < h) as u8 as f32,
                None => 0.5,
            },
            zone(b),
        ];
        teasers.push(Teaser {
            lead_linked: lead_linked[i].unwrap_or(false),
            siblings: parent.map_or(0, |p| children_with_text[p]),
            siblings_lead_linked: parent.map_or(0, |p| children_lead_linked[p]),
        });
        chars_before += own.chars;
        vectors.push(v);
        cue_summary.push(ctx.cue_distance);
        text_summary.push(tcues);
    }
    PageFeatures {
        vectors,
        cue_distances: cue_summary,
        label_cue_distances,
        text_cues: text_summary,
        container,
        in_container,
        teasers,
    }
}

/// For every node: whether the first text in its subtree sits inside a link (`None`: no
/// text). Nodes are in document order, so walking backwards settles every child before its parent,
/// and the earliest child with text writes last.
fn lead_linked(snap: &Snapshot, seg: &Segmentation) -> Vec<Option<bool>> {
    let mut lead = vec![None; snap.len()];
    for i in (0..snap.len()).rev() {
        let node = &snap.nodes[i];
        if node.is_text() && !node.text.trim().is_empty() {
            lead[i] = Some(seg.in_link[i]);
        }
        if let (Some(p), Some(linked)) = (node.parent, lead[i]) {
            lead[p as usize] = Some(linked);
        }
    }
    lead
}

/// Fewest letters and digits of an id that can be a slug of a heading.
const SLUG_MIN_CHARS: usize = 6;

/// Whether an element's `id` is a slug of its own leading text (`<div id="sharing-with-a-team">`
/// around the heading "Sharing with a team ¶", as documentation and Markdown generators write
/// them): such an id names the section's topic, not its role, so its words are no cue.
fn id_is_text_slug(snap: &Snapshot, element: usize) -> bool {
    // Most elements have no id, or a short one: settled without folding anything.
    if snap.nodes[element].id.len() < SLUG_MIN_CHARS {
        return false;
    }
    // ASCII folding only: generated anchors are ASCII in practice, and full Unicode case tables
    // would cost the wasm kilobytes.
    let squash = |s: &str, limit: usize| {
        s.chars().filter(|c| c.is_alphanumeric()).take(limit).map(|c| c.to_ascii_lowercase()).collect::<String>()
    };
    let id = squash(&snap.nodes[element].id, usize::MAX);
    if id.chars().count() < SLUG_MIN_CHARS {
        return false;
    }
    // The element's leading text, read from the first text nodes below it (a bounded look: at most
    // 64 nodes, and no more characters than the id has). Nodes are in document order, so the
    // subtree ends at the first node whose parent lies before the element.
    let wanted = id.chars().count();
    let mut text = String::new();
    let mut node = element + 1;
    while node < snap.len() && node < element + 64 && text.chars().count() < wanted {
        if snap.nodes[node].parent.is_none_or(|p| (p as usize) < element) {
            break;
        }
        if snap.nodes[node].is_text() {
            text.push_str(&squash(&snap.nodes[node].text, wanted));
        }
        node += 1;
    }
    text.starts_with(&id)
}

/// For each block, how many other blocks carry the same text, and whether an earlier block already
/// did: menus repeat (desktop and mobile copies), teasers repeat their headline, carousels and
/// responsive layouts repeat whole sections; article paragraphs rarely repeat.
fn duplicate_counts(seg: &Segmentation, lowered: &[String]) -> Vec<(u32, bool)> {
    // Block texts are whitespace-collapsed already (the snapshot collapses every text node).
    let texts: Vec<&str> =
        seg.blocks.iter().zip(lowered).map(|(b, text)| if b.own.chars < 2 { "" } else { text.as_str() }).collect();
    // Keyed like the sibling-tag counts (same map type: one copy of the hash map code in the wasm).
    let mut total: crate::hash::FxHashMap<(u32, &str), u32> = Default::default();
    for &text in texts.iter().filter(|t| !t.is_empty()) {
        *total.entry((0, text)).or_insert(0) += 1;
    }
    let mut seen: crate::hash::FxHashMap<(u32, &str), u32> = Default::default();
    texts
        .iter()
        .map(|&text| {
            if text.is_empty() {
                return (0, false);
            }
            let earlier = seen.entry((0, text)).or_insert(0);
            *earlier += 1;
            (total[&(0, text)] - 1, *earlier > 1)
        })
        .collect()
}

/// For each block, the nearest heading before it that titles a section the block is in (the
/// heading's parent or grandparent is one of the block's three nearest ancestors): "Related
/// stories", "Comments" and "Categories" headings speak for the list below them.
fn section_headings(snap: &Snapshot, seg: &Segmentation) -> Vec<Option<u32>> {
    let mut last_heading = vec![u32::MAX; snap.len()];
    let ancestors = |node: u32, levels: usize| {
        std::iter::successors(snap.nodes[node as usize].parent, |&a| snap.nodes[a as usize].parent).take(levels)
    };
    seg.blocks
        .iter()
        .enumerate()
        .map(|(b, block)| {
            let found = ancestors(block.node, 3).map(|a| last_heading[a as usize]).find(|&h| h != u32::MAX);
            if matches!(snap.nodes[block.node as usize].tag.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                for a in ancestors(block.node, 2) {
                    last_heading[a as usize] = b as u32;
                }
            }
            found
        })
        .collect()
}

/// Where a block sits against the article's prose: −1 before the first prose block of the
/// container, 0 between the first and the last, 1 after the last (0 everywhere without one).
fn article_zone(seg: &Segmentation, in_container: &[bool]) -> impl Fn(usize) -> f32 {
    let prose = |b: &crate::blocks::Block| {
        in_container[b.node as usize] && b.own.chars >= 80 && b.own.link_density() < 0.3 && b.own.punctuation > 0
    };
    let first = seg.blocks.iter().position(prose);
    let last = seg.blocks.iter().rposition(prose);
    move |b| match (first, last) {
        (Some(f), _) if b < f => -1.0,
        (_, Some(l)) if b > l => 1.0,
        _ => 0.0,
    }
}

/// Marks the container's subtree, plus siblings that read like more of the same content.
fn mark_container(snap: &Snapshot, seg: &Segmentation, container: Option<u32>) -> Vec<bool> {
    let n = snap.len();
    let mut inside = vec![false; n];
    let Some(c) = container else { return inside };
    let c = c as usize;
    let parent = snap.nodes[c].parent;
    let container_chars = seg.subtree[c].chars as f32;
    let mut roots = vec![false; n];
    roots[c] = true;
    if let Some(p) = parent {
        for (i, node) in snap.nodes.iter().enumerate().skip(c + 1) {
            if node.parent != Some(p) || i == c || node.is_text() {
                continue;
            }
            let s = seg.subtree[i];
            let prose = s.chars as f32 > 80.0 && s.link_density() < 0.25 && s.punctuation > 0;
            let large = s.chars as f32 > container_chars * 0.2 && s.link_density() < 0.2;
            if prose || large {
                roots[i] = true;
            }
        }
        // Siblings before the container too.
        for (i, node) in snap.nodes.iter().enumerate().take(c).skip(p as usize + 1) {
            if node.parent != Some(p) || node.is_text() {
                continue;
            }
            let s = seg.subtree[i];
            if s.chars as f32 > 80.0 && s.link_density() < 0.25 && s.punctuation > 0 {
                roots[i] = true;
            }
        }
    }
    for (i, node) in snap.nodes.iter().enumerate() {
        inside[i] = roots[i] || node.parent.is_some_and(|p| inside[p as usize]);
    }
    inside
}
