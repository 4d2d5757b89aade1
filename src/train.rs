//! `pith train`: learns the content model from the corpus and writes it as `src/forest.rs`.
//!
//! Labels come from the truth: a block is content when most of its own 4-token shingles (or, for a
//! block of fewer than four tokens, its whole token run) occur in the page's truth text. Only pages of
//! the `tune` split are used (see [`crate::eval::corpus::split_of`]); the `holdout` half is scored at the
//! end so every run reports how the model generalises. Sample weights follow the benchmark metric,
//! which averages pages: each page's blocks share a weight of one, split by token count, plus a small
//! floor so short blocks (bylines, buttons) still count. Training is deterministic: no randomness.

use crate::blocks::Segmentation;
use crate::classify::{classify_with, BlockScorer};
use crate::eval::corpus::{list_pages, page_html, read, split_of, PageRef, Split, Truth};
use crate::eval::metric::{tokenize, Match, Summary};
use crate::features::{extract, FEATURE_COUNT, FEATURE_NAMES};
use crate::model::{model_input, Forest};
use crate::native::snapshot_from_html;
use crate::text::visible_text;
use crate::verdict::Label;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::path::PathBuf;

const INPUTS: usize = FEATURE_COUNT + 1;
const USAGE: &str = "usage: pith train [--corpus DIR] [--trees N] [--depth D] [--rate R] [--out FILE] [--dry-run]
  learns the block content model on the tune split and writes it (default src/forest.rs)";

/// Training settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Number of trees.
    pub trees: usize,
    /// Depth of each tree.
    pub depth: u32,
    /// Shrinkage per tree.
    pub rate: f32,
    /// L2 regularisation of leaf values.
    pub lambda: f64,
    /// Least hessian mass per child.
    pub min_child: f64,
    /// Bins per feature.
    pub bins: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { trees: 120, depth: 5, rate: 0.15, lambda: 1.0, min_child: 0.05, bins: 48 }
    }
}

/// One training example: a block.
#[derive(Clone)]
pub struct Sample {
    /// Model input.
    pub input: [f32; INPUTS],
    /// 1 for content.
    pub target: f32,
    /// Weight in the loss.
    pub weight: f32,
}

fn hash_tokens(tokens: &[&str]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    tokens.hash(&mut h);
    h.finish()
}

/// Truth n-grams (n = 1..=4) as hashes, for labelling blocks.
struct TruthGrams {
    grams: [HashSet<u64>; 4],
}

impl TruthGrams {
    fn new(truth: &str) -> TruthGrams {
        let tokens = tokenize(truth);
        let mut grams: [HashSet<u64>; 4] = Default::default();
        for (n, set) in grams.iter_mut().enumerate() {
            for w in tokens.windows(n + 1) {
                set.insert(hash_tokens(w));
            }
        }
        TruthGrams { grams }
    }

    /// Share of a token run found in the truth (4-gram share; whole run when shorter).
    fn share(&self, tokens: &[&str]) -> f32 {
        if tokens.is_empty() {
            return 0.0;
        }
        if tokens.len() < 4 {
            return self.grams[tokens.len() - 1].contains(&hash_tokens(tokens)) as u8 as f32;
        }
        let windows = tokens.len() - 3;
        let hits = tokens.windows(4).filter(|w| self.grams[3].contains(&hash_tokens(w))).count();
        hits as f32 / windows as f32
    }
}

/// Samples of one page: every block with text, labelled from the truth.
pub fn page_samples(html: &str, truth: &str) -> Vec<Sample> {
    let snap = snapshot_from_html(html);
    let seg = Segmentation::new(&snap);
    let features = extract(&snap, &seg);
    let grams = TruthGrams::new(truth);
    // A block's own text in document order (the sample kept in `Block::text` is capped).
    let mut own_text: Vec<String> = vec![String::new(); seg.blocks.len()];
    for (i, node) in snap.nodes.iter().enumerate() {
        let b = seg.owner[i];
        if node.is_text() && b != crate::blocks::NO_BLOCK {
            let t = &mut own_text[b as usize];
            t.push(' ');
            t.push_str(&node.text);
        }
    }
    let token_counts: Vec<usize> = own_text.iter().map(|t| tokenize(t).len()).collect();
    let page_tokens: usize = token_counts.iter().sum::<usize>().max(1);
    let mut samples = Vec::new();
    for (b, text) in own_text.iter().enumerate() {
        let tokens = tokenize(text);
        if tokens.is_empty() {
            continue;
        }
        let share = grams.share(&tokens);
        samples.push(Sample {
            input: model_input(&features.vectors[b]),
            target: (share >= 0.5) as u8 as f32,
            weight: token_counts[b] as f32 / page_tokens as f32 + 0.002,
        });
    }
    samples
}

