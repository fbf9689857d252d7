// Where clamd is: CLAMD_PATH, else the usual places (Debian's clamav-daemon: /usr/sbin/clamd).
// Shared by scripts/ensure-clamav.js and test/support/clamd.ts.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const HOW_TO_GET =
  'Install ClamAV\'s daemon: on Debian or Ubuntu "apt-get install clamav-daemon" (as root), on macOS "brew install clamav", ' +
  'or set CLAMD_PATH to a clamd binary. No signature download is needed: the tests bring their own.';

function findClamd() {
  const configured = process.env.CLAMD_PATH;
  if (configured) return existsSync(configured) ? configured : null;
  const dirs = ['/usr/sbin', '/usr/local/sbin', '/opt/homebrew/sbin', ...(process.env.PATH ?? '').split(':').filter(Boolean)];
  for (const dir of dirs) {
    const candidate = join(dir, 'clamd');
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

module.exports = { findClamd, HOW_TO_GET };
