/**
 * The firm's accounts: attorneys who sign in to the dashboard, their sessions, and the API tokens
 * of integrations. Only hashes of passwords, session ids and tokens are kept. A store only
 * stores: hashing, lock-out rules and expiry are decided in src/dashboard/auth.ts and
 * src/api/tokens.ts. Adapters: sqlite-accounts.ts, mongo-accounts.ts.
 *
 * Sign-in attempts are reserved here before a password is checked, each by one atomic update, so
 * that several checks at once (or several instances on one database) cannot get past the lock-out:
 * an account counts its failures and the attempts being checked, and refuses another once they
 * reach the limit. Failed sign-ins per address are counted here too, for the same reason.
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
  /**
   * What the token may do. A token stored before tokens had scopes has none recorded and reads as
   * both (it could do everything when it was issued).
   */
  scopes: ApiScope[];
}

export const API_SCOPES = ['read', 'write'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/**
 * Scopes as stored ("read,write" or an array). Nothing stored (null, a missing field) is a token
 * issued before scopes existed: it keeps both, as it had then, so no integration stops on upgrade.
 */
export function scopesOf(stored: string | readonly string[] | null | undefined): ApiScope[] {
  if (stored == null) return [...API_SCOPES];
  const list = typeof stored === 'string' ? stored.split(',') : stored;
  return API_SCOPES.filter((s) => list.includes(s));
}

/** The lock-out rules an attempt is reserved and settled under (from the configuration). */
export interface LoginRules {
  /** ISO time of the attempt. */
  now: string;
  /** LOGIN_MAX_FAILURES: failures, and attempts being checked, that an account allows. */
  maxFailures: number;
  /** When a lock made now would end (now + LOCKOUT_MINUTES). */
  lockUntil: string;
  /**
   * Reservations made before this (now - LOCKOUT_MINUTES) and never settled (an instance died
   * during the check) no longer hold the account: it is free again, as after a lock.
   */
  staleBefore: string;
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
  /**
   * Before a password is checked, one atomic update: the attempt is counted against the account,
   * or refused ('locked') when the account is locked or its failures plus the attempts being
   * checked have reached rules.maxFailures. A lock that has run out (or reservations left stale)
   * starts a fresh count.
   */
  reserveLoginAttempt(id: string, rules: LoginRules): Promise<'reserved' | 'locked'>;
  /**
   * A reserved attempt had a wrong password: it stays counted, as a failure. When the failures
   * reach rules.maxFailures the account is locked until rules.lockUntil (`locked`: by this one).
   */
  failLoginAttempt(id: string, rules: LoginRules): Promise<{ failures: number; locked: boolean }>;
  /**
   * A reserved attempt had the right password: its reservation is given back and the failures are
   * cleared, unless the account is locked (a lock once earned is never lifted by a success):
   * then nothing changes and the answer is 'locked'.
   */
  passLoginAttempt(id: string, rules: Pick<LoginRules, 'now'>): Promise<'signed_in' | 'locked'>;

  /**
   * Failed sign-ins per address, by window: adds one to (key, window) when its count is below
   * `below`, atomically, and says whether it did. The key is an HMAC of the address, not the
   * address; `expiresAt` is when the count may be deleted.
   */
  addLoginFailure(key: string, window: string, below: number, expiresAt: string): Promise<boolean>;
  /** The count of (key, window); 0 when there is none. */
  loginFailures(key: string, window: string): Promise<number>;
  /** Gives one back (a sign-in that turned out right); never below 0. */
  removeLoginFailure(key: string, window: string): Promise<void>;
  /** Deletes the counts expired at `now`; returns how many. */
  deleteExpiredLoginFailures(now: string): Promise<number>;

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
