//! Bytes → HTML parse (the native adapter) → snapshot → classify, plus the wire round trip of that
//! snapshot. Must never panic, and the verdict must be well-formed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use pith::snapshot::Snapshot;

fuzz_target!(|data: &[u8]| {
    let html = String::from_utf8_lossy(data);
    let snap = pith::native::snapshot_from_html(&html);
    let verdict = pith::classify::classify(&snap);
    for mark in &verdict.marks {
        assert!((mark.node as usize) < snap.len(), "mark outside the snapshot");
    }
    // What the native adapter builds must survive the wire unchanged (the browser path reads the wire).
    let decoded = Snapshot::decode(&snap.encode()).expect("own encoding decodes");
    assert_eq!(decoded.len(), snap.len());
    assert_eq!(pith::classify::classify(&decoded).to_wire(), verdict.to_wire(), "wire path disagrees");
});
