// Pith marks: the only writes Pith makes to a page, and their exact inverse. Shared verbatim by the
// content script, the service worker (for CSS), the demo and the paste page.
//
// Writes: `data-pith-label` on each marked element, and on <html> `data-pith-hide` (which classes the
// stylesheet hides) and `data-pith-unlock` (scrolling was locked by a block we hide). The stylesheet
// is one constant string, so it can be inserted once and removed by the very same text (what
// chrome.scripting.removeCSS needs), and switching a class on or off is one attribute write.
// `data-pith` / `data-pith-ms` (the automation status) are written by the caller.
(function (global) {
  'use strict';

  /** Label names by wire code (src/verdict.rs Label). */
  const LABELS = ['content', 'promo', 'nav', 'legal'];
  /** Classes a user can hide. Content is never hidden. */
  const HIDEABLE = ['promo', 'nav', 'legal'];
  const ATTR_LABEL = 'data-pith-label';
  const ATTR_HIDE = 'data-pith-hide';
  const ATTR_UNLOCK = 'data-pith-unlock';

  // User-origin !important beats any author rule (even !important), so a page cannot re-show a
  // block by out-specifying us. overflow-y only: pages often keep overflow-x:hidden on purpose.
  const CSS =
    HIDEABLE.map((c) => `html[${ATTR_HIDE}~="${c}"] [${ATTR_LABEL}="${c}"]`).join(',\n') +
    ' { display: none !important; }\n' +
    `html[${ATTR_UNLOCK}], html[${ATTR_UNLOCK}] > body { overflow-y: auto !important; }\n`;

  /**
   * Reads the core's result (src/verdict.rs Verdict::to_wire). Throws on anything malformed, so a
   * wrong or truncated answer can never mark random nodes.
   */
  function decode(wire, nodeCount) {
    if (!wire || wire.length < 3 || wire[0] !== 1) throw new Error('pith: unknown verdict format');
    const n = wire[2];
    if (wire.length !== 3 + 4 * n) throw new Error('pith: verdict length mismatch');
    const marks = [];
    for (let i = 3; i < wire.length; i += 4) {
      const node = wire[i];
      const label = LABELS[wire[i + 1]];
      if (node >= nodeCount || !label) throw new Error('pith: verdict mark out of range');
      marks.push({ node, label, score: wire[i + 2] / 1000, reason: wire[i + 3] });
    }
    return { apply: wire[1] === 1, marks };
  }

  /** Marked elements: [{ el, label, score, reason }] for the marks that are elements. */
  function resolve(marks, nodes) {
    const out = [];
    for (const m of marks) {
      const el = nodes[m.node];
      if (el && el.nodeType === 1) out.push({ el, label: m.label, score: m.score, reason: m.reason });
    }
    return out;
  }

  function counts(marked) {
    const c = { content: 0, promo: 0, nav: 0, legal: 0 };
    for (const m of marked) c[m.label]++;
    return c;
  }

  /** Number of marked blocks the given classes hide. */
  function hiddenCount(marked, hidden) {
    let n = 0;
    for (const m of marked) if (hidden.includes(m.label)) n++;
    return n;
  }

  /** Writes the labels. */
  function label(marked) {
    for (const m of marked) m.el.setAttribute(ATTR_LABEL, m.label);
  }

  /** Did the page lock scrolling on <html> or <body> (what a cookie wall or modal does)? */
  function scrollLocked(doc) {
    const win = doc.defaultView;
    for (const el of [doc.documentElement, doc.body]) {
      if (!el) continue;
      const s = win.getComputedStyle(el);
      if (s.overflowY === 'hidden' || s.overflowY === 'clip') return true;
    }
    return false;
  }

  /**
   * Hides the given classes (CSS must be in place) and unlocks scrolling when a hidden promo or
   * legal block is what most likely locked it. Call with [] to show everything again.
   */
  function show(doc, marked, hidden) {
    const html = doc.documentElement;
    // Read the page's own lock before our unlock rule can apply.
    html.removeAttribute(ATTR_UNLOCK);
    if (hidden.length) html.setAttribute(ATTR_HIDE, hidden.join(' '));
    else html.removeAttribute(ATTR_HIDE);
    const hidesOverlay = marked.some((m) => (m.label === 'legal' || m.label === 'promo') && hidden.includes(m.label));
    if (hidesOverlay && scrollLocked(doc)) html.setAttribute(ATTR_UNLOCK, '');
  }

  /** Removes every Pith write except the caller's status attributes: the exact inverse of label()+show(). */
  function clear(doc) {
    const html = doc.documentElement;
    if (!html) return;
    html.removeAttribute(ATTR_HIDE);
    html.removeAttribute(ATTR_UNLOCK);
    for (const el of doc.querySelectorAll(`[${ATTR_LABEL}]`)) el.removeAttribute(ATTR_LABEL);
  }

  global.PithMarks = { LABELS, HIDEABLE, CSS, decode, resolve, counts, hiddenCount, label, show, clear, scrollLocked };
})(globalThis);
