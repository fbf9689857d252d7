/**
 * Abuse limits: the limiter itself (token buckets, Retry-After, eviction, bounded memory), the
 * open-conversation cap, the client IP, and each limit over real HTTP against the real server,
 * with low configured limits and the server's limit clock moved by hand (no sleeping).
 */
import { randomBytes } from 'node:crypto';
import jwt from 'jsonwebtoken';
import twilio from 'twilio';
import { clientIp, ipKey, parseProxyEntry, TrustedProxies } from '../src/limits/client-ip';
import { OpenConversations } from '../src/limits/open-conversations';
import { RateLimiter, takeAll } from '../src/limits/rate-limiter';
import { createAttorney, fieldOf, Client, PASSWORD } from './support/attorneys';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';

const T0 = Date.parse('2026-11-28T07:00:00Z');
const MINUTE = 60_000;

/** A clock the test moves. */
function clock(start = T0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

describe('RateLimiter (token bucket)', () => {
  it('lets a burst of `limit` through, refuses the next with the wait until a token is back', () => {
    const c = clock();
    const l = new RateLimiter({ limit: 3, windowMs: MINUTE, now: c.now });
    expect([l.take('a'), l.take('a'), l.take('a')].every((d) => d.allowed)).toBe(true);
    // One token every 20 s; none left now.
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    c.advance(15_000);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 5 });
    // A refusal costs nothing: at 20 s one token is back, and only one.
    c.advance(5_000);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    // Another key has its own bucket.
    expect(l.take('b').allowed).toBe(true);
  });

  it('refills to the burst, never above it', () => {
    const c = clock();
    const l = new RateLimiter({ limit: 2, windowMs: MINUTE, now: c.now });
    l.take('a');
    c.advance(10 * MINUTE);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(false);
  });

  it('rounds Retry-After up to whole seconds, at least 1', () => {
    const c = clock();
    const l = new RateLimiter({ limit: 7, windowMs: MINUTE, now: c.now });
    for (let i = 0; i < 7; i++) l.take('k');
    // 60/7 = 8.57 s per token.
    expect(l.take('k').retryAfterSeconds).toBe(9);
    c.advance(8_500);
    expect(l.take('k').retryAfterSeconds).toBe(1);
  });

  it('peek says what take would, and takes nothing', () => {
    const l = new RateLimiter({ limit: 1, windowMs: MINUTE, now: clock().now });
    expect(l.peek('a').allowed).toBe(true);
    expect(l.peek('a').allowed).toBe(true);
    expect(l.take('a').allowed).toBe(true);
    expect(l.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 60 });
  });

  it('a limit of 0 is no limit', () => {
    const l = new RateLimiter({ limit: 0, windowMs: MINUTE, now: clock().now });
    for (let i = 0; i < 1000; i++) expect(l.take('a').allowed).toBe(true);
    expect(l.size).toBe(0);
  });

  it('forgets a key untouched for a window (it is full again), so idle keys take no memory', () => {
    const c = clock();
    const l = new RateLimiter({ limit: 5, windowMs: MINUTE, now: c.now });
    for (let i = 0; i < 1000; i++) l.take(`ip${i}`);
    expect(l.size).toBe(1000);
    c.advance(MINUTE - 1);
    l.take('late');
    expect(l.size).toBe(1001);
    c.advance(1);
    l.take('later');
    // The thousand are gone; the two recent ones stay.
    expect(l.size).toBe(2);
  });

  it('never holds more than maxKeys: the least recently used is dropped first', () => {
    const c = clock();
    const l = new RateLimiter({ limit: 1, windowMs: MINUTE, maxKeys: 3, now: c.now });
    for (const k of ['a', 'b', 'c']) l.take(k);
    expect(l.take('a').allowed).toBe(false); // refused: not a use, 'a' stays the oldest
    l.take('d');
    expect(l.size).toBe(3);
    // 'a' was dropped (it starts afresh); 'b', 'c', 'd' are still spent.
    expect(l.peek('a').allowed).toBe(true);
    for (const k of ['b', 'c', 'd']) expect(l.peek(k).allowed).toBe(false);
    // A flood of new keys keeps the size at the cap.
    for (let i = 0; i < 10_000; i++) l.take(`flood${i}`);
    expect(l.size).toBe(3);
  });

  it('takeAll takes from every limiter or none, and reports the longest wait', () => {
    const c = clock();
    const minute = new RateLimiter({ limit: 3, windowMs: MINUTE, now: c.now });
    const hour = new RateLimiter({ limit: 4, windowMs: 60 * MINUTE, now: c.now });
    for (let i = 0; i < 3; i++) expect(takeAll([minute, hour], 'n').allowed).toBe(true);
    expect(takeAll([minute, hour], 'n')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    c.advance(MINUTE);
    expect(takeAll([minute, hour], 'n').allowed).toBe(true);
    // The hour's bucket is spent (4 taken, 1 back in 15 min): the minute's token was not taken either.
    const refused = takeAll([minute, hour], 'n');
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterSeconds).toBeGreaterThan(13 * 60);
    expect(minute.peek('n').allowed).toBe(true);
  });
});

