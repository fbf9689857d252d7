/**
 * The handoff to the attorneys, through the real server: SMS conversations through signed
 * webhooks, pages and notices through a real SMTP server, the local fake of Twilio's REST API and
 * a local webhook receiver. Time is driven by calling the worker's tick with the time it is meant
 * to be: nothing sleeps.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import type { IntakeContext } from '../dialogs/context';
import { ackToken, verifyAckToken } from '../src/handoff/ack-token';
import { nextAttempt, RETRY_DELAYS_MS } from '../src/handoff/backoff';
import { namesReference, pagerCommand } from '../src/handoff/sms-command';
import type { OutboxItem } from '../src/store/handoff-store';
import { ESCALATION_REASONS, SummarySchema } from '../src/summary/contract';
import { firmText } from '../src/i18n/firm-text';
import { pageSms, PAGE_SMS_MAX } from '../src/handoff/notices';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { testMongoUri } from './support/mongo-server';
import { sms, twimlTexts } from './support/processes';
import { REFERENCE } from './scripts.reference';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp, type ReceivedMail, type TestSmtp } from './support/smtp';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './support/webhook-receiver';

const FIRM_NUMBER = '+17165550100';
const ONCALL_PHONE = '+17165550123';
const BACKUP_PHONE = '+17165550124';
const ONCALL_EMAIL = 'oncall@firm.test';
const BACKUP_EMAIL = 'backup@firm.test';
const NOTIFY_EMAILS = ['intake@firm.test', 'paralegal@firm.test'];
const WEBHOOK_SECRET = 'whsec-test-0123456789abcdef';
const ACK_MINUTES = 10;
const MINUTE = 60_000;

/**
 * What an E1 intake's family writes first: the traveler is at the border, then consent, then yes
 * to the one plain question a story's "at the border" gets before any page ("are you at the
 * border right now?": E1), then yes to the read-back of what the story said.
 */
const AT_THE_BORDER = ['I am at the border now', 'yes', 'yes', 'yes'];

let smtp: TestSmtp;
let twilioApi: FakeTwilio;
let receiver: WebhookReceiver;
const running: TestServer[] = [];

beforeAll(async () => {
  smtp = await startSmtp();
  twilioApi = await startFakeTwilio();
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await smtp?.close();
  await twilioApi?.close();
  await receiver?.close();
});
beforeEach(() => {
  smtp.messages.length = 0;
  smtp.refuseNext(0);
  twilioApi.messages.length = 0;
  receiver.requests.length = 0;
  receiver.failNext(0);
});
afterEach(async () => {
  for (const app of running.splice(0)) await app.close();
});

function handoffEnv(): Record<string, string> {
  return {
    TWILIO_API_URL: twilioApi.url,
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Intake <intake-bot@firm.test>',
    NOTIFY_EMAILS: NOTIFY_EMAILS.join(', '),
    ONCALL_EMAIL,
    ONCALL_PHONE,
    BACKUP_EMAIL,
    BACKUP_PHONE,
    ACK_MINUTES: String(ACK_MINUTES),
    WEBHOOK_URL: `${receiver.url}/intake-events`,
    WEBHOOK_SECRET,
  };
}

async function server(o: { dataDir?: string } = {}): Promise<TestServer> {
  const app = await startTestServer(handoffEnv(), o);
  running.push(app);
  return app;
}

let sidSeq = 0;
const nextSid = () => 'SM' + 'e2'.repeat(4) + (++sidSeq).toString(16).padStart(24, '0');
let numberSeq = 0;
/** A family's number, fresh for each conversation. */
const nextNumber = () => `+1416555${String(3000 + ++numberSeq)}`;

/** Sends one SMS as Twilio does (signed) and returns the TwiML reply's texts. */
async function text(app: TestServer, from: string, body: string): Promise<string[]> {
  const r = await sms(app.url, app.env.PUBLIC_BASE_URL, { From: from, Body: body, MessageSid: nextSid() });
  expect(r.status).toBe(200);
  return twimlTexts(r.body);
}

async function converse(app: TestServer, from: string, bodies: readonly string[]): Promise<void> {
  for (const body of bodies) await text(app, from, body);
}

async function intakeOf(app: TestServer, from: string): Promise<{ intakeId: string; reference: string }> {
  const record = await app.parts.store.findConversation({ channel: 'sms', address: from });
  if (!record) throw new Error('no conversation for this number');
  const ctx = (record.snapshot as unknown as { context: IntakeContext }).context;
  return { intakeId: ctx.intakeId, reference: ctx.reference };
}

