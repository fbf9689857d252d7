/**
 * Dashboard sessions: the cookie holds 32 random bytes; the store keeps only their SHA-256, so a
 * copy of the database opens no session. Expiry is SESSION_HOURS from sign-in.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Request } from 'restify';
import type { Attorney, AccountStore, Session } from '../store/account-store';
import { readCookie, SESSION_COOKIE } from './cookies';
import { newToken } from './csrf';

export const sessionIdHash = (cookieValue: string) => createHash('sha256').update(cookieValue, 'utf8').digest('hex');

/** Starts a session; returns the cookie's value (never stored). */
export async function startSession(accounts: AccountStore, attorneyId: string, now: Date, hours: number): Promise<{ cookie: string; session: Session }> {
  const cookie = randomBytes(32).toString('base64url');
  const session: Session = {
    idHash: sessionIdHash(cookie),
    attorneyId,
    csrfToken: newToken(),
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + hours * 3_600_000).toISOString(),
  };
  await accounts.createSession(session);
  return { cookie, session };
}

export interface SignedIn {
  session: Session;
  attorney: Attorney;
}

/** The request's live session and its attorney (enabled), or null. */
export async function sessionOf(accounts: AccountStore, req: Request, now: Date): Promise<SignedIn | null> {
  const cookie = readCookie(req, SESSION_COOKIE);
  if (!cookie || !/^[A-Za-z0-9_-]{43}$/.test(cookie)) return null;
  const session = await accounts.getSession(sessionIdHash(cookie));
  if (!session || Date.parse(session.expiresAt) <= now.getTime()) return null;
  const attorney = await accounts.getAttorney(session.attorneyId);
  if (!attorney || attorney.disabled) return null;
  return { session, attorney };
}

export async function endSession(accounts: AccountStore, req: Request): Promise<void> {
  const cookie = readCookie(req, SESSION_COOKIE);
  if (cookie) await accounts.deleteSession(sessionIdHash(cookie));
}
