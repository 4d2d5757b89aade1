// Real pages: the extension cleans pages of ../shared/corpus/scrapinghub (PITH_CORPUS overrides the
// corpus dir, PITH_CORPUS_PAGES the number of pages, default 12) without errors, and reports timings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, serveStatic, waitForPith, CORPUS } from './lib/browser.mjs';
import { labelCounts } from './lib/page.mjs';

const COUNT = Number(process.env.PITH_CORPUS_PAGES || 12);
const DIR = join(CORPUS, 'scrapinghub');

let server;
let browser;

before(async () => {
  server = await serveStatic();
  browser = await launchWithExtension();
  await browser.serviceWorker.evaluate(() => pith.setDefault(true));
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};

test(`corpus: ${COUNT} scrapinghub pages are cleaned without errors`, async () => {
  assert.ok(existsSync(DIR), `corpus not found at ${DIR} (set PITH_CORPUS)`);
  const ids = readdirSync(DIR).sort().slice(0, COUNT);
  assert.ok(ids.length >= Math.min(COUNT, 10), 'enough corpus pages');
  const rows = [];
  const problems = [];
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => {
    // The pages' own scripts fail without their network; only errors from Pith count.
    if (String(error.stack).includes('chrome-extension://')) problems.push(`pageerror from the extension: ${error.message}`);
  });
  page.on('console', (m) => {
    if (m.text().startsWith('pith:')) problems.push(`${m.type()}: ${m.text()}`);
  });
  for (const id of ids) {
    await page.goto(`${server.url}/corpus/scrapinghub/${id}/page.html`, { waitUntil: 'load', timeout: 30000 });
    const { status, ms } = await waitForPith(page, { timeout: 30000 });
    const timings = await browser.serviceWorker.evaluate(async (url) => {
      const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
      const state = tab ? await chrome.tabs.sendMessage(tab.id, { type: 'state' }, { frameId: 0 }) : null;
      return state && state.timings;
    }, page.url());
    const counts = await labelCounts(page);
    rows.push({ id: id.slice(0, 8), status, ms, ...timings, counts });
    if (status === 'ready' && counts.content === 0) problems.push(`${id}: ready without content marks`);
  }
  await page.close();
  for (const r of rows) {
    console.log(
      `# ${r.id} ${r.status.padEnd(7)} ${r.ms.toFixed(1).padStart(6)} ms  snapshot ${r.snapshot?.toFixed(1)} ms` +
        `  round trip ${r.roundTrip?.toFixed(1)} ms (worker ${r.worker?.toFixed(1)}, css ${r.css?.toFixed(1)}, classify ${r.classify?.toFixed(1)})  ${r.nodes} nodes` +
        `  ${JSON.stringify(r.counts)}`,
    );
  }
  const ready = rows.filter((r) => r.status === 'ready');
  console.log(
    `# ${ready.length}/${rows.length} ready; median data-pith-ms ${median(rows.map((r) => r.ms)).toFixed(1)}` +
      ` (snapshot ${median(rows.map((r) => r.snapshot)).toFixed(1)}, round trip ${median(rows.map((r) => r.roundTrip)).toFixed(1)},` +
      ` classify ${median(rows.map((r) => r.classify)).toFixed(1)})`,
  );
  assert.deepEqual(problems, []);
  assert.ok(ready.length >= 10, 'at least 10 corpus pages cleaned');
  assert.deepEqual(browser.extensionRequests, [], 'no network requests from extension contexts');
});
