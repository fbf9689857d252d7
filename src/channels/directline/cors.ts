/**
 * Who may call Direct Line from a browser: the pages (origins) the firm allows
 * (WEBCHAT_ALLOWED_ORIGINS; default any), and CORS for them on every /v3/directline path.
 *
 * Credentials are bearer tokens in a header, never cookies, so allowing an origin gives its pages
 * nothing they could not get by starting a conversation of their own; the list lets a firm keep
 * other sites from embedding its assistant. A request from an origin not allowed is not served
 * (403, without CORS headers, so the browser does not let the page read even that); a request
 * with no Origin (a server, curl) is served as before: CORS binds browsers only.
 *
 * Installed before anything else that can refuse a request (the body guard's 415 and 501, the
 * routes' 403, 413, 429): a refusal to an allowed origin carries the CORS headers, so the page
 * can read its status and Retry-After instead of seeing a bare network error.
 */
import type { Next, Request, Response, Server } from 'restify';
import { httpErrors as errors } from '../../server/http';

export const DIRECT_LINE_BASE = '/v3/directline';

/**
 * The request headers the official clients send: botframework-directlinejs (and so Web Chat)
 * sends Authorization, Accept, Content-Type and x-ms-bot-agent; its RxJS ajax adds
 * X-Requested-With on every cross-origin call; Accept-Language is the browser's own.
 */
export const ALLOWED_REQUEST_HEADERS = ['Accept', 'Accept-Language', 'Authorization', 'Content-Type', 'X-Requested-With', 'x-ms-bot-agent'];

export class OriginPolicy {
  private readonly allowed: Set<string> | null;

  /** `origins`: null for any; the server's own origin (PUBLIC_BASE_URL) is always allowed. */
  constructor(origins: readonly string[] | null, publicBaseUrl: string) {
    this.allowed = origins === null ? null : new Set([...origins, new URL(publicBaseUrl).origin]);
  }

  get any(): boolean {
    return this.allowed === null;
  }

  /** An Origin header's value may use Direct Line; a request without one may (it is no browser's page). */
  allows(origin: string | undefined): boolean {
    if (origin === undefined || this.allowed === null) return true;
    return this.allowed.has(origin.trim().toLowerCase());
  }
}

export function installDirectLineCors(server: Server, policy: OriginPolicy): void {
  server.pre(function directLineCors(req: Request, res: Response, next: Next) {
    if (!(req.url ?? '').startsWith(`${DIRECT_LINE_BASE}/`)) return next();
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : undefined;
    // What is allowed depends on Origin when there is a list: caches keep one answer per origin.
    if (!policy.any) res.setHeader('Vary', 'Origin');
    if (!policy.allows(origin)) return next(new errors.ForbiddenError('this site may not use the chat'));
    if (policy.any || origin !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', policy.any ? '*' : origin!);
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    }
    // A preflight: the method and headers the real request will carry, answered here for every
    // path (an unknown one then gets its 404 on the real request, readable by the page).
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', ALLOWED_REQUEST_HEADERS.join(', '));
      res.setHeader('Access-Control-Max-Age', '600');
      res.send(204);
      return next(false);
    }
    return next();
  });
}
