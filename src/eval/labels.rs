//! Four classes, checked: hand-labelled blocks (`eval/labels/*.tsv`, one line per block with text)
//! against the labels the shipped classifier gives at each block's element, as per-class precision,
//! recall and F1 and their macro mean, overall and per corpus split. See `eval/labels/README.md`.
//!
//! A label file:
//!
//! ```text
//! # page: <source>/<id>
//! # url: ...            (any other `#` lines are notes)
//! <path>\t<label>\t<first words of the block's text>
//! ```
//!
//! `path` is the block element's path from [`crate::snapshot::Snapshot::paths`] on the native snapshot,
//! `label` one of `content`, `promo`, `nav`, `legal`.

use super::corpus::{self, split_of, Split};
use crate::verdict::Label;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

/// Folder searched when `--labels` is not given (relative to the working directory).
pub const DEFAULT_DIR: &str = "eval/labels";

/// One labelled page.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelFile {
    /// Corpus source folder.
    pub source: String,
    /// Page folder inside the source.
    pub id: String,
    /// `(path, label)` per block, in file order.
    pub blocks: Vec<(String, Label)>,
}

impl LabelFile {
    /// `"<source>/<id>"`.
    pub fn key(&self) -> String {
        format!("{}/{}", self.source, self.id)
    }

    /// The page's corpus split.
    pub fn split(&self) -> Split {
        split_of(&self.source, &self.id)
    }
}

/// Parses one label file. Errors name the line: a missing `# page:` header, an unknown label, a line
/// without a label column, or a path labelled twice.
pub fn parse_tsv(text: &str) -> Result<LabelFile, String> {
    let mut page = None;
    let mut blocks = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(key) = comment.trim().strip_prefix("page:") {
                let key = key.trim();
                let (source, id) =
                    key.split_once('/').ok_or_else(|| format!("line {}: page {key:?} is not source/id", n + 1))?;
                page = Some((source.to_owned(), id.to_owned()));
            }
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        let path = fields.next().unwrap_or_default().trim();
        let name = fields.next().map(str::trim).ok_or_else(|| format!("line {}: no label column", n + 1))?;
        let label = Label::from_name(name).ok_or_else(|| format!("line {}: unknown label {name:?}", n + 1))?;
        if path.is_empty() {
            return Err(format!("line {}: empty path", n + 1));
        }
        if !seen.insert(path.to_owned()) {
            return Err(format!("line {}: {path} labelled twice", n + 1));
        }
        blocks.push((path.to_owned(), label));
    }
    let (source, id) = page.ok_or("no `# page: source/id` header")?;
    Ok(LabelFile { source, id, blocks })
}

/// Counts of (true label, predicted label) pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Confusion {
    /// `counts[truth][predicted]`, indexed by the labels' wire codes.
    pub counts: [[usize; 4]; 4],
}

/// Precision, recall and F1 of one class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassScore {
    /// The class.
    pub label: Label,
    /// Blocks truly of this class.
    pub support: usize,
    /// Blocks predicted as this class.
    pub predicted: usize,
    /// Correct share of the predictions (0 when nothing was predicted).
    pub precision: f64,
    /// Found share of the true blocks (0 when there are none).
    pub recall: f64,
    /// Harmonic mean of the two (0 when both are 0).
    pub f1: f64,
}

impl Confusion {
    /// Records one block.
    pub fn add(&mut self, truth: Label, predicted: Label) {
        self.counts[truth as usize][predicted as usize] += 1;
    }

    /// Adds another matrix.
    pub fn merge(&mut self, other: &Confusion) {
        for (row, other_row) in self.counts.iter_mut().zip(&other.counts) {
            for (cell, other_cell) in row.iter_mut().zip(other_row) {
                *cell += other_cell;
            }
        }
    }

    /// Blocks counted.
    pub fn total(&self) -> usize {
        self.counts.iter().flatten().sum()
    }