const after = (t: Date, ms: number) => new Date(t.getTime() + ms);
const mentions = <T extends { body?: string; subject?: string; text?: string }>(texts: T[], reference: string): T[] =>
  texts.filter((m) => `${m.subject ?? ''} ${m.text ?? ''} ${m.body ?? ''}`.includes(reference));
const pagesTo = (phone: string, reference: string) => mentions(twilioApi.to(phone), reference);
const mailTo = (address: string, reference: string): ReceivedMail[] => mentions(smtp.to(address), reference);
const hooks = (event: string, intakeId?: string): ReceivedRequest[] =>
  receiver.requests.filter((r) => r.headers['x-intake-event'] === event && (!intakeId || (JSON.parse(r.body) as { intakeId: string }).intakeId === intakeId));
const ackLinkIn = (s: string) => {
  const m = /(https?:\/\/\S+\/ack\/[A-Za-z0-9_.-]+)/.exec(s);
  if (!m) throw new Error('no acknowledgement link');
  return m[1];
};

/** Nothing personal of the family's: their number (any form), their names, their words. */
function expectNothingPersonal(s: string, o: { from: string; words: string[] }) {
  expect(s).not.toContain(o.from);
  expect(s).not.toContain(o.from.slice(2));
  expect(s.replace(/\D/g, '')).not.toContain(o.from.slice(2));
  for (const w of o.words) expect(s.toLowerCase()).not.toContain(w.toLowerCase());
}

async function webhookItem(app: TestServer, intakeId: string): Promise<OutboxItem> {
  const items = (await app.parts.handoffStore.outboxItems({ intakeId })).filter((i) => i.kind === 'webhook');
  expect(items).toHaveLength(1);
  return items[0];
}

