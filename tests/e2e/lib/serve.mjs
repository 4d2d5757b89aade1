// `node tests/e2e/lib/serve.mjs [PORT]`: what `./build.sh` runs to serve the demo.
import { DEFAULT_MOUNTS, serveStatic } from './server.mjs';

const port = Number(process.argv[2] || 8000);
const server = await serveStatic(DEFAULT_MOUNTS, { port });
console.log(`Serving www/ (and /fixtures/, /corpus/) on ${server.url}/`);
