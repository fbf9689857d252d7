/**
 * Direct Line 3.0, self-hosted, under /v3/directline: what botframework-directlinejs (and so Web
 * Chat) and our widget speak. The activity list of a conversation is its stored transcript, read
 * by polling or pushed over the WebSocket at the `streamUrl` that start and reconnect return
 * (streams.ts); a posted message runs through the one bot via a DirectLineAdapter. CORS, and the
 * pages allowed to call, are in cors.ts.
 *
 * Tokens are bound to one conversation; the optional DIRECTLINE_SECRET opens any. Errors are JSON
 * ({code, message}): 400 bad body, 403 bad/missing/expired credential, 404 unknown conversation,
 * 413 body over 64 KB, 415 not JSON. An expired token cannot be refreshed: the client starts over.
 * An `endOfConversation` activity from the client ends the conversation (the intake is marked
 * abandoned when still in progress).
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response, Server } from 'restify';
import { accepts, httpErrors as errors } from '../../server/http';
import type { Parts } from '../../server/parts';
import { clientIp } from '../../limits/client-ip';
import { tooMany } from '../../limits/too-many';
import { tokenSecret } from '../../server/keys';
import type { ConversationKey } from '../../store/store';
import { isLang } from '../../../dialogs/context';
import { ActivityError, conversationUpdate, listedActivity, localeIn, messageActivity, objectBody, postedActivity, userIn, watermarkIn } from './activities';
import { acceptedLanguage } from './accept-language';
import { DirectLineAdapter } from './adapter';
import { DIRECT_LINE_BASE as BASE } from './cors';
import { registerDirectLineUpload } from './upload';
import { bearerOf, DirectLineTokens, isConversationId, newConversationId, type Caller, type IssuedToken } from './tokens';
const json = accepts('application/json');

const keyOf = (conversationId: string): ConversationKey => ({ channel: 'webchat', address: conversationId });

export function registerDirectLine(server: Server, parts: Parts): void {
  const tokens = new DirectLineTokens(tokenSecret(parts.config), parts.config.directLine.tokenMinutes, parts.config.directLine.secret);
  const adapter = new DirectLineAdapter();
  const bot = (context: Parameters<Parts['bot']['run']>[0]) => parts.bot.run(context);
  // Per IP: only callers without the secret (browsers); a server holding the secret is trusted.
  const limits = parts.limits;
  const ipOf = (req: Request) => clientIp(req, limits.trustedProxies);
  /**
   * A conversation is finished once its intake is no longer in progress (asked only at the cap).
   * With the database away, none is taken as finished: the cap holds, nothing fails.
   */
  const finished = async (conversationId: string) => {
    const record = await parts.store.findConversation(keyOf(conversationId)).catch(() => null);
    if (!record) return false;
    // Set aside as a whole, or a record the engine cannot load (it will be set aside): the
    // assistant will not go on with it, so it no longer holds a place under the cap.
    if (record.quarantine) return true;
    try {
      return parts.engine.contextOf(record.snapshot).status !== 'in_progress';
    } catch {
      return true;
    }
  };

  /** The caller, or 403. */
  function callerOf(req: Request): Caller {
    const caller = tokens.caller(bearerOf(req.headers.authorization));
    if (!caller) throw new errors.ForbiddenError('a valid Direct Line token (or the secret) is required');
    return caller;
  }

  /**
   * The caller may use this conversation, or 403 / 404. A token's own conversation exists even
   * before it starts; any other id exists only once it has a stored conversation.
   */
  async function access(caller: Caller, id: string): Promise<void> {
    if (!isConversationId(id)) throw new errors.NotFoundError('no such conversation');
    if (caller.kind === 'token' && caller.conversationId === id) return;
    const exists = (await parts.store.findConversation(keyOf(id))) !== null;
    if (!exists) throw new errors.NotFoundError('no such conversation');
    if (caller.kind !== 'secret') throw new errors.ForbiddenError('this token is for another conversation');
  }

  const userOf = (caller: Caller) => (caller.kind === 'token' ? caller.userId : null);

  function body<T>(read: () => T): T {
    try {
      return read();
    } catch (err) {
      if (err instanceof ActivityError) throw new errors.BadRequestError(err.message);
      throw err;
    }
  }

  /** A token; with `stream`, the streamUrl that goes with it (start, reconnect), from that watermark. */
  function grant(res: Response, status: number, g: IssuedToken, stream?: { userId: string | null; watermark: number | null }) {
    res.header('Cache-Control', 'no-store');
    const { expiresAt, ...shown } = g;
    const streamUrl = stream ? parts.streams.urlFor(g.conversationId, stream.userId, expiresAt, stream.watermark) : undefined;
    res.json(status, streamUrl ? { ...shown, streamUrl } : shown);
  }

  const watermarkOf = (req: Request) => body(() => watermarkIn(req.query?.watermark));

  /** A token for a new conversation. The widget has no secret; a caller that presents one must present the right one. */
  server.post(`${BASE}/tokens/generate`, json, async (req, res) => {
    if (req.headers.authorization !== undefined) {
      const credential = bearerOf(req.headers.authorization);
      if (!credential || !tokens.isSecret(credential)) throw new errors.ForbiddenError('wrong Direct Line secret');
    } else {
      const decision = limits.directLineTokensPerIp.take(ipOf(req));
      if (!decision.allowed) throw tooMany(res, decision, 'tokens');
    }
    const userId = body(() => userIn(objectBody(req.body), 'user'));
    grant(res, 200, tokens.issue(newConversationId(), userId));
  });

  /** A fresh token for the same conversation, for a token still valid (an expired one starts over). */
  server.post(`${BASE}/tokens/refresh`, json, async (req, res) => {
    const caller = tokens.refreshable(bearerOf(req.headers.authorization));
    if (!caller) throw new errors.ForbiddenError('only a valid, unexpired token can be refreshed; start a new conversation');
    grant(res, 200, tokens.issue(caller.conversationId, caller.userId));
  });

  /** Starts the token's conversation (or, with the secret, a new one): the assistant greets once. */
  server.post(`${BASE}/conversations`, json, async (req, res) => {
    const caller = callerOf(req);
    const { userId: posted, locale: given } = body(() => {
      const b = objectBody(req.body);
      return { userId: userIn(b, 'user'), locale: localeIn(b) };
    });
    // Web Chat sends no locale at start: the browser's languages say it, rather than a question.
    const locale = given && isLang(given.slice(0, 2).toLowerCase()) ? given : (acceptedLanguage(req.headers['accept-language']) ?? given);
    const conversationId = caller.kind === 'token' ? caller.conversationId : newConversationId();
    const userId = userOf(caller) ?? posted;
    // The database is away (the outage spool holds messages meanwhile): a conversation cannot be
    // started, so the widget is told at once to try again, rather than after the driver's wait.
    if (!parts.spooling.health.up) {
      res.header('Retry-After', '30');
      throw new errors.ServiceUnavailableError('the service is briefly unavailable; try again shortly');
    }
    const started = (await parts.store.findConversation(keyOf(conversationId))) !== null;
    if (!started && caller.kind === 'token') {
      // A new conversation from a browser: within the IP's cap of open ones, and its hourly rate.
      const ip = ipOf(req);
      const open = await limits.openWebConversations.check(ip, finished);
      if (!open.allowed) throw tooMany(res, open, 'open conversations');
      const rate = limits.directLineConversationsPerIp.take(ip);
      if (!rate.allowed) throw tooMany(res, rate, 'conversations');
      limits.openWebConversations.started(ip, conversationId);
    }
    if (!started) {
      await adapter.processActivity(conversationUpdate(conversationId, randomUUID(), userId, locale), bot);
      parts.streams.wake(conversationId);
    }
    grant(res, started ? 200 : 201, tokens.issue(conversationId, userId), { userId, watermark: null });
  });

  /** Reconnect: a fresh token for the conversation, and a streamUrl from the watermark given. */
  server.get(`${BASE}/conversations/:id`, async (req, res) => {
    const caller = callerOf(req);
    const id = String(req.params.id);
    await access(caller, id);
    const watermark = watermarkOf(req);
    grant(res, 200, tokens.issue(id, userOf(caller)), { userId: userOf(caller), watermark });
  });

  /** A message from the user: processed once per clientActivityID, answered before this returns. */
  server.post(`${BASE}/conversations/:id/activities`, json, async (req, res) => {
    const caller = callerOf(req);
    const id = String(req.params.id);
    await access(caller, id);
    const posted = body(() => postedActivity(req.body));
    if (posted.type === 'endOfConversation') {
      // The family ended it on their device (the widget's "end conversation"): an intake still in
      // progress is marked abandoned now rather than left waiting for answers, so it goes to the
      // attorney's queue and to retention as one, and no longer counts against the IP's open cap.
      if (!parts.spooling.health.up) {
        res.header('Retry-After', '30');
        throw new errors.ServiceUnavailableError('the service is briefly unavailable; try again shortly');
      }
      await parts.service.end(keyOf(id), new Date());
      // Its streams see it ended (and close).
      parts.streams.wake(id);
      res.json(200, { id: randomUUID() });
      return;
    }
    if (posted.type !== 'message') {
      // Typing indicators, events: acknowledged, nothing to process.
      res.json(200, { id: randomUUID() });
      return;
    }
    // The user is still there: the conversation stays open (for the per-IP cap).
    limits.openWebConversations.touched(id);
    const activityId = posted.clientActivityID ? `${id}:${posted.clientActivityID}` : randomUUID();
    await adapter.processActivity(messageActivity(id, activityId, posted, userOf(caller)), bot);
    // The echo and the replies go out on this conversation's streams now, not at the next look.
    parts.streams.wake(id);
    res.json(200, { id: activityId });
  });

  /** The activity list after the watermark: the stored transcript, oldest first. */
  server.get(`${BASE}/conversations/:id/activities`, async (req, res) => {
    const caller = callerOf(req);
    const id = String(req.params.id);
    await access(caller, id);
    const mark = watermarkOf(req);
    const after = mark ?? 0;
    // While the database is away (null) or messages of this conversation wait in the outage
    // spool, they are listed after the stored ones with the notice each got; the watermark stays
    // at the stored transcript's, which lists them for good once they are replayed.
    const stored = await parts.spooling.unlessUnreachable(async () => {
      const record = await parts.store.findConversation(keyOf(id));
      return record ? await parts.store.transcript(record.id, after) : [];
    });
    const entries = stored ?? [];
    const listed = [...entries, ...parts.spooling.spooledEntries(keyOf(id))];
    const activities = listed.map((e) => listedActivity(e, id, parts.config.firm.name));
    const watermark = entries.length ? String(entries[entries.length - 1].seq) : mark === null ? null : String(mark);
    res.header('Cache-Control', 'no-store');
    res.json(200, { activities, watermark });
  });

  // A message with files (Web Chat's attach button, our widget's): upload.ts.
  registerDirectLineUpload(server, parts, { callerOf, access, userOf });
}
