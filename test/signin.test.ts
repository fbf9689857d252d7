/**
 * signIn (src/dashboard/auth.ts) on each store, with its clock and its password check in the
 * test's hands: what one attempt after another does to the account's lock-out and to the address's
 * budget of failures, when the lock runs out, that an unknown email costs a check and a charge like
 * a known one, that a right password gives its charge back, and that the address is not stored.
 * Parallel attempts over HTTP: test/signin-race.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressBudget } from '../src/dashboard/address-budget';
import { signIn, type SignInDeps } from '../src/dashboard/auth';
import { verifyPassword } from '../src/dashboard/password';
import type { DashboardConfig } from '../src/config/env';
import { openStores, type Stores } from '../src/store/open';
import { createAttorney, PASSWORD } from './support/attorneys';
import { scratchDatabases } from './support/mongo-server';

const KEYS = [{ id: 'k1', key: randomBytes(32) }];
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** On an hour: the address's window starts here. */
const T0 = Date.parse('2026-11-28T07:00:00Z');
const IP = '203.0.113.77';
const CONFIG: DashboardConfig = { sessionHours: 12, maxFailures: 3, lockoutMinutes: 15, secureCookies: false };

const databases = scratchDatabases('signin');

const BACKENDS: Array<[string, () => Promise<{ stores: Stores; raw(): Promise<string> }>]> = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'signin-'));
      const stores = await openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
      return {
        stores,
        raw: async () =>
          readdirSync(dir)
            .map((f) => readFileSync(join(dir, f)).toString('latin1'))
            .join('\n'),
      };
    },
  ],
  [
    'MongoDB',
    async () => {
      const uri = databases.fresh('unit');
      const stores = await openStores({ mongodbUri: uri, dataDir: mkdtempSync(join(tmpdir(), 'unused-')), keys: KEYS });
      return {
        stores,
        raw: async () =>
          JSON.stringify(
            await Promise.all((await databases.db(uri).listCollections().toArray()).map((c) => databases.db(uri).collection(c.name).find().toArray())),
          ),
      };
    },
  ],
];

