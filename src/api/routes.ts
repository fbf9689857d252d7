/**
 * The integrations' API (a practice-management system, a CRM): intakes as the summary contract,
 * their transcripts, and the firm's handling status. Every route needs a bearer token (tokens.ts)
 * with the route's scope (read for a GET, write for the PATCH); every read and change is audited
 * as "token:NAME", with ids and statuses only, never content.
 */
import type { Request, Response, Server } from 'restify';
import type { Parts } from '../server/parts';
import type { Handling } from '../store/handoff-store';
import { CursorError } from '../store/cursor';
import { SummarySchema } from '../summary/contract';
import { sendError, sendJson } from './errors';
import { publicEscalations } from './escalations';
import { API_ROUTES, openApiDocument, type ApiRoute } from './openapi';
import { firstIssue, intakeQuery, ListQuerySchema, MessageBodySchema, PatchBodySchema } from './query';
import { authorOf } from '../store/store';
import type { TakeoverRefusal } from '../conversation/takeover';

/** What a refused message says to the integration's developer (error.code is the refusal). */
const REFUSALS: Record<TakeoverRefusal, string> = {
  held_by_other: 'Another attorney holds this conversation: nothing was sent.',
  hold_changed: 'The conversation changed hands meanwhile: nothing was sent.',
  empty: 'text: the message is empty.',
  too_long: 'text: the message is too long for one text message.',
  opted_out: 'The family opted out (STOP): nothing was sent.',
  no_conversation: 'No conversation is kept for this intake any more.',
  channel_unsupported: "The firm cannot write first on this family's channel: nothing was sent.",
};
import { authenticate, authorize, type ApiCaller } from './tokens';
import { transition } from '../handoff/handling';
import { publicDocuments } from './documents';
import { receivedByItem } from '../summary/received-documents';
import { documentHeaders, streamDocument } from '../server/document-response';

type Handler = (req: Request, res: Response, caller: ApiCaller) => Promise<void>;

/** The handling as the API shows it (who last changed it stays in the audit log). */
function publicHandling(h: Handling) {
  return { status: h.status, claimedBy: h.claimedBy, claimedAt: h.claimedAt, contactedAt: h.contactedAt, closedAt: h.closedAt, updatedAt: h.updatedAt };
}

