// Pith content script: decides whether clean view is on for this page, builds the snapshot, asks
// the service worker for labels, writes the marks, and undoes all of it on "off".
// Runs after policy.js, snapshot.js, marks.js and overlay.js in the same isolated world.
//
// Automation contract (README "Automation"): <html data-pith="working|ready|abstain|off">,
// data-pith-ms (time Pith spent: snapshot + classify round trip + mark), data-pith-label on marks.
// Nothing here may throw into the page: every entry point is wrapped, and any error means
// "abstain": every mark removed, nothing hidden.
(() => {
  'use strict';
  const started = performance.now();
  const doc = document;
  const html = doc.documentElement;
  if (!html) return;

  // A previous instance in this world (extension reloaded, then re-injected by background.js):
  // if it is orphaned, it cleans up and we take over; if it is alive, we are a duplicate.
  const previous = globalThis.__pith;
  if (previous) {
    if (previous.alive()) return;
    previous.orphan();
  }

  const state = {
    status: null, // working | ready | abstain | off
    on: false,
    hidden: [], // classes hidden while on
    marked: [], // [{ el, label, score, reason }]
    reasons: [],
    css: false, // the stylesheet is inserted (by the service worker) in this frame
    overlay: false,
    ms: 0,
    timings: null,
    note: '',
  };
  let queue = Promise.resolve();
  let port = null;
  let dead = false;

  function alive() {
    try {
      return !dead && Boolean(chrome.runtime && chrome.runtime.id);
    } catch {
      return false;
    }
  }

  function setStatus(status, ms) {
    state.status = status;
    html.setAttribute('data-pith', status);
    if (ms !== undefined) {
      state.ms = ms;
      html.setAttribute('data-pith-ms', ms.toFixed(2));
    }
  }

  /** Runs `fn` after everything queued before it: settings changes apply in order, one at a time. */
  function enqueue(fn) {
    const run = queue.then(() => (alive() ? fn() : orphan()));
    queue = run.catch(() => {});
    return run;
  }

  async function send(message) {
    if (!alive()) throw new Error('extension context gone');
    return chrome.runtime.sendMessage(message);
  }

  function hiddenCount() {
    return state.on && state.status === 'ready' ? PithMarks.hiddenCount(state.marked, state.hidden) : 0;
  }

  let reported = 0;
  /** Tells the worker the badge number, only when it changed (an "off" page never wakes it). */
  function report() {
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
      timings: state.timings,
      note: state.note,
    };
  }

  /** Removes every write Pith made (marks, <html> attributes, overlay, stylesheet). */
  async function unmark() {
    PithOverlay.hide(doc);
    state.overlay = false;
    PithMarks.clear(doc);
    state.marked = [];
    if (state.css) {
      state.css = false;
      await send({ type: 'css', insert: false }).catch(() => {});
    }
  }

  async function decide(settings) {
    const t0 = performance.now();
    state.on = PithPolicy.isOn(settings, location.href);
    const hidden = PithPolicy.hiddenClasses(settings);
    if (!state.on) {
      if (state.status !== 'off' && state.status !== null) await unmark();
      state.hidden = [];
      setStatus('off', performance.now() - t0);
    } else if (state.status === 'ready') {
      state.hidden = hidden;
      PithMarks.show(doc, state.marked, hidden);
      if (state.overlay) PithOverlay.refresh(doc);
    } else if (state.status !== 'abstain') {
      state.hidden = hidden;
      await clean();
    }
    report();
  }

  async function clean() {
    const t0 = performance.now();
    setStatus('working');
    try {
      const snap = PithSnapshot.build(doc);
      const t1 = performance.now();
      if (snap.over) {
        state.note = `over budget (${snap.over}, ${snap.count} nodes)`;
        await unmark();
        setStatus('abstain', performance.now() - t0);
        return;
      }
      const answer = await send({ type: 'classify', snapshot: snap.wire, reasons: state.reasons.length === 0 });
      if (!answer || answer.error) throw new Error(answer ? answer.error : 'no answer from the service worker');
      if (answer.reasons) state.reasons = answer.reasons;
      state.css = answer.css === true;
      const t2 = performance.now();
      const verdict = PithMarks.decode(answer.wire, snap.nodes.length);
      const marked = PithMarks.resolve(verdict.marks, snap.nodes);
      state.timings = { snapshot: t1 - t0, roundTrip: t2 - t1, worker: answer.workerMs, css: answer.cssMs, classify: answer.ms, nodes: snap.count, bytes: snap.wire.length };
      if (!verdict.apply || !state.css) {
        state.note = verdict.apply ? 'could not insert the stylesheet' : 'no confident article: hiding nothing';
        state.marked = marked; // kept for "show labels" only; nothing is written to the page
        await unmark();
        state.marked = marked;
        setStatus('abstain', performance.now() - t0);
        return;
      }
      state.marked = marked;
      PithMarks.label(marked);
      PithMarks.show(doc, marked, state.hidden);
      const t3 = performance.now();
      state.timings.mark = t3 - t2;
      state.note = '';
      setStatus('ready', t3 - t0);
      connect();
    } catch (error) {
      fail(error, t0);
    }
  }

  async function fail(error, t0) {
    state.note = `error: ${error && error.message}`;
    if (!alive()) return orphan();
    try {
      await unmark();
    } catch {
      // already failing: abstain with whatever could be undone
    }
    setStatus('abstain', performance.now() - t0);
    console.warn('pith: hiding nothing on this page:', error && error.message);
  }

  function setOverlay(show) {
    state.overlay = Boolean(show) && state.marked.length > 0;
    if (state.overlay) PithOverlay.show(doc, state.marked, state.reasons);
    else PithOverlay.hide(doc);
  }

  /** A port to the service worker, only on pages Pith works on: its disconnect tells us promptly
   *  when the extension was reloaded or removed. (It also drops when the worker idles out; then we
   *  stay as we are and rely on the checks at every entry point.) */
  function connect() {
    if (port || !alive()) return;
    try {
      port = chrome.runtime.connect({ name: 'pith-content' });
      port.onDisconnect.addListener(() => {
        port = null;
        if (!alive()) orphan();
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
      PithOverlay.hide(doc);
      PithMarks.clear(doc);
      html.setAttribute('data-pith', 'off');
    } catch {
      // nothing more can be done
    }
    try {
      chrome.runtime.onMessage.removeListener(onMessage);
    } catch {
      // context invalidated
    }
  }

  function onMessage(message, sender, sendResponse) {
    if (!alive()) {
      orphan();
      return false;
    }
    if (sender.id !== chrome.runtime.id || !message || typeof message.type !== 'string') return false;
    switch (message.type) {
      case 'settings':
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
          setOverlay(message.show);
        } catch (error) {
          state.note = `overlay: ${error.message}`;
        }
        sendResponse(stateOf());
        return false;
      default:
        return false;
    }
  }

  globalThis.__pith = { alive, orphan };
  try {
    chrome.runtime.onMessage.addListener(onMessage);
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