struct Loaded {
    page: PageRef,
    html: String,
    truth: Truth,
}

fn load_pages(root: &std::path::Path, split: Split) -> Result<Vec<Loaded>, String> {
    let (pages, _) = list_pages(root, &[])?;
    let pages: Vec<PageRef> = pages.into_iter().filter(|p| split_of(&p.source, &p.id) == split).collect();
    let mut loaded = Vec::with_capacity(pages.len());
    for page in pages {
        let truth = Truth::parse(&read(&page.truth_file)?)?;
        if truth.small_fixture || truth.content_text.trim().is_empty() {
            continue;
        }
        let html = page_html(&page.page_file, &read(&page.page_file)?)?;
        loaded.push(Loaded { page, html, truth });
    }
    Ok(loaded)
}

/// Runs `f` over `items` on all cores, keeping order.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2).max(1);
    let chunk = items.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items.chunks(chunk).map(|part| scope.spawn(|| part.iter().map(&f).collect::<Vec<R>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker panicked")).collect()
    })
}

/// A trained forest that owns its arrays.
pub struct TrainedForest {
    /// Depth of every tree.
    pub depth: u32,
    /// Starting log-odds.
    pub base: f32,
    /// Inner nodes.
    pub splits: Vec<(u8, f32)>,
    /// Leaves.
    pub leaves: Vec<f32>,
}

impl TrainedForest {
    /// Borrowed view for scoring.
    pub fn view(&self) -> Forest<'_> {
        Forest { depth: self.depth, base: self.base, splits: &self.splits, leaves: &self.leaves }
    }
}

