// Whole-extension tests in real headless Chromium with dist/chromium loaded (./build.sh test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launchWithExtension, serveStatic, waitForPith, REPO } from './lib/browser.mjs';
import { domHash, labelsByPath, labelCounts, tabIdOf } from './lib/page.mjs';
import { STATIC_CSP, readText } from './lib/text.mjs';

const FIXTURES = join(REPO, 'tests', 'fixtures');
const CLI = join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release', 'pith');

let server;
let browser;
const pageErrors = [];
let unique = 0;

before(async () => {
  server = await serveStatic();
  browser = await launchWithExtension();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.close();
});

/** Opens a new tab on `path` (made unique so tabs can be told apart) and records its errors. */
async function open(path) {
  const page = await browser.context.newPage();
  page.on('pageerror', (error) => pageErrors.push(`${path}: ${error.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || m.text().startsWith('pith:')) pageErrors.push(`${path}: console ${m.type()}: ${m.text()}`);
  });
  const sep = path.includes('?') ? '&' : '?';
  await page.goto(`${server.url}${path}${sep}t=${++unique}`, { waitUntil: 'load' });
  return page;
}

const setSite = (on) => browser.serviceWorker.evaluate(([origin, on]) => pith.setSite(origin, on), [server.url, on]);
const setHidden = (cls, hidden) => browser.serviceWorker.evaluate(([c, h]) => pith.setHidden(c, h), [cls, hidden]);
const status = (page) => page.evaluate(() => document.documentElement.getAttribute('data-pith'));

/** The label that applies to the first element matching `selector` (its own mark or an ancestor's). */
function labelOf(page, selector) {
  return page.evaluate((s) => {
    const el = document.querySelector(s);
    if (!el) return 'missing';
    const mark = el.closest('[data-pith-label]');
    return mark ? mark.getAttribute('data-pith-label') : null;
  }, selector);
}

function visible(page, selector) {
  return page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.checkVisibility()), selector);
}

// The demo's clutter and the label each block must get (and so be hidden as). A `known` note marks
// an expectation the current classifier misses: reported, not failed, and flagged once it passes,
// so the list stays honest (see README "Extension").
const DEMO_EXPECTED = [
  { selector: '#app-banner', label: 'promo' },
  { selector: '.main-menu', label: 'nav' },
  { selector: '.breadcrumb', label: 'nav' },
  { selector: '.share-bar', label: 'promo' },
  { selector: '.paywall', label: 'promo' },
  { selector: '.newsletter', label: 'promo' },
  { selector: '.ad-slot', label: 'promo' },
  { selector: '.related', label: 'promo' },
  { selector: '.footer-columns', label: 'nav' },
  { selector: '.legal', label: 'legal' },
  { selector: '#cookie-banner', label: 'legal' },
];
// The article: must stay visible.
const DEMO_ARTICLE = [
  { selector: 'h1' },
  // Not in the must-keep list: reported, never failed, while the classifier evolves.
  { selector: '.standfirst', optional: true },
  { selector: '.byline', optional: true },
  { selector: '.story-body > p' },
  { selector: '.story-figure img' },
  { selector: '.story-figure figcaption' },
  { selector: '.pull-quote' },
  { selector: '.facts' },
];

/** Collects failed expectations; known ones are reported instead of failed. */
function checker() {
  const failed = [];
  return {
    check(ok, what, known, optional) {
      if (optional) return console.log(`# ${ok ? 'ok' : 'missed'} (optional): ${what}`);
      if (ok && known) console.log(`# now passes, remove its known note: ${what}`);
      if (!ok && known) console.log(`# known failure: ${what} (${known})`);
      if (!ok && !known) failed.push(what);
    },
    failed,
  };
}

