/**
 * The firm's accounts in the SQLite file (see account-store.ts): attorneys, sessions, API tokens,
 * and failed sign-ins per address. Only hashes are kept. Unique constraints make "create once" a
 * plain INSERT OR IGNORE; every step of a sign-in attempt (reserve, fail, pass) and every count
 * per address is one conditional statement (or one immediate transaction), so attempts at once
 * cannot both pass a check that only one may.
 */
import type Database from 'better-sqlite3';
import { scopesOf, type AccountStore, type ApiToken, type Attorney, type LoginRules, type Session } from './account-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS attorneys (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  login_attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at TEXT
);
CREATE TABLE IF NOT EXISTS sessions (
  id_hash TEXT PRIMARY KEY,
  attorney_id TEXT NOT NULL,
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_expires ON sessions (expires_at);
CREATE TABLE IF NOT EXISTS api_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  last_used_at TEXT,
  revoked_at TEXT,
  scopes TEXT
);
CREATE TABLE IF NOT EXISTS login_failures (
  key TEXT NOT NULL,
  window_start TEXT NOT NULL,
  count INTEGER NOT NULL,
  expires_at TEXT NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX IF NOT EXISTS login_failures_expires ON login_failures (expires_at);
`;

/**
 * Columns added since the first release, with what an existing row gets. login_attempts counts
 * failures plus attempts being checked: for a row from before, that is its failures.
 * api_tokens.scopes stays NULL on old rows: a token from before scopes (scopesOf).
 */
const ADDED: Array<[table: string, column: string, decl: string, fill: string | null]> = [
  ['attorneys', 'login_attempts', 'INTEGER NOT NULL DEFAULT 0', 'UPDATE attorneys SET login_attempts = failed_logins'],
  ['attorneys', 'last_attempt_at', 'TEXT', null],
  ['api_tokens', 'scopes', 'TEXT', null],
];

type Row = Record<string, unknown>;

function toAttorney(r: Row): Attorney {
  return {
    id: r.id as string,
    email: r.email as string,
    name: (r.name as string | null) ?? null,
    passwordHash: r.password_hash as string,
    createdAt: r.created_at as string,
    failedLogins: r.failed_logins as number,
    lockedUntil: (r.locked_until as string | null) ?? null,
    disabled: r.disabled === 1,
  };
}

function toSession(r: Row): Session {
  return {
    idHash: r.id_hash as string,
    attorneyId: r.attorney_id as string,
    csrfToken: r.csrf_token as string,
    createdAt: r.created_at as string,
    expiresAt: r.expires_at as string,
  };
}

function toToken(r: Row): ApiToken {
  return {
    id: r.id as string,
    name: r.name as string,
    tokenHash: r.token_hash as string,
    createdAt: r.created_at as string,
    lastUsedAt: (r.last_used_at as string | null) ?? null,
    revokedAt: (r.revoked_at as string | null) ?? null,
    scopes: scopesOf(r.scopes as string | null),
  };
}

export class SqliteAccountStore implements AccountStore {
  constructor(private readonly db: Database.Database) {
    db.transaction(() => {
      db.exec(SCHEMA);
      for (const [table, column, decl, fill] of ADDED) {
        const have = (db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).some((c) => c.name === column);
        if (have) continue;
        db.exec(`ALTER TABLE ${table} ADD COLUMN ${column} ${decl}`);
        if (fill) db.exec(fill);
      }
    }).immediate();
  }

  async createAttorney(a: Attorney): Promise<'created' | 'exists'> {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO attorneys (id, email, name, password_hash, created_at, failed_logins, locked_until, disabled, login_attempts)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.email.toLowerCase(), a.name, a.passwordHash, a.createdAt, a.failedLogins, a.lockedUntil, a.disabled ? 1 : 0, a.failedLogins);
    return r.changes === 1 ? 'created' : 'exists';
  }

  async findAttorneyByEmail(email: string): Promise<Attorney | null> {
    const r = this.db.prepare('SELECT * FROM attorneys WHERE email = ?').get(email.toLowerCase()) as Row | undefined;
    return r ? toAttorney(r) : null;
  }

  async getAttorney(id: string): Promise<Attorney | null> {
    const r = this.db.prepare('SELECT * FROM attorneys WHERE id = ?').get(id) as Row | undefined;
    return r ? toAttorney(r) : null;
  }

  async listAttorneys(): Promise<Attorney[]> {
    return (this.db.prepare('SELECT * FROM attorneys ORDER BY email').all() as Row[]).map(toAttorney);
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    // A reset is what a firm does when a password may be known to someone else: whoever signed in
    // with the old one is signed out, in the same transaction.
    const reset = this.db.transaction(() => {
      const r = this.db
        .prepare('UPDATE attorneys SET password_hash = ?, failed_logins = 0, locked_until = NULL, login_attempts = 0, last_attempt_at = NULL WHERE id = ?')
        .run(passwordHash, id);
      this.db.prepare('DELETE FROM sessions WHERE attorney_id = ?').run(id);
      return r.changes === 1;
    });
    return reset.immediate();
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = this.db.prepare('UPDATE attorneys SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
    return r.changes === 1;
  }

  async reserveLoginAttempt(id: string, rules: LoginRules): Promise<'reserved' | 'locked'> {
    const reserve = this.db.transaction(() => {
      // A lock that has run out, or reservations nobody settled for a lock's time: a fresh count.
      this.db
        .prepare(
          `UPDATE attorneys SET failed_logins = 0, login_attempts = 0, locked_until = NULL
           WHERE id = ? AND ((locked_until IS NOT NULL AND locked_until <= ?)
             OR (locked_until IS NULL AND login_attempts >= ? AND (last_attempt_at IS NULL OR last_attempt_at <= ?)))`,
        )
        .run(id, rules.now, rules.maxFailures, rules.staleBefore);
      return this.db
        .prepare('UPDATE attorneys SET login_attempts = login_attempts + 1, last_attempt_at = ? WHERE id = ? AND locked_until IS NULL AND login_attempts < ?')
        .run(rules.now, id, rules.maxFailures).changes;
    });
    return reserve.immediate() === 1 ? 'reserved' : 'locked';
  }

  async failLoginAttempt(id: string, rules: LoginRules): Promise<{ failures: number; locked: boolean }> {
    const fail = this.db.transaction(() => {
      // The reservation stays in login_attempts: it has become a failure.
      const r = this.db.prepare('UPDATE attorneys SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins').get(id) as Row | undefined;
      const failures = (r?.failed_logins as number | undefined) ?? 0;
      const locked =
        failures >= rules.maxFailures &&
        this.db
          .prepare('UPDATE attorneys SET locked_until = ? WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)')
          .run(rules.lockUntil, id, rules.now).changes === 1;
      return { failures, locked };
    });
    return fail.immediate();
  }

  async passLoginAttempt(id: string, rules: Pick<LoginRules, 'now'>): Promise<'signed_in' | 'locked'> {
    // SET reads the row as it was: this attempt's reservation and the failures before it go back.
    const r = this.db
      .prepare(
        `UPDATE attorneys SET login_attempts = MAX(0, login_attempts - failed_logins - 1), failed_logins = 0
         WHERE id = ? AND (locked_until IS NULL OR locked_until <= ?)`,
      )
      .run(id, rules.now);
    return r.changes === 1 ? 'signed_in' : 'locked';
  }

  async addLoginFailure(key: string, window: string, below: number, expiresAt: string): Promise<boolean> {
    if (below < 1) return false;
    const r = this.db
      .prepare(
        `INSERT INTO login_failures (key, window_start, count, expires_at) VALUES (?, ?, 1, ?)
         ON CONFLICT (key, window_start) DO UPDATE SET count = count + 1 WHERE count < ?`,
      )
      .run(key, window, expiresAt, below);
    return r.changes === 1;
  }

  async loginFailures(key: string, window: string): Promise<number> {
    const r = this.db.prepare('SELECT count FROM login_failures WHERE key = ? AND window_start = ?').get(key, window) as Row | undefined;
    return (r?.count as number | undefined) ?? 0;
  }

  async removeLoginFailure(key: string, window: string): Promise<void> {
    this.db.prepare('UPDATE login_failures SET count = count - 1 WHERE key = ? AND window_start = ? AND count > 0').run(key, window);
  }

  async deleteExpiredLoginFailures(now: string): Promise<number> {
    return this.db.prepare('DELETE FROM login_failures WHERE expires_at <= ?').run(now).changes;
  }

  async createSession(s: Session): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (id_hash, attorney_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)')
      .run(s.idHash, s.attorneyId, s.csrfToken, s.createdAt, s.expiresAt);
  }

  async getSession(idHash: string): Promise<Session | null> {
    const r = this.db.prepare('SELECT * FROM sessions WHERE id_hash = ?').get(idHash) as Row | undefined;
    return r ? toSession(r) : null;
  }

  async deleteSession(idHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
  }

  async deleteExpiredSessions(now: string): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
  }

  async createApiToken(t: ApiToken): Promise<'created' | 'exists'> {
    const r = this.db
      .prepare('INSERT OR IGNORE INTO api_tokens (id, name, token_hash, created_at, last_used_at, revoked_at, scopes) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(t.id, t.name, t.tokenHash, t.createdAt, t.lastUsedAt, t.revokedAt, t.scopes.join(','));
    return r.changes === 1 ? 'created' : 'exists';
  }

  async findApiToken(tokenHash: string): Promise<ApiToken | null> {
    const r = this.db.prepare('SELECT * FROM api_tokens WHERE token_hash = ?').get(tokenHash) as Row | undefined;
    return r ? toToken(r) : null;
  }

  async listApiTokens(): Promise<ApiToken[]> {
    return (this.db.prepare('SELECT * FROM api_tokens ORDER BY name').all() as Row[]).map(toToken);
  }

  async revokeApiToken(name: string, at: string): Promise<boolean> {
    const r = this.db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL').run(at, name);
    return r.changes === 1;
  }

  async touchApiToken(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(at, id);
  }
}

export function createSqliteAccountStore(db: Database.Database): AccountStore {
  return new SqliteAccountStore(db);
}
