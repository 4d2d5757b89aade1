// A small static server for the demo and the browser tests: no dependencies, loopback only.
// serveStatic() mounts the repo's www/ at /, tests/fixtures at /fixtures/ and the corpus at /corpus/.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep, basename } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
/** The labelled corpus: PITH_CORPUS, else ../shared/corpus next to the repo. */
export const CORPUS = resolve(process.env.PITH_CORPUS || join(REPO, '..', 'shared', 'corpus'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xhtml': 'application/xhtml+xml; charset=utf-8',
};

export const DEFAULT_MOUNTS = { '/': join(REPO, 'www'), '/fixtures/': join(REPO, 'tests', 'fixtures'), '/corpus/': CORPUS };

/** The CSP a fixture asks for in its <meta http-equiv>, so csp-* fixtures also get it as a real header. */
function cspOf(html) {
  const m = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=["']([^"']*)["']/i.exec(html);
  return m ? m[1] : null;
}

/**
 * Serves `mounts` (URL prefix → directory; longest prefix wins) on 127.0.0.1.
 * `htmlHeaders`: extra response headers for every HTML document (e.g. a Content-Security-Policy that
 * keeps a corpus page's own scripts from running: see tests/e2e/eval-browser.mjs).
 * Returns { url, port, close() }. port 0 picks a free port.
 */
export async function serveStatic(mounts = DEFAULT_MOUNTS, { port = 0, log = false, htmlHeaders = null } = {}) {
  const table = Object.entries(mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      const mount = table.find(([prefix]) => path.startsWith(prefix));
      if (!mount) throw Object.assign(new Error('no mount'), { code: 'ENOENT' });
      let file = resolve(mount[1], '.' + path.slice(mount[0].length - 1));
      if (file !== mount[1] && !file.startsWith(mount[1] + sep)) throw Object.assign(new Error('outside'), { code: 'ENOENT' });
      if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
      let body = await readFile(file);
      const headers = { 'cache-control': 'no-store' };
      if (file.endsWith('.html.gz')) {
        headers['content-type'] = TYPES['.html'];
        headers['content-encoding'] = 'gzip';
      } else {
        headers['content-type'] = TYPES[extname(file)] || 'application/octet-stream';
      }
      if (htmlHeaders && headers['content-type'] === TYPES['.html']) Object.assign(headers, htmlHeaders);
      if (basename(file).startsWith('csp-')) {
        const csp = cspOf(body.toString('utf8'));
        if (csp) headers['content-security-policy'] = csp;
      }
      res.writeHead(200, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
      if (log) console.log(200, req.url);
    } catch (error) {
      const status = error.code === 'ENOENT' || error.code === 'ENOTDIR' ? 404 : 500;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(`${status}\n`);
      if (log) console.log(status, req.url);
    }
  });
  await new Promise((ok, fail) => server.once('error', fail).listen(port, '127.0.0.1', ok));
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    close: () => new Promise((ok) => server.close(ok)),
  };
}
