import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { handleMissingResource } from './missing-resource.js';

const CHROMIUM_PATH = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

// Without these, Chromium keeps trying to reach the network on its own, which a closed network refuses.
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface LaunchedChromium {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * Launches the system's headless Chromium (Debian package `chromium`; Playwright gives it a fresh
 * temporary profile), or returns
 * null with a visible skip message when it is not installed (under `CI=true` that throws instead).
 */
export async function launchChromium(purpose: string): Promise<LaunchedChromium | null> {
  if (!existsSync(CHROMIUM_PATH)) {
    return handleMissingResource(
      `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`,
      purpose,
    );
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
  return { browser, close: () => browser.close() };
}
