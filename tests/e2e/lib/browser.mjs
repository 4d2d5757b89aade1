// Launches Debian Chromium with the unpacked extension, for the e2e tests and the browser-mode eval.
//   const { context, serviceWorker, extensionId, close } = await launchWithExtension({ extensionDir });
// Every request that is not to 127.0.0.1 (or the extension itself, or data:/blob:) is aborted and
// recorded in `blocked`; requests made by extension contexts (its service worker or pages) to
// anything but chrome-extension:// are recorded in `extensionRequests` (expected: none).
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO } from './server.mjs';

export { serveStatic, DEFAULT_MOUNTS, CORPUS, REPO } from './server.mjs';

export const CHROMIUM = process.env.PITH_CHROMIUM || '/usr/bin/chromium';

// localhost too: the same server under a second origin, for cross-origin frames.
const LOCAL = /^(https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\/|chrome-extension:|data:|blob:|about:)/;

// Every Chromium we start: root needs --no-sandbox; the rest keeps the browser from calling home.
const BASE_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-quic',
];

/** Aborts every request of `target` (a page or a context) that is not local; returns the list of them. */
async function blockRemote(target) {
  const blocked = [];
  await target.route('**/*', (route) => {
    const url = route.request().url();
    if (LOCAL.test(url)) return route.continue();
    blocked.push(url);
    return route.abort('blockedbyclient');
  });
  return blocked;
}

/**
 * A fresh isolated world in `page`'s main frame, as a content script's first run meets the page (no
 * warm wrappers, no compiled code): { cdp, contextId, evaluate(expression) → its value }.
 */
export async function freshWorld(page, name = `probe-${Date.now()}`) {
  const cdp = await page.context().newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const { executionContextId: contextId } = await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: name });
  const evaluate = async (expression) => (await cdp.send('Runtime.evaluate', { contextId, expression, returnByValue: true })).result.value;
  return { cdp, contextId, evaluate };
}

/**
 * Chromium without the extension, for the benchmark probes: `newPage()` gives a page (in its own
 * context) that reaches only 127.0.0.1.
 */
export async function launchPlain() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: BASE_ARGS });
  return {
    browser,
    async newPage() {
      const page = await browser.newPage();
      await blockRemote(page);
      return page;
    },
    close: () => browser.close(),
  };
}

export async function launchWithExtension({ extensionDir = join(REPO, 'dist', 'chromium'), headless = true, args = [] } = {}) {
  const dir = resolve(extensionDir);
  const userDataDir = await mkdtemp(join(tmpdir(), 'pith-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    args: [
      ...BASE_ARGS,
      // Chromium 137+ ignores --load-extension unless this feature is switched off.
      '--disable-features=DisableLoadExtensionCommandLineSwitch',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...args,
    ],
    viewport: { width: 1280, height: 900 },
  });
  const blocked = await blockRemote(context);
  const extensionRequests = [];
  context.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('chrome-extension:')) return;
    const frame = safe(() => request.frame());
    const fromExtension = request.serviceWorker() !== null || (frame && frame.url().startsWith('chrome-extension:'));
    if (fromExtension) extensionRequests.push(url);
  });
  let serviceWorker = context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  if (!serviceWorker) {
    serviceWorker = await context.waitForEvent('serviceworker', {
      predicate: (w) => w.url().startsWith('chrome-extension://'),
      timeout: 15000,
    });
  }
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    serviceWorker,
    extensionId,
    blocked,
    extensionRequests,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

function safe(fn) {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Waits until the content script has decided (data-pith is ready, abstain or off, not working). */
export async function waitForPith(page, { states = ['ready', 'abstain'], timeout = 20000 } = {}) {
  await page.waitForFunction(
    (want) => want.includes(document.documentElement.getAttribute('data-pith')),
    states,
    { timeout, polling: 50 },
  );
  return page.evaluate(() => ({
    status: document.documentElement.getAttribute('data-pith'),
    ms: Number(document.documentElement.getAttribute('data-pith-ms')),
  }));
}
