/**
 * The firm's accounts: attorneys who sign in to the dashboard, their sessions, and the API tokens
 * of integrations. Only hashes of passwords, session ids and tokens are kept. A store only
 * stores: hashing, lock-out rules and expiry are decided in src/dashboard/auth.ts and
 * src/api/tokens.ts. Adapters: sqlite-accounts.ts, mongo-accounts.ts.
 */

export interface Attorney {
  id: string;
  /** Lower-cased; unique. */
  email: string;
  name: string | null;
  /** A PHC-like string from src/dashboard/password.ts (scrypt). */
  passwordHash: string;
  createdAt: string;
  /** Failed sign-ins since the last success. */
  failedLogins: number;
  lockedUntil: string | null;
  disabled: boolean;
}

export interface Session {
  /** SHA-256 of the cookie's value: the cookie alone opens it. */
  idHash: string;
  attorneyId: string;
  /** The CSRF token every form of this session carries. */
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
}

export interface ApiToken {
  id: string;
  /** Unique. */
  name: string;
  /** SHA-256 of the token. */
  tokenHash: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface AccountStore {
  /** 'exists' (and no change) when the email has an account. */
  createAttorney(a: Attorney): Promise<'created' | 'exists'>;
  findAttorneyByEmail(email: string): Promise<Attorney | null>;
  getAttorney(id: string): Promise<Attorney | null>;
  listAttorneys(): Promise<Attorney[]>;
  /** A new password (a reset): failures and lock-out cleared, and every open session of the account ended. */
  setPassword(id: string, passwordHash: string): Promise<boolean>;
  setDisabled(id: string, disabled: boolean): Promise<boolean>;
  /** Counts a failed sign-in atomically; returns the count after it. */
  recordLoginFailure(id: string): Promise<number>;
  lockAttorney(id: string, until: string): Promise<void>;
  /** A successful sign-in: count and lock cleared. */
  clearLoginFailures(id: string): Promise<void>;

  createSession(s: Session): Promise<void>;
  getSession(idHash: string): Promise<Session | null>;
  deleteSession(idHash: string): Promise<void>;
  /** Removes sessions expired at `now`; returns how many. */
  deleteExpiredSessions(now: string): Promise<number>;

  /** 'exists' (and no change) when a token has this name. */
  createApiToken(t: ApiToken): Promise<'created' | 'exists'>;
  findApiToken(tokenHash: string): Promise<ApiToken | null>;
  listApiTokens(): Promise<ApiToken[]>;
  revokeApiToken(name: string, at: string): Promise<boolean>;
  touchApiToken(id: string, at: string): Promise<void>;
}
