/**
 * Issue 11, finding 4: 30 conversations escalating at once paged the on-call attorney 30 times
 * (SMS and email), and the backup 30 times more. Now, whichever channel they come from, at most
 * PAGES_PER_HOUR_PER_TIER pages per tier and hour reach each level, then ONE summary page; every
 * escalation is still recorded for the dashboard. On both stores, through the real server, the
 * local fake of Twilio's API and a real SMTP server; time moves through the worker's tick.
 */
import { randomBytes } from 'node:crypto';
import { pageCounterKey, pageDecision } from '../src/handoff/page-cap';
import { emulatorActivity, postActivity, startBotConnector, type BotConnector } from './support/bot-connector';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { testMongoUri } from './support/mongo-server';
import { sms, twimlTexts } from './support/processes';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';

const ONCALL_PHONE = '+17165550123';
const BACKUP_PHONE = '+17165550124';
const ONCALL_EMAIL = 'oncall@firm.test';
const BACKUP_EMAIL = 'backup@firm.test';
const CAP = 10;
const ACK_MINUTES = 10;
const MINUTE = 60_000;
const CONVERSATIONS = 30;
/** Hello, consent, "someone is in danger": an E0 escalation in three messages. */
const ESCALATE = ['Hello', 'yes', 'yes'];

let smtp: TestSmtp;
let twilioApi: FakeTwilio;
let connector: BotConnector;
beforeAll(async () => {
  smtp = await startSmtp();
  twilioApi = await startFakeTwilio();
  connector = await startBotConnector();
});
afterAll(async () => {
  await smtp?.close();
  await twilioApi?.close();
  await connector?.close();
});

