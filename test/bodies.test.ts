/**
 * Request bodies (issue 11, findings 1 and 2), against the real server in its own process with a
 * temporary folder of its own: every Content-Encoding but identity and every multipart body are
 * refused (415) on every route before a byte is read, so a broken gzip body cannot end the
 * process, a small one cannot inflate into memory, and no upload is ever written to disk; the
 * 64 KB limit counts the bytes as decoded, chunked transfer included.
 */
import { UPLOADS } from '../src/server/app';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { request, type IncomingMessage } from 'node:http';
import restify from 'restify';
import type { AddressInfo } from 'node:net';
import { installBodies, MAX_BODY_BYTES } from '../src/server/bodies';
import { spawnServer, type ServerProcess } from './support/processes';
import { concretePath, rawExchange, rawRequest, streamedMultipart, type RawReply } from './support/raw-http';
import { routesOf, type RouteInfo } from './support/routes';
import { startTestServer, TEST_TWILIO } from './support/server';

const JSON_TYPE = { 'content-type': 'application/json' };

describe('request bodies on every route, against the server process', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'bodies-tmp-'));
  let server: ServerProcess;
  let routes: RouteInfo[];
  /** What the process itself put there at start (a compile cache), before any request. */
  let atStart: string[];

  /** What the server's temporary folder holds (it is its own: TMPDIR below). */
  const tmpFiles = () => readdirSync(tmp);

  beforeAll(async () => {
    // The route table, read from a server's router, so that a route added later is covered too.
    const probe = await startTestServer();
    routes = routesOf(probe);
    await probe.close();
    server = await spawnServer({
      DATA_DIR: mkdtempSync(join(tmpdir(), 'bodies-data-')),
      TMPDIR: tmp,
      LOG_LEVEL: 'warn',
      TWILIO_ACCOUNT_SID: TEST_TWILIO.accountSid,
      TWILIO_AUTH_TOKEN: TEST_TWILIO.authToken,
      TWILIO_PHONE_NUMBER: '+17165550100',
    });
    atStart = tmpFiles();
  }, 120_000);

  afterAll(async () => {
    await server?.kill('SIGTERM');
  });

  /** Sends `make(route)` to every route; returns those not answered with `status`. */
  async function everyRoute(status: number, make: (r: RouteInfo) => Parameters<typeof rawRequest>[1], list: RouteInfo[] = routes): Promise<string[]> {
    const wrong: string[] = [];
    for (const route of list) {
      const reply: RawReply = await rawRequest(server.url, make(route));
      if (reply.status !== status) wrong.push(`${route.method} ${route.path} -> ${reply.status} ${reply.error ?? reply.body.slice(0, 120)}`);
      else if (!/"code":"(UnsupportedMediaType|PayloadTooLarge)"/.test(reply.body))
        wrong.push(`${route.method} ${route.path}: not a JSON error: ${reply.body.slice(0, 120)}`);
    }
    return wrong;
  }

  const up = async () => {
    expect(server.proc.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  };

  it('the route table is there to walk', () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(routes).toEqual(
      expect.arrayContaining([
        { method: 'POST', path: '/login' },
        { method: 'POST', path: '/api/sms' },
        { method: 'POST', path: '/v3/directline/tokens/generate' },
      ]),
    );
  });

  it('a broken gzip body (the request that ended the process): 415 on every route, and the process is still up', async () => {
    const wrong = await everyRoute(415, (r) => ({
      method: r.method,
      path: concretePath(r.path),
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: Buffer.from('x'),
    }));
    expect(wrong).toEqual([]);
    await up();
  });

  it('gzip over 64 KB compressed, a gzip bomb, deflate, brotli and unknown codings: 415 on every route', async () => {
    // Random bytes do not compress: over the limit as sent.
    const bigGzip = gzipSync(randomBytes(100 * 1024));
    expect(bigGzip.length).toBeGreaterThan(MAX_BODY_BYTES);
    // 58 KB that would inflate to 60 MB (under the limit as sent).
    const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(MAX_BODY_BYTES);
    const json = Buffer.from(JSON.stringify({ type: 'message', text: 'hello' }));
    const cases: [string, Buffer][] = [
      ['gzip', bigGzip],
      ['gzip', bomb],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
      ['GZIP', gzipSync(json)],
      ['identity, gzip', gzipSync(json)],
      ['x-gzip', gzipSync(json)],
      ['compress', json],
      ['zstd', json],
    ];
    for (const [coding, body] of cases) {
      const wrong = await everyRoute(415, (r) => ({
        method: r.method,
        path: concretePath(r.path),
        headers: { ...JSON_TYPE, 'content-encoding': coding },
        body,
      }));
      expect({ coding, wrong }).toEqual({ coding, wrong: [] });
    }
    // Also sent chunked (no Content-Length).
    const wrong = await everyRoute(415, (r) => ({
      method: r.method,
      path: concretePath(r.path),
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: bomb,
      chunked: true,
    }));
    expect(wrong).toEqual([]);
    await up();
  });

  it('a 30 MB multipart upload, streamed: refused on every route before it is read, and not one file in the temporary folder', async () => {
    const before = tmpFiles();
    const SIZE = 30 * 1024 * 1024;
    // The upload routes read their own multipart bodies, once the caller is known
    // (test/upload-page.test.ts, test/directline-upload.test.ts): without credentials, refused unread.
    const uploads = routes.filter((r) => UPLOADS.some((u) => u.method === r.method && u.path === r.path));
    expect(uploads).toHaveLength(UPLOADS.length);
    for (const route of uploads) {
      const { contentType, body } = streamedMultipart(SIZE);
      const reply = await rawRequest(server.url, {
        method: route.method,
        path: concretePath(route.path),
        headers: { 'content-type': contentType },
        body,
        expectContinue: true,
      });
      expect({ route: route.path, status: reply.status, sent: reply.sent }).toEqual({ route: route.path, status: 403, sent: 0 });
    }
    const others = routes.filter((r) => !uploads.includes(r));
    // As curl sends it (Expect: 100-continue): 415, and the server never asks for a byte of it.
    const asked: string[] = [];
    const wrong = await everyRoute(
      415,
      (r) => {
        const { contentType, body } = streamedMultipart(SIZE);
        return { method: r.method, path: concretePath(r.path), headers: { 'content-type': contentType }, body, expectContinue: true };
      },
      others,
    );
    expect(wrong).toEqual([]);
    for (const route of others) {
      const { contentType, body } = streamedMultipart(SIZE);
      const reply = await rawRequest(server.url, {
        method: route.method,
        path: concretePath(route.path),
        headers: { 'content-type': contentType },
        body,
        expectContinue: true,
      });
      if (reply.sent !== 0) asked.push(`${route.method} ${route.path}: ${reply.sent} bytes asked for`);
    }
    expect(asked).toEqual([]);
    // Pushed without asking: answered 415 at once and the connection closed behind it, so the
    // client either reads the 415 or finds the connection closed under its upload; either way
    // the server did not take the 30 MB.
    const taken: string[] = [];
    for (const route of others) {
      const { contentType, body } = streamedMultipart(SIZE);
      const reply = await rawRequest(server.url, { method: route.method, path: concretePath(route.path), headers: { 'content-type': contentType }, body });
      const cut = reply.status === 0 && /EPIPE|ECONNRESET/.test(reply.error ?? '') && reply.sent < SIZE;
      if (reply.status !== 415 && !cut) taken.push(`${route.method} ${route.path} -> ${reply.status} ${reply.error ?? ''} after ${reply.sent} bytes`);
    }
    expect(taken).toEqual([]);
    // Other multipart types and spellings too.
    for (const type of [
      'multipart/form-data; boundary=x',
      'Multipart/Form-Data; boundary=x',
      'multipart/mixed; boundary=x',
      'multipart/form-data ; boundary=x',
    ]) {
      const body = Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nhello\r\n--x--\r\n');
      const w = await everyRoute(415, (r) => ({ method: r.method, path: concretePath(r.path), headers: { 'content-type': type }, body }), others);
      expect({ type, w }).toEqual({ type, w: [] });
    }
    expect(tmpFiles().filter((f) => f.startsWith('upload_'))).toEqual([]);
    expect(tmpFiles()).toEqual(before);
    await up();
  });

  it('identity (named or not) is read as before', async () => {
    for (const coding of [undefined, 'identity', 'Identity']) {
      const r = await rawRequest(server.url, {
        method: 'POST',
        path: '/v3/directline/tokens/generate',
        headers: { ...JSON_TYPE, ...(coding ? { 'content-encoding': coding } : {}) },
        body: Buffer.from('{}'),
      });
      expect({ coding, status: r.status }).toEqual({ coding, status: 200 });
      expect(JSON.parse(r.body)).toMatchObject({ conversationId: expect.any(String), token: expect.any(String) });
    }
  });

  it('the limit counts the bytes as they arrive, chunked or not: 413 past 64 KB, and the declared length is refused before the body is sent', async () => {
    const activity = (n: number) => Buffer.from(JSON.stringify({ type: 'message', text: 'x'.repeat(n) }));
    const over = activity(MAX_BODY_BYTES);
    expect(over.length).toBeGreaterThan(MAX_BODY_BYTES);
    const under = activity(MAX_BODY_BYTES - 200);
    expect(under.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
    for (const chunked of [false, true]) {
      const big = await rawRequest(server.url, { method: 'POST', path: '/v3/directline/tokens/generate', headers: JSON_TYPE, body: over, chunked });
      expect({ chunked, status: big.status }).toEqual({ chunked, status: 413 });
      expect(JSON.parse(big.body)).toMatchObject({ code: 'PayloadTooLarge' });
      // Just under the limit: read and parsed (a token, since the body is a JSON object).
      const fits = await rawRequest(server.url, { method: 'POST', path: '/v3/directline/tokens/generate', headers: JSON_TYPE, body: under, chunked });
      expect({ chunked, status: fits.status }).toEqual({ chunked, status: 200 });
    }
    // 1 MB announced, nothing sent: answered on the announcement alone.
    const announced = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const req = request({
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: '/api/sms',
        agent: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(1024 * 1024) },
      });
      req.on('response', (res: IncomingMessage) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.flushHeaders();
    });
    expect(announced).toBe(413);
    await up();
  });

  it('a transfer coding other than chunked is refused (501), never read raw; chunked in any case is read', async () => {
    const framed = (te: string) =>
      `POST /v3/directline/tokens/generate HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: ${te}\r\n\r\n2\r\n{}\r\n0\r\n\r\n`;
    for (const te of ['gzip, chunked', 'deflate,chunked', 'identity, chunked']) {
      expect({ te, status: (await rawExchange(server.url, framed(te))).split('\r\n')[0] }).toEqual({ te, status: 'HTTP/1.1 501 Not Implemented' });
    }
    expect((await rawExchange(server.url, framed('Chunked'))).split('\r\n')[0]).toBe('HTTP/1.1 200 OK');
    await up();
  });

  it('a JSON body sent with Expect: 100-continue is asked for, read and answered', async () => {
    const r = await rawRequest(server.url, {
      method: 'POST',
      path: '/v3/directline/tokens/generate',
      headers: JSON_TYPE,
      body: Buffer.from('{}'),
      expectContinue: true,
    });
    expect(r.status).toBe(200);
    expect(r.sent).toBe(2);
  });

  it('after all of that: the process never exited, and nothing was added to its temporary folder', async () => {
    await up();
    expect(server.proc.signalCode).toBeNull();
    expect(tmpFiles()).toEqual(atStart);
    expect(server.output()).not.toMatch(/Unhandled 'error' event|Z_BUF_ERROR|Z_DATA_ERROR/);
  });
});

