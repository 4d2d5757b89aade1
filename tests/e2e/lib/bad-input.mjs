// Bad input: one fixture per case with its expected outcome (README "Browser tests"). Static ones live
// in tests/fixtures/bad/ (each says why in a comment); the big ones are generated here into
// tests/out/gen/ (served at /gen/). Every row must end in one of its expected states with no error,
// and Pith's own time (data-pith-ms) must stay under a second: no hang.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { REPO, DEFAULT_MOUNTS } from './server.mjs';
import { waitStatus, status, scaledLimit } from './scenarios.mjs';

export const GEN = join(REPO, 'tests', 'out', 'gen');
export const MOUNTS = { ...DEFAULT_MOUNTS, '/gen/': GEN };

const ARTICLE = `<article><h1>Harbour news</h1>${'<p>The harbour master said the new pontoons would be in place before the summer, with room for forty more boats and a fuel berth for the fishing fleet. Work starts next week.</p>'.repeat(4)}</article>`;
const page = (body, head = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>generated</title>${head}</head><body>${body}</body></html>`;

/** Writes the generated fixtures once (deterministic content). */
export function generate() {
  mkdirSync(GEN, { recursive: true });
  const files = {
    // 10 MB in one text node, plus an article.
    'text-10mb.html': () => page(`${ARTICLE}<p class="log">${'tide '.repeat(2 * 1024 * 1024)}</p>`),
    // A 1 MB class attribute.
    'attr-1mb.html': () => page(`<div class="${'x'.repeat(1024 * 1024)}">${ARTICLE}</div>`),
    // 100,000 sibling elements.
    'siblings-100k.html': () => page(`${ARTICLE}<div class="list">${'<span>s</span>'.repeat(100000)}</div>`),
    // 5,000 nested elements from the parser (Blink and Gecko cap the tree depth; what is left is still deep).
    'deep-parser.html': () => page(`${'<div>'.repeat(5000)}${ARTICLE}${'</div>'.repeat(5000)}`),
    // A deep tree built by script (no parser cap). 2,500, not 10,000: Chromium 156's own layout
    // crashes the tab on a 10,000-deep tree with no extension at all; the 10,000-deep walk is a unit
    // test (extension/tests/snapshot.test.mjs).
    'deep-script.html': () =>
      page(
        ARTICLE,
        `<script>addEventListener('DOMContentLoaded', () => { let n = document.body; for (let i = 0; i < 2500; i++) { const d = document.createElement('div'); n.appendChild(d); n = d; } n.textContent = 'the bottom of a very deep tree'; });</script>`,
      ),
    // Binary garbage served as text/html (a fixed pseudo-random sequence, NULs included).
    'garbage.html': () => {
      let x = 0x2545f491;
      const bytes = Buffer.alloc(256 * 1024);
      for (let i = 0; i < bytes.length; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        bytes[i] = x & 0xff;
      }
      return bytes;
    },
    // The synthetic 100,000-element page (an article among lots of clutter): see big-page.mjs.
    'big-100k.html': () => bigPage(100000),
  };
  for (const [name, make] of Object.entries(files)) {
    writeFileSync(join(GEN, name), make());
  }
}

/** A page of about `elements` elements: header/menu, an article, rails of link lists, a footer. */
export function bigPage(elements) {
  const parts = [ARTICLE];
  let count = 20;
  let i = 0;
  while (count < elements) {
    // One rail section: section + h3 + ul + 24 × (li + a) = 51 elements.
    parts.push(`<section class="rail-${i % 7}"><h3>More stories ${i}</h3><ul>${Array.from({ length: 24 }, (_, k) => `<li><a href="/s/${i}/${k}">Story ${i}.${k} headline</a></li>`).join('')}</ul></section>`);
    count += 51;
    i++;
  }
  // Long tasks are recorded from the start, with the moment Pith starts working (data-pith=working).
  const probe = `<script>window.__tasks = []; window.__pithStart = null;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push([e.startTime, e.duration]); }).observe({ type: 'longtask', buffered: true });
    new MutationObserver(() => { if (window.__pithStart === null && document.documentElement.getAttribute('data-pith') === 'working') window.__pithStart = performance.now(); })
      .observe(document.documentElement, { attributes: true, attributeFilter: ['data-pith'] });</script>`;
  return page(
    `<header><nav class="menu"><a href="/">Home</a> <a href="/news">News</a></nav></header><main>${parts[0]}</main><aside class="rails">${parts.slice(1).join('')}</aside><footer><p>© 2026 The Harbour Post. All rights reserved.</p></footer>`,
    probe,
  );
}

/**
 * path, expected data-pith states, why. 'none' = Pith does not run there (allowed only where a
 * browser does not inject content scripts), and the page is left untouched.
 */
export const CASES = [
  ['/fixtures/bad/malformed.html', ['ready', 'abstain'], 'mis-nested HTML: the repaired tree is read'],
  ['/fixtures/bad/frameset.html', ['abstain'], 'frameset: no body to read at the top'],
  ['/fixtures/bad/page.xml', ['abstain', 'none'], 'XML: no HTML blocks'],
  ['/fixtures/bad/page.xhtml', ['ready', 'abstain'], 'XHTML article'],
  ['/fixtures/bad/image.svg', ['abstain', 'none'], 'SVG document: no body'],
  ['/fixtures/bad/plain.txt', ['abstain', 'none'], 'text/plain'],
  ['/fixtures/bad/image.png', ['abstain', 'none'], 'image document'],
  ['/fixtures/bad/wrong-charset.html', ['ready', 'abstain'], 'Latin-1 bytes served as UTF-8'],
  ['/fixtures/bad/monkey-patch.html', ['ready'], 'patched prototypes and clobbered document properties'],
  ['/fixtures/bad/csp-trusted-types.html', ['ready'], 'strict CSP + Trusted Types'],
  ['/gen/text-10mb.html', ['ready', 'abstain'], '10 MB text node'],
  ['/gen/attr-1mb.html', ['ready', 'abstain'], '1 MB attribute'],
  ['/gen/siblings-100k.html', ['ready', 'abstain'], '100k siblings'],
  ['/gen/deep-parser.html', ['ready', 'abstain'], 'deep nesting from the parser'],
  ['/gen/deep-script.html', ['ready', 'abstain'], '2,500-deep tree built by script'],
  ['/gen/garbage.html', ['ready', 'abstain'], 'binary garbage as text/html (the core may read the decoded noise as text: a clean run either way)'],
];

/** Runs every case with clean view on; returns rows { path, status, ms, why }. */
// The figure is "no hang over 1 s"; it is printed per fixture (`over 1 s target` marks a miss)
// while the assertion is a breaker three times wider, so a busy machine does not fail the run (the
// 100k-sibling page takes ~0.8 s of sliced work on an idle 2-core machine).
const TARGET_MS = 1000;

export async function badInput(d, { cases = CASES, maxMs = 3 * TARGET_MS } = {}) {
  generate();
  await d.setSite(true);
  const rows = [];
  for (const [path, want, why] of cases) {
    const page = await d.open(path);
    let got;
    try {
      got = await waitStatus(page, want.filter((s) => s !== 'none'), 10000);
    } catch (error) {
      got = await status(page);
      if (!(got === null && want.includes('none'))) throw new Error(`${path} (${why}): data-pith ${got}, expected ${want}: ${error.message}`);
      got = 'none';
    }
    const ms = await page.evaluate(() => Number(document.firstElementChild?.attributes.getNamedItem('data-pith-ms')?.value) || 0);
    const limit = scaledLimit(maxMs);
    assert.ok(ms < limit, `${path}: Pith spent ${ms} ms (limit ${limit})`);
    rows.push({ path, status: got, ms, why: ms > TARGET_MS ? `${why}; over the 1 s target` : why });
    await page.close();
  }
  await d.setSite(false);
  return rows;
}
