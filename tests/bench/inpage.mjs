#!/usr/bin/env node
// In-tab benchmark: the built extension (dist/chromium) in headless Chromium, Pith, Readability.js 0.6
// and the bare DOM walk measured in the same tab, on the scrapinghub pages of the corpus and on
// synthetic pages of 10k/50k/100k elements. Prints figures; asserts nothing (./build.sh bench).
//
//   node tests/bench/inpage.mjs [--pages N] [--synthetic 10000,50000,100000] [--json OUT]
//   --pages 0 skips the corpus; --synthetic '' skips the synthetic pages. PITH_CORPUS as for the e2e tests.
//
// Per page, after Pith's first pass is done (data-pith ready/abstain):
//   pith       data-pith-ms: Pith's own total (snapshot + classify + mark, wall clock by performance.now())
//   main       data-pith-main-ms: the part of it on the page's main thread (snapshot slices, sending the
//              message, marking); the rest is waiting for the service worker while the page runs
//   snapshot, classify, mark, round trip: the content script's breakdown (its 'state' answer)
//   message    round trip minus classify: what crossing to the service worker costs
//   start-up   the first page of the run, with a cold worker (worker start + wasm compile and
//              instantiate + cold first call), printed apart and not counted in the table
//   longest    Pith's longest main-thread stretch, self-measured: max(longest snapshot slice, in-page
//              classify, mark); and any long task (PerformanceObserver 'longtask', ≥ 50 ms) that
//              overlaps Pith's working window or the 500 ms after it (the style recalc of the marks)
//   readability  new Readability(document.cloneNode(true)).parse() in the page's main world
//   floor      document.querySelectorAll('*') walked, reading each element's localName and class
//              (best of 3 in the main world: warm wrappers); cold floor: once in a fresh isolated world
//   --extension DIR  another build of the extension (for A/B runs against dist/chromium)
// Plus: pages with the site off (data-pith-ms of the off decision; whether any wasm was fetched).
import { readFileSync, readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { synthetic } from './synthetic.mjs';
import { launchWithExtension, serveStatic, waitForPith, freshWorld, CORPUS, DEFAULT_MOUNTS } from '../e2e/lib/browser.mjs';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const PAGES = Number(opt('pages', 181));
const SYNTHETIC = String(opt('synthetic', '10000,50000,100000'))
  .split(',')
  .filter(Boolean)
  .map(Number);
const JSON_OUT = opt('json', null);
const EXTENSION = opt('extension', undefined); // another build of the extension (A/B runs)

const readabilityPath = require.resolve('@mozilla/readability/Readability.js');
const READABILITY_VERSION = require('@mozilla/readability/package.json').version;
const READABILITY = readFileSync(readabilityPath, 'utf8');

// ---- in-page probes (main world) ---------------------------------------------------------------

// Installed before any page script: long tasks and the times data-pith changes.
const INIT = `(() => {
  const b = (window.__pithBench = { long: [], states: [] });
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) b.long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver(() => {
    const s = document.documentElement && document.documentElement.getAttribute('data-pith');
    if (s && (b.states.length === 0 || b.states[b.states.length - 1][1] !== s)) b.states.push([performance.now(), s]);
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-pith'] });
})();`;

async function floorMs(page) {
  return page.evaluate(() => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t = performance.now();
      let n = 0;
      for (const el of document.querySelectorAll('*')) n += el.localName.length + (el.getAttribute('class') || '').length;
      best = Math.min(best, performance.now() - t);
      if (n < 0) return -1;
    }
    return best;
  });
}

/** The floor's walk once in a fresh isolated world: what any content script's first walk pays at least
 *  (a JS wrapper is created for every element it touches; the floor above re-reads warm wrappers). */
async function coldFloorMs(page) {
  const world = await freshWorld(page, `floor-${Date.now()}`);
  try {
    return await world.evaluate(
      `(() => { const t = performance.now(); let n = 0; for (const el of document.querySelectorAll('*')) n += el.localName.length + (el.getAttribute('class') || '').length; return n < 0 ? -1 : performance.now() - t; })()`,
    );
  } finally {
    await world.cdp.detach().catch(() => {});
  }
}

async function readabilityMs(page) {
  // Evaluated through the DevTools protocol: not subject to the page's CSP.
  await page.evaluate(`${READABILITY}\n;window.__PithBenchReadability = Readability; 0`);
  return page.evaluate(() => {
    const t = performance.now();
    const article = new window.__PithBenchReadability(document.cloneNode(true)).parse();
    return { ms: performance.now() - t, chars: article && article.textContent ? article.textContent.length : 0 };
  });
}

