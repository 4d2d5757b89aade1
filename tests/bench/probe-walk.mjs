import { readFileSync, readdirSync } from 'node:fs';
// Microbenchmark of the snapshot walk in a fresh isolated world (cold) and again (warm), per variant:
//   OLD_SNAPSHOT=old.js node tests/bench/probe-walk.mjs [pages] [bare,attrs,names,getattr,vis,text,full,old]
// Each figure: per page the best of REPS (3) fresh loads, then the median over pages.
// 'full' is extension/snapshot.js, 'old' the file in OLD_SNAPSHOT (wires compared: must be equal).
import { join } from 'node:path';
import { launchPlain, serveStatic, freshWorld, CORPUS } from '../e2e/lib/browser.mjs';
const SNAP = readFileSync(new URL('../../extension/snapshot.js', import.meta.url), 'utf8');
const OLD = process.env.OLD_SNAPSHOT ? readFileSync(process.env.OLD_SNAPSHOT, 'utf8') : SNAP;
const wires = {};
const server = await serveStatic();
const browser = await launchPlain();
const ids = readdirSync(join(CORPUS, 'scrapinghub')).sort().slice(0, Number(process.argv[2] || 8));
const variants = (process.argv[3] || 'bare,attrs,names,getattr,vis,text,full').split(',');
const all = {};
const REPS = Number(process.env.REPS || 3);
const best = {};
for (const id of ids) {
  for (let rep = 0; rep < REPS; rep++) for (const v of variants) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/corpus/scrapinghub/${id}/page.html`, { waitUntil: 'load' });
    await page.waitForTimeout(300);
    const world = await freshWorld(page);
    await world.evaluate(v === 'old' ? OLD : SNAP);
    const expr = `(() => {
      const v = ${JSON.stringify(v)};
      const t0 = performance.now();
      let n = 0, x = 0;
      if (v === 'full' || v === 'old') { const r = PithSnapshot.build(document); return { ms: performance.now() - t0, n: r.count, len: r.wire.length, wire: r.wire }; }
      const root = document.body;
      let node = root;
      while (node) {
        n++;
        if (node.nodeType === 1) {
          if (v === 'attrs' && node.hasAttributes()) for (const a of node.attributes) x += a.value.length;
          if (v === 'names' && node.hasAttributes()) for (const a of node.getAttributeNames()) x += node.getAttribute(a).length;
          if (v === 'getattr') { x += node.id.length + (node.getAttribute('class') || '').length + (node.getAttribute('role') || '').length + (node.getAttribute('href') !== null ? 1 : 0); }
          if (v === 'vis') x += node.checkVisibility({ visibilityProperty: true }) ? 1 : 0;
          if (v === 'vis' && node.localName === 'script') { }
        } else if (v === 'text' && node.nodeType === 3) x += PithSnapshot.textOf(node.data).length;
        let next = node.firstChild;
        if (next && (node.localName === 'script' || node.localName === 'style')) next = null;
        if (!next) {
          let cur = node;
          for (;;) { if (cur === root) { next = null; break; } if (cur.nextSibling) { next = cur.nextSibling; break; } cur = cur.parentNode; }
        }
        node = next;
      }
      return { ms: performance.now() - t0, n, x };
    })()`;
    const r1 = await world.evaluate(expr);
    const r2 = await world.evaluate(expr);
    const b = (best[id] ||= {});
    b[v + '-cold'] = Math.min(b[v + '-cold'] ?? Infinity, r1.ms);
    b[v + '-warm'] = Math.min(b[v + '-warm'] ?? Infinity, r2.ms);
    if (r1.wire) { (wires[id] ||= {})[v] = r1.wire; }
    await page.close();
  }
}
for (const b of Object.values(best)) for (const [k, x] of Object.entries(b)) (all[k] ||= []).push(x);
for (const [id, w] of Object.entries(wires)) if (w.old && w.full && w.old !== w.full) console.log('WIRE DIFFERS', id);
const med = (a) => { const s = [...a].sort((x, y) => x - y); return s[Math.floor(s.length / 2)]; };
for (const [k, a] of Object.entries(all)) console.log(k.padEnd(12), med(a).toFixed(2), a.map((x) => x.toFixed(1)).join(' '));
await browser.close(); await server.close();
