/**
 * The attorneys' dashboard through real HTTP against the real server (SQLite in a temp folder):
 * signing in and out, the lock-out, the session cookie, the queue's order, the intake page with
 * the family's own words, claiming and the other handling changes, CSRF, the audit and the PDF.
 * Intakes are made by real conversations through the conversation service, as SMS.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { IntakeContext } from '../dialogs/context';
import { sessionIdHash } from '../src/dashboard/sessions';
import type { Attorney } from '../src/store/account-store';
import type { Summary } from '../src/summary/contract';
import { tierRank } from '../src/summary/listing';
import { REFERENCE } from './scripts.reference';
import { Client, createAttorney, escaped, fieldOf, PASSWORD, signedIn } from './support/attorneys';
import { testMongoUri } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
};

/** `live`: the intake page, whose one script (its live transcript) is a file of this origin. */
function expectSecurityHeaders(headers: Headers, o: { live?: boolean } = {}) {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) expect(headers.get(k)).toBe(v);
  const csp = headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'none'");
  if (o.live) {
    expect(csp).toContain("script-src 'self';");
    expect(csp).toMatch(/connect-src 'self'$/);
    expect(csp).not.toMatch(/script-src[^;]*(unsafe|\*|http)/);
  } else expect(csp).not.toMatch(/script-src/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("form-action 'self'");
  expect(csp).toContain("base-uri 'none'");
}

let numberSeq = 0;
const nextNumber = () => `+1416555${String(2000 + ++numberSeq).slice(-4)}`;

/** A conversation over SMS through the service, one message a minute from `start`. */
async function converseSms(app: TestServer, lines: string[], start: Date): Promise<Summary> {
  const address = nextNumber();
  for (const [i, text] of lines.entries()) {
    await app.parts.service.receive({
      channel: 'sms',
      address,
      id: `SM${address.slice(1)}${i}`,
      at: new Date(start.getTime() + i * 60_000).toISOString(),
      text,
      media: [],
    });
  }
  const record = await app.parts.store.findConversation({ channel: 'sms', address });
  const ctx = (record!.snapshot as unknown as { context: IntakeContext }).context;
  const summary = await app.parts.store.getIntake(ctx.intakeId);
  if (!summary) throw new Error('no summary');
  return summary;
}

/** The references of the queue's rows, in order. */
const rowsOf = (page: string) => [...page.matchAll(/<li class="card" data-reference="([^"]+)"/g)].map((m) => m[1]);

