// Budgets and breakers of the snapshot walk, and the marks' write discipline, on a fake DOM (node).
// Run: node --test extension/tests/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import '../snapshot.js';
import '../marks.js';
import { Document, h } from './fakedom.mjs';

const { PithSnapshot: S, PithMarks: M } = globalThis;
const RS = '\u001e';
const records = (snap) => snap.wire.split(RS).slice(1);
// An element record's fields, trailing empty ones filled in (the wire leaves them out; flags then reads 0).
const fieldsOf = (record) => {
  const f = record.split('\u001f');
  if (f[1] === '') return f;
  while (f.length < 7) f.push(f.length === 2 ? '0' : '');
  return f;
};

function article() {
  return h('body', {}, h('nav', { class: 'menu' }, h('a', { href: '/' }, 'Home')), h('article', {}, h('h1', {}, 'Title'), h('p', {}, 'Some text.')));
}

test('walk order and wire format match the native pre-order', () => {
  const doc = new Document(article());
  const snap = S.build(doc);
  assert.equal(snap.wire.split(RS)[0], 'pith1');
  assert.deepEqual(
    records(snap).map((r) => r.split('\u001f').slice(0, 2).join(' ')),
    ['-1 body', '0 nav', '1 a', '2 ', '0 article', '4 h1', '5 ', '4 p', '7 '],
  );
  assert.equal(snap.count, 9);
});

test('iterative: a 10,000-deep tree is walked without recursion', () => {
  const body = h('body', {});
  let n = body;
  for (let i = 0; i < 10000; i++) {
    const d = h('div', {});
    n.append(d);
    n = d;
  }
  n.append('the bottom');
  // The fake DOM's checkVisibility walks every ancestor (quadratic here): no CPU budget for this test.
  const snap = S.build(new Document(body), { maxMs: Infinity });
  assert.equal(snap.over, undefined);
  assert.equal(snap.count, 10002);
  assert.ok(records(snap).at(-1).endsWith('the bottom'));
});

test('node budget: over maxNodes means over = "nodes"', () => {
  const body = h('body', {});
  for (let i = 0; i < 500; i++) body.append(h('p', {}, 'x'));
  const snap = S.build(new Document(body), { maxNodes: 100 });
  assert.equal(snap.over, 'nodes');
  assert.equal(snap.count, 100);
});

test('CPU budget: over maxMs means over = "time"', () => {
  const body = h('body', {});
  for (let i = 0; i < 5000; i++) body.append(h('p', {}, 'x'));
  assert.equal(S.build(new Document(body), { maxMs: 0 }).over, 'time');
  assert.equal(S.build(new Document(body), { maxMs: 10000 }).over, undefined);
});

test('text budget: a 10 MB text node is read only up to the cap', () => {
  const body = h('body', {}, h('p', {}, 'word '.repeat(2 * 1024 * 1024)));
  const t0 = performance.now();
  const snap = S.build(new Document(body));
  assert.ok(performance.now() - t0 < 1000, 'no hang');
  const text = records(snap).at(-1).split('\u001f')[2];
  assert.ok(text.length <= 40000, `text capped (${text.length})`);
});

test('attribute budget: a 1 MB class is cut to maxAttr', () => {
  const body = h('body', {}, h('div', { class: 'x'.repeat(1024 * 1024), id: 'a\u0001b' }, 'hi'));
  const snap = S.build(new Document(body), { maxAttr: 100 });
  const fields = records(snap)[1].split('\u001f');
  assert.equal(fields[4].length, 100);
  assert.equal(fields[3], 'a b', 'control characters never reach the wire');
});

test('buildAsync: the same snapshot in many slices, yielding between them', async () => {
  const body = h('body', {});
  for (let i = 0; i < 3000; i++) body.append(h('p', { class: `c${i}` }, `text ${i}`));
  const doc = new Document(body);
  const whole = S.build(doc);
  const sliced = await S.buildAsync(doc, { sliceMs: 0 });
  assert.equal(sliced.wire, whole.wire);
  assert.ok(sliced.slices > 10, `${sliced.slices} slices`);
});

