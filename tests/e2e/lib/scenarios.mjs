// Browser scenarios shared by the Chromium and Firefox runs (living.test.mjs, firefox.test.mjs):
// each takes a driver (driver.mjs), throws on failure, and returns figures for the report.
import assert from 'node:assert/strict';
import { cpus, loadavg } from 'node:os';
import { domHash } from './page.mjs';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A time limit for this machine: `ms` when it is not overloaded; when other jobs keep the run queue
 * longer than the number of cores (load average, shared CI or dev boxes), every wall-clock time
 * stretches by about load/cores, and so does the limit. Printed with the figures, never hidden.
 */
export function scaledLimit(ms) {
  const factor = loadavg()[0] / cpus().length;
  return factor > 1 ? Math.round(ms * Math.ceil(factor)) : ms;
}

// Read through paths a page cannot easily break (the monkey-patch fixture patches getAttribute and
// clobbers document.documentElement in the page's world, where these probes run).
export const status = (page) => page.evaluate(() => document.firstElementChild?.attributes.getNamedItem('data-pith')?.value ?? null);

/** Polls from node (works the same with playwright and puppeteer pages). */
export async function waitUntil(page, fn, arg, { timeout = 10000, every = 20, what = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(every);
  }
}

export function waitStatus(page, states = ['ready', 'abstain'], timeout = 15000) {
  return waitUntil(page, (want) => {
    const s = document.firstElementChild?.attributes.getNamedItem('data-pith')?.value ?? null;
    return want.includes(s) && s;
  }, states, {
    timeout,
    what: `data-pith in ${states}`,
  });
}

/** Is each selector's first element rendered? ('missing' when absent.) */
export function visibility(page, selectors) {
  return page.evaluate(
    (sels) => Object.fromEntries(sels.map((s) => {
      const el = document.querySelector(s);
      return [s, el ? el.checkVisibility() : 'missing'];
    })),
    selectors,
  );
}