describe('attorneys dashboard', () => {
  let app: TestServer;
  let ann: Attorney;
  let bob: Attorney;
  let english: Summary;
  let french: Summary;
  let emergency: Summary;
  let unfinished: Summary;

  beforeAll(async () => {
    app = await startTestServer({ LOGIN_MAX_FAILURES: '3', LOCKOUT_MINUTES: '15' });
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
    bob = await createAttorney(app.parts.accounts, { name: 'Bob Roy' });
    // Oldest first: the English one, then the French one, then the emergency (newest, but E0).
    english = await converseSms(app, REFERENCE.en, new Date('2026-11-27T14:00:00Z'));
    french = await converseSms(app, REFERENCE.fr, new Date('2026-11-27T16:00:00Z'));
    emergency = await converseSms(app, ['Hello', 'yes', 'yes'], new Date('2026-11-28T06:00:00Z'));
    unfinished = await converseSms(app, ['Hello', 'yes', 'no'], new Date('2026-11-28T06:30:00Z'));
    // The handoff worker turns the escalation into a record (what pages the attorney).
    await app.parts.handoff.tick(new Date('2026-11-28T06:05:00Z'));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('made the intakes the tests need', () => {
    expect(english.status).toBe('complete');
    expect(french.status).toBe('complete');
    expect(french.language).toBe('fr');
    expect(emergency.triage.tier).toBe('E0');
    expect(emergency.status).toBe('in_progress');
    expect(unfinished.status).toBe('in_progress');
    expect(unfinished.triage.escalationReasons).toEqual([]);
  });

  describe('signing in', () => {
    it('shows the sign-in form with its own token, and signs in with the right password', async () => {
      const client = new Client(app.url);
      const form = await client.get('/login');
      expect(form.status).toBe(200);
      expectSecurityHeaders(form.headers);
      expect(form.text).toContain('<form method="post" action="/login">');
      expect(fieldOf(form.text, 'csrf')).toMatch(/^[\w-]{43}\.[\w-]{43}$/);
      expect(client.cookies.has('pi_login')).toBe(true);

      const r = await client.post('/login', { csrf: fieldOf(form.text, 'csrf'), next: '/intakes', email: ann.email.toUpperCase(), password: PASSWORD });
      expect(r.status).toBe(303);
      expect(r.location).toBe('/intakes');
      expectSecurityHeaders(r.headers);
      const cookie = client.setCookies.find((c) => c.startsWith('pi_session='))!;
      expect(cookie).toMatch(/^pi_session=[\w-]{43}; /);
      expect(cookie).toContain('HttpOnly');
      expect(cookie).toContain('SameSite=Lax');
      expect(cookie).toContain('Path=/');
      expect(cookie).toContain(`Max-Age=${12 * 3600}`);
      // The test server's public URL is http: no Secure flag (see the https case below).
      expect(cookie).not.toContain('Secure');
      // Only the hash of the cookie is stored.
      const session = await app.parts.accounts.getSession(sessionIdHash(client.cookies.get('pi_session')!));
      expect(session?.attorneyId).toBe(ann.id);

      const queue = await client.follow(r);
      expect(queue.status).toBe(200);
      expect(queue.text).toContain('Signed in as Ann Lee');
      const log = await app.parts.handoffStore.auditLog({ limit: 50 });
      expect(log.some((e) => e.action === 'signed_in' && e.actor === ann.id)).toBe(true);
    });

    it('refuses a wrong password and an unknown email with the same words, and audits neither password nor typed email', async () => {
      const wrong = await new Client(app.url).login(bob.email, 'not the password at all');
      const unknown = await new Client(app.url).login('nobody-here@example.com', 'whatever password 1');
      for (const r of [wrong, unknown]) {
        expect(r.status).toBe(401);
        expect(r.text).toContain('The email or password is not right.');
        expect(r.text).not.toMatch(/no such|unknown|does not exist/i);
      }
      const log = JSON.stringify(await app.parts.handoffStore.auditLog({ limit: 100 }));
      expect(log).not.toContain('nobody-here');
      expect(log).not.toContain('whatever password');
      expect(log).not.toContain('not the password');
      const failed = (await app.parts.handoffStore.auditLog({ limit: 100 })).filter((e) => e.action === 'sign_in_failed');
      expect(failed.some((e) => e.actor === bob.id)).toBe(true);
      expect(failed.some((e) => e.actor === 'anonymous')).toBe(true);
      // A failure is forgotten at the next success.
      await signedIn(app.url, bob);
      expect((await app.parts.accounts.getAttorney(bob.id))!.failedLogins).toBe(0);
    });

    it('refuses a sign-in without its form token, or with a forged one (403, no session)', async () => {
      const client = new Client(app.url);
      const form = await client.get('/login');
      const token = fieldOf(form.text, 'csrf');
      const missing = await client.post('/login', { email: ann.email, password: PASSWORD });
      const forged = await client.post('/login', { csrf: `${token.split('.')[0]}.${'A'.repeat(43)}`, email: ann.email, password: PASSWORD });
      // A valid token of another browser: its cookie does not match this one's.
      const other = new Client(app.url);
      const otherToken = fieldOf((await other.get('/login')).text, 'csrf');
      const crossed = await client.post('/login', { csrf: otherToken, email: ann.email, password: PASSWORD });
      for (const r of [missing, forged, crossed]) {
        expect(r.status).toBe(403);
        expect(r.text).toContain('The sign-in form had expired.');
      }
      expect(client.cookies.has('pi_session')).toBe(false);
    });

    it('locks an account after 3 failures and refuses even the right password', async () => {
      const carl = await createAttorney(app.parts.accounts, { name: 'Carl Poe' });
      const client = new Client(app.url);
      for (let i = 1; i <= 2; i++) {
        const r = await client.login(carl.email, `wrong password ${i}x`);
        expect(r.text).toContain('The email or password is not right.');
      }
      const third = await client.login(carl.email, 'wrong password 3x');
      expect(third.text).toContain('Too many failed attempts.');
      expect(third.text).toContain('try again in 15 minutes');
      const locked = await app.parts.accounts.getAttorney(carl.id);
      expect(Date.parse(locked!.lockedUntil!)).toBeGreaterThan(Date.now() + 14 * 60_000);

      const right = await client.login(carl.email, PASSWORD);
      expect(right.status).toBe(401);
      expect(right.text).toContain('Too many failed attempts.');
      expect(client.cookies.has('pi_session')).toBe(false);
      const log = await app.parts.handoffStore.auditLog({ limit: 100 });
      expect(log.some((e) => e.action === 'locked_out' && e.actor === carl.id)).toBe(true);
      expect(log.some((e) => e.action === 'sign_in_failed' && e.actor === carl.id && e.detail.reason === 'locked')).toBe(true);
      // What happens once the lock time has passed: test/signin.test.ts (its clock is moved, not waited for).
    });

    it('does not let a disabled account sign in, and ends its open sessions', async () => {
      const dan = await createAttorney(app.parts.accounts, { name: 'Dan Ray' });
      const client = await signedIn(app.url, dan);
      await app.parts.accounts.setDisabled(dan.id, true);
      expect((await client.get('/intakes')).status).toBe(303);
      const r = await new Client(app.url).login(dan.email, PASSWORD);
      expect(r.status).toBe(401);
      expect(r.text).toContain('The email or password is not right.');
    });

    it('goes back where it was asked for, and only to a path of this site', async () => {
      const anon = new Client(app.url);
      const asked = await anon.get(`/intakes/${english.intakeId}`);
      expect(asked.status).toBe(303);
      expect(asked.location).toBe(`/login?next=${encodeURIComponent(`/intakes/${english.intakeId}`)}`);
      expect(asked.text).not.toContain(english.reference);
      const back = await anon.login(ann.email, PASSWORD, `/intakes/${english.intakeId}`);
      expect(back.location).toBe(`/intakes/${english.intakeId}`);
      const filtered = await new Client(app.url).login(ann.email, PASSWORD, '/intakes?view=closed&tier=E0');
      expect(filtered.location).toBe('/intakes?view=closed&tier=E0');
      // Back to the sign-in page would go round in circles: the queue instead.
      expect((await new Client(app.url).login(ann.email, PASSWORD, '/login?next=/intakes')).location).toBe('/intakes');
    });

    // Each as the query string or the form carries it, once decoded by the server (the form's
    // field is the same text): a fullwidth dot raw and percent-encoded, an encoded slash and
    // backslash, CR/LF, an overlong one, a percent sequence that is not UTF-8, other sites.
    const NASTY = [
      '/\u3002/evil',
      '/%E3%80%82/evil',
      '/\uff0e\uff0e/evil',
      '/%EF%BC%8F%EF%BC%8Fevil.example.com',
      '/%2F/evil.example.com',
      '/%2f%2fevil.example.com',
      '/%5Cevil.example.com',
      '/%5c%5cevil.example.com',
      '/intakes\r\nSet-Cookie: pi_session=x',
      '/intakes%0d%0aSet-Cookie:%20pi_session=x',
      `/intakes/${'a'.repeat(600)}`,
      '/%FF%FE',
      '/%C0%AF',
      '/%E3%80',
      '//evil.example.com/x',
      'https://evil.example.com/',
      '/\\evil.example.com',
      'intakes',
      '/intakes\t',
      '/ intakes',
    ];

    it.each(NASTY.map((next) => [JSON.stringify(next).slice(0, 60), next]))(
      'refuses the next %s with a 400 page, never a 500 nor a redirect',
      async (_label, next) => {
        // As a link to the sign-in page (its query string carries it encoded).
        const link = await new Client(app.url).get(`/login?next=${encodeURIComponent(next)}`);
        // Signed in already: the same link would redirect at once.
        const signed = await signedIn(app.url, ann);
        const again = await signed.get(`/login?next=${encodeURIComponent(next)}`);
        // As the sign-in form posts it, with the right password: refused before anything is counted.
        const client = new Client(app.url);
        const form = await client.get('/login');
        const posted = await client.post('/login', { csrf: fieldOf(form.text, 'csrf'), next, email: ann.email, password: PASSWORD });
        for (const r of [link, again, posted]) {
          expect(r.status).toBe(400);
          expect(r.location).toBeNull();
          expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
          expectSecurityHeaders(r.headers);
          expect(r.text).toContain('Not a link of this site');
          expect(r.text).toContain('href="/login"');
        }
        expect(client.cookies.has('pi_session')).toBe(false);
      },
    );

    it('opens nothing with a session past its time', async () => {
      const cookie = 'B'.repeat(43);
      const hour = 3_600_000;
      await app.parts.accounts.createSession({
        idHash: sessionIdHash(cookie),
        attorneyId: ann.id,
        csrfToken: 'C'.repeat(43),
        createdAt: new Date(Date.now() - 13 * hour).toISOString(),
        expiresAt: new Date(Date.now() - hour).toISOString(),
      });
      const client = new Client(app.url);
      client.cookies.set('pi_session', cookie);
      const r = await client.get('/intakes');
      expect(r.status).toBe(303);
      expect(r.location).toMatch(/^\/login\?next=/);
      expect((await client.post(`/intakes/${english.intakeId}/status`, { csrf: 'C'.repeat(43), action: 'claim', expected: 'new', claimedBy: '' })).status).toBe(
        403,
      );
      // The next sign-in clears it away.
      await signedIn(app.url, ann);
      expect(await app.parts.accounts.getSession(sessionIdHash(cookie))).toBeNull();
    });

    it('marks the cookie Secure when the public URL is https', async () => {
      const tls = await startTestServer({ PUBLIC_BASE_URL: 'https://intake.example.com' });
      try {
        const amy = await createAttorney(tls.parts.accounts, { name: 'Amy Wu' });
        const client = new Client(tls.url);
        const form = await client.get('/login');
        expect(client.setCookies.find((c) => c.startsWith('pi_login='))).toContain('; Secure');
        await client.post('/login', { csrf: fieldOf(form.text, 'csrf'), next: '/intakes', email: amy.email, password: PASSWORD });
        const cookie = client.setCookies.find((c) => c.startsWith('pi_session='))!;
        expect(cookie).toContain('; Secure');
        expect(cookie).toContain('HttpOnly');
        expect(cookie).toContain('SameSite=Lax');
      } finally {
        await tls.close();
      }
    });

    it('signs out: the session is deleted on the server, so the old cookie opens nothing', async () => {
      const client = await signedIn(app.url, ann);
      const value = client.cookies.get('pi_session')!;
      const page = await client.get('/intakes');
      const r = await client.post('/logout', { csrf: fieldOf(page.text, 'csrf') });
      expect(r.status).toBe(303);
      expect(r.location).toBe('/login?out=1');
      expect(client.setCookies.at(-1)).toMatch(/^pi_session=; .*Max-Age=0/);
      expect(await app.parts.accounts.getSession(sessionIdHash(value))).toBeNull();
      // Someone who kept the cookie gets nothing.
      const replay = new Client(app.url);
      replay.cookies.set('pi_session', value);
      const again = await replay.get('/intakes');
      expect(again.status).toBe(303);
      expect(again.location).toMatch(/^\/login\?next=/);
      expect((await app.parts.handoffStore.auditLog({ limit: 50 })).some((e) => e.action === 'signed_out' && e.actor === ann.id)).toBe(true);
    });
  });

  describe('the queue', () => {
    it('sends an unauthenticated visitor to the sign-in page, with no intake in the answer', async () => {
      const r = await new Client(app.url).get('/intakes?view=closed');
      expect(r.status).toBe(303);
      expect(r.location).toBe(`/login?next=${encodeURIComponent('/intakes?view=closed')}`);
      expect(r.text).toBe('');
      expectSecurityHeaders(r.headers);
    });

    it('lists the escalation to acknowledge first, then the intakes by tier, oldest first within a tier', async () => {
      const client = await signedIn(app.url, ann);
      const r = await client.get('/intakes');
      expect(r.status).toBe(200);
      expectSecurityHeaders(r.headers);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const escalations = r.text.slice(r.text.indexOf('id="escalations"'), r.text.indexOf('id="intakes"'));
      expect(escalations).toContain(emergency.reference);
      expect(escalations).toContain('emergency happening now');
      expect(escalations).toContain('>Acknowledge</button>');

      const rows = rowsOf(r.text);
      expect(rows[0]).toBe(emergency.reference);
      expect(rows).toEqual(expect.arrayContaining([english.reference, french.reference]));
      // The unfinished, unescalated intake is not in the queue: it is in "In progress".
      expect(rows).not.toContain(unfinished.reference);
      const all = await Promise.all(rows.map(async (ref) => [english, french, emergency].find((s) => s.reference === ref)!));
      const sorted = [...all].sort((a, b) => tierRank(a.triage.tier) - tierRank(b.triage.tier) || a.createdAt.localeCompare(b.createdAt));
      expect(rows).toEqual(sorted.map((s) => s.reference));
      expect(rows.indexOf(english.reference)).toBeLessThan(rows.indexOf(french.reference));
      // Each row: tier badge, reason in words, an age.
      expect(r.text).toContain('medical treatment');
      expect(r.text).toMatch(/\d+ (d|h|min) ago/);

      const progress = await client.get('/intakes?view=progress');
      expect(rowsOf(progress.text)).toContain(unfinished.reference);
      expect(rowsOf(progress.text)).not.toContain(english.reference);

      const onlyE0 = await client.get('/intakes?tier=E0');
      expect(rowsOf(onlyE0.text)).toEqual([emergency.reference]);
      const onlyNew = await client.get('/intakes?status=closed');
      expect(rowsOf(onlyNew.text)).toEqual([]);
    });

    it('pages with the store cursor: every intake once, in order', async () => {
      const client = await signedIn(app.url, ann);
      // More unfinished intakes than one page (25) holds.
      const made = [unfinished];
      for (let i = 0; i < 26; i++) made.push(await converseSms(app, ['Hello', 'yes', 'no'], new Date(Date.parse('2026-11-28T07:00:00Z') + i * 600_000)));
      const seen: string[] = [];
      let path: string | null = '/intakes?view=progress';
      let pages = 0;
      while (path) {
        const r = await client.get(path);
        expect(r.status).toBe(200);
        seen.push(...rowsOf(r.text));
        const next = /<a class="button secondary" rel="next" href="([^"]+)"/.exec(r.text);
        path = next ? next[1].replace(/&amp;/g, '&') : null;
        if (++pages > 5) throw new Error('the pages do not end');
      }
      expect(pages).toBe(2);
      expect(seen).toHaveLength(new Set(seen).size);
      expect(seen).toEqual(expect.arrayContaining(made.map((s) => s.reference)));
      expect(seen[0]).toBe(unfinished.reference);
      // A cursor that is not the store's starts again from the first page.
      const bad = await client.get('/intakes?view=progress&cursor=not-a-cursor');
      expect(bad.status).toBe(303);
      expect(bad.location).toBe('/intakes?view=progress');
    });

    it('acknowledges an escalation with a POST carrying the CSRF token', async () => {
      const client = await signedIn(app.url, bob);
      const page = await client.get('/intakes');
      const [escalation] = await app.parts.handoffStore.escalationsOf(emergency.intakeId);
      expect(escalation.acknowledgedAt).toBeNull();
      const r = await client.post(`/escalations/${escalation.id}/ack`, { csrf: fieldOf(page.text, 'csrf'), back: '/intakes' });
      expect(r.status).toBe(303);
      expect(r.location).toBe('/intakes?done=acknowledged');
      const acked = await app.parts.handoffStore.getEscalation(escalation.id);
      expect(acked!.acknowledgedBy).toBe(bob.id);
      const after = await client.follow(r);
      expect(after.text).toContain('Escalation acknowledged.');
      expect(after.text).not.toContain('id="escalations"');
      const intake = await client.get(`/intakes/${emergency.intakeId}`);
      expect(intake.text).toContain('Acknowledged');
      expect(intake.text).toContain('by Bob Roy');
    });
  });

  describe('an intake', () => {
    it('shows the reference, the flags, the facts, the evidence and consent, and audits the view', async () => {
      const client = await signedIn(app.url, ann);
      const r = await client.get(`/intakes/${english.intakeId}`);
      expect(r.status).toBe(200);
      expectSecurityHeaders(r.headers, { live: true });
      // No inline script: the one script is the file, from this origin.
      expect([...r.text.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual(['<script src="/dashboard/live.js" defer>']);
      expect(r.text).toContain(`<span id="reference">${english.reference}</span>`);
      expect(r.text).toContain(`>${english.triage.tier}</span>`);
      expect(r.text).toContain('Marc Tremblay');
      expect(r.text).toContain(escaped('He has leukemia and needs a bone marrow transplant'));
      expect(r.text).toContain('Roswell Park Cancer Center, Buffalo');
      expect(r.text).toContain(escaped('theft under $5000'));
      expect(r.text).toContain('Physician letter: diagnosis, prognosis, length of treatment');
      expect(r.text).toContain('CBP parole at the port');
      expect(r.text).toContain('doctor&#39;s letter');
      expect(r.text).toMatch(/Accepted .*, notice .*, over SMS/);
      expect(r.text).toContain(english.contact.phone!);
      const log = await app.parts.handoffStore.auditLog({ intakeId: english.intakeId });
      expect(log.some((e) => e.action === 'viewed' && e.actor === ann.id)).toBe(true);
      // The audit keeps the reference, not what the family wrote.
      expect(JSON.stringify(log)).not.toContain('Marc');
    });

    it('shows the whole transcript as the family wrote it: a French conversation in French, times in the firm time zone', async () => {
      const client = await signedIn(app.url, ann);
      const r = await client.get(`/intakes/${french.intakeId}`);
      const transcript = r.text.slice(r.text.indexOf('id="transcript"'));
      for (const line of REFERENCE.fr) expect(transcript).toContain(escaped(line));
      expect(transcript).toContain('lang="fr"');
      expect(transcript).toContain('Il a une leucémie et a besoin d&#39;une greffe de moelle osseuse');
      const entries = await app.parts.store.transcript(french.transcriptId);
      expect((transcript.match(/<li class="in">/g) ?? []).length).toBe(entries.filter((e) => e.direction === 'in').length);
      expect((transcript.match(/<li class="out">/g) ?? []).length).toBe(entries.filter((e) => e.direction === 'out').length);
      // The first message was sent at 16:00 UTC: 11:00 AM in New York.
      expect(transcript).toContain('Nov 27, 2026, 11:00 AM');
      expect(transcript).toContain('Times in Eastern Time');
    });

    it('escapes what the family wrote: markup they type shows as text', async () => {
      const lines = [...REFERENCE.en];
      lines[lines.indexOf('He has leukemia and needs a bone marrow transplant')] = '<script>alert(1)</script><b>bold</b>';
      const s = await converseSms(app, lines, new Date('2026-11-27T18:00:00Z'));
      const client = await signedIn(app.url, ann);
      const r = await client.get(`/intakes/${s.intakeId}`);
      expect(r.text).not.toContain('<script>alert(1)');
      expect(r.text).not.toContain('<b>bold</b>');
      expect(r.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });

    it('is a 404 for an unknown intake, for a signed-in attorney', async () => {
      const client = await signedIn(app.url, ann);
      const r = await client.get('/intakes/no-such-intake');
      expect(r.status).toBe(404);
      expectSecurityHeaders(r.headers);
      expect((await client.get('/intakes/no-such-intake.pdf')).status).toBe(404);
    });

    it('claims, refuses a second claim with a message, takes over only explicitly, marks contacted, closes and reopens', async () => {
      const annC = await signedIn(app.url, ann);
      const bobC = await signedIn(app.url, bob);
      const id = french.intakeId;
      const annPage = await annC.get(`/intakes/${id}`);
      const bobPage = await bobC.get(`/intakes/${id}`);
      expect(annPage.text).toContain('Status: new');
      // Both see it new; Ann presses first.
      const claim = await annC.post(`/intakes/${id}/status`, { csrf: fieldOf(annPage.text, 'csrf'), action: 'claim', expected: 'new', claimedBy: '' });
      expect(claim.status).toBe(303);
      const claimed = await annC.follow(claim);
      expect(claimed.text).toContain('You claimed this intake.');
      expect(claimed.text).toContain('Claimed by Ann Lee (you)');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'claimed', claimedBy: ann.id });

      // Bob's claim, from the page he had open, is refused with a message; nothing changes.
      const lost = await bobC.post(`/intakes/${id}/status`, { csrf: fieldOf(bobPage.text, 'csrf'), action: 'claim', expected: 'new', claimedBy: '' });
      const lostPage = await bobC.follow(lost);
      expect(lostPage.text).toContain('Someone else claimed this intake first: nothing was changed.');
      expect(lostPage.text).toContain('Claimed by Ann Lee');
      expect(lostPage.text).toContain('Take over from Ann Lee');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'claimed', claimedBy: ann.id });
      // Marking it contacted without taking over is refused too.
      const sneaky = await bobC.post(`/intakes/${id}/status`, {
        csrf: fieldOf(bobPage.text, 'csrf'),
        action: 'contacted',
        expected: 'claimed',
        claimedBy: ann.id,
      });
      expect((await bobC.follow(sneaky)).text).toContain('Another attorney has claimed this intake: take it over first.');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'claimed', claimedBy: ann.id });

      // Ann marks it contacted, then closed; she reopens it.
      const contacted = await annC.post(`/intakes/${id}/status`, {
        csrf: fieldOf(annPage.text, 'csrf'),
        action: 'contacted',
        expected: 'claimed',
        claimedBy: ann.id,
      });
      expect((await annC.follow(contacted)).text).toContain('Marked contacted.');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'contacted', claimedBy: ann.id });
      // Bob takes it over, explicitly.
      const over = await bobC.post(`/intakes/${id}/status`, {
        csrf: fieldOf(bobPage.text, 'csrf'),
        action: 'takeover',
        expected: 'contacted',
        claimedBy: ann.id,
      });
      expect((await bobC.follow(over)).text).toContain('You took this intake over.');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'contacted', claimedBy: bob.id });
      // Closing asks once more, on a page of its own: the intake page's "Close" only leads there.
      const bobNow = (await bobC.get(`/intakes/${id}`)).text;
      expect(bobNow).toContain(`<a class="button secondary" id="close" href="/intakes/${id}/close">Close</a>`);
      expect(bobNow).not.toContain('name="action" value="closed"');
      const confirm = await bobC.get(`/intakes/${id}/close`);
      expect(confirm.status).toBe(200);
      expect(confirm.text).toContain(`Close ${french.reference}?`);
      expect(confirm.text).toContain(`<a class="button secondary" href="/intakes/${id}">No, keep it open</a>`);
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'contacted' });
      // A close that skipped the question (an old page, a hand-made form) is sent to it, and changes nothing.
      const unconfirmed = await bobC.post(`/intakes/${id}/status`, {
        csrf: fieldOf(bobPage.text, 'csrf'),
        action: 'closed',
        expected: 'contacted',
        claimedBy: bob.id,
      });
      expect(unconfirmed.status).toBe(303);
      expect(unconfirmed.location).toBe(`/intakes/${id}/close`);
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'contacted' });
      // The confirm form is a form like the others: without the session's token it is refused.
      const forged = await bobC.post(`/intakes/${id}/status`, { csrf: 'forged', action: 'closed', expected: 'contacted', claimedBy: bob.id, confirm: 'yes' });
      expect(forged.status).toBe(403);
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'contacted' });
      const closed = await bobC.post(`/intakes/${id}/status`, {
        csrf: fieldOf(confirm.text, 'csrf'),
        action: fieldOf(confirm.text, 'action'),
        expected: fieldOf(confirm.text, 'expected'),
        claimedBy: fieldOf(confirm.text, 'claimedBy'),
        confirm: fieldOf(confirm.text, 'confirm'),
      });
      expect((await bobC.follow(closed)).text).toContain('Closed.');
      // Closed already: the question is not asked again.
      expect((await bobC.get(`/intakes/${id}/close`)).location).toBe(`/intakes/${id}`);
      const h = await app.parts.handoffStore.getHandling(id);
      expect(h).toMatchObject({ status: 'closed', claimedBy: bob.id, updatedBy: bob.id });
      expect(h.contactedAt).not.toBeNull();
      expect(h.closedAt).not.toBeNull();
      // Closed intakes are in their own tab, not the queue.
      expect(rowsOf((await annC.get('/intakes')).text)).not.toContain(french.reference);
      expect(rowsOf((await annC.get('/intakes?view=closed')).text)).toContain(french.reference);
      const reopen = await annC.post(`/intakes/${id}/status`, { csrf: fieldOf(annPage.text, 'csrf'), action: 'reopen', expected: 'closed', claimedBy: bob.id });
      expect((await annC.follow(reopen)).text).toContain('Reopened: claimed by you.');
      expect(await app.parts.handoffStore.getHandling(id)).toMatchObject({ status: 'claimed', claimedBy: ann.id, closedAt: null });

      const changes = (await app.parts.handoffStore.auditLog({ intakeId: id })).filter((e) => e.action === 'status').reverse();
      expect(changes.map((e) => [e.actor, e.detail.action, e.detail.from, e.detail.to])).toEqual([
        [ann.id, 'claim', 'new', 'claimed'],
        [ann.id, 'contacted', 'claimed', 'contacted'],
        [bob.id, 'takeover', 'contacted', 'contacted'],
        [bob.id, 'closed', 'contacted', 'closed'],
        [ann.id, 'reopen', 'closed', 'claimed'],
      ]);
    });

    it('refuses a forged, a missing and another session CSRF token (403) and changes nothing', async () => {
      const annC = await signedIn(app.url, ann);
      const bobC = await signedIn(app.url, bob);
      const id = english.intakeId;
      const before = await app.parts.handoffStore.getHandling(id);
      expect(before.status).toBe('new');
      const bobToken = fieldOf((await bobC.get(`/intakes/${id}`)).text, 'csrf');
      const annToken = fieldOf((await annC.get(`/intakes/${id}`)).text, 'csrf');
      const attempts = [
        { csrf: 'A'.repeat(43), action: 'claim', expected: 'new', claimedBy: '' },
        { csrf: annToken.slice(0, -1) + (annToken.endsWith('A') ? 'B' : 'A'), action: 'claim', expected: 'new', claimedBy: '' },
        { action: 'claim', expected: 'new', claimedBy: '' },
        { csrf: '', action: 'claim', expected: 'new', claimedBy: '' },
        { csrf: bobToken, action: 'claim', expected: 'new', claimedBy: '' },
      ];
      const statusBefore = (await app.parts.handoffStore.auditLog({ intakeId: id })).filter((e) => e.action === 'status').length;
      for (const form of attempts) {
        const r = await annC.post(`/intakes/${id}/status`, form as Record<string, string>);
        expect(r.status).toBe(403);
        expectSecurityHeaders(r.headers);
        expect(r.text).not.toContain(english.reference);
      }
      // Acknowledging and signing out are guarded the same way.
      const [escalation] = await app.parts.handoffStore.escalationsOf(emergency.intakeId);
      expect((await annC.post(`/escalations/${escalation.id}/ack`, { csrf: bobToken })).status).toBe(403);
      expect((await annC.post('/logout', { csrf: bobToken })).status).toBe(403);
      expect((await annC.get('/intakes')).status).toBe(200);
      // A POST without any session is refused the same way.
      expect((await new Client(app.url).post(`/intakes/${id}/status`, { csrf: annToken, action: 'claim', expected: 'new', claimedBy: '' })).status).toBe(403);

      expect(await app.parts.handoffStore.getHandling(id)).toEqual(before);
      expect((await app.parts.handoffStore.auditLog({ intakeId: id })).filter((e) => e.action === 'status')).toHaveLength(statusBefore);
      // With her own token it works.
      const ok = await annC.post(`/intakes/${id}/status`, { csrf: annToken, action: 'claim', expected: 'new', claimedBy: '' });
      expect(ok.status).toBe(303);
      expect((await app.parts.handoffStore.getHandling(id)).claimedBy).toBe(ann.id);
    });

    it('downloads the PDF when signed in, audited', async () => {
      const client = await signedIn(app.url, ann);
      const res = await fetch(`${app.url}/intakes/${english.intakeId}.pdf`, { headers: { cookie: client.cookieHeader() } });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${english.reference}.pdf"`);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const log = await app.parts.handoffStore.auditLog({ intakeId: english.intakeId });
      expect(log.some((e) => e.action === 'viewed_pdf' && e.actor === ann.id)).toBe(true);
      // Not signed in: to the sign-in page, no PDF.
      const anon = await fetch(`${app.url}/intakes/${english.intakeId}.pdf`, { redirect: 'manual' });
      expect(anon.status).toBe(303);
      expect(anon.headers.get('content-type') ?? '').not.toContain('pdf');
    });
  });

  it('shows the audit log to any signed-in attorney, filtered by intake', async () => {
    const client = await signedIn(app.url, bob);
    await client.get(`/intakes/${unfinished.intakeId}`);
    const r = await client.get(`/audit?intake=${encodeURIComponent(unfinished.intakeId)}`);
    expect(r.status).toBe(200);
    expectSecurityHeaders(r.headers);
    expect(r.text).toContain('data-action="viewed"');
    expect(r.text).toContain('Bob Roy');
    expect(r.text).not.toContain('data-action="signed_in"');
    const all = await client.get('/audit');
    expect(all.text).toContain('data-action="signed_in"');
    expect(all.text).toContain('data-action="status"');
  });
});

