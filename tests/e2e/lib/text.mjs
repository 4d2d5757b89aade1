// The text a reader sees in a page, and the snapshot the extension sees, read from a live page for the
// browser-mode eval (tests/e2e/eval-browser.mjs) and the text parity test (tests/e2e/extension.test.mjs).
// Both are evaluated over CDP (Runtime.evaluate in the main world), which the page's CSP does not
// restrict, so they work on pages served with `script-src 'none'`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './server.mjs';

const SNAPSHOT_SOURCE = readFileSync(join(REPO, 'extension', 'snapshot.js'), 'utf8');

/**
 * The response header of the eval's static mode: no script of the page runs (inline, external or
 * handler), while the extension's content scripts do (a page's CSP does not apply to them) and
 * scripting stays enabled (so <noscript> is not rendered, as in the CLI).
 */
export const STATIC_CSP = "script-src 'none'";

async function evaluate(page, expression) {
  const session = await page.context().newCDPSession(page);
  try {
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', { expression, returnByValue: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description || exceptionDetails.text);
    return result.value;
  } finally {
    await session.detach().catch(() => {});
  }
}

/**
 * The text a reader sees in the page now, as the corpus truth and the CLI (src/text.rs) write it:
 * document.body.innerText (rendering, CSS display/visibility, block and line boundaries, Pith's own
 * hiding) read with three adjustments, made for one synchronous read and undone before it returns
 * (only text-node data, the document's adopted style sheets and detached-then-restored <select>s
 * change; the content script reacts to none of it before the read is done):
 * - form controls show no text: innerText lists every <option> of a closed drop-down (a reader sees
 *   one), and already leaves out input and textarea values; the snapshot has no option text either;
 * - letters keep the case of the source (`text-transform` is presentation; the metric's tokens are
 *   case-sensitive, and the truth has the source's case);
 * - sections under `content-visibility: auto` are read too: off screen their rendering is skipped and
 *   innerText leaves them out, though a reader who scrolls sees them (WP Rocket's lazy rendering puts
 *   it on every section: wcxb-dev 0028 read 4,432 characters of its 9,167);
 * - `spaced` (default): every text node is read with a separator on either side, so the text of two
 *   adjacent inline elements is two words, the convention of the corpus truth ("its Arte mis m oon
 *   program ." for `<a>Arte</a><a>mis m</a><a>oon</a> program .`) and of the CLI. A reader sees
 *   "Artemis moon": `spaced: false` gives that. The convention moves word boundaries only, never
 *   what is visible. The separator is U+200B, turned into a space after the read: a space would be
 *   collapsed away at the edges of an inline-block (two buttons "Sign In" and "Search" read
 *   "Sign InSearch"), a zero-width space is not.
 */
export async function readText(page, { spaced = true } = {}) {
  return evaluate(
    page,
    `(() => {
      const body = document.body;
      if (!body) return '';
      // A constructed sheet: no node in the page, and not refused by a page CSP without 'unsafe-inline'.
      const style = new CSSStyleSheet();
      style.replaceSync('*, *::before, *::after, *::first-letter, *::first-line { text-transform: none !important; } * { content-visibility: visible !important; }');
      const adopted = document.adoptedStyleSheets;
      document.adoptedStyleSheets = [...adopted, style];
      const selects = [];
      for (const select of body.querySelectorAll('select')) {
        const stand = document.createComment('select');
        select.replaceWith(stand);
        selects.push([stand, select]);
      }
      const padded = [];
      if (${spaced ? 'true' : 'false'}) {
        // Not the text of <style> (a separator would change its first selector) nor of other elements
        // whose text is code or a control's value.
        const skip = new Set(['style', 'script', 'noscript', 'template', 'textarea', 'xmp', 'title']);
        const walk = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
        for (let t = walk.nextNode(); t; t = walk.nextNode()) {
          if (skip.has(t.parentNode.localName) || t.data.trim() === '') continue;
          padded.push([t, t.data]);
          t.data = '\u200b' + t.data + '\u200b';
        }
      }
      try {
        const text = body.innerText;
        return ${spaced ? "text.replace(/\u200b+/g, ' ')" : 'text'};
      } finally {
        for (const [t, data] of padded) t.data = data;
        for (const [stand, select] of selects) stand.replaceWith(select);
        document.adoptedStyleSheets = adopted;
      }
    })()`,
  );
}

/**
 * The snapshot of the page as the extension sees it, rebuilt in the page's main world with
 * extension/snapshot.js (Pith-hidden blocks walked as shown, as a second pass of the content script
 * does), and the marks in the page as [snapshot index, label]:
 * { articleBody: wire, marks } or { articleBody: '', error }.
 */
export async function snapshotOf(page, source = SNAPSHOT_SOURCE) {
  // Concatenated, not interpolated: a template literal would rewrite the backslash escapes of the source.
  const expression =
    '(() => {\n' +
    source +
    `
      const hidden = (document.documentElement.getAttribute('data-pith-hide') || '').split(' ').filter(Boolean);
      const snap = globalThis.PithSnapshot.build(document, { hiddenLabels: hidden, maxMs: 60000 });
      delete globalThis.PithSnapshot;
      if (!snap.wire) return { articleBody: '', error: snap.over };
      const marks = [];
      snap.nodes.forEach((node, i) => {
        const label = node.nodeType === 1 && node.getAttribute('data-pith-label');
        if (label) marks.push([i, label]);
      });
      return { articleBody: snap.wire, marks };
    })()`;
  try {
    return await evaluate(page, expression);
  } catch (error) {
    return { articleBody: '', error: error.message };
  }
}
