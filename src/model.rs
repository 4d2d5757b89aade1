//! The content model: probability that a block is main content, from its feature vector.
//!
//! Until a trained model is shipped this is a hand-set logistic score over the same features.

use crate::features::{FEATURE_COUNT, FEATURE_NAMES};

/// Blocks at or above this probability are content.
pub const THRESHOLD: f32 = 0.5;

fn feature(v: &[f32; FEATURE_COUNT], name: &str) -> f32 {
    FEATURE_NAMES.iter().position(|n| *n == name).map(|i| v[i]).unwrap_or(0.0)
}

/// Probability that a block is main content.
pub fn content_probability(v: &[f32; FEATURE_COUNT]) -> f32 {
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
    1.0 / (1.0 + (-s).exp())
}