test('buildAsync: the page removing the node the walk is at gives over = "changed", not a crash', async () => {
  const body = h('body', {});
  const box = h('div', {});
  for (let i = 0; i < 3000; i++) box.append(h('p', {}, `t${i}`));
  body.append(box);
  const doc = new Document(body);
  const run = S.buildAsync(doc, { sliceMs: 0 });
  box.remove(); // between slices (buildAsync yields before its second slice)
  const snap = await run;
  assert.equal(snap.over, 'changed');
});

test('no <body> (XML, SVG documents): over = "no-root"', () => {
  const doc = new Document(h('body', {}));
  doc.body = null;
  assert.equal(S.build(doc).over, 'no-root');
});

test('display:none subtrees are pruned; blocks Pith itself hides are walked as shown', () => {
  const ad = h('aside', { 'data-pith-label': 'promo' }, h('p', {}, 'Buy now'), h('p', {}, 'hidden by the page'));
  ad.firstChild.nextSibling.style.display = 'none';
  const body = h('body', {}, ad, h('article', {}, h('p', {}, 'Text')));
  const doc = new Document(body);
  ad.style.display = 'none'; // what Pith's stylesheet does to a hidden promo block
  const plain = records(S.build(doc)).map(fieldsOf);
  assert.equal(plain[1][1], 'aside');
  assert.equal(plain[1][2], String(S.FLAG_HIDDEN), 'without the hint it looks hidden');
  const own = records(S.build(doc, { hiddenLabels: ['promo'] })).map(fieldsOf);
  assert.equal(own[1][2], '0', 'with it, the block reads as shown');
  assert.equal(own[2][1], 'p');
  assert.equal(own[2][2], '0');
  assert.equal(own[4][2], String(S.FLAG_HIDDEN), "the page's own display:none still counts");
  // Reader comments are their own class: a promo mark with data-pith-comment is walked as shown
  // when comments are hidden, and not when only the rest of promo is.
  ad.setAttribute('data-pith-comment', '');
  assert.equal(records(S.build(doc, { hiddenLabels: ['comments'] })).map(fieldsOf)[1][2], '0');
  assert.equal(records(S.build(doc, { hiddenLabels: ['promo'] })).map(fieldsOf)[1][2], String(S.FLAG_HIDDEN));
});

test('bare phrasing elements are taken as shown without asking the style; named ones are asked', () => {
  const bare = h('em', {}, 'bare');
  const named = h('span', { class: 'mobile-only' }, 'named');
  const styled = h('b', { style: 'display:none' }, 'styled');
  const block = h('div', {}, 'block');
  for (const el of [bare, named, styled, block]) el.style.display = 'none';
  const doc = new Document(h('body', {}, h('p', {}, bare, named, styled), block));
  const flags = Object.fromEntries(records(S.build(doc)).map(fieldsOf).filter((f) => f.length > 2).map((f) => [f[1], f[2]]));
  assert.equal(flags.em, '0', 'a bare <em> is not asked');
  assert.equal(flags.span, String(S.FLAG_HIDDEN), 'a classed <span> is');
  assert.equal(flags.b, String(S.FLAG_HIDDEN), 'so is one with a style attribute');
  assert.equal(flags.div, String(S.FLAG_HIDDEN), 'and every non-phrasing element');
});

test('<noscript> is read only when scripting is off (its content parsed as elements)', () => {
  // Scripting on: the content is one raw text node, never rendered.
  const on = new Document(h('body', {}, h('noscript', {}, '<p>Enable JavaScript</p>'), h('p', {}, 'Text')));
  const onRecords = records(S.build(on)).map(fieldsOf);
  assert.deepEqual(onRecords.map((r) => r[1]), ['body', 'noscript', 'p', '']);
  assert.equal(onRecords[1][2], String(S.FLAG_HIDDEN));
  // Scripting off: element children, shown like any element (a Discourse thread's copy).
  const off = new Document(h('body', {}, h('noscript', {}, h('p', {}, 'A post'))));
  const offRecords = records(S.build(off)).map(fieldsOf);
  assert.deepEqual(offRecords.map((r) => r[1]), ['body', 'noscript', 'p', '']);
  assert.equal(offRecords[1][2], '0');
  assert.equal(offRecords[3][2], 'A post');
});

