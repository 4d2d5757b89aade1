//! The content model: probability that a block is main content.
//!
//! Two gradient-boosted forests trained offline by `pith train` and compiled in as data
//! ([`crate::forest`]). The first reads a block's own features; the second reads those plus the first
//! stage's verdicts on the block's neighbours and enclosing sections ([`Context`]), so a lone short
//! paragraph inside a run of article text stays, and a prose-like teaser inside a link rail goes
//! (stacked smoothing, instead of hand-written neighbour rules). Trees are complete binary trees of
//! fixed depth: evaluation is a few compares per tree, no pointers. The hand-set [`prior_score`] is a
//! feature of both and the fallback when no forest is compiled in.

use crate::blocks::Segmentation;
use crate::features::{PageFeatures, FEATURE_COUNT, FEATURE_NAMES};
use crate::forest;
use crate::snapshot::Snapshot;

/// Inputs of the first stage: block features and the prior score.
pub const STAGE1_INPUTS: usize = FEATURE_COUNT + 1;
/// Context features added for the second stage.
pub const CONTEXT_COUNT: usize = 9;
/// Inputs of the second stage.
pub const STAGE2_INPUTS: usize = STAGE1_INPUTS + CONTEXT_COUNT;
/// Names of the context features.
pub const CONTEXT_NAMES: [&str; CONTEXT_COUNT] =
    ["p_self", "p_window1", "p_window3", "p_window8", "p_parent", "p_grandparent", "p_anc3", "p_anc5", "p_page"];

