// Pith snapshot builder: turns the live DOM under <body> into the one-string wire format documented
// in src/snapshot.rs, plus a parallel array index → Node so labels can be mapped back to the page.
// Shared verbatim by the content script, the demo page and the paste page (a classic script that is
// also valid module code: it only assigns globalThis.PithSnapshot).
//
// It must emit exactly what src/native.rs emits for the same static HTML (a browser test compares
// the labels per element): same root, same pre-order, same whitespace rule, same HIDDEN rules. The
// browser adds what only it knows: real rendering (display:none from any stylesheet) and PROTECTED.
//
// Cost (Chromium 156, this machine; numbers from tests/e2e, see README "Extension"): the walk is
// dominated by checkVisibility(); we call getComputedStyle only for the rare elements it reports as
// invisible, to tell display:none/visibility:hidden apart from boxless-but-rendered cases
// (display:contents, <option> in a closed <select>, SVG <defs> children) that native treats as visible.
// FIXED (position fixed/sticky) is not computed: it would need getComputedStyle on every element.
(function (global) {
  'use strict';

  const MAGIC = 'pith1';
  const RS = '\u001e';
  const US = '\u001f';
  const FLAG_HIDDEN = 1;
  const FLAG_LINK = 2;
  const FLAG_PROTECTED = 4;
  // Same list as NOT_RENDERED in src/native.rs.
  const NOT_RENDERED = new Set([
    'script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link', 'base', 'param', 'source',
    'option', 'optgroup', 'datalist',
  ]);
  // Same list as HINT_ATTRIBUTES in src/snapshot.rs.
  const HINT_ATTRIBUTES = ['itemprop', 'aria-label', 'data-testid', 'data-component', 'data-module'];
  // Rust's char::is_whitespace (Unicode White_Space) plus every control char below U+0020, which is
  // what collapse_whitespace treats as a space. JS's \s differs (it has U+FEFF, lacks U+0085).
  const COLLAPSE = /[\u0000-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  // Rust's str::trim (White_Space only), for the "hint value is blank" test.
  const RUST_WS_ONLY = /^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
  const CONTROL = /[\u0000-\u001f]/g;
  // src/snapshot.rs MAX_TEXT_CHARS counts chars (code points); we send at most twice that in UTF-16
  // units (always ≥ that many code points) and let the core's decoder cut exactly.
  const MAX_TEXT_CHARS = 20000;
  const MAX_TEXT_UNITS = 2 * MAX_TEXT_CHARS;

  /** Default budgets: over either one, build() gives up and the caller abstains. */
  const BUDGET = { maxNodes: 150000, maxMs: 250 };

  function collapse(raw) {
    let s = raw.replace(COLLAPSE, ' ');
    if (s.charCodeAt(0) === 32) s = s.slice(1);
    if (s.charCodeAt(s.length - 1) === 32) s = s.slice(0, -1);
    return s;
  }

  /** collapse_whitespace(raw, MAX_TEXT_CHARS) without collapsing all of a 10 MB text node. */
  function textOf(raw) {
    if (raw.length <= MAX_TEXT_UNITS) return collapse(raw);
    // Collapsing only shrinks, so a prefix whose collapsed form is long enough gives the same cut.
    for (let take = 4 * MAX_TEXT_UNITS; ; take *= 4) {
      const s = collapse(raw.slice(0, take));
      if (s.length > MAX_TEXT_UNITS || take >= raw.length) return s.slice(0, MAX_TEXT_UNITS);
    }
  }

  function field(value) {
    return value ? value.replace(CONTROL, ' ') : '';
  }

  function hintsOf(el) {
    let out = '';
    for (const name of HINT_ATTRIBUTES) {
      const v = el.getAttribute(name);
      if (v !== null && !RUST_WS_ONLY.test(v)) out = out ? out + ' ' + v : v;
    }
    return field(out);
  }

  /** Rendered? The rule of src/native.rs (tag, `hidden`, input[type=hidden]) plus the real style. */
  function isHidden(el, tag) {
    if (NOT_RENDERED.has(tag)) return true;
    if (el.hasAttribute('hidden')) return true;
    if (tag === 'input' && (el.getAttribute('type') || '').toLowerCase() === 'hidden') return true;
    if (typeof el.checkVisibility !== 'function' || el.checkVisibility({ visibilityProperty: true })) return false;
    const style = el.ownerDocument.defaultView.getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse';
  }

  /** Elements that must never be hidden (src/snapshot.rs flags::PROTECTED), found once per build. */
  function protectedSet(doc) {
    const set = new Set();
    const add = (el) => el && el.nodeType === 1 && set.add(el);
    add(doc.activeElement !== doc.body ? doc.activeElement : null);
    add(doc.fullscreenElement);
    for (const el of doc.querySelectorAll('input, textarea, [contenteditable], dialog[open], video, audio')) {
      const tag = el.localName;
      if (tag === 'input') {
        if (el.value !== el.defaultValue || el.checked !== el.defaultChecked) add(el);
      } else if (tag === 'textarea') {
        if (el.value !== el.defaultValue) add(el);
      } else if (tag === 'video' || tag === 'audio') {
        if (!el.paused) add(el);
      } else if (tag === 'dialog' || el.isContentEditable) {
        add(el);
      }
    }
    return set;
  }

  /**
   * Builds the snapshot of `doc` (default: this document).
   * Returns { wire, nodes, count, ms } or { over: 'nodes' | 'time' | 'no-root', count, ms }.
   * Iterative (firstChild/nextSibling pointers and a stack of parent indexes): no recursion, so
   * nesting depth cannot overflow; the state is local, so it could be resumed across tasks later.
   */
  function build(doc, budget) {
    const t0 = performance.now();
    doc = doc || global.document;
    const { maxNodes, maxMs } = Object.assign({}, BUDGET, budget);
    const root = doc.body || doc.documentElement;
    if (!root) return { over: 'no-root', count: 0, ms: performance.now() - t0 };
    const guarded = protectedSet(doc);
    const records = [MAGIC];
    const nodes = [];
    const parents = []; // stack of record indexes of the open elements
    let node = root;
    while (node) {
      let descend = false;
      if (node.nodeType === 1) {
        const el = node;
        const tag = el.localName.toLowerCase();
        let flags = 0;
        let id = '';
        let cls = '';
        let role = '';
        let hints = '';
        if (isHidden(el, tag)) flags |= FLAG_HIDDEN;
        if (el.hasAttributes()) {
          id = field(el.getAttribute('id'));
          cls = field(el.getAttribute('class'));
          role = field(el.getAttribute('role'));
          hints = hintsOf(el);
          if (tag === 'a' && el.hasAttribute('href')) flags |= FLAG_LINK;
        }
        if (guarded.size && guarded.has(el)) flags |= FLAG_PROTECTED;
        const parent = parents.length ? parents[parents.length - 1] : -1;
        records.push(parent + US + tag + US + flags + US + id + US + cls + US + role + US + hints);
        nodes.push(el);
        descend = !(flags & FLAG_HIDDEN) && el.firstChild !== null;
        if (descend) parents.push(nodes.length - 1);
      } else if (node.nodeType === 3 && parents.length) {
        const text = textOf(node.data);
        if (text) {
          records.push(parents[parents.length - 1] + US + US + text);
          nodes.push(node);
        }
      }
      if (nodes.length >= maxNodes) return { over: 'nodes', count: nodes.length, ms: performance.now() - t0 };
      if ((nodes.length & 1023) === 0 && performance.now() - t0 > maxMs) {
        return { over: 'time', count: nodes.length, ms: performance.now() - t0 };
      }
      // Next node in pre-order: first child, else next sibling, else the next sibling of the
      // nearest ancestor that has one (never leaving the root).
      if (descend) {
        node = node.firstChild;
        continue;
      }
      while (node !== root && node.nextSibling === null) {
        node = node.parentNode;
        if (node.nodeType === 1 && nodes[parents[parents.length - 1]] === node) parents.pop();
      }
      node = node === root ? null : node.nextSibling;
    }
    return { wire: records.join(RS), nodes, count: nodes.length, ms: performance.now() - t0 };
  }

  global.PithSnapshot = { build, collapse, textOf, BUDGET, FLAG_HIDDEN, FLAG_LINK, FLAG_PROTECTED };
})(globalThis);