test('open shadow roots are walked before the light children; marks inside lift to the host', () => {
  const host = h('promo-card', {}, h('span', {}, 'light'));
  const root = host.attachShadow();
  root.append(h('aside', {}, h('p', {}, 'Subscribe now')));
  const body = h('body', {}, host, h('p', {}, 'after'));
  const doc = new Document(body);
  const snap = S.build(doc);
  const tags = records(snap).map((r) => r.split('\u001f')[1]);
  assert.deepEqual(tags, ['body', 'promo-card', 'aside', 'p', '', 'span', '', 'p', '']);
  assert.equal(snap.shadows.length, 1);
  const aside = snap.nodes[2];
  const marked = M.resolve([{ node: 2, label: 'promo', score: 0.9, reason: 1 }], snap.nodes, doc);
  assert.equal(marked.length, 1);
  assert.equal(marked[0].el, host, `lifted from ${aside.localName} to the host`);
});

test('protected elements are found by the walk: focus, typed-in fields, contenteditable, playing media, open dialogs', () => {
  const focused = h('input', { type: 'text' });
  const typed = h('textarea', {});
  Object.assign(typed, { value: 'draft', defaultValue: '' });
  const untouched = h('input', { type: 'text' });
  Object.assign(untouched, { value: 'x', defaultValue: 'x' });
  const editor = h('div', { contenteditable: '' }, 'notes');
  editor.isContentEditable = true;
  const playing = h('video', {});
  playing.paused = false;
  const stopped = h('audio', {});
  stopped.paused = true;
  const dialog = h('dialog', { open: '' }, 'Are you sure?');
  const closed = h('dialog', {}, 'later');
  const body = h('body', {}, focused, typed, untouched, editor, playing, stopped, dialog, closed);
  const doc = new Document(body);
  doc.activeElement = focused;
  const snap = S.build(doc);
  const protectedTags = records(snap)
    .map(fieldsOf)
    .filter((f) => f.length > 2 && Number(f[2]) & S.FLAG_PROTECTED)
    .map((f) => f[1]);
  assert.deepEqual(protectedTags, ['input', 'textarea', 'div', 'video', 'dialog']);
  assert.deepEqual([...snap.guarded], [focused, typed, editor, playing, dialog]);
});

test('protect: a mark that would hide a protected element becomes content', () => {
  const field = h('input', {});
  const box = h('section', {}, h('div', {}, field));
  const other = h('aside', {});
  const marked = [
    { el: box, label: 'promo', score: 0.9, reason: 2 },
    { el: other, label: 'promo', score: 0.9, reason: 2 },
  ];
  M.protect(marked, new Set([field]));
  assert.deepEqual(marked.map((m) => m.label), ['content', 'promo']);
});

test('relabel writes only the difference', () => {
  const a = h('div', {});
  const b = h('div', {});
  const c = h('div', {});
  const writes = [];
  for (const el of [a, b, c]) {
    const set = el.setAttribute.bind(el);
    const rm = el.removeAttribute.bind(el);
    el.setAttribute = (n, v) => (writes.push(`set ${n}=${v}`), set(n, v));
    el.removeAttribute = (n) => (writes.push(`remove ${n}`), rm(n));
  }
  const before = [{ el: a, label: 'promo' }, { el: b, label: 'nav' }];
  M.relabel([], before);
  writes.length = 0;
  M.relabel(before, [{ el: a, label: 'promo' }, { el: c, label: 'legal' }]);
  assert.deepEqual(writes, ['remove data-pith-label', 'set data-pith-label=legal']);
  assert.equal(b.getAttribute('data-pith-label'), null);
});

