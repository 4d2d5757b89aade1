// The demo page's own Pith, no extension needed: the same wasm core and the same snapshot, marks and
// overlay scripts the extension ships (www/pkg is staged by build.sh), run in the page itself.
// The control panel lives in a shadow root on a host appended to <html>, outside <body>, so the
// classifier never sees it (open, so tests can click it).
import init, { classify, comment_reason, reason_names } from './pkg/pith.js';

const { PithSnapshot, PithMarks, PithOverlay } = globalThis;

/** Classifies `doc` (writes nothing). Returns { verdict, marked, ms, count }. */
export function label(doc, reasons) {
  const t0 = performance.now();
  const snap = PithSnapshot.build(doc);
  if (snap.over) throw new Error(`page over budget (${snap.over})`);
  const verdict = PithMarks.decode(classify(snap.wire), snap.nodes.length);
  const marked = PithMarks.resolve(verdict.marks, snap.nodes, undefined, comment_reason());
  return { verdict, marked, reasons, count: snap.count, ms: performance.now() - t0 };
}

/** The one stylesheet (the extension inserts the same text as a user stylesheet). */
export function ensureStyle(doc) {
  let style = doc.getElementById('pith-demo-style');
  if (!style) {
    style = doc.createElement('style');
    style.id = 'pith-demo-style';
    style.textContent = PithMarks.CSS;
    doc.head.append(style);
  }
  return style;
}

export const ready = init().then(() => reason_names().split('\n'));

// ---- the article page ------------------------------------------------------------------------

function pageBehaviour() {
  // What the made-up site does by itself: the cookie banner unlocks scrolling once answered.
  for (const button of document.querySelectorAll('[data-consent]')) {
    button.addEventListener('click', () => {
      document.documentElement.classList.remove('cookie-lock');
      document.getElementById('cookie-banner').hidden = true;
    });
  }
  const app = document.querySelector('#app-banner .close');
  if (app) app.addEventListener('click', () => (document.getElementById('app-banner').hidden = true));
  for (const form of document.querySelectorAll('form')) form.addEventListener('submit', (e) => e.preventDefault());
}

function panel() {
  const host = document.createElement('pith-demo');
  host.style.setProperty('position', 'fixed');
  host.style.setProperty('top', '10px');
  host.style.setProperty('right', '10px');
  host.style.setProperty('z-index', '2147483646');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = `
    <style>
      div { font: 13px/1.4 system-ui, sans-serif; background: #1f2328; color: #fff; border-radius: 8px; padding: 8px 10px;
            box-shadow: 0 4px 16px rgba(0,0,0,.3); display: flex; gap: 8px; align-items: center; }
      button { font: inherit; border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; background: #57606a; color: #fff; }
      button[aria-pressed="true"] { background: #1a7f37; }
      a { color: #9fd3f0; }
      output { min-width: 9em; color: #d0d7de; }
    </style>
    <div role="toolbar" aria-label="Pith demo">
      <strong>Pith</strong>
      <button id="clean" aria-pressed="false">Clean view</button>
      <button id="labels" aria-pressed="false">Show labels</button>
      <output id="status">loading…</output>
      <a href="paste.html">Paste HTML →</a>
    </div>`;
  document.documentElement.append(host);
  return root;
}

async function main() {
  pageBehaviour();
  const ui = panel();
  const clean = ui.getElementById('clean');
  const labels = ui.getElementById('labels');
  const status = ui.getElementById('status');
  let reasons;
  try {
    reasons = await ready;
  } catch (error) {
    status.textContent = `core failed to load: ${error.message}`;
    return;
  }
  status.textContent = 'ready';
  let result = null; // { verdict, marked, ms }

  function render() {
    const on = clean.getAttribute('aria-pressed') === 'true';
    if (!result) status.textContent = 'clean view off';
    else if (!result.verdict.apply) status.textContent = 'no article found: hiding nothing';
    else {
      const hidden = on ? PithMarks.hiddenCount(result.marked, PithMarks.HIDEABLE) : 0;
      status.textContent = `${hidden} blocks hidden · ${result.ms.toFixed(1)} ms`;
    }
  }

  clean.addEventListener('click', () => {
    const on = clean.getAttribute('aria-pressed') !== 'true';
    clean.setAttribute('aria-pressed', String(on));
    try {
      if (on) {
        result = label(document, reasons);
        if (result.verdict.apply) {
          PithMarks.label(result.marked);
          ensureStyle(document);
          PithMarks.show(document, result.marked, PithMarks.HIDEABLE);
        }
      } else {
        PithMarks.clear(document);
        const style = document.getElementById('pith-demo-style');
        if (style) style.remove();
        if (labels.getAttribute('aria-pressed') !== 'true') result = null;
      }
      if (PithOverlay.isShown(document)) PithOverlay.refresh(document);
    } catch (error) {
      PithMarks.clear(document);
      status.textContent = `error: ${error.message}`;
      return;
    }
    render();
  });

  labels.addEventListener('click', () => {
    const show = labels.getAttribute('aria-pressed') !== 'true';
    labels.setAttribute('aria-pressed', String(show));
    if (show) {
      // Labels without clean view: classify for the overlay only (nothing is written or hidden).
      if (!result) result = label(document, reasons);
      PithOverlay.show(document, result.marked, reasons);
    } else {
      PithOverlay.hide(document);
    }
    render();
  });
}

if (document.querySelector('article.story')) main();
