// Pith service worker: owns the settings, runs the wasm core, inserts/removes the one stylesheet,
// sets the badge, and exposes the automation API `pith` (README "Automation").
//
// Where the core runs, and why. ONE path for every page: the content script builds the snapshot
// string, sends it here in one message (over a long-lived port: ~1 ms round trip where
// runtime.sendMessage took 2-25 ms, tests/bench/probe-msg.mjs), and gets the flat label array back. The alternative, the
// core in the content script (falling back to here under a CSP without 'wasm-unsafe-eval', where a
// content script gets a bare CompileError), was built and measured (Chromium 156 headless, 2 shared
// cores; README "Speed and size"; tests/bench/inpage.mjs):
//   worker path, 177 corpus pages (502f96f): data-pith-ms median 22.6, p95 53; snapshot 10.8,
//     round trip 8.4 of which classify 2.0, mark 1.6. Site off: 0.9 ms, no wasm loaded.
//   in-page core, 8 pages: start-up (import glue + compile + instantiate) median 60 ms, max 118;
//     classify 19 ms (every page is a fresh isolated world: lazy compilation and baseline-tier code
//     each time; here the module stays warm); data-pith-ms median 94. On a 92k-element page classify
//     took 387 ms as ONE main-thread task, where here it costs the page's main thread nothing.
//   main-world probe (tests/bench/wasm-probe.mjs): compile 1-4 ms, instantiate < 1, first classify 20 ms,
//     ~1.5 ms once tiered up: the cold first call, not compilation, is what a page would pay.
// So: the core instantiated once per worker lifetime, lazily on the first classify (a browser where
// every site is off never loads the wasm). The remaining costs are the snapshot walk (half of the
// total) and the message (a quarter), not classify.
//
// The stylesheet goes in through chrome.scripting.insertCSS with origin USER (uBlock's way), not
// document.adoptedStyleSheets from the content script: it works the same in Chromium and Firefox
// (Firefox's content-script Xrays make adopting a constructed sheet awkward), a page script cannot
// drop it by reassigning adoptedStyleSheets, it leaves no trace in the page's DOM or CSSOM, and a
// user-origin !important rule beats any author rule. The text is constant (marks.js), so removeCSS
// with the same text removes exactly it, even after this worker was restarted.
import init, { classify, comment_reason, reason_names, version } from './pkg/pith.js';
import './policy.js';
import './marks.js';

const { PithPolicy: policy, PithMarks: marks } = globalThis;
// What a frame whose site is on runs: content.js and what it uses (the walk, the marks, the label
// overlay), injected together by this worker. They are not manifest content scripts: a page whose
// site is off (the default, so most pages) would compile and run them for nothing, about 1 ms of its
// main thread (tests/bench/probe-off.mjs); it runs only early.js, the gate, which asks for them.
// early.js runs at document_start (manifest) only: on pages opened before an install there is no start.
const CONTENT_SCRIPTS = ['policy.js', 'snapshot.js', 'marks.js', 'overlay.js', 'content.js'];

let core = null;
/** The wasm core, instantiated on first use; a failed start is retried on the next call. */
function loadCore() {
  if (!core) {
    core = init({ module_or_path: new URL('./pkg/pith_bg.wasm', import.meta.url) }).then(
      () => ({ reasons: reason_names().split('\n'), commentReason: comment_reason(), version: version() }),
      (error) => {
        core = null;
        throw error;
      },
    );
  }
  return core;
}

let warmed = null;
/**
 * Instantiates the core and runs it a few times on a small made-up page, once per worker lifetime,
 * while a page whose site is on is still loading (its first classify comes after it settles). A
 * fresh core's first call runs baseline-compiled code: ~20 ms for a median page instead of ~2 (the
 * first page after the worker idled out, which in real browsing is often). Costs the page nothing.
 */
function warmCore() {
  if (!warmed) {
    warmed = loadCore().then(() => {
      const wire = warmupWire();
      for (let i = 0; i < 3; i++) classify(wire);
    });
    warmed.catch(() => {
      warmed = null;
    });
  }
  return warmed;
}

