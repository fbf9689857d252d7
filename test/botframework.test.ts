/**
 * Bot Framework: the Emulator (no app id) talks to POST /api/messages and gets the intake's
 * replies at its serviceUrl; with an app id set, a request without a valid token is refused.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestServer, type TestServer } from './support/server';

interface Captured {
  path: string;
  activity: { type: string; text?: string; suggestedActions?: { actions: { title: string }[] } };
}

/** A stand-in for the Emulator's connector: it receives the bot's replies. */
async function fakeConnector(): Promise<{ url: string; received: Captured[]; server: Server }> {
  const received: Captured[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', activity: JSON.parse(body || '{}') });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${received.length}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

function activity(serviceUrl: string, id: string, text: string) {
  return {
    type: 'message',
    id,
    timestamp: new Date().toISOString(),
    channelId: 'emulator',
    serviceUrl,
    conversation: { id: 'emulator-conv-1' },
    from: { id: 'user-1', name: 'User', role: 'user' },
    recipient: { id: 'bot', name: 'Bot', role: 'bot' },
    text,
    locale: 'en-US',
  };
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('Bot Framework /api/messages', () => {
  let app: TestServer;
  let connector: Awaited<ReturnType<typeof fakeConnector>>;
  beforeAll(async () => {
    app = await startTestServer();
    connector = await fakeConnector();
  });
  afterAll(async () => {
    await app.close();
    await new Promise((r) => connector.server.close(r));
  });

  it('works with the Emulator and no app id: the replies go to its serviceUrl', async () => {
    const r1 = await post(app.url, activity(connector.url, 'm1', 'Hello'));
    expect(r1.status).toBe(200);
    const texts = connector.received.map((c) => c.activity.text ?? '');
    expect(texts.join(' ')).toContain('automated assistant');
    expect(connector.received[0].path).toContain('/v3/conversations/emulator-conv-1/activities');
    const consent = connector.received.at(-1)!.activity;
    expect(consent.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No']);

    const before = connector.received.length;
    const r2 = await post(app.url, activity(connector.url, 'm2', 'Yes'));
    expect(r2.status).toBe(200);
    expect(
      connector.received
        .slice(before)
        .map((c) => c.activity.text)
        .join(' '),
    ).toContain('in danger');

    // The turn is stored like any other channel's.
    const record = await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:emulator-conv-1' });
    const transcript = await app.parts.store.transcript(record!.id);
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['Hello', 'Yes']);
  });

  it("times a turn by when the server received it, not by the caller's timestamp", async () => {
    const sent = new Date();
    for (const [id, timestamp] of [
      ['t1', '2001-01-01T00:00:00Z'],
      ['t2', '2099-12-31T00:00:00Z'],
    ] as const) {
      const r = await post(app.url, { ...activity(connector.url, id, 'Hello'), conversation: { id: `clock-${id}` }, timestamp });
      expect(r.status).toBe(200);
      // Between the request and its answer: the server's own clock, whatever the caller said.
      const answered = new Date();
      const record = await app.parts.store.findConversation({ channel: 'botframework', address: `emulator:clock-${id}` });
      const [first] = await app.parts.store.transcript(record!.id);
      expect(Date.parse(first.at)).toBeGreaterThanOrEqual(sent.getTime() - 1000);
      expect(Date.parse(first.at)).toBeLessThanOrEqual(answered.getTime());
      // Its lifetime counts from then too, not from 2001 (at once) or 2099 (never).
      expect(Date.parse(record!.abandonAt!)).toBeGreaterThan(answered.getTime());
      expect(Date.parse(record!.abandonAt!)).toBeLessThan(answered.getTime() + 2 * 24 * 60 * 60_000);
    }
  });

  it('with no app id, calls back only a connector on this machine: another host is refused, and nothing is stored', async () => {
    for (const elsewhere of ['https://attacker.example/connector', 'http://10.0.0.5:3978', 'http://169.254.169.254/latest']) {
      const r = await post(app.url, activity(elsewhere, `x-${elsewhere.length}`, 'Hello'));
      expect(r.status).toBe(403);
    }
    expect(await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:emulator-conv-1' })).toMatchObject({ version: 2 });
  });

  it('answers malformed JSON with 400 and a wrong content type with 415, as JSON', async () => {
    const bad = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'InvalidContent' });
    const wrong = await fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(wrong.status).toBe(415);
    expect(await wrong.json()).toMatchObject({ code: 'UnsupportedMediaType' });
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('Bot Framework with an app id', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
  });
  afterAll(() => app.close());

  it('refuses a request without a token, and one with a forged token, and stores nothing', async () => {
    const none = await post(app.url, activity('http://127.0.0.1:9', 'x1', 'Hello'));
    expect(none.status).toBe(401);
    const forged = await post(app.url, activity('http://127.0.0.1:9', 'x2', 'Hello'), {
      authorization: 'Bearer eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJtZSJ9.c2lnbmF0dXJl',
    });
    expect(forged.status).toBe(401);
    expect(await app.parts.store.findConversation({ channel: 'botframework', address: 'emulator:emulator-conv-1' })).toBeNull();
  });
});
