// One small interface over the two browsers, so the same scenarios (scenarios.mjs) run in Chromium
// (playwright-core, dist/chromium) and Firefox (puppeteer-core over WebDriver BiDi, dist/firefox):
//   driver.open(path) → page (errors recorded in driver.errors), driver.setSite(on),
//   driver.setDefault(on), driver.setHidden(cls, hidden), driver.tabState(page), driver.close().
// Pages of both libraries share what the scenarios use: evaluate(fn, arg), url(), close().
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, serveStatic, REPO } from './browser.mjs';

export const FIREFOX = process.env.PITH_FIREFOX || '/usr/bin/firefox-esr';

// The browser's own diagnostics about a bad-input fixture, which Firefox over BiDi reports as page
// errors, the same with clean view on or off (checked): not errors Pith added.
const BROWSER_DIAGNOSTICS = [
  /^The byte stream was erroneous according to the character encoding/,
  /^The document tree is too deep\./,
  /^Content-Security-Policy: .*favicon\.ico/,
];

/** Errors a page reports, minus the browser's own diagnostics about the fixture itself. */
function recordErrors(page, path, errors) {
  page.on('pageerror', (error) => {
    if (!BROWSER_DIAGNOSTICS.some((re) => re.test(error.message))) errors.push(`${path}: ${error.message}`);
  });
  page.on('console', (m) => {
    const type = typeof m.type === 'function' ? m.type() : m.type;
    const text = m.text();
    if (BROWSER_DIAGNOSTICS.some((re) => re.test(text))) return;
    if (type === 'error' || text.startsWith('pith:')) errors.push(`${path}: console ${type}: ${text}`);
  });
}

/**
 * A driver's open(path): a new page that records its errors (unless `errorsOk`), loaded from the
 * test server with a query that makes every URL unique (no cache, no bfcache between tests).
 */
function opener(newPage, server, errors) {
  let unique = 0;
  return async function open(path, { errorsOk = false } = {}) {
    this.pages++;
    const page = await newPage();
    if (!errorsOk) recordErrors(page, path, errors);
    const sep = path.includes('?') ? '&' : '?';
    await page.goto(`${server.url}${path}${sep}t=${++unique}`, { waitUntil: 'load' });
    return page;
  };
}

export async function chromiumDriver(options = {}) {
  const server = options.server || (await serveStatic(options.mounts));
  const browser = await launchWithExtension(options);
  const errors = [];
  const sw = () => browser.serviceWorker;
  return {
    name: 'chromium',
    server,
    browser,
    errors,
    pages: 0,
    open: opener(() => browser.context.newPage(), server, errors),
    setSite: (on) => sw().evaluate(([origin, on]) => pith.setSite(origin, on), [server.url, on]),
    setDefault: (on) => sw().evaluate((on) => pith.setDefault(on), on),
    setHidden: (cls, hidden) => sw().evaluate(([c, h]) => pith.setHidden(c, h), [cls, hidden]),
    tabState: (page) =>
      sw().evaluate(async (url) => {
        const tab = (await chrome.tabs.query({})).find((t) => t.url === url);
        return chrome.tabs.sendMessage(tab.id, { type: 'state' }, { frameId: 0 });
      }, page.url()),
    extensionRequests: () => browser.extensionRequests,
    async close() {
      await browser.close();
      if (!options.server) await server.close();
    },
  };
}

/**
 * Firefox: a copy of dist/firefox plus the test bridge (firefox/), installed as a temporary add-on
 * over BiDi. Every request not to 127.0.0.1 goes to a dead proxy (no network), as in Chromium.
 */
export async function firefoxDriver(options = {}) {
  const { default: puppeteer } = await import('puppeteer-core');
  const server = options.server || (await serveStatic(options.mounts));
  const dir = await mkdtemp(join(tmpdir(), 'pith-ff-'));
  const ext = join(dir, 'ext');
  await cp(join(REPO, 'dist', 'firefox'), ext, { recursive: true });
  for (const f of ['test-bg.js', 'test-bridge.js']) await cp(join(REPO, 'tests', 'e2e', 'lib', 'firefox', f), join(ext, f));
  const manifest = JSON.parse(await readFile(join(ext, 'manifest.json'), 'utf8'));
  manifest.background.scripts = ['test-bg.js'];
  manifest.content_scripts.push({ matches: ['http://127.0.0.1/*'], js: ['test-bridge.js'], run_at: 'document_start' });
  await writeFile(join(ext, 'manifest.json'), JSON.stringify(manifest, null, 2));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    protocol: 'webDriverBiDi',
    userDataDir: join(dir, 'profile'),
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      'network.proxy.type': 1,
      'network.proxy.http': '127.0.0.1',
      'network.proxy.http_port': 9,
      'network.proxy.ssl': '127.0.0.1',
      'network.proxy.ssl_port': 9,
      'network.proxy.no_proxies_on': '127.0.0.1',
      'network.proxy.allow_hijacking_localhost': false,
      'dom.disable_open_during_load': false,
    },
  });
  await browser.installExtension(ext);
  const errors = [];
  const control = await browser.newPage();
  await control.goto(`${server.url}/fixtures/living/control.html`, { waitUntil: 'load' });
  let calls = 0;
  async function call(method, args = [], tabId) {
    const reply = await control.evaluate(
      ({ id, method, args, tabId }) =>
        new Promise((resolve) => {
          const onReply = (e) => {
            if (!e.data || e.data.pithTest !== 'reply' || e.data.id !== id) return;
            window.removeEventListener('message', onReply);
            resolve(e.data.reply);
          };
          window.addEventListener('message', onReply);
          window.postMessage({ pithTest: 'call', id, method, args, tabId }, '*');
        }),
      { id: ++calls, method, args, tabId },
    );
    if (!reply || reply.error) throw new Error(`pith.${method}: ${reply && reply.error}`);
    return reply.value;
  }
  return {
    name: 'firefox',
    server,
    browser,
    errors,
    pages: 0,
    open: opener(() => browser.newPage(), server, errors),
    setSite: (on) => call('setSite', [server.url, on]),
    setDefault: (on) => call('setDefault', [on]),
    setHidden: (cls, hidden) => call('setHidden', [cls, hidden]),
    async tabState(page) {
      const tab = (await call('tabs')).find((t) => t.url === page.url());
      return call('tabState', [], tab.id);
    },
    extensionRequests: () => [],
    async close() {
      await browser.close();
      if (!options.server) await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
