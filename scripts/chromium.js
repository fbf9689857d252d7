// Where a Chromium (or Chrome) for the browser tests is: CHROMIUM_PATH, else the usual install
// locations on Linux and macOS. Plain CommonJS: used by scripts/ensure-chromium.js before the
// tests (no TypeScript yet) and by test/support/browser.ts. Never downloads a browser.
const { existsSync } = require('node:fs');

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/snap/bin/chromium',
  '/usr/local/bin/chromium',
  '/opt/homebrew/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

const HOW_TO_GET = [
  'The browser tests need Chromium or Chrome. Either:',
  '  - set CHROMIUM_PATH to its executable, or',
  '  - Debian/Ubuntu: sudo apt-get install -y chromium',
  '  - Fedora: sudo dnf install chromium',
  '  - macOS: brew install --cask chromium (or install Google Chrome)',
].join('\n');

/** The executable to use, or null when none is found. A CHROMIUM_PATH that does not exist is an error. */
function findChromium(env = process.env, candidates = CANDIDATES) {
  const configured = (env.CHROMIUM_PATH || '').trim();
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH is ${configured}, which does not exist.\n${HOW_TO_GET}`);
    return configured;
  }
  return candidates.find((p) => existsSync(p)) || null;
}

/** Flags for a headless run on a closed network (no background fetches, no sandbox as root). */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

module.exports = { findChromium, HOW_TO_GET, CHROMIUM_ARGS, CANDIDATES };
