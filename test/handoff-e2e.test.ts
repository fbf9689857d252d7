/**
 * The issue's "done when", end to end through the real server on both stores: an E1 intake
 * started over SMS pages the on-call attorney before it is finished; nobody acknowledges, so the
 * backup is paged; the family finishes; the intake is in the dashboard, the API and the PDF; the
 * attorney marks it contacted, and the assistant sends the family nothing more.
 * Time is driven by the worker's and scheduler's tick: nothing sleeps.
 */
import { randomBytes } from 'node:crypto';
import type { IntakeContext } from '../dialogs/context';
import { issueApiToken } from '../src/api/tokens';
import { SummarySchema } from '../src/summary/contract';
import { createAttorney, fieldOf, signedIn } from './support/attorneys';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { testMongoUri } from './support/mongo-server';
import { pdfText } from './support/pdf-text';
import { sms, twimlTexts } from './support/processes';
import { startTestServer, type TestServer } from './support/server';
import { startSmtp, type TestSmtp } from './support/smtp';
import { REFERENCE } from './scripts.reference';

const ONCALL_PHONE = '+17165550123';
const BACKUP_PHONE = '+17165550124';
const FAMILY = '+14165550142';
const ACK_MINUTES = 10;
const MINUTE = 60_000;

/** At the border (E1), consent, nobody in danger, the traveler's name; then the reference case. */
/**
 * The family writes from the border: the notice accepted, yes to "are you at the border right
 * now?" (the page), yes to the read-back of the story (the writer is the traveler), no danger, a
 * name to call, and yes to going on.
 */
const E1_OPENING = ['I am at the border now', 'yes', 'yes', 'yes', 'no', 'Marc Tremblay', 'yes'];
/** Then the reference intake, from the reason on: where and who were said in the story. */
const REST = REFERENCE.en.slice(5);

let smtp: TestSmtp;
let twilioApi: FakeTwilio;
beforeAll(async () => {
  smtp = await startSmtp();
  twilioApi = await startFakeTwilio();
});
afterAll(async () => {
  await smtp?.close();
  await twilioApi?.close();
});