async function pithState(serviceWorker, url) {
  return serviceWorker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    if (!tab) return null;
    return chrome.tabs.sendMessage(tab.id, { type: 'state' }, { frameId: 0 });
  }, url);
}

// Long tasks are counted from 'working' until this long after 'ready': the style recalc that the
// marks cause (hidden subtrees leave the layout tree) runs in the next frames, not in Pith's tasks.
const AFTER_MS = 500;

function longestOverlap(bench) {
  const start = bench.states.find((s) => s[1] === 'working');
  const end = bench.states.find((s) => s[1] === 'ready' || s[1] === 'abstain');
  if (!start || !end) return 0;
  let longest = 0;
  for (const [t, d] of bench.long) if (t < end[0] + AFTER_MS && t + d > start[0]) longest = Math.max(longest, d);
  return longest;
}

async function measure(context, serviceWorker, url, { readability = true } = {}) {
  const page = await context.newPage();
  const wasm = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasm.push(r.url()));
  try {
    await page.goto(url, { waitUntil: 'load', timeout: 60000 });
    const { status, ms } = await waitForPith(page, { states: ['ready', 'abstain', 'off'], timeout: 60000 });
    if (status !== 'off') await page.waitForTimeout(AFTER_MS);
    const mainMs = await page.evaluate(() => Number(document.documentElement.getAttribute('data-pith-main-ms')));
    // An off page has no content script to ask (early.js, the gate, is all that runs there).
    const state = status === 'off' ? {} : (await pithState(serviceWorker, page.url())) || {};
    const t = state.timings || {};
    const bench = await page.evaluate(() => window.__pithBench || { long: [], states: [] });
    const nodes = await page.evaluate(() => document.getElementsByTagName('*').length);
    const row = {
      url,
      status,
      pith: ms,
      main: mainMs,
      elements: nodes,
      snapshot: t.snapshot,
      classify: t.classify,
      mark: t.mark,
      roundTrip: t.roundTrip,
      message: t.roundTrip - t.classify,
      send: t.send,
      startup: state.startupMs,
      longestSelf: Math.max(t.longestSlice || 0, t.mark || 0),
      longTask: longestOverlap(bench),
      wasmFetched: wasm.length,
      note: state.note || '',
    };
    if (readability && status !== 'off') {
      const r = await readabilityMs(page).catch((e) => ({ ms: NaN, error: String(e) }));
      row.readability = r.ms;
      row.floor = await floorMs(page);
      row.coldFloor = await coldFloorMs(page).catch(() => NaN);
    }
    return row;
  } finally {
    await page.close();
  }
}

// ---- statistics --------------------------------------------------------------------------------

function stats(values) {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const q = (p) => v[Math.min(v.length - 1, Math.round((v.length - 1) * p))];
  return { n: v.length, median: q(0.5), p95: q(0.95), max: v[v.length - 1] };
}

const fmt = (x) => (x == null || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(2));

function table(title, rows, columns) {
  console.log(`\n${title}`);
  console.log(`  ${'measure'.padEnd(34)} ${'median'.padStart(8)} ${'p95'.padStart(8)} ${'max'.padStart(8)}   n`);
  for (const [name, get] of columns) {
    const s = stats(rows.map(get));
    if (!s) continue;
    console.log(`  ${name.padEnd(34)} ${fmt(s.median).padStart(8)} ${fmt(s.p95).padStart(8)} ${fmt(s.max).padStart(8)}   ${s.n}`);
  }
}

// ---- run ---------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'pith-bench-'));
for (const n of SYNTHETIC) writeFileSync(join(tmp, `synthetic-${n}.html`), synthetic(n));
const server = await serveStatic({ ...DEFAULT_MOUNTS, '/synthetic/': tmp });
const { context, serviceWorker, close } = await launchWithExtension(EXTENSION ? { extensionDir: EXTENSION } : {});
await context.addInitScript(INIT);
const version = await context.browser()?.version?.() ?? 'chromium';
const results = { corpus: [], synthetic: [], off: [] };
try {
  await serviceWorker.evaluate(() => pith.setDefault(true));
  const dir = join(CORPUS, 'scrapinghub');
  const ids = existsSync(dir) ? readdirSync(dir).filter((id) => existsSync(join(dir, id, 'page.html'))).sort() : [];
  if (PAGES > 0 && !ids.length) console.log(`bench: no corpus at ${dir}; corpus pages skipped`);
  const chosen = ids.slice(0, PAGES);
  // One warm-up page (service worker start, first compile), not counted.
  if (chosen.length) results.cold = await measure(context, serviceWorker, `${server.url}/corpus/scrapinghub/${chosen[0]}/page.html`, { readability: false });
  const started = Date.now();
  for (const [i, id] of chosen.entries()) {
    const row = await measure(context, serviceWorker, `${server.url}/corpus/scrapinghub/${id}/page.html`).catch((e) => ({ url: id, error: String(e) }));
    row.id = id.slice(0, 8);
    results.corpus.push(row);
    if ((i + 1) % 20 === 0) console.error(`bench: ${i + 1}/${chosen.length} pages, ${Math.round((Date.now() - started) / 1000)}s`);
  }
  for (const n of SYNTHETIC) {
    const row = await measure(context, serviceWorker, `${server.url}/synthetic/synthetic-${n}.html`).catch((e) => ({ error: String(e) }));
    row.size = n;
    results.synthetic.push(row);
  }
  // Site off: what a page pays when Pith does nothing.
  await serviceWorker.evaluate(() => pith.setDefault(false));
  for (const id of chosen.slice(0, Math.min(10, chosen.length))) {
    results.off.push(await measure(context, serviceWorker, `${server.url}/corpus/scrapinghub/${id}/page.html`, { readability: false }));
  }
} finally {
  await close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}