/// Index of a feature by name, resolved at compile time (a misspelt name fails the build).
const fn feature_index(name: &str) -> usize {
    let mut i = 0;
    while i < FEATURE_COUNT {
        let (a, b) = (FEATURE_NAMES[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut k = 0;
            while k < a.len() && a[k] == b[k] {
                k += 1;
            }
            if k == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("no such feature")
}

/// The hand-set logistic score (log-odds) from structure and cues, in the spirit of Readability.
pub fn prior_score(v: &[f32; FEATURE_COUNT]) -> f32 {
    macro_rules! f {
        ($name:literal) => {
            v[const { feature_index($name) }]
        };
    }
    let mut s = -1.0;
    s += 2.5 * f!("in_container");
    let prose = f!("own_chars_log") > (80f32).ln() && f!("own_link_density") < 0.3 && f!("own_punct_per_word") > 0.0;
    s += if prose { 1.5 } else { 0.0 };
    s -= 2.5 * (f!("own_link_density") - 0.3).max(0.0);
    s -= 2.0 * (f!("attr_promo") + f!("attr_nav") + f!("attr_legal") + f!("attr_comment")).min(1.0);
    s += 0.8 * f!("attr_content");
    s -= 1.5
        * (f!("text_legal") + f!("text_promo")).min(1.0)
        * if f!("own_chars_log") < (300f32).ln() { 1.0 } else { 0.2 };
    s -= 1.5 * (f!("in_nav") + f!("in_header") + f!("in_footer") + f!("in_aside")).min(1.0);
    s -= 1.0 * f!("in_form");
    s -= 0.15 * f!("container_distance").min(10.0);
    s
}

/// A forest of complete binary trees of one depth. Tree `t` owns inner nodes
/// `t*(2^depth-1) ..` of `features`/`thresholds` (breadth-first) and leaves `t*2^depth ..`.
#[derive(Clone, Copy)]
pub struct Forest<'a> {
    /// Depth of every tree.
    pub depth: u32,
    /// Log-odds before any tree.
    pub base: f32,
    /// Feature index of each inner node.
    pub features: &'a [u8],
    /// Threshold of each inner node as bfloat16 bits (the top half of an `f32`; go right when value >
    /// threshold). Training picks thresholds among bfloat16 values, so this is exact, at half the size.
    pub thresholds: &'a [u16],
    /// Leaf values in units of [`LEAF_SCALE`] (training rounds each leaf the same way as it fits).
    pub leaves: &'a [i16],
}

impl Forest<'_> {
    /// Number of trees.
    pub fn trees(&self) -> usize {
        let inner = (1usize << self.depth) - 1;
        if inner == 0 {
            return 0;
        }
        (self.features.len() / inner).min(self.thresholds.len() / inner).min(self.leaves.len() >> self.depth)
    }

    /// Log-odds of the input: base plus the leaf each tree routes the input to.
    pub fn score(&self, input: &[f32]) -> f32 {
        let inner = (1usize << self.depth) - 1;
        let leaf_count = 1usize << self.depth;
        let mut total = self.base;
        if inner == 0 {
            return total;
        }
        let trees = self.trees();
        // Which way one tree goes at one node.
        let step = |tree: usize, node: usize| {
            let at = tree * inner + node;
            let value = input.get(usize::from(self.features[at])).copied().unwrap_or(0.0);
            2 * node + 1 + (value > threshold_value(self.thresholds[at])) as usize
        };
        let leaf = |tree: usize, node: usize| f32::from(self.leaves[tree * leaf_count + node - inner]) * LEAF_SCALE;
        // Four trees walked level by level together: each walk is a chain of dependent loads, and
        // four independent chains keep the processor busy where one leaves it waiting. The leaves
        // are still added one tree at a time, in order, so the sum has the same bits.
        let mut tree = 0;
        while tree + 4 <= trees {
            let mut nodes = [0usize; 4];
            for _ in 0..self.depth {
                nodes = [
                    step(tree, nodes[0]),
                    step(tree + 1, nodes[1]),
                    step(tree + 2, nodes[2]),
                    step(tree + 3, nodes[3]),
                ];
            }
            for (k, &node) in nodes.iter().enumerate() {
                total += leaf(tree + k, node);
            }
            tree += 4;
        }
        for tree in tree..trees {
            let mut node = 0;
            for _ in 0..self.depth {
                node = step(tree, node);
            }
            total += leaf(tree, node);
        }
        total
    }
}

/// Value of one leaf unit.
pub const LEAF_SCALE: f32 = 1.0 / 4096.0;

/// The `f32` a bfloat16 threshold stands for.
pub fn threshold_value(bits: u16) -> f32 {
    f32::from_bits(u32::from(bits) << 16)
}

/// The nearest bfloat16 of a value (ties to even), as bits.
pub fn to_bfloat16(value: f32) -> u16 {
    let bits = value.to_bits();
    let rounding = 0x7fff + ((bits >> 16) & 1);
    (bits.wrapping_add(rounding) >> 16) as u16
}

/// Both stages and the decision threshold.
#[derive(Clone, Copy)]
pub struct Model<'a> {
    /// Stage one: own features.
    pub first: Forest<'a>,
    /// Stage two: own features plus context from stage one (may be empty).
    pub second: Forest<'a>,
    /// Probability at or above which a block is content.
    pub threshold: f32,
}

/// The compiled-in model.
pub const SHIPPED: Model<'static> = Model {
    first: Forest {
        depth: forest::DEPTH,
        base: forest::FIRST_BASE,
        features: forest::FIRST_FEATURES,
        thresholds: forest::FIRST_THRESHOLDS,
        leaves: forest::FIRST_LEAVES,
    },
    second: Forest {
        depth: forest::DEPTH,
        base: forest::SECOND_BASE,
        features: forest::SECOND_FEATURES,
        thresholds: forest::SECOND_THRESHOLDS,
        leaves: forest::SECOND_LEAVES,
    },
    threshold: forest::THRESHOLD,
};

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

/// Stage-one input of a block.
pub fn stage1_input(v: &[f32; FEATURE_COUNT]) -> [f32; STAGE1_INPUTS] {
    let mut input = [0f32; STAGE1_INPUTS];
    input[..FEATURE_COUNT].copy_from_slice(v);
    input[FEATURE_COUNT] = prior_score(v);
    input
}

/// Where each block sits, for pooling stage-one verdicts over neighbours and enclosing sections.
pub struct Context {
    /// Weight of each block in pools (its characters, plus one so media blocks count).
    weights: Vec<f32>,
    /// For each block, its section at ancestor levels 1, 2, 3 and 5 (or the root), as a dense index
    /// per level so pools are plain arrays.
    sections: Vec<[u32; 4]>,
    /// Number of distinct sections per level.
    section_counts: [usize; 4],
}