describe('OpenConversations (cap per IP)', () => {
  const never = async () => false;

  it('refuses the conversation over the cap until one goes idle or finishes', async () => {
    const c = clock();
    const open = new OpenConversations({ cap: 2, idleMs: 30 * MINUTE, now: c.now });
    open.started('1.2.3.4', 'c1');
    c.advance(10 * MINUTE);
    open.started('1.2.3.4', 'c2');
    expect(await open.check('1.2.3.4', never)).toEqual({ allowed: false, retryAfterSeconds: 20 * 60 });
    // Another IP is not affected.
    expect((await open.check('5.6.7.8', never)).allowed).toBe(true);
    // A message keeps c1 open: now c2 is the first to go idle, 30 minutes after its start.
    c.advance(5 * MINUTE);
    open.touched('c1');
    expect(await open.check('1.2.3.4', never)).toEqual({ allowed: false, retryAfterSeconds: 25 * 60 });
    c.advance(25 * MINUTE);
    expect(open.openCount('1.2.3.4')).toBe(1);
    expect((await open.check('1.2.3.4', never)).allowed).toBe(true);
  });

  it('asks about finished ones only at the cap, and lets them go', async () => {
    const open = new OpenConversations({ cap: 2, idleMs: 30 * MINUTE, now: clock().now });
    const asked: string[] = [];
    const finished = async (id: string) => (asked.push(id), id === 'done');
    open.started('ip', 'done');
    expect((await open.check('ip', finished)).allowed).toBe(true);
    expect(asked).toEqual([]);
    open.started('ip', 'live');
    expect((await open.check('ip', finished)).allowed).toBe(true);
    expect(asked).toEqual(['done', 'live']);
    expect(open.openCount('ip')).toBe(1);
  });

  it('keeps memory bounded: idle ones are swept, and past maxIps the least recent IP goes', async () => {
    const c = clock();
    const open = new OpenConversations({ cap: 5, idleMs: MINUTE, maxIps: 100, now: c.now });
    for (let i = 0; i < 1000; i++) open.started(`10.0.${i >> 8}.${i & 255}`, `c${i}`);
    expect(open.size).toBe(100);
    c.advance(MINUTE);
    open.sweep();
    expect(open.size).toBe(0);
  });

  it('a cap of 0 is no cap', async () => {
    const open = new OpenConversations({ cap: 0, idleMs: MINUTE, now: clock().now });
    for (let i = 0; i < 50; i++) open.started('ip', `c${i}`);
    expect((await open.check('ip', never)).allowed).toBe(true);
    expect(open.size).toBe(0);
  });
});

