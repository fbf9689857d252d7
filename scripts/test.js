#!/usr/bin/env node
// `npm test`: the type check, then ESLint and Prettier's check, then the whole jest suite. A lint
// or format failure does not stop jest (CI's count still covers every test): each one is added
// to the failed count in artifacts/test-counts.json, which .ci/run reads, and fails the run.
// Arguments go to jest (npm test -- test/pdf.test.ts).
const { spawnSync } = require('node:child_process');
const { existsSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// A project that does not compile has nothing to count: .ci/run reports it as a failure.
if (run(npm, ['run', '-s', 'typecheck']) !== 0) process.exit(1);

const checks = [
  ['ESLint', run(npm, ['run', '-s', 'lint'])],
  ['Prettier', run(npm, ['run', '-s', 'format:check'])],
];
const counts = join(root, 'artifacts', 'test-counts.json');
// Only this run's counts are amended (jest's reporter writes them anew).
rmSync(counts, { force: true });
const jest = run(process.execPath, [require.resolve('jest/bin/jest'), ...process.argv.slice(2)]);

const failedChecks = checks.filter(([, status]) => status !== 0).map(([name]) => name);
if (failedChecks.length && existsSync(counts)) {
  const c = JSON.parse(readFileSync(counts, 'utf8'));
  writeFileSync(counts, JSON.stringify({ passed: c.passed, failed: c.failed + failedChecks.length }) + '\n');
}
if (failedChecks.length) process.stderr.write(`\nFailed before the tests: ${failedChecks.join(', ')} (npm run lint / npm run format)\n`);
process.exit(jest !== 0 || failedChecks.length ? 1 : 0);
