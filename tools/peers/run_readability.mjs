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
  await Promise.all(
    Array.from({ length: jobs }, (_, shard) => new Promise((resolve, reject) => {
      const worker = new Worker(new URL(import.meta.url), {
        workerData: { items: items.filter((_, i) => i % jobs === shard), modulesDir },
      });
      worker.on("message", ({ key, text, error }) => {
        output[key] = { articleBody: text };
        if (error) console.error(`readability: ${key}: ${error}`);
        done += 1;
        if (done % 50 === 0 || done === items.length) {
          console.error(`readability: ${done}/${items.length} pages, ${Math.round((Date.now() - started) / 1000)}s`);
        }
      });
      worker.on("error", reject);
      worker.on("exit", resolve);
    })),
  );
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
