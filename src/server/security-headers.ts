/**
 * Security headers on every response, set before routing (so 404s, 405s and errors have them too).
 * They are defaults: a route that sets its own (the demo page's CSP, the dashboard's and the
 * acknowledgement page's stricter ones, the widget's Cross-Origin-Resource-Policy) replaces them,
 * because restify's sendRaw/send set each given header over what is there.
 *
 * The default CSP is the strictest there is (nothing may load, nothing may frame it): JSON, TwiML
 * and errors need nothing, and a route serving a page says what that page needs.
 *
 * /widget.js is the exception: other sites' pages load it, so it is not framed-only-here; it gets
 * CORS (a firm may load it with crossorigin= or Subresource Integrity) and keeps its own
 * Cross-Origin-Resource-Policy: cross-origin.
 */
import type { Next, Request, Response, Server } from 'restify';

const WIDGET_PATH = '/widget.js';

export const DEFAULT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** Headers for every response; `https`: the public URL is https (then browsers are told to keep to it). */
export function securityHeaders(https: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Content-Security-Policy': DEFAULT_CSP,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()',
    // A year, this host only: the firm's other subdomains may not all be on https.
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

/** The headers for the widget script, loaded by other sites' pages. */
export function widgetHeaders(https: boolean): Record<string, string> {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Access-Control-Allow-Origin': '*',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}

export function installSecurityHeaders(server: Server, publicBaseUrl: string): void {
  const https = publicBaseUrl.startsWith('https://');
  const all = Object.entries(securityHeaders(https));
  const widget = Object.entries(widgetHeaders(https));
  server.pre(function setSecurityHeaders(req: Request, res: Response, next: Next) {
    const path = (req.url ?? '').split('?')[0];
    // setHeader, not restify's res.header (which would append to a value a route sets later).
    for (const [name, value] of path === WIDGET_PATH ? widget : all) res.setHeader(name, value);
    return next();
  });
}