describe.each(BACKENDS)('signIn on %s', (_name, open) => {
  let stores: Stores;
  let raw: () => Promise<string>;
  let checks: string[];
  let deps: SignInDeps;
  const at = (ms: number) => new Date(ms);

  function depsWith(limit: number): SignInDeps {
    return {
      accounts: stores.accounts,
      audit: stores.handoff,
      config: CONFIG,
      budget: new AddressBudget({ accounts: stores.accounts, secret: 'test-secret', limit, windowMs: HOUR }),
      verify: async (password, hash) => {
        checks.push(password);
        return verifyPassword(password, hash);
      },
    };
  }

  beforeEach(async () => {
    ({ stores, raw } = await open());
    checks = [];
    deps = depsWith(30);
  });
  afterEach(() => stores.close());

  const attempt = (email: string, password: string, ms: number, ip = IP) => signIn(deps, { email, password, ip }, at(ms), ms);

  it('locks after LOGIN_MAX_FAILURES wrong passwords and checks no password while locked; the lock runs out into a fresh count', async () => {
    const ann = await createAttorney(stores.accounts);
    expect(await attempt(ann.email, 'wrong one', T0)).toEqual({ outcome: 'failed' });
    expect(await attempt(ann.email, 'wrong two', T0 + MINUTE)).toEqual({ outcome: 'failed' });
    expect(await attempt(ann.email, 'wrong three', T0 + 2 * MINUTE)).toEqual({ outcome: 'locked' });
    expect((await stores.accounts.getAttorney(ann.id))!.lockedUntil).toBe(new Date(T0 + 17 * MINUTE).toISOString());
    // Locked: even the right password is refused, and not looked at.
    expect(await attempt(ann.email, PASSWORD, T0 + 16 * MINUTE)).toEqual({ outcome: 'locked' });
    expect(checks).toEqual(['wrong one', 'wrong two', 'wrong three']);
    // The lock has run out: a fresh count, and the right password signs in.
    expect(await attempt(ann.email, 'wrong four', T0 + 18 * MINUTE)).toEqual({ outcome: 'failed' });
    expect(await stores.accounts.getAttorney(ann.id)).toMatchObject({ failedLogins: 1, lockedUntil: null });
    expect(await attempt(ann.email, PASSWORD, T0 + 19 * MINUTE)).toMatchObject({ outcome: 'signed_in', attorney: { id: ann.id } });
    expect(await stores.accounts.getAttorney(ann.id)).toMatchObject({ failedLogins: 0, lockedUntil: null });
    const log = await stores.handoff.auditLog({ limit: 50 });
    expect(log.filter((e) => e.action === 'locked_out' && e.actor === ann.id)).toHaveLength(1);
    expect(log.filter((e) => e.action === 'sign_in_failed' && e.detail.reason === 'locked')).toHaveLength(1);
  });

  it('forgets failures at a success: LOGIN_MAX_FAILURES - 1 wrong, right, then as many wrong again before a lock', async () => {
    const bob = await createAttorney(stores.accounts);
    for (const [i, password] of ['wrong one', 'wrong two', PASSWORD, 'wrong three', 'wrong four'].entries()) {
      expect((await attempt(bob.email, password, T0 + i * MINUTE)).outcome).toBe(password === PASSWORD ? 'signed_in' : 'failed');
    }
    expect(await attempt(bob.email, 'wrong five', T0 + 5 * MINUTE)).toEqual({ outcome: 'locked' });
  });

  it('costs an unknown email and a disabled account one check and one charge, with the answer a wrong password gets', async () => {
    const carl = await createAttorney(stores.accounts);
    await stores.accounts.setDisabled(carl.id, true);
    deps = depsWith(2);
    expect(await attempt('nobody@example.com', 'guess one', T0)).toEqual({ outcome: 'failed' });
    expect(await attempt(carl.email, PASSWORD, T0 + MINUTE)).toEqual({ outcome: 'failed' });
    expect(checks).toEqual(['guess one', PASSWORD]);
    // Both were charged to the address: the third attempt is not looked at.
    expect(await attempt('nobody@example.com', 'guess two', T0 + 2 * MINUTE)).toMatchObject({ outcome: 'too_many' });
    expect(checks).toHaveLength(2);
    // Another address has its own budget.
    expect(await attempt('nobody@example.com', 'guess three', T0 + 2 * MINUTE, '198.51.100.1')).toEqual({ outcome: 'failed' });
  });

  it('refuses an address over its budget before any check, says for how long, and a right password gives its charge back', async () => {
    const dan = await createAttorney(stores.accounts);
    const others = [await createAttorney(stores.accounts), await createAttorney(stores.accounts), await createAttorney(stores.accounts)];
    deps = depsWith(3);
    // Signing in right costs nothing.
    for (let i = 0; i < 4; i++) expect((await attempt(dan.email, PASSWORD, T0 + i * MINUTE)).outcome).toBe('signed_in');
    // One wrong password on each of three accounts (none locked by it).
    for (const [i, other] of others.entries()) expect((await attempt(other.email, 'wrong password', T0 + (10 + i) * MINUTE)).outcome).toBe('failed');
    const refused = await attempt(dan.email, PASSWORD, T0 + 20 * MINUTE);
    // Three failures in this hour's window: one more once the window is over (40 minutes, and a second).
    expect(refused).toEqual({ outcome: 'too_many', retryAfterSeconds: 40 * 60 + 1 });
    const seen = checks.length;
    expect(await attempt(dan.email, PASSWORD, T0 + 60 * MINUTE)).toMatchObject({ outcome: 'too_many' });
    expect(checks).toHaveLength(seen);
    // Past it, the previous window's three weigh a little less than three: one more, not two.
    expect((await attempt(dan.email, PASSWORD, T0 + 60 * MINUTE + 1000)).outcome).toBe('signed_in');
    expect((await attempt(others[0].email, 'wrong again', T0 + 60 * MINUTE + 2000)).outcome).toBe('failed');
    expect(await attempt(dan.email, PASSWORD, T0 + 60 * MINUTE + 3000)).toMatchObject({ outcome: 'too_many' });
    // A third of the way on, the previous window counts for two: room again for one.
    expect((await attempt(dan.email, PASSWORD, T0 + 80 * MINUTE + 1000)).outcome).toBe('signed_in');
  });

  it('keeps no address in the store, only a keyed hash of it, and deletes the counts once expired', async () => {
    await attempt('nobody@example.com', 'guess', T0);
    const budget = deps.budget;
    expect(await stores.accounts.loginFailures(budget.keyOf(IP), new Date(T0).toISOString())).toBe(1);
    expect(await raw()).not.toContain(IP);
    expect(budget.keyOf(IP)).not.toBe(new AddressBudget({ accounts: stores.accounts, secret: 'another', limit: 1, windowMs: HOUR }).keyOf(IP));
    // Two windows on, the next charge sweeps it away.
    await attempt('nobody@example.com', 'guess', T0 + 2 * HOUR, '198.51.100.1');
    expect(await stores.accounts.loginFailures(budget.keyOf(IP), new Date(T0).toISOString())).toBe(0);
  });
});
