/**
 * Accounts written by the previous release, opened by this one, on each store: an API token
 * stored before tokens had scopes keeps reading and writing (as it could when it was issued), and
 * an account's failed sign-ins counted before attempts were reserved still count against its
 * lock-out.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { LoginRules } from '../src/store/account-store';
import { openStores, type Stores } from '../src/store/open';
import { scratchDatabases } from './support/mongo-server';

const KEYS = [{ id: 'k1', key: randomBytes(32) }];
const AT = '2026-11-28T07:00:00.000Z';
const RULES: LoginRules = { now: AT, maxFailures: 3, lockUntil: '2026-11-28T07:15:00.000Z', staleBefore: '2026-11-28T06:45:00.000Z' };
const databases = scratchDatabases('upgrade');

/** What the previous release's store made (the tables' columns then). */
const OLD_SQLITE = `
CREATE TABLE attorneys (
  id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT, password_hash TEXT NOT NULL, created_at TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0, locked_until TEXT, disabled INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, token_hash TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT
);
INSERT INTO attorneys VALUES ('a1', 'ann@firm.example', 'Ann', 'scrypt$x', '${AT}', 2, NULL, 0);
INSERT INTO api_tokens VALUES ('t1', 'crm', 'hash-1', '${AT}', NULL, NULL);
`;

const BACKENDS: Array<[string, () => Promise<Stores>]> = [
  [
    'SQLite',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'upgrade-'));
      const old = new Database(join(dir, 'intake.sqlite'));
      old.exec(OLD_SQLITE);
      old.close();
      return openStores({ mongodbUri: null, dataDir: dir, keys: KEYS });
    },
  ],
  [
    'MongoDB',
    async () => {
      const uri = databases.fresh('old');
      const db = databases.db(uri);
      await db.collection('attorneys').insertOne({
        _id: 'a1' as never,
        schemaVersion: 1,
        email: 'ann@firm.example',
        name: 'Ann',
        passwordHash: 'scrypt$x',
        createdAt: AT,
        failedLogins: 2,
        lockedUntil: null,
        disabled: false,
      });
      await db
        .collection('apiTokens')
        .insertOne({ _id: 't1' as never, schemaVersion: 1, name: 'crm', tokenHash: 'hash-1', createdAt: AT, lastUsedAt: null, revokedAt: null });
      return openStores({ mongodbUri: uri, dataDir: mkdtempSync(join(tmpdir(), 'unused-')), keys: KEYS });
    },
  ],
];

describe.each(BACKENDS)('accounts of the previous release on %s', (_name, open) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await open();
  });
  afterEach(() => stores.close());

  it('reads a token stored without scopes as read and write', async () => {
    expect(await stores.accounts.findApiToken('hash-1')).toMatchObject({ name: 'crm', scopes: ['read', 'write'] });
    // A token issued now keeps what it was given.
    await stores.accounts.createApiToken({ id: 't2', name: 'report', tokenHash: 'hash-2', createdAt: AT, lastUsedAt: null, revokedAt: null, scopes: ['read'] });
    expect((await stores.accounts.findApiToken('hash-2'))!.scopes).toEqual(['read']);
  });

  it('counts the failures an account had against its lock-out', async () => {
    expect(await stores.accounts.getAttorney('a1')).toMatchObject({ failedLogins: 2, lockedUntil: null });
    expect(await stores.accounts.reserveLoginAttempt('a1', RULES)).toBe('reserved');
    expect(await stores.accounts.reserveLoginAttempt('a1', RULES)).toBe('locked');
    expect(await stores.accounts.passLoginAttempt('a1', RULES)).toBe('signed_in');
    expect(await stores.accounts.getAttorney('a1')).toMatchObject({ failedLogins: 0, lockedUntil: null });
    for (let i = 0; i < 3; i++) expect(await stores.accounts.reserveLoginAttempt('a1', RULES)).toBe('reserved');
  });
});
