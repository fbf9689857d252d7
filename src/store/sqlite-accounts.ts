/**
 * The firm's accounts in the SQLite file (see account-store.ts): attorneys, sessions, API tokens.
 * Only hashes are kept. Unique constraints make "create once" a plain INSERT OR IGNORE, and a
 * failed sign-in is counted by one UPDATE, so two at once both count.
 */
import type Database from 'better-sqlite3';
import type { AccountStore, ApiToken, Attorney, Session } from './account-store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS attorneys (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  name TEXT,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  disabled INTEGER NOT NULL DEFAULT 0
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
  revoked_at TEXT
);
`;

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
  };
}

export class SqliteAccountStore implements AccountStore {
  constructor(private readonly db: Database.Database) {
    db.exec(SCHEMA);
  }

  async createAttorney(a: Attorney): Promise<'created' | 'exists'> {
    const r = this.db
      .prepare(
        `INSERT OR IGNORE INTO attorneys (id, email, name, password_hash, created_at, failed_logins, locked_until, disabled)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.id, a.email.toLowerCase(), a.name, a.passwordHash, a.createdAt, a.failedLogins, a.lockedUntil, a.disabled ? 1 : 0);
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
      const r = this.db.prepare('UPDATE attorneys SET password_hash = ?, failed_logins = 0, locked_until = NULL WHERE id = ?').run(passwordHash, id);
      this.db.prepare('DELETE FROM sessions WHERE attorney_id = ?').run(id);
      return r.changes === 1;
    });
    return reset.immediate();
  }

  async setDisabled(id: string, disabled: boolean): Promise<boolean> {
    const r = this.db.prepare('UPDATE attorneys SET disabled = ? WHERE id = ?').run(disabled ? 1 : 0, id);
    return r.changes === 1;
  }

  async recordLoginFailure(id: string): Promise<number> {
    const r = this.db.prepare('UPDATE attorneys SET failed_logins = failed_logins + 1 WHERE id = ? RETURNING failed_logins').get(id) as Row | undefined;
    return (r?.failed_logins as number | undefined) ?? 0;
  }

  async lockAttorney(id: string, until: string): Promise<void> {
    this.db.prepare('UPDATE attorneys SET locked_until = ? WHERE id = ?').run(until, id);
  }

  async clearLoginFailures(id: string): Promise<void> {
    this.db.prepare('UPDATE attorneys SET failed_logins = 0, locked_until = NULL WHERE id = ?').run(id);
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
      .prepare('INSERT OR IGNORE INTO api_tokens (id, name, token_hash, created_at, last_used_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(t.id, t.name, t.tokenHash, t.createdAt, t.lastUsedAt, t.revokedAt);
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
