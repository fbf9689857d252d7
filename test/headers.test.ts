/**
 * Security headers on every response: every route of restify's own route table (so a route added
 * later is walked too), signed in and not, plus 404s, 405s and CORS preflights. Every HTML page
 * has a Content-Security-Policy; pages with their own strict one (the dashboard, the
 * acknowledgement page, the demo page) keep it, once, unweakened. The widget script stays
 * loadable by other sites. Strict-Transport-Security only when the public URL is https.
 */
import { UPLOAD_PAGE_CSP } from '../src/web/upload-page';
import type { IntakeContext } from '../dialogs/context';
import { issueApiToken } from '../src/api/tokens';
import { SECURITY_HEADERS as DASHBOARD_HEADERS } from '../src/dashboard/respond';
import { ackToken } from '../src/handoff/ack-token';
import { DEFAULT_CSP } from '../src/server/security-headers';
import { createAttorney, signedIn } from './support/attorneys';
import { routesOf } from './support/routes';
import { startTestServer, type TestServer } from './support/server';

interface Seen {
  what: string;
  status: number;
  headers: Headers;
}

const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

async function hit(app: TestServer, what: string, method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Seen> {
  const res = await fetch(`${app.url}${path}`, { method, headers: o.headers, body: o.body, redirect: 'manual' });
  await res.arrayBuffer();
  return { what, status: res.status, headers: res.headers };
}

/** What every response but the widget script must carry; returns the problems found. */
function problemsOf(s: Seen, https: boolean): string[] {
  const h = s.headers;
  const problems: string[] = [];
  const expectHeader = (name: string, ok: (v: string) => boolean) => {
    const v = h.get(name);
    if (v === null || !ok(v)) problems.push(`${s.what} (${s.status}): ${name} = ${v}`);
  };
  expectHeader('x-content-type-options', (v) => v === 'nosniff');
  expectHeader('referrer-policy', (v) => ['no-referrer', 'same-origin'].includes(v));
  expectHeader('x-frame-options', (v) => v === 'DENY');
  expectHeader('cross-origin-opener-policy', (v) => v === 'same-origin');
  expectHeader('permissions-policy', (v) => v.includes('camera=()') && v.includes('geolocation=()'));
  // One policy, never two joined (restify's res.header would append a second one).
  expectHeader('content-security-policy', (v) => v.split('default-src').length === 2 && v.includes("frame-ancestors 'none'") && v.includes("base-uri 'none'"));
  if (https) expectHeader('strict-transport-security', (v) => /^max-age=\d{7,}/.test(v));
  else if (h.get('strict-transport-security') !== null) problems.push(`${s.what}: Strict-Transport-Security over http`);
  return problems;
}

const isHtml = (s: Seen) => (s.headers.get('content-type') ?? '').startsWith('text/html');

describe('security headers', () => {
  let app: TestServer;
  let intakeId: string;
  let escalationId: string;
  let session: string;
  let apiToken: string;
  const seen: Seen[] = [];

  beforeAll(async () => {
    app = await startTestServer({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    // A real, escalated intake, so that signed-in pages have something to show.
    const address = '+14165559877';
    for (const [i, text] of ['Hello', 'yes', 'yes'].entries()) {
      await app.parts.service.receive({
        channel: 'sms',
        address,
        id: `SMhdr${i}`,
        at: new Date(Date.parse('2026-11-28T06:00:00Z') + i * 60_000).toISOString(),
        text,
        media: [],
      });
    }
    const record = await app.parts.store.findConversation({ channel: 'sms', address });
    intakeId = (record!.snapshot as unknown as { context: IntakeContext }).context.intakeId;
    await app.parts.handoff.tick(new Date('2026-11-28T06:05:00Z'));
    const [escalation] = await app.parts.handoffStore.escalationsOf(intakeId);
    escalationId = escalation.id;
    const attorney = await createAttorney(app.parts.accounts);
    const client = await signedIn(app.url, attorney);
    session = client.cookieHeader();
    apiToken = await issueApiToken(app.parts.accounts, 'headers-test', new Date());

    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThanOrEqual(20);
    const filled = (path: string) =>
      path.replace(/:(\w+)/g, (_m, name: string) =>
        name === 'token' ? ackToken(app.parts.secret, escalationId) : path.startsWith('/escalations/') ? escalationId : intakeId,
      );
    for (const r of routes) {
      const path = filled(r.path);
      const body = r.method === 'GET' || r.method === 'HEAD' ? undefined : path.startsWith('/api/') || path.startsWith('/v3/') ? '{}' : 'x=1';
      const type = body === undefined ? {} : body === '{}' ? json : form;
      // Logging out would end the session the next routes use: it is walked last.
      if (path === '/logout') continue;
      seen.push(await hit(app, `${r.method} ${r.path}`, r.method, path, { headers: type, body }));
      seen.push(
        await hit(app, `${r.method} ${r.path} (signed in)`, r.method, path, {
          headers: { ...type, cookie: session, authorization: `Bearer ${apiToken}` },
          body,
        }),
      );
    }
    seen.push(await hit(app, 'POST /logout', 'POST', '/logout', { headers: { ...form, cookie: session }, body: 'x=1' }));
    seen.push(await hit(app, 'GET /no-such-page', 'GET', '/no-such-page'));
    seen.push(await hit(app, 'DELETE /healthz', 'DELETE', '/healthz'));
    seen.push(
      await hit(app, 'OPTIONS /v3/directline/tokens/generate', 'OPTIONS', '/v3/directline/tokens/generate', {
        headers: { origin: 'https://firm.example', 'access-control-request-method': 'POST' },
      }),
    );
    seen.push(await hit(app, 'POST /v3/directline/tokens/generate (bad JSON)', 'POST', '/v3/directline/tokens/generate', { headers: json, body: '{' }));
    // Refused by the body handling before routing or before the route (src/server/bodies.ts).
    seen.push(await hit(app, 'POST /login (gzip)', 'POST', '/login', { headers: { ...form, 'content-encoding': 'gzip' }, body: 'x' }));
    seen.push(
      await hit(app, 'POST /api/sms (multipart)', 'POST', '/api/sms', { headers: { 'content-type': 'multipart/form-data; boundary=x' }, body: '--x--' }),
    );
    seen.push(
      await hit(app, 'POST /api/messages (over 64 KB)', 'POST', '/api/messages', { headers: json, body: JSON.stringify({ text: 'x'.repeat(70_000) }) }),
    );
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('walked every route, with successes, redirects and refusals among the answers', () => {
    const statuses = new Set(seen.map((s) => s.status));
    for (const status of [200, 303, 401, 403, 404, 413, 415]) expect(statuses).toContain(status);
    expect(seen.some((s) => s.what.startsWith('GET /intakes/:id (signed in)') && s.status === 200)).toBe(true);
    expect(seen.filter(isHtml).length).toBeGreaterThanOrEqual(8);
  });

  it('every response carries the headers (the widget script aside)', () => {
    const problems = seen.filter((s) => !s.what.startsWith('GET /widget.js')).flatMap((s) => problemsOf(s, false));
    expect(problems).toEqual([]);
  });

  it('every HTML page has a policy of its own kind: the dashboard and acknowledgement pages keep their strict one', () => {
    const html = seen.filter(isHtml);
    const problems: string[] = [];
    for (const s of html) {
      const csp = s.headers.get('content-security-policy') ?? '';
      if (!csp) problems.push(`${s.what}: no CSP`);
      // Nothing may run a script but the demo page, and that only from this server.
      if (/script-src[^;]*'unsafe-(inline|eval)'/.test(csp)) problems.push(`${s.what}: unsafe script`);
      if (s.what.startsWith('GET /ack/') || s.what.startsWith('POST /ack/')) {
        if (!csp.startsWith("default-src 'none'")) problems.push(`${s.what}: ack policy ${csp}`);
      } else if (s.what === 'GET /intakes/:id (signed in)') {
        // The intake page: the dashboard's policy, plus its live transcript's script and requests, same-origin only.
        if (csp !== `${DASHBOARD_HEADERS['Content-Security-Policy']}; script-src 'self'; connect-src 'self'`) problems.push(`${s.what}: intake policy ${csp}`);
      } else if (s.what.includes(' /documents/:token')) {
        // The family's upload page (a made-up link here: its refusal page): its own policy, script from this server only.
        if (csp !== UPLOAD_PAGE_CSP) problems.push(`${s.what}: upload page policy ${csp}`);
      } else if (s.what !== 'GET /' && s.what !== 'GET / (signed in)') {
        if (csp !== DASHBOARD_HEADERS['Content-Security-Policy']) problems.push(`${s.what}: dashboard policy ${csp}`);
      }
    }
    expect(problems).toEqual([]);
    // The sign-in page is among them, and keeps its referrer policy.
    const login = seen.find((s) => s.what === 'GET /login')!;
    expect(login.headers.get('referrer-policy')).toBe('same-origin');
  });

  it('JSON, TwiML and errors get the strictest policy', () => {
    for (const what of ['GET /healthz', 'GET /api/intakes (signed in)', 'POST /api/sms', 'GET /no-such-page', 'DELETE /healthz']) {
      const s = seen.find((x) => x.what === what)!;
      expect(s.headers.get('content-security-policy')).toBe(DEFAULT_CSP);
    }
    expect(seen.find((x) => x.what === 'GET /api/intakes (signed in)')!.status).toBe(200);
    expect(seen.find((x) => x.what === 'GET /no-such-page')!.status).toBe(404);
  });

  it('the demo page allows the widget from this server only', () => {
    const demo = seen.find((s) => s.what === 'GET /')!;
    expect(demo.status).toBe(200);
    const csp = demo.headers.get('content-security-policy')!;
    const origin = new URL(app.url).origin;
    expect(csp).toMatch(new RegExp(`script-src 'self'( ${origin.replace(/[.:/]/g, '\\$&')})?;`));
    expect(csp).toMatch(/connect-src 'self'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('*');
  });

  it('the widget script can be loaded by any site: CORS, cross-origin resource policy, not frame-only', () => {
    const widget = seen.find((s) => s.what === 'GET /widget.js')!;
    expect(widget.status).toBe(200);
    expect(widget.headers.get('access-control-allow-origin')).toBe('*');
    expect(widget.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(widget.headers.get('x-content-type-options')).toBe('nosniff');
    expect(widget.headers.get('x-frame-options')).toBeNull();
    expect(widget.headers.get('content-security-policy')).toBeNull();
    // The routes it calls keep their CORS.
    const preflight = seen.find((s) => s.what.startsWith('OPTIONS /v3/directline'))!;
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('Strict-Transport-Security is sent when the public URL is https', async () => {
    const secure = await startTestServer({ PUBLIC_BASE_URL: 'https://intake.example.com' });
    try {
      const answers = [
        await hit(secure, 'GET /healthz', 'GET', '/healthz'),
        await hit(secure, 'GET /login', 'GET', '/login'),
        await hit(secure, 'GET /', 'GET', '/'),
        await hit(secure, 'GET /nothing', 'GET', '/nothing'),
      ];
      expect(answers.flatMap((s) => problemsOf(s, true))).toEqual([]);
      const widget = await hit(secure, 'GET /widget.js', 'GET', '/widget.js');
      expect(widget.headers.get('strict-transport-security')).toMatch(/^max-age=/);
    } finally {
      await secure.close();
    }
  });
});
