// A/B of two snapshot.js files in fresh isolated worlds (cold, as a content script runs it):
//   OLD_SNAPSHOT=old.js node tests/bench/probe-ab.mjs [reps] [corpus-pages] [synthetic-sizes]
// Per page and variant: the median of REPS fresh worlds; the wires must be equal.
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchPlain, serveStatic, freshWorld, CORPUS, DEFAULT_MOUNTS } from '../e2e/lib/browser.mjs';
import { synthetic } from './synthetic.mjs';
const NEW = readFileSync(new URL('../../extension/snapshot.js', import.meta.url), 'utf8');
const OLD = readFileSync(process.env.OLD_SNAPSHOT, 'utf8');
const reps = Number(process.argv[2] || 5);
const tmp = mkdtempSync(join(tmpdir(), 'ab-'));
const urls = [];
const server0 = await serveStatic({ ...DEFAULT_MOUNTS, '/synthetic/': tmp });
for (const n of String(process.argv[4] ?? '100000').split(',').filter(Boolean)) {
  writeFileSync(join(tmp, `s${n}.html`), synthetic(Number(n)));
  urls.push([`synthetic-${n}`, `${server0.url}/synthetic/s${n}.html`]);
}
for (const id of readdirSync(join(CORPUS, 'scrapinghub')).sort().slice(0, Number(process.argv[3] || 8))) urls.push([id.slice(0, 8), `${server0.url}/corpus/scrapinghub/${id}/page.html`]);
const browser = await launchPlain();
const med = (v) => v.sort((a, b) => a - b)[Math.floor(v.length / 2)];
const totals = { old: [], new: [] };
for (const [name, url] of urls) {
  const t = { old: [], new: [] };
  const wires = {};
  for (let r = 0; r < reps; r++) for (const [v, src] of [['old', OLD], ['new', NEW]]) {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForTimeout(200);
    const world = await freshWorld(page, 'ab');
    await world.evaluate(src);
    const res = await world.evaluate(`(() => { const t = performance.now(); const s = PithSnapshot.build(document); return [performance.now() - t, s.wire]; })()`);
    t[v].push(res[0]);
    wires[v] = res[1];
    await page.close();
  }
  if (wires.old !== wires.new) console.log(`${name}: wires differ`);
  if (process.env.DUMP) for (const v of ['old', 'new']) writeFileSync(join(process.env.DUMP, `${name}.${v}.wire`), wires[v]);
  totals.old.push(med(t.old));
  totals.new.push(med(t.new));
  console.log(`${name.padEnd(18)} old ${med(t.old).toFixed(2).padStart(8)}  new ${med(t.new).toFixed(2).padStart(8)}`);
}
const corpusOld = totals.old.slice(urls.filter((u) => u[0].startsWith('synthetic')).length);
const corpusNew = totals.new.slice(urls.filter((u) => u[0].startsWith('synthetic')).length);
if (corpusOld.length) console.log(`corpus median: old ${med(corpusOld).toFixed(2)} new ${med(corpusNew).toFixed(2)}`);
await browser.close();
await server0.close();