const ANCESTOR_LEVELS: [usize; 4] = [1, 2, 3, 5];

impl Context {
    /// Reads block positions from the segmentation.
    pub fn new(snap: &Snapshot, seg: &Segmentation) -> Context {
        let weights = seg.blocks.iter().map(|b| b.own.chars as f32 + 1.0).collect();
        let ancestors = seg
            .blocks
            .iter()
            .map(|b| {
                let mut out = [0u32; 4];
                let mut node = b.node;
                let mut level = 0;
                for (slot, &want) in ANCESTOR_LEVELS.iter().enumerate() {
                    while level < want {
                        match snap.nodes[node as usize].parent {
                            Some(p) => node = p,
                            None => break,
                        }
                        level += 1;
                    }
                    out[slot] = node;
                }
                out
            })
            .collect::<Vec<[u32; 4]>>();
        // Dense numbering of the ancestor nodes of each level, in order of first appearance.
        let mut dense = vec![u32::MAX; snap.len()];
        let mut sections = vec![[0u32; 4]; ancestors.len()];
        let mut section_counts = [0usize; 4];
        for slot in 0..ANCESTOR_LEVELS.len() {
            let mut seen: Vec<u32> = Vec::new();
            for (b, a) in ancestors.iter().enumerate() {
                let node = a[slot] as usize;
                if dense[node] == u32::MAX {
                    dense[node] = seen.len() as u32;
                    seen.push(node as u32);
                }
                sections[b][slot] = dense[node];
            }
            section_counts[slot] = seen.len();
            for node in seen {
                dense[node as usize] = u32::MAX;
            }
        }
        Context { weights, sections, section_counts }
    }

    /// Context features of every block from stage-one probabilities.
    pub fn features(&self, p1: &[f32]) -> Vec<[f32; CONTEXT_COUNT]> {
        let n = p1.len();
        let mut prefix_w = vec![0f32; n + 1];
        let mut prefix_wp = vec![0f32; n + 1];
        for i in 0..n {
            prefix_w[i + 1] = prefix_w[i] + self.weights[i];
            prefix_wp[i + 1] = prefix_wp[i] + self.weights[i] * p1[i];
        }
        let window = |i: usize, k: usize| {
            let (lo, hi) = (i.saturating_sub(k), (i + k + 1).min(n));
            let w = prefix_w[hi] - prefix_w[lo] - self.weights[i];
            let wp = prefix_wp[hi] - prefix_wp[lo] - self.weights[i] * p1[i];
            if w > 0.0 {
                wp / w
            } else {
                0.5
            }
        };
        // Weighted sums per section of each level (blocks of one section need not be consecutive:
        // nested blocks interleave).
        let mut pools: Vec<Vec<(f32, f32)>> = self.section_counts.iter().map(|&c| vec![(0.0, 0.0); c]).collect();
        for ((sections, &weight), &p) in self.sections.iter().zip(&self.weights).zip(p1) {
            for (slot, pool) in pools.iter_mut().enumerate() {
                let e = &mut pool[sections[slot] as usize];
                e.0 += weight;
                e.1 += weight * p;
            }
        }
        let page = if prefix_w[n] > 0.0 { prefix_wp[n] / prefix_w[n] } else { 0.5 };
        (0..n)
            .map(|i| {
                let pooled = |slot: usize| {
                    let (w, wp) = pools[slot][self.sections[i][slot] as usize];
                    wp / w
                };
                [p1[i], window(i, 1), window(i, 3), window(i, 8), pooled(0), pooled(1), pooled(2), pooled(3), page]
            })
            .collect()
    }
}

/// Stage-two input of a block.
pub fn stage2_input(first: &[f32; STAGE1_INPUTS], context: &[f32; CONTEXT_COUNT]) -> [f32; STAGE2_INPUTS] {
    let mut input = [0f32; STAGE2_INPUTS];
    input[..STAGE1_INPUTS].copy_from_slice(first);
    input[STAGE1_INPUTS..].copy_from_slice(context);
    input
}

