//! The scoring rules, written to match the Zyte article-extraction-benchmark `evaluate.py` exactly:
//! `\w+` tokens, 4-token shingles counted as multisets, per-page tp/fp/fn normalised by their sum,
//! precision and recall macro-averaged over pages, F1 of the two means, and exact token-sequence matches.
//! Also the WCXB must-keep / must-drop snippet checks.

use regex::Regex;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Tokens per shingle, as in the benchmark.
pub const SHINGLE_LEN: usize = 4;

/// Python's Unicode `\w` is exactly letters (L*), numbers (N*) and `_` (checked over every code point
/// with Python 3.11). Rust's `\w` also takes combining marks and connector punctuation, which would
/// split Devanagari or Arabic words differently from the benchmark, so the class is spelled out.
fn token_pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| Regex::new(r"[\p{L}\p{N}_]+").expect("constant pattern compiles"))
}

/// The benchmark's tokens of `text`: maximal runs of word characters, case kept.
pub fn tokenize(text: &str) -> Vec<&str> {
    token_pattern().find_iter(text).map(|m| m.as_str()).collect()
}

/// Shingle multiset of a token sequence. Like `evaluate.py`'s `_ngrams`, a text of fewer than
/// [`SHINGLE_LEN`] tokens still yields one (shorter) shingle, and an empty text yields none.
fn shingles<'a>(tokens: &'a [&'a str]) -> HashMap<&'a [&'a str], u32> {
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    if tokens.len() < SHINGLE_LEN {
        counts.insert(tokens, 1);
        return counts;
    }
    for window in tokens.windows(SHINGLE_LEN) {
        *counts.entry(window).or_insert(0) += 1;
    }
    counts
}

/// One page's shingle match, normalised so that tp + fp + fn = 1 (all zero when both texts are empty),
/// so that long pages weigh no more than short ones.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Match {
    /// Shingles in both truth and prediction (share).
    pub tp: f64,
    /// Shingles predicted but not in the truth (share).
    pub fp: f64,
    /// Shingles in the truth but not predicted (share).
    pub fn_: f64,
    /// Whether the token sequences are identical (the benchmark's "accuracy").
    pub exact: bool,
}

impl Match {
    /// Scores `pred` against `truth`.
    pub fn score(truth: &str, pred: &str) -> Match {
        let truth_tokens = tokenize(truth);
        let pred_tokens = tokenize(pred);
        let truth_shingles = shingles(&truth_tokens);
        let pred_shingles = shingles(&pred_tokens);
        let (mut tp, mut fp, mut fn_) = (0u64, 0u64, 0u64);
        for (key, &t) in &truth_shingles {
            let p = pred_shingles.get(key).copied().unwrap_or(0);
            tp += u64::from(t.min(p));
            fn_ += u64::from(t.saturating_sub(p));
        }
        for (key, &p) in &pred_shingles {
            let t = truth_shingles.get(key).copied().unwrap_or(0);
            fp += u64::from(p.saturating_sub(t));
        }
        let sum = (tp + fp + fn_) as f64;
        let norm = |x: u64| if sum > 0.0 { x as f64 / sum } else { 0.0 };
        Match { tp: norm(tp), fp: norm(fp), fn_: norm(fn_), exact: truth_tokens == pred_tokens }
    }

    /// Page precision, or `None` when the page has nothing predicted and so is left out of the
    /// precision mean (`evaluate.py` averages only pages with tp + fp > 0).
    pub fn precision(&self) -> Option<f64> {
        if self.tp + self.fp <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 { 1.0 } else { self.tp / (self.tp + self.fp) })
    }

    /// Page recall, or `None` when the truth is empty (left out of the recall mean, as upstream).
    pub fn recall(&self) -> Option<f64> {
        if self.tp + self.fn_ <= 0.0 {
            return None;
        }
        Some(if self.fp == 0.0 && self.fn_ == 0.0 { 1.0 } else { self.tp / (self.tp + self.fn_) })
    }

    /// Page F1 for ranking pages (a missing precision or recall counts as 0; both texts empty is 1).
    pub fn f1(&self) -> f64 {
        match (self.precision(), self.recall()) {
            (None, None) => 1.0,
            (p, r) => {
                let (p, r) = (p.unwrap_or(0.0), r.unwrap_or(0.0));
                if p + r > 0.0 {
                    2.0 * p * r / (p + r)
                } else {
                    0.0
                }
            }
        }
    }
}

/// Benchmark figures over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    /// Pages scored.
    pub pages: usize,
    /// Mean page precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean page recall over pages with a non-empty truth.
    pub recall: f64,
    /// 2PR/(P+R) of the two means.
    pub f1: f64,
    /// Share of pages whose token sequence equals the truth's.
    pub exact: f64,
}

impl Summary {
    /// Aggregates page matches the way `evaluate.py`'s `metrics_from_tp_fp_fns` does. Sums run in
    /// the given order, so callers pass pages in a fixed order to get bit-identical figures.
    pub fn of<'a>(matches: impl IntoIterator<Item = &'a Match>) -> Summary {
        let (mut pages, mut exact) = (0usize, 0usize);
        let (mut p_sum, mut p_n, mut r_sum, mut r_n) = (0.0, 0usize, 0.0, 0usize);
        for m in matches {
            pages += 1;
            exact += usize::from(m.exact);
            if let Some(p) = m.precision() {
                p_sum += p;
                p_n += 1;
            }
            if let Some(r) = m.recall() {
                r_sum += r;
                r_n += 1;
            }
        }
        let mean = |sum: f64, n: usize| if n > 0 { sum / n as f64 } else { 0.0 };
        let (precision, recall) = (mean(p_sum, p_n), mean(r_sum, r_n));
        // Upstream would raise on an empty mean or divide by zero; an empty set reports zeros instead.
        let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
        Summary { pages, precision, recall, f1, exact: mean(exact as f64, pages) }
    }
}

