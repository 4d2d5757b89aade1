// Pith marks: the only writes Pith makes to a page, and their exact inverse. Shared verbatim by the
// content script, the service worker (for CSS), the demo and the paste page.
//
// Writes: `data-pith-label` on each marked element (and `data-pith-comment` on a promo mark that is
// reader comments), and on <html> `data-pith-hide` (which classes the stylesheet hides: promo, nav,
// legal, comments) and `data-pith-unlock` (scrolling was locked by a block we hide). The stylesheet
// is one constant string, so it can be inserted once and removed by the very same text (what
// chrome.scripting.removeCSS needs), and switching a class on or off is one attribute write.
// `data-pith` / `data-pith-ms` (the automation status) are written by the caller.
(function (global) {
  'use strict';

  /** Label names by wire code (src/verdict.rs Label). */
  const LABELS = ['content', 'promo', 'nav', 'legal'];
  /** Classes a user can hide. Content is never hidden; reader comments are promo marks the user may keep. */
  const HIDEABLE = ['promo', 'nav', 'legal', 'comments'];
  const ATTR_LABEL = 'data-pith-label';
  const ATTR_COMMENT = 'data-pith-comment';
  const ATTR_HIDE = 'data-pith-hide';
  const ATTR_UNLOCK = 'data-pith-unlock';

  // User-origin !important beats any author rule (even !important), so a page cannot re-show a
  // block by out-specifying us. overflow-y only: pages often keep overflow-x:hidden on purpose.
  const CSS =
    [
      `html[${ATTR_HIDE}~="promo"] [${ATTR_LABEL}="promo"]:not([${ATTR_COMMENT}])`,
      `html[${ATTR_HIDE}~="nav"] [${ATTR_LABEL}="nav"]`,
      `html[${ATTR_HIDE}~="legal"] [${ATTR_LABEL}="legal"]`,
      `html[${ATTR_HIDE}~="comments"] [${ATTR_LABEL}="promo"][${ATTR_COMMENT}]`,
    ].join(',\n') +
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

  /**
   * Marked elements: [{ el, label, score, reason, comment }] for the marks that are elements;
   * `comment`: a promo mark whose reason is `commentReason` (the core's comment_reason()), which the
   * "comments" switch governs instead of "promo". With `doc`, a mark inside an open shadow root moves
   * to its outermost host in `doc` (the one stylesheet cannot reach into shadow trees); when several
   * marks meet on one host, it is content if any of them is (never hide what might be the article),
   * else the first one's label.
   */
  function resolve(marks, nodes, doc, commentReason = -1) {
    const out = [];
    const lifted = new Map(); // host → entry in out
    const isComment = (m) => m.label === 'promo' && m.reason === commentReason;
    for (const m of marks) {
      let el = nodes[m.node];
      if (!el || el.nodeType !== 1) continue;
      const inShadow = doc && el.getRootNode() !== doc;
      if (inShadow) {
        for (let root = el.getRootNode(); root !== doc && root.host; root = el.getRootNode()) el = root.host;
        if (el.getRootNode() !== doc) continue; // detached meanwhile
        const seen = lifted.get(el);
        if (seen) {
          if (m.label === 'content') seen.label = 'content';
          continue;
        }
      }
      const entry = { el, label: m.label, score: m.score, reason: m.reason, comment: isComment(m) };
      if (inShadow) lifted.set(el, entry);
      out.push(entry);
    }
    if (lifted.size) {
      // A host that is also marked itself keeps one entry: content wins.
      const byEl = new Map();
      for (const m of out) {
        const prev = byEl.get(m.el);
        if (!prev) byEl.set(m.el, m);
        else if (m.label === 'content') prev.label = 'content';
      }
      return [...byEl.values()];
    }
    return out;
  }

  /**
   * Never hide what a reader is using: every mark that would hide one of the `guarded` elements
   * (focused or typed-in fields, contenteditable, playing media, open dialogs, fullscreen: the
   * snapshot's PROTECTED set) becomes content. The core already keeps a block whose own node is
   * protected; this also covers blocks that merely contain one.
   */
  function protect(marked, guarded) {
    if (!guarded || !guarded.size || !marked.length) return;
    const byEl = new Map(marked.map((m) => [m.el, m]));
    for (const el of guarded) {
      for (let n = el; n; n = n.parentNode || n.host || null) {
        const m = byEl.get(n);
        if (m && m.label !== 'content') {
          m.label = 'content';
          m.reason = -1;
        }
      }
    }
  }

  /** The switch that governs a mark: its label, except that a promo mark of reader comments is "comments". */
  function classFor(label, comment) {
    return label === 'promo' && comment ? 'comments' : label;
  }

  /** The class a mark belongs to for the hide switches (a mark turned content since keeps no comment class). */
  function classOf(m) {
    return classFor(m.label, m.comment);
  }

  /** The class of a marked element as the page shows it (null: not marked). */
  function classOfElement(el) {
    return classFor(el.getAttribute(ATTR_LABEL), el.hasAttribute(ATTR_COMMENT));
  }

  /**
   * Did this attribute change (a MutationRecord with oldValue, on the label or comment attribute)
   * take a block out of a hidden class into a shown one? That is the page undoing clean view; a
   * change between two hidden classes, or out of a shown one, is not.
   */
  function undoesHiding(record, hidden) {
    const el = record.target;
    let was;
    if (record.attributeName === ATTR_LABEL) was = classFor(record.oldValue, el.hasAttribute(ATTR_COMMENT));
    else if (record.attributeName === ATTR_COMMENT) was = classFor(el.getAttribute(ATTR_LABEL), record.oldValue !== null);
    else return false;
    if (was === null || !hidden.includes(was)) return false;
    const now = classOfElement(el);
    return now !== was && !hidden.includes(now);
  }

  function writeComment(m) {
    const comment = classOf(m) === 'comments';
    if (comment !== m.el.hasAttribute(ATTR_COMMENT)) {
      if (comment) m.el.setAttribute(ATTR_COMMENT, '');
      else m.el.removeAttribute(ATTR_COMMENT);
    }
  }

  /** Moves the page from the marks `before` to the marks `after`, writing only what differs. */
  function relabel(before, after) {
    unlabelGone(before, after);
    labelFrom(after);
  }

  /** Removes the label of every mark of `before` that `after` no longer has. */
  function unlabelGone(before, after) {
    const keep = new Set();
    for (const m of after) keep.add(m.el);
    for (const m of before) {
      if (keep.has(m.el)) continue;
      if (m.el.hasAttribute(ATTR_LABEL)) m.el.removeAttribute(ATTR_LABEL);
      if (m.el.hasAttribute(ATTR_COMMENT)) m.el.removeAttribute(ATTR_COMMENT);
    }
  }

  /**
   * Writes the labels of `after` that differ, from index `start` until the clock passes `deadline`
   * (checked every 64 marks); returns the index to resume at (`after.length` when done).
   */
  function labelFrom(after, start = 0, deadline = Infinity) {
    for (let i = start; i < after.length; i++) {
      const m = after[i];
      if (m.el.getAttribute(ATTR_LABEL) !== m.label) m.el.setAttribute(ATTR_LABEL, m.label);
      writeComment(m);
      if ((i & 63) === 63 && deadline !== Infinity && performance.now() > deadline) return i + 1;
    }
    return after.length;
  }

  /** Marks per class (reader comments counted apart from the rest of promo). */
  function counts(marked) {
    const c = { content: 0, promo: 0, nav: 0, legal: 0, comments: 0 };
    for (const m of marked) c[classOf(m)]++;
    return c;
  }

  /** Number of marked blocks the given classes hide. */
  function hiddenCount(marked, hidden) {
    let n = 0;
    for (const m of marked) if (hidden.includes(classOf(m))) n++;
    return n;
  }

  /** Writes the labels. */
  function label(marked) {
    for (const m of marked) {
      m.el.setAttribute(ATTR_LABEL, m.label);
      writeComment(m);
    }
  }

  // A page can clobber document.documentElement / .body / .querySelectorAll with named elements
  // (`<img name="body">`): read them through the prototype (see snapshot.js).
  const DOC = typeof Document === 'function' ? Document.prototype : null;
  const docGetter = (name) => {
    const d = DOC && Object.getOwnPropertyDescriptor(DOC, name);
    return d && d.get;
  };
  const GET = { documentElement: docGetter('documentElement'), body: docGetter('body') };
  function docProp(doc, name) {
    return GET[name] && DOC.isPrototypeOf(doc) ? GET[name].call(doc) : doc[name];
  }
  function docAll(doc, selector) {
    return DOC && DOC.isPrototypeOf(doc) ? DOC.querySelectorAll.call(doc, selector) : doc.querySelectorAll(selector);
  }

  /** Did the page lock scrolling on <html> or <body> (what a cookie wall or modal does)? */
  function scrollLocked(doc) {
    const win = doc.defaultView;
    for (const el of [docProp(doc, 'documentElement'), docProp(doc, 'body')]) {
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
  function show(doc, marked, hidden, locked) {
    const html = docProp(doc, 'documentElement');
    // Read the page's own lock before our unlock rule can apply; a caller that read it before its
    // writes passes it in (reading it here forces a style recalc of the whole page).
    if (locked === undefined) {
      html.removeAttribute(ATTR_UNLOCK);
      locked = scrollLocked(doc);
    }
    const value = hidden.join(' ');
    if (!hidden.length) html.removeAttribute(ATTR_HIDE);
    else if (html.getAttribute(ATTR_HIDE) !== value) html.setAttribute(ATTR_HIDE, value);
    const hidesOverlay = marked.some((m) => (m.label === 'legal' || m.label === 'promo') && hidden.includes(classOf(m)));
    if (hidesOverlay && locked) {
      if (!html.hasAttribute(ATTR_UNLOCK)) html.setAttribute(ATTR_UNLOCK, '');
    } else if (html.hasAttribute(ATTR_UNLOCK)) {
      html.removeAttribute(ATTR_UNLOCK);
    }
  }

  /** Removes every Pith write except the caller's status attributes: the exact inverse of label()+show(). */
  function clear(doc) {
    const html = docProp(doc, 'documentElement');
    if (!html) return;
    html.removeAttribute(ATTR_HIDE);
    html.removeAttribute(ATTR_UNLOCK);
    for (const el of docAll(doc, `[${ATTR_LABEL}]`)) {
      el.removeAttribute(ATTR_LABEL);
      el.removeAttribute(ATTR_COMMENT);
    }
  }

  global.PithMarks = { LABELS, HIDEABLE, CSS, COMMENT: ATTR_COMMENT, decode, resolve, protect, classOf, classOfElement, undoesHiding, relabel, unlabelGone, labelFrom, counts, hiddenCount, label, show, clear, scrollLocked };
})(globalThis);