/**
 * A small page in the snapshot wire format (src/snapshot.rs; trailing empty fields left out): a menu,
 * an article, a rail of links, a footer line. Landmark tags only, no class names: it is there to run
 * every stage of the core, not to teach it anything.
 */
function warmupWire() {
  const US = '\u001f';
  const records = [`-1${US}body`];
  const element = (parent, tag, flags = 0) => records.push(`${parent}${US}${tag}${US}${flags}`) - 1;
  const text = (parent, words) => records.push(`${parent}${US}${US}${words}`);
  const LINK = 2;
  const menu = element(element(element(0, 'header'), 'nav'), 'ul');
  for (let i = 0; i < 8; i++) text(element(element(menu, 'li'), 'a', LINK), `Section ${i}`);
  const article = element(element(0, 'main'), 'article');
  text(element(article, 'h1'), 'A headline about the town council and its plans for the old harbour');
  for (let i = 0; i < 12; i++) {
    const p = element(article, 'p');
    text(p, `Paragraph ${i} of the story, with sentences that read like an article, a few numbers like ${i * 17}, and`);
    text(element(p, 'a', LINK), 'a link');
    text(p, 'in running text, before the paragraph ends with a full stop.');
  }
  const rail = element(element(0, 'aside'), 'ul');
  for (let i = 0; i < 6; i++) text(element(element(rail, 'li'), 'a', LINK), `Another story worth reading, number ${i}`);
  text(element(element(0, 'footer'), 'p'), '© 2026 Example Media. All rights reserved.');
  return `pith1\u001e${records.join('\u001e')}`;
}

// ---- settings -------------------------------------------------------------------------------

let writing = Promise.resolve();

async function readSettings() {
  const { settings } = await chrome.storage.local.get('settings');
  return policy.normalize(settings);
}

/** Applies `change` to the stored settings (one change at a time), then to every open tab. */
function update(change) {
  const run = writing.then(async () => {
    const settings = change(await readSettings());
    await chrome.storage.local.set({ settings });
    await broadcast(settings);
    return settings;
  });
  writing = run.catch(() => {});
  return run;
}

/**
 * Sends the settings to every tab's content script and waits until each has applied them. A tab
 * without one (its site was off when it loaded: early.js loaded nothing more) whose site is now on
 * gets content.js in every frame; it reads the settings itself.
 */
async function broadcast(settings) {
  const tabs = await chrome.tabs.query({});
  const apply = async (tab) => {
    try {
      return await chrome.tabs.sendMessage(tab.id, { type: 'settings', settings }, { frameId: 0 });
    } catch {
      if (!tab.url || !policy.isOn(settings, tab.url)) return null;
      await chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: CONTENT_SCRIPTS });
      // Then the same message, so this tab too has applied the change when we resolve (the popup
      // renders the tab's state right after; the injected script alone reads settings later).
      return chrome.tabs.sendMessage(tab.id, { type: 'settings', settings }, { frameId: 0 });
    }
  };
  await Promise.allSettled(
    tabs.map((tab) =>
      Promise.race([
        apply(tab),
        new Promise((resolve) => setTimeout(resolve, 10000)), // a hung page must not hang the API
      ]),
    ),
  );
}

// ---- automation API (stable names: README "Automation") --------------------------------------

globalThis.pith = {
  /** Clean view for every site that has no choice of its own. */
  setDefault: (on) => update((s) => policy.withDefault(s, on)).then(() => undefined),
  /** Clean view for one origin (e.g. "https://example.com"). */
  setSite: (origin, on) => update((s) => policy.withSite(s, origin, on)).then(() => undefined),
  /** Whether clean view hides a class ("promo" | "nav" | "legal"). */
  setHidden: (cls, hidden) => update((s) => policy.withHidden(s, cls, hidden)).then(() => undefined),
  settings: readSettings,
  /** What an install or reload does to the tabs already open (adoptOpenTabs). */
  adoptOpenTabs: () => adoptOpenTabs(),
  version: () => loadCore().then((c) => c.version),
};