const stores: Array<[string, () => Record<string, string>]> = [
  ['the embedded store', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: testMongoUri(`e2e_${randomBytes(4).toString('hex')}`), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

describe.each(stores)('an E1 intake over SMS, handed to the attorneys (%s)', (_name, storeEnv) => {
  let app: TestServer;
  let sid = 0;
  beforeAll(async () => {
    app = await startTestServer({
      ...storeEnv(),
      TWILIO_API_URL: twilioApi.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Intake <intake-bot@firm.test>',
      NOTIFY_EMAILS: 'intake@firm.test',
      ONCALL_EMAIL: 'oncall@firm.test',
      ONCALL_PHONE,
      BACKUP_EMAIL: 'backup@firm.test',
      BACKUP_PHONE,
      ACK_MINUTES: String(ACK_MINUTES),
      REMINDER_MINUTES: '30',
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const text = async (body: string): Promise<string[]> => {
    const r = await sms(app.url, app.env.PUBLIC_BASE_URL, {
      From: FAMILY,
      Body: body,
      MessageSid: `SM${randomBytes(4).toString('hex')}${String(++sid).padStart(24, '0')}`,
    });
    expect(r.status).toBe(200);
    return twimlTexts(r.body);
  };
  const intake = async () => {
    const record = await app.parts.store.findConversation({ channel: 'sms', address: FAMILY });
    const ctx = (record!.snapshot as unknown as { context: IntakeContext }).context;
    return { intakeId: ctx.intakeId, reference: ctx.reference };
  };
  const pages = (phone: string, reference: string) => twilioApi.to(phone).filter((m) => m.body.includes(reference));

  it('pages the on-call attorney before the intake is finished, the backup when nobody acknowledges, and hands over the finished intake', async () => {
    // 1. The family writes from the border; the page goes at once, with the intake barely begun.
    for (const line of E1_OPENING.slice(0, 3)) await text(line);
    const { intakeId, reference } = await intake();
    const paged = new Date();
    await app.parts.handoff.tick(paged);
    expect(pages(ONCALL_PHONE, reference)).toHaveLength(1);
    expect(pages(ONCALL_PHONE, reference)[0].body).toContain('E1');
    expect(smtp.to('oncall@firm.test').filter((m) => m.subject.includes(reference))).toHaveLength(1);
    expect((await app.parts.store.getIntake(intakeId))!.status).toBe('in_progress');
    expect(pages(BACKUP_PHONE, reference)).toHaveLength(0);

    // 2. Nobody acknowledges: after ACK_MINUTES the backup is paged, once.
    await app.parts.handoff.tick(new Date(paged.getTime() + (ACK_MINUTES - 1) * MINUTE));
    expect(pages(BACKUP_PHONE, reference)).toHaveLength(0);
    await app.parts.handoff.tick(new Date(paged.getTime() + (ACK_MINUTES + 1) * MINUTE));
    await app.parts.handoff.tick(new Date(paged.getTime() + (ACK_MINUTES + 2) * MINUTE));
    expect(pages(BACKUP_PHONE, reference)).toHaveLength(1);
    expect(smtp.to('backup@firm.test').filter((m) => m.subject.includes(reference))).toHaveLength(1);

    // 3. The family goes on to the end and is told the reference and what happens next.
    for (const line of E1_OPENING.slice(3)) await text(line);
    let last: string[] = [];
    for (const line of REST) last = await text(line);
    expect(last.join(' ')).toContain(reference);
    expect(last.join(' ')).toMatch(/What happens next/);
    const summary = await app.parts.store.getIntake(intakeId);
    expect(summary).toMatchObject({ status: 'complete', reference, triage: { tier: 'E1' } });
    await app.parts.handoff.tick(new Date());
    expect(smtp.to('intake@firm.test').filter((m) => m.subject.includes(reference))).toHaveLength(1);

    // 4. The dashboard: the queue lists it, the intake page shows the facts and the transcript.
    const attorney = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
    const browser = await signedIn(app.url, attorney);
    const queue = await browser.get('/intakes');
    expect(queue.status).toBe(200);
    expect(queue.text).toContain(reference);
    const page = await browser.get(`/intakes/${intakeId}`);
    expect(page.status).toBe(200);
    for (const fact of [reference, 'Marc Tremblay', 'Roswell Park Cancer Center, Buffalo', 'I am at the border now']) expect(page.text).toContain(fact);

    // 5. The API gives exactly the contract, and lists it.
    const token = await issueApiToken(app.parts.accounts, `cms-${randomBytes(3).toString('hex')}`, new Date());
    const auth = { authorization: `Bearer ${token}` };
    const one = await fetch(`${app.url}/api/intakes/${intakeId}`, { headers: auth });
    expect(one.status).toBe(200);
    const body = await one.json();
    expect(SummarySchema.parse(body)).toEqual(body);
    expect(body).toEqual(await app.parts.store.getIntake(intakeId));
    const list = (await (await fetch(`${app.url}/api/intakes?tier=E1`, { headers: auth })).json()) as { items: Array<{ summary: { intakeId: string } }> };
    expect(list.items.map((i) => i.summary.intakeId)).toContain(intakeId);

    // 6. The PDF holds the reference and the facts.
    const pdf = await fetch(`${app.url}/intakes/${intakeId}.pdf`, { headers: { cookie: browser.cookieHeader() } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toMatch(/^application\/pdf/);
    const { text: printed, total: count } = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(3);
    for (const fact of [reference, 'Marc Tremblay', 'Roswell Park', 'Hamilton, Ontario', 'Peace Bridge']) expect(printed).toContain(fact);

    // 7. The attorney claims it and marks it contacted: from then on the assistant says nothing.
    for (const action of ['claim', 'contacted']) {
      const current = await browser.get(`/intakes/${intakeId}`);
      // What the page's buttons carry: the status and claimant the attorney saw.
      const seen = await app.parts.handoffStore.getHandling(intakeId);
      const r = await browser.post(`/intakes/${intakeId}/status`, {
        csrf: fieldOf(current.text, 'csrf'),
        action,
        expected: seen.status,
        claimedBy: seen.claimedBy ?? '',
      });
      expect(r.status).toBe(303);
    }
    expect(await app.parts.handoffStore.getHandling(intakeId)).toMatchObject({ status: 'contacted', claimedBy: attorney.id });
    // (Before, a message after the end was answered "already sent"; now it is only kept.)
    expect(await text('Hello? Is anyone there?')).toEqual([]);
    const transcript = await app.parts.store.transcript(summary!.transcriptId);
    expect(transcript.at(-1)).toMatchObject({ direction: 'in', text: 'Hello? Is anyone there?' });
  });

  it('says nothing more, not even a reminder, to a family an attorney reached mid-intake', async () => {
    const family = '+14165550177';
    const say = async (body: string) => {
      const r = await sms(app.url, app.env.PUBLIC_BASE_URL, {
        From: family,
        Body: body,
        MessageSid: `SM${randomBytes(4).toString('hex')}${String(++sid).padStart(24, '0')}`,
      });
      return twimlTexts(r.body);
    };
    for (const line of E1_OPENING) await say(line);
    const record = await app.parts.store.findConversation({ channel: 'sms', address: family });
    const { intakeId } = (record!.snapshot as unknown as { context: IntakeContext }).context;
    expect(record!.remindAt).not.toBeNull();
    // Still answered while nobody has reached the family.
    expect(await say('I am the traveler')).not.toEqual([]);

    // The on-call attorney calls the family and records it through the API.
    const token = await issueApiToken(app.parts.accounts, `oncall-${randomBytes(3).toString('hex')}`, new Date(), ['write']);
    const r = await fetch(`${app.url}/api/intakes/${intakeId}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'contacted' }),
    });
    expect(r.status).toBe(200);

    const sent = twilioApi.to(family).length;
    // The family goes quiet: no reminder, and the intake is not marked abandoned.
    await app.parts.scheduler.tick(new Date(Date.now() + 31 * MINUTE));
    await app.parts.scheduler.tick(new Date(Date.now() + 3 * 24 * 60 * MINUTE));
    expect(twilioApi.to(family).length).toBe(sent);
    expect((await app.parts.store.getIntake(intakeId))!.status).toBe('in_progress');
    // What they write is kept for the attorney, and not answered.
    expect(await say('medical')).toEqual([]);
    const conversation = await app.parts.store.findConversation({ channel: 'sms', address: family });
    const transcript = await app.parts.store.transcript(conversation!.id);
    expect(transcript.at(-1)).toMatchObject({ direction: 'in', text: 'medical' });
    expect(conversation!.remindAt).toBeNull();
  });
});
