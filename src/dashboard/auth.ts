/**
 * Signing in: the password check, the lock-out after repeated failures, and the audit of each
 * attempt. An unknown or disabled email costs one scrypt like a known one and gets the same
 * answer, so neither the answer nor its time tells which emails have accounts. The audit names
 * the attorney's id, never the password nor an unknown account's typed email.
 */
import type { AccountStore, Attorney } from '../store/account-store';
import type { HandoffStore } from '../store/handoff-store';
import type { DashboardConfig } from '../config/env';
import { dummyHash, verifyPassword } from './password';

export type SignInResult = { outcome: 'signed_in'; attorney: Attorney } | { outcome: 'failed' } | { outcome: 'locked' };

export async function signIn(
  deps: { accounts: AccountStore; audit: HandoffStore; config: DashboardConfig },
  email: string,
  password: string,
  now: Date,
): Promise<SignInResult> {
  const { accounts, audit, config } = deps;
  const at = now.toISOString();
  const record = (actor: string, action: string, detail: Record<string, string | number | null> = {}) =>
    audit.audit({ at, actor, action, intakeId: null, detail });

  const found = email ? await accounts.findAttorneyByEmail(email.trim().toLowerCase()) : null;
  const attorney = found && !found.disabled ? found : null;
  const ok = await verifyPassword(password, attorney?.passwordHash ?? (await dummyHash()));
  if (!attorney) {
    // A disabled account is named by its id; an unknown email is not recorded at all.
    await record(found ? found.id : 'anonymous', 'sign_in_failed', { reason: found ? 'disabled' : 'unknown_account' });
    return { outcome: 'failed' };
  }

  const lockedUntil = attorney.lockedUntil ? Date.parse(attorney.lockedUntil) : null;
  if (lockedUntil !== null && lockedUntil > now.getTime()) {
    // Refused even with the right password: the lock is what stops a guesser.
    await record(attorney.id, 'sign_in_failed', { reason: 'locked' });
    return { outcome: 'locked' };
  }
  // A lock that has run out starts a fresh count.
  if (lockedUntil !== null) await accounts.clearLoginFailures(attorney.id);

  if (!ok) {
    const failures = await accounts.recordLoginFailure(attorney.id);
    await record(attorney.id, 'sign_in_failed', { reason: 'password', failures });
    if (failures >= config.maxFailures) {
      const until = new Date(now.getTime() + config.lockoutMinutes * 60_000).toISOString();
      await accounts.lockAttorney(attorney.id, until);
      await record(attorney.id, 'locked_out', { until, failures });
      return { outcome: 'locked' };
    }
    return { outcome: 'failed' };
  }
  await accounts.clearLoginFailures(attorney.id);
  await record(attorney.id, 'signed_in');
  return { outcome: 'signed_in', attorney };
}

/** Where to go after signing in: only a path on this site ("/intakes/x"), never "//evil" or a URL. */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/intakes';
  if (/[\u0000-\u001f\\]/.test(next) || next.length > 500) return '/intakes';
  if (next.startsWith('/login') || next.startsWith('/logout')) return '/intakes';
  return next;
}