describe('paging the on-call attorney', () => {
  it('an E1 intake over SMS pages the on-call attorney (SMS and email) before the intake is finished', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId, reference } = await intakeOf(app, family);

    // Planned with the turn itself: in the outbox before anything was delivered.
    const planned = await app.parts.handoffStore.outboxItems({ intakeId });
    expect(planned.map((i) => [i.kind, i.state])).toEqual([['escalated', 'pending']]);
    expect(twilioApi.messages).toEqual([]);

    const t = new Date();
    const result = await app.parts.handoff.tick(t);
    // The escalation, then its email, SMS page and webhook.
    expect(result).toEqual({ delivered: 4, failed: 0, reescalated: 0 });

    const [page] = pagesTo(ONCALL_PHONE, reference);
    expect(twilioApi.to(ONCALL_PHONE)).toHaveLength(1);
    expect(page.from).toBe(FIRM_NUMBER);
    expect(page.body).toContain('E1');
    expect(page.body).toContain(`ACK ${reference}`);
    expect(page.body.length).toBeLessThanOrEqual(320);
    expect(ackLinkIn(page.body).startsWith(`${app.env.PUBLIC_BASE_URL}/ack/`)).toBe(true);

    const mails = smtp.to(ONCALL_EMAIL);
    expect(mails).toHaveLength(1);
    expect(mails[0].headers.from).toContain('intake-bot@firm.test');
    expect(mails[0].subject).toContain(reference);
    expect(mails[0].subject).toContain('E1');
    expect(mails[0].text).toContain('at the border now');
    expect(mails[0].text).toContain(`${app.env.PUBLIC_BASE_URL}/intakes/${intakeId}`);
    expect(ackLinkIn(mails[0].text)).toBe(ackLinkIn(page.body));
    for (const s of [page.body, mails[0].subject, mails[0].text]) expectNothingPersonal(s, { from: family, words: ['I am at the border now'] });

    // Paged while the family is still answering questions.
    expect((await app.parts.store.getIntake(intakeId))?.status).toBe('in_progress');
    const [escalation] = await app.parts.handoffStore.escalationsOf(intakeId);
    expect(escalation).toMatchObject({ reference, tier: 'E1', reasons: ['at_border'], level: 'oncall', acknowledgedAt: null });
    expect(escalation.reescalateAt).toBe(after(t, ACK_MINUTES * MINUTE).toISOString());
    expect(twilioApi.to(BACKUP_PHONE)).toEqual([]);
    expect(smtp.to(BACKUP_EMAIL)).toEqual([]);

    const audit = await app.parts.handoffStore.auditLog({ intakeId });
    expect(
      audit
        .filter((a) => a.action === 'paged')
        .map((a) => a.detail.via)
        .sort(),
    ).toEqual(['email', 'sms']);

    // Nothing is sent twice.
    expect(await app.parts.handoff.tick(after(t, MINUTE))).toEqual({ delivered: 0, failed: 0, reescalated: 0 });
    expect(twilioApi.to(ONCALL_PHONE)).toHaveLength(1);
    expect(smtp.to(ONCALL_EMAIL)).toHaveLength(1);
    expect((await app.parts.handoffStore.outboxItems({ intakeId })).every((i) => i.state === 'done')).toBe(true);
  });

  it('a started worker pages as soon as the turn is committed, without waiting for its poll', async () => {
    const app = await server();
    // An hour between polls: only the commit's own wake-up can deliver within this test.
    app.parts.handoff.start(60 * MINUTE);
    await app.parts.handoff.idle();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    await app.parts.handoff.idle();
    const { reference } = await intakeOf(app, family);
    expect(pagesTo(ONCALL_PHONE, reference)).toHaveLength(1);
    expect(mailTo(ONCALL_EMAIL, reference)).toHaveLength(1);
  });

  it('nobody acknowledges within ACK_MINUTES: the backup is paged, once, still without personal details', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, [...AT_THE_BORDER, 'no', 'Marie Tremblay']);
    const { intakeId, reference } = await intakeOf(app, family);
    expect((await app.parts.store.getIntake(intakeId))?.contact.name).toBe('Marie Tremblay');

    const t = new Date();
    await app.parts.handoff.tick(t);
    expect(await app.parts.handoff.tick(after(t, (ACK_MINUTES - 1) * MINUTE))).toMatchObject({ reescalated: 0 });
    expect(twilioApi.to(BACKUP_PHONE)).toEqual([]);

    expect(await app.parts.handoff.tick(after(t, (ACK_MINUTES + 1) * MINUTE))).toEqual({ delivered: 2, failed: 0, reescalated: 1 });
    const [page] = pagesTo(BACKUP_PHONE, reference);
    expect(page.body).toContain('E1');
    expect(page.body.length).toBeLessThanOrEqual(320);
    const [mail] = mailTo(BACKUP_EMAIL, reference);
    expect(mail.subject).toContain('E1');
    for (const s of [page.body, mail.subject, mail.text]) expectNothingPersonal(s, { from: family, words: ['Tremblay', 'Marie', 'I am at the border now'] });
    const [escalation] = await app.parts.handoffStore.escalationsOf(intakeId);
    expect(escalation).toMatchObject({ level: 'backup', reescalateAt: null, acknowledgedAt: null });
    // The backup's link acknowledges the same escalation.
    expect(verifyAckToken(app.parts.secret, ackLinkIn(page.body).split('/ack/')[1])).toBe(escalation.id);

    await app.parts.handoff.tick(after(t, 3 * ACK_MINUTES * MINUTE));
    expect(twilioApi.to(BACKUP_PHONE)).toHaveLength(1);
    expect(smtp.to(BACKUP_EMAIL)).toHaveLength(1);
    expect(twilioApi.to(ONCALL_PHONE)).toHaveLength(1);
    expect((await app.parts.handoffStore.auditLog({ intakeId })).filter((a) => a.action === 'reescalated')).toHaveLength(1);
  });
});