impl Model<'_> {
    /// Stage-one probability of one block.
    pub fn first_probability(&self, input: &[f32; STAGE1_INPUTS]) -> f32 {
        if self.first.trees() == 0 {
            sigmoid(input[FEATURE_COUNT])
        } else {
            sigmoid(self.first.score(input))
        }
    }

    /// Content probability of every block of a page.
    pub fn probabilities(&self, snap: &Snapshot, seg: &Segmentation, features: &PageFeatures) -> Vec<f32> {
        let inputs: Vec<[f32; STAGE1_INPUTS]> = features.vectors.iter().map(stage1_input).collect();
        let p1: Vec<f32> = inputs.iter().map(|x| self.first_probability(x)).collect();
        if self.second.trees() == 0 {
            return p1;
        }
        let context = Context::new(snap, seg).features(&p1);
        inputs.iter().zip(&context).map(|(x, c)| sigmoid(self.second.score(&stage2_input(x, c)))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forest_routes_inputs_to_leaves() {
        // One tree of depth 1: feature 0 > 0.5 → +2, else −1.
        let forest =
            Forest { depth: 1, base: 0.5, features: &[0], thresholds: &[to_bfloat16(0.5)], leaves: &[-4096, 8192] };
        assert_eq!(forest.trees(), 1);
        assert_eq!(forest.score(&[0.0]), -0.5);
        assert_eq!(forest.score(&[1.0]), 2.5);
    }

    #[test]
    fn walking_trees_together_sums_the_same_bits_as_one_by_one() {
        // The plain walk, one tree after another, as the forest is defined.
        fn one_by_one(forest: &Forest, input: &[f32]) -> f32 {
            let inner = (1usize << forest.depth) - 1;
            let mut total = forest.base;
            for tree in 0..forest.trees() {
                let mut node = 0;
                for _ in 0..forest.depth {
                    let at = tree * inner + node;
                    let value = input.get(usize::from(forest.features[at])).copied().unwrap_or(0.0);
                    node = 2 * node + 1 + (value > threshold_value(forest.thresholds[at])) as usize;
                }
                total += f32::from(forest.leaves[(tree << forest.depth) + node - inner]) * LEAF_SCALE;
            }
            total
        }
        let shipped = SHIPPED.second;
        let inner = (1usize << shipped.depth) - 1;
        let inputs: Vec<Vec<f32>> =
            (0..9).map(|i| (0..STAGE2_INPUTS).map(|f| ((i * 31 + f * 17) % 23) as f32 / 7.0 - 1.0).collect()).collect();
        // Every group remainder: 1 to 9 trees, and the whole forest.
        for trees in (1..=9).chain([shipped.trees()]) {
            let forest = Forest {
                features: &shipped.features[..trees * inner],
                thresholds: &shipped.thresholds[..trees * inner],
                leaves: &shipped.leaves[..trees << shipped.depth],
                ..shipped
            };
            for input in &inputs {
                assert_eq!(forest.score(input).to_bits(), one_by_one(&forest, input).to_bits(), "{trees} trees");
            }
        }
    }

    #[test]
    fn bfloat16_round_trips_representable_values() {
        for v in [0.0f32, 0.5, -2.25, 1024.0, f32::INFINITY] {
            assert_eq!(threshold_value(to_bfloat16(v)), v);
        }
        assert!((threshold_value(to_bfloat16(5.23)) - 5.23).abs() < 0.02);
    }

    #[test]
    fn context_pools_neighbours_and_sections() {
        let snap = crate::native::snapshot_from_html(
            "<body><div><p>alpha beta</p><p>gamma</p></div><ul><li>x</li><li>y</li></ul></body>",
        );
        let seg = Segmentation::new(&snap);
        let ctx = Context::new(&snap, &seg).features(&[1.0, 1.0, 0.0, 0.0]);
        assert_eq!(ctx[0][0], 1.0);
        assert_eq!(ctx[0][4], 1.0, "both paragraphs share a parent and are content");
        assert_eq!(ctx[2][4], 0.0, "list items share the ul");
        assert!(ctx[1][1] > 0.0 && ctx[1][1] < 1.0, "window mixes a content and a boilerplate neighbour");
    }
}
