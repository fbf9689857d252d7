#!/usr/bin/env node
// Before the tests: the document tests scan files with a real clamd (test/support/clamd.ts starts
// one of their own, with their own EICAR signature file). When clamd is missing and this is a root
// shell on Debian (CI, a fresh container), Debian's clamav-daemon package is installed; anywhere
// else it only says how to get it (those tests then fail with the same words). The package's own
// service is not needed and not started; signatures are never downloaded.
const { existsSync } = require('node:fs');
const { execSync } = require('node:child_process');
const { findClamd, HOW_TO_GET } = require('./clamd-path');

if (findClamd()) process.exit(0);
if (process.env.CLAMD_PATH) {
  // Installing a package would not put clamd where the operator said it is.
  process.stderr.write(`CLAMD_PATH (${process.env.CLAMD_PATH}) is not a file: the document scanning tests will fail.\n${HOW_TO_GET}\n`);
  process.exit(0);
}

const root = typeof process.getuid === 'function' && process.getuid() === 0;
const debian = existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');
if (root && debian) {
  process.stderr.write("No clamd found: installing Debian's clamav-daemon package...\n");
  try {
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clamav-daemon', { stdio: 'inherit' });
  } catch {
    process.stderr.write(`Could not install clamav-daemon; the document scanning tests will fail.\n${HOW_TO_GET}\n`);
  }
} else {
  process.stderr.write(`No clamd found: the document scanning tests will fail.\n${HOW_TO_GET}\n`);
}