// ---- report ------------------------------------------------------------------------------------

const ok = results.corpus.filter((r) => !r.error);
const failed = results.corpus.filter((r) => r.error);
const statuses = {};
for (const r of ok) statuses[r.status] = (statuses[r.status] || 0) + 1;
console.log(`\nPith in-tab benchmark: ${version}, Readability.js ${READABILITY_VERSION}, ${ok.length} scrapinghub pages (${JSON.stringify(statuses)}; core in the service worker)${failed.length ? `, ${failed.length} failed` : ''}`);
table('scrapinghub pages, ms per page', ok, [
  ['pith total (data-pith-ms)', (r) => r.pith],
  ['pith main thread (data-pith-main-ms)', (r) => r.main],
  ['  snapshot (main thread)', (r) => r.snapshot],
  ['  send (main thread)', (r) => r.send],
  ['  mark (main thread)', (r) => r.mark],
  ['  round trip (snapshot → labels)', (r) => r.roundTrip],
  ['    classify (wasm, service worker)', (r) => r.classify],
  ['    message (round trip − classify)', (r) => r.message],
  ['  longest Pith stretch (self)', (r) => r.longestSelf],
  ['start-up: connecting to the worker', (r) => r.startup],
  ['  long task ≥50 ms, Pith + 500 ms', (r) => r.longTask],
  ['readability parse() on a clone', (r) => r.readability],
  ['floor: querySelectorAll walk', (r) => r.floor],
  ['floor, cold (fresh isolated world)', (r) => r.coldFloor],
  ['ratio readability / pith total', (r) => r.readability / r.pith],
  ['ratio readability / pith main', (r) => r.readability / r.main],
  ['ratio pith total / floor', (r) => r.pith / r.floor],
  ['ratio pith main / floor', (r) => r.main / r.floor],
  ['ratio pith main / cold floor', (r) => r.main / r.coldFloor],
  ['elements per page', (r) => r.elements],
]);
const cold = results.cold;
if (cold && !cold.error) {
  console.log(`\nstart-up, first page with a cold service worker (not in the table): data-pith-ms ${fmt(cold.pith)}, round trip ${fmt(cold.roundTrip)}, classify ${fmt(cold.classify)}`);
}
if (results.synthetic.length) {
  console.log('\nsynthetic pages, ms');
  console.log('  elements    status   pith    main  snapshot classify   mark  longest-self  longtask  readability  floor');
  for (const r of results.synthetic) {
    if (r.error) {
      console.log(`  ${String(r.size).padStart(8)}  error: ${r.error}`);
      continue;
    }
    console.log(
      `  ${String(r.elements).padStart(8)}  ${r.status.padEnd(7)} ${fmt(r.pith).padStart(6)} ${fmt(r.main).padStart(7)} ${fmt(r.snapshot).padStart(9)} ${fmt(r.classify).padStart(8)} ${fmt(r.mark).padStart(6)} ${fmt(r.longestSelf).padStart(13)} ${fmt(r.longTask).padStart(9)} ${fmt(r.readability).padStart(12)} ${fmt(r.floor).padStart(6)}  ${r.note}`,
    );
  }
}
if (results.off.length) {
  const s = stats(results.off.map((r) => r.pith));
  const wasm = results.off.reduce((a, r) => a + r.wasmFetched, 0);
  console.log(`\nsite off (${results.off.length} pages): data-pith-ms median ${fmt(s.median)}, max ${fmt(s.max)}; .wasm fetched by these pages: ${wasm}`);
}
for (const r of failed) console.log(`failed: ${r.id}: ${r.error}`);
if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(results, null, 1));
