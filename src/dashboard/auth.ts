/**
 * Signing in: the password check, the lock-out after repeated failures, the failures allowed per
 * address, and the audit of each attempt.
 *
 * Every attempt is paid for BEFORE its password is checked, in the store, atomically: first the
 * address's budget of failures (address-budget.ts), then a reservation on the account
 * (AccountStore.reserveLoginAttempt), refused once the failures and the attempts being checked
 * reach LOGIN_MAX_FAILURES or while the account is locked. So attempts sent all at once (or to
 * several instances) get no more checks than attempts sent one by one. A right password gives the
 * reservation and the address's charge back; it never lifts a lock that was earned.
 *
 * An unknown or disabled email costs one scrypt like a known one, is charged to the address, and
 * gets the same answer, so neither the answer nor its time tells which emails have accounts. The
 * audit names the attorney's id, never the password nor an unknown account's typed email.
 */
import type { AccountStore, Attorney, LoginRules } from '../store/account-store';
import type { HandoffStore } from '../store/handoff-store';
import type { DashboardConfig } from '../config/env';
import type { AddressBudget } from './address-budget';
import { dummyHash, verifyPassword } from './password';

export type SignInResult =
  { outcome: 'signed_in'; attorney: Attorney } | { outcome: 'failed' } | { outcome: 'locked' } | { outcome: 'too_many'; retryAfterSeconds: number };

export interface SignInDeps {
  accounts: AccountStore;
  audit: HandoffStore;
  config: DashboardConfig;
  /** Failed sign-ins per address, shared through the store. */
  budget: AddressBudget;
  /** The password check (password.ts); tests count the checks through it. */
  verify?: (password: string, hash: string) => Promise<boolean>;
}

export interface Attempt {
  email: string;
  password: string;
  /** The client's address (src/limits/client-ip.ts). */
  ip: string;
}

export async function signIn(deps: SignInDeps, attempt: Attempt, now: Date, addressNowMs: number = now.getTime()): Promise<SignInResult> {
  const { accounts, audit, config, budget } = deps;
  const verify = deps.verify ?? verifyPassword;
  const at = now.toISOString();
  const record = (actor: string, action: string, detail: Record<string, string | number | null> = {}) =>
    audit.audit({ at, actor, action, intakeId: null, detail });
  const lockMs = config.lockoutMinutes * 60_000;
  const rules: LoginRules = {
    now: at,
    maxFailures: config.maxFailures,
    lockUntil: new Date(now.getTime() + lockMs).toISOString(),
    staleBefore: new Date(now.getTime() - lockMs).toISOString(),
  };

  // Over the address's budget, no password is looked at, whichever the account.
  const charge = await budget.charge(attempt.ip, addressNowMs);
  if (!charge.allowed) return { outcome: 'too_many', retryAfterSeconds: charge.retryAfterSeconds };

  const email = attempt.email.trim().toLowerCase();
  const found = email ? await accounts.findAttorneyByEmail(email) : null;
  const attorney = found && !found.disabled ? found : null;
  if (attorney && (await accounts.reserveLoginAttempt(attorney.id, rules)) === 'locked') {
    // Refused even with the right password, which is not checked: the lock is what stops a guesser.
    await record(attorney.id, 'sign_in_failed', { reason: 'locked' });
    return { outcome: 'locked' };
  }

  const ok = await verify(attempt.password, attorney?.passwordHash ?? (await dummyHash()));
  if (!attorney) {
    // A disabled account is named by its id; an unknown email is not recorded at all.
    await record(found ? found.id : 'anonymous', 'sign_in_failed', { reason: found ? 'disabled' : 'unknown_account' });
    return { outcome: 'failed' };
  }
  if (!ok) {
    const { failures, locked } = await accounts.failLoginAttempt(attorney.id, rules);
    await record(attorney.id, 'sign_in_failed', { reason: 'password', failures });
    if (locked) {
      await record(attorney.id, 'locked_out', { until: rules.lockUntil, failures });
      return { outcome: 'locked' };
    }
    return { outcome: 'failed' };
  }
  // The right password is not a failure of this address, locked account or not.
  await charge.refund();
  if ((await accounts.passLoginAttempt(attorney.id, rules)) === 'locked') {
    await record(attorney.id, 'sign_in_failed', { reason: 'locked' });
    return { outcome: 'locked' };
  }
  await record(attorney.id, 'signed_in');
  return { outcome: 'signed_in', attorney };
}

export const DEFAULT_NEXT = '/intakes';
const MAX_NEXT_LENGTH = 500;
/** A stand-in origin to resolve a path against: whatever it resolves to must stay on it. */
const SITE = 'http://dashboard.invalid';

export type Next = { ok: true; path: string } | { ok: false; problem: string };

/**
 * Where to go after signing in, as a link or the form gave it: nothing (the queue), or a path of
 * this site, exactly as a browser sends one. Anything else is refused (a 400), not quietly
 * replaced: a link that asks for something else was made by someone else.
 *
 * The value is read once decoded (the query string's or the form's encoding), so a path of ours
 * arrives still percent-encoded and in printable ASCII. A raw "/。/evil" cannot even go into a
 * Location header (Node throws: that was a 500), and no page of ours links to one. Decoded once
 * more, it must still be a plain path: browsers and proxies that decode before they resolve must
 * not find "//host", a backslash, a control character, or a look-alike of "." or "/" in it.
 */
export function parseNext(next: unknown): Next {
  const bad = (problem: string): Next => ({ ok: false, problem });
  if (next === undefined || next === '') return { ok: true, path: DEFAULT_NEXT };
  if (typeof next !== 'string') return bad('given more than once');
  if (next.length > MAX_NEXT_LENGTH) return bad('too long');
  if (!/^[\x21-\x7e]+$/.test(next)) return bad('not printable ASCII');
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return bad('not a path of this site');
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return bad('broken percent-encoding');
  }
  if (!/^[\x20-\x7e]*$/.test(decoded) || decoded.startsWith('//') || decoded.includes('\\'))
    return bad('encoded characters that are not part of a path of this site');
  const url = new URL(next, SITE);
  if (url.origin !== SITE) return bad('not a path of this site');
  // Back to the sign-in page would go round in circles.
  if (/^\/log(in|out)(\/|$)/.test(url.pathname)) return { ok: true, path: DEFAULT_NEXT };
  return { ok: true, path: `${url.pathname}${url.search}${url.hash}` };
}

/** A path of this site to go back to after an action, or the queue (for links of our own pages). */
export function safeNext(next: unknown): string {
  const parsed = parseNext(next);
  return parsed.ok ? parsed.path : DEFAULT_NEXT;
}
