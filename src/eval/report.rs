//! What `pith eval` prints and writes: tables per source, page type and split, the worst pages,
//! side-by-side tool tables, per-page JSON, the figures the gate pins, and the progress bar.

use super::metric::{mean_of, Summary};
use super::{PageResult, Scored};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Instant;

/// F1 of the peer outputs shipped in the corpus, as published upstream (corpus README table).
pub(crate) const PUBLISHED_F1: [(&str, f64); 12] = [
    ("rs_trafilatura", 0.970),
    ("go_trafilatura", 0.960),
    ("trafilatura", 0.958),
    ("readability_js", 0.947),
    ("readability", 0.922),
    ("dragnet", 0.907),
    ("readability_rs", 0.873),
    ("dom_smoothie", 0.865),
    ("boilerpipe", 0.860),
    ("justext", 0.804),
    ("boilerpipe_rs", 0.739),
    ("html-text", 0.665),
];

/// Aggregate of one tool over a group of pages.
struct Row {
    summary: Summary,
    keep: Option<f64>,
    drop: Option<f64>,
}

impl Row {
    fn of<'a>(scored: impl Iterator<Item = &'a Scored> + Clone) -> Row {
        Row {
            summary: Summary::of(scored.clone().map(|s| &s.m)),
            keep: mean_of(scored.clone().map(|s| s.keep)),
            drop: mean_of(scored.map(|s| s.drop)),
        }
    }

    fn cells(&self) -> String {
        let opt = |v: Option<f64>| v.map_or_else(|| "     -".to_owned(), |v| format!("{v:>6.3}"));
        let s = &self.summary;
        format!(
            "{:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3} {} {}",
            s.pages,
            s.precision,
            s.recall,
            s.f1,
            s.exact,
            opt(self.keep),
            opt(self.drop)
        )
    }
}

/// Below this share of the truth in the page's static text, a page's failures are not the classifier's.
const MIN_IN_PAGE: f64 = 0.5;

const HEADER: &str = "pages      P      R     F1  exact   keep   drop";

fn sources(results: &[PageResult]) -> Vec<String> {
    let mut names: Vec<String> = results.iter().map(|r| r.page.source.clone()).collect();
    names.dedup();
    names
}

fn subject_row<'a>(results: impl Iterator<Item = &'a PageResult> + Clone) -> Row {
    Row::of(results.filter_map(|r| r.subject.as_ref()))
}

