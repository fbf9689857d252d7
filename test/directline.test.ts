/**
 * The self-hosted Direct Line 3.0 endpoint, over real HTTP on loopback against the real server:
 * every route and error, once-only processing of a retried post, the official client
 * (botframework-directlinejs) through a whole intake, and a restart that keeps the conversation.
 */
import jwt from 'jsonwebtoken';
import { tokenSecret } from '../src/server/start';
import { converse } from './support/converse';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';

const SECRET = 'server-side-secret-0123456789';
const DL = '/v3/directline';

interface Reply {
  status: number;
  body: any;
  headers: Headers;
}

async function call(
  app: TestServer,
  method: string,
  path: string,
  o: { auth?: string; json?: unknown; raw?: string; type?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.auth !== undefined) headers.Authorization = `Bearer ${o.auth}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['Content-Type'] = 'application/json';
  }
  if (o.raw !== undefined) {
    body = o.raw;
    headers['Content-Type'] = o.type ?? 'application/json';
  }
  const res = await fetch(`${app.url}${DL}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

const generate = async (app: TestServer, json?: unknown) => {
  const r = await call(app, 'POST', '/tokens/generate', json === undefined ? {} : { json });
  expect(r.status).toBe(200);
  return r.body as { conversationId: string; token: string; expires_in: number };
};

const start = async (app: TestServer, token: string, json: unknown = { locale: 'en' }) => call(app, 'POST', '/conversations', { auth: token, json });

const activities = async (app: TestServer, id: string, token: string, watermark?: string | null) =>
  call(app, 'GET', `/conversations/${id}/activities${watermark ? `?watermark=${watermark}` : ''}`, { auth: token });

let n = 0;
const message = (text: string, clientActivityID: string | null = `c${++n}`, extra: Record<string, unknown> = {}) => ({
  type: 'message',
  from: { id: 'visitor-1' },
  text,
  ...(clientActivityID ? { channelData: { clientActivityID } } : {}),
  ...extra,
});

const send = (app: TestServer, id: string, token: string, activity: unknown) =>
  call(app, 'POST', `/conversations/${id}/activities`, { auth: token, json: activity });

const expectError = (r: Reply, status: number, code: string) => {
  expect(r.status).toBe(status);
  expect(r.body).toEqual({ code, message: expect.any(String) });
};

async function transcriptOf(app: TestServer, conversationId: string) {
  const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
  return record ? app.parts.store.transcript(record.id) : [];
}

describe('Direct Line routes', () => {
  let app: TestServer;
  let signingKey: string;
  beforeAll(async () => {
    app = await startTestServer({ DIRECTLINE_SECRET: SECRET, DIRECTLINE_TOKEN_MINUTES: '30' });
    signingKey = tokenSecret(app.parts.config);
  });
  afterAll(async () => {
    await app.close();
  });

  describe('tokens/generate', () => {
    it('needs no authorization: a new, unguessable conversation and a token bound to it', async () => {
      const a = await generate(app);
      const b = await generate(app);
      expect(a).toEqual({ conversationId: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/), token: expect.any(String), expires_in: 1800 });
      expect(a.conversationId).not.toBe(b.conversationId);
      const claims = jwt.verify(a.token, signingKey, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      expect(claims.conv).toBe(a.conversationId);
      expect(claims.user).toBeUndefined();
      expect(claims.exp! - claims.iat!).toBe(1800);
      expect(jwt.decode(a.token, { complete: true })!.header.alg).toBe('HS256');
    });

    it('binds the user of the body { user: { id } }', async () => {
      const g = await generate(app, { user: { id: 'dl_visitor' } });
      expect((jwt.decode(g.token) as jwt.JwtPayload).user).toBe('dl_visitor');
    });

    it('takes the secret; a wrong one, or another credential, is refused (403)', async () => {
      const ok = await call(app, 'POST', '/tokens/generate', { auth: SECRET });
      expect(ok.status).toBe(200);
      expectError(await call(app, 'POST', '/tokens/generate', { auth: 'not-the-secret-0123456789' }), 403, 'Forbidden');
      const token = (await generate(app)).token;
      expectError(await call(app, 'POST', '/tokens/generate', { auth: token }), 403, 'Forbidden');
      expectError(await call(app, 'POST', '/tokens/generate', { headers: { Authorization: `Basic ${SECRET}` } }), 403, 'Forbidden');
    });

    it('refuses a body that is not a user (400)', async () => {
      expectError(await call(app, 'POST', '/tokens/generate', { json: { user: { id: 42 } } }), 400, 'BadRequest');
      expectError(await call(app, 'POST', '/tokens/generate', { json: [1, 2] }), 400, 'BadRequest');
    });
  });

  describe('tokens/refresh', () => {
    it('gives a fresh token for the same conversation and user', async () => {
      const g = await generate(app, { user: { id: 'dl_refresh' } });
      await new Promise((r) => setTimeout(r, 1100)); // a new iat, so a new token
      const r = await call(app, 'POST', '/tokens/refresh', { auth: g.token });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ conversationId: g.conversationId, token: expect.any(String), expires_in: 1800 });
      expect(r.body.token).not.toBe(g.token);
      expect(jwt.verify(r.body.token, signingKey)).toMatchObject({ conv: g.conversationId, user: 'dl_refresh' });
      // The refreshed token works on the conversation.
      expect((await start(app, r.body.token)).status).toBe(201);
    });

    it('refuses a token that has expired, even a minute ago: an old token on a shared device revives nothing (403)', async () => {
      const g = await generate(app, { user: { id: 'dl_lunch' } });
      expect((await start(app, g.token)).status).toBe(201);
      for (const ago of [60, 3 * 3600]) {
        const lapsed = jwt.sign({ conv: g.conversationId, user: 'dl_lunch', exp: Math.floor(Date.now() / 1000) - ago }, signingKey, { algorithm: 'HS256' });
        expectError(await call(app, 'POST', '/tokens/refresh', { auth: lapsed }), 403, 'Forbidden');
        // Nor can it read the conversation it was for.
        expectError(await activities(app, g.conversationId, lapsed), 403, 'Forbidden');
      }
    });

    it('refuses a missing, malformed, forged or expired token, and the secret (403)', async () => {
      const g = await generate(app);
      const expired = jwt.sign({ conv: g.conversationId, exp: Math.floor(Date.now() / 1000) - 25 * 3600 }, signingKey, { algorithm: 'HS256' });
      const forged = jwt.sign({ conv: g.conversationId }, 'some-other-key-0123456789abcdef0123', { algorithm: 'HS256' });
      const none = jwt.sign({ conv: g.conversationId }, '', { algorithm: 'none' });
      expectError(await call(app, 'POST', '/tokens/refresh'), 403, 'Forbidden');
      for (const bad of ['garbage', expired, forged, none, SECRET]) {
        expectError(await call(app, 'POST', '/tokens/refresh', { auth: bad }), 403, 'Forbidden');
      }
    });
  });

  describe('conversations', () => {
    it('starts the token’s conversation: 201, the greeting in the widget’s language, once', async () => {
      const g = await generate(app);
      const first = await start(app, g.token, { user: { id: 'dl_fr' }, locale: 'fr' });
      expect(first.status).toBe(201);
      // With the streamUrl of its WebSocket (test/directline-stream.test.ts), from the start.
      expect(first.body).toEqual({
        conversationId: g.conversationId,
        token: expect.any(String),
        expires_in: 1800,
        streamUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/v3\/directline\/conversations\/[\w-]{24}\/stream\?watermark=&t=/),
      });
      expect(first.body.streamUrl).toContain(`/conversations/${g.conversationId}/stream?`);
      const list = await activities(app, g.conversationId, first.body.token);
      expect(list.status).toBe(200);
      expect(list.body.activities.length).toBeGreaterThan(0);
      for (const a of list.body.activities) {
        expect(a).toMatchObject({ type: 'message', id: expect.any(String), timestamp: expect.any(String), from: { id: 'bot', name: 'Test Law', role: 'bot' } });
        expect(a.conversation).toEqual({ id: g.conversationId });
        expect(a.locale).toBe('fr');
        expect(a.replyToId).toBeUndefined();
      }
      expect(list.body.activities.map((a: any) => a.channelData.key)).toContain('q.consent.prompt');
      expect(list.body.activities.at(-1).suggestedActions.actions.length).toBeGreaterThan(0);
      expect(list.body.watermark).toBe(String(list.body.activities.length));

      // Started again (a reloaded page): 200, and no second greeting.
      const again = await start(app, g.token, { locale: 'fr' });
      expect(again.status).toBe(200);
      expect(again.body.conversationId).toBe(g.conversationId);
      const after = await activities(app, g.conversationId, g.token);
      expect(after.body.activities).toHaveLength(list.body.activities.length);
    });

    it('with the secret, starts a new conversation whose token works', async () => {
      const r = await start(app, SECRET, { user: { id: 'server-user' }, locale: 'es' });
      expect(r.status).toBe(201);
      expect(r.body.conversationId).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(jwt.verify(r.body.token, signingKey)).toMatchObject({ conv: r.body.conversationId, user: 'server-user' });
      const list = await activities(app, r.body.conversationId, r.body.token);
      expect(list.body.activities[0].locale).toBe('es');
      // The secret reads any conversation.
      expect((await activities(app, r.body.conversationId, SECRET)).body.activities).toHaveLength(list.body.activities.length);
    });

    it('refuses a start without a valid token (403)', async () => {
      expectError(await call(app, 'POST', '/conversations', { json: {} }), 403, 'Forbidden');
      expectError(await call(app, 'POST', '/conversations', { auth: 'x.y.z', json: {} }), 403, 'Forbidden');
    });

    it('reconnects: a fresh token for the conversation, before and after it starts', async () => {
      const g = await generate(app, { user: { id: 'dl_re' } });
      const before = await call(app, 'GET', `/conversations/${g.conversationId}?watermark=`, { auth: g.token });
      expect(before.status).toBe(200);
      expect(before.body).toEqual({
        conversationId: g.conversationId,
        token: expect.any(String),
        expires_in: 1800,
        streamUrl: expect.stringContaining(`/conversations/${g.conversationId}/stream?watermark=&t=`),
      });
      await start(app, g.token);
      const r = await call(app, 'GET', `/conversations/${g.conversationId}?watermark=2`, { auth: g.token });
      expect(r.status).toBe(200);
      expect(r.body.streamUrl).toContain(`/conversations/${g.conversationId}/stream?watermark=2&t=`);
      expect(jwt.verify(r.body.token, signingKey)).toMatchObject({ conv: g.conversationId, user: 'dl_re' });
    });

    it('reconnect: 404 for an unknown conversation, 403 for a token of another', async () => {
      const a = await generate(app);
      const b = await generate(app);
      await start(app, b.token);
      expectError(await call(app, 'GET', `/conversations/${b.conversationId}`, { auth: a.token }), 403, 'Forbidden');
      const unknown = 'A'.repeat(24);
      expectError(await call(app, 'GET', `/conversations/${unknown}`, { auth: a.token }), 404, 'NotFound');
      expectError(await call(app, 'GET', `/conversations/${unknown}`, { auth: SECRET }), 404, 'NotFound');
      expectError(await call(app, 'GET', `/conversations/not-an-id`, { auth: SECRET }), 404, 'NotFound');
      expectError(await call(app, 'GET', `/conversations/${b.conversationId}`), 403, 'Forbidden');
    });
  });

  describe('activities', () => {
    it('a message: its id, the user’s activity back with its clientActivityID, then the replies', async () => {
      const g = await generate(app, { user: { id: 'dl_msg' } });
      const started = await start(app, g.token);
      const greeting = await activities(app, g.conversationId, started.body.token);
      const mark = greeting.body.watermark as string;

      const posted = await send(app, g.conversationId, g.token, message('yes', 'client-1', { from: { id: 'someone-else' }, locale: 'en' }));
      expect(posted.status).toBe(200);
      expect(posted.body).toEqual({ id: `${g.conversationId}:client-1` });

      const list = await activities(app, g.conversationId, g.token, mark);
      const [mine, ...replies] = list.body.activities;
      expect(mine).toEqual({
        type: 'message',
        id: `${g.conversationId}:client-1`,
        timestamp: expect.any(String),
        channelId: 'directline',
        conversation: { id: g.conversationId },
        // The token's user wins over the one in the activity.
        from: { id: 'dl_msg', name: '', role: 'user' },
        text: 'yes',
        channelData: { clientActivityID: 'client-1' },
      });
      expect(Date.parse(mine.timestamp)).toBeGreaterThan(Date.now() - 60_000);
      expect(replies.length).toBeGreaterThan(0);
      for (const r of replies) {
        expect(r).toMatchObject({
          type: 'message',
          id: expect.any(String),
          timestamp: expect.any(String),
          replyToId: mine.id,
          from: { id: 'bot', role: 'bot' },
        });
      }
      expect(new Set(list.body.activities.map((a: any) => a.id)).size).toBe(list.body.activities.length);
      expect(list.body.watermark).toBe(String(Number(mark) + list.body.activities.length));

      // Nothing new: an empty list and the same watermark.
      const none = await activities(app, g.conversationId, g.token, list.body.watermark);
      expect(none.body).toEqual({ activities: [], watermark: list.body.watermark });
      // No watermark: everything from the start.
      const all = await activities(app, g.conversationId, g.token);
      expect(all.body.activities).toHaveLength(greeting.body.activities.length + list.body.activities.length);
    });

    it('a retried post with the same clientActivityID is processed once', async () => {
      const g = await generate(app);
      await start(app, g.token);
      const first = await send(app, g.conversationId, g.token, message('yes', 'retry-me'));
      const again = await send(app, g.conversationId, g.token, message('yes', 'retry-me'));
      // And two at once.
      const [x, y] = await Promise.all([
        send(app, g.conversationId, g.token, message('no', 'twice')),
        send(app, g.conversationId, g.token, message('no', 'twice')),
      ]);
      expect([first, again, x, y].map((r) => r.status)).toEqual([200, 200, 200, 200]);
      expect(again.body.id).toBe(first.body.id);
      expect(x.body.id).toBe(y.body.id);

      const transcript = await transcriptOf(app, g.conversationId);
      expect(transcript.filter((e) => e.direction === 'in').map((e) => e.messageId)).toEqual([first.body.id, x.body.id]);
      const repliesTo = (id: string) => transcript.filter((e) => e.replyTo === id).map((e) => e.rendered?.key);
      expect(repliesTo(first.body.id)).toEqual(['q.danger.prompt']);
      expect(repliesTo(x.body.id).length).toBeGreaterThan(0);
      const list = await activities(app, g.conversationId, g.token);
      expect(list.body.activities.filter((a: any) => a.channelData?.clientActivityID === 'retry-me')).toHaveLength(1);
      expect(list.body.activities).toHaveLength(transcript.length);
    });

    it('a message without a clientActivityID gets an id of its own', async () => {
      const g = await generate(app);
      await start(app, g.token);
      const a = await send(app, g.conversationId, g.token, message('yes', null));
      const b = await send(app, g.conversationId, g.token, message('no', null));
      expect(a.body.id).not.toBe(b.body.id);
      const list = await activities(app, g.conversationId, g.token);
      const mine = list.body.activities.filter((x: any) => x.from.role === 'user');
      expect(mine.map((x: any) => [x.id, x.from.id, x.channelData])).toEqual([
        [a.body.id, 'user', undefined],
        [b.body.id, 'user', undefined],
      ]);
    });

    it('a failure inside the turn is a JSON 500; the retry of the same message then goes through', async () => {
      const g = await generate(app);
      await start(app, g.token);
      const spy = jest.spyOn(app.parts.service, 'receive').mockRejectedValueOnce(new Error('store unreachable'));
      try {
        const failed = await send(app, g.conversationId, g.token, message('yes', 'fails-once'));
        expect(failed.status).toBe(500);
        expect(failed.body).toEqual({ code: expect.any(String), message: expect.any(String) });
      } finally {
        spy.mockRestore();
      }
      const retried = await send(app, g.conversationId, g.token, message('yes', 'fails-once'));
      expect(retried.status).toBe(200);
      const transcript = await transcriptOf(app, g.conversationId);
      expect(transcript.filter((e) => e.direction === 'in').map((e) => e.messageId)).toEqual([retried.body.id]);
      expect(transcript.filter((e) => e.replyTo === retried.body.id).map((e) => e.rendered?.key)).toEqual(['q.danger.prompt']);
    });

    it('typing and events are acknowledged and not processed', async () => {
      const g = await generate(app);
      await start(app, g.token);
      const before = await transcriptOf(app, g.conversationId);
      for (const activity of [
        { type: 'typing', from: { id: 'u' } },
        { type: 'event', name: 'webchat/join', from: { id: 'u' }, value: {} },
      ]) {
        const r = await send(app, g.conversationId, g.token, activity);
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ id: expect.any(String) });
      }
      expect(await transcriptOf(app, g.conversationId)).toEqual(before);
    });

    it('endOfConversation from the family ends it: an intake in progress is marked abandoned, silently; one no longer in progress is left as it is', async () => {
      const statusOf = async (id: string) => {
        const record = await app.parts.store.findConversation({ channel: 'webchat', address: id });
        return record ? app.parts.engine.contextOf(record.snapshot).status : null;
      };
      const g = await generate(app);
      await start(app, g.token);
      expect((await send(app, g.conversationId, g.token, message('yes', 'eoc-1'))).status).toBe(200);
      const before = await transcriptOf(app, g.conversationId);
      expect(await statusOf(g.conversationId)).toBe('in_progress');
      const r = await send(app, g.conversationId, g.token, { type: 'endOfConversation', from: { id: 'visitor-1' } });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ id: expect.any(String) });
      expect(await statusOf(g.conversationId)).toBe('abandoned');
      // Nothing is said to a family that left.
      expect(await transcriptOf(app, g.conversationId)).toEqual(before);
      // Again: nothing more happens.
      expect((await send(app, g.conversationId, g.token, { type: 'endOfConversation' })).status).toBe(200);
      expect(await statusOf(g.conversationId)).toBe('abandoned');

      // One that is no longer in progress (the family opted out) keeps its status.
      const stopped = await generate(app);
      await start(app, stopped.token);
      expect((await send(app, stopped.conversationId, stopped.token, message('STOP', 'eoc-stop'))).status).toBe(200);
      expect(await statusOf(stopped.conversationId)).toBe('opted_out');
      expect((await send(app, stopped.conversationId, stopped.token, { type: 'endOfConversation' })).status).toBe(200);
      expect(await statusOf(stopped.conversationId)).toBe('opted_out');

      // A conversation never started: nothing to end, nothing stored.
      const unstarted = await generate(app);
      expect((await send(app, unstarted.conversationId, unstarted.token, { type: 'endOfConversation' })).status).toBe(200);
      expect(await statusOf(unstarted.conversationId)).toBeNull();
      // Another conversation's token cannot end this one.
      const other = await generate(app);
      await start(app, other.token);
      expectError(await send(app, other.conversationId, g.token, { type: 'endOfConversation' }), 403, 'Forbidden');
      expect(await statusOf(other.conversationId)).toBe('in_progress');
    });

    it('a message to a conversation not started yet starts it', async () => {
      const g = await generate(app);
      const empty = await activities(app, g.conversationId, g.token);
      expect(empty.body).toEqual({ activities: [], watermark: null });
      expect((await activities(app, g.conversationId, g.token, '3')).body).toEqual({ activities: [], watermark: '3' });
      const r = await send(app, g.conversationId, g.token, message('Hello', 'first'));
      expect(r.status).toBe(200);
      const list = await activities(app, g.conversationId, g.token);
      expect(list.body.activities[0]).toMatchObject({ text: 'Hello', channelData: { clientActivityID: 'first' } });
      expect(list.body.activities.length).toBeGreaterThan(1);
    });
  });

  describe('errors: JSON bodies, nothing written, the server goes on', () => {
    let g: { conversationId: string; token: string };
    let before: unknown[];
    beforeAll(async () => {
      g = await generate(app);
      await start(app, g.token);
      before = await transcriptOf(app, g.conversationId);
    });
    afterAll(async () => {
      expect(await transcriptOf(app, g.conversationId)).toEqual(before);
      const health = await fetch(`${app.url}/healthz`);
      expect(health.status).toBe(200);
    });
    const path = () => `/conversations/${g.conversationId}/activities`;

    it('malformed JSON: 400', async () => {
      expectError(await call(app, 'POST', path(), { auth: g.token, raw: '{"type": "message", "text": ' }), 400, 'InvalidContent');
      expectError(await call(app, 'POST', '/conversations', { auth: g.token, raw: '{' }), 400, 'InvalidContent');
      expectError(await call(app, 'POST', '/tokens/generate', { raw: 'nope' }), 400, 'InvalidContent');
    });

    it('a body that is not an activity: 400', async () => {
      for (const bad of [
        null,
        [],
        'text',
        { text: 'no type' },
        { type: 'message', text: 42 },
        { type: 'message', channelData: { clientActivityID: 7 } },
        { type: 'message', text: 'x', from: 'me' },
        { type: 'message', text: 'x', attachments: {} },
        { type: 'message', text: 'x', locale: 12 },
        { type: 'message', text: 'x', channelData: { clientActivityID: 'x'.repeat(201) } },
      ]) {
        expectError(await send(app, g.conversationId, g.token, bad), 400, 'BadRequest');
      }
      expectError(await start(app, g.token, { locale: ['fr'] }), 400, 'BadRequest');
    });

    it('not JSON: 415', async () => {
      expectError(
        await call(app, 'POST', path(), { auth: g.token, raw: 'type=message&text=hi', type: 'application/x-www-form-urlencoded' }),
        415,
        'UnsupportedMediaType',
      );
      expectError(await call(app, 'POST', path(), { auth: g.token, raw: 'hello', type: 'text/plain' }), 415, 'UnsupportedMediaType');
      expectError(await call(app, 'POST', '/tokens/generate', { raw: 'hello', type: 'text/plain' }), 415, 'UnsupportedMediaType');
    });

    it('a body over 64 KB: 413', async () => {
      const big = JSON.stringify(message('x'.repeat(70 * 1024), 'big'));
      expectError(await call(app, 'POST', path(), { auth: g.token, raw: big }), 413, 'PayloadTooLarge');
    });

    it('an unknown conversation: 404', async () => {
      const unknown = 'Z'.repeat(24);
      expectError(await send(app, unknown, SECRET, message('hi')), 404, 'NotFound');
      expectError(await activities(app, unknown, SECRET), 404, 'NotFound');
      expectError(await send(app, unknown, g.token, message('hi')), 404, 'NotFound');
    });

    it('a missing, bad or expired token, or another conversation’s: 403', async () => {
      const expired = jwt.sign({ conv: g.conversationId, exp: Math.floor(Date.now() / 1000) - 1 }, signingKey, { algorithm: 'HS256' });
      const other = await generate(app);
      expectError(await call(app, 'POST', path(), { json: message('hi') }), 403, 'Forbidden');
      expectError(await activities(app, g.conversationId, ''), 403, 'Forbidden');
      for (const bad of ['garbage', expired, other.token]) {
        expectError(await send(app, g.conversationId, bad, message('hi')), 403, 'Forbidden');
        expectError(await activities(app, g.conversationId, bad), 403, 'Forbidden');
        expectError(await call(app, 'GET', `/conversations/${g.conversationId}`, { auth: bad }), 403, 'Forbidden');
      }
      expectError(await start(app, expired), 403, 'Forbidden');
    });

    it('a watermark this service never gave: 400', async () => {
      expectError(await activities(app, g.conversationId, g.token, 'abc'), 400, 'BadRequest');
      expectError(await activities(app, g.conversationId, g.token, '-1'), 400, 'BadRequest');
    });
  });

  it('answers a browser’s preflight from another origin', async () => {
    const r = await fetch(`${app.url}${DL}/conversations/abc/activities`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://firm.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
    expect(r.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const g = await call(app, 'POST', '/tokens/generate', { headers: { Origin: 'https://firm.example' } });
    expect(g.headers.get('access-control-allow-origin')).toBe('*');
  });
});

