//! Bytes → `Snapshot::decode` → classify: the path a content script's string takes into the core.
//! Malformed input must be an error, never a panic; accepted input must classify and re-encode.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pith::snapshot::Snapshot;

fuzz_target!(|data: &[u8]| {
    let Ok(wire) = std::str::from_utf8(data) else { return };
    let Ok(snap) = Snapshot::decode(wire) else { return };
    let verdict = pith::classify::classify(&snap);
    let out = verdict.to_wire();
    assert!(out.len() >= 3 && out.len() == 3 + 4 * out[2] as usize, "malformed verdict wire");
    for mark in &verdict.marks {
        assert!((mark.node as usize) < snap.len(), "mark outside the snapshot");
    }
    let again = Snapshot::decode(&snap.encode()).expect("re-encoding decodes");
    assert_eq!(again.len(), snap.len());
});
