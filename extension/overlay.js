// Pith label overlay ("show labels"): outlines each marked block, coloured by class, with its label,
// score and reason. Shared verbatim by the popup's content-script side and the demo pages.
//
// One host element with a closed shadow root, appended to <html> (outside <body>, so the snapshot
// never sees it) and removed on hide(). Styles are set through CSSOM properties, which a page's CSP
// (style-src) does not block, unlike <style> elements or style attributes.
(function (global) {
  'use strict';

  const COLOURS = { content: '#1a7f37', promo: '#d1242f', nav: '#0969da', legal: '#8250df' };
  const state = new WeakMap(); // document → { host, root, redraw }

  function css(el, props) {
    for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v, 'important');
  }

  function draw(doc, entry) {
    const { host, root, marked, reasons } = entry;
    root.replaceChildren();
    const base = host.getBoundingClientRect();
    for (const m of marked) {
      if (!m.el.isConnected) continue;
      const r = m.el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // hidden by clean view (or boxless)
      const colour = COLOURS[m.label] || '#57606a';
      const box = doc.createElement('div');
      css(box, {
        position: 'absolute',
        left: `${r.left - base.left}px`,
        top: `${r.top - base.top}px`,
        width: `${r.width}px`,
        height: `${r.height}px`,
        outline: `2px solid ${colour}`,
        'outline-offset': '-1px',
        background: `${colour}14`,
        'box-sizing': 'border-box',
      });
      const tag = doc.createElement('div');
      const reason = m.reason === -1 ? 'in use: never hidden' : reasons && reasons[m.reason] !== undefined ? reasons[m.reason] : `#${m.reason}`;
      tag.textContent = `${m.label} ${m.score.toFixed(2)} · ${reason}`;
      css(tag, {
        position: 'absolute',
        left: '0',
        top: '0',
        padding: '1px 4px',
        background: colour,
        color: '#fff',
        font: '11px/1.4 ui-monospace, SFMono-Regular, Menlo, monospace',
        'white-space': 'nowrap',
        'max-width': '100%',
        overflow: 'hidden',
        'text-overflow': 'ellipsis',
      });
      box.append(tag);
      root.append(box);
    }
  }

  /** Shows the overlay for `marked` ([{ el, label, score, reason }]); `reasons` names reason codes. */
  function show(doc, marked, reasons) {
    hide(doc);
    const host = doc.createElement('pith-overlay');
    css(host, {
      all: 'initial',
      position: 'absolute',
      left: '0',
      top: '0',
      width: '0',
      height: '0',
      'z-index': '2147483647',
      'pointer-events': 'none',
    });
    const root = host.attachShadow({ mode: 'closed' });
    doc.documentElement.append(host);
    const entry = { host, root, marked, reasons, frame: 0 };
    entry.redraw = () => {
      if (entry.frame) return;
      entry.frame = doc.defaultView.requestAnimationFrame(() => {
        entry.frame = 0;
        draw(doc, entry);
      });
    };
    doc.defaultView.addEventListener('resize', entry.redraw);
    state.set(doc, entry);
    draw(doc, entry);
  }

  /** Redraws after the page changed what is visible (e.g. a class was hidden or shown). */
  function refresh(doc) {
    const entry = state.get(doc);
    if (entry) draw(doc, entry);
  }

  function hide(doc) {
    const entry = state.get(doc);
    if (!entry) return;
    state.delete(doc);
    doc.defaultView.removeEventListener('resize', entry.redraw);
    if (entry.frame) doc.defaultView.cancelAnimationFrame(entry.frame);
    entry.host.remove();
  }

  function isShown(doc) {
    return state.has(doc);
  }

  global.PithOverlay = { show, hide, refresh, isShown, COLOURS };
})(globalThis);
