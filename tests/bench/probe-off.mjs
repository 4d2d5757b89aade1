// What a page whose site is off pays for Pith, from a Chromium trace of the page's renderer: every
// script evaluation and function call of a chrome-extension:// script on the main thread (compile,
// run, and the world set-up V8 reports under them), per page load, with the built extension.
//   node tests/bench/probe-off.mjs [pages] [--extension DIR]   (DIR: another build, default dist/chromium)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, serveStatic, waitForPith, CORPUS } from '../e2e/lib/browser.mjs';

const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'toplevel', 'blink', 'extensions'].join(',');
const server = await serveStatic();
const at = process.argv.indexOf('--extension');
const { context, close } = await launchWithExtension(at === -1 ? {} : { extensionDir: process.argv[at + 1] });
const ids = readdirSync(join(CORPUS, 'scrapinghub')).sort().slice(0, Number(/^\d+$/.test(process.argv[2] || '') ? process.argv[2] : 10));
const totals = [];
const byName = {};
for (const id of ids) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  const chunks = [];
  cdp.on('Tracing.dataCollected', (e) => chunks.push(...e.value));
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await page.goto(`${server.url}/corpus/scrapinghub/${id}/page.html`);
  await waitForPith(page, { states: ['off'], timeout: 30000 });
  await page.waitForTimeout(200);
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.end');
  await done;
  // Outermost events whose script is ours.
  const ours = chunks.filter((e) => e.ph === 'X' && /chrome-extension:\/\//.test(JSON.stringify(e.args?.data?.url ?? e.args?.data?.scriptName ?? e.args?.data?.fileName ?? e.args?.fileName ?? '')));
  ours.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let total = 0;
  let end = -1;
  for (const e of ours) {
    const key = `${e.name} ${String(e.args?.data?.url || e.args?.fileName || '').split('/').pop()}`;
    byName[key] = (byName[key] || 0) + e.dur / 1000;
    if (e.ts >= end) {
      total += e.dur / 1000;
      end = e.ts + e.dur;
    }
  }
  totals.push(total);
  const status = await page.evaluate(() => [document.documentElement.getAttribute('data-pith'), document.documentElement.getAttribute('data-pith-ms')]);
  console.log(`${id.slice(0, 8)} ${status.join(' ')}  traced main-thread ms of extension scripts: ${total.toFixed(2)}`);
  await page.close();
}
totals.sort((a, b) => a - b);
console.log(`median ${totals[Math.floor(totals.length / 2)].toFixed(2)} ms, max ${totals.at(-1).toFixed(2)} ms over ${totals.length} pages`);
for (const [k, v] of Object.entries(byName).sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${(v / ids.length).toFixed(2).padStart(6)} ms/page  ${k}`);
await close();
await server.close();
