/**
 * How every dashboard response goes out: never cached, never framed, no referrer to other sites,
 * and a Content-Security-Policy with no script at all (the pages need none).
 */
import type { Response } from 'restify';
import type { SafeHtml } from './html';

export const SECURITY_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

export function sendHtml(res: Response, status: number, page: SafeHtml, extra: Record<string, string> = {}): void {
  res.sendRaw(status, `<!doctype html>\n${page.value}`, { ...SECURITY_HEADERS, 'Content-Type': 'text/html; charset=utf-8', ...extra });
}

export function redirect(res: Response, location: string, extra: Record<string, string> = {}): void {
  res.sendRaw(303, '', { ...SECURITY_HEADERS, Location: location, ...extra });
}

export function sendFile(res: Response, body: Buffer, headers: Record<string, string>): void {
  res.sendRaw(200, body, { ...SECURITY_HEADERS, ...headers });
}
