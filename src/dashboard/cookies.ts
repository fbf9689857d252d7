/** Reading and writing the dashboard's cookies (no library: two cookies, one format). */
import type { Request } from 'restify';

export const SESSION_COOKIE = 'pi_session';
export const LOGIN_COOKIE = 'pi_login';

export function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

export interface CookieOptions {
  secure: boolean;
  /** Seconds; 0 deletes the cookie. */
  maxAge: number;
}

/** HttpOnly, SameSite=Lax, Path=/ always; Secure behind TLS. Values are base64url: no quoting needed. */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  const attrs = [`${name}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Lax', `Max-Age=${o.maxAge}`];
  if (o.maxAge === 0) attrs.push('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (o.secure) attrs.push('Secure');
  return attrs.join('; ');
}