/** The official client in Node: REST over xhr2; its WebSocket (default mode), the `ws` package's. */
function officialClient() {
  const g = globalThis as Record<string, unknown>;
  // The globals must be set before the client loads, which an import (hoisted) cannot do.
  /* eslint-disable @typescript-eslint/no-require-imports */
  g.XMLHttpRequest = require('xhr2');
  g.WebSocket = require('ws').WebSocket;
  return require('botframework-directlinejs') as typeof import('botframework-directlinejs');
  /* eslint-enable @typescript-eslint/no-require-imports */
}

async function until<T>(what: string, check: () => T | undefined | null | false, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the official client (botframework-directlinejs)', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(async () => {
    await app.close();
  });

  it.each([
    ['polling', false],
    ['its WebSocket (the default)', true],
  ])(
    'completes the reference intake over %s',
    async (_how, webSocket) => {
      const { DirectLine, ConnectionStatus } = officialClient();
      const { token, conversationId } = await generate(app);
      const dl = new DirectLine({
        token,
        domain: `${app.url}${DL}`,
        webSocket,
        pollingInterval: 200, // the client's lower bound: below it, it falls back to 1 s
        conversationStartProperties: { locale: 'en' },
      } as ConstructorParameters<typeof DirectLine>[0]);
      const seen: any[] = [];
      const sub = dl.activity$.subscribe((a) => seen.push(a));
      try {
        const fromBot = () => seen.filter((a) => a.from.role === 'bot' || a.from.id === 'bot');
        const repliesStored = async (inboundId: string) => {
          const conversation = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
          const entries = await app.parts.store.transcript(conversation!.id);
          return entries.filter((e) => e.direction === 'out' && e.replyTo === inboundId).length;
        };
        await until('the greeting', () => fromBot().some((a) => a.channelData.key === 'q.consent.prompt'));
        expect(dl.connectionStatus$.getValue()).toBe(ConnectionStatus.Online);
        expect(fromBot().map((a) => a.channelData.key)).toContain('q.consent.prompt');

        // On web chat the assistant speaks first, so the opening "Hello" answers nothing: it is left
        // out. Web chat knows no phone number: it is asked after the documents.
        const lines = REFERENCE.en.slice(1);
        lines.splice(lines.indexOf('passport, doctor letter, police check') + 1, 0, '716 555 0199');
        for (const [i, text] of lines.entries()) {
          const clientActivityID = `ref-${i}`;
          const id = await new Promise<string>((resolve, reject) =>
            dl
              .postActivity({ type: 'message', from: { id: 'visitor', role: 'user' }, text, locale: 'en', channelData: { clientActivityID } } as any)
              .subscribe(resolve, reject),
          );
          expect(id).toBe(`${conversationId}:${clientActivityID}`);
          await until(`the echo of "${text}"`, () => seen.some((a) => a.channelData?.clientActivityID === clientActivityID));
          // The message is answered (stored) before the post returns, but the client delivers the
          // activities it polls one by one: wait for every stored reply to it, not only the first.
          const stored = await repliesStored(id);
          expect(stored).toBeGreaterThan(0);
          await until(`all ${stored} replies to "${text}"`, () => seen.filter((a) => a.replyToId === id).length === stored);
        }
        const keys = fromBot().map((a) => a.channelData.key as string);
        expect(keys.filter((k) => k.startsWith('reprompt.') || k.endsWith('.reprompt'))).toEqual([]);
        expect(new Set(seen.map((a) => a.id)).size).toBe(seen.length);
        for (const a of seen) expect(a).toMatchObject({ id: expect.any(String), timestamp: expect.any(String) });

        const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
        const intakeId = (record!.snapshot as unknown as { context: { intakeId: string } }).context.intakeId;
        const summary = await app.parts.store.getIntake(intakeId);
        expect(summary).toMatchObject({ status: 'complete', reference: expect.stringMatching(/^HP-/), language: 'en' });
        expect(summary!.contact).toMatchObject({ name: 'Marc Tremblay', phone: '+17165550199', email: 'marc@example.com' });
        expect(summary!.consent?.channel).toBe('webchat');
        // The reference, then what happens next, then the link to send documents.
        expect(keys.slice(-3)).toEqual(['say.submitted', expect.stringMatching(/^say\.next\./), 'say.docsLink']);
        expect(seen.at(-3).text).toContain(summary!.reference!);
        expect(seen.at(-1).text).toContain(`${app.env.PUBLIC_BASE_URL}/documents/`);
      } finally {
        sub.unsubscribe();
        dl.end();
      }
    },
    120_000,
  );
});

