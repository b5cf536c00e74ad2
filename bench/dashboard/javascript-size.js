import { gzipSync } from 'node:zlib';

/**
 * Records every script a page loads (its URL and body), so the JavaScript a first visit costs can be
 * added up gzipped, whatever the bundler split it into.
 */
export function recordScripts(page) {
  const scripts = new Map();
  page.on('response', async (response) => {
    if (response.request().resourceType() !== 'script') return;
    try {
      const body = await response.body();
      scripts.set(response.url(), { bytes: body.length, gzipBytes: gzipSync(body, { level: 9 }).length });
    } catch {}
  });
  return scripts;
}

export function totals(scripts) {
  let bytes = 0;
  let gzipBytes = 0;
  for (const s of scripts.values()) {
    bytes += s.bytes;
    gzipBytes += s.gzipBytes;
  }
  return { files: scripts.size, bytes, gzipBytes };
}
