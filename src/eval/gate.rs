//! The CI quality gate: figures that may only go up, pinned beside a hash of the corpus they were
//! measured on, so a corpus change is a deliberate re-pin and a quality drop fails the build.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Figures by scope (`all`, a source name) then metric name (`f1`, `recall`, ...).
pub type Figures = BTreeMap<String, BTreeMap<String, f64>>;

/// Floors are stored rounded down to this many decimals, so a re-run on the same code passes.
const DECIMALS: f64 = 10_000.0;
/// Slack for float formatting round trips only; any real drop fails.
const EPSILON: f64 = 1e-9;

/// The floors file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FloorsFile {
    /// Why the floors are what they are; kept across updates.
    #[serde(default)]
    pub note: String,
    /// Hash of the evaluated corpus files (see [`corpus_hash`]).
    pub corpus_hash: String,
    /// Number of pages the hash covers.
    pub pages: usize,
    /// What was evaluated: `pith` (the classifier) or `hide-nothing`.
    pub mode: String,
    /// Which split was evaluated.
    pub split: String,
    /// Which sources were evaluated (empty: all).
    #[serde(default)]
    pub sources: Vec<String>,
    /// The floors themselves.
    pub floors: Figures,
}

/// What the run measured and what it was measured on.
pub struct Measured<'a> {
    /// Current figures.
    pub figures: &'a Figures,
    /// Current corpus hash.
    pub corpus_hash: &'a str,
    /// Pages covered by the hash.
    pub pages: usize,
    /// Mode name.
    pub mode: &'a str,
    /// Split name.
    pub split: &'a str,
    /// Selected sources.
    pub sources: &'a [String],
}

/// What the caller allows the gate to change.
#[derive(Debug, Clone, Copy, Default)]
pub struct Permissions {
    /// Accept a changed corpus (or selection) and reset every floor to the current figures.
    pub repin: bool,
    /// Raise floors to the current figures where those are higher.
    pub update: bool,
    /// With `update`: also lower floors to the current figures.
    pub allow_lower: bool,
}

/// Hash of the evaluated corpus: SHA-256 over the sorted lines `"<relative path>\t<sha256 of file>\n"`
/// of every truth and page file read, so renaming, adding, dropping or editing any of them changes it.
pub fn corpus_hash(mut file_digests: Vec<(String, String)>) -> String {
    file_digests.sort();
    let mut hasher = Sha256::new();
    for (path, digest) in &file_digests {
        hasher.update(path.as_bytes());
        hasher.update(b"\t");
        hasher.update(digest.as_bytes());
        hasher.update(b"\n");
    }
    format!("sha256:{}", hex(&hasher.finalize()))
}