describe('the client IP', () => {
  const req = (remoteAddress: string, xff?: string | string[]) => ({ socket: { remoteAddress }, headers: xff === undefined ? {} : { 'x-forwarded-for': xff } });
  const none = new TrustedProxies([]);

  it('is the socket address when no proxy is trusted, whatever X-Forwarded-For says', () => {
    expect(clientIp(req('::ffff:203.0.113.7', '198.51.100.1'), none)).toBe('203.0.113.7');
    expect(clientIp(req('203.0.113.7', '198.51.100.1, 10.0.0.1'), none)).toBe('203.0.113.7');
  });

  it('reads X-Forwarded-For only when the socket peer is a trusted proxy: a client reaching the port directly cannot choose its address', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8']);
    // Straight from the internet, with a made-up header: the socket.
    expect(clientIp(req('203.0.113.7', '198.51.100.9'), trusted)).toBe('203.0.113.7');
    expect(clientIp(req('203.0.113.7', '198.51.100.9, 10.0.0.2'), trusted)).toBe('203.0.113.7');
    // Through our proxy: what it appended.
    expect(clientIp(req('10.0.0.2', '198.51.100.9'), trusted)).toBe('198.51.100.9');
    expect(clientIp(req('::ffff:10.0.0.2', '198.51.100.9'), trusted)).toBe('198.51.100.9');
  });

  it('is the right-most entry that is not a trusted proxy: what the client wrote to the left is never read', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8', '192.0.2.10', '2001:db8:ffff::/48']);
    // The client wrote "1.1.1.1"; the outer proxy appended the client, the inner one the outer proxy.
    expect(clientIp(req('10.0.0.2', '1.1.1.1, 198.51.100.9, 192.0.2.10'), trusted)).toBe('198.51.100.9');
    expect(clientIp(req('10.0.0.2', ['1.1.1.1', '198.51.100.9, 10.9.9.9']), trusted)).toBe('198.51.100.9');
    // A client claiming to be one of our proxies gets nothing from it: its own address is appended after.
    expect(clientIp(req('10.0.0.2', '10.0.0.3, 198.51.100.9'), trusted)).toBe('198.51.100.9');
    // IPv6, bracketed and with ports as some proxies write them.
    expect(clientIp(req('2001:db8:ffff::1', '[2001:db8:1:2::77]:4431'), trusted)).toBe('2001:db8:1:2::/64');
    expect(clientIp(req('10.0.0.2', '198.51.100.9:55123'), trusted)).toBe('198.51.100.9');
  });

  it('stops at the nearest known address when the header is missing, empty, or holds nonsense past our proxies', () => {
    const trusted = new TrustedProxies(['10.0.0.0/8']);
    expect(clientIp(req('10.0.0.2'), trusted)).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.2', ''), trusted)).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.2', 'not-an-ip'), trusted)).toBe('10.0.0.2');
    expect(clientIp(req('10.0.0.2', '198.51.100.9, unknown, 10.0.0.7'), trusted)).toBe('10.0.0.7');
    // Only proxies of ours: the farthest one.
    expect(clientIp(req('10.0.0.2', '10.0.0.5, 10.0.0.7'), trusted)).toBe('10.0.0.5');
  });

  it('trusted proxies: addresses and CIDR ranges, IPv4 and IPv6; anything else is not one', () => {
    const trusted = new TrustedProxies(['127.0.0.1', '172.16.0.0/12', '::1', 'fd00::/8']);
    for (const a of ['127.0.0.1', '::ffff:127.0.0.1', '172.16.0.1', '172.31.255.255', '::1', 'fd12:3456::1'])
      expect({ a, trusted: trusted.has(a) }).toEqual({ a, trusted: true });
    for (const a of ['127.0.0.2', '172.32.0.1', '::2', 'fe80::1', '', 'garbage', undefined])
      expect({ a, trusted: trusted.has(a) }).toEqual({ a, trusted: false });
    expect(new TrustedProxies([]).has('127.0.0.1')).toBe(false);
    for (const bad of ['10.0.0.0/33', '::/129', '10.0.0', 'example.com', '10.0.0.0/8/8', ''])
      expect({ bad, parsed: parseProxyEntry(bad) }).toEqual({ bad, parsed: null });
  });

  it('keys IPv6 by its /64', () => {
    expect(ipKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(ipKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ipKey('::1')).toBe('0:0:0:0::/64');
    expect(ipKey('127.0.0.1')).toBe('127.0.0.1');
  });
});

// ---- over HTTP ------------------------------------------------------------------------------