async function toggleSite(tab) {
  const origin = tab && tab.url ? policy.originOf(tab.url) : null;
  if (!origin) return; // a browser page, where Pith does not run
  const settings = await readSettings();
  await globalThis.pith.setSite(origin, !policy.isOn(settings, tab.url));
}

// ---- messages: content script / popup → background -------------------------------------------

/**
 * The document a content script message came from, as a scripting target. By document (Chromium)
 * rather than by frame: a frame that has navigated since, or a prerendered page (whose frame id
 * names the tab's visible page), must not receive what another document asked for. Firefox has no
 * document ids; there the frame it is.
 */
function targetOf(sender) {
  return typeof sender.documentId === 'string'
    ? { tabId: sender.tab.id, documentIds: [sender.documentId] }
    : { tabId: sender.tab.id, frameIds: [sender.frameId] };
}

// Big snapshots arrive in parts (content.js classifySnapshot): kept per sender frame until the
// classify message names them; at most a few in flight per frame, dropped after a minute.
const PART_MAX = 256 * 1024;
const partials = new Map(); // `${tab}:${frame}:${id}` → { parts: [], chars, timer }

function partKey(sender, id) {
  return `${sender.tab.id}:${sender.frameId}:${id}`;
}

function addPart(m, sender) {
  const key = partKey(sender, m.id);
  let entry = partials.get(key);
  if (!entry) {
    const prefix = `${sender.tab.id}:${sender.frameId}:`;
    if ([...partials.keys()].filter((k) => k.startsWith(prefix)).length >= 4) throw new Error('too many snapshots in flight');
    entry = { parts: [], chars: 0, timer: setTimeout(() => partials.delete(key), 60000) };
    partials.set(key, entry);
  }
  if (m.seq !== entry.parts.length) throw new Error('snapshot part out of order');
  entry.chars += m.text.length;
  if (entry.chars > MAX_SNAPSHOT_CHARS) {
    clearTimeout(entry.timer);
    partials.delete(key);
    throw new Error('snapshot too large');
  }
  entry.parts.push(m.text);
  return { ok: true };
}

/** The snapshot string of a classify message: inline, or assembled from its parts. */
function snapshotOf(message, sender) {
  if (typeof message.snapshot === 'string') return message.snapshot;
  const key = partKey(sender, message.parts.id);
  const entry = partials.get(key);
  partials.delete(key);
  if (!entry) throw new Error('snapshot parts missing');
  clearTimeout(entry.timer);
  if (entry.parts.length !== message.parts.count) throw new Error('snapshot parts incomplete');
  return entry.parts.join('');
}

async function classifyFor(message, sender) {
  const snapshot = snapshotOf(message, sender);
  const target = targetOf(sender);
  const t0 = performance.now();
  const [css, answer] = await Promise.all([
    // Inserted once per frame: later passes on a living page say css: false.
    message.css === false
      ? 0
      : chrome.scripting.insertCSS({ target, css: marks.CSS, origin: 'USER' }).then(
          () => performance.now() - t0,
          () => false,
        ),
    loadCore().then((c) => {
      const t0 = performance.now();
      const wire = classify(snapshot);
      const names = message.reasons ? { reasons: c.reasons, commentReason: c.commentReason } : {};
      return { wire: Array.from(wire), ms: performance.now() - t0, ...names };
    }),
  ]);
  return { ...answer, css: css !== false, cssMs: css, workerMs: performance.now() - t0 };
}

/** Largest snapshot accepted (the core refuses more than 400,000 records anyway). */
const MAX_SNAPSHOT_CHARS = 64 * 1024 * 1024;
const isBool = (v) => typeof v === 'boolean';
const optBool = (v) => v === undefined || isBool(v);

