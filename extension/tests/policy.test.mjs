// Table tests for the pure parts of the extension: policy, verdict decoding, text collapsing.
// Run: node --test extension/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../policy.js';
import '../marks.js';
import '../snapshot.js';

const { PithPolicy: P, PithMarks: M, PithSnapshot: S } = globalThis;

test('isOn: site choice beats the default; non-web URLs are never on', () => {
  const table = [
    // settings, url, expected
    [{}, 'https://a.example/x', false],
    [{ default: true }, 'https://a.example/x', true],
    [{ default: true, sites: { 'https://a.example': false } }, 'https://a.example/x', false],
    [{ default: false, sites: { 'https://a.example': true } }, 'https://a.example/x?q#h', true],
    [{ default: false, sites: { 'https://a.example': true } }, 'http://a.example/x', false],
    [{ default: false, sites: { 'https://a.example': true } }, 'https://b.a.example/', false],
    [{ default: true }, 'http://127.0.0.1:8000/', true],
    [{ default: true }, 'chrome://settings', false],
    [{ default: true }, 'chrome-extension://abc/popup.html', false],
    [{ default: true }, 'about:blank', false],
    [{ default: true }, 'not a url', false],
    [{ default: true, sites: { 'file://': false } }, 'file:///tmp/a.html', false],
    [{ default: 'yes' }, 'https://a.example/', false], // corrupt storage falls back to defaults
    [null, 'https://a.example/', false],
  ];
  for (const [settings, url, expected] of table) assert.equal(P.isOn(settings, url), expected, `${JSON.stringify(settings)} ${url}`);
});

test('isOnAt (the gate, from a parsed address) agrees with isOn on every kind of settings and address', () => {
  const settings = [
    {},
    null,
    'corrupt',
    { default: true },
    { default: 'yes' },
    { default: true, sites: { 'https://a.example': false, 'file://': false } },
    { default: false, sites: { 'https://a.example': true, 'http://127.0.0.1:8000': true, 'file://': true } },
    { default: false, sites: { 'https://a.example': 'on' } }, // corrupt site value: the default decides
    { default: true, sites: null },
  ];
  const urls = ['https://a.example/x?q#h', 'http://a.example/', 'https://b.a.example/', 'http://127.0.0.1:8000/p', 'file:///tmp/a.html', 'chrome://settings', 'about:blank', 'data:text/html,x'];
  for (const stored of settings) {
    for (const url of urls) {
      const { protocol, origin } = new URL(url);
      assert.equal(P.isOnAt(stored, protocol, origin), P.isOn(P.normalize(stored), url), `${JSON.stringify(stored)} ${url}`);
    }
    // An opaque origin (a sandboxed frame's ancestor) is never on.
    assert.equal(P.isOnAt(stored, '', 'null'), false);
  }
});

test('hiddenClasses: all four by default, in a fixed order, each switchable', () => {
  const table = [
    [{}, ['promo', 'nav', 'legal', 'comments']],
    [{ hide: { nav: false } }, ['promo', 'legal', 'comments']],
    [{ hide: { promo: false, nav: false, legal: false } }, ['comments']],
    [{ hide: { promo: true, comments: false } }, ['promo', 'nav', 'legal']],
    [{ hide: { legal: true, promo: true, nav: 'x' } }, ['promo', 'nav', 'legal', 'comments']],
    [{ hide: { content: true } }, ['promo', 'nav', 'legal', 'comments']],
  ];
  for (const [settings, expected] of table) assert.deepEqual(P.hiddenClasses(settings), expected, JSON.stringify(settings));
});

test('withSite / withDefault / withHidden are pure and normalise the origin', () => {
  const base = P.normalize({});
  const s = P.withSite(base, 'https://a.example/some/page', true);
  assert.deepEqual(s.sites, { 'https://a.example': true });
  assert.deepEqual(base.sites, {}, 'input not mutated');
  assert.equal(P.isOn(P.withSite(P.withDefault(base, true), 'https://a.example', false), 'https://a.example/'), false);
  assert.deepEqual(P.hiddenClasses(P.withHidden(base, 'nav', false)), ['promo', 'legal', 'comments']);
  assert.throws(() => P.withSite(base, 'chrome://x', true));
  assert.throws(() => P.withHidden(base, 'content', true));
});

test('badgeText', () => {
  for (const [n, text] of [[0, ''], [-1, ''], [undefined, ''], [7, '7'], [999, '999'], [1000, '999+']]) assert.equal(P.badgeText(n), text);
});

test('decode reads Verdict::to_wire and refuses anything malformed', () => {
  assert.deepEqual(M.decode([1, 1, 2, 5, 1, 870, 3, 9, 3, 1000, 0], 10), {
    apply: true,
    marks: [
      { node: 5, label: 'promo', score: 0.87, reason: 3 },
      { node: 9, label: 'legal', score: 1, reason: 0 },
    ],
  });
  assert.deepEqual(M.decode(new Uint32Array([1, 0, 0]), 1), { apply: false, marks: [] });
  for (const bad of [[], [2, 1, 0], [1, 1, 1, 5, 1, 0], [1, 1, 1, 10, 1, 0, 0], [1, 1, 1, 1, 4, 0, 0]]) {
    assert.throws(() => M.decode(bad, 10), JSON.stringify(bad));
  }
});

test('the stylesheet hides each class only when <html> says so, and unlocks scrolling', () => {
  for (const c of ['nav', 'legal']) assert.match(M.CSS, new RegExp(`html\\[data-pith-hide~="${c}"\\] \\[data-pith-label="${c}"\\]`));
  // Reader comments are promo marks with their own switch: each rule leaves the other's blocks alone.
  assert.match(M.CSS, /html\[data-pith-hide~="promo"\] \[data-pith-label="promo"\]:not\(\[data-pith-comment\]\)/);
  assert.match(M.CSS, /html\[data-pith-hide~="comments"\] \[data-pith-label="promo"\]\[data-pith-comment\]/);
  assert.doesNotMatch(M.CSS, /"content"/);
  assert.match(M.CSS, /display: none !important/);
  assert.match(M.CSS, /data-pith-unlock/);
});

test('collapse matches src/snapshot.rs collapse_whitespace', () => {
  const table = [
    ['  a \n\t b  ', 'a b'],
    ['\u00a0x\u2003y\u3000', 'x y'],
    ['a\u0001b', 'a b'], // control chars are spaces
    ['a\ufeffb', 'a\ufeffb'], // U+FEFF is not White_Space in Rust (it is in JS \s)
    ['a\u0085b', 'a b'], // U+0085 is White_Space in Rust (not in JS \s)
    ['   ', ''],
    ['', ''],
  ];
  for (const [raw, expected] of table) assert.equal(S.collapse(raw), expected, JSON.stringify(raw));
});

test('textOf caps long text without collapsing all of it', () => {
  const long = 'word '.repeat(100000);
  const out = S.textOf(long);
  assert.ok(out.length >= 20000 && out.length <= 40000);
  assert.ok(long.startsWith(out));
  const spaces = ' '.repeat(500000) + 'tail';
  assert.equal(S.textOf(spaces), 'tail');
});
