/**
 * Direct Line streaming over a real WebSocket (the `ws` client) against the real server: the
 * streamUrl that start and reconnect return, activity sets with watermarks exactly as polling
 * lists them, keep-alives, a clean close when the token expires and when the conversation ends,
 * refusals, and a socket that lives past the request timeouts and counts under the per-IP cap.
 * The language of a conversation started without a locale comes from Accept-Language.
 */
import { connect } from 'node:net';
import jwt from 'jsonwebtoken';
import { WebSocket } from 'ws';
import { MAX_STREAMS_PER_CONVERSATION } from '../src/channels/directline/streams';
import { DirectLineTokens } from '../src/channels/directline/tokens';
import { tokenSecret } from '../src/server/keys';
import { openStream, type ActivitySet, type Stream } from './support/dl-stream';
import { startTestServer, type TestServer } from './support/server';

const DL = '/v3/directline';

/** The status an upgrade is answered with, and its JSON body (101: it opened). */
function upgrade(url: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.close();
      resolve({ status: 101, body: null });
    });
    ws.once('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
    });
    ws.once('error', reject);
  });
}

async function call(app: TestServer, method: string, path: string, o: { auth?: string; json?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(o.headers ?? {}) };
  if (o.auth) headers.Authorization = `Bearer ${o.auth}`;
  if (o.json !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(`${app.url}${DL}${path}`, { method, headers, body: o.json === undefined ? undefined : JSON.stringify(o.json) });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null };
}

async function begin(app: TestServer, json: unknown = { locale: 'en' }, headers: Record<string, string> = {}) {
  const g = await call(app, 'POST', '/tokens/generate');
  const s = await call(app, 'POST', '/conversations', { auth: g.body.token, json, headers });
  expect(s.status).toBe(201);
  return s.body as { conversationId: string; token: string; expires_in: number; streamUrl: string };
}

let n = 0;
const say = (app: TestServer, id: string, token: string, text: string, clientActivityID = `s${++n}`) =>
  call(app, 'POST', `/conversations/${id}/activities`, {
    auth: token,
    json: { type: 'message', from: { id: 'visitor' }, text, locale: 'en', channelData: { clientActivityID } },
  });

const poll = async (app: TestServer, id: string, token: string, watermark = '') =>
  (await call(app, 'GET', `/conversations/${id}/activities${watermark ? `?watermark=${watermark}` : ''}`, { auth: token })).body as ActivitySet;