// Every message is checked by who sent it and by shape before anything runs. Content scripts
// (in a tab, on a web page) may only ask for their own frame's work; only extension pages (the
// popup, at our own URL) may change settings. Anything else gets { error } and no effect.
const handlers = {
  // content → background
  classify: {
    from: 'content',
    ok: (m) =>
      (typeof m.snapshot === 'string'
        ? m.snapshot.length <= MAX_SNAPSHOT_CHARS && m.parts === undefined
        : Boolean(m.parts) && typeof m.parts.id === 'string' && m.parts.id.length <= 64 && Number.isInteger(m.parts.count) && m.parts.count > 0) &&
      optBool(m.reasons) &&
      optBool(m.css),
    run: classifyFor,
  },
  'snapshot-part': {
    from: 'content',
    ok: (m) => typeof m.id === 'string' && m.id.length <= 64 && Number.isInteger(m.seq) && m.seq >= 0 && typeof m.text === 'string' && m.text.length <= PART_MAX,
    run: addPart,
  },
  css: {
    from: 'content',
    ok: (m) => isBool(m.insert),
    run: (m, sender) => {
      const details = { target: targetOf(sender), css: marks.CSS, origin: 'USER' };
      return (m.insert ? chrome.scripting.insertCSS(details) : chrome.scripting.removeCSS(details)).then(() => ({ ok: true }));
    },
  },
  report: {
    from: 'content',
    ok: (m, sender) => sender.frameId === 0 && Number.isInteger(m.hidden) && m.hidden >= 0,
    run: (m, sender) => chrome.action.setBadgeText({ tabId: sender.tab.id, text: policy.badgeText(m.hidden) }).then(() => ({ ok: true })),
  },
  // early.js found its site on: content.js and its modules go into that frame (an off page never gets them).
  start: {
    from: 'content',
    ok: () => true,
    run: (m, sender) => {
      warmCore().catch(() => {}); // the page's first classify fails on its own if the core cannot start
      return chrome.scripting.executeScript({ target: targetOf(sender), files: CONTENT_SCRIPTS }).then(() => ({ ok: true }));
    },
  },
  // A cross-origin sub-frame asks which page it is in (its tab's URL decides the site choice).
  frame: { from: 'content', ok: () => true, run: (m, sender) => ({ url: sender.tab.url || '' }) },
  // popup → background
  setSite: {
    from: 'page',
    ok: (m) => typeof m.origin === 'string' && m.origin.length < 4096 && isBool(m.on),
    run: (m) => globalThis.pith.setSite(m.origin, m.on).then(() => ({ ok: true })),
  },
  setHidden: {
    from: 'page',
    ok: (m) => policy.CLASSES.includes(m.cls) && isBool(m.hidden),
    run: (m) => globalThis.pith.setHidden(m.cls, m.hidden).then(() => ({ ok: true })),
  },
  settings: { from: 'page', ok: () => true, run: () => readSettings() },
};

const EXTENSION_URL = chrome.runtime.getURL('');

/** Is `sender` the kind of context this handler serves? */
function senderFits(handler, sender) {
  if (sender.id !== chrome.runtime.id) return false;
  const ours = typeof sender.url === 'string' && sender.url.startsWith(EXTENSION_URL);
  if (handler.from === 'content') return !ours && Boolean(sender.tab && Number.isInteger(sender.tab.id) && Number.isInteger(sender.frameId));
  return ours; // the popup (as a popup, or opened in a tab)
}

/** Runs one message through its handler: a promise of the answer, or null for a refused message. */
function dispatch(message, sender) {
  // Only our own contexts, only known shapes.
  if (sender.id !== chrome.runtime.id || !message || typeof message !== 'object' || typeof message.type !== 'string') return null;
  if (!Object.hasOwn(handlers, message.type)) return null;
  const handler = handlers[message.type];
  let result;
  try {
    result = senderFits(handler, sender) && handler.ok(message, sender) ? handler.run(message, sender) : undefined;
  } catch (error) {
    result = Promise.reject(error);
  }
  if (result === undefined) return Promise.resolve({ error: `bad ${message.type} message` });
  return Promise.resolve(result).catch((error) => ({ error: String((error && error.message) || error) }));
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const answer = dispatch(message, sender);
  if (answer === null) return false;
  answer.then(sendResponse);
  return true;
});

