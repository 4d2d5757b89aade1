// Pith's gate, the only script of ours that runs on every page (document_start, every frame).
// It reads the settings once and decides whether clean view is on for this page (the tab's site).
//   off (the default, so most pages): it writes data-pith="off" and that is all; nothing else of
//     Pith is loaded, no listener is set, the service worker is not woken (except by a cross-origin
//     frame in Firefox, which has no location.ancestorOrigins and asks it for the tab's address).
//     When the user turns the site on, the worker injects content.js into the tab (broadcast).
//   on: it has the worker insert the one stylesheet now, while the document is still nearly empty
//     (inserting a user-origin stylesheet restyles the whole document; at document_start that costs
//     nothing, on a loaded 100,000-element page it is a long main-thread task; the stylesheet is
//     inert until content.js writes marks, its rules need data-pith-hide on <html>), and asks the
//     worker to inject content.js into this frame. content.js adopts the stylesheet's promise
//     (globalThis.__pithEarly) and removes the stylesheet if the page ends up off.
(() => {
  'use strict';
  const started = performance.now();
  try {
    // Through the prototype: `<img name="documentElement">` cannot clobber it (snapshot.js explains).
    // Read when the settings are in: at document_start the parser may not have made <html> yet.
    const documentElement = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get;
    // The page's site, from the address the browser has already parsed (a Location, or an origin
    // string); only a cross-origin frame in Firefox has to ask the worker for the tab's URL.
    let where = { protocol: location.protocol, origin: location.origin };
    let ask = null;
    if (window.top !== window) {
      try {
        const top = window.top.location; // same-origin frame: the tab's site decides
        where = { protocol: top.protocol, origin: top.origin }; // a cross-origin top throws here
      } catch {
        // Cross-origin frame: Chromium names the top origin; elsewhere the worker knows the tab.
        const origins = location.ancestorOrigins;
        if (origins && origins.length) {
          const origin = origins[origins.length - 1];
          where = { protocol: origin.slice(0, origin.indexOf(':') + 1), origin };
        } else {
          ask = chrome.runtime.sendMessage({ type: 'frame' }).then((answer) => (answer && typeof answer.url === 'string' ? answer.url : ''));
        }
      }
    }
    const startup = performance.now() - started;
    const decided = Promise.all([chrome.storage.local.get('settings'), ask]).then(([{ settings }, askedUrl]) => {
      const t0 = performance.now();
      const html = documentElement.call(document);
      const on = ask ? PithPolicy.isOn(settings, askedUrl) : PithPolicy.isOnAt(settings, where.protocol, where.origin);
      if (!on) {
        if (html && !html.hasAttribute('data-pith')) {
          html.setAttribute('data-pith', 'off');
          // What this page paid: this script's main-thread time (the settings read in between is
          // the browser's, not the page's), not counting compiling it.
          html.setAttribute('data-pith-ms', (startup + performance.now() - t0).toFixed(2));
        }
        return false;
      }
      const css = chrome.runtime.sendMessage({ type: 'css', insert: true }).then(
        (r) => Boolean(r && r.ok),
        () => false,
      );
      chrome.runtime.sendMessage({ type: 'start' }).then(
        (r) => {
          // A frame the worker cannot inject into (about:blank, srcdoc, a sandboxed frame): Pith
          // hides nothing there, and says so.
          if ((!r || r.error) && html && !html.hasAttribute('data-pith')) html.setAttribute('data-pith', 'abstain');
        },
        () => {},
      );
      return css;
    });
    globalThis.__pithEarly = decided;
    decided.catch(() => {});
  } catch {
    globalThis.__pithEarly = null;
  }
})();