describe('attorneys dashboard on MongoDB (the FerretDB of the test run)', () => {
  let app: TestServer;
  const uri = testMongoUri('dashboard');

  beforeAll(async () => {
    app = await startTestServer({ MONGODB_URI: uri, ENCRYPTION_KEY: randomBytes(32).toString('base64'), LOGIN_MAX_FAILURES: '2' });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    // A shared MONGODB_URI stays clean.
    const client = await MongoClient.connect(uri);
    await client.db().dropDatabase();
    await client.close();
  });

  it('signs in, locks out, lists, claims once, and signs out with the accounts and sessions in MongoDB', async () => {
    const eve = await createAttorney(app.parts.accounts, { name: 'Eve Moss' });
    const fay = await createAttorney(app.parts.accounts, { name: 'Fay Dunn' });
    const s = await converseSms(app, REFERENCE.es, new Date('2026-11-27T15:00:00Z'));
    expect(s.language).toBe('es');

    const locked = new Client(app.url);
    await locked.login(fay.email, 'wrong password one');
    expect((await locked.login(fay.email, 'wrong password two')).text).toContain('Too many failed attempts.');
    expect((await locked.login(fay.email, PASSWORD)).status).toBe(401);

    const client = await signedIn(app.url, eve);
    const queue = await client.get('/intakes');
    expect(rowsOf(queue.text)).toEqual([s.reference]);
    const page = await client.get(`/intakes/${s.intakeId}`);
    expect(page.text).toContain(escaped('Tiene leucemia y necesita un trasplante de médula ósea'));
    expect(page.text).toContain('lang="es"');
    const csrf = fieldOf(page.text, 'csrf');
    const claim = await client.post(`/intakes/${s.intakeId}/status`, { csrf, action: 'claim', expected: 'new', claimedBy: '' });
    expect((await client.follow(claim)).text).toContain('Claimed by Eve Moss (you)');
    const twice = await client.post(`/intakes/${s.intakeId}/status`, { csrf, action: 'claim', expected: 'new', claimedBy: '' });
    expect((await client.follow(twice)).text).toContain('The intake changed meanwhile (now: claimed): nothing was changed.');
    expect(await app.parts.handoffStore.getHandling(s.intakeId)).toMatchObject({ status: 'claimed', claimedBy: eve.id });

    const value = client.cookies.get('pi_session')!;
    await client.post('/logout', { csrf });
    expect(await app.parts.accounts.getSession(sessionIdHash(value))).toBeNull();
    const log = await app.parts.handoffStore.auditLog({ limit: 50 });
    expect(log.map((e) => e.action)).toEqual(expect.arrayContaining(['signed_in', 'locked_out', 'viewed', 'status', 'signed_out']));
  });
});
