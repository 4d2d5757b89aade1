#!/usr/bin/env node
// Runs Readability.js (@mozilla/readability + jsdom) over the pages listed in a TSV (key, page path;
// from `pith eval --list`) and writes readability_js.json in the benchmark's peer-outputs shape, the
// text being `article.textContent` as in the upstream benchmark's extractor.
// usage: node run_readability.mjs PAGES.tsv OUT_DIR MODULES_DIR [JOBS]
// MODULES_DIR holds node_modules with the versions pinned in tools/peers/package.json.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { cpus } from "node:os";

function readPage(path) {
  const bytes = readFileSync(path);
  return (path.endsWith(".gz") ? gunzipSync(bytes) : bytes).toString("utf8");
}

if (isMainThread) {
  const [pagesFile, outDir, modulesDir, jobsArg] = process.argv.slice(2);
  if (!pagesFile || !outDir || !modulesDir) {
    console.error("usage: node run_readability.mjs PAGES.tsv OUT_DIR MODULES_DIR [JOBS]");
    process.exit(2);
  }
  const items = readFileSync(pagesFile, "utf8").split("\n").filter((l) => l.includes("\t")).map((l) => l.split("\t"));
  const jobs = Math.max(1, Math.min(Number(jobsArg) || cpus().length, items.length));
  const require = createRequire(join(modulesDir, "package.json"));
  const version = require("@mozilla/readability/package.json").version;
  const output = {};
  const started = Date.now();
  let done = 0;
  // jsdom leaks across pages and a few pages need a large heap: each worker takes a small batch and
  // exits, and the pages of a batch whose worker died are retried one by one, so one bad page costs
  // only itself (scored as an empty prediction, as upstream scores a peer's failure).
  const BATCH = 10;
  const queue = [];
  for (let i = 0; i < items.length; i += BATCH) queue.push(items.slice(i, i + BATCH));
  const record = (key, text, error) => {
    output[key] = { articleBody: text };
    if (error) console.error(`readability: ${key}: ${error}`);
    done += 1;
    if (done % 50 === 0 || done === items.length) {
      console.error(`readability: ${done}/${items.length} pages, ${Math.round((Date.now() - started) / 1000)}s`);
    }
  };
  const runBatch = (batch) => new Promise((resolve) => {
    const pending = new Set(batch.map(([key]) => key));
    const worker = new Worker(new URL(import.meta.url), {
      workerData: { items: batch, modulesDir },
      resourceLimits: { maxOldGenerationSizeMb: 4096 },
    });
    worker.on("message", ({ key, text, error }) => {
      pending.delete(key);
      record(key, text, error);
    });
    worker.on("error", () => {});
    worker.on("exit", () => {
      const left = batch.filter(([key]) => pending.has(key));
      if (left.length > 1) left.forEach((item) => queue.push([item]));
      else left.forEach(([key]) => record(key, "", "worker died (out of memory?)"));
      resolve();
    });
  });
  await Promise.all(Array.from({ length: jobs }, async () => {
    while (queue.length) await runBatch(queue.shift());
  }));
  mkdirSync(outDir, { recursive: true });
  const sorted = Object.fromEntries(Object.keys(output).sort().map((k) => [k, output[k]]));
  writeFileSync(join(outDir, "readability_js.json"), JSON.stringify({ version: `@mozilla/readability ${version}`, output: sorted }, null, 1));
} else {
  const require = createRequire(join(workerData.modulesDir, "package.json"));
  const { Readability } = require("@mozilla/readability");
  const { JSDOM, VirtualConsole } = require("jsdom");
  for (const [key, path] of workerData.items) {
    let text = "";
    let error = null;
    try {
      // No scripts run and no subresources load (jsdom's defaults); a silent console hides CSS parse noise.
      const dom = new JSDOM(readPage(path), { url: "https://fake-url.com", virtualConsole: new VirtualConsole() });
      const article = new Readability(dom.window.document).parse();
      text = article?.textContent ?? "";
      dom.window.close();
    } catch (e) {
      // A peer failing on a page scores as an empty prediction, as upstream.
      error = String(e?.message ?? e);
    }
    parentPort.postMessage({ key, text, error });
  }
}
