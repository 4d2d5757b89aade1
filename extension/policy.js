// Pith policy: pure functions of the settings (no browser APIs), shared by the service worker, the
// content script and the popup, and table-tested in extension/tests/policy.test.mjs.
//
// Settings, as kept in chrome.storage.local under the key "settings":
//   { default: bool,               clean view for sites without their own choice
//     sites: { origin: bool },     per-site choice (toolbar button, Alt+Shift+P, popup, pith.setSite)
//     hide: { promo, nav, legal, comments } } which classes clean view hides (popup switches;
//                                  comments: the promo blocks that are reader comments)
(function (global) {
  'use strict';

  const CLASSES = ['promo', 'nav', 'legal', 'comments'];
  const DEFAULTS = Object.freeze({ default: false, sites: {}, hide: { promo: true, nav: true, legal: true, comments: true } });

  /** Settings from whatever storage held (missing, partial or corrupt): always a complete object. */
  function normalize(stored) {
    const s = stored && typeof stored === 'object' ? stored : {};
    const sites = {};
    if (s.sites && typeof s.sites === 'object') {
      for (const [origin, on] of Object.entries(s.sites)) if (typeof on === 'boolean') sites[origin] = on;
    }
    const hide = {};
    for (const c of CLASSES) hide[c] = s.hide && typeof s.hide[c] === 'boolean' ? s.hide[c] : DEFAULTS.hide[c];
    return { default: typeof s.default === 'boolean' ? s.default : DEFAULTS.default, sites, hide };
  }

  /** The key a site's choice is stored under, from an address's protocol and origin (null: Pith does not run there). */
  function siteKey(protocol, origin) {
    if (protocol === 'http:' || protocol === 'https:') return origin;
    if (protocol === 'file:') return 'file://';
    return null;
  }

  /** The key a site's choice is stored under: the URL's origin, or null where Pith does not run. */
  function originOf(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    return siteKey(u.protocol, u.origin);
  }

  /**
   * Is clean view on for an address the browser has already split (a Location's protocol and
   * origin)? The gate (early.js) asks on every page load, so this neither parses a URL nor copies
   * the settings; it reads stored settings as normalize would (a non-boolean value is no choice).
   */
  function isOnAt(stored, protocol, origin) {
    const key = siteKey(protocol, origin);
    if (key === null) return false;
    const s = stored && typeof stored === 'object' ? stored : {};
    const sites = s.sites && typeof s.sites === 'object' ? s.sites : null;
    const own = sites && Object.prototype.hasOwnProperty.call(sites, key) ? sites[key] : undefined;
    if (typeof own === 'boolean') return own;
    return typeof s.default === 'boolean' ? s.default : DEFAULTS.default;
  }

  /** Is clean view on for this URL? */
  function isOn(settings, url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    return isOnAt(settings, u.protocol, u.origin);
  }

  /** Which classes clean view hides, in a fixed order. */
  function hiddenClasses(settings) {
    const s = normalize(settings);
    return CLASSES.filter((c) => s.hide[c]);
  }

  function withDefault(settings, on) {
    return { ...normalize(settings), default: Boolean(on) };
  }

  function withSite(settings, origin, on) {
    const s = normalize(settings);
    const key = originOf(origin);
    if (key === null) throw new Error(`pith: not a web origin: ${origin}`);
    return { ...s, sites: { ...s.sites, [key]: Boolean(on) } };
  }

  function withHidden(settings, cls, hidden) {
    const s = normalize(settings);
    if (!CLASSES.includes(cls)) throw new Error(`pith: unknown class: ${cls}`);
    return { ...s, hide: { ...s.hide, [cls]: Boolean(hidden) } };
  }

  /** Toolbar badge for a number of hidden blocks. */
  function badgeText(hidden) {
    if (!(hidden > 0)) return '';
    return hidden > 999 ? '999+' : String(hidden);
  }

  global.PithPolicy = { CLASSES, DEFAULTS, normalize, originOf, isOn, isOnAt, hiddenClasses, withDefault, withSite, withHidden, badgeText };
})(globalThis);
