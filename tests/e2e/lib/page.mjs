// In-page probes shared by the e2e tests (and usable by the browser-mode eval).

/**
 * A hash of everything a user or script could see: every node (tag, attributes other than Pith's
 * data-pith*, text) and every element's computed display. Equal hashes before and after a
 * clean-view cycle mean the page was restored exactly.
 */
export function domHash(page) {
  return page.evaluate(() => {
    let h1 = 0x811c9dc5;
    let h2 = 0;
    const feed = (s) => {
      for (let i = 0; i < s.length; i++) {
        h1 = Math.imul(h1 ^ s.charCodeAt(i), 0x01000193) >>> 0;
        h2 = (h2 * 31 + s.charCodeAt(i)) >>> 0;
      }
    };
    const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    let nodes = 0;
    for (let n = walker.currentNode; n; n = walker.nextNode()) {
      nodes++;
      if (n.nodeType === 3) {
        feed('#' + n.data);
        continue;
      }
      feed('<' + n.localName);
      for (const a of n.attributes) if (!a.name.startsWith('data-pith')) feed(' ' + a.name + '=' + a.value);
      feed('|' + getComputedStyle(n).display + '|' + getComputedStyle(n).overflowY);
    }
    return `${nodes}:${h1.toString(16)}:${h2.toString(16)}`;
  });
}

/** [path, label] of every marked element; path as `pith classify --json` writes it (body>div:2>p:1). */
export function labelsByPath(page) {
  return page.evaluate(() => {
    const pathOf = (el) => {
      const parts = [];
      for (let e = el; e && e !== document.body; e = e.parentElement) {
        let i = 1;
        for (let s = e.previousElementSibling; s; s = s.previousElementSibling) i++;
        parts.push(`${e.localName}:${i}`);
      }
      parts.push('body');
      return parts.reverse().join('>');
    };
    return [...document.querySelectorAll('[data-pith-label]')].map((el) => [pathOf(el), el.getAttribute('data-pith-label')]);
  });
}

/** Number of marked blocks per class (reader comments, promo marks with data-pith-comment, apart). */
export function labelCounts(page) {
  return page.evaluate(() => {
    const c = { content: 0, promo: 0, nav: 0, legal: 0, comments: 0 };
    for (const el of document.querySelectorAll('[data-pith-label]')) {
      const label = el.getAttribute('data-pith-label');
      c[label === 'promo' && el.hasAttribute('data-pith-comment') ? 'comments' : label]++;
    }
    return c;
  });
}

/** The browser's tab id of a page (for the popup's ?tab= and the badge); give tests distinct URLs. */
export function tabIdOf(serviceWorker, page) {
  return serviceWorker.evaluate(async (url) => {
    const tabs = await chrome.tabs.query({});
    const tab = tabs.find((t) => t.url === url);
    return tab ? tab.id : null;
  }, page.url());
}