describe('Direct Line streams', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({}, { start: { streamTiming: { keepAliveMs: 150 } } });
  });
  afterAll(async () => {
    await app.close();
  });

  it('start gives a streamUrl on this server whose socket pushes what polling lists, set by set, with watermarks', async () => {
    const c = await begin(app);
    const port = new URL(app.url).port;
    expect(c.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${port}/v3/directline/conversations/${c.conversationId}/stream\\?watermark=&t=[\\w.-]+$`));
    const stream = await openStream(c.streamUrl);
    // First: everything so far (the greeting), with its watermark.
    const first = await stream.until('the greeting', () => stream.sets[0]);
    const greeting = await poll(app, c.conversationId, c.token);
    expect(first).toEqual(greeting);
    expect(first.activities.map((a) => a.channelData.key)).toContain('q.consent.prompt');

    // A message: its echo (with the client's id) and the replies come as they are committed.
    const posted = await say(app, c.conversationId, c.token, 'yes', 'stream-1');
    expect(posted.status).toBe(200);
    const next = await poll(app, c.conversationId, c.token, greeting.watermark);
    await stream.until('the turn', () => stream.activities().length === greeting.activities.length + next.activities.length);
    expect(stream.activities().slice(greeting.activities.length)).toEqual(next.activities);
    expect(next.activities[0]).toMatchObject({ id: posted.body.id, channelData: { clientActivityID: 'stream-1' } });
    expect(stream.sets.at(-1)!.watermark).toBe(next.watermark);
    // Each activity once, in the transcript's order.
    expect(stream.activities()).toEqual((await poll(app, c.conversationId, c.token)).activities);
  });

  it('reconnect gives a streamUrl that starts after the watermark given', async () => {
    const c = await begin(app);
    const greeting = await poll(app, c.conversationId, c.token);
    await say(app, c.conversationId, c.token, 'yes');
    const r = await call(app, 'GET', `/conversations/${c.conversationId}?watermark=${greeting.watermark}`, { auth: c.token });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      conversationId: c.conversationId,
      token: expect.any(String),
      expires_in: c.expires_in,
      streamUrl: expect.stringContaining(`/stream?watermark=${greeting.watermark}&t=`),
    });
    const stream = await openStream(r.body.streamUrl);
    const set = await stream.until('the rest', () => stream.sets[0]);
    expect(set).toEqual(await poll(app, c.conversationId, c.token, greeting.watermark));
    expect(set.activities[0].text).toBe('yes');
    // A watermark this service never gave is refused, as on the activity list.
    expect((await call(app, 'GET', `/conversations/${c.conversationId}?watermark=x`, { auth: c.token })).status).toBe(400);
  });

  it('sends keep-alives (empty messages) while nothing happens; the client’s own change nothing', async () => {
    const c = await begin(app);
    const stream = await openStream(c.streamUrl);
    stream.ws.send('');
    await stream.until('three keep-alives', () => stream.keepAlives >= 3);
    expect(stream.ws.readyState).toBe(WebSocket.OPEN);
    expect(stream.sets).toHaveLength(1);
  });

  it('ties a stream to the token handed out with it, and closes cleanly when that expires; a reconnect opens a new one', async () => {
    const c = await begin(app);
    // The stream token (`t`, as Azure's) is short-lived, and says until when the socket may stay open: the token's expiry.
    const t = new URL(c.streamUrl).searchParams.get('t')!;
    const claims = jwt.decode(t) as jwt.JwtPayload;
    expect(claims.until).toBe((jwt.decode(c.token) as jwt.JwtPayload).exp);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(120);

    // A token lifetime of two seconds.
    const stream = await openStream(app.parts.streams.urlFor(c.conversationId, null, Math.floor(Date.now() / 1000) + 2, null));
    await stream.until('the history', () => stream.sets[0]);
    expect(await stream.closed).toEqual({ code: 1000, reason: 'token expired' });
    // The client's way back: reconnect with its (refreshed) token, from its watermark.
    const r = await call(app, 'GET', `/conversations/${c.conversationId}?watermark=${stream.sets[0].watermark}`, { auth: c.token });
    const again = await openStream(r.body.streamUrl);
    await say(app, c.conversationId, c.token, 'yes', 'after-expiry');
    await again.until('the message sent after', () => again.activities().find((a) => a.channelData?.clientActivityID === 'after-expiry'));
    // Nothing it had already: it starts after the watermark.
    expect(again.activities()[0].channelData.clientActivityID).toBe('after-expiry');
  });

  it('closes cleanly when the conversation ends (the family ends it)', async () => {
    const c = await begin(app);
    const stream = await openStream(c.streamUrl);
    await stream.until('the greeting', () => stream.sets[0]);
    await say(app, c.conversationId, c.token, 'yes');
    expect(
      (
        await call(app, 'POST', `/conversations/${c.conversationId}/activities`, {
          auth: c.token,
          json: { type: 'endOfConversation', from: { id: 'visitor' } },
        })
      ).status,
    ).toBe(200);
    expect(await stream.closed).toEqual({ code: 1000, reason: 'conversation ended' });
  });

  it('closes cleanly when the conversation is gone (retention deleted it)', async () => {
    const c = await begin(app);
    const stream = await openStream(c.streamUrl);
    await stream.until('the greeting', () => stream.sets[0]);
    // Consent declined: nothing is kept of it, and retention deletes the conversation.
    await say(app, c.conversationId, c.token, 'no', 'decline');
    await stream.until('the reply', () => stream.activities().some((a) => a.replyToId === `${c.conversationId}:decline`));
    expect(await app.parts.store.purgeConversations({ statuses: ['declined'], updatedBefore: new Date(Date.now() + 60_000).toISOString() })).toBeGreaterThan(0);
    expect(await app.parts.store.findConversation({ channel: 'webchat', address: c.conversationId })).toBeNull();
    expect(await stream.closed).toEqual({ code: 1000, reason: 'conversation ended' });
  });

  it('opens only with a valid stream token of that conversation; a stream token is no bearer token', async () => {
    const a = await begin(app);
    const b = await begin(app);
    const base = `${app.url.replace('http', 'ws')}${DL}/conversations/${a.conversationId}/stream`;
    const tOf = (url: string) => new URL(url).searchParams.get('t')!;
    const stale = new DirectLineTokens(tokenSecret(app.parts.config), 60, null).streamToken(
      a.conversationId,
      null,
      Math.floor(Date.now() / 1000) + 3600,
      Date.now() - 10 * 60_000,
    );
    for (const [url, why] of [
      [base, 'no token'],
      [`${base}?t=garbage`, 'garbage'],
      [`${base}?t=${tOf(b.streamUrl)}`, 'another conversation’s'],
      [`${base}?t=${a.token}`, 'a bearer token'],
      [`${base}?t=${stale}`, 'a stale one'],
    ]) {
      const r = await upgrade(url);
      expect([why, r.status]).toEqual([why, 403]);
      expect(r.body).toEqual({ code: 'Forbidden', message: expect.any(String) });
    }
    expect((await upgrade(`${base}?watermark=abc&t=${tOf(a.streamUrl)}`)).status).toBe(400);
    expect((await upgrade(`${app.url.replace('http', 'ws')}${DL}/conversations/${a.conversationId}/elsewhere`)).status).toBe(404);
    expect((await upgrade(a.streamUrl)).status).toBe(101);
    // The stream token opens nothing else.
    expect((await call(app, 'GET', `/conversations/${a.conversationId}/activities`, { auth: tOf(a.streamUrl) })).status).toBe(403);
    expect((await call(app, 'POST', '/tokens/refresh', { auth: tOf(a.streamUrl) })).status).toBe(403);
  });

  it(`opens at most ${MAX_STREAMS_PER_CONVERSATION} sockets on one conversation at once (429 past them)`, async () => {
    const c = await begin(app);
    const before = app.parts.streams.open;
    const open: Stream[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_CONVERSATION; i++) open.push(await openStream(c.streamUrl));
    expect(await upgrade(c.streamUrl)).toEqual({ status: 429, body: { code: 'TooManyRequests', message: expect.any(String) } });
    // One closed frees its place (once the server has seen it closed).
    open[0].ws.close();
    await open[0].closed;
    while (app.parts.streams.open !== before + MAX_STREAMS_PER_CONVERSATION - 1) await new Promise((r) => setTimeout(r, 5));
    expect((await upgrade(c.streamUrl)).status).toBe(101);
  });

  it('starts the conversation in the browser’s language when the client sends no locale (Web Chat)', async () => {
    const keysOf = async (c: { conversationId: string; token: string }) =>
      (await poll(app, c.conversationId, c.token)).activities.map((a) => [a.locale, a.channelData.key]);
    const fr = await begin(app, {}, { 'Accept-Language': 'fr-CA,fr;q=0.9,en-US;q=0.8,en;q=0.7' });
    expect((await keysOf(fr)).at(-1)).toEqual(['fr', 'q.consent.prompt']);
    // The first language it speaks, in the browser's order of preference.
    const es = await begin(app, {}, { 'Accept-Language': 'de-DE, es;q=0.8, en;q=0.5' });
    expect((await keysOf(es)).at(-1)).toEqual(['es', 'q.consent.prompt']);
    // A locale the client sends wins.
    const en = await begin(app, { locale: 'en-US' }, { 'Accept-Language': 'fr-FR' });
    expect((await keysOf(en)).at(-1)).toEqual(['en', 'q.consent.prompt']);
    // Nothing it speaks: it asks.
    const none = await begin(app, {}, { 'Accept-Language': 'de-DE,de;q=0.9' });
    expect((await keysOf(none)).map(([, k]) => k)).toContain('q.language.prompt');
    expect((await keysOf(none)).map(([, k]) => k)).not.toContain('q.consent.prompt');
  });
});

describe('Direct Line streams behind TLS', () => {
  it('are wss:// on the public host when PUBLIC_BASE_URL is https', async () => {
    const app = await startTestServer({ PUBLIC_BASE_URL: 'https://intake.example.test' });
    try {
      const c = await begin(app);
      expect(c.streamUrl).toMatch(new RegExp(`^wss://intake\\.example\\.test/v3/directline/conversations/${c.conversationId}/stream\\?watermark=&t=`));
    } finally {
      await app.close();
    }
  });
});