    /// Share of blocks whose predicted label is the true one.
    pub fn accuracy(&self) -> f64 {
        let correct: usize = (0..4).map(|i| self.counts[i][i]).sum();
        ratio(correct, self.total())
    }

    /// Scores of the classes that occur (in the truth or the predictions), in label order.
    pub fn classes(&self) -> Vec<ClassScore> {
        Label::ALL
            .iter()
            .map(|&label| {
                let c = label as usize;
                let tp = self.counts[c][c];
                let support: usize = self.counts[c].iter().sum();
                let predicted: usize = self.counts.iter().map(|row| row[c]).sum();
                let (precision, recall) = (ratio(tp, predicted), ratio(tp, support));
                let f1 = if precision + recall > 0.0 { 2.0 * precision * recall / (precision + recall) } else { 0.0 };
                ClassScore { label, support, predicted, precision, recall, f1 }
            })
            .filter(|s| s.support + s.predicted > 0)
            .collect()
    }

    /// Unweighted mean F1 over the classes that occur; `None` when nothing was counted.
    pub fn macro_f1(&self) -> Option<f64> {
        let classes = self.classes();
        (!classes.is_empty()).then(|| classes.iter().map(|c| c.f1).sum::<f64>() / classes.len() as f64)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

/// The classifier's label at each of a page's labelled blocks: `Verdict::node_labels` at the block's
/// element, content when the verdict does not apply or the node is outside every mark. Paths that are
/// not in the snapshot come back in the second list.
pub fn predict(html: &str, file: &LabelFile) -> (Confusion, Vec<String>) {
    let snap = crate::native::snapshot_from_html(html);
    let verdict = crate::classify::classify(&snap);
    let parents: Vec<Option<u32>> = snap.nodes.iter().map(|n| n.parent).collect();
    let labels = verdict.node_labels(&parents);
    let index: BTreeMap<String, usize> = snap.paths().into_iter().enumerate().map(|(i, p)| (p, i)).rev().collect();
    let mut confusion = Confusion::default();
    let mut missing = Vec::new();
    for (path, truth) in &file.blocks {
        let Some(&node) = index.get(path) else {
            missing.push(path.clone());
            continue;
        };
        let predicted = if verdict.apply { labels[node].unwrap_or(Label::Content) } else { Label::Content };
        confusion.add(*truth, predicted);
    }
    (confusion, missing)
}

/// One page's result.
#[derive(Debug, Clone)]
pub struct PageCheck {
    /// `"<source>/<id>"`.
    pub key: String,
    /// Its split.
    pub split: Split,
    /// Its blocks' counts.
    pub confusion: Confusion,
    /// Labelled paths the snapshot no longer has.
    pub missing: usize,
}

/// Everything the four-class check measured.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Scored pages, in file-name order.
    pub pages: Vec<PageCheck>,
    /// Label files whose page is not in the corpus or not selected, with the reason.
    pub skipped: Vec<(String, String)>,
}

impl Report {
    /// Pooled counts of the pages in `split` (all pages with `None`).
    pub fn confusion(&self, split: Option<Split>) -> Confusion {
        let mut all = Confusion::default();
        for page in self.pages.iter().filter(|p| split.is_none_or(|s| p.split == s)) {
            all.merge(&page.confusion);
        }
        all
    }
}

/// Label files in `dir`, sorted by name.
pub fn list(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut files: Vec<PathBuf> =
        entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|e| e == "tsv")).collect();
    files.sort();
    Ok(files)
}