const stores: Array<[string, () => Record<string, string>]> = [
  ['the embedded store', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: testMongoUri(`pagecap_${randomBytes(4).toString('hex')}`), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

describe.each(stores)('a flood of escalations (%s)', (_name, storeEnv) => {
  let app: TestServer;
  beforeAll(async () => {
    smtp.messages.length = 0;
    twilioApi.messages.length = 0;
    app = await startTestServer({
      ...storeEnv(),
      TWILIO_API_URL: twilioApi.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Intake <intake-bot@firm.test>',
      ONCALL_EMAIL,
      ONCALL_PHONE,
      BACKUP_EMAIL,
      BACKUP_PHONE,
      ACK_MINUTES: String(ACK_MINUTES),
      PAGES_PER_HOUR_PER_TIER: String(CAP),
      // The route's own limits are tested in botframework-gate.test.ts: here every message gets through.
      RATE_BOTFRAMEWORK_PER_IP_PER_MINUTE: '0',
    });
  });
  afterAll(() => app?.close());

  /** Runs the worker at `at` until nothing more is due then. */
  async function deliverAll(at: Date): Promise<void> {
    for (let round = 0; round < 20; round++) {
      const r = await app.parts.handoff.tick(at);
      if (r.delivered + r.failed + r.reescalated === 0) return;
    }
    throw new Error('the outbox did not settle');
  }

  const isSummary = (s: string) => /more escalations/.test(s);

  it('pages each level at most the cap, then once with a summary, and records every escalation', async () => {
    // 30 Bot Framework conversations at once, each escalating (E0) in three messages.
    const statuses = await Promise.all(
      Array.from({ length: CONVERSATIONS }, async (_, c) => {
        const out: number[] = [];
        for (const [m, text] of ESCALATE.entries())
          out.push((await postActivity(app.url, emulatorActivity(connector.url, `flood-${c}`, `f${c}-${m}`, text))).status);
        return out;
      }),
    );
    expect(statuses.flat().every((s) => s === 200)).toBe(true);

    const paged = new Date();
    await deliverAll(paged);
    // Every escalation is recorded (the worker creates them from the turns' outbox items).
    const escalations = await app.parts.handoffStore.unacknowledgedEscalations();
    expect(escalations).toHaveLength(CONVERSATIONS);
    expect(new Set(escalations.map((e) => e.tier))).toEqual(new Set(['E0']));
    const oncallSms = twilioApi.to(ONCALL_PHONE).map((m) => m.body);
    const oncallMail = smtp.to(ONCALL_EMAIL).map((m) => `${m.subject}\n${m.text}`);
    expect(oncallSms).toHaveLength(CAP + 1);
    expect(oncallMail).toHaveLength(CAP + 1);
    for (const sent of [oncallSms, oncallMail]) {
      expect(sent.filter(isSummary)).toHaveLength(1);
      // The individual pages name ten different intakes.
      const references = new Set(sent.filter((s) => !isSummary(s)).map((s) => /intake (\S+)/.exec(s)?.[1]));
      expect(references.size).toBe(CAP);
    }
    const summary = oncallSms.find(isSummary)!;
    expect(summary).toMatch(/^URGENT: \d+ more escalations for tier E0 this hour, past 10 pages/);
    expect(summary).toContain(`${app.env.PUBLIC_BASE_URL}/intakes`);
    const more = Number(/(\d+) more/.exec(summary)![1]);
    expect(more).toBeGreaterThanOrEqual(1);
    expect(more).toBeLessThanOrEqual(CONVERSATIONS - CAP);

    // Each escalation not paged one by one is on the record as such.
    const held = (await app.parts.handoffStore.auditLog()).filter((a) => a.action === 'page_held' && a.detail.level === 'oncall');
    expect(new Set(held.map((a) => a.detail.escalationId)).size).toBe(CONVERSATIONS - CAP);

    // Another tick, and another: nothing more goes out.
    await deliverAll(new Date(paged.getTime() + MINUTE));
    expect(twilioApi.to(ONCALL_PHONE)).toHaveLength(CAP + 1);

    // A family texting from their phone, escalating the same way this same hour: recorded, not paged one by one.
    const family = '+14165550188';
    for (const [i, body] of ESCALATE.entries()) {
      const r = await sms(app.url, app.env.PUBLIC_BASE_URL, {
        From: family,
        Body: body,
        MessageSid: `SM${randomBytes(4).toString('hex')}${String(i).padStart(24, '0')}`,
      });
      expect(r.status).toBe(200);
      expect(twimlTexts(r.body).length).toBeGreaterThan(0);
    }
    await deliverAll(new Date(paged.getTime() + 2 * MINUTE));
    expect(await app.parts.handoffStore.unacknowledgedEscalations()).toHaveLength(CONVERSATIONS + 1);
    expect(twilioApi.to(ONCALL_PHONE)).toHaveLength(CAP + 1);
    expect(smtp.to(ONCALL_EMAIL)).toHaveLength(CAP + 1);

    // Nobody acknowledges: the backup is paged likewise, at most the cap and one summary.
    expect(twilioApi.to(BACKUP_PHONE)).toHaveLength(0);
    await deliverAll(new Date(paged.getTime() + (ACK_MINUTES + 3) * MINUTE));
    const backupSms = twilioApi.to(BACKUP_PHONE).map((m) => m.body);
    expect(backupSms).toHaveLength(CAP + 1);
    expect(backupSms.filter(isSummary)).toHaveLength(1);
    expect(backupSms.find(isSummary)).toMatch(/^BACKUP PAGE: \d+ more escalations for tier E0 this hour/);
    expect(smtp.to(BACKUP_EMAIL)).toHaveLength(CAP + 1);
    // Every escalation moved to the backup's level all the same (the dashboard shows it).
    expect((await app.parts.handoffStore.unacknowledgedEscalations()).every((e) => e.level === 'backup')).toBe(true);
  }, 120_000);
});

describe('the cap, as a rule', () => {
  it('keys a counter by level, tier and UTC hour, and pages up to the cap, then once a summary, then nothing', () => {
    expect(pageCounterKey('oncall', 'E0', '2026-11-28T07:59:59.999Z')).toBe('oncall:E0:2026-11-28T07');
    expect(pageCounterKey('backup', null, '2026-11-28T08:30:00+01:00')).toBe('backup:none:2026-11-28T07');
    expect([1, 10, 11, 12, 500].map((place) => pageDecision(place, 10))).toEqual(['page', 'page', 'summary', 'held', 'held']);
    // 0: no cap.
    expect(pageDecision(500, 0)).toBe('page');
  });
});