/// Folds text for snippet matching: curly quotes become straight ones (the WCXB truth was drafted with
/// curly quotes where pages may have straight ones), every whitespace run becomes one space, and case
/// is folded (WCXB's own `evaluate.py` compares lowercased text).
pub fn fold_for_snippets(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        let c = match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            other => other,
        };
        out.extend(c.to_lowercase());
    }
    out
}

/// Share of `snippets` found in `folded_text` (already passed through [`fold_for_snippets`]), or `None`
/// when there are no (non-blank) snippets.
pub fn snippet_share(folded_text: &str, snippets: &[String]) -> Option<f64> {
    let folded: Vec<String> = snippets.iter().map(|s| fold_for_snippets(s)).filter(|s| !s.is_empty()).collect();
    if folded.is_empty() {
        return None;
    }
    let found = folded.iter().filter(|s| folded_text.contains(s.as_str())).count();
    Some(found as f64 / folded.len() as f64)
}

/// Mean of the present values, `None` when there are none.
pub fn mean_of(values: impl IntoIterator<Item = Option<f64>>) -> Option<f64> {
    let (sum, n) = values.into_iter().flatten().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
    (n > 0).then(|| sum / n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn tokens_follow_python_word_characters() {
        assert_eq!(tokenize("Hello, world_1! 2.5"), ["Hello", "world_1", "2", "5"]);
        // CJK runs stay whole: there are no spaces to split on.
        assert_eq!(tokenize("日本語のテキスト。次"), ["日本語のテキスト", "次"]);
        // A combining mark (Devanagari vowel sign, category Mc) is not a word character in Python.
        assert_eq!(tokenize("हिंदी"), ["ह", "द"]);
        assert_eq!(tokenize("café déjà-vu"), ["café", "déjà", "vu"]);
        assert!(tokenize("  —  ").is_empty());
    }

    #[test]
    fn identical_texts_score_one_and_match_exactly() {
        let m = Match::score("a b c d e", "a, b; c d\ne");
        assert!(close(m.tp, 1.0) && m.exact);
        assert_eq!((m.precision(), m.recall(), m.f1()), (Some(1.0), Some(1.0), 1.0));
    }

    #[test]
    fn extra_and_missing_shingles_count_as_multisets() {
        // truth shingles: abcd, bcde; prediction: abcd, bcdx, cdxa, dxab, xabc, abcd (abcd twice).
        let m = Match::score("a b c d e", "a b c d x a b c d");
        // tp = 1 (abcd once), fp = 5, fn = 1 (bcde): normalised by 7.
        assert!(close(m.tp, 1.0 / 7.0) && close(m.fp, 5.0 / 7.0) && close(m.fn_, 1.0 / 7.0));
        assert!(close(m.precision().unwrap(), 1.0 / 6.0));
        assert!(close(m.recall().unwrap(), 0.5));
        assert!(!m.exact);
    }

    #[test]
    fn short_texts_make_one_short_shingle() {
        assert!(close(Match::score("a b", "a b").tp, 1.0));
        // "a b" vs "a b c": different single shingles, no overlap.
        let m = Match::score("a b", "a b c");
        assert_eq!((m.precision(), m.recall()), (Some(0.0), Some(0.0)));
    }

    #[test]
    fn empty_sides_follow_upstream() {
        // Empty prediction: recall 0, left out of the precision mean.
        let m = Match::score("a b c d", "");
        assert_eq!((m.precision(), m.recall()), (None, Some(0.0)));
        // Empty truth: precision 0, left out of the recall mean.
        let m = Match::score("", "a b c d");
        assert_eq!((m.precision(), m.recall()), (Some(0.0), None));
        // Both empty: out of both means, and an exact match.
        let m = Match::score(" ", "—");
        assert_eq!((m.precision(), m.recall(), m.exact), (None, None, true));
    }

    #[test]
    fn summary_macro_averages_then_takes_f1_of_means() {
        let pages =
            [Match::score("a b c d e", "a b c d e"), Match::score("a b c d e", ""), Match::score("", "x y z w")];
        let s = Summary::of(&pages);
        // precision over pages 1 and 3: (1 + 0) / 2; recall over pages 1 and 2: (1 + 0) / 2.
        assert!(close(s.precision, 0.5) && close(s.recall, 0.5) && close(s.f1, 0.5));
        assert!(close(s.exact, 1.0 / 3.0));
        assert_eq!(s.pages, 3);
    }

    #[test]
    fn snippets_fold_quotes_space_and_case() {
        let text = fold_for_snippets("He said \"don't\"\n\n  Go   NOW");
        assert_eq!(snippet_share(&text, &["said “don’t” go now".into(), "missing".into()]), Some(0.5));
        assert_eq!(snippet_share(&text, &[]), None);
        assert_eq!(mean_of([Some(1.0), None, Some(0.0)]), Some(0.5));
    }
}