describe('acknowledging a page', () => {
  it('by the link: GET shows and changes nothing, POST acknowledges, and the backup is not paged', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId, reference } = await intakeOf(app, family);
    const t = new Date();
    await app.parts.handoff.tick(t);
    const link = ackLinkIn(pagesTo(ONCALL_PHONE, reference)[0].body);
    const local = link.replace(app.env.PUBLIC_BASE_URL, app.url);

    // As an SMS app's link preview would, twice.
    for (let i = 0; i < 2; i++) {
      const res = await fetch(local);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const html = await res.text();
      expect(html).toContain(reference);
      expect(html).toContain('E1');
      expect(html).toContain('<button');
      expectNothingPersonal(html, { from: family, words: ['I am at the border now'] });
    }
    expect((await app.parts.handoffStore.escalationsOf(intakeId))[0].acknowledgedAt).toBeNull();
    expect((await app.parts.handoffStore.auditLog({ intakeId })).filter((a) => a.action === 'acknowledged')).toEqual([]);

    // A POST without the page's form token (another site's form) changes nothing.
    const forged = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'form=nope',
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect((await app.parts.handoffStore.escalationsOf(intakeId))[0].acknowledgedAt).toBeNull();

    const page = await (await fetch(local)).text();
    const form = /name="form" value="([^"]+)"/.exec(page)![1];
    const posted = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toBe(new URL(local).pathname);
    const [escalation] = await app.parts.handoffStore.escalationsOf(intakeId);
    expect(escalation.acknowledgedBy).toBe('link:oncall');
    expect(escalation.reescalateAt).toBeNull();
    const acks = (await app.parts.handoffStore.auditLog({ intakeId })).filter((a) => a.action === 'acknowledged');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({ actor: 'link:oncall', detail: { escalationId: escalation.id } });

    const shown = await (await fetch(local)).text();
    expect(shown).not.toContain('<button');
    // Who and how in words, not the stored code.
    expect(shown).toContain('by the on-call attorney, by the page');
    expect(shown).not.toContain('link:oncall');

    expect(await app.parts.handoff.tick(after(t, (ACK_MINUTES + 1) * MINUTE))).toMatchObject({ reescalated: 0 });
    expect(twilioApi.to(BACKUP_PHONE)).toEqual([]);
    expect(smtp.to(BACKUP_EMAIL)).toEqual([]);
  });

  it('a forged or altered acknowledgement link is a 404 and acknowledges nothing', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId, reference } = await intakeOf(app, family);
    await app.parts.handoff.tick(new Date());
    const token = ackLinkIn(pagesTo(ONCALL_PHONE, reference)[0].body).split('/ack/')[1];
    const [id, mac] = token.split('.');
    const flipped = mac.slice(0, -1) + (mac.endsWith('A') ? 'B' : 'A');
    const otherId = id.slice(0, -1) + (id.endsWith('0') ? '1' : '0');
    const forgeries = [
      `${id}.${flipped}`,
      `${otherId}.${mac}`,
      id,
      `${id}.`,
      ackToken('another-secret', id),
      // Genuinely signed, but no such escalation.
      ackToken(app.parts.secret, 'esc_00000000000000000000'),
    ];
    for (const forged of forgeries) {
      const get = await fetch(`${app.url}/ack/${encodeURIComponent(forged)}`);
      expect(get.status).toBe(404);
      expect(get.headers.get('content-type')).toMatch(/^text\/html/);
      const post = await fetch(`${app.url}/ack/${encodeURIComponent(forged)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'form=x',
        redirect: 'manual',
      });
      expect(post.status).toBe(404);
    }
    expect((await app.parts.handoffStore.escalationsOf(intakeId))[0].acknowledgedAt).toBeNull();
  });

  it('by a text from the paged phone ("ACK <reference>", "OK"); a pager never starts an intake', async () => {
    const app = await server();
    const first = nextNumber();
    await converse(app, first, AT_THE_BORDER);
    const a = await intakeOf(app, first);
    const t = new Date();
    await app.parts.handoff.tick(t);

    const reply = await text(app, ONCALL_PHONE, `ack ${a.reference.replace(/^HP-/, '').toLowerCase()}`);
    expect(reply).toHaveLength(1);
    expect(reply[0]).toContain(a.reference);
    expect(reply[0]).toMatch(/^Acknowledged/);
    const [escalation] = await app.parts.handoffStore.escalationsOf(a.intakeId);
    expect(escalation.acknowledgedBy).toBe('sms:oncall');
    expect(
      (await app.parts.handoffStore.auditLog({ intakeId: a.intakeId })).filter((e) => e.action === 'acknowledged' && e.actor === 'sms:oncall'),
    ).toHaveLength(1);
    expect(await app.parts.handoff.tick(after(t, (ACK_MINUTES + 1) * MINUTE))).toMatchObject({ reescalated: 0 });
    expect(pagesTo(BACKUP_PHONE, a.reference)).toEqual([]);

    expect(await text(app, ONCALL_PHONE, 'ACK')).toEqual([app.parts.handoff.text('ack.sms.nothing')]);
    expect(await text(app, ONCALL_PHONE, 'ACK HP-ZZZZZZ')).toEqual([app.parts.handoff.text('ack.sms.unknown', { reference: 'HPZZZZZZ' })]);
    expect(await text(app, ONCALL_PHONE, 'I am at the border now')).toEqual([app.parts.handoff.text('ack.sms.help')]);
    expect(await app.parts.store.findConversation({ channel: 'sms', address: ONCALL_PHONE })).toBeNull();

    // A second escalation reaches the backup; the backup's plain "OK" acknowledges it.
    const second = nextNumber();
    await converse(app, second, AT_THE_BORDER);
    const b = await intakeOf(app, second);
    const t2 = new Date();
    await app.parts.handoff.tick(t2);
    await app.parts.handoff.tick(after(t2, (ACK_MINUTES + 1) * MINUTE));
    expect(pagesTo(BACKUP_PHONE, b.reference)).toHaveLength(1);
    const okReply = await text(app, BACKUP_PHONE, 'OK');
    expect(okReply[0]).toContain(b.reference);
    expect((await app.parts.handoffStore.escalationsOf(b.intakeId))[0].acknowledgedBy).toBe('sms:backup');
    expect(await app.parts.store.findConversation({ channel: 'sms', address: BACKUP_PHONE })).toBeNull();
  });
});

describe('acknowledging by text, when Twilio repeats a webhook', () => {
  it('a repeated "ACK" (same MessageSid) acknowledges one page, not the next one too', async () => {
    const app = await server();
    const intakes = [];
    for (let i = 0; i < 2; i++) {
      const family = nextNumber();
      await converse(app, family, AT_THE_BORDER);
      intakes.push(await intakeOf(app, family));
    }
    await app.parts.handoff.tick(new Date());
    const params = { From: ONCALL_PHONE, Body: 'ACK', MessageSid: nextSid() };
    const first = await sms(app.url, app.env.PUBLIC_BASE_URL, params);
    const repeat = await sms(app.url, app.env.PUBLIC_BASE_URL, params);
    // The newest page is the second intake's.
    expect(twimlTexts(first.body)[0]).toContain(intakes[1].reference);
    expect(twimlTexts(repeat.body)).toEqual([app.parts.handoff.text('ack.sms.duplicate')]);
    expect((await app.parts.handoffStore.escalationsOf(intakes[1].intakeId))[0].acknowledgedBy).toBe('sms:oncall');
    expect((await app.parts.handoffStore.escalationsOf(intakes[0].intakeId))[0].acknowledgedAt).toBeNull();
    // A new "ACK" is a new message: it takes the remaining page.
    expect((await text(app, ONCALL_PHONE, 'ack'))[0]).toContain(intakes[0].reference);
    expect((await app.parts.handoffStore.escalationsOf(intakes[0].intakeId))[0].acknowledgedBy).toBe('sms:oncall');
  });
});

describe('a finished intake', () => {
  it("goes to the firm's inbox (no personal details) and to the webhook, signed, exactly as stored", async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, REFERENCE.en);
    const { intakeId, reference } = await intakeOf(app, family);
    const stored = await app.parts.store.getIntake(intakeId);
    expect(stored?.status).toBe('complete');

    const t = new Date();
    await app.parts.handoff.tick(t);
    const notices = smtp.messages.filter((m) => NOTIFY_EMAILS.every((a) => m.to.includes(a)));
    expect(notices).toHaveLength(1);
    expect(notices[0].subject).toContain(reference);
    expect(notices[0].text).toContain(reference);
    expect(notices[0].text).toContain('medical');
    expect(notices[0].text).toContain(`${app.env.PUBLIC_BASE_URL}/intakes/${intakeId}`);
    expectNothingPersonal(`${notices[0].subject}\n${notices[0].text}`, {
      from: family,
      words: ['Tremblay', 'leukemia', 'marrow', 'marc@example.com', 'theft', 'assault', 'Peace Bridge', 'Roswell', 'Fort Erie'],
    });

    const submitted = hooks('submitted', intakeId);
    expect(submitted).toHaveLength(1);
    const hook = submitted[0];
    expect(hook.method).toBe('POST');
    expect(hook.path).toBe('/intake-events');
    expect(hook.headers['content-type']).toMatch(/^application\/json/);
    const timestamp = String(hook.headers['x-intake-timestamp']);
    expect(timestamp).toBe(String(Math.floor(t.getTime() / 1000)));
    // The receiver's check, written from the documented scheme.
    const expected = 'sha256=' + createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${hook.body}`).digest('hex');
    expect(hook.headers['x-intake-signature']).toBe(expected);
    const wrong = 'sha256=' + createHmac('sha256', 'not-the-secret-000').update(`${timestamp}.${hook.body}`).digest('hex');
    expect(hook.headers['x-intake-signature']).not.toBe(wrong);
    const body = SummarySchema.parse(JSON.parse(hook.body));
    expect(body).toEqual(stored);
    const item = (await app.parts.handoffStore.outboxItems({ intakeId })).find((i) => i.kind === 'webhook' && i.id.startsWith('submitted:'));
    expect(hook.headers['x-intake-delivery']).toBe(item?.id);
    expect(item).toMatchObject({ state: 'done', attempts: 1 });
  });
});