/// Prints the subject's tables, the halves, the page types and the worst pages.
pub(super) fn print_run(results: &[PageResult], excluded: &[(String, &'static str)], worst: usize) {
    let names = sources(results);
    println!("{:<24} {HEADER} applied  ms/page", "scope");
    let line = |label: &str, group: Vec<&PageResult>| {
        let applied = mean_of(group.iter().map(|r| r.applied.map(f64::from)));
        let millis = mean_of(group.iter().map(|r| r.millis));
        let fmt = |v: Option<f64>, digits: usize| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.digits$}"));
        println!(
            "{label:<24} {} {:>7} {:>8}",
            subject_row(group.iter().copied()).cells(),
            fmt(applied, 3),
            fmt(millis, 1)
        );
    };
    for name in &names {
        line(name, results.iter().filter(|r| &r.page.source == name).collect());
    }
    if names.len() > 1 {
        line("all (macro over pages)", results.iter().collect());
    }

    let types: Vec<String> = {
        let mut t: Vec<String> = results.iter().filter_map(|r| r.page_type.clone()).collect();
        t.sort();
        t.dedup();
        t
    };
    if !types.is_empty() {
        println!("\nby page type (wcxb-dev)");
        for t in &types {
            line(&format!("  {t}"), results.iter().filter(|r| r.page_type.as_ref() == Some(t)).collect());
        }
    }

    let halves: Vec<_> = ["tune", "holdout"]
        .iter()
        .map(|half| (half, results.iter().filter(|r| r.page.split().name() == *half).collect::<Vec<_>>()))
        .filter(|(_, group)| !group.is_empty())
        .collect();
    if halves.len() == 2 {
        println!("\nby split (FNV-1a 64 of \"source/id\": even = tune, odd = holdout)");
        for name in &names {
            for (half, group) in &halves {
                line(&format!("  {name} {half}"), group.iter().copied().filter(|r| &r.page.source == name).collect());
            }
        }
    }
    if names.iter().any(|n| n == "readability") {
        let small = excluded.iter().filter(|(_, why)| why.starts_with("small")).count();
        println!("\nnote: readability truth is Readability.js's own output, not a human annotation; {small} small fixtures excluded");
    }

    // Pages whose truth is mostly not in the static HTML (script-loaded content) would fill the list
    // with failures no HTML method can fix; they are counted, not listed.
    let unreachable = |r: &PageResult| r.in_page.is_some_and(|v| v < MIN_IN_PAGE);
    let mut ranked: Vec<(&PageResult, f64)> =
        results.iter().filter(|r| !unreachable(r)).filter_map(|r| r.subject.as_ref().map(|s| (r, s.m.f1()))).collect();
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.page.key().cmp(&b.0.page.key())));
    if worst > 0 && !ranked.is_empty() {
        let skipped = results.iter().filter(|r| unreachable(r)).count();
        println!(
            "\nworst {} pages ({skipped} pages whose truth is mostly not in the page's HTML left out)",
            worst.min(ranked.len())
        );
        println!("  {:>6} {:>6} {:>6} {:>7} {:>7} {:>7}  page", "F1", "P", "R", "truth", "shown", "in page");
        for (r, f1) in ranked.iter().take(worst) {
            let s = r.subject.as_ref().expect("ranked pages are scored");
            let opt = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
            let kind = r.page_type.as_deref().map(|t| format!(" ({t})")).unwrap_or_default();
            println!(
                "  {f1:>6.3} {:>6} {:>6} {:>7} {:>7} {:>7}  {}{kind}",
                opt(s.m.precision()),
                opt(s.m.recall()),
                r.truth_tokens,
                s.pred_tokens,
                opt(r.in_page),
                r.page.key()
            );
        }
    }
}

/// Prints, per source and overall, the subject and every compared tool on the pages each covers.
pub(super) fn compare_tables(results: &[PageResult], subject: &str, others: &[String]) {
    let names = sources(results);
    let mut groups: Vec<(String, Vec<&PageResult>)> =
        names.iter().map(|n| (n.clone(), results.iter().filter(|r| &r.page.source == n).collect())).collect();
    if names.len() > 1 {
        groups.push(("all".into(), results.iter().collect()));
    }
    for (label, group) in groups {
        println!("\n{label}: side by side (each tool on the pages it has output for)");
        println!("  {:<28} {HEADER}", "tool");
        let mut rows: Vec<(String, Row)> = Vec::new();
        if group.iter().any(|r| r.subject.is_some()) {
            rows.push((format!("{subject} (this run)"), subject_row(group.iter().copied())));
        }
        let mut partial = Vec::new();
        for (i, name) in others.iter().enumerate() {
            let row = Row::of(group.iter().filter_map(|r| r.others.get(i).and_then(Option::as_ref)));
            // Across sources, a tool run on fewer pages would be averaged over a different mix: left out.
            if label == "all" && row.summary.pages < group.len() {
                partial.push(name.as_str());
            } else if row.summary.pages > 0 {
                rows.push((name.clone(), row));
            }
        }
        rows.sort_by(|a, b| b.1.summary.f1.total_cmp(&a.1.summary.f1));
        for (name, row) in rows {
            println!("  {name:<28} {}", row.cells());
        }
        if !partial.is_empty() {
            println!("  (not run on every page, so left out here: {})", partial.join(", "));
        }
    }
}

/// Prints the peer outputs' figures beside the published F1 (`--peer-outputs`).
pub(super) fn peer_table(results: &[PageResult], others: &[String]) {
    println!("peer outputs on scrapinghub, scored with this implementation of the benchmark metric");
    println!("  {:<18} {:>5} {:>6} {:>6} {:>6} {:>6}  published F1", "tool", "pages", "P", "R", "F1", "exact");
    let mut rows: Vec<(&String, Summary)> = others
        .iter()
        .enumerate()
        .map(|(i, name)| (name, Summary::of(results.iter().filter_map(|r| r.others.get(i)?.as_ref().map(|s| &s.m)))))
        .collect();
    rows.sort_by(|a, b| b.1.f1.total_cmp(&a.1.f1));
    for (name, s) in rows {
        let published =
            PUBLISHED_F1.iter().find(|(n, _)| n == name).map_or_else(|| "-".to_owned(), |(_, f)| format!("{f:.3}"));
        println!(
            "  {name:<18} {:>5} {:>6.3} {:>6.3} {:>6.3} {:>6.3}  {published}",
            s.pages, s.precision, s.recall, s.f1, s.exact
        );
    }
}