export function registerApi(server: Server, parts: Parts): void {
  const { accounts, handoffStore, store, logger } = parts;
  const now = () => new Date();

  /** Registers a route behind the bearer and scope checks; a failure is a JSON 500 logged without content. */
  const route = (r: ApiRoute, handler: Handler) => {
    server[r.method](r.path, async (req: Request, res: Response) => {
      try {
        const caller = await authenticate(accounts, req, res, now());
        if (caller && authorize(caller, r.scope, res)) await handler(req, res, caller);
      } catch (err) {
        logger.error({ route: r.operationId, err: (err as Error).message }, 'api request failed');
        if (!res.headersSent) sendError(res, 500, 'internal', 'Something failed on the server.');
      }
    });
  };

  const audit = (caller: ApiCaller, action: string, intakeId: string | null, detail: Record<string, string | number | null> = {}) =>
    handoffStore.audit({ at: now().toISOString(), actor: caller.actor, action, intakeId, detail });

  const notFound = (res: Response) => sendError(res, 404, 'not_found', 'No intake has this id.');

  route(API_ROUTES.list, async (req, res, caller) => {
    const parsed = ListQuerySchema.safeParse(req.query ?? {});
    if (!parsed.success) {
      const { parameter, message } = firstIssue(parsed.error);
      return sendError(res, 400, 'bad_parameter', message, { parameter });
    }
    let page;
    try {
      page = await handoffStore.listIntakes(intakeQuery(parsed.data));
    } catch (err) {
      if (err instanceof CursorError) return sendError(res, 400, 'bad_parameter', 'cursor: not a cursor this API returned', { parameter: 'cursor' });
      throw err;
    }
    // The filters are statuses, tiers and a time: nothing about anyone.
    const q = parsed.data;
    await audit(caller, 'api_listed', null, {
      count: page.items.length,
      status: q.status?.join(',') ?? null,
      tier: q.tier?.join(',') ?? null,
      since: q.since ?? null,
    });
    sendJson(res, 200, {
      items: page.items.map((i) => ({ summary: SummarySchema.parse(i.summary), handling: publicHandling(i.handling) })),
      next: page.next,
    });
  });

  route(API_ROUTES.get, async (req, res, caller) => {
    const id = String(req.params.id);
    const summary = await store.getIntake(id);
    if (!summary) return notFound(res);
    const handling = await handoffStore.getHandling(id);
    await audit(caller, 'api_viewed', id);
    res.header('X-Handling-Status', handling.status);
    sendJson(res, 200, SummarySchema.parse(summary));
  });

  route(API_ROUTES.transcript, async (req, res, caller) => {
    const id = String(req.params.id);
    const summary = await store.getIntake(id);
    if (!summary) return notFound(res);
    const [entries, texts] = await Promise.all([store.transcript(summary.transcriptId), handoffStore.smsOf(id)]);
    await audit(caller, 'api_transcript', id, { entries: entries.length });
    sendJson(res, 200, {
      intakeId: id,
      transcriptId: summary.transcriptId,
      language: summary.language,
      entries: entries.map((e) => {
        const who = authorOf(e);
        return {
          seq: e.seq,
          direction: e.direction,
          author: who.kind,
          by: who.kind === 'attorney' ? who.id : null,
          at: e.at,
          text: e.text,
          media: e.media,
          textState: (who.kind === 'attorney' && texts.find((s) => s.messageId === e.messageId)?.state) || null,
        };
      }),
    });
  });

  route(API_ROUTES.escalations, async (req, res, caller) => {
    const id = String(req.params.id);
    if (!(await store.getIntake(id))) return notFound(res);
    const [escalations, items] = await Promise.all([handoffStore.escalationsOf(id), handoffStore.outboxItems({ intakeId: id })]);
    await audit(caller, 'api_escalations', id, { escalations: escalations.length });
    sendJson(res, 200, publicEscalations(id, escalations, items));
  });

  route(API_ROUTES.patch, async (req, res, caller) => {
    const id = String(req.params.id);
    const parsed = PatchBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const { parameter, message } = firstIssue(parsed.error);
      return sendError(res, 400, 'bad_body', message, { parameter });
    }
    if (!(await store.getIntake(id))) return notFound(res);
    const { status } = parsed.data;
    // Compare-and-set: another writer (an attorney on the dashboard) may change it between our read
    // and our write. Decide again once against what it has become; then give up with a 409.
    for (let attempt = 0; attempt < 2; attempt++) {
      const current = await handoffStore.getHandling(id);
      const at = now().toISOString();
      // The token is who acts: an intake it claims is claimed by "token:NAME", never by someone it names.
      const t = transition(current, status, { actor: caller.actor, at });
      if (t.kind === 'same') return sendJson(res, 200, { intakeId: id, handling: publicHandling(current) });
      if (t.kind === 'refused') {
        return sendError(res, 409, 'conflict', `An intake that is "${current.status}" cannot become "${status}".`, { current: current.status });
      }
      if (await handoffStore.setHandling(id, t.next, current.status)) {
        await audit(caller, 'status', id, { from: current.status, to: t.next.status });
        return sendJson(res, 200, { intakeId: id, handling: publicHandling(t.next) });
      }
    }
    const latest = await handoffStore.getHandling(id);
    sendError(res, 409, 'conflict', 'The intake changed while this request was applied; read it again.', { current: latest.status });
  });

  route(API_ROUTES.message, async (req, res, caller) => {
    const id = String(req.params.id);
    const parsed = MessageBodySchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      const { parameter, message } = firstIssue(parsed.error);
      return sendError(res, 400, 'bad_body', message, { parameter });
    }
    const summary = await store.getIntake(id);
    if (!summary) return notFound(res);
    // The token writes as itself ("token:NAME"), audited and in the transcript like an attorney.
    const r = await parts.takeover.write(summary, caller.actor, parsed.data.text, now());
    if (!r.ok) return sendError(res, r.refusal === 'empty' || r.refusal === 'too_long' ? 400 : 409, r.refusal, REFUSALS[r.refusal]);
    sendJson(res, 201, { intakeId: id, messageId: r.messageId, sent: r.sent });
  });

  route(API_ROUTES.documents, async (req, res, caller) => {
    const id = String(req.params.id);
    const summary = await store.getIntake(id);
    if (!summary) return notFound(res);
    const received = receivedByItem(summary, await parts.documents.list(id));
    await audit(caller, 'api_documents', id, { count: received.count });
    sendJson(res, 200, publicDocuments(id, received));
  });

  route(API_ROUTES.document, async (req, res, caller) => {
    const id = String(req.params.id);
    const summary = await store.getIntake(id);
    if (!summary) return notFound(res);
    // Another intake's document is not found here, like an unknown id.
    const opened = await parts.documents.open(id, String(req.params.documentId));
    if (!opened || opened.info.intakeId !== id) return sendError(res, 404, 'not_found', 'This intake has no document with this id.');
    await audit(caller, 'api_document', id, { reference: summary.reference, item: opened.info.item, document: opened.info.id, kind: opened.info.kind });
    await streamDocument(res, opened.content, documentHeaders(opened.info, { disposition: 'attachment', reference: summary.reference }));
  });

  route(API_ROUTES.openapi, async (_req, res) => {
    sendJson(res, 200, openApiDocument({ serverUrl: parts.config.publicBaseUrl }));
  });
}
