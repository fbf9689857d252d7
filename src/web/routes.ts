/**
 * The website chat: /widget.js (the embeddable widget, built by npm run build: ./bundle) and / (a demo
 * page of a firm's website with the one-line embed pointing at this server, and its icon).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Next, Request, Response, Server } from 'restify';
import { projectRoot } from '../paths';
import type { Parts } from '../server/parts';
import { widgetBundle } from './bundle';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/** True when the client takes gzip (and has not refused it with q=0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  return value.split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

let demoTemplate: string | null = null;
let favicon: string | null = null;

export function demoPage(parts: Parts): string {
  demoTemplate ??= readFileSync(join(projectRoot(), 'src', 'web', 'demo.html'), 'utf8');
  const { firm, publicBaseUrl } = parts.config;
  const values: Record<string, string> = {
    firmName: firm.name,
    firmPhone: firm.phone,
    firmPhoneHref: firm.phone.replace(/[^\d+]/g, ''),
    server: publicBaseUrl,
  };
  return demoTemplate.replace(/\{\{(\w+)\}\}/g, (m, name: string) => (name in values ? escapeHtml(values[name]) : m));
}

export function registerWeb(server: Server, parts: Parts): void {
  const widget = async (req: Request, res: Response) => {
    try {
      const bundle = await widgetBundle();
      const headers: Record<string, string> = {
        'Content-Type': 'application/javascript; charset=utf-8',
        'Cache-Control': 'public, max-age=300',
        ETag: bundle.etag,
        Vary: 'Accept-Encoding',
        'X-Content-Type-Options': 'nosniff',
        // Firms' pages may isolate themselves (COEP): the script is meant to be loaded from them.
        'Cross-Origin-Resource-Policy': 'cross-origin',
      };
      if (req.headers['if-none-match'] === bundle.etag) {
        res.sendRaw(304, '', headers);
        return;
      }
      if (acceptsGzip(req.headers['accept-encoding'])) res.sendRaw(200, bundle.gzip, { ...headers, 'Content-Encoding': 'gzip' });
      else res.sendRaw(200, bundle.js, headers);
    } catch (err) {
      parts.logger.error({ err: (err as Error).message }, 'widget unavailable');
      res.sendRaw(500, '/* the chat widget is unavailable */\n', { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-store' });
    }
  };
  server.get('/widget.js', widget);

  // The demo page's icon, from this server: a browser asks for one, and a 404 is an error in its console.
  server.get('/favicon.svg', (_req: Request, res: Response, next: Next) => {
    favicon ??= readFileSync(join(projectRoot(), 'src', 'web', 'favicon.svg'), 'utf8');
    res.sendRaw(200, favicon, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'public, max-age=86400', 'X-Content-Type-Options': 'nosniff' });
    next();
  });

  server.get('/', (_req: Request, res: Response, next: Next) => {
    const origin = new URL(parts.config.publicBaseUrl).origin;
    res.sendRaw(200, demoPage(parts), {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': [
        "default-src 'self'",
        `script-src 'self' ${origin}`,
        `connect-src 'self' ${origin}`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join('; '),
    });
    next();
  });
}
