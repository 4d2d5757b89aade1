// What hiding a big block costs in style recalc (layout-tree detach), at once or in batches of its
// children: a 100k-element synthetic page, the related rail (~37k elements) hidden by an attribute rule.
//   node tests/bench/probe-hide.mjs
import { writeFileSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { launchPlain, serveStatic } from '../e2e/lib/browser.mjs';
import { synthetic } from './synthetic.mjs';
const tmp = mkdtempSync(join(tmpdir(), 'ph-'));
writeFileSync(join(tmp, 's.html'), synthetic(100000));
const server = await serveStatic({ '/': tmp });
const browser = await launchPlain();
for (const mode of ['whole', 'batches', 'whole', 'batches', 'labelonly']) {
  const page = await browser.newPage();
  await page.goto(`${server.url}/s.html`, { waitUntil: 'load' });
  await page.waitForTimeout(500);
  const r = await page.evaluate(async (mode) => {
    const st = document.createElement('style');
    st.textContent = 'html[data-h~="promo"] [data-l="promo"] { display: none !important; }';
    document.head.appendChild(st);
    getComputedStyle(document.body).display;
    const aside = document.querySelector('aside');
    const out = [];
    const force = () => { const t = performance.now(); getComputedStyle(aside).display; return performance.now() - t; };
    if (mode === 'labelonly') {
      aside.setAttribute('data-l', 'promo'); out.push(force());
    } else if (mode === 'whole') {
      document.documentElement.setAttribute('data-h', 'promo');
      aside.setAttribute('data-l', 'promo'); out.push(force());
    } else {
      document.documentElement.setAttribute('data-h', 'promo');
      const kids = [...aside.children];
      for (let i = 0; i < kids.length; i += 1000) {
        for (const k of kids.slice(i, i + 1000)) k.setAttribute('data-l', 'promo');
        out.push(force());
      }
      aside.setAttribute('data-l', 'promo'); out.push(force());
      for (const k of kids) k.removeAttribute('data-l'); out.push(force());
    }
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    return { n: aside.getElementsByTagName('*').length, total: out.reduce((a, b) => a + b, 0), max: Math.max(...out), steps: out.length };
  }, mode);
  console.log(mode, JSON.stringify(r));
  await page.close();
}
await browser.close(); await server.close();
