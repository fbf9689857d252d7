#!/usr/bin/env node
// Before the tests: the browser test drives Debian's Chromium. Installs it when missing and this
// is a root shell with apt (CI, a fresh machine); otherwise says what to install. Never downloads
// a browser of its own.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');

const CHROMIUM = '/usr/bin/chromium';
if (existsSync(CHROMIUM)) process.exit(0);
const root = typeof process.getuid === 'function' && process.getuid() === 0;
const apt = existsSync('/usr/bin/apt-get');
if (root && apt) {
  process.stderr.write('Chromium is missing: installing Debian\'s chromium package...\n');
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } catch {
    process.stderr.write('Could not install chromium; the browser test will fail. Install it with: apt-get install -y chromium\n');
  }
} else {
  process.stderr.write(`No ${CHROMIUM}: the browser test will fail. Install Debian's Chromium: sudo apt-get install -y chromium\n`);
}