describe('Direct Line streams and the connection limits', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer(
      { REQUEST_TIMEOUT_SECONDS: '1', HEADERS_TIMEOUT_SECONDS: '1', KEEP_ALIVE_TIMEOUT_SECONDS: '1', MAX_CONNECTIONS_PER_IP: '2' },
      { start: { streamTiming: { keepAliveMs: 250 } } },
    );
  });
  afterAll(async () => {
    await app.close();
  });

  const until = async (what: string, check: () => boolean) => {
    for (let i = 0; i < 4_000; i++) {
      if (check()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`never: ${what}`);
  };

  it('a socket outlives the request timeouts, and counts as a connection under the per-IP cap', async () => {
    const a = await begin(app);
    const b = await begin(app);
    await until('the requests’ connections closed', () => app.connections.openFrom('127.0.0.1') === 0);
    const first = await openStream(a.streamUrl);
    const second = await openStream(b.streamUrl);
    expect(app.connections.openFrom('127.0.0.1')).toBe(2);
    // Well past the 1 s request and header timeouts (and Node's checks for them), still open.
    await first.until('eight keep-alives', () => first.keepAlives >= 8);
    expect(first.ws.readyState).toBe(WebSocket.OPEN);
    expect(first.sets).toHaveLength(1);

    // Past the cap, a new connection is closed at once.
    const refused = await new Promise<boolean>((resolve) => {
      const socket = connect(Number(new URL(app.url).port), '127.0.0.1');
      socket.on('error', () => undefined);
      socket.once('close', () => resolve(true));
      socket.once('data', () => resolve(false));
      socket.once('connect', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    });
    expect(refused).toBe(true);
    // A socket closed frees its place.
    second.ws.close();
    await second.closed;
    await until('the server sees it closed', () => app.connections.openFrom('127.0.0.1') === 1);
    const posted = await say(app, a.conversationId, a.token, 'yes', 'after-cap');
    expect(posted.status).toBe(200);
    await first.until('the reply', () => first.activities().find((x) => x.channelData?.clientActivityID === 'after-cap'));
  });
});
