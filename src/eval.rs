//! `pith eval`: scores the text left visible after clean view against corpus truth, with the Zyte
//! article-extraction-benchmark metric ([`metric`]), per source, per WCXB page type and per split,
//! beside peer extractors, and checks the CI quality gate. See `docs/benchmarks.md`.

pub mod corpus;
pub mod gate;
pub mod labels;
pub mod metric;
pub mod predictions;
mod report;

use crate::verdict::Label;
use corpus::{PageRef, Split, Truth};
use metric::{fold_for_snippets, snippet_share, Match};
use predictions::Predictions;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Instant;

const HELP: &str = "usage: pith eval [OPTIONS] [CORPUS_DIR]

Scores the text left visible after clean view against each page's truth.json with the Zyte
article-extraction-benchmark metric (4-token shingles, per-page P/R macro-averaged, F1 of the means).
CORPUS_DIR defaults to $PITH_CORPUS, else ../shared/corpus.

selection:
  --source NAME[,NAME]   only these sources (repeatable)
  --split tune|holdout|all
                         FNV-1a 64 of \"source/id\": even = tune, odd = holdout (default all)
  --limit N              only the first N selected pages (source, id order)
  --list                 print the selected pages (key, page file) and exit
what is scored:
  --mode pith|hide-nothing
                         the classifier's clean view (default), or the whole visible page
  --predictions FILE     score the texts in FILE (peer-outputs JSON shape, e.g. the browser eval)
                         instead of running the classifier
  --snapshots FILE       classify the snapshots in FILE (same shape, each articleBody a wire string,
                         e.g. eval-browser.mjs --snapshots) instead of parsing the pages: the
                         browser's snapshot with the CLI's text joining
  --compare DIR          also score every DIR/*.json and print them beside the subject
  --peer-outputs         score CORPUS/peer-outputs/scrapinghub/*.json (checks the metric against
                         the published table) and exit
four classes (with --mode pith):
  --labels DIR           hand-labelled blocks (DIR/*.tsv, see eval/labels/README.md): per-class
                         P/R/F1 and macro-F1 of the classifier's labels, overall and per split
                         (default eval/labels when it exists)
  --labels-only          run only that check (fast), not the corpus scoring
output:
  --json FILE            per-page results
  --text DIR             each page's scored text as DIR/<source>/<id>.txt
  --write-predictions FILE
                         the scored texts in peer-outputs JSON shape
  --worst N              list the N worst pages (default 10)
  --jobs N               worker threads (default: all cores)
  --quiet                no progress bar
quality gate:
  --gate FILE            fail if figures drop below FILE's floors or the corpus hash changed
  --update-floors        raise floors to the current figures (never lowers without --allow-lower)
  --allow-lower          with --update-floors: lower floors too
  --repin                accept a changed corpus or selection: new hash, floors reset to now";

/// What a run scores as its subject.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The classifier's clean view: blocks labelled other than content hidden when the verdict applies.
    Pith,
    /// Nothing hidden: the ceiling for recall and the floor for precision of any hiding method.
    HideNothing,
}

impl Mode {
    /// Name on the command line and in the floors file.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Pith => "pith",
            Mode::HideNothing => "hide-nothing",
        }
    }
}

/// Visible text of an HTML page after clean view (`Mode::Pith`) or with nothing hidden, and whether
/// the classifier applied. The same text the extension leaves visible, minus layout.
pub fn visible_text_of(html: &str, mode: Mode) -> (String, Option<bool>) {
    visible_text_of_snapshot(&crate::native::snapshot_from_html(html), mode)
}

/// [`visible_text_of`] for an already built snapshot (e.g. one the browser sent).
pub fn visible_text_of_snapshot(snap: &crate::snapshot::Snapshot, mode: Mode) -> (String, Option<bool>) {
    match mode {
        Mode::HideNothing => (crate::text::visible_text(snap, None, |_| false), None),
        Mode::Pith => {
            let verdict = crate::classify::classify(snap);
            let text = if verdict.apply {
                crate::text::visible_text(snap, Some(&verdict), |label| label != Label::Content)
            } else {
                crate::text::visible_text(snap, None, |_| false)
            };
            (text, Some(verdict.apply))
        }
    }
}

/// Where the subject's text comes from.
enum Subject {
    Run(Mode),
    File(Predictions),
    /// Snapshots in wire format (articleBody of a predictions-shaped file), classified with `Mode`.
    Snapshots(Predictions, Mode),
    Nothing,
}

/// One prediction scored on one page.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Shingle match against the truth.
    pub m: Match,
    /// Share of must-keep snippets left visible (pages that have them).
    pub keep: Option<f64>,
    /// Share of must-drop snippets hidden (pages that have them).
    pub drop: Option<f64>,
    /// Tokens in the prediction.
    pub pred_tokens: usize,
}

impl Scored {
    fn of(truth: &Truth, text: &str) -> Scored {
        let folded = fold_for_snippets(text);
        Scored {
            m: Match::score(&truth.content_text, text),
            keep: snippet_share(&folded, &truth.with),
            drop: snippet_share(&folded, &truth.without).map(|found| 1.0 - found),
            pred_tokens: metric::tokenize(text).len(),
        }
    }
}

/// Everything measured on one page.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// The page.
    pub page: PageRef,
    /// WCXB page type, if any.
    pub page_type: Option<String>,
    /// Tokens in the truth.
    pub truth_tokens: usize,
    /// Share of the truth found in the page's static visible text, when the truth file records it.
    pub in_page: Option<f64>,
    /// The subject's score (absent with `--peer-outputs`, or when a prediction file lacks the page).
    pub subject: Option<Scored>,
    /// Whether the classifier applied its verdict (`Mode::Pith` only).
    pub applied: Option<bool>,
    /// Time to parse, classify and extract, in milliseconds (when this run produced the text).
    pub millis: Option<f64>,
    /// Scores of the compared tools, in their order (absent where a tool has no prediction).
    pub others: Vec<Option<Scored>>,
}

enum Outcome {
    Scored(Box<PageResult>, Option<String>),
    Excluded(&'static str),
    Failed(String),
}

struct Options {
    corpus: PathBuf,
    sources: Vec<String>,
    split: Option<Split>,
    limit: Option<usize>,
    list: bool,
    mode: Mode,
    predictions: Option<PathBuf>,
    snapshots: Option<PathBuf>,
    compare: Option<PathBuf>,
    peer_outputs: bool,
    json: Option<PathBuf>,
    text_dir: Option<PathBuf>,
    write_predictions: Option<PathBuf>,
    worst: usize,
    jobs: usize,
    quiet: bool,
    gate: Option<PathBuf>,
    permissions: gate::Permissions,
    labels: Option<PathBuf>,
    labels_only: bool,
}

fn parse_args(args: &[String]) -> Result<Option<Options>, String> {
    let default_corpus =
        std::env::var_os("PITH_CORPUS").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("../shared/corpus"));
    let jobs = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let mut o = Options {
        corpus: default_corpus,
        sources: Vec::new(),
        split: None,
        limit: None,
        list: false,
        mode: Mode::Pith,
        predictions: None,
        snapshots: None,
        compare: None,
        peer_outputs: false,
        json: None,
        text_dir: None,
        write_predictions: None,
        worst: 10,
        jobs,
        quiet: false,
        gate: None,
        permissions: gate::Permissions::default(),
        labels: None,
        labels_only: false,
    };
    let mut it = args.iter();
    let mut corpus_given = false;
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("eval: {name} needs a value"));
        let number =
            |name: &str, v: String| v.parse::<usize>().map_err(|_| format!("eval: {name} wants a number, got {v:?}"));
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{HELP}");
                return Ok(None);
            }
            "--source" => o.sources.extend(value(arg)?.split(',').filter(|s| !s.is_empty()).map(str::to_owned)),
            "--split" => {
                o.split = match value(arg)?.as_str() {
                    "tune" => Some(Split::Tune),
                    "holdout" => Some(Split::Holdout),
                    "all" => None,
                    other => return Err(format!("eval: --split takes tune, holdout or all, not {other:?}")),
                }
            }
            "--limit" => o.limit = Some(number(arg, value(arg)?)?),
            "--list" => o.list = true,
            "--mode" => {
                o.mode = match value(arg)?.as_str() {
                    "pith" => Mode::Pith,
                    "hide-nothing" => Mode::HideNothing,
                    other => return Err(format!("eval: --mode takes pith or hide-nothing, not {other:?}")),
                }
            }
            "--predictions" => o.predictions = Some(value(arg)?.into()),
            "--snapshots" => o.snapshots = Some(value(arg)?.into()),
            "--compare" => o.compare = Some(value(arg)?.into()),
            "--peer-outputs" => o.peer_outputs = true,
            "--json" => o.json = Some(value(arg)?.into()),
            "--text" => o.text_dir = Some(value(arg)?.into()),
            "--write-predictions" => o.write_predictions = Some(value(arg)?.into()),
            "--worst" => o.worst = number(arg, value(arg)?)?,
            "--jobs" => o.jobs = number(arg, value(arg)?)?.max(1),
            "--quiet" => o.quiet = true,
            "--gate" => o.gate = Some(value(arg)?.into()),
            "--update-floors" => o.permissions.update = true,
            "--allow-lower" => o.permissions.allow_lower = true,
            "--repin" => o.permissions.repin = true,
            "--labels" => o.labels = Some(value(arg)?.into()),
            "--labels-only" => o.labels_only = true,
            flag if flag.starts_with('-') => return Err(format!("eval: unknown option {flag} (see pith eval --help)")),
            path if !corpus_given => {
                o.corpus = path.into();
                corpus_given = true;
            }
            extra => return Err(format!("eval: unexpected argument {extra:?}")),
        }
    }
    if o.permissions.allow_lower && !o.permissions.update {
        return Err("eval: --allow-lower only makes sense with --update-floors".into());
    }
    if (o.permissions.update || o.permissions.repin) && o.gate.is_none() {
        return Err("eval: --update-floors and --repin need --gate FILE".into());
    }
    if o.predictions.is_some() && o.snapshots.is_some() {
        return Err("eval: --predictions and --snapshots both name the subject: give one".into());
    }
    if o.labels_only && (o.gate.is_some() || o.predictions.is_some() || o.mode != Mode::Pith) {
        return Err("eval: --labels-only checks the classifier alone: drop --gate, --predictions and --mode".into());
    }
    if o.labels.is_none() && Path::new(labels::DEFAULT_DIR).is_dir() {
        o.labels = Some(labels::DEFAULT_DIR.into());
    }
    if o.gate.is_some() && (o.predictions.is_some() || o.snapshots.is_some() || o.limit.is_some()) {
        return Err("eval: the gate runs the classifier over a whole selection: drop --predictions and --limit".into());
    }
    Ok(Some(o))
}

/// Entry point of `pith eval`.
pub fn run(args: &[String]) -> Result<(), String> {
    let Some(mut options) = parse_args(args)? else { return Ok(()) };
    if !options.corpus.is_dir() {
        return Err(format!(
            "eval: corpus folder {} not found (pass CORPUS_DIR or set PITH_CORPUS)",
            options.corpus.display()
        ));
    }
    if options.labels_only {
        let dir = options.labels.clone().ok_or("eval: --labels-only needs --labels DIR (no eval/labels here)")?;
        let report = labels::check(&dir, &options.corpus, &options.sources, options.split)?;
        labels::print(&report, &dir);
        return Ok(());
    }
    let subject = if options.peer_outputs {
        // The upstream table covers the scrapinghub pages only.
        options.sources = vec!["scrapinghub".into()];
        Subject::Nothing
    } else if let Some(path) = &options.predictions {
        Subject::File(Predictions::load(path)?)
    } else if let Some(path) = &options.snapshots {
        Subject::Snapshots(Predictions::load(path)?, options.mode)
    } else {
        Subject::Run(options.mode)
    };
    let others = if options.peer_outputs {
        predictions::load_dir(&options.corpus.join("peer-outputs").join("scrapinghub"))?
    } else if let Some(dir) = &options.compare {
        predictions::load_dir(dir)?
    } else {
        Vec::new()
    };

    let (mut pages, warnings) = corpus::list_pages(&options.corpus, &options.sources)?;
    for warning in &warnings {
        eprintln!("eval: warning: {warning}");
    }
    if let Some(split) = options.split {
        pages.retain(|p| p.split() == split);
    }
    if let Some(limit) = options.limit {
        pages.truncate(limit);
    }
    if options.list {
        for page in &pages {
            println!("{}\t{}", page.key(), page.page_file.display());
        }
        return Ok(());
    }
    if pages.is_empty() {
        return Err(format!("eval: no pages selected in {}", options.corpus.display()));
    }

    let started = Instant::now();
    let want_text = options.text_dir.is_some() || options.write_predictions.is_some();
    let outcomes = evaluate_all(&options, &pages, &subject, &others, want_text);
    let elapsed = started.elapsed().as_secs_f64();

    let mut results = Vec::new();
    let mut texts = Vec::new();
    let mut excluded: Vec<(String, &'static str)> = Vec::new();
    let mut failed = Vec::new();
    let mut digests = Vec::new();
    for (page, (files, outcome)) in pages.iter().zip(outcomes) {
        digests.extend(files);
        match outcome {
            Outcome::Scored(result, text) => {
                if let Some(text) = text {
                    texts.push((page.key(), text));
                }
                results.push(*result);
            }
            Outcome::Excluded(why) => excluded.push((page.key(), why)),
            Outcome::Failed(error) => failed.push(format!("{}: {error}", page.key())),
        }
    }
    for error in &failed {
        eprintln!("eval: error: {error}");
    }

    let subject_name = match &subject {
        Subject::Run(mode) => mode.name().to_owned(),
        Subject::File(p) => p.name.clone(),
        Subject::Snapshots(p, mode) => format!("{} ({}, CLI text)", p.name, mode.name()),
        Subject::Nothing => String::new(),
    };
    let other_names: Vec<String> = others.iter().map(|p| p.name.clone()).collect();
    if options.peer_outputs {
        report::peer_table(&results, &other_names);
        return if failed.is_empty() { Ok(()) } else { Err(format!("eval: {} page(s) failed", failed.len())) };
    }

    report::print_run(&results, &excluded, options.worst);
    if !others.is_empty() {
        report::compare_tables(&results, &subject_name, &other_names);
    }
    let scored = results.iter().filter(|r| r.subject.is_some()).count();
    println!(
        "\n{} pages scored in {elapsed:.1}s ({:.1} pages/s, {} jobs); {} excluded, {} failed",
        scored,
        results.len() as f64 / elapsed.max(1e-9),
        options.jobs,
        excluded.len(),
        failed.len()
    );

    let four_classes = match (&options.labels, &subject) {
        (Some(dir), Subject::Run(Mode::Pith)) => {
            let report = labels::check(dir, &options.corpus, &options.sources, options.split)?;
            labels::print(&report, dir);
            Some(report)
        }
        _ => None,
    };

    if let Some(path) = &options.json {
        report::write_json(path, &results, &subject_name, &other_names)?;
        println!("per-page results: {}", path.display());
    }
    if let Some(dir) = &options.text_dir {
        write_texts(dir, &texts)?;
        println!("texts: {}", dir.display());
    }
    if let Some(path) = &options.write_predictions {
        predictions::write(path, &format!("pith {} {subject_name}", env!("CARGO_PKG_VERSION")), &texts)?;
        println!("predictions: {}", path.display());
    }
    if let Some(path) = &options.gate {
        if !failed.is_empty() {
            return Err(format!("gate: {} page(s) failed to evaluate; not checking floors", failed.len()));
        }
        let mut figures = report::gate_figures(&results);
        if let Some(figs) = four_classes.as_ref().map(labels::gate_figures).filter(|f| !f.is_empty()) {
            figures.insert("labels".to_owned(), figs);
        }
        let hash = gate::corpus_hash(digests);
        let split = options.split.map(Split::name).unwrap_or("all");
        let measured = gate::Measured {
            figures: &figures,
            corpus_hash: &hash,
            pages: pages.len(),
            mode: options.mode.name(),
            split,
            sources: &options.sources,
        };
        println!();
        gate::check(
            path,
            &measured,
            options.permissions,
            "Floors for `pith eval --gate`; raise with --update-floors.",
        )?;
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("eval: {} page(s) failed", failed.len()))
    }
}

fn write_texts(dir: &Path, texts: &[(String, String)]) -> Result<(), String> {
    for (key, text) in texts {
        let path = dir.join(format!("{key}.txt"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    Ok(())
}

type FileDigests = Vec<(String, String)>;

/// Evaluates every page on `options.jobs` threads; results come back in page order so that sums,
/// and so the printed and pinned figures, do not depend on scheduling.
fn evaluate_all(
    options: &Options,
    pages: &[PageRef],
    subject: &Subject,
    others: &[Predictions],
    want_text: bool,
) -> Vec<(FileDigests, Outcome)> {
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<(FileDigests, Outcome)>> = (0..pages.len()).map(|_| None).collect();
    let mut progress = report::Progress::new(pages.len(), options.quiet);
    std::thread::scope(|scope| {
        let (sender, receiver) = mpsc::channel();
        for _ in 0..options.jobs.min(pages.len()) {
            let sender = sender.clone();
            let next = &next;
            scope.spawn(move || loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(page) = pages.get(index) else { break };
                if sender.send((index, evaluate_page(page, subject, others, want_text))).is_err() {
                    break;
                }
            });
        }
        drop(sender);
        for (index, outcome) in receiver {
            slots[index] = Some(outcome);
            progress.tick();
        }
    });
    progress.finish();
    slots.into_iter().map(|s| s.unwrap_or_else(|| (Vec::new(), Outcome::Failed("worker stopped".into())))).collect()
}

fn evaluate_page(page: &PageRef, subject: &Subject, others: &[Predictions], want_text: bool) -> (FileDigests, Outcome) {
    let mut digests = Vec::new();
    let outcome = (|| {
        let truth_bytes = corpus::read(&page.truth_file)?;
        digests.push((format!("{}/truth.json", page.key()), gate::file_digest(&truth_bytes)));
        let truth = Truth::parse(&truth_bytes)?;
        if truth.small_fixture {
            return Ok(Outcome::Excluded("small synthetic fixture"));
        }
        let started = Instant::now();
        let (text, applied) = match subject {
            Subject::Run(mode) => {
                let bytes = corpus::read(&page.page_file)?;
                let name = page.page_file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                digests.push((format!("{}/{name}", page.key()), gate::file_digest(&bytes)));
                let (text, applied) = visible_text_of(&corpus::page_html(&page.page_file, &bytes)?, *mode);
                (Some(text), applied)
            }
            Subject::File(predictions) => match predictions.get(&page.source, &page.id) {
                Some(text) => (Some(text.to_owned()), None),
                None => return Ok(Outcome::Excluded("no prediction in the file")),
            },
            Subject::Snapshots(snapshots, mode) => match snapshots.get(&page.source, &page.id) {
                Some(wire) => {
                    let snap = crate::snapshot::Snapshot::decode(wire).map_err(|e| format!("snapshot: {e:?}"))?;
                    let (text, applied) = visible_text_of_snapshot(&snap, *mode);
                    (Some(text), applied)
                }
                None => return Ok(Outcome::Excluded("no snapshot in the file")),
            },
            Subject::Nothing => (None, None),
        };
        let millis = matches!(subject, Subject::Run(_)).then(|| started.elapsed().as_secs_f64() * 1000.0);
        let result = PageResult {
            page: page.clone(),
            page_type: truth.page_type.clone(),
            truth_tokens: metric::tokenize(&truth.content_text).len(),
            in_page: truth.in_page,
            subject: text.as_deref().map(|t| Scored::of(&truth, t)),
            applied,
            millis,
            others: others.iter().map(|p| p.get(&page.source, &page.id).map(|t| Scored::of(&truth, t))).collect(),
        };
        Ok(Outcome::Scored(Box::new(result), text.filter(|_| want_text)))
    })();
    (digests, outcome.unwrap_or_else(Outcome::Failed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus_dir() -> Option<PathBuf> {
        let dir = std::env::var_os("PITH_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
        dir.join("peer-outputs/scrapinghub").is_dir().then_some(dir)
    }

    #[test]
    fn metric_reproduces_the_published_peer_table() {
        let Some(dir) = corpus_dir() else {
            println!("note: corpus not found (set PITH_CORPUS); published-table check skipped");
            return;
        };
        let (pages, _) = corpus::list_pages(&dir, &["scrapinghub".to_owned()]).unwrap();
        assert_eq!(pages.len(), 181);
        let truths: Vec<Truth> =
            pages.iter().map(|p| Truth::parse(&corpus::read(&p.truth_file).unwrap()).unwrap()).collect();
        let peers = predictions::load_dir(&dir.join("peer-outputs/scrapinghub")).unwrap();
        for (name, published) in report::PUBLISHED_F1 {
            let peer = peers.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no peer output {name}"));
            let matches: Vec<Match> = pages
                .iter()
                .zip(&truths)
                .map(|(page, truth)| {
                    let text = peer.get(&page.source, &page.id).unwrap_or_else(|| panic!("{name} lacks {}", page.id));
                    Match::score(&truth.content_text, text)
                })
                .collect();
            let f1 = metric::Summary::of(&matches).f1;
            assert!((f1 - published).abs() <= 0.001, "{name}: F1 {f1:.4}, published {published:.3}");
        }
    }

    /// A two-source corpus in a temp folder: one plain page, one gzipped with snippets, one excluded fixture.
    fn tiny_corpus() -> PathBuf {
        use flate2::{write::GzEncoder, Compression};
        use std::io::Write;
        let root = std::env::temp_dir().join(format!("pith-eval-tiny-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let page = |dir: &str, truth: &str| {
            let dir = root.join(dir);
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(dir.join("truth.json"), truth).unwrap();
            dir
        };
        let html = "<html><body><nav>Home About</nav><p>one two three four five six</p></body></html>";
        std::fs::write(page("a/p1", r#"{"content_text": "one two three four five six"}"#).join("page.html"), html)
            .unwrap();
        let mut gz = GzEncoder::new(Vec::new(), Compression::default());
        gz.write_all(html.as_bytes()).unwrap();
        let truth = r#"{"content_text": "one two three four", "with": ["TWO  three"], "without": ["home"], "page_type": "article"}"#;
        std::fs::write(page("b/p2", truth).join("page.html.gz"), gz.finish().unwrap()).unwrap();
        std::fs::write(page("b/p3", r#"{"content_text": "x", "small_fixture": true}"#).join("page.html"), "<p>x</p>")
            .unwrap();
        std::fs::create_dir_all(root.join("peer-outputs/a")).unwrap();
        root
    }

    #[test]
    fn run_walks_scores_and_gates_a_tiny_corpus() {
        let root = tiny_corpus();
        let (pages, warnings) = corpus::list_pages(&root, &[]).unwrap();
        assert_eq!(pages.iter().map(PageRef::key).collect::<Vec<_>>(), ["a/p1", "b/p2", "b/p3"]);
        assert!(warnings.is_empty());
        let json = root.join("pages.json");
        let floors = root.join("floors.json");
        let arg = |p: &Path| p.display().to_string();
        let args: Vec<String> =
            ["--quiet", "--mode", "hide-nothing", "--json", &arg(&json), "--gate", &arg(&floors), "--update-floors"]
                .iter()
                .map(|s| s.to_string())
                .chain([arg(&root)])
                .collect();
        run(&args).unwrap();
        let pages: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
        assert_eq!(pages.as_array().unwrap().len(), 2, "the small fixture is excluded");
        let p2 = &pages[1]["score"];
        assert_eq!(
            (p2["recall"].as_f64(), p2["keep"].as_f64(), p2["drop"].as_f64()),
            (Some(1.0), Some(1.0), Some(0.0))
        );
        // The gate now passes as pinned, and refuses a changed corpus.
        run(&args[..args.len() - 2].iter().cloned().chain([arg(&root)]).collect::<Vec<_>>()).unwrap();
        std::fs::write(root.join("a/p1/truth.json"), r#"{"content_text": "changed"}"#).unwrap();
        let gate_only: Vec<String> = ["--quiet", "--mode", "hide-nothing", "--gate", &arg(&floors)]
            .iter()
            .map(|s| s.to_string())
            .chain([arg(&root)])
            .collect();
        assert!(run(&gate_only).unwrap_err().contains("corpus hash differs"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn options_parse_and_reject_nonsense() {
        let args = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        let o = parse_args(&args("--source a,b --source c --split tune --limit 5 --jobs 0 dir")).unwrap().unwrap();
        assert_eq!((o.sources.len(), o.split, o.limit, o.jobs), (3, Some(Split::Tune), Some(5), 1));
        assert_eq!(o.corpus, PathBuf::from("dir"));
        assert!(parse_args(&args("--split half")).is_err());
        assert!(parse_args(&args("--update-floors")).is_err());
        assert!(parse_args(&args("--bogus")).is_err());
        assert!(parse_args(&args("--limit")).is_err());
    }
}
