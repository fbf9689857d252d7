/**
 * Direct Line from a page on another site, as a browser sees it: CORS preflights with the headers
 * the official clients send, refusals the page can read (their status and Retry-After), and the
 * firm's list of sites allowed (WEBCHAT_ALLOWED_ORIGINS): a page of any other site is not served,
 * neither over HTTP nor over the stream's WebSocket.
 */
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from './support/server';

const DL = '/v3/directline';
const FIRM = 'https://www.firm.example';
const OTHER = 'https://elsewhere.example';
/** What botframework-directlinejs (Web Chat) asks for on a cross-origin POST. */
const CLIENT_HEADERS = ['authorization', 'content-type', 'accept', 'x-requested-with', 'x-ms-bot-agent'];

const preflight = (app: TestServer, path: string, origin: string, method = 'POST') =>
  fetch(`${app.url}${DL}${path}`, {
    method: 'OPTIONS',
    headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': CLIENT_HEADERS.join(',') },
  });

const allowedHeaders = (r: Response) => (r.headers.get('access-control-allow-headers') ?? '').split(',').map((h) => h.trim().toLowerCase());

async function generate(app: TestServer, headers: Record<string, string> = {}) {
  const r = await fetch(`${app.url}${DL}/tokens/generate`, { method: 'POST', headers });
  return { status: r.status, headers: r.headers, body: (await r.json()) as any };
}

async function transcriptLength(app: TestServer, conversationId: string) {
  const record = await app.parts.store.findConversation({ channel: 'webchat', address: conversationId });
  return record ? (await app.parts.store.transcript(record.id)).length : 0;
}

/** The status a WebSocket upgrade is answered with (101 when it opens). */
function upgradeStatus(url: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('error', (err) => reject(err));
  });
}

