/**
 * Every route the server registers, walked from restify's own route table: the few public ones
 * are listed here with the way each protects itself (signatures, tokens, nothing to protect),
 * and every other route (the dashboard, /api/**, and any route added later) must refuse a request
 * without credentials and answer nothing about an intake. A new route that forgets its check
 * fails this test; so does a public route this list does not name.
 */
import type { IntakeContext } from '../dialogs/context';
import type { Summary } from '../src/summary/contract';
import type { EscalationRecord, Handling } from '../src/store/handoff-store';
import { newConversationId } from '../src/channels/directline/tokens';
import { routesOf, type RouteInfo } from './support/routes';
import { startTestServer, type TestServer } from './support/server';

const key = (r: RouteInfo) => `${r.method} ${r.path}`;

interface Probe {
  status: number;
  location: string | null;
  text: string;
}

async function probe(app: TestServer, method: string, path: string, o: { headers?: Record<string, string>; body?: string } = {}): Promise<Probe> {
  const res = await fetch(`${app.url}${path}`, { method, headers: o.headers, body: o.body, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

const json = { 'content-type': 'application/json' };
const form = { 'content-type': 'application/x-www-form-urlencoded' };

/**
 * The public routes and how each refuses what it must. Each check runs against the real server;
 * a public route must be listed here to be let through.
 */
const PUBLIC: Record<string, (app: TestServer, ids: Ids) => Promise<void>> = {
  'GET /healthz': async (app) => {
    const r = await probe(app, 'GET', '/healthz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ status: 'ok' });
  },
  'GET /readyz': async (app) => {
    const r = await probe(app, 'GET', '/readyz');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ status: 'ready', store: 'ok' });
  },
  // The widget and the demo page of a firm's website: the same for everyone, no intake in them.
  'GET /widget.js': async (app, ids) => {
    const r = await probe(app, 'GET', '/widget.js');
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(ids.summary.reference);
  },
  'GET /': async (app, ids) => {
    const r = await probe(app, 'GET', '/');
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(ids.summary.reference);
  },
  // The upload page's script: the same for everyone, no intake in it (the page itself needs its signed link).
  'GET /upload-page.js': async (app, ids) => {
    const r = await probe(app, 'GET', '/upload-page.js');
    expect(r.status).toBe(200);
    expect(r.text).not.toContain(ids.summary.reference);
  },
  'GET /favicon.svg': async (app) => {
    const r = await probe(app, 'GET', '/favicon.svg');
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/^<svg /);
  },
  // Twilio's webhook: signed by Twilio.
  'POST /api/sms': async (app) => {
    const r = await probe(app, 'POST', '/api/sms', { headers: form, body: 'From=%2B14165550000&Body=hello&MessageSid=SM1' });
    expect(r.status).toBe(403);
  },
  // Twilio's status callbacks: signed like the messaging webhook.
  'POST /api/sms/status': async (app) => {
    const r = await probe(app, 'POST', '/api/sms/status', { headers: form, body: 'MessageSid=SM1&MessageStatus=delivered' });
    expect(r.status).toBe(403);
  },
  // Bot Framework: a Bot Connector token (MicrosoftAppId is set for this server).
  'POST /api/messages': async (app) => {
    // botbuilder prints the refusal itself: kept out of the test output.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const r = await probe(app, 'POST', '/api/messages', { headers: json, body: JSON.stringify({ type: 'message', text: 'hi' }) });
      expect([401, 403]).toContain(r.status);
    } finally {
      quiet.mockRestore();
    }
  },
  // Direct Line: a token for a brand-new conversation is what the widget starts with (no secret);
  // a caller that presents a wrong secret is refused. Everything else needs a token.
  'POST /v3/directline/tokens/generate': async (app) => {
    const r = await probe(app, 'POST', '/v3/directline/tokens/generate', { headers: { ...json, authorization: 'Bearer wrong-secret-0123456789' }, body: '{}' });
    expect(r.status).toBe(403);
    const fresh = await probe(app, 'POST', '/v3/directline/tokens/generate', { headers: json, body: '{}' });
    expect(fresh.status).toBe(200);
    expect(JSON.parse(fresh.text).conversationId).toEqual(expect.any(String));
  },
  'POST /v3/directline/tokens/refresh': async (app) => {
    expect((await probe(app, 'POST', '/v3/directline/tokens/refresh', { headers: json, body: '{}' })).status).toBe(403);
  },
  'POST /v3/directline/conversations': async (app) => {
    expect([401, 403]).toContain((await probe(app, 'POST', '/v3/directline/conversations', { headers: json, body: '{}' })).status);
  },
  'GET /v3/directline/conversations/:id': async (app, ids) => {
    expect([401, 403]).toContain((await probe(app, 'GET', `/v3/directline/conversations/${ids.webchatConversation}`)).status);
  },
  'GET /v3/directline/conversations/:id/activities': async (app, ids) => {
    const r = await probe(app, 'GET', `/v3/directline/conversations/${ids.webchatConversation}/activities`);
    expect([401, 403]).toContain(r.status);
    expect(r.text).not.toContain('Hello');
  },
  'POST /v3/directline/conversations/:id/activities': async (app, ids) => {
    const body = JSON.stringify({ type: 'message', from: { id: 'u' }, text: 'hi' });
    expect([401, 403]).toContain(
      (await probe(app, 'POST', `/v3/directline/conversations/${ids.webchatConversation}/activities`, { headers: json, body })).status,
    );
  },
  // Signing in.
  'GET /login': async (app) => {
    const r = await probe(app, 'GET', '/login');
    expect(r.status).toBe(200);
    expect(r.text).toContain('action="/login"');
  },
  'POST /login': async (app) => {
    // Without the sign-in form's own token: refused before any password is looked at.
    const r = await probe(app, 'POST', '/login', { headers: form, body: 'email=a%40example.com&password=whatever-password' });
    expect(r.status).toBe(403);
  },
  // The acknowledgement link of a page: its token is the credential; a wrong one finds nothing.
  'GET /ack/:token': async (app, ids) => {
    for (const token of ['not-a-token', ids.escalation.id, `${ids.escalation.id}.AAAA`]) {
      const r = await probe(app, 'GET', `/ack/${encodeURIComponent(token)}`);
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(ids.summary.reference);
    }
  },
  'POST /ack/:token': async (app, ids) => {
    for (const token of ['not-a-token', ids.escalation.id]) {
      const r = await probe(app, 'POST', `/ack/${encodeURIComponent(token)}`, { headers: form, body: 'form=x' });
      expect(r.status).toBe(404);
      expect(r.text).not.toContain(ids.summary.reference);
    }
  },
};