describe('delivery', () => {
  it('a webhook that fails twice is retried at the backoff times and delivered once', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId, reference } = await intakeOf(app, family);
    receiver.failNext(2);

    const t = new Date();
    await app.parts.handoff.tick(t);
    expect(hooks('escalated', intakeId)).toHaveLength(1);
    expect(await webhookItem(app, intakeId)).toMatchObject({
      state: 'pending',
      attempts: 1,
      lastError: 'http_503',
      dueAt: after(t, RETRY_DELAYS_MS[0]).toISOString(),
    });

    // Not due yet: nothing is tried.
    await app.parts.handoff.tick(after(t, RETRY_DELAYS_MS[0] - 1_000));
    expect(hooks('escalated', intakeId)).toHaveLength(1);

    const t2 = after(t, RETRY_DELAYS_MS[0]);
    expect(await app.parts.handoff.tick(t2)).toMatchObject({ delivered: 0, failed: 1 });
    expect(await webhookItem(app, intakeId)).toMatchObject({ state: 'pending', attempts: 2, dueAt: after(t2, RETRY_DELAYS_MS[1]).toISOString() });

    expect(await app.parts.handoff.tick(after(t2, RETRY_DELAYS_MS[1]))).toMatchObject({ delivered: 1, failed: 0 });
    expect(await webhookItem(app, intakeId)).toMatchObject({ state: 'done', attempts: 3 });
    await app.parts.handoff.tick(after(t, 60 * MINUTE));

    const attempts = hooks('escalated', intakeId);
    expect(attempts.map((r) => r.status)).toEqual([503, 503, 204]);
    expect(new Set(attempts.map((r) => r.headers['x-intake-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    // The other deliveries went once, at the first tick.
    expect(pagesTo(ONCALL_PHONE, reference)).toHaveLength(1);
    expect(mailTo(ONCALL_EMAIL, reference)).toHaveLength(1);
  });

  it('a delivery still failing a day later is given up, with a short code and nothing else', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId, reference } = await intakeOf(app, family);
    smtp.refuseNext(100);
    const t = new Date();
    await app.parts.handoff.tick(t);
    const email = () => app.parts.handoffStore.outboxItems({ intakeId }).then((items) => items.find((i) => i.kind === 'email')!);
    expect(await email()).toMatchObject({ state: 'pending', attempts: 1, lastError: 'smtp_451' });
    await app.parts.handoff.tick(after(t, 24 * 60 * MINUTE));
    expect(await email()).toMatchObject({ state: 'failed', attempts: 2, lastError: 'smtp_451' });
    await app.parts.handoff.tick(after(t, 48 * 60 * MINUTE));
    expect((await email()).attempts).toBe(2);
    expect(mailTo(ONCALL_EMAIL, reference)).toEqual([]);
    // The page by SMS did not wait for the mail server.
    expect(pagesTo(ONCALL_PHONE, reference)).toHaveLength(1);
  });

  it('a restart with deliveries pending (mail server down, or never ticked) delivers them, once', async () => {
    const first = await server();
    const a = nextNumber();
    await converse(first, a, AT_THE_BORDER);
    const ia = await intakeOf(first, a);
    smtp.refuseNext(1);
    const t = new Date();
    await first.parts.handoff.tick(t);
    expect(smtp.refused).toBeGreaterThanOrEqual(1);
    expect(mailTo(ONCALL_EMAIL, ia.reference)).toEqual([]);
    expect(pagesTo(ONCALL_PHONE, ia.reference)).toHaveLength(1);
    // A second escalation, committed but never ticked.
    const b = nextNumber();
    await converse(first, b, AT_THE_BORDER);
    const ib = await intakeOf(first, b);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await server({ dataDir: first.dataDir });
    // The refused email is due again 10 s after the first tick; the second escalation since it was committed.
    const t2 = new Date(Math.max(after(t, RETRY_DELAYS_MS[0]).getTime(), Date.now()));
    await second.parts.handoff.tick(t2);
    await second.parts.handoff.tick(after(t2, 5 * MINUTE));
    for (const { reference } of [ia, ib]) {
      expect(mailTo(ONCALL_EMAIL, reference)).toHaveLength(1);
      expect(pagesTo(ONCALL_PHONE, reference)).toHaveLength(1);
    }
    for (const { intakeId } of [ia, ib]) {
      expect((await second.parts.handoffStore.outboxItems({ intakeId })).map((i) => i.state).every((s) => s === 'done')).toBe(true);
    }
    // The first server's link works on the second: it is checked with the key kept in DATA_DIR.
    const link = ackLinkIn(pagesTo(ONCALL_PHONE, ia.reference)[0].body);
    expect((await fetch(`${second.url}/ack/${link.split('/ack/')[1]}`)).status).toBe(200);
  });

  it('two servers on one store, ticking at the same time, deliver each item once', async () => {
    const a = await server();
    const b = await server({ dataDir: a.dataDir });
    const intakes = [];
    for (const app of [a, b, a]) {
      const family = nextNumber();
      await converse(app, family, AT_THE_BORDER);
      intakes.push(await intakeOf(app, family));
    }
    const t = new Date();
    const first = await Promise.all([a.parts.handoff.tick(t), b.parts.handoff.tick(t), a.parts.handoff.tick(t), b.parts.handoff.tick(t)]);
    // 3 escalations, each with an email, an SMS page and a webhook: 12 items, each done by one tick.
    expect(first.reduce((n, r) => n + r.delivered, 0)).toBe(12);
    const second = await Promise.all([a.parts.handoff.tick(after(t, (ACK_MINUTES + 1) * MINUTE)), b.parts.handoff.tick(after(t, (ACK_MINUTES + 1) * MINUTE))]);
    expect(second.reduce((n, r) => n + r.reescalated, 0)).toBe(3);
    expect(second.reduce((n, r) => n + r.delivered, 0)).toBe(6);

    for (const { intakeId, reference } of intakes) {
      expect(pagesTo(ONCALL_PHONE, reference)).toHaveLength(1);
      expect(mailTo(ONCALL_EMAIL, reference)).toHaveLength(1);
      expect(pagesTo(BACKUP_PHONE, reference)).toHaveLength(1);
      expect(mailTo(BACKUP_EMAIL, reference)).toHaveLength(1);
      expect(hooks('escalated', intakeId)).toHaveLength(1);
      expect(await a.parts.handoffStore.escalationsOf(intakeId)).toHaveLength(1);
    }
    expect(twilioApi.messages).toHaveLength(6);
    expect(smtp.messages).toHaveLength(6);
  });
});