/** An audit observer in the page's own world: records every mutation from now on. */
export function installAudit(page) {
  return page.evaluate(() => {
    const log = (window.__audit = []);
    new MutationObserver((records) => {
      for (const r of records) {
        log.push({ type: r.type, name: r.attributeName, tag: r.target.nodeName, added: r.addedNodes.length, removed: r.removedNodes.length });
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
}

// ---- scenarios ---------------------------------------------------------------------------------

/** The demo: off by default, cleaned in place, restored exactly. */
export async function demoCleanRestore(d) {
  await d.setSite(false);
  const page = await d.open('/');
  await waitStatus(page, ['off']);
  const before = await domHash(page);
  await d.setSite(true);
  assert.equal(await waitStatus(page), 'ready');
  const v = await visibility(page, ['.ad-slot', '.main-menu', '#cookie-banner', '.related', '.legal', 'h1', '.story-body > p', '.pull-quote']);
  assert.deepEqual(v, {
    '.ad-slot': false, '.main-menu': false, '#cookie-banner': false, '.related': false, '.legal': false,
    h1: true, '.story-body > p': true, '.pull-quote': true,
  });
  await d.setSite(false);
  await waitStatus(page, ['off']);
  assert.equal(await domHash(page), before, 'restored exactly');
  await page.close();
}

/**
 * Reader comments have their own switch: on the blog fixture (whose "12 comments" line reads as
 * comments) they hide by default, show when kept while the rest of promo stays hidden, and hide
 * again; each switch is one attribute write on <html>.
 */
export async function commentsSwitch(d) {
  await d.setSite(true);
  const page = await d.open('/fixtures/blog-post.html');
  assert.equal(await waitStatus(page), 'ready');
  const shown = (selector) => page.evaluate((s) => [...document.querySelectorAll(s)].map((el) => el.checkVisibility()), selector);
  const comments = '[data-pith-label="promo"][data-pith-comment]';
  const otherPromo = '[data-pith-label="promo"]:not([data-pith-comment])';
  const hides = (cls) => page.evaluate((c) => (document.documentElement.getAttribute('data-pith-hide') || '').split(' ').includes(c), cls);
  assert.ok((await shown(comments)).length > 0, 'the fixture has a block read as reader comments');
  assert.ok((await shown(otherPromo)).length > 0, 'and other promo blocks');
  assert.ok((await shown(comments)).every((v) => !v), 'comments hidden by default');
  await d.setHidden('comments', false);
  await waitUntil(page, () => !(document.documentElement.getAttribute('data-pith-hide') || '').split(' ').includes('comments'), null, { what: 'comments kept' });
  assert.ok((await shown(comments)).every(Boolean), 'comments shown when kept');
  assert.ok((await shown(otherPromo)).every((v) => !v), 'the rest of promo still hidden');
  await d.setHidden('comments', true);
  await waitUntil(page, () => (document.documentElement.getAttribute('data-pith-hide') || '').split(' ').includes('comments'), null, { what: 'comments hidden' });
  assert.equal(await hides('comments'), true);
  assert.ok((await shown(comments)).every((v) => !v), 'comments hidden again');
  await page.close();
  await d.setSite(false);
}

/**
 * On/off `cycles` times on a page with a typed-in form and an audit observer: after each "off" the DOM
 * hash (nodes, attributes but Pith's, text, every computed display/overflow) equals the original, the
 * audit saw only Pith's marker attributes, and the typed values are untouched. Returns cycles passed.
 */
export async function restoreCycles(d, cycles) {
  await d.setSite(false);
  const page = await d.open('/fixtures/blog-post.html');
  await waitStatus(page, ['off']);
  await page.evaluate(() => {
    const q = document.querySelector('input[name=q]');
    q.value = 'rye starter';
    document.querySelector('input[name=email]').value = 'reader@example.org';
  });
  const before = await domHash(page);
  await installAudit(page);
  let passed = 0;
  for (let i = 0; i < cycles; i++) {
    await d.setSite(true);
    assert.equal(await waitStatus(page), 'ready', `cycle ${i}: ready`);
    await d.setSite(false);
    await waitStatus(page, ['off']);
    assert.equal(await domHash(page), before, `cycle ${i}: restored exactly`);
    passed++;
  }
  const audit = await page.evaluate(() => window.__audit);
  const foreign = audit.filter((r) => r.type !== 'attributes' || !/^data-pith/.test(r.name));
  assert.deepEqual(foreign, [], 'Pith made only marker-attribute writes (no nodes, no style, no text)');
  assert.ok(audit.length > 0, 'the audit saw the marks');
  const fields = await page.evaluate(() => [document.querySelector('input[name=q]').value, document.querySelector('input[name=email]').value]);
  assert.deepEqual(fields, ['rye starter', 'reader@example.org'], 'typed values untouched');
  // Off means off: no observer left behind (a late banner gets no mark, no pass runs).
  const passes = (await d.tabState(page)).passes;
  await page.evaluate(() => {
    const div = document.createElement('div');
    div.className = 'cookie-banner';
    div.textContent = 'We use cookies to personalise ads. Accept all cookies or manage your choices.';
    document.body.append(div);
  });
  await sleep(300);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-pith-label]').length), 0, 'nothing marked while off');
  assert.equal((await d.tabState(page)).passes, passes, 'no pass while off');
  await page.close();
  return passed;
}

/** Inserts a block with pithTest[kind]() and returns ms until it is hidden (null if never). */
async function timeToHidden(page, kind) {
  return page.evaluate(
    (kind) =>
      new Promise((resolve) => {
        const r = window.pithTest[kind]();
        const el = document.getElementById(r.id);
        let done = false;
        const finish = (ms) => {
          if (done) return;
          done = true;
          observer.disconnect();
          const mark = el.closest('[data-pith-label]');
          resolve({ kind, ms, label: mark && mark.getAttribute('data-pith-label') });
        };
        const observer = new MutationObserver(() => {
          if (!el.checkVisibility()) finish(performance.now() - r.t);
        });
        observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ['data-pith-label', 'data-pith-hide'] });
        setTimeout(() => finish(null), 3000);
      }),
    kind,
  );
}

/** Late clutter (cookie banner, ad slot, newsletter pop-up) hidden soon after insertion; infinite-scroll stories kept. */
export async function lateBlocks(d, { limitMs = 250 } = {}) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/article.html');
  assert.equal(await waitStatus(page), 'ready');
  const times = [];
  for (const kind of ['addCookieBanner', 'addAdSlot', 'addNewsletterPopup', 'addCookieBanner', 'addAdSlot']) {
    const r = await timeToHidden(page, kind);
    assert.ok(r.ms !== null, `${kind}: hidden (label ${r.label})`);
    assert.ok(r.ms <= limitMs, `${kind}: hidden after ${r.ms.toFixed(1)} ms (limit ${limitMs})`);
    times.push(r.ms);
    await sleep(120);
  }
  // Infinite scroll: appended stories are read, not hidden.
  for (let i = 0; i < 3; i++) {
    const { id } = await page.evaluate(() => window.pithTest.appendStory());
    await sleep(200);
    const shown = await page.evaluate((id) => [...document.querySelectorAll(`#${id} p`)].every((p) => p.checkVisibility()), id);
    assert.ok(shown, `appended story ${id} stays visible`);
  }
  assert.deepEqual(await visibility(page, ['#story-1 p']), { '#story-1 p': true }, 'the first story is never hidden');
  await page.close();
  return times;
}

/** More than 1,000 added elements at once: one deferred rescan, not incremental work. */
export async function hugeBatch(d) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/article.html');
  assert.equal(await waitStatus(page), 'ready');
  await sleep(150);
  const before = (await d.tabState(page)).passes;
  const { elements } = await page.evaluate(() => window.pithTest.addFeed(600));
  assert.ok(elements > 1000);
  await sleep(1200);
  const after = await d.tabState(page);
  assert.equal(after.passes - before, 1, 'one rescan for the huge batch');
  assert.equal(after.status, 'ready');
  await page.close();
}

