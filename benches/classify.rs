//! Native benchmark: the CLI path over the scrapinghub pages of the corpus, per page, with the HTML
//! parse cost shown apart from the rest.
//!
//!   cargo bench --profile native-bench --bench classify   all 181 pages
//!   PITH_BENCH_PAGES=8 (environment)                      the first 8 (CI short mode)
//!   PITH_CORPUS=DIR (environment)                         corpus folder (default ../shared/corpus)
//!
//! (`native-bench` is the release profile with unwinding, which the bench harness needs; see Cargo.toml.)
//!
//! It prints two things. First a per-page table of stages (median, p95, max over pages of each page's
//! best-of-N time): `parse` (html5ever via scraper), `snapshot` (parsed document → snapshot),
//! `decode` (the wire string → snapshot, the browser path), `classify` (snapshot → verdict), and
//! `parse+snapshot+classify` (what `pith classify` does). Then criterion's own statistics for each stage
//! over the whole page set (per page = the reported time / pages).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pith::classify::classify;
use pith::native::snapshot_from_document;
use pith::snapshot::Snapshot;
use scraper::Html;
use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

struct Page {
    html: String,
    wire: String,
    snap: Snapshot,
}

fn pages() -> Vec<Page> {
    let corpus =
        std::env::var_os("PITH_CORPUS").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let dir = corpus.join("scrapinghub");
    let mut ids: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e} (set PITH_CORPUS)", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("page.html").is_file())
        .collect();
    ids.sort();
    if let Some(n) = std::env::var("PITH_BENCH_PAGES").ok().and_then(|n| n.parse().ok()) {
        ids.truncate(n);
    }
    ids.iter()
        .map(|p| {
            let html = pith::native::read_html_file(p.join("page.html").to_str().unwrap()).unwrap();
            let snap = pith::native::snapshot_from_html(&html);
            Page { wire: snap.encode(), snap, html }
        })
        .collect()
}

/// Best of `runs` timings of `f` (the least disturbed by the rest of the machine), in ms.
fn best_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::INFINITY, f64::min)
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    sorted[((sorted.len() - 1) as f64 * q).round() as usize]
}

fn per_page_table(pages: &[Page]) {
    let runs = 5;
    type Stage = (&'static str, fn(&Page));
    let stages: [Stage; 5] = [
        ("parse", |p| drop(black_box(Html::parse_document(&p.html)))),
        ("snapshot", |_| {}), // measured below, on a parsed document
        ("decode", |p| drop(black_box(Snapshot::decode(&p.wire).unwrap()))),
        ("classify", |p| drop(black_box(classify(&p.snap)))),
        ("parse+snapshot+classify", |p| drop(black_box(classify(&pith::native::snapshot_from_html(&p.html))))),
    ];
    println!("native per page over {} scrapinghub pages (best of {runs} runs each, ms)", pages.len());
    println!("{:<26} {:>8} {:>8} {:>8}", "stage", "median", "p95", "max");
    for (name, f) in stages {
        let mut times: Vec<f64> = pages
            .iter()
            .map(|p| {
                if name == "snapshot" {
                    let doc = Html::parse_document(&p.html);
                    best_ms(runs, || drop(black_box(snapshot_from_document(&doc))))
                } else {
                    best_ms(runs, || f(p))
                }
            })
            .collect();
        times.sort_by(f64::total_cmp);
        println!(
            "{:<26} {:>8.3} {:>8.3} {:>8.3}",
            name,
            quantile(&times, 0.5),
            quantile(&times, 0.95),
            times[times.len() - 1]
        );
    }
    let nodes: Vec<usize> = pages.iter().map(|p| p.snap.len()).collect();
    let mut sorted = nodes.clone();
    sorted.sort();
    println!("snapshot nodes per page: median {}, max {}", sorted[sorted.len() / 2], sorted[sorted.len() - 1]);
}

fn bench(c: &mut Criterion) {
    let pages = pages();
    per_page_table(&pages);
    let docs: Vec<Html> = pages.iter().map(|p| Html::parse_document(&p.html)).collect();
    let mut group = c.benchmark_group(format!("{}_pages", pages.len()));
    group.throughput(Throughput::Elements(pages.len() as u64));
    group.sample_size(10).warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(5));
    group.bench_function("parse", |b| {
        b.iter(|| pages.iter().for_each(|p| drop(black_box(Html::parse_document(&p.html)))))
    });
    group.bench_function("snapshot", |b| {
        b.iter(|| docs.iter().for_each(|d| drop(black_box(snapshot_from_document(d)))))
    });
    group
        .bench_function("decode", |b| b.iter(|| pages.iter().for_each(|p| drop(black_box(Snapshot::decode(&p.wire))))));
    group.bench_function("classify", |b| b.iter(|| pages.iter().for_each(|p| drop(black_box(classify(&p.snap))))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