describe('opting a route in to multipart uploads', () => {
  /** A restify server with the same body handling, one upload route that counts what it reads, and one ordinary route. */
  async function uploadServer() {
    const server = restify.createServer({ handleUncaughtExceptions: false, noWriteContinue: true } as restify.ServerOptions);
    installBodies(server, { maxBytes: 1024, uploadRoutes: [{ method: 'POST', path: '/things/:id/upload' }] });
    server.post('/things/:id/upload', async (req, res) => {
      let bytes = 0;
      for await (const chunk of req) bytes += (chunk as Buffer).length;
      res.json(200, { bytes, body: (req as { body?: unknown }).body === undefined ? 'unread' : 'read' });
    });
    server.post('/things/:id', (req, res, next) => {
      res.json(200, { body: (req as { body?: unknown }).body });
      next();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
  }

  it('the named route gets the stream unread (its own limits); every other route still answers 415; encodings stay refused', async () => {
    const { server, url } = await uploadServer();
    try {
      const size = 2 * 1024 * 1024;
      const up = streamedMultipart(size);
      const uploaded = await rawRequest(url, { method: 'POST', path: '/things/7/upload', headers: { 'content-type': up.contentType }, body: up.body });
      expect(uploaded.status).toBe(200);
      const got = JSON.parse(uploaded.body) as { bytes: number; body: string };
      expect(got.body).toBe('unread');
      expect(got.bytes).toBeGreaterThan(size);

      const other = streamedMultipart(size);
      expect((await rawRequest(url, { method: 'POST', path: '/things/7', headers: { 'content-type': other.contentType }, body: other.body })).status).toBe(415);
      // The opt-in is for multipart only: a JSON body there is read with the limit as anywhere.
      expect(
        (await rawRequest(url, { method: 'POST', path: '/things/7/upload', headers: JSON_TYPE, body: Buffer.from(JSON.stringify({ a: 'x'.repeat(2000) })) }))
          .status,
      ).toBe(413);
      const gz = await rawRequest(url, {
        method: 'POST',
        path: '/things/7/upload',
        headers: { 'content-type': up.contentType, 'content-encoding': 'gzip' },
        body: gzipSync(Buffer.from('x')),
      });
      expect(gz.status).toBe(415);
      // And an ordinary JSON body is parsed as before.
      const ok = await rawRequest(url, { method: 'POST', path: '/things/7', headers: JSON_TYPE, body: Buffer.from('{"a":1}') });
      expect(JSON.parse(ok.body)).toEqual({ body: { a: 1 } });
    } finally {
      server.close();
    }
  });
});
