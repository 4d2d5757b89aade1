//! Prediction files: the text a tool left for each page, in the benchmark's `output/*.json` shape:
//! `{key: {"articleBody": text}}` or `{"version": ..., "output": {key: {"articleBody": text}}}`.
//! A key is `"<source>/<id>"` or, as in the upstream files, the bare page id. WCXB's
//! `{key: "text"}` shape is accepted too.

use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// One tool's predictions.
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    /// Tool name: the file stem, e.g. `trafilatura`.
    pub name: String,
    /// Version string from the file, when it has one.
    pub version: Option<String>,
    texts: HashMap<String, String>,
}

impl Predictions {
    /// Loads a prediction file. A null or missing `articleBody` is an empty prediction, as upstream.
    pub fn load(path: &Path) -> Result<Predictions, String> {
        let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        Predictions::parse(name, &bytes).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses the bytes of a prediction file.
    pub fn parse(name: String, bytes: &[u8]) -> Result<Predictions, String> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| format!("not JSON: {e}"))?;
        let (version, entries) = match value.get("output") {
            Some(Value::Object(output)) => {
                (value.get("version").map(|v| v.to_string().trim_matches('"').to_owned()), output)
            }
            _ => (None, value.as_object().ok_or("expected a JSON object of predictions")?),
        };
        let mut texts = HashMap::with_capacity(entries.len());
        for (key, entry) in entries {
            let text = match entry {
                Value::String(text) => text.clone(),
                Value::Object(fields) => {
                    fields.get("articleBody").and_then(Value::as_str).unwrap_or_default().to_owned()
                }
                Value::Null => String::new(),
                other => return Err(format!("entry {key:?}: expected an object or a string, found {other}")),
            };
            texts.insert(key.clone(), text);
        }
        Ok(Predictions { name, version, texts })
    }

    /// The prediction for a page, looked up as `"<source>/<id>"`, then as the bare id.
    pub fn get(&self, source: &str, id: &str) -> Option<&str> {
        self.texts.get(&format!("{source}/{id}")).or_else(|| self.texts.get(id)).map(String::as_str)
    }

    /// Number of predictions in the file.
    pub fn len(&self) -> usize {
        self.texts.len()
    }

    /// Whether the file held no predictions.
    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }
}

/// Loads every `*.json` in `dir` (but `*.status.json`), sorted by name.
pub fn load_dir(dir: &Path) -> Result<Vec<Predictions>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    // `*.status.json` files beside browser-mode predictions hold page states, not texts.
    let is_predictions = |p: &Path| {
        let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        name.ends_with(".json") && !name.ends_with(".status.json")
    };
    let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).filter(|p| is_predictions(p)).collect();
    paths.sort();
    if paths.is_empty() {
        return Err(format!("no *.json prediction files in {}", dir.display()));
    }
    paths.iter().map(|p| Predictions::load(p)).collect()
}

/// Writes predictions in the versioned shape, keys `"<source>/<id>"`, sorted for stable diffs.
pub fn write(path: &Path, version: &str, texts: &[(String, String)]) -> Result<(), String> {
    let mut output = serde_json::Map::new();
    let mut sorted: Vec<&(String, String)> = texts.iter().collect();
    sorted.sort();
    for (key, text) in sorted {
        output.insert(key.clone(), serde_json::json!({ "articleBody": text }));
    }
    let doc = serde_json::json!({ "version": version, "output": output });
    let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_upstream_shapes_and_key_forms() {
        let plain =
            Predictions::parse("a".into(), br#"{"x1": {"articleBody": "t"}, "x2": {"articleBody": null}}"#).unwrap();
        assert_eq!(
            (plain.get("scrapinghub", "x1"), plain.get("s", "x2"), plain.get("s", "x3")),
            (Some("t"), Some(""), None)
        );
        let versioned =
            Predictions::parse("b".into(), br#"{"version": "1.2", "output": {"s/x": {"articleBody": "u"}}}"#).unwrap();
        assert_eq!((versioned.get("s", "x"), versioned.version.as_deref()), (Some("u"), Some("1.2")));
        let wcxb = Predictions::parse("c".into(), br#"{"0001": "text"}"#).unwrap();
        assert_eq!(wcxb.get("wcxb-dev", "0001"), Some("text"));
        assert!(Predictions::parse("d".into(), b"[1]").is_err());
    }
}
