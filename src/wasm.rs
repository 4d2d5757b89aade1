//! The wasm adapter: the only Rust that touches wasm-bindgen. It is deliberately thin: one call in
//! (the snapshot as one string, see [`crate::snapshot`]) and one call out (a flat `u32` array, see
//! [`crate::verdict::Verdict::to_wire`]), so a page costs one string copy and one array copy across
//! the boundary instead of a JS↔wasm call per node. The snapshot itself is built in JS
//! (`extension/snapshot.js`), because the content script must run it in the page while the core runs
//! in the extension's service worker (see the comment at the top of `extension/background.js`).

use crate::classify::{REASONS, R_COMMENTS};
use crate::snapshot::Snapshot;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);
}

/// Runs once when the module is instantiated: a Rust panic is logged as a readable console error
/// (its message and where it happened) before the bare `unreachable` trap the caller sees.
#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        let mut text = String::from("pith core panicked: ");
        text.push_str(info.payload_as_str().unwrap_or("(no message)"));
        if let Some(at) = info.location() {
            text.push_str(" at ");
            text.push_str(at.file());
            text.push(':');
            text.push_str(&at.line().to_string());
        }
        console_error(&text);
    }));
}

/// Classifies a page snapshot (the wire string built by `snapshot.js`).
///
/// Returns `[version, apply, n, (node, label, score‰, reason) × n]`: see
/// [`crate::verdict::Verdict::to_wire`]. A malformed snapshot is a JS `Error` with the decoder's message.
#[wasm_bindgen]
pub fn classify(snapshot: &str) -> Result<Vec<u32>, JsError> {
    let snap = Snapshot::decode(snapshot).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(crate::classify::classify(&snap).to_wire())
}

/// Names of the reason codes in [`classify`]'s result, one per line, in code order. One string, not
/// an array of strings: the glue for a `Vec<String>` cost more wasm than this whole function.
#[wasm_bindgen]
pub fn reason_names() -> String {
    REASONS.join("\n")
}

/// The reason code of reader comments in [`classify`]'s result (the extension's comments switch).
#[wasm_bindgen]
pub fn comment_reason() -> u32 {
    R_COMMENTS
}

/// The core's version (the crate version), so the UI can show which core labelled a page.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
