// Round-trip and send costs of extension messaging from the content script world (sendMessage vs
// a long-lived port), on one corpus page with the built extension.
//   node tests/bench/probe-msg.mjs
import { launchWithExtension, serveStatic } from '../e2e/lib/browser.mjs';
const server = await serveStatic();
const { context, serviceWorker, close } = await launchWithExtension();
await serviceWorker.evaluate(() => pith.setDefault(true));
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
const ctxs = [];
cdp.on('Runtime.executionContextCreated', (e) => ctxs.push(e.context));
await cdp.send('Runtime.enable');
await page.goto(`${server.url}/corpus/scrapinghub/04a6711caa7c687592777718866e781e976e0fe684faebe8b3cedcef8cd0ea34/page.html`);
await page.waitForFunction(() => document.documentElement.getAttribute('data-pith') === 'ready');
const ext = ctxs.filter((c) => c.origin.startsWith('chrome-extension') || c.name === 'Pith').pop();
const expr = `(async () => {
  const out = {};
  const snap = PithSnapshot.build(document);
  const wire = snap.wire;
  out.len = wire.length;
  let t = performance.now(); const p = chrome.runtime.connect({ name: 'probe' }); out.connect = performance.now() - t;
  t = performance.now(); p.postMessage({ type: 'x', rid: 1, snapshot: wire }); out.postWire = performance.now() - t;
  const plain = wire.replace(/[\\u001e\\u001f]/g, '|');
  t = performance.now(); p.postMessage({ type: 'x', rid: 1, snapshot: plain }); out.postPlain = performance.now() - t;
  t = performance.now(); JSON.stringify({ s: wire }); out.json = performance.now() - t;
  t = performance.now(); chrome.runtime.sendMessage({ type: 'frame' }).catch(() => {}); out.sendMsgSmall = performance.now() - t;
  t = performance.now(); const r = chrome.runtime.sendMessage({ type: 'nothing', snapshot: wire }).catch(() => {}); out.sendMsgWire = performance.now() - t;
  t = performance.now(); await chrome.runtime.sendMessage({ type: 'frame' }); out.rtSendMessage = performance.now() - t;
  t = performance.now(); await chrome.runtime.sendMessage({ type: 'frame' }); out.rtSendMessage2 = performance.now() - t;
  const q = chrome.runtime.connect({ name: 'pith-content' });
  const rt = () => new Promise((ok) => { const l = (m) => { q.onMessage.removeListener(l); ok(m); }; q.onMessage.addListener(l); q.postMessage({ type: 'frame', rid: 7 }); });
  await rt(); t = performance.now(); await rt(); out.rtPort = performance.now() - t;
  t = performance.now(); await rt(); out.rtPort2 = performance.now() - t;
  return out;
})()`;
for (let i = 0; i < 3; i++) {
  const r = await cdp.send('Runtime.evaluate', { contextId: ext.id, expression: expr, awaitPromise: true, returnByValue: true });
  console.log(JSON.stringify(r.result.value || r));
}
await close(); await server.close();