/** SPA navigation (pushState + re-render): the new view is evaluated within 500 ms. */
export async function spaNavigation(d, { limitMs = 500 } = {}) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/article.html');
  assert.equal(await waitStatus(page), 'ready');
  const ms = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const { t } = window.pithTest.navigate('weather');
        const check = () => {
          const ad = document.getElementById('view-ad');
          if (ad && !ad.checkVisibility() && document.documentElement.getAttribute('data-pith') === 'ready') return resolve(performance.now() - t);
          if (performance.now() - t > 5000) return resolve(null);
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
  );
  assert.ok(ms !== null, 'the new view was evaluated (its ad hidden)');
  assert.ok(ms <= limitMs, `SPA view evaluated after ${ms.toFixed(0)} ms (limit ${limitMs})`);
  assert.deepEqual(await visibility(page, ['#weather-story h1', '#weather-story p']), { '#weather-story h1': true, '#weather-story p': true });
  await page.close();
  return ms;
}

/** A page that re-shows or re-creates a hidden block is left alone after a few rounds, no loop. */
export async function fightBack(d, mode) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/article.html');
  assert.equal(await waitStatus(page), 'ready');
  const { id } = await page.evaluate(() => window.pithTest.addAdSlot());
  await waitUntil(page, (id) => document.getElementById(id)?.hasAttribute('data-pith-label'), id, { what: 'ad labelled' });
  await page.evaluate(([mode, id]) => window.pithTest.fight(mode, id), [mode, id]);
  await waitStatus(page, ['abstain'], 5000);
  const state = await d.tabState(page);
  assert.match(state.note, /fights back/);
  await sleep(500);
  const later = await d.tabState(page);
  assert.equal(later.passes, state.passes, 'no more passes once it gave up');
  const rounds = await page.evaluate(() => window.pithTest.fightRounds());
  assert.ok(rounds <= 6, `gave up after ${rounds} rounds`);
  assert.equal(await page.evaluate(() => document.querySelectorAll('[data-pith-label]').length), 0, 'marks removed');
  await page.close();
  return rounds;
}

/** React-15-style hydration: no mismatch with Pith on (it waits for the page to settle). */
export async function hydration(d) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/hydrate.html');
  assert.equal(await waitStatus(page), 'ready');
  const h = await page.evaluate(() => window.hydration);
  assert.deepEqual(h, { state: 'hydrated', error: null }, 'hydrated without a mismatch');
  await page.evaluate(() => document.getElementById('like').click());
  assert.equal(await page.evaluate(() => document.getElementById('likes').textContent), '1', 'interactive after hydration');
  assert.deepEqual(await visibility(page, ['.promo-box', 'h1', '.story p']), { '.promo-box': false, h1: true, '.story p': true });
  await page.close();
}

