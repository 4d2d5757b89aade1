// Pith at document_start: for a page whose site is on, has the service worker insert the one
// stylesheet now, while the document is still nearly empty. Inserting a user-origin stylesheet
// restyles the whole document; at document_start that costs nothing, on a loaded 100,000-element
// page it is a long main-thread task. The stylesheet is inert until content.js writes marks (its
// rules need data-pith-hide on <html>). content.js adopts the result (globalThis.__pithEarly) and
// removes the stylesheet if the page ends up off. Off sites: one storage read, no message, no worker.
(() => {
  'use strict';
  try {
    let url = location.href;
    if (window.top !== window) {
      try {
        url = window.top.location.href; // same-origin frame: the tab's site decides
      } catch {
        return; // cross-origin frame: content.js asks the worker later
      }
    }
    globalThis.__pithEarly = chrome.storage.local.get('settings').then(({ settings }) =>
      PithPolicy.isOn(settings, url)
        ? chrome.runtime.sendMessage({ type: 'css', insert: true }).then((r) => Boolean(r && r.ok), () => false)
        : false,
    );
    globalThis.__pithEarly.catch(() => {});
  } catch {
    globalThis.__pithEarly = null;
  }
})();
