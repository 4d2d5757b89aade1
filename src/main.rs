//! `pith`: the command-line face of the core (classify a page, evaluate on a corpus, train the model).

use std::process::ExitCode;

const USAGE: &str = "usage:
  pith classify [--json] PAGE.html[.gz]   label every block of a page (path, label, score, reason, text)
  pith text [--all] PAGE.html[.gz]        the text left visible after clean view (--all: hide nothing)
  (both with --wire FILE: a snapshot in wire format instead, e.g. one the browser built)
  pith eval [OPTIONS] [CORPUS_DIR]        score visible text against truth (pith eval --help)
  pith train [OPTIONS]                    retrain the block model (pith train --help)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("classify") => cli::classify(&args[1..]),
        Some("text") => cli::text(&args[1..]),
        Some("eval") => pith::eval::run(&args[1..]),
        Some("train") => pith::train::run(&args[1..]),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("pith: {message}");
            ExitCode::from(2)
        }
    }
}

mod cli {
    use pith::classify::{classify as classify_page, REASONS};
    use pith::native::{read_html_file, snapshot_from_html};
    use pith::snapshot::Snapshot;
    use pith::text::visible_text;
    use pith::verdict::Label;
    use serde_json::json;

    fn split_flags<'a>(args: &'a [String], known: &[&str]) -> Result<(Vec<&'a str>, &'a str), String> {
        let mut flags = Vec::new();
        let mut file = None;
        for arg in args {
            if arg.starts_with("--") {
                if !known.contains(&arg.as_str()) {
                    return Err(format!("unknown option {arg}"));
                }
                flags.push(arg.as_str());
            } else if file.replace(arg.as_str()).is_some() {
                return Err("give one page".into());
            }
        }
        Ok((flags, file.ok_or("missing PAGE.html")?))
    }

    /// The first words of a subtree's text, for a human to recognise the block.
    fn excerpt(snap: &Snapshot, index: usize, max_chars: usize) -> String {
        let mut out = String::new();
        for node in &snap.nodes[index..snap.subtree_end(index)] {
            if node.is_text() {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&node.text);
                if out.chars().count() >= max_chars {
                    break;
                }
            }
        }
        out.chars().take(max_chars).collect()
    }

    /// The page's snapshot: parsed from HTML, or with `--wire` decoded from a wire-format file. The
    /// HTML too when there is one (for `--timing`).
    fn load(file: &str, wire: bool) -> Result<(Snapshot, Option<String>), String> {
        if wire {
            let text = std::fs::read_to_string(file).map_err(|e| format!("{file}: {e}"))?;
            let snap = Snapshot::decode(text.trim_end_matches('\n')).map_err(|e| format!("{file}: {e:?}"))?;
            return Ok((snap, None));
        }
        let html = read_html_file(file)?;
        Ok((snapshot_from_html(&html), Some(html)))
    }

    pub fn classify(args: &[String]) -> Result<(), String> {
        let (flags, file) = split_flags(args, &["--json", "--timing", "--wire"])?;
        let (snap, html) = load(file, flags.contains(&"--wire"))?;
        let verdict = classify_page(&snap);
        if flags.contains(&"--timing") {
            return timing(html.as_deref().ok_or("--timing needs an HTML page")?);
        }
        let paths = snap.paths();
        if flags.contains(&"--json") {
            let marks: Vec<_> = verdict
                .marks
                .iter()
                .map(|m| {
                    json!({
                        "node": m.node,
                        "path": paths[m.node as usize],
                        "label": m.label.name(),
                        "score": (m.score * 1000.0).round() / 1000.0,
                        "reason": REASONS.get(m.reason as usize).copied().unwrap_or("?"),
                        "text": excerpt(&snap, m.node as usize, 80),
                    })
                })
                .collect();
            let out = json!({ "apply": verdict.apply, "nodes": snap.len(), "marks": marks });
            emit(&serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
            return Ok(());
        }
        let container = {
            let seg = pith::blocks::Segmentation::new(&snap);
            pith::features::extract(&snap, &seg).container.map(|c| paths[c as usize].clone())
        };
        let mut table = format!(
            "{} nodes, {} marks, {}; content container {}\n",
            snap.len(),
            verdict.marks.len(),
            if verdict.apply { "clean view applies" } else { "abstains: hides nothing" },
            container.as_deref().unwrap_or("none")
        );
        for m in &verdict.marks {
            table += &format!(
                "{:<8} {:.2}  {:<48}  {:<40}  {}\n",
                m.label.name(),
                m.score,
                shorten(&paths[m.node as usize], 48),
                REASONS.get(m.reason as usize).copied().unwrap_or("?"),
                excerpt(&snap, m.node as usize, 60)
            );
        }
        emit(table.trim_end());
        Ok(())
    }

    /// Where the time of one page goes, stage by stage (best of 20 runs each).
    fn timing(html: &str) -> Result<(), String> {
        use pith::blocks::Segmentation;
        use pith::features::extract;
        use pith::model::SHIPPED;
        use std::time::Instant;
        let best = |f: &mut dyn FnMut()| {
            (0..20)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1e3
                })
                .fold(f64::MAX, f64::min)
        };
        let snap = snapshot_from_html(html);
        let seg = Segmentation::new(&snap);
        let features = extract(&snap, &seg);
        let wire = snap.encode();
        let parse = best(&mut || drop(snapshot_from_html(html)));
        let decode = best(&mut || drop(Snapshot::decode(&wire)));
        let segment = best(&mut || drop(Segmentation::new(&snap)));
        let featurise = best(&mut || drop(extract(&snap, &seg)));
        let model = best(&mut || drop(SHIPPED.probabilities(&snap, &seg, &features)));
        let total = best(&mut || drop(classify_page(&snap)));
        emit(&format!(
            "{} nodes, {} blocks: parse+snapshot {parse:.3} ms | decode {decode:.3} | segment {segment:.3} | features {featurise:.3} | model {model:.3} | classify total {total:.3} ms",
            snap.len(),
            seg.blocks.len()
        ));
        Ok(())
    }

    /// Writes to stdout; a closed pipe (`pith classify page.html | head`) ends quietly instead of panicking.
    fn emit(text: &str) {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(text.as_bytes()).and_then(|_| stdout.write_all(b"\n"));
    }

    fn shorten(path: &str, max: usize) -> String {
        let count = path.chars().count();
        if count <= max {
            return path.to_string();
        }
        let tail: String = path.chars().skip(count - (max - 1)).collect();
        format!("…{tail}")
    }

    pub fn text(args: &[String]) -> Result<(), String> {
        let (flags, file) = split_flags(args, &["--all", "--wire"])?;
        let (snap, _) = load(file, flags.contains(&"--wire"))?;
        let verdict = classify_page(&snap);
        let hide_all = flags.contains(&"--all") || !verdict.apply;
        let text = visible_text(&snap, Some(&verdict), |l| !hide_all && l != Label::Content);
        emit(&text);
        Ok(())
    }
}
