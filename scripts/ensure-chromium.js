#!/usr/bin/env node
// Before the tests: the browser tests drive a Chromium found by scripts/chromium.js. When none is
// found and this is a root shell on Debian (CI, a fresh container), Debian's chromium package is
// installed; anywhere else it only says how to get one (the browser tests then fail with the same
// words). Never downloads a browser of its own.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { findChromium, HOW_TO_GET } = require('./chromium');

let found;
try {
  found = findChromium();
} catch (err) {
  process.stderr.write(`${err.message}\n`);
  process.exit(0);
}
if (found) process.exit(0);

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (root && debian) {
  process.stderr.write("No Chromium found: installing Debian's chromium package...\n");
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium', { stdio: 'inherit' });
  } catch {
    process.stderr.write(`Could not install chromium; the browser tests will fail.\n${HOW_TO_GET}\n`);
  }
} else {
  process.stderr.write(`No Chromium found: the browser tests will fail.\n${HOW_TO_GET}\n`);
}