/** Evaluates `expression` in the page's content-script world of this extension (CDP). */
async function inExtensionWorld(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  const contexts = [];
  cdp.on('Runtime.executionContextCreated', (e) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const world = contexts.find((c) => c.auxData && c.auxData.type === 'isolated' && c.origin.startsWith('chrome-extension://'));
  assert.ok(world, 'the content-script world exists (early.js ran)');
  const { result } = await cdp.send('Runtime.evaluate', { contextId: world.id, expression, returnByValue: true });
  await cdp.detach();
  return result.value;
}

test('demo page: off by default, then cleaned in place; article kept; scroll unlocked; off restores exactly', async () => {
  const page = await open('/');
  await waitForPith(page, { states: ['off'] });
  // An off page runs the gate only: no content.js, no walk, no marks, no listener.
  const gateOnly = ['object', 'undefined', 'undefined', 'undefined', 'undefined'];
  const loaded = `[typeof PithPolicy, typeof __pith, typeof PithSnapshot, typeof PithMarks, typeof PithOverlay]`;
  assert.deepEqual(await inExtensionWorld(page, loaded), gateOnly);
  // What an install or reload does to open tabs must leave an off page so too. (The install's own
  // run of it can arrive after this page has loaded: on a slow machine it once injected here.)
  await browser.serviceWorker.evaluate(() => pith.adoptOpenTabs());
  assert.deepEqual(await inExtensionWorld(page, loaded), gateOnly, 'adopting open tabs loads nothing into an off page');
  assert.equal(await status(page), 'off');
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  // Screenshot first: Chromium's screenshot leaves an empty style="" on the form field it touched.
  await page.screenshot({ path: join(REPO, 'docs', 'demo-before.png') });
  const before = await domHash(page);

  await setSite(true);
  const { status: s, ms } = await waitForPith(page);
  assert.equal(s, 'ready', 'the demo article is confidently an article');
  assert.deepEqual(
    await inExtensionWorld(page, `[typeof __pith, typeof PithSnapshot, typeof PithMarks, typeof PithOverlay]`),
    ['object', 'object', 'object', 'object'],
    'turned on: content.js and its modules were injected',
  );
  assert.ok(ms > 0, 'data-pith-ms is set');
  await page.screenshot({ path: join(REPO, 'docs', 'demo-after.png') });

  const expect = checker();
  for (const { selector, label, known } of DEMO_EXPECTED) {
    const got = await labelOf(page, selector);
    const hidden = (await visible(page, selector)).every((v) => !v);
    expect.check(got === label && hidden, `${selector} labelled ${label} and hidden (got ${got}, hidden ${hidden})`, known);
  }
  for (const { selector, known, optional } of DEMO_ARTICLE) {
    const shown = await visible(page, selector);
    expect.check(shown.length > 0 && shown.every(Boolean), `${selector} stays visible`, known, optional);
  }
  assert.deepEqual(expect.failed, [], 'demo blocks labelled and hidden as expected, article visible');
  assert.ok(await page.evaluate(() => document.documentElement.hasAttribute('data-pith-unlock')), 'scroll unlocked');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflowY), 'auto');

  const tabId = await tabIdOf(browser.serviceWorker, page);
  const counts = await labelCounts(page);
  const badge = await browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  assert.equal(badge, String(counts.promo + counts.nav + counts.legal + counts.comments), 'badge = hidden blocks');

  await setSite(false);
  await waitForPith(page, { states: ['off'] });
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-pith-label]').length), 0);
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).overflowY), 'hidden', 'scroll relocked');
  assert.equal(await domHash(page), before, 'DOM and computed display restored exactly');
  assert.equal(await browser.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId), '');

  // A second cycle restores exactly as well.
  await setSite(true);
  await waitForPith(page);
  assert.notEqual(await domHash(page), before, 'clean view changes what is displayed');
  await setSite(false);
  await waitForPith(page, { states: ['off'] });
  assert.equal(await domHash(page), before);
  await page.close();
});

test('per-site memory survives a reload; other sites keep the default', async () => {
  await setSite(true);
  const page = await open('/fixtures/blog-post.html');
  await waitForPith(page);
  await page.reload();
  assert.equal((await waitForPith(page)).status, 'ready');
  const stored = await browser.serviceWorker.evaluate(() => chrome.storage.local.get('settings'));
  assert.equal(stored.settings.sites[server.url], true);
  assert.equal(stored.settings.default, false);
  await setSite(false);
  await page.reload();
  assert.equal((await waitForPith(page, { states: ['off'] })).status, 'off');
  await page.close();
});

