/**
 * `npm run attorney`, run as an operator runs it (its own process, the server's DATA_DIR): adding
 * accounts with the password on stdin, refusals with their exit codes, the list, and API tokens
 * that open the real API of a server on the same data, until revoked.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyPassword } from '../src/dashboard/password';
import { startTestServer } from './support/server';

// Each run starts ts-node (about a second or two).
jest.setTimeout(120_000);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function attorney(dataDir: string, args: string[], stdin = ''): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      'npm',
      ['run', '-s', 'attorney', '--', ...args],
      // Empty values: a developer's .env cannot point the CLI elsewhere than this test's folder.
      { cwd: join(__dirname, '..'), env: { ...process.env, DATA_DIR: dataDir, MONGODB_URI: '', ENCRYPTION_KEY: '', LOG_LEVEL: 'silent' } },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(stdin);
  });
}

describe('npm run attorney', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'attorney-cli-'));

  it('adds an account with the password from stdin, refuses a duplicate and a short password, and lists', async () => {
    const added = await attorney(dataDir, ['add', 'Ann.Lee@Example.com', '--name', 'Ann Lee'], 'a long enough password\n');
    expect(added).toMatchObject({ code: 0 });
    expect(added.stdout).toContain('added ann.lee@example.com');
    expect(added.stdout + added.stderr).not.toContain('a long enough password');

    const again = await attorney(dataDir, ['add', 'ann.lee@example.com'], 'another long password\n');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('ann.lee@example.com already has an account');
    expect(again.stderr).toContain('npm run attorney -- reset ann.lee@example.com');

    const short = await attorney(dataDir, ['add', 'bob@example.com'], 'too short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toContain('at least 12 characters');

    const none = await attorney(dataDir, ['add', 'carl@example.com'], '');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no password on stdin');

    const list = await attorney(dataDir, ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ann\.lee@example\.com\tAnn Lee\tactive\t/m);
    expect(list.stdout).not.toContain('bob@example.com');

    const usage = await attorney(dataDir, ['frobnicate']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown command "frobnicate"');
    expect(usage.stderr).toContain('usage: npm run attorney -- COMMAND');
  });

  it('resets a password, disables and enables an account', async () => {
    const reset = await attorney(dataDir, ['reset', 'ann.lee@example.com'], 'a brand new password\n');
    expect(reset.code).toBe(0);
    const disabled = await attorney(dataDir, ['disable', 'ann.lee@example.com']);
    expect(disabled.code).toBe(0);
    expect((await attorney(dataDir, ['list'])).stdout).toMatch(/\tdisabled\t/);
    expect((await attorney(dataDir, ['enable', 'ann.lee@example.com'])).code).toBe(0);
    const unknown = await attorney(dataDir, ['disable', 'nobody@example.com']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no account has the email nobody@example.com');

    const app = await startTestServer({}, { dataDir });
    try {
      const a = await app.parts.accounts.findAttorneyByEmail('ann.lee@example.com');
      expect(a).toMatchObject({ name: 'Ann Lee', disabled: false });
      expect(await verifyPassword('a brand new password', a!.passwordHash)).toBe(true);
      expect(await verifyPassword('a long enough password', a!.passwordHash)).toBe(false);
    } finally {
      await app.close();
    }
  });

  it('issues an API token once, read only unless asked, which opens GET /api/intakes of a server on the same data, until revoked', async () => {
    const issued = await attorney(dataDir, ['token', 'crm']);
    expect(issued.code).toBe(0);
    const token = issued.stdout.trim();
    expect(token).toMatch(/^pit_[\w-]{43}$/);
    expect(issued.stderr).toContain('shown once');
    expect(issued.stderr).toContain('scope read ');

    const duplicate = await attorney(dataDir, ['token', 'crm']);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const writer = await attorney(dataDir, ['token', 'pager', '--scope', 'write,read']);
    expect(writer.code).toBe(0);
    const writeToken = writer.stdout.trim();
    for (const wrong of [
      ['token', 'x', '--scope', 'admin'],
      ['token', 'x', '--scope', ''],
      ['tokens', '--scope', 'read'],
    ]) {
      const refused = await attorney(dataDir, wrong);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/scope/);
    }
    expect((await attorney(dataDir, ['--help'])).stdout).toMatch(/SCOPE is read\s+\(the default/);

    const tokens = await attorney(dataDir, ['tokens']);
    expect(tokens.stdout).toMatch(/^crm\tactive\tscope read\t/m);
    expect(tokens.stdout).toMatch(/^pager\tactive\tscope read,write\t/m);
    expect(tokens.stdout).not.toMatch(/^x\t/m);
    expect(tokens.stdout).not.toContain(token);

    const app = await startTestServer({}, { dataDir });
    try {
      const ok = await fetch(`${app.url}/api/intakes`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      expect(await ok.json()).toMatchObject({ items: [] });
      // Read only: a change is refused for its scope (before the intake is even looked for).
      const patch = (t: string) =>
        fetch(`${app.url}/api/intakes/no-such-intake`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
          body: '{"status":"claimed"}',
        });
      expect((await patch(token)).status).toBe(403);
      expect((await patch(writeToken)).status).toBe(404);

      const revoked = await attorney(dataDir, ['revoke', 'crm']);
      expect(revoked.code).toBe(0);
      const refused = await fetch(`${app.url}/api/intakes`, { headers: { authorization: `Bearer ${token}` } });
      expect(refused.status).toBe(401);
      expect((await attorney(dataDir, ['tokens'])).stdout).toMatch(/^crm\trevoked /m);
      const again = await attorney(dataDir, ['revoke', 'crm']);
      expect(again.code).toBe(1);
    } finally {
      await app.close();
    }
  });
});
