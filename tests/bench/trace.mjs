#!/usr/bin/env node
// Where Pith's main-thread time goes, from a Chromium trace (CDP Tracing): loads pages with the built
// extension (site on), records the page renderer's main thread from navigation until Pith is done
// (+ 300 ms for the style recalc and layout its marks cause), and prints every top-level task of
// that window that ran Pith's content scripts or followed them, with what it spent its time on.
//   node tests/bench/trace.mjs [--pages N] [--synthetic 10000,100000] [--min 1] [--all]
// --min: smallest task printed (ms). --all: print tasks of the whole window, not only Pith's.
import { readdirSync, existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchWithExtension, serveStatic, waitForPith, CORPUS, DEFAULT_MOUNTS } from '../e2e/lib/browser.mjs';
import { synthetic } from './synthetic.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? dflt : args[i + 1];
};
const PAGES = Number(opt('pages', 5));
const SYNTHETIC = String(opt('synthetic', '10000,100000')).split(',').filter(Boolean).map(Number);
const MIN = Number(opt('min', 1));
const ALL = args.includes('--all');

const MARK = `(() => {
  new MutationObserver(() => {
    const s = document.documentElement && document.documentElement.getAttribute('data-pith');
    if (s) console.timeStamp('pith:' + s);
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-pith'] });
})();`;

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel', 'disabled-by-default-v8.gc', 'disabled-by-default-devtools.timeline.invalidationTracking'].join(',');

async function traceOf(cdp, run) {
  const chunks = [];
  cdp.on('Tracing.dataCollected', (e) => chunks.push(...e.value));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await run();
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  return chunks;
}

/** Main-thread tasks of the page's renderer, each with the time of its notable descendants. */
function analyse(events) {
  const stamps = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message?.startsWith('pith:'));
  if (!stamps.length) return null;
  const pid = stamps[0].pid;
  const tid = stamps[0].tid;
  const start = stamps.find((s) => s.args.data.message === 'pith:working')?.ts ?? stamps[0].ts;
  const endStamp = stamps.find((s) => /pith:(ready|abstain)/.test(s.args.data.message));
  if (!endStamp) return null;
  const end = endStamp.ts + 300000;
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.ts + (e.dur || 0) >= start && e.ts <= end);
  const tasks = mine.filter((e) => e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask').sort((a, b) => a.ts - b.ts);
  const top = [];
  for (const t of tasks) if (!top.length || t.ts >= top[top.length - 1].ts + top[top.length - 1].dur) top.push(t);
  const NOTABLE = new Set(['FunctionCall', 'v8.callFunction', 'EvaluateScript', 'v8.compile', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'MinorGC', 'MajorGC', 'V8.GCScavenger', 'V8.GC_MARK_COMPACTOR', 'ParseHTML', 'V8.DeserializeContext', 'MessageLoop::RunTask', 'RunMicrotasks', 'TimerFire', 'FireIdleCallback', 'EventDispatch', 'V8Console::TimeStamp', 'Document::updateStyleAndLayout', 'ScheduleStyleRecalculation', 'InvalidateLayout', 'UpdateLayerTree', 'Commit', 'HitTest']);
  const out = [];
  for (const t of top) {
    const inside = mine.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur || 0) <= t.ts + t.dur);
    const urls = new Set(inside.map((e) => e.args?.data?.url || e.args?.data?.scriptName || '').filter((u) => u));
    // Pith's tasks: those entering a content script, and continuations (microtasks only, no page script).
    const pith = [...urls].some((u) => u.startsWith('chrome-extension://')) || (urls.size === 0 && inside.some((e) => e.name === 'RunMicrotasks') && !inside.some((e) => e.name === 'ParseHTML'));
    const sums = {};
    for (const e of inside) if (NOTABLE.has(e.name)) sums[e.name] = (sums[e.name] || 0) + e.dur / 1000;
    const styled = inside.filter((e) => e.name === 'UpdateLayoutTree').map((e) => e.args?.elementCount ?? e.args?.data?.elementCount ?? e.args?.beginData?.elementCount).filter((x) => x != null);
    if (styled.length) sums.elements = styled.reduce((a, b) => a + b, 0);
    out.push({ at: (t.ts - start) / 1000, ms: t.dur / 1000, pith, sums, files: [...urls].filter((u) => u.startsWith('chrome-extension://')).map((u) => u.split('/').pop()) });
  }
  return { window: (endStamp.ts - start) / 1000, tasks: out };
}

const tmp = mkdtempSync(join(tmpdir(), 'pith-trace-'));
for (const n of SYNTHETIC) writeFileSync(join(tmp, `synthetic-${n}.html`), synthetic(n));
const server = await serveStatic({ ...DEFAULT_MOUNTS, '/synthetic/': tmp });
const { context, serviceWorker, close } = await launchWithExtension();
await context.addInitScript(MARK);
try {
  await serviceWorker.evaluate(() => pith.setDefault(true));
  const dir = join(CORPUS, 'scrapinghub');
  const ids = existsSync(dir) ? readdirSync(dir).sort().slice(0, PAGES) : [];
  const urls = [ids.length ? `${server.url}/corpus/scrapinghub/${ids[0]}/page.html` : null, ...ids.map((id) => `${server.url}/corpus/scrapinghub/${id}/page.html`), ...SYNTHETIC.map((n) => `${server.url}/synthetic/synthetic-${n}.html`)].filter(Boolean);
  for (const [i, url] of urls.entries()) {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    let pithMs = 0;
    const events = await traceOf(cdp, async () => {
      await page.goto(url, { waitUntil: 'load', timeout: 60000 });
      pithMs = (await waitForPith(page, { states: ['ready', 'abstain'], timeout: 60000 })).ms;
      await page.waitForTimeout(400);
    });
    const mainMs = await page.evaluate(() => document.documentElement.getAttribute('data-pith-main-ms'));
    const status = await page.evaluate(() => document.documentElement.getAttribute('data-pith'));
    await page.close();
    if (i === 0) continue; // warm-up (cold service worker)
    const r = analyse(events);
    const name = url.split('/').slice(-2).join('/').slice(0, 40);
    if (!r) {
      console.log(`\n${name}: no Pith window in the trace`);
      continue;
    }
    const shown = r.tasks.filter((t) => (ALL || t.pith || t.sums.UpdateLayoutTree || t.sums.Layout) && t.ms >= MIN);
    const pithTotal = r.tasks.filter((t) => t.pith).reduce((a, t) => a + t.ms, 0);
    const longest = Math.max(0, ...r.tasks.filter((t) => t.pith).map((t) => t.ms));
    console.log(`\n${name}: ${status}, data-pith-ms ${pithMs}, data-pith-main-ms ${mainMs ?? '-'}; tasks running Pith: ${r.tasks.filter((t) => t.pith).length}, ${pithTotal.toFixed(1)} ms in all, longest ${longest.toFixed(1)} ms`);
    for (const t of shown) {
      const parts = Object.entries(t.sums).filter(([, v]) => v >= 0.2).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', ');
      console.log(`  +${t.at.toFixed(1).padStart(7)} ms  ${t.ms.toFixed(1).padStart(6)} ms ${t.pith ? 'pith' : '    '}  ${parts}  ${t.files.join(' ')}`);
    }
  }
} finally {
  await close();
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
}
