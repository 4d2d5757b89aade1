// The demo pages on their own (in-page wasm, no extension involved): clean view, labels, paste mode.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveStatic, CHROMIUM, REPO } from './lib/browser.mjs';
import { domHash } from './lib/page.mjs';

let server;
let browser;
let context;
const errors = [];

before(async () => {
  server = await serveStatic();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  context = await browser.newContext();
  await context.route('**/*', (route) => (route.request().url().startsWith(server.url) ? route.continue() : route.abort()));
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(path) {
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`${path}: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${path}: ${m.text()}`));
  await page.goto(`${server.url}${path}`);
  return page;
}

test('demo page: its own Clean view hides the clutter with the in-page core, and restores exactly', async () => {
  const page = await open('/');
  await page.locator('pith-demo #status').filter({ hasText: 'ready' }).waitFor();
  const before = await domHash(page);
  await page.locator('pith-demo #clean').click();
  await page.locator('pith-demo #status').filter({ hasText: 'blocks hidden' }).waitFor();
  assert.equal(await page.locator('.ad-slot').isVisible(), false, 'ad hidden');
  assert.equal(await page.locator('.story-body > p').first().isVisible(), true, 'article visible');
  await page.locator('pith-demo #labels').click();
  assert.equal(await page.locator('pith-overlay').count(), 1, 'overlay shown');
  await page.locator('pith-demo #labels').click();
  await page.locator('pith-demo #clean').click();
  assert.equal(await page.locator('pith-overlay').count(), 0);
  assert.equal(await domHash(page), before, 'restored exactly');
  await page.close();
});

test('paste mode: a pasted page is classified in a sandboxed frame and listed', async () => {
  const page = await open('/paste.html');
  await page.fill('#html', readFileSync(join(REPO, 'tests', 'fixtures', 'product-page.html'), 'utf8'));
  await page.click('button[type=submit]');
  await page.locator('#status').filter({ hasText: 'blocks (' }).waitFor();
  assert.ok((await page.locator('#blocks tbody tr').count()) > 3, 'blocks listed');
  const frame = page.frameLocator('#view');
  assert.equal(await frame.locator('h1').isVisible(), true, 'product name visible');
  assert.equal(await frame.locator('.newsletter').isVisible(), false, 'newsletter hidden');
  await page.close();
});

test('demo pages raise no errors', () => {
  assert.deepEqual(errors, []);
});