describe('Direct Line CORS, any site allowed (the default)', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ RATE_DIRECTLINE_TOKENS_PER_IP_PER_MINUTE: '3' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers the preflight of every call with the headers Web Chat sends', async () => {
    for (const [path, method] of [
      ['/tokens/generate', 'POST'],
      ['/conversations', 'POST'],
      ['/conversations/AAAAAAAAAAAAAAAAAAAAAAAA', 'GET'],
      ['/conversations/AAAAAAAAAAAAAAAAAAAAAAAA/activities', 'POST'],
      ['/conversations/AAAAAAAAAAAAAAAAAAAAAAAA/activities?watermark=3', 'GET'],
      ['/tokens/refresh', 'POST'],
    ]) {
      const r = await preflight(app, path, FIRM, method);
      expect(r.status).toBe(204);
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect((r.headers.get('access-control-allow-methods') ?? '').split(',').map((m) => m.trim())).toEqual(expect.arrayContaining(['GET', 'POST']));
      expect(allowedHeaders(r)).toEqual(expect.arrayContaining(CLIENT_HEADERS));
      expect(r.headers.get('access-control-max-age')).toBe('600');
    }
  });

  it('lets the page read every refusal: a body it cannot take (415, 413), a bad token (403), too many (429, with Retry-After)', async () => {
    const headers = { Origin: FIRM, 'Content-Type': 'application/json' };
    const encoded = await fetch(`${app.url}${DL}/tokens/generate`, { method: 'POST', headers: { ...headers, 'Content-Encoding': 'gzip' }, body: '{}' });
    const big = await fetch(`${app.url}${DL}/conversations`, {
      method: 'POST',
      headers: { ...headers, Authorization: 'Bearer x' },
      body: JSON.stringify({ pad: 'x'.repeat(70 * 1024) }),
    });
    const forbidden = await fetch(`${app.url}${DL}/conversations`, {
      method: 'POST',
      headers: { ...headers, Authorization: 'Bearer not-a-token' },
      body: '{}',
    });
    const refused = [encoded, big, forbidden];
    for (let i = 0; i < 4; i++) {
      const r = await fetch(`${app.url}${DL}/tokens/generate`, { method: 'POST', headers: { Origin: FIRM } });
      if (r.status === 429) {
        refused.push(r);
        break;
      }
      await r.arrayBuffer();
    }
    expect(refused.map((r) => r.status)).toEqual([415, 413, 403, 429]);
    for (const r of refused) {
      expect(r.headers.get('access-control-allow-origin')).toBe('*');
      expect(r.headers.get('access-control-expose-headers')).toMatch(/\bRetry-After\b/i);
      expect(await r.json()).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    expect(Number(refused[3].headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('Direct Line CORS, with WEBCHAT_ALLOWED_ORIGINS', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ WEBCHAT_ALLOWED_ORIGINS: `${FIRM}, https://firm.example` });
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers an allowed site with its own origin (and Vary: Origin)', async () => {
    const r = await preflight(app, '/conversations', FIRM);
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(FIRM);
    expect(r.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(allowedHeaders(r)).toEqual(expect.arrayContaining(CLIENT_HEADERS));
    const g = await generate(app, { Origin: 'https://firm.example' });
    expect(g.status).toBe(200);
    expect(g.headers.get('access-control-allow-origin')).toBe('https://firm.example');
    // A refusal before any route (the body guard) still says who may read it.
    const encoded = await fetch(`${app.url}${DL}/tokens/generate`, {
      method: 'POST',
      headers: { Origin: FIRM, 'Content-Type': 'application/json', 'Content-Encoding': 'br' },
      body: '{}',
    });
    expect(encoded.status).toBe(415);
    expect(encoded.headers.get('access-control-allow-origin')).toBe(FIRM);
  });

  it('always allows the server’s own pages (PUBLIC_BASE_URL) and callers that are no page (no Origin)', async () => {
    const own = await generate(app, { Origin: new URL(app.env.PUBLIC_BASE_URL).origin });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe(new URL(app.env.PUBLIC_BASE_URL).origin);
    const server = await generate(app);
    expect(server.status).toBe(200);
    expect(server.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves no other site: 403 without CORS headers, nothing done', async () => {
    const pre = await preflight(app, '/conversations', OTHER);
    expect(pre.status).toBe(403);
    expect(pre.headers.get('access-control-allow-origin')).toBeNull();
    expect(pre.headers.get('access-control-allow-headers')).toBeNull();

    const g = await generate(app, { Origin: OTHER });
    expect(g.status).toBe(403);
    expect(g.body).toEqual({ code: 'Forbidden', message: expect.any(String) });
    expect(g.body.token).toBeUndefined();
    expect(g.headers.get('access-control-allow-origin')).toBeNull();

    // A conversation of the firm's page: another site cannot write to it, even with its token.
    const mine = await generate(app, { Origin: FIRM });
    const start = await fetch(`${app.url}${DL}/conversations`, {
      method: 'POST',
      headers: { Origin: FIRM, Authorization: `Bearer ${mine.body.token}`, 'Content-Type': 'application/json' },
      body: '{"locale":"en"}',
    });
    expect(start.status).toBe(201);
    const { streamUrl } = (await start.json()) as { streamUrl: string };
    const before = await transcriptLength(app, mine.body.conversationId);
    expect(before).toBeGreaterThan(0);
    const post = await fetch(`${app.url}${DL}/conversations/${mine.body.conversationId}/activities`, {
      method: 'POST',
      headers: { Origin: OTHER, Authorization: `Bearer ${mine.body.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'yes', channelData: { clientActivityID: 'other-site' } }),
    });
    expect(post.status).toBe(403);
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    expect(await transcriptLength(app, mine.body.conversationId)).toBe(before);

    // Nor open its stream (WebSockets know no CORS: the server checks Origin itself).
    expect(await upgradeStatus(streamUrl, OTHER)).toBe(403);
    expect(await upgradeStatus(streamUrl, FIRM)).toBe(101);
  });
});