// Content scripts send their classify requests (and snapshot parts) over a long-lived port: one hop
// each way per request, where sendMessage sets up a channel per call. The same handlers and checks
// apply (port.sender is the content script's frame); answers carry the request's `rid`. The port
// also tells an orphaned content script that this extension went away (see content.js).
chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== 'pith-content') return;
  port.onMessage.addListener((message) => {
    const rid = message && message.rid;
    if (!Number.isInteger(rid)) return;
    const answer = dispatch(message, port.sender);
    if (answer === null) return;
    answer.then((a) => {
      try {
        port.postMessage({ ...a, rid });
      } catch {
        // the page went away
      }
    });
  });
});

chrome.action.onClicked.addListener((tab) => toggleSite(tab).catch(console.error));
chrome.commands.onCommand.addListener((command, tab) => {
  if (command === 'toggle-site') toggleSite(tab).catch(console.error);
});

// The popup (counts, class switches, "show labels") opens from the toolbar button's context menu,
// because a plain click toggles clean view (the one-click action the user asked for).
chrome.contextMenus.onClicked.addListener((info, tab) => {
  if (info.menuItemId !== 'pith-panel' || !tab) return;
  openPanel(tab).catch(console.error);
});

async function openPanel(tab) {
  try {
    await chrome.action.setPopup({ tabId: tab.id, popup: `popup.html?tab=${tab.id}` });
    await chrome.action.openPopup({ windowId: tab.windowId });
  } catch {
    await chrome.windows.create({ url: `popup.html?tab=${tab.id}`, type: 'popup', width: 340, height: 420 });
  } finally {
    await chrome.action.setPopup({ tabId: tab.id, popup: '' });
  }
}

// The toolbar button only where Pith can run: disabled on browser pages (chrome://, about:, the
// web store, other extensions' pages), where content scripts are not allowed. Without the "tabs"
// permission tab.url is only visible on pages we have host access to, which is exactly the rule.
function syncAction(tabId, url) {
  const can = typeof url === 'string' && policy.originOf(url) !== null;
  (can ? chrome.action.enable(tabId) : chrome.action.disable(tabId)).catch(() => {});
}
chrome.tabs.onUpdated.addListener((tabId, change, tab) => {
  if (change.status === 'loading' || change.url !== undefined) syncAction(tabId, tab.url);
});
chrome.tabs.onActivated.addListener(({ tabId }) => {
  chrome.tabs.get(tabId).then((tab) => syncAction(tabId, tab.url), () => {});
});

/**
 * Brings clean view to the tabs that were open before an install or reload: they have no (or an
 * orphaned) content script. Each tab whose site is on gets the current one, which takes over from
 * an orphaned predecessor (content.js). A tab whose site is off keeps only its gate, as if it had
 * loaded now: this runs after the install, possibly after a page has opened and decided it is off,
 * and must not load clean view into it then.
 */
async function adoptOpenTabs() {
  const settings = await readSettings();
  const tabs = await chrome.tabs.query({});
  // isOn is false for every address that is not a web page or a file (no site to be on).
  await Promise.allSettled(
    tabs
      .filter((tab) => tab.url && policy.isOn(settings, tab.url))
      .map((tab) => chrome.scripting.executeScript({ target: { tabId: tab.id, allFrames: true }, files: CONTENT_SCRIPTS })),
  );
  for (const tab of tabs) syncAction(tab.id, tab.url);
}
chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.create({ id: 'pith-panel', title: 'Pith: labels and switches…', contexts: ['action'] }, () => {
    void chrome.runtime.lastError; // already exists after an update
  });
  adoptOpenTabs().catch(() => {});
});
