// Security checks on the shipped bundles (dist/chromium and dist/firefox, staged by ./build.sh):
// no eval or Function constructor, no remote code, the extension CSP allows only 'wasm-unsafe-eval'
// beyond the default, permissions are exactly the justified list (README "Extension" → "Privacy"),
// and the Firefox manifest is the Chromium one with only the documented differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = ['chromium', 'firefox'].map((b) => join(REPO, 'dist', b));
const built = DIST.every((d) => existsSync(join(d, 'manifest.json')));

function files(dir) {
  return readdirSync(dir, { recursive: true }).map((f) => join(dir, f)).filter((f) => /\.(js|mjs|html|json)$/.test(f));
}

test('no eval, no Function constructor, no string timers in the shipped code', { skip: !built && 'run ./build.sh build first' }, () => {
  const bad = [];
  for (const dir of DIST) {
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const [re, what] of [
        [/\beval\s*\(/, 'eval('],
        [/\bnew\s+Function\b/, 'new Function'],
        [/\bFunction\s*\(\s*['"`]/, 'Function("…")'],
        [/\bset(Timeout|Interval)\s*\(\s*['"`]/, 'string timer'],
      ]) {
        if (re.test(text)) bad.push(`${file.slice(REPO.length + 1)}: ${what}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('no remote code: every script and import is a file of the bundle', { skip: !built && 'run ./build.sh build first' }, () => {
  const bad = [];
  for (const dir of DIST) {
    for (const file of files(dir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:import\s*(?:[^'"]*from\s*)?|importScripts\s*\(|src=)\s*['"]([^'"]+)['"]/g)) {
        if (/^(https?:)?\/\//.test(m[1])) bad.push(`${file.slice(REPO.length + 1)}: ${m[1]}`);
      }
    }
  }
  assert.deepEqual(bad, []);
});

test('manifest: least privilege and a CSP that adds only wasm-unsafe-eval', { skip: !built && 'run ./build.sh build first' }, () => {
  for (const dir of DIST) {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    // Each is justified in README ("Privacy"); adding one means adding its reason there and here.
    assert.deepEqual(m.permissions, ['storage', 'scripting', 'contextMenus']);
    assert.deepEqual(m.host_permissions, ['http://*/*', 'https://*/*', 'file:///*']);
    assert.equal(m.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
    assert.equal(m.externally_connectable, undefined, 'no web page may message the extension');
    assert.equal(m.web_accessible_resources, undefined, 'nothing of the extension is exposed to pages');
  }
});

test('firefox manifest: background scripts, gecko id, otherwise the same as chromium', { skip: !built && 'run ./build.sh build first' }, () => {
  const [c, f] = DIST.map((d) => JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')));
  assert.deepEqual(f.background, { scripts: ['background.js'], type: 'module' });
  assert.equal(f.browser_specific_settings.gecko.id, 'pith@pith.invalid');
  const strip = (m) => {
    const { background, browser_specific_settings, ...rest } = m;
    return rest;
  };
  assert.deepEqual(strip(f), strip(c));
  const listed = (d) => readdirSync(d, { recursive: true }).sort();
  assert.deepEqual(listed(DIST[1]), listed(DIST[0]), 'the same files');
});