const FIRM_NUMBER = '+17165550100';
let sid = 0;

async function sms(app: TestServer, from: string, body: string, o: { sign?: boolean; xff?: string } = {}) {
  const params: Record<string, string> = {
    MessageSid: 'SM' + (++sid).toString(16).padStart(32, '0'),
    AccountSid: TEST_TWILIO.accountSid,
    From: from,
    To: FIRM_NUMBER,
    Body: body,
    NumMedia: '0',
  };
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  headers['x-twilio-signature'] =
    o.sign === false ? 'bm90IGEgc2lnbmF0dXJl' : twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, `${app.url}/api/sms`, params);
  if (o.xff) headers['x-forwarded-for'] = o.xff;
  const res = await fetch(`${app.url}/api/sms`, { method: 'POST', headers, body: new URLSearchParams(params).toString() });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), text: await res.text(), sid: params.MessageSid };
}

async function inboundCount(app: TestServer, from: string): Promise<number> {
  const record = await app.parts.store.findConversation({ channel: 'sms', address: from });
  if (!record) return 0;
  return (await app.parts.store.transcript(record.id)).filter((e) => e.direction === 'in').length;
}

describe('SMS limits over HTTP', () => {
  let app: TestServer;
  const c = clock();
  beforeAll(async () => {
    app = await startTestServer({ RATE_SMS_PER_NUMBER_PER_MINUTE: '3', RATE_SMS_PER_NUMBER_PER_HOUR: '5', RATE_SMS_PER_IP_PER_MINUTE: '2' });
    app.parts.limits.now = c.now;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the (N+1)th message from one number within the minute is dropped with an empty TwiML (200), and not recorded; another number passes', async () => {
    const family = '+14165550301';
    for (const text of ['Hello', 'yes', 'no']) {
      const r = await sms(app, family, text);
      expect(r.status).toBe(200);
      expect(r.text).toContain('<Message>');
    }
    expect(await inboundCount(app, family)).toBe(3);
    const over = await sms(app, family, 'outside the US');
    expect(over.status).toBe(200);
    expect(over.text).not.toContain('<Message>');
    expect(over.text).toMatch(/<Response\s*\/>|<Response><\/Response>/);
    // Nothing of it was stored.
    expect(await inboundCount(app, family)).toBe(3);
    const transcript = await app.parts.store.transcript((await app.parts.store.findConversation({ channel: 'sms', address: family }))!.id);
    expect(transcript.map((e) => e.messageId)).not.toContain(over.sid);

    // Someone else is answered as usual.
    const other = await sms(app, '+14165550302', 'Hello');
    expect(other.status).toBe(200);
    expect(other.text).toContain('<Message>');

    // A minute later (one token per 20 s) the family is answered again.
    c.advance(20_000);
    const back = await sms(app, family, 'outside the US');
    expect(back.text).toContain('<Message>');
    expect(await inboundCount(app, family)).toBe(4);
  });

  it('the hourly limit stops a slow loop the minute limit lets through', async () => {
    const loop = '+14165550303';
    const answered: boolean[] = [];
    for (let i = 0; i < 7; i++) {
      const r = await sms(app, loop, `auto-reply ${i}`);
      expect(r.status).toBe(200);
      answered.push(r.text.includes('<Message>'));
      c.advance(MINUTE);
    }
    // Five an hour: the sixth and seventh, a minute apart each, are dropped.
    expect(answered).toEqual([true, true, true, true, true, false, false]);
    expect(await inboundCount(app, loop)).toBe(5);
  });

  it('per IP, only requests failing the signature count: 403, then 429 with Retry-After; signed ones still pass', async () => {
    const forged = [await sms(app, '+14165550304', 'hi', { sign: false }), await sms(app, '+14165550304', 'hi', { sign: false })];
    expect(forged.map((r) => r.status)).toEqual([403, 403]);
    const limited = await sms(app, '+14165550304', 'hi', { sign: false });
    expect(limited.status).toBe(429);
    expect(Number(limited.retryAfter)).toBe(30);
    expect(JSON.parse(limited.text)).toEqual({ code: 'TooManyRequests', message: expect.any(String) });
    // From the same address, Twilio's signed requests are never refused for it.
    const signed = await sms(app, '+14165550305', 'Hello');
    expect(signed.status).toBe(200);
    expect(signed.text).toContain('<Message>');
    expect(await inboundCount(app, '+14165550304')).toBe(0);
  });
});

