// Pith policy: pure functions of the settings (no browser APIs), shared by the service worker, the
// content script and the popup, and table-tested in extension/tests/policy.test.mjs.
//
// Settings, as kept in chrome.storage.local under the key "settings":
//   { default: bool,               clean view for sites without their own choice
//     sites: { origin: bool },     per-site choice (toolbar button, Alt+Shift+P, popup, pith.setSite)
//     hide: { promo, nav, legal } } which classes clean view hides (popup switches)
(function (global) {
  'use strict';

  const CLASSES = ['promo', 'nav', 'legal'];
  const DEFAULTS = Object.freeze({ default: false, sites: {}, hide: { promo: true, nav: true, legal: true } });

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

  /** The key a site's choice is stored under: the URL's origin, or null where Pith does not run. */
  function originOf(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return null;
    }
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
    if (u.protocol === 'file:') return 'file://';
    return null;
  }

  /** Is clean view on for this URL? */
  function isOn(settings, url) {
    const origin = originOf(url);
    if (origin === null) return false;
    const s = normalize(settings);
    return Object.prototype.hasOwnProperty.call(s.sites, origin) ? s.sites[origin] : s.default;
  }

  /**
   * isOn for an address the browser has already split (a Location's protocol and origin): the gate
   * (early.js) decides on every page load, so it neither parses the URL again nor copies the
   * settings the way normalize does. Same answer as isOn(normalize(stored), url).
   */
  function isOnAt(stored, protocol, origin) {
    let key;
    if (protocol === 'http:' || protocol === 'https:') key = origin;
    else if (protocol === 'file:') key = 'file://';
    else return false;
    const s = stored && typeof stored === 'object' ? stored : {};
    const sites = s.sites && typeof s.sites === 'object' ? s.sites : null;
    const own = sites && Object.prototype.hasOwnProperty.call(sites, key) ? sites[key] : undefined;
    if (typeof own === 'boolean') return own;
    return typeof s.default === 'boolean' ? s.default : DEFAULTS.default;
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
