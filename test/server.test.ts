/**
 * The server as a whole: health and readiness, and bad input on every route that takes a body:
 * a clear JSON error, nothing stored, the process still serving.
 */
import { startTestServer, type TestServer } from './support/server';

describe('server', () => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer();
  });
  afterAll(() => app.close());

  it('is healthy and ready with its embedded store', async () => {
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', store: 'ok' });
  });

  const routes = [
    ['/api/messages', 'application/json'],
    ['/api/sms', 'application/x-www-form-urlencoded'],
    ['/v3/directline/conversations', 'application/json'],
  ] as const;

  it.each(routes)('%s: a body over 64 KB gets 413 with a JSON body', async (path, type) => {
    const big = type === 'application/json' ? JSON.stringify({ text: 'x'.repeat(70_000) }) : `Body=${'x'.repeat(70_000)}`;
    const r = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body: big });
    expect(r.status).toBe(413);
    expect(await r.json()).toMatchObject({ code: 'PayloadTooLarge' });
  });

  it.each(routes)('%s: a wrong content type gets 415 with a JSON body', async (path) => {
    const r = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: 'a,b' });
    expect(r.status).toBe(415);
    expect(await r.json()).toMatchObject({ code: 'UnsupportedMediaType' });
  });

  it('an unknown route gets 404 with a JSON body', async () => {
    const r = await fetch(`${app.url}/nothing-here`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ code: 'ResourceNotFound' });
  });

  it('is still serving after all of that', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});

describe('server whose store is gone', () => {
  it('is not ready', async () => {
    const app = await startTestServer();
    await app.parts.store.close();
    const r = await fetch(`${app.url}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ status: 'unavailable', store: 'unreachable' });
    await new Promise<void>((resolve) => app.server.close(() => resolve()));
  });
});
