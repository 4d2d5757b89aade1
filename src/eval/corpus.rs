//! The corpus on disk: `<source>/<id>/page.html` (or `page.html.gz`) beside `truth.json`, the
//! deterministic tune/holdout split, and reading one page's files.

use flate2::read::GzDecoder;
use serde_json::Value;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Folders under the corpus root that hold no pages.
const NOT_SOURCES: [&str; 1] = ["peer-outputs"];

/// Which half of the corpus a page belongs to. Tuning decisions may look only at [`Split::Tune`];
/// [`Split::Holdout`] is for reporting how the classifier generalises.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Split {
    /// Pages the classifier may be tuned and trained on.
    Tune,
    /// Pages kept out of every tuning decision.
    Holdout,
}

impl Split {
    /// Name used on the command line and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Split::Tune => "tune",
            Split::Holdout => "holdout",
        }
    }
}

/// The split of a page: FNV-1a (64-bit) of the UTF-8 bytes of `"<source>/<id>"`; an even hash is
/// `tune`, an odd one `holdout`. A fixed, documented hash (not Rust's randomised `Hash`) so that any
/// tool in any language can reproduce it, and a page never changes side when others are added.
pub fn split_of(source: &str, id: &str) -> Split {
    if page_hash(source, id).is_multiple_of(2) {
        Split::Tune
    } else {
        Split::Holdout
    }
}

/// Which half of the tune split a page falls in for `pith train --validate`: the hash's second bit, so
/// model settings can be compared on tune pages the trial model was not fitted on, without holdout.
pub fn validation_fold(source: &str, id: &str) -> bool {
    page_hash(source, id) & 2 != 0
}

fn page_hash(source: &str, id: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in source.bytes().chain(std::iter::once(b'/')).chain(id.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// One page of the corpus, located but not yet read.
#[derive(Debug, Clone)]
pub struct PageRef {
    /// Source folder name, e.g. `scrapinghub`.
    pub source: String,
    /// Page folder name inside its source.
    pub id: String,
    /// `page.html` or `page.html.gz`.
    pub page_file: PathBuf,
    /// `truth.json`.
    pub truth_file: PathBuf,
}

impl PageRef {
    /// `"<source>/<id>"`, the key used in per-page output and prediction files.
    pub fn key(&self) -> String {
        format!("{}/{}", self.source, self.id)
    }

    /// The page's split.
    pub fn split(&self) -> Split {
        split_of(&self.source, &self.id)
    }
}

fn sorted_subdirs(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() && !name.starts_with('.') {
            out.push((name, path));
        }
    }
    out.sort();
    Ok(out)
}

/// Lists the pages under `root` in (source, id) order, keeping only `sources` when it is not empty.
/// Folders without a page or a truth file become warnings, not errors.
pub fn list_pages(root: &Path, sources: &[String]) -> Result<(Vec<PageRef>, Vec<String>), String> {
    let mut pages = Vec::new();
    let mut warnings = Vec::new();
    let available = sorted_subdirs(root)?;
    for wanted in sources {
        if !available.iter().any(|(name, _)| name == wanted) {
            return Err(format!("no source folder {wanted:?} in {}", root.display()));
        }
    }
    for (source, source_dir) in available {
        if NOT_SOURCES.contains(&source.as_str()) || (!sources.is_empty() && !sources.contains(&source)) {
            continue;
        }
        for (id, dir) in sorted_subdirs(&source_dir)? {
            let truth_file = dir.join("truth.json");
            let page_file = ["page.html", "page.html.gz"].iter().map(|name| dir.join(name)).find(|p| p.is_file());
            match page_file {
                Some(page_file) if truth_file.is_file() => {
                    pages.push(PageRef { source: source.clone(), id, page_file, truth_file })
                }
                _ => warnings.push(format!("{source}/{id}: no page.html[.gz] or truth.json, skipped")),
            }
        }
    }
    Ok((pages, warnings))
}

/// The parts of `truth.json` the evaluation uses.
#[derive(Debug, Clone, Default)]
pub struct Truth {
    /// Text that should stay visible.
    pub content_text: String,
    /// Snippets that must stay visible (WCXB).
    pub with: Vec<String>,
    /// Snippets that must be hidden (WCXB).
    pub without: Vec<String>,
    /// WCXB page type (article, forum, product, ...).
    pub page_type: Option<String>,
    /// A small synthetic Readability fixture, left out of every score.
    pub small_fixture: bool,
    /// Share of the truth's shingles found in the page's static visible text (`truth_in_page.visible_recall4`):
    /// low when the content is loaded by script, which no method working on the HTML can recover.
    pub in_page: Option<f64>,
}

impl Truth {
    /// Parses a truth file's bytes; missing optional fields default to empty.
    pub fn parse(bytes: &[u8]) -> Result<Truth, String> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("truth.json is not JSON: {e}"))?;
        let strings = |field: &str| -> Vec<String> {
            value[field]
                .as_array()
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default()
        };
        Ok(Truth {
            content_text: value["content_text"].as_str().unwrap_or_default().to_owned(),
            with: strings("with"),
            without: strings("without"),
            page_type: value["page_type"].as_str().map(str::to_owned),
            small_fixture: value["small_fixture"].as_bool().unwrap_or(false),
            in_page: value["truth_in_page"]["visible_recall4"].as_f64(),
        })
    }
}

/// Reads a page file, un-gzipping `.gz`. Invalid UTF-8 is replaced rather than refused: the corpus is
/// UTF-8, and a stray byte should cost a character, not the page.
pub fn page_html(path: &Path, bytes: &[u8]) -> Result<String, String> {
    if path.extension().is_some_and(|e| e == "gz") {
        let mut raw = Vec::new();
        GzDecoder::new(bytes).read_to_end(&mut raw).map_err(|e| format!("{}: bad gzip: {e}", path.display()))?;
        Ok(String::from_utf8_lossy(&raw).into_owned())
    } else {
        Ok(String::from_utf8_lossy(bytes).into_owned())
    }
}

/// Reads a whole file with its path in the error.
pub fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_fnv1a_of_the_key() {
        // Expected sides computed independently (Python: FNV-1a 64 of the key, parity).
        assert_eq!(split_of("wcxb-dev", "0001"), Split::Holdout); // 0xc3860afe40123ea3
        assert_eq!(split_of("wcxb-dev", "0002"), Split::Tune); // 0xc3860bfe40124056
        assert_eq!(split_of("readability", "nytimes-1"), Split::Holdout); // 0x4a623598521f737d
        let id = "042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856";
        assert_eq!(split_of("scrapinghub", id), Split::Tune); // 0x3a8e5b46b30f5e16
    }

    #[test]
    fn truth_fields_default_when_missing() {
        let t = Truth::parse(br#"{"content_text": "x", "with": ["a", 3]}"#).unwrap();
        assert_eq!((t.content_text.as_str(), t.with.len(), t.without.len(), t.small_fixture), ("x", 1, 0, false));
        assert!(Truth::parse(b"{").is_err());
    }
}
