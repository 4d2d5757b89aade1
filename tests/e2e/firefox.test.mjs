// The same browser scenarios in headless Firefox (Debian firefox-esr, puppeteer-core over WebDriver
// BiDi, dist/firefox installed as a temporary add-on, no network): demo clean/restore, exact restore
// cycles with the audit observer, late blocks, huge batches, SPA navigation, fight-back, hydration,
// frames and shadow roots, protected elements, bad input. Firefox runs no service worker for
// extensions: the core runs in the background page (background.scripts), same code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { firefoxDriver, FIREFOX } from './lib/driver.mjs';
import * as S from './lib/scenarios.mjs';
import { badInput, generate, MOUNTS } from './lib/bad-input.mjs';

const CYCLES = Number(process.env.PITH_RESTORE_CYCLES_FIREFOX || 30);
let d;

before(async () => {
  assert.ok(existsSync(FIREFOX), `Firefox not found at ${FIREFOX} (apt-get install firefox-esr, or set PITH_FIREFOX)`);
  generate();
  d = await firefoxDriver({ mounts: MOUNTS });
});

after(async () => {
  if (d) await d.close();
});

test('firefox: demo page cleaned in place and restored exactly', () => S.demoCleanRestore(d));

test(`firefox: ${CYCLES} exact on/off cycles, audit observer sees only marker attributes`, async () => {
  const passed = await S.restoreCycles(d, CYCLES);
  console.log(`# firefox restore cycles passed: ${passed}`);
});

test('firefox: late clutter hidden soon after insertion; stories stay', async () => {
  const times = await S.lateBlocks(d);
  console.log(`# firefox late blocks hidden after (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
});

test('firefox: > 1,000 added elements is one deferred rescan', () => S.hugeBatch(d));

test('firefox: SPA navigation re-evaluates within 500 ms', async () => {
  console.log(`# firefox SPA view evaluated after ${(await S.spaNavigation(d)).toFixed(0)} ms`);
});

test('firefox: pages that fight back are left alone', async () => {
  await S.fightBack(d, 'strip');
  await S.fightBack(d, 'recreate');
});

test('firefox: hydration without a mismatch', () => S.hydration(d));

test('firefox: frames and open shadow roots', () => S.framesAndShadow(d));

test('firefox: reader comments have their own switch', () => S.commentsSwitch(d));

test('firefox: protected elements never hidden', async () => {
  console.log(`# firefox protected: ${JSON.stringify(await S.protectedBlocks(d))}`);
});

test('firefox: bad input ends clean or abstains, no error, no hang', async () => {
  const rows = await badInput(d);
  for (const r of rows) console.log(`# firefox ${r.status.padEnd(7)} ${r.ms.toFixed(1).padStart(7)} ms  ${r.path}`);
});

test('firefox: no page errors added', () => {
  console.log(`# firefox: ${d.pages} pages loaded, ${d.errors.length} page errors added`);
  assert.deepEqual(d.errors, []);
});
