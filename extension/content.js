// Pith content script: decides whether clean view is on for this page, builds the snapshot, asks
// the core for labels, writes the marks, keeps them right while the page changes, and undoes all of
// it on "off". Runs after policy.js, snapshot.js, marks.js and overlay.js in the same isolated world,
// in every frame (each frame is its own instance; sub-frames follow the tab's site choice).
//
// Automation contract (README "Automation"): <html data-pith="working|ready|abstain|off">,
// data-pith-ms (time Pith spent on its first pass: snapshot + classify round trip + mark),
// data-pith-main-ms (the part of it on the page's main thread: snapshot slices, sending, marking),
// data-pith-label on marks. Nothing here may throw into the page: every entry point is wrapped, and
// any error means "abstain": every mark removed, nothing hidden.
//
// Living pages. After the first pass one MutationObserver (childList + subtree, plus Pith's own
// attributes to notice a page stripping them) watches the page:
//   - added elements outside the blocks Pith already hides are batched (TIMING.batchMs) into one
//     pass; a batch of more than TIMING.hugeBatch added elements is one deferred rescan instead;
//   - every pass classifies the whole page again (a block's label depends on the rest of the page:
//     where the article is), then writes only the difference; a block once shown as content is not
//     hidden later on the same URL (the reader may be reading it);
//   - Pith's own writes are dropped from the observer right after they are made (takeRecords), so
//     they never trigger a pass;
//   - a page that undoes the hiding (strips the marks, or re-creates a hidden block) is counted; after
//     TIMING.fightRounds rounds Pith removes its marks and leaves the page alone (abstain);
//   - single-page-app navigations (navigation API, popstate, hashchange, and URL polling for
//     pushState, which an isolated world cannot hook) re-evaluate the page within TIMING.navDelayMs.
// The first pass waits for the page to settle (load, a quiet DOM, an idle main thread), so a
// server-rendered page hydrates before any attribute appears.
(() => {
  'use strict';
  const started = performance.now();
  const doc = document;
  const html = PithSnapshot.docProp(doc, 'documentElement');
  if (!html) return;
  let TOP = true;
  try {
    TOP = window.top === window;
  } catch {
    TOP = false;
  }

  // A previous instance in this world (extension reloaded, then re-injected by background.js):
  // if it is orphaned, it cleans up and we take over; if it is alive, we are a duplicate.
  const previous = globalThis.__pith;
  if (previous) {
    if (previous.alive()) return;
    previous.orphan();
  }

  const TIMING = {
    settleQuietMs: 120, // the first pass waits for this long without DOM changes after load...
    settleMaxMs: 2500, // ...but never longer than this after the script started
    batchMs: 16, // added nodes are batched this long before a pass
    hugeBatch: 1000, // more added elements than this in one batch: one deferred rescan
    hugeDelayMs: 250,
    minGapMs: 40, // between the end of a pass and the next, at least this, or 4x the last pass's cost
    navDelayMs: 120, // after an SPA navigation, the new view renders for this long first
    navPollMs: 150, // URL polling (pushState/replaceState are invisible to an isolated world)
    fightRounds: 3, // a page that undoes our hiding this many times is left alone
    changedRetryMs: 50, // the page moved the node the sliced walk was at: try again
  };
  const SNAPSHOT_PART = 256 * 1024; // UTF-16 units per message to the core (classifySnapshot)
  const LABEL = 'data-pith-label';
  const HIDE = 'data-pith-hide';
  const SKIP_ADDED = new Set(['script', 'style', 'link', 'meta', 'template', 'noscript', 'pith-overlay', 'base', 'title']);

  const state = {
    status: null, // working | ready | abstain | off
    on: false,
    hidden: [], // classes hidden while on
    marked: [], // [{ el, label, score, reason }]
    reasons: [],
    commentReason: -1, // the core's reason code of reader comments (comments switch)
    css: false, // the stylesheet is inserted (by the service worker) in this frame
    overlay: false,
    ms: 0,
    timings: null,
    note: '',
    locked: false, // the page itself locked scrolling (read before our writes)
    final: false, // abstained for good on this URL (over budget, error, a page that fights back)
    passes: 0,
    idlePasses: 0, // consecutive passes that found no article
    fights: 0,
    url: location.href,
  };
  // early.js (document_start) may already have inserted the stylesheet for a site that is on, while
  // the page was still small: inserting a user stylesheet restyles the whole document, which on a
  // 100,000-element page is a long task. We take over that stylesheet (and remove it if off).
  const early = globalThis.__pithEarly || null;
  globalThis.__pithEarly = null;
  let queue = Promise.resolve();
  let port = null;
  let dead = false;
  let settled = false;
  let contentSeen = new WeakSet(); // blocks shown as content on this URL: never hidden later
  let gone = new Map(); // signature → former parent of hidden blocks the page removed since the last pass

  function alive() {
    try {
      return !dead && Boolean(chrome.runtime && chrome.runtime.id);
    } catch {
      return false;
    }
  }

  function setStatus(status, ms, mainMs) {
    state.status = status;
    html.setAttribute('data-pith', status);
    if (ms !== undefined) {
      state.ms = ms;
      html.setAttribute('data-pith-ms', ms.toFixed(2));
      // The part of it that ran on the page's main thread (the rest is waiting for the worker).
      state.mainMs = mainMs === undefined ? ms : mainMs;
      html.setAttribute('data-pith-main-ms', state.mainMs.toFixed(2));
    }
  }

  /** Runs `fn` after everything queued before it: settings changes and passes apply in order, one at a time. */
  function enqueue(fn) {
    const run = queue.then(() => (alive() ? fn() : orphan()));
    queue = run.catch(() => {});
    return run;
  }

  async function send(message) {
    if (!alive()) throw new Error('extension context gone');
    return chrome.runtime.sendMessage(message);
  }

  // Requests to the worker over the port (connect()): rid → { resolve, reject, message }.
  const pending = new Map();
  let seq = 0;

  /**
   * One request to the worker, over the long-lived port when there is one: a port message costs one
   * hop each way, where runtime.sendMessage opens (and closes) a channel per call. If the port drops
   * before the answer (the worker idled out), the request goes again by sendMessage.
   * Main-thread time spent sending (the message is serialised synchronously) is added to passCpu.
   */
  function request(message) {
    const t = performance.now();
    try {
      connect();
      if (!port) return send(message);
      const id = ++seq;
      const answer = new Promise((resolve, reject) => pending.set(id, { resolve, reject, message }));
      port.postMessage({ ...message, rid: id });
      return answer;
    } catch {
      return send(message);
    } finally {
      passCpu += performance.now() - t;
    }
  }

  function onPortMessage(answer) {
    const entry = answer && pending.get(answer.rid);
    if (!entry) return;
    pending.delete(answer.rid);
    entry.resolve(answer);
  }

  /** The port dropped: requests in flight go again by sendMessage (or fail if we are orphaned). */
  function retryPending() {
    const waiting = [...pending.values()];
    pending.clear();
    for (const entry of waiting) send(entry.message).then(entry.resolve, entry.reject);
  }

  /**
   * The one call to the core: snapshot string in, answer out ({ wire, css, reasons?, ms, ... }).
   * Today the core runs in the service worker (see background.js); keep this the only place that
   * knows where it runs.
   */
  async function classifySnapshot(wire) {
    const message = { type: 'classify', reasons: state.reasons.length === 0, css: !state.css };
    if (wire.length <= SNAPSHOT_PART) {
      message.snapshot = wire;
    } else {
      // A big snapshot goes in parts: serialising a multi-megabyte message is one long main-thread
      // task; parts of SNAPSHOT_PART units are a few ms each, with the page running in between.
      // Over the port (ordered) the parts are not waited for one by one, only yielded between.
      const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      let count = 0;
      const acks = [];
      for (let i = 0; i < wire.length; i += SNAPSHOT_PART, count++) {
        const ack = request({ type: 'snapshot-part', id, seq: count, text: wire.slice(i, i + SNAPSHOT_PART) });
        if (port) {
          acks.push(ack);
          await PithSnapshot.yieldTask();
        } else {
          await ack;
        }
      }
      for (const ack of await Promise.all(acks)) if (!ack || ack.error) throw new Error(ack ? ack.error : 'snapshot part lost');
      message.parts = { id, count };
    }
    const answer = await request(message);
    if (!answer || answer.error) throw new Error(answer ? answer.error : 'no answer from the service worker');
    if (!Array.isArray(answer.wire)) throw new Error('malformed answer from the service worker');
    return answer;
  }

  function hiddenCount() {
    return state.on && state.status === 'ready' ? PithMarks.hiddenCount(state.marked, state.hidden) : 0;
  }

  let reported = 0;
  /** Tells the worker the badge number, only when it changed (an "off" page never wakes it). */
  function report() {
    if (!TOP) return;
    const hidden = hiddenCount();
    if (hidden === reported) return;
    reported = hidden;
    send({ type: 'report', hidden }).catch(() => {});
  }

  function stateOf() {
    return {
      status: state.status,
      on: state.on,
      origin: PithPolicy.originOf(location.href),
      hidden: state.hidden,
      counts: PithMarks.counts(state.status === 'ready' ? state.marked : []),
      hiddenCount: hiddenCount(),
      overlay: state.overlay,
      ms: state.ms,
      mainMs: state.mainMs,
      startupMs: state.startupMs,
      timings: state.timings,
      note: state.note,
      passes: state.passes,
    };
  }

  // ---- the page observer ---------------------------------------------------------------------

  const observer = new MutationObserver((records) => {
    try {
      onMutations(records);
    } catch (error) {
      fail(error, performance.now());
    }
  });
  let observing = false;
  let passTimer = null;
  let passDue = Infinity;
  let passKind = null; // 'batch' | 'huge' | 'nav'
  let lastPassEnd = -Infinity;
  let lastPassCost = 0;
  let navPoll = null;
  const OBSERVE = { childList: true, subtree: true, attributes: true, attributeFilter: [LABEL, HIDE, PithMarks.COMMENT], attributeOldValue: true };

  function observe(root) {
    try {
      observer.observe(root, OBSERVE);
    } catch {
      // a root that went away
    }
  }

  function startWatching() {
    if (observing) return;
    observing = true;
    observe(html);
    addEventListener('popstate', checkUrl, true);
    addEventListener('hashchange', checkUrl, true);
    if (globalThis.navigation && typeof navigation.addEventListener === 'function') {
      navigation.addEventListener('navigatesuccess', checkUrl);
      navigation.addEventListener('currententrychange', checkUrl);
    }
    navPoll = setInterval(checkUrl, TIMING.navPollMs);
  }

  function stopWatching() {
    if (!observing) return;
    observing = false;
    observer.disconnect();
    try {
      removeEventListener('popstate', checkUrl, true);
      removeEventListener('hashchange', checkUrl, true);
      if (globalThis.navigation && typeof navigation.removeEventListener === 'function') {
        navigation.removeEventListener('navigatesuccess', checkUrl);
        navigation.removeEventListener('currententrychange', checkUrl);
      }
    } catch {
      // the window is going away
    }
    clearInterval(navPoll);
    navPoll = null;
    clearTimeout(passTimer);
    passTimer = null;
    passDue = Infinity;
    passKind = null;
  }

  /** Pith's own writes: made with the page's pending records handled first, then ours dropped. */
  function ownWrites(fn) {
    if (observing) {
      const pending = observer.takeRecords();
      if (pending.length) onMutations(pending);
    }
    try {
      return fn();
    } finally {
      if (observing) observer.takeRecords();
    }
  }

  /** A hidden block's look, to recognise it when the page re-creates it. */
  function signature(el) {
    return `${el.localName}#${el.id || ''}.${typeof el.className === 'string' ? el.className : ''}`;
  }

  function isHiddenMark(el) {
    const cls = PithMarks.classOfElement(el);
    return cls !== null && state.hidden.includes(cls);
  }

  /** Could this added element change what should be hidden? Not if a hidden block already holds it. */
  function worthAPass(el) {
    if (SKIP_ADDED.has(el.localName) || !el.isConnected) return false;
    if (el.firstChild === null && !/^(iframe|img|video|embed|object|canvas)$/.test(el.localName)) return false;
    const mark = el.closest(`[${LABEL}]`);
    if (mark && isHiddenMark(mark) && el.getRootNode() === doc) return false;
    return true;
  }

  function onMutations(records) {
    if (dead || !observing) return;
    if (!alive()) return orphan();
    let added = 0;
    let relevant = false;
    let undone = false;
    for (const r of records) {
      if (r.type === 'attributes') {
        if (r.attributeName === HIDE) {
          if (r.target === html && r.target.getAttribute(HIDE) !== (state.hidden.join(' ') || null)) undone = true;
        } else if (PithMarks.undoesHiding(r, state.hidden)) {
          undone = true;
        }
        continue;
      }
      for (const n of r.removedNodes) {
        if (n.nodeType !== 1 || n.isConnected) continue;
        if (isHiddenMark(n)) gone.set(signature(n), r.target);
      }
      for (const n of r.addedNodes) {
        if (n.nodeType !== 1) continue;
        added += 1 + n.getElementsByTagName('*').length;
        if (!relevant && worthAPass(n)) relevant = true;
      }
    }
    if (location.href !== state.url) return checkUrl();
    if (undone) fightRound('the page removed marks');
    if (state.final) return;
    if (undone || relevant) schedule(added > TIMING.hugeBatch ? 'huge' : 'batch');
  }

  function fightRound(why) {
    state.fights++;
    if (state.fights >= TIMING.fightRounds) giveUp(`the page fights back (${why}, ${state.fights} rounds): leaving it alone`);
  }

  function checkUrl() {
    try {
      if (dead || !observing) return;
      // The port's disconnect does not always reach an invalidated content script (Chromium, on an
      // extension reload or removal): this poll is the other way to notice.
      if (!alive()) return orphan();
      if (location.href === state.url) return;
      state.url = location.href;
      // A new view on the same origin (policy is per origin): start its memory afresh.
      contentSeen = new WeakSet();
      gone = new Map();
      state.fights = 0;
      state.idlePasses = 0;
      state.final = false;
      schedule('nav');
    } catch (error) {
      fail(error, performance.now());
    }
  }

  /** Plans one pass; batches and navigations merge into it, a huge batch pushes it back once. */
  function schedule(kind) {
    const now = performance.now();
    // Passes that keep finding no article (a web app that mutates all day) back off: 0.25 s, 0.5 s, … 4 s.
    const idle = state.idlePasses ? 250 * 2 ** Math.min(state.idlePasses - 1, 4) : 0;
    const gap = Math.max(TIMING.minGapMs, 4 * lastPassCost, kind === 'nav' ? 0 : idle);
    const delay = kind === 'huge' ? TIMING.hugeDelayMs : kind === 'nav' ? TIMING.navDelayMs : TIMING.batchMs;
    const due = Math.max(now + delay, lastPassEnd + gap);
    if (kind === 'nav') {
      passKind = 'nav';
      if (state.status !== 'working') setStatus('working');
    } else if (passKind !== 'nav') {
      passKind = kind === 'huge' || passKind === 'huge' ? 'huge' : 'batch';
    }
    if (passTimer !== null && (passDue <= due || kind === 'batch')) {
      if (!(kind === 'huge' && passDue < due)) return;
    }
    clearTimeout(passTimer);
    passDue = due;
    passTimer = setTimeout(() => {
      passTimer = null;
      passDue = Infinity;
      const k = passKind;
      passKind = null;
      enqueue(() => (state.on && observing && !state.final ? pass(k) : undefined));
    }, due - now);
  }

  // ---- passes --------------------------------------------------------------------------------

  /** Waits for the page to settle: loaded, DOM quiet for a while, then an idle main thread. */
  function settle() {
    if (settled) return Promise.resolve();
    return new Promise((resolve) => {
      let last = performance.now();
      const watch = new MutationObserver(() => {
        last = performance.now();
      });
      watch.observe(doc, { childList: true, subtree: true });
      const done = () => {
        watch.disconnect();
        settled = true;
        resolve();
      };
      const check = () => {
        const now = performance.now();
        if ((PithSnapshot.docProp(doc, 'readyState') === 'complete' && now - last >= TIMING.settleQuietMs) || now - started >= TIMING.settleMaxMs) {
          if (typeof requestIdleCallback === 'function') requestIdleCallback(done, { timeout: 500 });
          else setTimeout(done, 0);
          return;
        }
        setTimeout(check, Math.max(16, TIMING.settleQuietMs - (now - last)));
      };
      check();
    });
  }

  /** Removes every write Pith made (marks, <html> attributes, overlay, stylesheet). */
  async function unmark() {
    ownWrites(() => {
      PithOverlay.hide(doc);
      PithMarks.clear(doc);
    });
    state.overlay = false;
    state.marked = [];
    if (state.css) {
      state.css = false;
      await send({ type: 'css', insert: false }).catch(() => {});
    }
  }

  /** The URL whose site choice applies: the tab's (sub-frames follow their top page). */
  async function pageUrl() {
    if (TOP) return location.href;
    try {
      return window.top.location.href; // same-origin frame
    } catch {
      // cross-origin frame
    }
    try {
      const a = location.ancestorOrigins;
      if (a && a.length) return `${a[a.length - 1]}/`;
    } catch {
      // not in this browser
    }
    const answer = await send({ type: 'frame' }).catch(() => null);
    return answer && typeof answer.url === 'string' ? answer.url : '';
  }

  let adoptedEarly = false;
  async function decide(settings) {
    if (!adoptedEarly) {
      adoptedEarly = true;
      if (early) state.css = (await early.catch(() => false)) === true;
    }
    const t0 = performance.now();
    state.on = PithPolicy.isOn(settings, await pageUrl());
    const hidden = PithPolicy.hiddenClasses(settings);
    if (!state.on) {
      stopWatching();
      if ((state.status !== 'off' && state.status !== null) || state.css) await unmark();
      state.hidden = [];
      state.final = false;
      setStatus('off', performance.now() - t0);
    } else if (state.status === 'ready') {
      state.hidden = hidden;
      ownWrites(() => PithMarks.show(doc, state.marked, hidden, state.locked));
      if (state.overlay) ownWrites(() => PithOverlay.refresh(doc));
    } else if (state.status !== 'abstain' && state.status !== 'working') {
      state.hidden = hidden;
      setStatus('working');
      // Reach the worker now, while the page settles: the first connect() in this world sets up the
      // extension messaging bindings (a few ms, once per page). Start-up, reported apart
      // (state.startupMs), not part of data-pith-ms.
      const t = performance.now();
      connect();
      state.startupMs = performance.now() - t;
      await settle();
      if (!state.on || dead) return;
      startWatching();
      await pass('first');
    } else {
      state.hidden = hidden;
    }
    report();
  }

  let passCpu = 0; // main-thread ms of the current pass (snapshot slices + writes), not waiting

  /** One pass: snapshot (sliced), classify, write the difference. */
  async function pass(kind) {
    const t0 = performance.now();
    passCpu = 0;
    state.passes++;
    try {
      // XML, SVG, text and image documents have no blocks to tell apart (Chromium's XML viewer even
      // builds its own HTML for them): only HTML and XHTML pages are read.
      const type = PithSnapshot.docProp(doc, 'contentType');
      if (type !== 'text/html' && type !== 'application/xhtml+xml') return giveUp(`not an HTML page (${type})`, t0);
      const snap = await PithSnapshot.buildAsync(doc, { hiddenLabels: state.status === 'ready' ? state.hidden : null });
      if (!state.on || dead) return;
      const t1 = performance.now();
      passCpu += snap.ms;
      if (snap.over === 'changed') {
        schedule('batch');
        return;
      }
      for (const root of snap.shadows || []) observe(root);
      // The page's own scroll lock, read now while styles are clean (after our writes it would force
      // a recalc of the whole page); while our unlock rule applies, the last reading stands.
      if (!html.hasAttribute('data-pith-unlock')) state.locked = PithMarks.scrollLocked(doc);
      if (snap.over === 'no-root') return giveUp('no <body>: not an HTML page', t0);
      if (snap.over) return giveUp(`over budget (${snap.over}, ${snap.count} nodes)`, t0);
      const answer = await classifySnapshot(snap.wire);
      if (!state.on || dead) return;
      if (answer.reasons) {
        state.reasons = answer.reasons;
        state.commentReason = answer.commentReason;
      }
      state.css = state.css || answer.css === true;
      const t2 = performance.now();
      const verdict = PithMarks.decode(answer.wire, snap.nodes.length);
      const marked = PithMarks.resolve(verdict.marks, snap.nodes, doc, state.commentReason);
      PithMarks.protect(marked, snap.guarded);
      const timings = { snapshot: snap.ms, slices: snap.slices, longestSlice: snap.maxSliceMs, roundTrip: t2 - t1, send: passCpu - snap.ms, worker: answer.workerMs, css: answer.cssMs, classify: answer.ms, nodes: snap.count, bytes: snap.wire.length };
      if (!verdict.apply || !state.css) {
        const why = verdict.apply ? 'could not insert the stylesheet' : 'no confident article: hiding nothing';
        if (!verdict.apply) {
          // Not final: a page that renders its article later gets another pass.
          state.idlePasses++;
          if (state.marked.length) await unmark();
          state.marked = marked; // kept for "show labels" only; nothing is written to the page
          state.note = why;
          if (state.status !== 'abstain') setStatus('abstain', performance.now() - t0, passCpu + performance.now() - t2);
        } else {
          giveUp(why, t0);
        }
        state.timings = timings;
        return;
      }
      let recreated = false;
      for (const m of marked) {
        if (m.label !== 'content' && contentSeen.has(m.el)) m.label = 'content';
        if (gone.size && state.hidden.includes(PithMarks.classOf(m)) && !m.el.hasAttribute(LABEL) && gone.get(signature(m.el)) === m.el.parentNode) {
          recreated = true;
        }
      }
      let markCpu = performance.now() - t2;
      markCpu += await writeMarks(state.marked, marked);
      if (!state.on || dead) return;
      const t4 = performance.now();
      for (const m of marked) if (m.label === 'content') contentSeen.add(m.el);
      state.marked = marked;
      if (state.overlay) ownWrites(() => PithOverlay.show(doc, state.marked, state.reasons));
      const t3 = performance.now();
      timings.mark = markCpu + (t3 - t4);
      timings.markWall = t3 - t2;
      passCpu += timings.mark;
      timings.main = passCpu;
      state.timings = timings;
      state.note = '';
      state.idlePasses = 0;
      if (kind === 'first' || kind === 'nav') setStatus('ready', t3 - t0, passCpu);
      else if (state.status !== 'ready') setStatus('ready');
      gone.clear();
      if (recreated && kind !== 'nav') fightRound('the page re-created hidden blocks');
      connect();
    } catch (error) {
      fail(error, t0);
    } finally {
      lastPassEnd = performance.now();
      lastPassCost = passCpu;
      report();
    }
  }

  const MARK_SLICE_MS = 8; // main-thread time per slice when marks are written in slices
  const SLICED_MARKS = 500; // more marks to write than this, before anything is hidden: in slices

  /**
   * Moves the page from the marks `before` to `after` (writing only what differs) and sets the
   * classes' switch. Returns the main-thread ms it took.
   *
   * Usually all at once, in one task. When the switch (data-pith-hide) is not on yet (a first pass)
   * and there are many marks (a 100,000-element page has ~10,000), the labels are written in slices
   * of MARK_SLICE_MS with the page running in between: a label alone changes nothing on screen (the
   * rules need the switch), so this costs no extra frames; then the switch goes on in one write.
   * Hiding itself stays one style update: hiding blocks in many small steps was measured and
   * rejected (tests/bench/trace.mjs on the 100k page: every step is a frame whose style update,
   * pre-paint and layout cost 40-150 ms on a page that big, many times over the one 300 ms
   * teardown).
   */
  async function writeMarks(before, after) {
    let start = performance.now();
    const value = state.hidden.join(' ');
    const switchOn = value !== '' && html.getAttribute(HIDE) === value;
    if (switchOn || after.length <= SLICED_MARKS) {
      ownWrites(() => {
        PithMarks.relabel(before, after);
        PithMarks.show(doc, after, state.hidden, state.locked);
      });
      return performance.now() - start;
    }
    let cpu = 0;
    ownWrites(() => PithMarks.unlabelGone(before, after));
    for (let i = 0; i < after.length; ) {
      ownWrites(() => {
        i = PithMarks.labelFrom(after, i, start + MARK_SLICE_MS);
      });
      if (i < after.length) {
        cpu += performance.now() - start;
        await PithSnapshot.yieldTask();
        start = performance.now();
        if (!state.on || dead) return cpu;
      }
    }
    ownWrites(() => PithMarks.show(doc, after, state.hidden, state.locked));
    return cpu + performance.now() - start;
  }

  /** Abstains for good on this URL: marks removed, observer off. */
  async function giveUp(why, t0 = performance.now()) {
    state.note = why;
    state.final = true;
    stopWatching();
    await unmark().catch(() => {});
    setStatus('abstain', performance.now() - t0);
    report();
  }

  async function fail(error, t0) {
    if (!alive()) return orphan();
    console.warn('pith: hiding nothing on this page:', error && error.message);
    await giveUp(`error: ${error && error.message}`, t0);
  }

  function setOverlay(show) {
    state.overlay = Boolean(show) && state.marked.length > 0;
    ownWrites(() => {
      if (state.overlay) PithOverlay.show(doc, state.marked, state.reasons);
      else PithOverlay.hide(doc);
    });
  }

  /** A port to the service worker, only on pages Pith works on: classify requests go over it
   *  (request()), and its disconnect tells us promptly when the extension was reloaded or removed.
   *  (It also drops when the worker idles out; the next request connects again.) */
  function connect() {
    if (port || !alive()) return;
    try {
      port = chrome.runtime.connect({ name: 'pith-content' });
      port.onMessage.addListener(onPortMessage);
      port.onDisconnect.addListener(() => {
        port = null;
        if (!alive()) {
          for (const entry of pending.values()) entry.reject(new Error('extension context gone'));
          pending.clear();
          orphan();
        } else {
          retryPending();
        }
      });
    } catch {
      port = null;
    }
  }

  /** The extension is gone: undo every write without touching chrome.* APIs, quietly. */
  function orphan() {
    if (dead) return;
    dead = true;
    try {
      stopWatching();
      PithOverlay.hide(doc);
      PithMarks.clear(doc);
      html.setAttribute('data-pith', 'off');
    } catch {
      // nothing more can be done
    }
    try {
      chrome.runtime.onMessage.removeListener(onMessage);
      if (!TOP) chrome.storage.onChanged.removeListener(onStorage);
    } catch {
      // context invalidated
    }
  }

  /** Messages are accepted only from this extension's own contexts (never from a tab), by shape. */
  function onMessage(message, sender, sendResponse) {
    if (!alive()) {
      orphan();
      return false;
    }
    const fromUs = sender.id === chrome.runtime.id && typeof sender.url === 'string' && sender.url.startsWith(chrome.runtime.getURL(''));
    if (!fromUs || !message || typeof message.type !== 'string') return false;
    switch (message.type) {
      case 'settings':
        if (!message.settings || typeof message.settings !== 'object') return false;
        enqueue(() => decide(PithPolicy.normalize(message.settings))).then(
          () => sendResponse(stateOf()),
          (error) => sendResponse({ error: String(error && error.message) }),
        );
        return true; // answer after the change is applied
      case 'state':
        sendResponse(stateOf());
        return false;
      case 'overlay':
        try {
          setOverlay(message.show === true);
        } catch (error) {
          state.note = `overlay: ${error.message}`;
        }
        sendResponse(stateOf());
        return false;
      default:
        return false;
    }
  }

  /** Sub-frames get no settings messages (the worker talks to top frames): they watch storage. */
  function onStorage(changes, area) {
    if (area !== 'local' || !changes.settings) return;
    enqueue(() => decide(PithPolicy.normalize(changes.settings.newValue)));
  }

  globalThis.__pith = { alive, orphan };
  try {
    chrome.runtime.onMessage.addListener(onMessage);
    if (!TOP) chrome.storage.onChanged.addListener(onStorage);
    const loaded = performance.now() - started;
    chrome.storage.local.get('settings').then(
      ({ settings }) =>
        enqueue(async () => {
          await decide(PithPolicy.normalize(settings));
          // For pages left off, report what the page paid: this script's start-up plus the decision.
          if (state.status === 'off') setStatus('off', loaded + state.ms);
        }),
      () => orphan(),
    );
  } catch {
    orphan();
  }
})();