/// SHA-256 of a file's bytes, as lowercase hex.
pub fn file_digest(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn round_down(value: f64) -> f64 {
    ((value + EPSILON) * DECIMALS).floor() / DECIMALS
}

fn rounded(figures: &Figures) -> Figures {
    figures
        .iter()
        .map(|(scope, m)| (scope.clone(), m.iter().map(|(k, v)| (k.clone(), round_down(*v))).collect()))
        .collect()
}

fn write(path: &Path, file: &FloorsFile) -> Result<(), String> {
    let text = serde_json::to_string_pretty(file).map_err(|e| e.to_string())? + "\n";
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Checks `measured` against the floors in `path`, printing one line per floor, and updates the file
/// as `permissions` allow. Errors when the corpus or selection differs without `repin`, or when a
/// figure is below its floor (unless that floor was just lowered with `allow_lower`).
pub fn check(path: &Path, measured: &Measured, permissions: Permissions, default_note: &str) -> Result<(), String> {
    let fresh = |note: String| FloorsFile {
        note,
        corpus_hash: measured.corpus_hash.to_owned(),
        pages: measured.pages,
        mode: measured.mode.to_owned(),
        split: measured.split.to_owned(),
        sources: measured.sources.to_vec(),
        floors: rounded(measured.figures),
    };
    if !path.exists() {
        if !(permissions.update || permissions.repin) {
            return Err(format!("gate: no floors file {}; create it with --update-floors", path.display()));
        }
        write(path, &fresh(default_note.to_owned()))?;
        println!("gate: created {} with the current figures", path.display());
        return Ok(());
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let pinned: FloorsFile =
        serde_json::from_str(&text).map_err(|e| format!("{}: not a floors file: {e}", path.display()))?;
    let selection_differs =
        pinned.mode != measured.mode || pinned.split != measured.split || pinned.sources != measured.sources;
    if pinned.corpus_hash != measured.corpus_hash || selection_differs {
        let what = if selection_differs {
            format!(
                "selection differs: pinned mode={} split={} sources={:?}, now mode={} split={} sources={:?}",
                pinned.mode, pinned.split, pinned.sources, measured.mode, measured.split, measured.sources
            )
        } else {
            format!(
                "corpus hash differs: pinned {} ({} pages), now {} ({} pages)",
                pinned.corpus_hash, pinned.pages, measured.corpus_hash, measured.pages
            )
        };
        if !permissions.repin {
            return Err(format!("gate: {what}; the floors no longer apply. Re-pin deliberately with --repin"));
        }
        write(path, &fresh(pinned.note))?;
        println!("gate: {what}; re-pinned {} to the current figures", path.display());
        return Ok(());
    }

    let mut failures = Vec::new();
    let mut updated = pinned.floors.clone();
    println!("gate: {} (corpus {}, {} pages)", path.display(), pinned.corpus_hash, pinned.pages);
    println!("  {:<28} {:>8} {:>8}  status", "figure", "floor", "now");
    for (scope, metrics) in &pinned.floors {
        for (metric, &floor) in metrics {
            let name = format!("{scope}.{metric}");
            let Some(&now) = measured.figures.get(scope).and_then(|m| m.get(metric)) else {
                println!("  {name:<28} {floor:>8.4} {:>8}  FAIL (not measured)", "-");
                failures.push(format!("{name} not measured"));
                continue;
            };
            let slot = updated.entry(scope.clone()).or_default().entry(metric.clone()).or_insert(floor);
            let status = if now + EPSILON >= floor {
                if permissions.update && round_down(now) > floor {
                    *slot = round_down(now);
                    "ok, floor raised"
                } else {
                    "ok"
                }
            } else if permissions.update && permissions.allow_lower {
                *slot = round_down(now);
                "below, floor lowered (--allow-lower)"
            } else {
                failures.push(format!("{name} {now:.4} < floor {floor:.4}"));
                "FAIL"
            };
            println!("  {name:<28} {floor:>8.4} {now:>8.4}  {status}");
        }
    }
    if permissions.update {
        // Figures measured now but never pinned join the file at their current value.
        for (scope, metrics) in measured.figures {
            for (metric, &now) in metrics {
                updated.entry(scope.clone()).or_default().entry(metric.clone()).or_insert_with(|| round_down(now));
            }
        }
        if updated != pinned.floors {
            write(path, &FloorsFile { floors: updated, ..pinned })?;
            println!("gate: updated {}", path.display());
        }
    }
    if failures.is_empty() {
        println!("gate: passed");
        Ok(())
    } else {
        Err(format!("gate: {} figure(s) below their floors: {}", failures.len(), failures.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(f1: f64) -> Figures {
        BTreeMap::from([("all".to_owned(), BTreeMap::from([("f1".to_owned(), f1)]))])
    }

    fn measured<'a>(figures: &'a Figures, hash: &'a str) -> Measured<'a> {
        Measured { figures, corpus_hash: hash, pages: 3, mode: "pith", split: "all", sources: &[] }
    }

    #[test]
    fn floors_only_rise_and_a_drop_fails() {
        let dir = std::env::temp_dir().join(format!("pith-gate-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("floors.json");
        let _ = std::fs::remove_file(&path);
        let up = Permissions { update: true, ..Permissions::default() };
        let (f_high, f_low) = (figures(0.91239), figures(0.9));
        assert!(check(&path, &measured(&f_high, "h1"), Permissions::default(), "n").is_err(), "no file, no update");
        check(&path, &measured(&f_high, "h1"), up, "n").unwrap();
        check(&path, &measured(&f_high, "h1"), Permissions::default(), "n").unwrap();
        assert!(check(&path, &measured(&f_low, "h1"), up, "n").is_err(), "a drop fails even with --update-floors");
        let kept: FloorsFile = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(kept.floors["all"]["f1"], 0.9123);
        check(&path, &measured(&f_low, "h1"), Permissions { allow_lower: true, ..up }, "n").unwrap();
        assert!(check(&path, &measured(&f_low, "h2"), Permissions::default(), "n").is_err(), "corpus changed");
        check(&path, &measured(&f_high, "h2"), Permissions { repin: true, ..Permissions::default() }, "n").unwrap();
        check(&path, &measured(&f_high, "h2"), Permissions::default(), "n").unwrap();
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn hash_ignores_order_but_not_content() {
        let a = corpus_hash(vec![("x".into(), "1".into()), ("y".into(), "2".into())]);
        assert_eq!(a, corpus_hash(vec![("y".into(), "2".into()), ("x".into(), "1".into())]));
        assert_ne!(a, corpus_hash(vec![("x".into(), "1".into()), ("y".into(), "3".into())]));
    }
}