const DL = '/v3/directline';

async function dl(app: TestServer, method: string, path: string, o: { token?: string; json?: unknown; xff?: string } = {}) {
  const headers: Record<string, string> = {};
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.xff) headers['x-forwarded-for'] = o.xff;
  let body: string | undefined;
  if (o.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(o.json);
  }
  const res = await fetch(`${app.url}${DL}${path}`, { method, headers, body });
  const text = await res.text();
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: text ? JSON.parse(text) : null,
    exposed: res.headers.get('access-control-expose-headers'),
  };
}

/** A token, then the conversation: what the widget does. */
async function startChat(app: TestServer, xff?: string) {
  const g = await dl(app, 'POST', '/tokens/generate', { json: {}, xff });
  if (g.status !== 200) return { status: g.status, retryAfter: g.retryAfter, step: 'token' as const, id: '', token: '' };
  const s = await dl(app, 'POST', '/conversations', { token: g.body.token, json: { locale: 'en' }, xff });
  return { status: s.status, retryAfter: s.retryAfter, step: 'conversation' as const, id: g.body.conversationId as string, token: g.body.token as string };
}

describe('Direct Line limits over HTTP', () => {
  const SECRET = 'server-side-secret-0123456789';

  it('token generation per IP: 429 with Retry-After (exposed to the browser); the secret is not limited', async () => {
    const app = await startTestServer({ RATE_DIRECTLINE_TOKENS_PER_IP_PER_MINUTE: '2', DIRECTLINE_SECRET: SECRET });
    try {
      const c = clock();
      app.parts.limits.now = c.now;
      expect((await dl(app, 'POST', '/tokens/generate', { json: {} })).status).toBe(200);
      expect((await dl(app, 'POST', '/tokens/generate', { json: {} })).status).toBe(200);
      const over = await dl(app, 'POST', '/tokens/generate', { json: {} });
      expect(over.status).toBe(429);
      expect(over.retryAfter).toBe('30');
      expect(over.exposed).toContain('Retry-After');
      expect(over.body).toEqual({ code: 'TooManyRequests', message: expect.any(String) });
      // X-Forwarded-For is not believed without TRUSTED_PROXIES: a made-up one does not get around it.
      expect((await dl(app, 'POST', '/tokens/generate', { json: {}, xff: '198.51.100.77' })).status).toBe(429);
      const server = await fetch(`${app.url}${DL}/tokens/generate`, { method: 'POST', headers: { authorization: `Bearer ${SECRET}` } });
      expect(server.status).toBe(200);
      c.advance(30_000);
      expect((await dl(app, 'POST', '/tokens/generate', { json: {} })).status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('conversation creation per IP per hour: 429 with Retry-After; an existing conversation is not counted again', async () => {
    // The test is the proxy: its connections come from 127.0.0.1.
    const app = await startTestServer({ RATE_DIRECTLINE_CONVERSATIONS_PER_IP_PER_HOUR: '2', TRUSTED_PROXIES: '127.0.0.1' });
    try {
      app.parts.limits.now = clock().now;
      const a = await startChat(app, '198.51.100.1');
      const b = await startChat(app, '198.51.100.1');
      expect([a.status, b.status]).toEqual([201, 201]);
      // Starting the same conversation again (a reconnecting widget) is not a new one.
      expect((await dl(app, 'POST', '/conversations', { token: a.token, json: {}, xff: '198.51.100.1' })).status).toBe(200);
      const over = await startChat(app, '198.51.100.1');
      expect(over).toMatchObject({ step: 'conversation', status: 429, retryAfter: String(30 * 60) });
      // Nothing was started for it.
      expect(await app.parts.store.findConversation({ channel: 'webchat', address: over.id })).toBeNull();
      // Behind the trusted proxy, another client is another IP.
      expect((await startChat(app, '198.51.100.2')).status).toBe(201);
    } finally {
      await app.close();
    }
  });

  it('caps the conversations open at once per IP: freed when one goes idle or finishes', async () => {
    const app = await startTestServer({ MAX_OPEN_WEB_CONVERSATIONS_PER_IP: '2', WEB_IDLE_MINUTES: '30' });
    try {
      const c = clock();
      app.parts.limits.now = c.now;
      const first = await startChat(app);
      c.advance(10 * MINUTE);
      const second = await startChat(app);
      expect([first.status, second.status]).toEqual([201, 201]);
      // The family in the first keeps writing: it stays open.
      c.advance(10 * MINUTE);
      expect(
        (await dl(app, 'POST', `/conversations/${first.id}/activities`, { token: first.token, json: { type: 'message', from: { id: 'u' }, text: 'Hello' } }))
          .status,
      ).toBe(200);
      const third = await startChat(app);
      expect(third).toMatchObject({ step: 'conversation', status: 429 });
      // The second goes idle 30 minutes after its start: 20 minutes from now.
      expect(third.retryAfter).toBe(String(20 * 60));
      c.advance(20 * MINUTE);
      const fourth = await startChat(app);
      expect(fourth.status).toBe(201);
      expect(await startChat(app)).toMatchObject({ status: 429 });

      // The first family declines the notice: its intake is over, the conversation no longer counts.
      const declined = await dl(app, 'POST', `/conversations/${first.id}/activities`, {
        token: first.token,
        json: { type: 'message', from: { id: 'u' }, text: 'STOP' },
      });
      expect(declined.status).toBe(200);
      const record = await app.parts.store.findConversation({ channel: 'webchat', address: first.id });
      expect((record!.snapshot as unknown as { context: { status: string } }).context.status).not.toBe('in_progress');
      expect((await startChat(app)).status).toBe(201);
    } finally {
      await app.close();
    }
  });
});

describe('sign-in attempts per IP', () => {
  it('after N failed sign-ins from one IP, across accounts, the next is refused (429) without looking at the password', async () => {
    const app = await startTestServer({ RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: '3' });
    try {
      const c = clock();
      app.parts.limits.now = c.now;
      const attorney = await createAttorney(app.parts.accounts);
      const others = [await createAttorney(app.parts.accounts), await createAttorney(app.parts.accounts), await createAttorney(app.parts.accounts)];
      const client = new Client(app.url);
      // Spraying: one wrong password on each of three accounts (none is locked by it).
      for (const other of others) expect((await client.login(other.email, 'wrong password 123')).status).toBe(401);
      // The fourth attempt, even with the right password, is refused: nothing is tried.
      const refused = await client.login(attorney.email, PASSWORD);
      expect(refused.status).toBe(429);
      // Three in this hour's window, which began with them: one more once it is over (and a second).
      expect(Number(refused.headers.get('retry-after'))).toBe(60 * 60 + 1);
      expect(client.cookies.has('pi_session')).toBe(false);
      // It says why: this network, not this account.
      expect(refused.text).toContain('Too many failed sign-ins from this network. Try again in 60 minutes.');
      expect((await app.parts.accounts.getAttorney(attorney.id))!.failedLogins).toBe(0);
      // Still a sign-in page (with its own strict policy).
      expect(fieldOf(refused.text, 'csrf')).not.toBe('');
      expect(refused.headers.get('content-security-policy')).toContain("default-src 'none'");
      // Once that time has passed, the right password signs in; a success is not counted.
      c.advance((60 * 60 + 1) * 1000);
      expect((await client.login(attorney.email, PASSWORD)).status).toBe(303);
      const again = new Client(app.url);
      expect((await again.login(attorney.email, PASSWORD)).status).toBe(303);
    } finally {
      await app.close();
    }
  });
});

// ---- X-Forwarded-For from whoever reaches the port (issue 11, finding 9) --------------------

/** A different made-up address each time. */
const spoofed = (i: number) => `198.51.${(i >> 8) & 255}.${i & 255}`;

/** Runs `task(i)` for i in 0..n-1, `inFlight` at a time. */
async function pool<T>(n: number, inFlight: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(n);
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next++;
        out[i] = await task(i);
      }
    }),
  );
  return out;
}

