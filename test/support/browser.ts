/**
 * The browser the browser tests drive: a Chromium found on this machine (scripts/chromium.js:
 * CHROMIUM_PATH, then the usual install locations), started headless by playwright-core. When
 * none is found the test fails with what to install; it never skips and never downloads one.
 */
import { chromium, type Browser } from 'playwright-core';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findChromium, HOW_TO_GET, CHROMIUM_ARGS } = require('../../scripts/chromium') as {
  findChromium(env?: NodeJS.ProcessEnv): string | null;
  HOW_TO_GET: string;
  CHROMIUM_ARGS: string[];
};

export function chromiumPath(): string {
  const found = findChromium();
  if (!found) throw new Error(`No Chromium found for the browser test.\n${HOW_TO_GET}`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}
