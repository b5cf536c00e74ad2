import { gzipSync } from 'node:zlib';

/**
 * Records every script a page loads, so the JavaScript a first visit costs can be added up gzipped,
 * whatever the bundler split it into. The bodies are read and compressed later, in `totals` (before
 * the page closes): the server runs in this process, and doing that while the page loads would
 * hold up the very answers being timed.
 */
export function recordScripts(page) {
  const scripts = new Map();
  page.on('response', (response) => {
    if (response.request().resourceType() === 'script') scripts.set(response.url(), response);
  });
  return scripts;
}

export async function totals(scripts) {
  let bytes = 0;
  let gzipBytes = 0;
  for (const response of scripts.values()) {
    const body = await response.body();
    bytes += body.length;
    gzipBytes += gzipSync(body, { level: 9 }).length;
  }
  return { files: scripts.size, bytes, gzipBytes };
}