describe('on MongoDB', () => {
  it('pages, survives a restart with a page pending, pages the backup, and takes the acknowledgement', async () => {
    const uri = testMongoUri('handoff');
    // Instances sharing a database share ENCRYPTION_KEY, and the link-signing key derived from it:
    // a link signed by one is checked by the other.
    const env = { MONGODB_URI: uri, ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const first = await startTestServer({ ...handoffEnv(), ...env });
    running.push(first);
    const a = nextNumber();
    await converse(first, a, AT_THE_BORDER);
    const ia = await intakeOf(first, a);
    const t = new Date();
    await first.parts.handoff.tick(t);
    expect(pagesTo(ONCALL_PHONE, ia.reference)).toHaveLength(1);
    // Committed, never ticked: the next server delivers it.
    const b = nextNumber();
    await converse(first, b, AT_THE_BORDER);
    const ib = await intakeOf(first, b);
    await first.close();
    running.splice(running.indexOf(first), 1);

    const second = await startTestServer({ ...handoffEnv(), ...env });
    running.push(second);
    const t2 = new Date();
    await second.parts.handoff.tick(t2);
    expect(pagesTo(ONCALL_PHONE, ib.reference)).toHaveLength(1);
    expect(mailTo(ONCALL_EMAIL, ib.reference)).toHaveLength(1);

    // The first is acknowledged by its link; the second is not, and goes to the backup.
    const link = ackLinkIn(pagesTo(ONCALL_PHONE, ia.reference)[0].body);
    const local = `${second.url}/ack/${link.split('/ack/')[1]}`;
    const form = /name="form" value="([^"]+)"/.exec(await (await fetch(local)).text())![1];
    const posted = await fetch(local, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form }).toString(),
      redirect: 'manual',
    });
    expect(posted.status).toBe(303);
    expect(await second.parts.handoff.tick(after(t2, (ACK_MINUTES + 1) * MINUTE))).toMatchObject({ reescalated: 1 });
    expect(pagesTo(BACKUP_PHONE, ia.reference)).toEqual([]);
    expect(pagesTo(BACKUP_PHONE, ib.reference)).toHaveLength(1);
    expect(mailTo(BACKUP_EMAIL, ib.reference)).toHaveLength(1);
    expect(twilioApi.messages).toHaveLength(3);

    const client = new MongoClient(uri);
    try {
      await client.connect();
      await client.db().dropDatabase();
    } finally {
      await client.close();
    }
  });
});