interface Ids {
  summary: Summary;
  escalation: EscalationRecord;
  webchatConversation: string;
}

/** A path with its parameters filled with real ids, so that a refusal is about credentials. */
function filled(path: string, ids: Ids): string {
  return path.replace(/:(\w+)/g, (_m, name: string) => {
    if (path.startsWith('/escalations/')) return ids.escalation.id;
    if (name === 'id' || name === 'intakeId') return ids.summary.intakeId;
    return ids.summary.intakeId;
  });
}

/** Bodies a real client of each kind would send, so that only the missing credential is wrong. */
function bodyFor(method: string, path: string, ids: Ids): { headers: Record<string, string>; body?: string } {
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return { headers: {} };
  if (path.startsWith('/api/')) return { headers: json, body: JSON.stringify({ status: 'claimed' }) };
  return { headers: form, body: new URLSearchParams({ action: 'claim', expected: 'new', claimedBy: '', back: `/intakes/${ids.summary.intakeId}` }).toString() };
}

/** What must not be in a refusal: anything of the intake. */
function expectNothingOf(text: string, s: Summary) {
  expect(text).not.toContain(s.reference);
  expect(text).not.toContain(s.contact.name ?? '\u0000');
  expect(text).not.toContain(s.contact.phone ?? '\u0000');
}