test('popup: counts match the page, class switches apply at once, show labels draws the overlay', async () => {
  await setSite(true);
  const page = await open('/');
  await waitForPith(page);
  const tabId = await tabIdOf(browser.serviceWorker, page);
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.waitForSelector('body[data-ready]');
  const shown = await popup.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('#classes tr[data-class]')].map((r) => [r.dataset.class, Number(r.querySelector('.count').textContent)])),
  );
  assert.deepEqual(shown, await labelCounts(page), 'popup counts = marks on the page');
  assert.equal(await popup.isChecked('#site'), true);

  // Keep nav: switch its hide box off in the popup.
  await popup.uncheck('#classes tr[data-class="nav"] input');
  await page.waitForFunction(() => !document.documentElement.getAttribute('data-pith-hide').includes('nav'));
  assert.deepEqual(await visible(page, '.breadcrumb'), [true], 'nav shown again');
  assert.deepEqual(await visible(page, '.ad-slot'), [false], 'promo still hidden');
  await popup.check('#classes tr[data-class="nav"] input');
  await page.waitForFunction(() => document.documentElement.getAttribute('data-pith-hide').includes('nav'));

  await popup.check('#overlay');
  assert.equal(await page.evaluate(() => document.querySelectorAll('pith-overlay').length), 1, 'one overlay host');
  await popup.uncheck('#overlay');
  assert.equal(await page.evaluate(() => document.querySelectorAll('pith-overlay').length), 0, 'overlay removed');

  await popup.uncheck('#site');
  await waitForPith(page, { states: ['off'] });
  await popup.close();
  await page.close();

  // A page that loaded while its site was off has no content script (only the gate): the popup
  // shows it off with the switch usable, and the switch turns it on.
  const offPage = await open('/');
  await waitForPith(offPage, { states: ['off'] });
  const offPopup = await browser.context.newPage();
  await offPopup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(browser.serviceWorker, offPage)}`);
  await offPopup.waitForSelector('body[data-ready]');
  assert.equal(await offPopup.textContent('#status'), 'Clean view is off.');
  assert.equal(await offPopup.isChecked('#site'), false);
  assert.equal(await offPopup.isEnabled('#site'), true, 'the site switch works on an off page');
  await offPopup.check('#site');
  assert.equal((await waitForPith(offPage)).status, 'ready', 'turned on from the popup');
  // The popup re-renders once the change is applied everywhere, the injected tab included.
  await offPopup.waitForSelector('body[data-renders="2"]');
  assert.equal(await offPopup.isChecked('#site'), true, 'the popup shows the tab on after turning it on');
  await offPopup.uncheck('#site');
  await waitForPith(offPage, { states: ['off'] });
  await offPopup.close();
  await offPage.close();
  await setHidden('nav', true);
});

test('strict-CSP fixtures are classified (the core runs in the service worker)', async () => {
  await setSite(true);
  for (const name of ['csp-default-none.html', 'csp-script-self.html']) {
    const header = (await fetch(`${server.url}/fixtures/${name}`)).headers.get('content-security-policy');
    assert.ok(header && !header.includes('wasm-unsafe-eval'), `${name} is served with a strict CSP header`);
    const page = await open(`/fixtures/${name}`);
    const { status: s } = await waitForPith(page);
    assert.equal(s, 'ready', `${name} classified and cleaned`);
    assert.ok((await labelCounts(page)).content > 0, `${name} has content marks`);
    await page.close();
  }
  await setSite(false);
});

/** The metric's tokens (src/eval/metric.rs: Python's \\w+, i.e. letters, numbers, underscore). */
const tokens = (text) => text.match(/[\p{L}\p{N}_]+/gu) || [];

test('parity: per-element labels and visible words in the browser equal `pith classify --json` and `pith text` on every static fixture', async () => {
  assert.ok(existsSync(CLI), `native CLI missing at ${CLI}: run cargo build --release --bin pith`);
  const sources = readdirSync(join(REPO, 'src'), { recursive: true }).filter((f) => f.endsWith('.rs'));
  const newest = Math.max(...sources.map((f) => statSync(join(REPO, 'src', f)).mtimeMs));
  assert.ok(statSync(CLI).mtimeMs >= newest, `native CLI at ${CLI} is older than src/: rebuild it (./build.sh test does)`);
  await setSite(true);
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.html'));
  assert.ok(files.length >= 4, 'fixtures present');
  for (const file of files) {
    const native = JSON.parse(execFileSync(CLI, ['classify', '--json', join(FIXTURES, file)], { encoding: 'utf8' }));
    const page = await open(`/fixtures/${file}`);
    const { status: s } = await waitForPith(page);
    assert.equal(s, native.apply ? 'ready' : 'abstain', `${file}: apply`);
    if (native.apply) {
      const want = native.marks.map((m) => `${m.path} ${m.label}`).sort();
      const got = (await labelsByPath(page)).map(([p, l]) => `${p} ${l}`).sort();
      assert.deepEqual(got, want, `${file}: labels per element`);
    }
    // The words left visible, as the browser-mode eval reads them (tests/e2e/eval-browser.mjs).
    const cliText = execFileSync(CLI, ['text', join(FIXTURES, file)], { encoding: 'utf8' });
    assert.deepEqual(tokens(await readText(page)).join(' '), tokens(cliText).join(' '), `${file}: visible words`);
    await page.close();
  }
  await setSite(false);
});

test("browser eval, static mode: the page's scripts are blocked by the CSP header, Pith runs, <noscript> stays unrendered", async () => {
  const strict = await serveStatic({ '/fixtures/': FIXTURES }, { htmlHeaders: { 'content-security-policy': STATIC_CSP } });
  const site = (on) => browser.serviceWorker.evaluate(([origin, on]) => pith.setSite(origin, on), [strict.url, on]);
  try {
    await site(true);
    // Not open(): the page's refused scripts are console errors here, by design.
    const page = await browser.context.newPage();
    const response = await page.goto(`${strict.url}/fixtures/eval/static-mode.html`, { waitUntil: 'load' });
    assert.equal(response.headers()['content-security-policy'], STATIC_CSP);
    assert.equal((await waitForPith(page)).status, 'ready', 'the content scripts ran and classified the page');
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute('data-script-ran')), null, 'no page script ran');
    const text = await readText(page);
    assert.match(text, /Harbour town rebuilds its sea wall/);
    assert.doesNotMatch(text, /A script ran here|enable JavaScript/);
    assert.equal(await page.evaluate(() => document.querySelector('noscript').checkVisibility()), false, '<noscript> not rendered');
    await page.close();
  } finally {
    await site(false);
    await strict.close();
  }
});

test('no page errors added, and zero network requests from extension contexts', () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(browser.extensionRequests, []);
});
