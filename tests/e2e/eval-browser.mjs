#!/usr/bin/env node
// Browser-mode eval: loads each selected corpus page in headless Chromium with the built extension,
// waits for Pith's verdict (<html data-pith="ready|abstain|off">), reads the text a reader sees after
// clean view (document.body.innerText, see tests/e2e/lib/text.mjs readText for the three ways it is
// adjusted to the corpus's conventions) and writes the texts in the peer-outputs JSON shape, so that
//   pith eval --predictions FILE [same selection]
// scores them with the same metric as the CLI.
//
// usage: node tests/e2e/eval-browser.mjs [--out FILE] [--mode static|live] [--text spaced|inner]
//        [--snapshots FILE] [--jobs N] [--timeout MS]
//        [pith eval selection: --source S, --split tune|holdout|all, --limit N]
//   --mode static (default): every page is served with `Content-Security-Policy: script-src 'none'`,
//        so the page's own scripts never run (they cannot work offline: some never settle, some swap
//        in an error page) while the extension's content scripts do (page CSP does not apply to
//        them). Scripting stays enabled, so <noscript> is not rendered: the document the CLI reads.
//   --mode live: the page's scripts run (offline; every request not to 127.0.0.1 is blocked).
//   --text spaced (default): a space at every text-node boundary, the convention of the corpus truth
//        and of the CLI (src/text.rs): "<a>Arte</a><a>mis</a>" reads "Arte mis" there; a reader sees
//        "Artemis", which is what --text inner gives. The convention only moves word boundaries
//        (tokens), never which text is visible.
//   --snapshots FILE: also write, per page, the snapshot the extension saw (rebuilt after the verdict
//        with extension/snapshot.js in the page, walking Pith-hidden blocks as shown) and the page's
//        marks; `pith eval --snapshots FILE` classifies them with the CLI's text joining, which splits
//        a browser/CLI gap into snapshot differences and text-extraction differences.
// env:   PITH_BIN (a built pith, default target/release/pith, else cargo run), PITH_CORPUS, PITH_CHROMIUM.
// Needs the built extension in dist/chromium (./build.sh build). Every request not to 127.0.0.1 is blocked.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { CORPUS, REPO, launchWithExtension, serveStatic, waitForPith } from './lib/browser.mjs';
import { STATIC_CSP, readText, snapshotOf } from './lib/text.mjs';

const args = process.argv.slice(2);
function take(name, fallback) {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  if (value === undefined) throw new Error(`${name} needs a value`);
  args.splice(i, 2);
  return value;
}
const out = resolve(take('--out', join(REPO, 'target', 'eval-browser', 'predictions.json')));
const jobs = Math.max(1, Number(take('--jobs', '2')));
const timeout = Number(take('--timeout', '30000'));
const mode = take('--mode', 'static');
if (mode !== 'static' && mode !== 'live') throw new Error(`--mode takes static or live, not ${mode}`);
const snapshotsOut = take('--snapshots', null);
const textMode = take('--text', 'spaced');
if (textMode !== 'spaced' && textMode !== 'inner') throw new Error(`--text takes spaced or inner, not ${textMode}`);
const selection = args; // passed through to `pith eval --list`

/** The selected pages, listed by the CLI so both modes evaluate exactly the same set. */
function listPages() {
  const built = join(process.env.CARGO_TARGET_DIR || join(REPO, 'target'), 'release', 'pith');
  const bin = process.env.PITH_BIN || (existsSync(built) ? built : null);
  const list = ['eval', '--list', ...selection, CORPUS];
  const stdout = bin
    ? execFileSync(bin, list, { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 })
    : execFileSync('cargo', ['run', '--release', '--quiet', '--bin', 'pith', '--', ...list], {
        cwd: REPO,
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
  return stdout
    .split('\n')
    .filter((line) => line.includes('\t'))
    .map((line) => {
      const [key, path] = line.split('\t');
      return { key, path: relative(CORPUS, resolve(REPO, path)).split('\\').join('/') };
    });
}

async function main() {
  const pages = listPages();
  if (pages.length === 0) throw new Error('no pages selected');
  const server = await serveStatic(
    { '/corpus/': CORPUS },
    { htmlHeaders: mode === 'static' ? { 'content-security-policy': STATIC_CSP } : null },
  );
  const browser = await launchWithExtension();
  // Clean view is off by default; switch it on for the corpus server's origin (extension/policy.js settings).
  await browser.serviceWorker.evaluate(
    (origin) => chrome.storage.local.set({ settings: { default: false, sites: { [origin]: true } } }),
    server.url,
  );
  const output = {};
  const statuses = {};
  const snapshots = {};
  const started = Date.now();
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < pages.length) {
      const { key, path } = pages[next++];
      const page = await browser.context.newPage();
      let status = 'error';
      let text = '';
      try {
        await page.goto(`${server.url}/corpus/${path}`, { waitUntil: 'domcontentloaded', timeout });
        try {
          status = (await waitForPith(page, { states: ['ready', 'abstain', 'off'], timeout })).status;
        } catch {
          // No verdict in time: score what the reader would see anyway (the page as is).
          status = 'timeout';
        }
        if (snapshotsOut) snapshots[key] = await snapshotOf(page);
        text = await readText(page, { spaced: textMode === 'spaced' });
      } catch (error) {
        console.error(`eval-browser: ${key}: ${error.message.split('\n')[0]}`);
      } finally {
        await page.close().catch(() => {});
      }
      output[key] = { articleBody: text };
      statuses[key] = status;
      done += 1;
      if (done % 25 === 0 || done === pages.length) {
        console.error(`eval-browser: ${done}/${pages.length} pages, ${Math.round((Date.now() - started) / 1000)}s`);
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, pages.length) }, worker));
  } finally {
    await browser.close();
    await server.close();
  }
  if (browser.blocked.length) console.error(`eval-browser: ${browser.blocked.length} off-machine requests blocked`);
  const counts = {};
  for (const s of Object.values(statuses)) counts[s] = (counts[s] || 0) + 1;
  mkdirSync(dirname(out), { recursive: true });
  const sorted = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
  writeFileSync(out, JSON.stringify({ version: `pith browser (Chromium, built extension; --mode ${mode} --text ${textMode})`, output: sorted(output) }, null, 1));
  writeFileSync(out.replace(/\.json$/, '') + '.status.json', JSON.stringify(sorted(statuses), null, 1));
  if (snapshotsOut) {
    const file = resolve(snapshotsOut);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ version: `browser snapshots (${mode})`, output: sorted(snapshots) }));
    console.error(`eval-browser: snapshots: ${file} (score: pith eval --snapshots ${file} ${selection.join(' ')})`);
  }
  console.error(`eval-browser: mode ${mode}, statuses ${JSON.stringify(counts)}`);
  console.log(`predictions: ${out}\nscore them: pith eval --predictions ${out} ${selection.join(' ')}`.trim());
}

main().catch((error) => {
  console.error(`eval-browser: ${error.stack || error}`);
  process.exit(1);
});
