// Prints the Firefox manifest for dist/firefox/, derived from the one manifest.json (build.sh).
// Firefox MV3 differs from Chromium in three places only:
//   - the background is an event page with `background.scripts` (no service workers for extensions),
//     loaded as a module like Chromium's worker, so `globalThis.pith` is the same API;
//   - `browser_specific_settings.gecko` carries the add-on id (needed for storage and for
//     `web-ext lint`), the minimum version (142: the first with data_collection_permissions on
//     desktop and Android), and the data-collection declaration (none);
//   - Firefox has no `match_origin_as_fallback`; `match_about_blank` covers about:blank/srcdoc frames.
// Usage: node tools/firefox-manifest.mjs manifest.json > dist/firefox/manifest.json
import { readFileSync } from 'node:fs';

export const GECKO_ID = 'pith@pith.invalid';

export function firefoxManifest(chromium) {
  const m = structuredClone(chromium);
  m.background = { scripts: [chromium.background.service_worker], type: 'module' };
  m.browser_specific_settings = {
    gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
  };
  for (const cs of m.content_scripts || []) delete cs.match_origin_as_fallback;
  return m;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const source = JSON.parse(readFileSync(process.argv[2] || 'manifest.json', 'utf8'));
  process.stdout.write(JSON.stringify(firefoxManifest(source), null, 2) + '\n');
}
