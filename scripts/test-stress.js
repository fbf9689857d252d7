#!/usr/bin/env node
// npm run test:stress: the timing-sensitive suites, several rounds in a row, while stress-ng keeps
// every core busy. A suite that waits for a duration instead of for the thing it checks fails
// here first, not on CI. Usage: npm run test:stress [-- --rounds 10] [-- --suites test/browser]
// [-- extra jest arguments]
const { spawn, spawnSync, execSync } = require('node:child_process');
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { cpus } = require('node:os');
const { join } = require('node:path');

// The browser suites (ours and Microsoft's Web Chat), Direct Line (polling, CORS, streams), several
// instances on one store, the store going away and coming back (outage, the inbound spool,
// redelivery), the store's health checks, an attorney taking over a conversation, and documents.
const SUITES = [
  'test/browser',
  'test/dashboard-browser',
  'test/webchat-browser',
  'test/widget',
  'test/directline',
  'test/instances',
  'test/outage',
  'test/redelivery',
  'test/store-health',
  // An attorney's takeover: the live transcript's script in Chromium, the Direct Line stream, Twilio's callbacks.
  'test/takeover-browser',
  'test/takeover-webchat',
  'test/takeover',
  // Documents: the upload page and the intake page in Chromium, MMS media fetched after Twilio's
  // answer, a set-aside message's notice (a server process and its keep-alive connections), and
  // the built server's clean start.
  'test/upload-browser',
  'test/documents-browser',
  'test/mms-media',
  'test/quarantine',
  'test/clean-start',
];

const args = process.argv.slice(2);
// --suites a,b: only these of the suites (a suite found flaky, run again after its fix).
const only = args.indexOf('--suites');
let suites = SUITES;
if (only >= 0) {
  suites = args[only + 1].split(',').filter(Boolean);
  args.splice(only, 2);
  if (!suites.length || suites.some((x) => !SUITES.includes(x))) throw new Error(`--suites takes some of: ${SUITES.join(',')}`);
}
let rounds = 10;
const i = args.indexOf('--rounds');
if (i >= 0) {
  rounds = Number(args[i + 1]);
  args.splice(i, 2);
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a whole number above 0');
}

function haveStressNg() {
  return spawnSync('stress-ng', ['--version'], { stdio: 'ignore' }).status === 0;
}

if (!haveStressNg()) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  if (root && existsSync('/etc/debian_version')) {
    process.stderr.write("stress-ng is missing: installing Debian's stress-ng package...\n");
    execSync('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq stress-ng', { stdio: 'inherit' });
  } else {
    process.stderr.write('npm run test:stress needs stress-ng: sudo apt-get install -y stress-ng (Debian/Ubuntu), brew install stress-ng (macOS)\n');
    process.exit(2);
  }
}

const load = spawn('stress-ng', ['--cpu', String(cpus().length), '--timeout', '6h', '--quiet'], { stdio: 'ignore' });
const stopLoad = () => {
  try {
    load.kill('SIGTERM');
  } catch {
    // already gone
  }
};
process.on('exit', stopLoad);
process.on('SIGINT', () => process.exit(130));

const results = [];
for (let round = 1; round <= rounds; round++) {
  process.stderr.write(`\n=== test:stress round ${round} of ${rounds} (stress-ng on ${cpus().length} cores) ===\n`);
  const r = spawnSync('npx', ['jest', ...suites, ...args], { stdio: 'inherit', env: process.env });
  results.push({ round, green: r.status === 0 });
}
stopLoad();

const green = results.filter((r) => r.green).length;
mkdirSync(join(__dirname, '..', 'artifacts'), { recursive: true });
writeFileSync(join(__dirname, '..', 'artifacts', 'stress.json'), JSON.stringify({ at: new Date().toISOString(), suites, rounds, green, results }, null, 2));
process.stdout.write(`\ntest:stress: ${green} of ${rounds} rounds green under stress-ng (${suites.join(', ')})\n`);
process.exit(green === rounds ? 0 : 1);
