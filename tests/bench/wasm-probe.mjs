#!/usr/bin/env node
// Probe behind the "where the core runs" decision (extension/background.js): loads the same wasm
// core as the demo (www/pkg, staged by ./build.sh build) in a corpus page's main world and times
// fetch, glue import, compile, instantiate, the snapshot, then 12 classify calls in a row (the first
// runs lazily compiled baseline code) and one more after 1.5 s (tiered up). Three fresh loads.
//   node tests/bench/wasm-probe.mjs
import { launchPlain, serveStatic } from '../e2e/lib/browser.mjs';
const server = await serveStatic();
const browser = await launchPlain();
const page = await browser.newPage();
const ids = ['042bb7b5fedab6eac7db576522b89b93904c237d344bcbe14a6a5ab7f7335856'];
for (const run of [1,2,3]) {
await page.goto(`${server.url}/corpus/scrapinghub/${ids[0]}/page.html`);
const r = await page.evaluate(async (base) => {
  const out = {};
  let t = performance.now();
  const bytes = await (await fetch(base + '/pkg/pith_bg.wasm')).arrayBuffer(); out.fetch = performance.now() - t;
  t = performance.now(); const glue = await import(base + '/pkg/pith.js'); out.import = performance.now() - t;
  t = performance.now(); const mod = await WebAssembly.compile(bytes); out.compile = performance.now() - t;
  t = performance.now(); await glue.default({ module_or_path: mod }); out.instantiate = performance.now() - t;
  await new Promise(r => { const s = document.createElement('script'); s.src = base + '/pkg/snapshot.js'; s.onload = r; document.head.appendChild(s); });
  t = performance.now(); const snap = PithSnapshot.build(document); out.snapshot = performance.now() - t;
  const times = [];
  for (let i = 0; i < 12; i++) { t = performance.now(); glue.classify(snap.wire); times.push(+(performance.now() - t).toFixed(1)); }
  out.classify = times.join(' ');
  await new Promise(r => setTimeout(r, 1500));
  t = performance.now(); glue.classify(snap.wire); out.after1500ms = performance.now() - t;
  return out;
}, server.url);
console.log(JSON.stringify(r));
}
await browser.close(); await server.close();
