/**
 * Writes the stored-conversation fixtures of the current interview version:
 *
 *   npx ts-node --transpile-only scripts/make-snapshot-fixtures.ts
 *
 * into test/fixtures/snapshots/v<INTERVIEW_VERSION>/, one JSON file per conversation defined in
 * test/support/snapshot-fixtures.ts (the snapshot exactly as the engine hands it to the store).
 * Run it once per interview version, when you raise INTERVIEW_VERSION (dialogs/interview-version.ts),
 * and commit the files. The fixtures of a version are then frozen: later releases must load them
 * (test/snapshots.test.ts), so the script refuses to touch a version that already has fixtures.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERVIEW_VERSION } from '../dialogs/interview-version';
import { FIXTURES_DIR, FIXTURE_SCRIPTS, makeFixture } from '../test/support/snapshot-fixtures';

const dir = join(FIXTURES_DIR, `v${INTERVIEW_VERSION}`);
if (existsSync(dir)) {
  console.error(`${dir} exists: the fixtures of interview version ${INTERVIEW_VERSION} are frozen. Raise INTERVIEW_VERSION for new ones.`);
  process.exit(1);
}
mkdirSync(dir, { recursive: true });
// package.json is outside rootDir for an import; read as data.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const release: string = require('../package.json').version;
for (const script of FIXTURE_SCRIPTS) {
  const fixture = makeFixture(script, { interview: INTERVIEW_VERSION, release });
  writeFileSync(join(dir, `${script.name}.json`), JSON.stringify(fixture, null, 2) + '\n');
  console.log(`${script.name}: asking ${fixture.asking ?? '(nothing)'}`);
}