describe('a client reaching the port directly cannot choose its address', () => {
  // A proxy is configured (the firm's load balancer), but the test connects from 127.0.0.1, not through it.
  const PROXY = '192.0.2.0/24';

  it('3,000 Direct Line conversations with a rotating X-Forwarded-For: all counted against the socket, so the limit holds', async () => {
    const TOKEN_SECRET = 'limits-token-secret-0123456789abcdef0123';
    const app = await startTestServer({
      TRUSTED_PROXIES: PROXY,
      TOKEN_SECRET,
      RATE_DIRECTLINE_CONVERSATIONS_PER_IP_PER_HOUR: '20',
      MAX_OPEN_WEB_CONVERSATIONS_PER_IP: '0',
    });
    try {
      app.parts.limits.now = clock().now;
      const statuses = await pool(3_000, 16, async (i) => {
        // A token as the server signs them (each a conversation of its own): only the conversations count.
        const token = jwt.sign({ conv: randomBytes(18).toString('base64url') }, TOKEN_SECRET, { algorithm: 'HS256', expiresIn: 600 });
        return (await dl(app, 'POST', '/conversations', { token, json: { locale: 'en' }, xff: spoofed(i) })).status;
      });
      expect(statuses.filter((s) => s === 201)).toHaveLength(20);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3_000 - 20);
    } finally {
      await app.close();
    }
  }, 180_000);

  it('sign-in from an address blocked for failures stays blocked whatever X-Forwarded-For it sends', async () => {
    const app = await startTestServer({ TRUSTED_PROXIES: PROXY, RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: '3' });
    try {
      app.parts.limits.now = clock().now;
      const attorney = await createAttorney(app.parts.accounts);
      const others = [await createAttorney(app.parts.accounts), await createAttorney(app.parts.accounts), await createAttorney(app.parts.accounts)];
      const attempt = async (email: string, password: string, xff: string) => {
        const client = new Client(app.url);
        const form = await client.request('/login', { headers: { 'x-forwarded-for': xff } });
        return client.request('/login', {
          method: 'POST',
          headers: { 'x-forwarded-for': xff },
          form: { csrf: fieldOf(form.text, 'csrf'), next: '', email, password },
        });
      };
      for (const [i, other] of others.entries()) expect((await attempt(other.email, 'wrong password 123', spoofed(i))).status).toBe(401);
      // Blocked: a new made-up address each time changes nothing, even with the right password.
      for (let i = 10; i < 15; i++) expect((await attempt(attorney.email, PASSWORD, spoofed(i))).status).toBe(429);
    } finally {
      await app.close();
    }
  });

  it('behind a trusted proxy, each client it forwards is its own address: one blocked, another signs in', async () => {
    const app = await startTestServer({ TRUSTED_PROXIES: '127.0.0.1, ::1', RATE_LOGIN_FAILURES_PER_IP_PER_HOUR: '2' });
    try {
      app.parts.limits.now = clock().now;
      const attorney = await createAttorney(app.parts.accounts);
      const attempt = async (password: string, xff: string) => {
        const client = new Client(app.url);
        const form = await client.request('/login', { headers: { 'x-forwarded-for': xff } });
        return client.request('/login', {
          method: 'POST',
          headers: { 'x-forwarded-for': xff },
          form: { csrf: fieldOf(form.text, 'csrf'), next: '', email: attorney.email, password },
        });
      };
      // The client at 203.0.113.5 (what it wrote before is ignored) fails twice: blocked.
      expect((await attempt('wrong password 123', '203.0.113.5')).status).toBe(401);
      expect((await attempt('wrong password 123', '9.9.9.9, 203.0.113.5')).status).toBe(401);
      expect((await attempt(PASSWORD, '1.2.3.4, 203.0.113.5')).status).toBe(429);
      // Another client of the same proxy is not.
      expect((await attempt(PASSWORD, '203.0.113.6')).status).toBe(303);
    } finally {
      await app.close();
    }
  });
});
