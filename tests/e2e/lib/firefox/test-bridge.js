// Test-only content script (Firefox run): relays window.postMessage({ pithTest: 'call' }) from the
// test page to test-bg.js and posts the reply back.
window.addEventListener('message', (e) => {
  if (e.source !== window || !e.data || e.data.pithTest !== 'call') return;
  const { id, method, args, tabId } = e.data;
  chrome.runtime.sendMessage({ type: 'pith-test', method, args, tabId }).then(
    (reply) => window.postMessage({ pithTest: 'reply', id, reply }, '*'),
    (error) => window.postMessage({ pithTest: 'reply', id, reply: { error: String(error) } }, '*'),
  );
});
