/**
 * A real clamd for the tests, of their own: started in the foreground with a configuration in a
 * temporary folder (its socket there, its signature database there holding only the EICAR test
 * signature, since the public signature mirror is out of reach), waited for, stopped afterwards.
 * No clamd on the machine: the test fails with words saying what to install (scripts/ensure-clamav.js
 * installs it as root on Debian before `npm test`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clamdAnswers } from '../../src/documents/clamd';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { findClamd, HOW_TO_GET } = require('../../scripts/clamd-path') as { findClamd(): string | null; HOW_TO_GET: string };

/** The EICAR anti-malware test file (68 bytes): harmless, detected by every scanner by convention. */
export const EICAR = Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*', 'latin1');
/** Its MD5 hash signature (ClamAV .hdb: hash:size:name): the file alone. */
const EICAR_HDB = '44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n';
/**
 * Its body signature (ClamAV .ndb: name:target:offset:hex), anywhere in a file of any type: a PDF
 * or a photo carrying it passes the type checks and must be stopped by the scan.
 */
const EICAR_NDB = `Eicar-Test-Signature-Body:0:*:${EICAR.toString('hex')}\n`;

const READY_WITHIN_MS = 60_000;

export interface TestClamd {
  socket: string;
  stop(): Promise<void>;
  output(): string;
}

export async function startClamd(): Promise<TestClamd> {
  const bin = findClamd();
  if (!bin) throw new Error(`clamd is not installed, so the malware scanning tests cannot run. ${HOW_TO_GET}`);
  const dir = mkdtempSync(join(tmpdir(), 'clamd-'));
  const db = join(dir, 'db');
  mkdirSync(db);
  writeFileSync(join(db, 'eicar.hdb'), EICAR_HDB);
  writeFileSync(join(db, 'eicar.ndb'), EICAR_NDB);
  const socket = join(dir, 'clamd.sock');
  const conf = join(dir, 'clamd.conf');
  writeFileSync(
    conf,
    [
      'Foreground yes',
      `LocalSocket ${socket}`,
      `DatabaseDirectory ${db}`,
      `TemporaryDirectory ${dir}`,
      'LogTime no',
      'LogVerbose no',
      // Larger than the largest document we take (20 MB by default), so big files are scanned whole.
      'StreamMaxLength 64M',
      // Run as whoever runs the tests (root in CI): clamd would otherwise drop to the clamav user, who cannot reach the temp folder.
      ...(process.getuid?.() === 0 ? ['User root'] : []),
      '',
    ].join('\n'),
  );
  let out = '';
  const proc: ChildProcess = spawn(bin, ['--foreground', `--config-file=${conf}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const started = Date.now();
  for (;;) {
    if (proc.exitCode !== null || proc.signalCode !== null) {
      await stop();
      throw new Error(`clamd (${bin}) stopped at start:\n${out}\n${HOW_TO_GET}`);
    }
    if (await clamdAnswers({ socket }, 1_000)) break;
    if (Date.now() - started > READY_WITHIN_MS) {
      await stop();
      throw new Error(`clamd (${bin}) did not answer within ${READY_WITHIN_MS / 1000} s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { socket, stop, output: () => out };
}