describe('a restart', () => {
  const apps: TestServer[] = [];
  afterEach(async () => {
    for (const a of apps.splice(0)) await a.close().catch(() => undefined);
  });

  it('keeps the conversation: the same token, the next message goes on where it was', async () => {
    const first = await startTestServer();
    apps.push(first);
    const { conversationId, token } = await generate(first);
    await start(first, token);
    for (const text of ['yes', 'no']) expect((await send(first, conversationId, token, message(text))).status).toBe(200);
    const before = await activities(first, conversationId, token);
    await first.close();
    apps.length = 0;

    const second = await startTestServer({}, { dataDir: first.dataDir });
    apps.push(second);
    expect(second.url).not.toBe(first.url);
    // The old history is there, under the same watermark.
    expect((await activities(second, conversationId, token)).body).toEqual(before.body);
    expect((await call(second, 'POST', '/conversations', { auth: token, json: { locale: 'en' } })).status).toBe(200);
    const r = await send(second, conversationId, token, message('outside the US', 'after-restart'));
    expect(r.status).toBe(200);
    const next = await activities(second, conversationId, token, before.body.watermark);
    const keys = next.body.activities.filter((a: any) => a.from.role === 'bot').map((a: any) => a.channelData.key);
    // Exactly what the same conversation gives without a restart.
    const expected = converse(['yes', 'no', 'outside the US'], { channel: 'webchat', greet: true, lang: 'en' });
    expect(keys).toEqual(expected.turns.at(-1)!.keys);
    expect(keys).toContain('q.role.prompt');
    expect(next.body.activities[0]).toMatchObject({ id: `${conversationId}:after-restart`, channelData: { clientActivityID: 'after-restart' } });
  });
});
