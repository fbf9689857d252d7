/**
 * The secure upload link a family gets at the end of an intake (and when they write DOCS): signed,
 * bound to their intake and language, valid 7 days, checked without storing anything.
 *
 *   token = base64url(JSON {i: intakeId, l: lang, e: expiry in epoch seconds}) "." base64url(HMAC-SHA256(secret, "upload:" + payload))[0..22)
 *
 * The HMAC key is the server's token secret (src/server/keys.ts), the purpose prefix keeping an
 * upload token from being taken for any other signed value (acknowledgement links, Direct Line).
 * Anyone changing the intake, the language or the expiry breaks the MAC.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isLang, type Lang } from '../../dialogs/context';

export const UPLOAD_LINK_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;
const MAC_CHARS = 22;
/** Longer than any genuine token (a UUID intake id makes about 110 characters): refused unread. */
const MAX_TOKEN_CHARS = 400;
/** The path of the upload page; the token follows. */
export const UPLOAD_PATH = '/documents';

export interface UploadLink {
  token: string;
  url: string;
  expiresAt: string;
}

export type UploadTokenReading = { intakeId: string; lang: Lang; expiresAt: string } | { error: 'expired' | 'forged' };

interface Payload {
  i: string;
  l: string;
  e: number;
}

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`upload:${payload}`).digest('base64url').slice(0, MAC_CHARS);
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class UploadLinks {
  constructor(
    /** The server's token secret (Parts.secret). */
    private readonly secret: string,
    /** PUBLIC_BASE_URL (no trailing slash). */
    private readonly publicBaseUrl: string,
  ) {}

  uploadLink(intakeId: string, lang: Lang, now: Date = new Date()): UploadLink {
    const expires = Math.floor((now.getTime() + UPLOAD_LINK_DAYS * DAY_MS) / 1000);
    const payload = Buffer.from(JSON.stringify({ i: intakeId, l: lang, e: expires } satisfies Payload)).toString('base64url');
    const token = `${payload}.${mac(this.secret, payload)}`;
    return { token, url: `${this.publicBaseUrl}${UPLOAD_PATH}/${token}`, expiresAt: new Date(expires * 1000).toISOString() };
  }

  /** The intake and language of a genuine token still valid at `now`; else why not. */
  readUploadToken(token: string, now: Date = new Date()): UploadTokenReading {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_CHARS) return { error: 'forged' };
    const dot = token.indexOf('.');
    if (dot <= 0 || dot !== token.lastIndexOf('.')) return { error: 'forged' };
    const payload = token.slice(0, dot);
    if (!sameText(token.slice(dot + 1), mac(this.secret, payload))) return { error: 'forged' };
    let p: Payload;
    try {
      p = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Payload;
    } catch {
      return { error: 'forged' };
    }
    // Signed by us, so well-formed; checked all the same, a secret shared with an older release could differ.
    if (!p || typeof p.i !== 'string' || !p.i || !isLang(p.l) || !Number.isSafeInteger(p.e)) return { error: 'forged' };
    if (now.getTime() >= p.e * 1000) return { error: 'expired' };
    return { intakeId: p.i, lang: p.l, expiresAt: new Date(p.e * 1000).toISOString() };
  }
}
