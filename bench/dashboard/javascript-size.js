import { gzipSync } from 'node:zlib';

/**
 * Records every script a page loads (its URL and body), so the JavaScript a first visit costs can be
 * added up gzipped, whatever the bundler split it into. Bodies are compressed later, in `totals`:
 * the server runs in this process, and compressing while the page loads would hold it up.
 */
export function recordScripts(page) {
  const scripts = new Map();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    try {
      scripts.set(response.url(), await response.body());
    } catch {}
  });
  return scripts;
}

export function totals(scripts) {
  let bytes = 0;
  let gzipBytes = 0;
  for (const body of scripts.values()) {
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: scripts.size, bytes, gzipBytes };
}