/// Gradient boosting with logistic loss on binned features, trees grown level by level to full depth.
pub fn fit(samples: &[Sample], settings: &Settings) -> TrainedForest {
    let n = samples.len();
    // Bin edges per feature: quantiles of the distinct values (deterministic).
    let mut edges: Vec<Vec<f32>> = Vec::with_capacity(INPUTS);
    for f in 0..INPUTS {
        let mut values: Vec<f32> = samples.iter().map(|s| s.input[f]).collect();
        values.sort_by(|a, b| a.total_cmp(b));
        values.dedup();
        let mut e = Vec::new();
        if values.len() > 1 {
            let steps = settings.bins.min(values.len() - 1);
            for k in 1..=steps {
                let idx = k * (values.len() - 1) / (steps + 1).max(1);
                let cut = (values[idx] + values[(idx + 1).min(values.len() - 1)]) / 2.0;
                if e.last().is_none_or(|&l: &f32| cut > l) {
                    e.push(cut);
                }
            }
        }
        edges.push(e);
    }
    let binned: Vec<[u8; INPUTS]> = samples
        .iter()
        .map(|s| {
            let mut row = [0u8; INPUTS];
            for f in 0..INPUTS {
                row[f] = edges[f].partition_point(|&cut| s.input[f] > cut) as u8;
            }
            row
        })
        .collect();
    let total_w: f64 = samples.iter().map(|s| s.weight as f64).sum();
    let pos_w: f64 = samples.iter().map(|s| (s.weight * s.target) as f64).sum();
    let prior = (pos_w / total_w).clamp(1e-4, 1.0 - 1e-4);
    let base = (prior / (1.0 - prior)).ln() as f32;
    let mut logits = vec![base; n];
    let depth = settings.depth;
    let inner = (1usize << depth) - 1;
    let mut splits = Vec::with_capacity(settings.trees * inner);
    let mut leaves = Vec::with_capacity(settings.trees << depth);
    let max_bins = settings.bins + 1;
    let mut grad = vec![0f64; n];
    let mut hess = vec![0f64; n];
    for _ in 0..settings.trees {
        for i in 0..n {
            let p = 1.0 / (1.0 + (-logits[i] as f64).exp());
            let w = samples[i].weight as f64;
            grad[i] = w * (p - samples[i].target as f64);
            hess[i] = w * (p * (1.0 - p)).max(1e-6);
        }
        // Node of each sample within the current tree (breadth-first index).
        let mut node_of = vec![0u32; n];
        let mut tree_splits = vec![(0u8, f32::INFINITY); inner];
        for level in 0..depth {
            let first = (1usize << level) - 1;
            let width = 1usize << level;
            // Histograms: [node][feature][bin] → (g, h).
            let mut hist = vec![(0f64, 0f64); width * INPUTS * max_bins];
            for i in 0..n {
                let local = node_of[i] as usize - first;
                let base_idx = local * INPUTS * max_bins;
                let row = &binned[i];
                for f in 0..INPUTS {
                    let slot = &mut hist[base_idx + f * max_bins + row[f] as usize];
                    slot.0 += grad[i];
                    slot.1 += hess[i];
                }
            }
            for local in 0..width {
                let mut best = (0f64, 0u8, f32::INFINITY);
                for f in 0..INPUTS {
                    let h = &hist[(local * INPUTS + f) * max_bins..(local * INPUTS + f + 1) * max_bins];
                    let (g_total, h_total): (f64, f64) = h.iter().fold((0.0, 0.0), |a, x| (a.0 + x.0, a.1 + x.1));
                    let parent_gain = g_total * g_total / (h_total + settings.lambda);
                    let (mut gl, mut hl) = (0.0, 0.0);
                    for bin in 0..edges[f].len() {
                        gl += h[bin].0;
                        hl += h[bin].1;
                        let (gr, hr) = (g_total - gl, h_total - hl);
                        if hl < settings.min_child || hr < settings.min_child {
                            continue;
                        }
                        let gain = gl * gl / (hl + settings.lambda) + gr * gr / (hr + settings.lambda) - parent_gain;
                        if gain > best.0 + 1e-12 {
                            best = (gain, f as u8, edges[f][bin]);
                        }
                    }
                }
                tree_splits[first + local] = (best.1, best.2);
            }
            for i in 0..n {
                let node = node_of[i] as usize;
                let (f, threshold) = tree_splits[node];
                node_of[i] = (2 * node + 1 + (samples[i].input[f as usize] > threshold) as usize) as u32;
            }
        }
        let mut sums = vec![(0f64, 0f64); 1 << depth];
        for i in 0..n {
            let leaf = node_of[i] as usize - inner;
            sums[leaf].0 += grad[i];
            sums[leaf].1 += hess[i];
        }
        let tree_leaves: Vec<f32> =
            sums.iter().map(|(g, h)| (-g / (h + settings.lambda)) as f32 * settings.rate).collect();
        for i in 0..n {
            logits[i] += tree_leaves[node_of[i] as usize - inner];
        }
        splits.extend_from_slice(&tree_splits);
        leaves.extend_from_slice(&tree_leaves);
    }
    TrainedForest { depth, base, splits, leaves }
}

/// Writes the forest as Rust source (deterministic formatting).
pub fn forest_source(forest: &TrainedForest, threshold: f32, note: &str) -> String {
    let mut out = String::new();
    out.push_str("//! Generated by `pith train`; do not edit. ");
    out.push_str(note);
    out.push_str("\n#![allow(clippy::all)]\n/// Depth of every tree.\n");
    out.push_str(&format!("pub const DEPTH: u32 = {};\n", forest.depth));
    out.push_str(&format!("/// Log-odds before any tree.\npub const BASE: f32 = {:?};\n", forest.base));
    out.push_str(&format!("/// Probability at or above which a block is content.\npub const THRESHOLD: f32 = {threshold:?};\n"));
    out.push_str("/// Inner nodes: (feature, threshold).\n#[rustfmt::skip]\npub const SPLITS: &[(u8, f32)] = &[\n");
    for chunk in forest.splits.chunks(8) {
        let line: Vec<String> = chunk
            .iter()
            .map(|(f, t)| if t.is_finite() { format!("({f},{t:?})") } else { format!("({f},f32::INFINITY)") })
            .collect();
        out.push_str(&line.join(","));
        out.push_str(",\n");
    }
    out.push_str("];\n/// Leaf values.\n#[rustfmt::skip]\npub const LEAVES: &[f32] = &[\n");
    for chunk in forest.leaves.chunks(12) {
        let line: Vec<String> = chunk.iter().map(|v| format!("{v:?}")).collect();
        out.push_str(&line.join(","));
        out.push_str(",\n");
    }
    out.push_str("];\n");
    out
}

