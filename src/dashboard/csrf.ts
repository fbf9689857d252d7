/**
 * Cross-site request forgery: every POST form of a session carries the session's csrfToken; the
 * sign-in form (before any session) carries a signed token matching a cookie of its own
 * (double submit, HMAC with the server's secret so a cookie planted by a sibling site cannot be
 * paired with a token of its making). Compared in constant time.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Equal strings, compared in a time that does not depend on where they differ. */
export function sameSecret(a: string | null | undefined, b: string | null | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string' || a === '' || b === '') return false;
  // Hashing first makes the lengths equal, so timingSafeEqual never throws nor leaks the length.
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const sign = (secret: string, nonce: string) => createHmac('sha256', secret).update(`login:${nonce}`).digest('base64url');

/** A new pre-session pair: the cookie's value, and the token the form carries. */
export function loginToken(secret: string): { cookie: string; field: string } {
  const nonce = newToken();
  return { cookie: nonce, field: `${nonce}.${sign(secret, nonce)}` };
}

/** The form's token matches the cookie and was signed by this server. */
export function loginTokenValid(secret: string, cookie: string | null, field: unknown): boolean {
  if (!cookie || typeof field !== 'string') return false;
  const dot = field.indexOf('.');
  if (dot < 0) return false;
  const nonce = field.slice(0, dot);
  return sameSecret(nonce, cookie) && sameSecret(field.slice(dot + 1), sign(secret, nonce));
}