describe('the pieces', () => {
  it('an SMS page with every escalation reason at once still fits, with its reply and link whole', () => {
    const t = firmText('notify');
    const facts = { intakeId: 'i-1', reference: 'HP-7K3Q9X', tier: 'E1' as const, reasons: ESCALATION_REASONS, requestReason: 'medical' as const };
    const links = {
      detailsUrl: 'https://intake.example-law-firm.com/intakes/0b6f8f0e-8d1c-4f4e-9a39-2b7d3c1e5a77',
      ackUrl: `https://intake.example-law-firm.com/ack/esc_${'a'.repeat(20)}.${'B'.repeat(43)}`,
    };
    for (const kind of ['page', 'repage'] as const) {
      const text = pageSms(t, kind, facts, links, ACK_MINUTES);
      expect(text.length).toBeLessThanOrEqual(PAGE_SMS_MAX);
      expect(text).toContain('ACK HP-7K3Q9X');
      expect(text).toContain(links.ackUrl);
      expect(text).toMatch(/\d+ more/);
    }
  });

  it('reads the pager replies attorneys type', () => {
    expect(pagerCommand('ACK')).toEqual({ ack: true, reference: null });
    expect(pagerCommand(' ok ')).toEqual({ ack: true, reference: null });
    expect(pagerCommand('Ack.')).toEqual({ ack: true, reference: null });
    expect(pagerCommand('ACK HP-7K3Q9A')).toEqual({ ack: true, reference: 'HP7K3Q9A' });
    expect(pagerCommand('ack 7k3q9a')).toEqual({ ack: true, reference: '7K3Q9A' });
    expect(pagerCommand('acknowledged')).toEqual({ ack: false });
    expect(pagerCommand('OK I will call at 5 because the family is at the border')).toEqual({ ack: false });
    expect(pagerCommand('hello')).toEqual({ ack: false });
    expect(namesReference('7K3Q9A', 'HP-7K3Q9A')).toBe(true);
    expect(namesReference('HP7K3Q9A', 'HP-7K3Q9A')).toBe(true);
    expect(namesReference('7K3Q9', 'HP-7K3Q9A')).toBe(false);
  });

  it('plans the same items for the same turn, and the store keeps one of each', async () => {
    const app = await server();
    const family = nextNumber();
    await converse(app, family, AT_THE_BORDER);
    const { intakeId } = await intakeOf(app, family);
    const summary = (await app.parts.store.getIntake(intakeId))!;
    const effects = [{ type: 'escalate' as const, reasons: ['at_border' as const], tier: 'E1' as const }, { type: 'submitted' as const }];
    const turn = { conversationId: 'c1', version: 7, at: new Date().toISOString() };
    const once = app.parts.handoff.outboxFor(effects, summary, turn);
    const again = app.parts.handoff.outboxFor(effects, summary, { ...turn, at: new Date(Date.parse(turn.at) + 1000).toISOString() });
    expect(once.map((i) => i.kind)).toEqual(['escalated', 'submitted']);
    expect(again.map((i) => i.id)).toEqual(once.map((i) => i.id));
    expect(app.parts.handoff.outboxFor(effects, summary, { ...turn, version: 8 }).map((i) => i.id)).not.toEqual(once.map((i) => i.id));
    await app.parts.handoffStore.enqueue(once);
    await app.parts.handoffStore.enqueue(again);
    expect((await app.parts.handoffStore.outboxItems({ intakeId })).filter((i) => once.some((o) => o.id === i.id))).toHaveLength(2);
  });

  it('backs off 10 s, 30 s, 2 min, 10 min, 30 min, then hourly, and gives up after a day', () => {
    const created = new Date('2026-11-28T12:00:00Z');
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => {
      const d = nextAttempt(n, created, created);
      return d.retry ? (d.dueAt.getTime() - created.getTime()) / 1000 : null;
    });
    expect(waits).toEqual([10, 30, 120, 600, 1800, 3600, 3600]);
    expect(nextAttempt(20, created, after(created, 24 * 60 * MINUTE)).retry).toBe(false);
    expect(nextAttempt(20, created, after(created, 24 * 60 * MINUTE - 1)).retry).toBe(true);
  });
});
