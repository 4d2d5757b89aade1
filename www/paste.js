// "Paste any HTML": shows the pasted page in a sandboxed frame (no scripts; a CSP that forbids every
// fetch, so nothing pasted can reach the network) and labels it with the demo's in-page core.
import { label, ensureStyle, ready } from './demo.js';

const { PithMarks, PithOverlay } = globalThis;
const $ = (id) => document.getElementById(id);
const frame = $('view');
let result = null;
let reasons = [];

/** The pasted HTML with a CSP that blocks every load except inline styles and data: images. */
function quarantine(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const csp = doc.createElement('meta');
  csp.httpEquiv = 'Content-Security-Policy';
  csp.content = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:";
  doc.head.prepend(csp);
  return '<!doctype html>\n' + doc.documentElement.outerHTML;
}

function apply() {
  const doc = frame.contentDocument;
  if (!doc || !result) return;
  PithMarks.clear(doc);
  PithOverlay.hide(doc);
  if (result.verdict.apply && $('clean').checked) {
    PithMarks.label(result.marked);
    ensureStyle(doc);
    PithMarks.show(doc, result.marked, PithMarks.HIDEABLE);
  }
  if ($('labels').checked) PithOverlay.show(doc, result.marked, reasons);
}

function table() {
  const body = $('blocks').tBodies[0];
  body.replaceChildren();
  result.marked.forEach((m, i) => {
    const row = body.insertRow();
    const text = (m.el.textContent || '').replace(/\s+/g, ' ').trim().slice(0, 120);
    for (const [value, cls] of [[i + 1], [m.label, `l-${m.label}`], [m.score.toFixed(2)], [reasons[m.reason] || m.reason], [text, 'text']]) {
      const cell = row.insertCell();
      cell.textContent = value;
      if (cls) cell.className = cls;
    }
  });
}

function classifyFrame() {
  const doc = frame.contentDocument;
  try {
    result = label(doc, reasons);
    const c = PithMarks.counts(result.marked);
    $('status').textContent =
      `${result.marked.length} blocks (content ${c.content}, promo ${c.promo}, nav ${c.nav}, legal ${c.legal}, comments ${c.comments}) · ` +
      `${result.ms.toFixed(1)} ms` + (result.verdict.apply ? '' : ' · not confident: the extension would hide nothing');
    table();
    apply();
  } catch (error) {
    $('status').textContent = `error: ${error.message}`;
  }
}

async function show(html) {
  reasons = await ready;
  $('status').textContent = 'classifying…';
  frame.addEventListener('load', classifyFrame, { once: true });
  frame.srcdoc = quarantine(html);
}

$('form').addEventListener('submit', (event) => {
  event.preventDefault();
  show($('html').value).catch((error) => ($('status').textContent = `error: ${error.message}`));
});
$('sample').addEventListener('click', async () => {
  $('html').value = await (await fetch('./')).text();
  $('form').requestSubmit();
});
$('clean').addEventListener('change', apply);
$('labels').addEventListener('change', apply);