/** Same-origin and srcdoc/about:blank frames run their own instance; open shadow roots are walked. */
export async function framesAndShadow(d) {
  await d.setSite(true);
  const page = await d.open('/fixtures/living/frames.html');
  assert.equal(await waitStatus(page), 'ready');
  const frame = await waitUntil(
    page,
    () => {
      const s = (id) => document.getElementById(id).contentDocument?.documentElement?.getAttribute('data-pith');
      const same = s('same');
      return ['ready', 'abstain'].includes(same) && { same, srcdoc: s('srcdoc'), blank: s('blank') };
    },
    null,
    { what: 'the same-origin frame decided' },
  );
  assert.equal(frame.same, 'ready', 'same-origin frame cleaned by its own instance');
  // (The parent may hide the <iframe> element itself, as it does ad frames: check the frame's marks.)
  const inFrame = await page.evaluate(() => {
    const doc = document.getElementById('same').contentDocument;
    const label = (s) => doc.querySelector(s).closest('[data-pith-label]')?.getAttribute('data-pith-label') || null;
    return { menu: label('.menu'), story: label('#story-1 p'), hide: doc.documentElement.getAttribute('data-pith-hide') };
  });
  assert.deepEqual(inFrame, { menu: 'nav', story: 'content', hide: 'promo nav legal comments' });
  assert.deepEqual(await visibility(page, ['#promo-card', '#story-card']), { '#promo-card': false, '#story-card': true }, 'shadow hosts labelled by their content');
  // A cross-origin frame (the same server as "localhost") runs its own instance and follows the tab's
  // site choice, although its own origin has none.
  await page.evaluate((src) => {
    const f = document.createElement('iframe');
    f.id = 'cross';
    f.src = src;
    document.body.append(f);
  }, `${d.server.url.replace('127.0.0.1', 'localhost')}/fixtures/living/article.html?cross=1`);
  let cross = null;
  for (let i = 0; i < 200 && !['ready', 'abstain'].includes(cross); i++) {
    await sleep(50);
    const f = page.frames().find((x) => x.url().includes('cross=1'));
    cross = f ? await f.evaluate(() => document.documentElement.getAttribute('data-pith')).catch(() => null) : null;
  }
  assert.equal(cross, 'ready', 'cross-origin frame cleaned by its own instance');
  frame.cross = cross;
  await page.close();
  return frame;
}

/** What a reader is using is never hidden. */
export async function protectedBlocks(d) {
  await d.setSite(false);
  const page = await d.open('/fixtures/living/protected.html');
  await waitStatus(page, ['off']);
  const playing = await page.evaluate(() => window.startVideo().catch(() => false));
  await page.evaluate(() => {
    document.getElementById('wish').value = 'more brass bands';
    document.getElementById('notes').textContent = 'my own notes';
    document.getElementById('dialog').show();
    document.getElementById('search').focus();
  });
  await d.setSite(true);
  assert.equal(await waitStatus(page), 'ready');
  const want = ['#search', '#wish', '#notes', '#dialog'];
  if (playing) want.push('#video');
  let v = await visibility(page, want);
  assert.deepEqual(v, Object.fromEntries(want.map((s) => [s, true])), 'protected elements stay visible');
  // Fullscreen makes the rest of the page inert (no focus outside it), so it gets its own round.
  await d.setSite(false);
  await waitStatus(page, ['off']);
  await page.click('#go-full').catch(() => {});
  await sleep(200);
  const fullscreen = await page.evaluate(() => document.fullscreenElement?.id || null);
  await d.setSite(true);
  assert.equal(await waitStatus(page), 'ready');
  if (fullscreen) {
    v = await visibility(page, ['#gallery']);
    assert.deepEqual(v, { '#gallery': true }, 'the fullscreen element stays visible');
  }
  await page.evaluate(() => document.fullscreenElement && document.exitFullscreen());
  await page.close();
  return { playing, fullscreen: Boolean(fullscreen) };
}
