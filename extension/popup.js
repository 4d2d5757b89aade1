// Pith popup: the site switch, blocks per class with a hide switch each, and "show labels".
// It reads the page's state from its content script and changes settings only through the service
// worker (the one writer), so the popup, the toolbar button and `pith.*` can never disagree.
// `?tab=ID` picks the tab (set by the worker when it opens the popup, and by the e2e tests).
const policy = globalThis.PithPolicy;
const $ = (selector) => document.querySelector(selector);

async function targetTab() {
  const id = Number(new URLSearchParams(location.search).get('tab'));
  if (id) return chrome.tabs.get(id);
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function ask(tab, message) {
  try {
    return await chrome.tabs.sendMessage(tab.id, message, { frameId: 0 });
  } catch {
    return null; // no content script: a browser page, or a page whose site is off
  }
}

async function worker(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (answer && answer.error) throw new Error(answer.error);
  return answer;
}

function describe(page) {
  if (!page) return 'Pith does not run on this page.';
  switch (page.status) {
    case 'ready':
      return `${page.hiddenCount} blocks hidden · ${page.ms.toFixed(1)} ms`;
    case 'abstain':
      return `Hiding nothing: ${page.note || 'not confident this page has an article'}.`;
    case 'working':
      return 'Working…';
    default:
      return 'Clean view is off.';
  }
}

/** What a tab without a content script shows: off, if Pith can run there (early.js loads nothing more on off sites). */
function offState(tab) {
  const origin = policy.originOf(tab.url || '');
  return origin ? { status: 'off', on: false, origin, counts: { content: 0, promo: 0, nav: 0, legal: 0, comments: 0 }, hiddenCount: 0, overlay: false } : null;
}

async function render(tab) {
  const [asked, settings] = await Promise.all([ask(tab, { type: 'state' }), worker({ type: 'settings' })]);
  const page = asked || offState(tab);
  const origin = page ? page.origin : policy.originOf(tab.url || '');
  $('#origin').textContent = origin || '';
  $('#site').checked = Boolean(page && page.on);
  $('#site').disabled = !page || !origin;
  $('#status').textContent = describe(page);
  for (const row of document.querySelectorAll('#classes tr[data-class]')) {
    const cls = row.dataset.class;
    row.querySelector('.count').textContent = page ? page.counts[cls] : 0;
    const box = row.querySelector('input');
    if (box) box.checked = Boolean(settings.hide[cls]);
  }
  $('#overlay').checked = Boolean(page && page.overlay);
  $('#overlay').disabled = !page || page.status === 'off';
  document.body.dataset.ready = 'true'; // for tests: the first render is done
  document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1); // and how many
  return { page, origin };
}

async function main() {
  const tab = await targetTab();
  let { origin } = await render(tab);
  $('#site').addEventListener('change', async (event) => {
    await worker({ type: 'setSite', origin, on: event.target.checked });
    ({ origin } = await render(tab));
  });
  for (const row of document.querySelectorAll('#classes tr[data-class]')) {
    const box = row.querySelector('input');
    if (!box) continue;
    box.addEventListener('change', async () => {
      await worker({ type: 'setHidden', cls: row.dataset.class, hidden: box.checked });
      await render(tab);
    });
  }
  $('#overlay').addEventListener('change', async (event) => {
    await ask(tab, { type: 'overlay', show: event.target.checked });
    await render(tab);
  });
}

main().catch((error) => {
  $('#status').textContent = `Error: ${error.message}`;
});