describe('every route is authenticated, or listed as public with its own protection', () => {
  let app: TestServer;
  let ids: Ids;
  let routes: RouteInfo[];
  let handlingBefore: Handling;

  beforeAll(async () => {
    app = await startTestServer({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppType: 'MultiTenant',
    });
    // A real intake (escalated, so it has an escalation) and a real web chat conversation.
    const address = '+14165559876';
    for (const [i, text] of ['Hello', 'yes', 'yes'].entries()) {
      await app.parts.service.receive({
        channel: 'sms',
        address,
        id: `SMroute${i}`,
        at: new Date(Date.parse('2026-11-28T06:00:00Z') + i * 60_000).toISOString(),
        text,
        media: [],
      });
    }
    const record = await app.parts.store.findConversation({ channel: 'sms', address });
    const ctx = (record!.snapshot as unknown as { context: IntakeContext }).context;
    // A name and number of the family's to look for in refusals.
    const summary = (await app.parts.store.getIntake(ctx.intakeId))!;
    await app.parts.handoff.tick(new Date('2026-11-28T06:05:00Z'));
    const [escalation] = await app.parts.handoffStore.escalationsOf(ctx.intakeId);
    // A Direct Line conversation id is its address: 18 random bytes in base64url.
    const webchatConversation = newConversationId();
    await app.parts.service.open({ channel: 'webchat', address: webchatConversation }, new Date('2026-11-28T06:10:00Z'), 'en');
    expect(await app.parts.store.findConversation({ channel: 'webchat', address: webchatConversation })).not.toBeNull();
    ids = { summary, escalation, webchatConversation };
    handlingBefore = await app.parts.handoffStore.getHandling(ctx.intakeId);
    routes = routesOf(app);
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('reads the route table (and it holds the dashboard and the API)', () => {
    expect(ids.escalation).toBeDefined();
    const keys = routes.map(key);
    expect(keys).toEqual(expect.arrayContaining(['GET /intakes', 'GET /intakes/:id', 'GET /intakes/:id.pdf', 'POST /intakes/:id/status', 'GET /api/intakes']));
    // Every public route named here exists: the list does not rot.
    for (const name of Object.keys(PUBLIC)) expect(keys).toContain(name);
  });

  it('each public route protects itself its own way', async () => {
    for (const [name, check] of Object.entries(PUBLIC)) {
      try {
        await check(app, ids);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`, { cause: err });
      }
    }
  });

  it('every other route refuses a request without credentials, or with made-up ones, and tells nothing', async () => {
    const guarded = routes.filter((r) => !(key(r) in PUBLIC));
    expect(guarded.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    for (const r of guarded) {
      const path = filled(r.path, ids);
      const none: Record<string, string> = {};
      const madeUp: Record<string, string> = { cookie: 'pi_session=' + 'A'.repeat(43), authorization: 'Bearer pit_' + 'A'.repeat(43) };
      for (const credentials of [none, madeUp]) {
        const { headers, body } = bodyFor(r.method, r.path, ids);
        const res = await probe(app, r.method, path, { headers: { ...headers, ...credentials }, body });
        // A page sends the browser to sign in; anything else is 401 or 403.
        const toLogin = r.method === 'GET' && res.status === 303 && (res.location ?? '').startsWith('/login?next=');
        if (!(toLogin || res.status === 401 || res.status === 403)) failures.push(`${key(r)} (${path}) answered ${res.status}`);
        try {
          expectNothingOf(res.text, ids.summary);
        } catch {
          failures.push(`${key(r)} told something of the intake`);
        }
      }
    }
    expect(failures).toEqual([]);
    // And nothing changed.
    expect(await app.parts.handoffStore.getHandling(ids.summary.intakeId)).toEqual(handlingBefore);
    expect((await app.parts.handoffStore.getEscalation(ids.escalation.id))!.acknowledgedAt).toBeNull();
  });
});