/// The figures the gate pins: F1 and recall overall and per source, snippet rates where present.
pub(super) fn gate_figures(results: &[PageResult]) -> BTreeMap<String, BTreeMap<String, f64>> {
    let mut figures = BTreeMap::new();
    let mut put = |scope: &str, row: Row| {
        let mut m = BTreeMap::from([("f1".to_owned(), row.summary.f1), ("recall".to_owned(), row.summary.recall)]);
        if let Some(keep) = row.keep {
            m.insert("keep".into(), keep);
        }
        if let Some(drop) = row.drop {
            m.insert("drop".into(), drop);
        }
        figures.insert(scope.to_owned(), m);
    };
    for name in sources(results) {
        put(&name, subject_row(results.iter().filter(|r| r.page.source == name)));
    }
    put("all", subject_row(results.iter()));
    figures
}

/// Writes one JSON object per scored page.
pub(super) fn write_json(path: &Path, results: &[PageResult], subject: &str, others: &[String]) -> Result<(), String> {
    let scored = |s: &Scored| {
        serde_json::json!({
            "precision": s.m.precision(), "recall": s.m.recall(), "f1": s.m.f1(),
            "tp": s.m.tp, "fp": s.m.fp, "fn": s.m.fn_, "exact": s.m.exact,
            "keep": s.keep, "drop": s.drop, "pred_tokens": s.pred_tokens,
        })
    };
    let pages: Vec<serde_json::Value> = results
        .iter()
        .map(|r| {
            let mut page = serde_json::json!({
                "key": r.page.key(), "source": r.page.source, "id": r.page.id,
                "split": r.page.split().name(), "page_type": r.page_type,
                "truth_tokens": r.truth_tokens, "applied": r.applied, "millis": r.millis,
                "subject": subject, "score": r.subject.as_ref().map(scored),
            });
            if !others.is_empty() {
                let map: serde_json::Map<String, serde_json::Value> = others
                    .iter()
                    .zip(&r.others)
                    .map(|(name, s)| (name.clone(), s.as_ref().map_or(serde_json::Value::Null, scored)))
                    .collect();
                page["others"] = serde_json::Value::Object(map);
            }
            page
        })
        .collect();
    let text = serde_json::to_string_pretty(&pages).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Progress on stderr: a redrawn bar on a terminal, a line per quarter otherwise (CI logs).
pub(super) struct Progress {
    total: usize,
    done: usize,
    started: Instant,
    terminal: bool,
    quiet: bool,
}

impl Progress {
    /// A bar for `total` pages; `quiet` shows nothing.
    pub(super) fn new(total: usize, quiet: bool) -> Progress {
        Progress { total, done: 0, started: Instant::now(), terminal: std::io::stderr().is_terminal(), quiet }
    }

    /// One more page done.
    pub(super) fn tick(&mut self) {
        self.done += 1;
        if self.quiet || self.total == 0 {
            return;
        }
        let elapsed = self.started.elapsed().as_secs_f64();
        let mut err = std::io::stderr().lock();
        if self.terminal {
            const WIDTH: usize = 30;
            let filled = self.done * WIDTH / self.total;
            let _ = write!(
                err,
                "\r[{}{}] {}/{} pages {elapsed:.1}s",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                self.done,
                self.total
            );
        } else if self.done * 4 / self.total != (self.done - 1) * 4 / self.total {
            let _ = writeln!(err, "eval: {}/{} pages, {elapsed:.1}s", self.done, self.total);
        }
    }

    /// Ends the bar's line.
    pub(super) fn finish(&self) {
        if self.terminal && !self.quiet && self.total > 0 {
            eprintln!();
        }
    }
}
