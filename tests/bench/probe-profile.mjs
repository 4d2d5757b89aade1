// CPU profile (V8 sampling) of one snapshot build in a fresh isolated world, by function self time.
//   node tests/bench/probe-profile.mjs [corpus-id|synthetic-N]
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchPlain, serveStatic, freshWorld, DEFAULT_MOUNTS } from '../e2e/lib/browser.mjs';
import { synthetic } from './synthetic.mjs';
const SNAP = readFileSync(new URL('../../extension/snapshot.js', import.meta.url), 'utf8');
const which = process.argv[2] || 'synthetic-10000';
const tmp = mkdtempSync(join(tmpdir(), 'pp-'));
if (which.startsWith('synthetic-')) writeFileSync(join(tmp, 's.html'), synthetic(Number(which.slice(10))));
const server = await serveStatic({ ...DEFAULT_MOUNTS, '/synthetic/': tmp });
const url = which.startsWith('synthetic-') ? `${server.url}/synthetic/s.html` : `${server.url}/corpus/scrapinghub/${which}/page.html`;
const browser = await launchPlain();
const page = await browser.newPage();
await page.goto(url, { waitUntil: 'load' });
await page.waitForTimeout(300);
const { cdp, evaluate } = await freshWorld(page);
await evaluate(SNAP);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
const r = await evaluate(`(() => { const t = performance.now(); const s = PithSnapshot.build(document); return [performance.now() - t, s.count, s.wire.length]; })()`);
const { profile } = await cdp.send('Profiler.stop');
const self = {};
const dt = {};
for (let i = 0; i < profile.samples.length; i++) dt[profile.samples[i]] = (dt[profile.samples[i]] || 0) + (profile.timeDeltas[i] || 0);
for (const n of profile.nodes) {
  const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  self[k] = (self[k] || 0) + (dt[n.id] || 0) / 1000;
}
console.log(`build: ${r[0].toFixed(1)} ms, ${r[1]} records, ${r[2]} chars`);
for (const [k, v] of Object.entries(self).sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(v.toFixed(2).padStart(8), k);
await browser.close();
await server.close();