test('reader comments: a promo mark with the comment reason gets its own attribute, class and count, and goes with the labels', () => {
  const [a, b, c] = [h('div', {}), h('div', {}), h('div', {})];
  const wire = [
    { node: 0, label: 'promo', score: 1, reason: 8 },
    { node: 1, label: 'promo', score: 1, reason: 5 },
    { node: 2, label: 'content', score: 1, reason: 8 },
  ];
  const marked = M.resolve(wire, [a, b, c], undefined, 8);
  assert.deepEqual(marked.map(M.classOf), ['comments', 'promo', 'content']);
  assert.deepEqual(M.counts(marked), { content: 1, promo: 1, nav: 0, legal: 0, comments: 1 });
  assert.equal(M.hiddenCount(marked, ['promo']), 1);
  assert.equal(M.hiddenCount(marked, ['promo', 'comments']), 2);
  M.relabel([], marked);
  assert.deepEqual([a, b, c].map((el) => el.hasAttribute('data-pith-comment')), [true, false, false]);
  assert.deepEqual([a, b, c].map(M.classOfElement), ['comments', 'promo', 'content']);
  // Protected meanwhile (content now): the comment attribute goes, the label changes.
  M.relabel(marked, [{ el: a, label: 'content', comment: true }, marked[1], marked[2]]);
  assert.equal(a.hasAttribute('data-pith-comment'), false);
  assert.equal(a.getAttribute('data-pith-label'), 'content');
  // A mark that disappears loses both attributes.
  M.relabel([{ el: b, label: 'promo', comment: true }], [{ el: b, label: 'promo', comment: true }]);
  assert.equal(b.hasAttribute('data-pith-comment'), true);
  M.relabel([{ el: b, label: 'promo', comment: true }], []);
  assert.deepEqual([b.getAttribute('data-pith-label'), b.hasAttribute('data-pith-comment')], [null, false]);
});

test('records leave out trailing empty fields, as src/snapshot.rs encodes them', () => {
  const body = h('body', {}, h('p', {}, 'one'), h('div', { class: 'x' }, 'two'), h('a', { href: '#' }, 'three'));
  const recs = records(S.build(new Document(body)));
  const us = '\u001f';
  const glued = us + '16'; // no whitespace between the texts of this tree
  assert.deepEqual(recs, ['-1' + us + 'body', '0' + us + 'p', '1' + us + us + 'one', '0' + us + 'div' + us + '0' + us + us + 'x', '3' + us + us + 'two' + glued, '0' + us + 'a' + us + String(S.FLAG_LINK), '5' + us + us + 'three' + glued]);
});

test('a text run on from the text before it, with no whitespace between, is marked glued (src/native.rs: same rule)', () => {
  const body = h('body', {}, h('p', {}, 'Costs ', h('b', {}, '$15'), '. Then ', h('i', {}, 'more'), ' text'), '\n  ', h('p', {}, h('span', {}, 'I'), 'n-house'));
  const texts = records(S.build(new Document(body))).filter((r) => r.split('\u001f')[1] === '').map((r) => r.split('\u001f').slice(2).join('|'));
  assert.deepEqual(texts, ['Costs', '$15', '. Then|16', 'more', 'text', 'I', 'n-house|16']);
});

test('the page undoing clean view is judged by class: a comments block may show while promo hides', () => {
  const hidden = ['promo', 'nav', 'legal']; // comments kept
  const el = h('div', { 'data-pith-label': 'promo', 'data-pith-comment': '' });
  const label = (target, oldValue) => ({ target, attributeName: 'data-pith-label', oldValue });
  const comment = (target, oldValue) => ({ target, attributeName: 'data-pith-comment', oldValue });
  // A kept comments block losing its label: nothing hidden was shown.
  el.removeAttribute('data-pith-label');
  assert.equal(M.undoesHiding(label(el, 'promo'), hidden), false);
  // A hidden promo block losing its label: undone.
  const ad = h('div', {});
  assert.equal(M.undoesHiding(label(ad, 'promo'), hidden), true);
  // Relabelled from one hidden class to another: still hidden.
  const menu = h('div', { 'data-pith-label': 'nav' });
  assert.equal(M.undoesHiding(label(menu, 'promo'), hidden), false);
  // Comments hidden, promo shown: the page stripping the comment attribute shows the block.
  const thread = h('div', { 'data-pith-label': 'promo' });
  assert.equal(M.undoesHiding(comment(thread, ''), ['comments']), true);
  assert.equal(M.undoesHiding(comment(thread, ''), ['comments', 'promo']), false);
  // Other attributes are not Pith's.
  assert.equal(M.undoesHiding({ target: ad, attributeName: 'class', oldValue: 'x' }, hidden), false);
});
