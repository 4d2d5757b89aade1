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
  // src/snapshot.rs flags::GLUED, on a text record: no whitespace since the text before it.
  const GLUED_FIELD = US + 16;
  // Every flags value the walk can set, as the last field of a record (separator, then decimal).
  const FLAG_FIELDS = Array.from({ length: 8 }, (_, flags) => US + flags);
  const ROOT_PREFIX = -1 + US;
  // Same list as NOT_RENDERED in src/native.rs.
  const NOT_RENDERED = new Set([
    'script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link', 'base', 'param', 'source',
    'option', 'optgroup', 'datalist', 'noembed', 'noframes', 'desc', 'metadata',
  ]);
  // Same list as FALLBACK_ONLY in src/native.rs: rendered, but their children are not (fallback content).
  const FALLBACK_ONLY = new Set(['iframe', 'video', 'audio', 'canvas']);
  // Same list as HINT_ATTRIBUTES in src/snapshot.rs.
  const HINT_ATTRIBUTES = ['itemprop', 'aria-label', 'data-testid', 'data-component', 'data-module'];
  // Rust's char::is_whitespace (Unicode White_Space) plus every control char below U+0020, which is
  // what collapse_whitespace treats as a space. JS's \s differs (it has U+FEFF, lacks U+0085).
  const COLLAPSE = /[\u0000-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;
  // Rust's str::trim (White_Space only), for the "hint value is blank" test.
  const RUST_WS_ONLY = /^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
  const CONTROL = /[\u0000-\u001f]/g;
  const CONTROL_TEST = /[\u0000-\u001f]/;
  // Anything collapse would change besides one space at either end.
  const UNCOLLAPSED = /[\u0000-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]| {2}/;
  // A text node that collapses to nothing (same characters as COLLAPSE).
  const BLANK = /^[\u0000-\u0020\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/;
  // src/snapshot.rs MAX_TEXT_CHARS counts chars (code points); we send at most twice that in UTF-16
  // units (always ≥ that many code points) and let the core's decoder cut exactly.
  const MAX_TEXT_CHARS = 20000;
  const MAX_TEXT_UNITS = 2 * MAX_TEXT_CHARS;

  /**
   * Default budgets. Over any one, the walk gives up and the caller abstains (`data-pith="abstain"`):
   * maxNodes records (elements + text nodes kept), maxMs of walking (CPU time summed over the slices
   * of buildAsync, so waiting between slices does not count), maxAttr UTF-16 units per attribute
   * field (a 1 MB class attribute costs no more than a normal one; the core only looks at tokens).
   * Text per node is capped by MAX_TEXT_UNITS above.
   */
  const BUDGET = { maxNodes: 300000, maxMs: 1500, maxAttr: 4096, sliceMs: 8 };

  // Pristine references, taken when this script starts. Content scripts live in an isolated world
  // (Chromium) or behind Xrays (Firefox), so a page's monkey-patched prototypes never reach us; but
  // `document` is a named-property object with [LegacyOverrideBuiltIns]: `<img name="body">` or
  // `<form name="querySelectorAll">` clobber `document.body` / `document.querySelectorAll` in every
  // world. So document-level accessors go through the prototype, never through the instance.
  const getter = (proto, name) => {
    const d = proto && Object.getOwnPropertyDescriptor(proto, name);
    return d && d.get ? d.get : null;
  };
  const DOC = typeof Document === 'function' ? Document.prototype : null;
  const ELEMENT = typeof Element === 'function' ? Element.prototype : null;
  const docGet = {
    body: getter(DOC, 'body'),
    documentElement: getter(DOC, 'documentElement'),
    activeElement: getter(DOC, 'activeElement'),
    fullscreenElement: getter(DOC, 'fullscreenElement'),
    defaultView: getter(DOC, 'defaultView'),
    contentType: getter(DOC, 'contentType'),
    readyState: getter(DOC, 'readyState'),
  };
  const shadowRootOf = getter(ELEMENT, 'shadowRoot');

  /** doc[name] without trusting the document instance (see above); plain objects (tests) as they are. */
  function docProp(doc, name) {
    const get = docGet[name];
    if (get && DOC && DOC.isPrototypeOf(doc)) return get.call(doc);
    return doc[name];
  }
  /** The open shadow root of `el`, or null (closed roots are invisible to us, as they should be). */
  function openShadow(el) {
    try {
      const root = shadowRootOf ? shadowRootOf.call(el) : el.shadowRoot;
      return root && root.firstChild ? root : null;
    } catch {
      return null;
    }
  }

  /** Whether a UTF-16 unit is one COLLAPSE treats as a space (none of them is astral). */
  function isSpace(code) {
    return code <= 0x20 || code === 0x85 || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a)
      || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000;
  }

  function collapse(raw) {
    // Most text is already collapsed but for a space at either end: one test, then at most a slice.
    if (!UNCOLLAPSED.test(raw)) {
      const from = raw.charCodeAt(0) === 32 ? 1 : 0;
      const to = raw.length > from && raw.charCodeAt(raw.length - 1) === 32 ? raw.length - 1 : raw.length;
      return from === 0 && to === raw.length ? raw : raw.slice(from, to);
    }
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

  function field(value, max) {
    if (!value) return '';
    if (value.length > max) value = value.slice(0, max);
    return value.replace(CONTROL, ' ');
  }

  const NO_ATTRIBUTES = Object.freeze({ id: '', cls: '', role: '', hints: '', hidden: false, href: false, type: '', label: null, comment: false, styled: false, editable: false, open: false });
  const HINT_INDEX = new Map(HINT_ATTRIBUTES.map((name, i) => [name, i]));
  // What each attribute name means to the walk (anything else is skipped with one Map miss).
  const ATTR_KIND = new Map([['id', 1], ['class', 2], ['role', 3], ['hidden', 4], ['href', 5], ['type', 6], ['data-pith-label', 7], ['style', 9], ['contenteditable', 10], ['open', 11], ['data-pith-comment', 12], ...HINT_ATTRIBUTES.map((name) => [name, 8])]);
  const getAttributeNames = ELEMENT ? ELEMENT.getAttributeNames : null;
  const getAttribute = ELEMENT ? ELEMENT.getAttribute : null;
  const checkVisibility = ELEMENT && typeof ELEMENT.checkVisibility === 'function' ? ELEMENT.checkVisibility : null;
  const VISIBILITY = { visibilityProperty: true };
  // Phrasing elements isHidden takes as shown when they carry no class, id or style.
  const PHRASING = new Set(['a', 'span', 'em', 'strong', 'b', 'i', 'u', 's', 'small', 'img', 'br', 'abbr', 'time', 'code', 'sup', 'sub', 'mark', 'cite', 'q', 'font', 'wbr']);

  /**
   * The attributes the snapshot needs: the names in one call (getAttributeNames: plain strings),
   * then getAttribute for the few that matter. Not el.attributes: iterating it makes Chromium
   * create an Attr node and a JS wrapper per attribute, which cost more than the rest of the walk
   * (tests/bench/probe-walk.mjs: 9.2 ms against 3.7 on a median corpus page, cold world).
   */
  function attributesOf(el, max, out) {
    // Pristine methods (a <form> can clobber its own with <input name="getAttribute">); the fake
    // DOM of the unit tests has no Element prototype.
    const names = getAttributeNames ? getAttributeNames.call(el) : el.attributes.map((a) => a.name);
    if (names.length === 0) return NO_ATTRIBUTES;
    const get = getAttribute || el.getAttribute;
    out.id = '';
    out.cls = '';
    out.role = '';
    out.hints = '';
    out.hidden = false;
    out.href = false;
    out.type = '';
    out.label = null;
    out.comment = false;
    out.styled = false;
    out.editable = false;
    out.open = false;
    let hints = null;
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      switch (ATTR_KIND.get(name)) {
        case 1:
          out.id = field(get.call(el, name), max);
          break;
        case 2:
          out.cls = field(get.call(el, name), max);
          break;
        case 3:
          out.role = field(get.call(el, name), max);
          break;
        case 4:
          out.hidden = true;
          break;
        case 5:
          out.href = true;
          break;
        case 6:
          out.type = get.call(el, name);
          break;
        case 7:
          out.label = get.call(el, name);
          break;
        case 9:
          out.styled = true;
          break;
        case 10:
          out.editable = true;
          break;
        case 11:
          out.open = true;
          break;
        case 12:
          out.comment = true;
          break;
        case 8: {
          let v = get.call(el, name);
          if (v.length > max) v = v.slice(0, max);
          if (!RUST_WS_ONLY.test(v)) (hints || (hints = []))[HINT_INDEX.get(name)] = v;
          break;
        }
        default:
      }
    }
    if (hints) out.hints = field(hints.filter((v) => v !== undefined).join(' '), max);
    return out;
  }

  /**
   * Rendered? The rule of src/native.rs (tag, `hidden`, input[type=hidden]) plus the real style.
   * `own`: inside a block Pith itself hides, where checkVisibility() is false for everything; there
   * only the element's own computed style counts, so a second pass sees the page as the first did.
   * A phrasing element with no class, id or style attribute (a link, an <em>, an <img> in running
   * text) is taken as shown without asking the style: the walk never enters a hidden parent, and
   * page CSS hides such bare elements rarely, while asking costs most of the walk on big pages
   * (the 100,000-element page: 314 ms → 230, tests/bench/probe-ab.mjs; 2 of 60 corpus pages
   * differ, each by one short hidden link or button label now read as text).
   */
  function isHidden(el, tag, view, own, attrs) {
    // With scripting off (a user who blocks JavaScript) a <noscript>'s content is parsed as elements
    // and shown; that is the only way it has element children, and then the style decides.
    if (NOT_RENDERED.has(tag) && !(tag === 'noscript' && el.firstElementChild)) return true;
    if (attrs.hidden) return true;
    if (tag === 'input' && attrs.type.toLowerCase() === 'hidden') return true;
    if (attrs.cls === '' && attrs.id === '' && !attrs.styled && PHRASING.has(tag)) return false;
    if (own) {
      if (!view) return false;
      const style = view.getComputedStyle(el);
      return style.visibility === 'hidden' || style.visibility === 'collapse' || (style.display === 'none' && !own.has(el));
    }
    if (checkVisibility ? checkVisibility.call(el, VISIBILITY) : typeof el.checkVisibility !== 'function' || el.checkVisibility(VISIBILITY)) return false;
    if (!view) return true;
    const style = view.getComputedStyle(el);
    return style.display === 'none' || style.visibility === 'hidden' || style.visibility === 'collapse';
  }

  /**
   * Has the user changed this form field from what its markup says? Comparing `value` with
   * `defaultValue` alone is not that: an untouched checkbox or radio reads value "on" against
   * defaultValue "", a range input its midpoint, a color input "#000000", a text input its value
   * attribute without line breaks; an untouched single <select> has its first option selected with
   * no `selected` attribute anywhere. Those are the page as served (the CLI's view of it), not input.
   */
  function edited(el, tag) {
    if (tag === 'select') {
      const options = el.options || [];
      if (el.multiple) {
        for (const o of options) if (o.selected !== o.defaultSelected) return true;
        return false;
      }
      // The option a reset would select: the last with `selected`, else (drop-down) the first enabled.
      let reset = -1;
      let first = -1;
      for (let i = 0; i < options.length; i++) {
        if (options[i].defaultSelected) reset = i;
        if (first < 0 && !options[i].disabled) first = i;
      }
      if (reset < 0 && !(el.size > 1)) reset = first;
      return el.selectedIndex !== reset;
    }
    if (tag === 'input' && (el.type === 'checkbox' || el.type === 'radio')) return el.checked !== el.defaultChecked;
    if (el.value === el.defaultValue) return false;
    // Different: is it more than the value sanitization of an untouched field of the same markup?
    try {
      const fresh = el.ownerDocument.createElement(tag);
      for (const a of el.attributes) fresh.setAttribute(a.name, a.value);
      if (tag === 'textarea') fresh.textContent = el.defaultValue;
      return el.value !== fresh.value;
    } catch {
      return true;
    }
  }

  /**
   * A resumable walk of `doc` (default: this document) in pre-order: run(limitMs) walks until done,
   * over budget, or limitMs of this slice spent, and says which. No recursion (firstChild/nextSibling
   * pointers and a stack of parent indexes), so nesting depth cannot overflow anything.
   * Open shadow roots are walked as if their children were the host's first children (then the
   * host's light children, which slots render inside); `shadows` lists the roots seen.
   */
  function walker(doc, budget) {
    const t0 = performance.now();
    doc = doc || global.document;
    const { maxNodes, maxMs, maxAttr, hiddenLabels } = Object.assign({}, BUDGET, budget);
    // Blocks Pith hides right now (their class in hiddenLabels: the label, or "comments" for a promo
    // mark with data-pith-comment): walked as if shown.
    const ownRoots = hiddenLabels && hiddenLabels.length ? new Set() : null;
    let ownDepth = -1; // parents-stack index of the Pith-hidden block we are inside, or -1
    // <body> (or <frameset>): XML, SVG and other documents without one have no blocks to read.
    const root = docProp(doc, 'body');
    const view = docProp(doc, 'defaultView') || null;
    const records = [MAGIC];
    const nodes = [];
    const parents = []; // stack of record indexes of the open elements
    // The same stack as record prefixes ("index" US): a number becomes a string once per element,
    // not once per child (the walk's cost is mostly small strings and the garbage they leave).
    const prefixes = [];
    const shadows = [];
    // Where a shadow root's children end, the walk continues with the host's light children.
    const resumeAt = new Map(); // shadow root → host
    // Elements that must never be hidden (src/snapshot.rs flags::PROTECTED), found by the walk
    // itself (a separate querySelectorAll cost as much as a tenth of the walk on big pages, and did
    // not see into shadow roots): focused or typed-in fields, contenteditable, playing media, open
    // dialogs, fullscreen.
    const guarded = new Set();
    const active = root ? docProp(doc, 'activeElement') : null;
    const focused = active !== root ? active : null;
    const fullscreen = root ? docProp(doc, 'fullscreenElement') : null;
    const isGuarded = (el, tag, a) => {
      if (el === focused || el === fullscreen) return true;
      switch (tag) {
        case 'input':
        case 'textarea':
        case 'select':
          return edited(el, tag);
        case 'video':
        case 'audio':
          return !el.paused;
        case 'dialog':
          if (a.open) return true;
          break;
        default:
      }
      return a.editable && el.isContentEditable === true;
    };
    const attrs = {};
    const tags = new Map(); // localName → wire tag
    let maxSlice = 0;
    let slices = 0;
    let spaced = true; // whitespace since the last text kept (src/native.rs keeps the same state)
    let spent = performance.now() - t0;
    let node = root;
    const result = (extra) => Object.assign({ count: nodes.length, ms: spent, shadows, slices, maxSliceMs: maxSlice }, extra);

    function run(limitMs = Infinity) {
      if (!root) return result({ over: 'no-root' });
      const start = performance.now();
      slices++;
      const done = step(limitMs, start);
      maxSlice = Math.max(maxSlice, performance.now() - start);
      return done;
    }

    function step(limitMs, start) {
      if (node && (!node.isConnected || !root.isConnected)) return result({ over: 'changed' });
      let n = 0;
      while (node) {
        let descend = false;
        let next = null;
        if (node.nodeType === 1) {
          const el = node;
          const name = el.localName;
          let tag = tags.get(name);
          if (tag === undefined) {
            tag = String(name).toLowerCase();
            // `<a\u001ehref>` names an element "a\u001ehref" (src/snapshot.rs Snapshot::push does the same).
            if (CONTROL_TEST.test(tag)) tag = tag.replace(CONTROL, ' ');
            tags.set(name, tag);
          }
          let flags = 0;
          const a = attributesOf(el, maxAttr, attrs);
          // The class as PithMarks.classOf names it (spelled out here: this file also runs alone, in the evals).
          if (ownRoots && a.label !== null && hiddenLabels.includes(a.label === 'promo' && a.comment ? 'comments' : a.label)) ownRoots.add(el);
          const inOwn = ownRoots !== null && (ownDepth !== -1 || ownRoots.has(el));
          if (isHidden(el, tag, view, inOwn ? ownRoots : null, a)) flags |= FLAG_HIDDEN;
          if (tag === 'a' && a.href) flags |= FLAG_LINK;
          if (isGuarded(el, tag, a)) {
            flags |= FLAG_PROTECTED;
            guarded.add(el);
          }
          const prefix = prefixes.length ? prefixes[prefixes.length - 1] : ROOT_PREFIX;
          // Trailing empty fields are left out (src/snapshot.rs reads them as empty): most elements
          // have no attributes the core reads, and every piece of a record is one more string.
          if (a.hints) records.push(prefix + tag + US + flags + US + a.id + US + a.cls + US + a.role + US + a.hints);
          else if (a.role) records.push(prefix + tag + US + flags + US + a.id + US + a.cls + US + a.role);
          else if (a.cls) records.push(prefix + tag + US + flags + US + a.id + US + a.cls);
          else if (a.id) records.push(prefix + tag + US + flags + US + a.id);
          else records.push(flags ? prefix + tag + FLAG_FIELDS[flags] : prefix + tag);
          nodes.push(el);
          if (!(flags & FLAG_HIDDEN) && !FALLBACK_ONLY.has(tag)) {
            const shadow = openShadow(el);
            if (shadow) {
              shadows.push(shadow);
              resumeAt.set(shadow, el);
              next = shadow.firstChild;
            } else {
              next = el.firstChild;
            }
          }
          descend = next !== null;
          if (descend) {
            parents.push(nodes.length - 1);
            prefixes.push(nodes.length - 1 + US);
            if (inOwn && ownDepth === -1) ownDepth = parents.length - 1;
          }
        } else if (node.nodeType === 3 && parents.length) {
          const data = node.data;
          // Most text nodes between elements are whitespace only: one test, no copy.
          const text = BLANK.test(data) ? '' : textOf(data);
          if (text) {
            const glued = !spaced && !isSpace(data.charCodeAt(0));
            spaced = isSpace(data.charCodeAt(data.length - 1));
            records.push(prefixes[prefixes.length - 1] + US + text + (glued ? GLUED_FIELD : ''));
            nodes.push(node);
          } else if (data) {
            spaced = true;
          }
        }
        if (nodes.length >= maxNodes) {
          spent += performance.now() - start;
          return result({ over: 'nodes' });
        }
        if ((++n & 255) === 0) {
          const now = performance.now();
          if (spent + now - start > maxMs) {
            spent += now - start;
            return result({ over: 'time' });
          }
          if (now - start > limitMs) {
            spent += now - start;
            node = descend ? next : advance(node);
            return null; // not done: call run() again
          }
        }
        node = descend ? next : advance(node);
      }
      spent += performance.now() - start;
      return result({ wire: records.join(RS), nodes, guarded });
    }

    /** The next node in pre-order after a node whose subtree is done (never leaving the root). */
    function advance(from) {
      let cur = from;
      for (;;) {
        if (cur === root) return null;
        if (cur.nextSibling !== null) return cur.nextSibling;
        const up = cur.parentNode;
        if (up === null) return null; // detached under us: run() reports 'changed' next time
        if (resumeAt.has(up)) {
          // End of a shadow root's children: continue with the host's light children.
          const host = resumeAt.get(up);
          resumeAt.delete(up);
          if (host.firstChild) return host.firstChild;
          cur = host;
        } else {
          cur = up;
        }
        if (cur.nodeType === 1 && nodes[parents[parents.length - 1]] === cur) {
          parents.pop();
          prefixes.pop();
          if (parents.length <= ownDepth) ownDepth = -1;
        }
      }
    }

    return { run };
  }

  /**
   * Builds the snapshot of `doc` in one go (the demo pages, the paste page, unit tests).
   * Returns { wire, nodes, count, ms, shadows, guarded } (guarded: the PROTECTED elements) or { over: 'nodes' | 'time' | 'no-root', count, ms }.
   */
  function build(doc, budget) {
    return walker(doc, budget).run();
  }

  /** The fastest way to give the event loop back: scheduler.yield, else a message, else a timer. */
  function yieldTask() {
    if (global.scheduler && typeof global.scheduler.yield === 'function') return global.scheduler.yield();
    if (typeof MessageChannel === 'function') {
      return new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () => {
          channel.port1.close();
          resolve();
        };
        channel.port2.postMessage(null);
      });
    }
    return new Promise((resolve) => setTimeout(resolve, 0));
  }

  /**
   * The same walk split into slices of budget.sliceMs, yielding to the page between them, so a
   * 100,000-element page never blocks the main thread for long. If the page removes the node the walk
   * was at, the result is { over: 'changed' } (the caller tries again later, it does not abstain).
   */
  async function buildAsync(doc, budget) {
    const { sliceMs } = Object.assign({}, BUDGET, budget);
    const walk = walker(doc, budget);
    for (;;) {
      const done = walk.run(sliceMs);
      if (done) return done;
      await yieldTask();
    }
  }

  global.PithSnapshot = { build, buildAsync, yieldTask, docProp, collapse, textOf, BUDGET, FLAG_HIDDEN, FLAG_LINK, FLAG_PROTECTED };
})(globalThis);