/// Benchmark-metric summary of pages with a given scorer.
fn score_pages(pages: &[Loaded], scorer: &BlockScorer) -> Vec<(String, Match)> {
    parallel_map(pages, |p| {
        let snap = snapshot_from_html(&p.html);
        let verdict = classify_with(&snap, scorer);
        let text = if verdict.apply {
            visible_text(&snap, Some(&verdict), |l| l != Label::Content)
        } else {
            visible_text(&snap, None, |_| false)
        };
        (p.page.source.clone(), Match::score(&p.truth.content_text, &text))
    })
}

fn report(name: &str, results: &[(String, Match)]) {
    let mut sources: Vec<&str> = results.iter().map(|(s, _)| s.as_str()).collect();
    sources.sort();
    sources.dedup();
    for source in sources {
        let s = Summary::of(results.iter().filter(|(x, _)| x == source).map(|(_, m)| m));
        println!("  {name:<8} {source:<12} pages {:>4}  P {:.3}  R {:.3}  F1 {:.3}", s.pages, s.precision, s.recall, s.f1);
    }
}

/// Entry point of `pith train`.
pub fn run(args: &[String]) -> Result<(), String> {
    let mut settings = Settings::default();
    let mut corpus = PathBuf::from(std::env::var("PITH_CORPUS").unwrap_or_else(|_| "../shared/corpus".into()));
    let mut out = PathBuf::from("src/forest.rs");
    let mut dry_run = false;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--corpus" => corpus = PathBuf::from(value()?),
            "--trees" => settings.trees = value()?.parse().map_err(|_| "--trees: not a number")?,
            "--depth" => settings.depth = value()?.parse().map_err(|_| "--depth: not a number")?,
            "--rate" => settings.rate = value()?.parse().map_err(|_| "--rate: not a number")?,
            "--out" => out = PathBuf::from(value()?),
            "--dry-run" => dry_run = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown option {other}\n{USAGE}")),
        }
    }
    if !(1..=8).contains(&settings.depth) {
        return Err("--depth must be 1..=8".into());
    }
    let started = std::time::Instant::now();
    let tune = load_pages(&corpus, Split::Tune)?;
    let holdout = load_pages(&corpus, Split::Holdout)?;
    let samples: Vec<Sample> = parallel_map(&tune, |p| page_samples(&p.html, &p.truth.content_text)).into_iter().flatten().collect();
    let positives = samples.iter().filter(|s| s.target > 0.5).count();
    println!(
        "pith train: {} tune pages, {} blocks ({} content), {} holdout pages, {} features ({:.1}s)",
        tune.len(),
        samples.len(),
        positives,
        holdout.len(),
        INPUTS,
        started.elapsed().as_secs_f32()
    );
    let forest = fit(&samples, &settings);
    println!("  fitted {} trees of depth {} ({:.1}s)", settings.trees, settings.depth, started.elapsed().as_secs_f32());
    let view = forest.view();
    let threshold = 0.5;
    let scorer: BlockScorer = Box::new(move |v| 1.0 / (1.0 + (-view.score(&model_input(v))).exp()));
    report("tune", &score_pages(&tune, &scorer));
    report("holdout", &score_pages(&holdout, &scorer));
    // Which features the trees use, for the record.
    let mut uses = vec![0usize; INPUTS];
    for (f, t) in &forest.splits {
        if t.is_finite() {
            uses[*f as usize] += 1;
        }
    }
    let mut ranked: Vec<(usize, &str)> =
        uses.iter().enumerate().map(|(i, &u)| (u, FEATURE_NAMES.get(i).copied().unwrap_or("prior_score"))).collect();
    ranked.sort_by(|a, b| b.0.cmp(&a.0));
    let top: Vec<String> = ranked.iter().take(12).map(|(u, n)| format!("{n}:{u}")).collect();
    println!("  most used features: {}", top.join(" "));
    if dry_run {
        return Ok(());
    }
    let note = format!(
        "{} trees, depth {}, trained on the tune split ({} pages, {} blocks).",
        settings.trees,
        settings.depth,
        tune.len(),
        samples.len()
    );
    std::fs::write(&out, forest_source(&forest, threshold, &note)).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("  wrote {} ({:.1}s)", out.display(), started.elapsed().as_secs_f32());
    Ok(())
}
