/**
 * The integrations' API through real HTTP on loopback, against the real server on each store (the
 * SQLite file, and MongoDB through the test FerretDB): bearer tokens, the list with its filters and
 * pages, one intake as exactly the contract, its transcript, status changes with their conflicts,
 * the audit trail, and the OpenAPI document checked against the routes the server registers.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MongoClient } from 'mongodb';
import { issueApiToken, TokenNameTaken } from '../src/api/tokens';
import { SummarySchema, type Summary } from '../src/summary/contract';
import { NEW_HANDLING, type Handling } from '../src/store/handoff-store';
import { testMongoUri } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';
import { REFERENCE } from './scripts.reference';

const DAY = 24 * 60 * 60_000;
/** Saturday, November 28, 2026, 2 a.m. in Buffalo. */
const T0 = Date.parse('2026-11-28T07:00:00Z');

const BACKENDS: Array<[string, () => Record<string, string>]> = [
  ['SQLite', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: testMongoUri(`api_${randomBytes(4).toString('hex')}`), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

interface Call {
  status: number;
  headers: Headers;
  body: any;
}

describe.each(BACKENDS)('the API on %s', (_name, envOf) => {
  let app: TestServer;
  let token: string;
  let revoked: string;
  let numberSeq = 0;
  let sidSeq = 0;
  /** The intakes made, by name. */
  const made: Record<string, Summary> = {};

  /** Sends the lines as SMS messages one minute apart from `start`; returns the stored summary. */
  async function drive(lines: string[], start: number): Promise<Summary> {
    const address = `+1416555${String(2000 + ++numberSeq).slice(-4)}`;
    for (const [i, text] of lines.entries()) {
      await app.parts.service.receive({ channel: 'sms', address, id: `SMapi${++sidSeq}`, at: new Date(start + i * 60_000).toISOString(), text, media: [] });
    }
    const conversation = await app.parts.store.findConversation({ channel: 'sms', address });
    const summary = await app.parts.store.getIntake(app.parts.engine.intakeIdOf(conversation!.snapshot));
    return summary!;
  }

  async function call(path: string, o: { token?: string | null; method?: string; body?: unknown; auth?: string } = {}): Promise<Call> {
    const headers: Record<string, string> = {};
    const bearer = o.token === undefined ? token : o.token;
    if (o.auth) headers.Authorization = o.auth;
    else if (bearer !== null) headers.Authorization = `Bearer ${bearer}`;
    if (o.body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${app.url}${path}`, { method: o.method ?? 'GET', headers, body: o.body === undefined ? undefined : JSON.stringify(o.body) });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  }

  /** The newest audit entry the API wrote (the handoff writes its own entries, at other times). */
  async function lastApiAudit(intakeId?: string) {
    const entries = await app.parts.handoffStore.auditLog({ ...(intakeId ? { intakeId } : {}), limit: 100 });
    return entries.find((e) => e.actor === 'token:crm')!;
  }

  const ids = (page: { items: Array<{ summary: Summary }> }) => page.items.map((i) => i.summary.intakeId);

  /** Makes a stored token look as one issued before tokens had scopes: no scopes recorded. */
  async function forgetScopes(name: string): Promise<void> {
    if (app.env.MONGODB_URI) {
      const client = new MongoClient(app.env.MONGODB_URI);
      try {
        await client.connect();
        expect(
          (
            await client
              .db()
              .collection('apiTokens')
              .updateOne({ name }, { $unset: { scopes: '' } })
          ).modifiedCount,
        ).toBe(1);
      } finally {
        await client.close();
      }
      return;
    }
    const db = new Database(join(app.dataDir, 'intake.sqlite'));
    try {
      expect(db.prepare('UPDATE api_tokens SET scopes = NULL WHERE name = ?').run(name).changes).toBe(1);
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    app = await startTestServer(envOf());
    // A complete English intake, a complete French one a day later, an escalated one (at the border,
    // still in progress) the day after, and three that stopped after consent (no tier yet).
    made.english = await drive(REFERENCE.en, T0);
    made.french = await drive(REFERENCE.fr, T0 + DAY);
    made.border = await drive(['Hello', 'yes', 'no', 'at the border now', 'Marie Tremblay', '905 555 0147', 'yes', 'family'], T0 + 2 * DAY);
    for (let i = 0; i < 3; i++) made[`early${i}`] = await drive(['Hello', 'yes'], T0 + (3 + i) * DAY);
    token = await issueApiToken(app.parts.accounts, 'crm', new Date(T0), ['read', 'write']);
    revoked = await issueApiToken(app.parts.accounts, 'old-crm', new Date(T0), ['read', 'write']);
    expect(await app.parts.accounts.revokeApiToken('old-crm', new Date(T0 + DAY).toISOString())).toBe(true);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('made the intakes the tests need', () => {
    expect(made.english.status).toBe('complete');
    expect(made.english.history.incidents).toHaveLength(2);
    expect(made.french.language).toBe('fr');
    expect(made.border.triage.tier).toBe('E1');
    expect(made.early0.triage.tier).toBeNull();
  });

  describe('tokens', () => {
    it('issues a prefixed random token, stored only as its hash', async () => {
      expect(token).toMatch(/^pit_[A-Za-z0-9_-]{43}$/);
      const stored = (await app.parts.accounts.listApiTokens()).find((t) => t.name === 'crm')!;
      expect(stored.tokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(token.slice(4));
    });

    it('refuses a second token with a name already used', async () => {
      await expect(issueApiToken(app.parts.accounts, 'crm', new Date(T0))).rejects.toBeInstanceOf(TokenNameTaken);
      await expect(issueApiToken(app.parts.accounts, 'crm', new Date(T0))).rejects.toThrow(/already exists/);
    });

    // Three values each: jest reads a test function with more parameters than values as taking `done`.
    const routes: Array<[string, string, unknown]> = [
      ['GET', '/api/intakes', undefined],
      ['GET', '/api/intakes/ID', undefined],
      ['GET', '/api/intakes/ID/transcript', undefined],
      ['GET', '/api/intakes/ID/escalations', undefined],
      ['PATCH', '/api/intakes/ID', { status: 'claimed' }],
      ['POST', '/api/intakes/ID/messages', { text: 'Hello' }],
      ['GET', '/api/intakes/ID/documents', undefined],
      ['GET', '/api/intakes/ID/documents/DOC', undefined],
      ['GET', '/api/openapi.json', undefined],
    ];

    it.each(routes)('%s %s: 401 without a token, with a wrong one, with a revoked one', async (method, template, body) => {
      const path = template.replace('ID', made.english.intakeId).replace('DOC', 'some-document');
      const none = await call(path, { method, body, token: null });
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(none.headers.get('cache-control')).toBe('no-store');
      expect(none.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });

      const wrongs = [`pit_${randomBytes(32).toString('base64url')}`, token.slice(0, -2), token.slice(4)];
      for (const wrong of wrongs) {
        const res = await call(path, { method, body, token: wrong });
        expect(res.status).toBe(401);
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
        expect(res.body.error.code).toBe('unauthorized');
      }
      // The right token in the wrong scheme is no bearer token.
      expect((await call(path, { method, body, auth: `Basic ${token}` })).status).toBe(401);
      const old = await call(path, { method, body, token: revoked });
      expect(old.status).toBe(401);
      expect(old.body.error.code).toBe('unauthorized');
      // Nothing changed.
      expect((await app.parts.handoffStore.getHandling(made.english.intakeId)).status).toBe('new');
    });

    it('records when a token was last used', async () => {
      const before = (await app.parts.accounts.listApiTokens()).find((t) => t.name === 'crm')!;
      expect((await call('/api/openapi.json')).status).toBe(200);
      const afterUse = (await app.parts.accounts.listApiTokens()).find((t) => t.name === 'crm')!;
      expect(afterUse.lastUsedAt).not.toBeNull();
      expect(afterUse.lastUsedAt! >= (before.lastUsedAt ?? '')).toBe(true);
      expect((await app.parts.accounts.listApiTokens()).find((t) => t.name === 'old-crm')!.lastUsedAt).toBeNull();
    });
  });

  describe('scopes', () => {
    let reader: string;
    let writer: string;
    beforeAll(async () => {
      reader = await issueApiToken(app.parts.accounts, 'reporting', new Date(T0));
      writer = await issueApiToken(app.parts.accounts, 'pager', new Date(T0), ['write']);
    });

    it('issues a token that only reads unless asked otherwise', async () => {
      const stored = await app.parts.accounts.listApiTokens();
      expect(stored.find((t) => t.name === 'reporting')!.scopes).toEqual(['read']);
      expect(stored.find((t) => t.name === 'pager')!.scopes).toEqual(['write']);
      await expect(issueApiToken(app.parts.accounts, 'nothing', new Date(T0), [])).rejects.toThrow(/needs a scope/);
    });

    it('lets a read token read every GET route, and refuses it a change (403, insufficient_scope), changing nothing', async () => {
      const id = made.early2.intakeId;
      for (const path of ['/api/intakes', `/api/intakes/${id}`, `/api/intakes/${id}/transcript`, `/api/intakes/${id}/documents`, '/api/openapi.json']) {
        expect((await call(path, { token: reader })).status).toBe(200);
      }
      const res = await call(`/api/intakes/${id}`, { token: reader, method: 'PATCH', body: { status: 'claimed' } });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="write"');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toEqual({ error: { code: 'insufficient_scope', message: expect.stringContaining('needs "write"') } });
      expect(await app.parts.handoffStore.getHandling(id)).toEqual(NEW_HANDLING);
      // Its reads are audited under its name.
      expect((await app.parts.handoffStore.auditLog({ intakeId: id })).some((e) => e.actor === 'token:reporting' && e.action === 'api_viewed')).toBe(true);
    });

    it('lets a write-only token change a status and refuses it every read (403)', async () => {
      const id = made.early2.intakeId;
      for (const path of ['/api/intakes', `/api/intakes/${id}`, `/api/intakes/${id}/transcript`, `/api/intakes/${id}/documents`, '/api/openapi.json']) {
        const res = await call(path, { token: writer });
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('insufficient_scope');
        expect(res.headers.get('www-authenticate')).toBe('Bearer error="insufficient_scope", scope="read"');
      }
      const res = await call(`/api/intakes/${id}`, { token: writer, method: 'PATCH', body: { status: 'closed' } });
      expect(res.status).toBe(200);
      expect((await app.parts.handoffStore.auditLog({ intakeId: id })).find((e) => e.action === 'status')).toMatchObject({
        actor: 'token:pager',
        detail: { to: 'closed' },
      });
      expect((await call(`/api/intakes/${id}`, { method: 'PATCH', body: { status: 'new' } })).status).toBe(200);
    });

    it('keeps a token stored before scopes existed working as it did: reads and changes', async () => {
      const legacy = await issueApiToken(app.parts.accounts, 'legacy', new Date(T0), ['read']);
      await forgetScopes('legacy');
      expect((await app.parts.accounts.listApiTokens()).find((t) => t.name === 'legacy')!.scopes).toEqual(['read', 'write']);
      const id = made.early2.intakeId;
      expect((await call(`/api/intakes/${id}`, { token: legacy })).status).toBe(200);
      const res = await call(`/api/intakes/${id}`, { token: legacy, method: 'PATCH', body: { status: 'claimed' } });
      expect(res.status).toBe(200);
      expect(res.body.handling.claimedBy).toBe('token:legacy');
      expect((await call(`/api/intakes/${id}`, { method: 'PATCH', body: { status: 'new' } })).status).toBe(200);
    });
  });

  describe('GET /api/intakes', () => {
    it('lists every intake, most recently updated first, each as the contract with its handling', async () => {
      const res = await call('/api/intakes');
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body.next).toBeNull();
      expect(ids(res.body)).toEqual(['early2', 'early1', 'early0', 'border', 'french', 'english'].map((n) => made[n].intakeId));
      for (const item of res.body.items) {
        expect(SummarySchema.parse(item.summary)).toEqual(item.summary);
        expect(item.summary).toEqual(await app.parts.store.getIntake(item.summary.intakeId));
        expect(Object.keys(item.handling).sort()).toEqual(['claimedAt', 'claimedBy', 'closedAt', 'contactedAt', 'status', 'updatedAt']);
      }
      const entry = await lastApiAudit();
      expect(entry).toMatchObject({ actor: 'token:crm', action: 'api_listed', intakeId: null, detail: { count: 6, status: null, tier: null } });
    });

    it('filters by tier (several, and "none" for no tier yet)', async () => {
      expect(ids((await call('/api/intakes?tier=E1')).body)).toEqual([made.border.intakeId]);
      expect(ids((await call('/api/intakes?tier=E0,E1,U2')).body)).toEqual([made.border.intakeId, made.french.intakeId, made.english.intakeId]);
      expect(ids((await call('/api/intakes?tier=none')).body)).toEqual([made.early2.intakeId, made.early1.intakeId, made.early0.intakeId]);
      expect(ids((await call('/api/intakes?tier=R')).body)).toEqual([]);
      expect((await lastApiAudit()).detail).toEqual({ count: 0, status: null, tier: 'R', since: null });
    });

    it('filters by the time of the last update, inclusive', async () => {
      const since = made.border.updatedAt;
      const res = await call(`/api/intakes?since=${encodeURIComponent(since)}`);
      expect(ids(res.body)).toEqual(['early2', 'early1', 'early0', 'border'].map((n) => made[n].intakeId));
      // The same instant written with an offset.
      const local = new Date(Date.parse(since) - 5 * 3600_000).toISOString().replace('Z', '-05:00');
      expect(ids((await call(`/api/intakes?since=${encodeURIComponent(local)}`)).body)).toEqual(ids(res.body));
      expect(ids((await call(`/api/intakes?since=${encodeURIComponent('2030-01-01T00:00:00Z')}`)).body)).toEqual([]);
    });

    it('pages through everything without repeating or skipping, filters kept', async () => {
      const all = ids((await call('/api/intakes')).body);
      for (const limit of [1, 2, 4]) {
        const seen: string[] = [];
        let cursor: string | null = null;
        let pages = 0;
        do {
          const res: Call = await call(`/api/intakes?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          expect(res.status).toBe(200);
          expect(res.body.items.length).toBeLessThanOrEqual(limit);
          seen.push(...ids(res.body));
          cursor = res.body.next;
          pages++;
        } while (cursor);
        expect(seen).toEqual(all);
        expect(pages).toBe(Math.ceil(all.length / limit));
      }
      const first = (await call('/api/intakes?tier=none&limit=2')).body;
      expect(ids(first)).toEqual([made.early2.intakeId, made.early1.intakeId]);
      const second = (await call(`/api/intakes?tier=none&limit=2&cursor=${encodeURIComponent(first.next)}`)).body;
      expect(ids(second)).toEqual([made.early0.intakeId]);
      expect(second.next).toBeNull();
    });

    it.each([
      ['status', 'status=pending'],
      ['status', 'status=new,,claimed'],
      ['tier', 'tier=X9'],
      ['tier', 'tier=e1'],
      ['since', 'since=yesterday'],
      ['since', 'since=2026-11-28'],
      ['limit', 'limit=0'],
      ['limit', 'limit=101'],
      ['limit', 'limit=ten'],
      ['limit', 'limit=2.5'],
      ['cursor', 'cursor=not-a-cursor'],
      ['cursor', `cursor=${Buffer.from(JSON.stringify({ o: 'queue', k: [0, '2026-01-01', 'x'] })).toString('base64url')}`],
      ['stauts', 'stauts=new'],
      ['status', 'status=new&status=closed'],
    ])('answers 400 naming %s for ?%s', async (parameter, query) => {
      const res = await call(`/api/intakes?${query}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toEqual({ error: { code: 'bad_parameter', message: expect.stringContaining(parameter), parameter } });
    });
  });

  describe('GET /api/intakes/:id', () => {
    it('is exactly the stored summary, as the strict contract; the handling status in a header', async () => {
      for (const name of ['english', 'french', 'border']) {
        const id = made[name].intakeId;
        const res = await call(`/api/intakes/${id}`);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.headers.get('x-handling-status')).toBe('new');
        expect(res.body).toEqual(await app.parts.store.getIntake(id));
        expect(SummarySchema.parse(res.body)).toEqual(res.body);
        const entry = await lastApiAudit(id);
        expect(entry).toEqual({ at: expect.any(String), actor: 'token:crm', action: 'api_viewed', intakeId: id, detail: {} });
      }
    });

    it('answers 404 for an unknown id', async () => {
      const res = await call('/api/intakes/no-such-intake');
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
      expect((await call('/api/intakes/no-such-intake/transcript')).status).toBe(404);
      expect((await call('/api/intakes/no-such-intake', { method: 'PATCH', body: { status: 'claimed' } })).status).toBe(404);
    });
  });

  describe('GET /api/intakes/:id/transcript', () => {
    it("is the conversation in the family's language, both ways, in order", async () => {
      const id = made.french.intakeId;
      const res = await call(`/api/intakes/${id}/transcript`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.body).toMatchObject({ intakeId: id, transcriptId: made.french.transcriptId, language: 'fr' });
      const entries = res.body.entries as Array<{ seq: number; direction: string; at: string; text: string; media: string[] }>;
      expect(entries.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(REFERENCE.fr);
      expect(entries.map((e) => e.seq)).toEqual(entries.map((_, i) => i + 1));
      const stored = await app.parts.store.transcript(made.french.transcriptId);
      expect(entries).toEqual(
        stored.map((e) => ({
          seq: e.seq,
          direction: e.direction,
          author: e.direction === 'in' ? 'family' : 'assistant',
          by: null,
          at: e.at,
          text: e.text,
          media: e.media,
          textState: null,
        })),
      );
      // The assistant answered in French.
      const replies = entries
        .filter((e) => e.direction === 'out')
        .map((e) => e.text)
        .join('\n');
      expect(replies).toMatch(/\b(vous|votre|merci)\b/i);
      const entry = await lastApiAudit(id);
      expect(entry).toMatchObject({ actor: 'token:crm', action: 'api_transcript', intakeId: id });
      // No content in the audit, only counts.
      expect(Object.values(entry.detail).every((v) => typeof v === 'number')).toBe(true);
    });
  });

  describe('PATCH /api/intakes/:id', () => {
    const patch = (id: string, body: unknown) => call(`/api/intakes/${id}`, { method: 'PATCH', body });

    it('claims, marks contacted, closes, refuses what makes no sense, reopens; each change audited', async () => {
      const id = made.english.intakeId;
      const claimed = await patch(id, { status: 'claimed' });
      expect(claimed.status).toBe(200);
      expect(claimed.headers.get('cache-control')).toBe('no-store');
      expect(claimed.body).toEqual({
        intakeId: id,
        handling: {
          status: 'claimed',
          claimedBy: 'token:crm',
          claimedAt: expect.any(String),
          contactedAt: null,
          closedAt: null,
          updatedAt: expect.any(String),
        },
      });
      expect((await call(`/api/intakes/${id}`)).headers.get('x-handling-status')).toBe('claimed');
      expect(ids((await call('/api/intakes?status=claimed')).body)).toEqual([id]);
      expect(ids((await call('/api/intakes?status=new,claimed')).body)).toHaveLength(6);

      // Claiming again changes nothing; contacted keeps the claim.
      expect((await patch(id, { status: 'claimed' })).body.handling).toEqual(claimed.body.handling);
      const contacted = await patch(id, { status: 'contacted' });
      expect(contacted.body.handling).toMatchObject({ status: 'contacted', claimedBy: 'token:crm', contactedAt: expect.any(String) });
      // Back to "claimed" from contacted makes no sense.
      const back = await patch(id, { status: 'claimed' });
      expect(back.status).toBe(409);
      expect(back.body).toEqual({ error: { code: 'conflict', message: expect.any(String), current: 'contacted' } });

      const closed = await patch(id, { status: 'closed' });
      expect(closed.body.handling).toMatchObject({ status: 'closed', claimedBy: 'token:crm', closedAt: expect.any(String) });
      // Closing again changes nothing (and is not a new audit entry).
      const again = await patch(id, { status: 'closed' });
      expect(again.status).toBe(200);
      expect(again.body.handling).toEqual(closed.body.handling);
      for (const status of ['claimed', 'contacted']) {
        const refused = await patch(id, { status });
        expect(refused.status).toBe(409);
        expect(refused.body.error.current).toBe('closed');
      }
      expect((await app.parts.handoffStore.getHandling(id)).status).toBe('closed');

      const reopened = await patch(id, { status: 'new' });
      expect(reopened.body.handling).toEqual({
        status: 'new',
        claimedBy: null,
        claimedAt: null,
        contactedAt: null,
        closedAt: null,
        updatedAt: expect.any(String),
      });
      expect((await patch(id, { status: 'claimed' })).status).toBe(200);

      const changes = (await app.parts.handoffStore.auditLog({ intakeId: id })).filter((e) => e.action === 'status').reverse();
      expect(changes.map((e) => [e.actor, e.detail.from, e.detail.to])).toEqual([
        ['token:crm', 'new', 'claimed'],
        ['token:crm', 'claimed', 'contacted'],
        ['token:crm', 'contacted', 'closed'],
        ['token:crm', 'closed', 'new'],
        ['token:crm', 'new', 'claimed'],
      ]);
      const stored = await app.parts.handoffStore.getHandling(id);
      expect(stored).toMatchObject({ status: 'claimed', claimedBy: 'token:crm', updatedBy: 'token:crm' });
    });

    it('refuses a body that names who claims it (a token is not an attorney): 400, nothing changed', async () => {
      const id = made.early1.intakeId;
      for (const body of [
        { status: 'claimed', claimedBy: 'att-ana' },
        { status: 'contacted', claimedBy: 'ann@firm.example' },
        { claimedBy: 'att-ana', status: 'claimed' },
      ]) {
        const res = await patch(id, body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ error: { code: 'bad_body', message: expect.stringContaining('a token is not an attorney'), parameter: 'claimedBy' } });
      }
      expect(await app.parts.handoffStore.getHandling(id)).toEqual(NEW_HANDLING);
      // Claimed through the API, it is the token's claim.
      expect((await patch(id, { status: 'claimed' })).body.handling.claimedBy).toBe('token:crm');
      const entry = (await app.parts.handoffStore.auditLog({ intakeId: id })).find((e) => e.action === 'status')!;
      expect(entry).toMatchObject({ actor: 'token:crm', detail: { from: 'new', to: 'claimed' } });
    });

    it.each([
      [{ status: 'done' }, 'status'],
      [{}, 'status'],
      [{ status: 'claimed', claimedBy: '' }, 'claimedBy'],
      [{ status: 'claimed', note: 'hi' }, 'note'],
    ])('answers 400 for the body %j', async (body, parameter) => {
      const res = await patch(made.french.intakeId, body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: { code: 'bad_body', message: expect.any(String), parameter } });
      expect((await app.parts.handoffStore.getHandling(made.french.intakeId)).status).toBe('new');
    });

    it('decides again when an attorney changed it meanwhile, once; then answers 409', async () => {
      const id = made.border.intakeId;
      const store = app.parts.handoffStore;
      const setHandling = store.setHandling.bind(store);
      const dashboardClaim: Handling = {
        ...NEW_HANDLING,
        status: 'claimed',
        claimedBy: 'att-bo',
        claimedAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        updatedBy: 'att-bo',
      };
      // The attorney's claim lands between the API's read and its write.
      const spy = jest.spyOn(store, 'setHandling').mockImplementationOnce(async (intakeId, next, expected) => {
        expect(await setHandling(intakeId, dashboardClaim, 'new')).toBe(true);
        return setHandling(intakeId, next, expected);
      });
      try {
        const res = await patch(id, { status: 'contacted' });
        expect(res.status).toBe(200);
        // Decided again from "claimed": contacted, and the attorney's claim is kept.
        expect(res.body.handling).toMatchObject({ status: 'contacted', claimedBy: 'att-bo' });
        expect(spy).toHaveBeenCalledTimes(2);
      } finally {
        spy.mockRestore();
      }

      // Changed under it twice: it gives up rather than overwrite.
      const always = jest.spyOn(store, 'setHandling').mockResolvedValue(false);
      try {
        const res = await patch(id, { status: 'closed' });
        expect(res.status).toBe(409);
        expect(res.body.error).toMatchObject({ code: 'conflict', current: 'contacted' });
        expect(always).toHaveBeenCalledTimes(2);
      } finally {
        always.mockRestore();
      }
      expect((await store.getHandling(id)).status).toBe('contacted');
    });
  });

  describe('GET /api/openapi.json', () => {
    it('is an OpenAPI 3.1 document of every API route the server registers', async () => {
      const res = await call('/api/openapi.json');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const doc = res.body;
      expect(doc.openapi).toBe('3.1.0');
      expect(doc.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
      expect(doc.security).toEqual([{ bearer: [] }]);

      // The server's route table: every /api route but the channels' webhooks, which are not this API.
      const registered = (app.server.getDebugInfo().routes as Array<{ method: string; path: string }>)
        .filter((r) => r.path.startsWith('/api/') && !['/api/messages', '/api/sms', '/api/sms/status'].includes(r.path))
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`)
        .sort();
      const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>)
        .flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`))
        .sort();
      expect(documented).toEqual(registered);
      expect(registered).toEqual([
        'get /api/intakes',
        'get /api/intakes/{id}',
        'get /api/intakes/{id}/documents',
        'get /api/intakes/{id}/documents/{documentId}',
        'get /api/intakes/{id}/escalations',
        'get /api/intakes/{id}/transcript',
        'get /api/openapi.json',
        'patch /api/intakes/{id}',
        'post /api/intakes/{id}/messages',
      ]);
      // Writing to the family: the words alone, and what the transcript says of who wrote each entry.
      expect(Object.keys(doc.components.schemas.MessageToFamily.properties)).toEqual(['text']);
      expect(doc.components.schemas.Transcript.properties.entries.items.properties.author.enum).toEqual(['family', 'assistant', 'attorney']);

      // Every operation: the scope it needs (reading for a GET, writing for the PATCH), its errors,
      // and its parameters for the path.
      for (const [path, ops] of Object.entries(doc.paths as Record<string, Record<string, any>>)) {
        for (const [method, op] of Object.entries(ops)) {
          expect({ path, method, security: op.security }).toEqual({ path, method, security: [{ bearer: [method === 'get' ? 'read' : 'write'] }] });
          expect(op.responses['401']).toBeDefined();
          expect(op.responses['403']).toBeDefined();
          // Every parameter of the path is described.
          for (const name of [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]))
            expect(op.parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
        }
      }
      expect(doc.paths['/api/intakes'].get.parameters.map((p: { name: string }) => p.name).sort()).toEqual(['cursor', 'limit', 'since', 'status', 'tier']);
      expect(doc.components.securitySchemes.bearer.description).toMatch(/--scope read\|write\|read,write/);
      // The change's body is the status alone: who claims it is the token.
      expect(Object.keys(doc.components.schemas.HandlingChange.properties)).toEqual(['status']);
      expect(doc.paths['/api/intakes/{id}'].patch.description).toContain('claimedBy');

      // The Summary schema is the contract's: its top-level keys, all required, nothing else allowed.
      const summarySchema = doc.components.schemas.Summary;
      const contractKeys = Object.keys(made.english).sort();
      expect(Object.keys(summarySchema.properties).sort()).toEqual(contractKeys);
      expect([...summarySchema.required].sort()).toEqual(contractKeys);
      expect(summarySchema.additionalProperties).toBe(false);
      expect(summarySchema.properties.triage.properties.tier.anyOf ?? summarySchema.properties.triage.properties.tier.enum).toBeDefined();

      // Every $ref points at a schema the document has.
      const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]);
      expect(refs.length).toBeGreaterThan(0);
      for (const name of refs) expect(doc.components.schemas[name]).toBeDefined();
    });
  });
});