/// Scores every label file in `dir` whose page is in `corpus_dir` (keeping only `sources` when not
/// empty, and only `split` when given). A malformed label file is an error; a page that is absent is
/// skipped with a note.
pub fn check(dir: &Path, corpus_dir: &Path, sources: &[String], split: Option<Split>) -> Result<Report, String> {
    let mut report = Report::default();
    for path in list(dir)? {
        let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let file = parse_tsv(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        if !sources.is_empty() && !sources.contains(&file.source) {
            continue;
        }
        if split.is_some_and(|s| s != file.split()) {
            continue;
        }
        let page_dir = corpus_dir.join(&file.source).join(&file.id);
        let Some(page_file) = ["page.html", "page.html.gz"].iter().map(|n| page_dir.join(n)).find(|p| p.is_file())
        else {
            report.skipped.push((file.key(), "page not in the corpus".into()));
            continue;
        };
        let html = corpus::page_html(&page_file, &corpus::read(&page_file)?)?;
        let (confusion, missing) = predict(&html, &file);
        report.pages.push(PageCheck { key: file.key(), split: file.split(), confusion, missing: missing.len() });
    }
    Ok(report)
}

/// Prints the per-class table overall and per split, the confusion matrix, and any stale labels.
pub fn print(report: &Report, dir: &Path) {
    if report.pages.is_empty() {
        println!(
            "\nfour classes: none of the {} label files in {} has its page here",
            report.skipped.len(),
            dir.display()
        );
        return;
    }
    println!(
        "\nfour classes: {} labelled pages in {} (blocks: hand label vs classifier)",
        report.pages.len(),
        dir.display()
    );
    println!("  {:<10} {:<8} {:>6} {:>6} {:>6} {:>6} {:>6}", "half", "class", "true", "pred", "P", "R", "F1");
    let halves = [("all", None), ("tune", Some(Split::Tune)), ("holdout", Some(Split::Holdout))];
    for (name, split) in halves {
        let confusion = report.confusion(split);
        let pages = report.pages.iter().filter(|p| split.is_none_or(|s| p.split == s)).count();
        if pages == 0 {
            continue;
        }
        for class in confusion.classes() {
            println!(
                "  {name:<10} {:<8} {:>6} {:>6} {:>6.3} {:>6.3} {:>6.3}",
                class.label.name(),
                class.support,
                class.predicted,
                class.precision,
                class.recall,
                class.f1
            );
        }
        println!(
            "  {name:<10} {:<8} {:>6} blocks on {pages} pages: accuracy {:.3}, macro-F1 {:.3}",
            "(all)",
            confusion.total(),
            confusion.accuracy(),
            confusion.macro_f1().unwrap_or(0.0)
        );
    }
    let all = report.confusion(None);
    println!("  confusion (rows: hand label, columns: classifier)");
    println!("  {:<8} {}", "", Label::ALL.map(|l| format!("{:>8}", l.name())).concat());
    for truth in Label::ALL {
        println!("  {:<8} {}", truth.name(), all.counts[truth as usize].map(|n| format!("{n:>8}")).concat());
    }
    let missing: usize = report.pages.iter().map(|p| p.missing).sum();
    if missing > 0 {
        let stale: Vec<String> =
            report.pages.iter().filter(|p| p.missing > 0).map(|p| format!("{} ({})", p.key, p.missing)).collect();
        println!("  warning: {missing} labelled paths not in the snapshot (stale labels?): {}", stale.join(", "));
    }
    for (key, why) in &report.skipped {
        println!("  skipped {key}: {why}");
    }
}

/// Figures the gate may pin: macro-F1 overall and on the holdout half.
pub fn gate_figures(report: &Report) -> BTreeMap<String, f64> {
    let mut figures = BTreeMap::new();
    if let Some(f) = report.confusion(None).macro_f1() {
        figures.insert("macro_f1".to_owned(), f);
    }
    if let Some(f) = report.confusion(Some(Split::Holdout)).macro_f1() {
        figures.insert("macro_f1_holdout".to_owned(), f);
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_headers_comments_and_blocks() {
        let text = "# page: wcxb-dev/0001\n# url: https://example.com/a\n# licence: CC-BY-4.0\n\
                    body>p:1\tcontent\tHello world\r\nbody>nav:2\tnav\n\nbody>div:3\tlegal\t© 2024 x\n";
        let file = parse_tsv(text).unwrap();
        assert_eq!((file.source.as_str(), file.id.as_str(), file.key()), ("wcxb-dev", "0001", "wcxb-dev/0001".into()));
        assert_eq!(
            file.blocks,
            [
                ("body>p:1".to_owned(), Label::Content),
                ("body>nav:2".to_owned(), Label::Nav),
                ("body>div:3".to_owned(), Label::Legal)
            ]
        );
    }

    #[test]
    fn refuses_malformed_files() {
        assert!(parse_tsv("body>p:1\tcontent\tx\n").unwrap_err().contains("page"));
        assert!(parse_tsv("# page: nokey\n").unwrap_err().contains("source/id"));
        assert!(parse_tsv("# page: a/b\nbody>p:1\tads\tx\n").unwrap_err().contains("line 2: unknown label"));
        assert!(parse_tsv("# page: a/b\nbody>p:1\n").unwrap_err().contains("no label"));
        assert!(parse_tsv("# page: a/b\nbody>p:1\tnav\nbody>p:1\tpromo\n").unwrap_err().contains("twice"));
    }

    #[test]
    fn per_class_arithmetic() {
        use Label::*;
        let mut c = Confusion::default();
        // content: 8 true, 7 found, 1 called promo; 2 nav blocks called content.
        for _ in 0..7 {
            c.add(Content, Content);
        }
        c.add(Content, Promo);
        c.add(Nav, Content);
        c.add(Nav, Content);
        c.add(Nav, Nav);
        c.add(Promo, Promo);
        assert_eq!((c.total(), c.accuracy()), (12, 9.0 / 12.0));
        let classes = c.classes();
        assert_eq!(classes.iter().map(|s| s.label).collect::<Vec<_>>(), [Content, Promo, Nav], "legal absent");
        let content = classes[0];
        assert_eq!((content.support, content.predicted), (8, 9));
        assert!((content.precision - 7.0 / 9.0).abs() < 1e-12 && (content.recall - 7.0 / 8.0).abs() < 1e-12);
        assert!((content.f1 - 2.0 * 7.0 / (9.0 + 8.0)).abs() < 1e-12);
        let (promo, nav) = (classes[1], classes[2]);
        assert_eq!((promo.precision, promo.recall), (0.5, 1.0));
        assert!((promo.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert_eq!((nav.precision, nav.recall, nav.f1), (1.0, 1.0 / 3.0, 0.5));
        let macro_f1 = (content.f1 + 2.0 / 3.0 + 0.5) / 3.0;
        assert!((c.macro_f1().unwrap() - macro_f1).abs() < 1e-12);
        // A class predicted but never true scores 0 and counts in the mean.
        let mut d = Confusion::default();
        d.add(Content, Legal);
        d.add(Content, Content);
        assert_eq!(d.classes()[1].f1, 0.0);
        assert!((d.macro_f1().unwrap() - (2.0 / 3.0) / 2.0).abs() < 1e-12);
        assert_eq!(Confusion::default().macro_f1(), None);
        let mut merged = c;
        merged.merge(&d);
        assert_eq!(merged.total(), 14);
    }

    #[test]
    fn predicts_at_the_block_element_and_treats_abstention_as_content() {
        // Too little text to apply: everything counts as content whatever the marks say.
        let file = parse_tsv("# page: a/b\nbody>nav:1\tnav\tHome\nbody>p:2\tcontent\tHi\nbody>p:9\tcontent\n").unwrap();
        let (confusion, missing) = predict("<body><nav><a href=/>Home</a></nav><p>Hi</p></body>", &file);
        assert_eq!(missing, ["body>p:9"]);
        assert_eq!(confusion.counts[Label::Nav as usize][Label::Content as usize], 1);
        assert_eq!(confusion.counts[Label::Content as usize][Label::Content as usize], 1);
    }
}
