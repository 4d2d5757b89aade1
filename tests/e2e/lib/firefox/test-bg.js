// Test-only background for the Firefox run (never shipped: tests/e2e/lib/driver.mjs adds it to a
// copy of dist/firefox). Firefox's WebDriver BiDi cannot evaluate in extension contexts nor open
// moz-extension:// pages, so the harness reaches the automation API through test-bridge.js.
import './background.js';

chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
  if (!m || m.type !== 'pith-test' || sender.id !== chrome.runtime.id) return false;
  const run = async () => {
    if (m.method === 'tabState') return chrome.tabs.sendMessage(m.tabId ?? sender.tab.id, { type: 'state' }, { frameId: 0 });
    if (m.method === 'tabs') return (await chrome.tabs.query({})).map((t) => ({ id: t.id, url: t.url }));
    return globalThis.pith[m.method](...m.args);
  };
  run().then(
    (value) => sendResponse({ ok: true, value }),
    (error) => sendResponse({ error: String(error) }),
  );
  return true;
});
