//! The content model: probability that a block is main content, from its feature vector.
//!
//! A gradient-boosted forest trained offline by `pith train` (see `src/train.rs`) and compiled in as
//! data ([`crate::forest`]): complete binary trees of fixed depth, so evaluation is a few compares per
//! tree and no pointers. The hand-set [`prior_score`] is both a feature of the forest and its fallback
//! when no forest is compiled in.

use crate::features::{FEATURE_COUNT, FEATURE_NAMES};
use crate::forest;

/// Blocks at or above this probability are content.
pub const THRESHOLD: f32 = forest::THRESHOLD;

fn feature(v: &[f32; FEATURE_COUNT], name: &str) -> f32 {
    FEATURE_NAMES.iter().position(|n| *n == name).map(|i| v[i]).unwrap_or(0.0)
}

/// The hand-set logistic score (log-odds) from structure and cues, in the spirit of Readability.
pub fn prior_score(v: &[f32; FEATURE_COUNT]) -> f32 {
    let f = |name: &str| feature(v, name);
    let mut s = -1.0;
    s += 2.5 * f("in_container");
    let prose = f("own_chars_log") > (80f32).ln() && f("own_link_density") < 0.3 && f("own_punct_per_word") > 0.0;
    s += if prose { 1.5 } else { 0.0 };
    s -= 2.5 * (f("own_link_density") - 0.3).max(0.0);
    s -= 2.0 * (f("attr_promo") + f("attr_nav") + f("attr_legal") + f("attr_comment")).min(1.0);
    s += 0.8 * f("attr_content");
    s -= 1.5 * (f("text_legal") + f("text_promo")).min(1.0) * if f("own_chars_log") < (300f32).ln() { 1.0 } else { 0.2 };
    s -= 1.5 * (f("in_nav") + f("in_header") + f("in_footer") + f("in_aside")).min(1.0);
    s -= 1.0 * f("in_form");
    s -= 0.15 * f("container_distance").min(10.0);
    s
}

/// A forest of complete binary trees: `splits` holds `(feature, threshold)` of each tree's
/// `2^depth - 1` inner nodes in breadth-first order, `leaves` its `2^depth` leaf values.
pub struct Forest<'a> {
    /// Depth of every tree.
    pub depth: u32,
    /// Log-odds before any tree.
    pub base: f32,
    /// Inner nodes, tree after tree: feature index and threshold (go right when value > threshold).
    pub splits: &'a [(u8, f32)],
    /// Leaf values, tree after tree.
    pub leaves: &'a [f32],
}

impl Forest<'_> {
    /// Number of trees.
    pub fn trees(&self) -> usize {
        let inner = (1usize << self.depth) - 1;
        if inner == 0 {
            0
        } else {
            (self.splits.len() / inner).min(self.leaves.len() >> self.depth)
        }
    }

    /// Log-odds of the input: base plus the leaf each tree routes the input to.
    pub fn score(&self, input: &[f32]) -> f32 {
        let inner = (1usize << self.depth) - 1;
        let leaves = 1usize << self.depth;
        let mut total = self.base;
        for t in 0..self.trees() {
            let splits = &self.splits[t * inner..(t + 1) * inner];
            let mut node = 0usize;
            for _ in 0..self.depth {
                let (f, threshold) = splits[node];
                let value = input.get(f as usize).copied().unwrap_or(0.0);
                node = 2 * node + 1 + (value > threshold) as usize;
            }
            total += self.leaves[t * leaves + node - inner];
        }
        total
    }
}

/// The model's input: the block features followed by the prior score.
pub fn model_input(v: &[f32; FEATURE_COUNT]) -> [f32; FEATURE_COUNT + 1] {
    let mut input = [0f32; FEATURE_COUNT + 1];
    input[..FEATURE_COUNT].copy_from_slice(v);
    input[FEATURE_COUNT] = prior_score(v);
    input
}

/// The compiled-in forest.
pub const FOREST: Forest<'static> =
    Forest { depth: forest::DEPTH, base: forest::BASE, splits: forest::SPLITS, leaves: forest::LEAVES };

/// Probability that a block is main content.
pub fn content_probability(v: &[f32; FEATURE_COUNT]) -> f32 {
    let input = model_input(v);
    let logit = if FOREST.trees() == 0 { input[FEATURE_COUNT] } else { FOREST.score(&input) };
    1.0 / (1.0 + (-logit).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forest_routes_inputs_to_leaves() {
        // One tree of depth 1: feature 0 > 0.5 → +2, else −1.
        let forest = Forest { depth: 1, base: 0.5, splits: &[(0, 0.5)], leaves: &[-1.0, 2.0] };
        assert_eq!(forest.trees(), 1);
        assert_eq!(forest.score(&[0.0]), -0.5);
        assert_eq!(forest.score(&[1.0]), 2.5);
    }
}
