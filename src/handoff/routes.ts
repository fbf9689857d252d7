/**
 * The acknowledgement link of a page: /ack/:token. The token itself is the credential (an HMAC of
 * the escalation id, see ack-token.ts): whoever holds the page holds the link.
 *
 * GET only shows (SMS apps and mail scanners fetch links to preview them: a GET must never
 * acknowledge); POST acknowledges, with the form token the GET's page carries.
 */
import type { Request, Response, Server } from 'restify';
import { accepts } from '../server/http';
import type { Parts } from '../server/parts';
import { ackFormToken, verifyAckFormToken, verifyAckToken } from './ack-token';
import { ackPage, notFoundPage } from './ack-page';
import { detailsUrl } from './notices';

const FORM = 'application/x-www-form-urlencoded';

const HEADERS = {
  'Content-Type': 'text/html; charset=utf-8',
  // The link is a credential: not kept by caches, not leaked to the next site in a Referer.
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

function tokenOf(req: Request): string {
  return String((req.params as Record<string, unknown>).token ?? '');
}

export function registerHandoff(server: Server, parts: Parts): void {
  const { handoff, handoffStore, store, secret, config } = parts;

  /** The escalation behind a genuine token, or null (the 404 page was sent). */
  async function escalationOf(req: Request, res: Response) {
    const id = verifyAckToken(secret, tokenOf(req));
    const escalation = id ? await handoffStore.getEscalation(id) : null;
    if (!escalation) res.sendRaw(404, notFoundPage(handoff.text), HEADERS);
    return escalation;
  }

  async function show(req: Request, res: Response, status: number, formExpired = false) {
    const escalation = await escalationOf(req, res);
    if (!escalation) return;
    const token = tokenOf(req);
    const summary = await store.getIntake(escalation.intakeId).catch(() => null);
    const html = ackPage(handoff.text, {
      escalation,
      requestReason: summary?.request.reason ?? null,
      detailsUrl: detailsUrl(config.publicBaseUrl, escalation.intakeId),
      action: `/ack/${encodeURIComponent(token)}`,
      formToken: ackFormToken(secret, token),
      formExpired,
      timeZone: config.firm.timeZone,
    });
    res.sendRaw(status, html, HEADERS);
  }

  server.get('/ack/:token', async function ackShow(req: Request, res: Response) {
    await show(req, res, 200);
  });

  server.post('/ack/:token', accepts(FORM), async function ackPost(req: Request, res: Response) {
    const escalation = await escalationOf(req, res);
    if (!escalation) return;
    const token = tokenOf(req);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!verifyAckFormToken(secret, token, typeof body.form === 'string' ? body.form : '')) return show(req, res, 403, true);
    await handoff.acknowledge(escalation.id, `link:${escalation.level}`, new Date());
    // Post/redirect/get: reloading the page does not post again.
    res.sendRaw(303, '', { ...HEADERS, Location: `/ack/${encodeURIComponent(token)}` });
  });
}
