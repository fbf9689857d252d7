/**
 * The Twilio Messaging channel through real HTTP on loopback: webhooks signed as Twilio signs
 * them, TwiML back, and proactive messages through a local fake of Twilio's REST API.
 */
import twilio from 'twilio';
import type { IntakeContext } from '../dialogs/context';
import { toSms } from '../src/i18n/render';
import { segmentsOf } from '../src/i18n/segments';
import { SMS_MAX_SEGMENTS } from '../src/i18n/sms';
import type { ConversationKey, TranscriptEntry } from '../src/store/store';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { inboundSmsParams } from './support/twilio-params';
import { after, converse } from './support/converse';
import { REFERENCE } from './scripts.reference';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';

const FIRM_NUMBER = '+17165550100';
const REMINDER_MINUTES = 30;
const ABANDON_MINUTES = 24 * 60;
const STOP_WORDS = ['STOP', 'STOPALL', 'QUIT', 'END', 'REVOKE', 'OPT OUT', 'CANCEL', 'UNSUBSCRIBE'];

let sidSeq = 0;
/** Message SIDs in the order they are made: SM000…001, SM000…002… */
const nextSid = () => 'SM' + (++sidSeq).toString(16).padStart(32, '0');
let numberSeq = 0;
/** A fresh sender's number for each conversation. */
const nextNumber = () => `+1416555${String(1000 + ++numberSeq).slice(-4)}`;

interface Sms {
  from: string;
  body?: string;
  sid?: string;
  media?: Array<{ url: string; type: string }>;
  extra?: Record<string, string>;
}

/** The parameters of Twilio's "A message comes in" webhook. */
function webhookParams(m: Sms): Record<string, string> {
  const whatsapp = m.from.startsWith('whatsapp:');
  return {
    ...inboundSmsParams({
      from: m.from,
      to: whatsapp ? `whatsapp:${FIRM_NUMBER}` : FIRM_NUMBER,
      sid: m.sid ?? nextSid(),
      body: m.body ?? '',
      accountSid: TEST_TWILIO.accountSid,
      media: m.media,
    }),
    ...m.extra,
  };
}

interface Reply {
  status: number;
  contentType: string;
  text: string;
  /** The <Message> texts of a TwiML answer. */
  messages: string[];
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}

function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => unescapeXml(m[1]));
}

async function post(app: TestServer, body: string, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(`${app.url}/api/sms`, { method: 'POST', headers, body });
  const text = await res.text();
  const contentType = res.headers.get('content-type') ?? '';
  return { status: res.status, contentType, text, messages: contentType.startsWith('text/xml') ? messagesOf(text) : [] };
}

const smsUrl = (app: TestServer) => `${app.env.PUBLIC_BASE_URL}/api/sms`;

/** Posts the webhook as Twilio does: form-encoded, signed with the auth token for the public URL. */
async function sendSigned(app: TestServer, params: Record<string, string>, o: { signature?: string | null } = {}): Promise<Reply> {
  const signature = o.signature === undefined ? twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, smsUrl(app), params) : o.signature;
  return post(app, new URLSearchParams(params).toString(), {
    'Content-Type': 'application/x-www-form-urlencoded; charset=UTF-8',
    'User-Agent': 'TwilioProxy/1.1',
    ...(signature === null ? {} : { 'X-Twilio-Signature': signature }),
  });
}

async function sms(app: TestServer, m: Sms): Promise<Reply> {
  const reply = await sendSigned(app, webhookParams(m));
  expect(reply.status).toBe(200);
  expect(reply.contentType).toMatch(/^text\/xml/);
  return reply;
}

/** Sends the messages one after another; returns the answer to each. */
async function conversation(app: TestServer, from: string, bodies: string[]): Promise<Reply[]> {
  const replies: Reply[] = [];
  for (const body of bodies) replies.push(await sms(app, { from, body }));
  return replies;
}

const keyOf = (address: string): ConversationKey => ({ channel: address.startsWith('whatsapp:') ? 'whatsapp' : 'sms', address });

async function contextOf(app: TestServer, address: string): Promise<IntakeContext> {
  const record = await app.parts.store.findConversation(keyOf(address));
  if (!record) throw new Error('no conversation');
  return (record.snapshot as unknown as { context: IntakeContext }).context;
}

async function transcriptOf(app: TestServer, address: string): Promise<TranscriptEntry[]> {
  const record = await app.parts.store.findConversation(keyOf(address));
  return record ? app.parts.store.transcript(record.id) : [];
}

const inbound = (t: TranscriptEntry[]) => t.filter((e) => e.direction === 'in');

/** Nothing of this number's was kept: no conversation, no message waiting. */
async function expectNothingStored(app: TestServer, address: string) {
  expect(await app.parts.store.findConversation(keyOf(address))).toBeNull();
  expect(await app.parts.store.unprocessed(keyOf(address))).toEqual([]);
}

async function expectUp(app: TestServer) {
  const res = await fetch(`${app.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
}

function text(app: TestServer, key: string, vars: Record<string, unknown> = {}): string {
  return app.parts.engine.catalog.t('en', key, { firmName: 'Test Law', firmPhone: '+1 716 555 0100', ...vars });
}

describe('Twilio Messaging webhook', () => {
  let fake: FakeTwilio;
  let app: TestServer;

  beforeAll(async () => {
    fake = await startFakeTwilio();
    app = await startTestServer({ TWILIO_API_URL: fake.url });
  });
  afterAll(async () => {
    await app?.close();
    await fake?.close();
  });

  it('takes a whole intake over SMS, typed as people type, to the reference code, and stores it complete', async () => {
    const from = nextNumber();
    const replies = await conversation(app, from, REFERENCE.en);
    for (const r of replies) {
      expect(r.messages.length).toBeGreaterThan(0);
      for (const m of r.messages) expect(segmentsOf(m).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
    }
    const ctx = await contextOf(app, from);
    expect(replies.at(-1)!.messages.join(' ')).toContain(ctx.reference);
    expect(replies.at(-1)!.messages.join(' ')).toContain(text(app, 'say.submitted', { reference: ctx.reference }));

    const intake = await app.parts.store.getIntake(ctx.intakeId);
    expect(intake).not.toBeNull();
    expect(intake!.status).toBe('complete');
    expect(intake!.reference).toBe(ctx.reference);
    expect(intake!.consent?.channel).toBe('sms');
    // The number that wrote is the callback number.
    expect(intake!.contact.phone).toBe(from);
    expect(intake!.contact.name).toBe('Marc Tremblay');
    expect(intake!.history.incidents).toHaveLength(2);
    expect(intake!.documentsOnHand).toEqual(['passport', 'doctor_letter', 'police_check']);

    // Every message is in the transcript once, in order, each followed by its own replies.
    const transcript = await transcriptOf(app, from);
    expect(inbound(transcript).map((e) => e.text)).toEqual(REFERENCE.en);
    expect(transcript.filter((e) => e.direction === 'out' && /reprompt/.test(e.rendered?.key ?? ''))).toEqual([]);

    // The review is longer than an SMS: it comes as several <Message> parts, none over the segment cap.
    const reviewTurn = replies.findIndex((r) => r.messages.some((m) => m.startsWith(text(app, 'ui.reviewIntro'))));
    expect(reviewTurn).toBeGreaterThan(0);
    const reviewEntry = transcript.find((e) => e.rendered?.key === 'ui.reviewIntro')!;
    expect(reviewEntry.text.length).toBeGreaterThan(320);
    const review = replies[reviewTurn].messages;
    expect(review.length).toBeGreaterThan(2);
    for (const m of review) expect(segmentsOf(m).segments).toBeLessThanOrEqual(SMS_MAX_SEGMENTS);
    // Split between words: nothing is lost or reordered.
    expect(review.join('\n')).toContain('Marc Tremblay');
    expect(review.join('\n').replace(/\s+/g, ' ')).toContain(reviewEntry.text.split('\n').slice(1, 4).join(' ').replace(/\s+/g, ' '));
  });

  it('refuses a request without a signature, or with a wrong one: 403 JSON, nothing processed or stored', async () => {
    const from = nextNumber();
    const params = webhookParams({ from, body: 'Hello' });
    const missing = await sendSigned(app, params, { signature: null });
    expect(missing.status).toBe(403);
    expect(JSON.parse(missing.text)).toEqual({ code: 'Forbidden', message: expect.any(String) });

    const wrongToken = await sendSigned(app, params, { signature: twilio.getExpectedTwilioSignature('another-token', smsUrl(app), params) });
    expect(wrongToken.status).toBe(403);
    expect(JSON.parse(wrongToken.text)).toMatchObject({ code: 'Forbidden' });

    const otherUrl = await sendSigned(app, params, {
      signature: twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, 'https://elsewhere.example/api/sms', params),
    });
    expect(otherUrl.status).toBe(403);

    // Signed, then changed on the way.
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, smsUrl(app), params);
    const tampered = await sendSigned(app, { ...params, Body: 'STOP' }, { signature });
    expect(tampered.status).toBe(403);

    const garbage = await sendSigned(app, params, { signature: 'not-a-signature' });
    expect(garbage.status).toBe(403);

    await expectNothingStored(app, from);
    expect(await app.parts.store.isOptedOut(from)).toBe(false);
    expect(await app.parts.store.isProcessed({ channel: 'sms', address: from }, params.MessageSid)).toBe(false);
    // The genuine message still goes through afterwards.
    const ok = await sendSigned(app, params);
    expect(ok.status).toBe(200);
    expect(ok.messages.length).toBeGreaterThan(0);
  });

  it('gives a retried webhook (the same MessageSid) the same TwiML and processes the message once', async () => {
    const from = nextNumber();
    await conversation(app, from, ['Hello']);
    const params = webhookParams({ from, body: 'yes' });
    const first = await sendSigned(app, params);
    const retry = await sendSigned(app, params);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(first.messages.length).toBeGreaterThan(0);
    expect(retry.text).toBe(first.text);

    // A retry that overtakes the first attempt (both in flight at once): still once.
    const again = webhookParams({ from, body: 'no' });
    const [a, b] = await Promise.all([sendSigned(app, again), sendSigned(app, again)]);
    expect(a.messages.length).toBeGreaterThan(0);
    expect(b.text).toBe(a.text);

    const transcript = await transcriptOf(app, from);
    expect(inbound(transcript).map((e) => e.messageId)).toEqual([expect.any(String), params.MessageSid, again.MessageSid]);
    expect(transcript.filter((e) => e.replyTo === params.MessageSid).map((e) => e.rendered?.key)).toEqual(['q.danger.prompt']);
    expect(transcript.filter((e) => e.replyTo === again.MessageSid)).toHaveLength(1);
    // The conversation moved on by exactly these three answers.
    const next = await sms(app, { from, body: 'outside the US' });
    const c = converse(['Hello', 'yes', 'no', 'outside the US'], { knownPhone: from });
    expect(next.messages).toEqual(after(c, 'outside the US').sms);
  });

  it('answers ten messages from one number sent at once, each once, one at a time in arrival order', async () => {
    const from = nextNumber();
    const bodies = ['Hello', 'yes', 'no', '1', '1', 'medical', '2', 'He needs surgery', 'Roswell Park, Buffalo', 'yes'];
    const all = bodies.map((body) => webhookParams({ from, body }));
    const arrived: string[] = [];
    const receive = app.parts.service.receive.bind(app.parts.service);
    const spy = jest.spyOn(app.parts.service, 'receive').mockImplementation((m) => {
      arrived.push(m.id);
      return receive(m);
    });
    let replies: Reply[];
    try {
      replies = await Promise.all(all.map((p) => sendSigned(app, p)));
    } finally {
      spy.mockRestore();
    }
    const sids = all.map((p) => p.MessageSid);
    for (const r of replies) {
      expect(r.status).toBe(200);
      expect(r.messages.length).toBeGreaterThan(0);
    }
    expect([...arrived].sort()).toEqual([...sids].sort());

    const transcript = await transcriptOf(app, from);
    // Each message once, in the order they arrived; each followed by its own replies, which are
    // exactly what its webhook answered (no two turns interleaved).
    expect(inbound(transcript).map((e) => e.messageId)).toEqual(arrived);
    for (const [i, entry] of transcript.entries()) {
      if (entry.direction === 'out') expect(entry.replyTo).toBe([...transcript.slice(0, i)].reverse().find((e) => e.direction === 'in')!.messageId);
    }
    for (const [i, sid] of sids.entries()) {
      const rendered = transcript.filter((e) => e.replyTo === sid).map((e) => e.rendered!);
      expect(replies[i].messages).toEqual(toSms(rendered));
    }
    // Processed one at a time: the result is the sequential conversation of the arrival order.
    const c = converse(
      arrived.map((sid) => bodies[sids.indexOf(sid)]),
      { knownPhone: from },
    );
    expect(transcript.filter((e) => e.direction === 'out').map((e) => e.rendered!.key)).toEqual(c.keys);
  });

  it('talks over WhatsApp: its own conversation, the whatsapp: address kept', async () => {
    const number = nextNumber();
    const from = `whatsapp:${number}`;
    const [hello, yes] = await conversation(app, from, ['Hello', 'yes']);
    expect(hello.messages.join(' ')).toContain('STOP');
    expect(yes.messages).toEqual(after(converse(['Hello', 'yes'], { channel: 'whatsapp', knownPhone: number }), 'yes').sms);
    expect(await app.parts.store.findConversation({ channel: 'whatsapp', address: from })).not.toBeNull();
    expect(await app.parts.store.findConversation({ channel: 'sms', address: number })).toBeNull();
    const ctx = await contextOf(app, from);
    expect(ctx.channel).toBe('whatsapp');
    expect(ctx.knownPhone).toBe(number);
  });

  it('STOP opts out at once with one confirmation; then silence but for HELP, until START', async () => {
    const from = nextNumber();
    await conversation(app, from, ['Hello', 'yes', 'no']);
    const stop = await sms(app, { from, body: 'STOP' });
    expect(stop.messages).toEqual([text(app, 'say.stopped')]);
    expect(await app.parts.store.isOptedOut(from)).toBe(true);

    const quiet = await sms(app, { from, body: 'hello? anyone?' });
    expect(quiet.messages).toEqual([]);
    expect(quiet.text).toMatch(/<Response\/>|<Response><\/Response>/);
    // A second STOP gets no second confirmation.
    expect((await sms(app, { from, body: 'STOP' })).messages).toEqual([]);

    const help = await sms(app, { from, body: 'HELP' });
    expect(help.messages).toHaveLength(1);
    expect(help.messages[0]).toContain('+1 716 555 0100');
    expect(await app.parts.store.isOptedOut(from)).toBe(true);

    const start = await sms(app, { from, body: 'START' });
    // The confirmation, then the question (in one message when that costs fewer segments).
    const resubscribed = text(app, 'say.resubscribed_sms');
    const said = start.messages.join(' ').replace(/\s+/g, ' ');
    expect(said.startsWith(resubscribed)).toBe(true);
    expect(said.length).toBeGreaterThan(resubscribed.length);
    expect(await app.parts.store.isOptedOut(from)).toBe(false);
    // And the questions go on where they were.
    const next = await sms(app, { from, body: 'outside the US' });
    expect(next.messages.length).toBeGreaterThan(0);
    expect((await contextOf(app, from)).status).toBe('in_progress');
  });

  it.each(STOP_WORDS)('"%s" opts out with one confirmation', async (word) => {
    const from = nextNumber();
    await conversation(app, from, ['Hello', 'yes']);
    const stop = await sms(app, { from, body: word });
    expect(stop.messages).toEqual([text(app, 'say.stopped')]);
    expect(await app.parts.store.isOptedOut(from)).toBe(true);
    expect((await sms(app, { from, body: 'no' })).messages).toEqual([]);
  });

  it('STOP as the very first message opts out with one confirmation', async () => {
    const from = nextNumber();
    const stop = await sms(app, { from, body: 'stop' });
    expect(stop.messages).toEqual([text(app, 'say.stopped')]);
    expect(await app.parts.store.isOptedOut(from)).toBe(true);
  });

  it("Twilio's Advanced Opt-Out keyword (OptOutType) opts out whatever the word", async () => {
    const from = nextNumber();
    await conversation(app, from, ['Hello', 'yes']);
    const stop = await sms(app, { from, body: 'arrêtez svp', extra: { OptOutType: 'STOP' } });
    expect(stop.messages).toEqual([text(app, 'say.stopped')]);
    expect(await app.parts.store.isOptedOut(from)).toBe(true);
  });

  it("answers HELP with the firm's contact, and goes on with the question", async () => {
    const from = nextNumber();
    const [, , help] = await conversation(app, from, ['Hello', 'yes', 'HELP']);
    // The help, then the question again (cut between words where segments end).
    const said = help.messages.join(' ').replace(/\s+/g, ' ');
    const helpText = text(app, 'say.help_sms').replace(/\s+/g, ' ');
    expect(said.startsWith(helpText)).toBe(true);
    expect(said).toContain('+1 716 555 0100');
    expect(said.length).toBeGreaterThan(helpText.length);
  });

  it('answers a picture without words with thanks and the secure link, and keeps its URL in the transcript', async () => {
    const from = nextNumber();
    const [, consent] = await conversation(app, from, ['Hello', 'yes']);
    const url = `https://api.twilio.com/2010-04-01/Accounts/${TEST_TWILIO.accountSid}/Messages/MM${'1'.repeat(32)}/Media/ME${'2'.repeat(32)}`;
    const mms = await sms(app, { from, body: '', media: [{ url, type: 'image/jpeg' }] });
    // Thanked, and told the secure link is the better way (test/mms-media.test.ts: the file itself).
    const uploadUrl = /\S+\/documents\/[\w-]+\.[\w-]+/.exec(mms.messages.join(' '))?.[0];
    expect(uploadUrl).toBeDefined();
    expect(mms.messages[0].startsWith(text(app, 'say.mediaOnly', { uploadUrl }))).toBe(true);
    // The question is asked again, as it was (laid out with the answer to the picture).
    const words = (texts: string[]) => texts.join(' ').split(/\s+/);
    expect(words(mms.messages)).toEqual(words([text(app, 'say.mediaOnly', { uploadUrl }), ...consent.messages]));

    const withWords = `${url}-2`;
    await sms(app, { from, body: 'no', media: [{ url: withWords, type: 'application/pdf' }] });
    const transcript = inbound(await transcriptOf(app, from));
    expect(transcript.at(-2)).toMatchObject({ text: '', media: [url] });
    expect(transcript.at(-1)).toMatchObject({ text: 'no', media: [withWords] });
    expect((await contextOf(app, from)).status).toBe('in_progress');
  });

  it('ignores a delivery report posted to the webhook', async () => {
    const from = nextNumber();
    const report = await sendSigned(app, webhookParams({ from, extra: { MessageStatus: 'delivered', SmsStatus: 'delivered' } }));
    expect(report.status).toBe(200);
    expect(report.messages).toEqual([]);
    await expectNothingStored(app, from);
  });

  it('refuses bad requests with JSON errors and stays up', async () => {
    const from = nextNumber();
    const params = webhookParams({ from, body: 'Hello' });
    const signature = twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, smsUrl(app), params);

    const asJson = await post(app, JSON.stringify(params), { 'Content-Type': 'application/json', 'X-Twilio-Signature': signature });
    expect(asJson.status).toBe(415);
    expect(JSON.parse(asJson.text)).toEqual({ code: 'UnsupportedMediaType', message: expect.any(String) });

    const asText = await post(app, new URLSearchParams(params).toString(), { 'Content-Type': 'text/plain', 'X-Twilio-Signature': signature });
    expect(asText.status).toBe(415);
    expect(JSON.parse(asText.text)).toMatchObject({ code: 'UnsupportedMediaType' });

    const huge = webhookParams({ from, body: 'x'.repeat(70 * 1024) });
    const tooBig = await sendSigned(app, huge);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.text)).toEqual({ code: 'PayloadTooLarge', message: expect.any(String) });

    const noSid = webhookParams({ from, body: 'Hello' });
    delete noSid.MessageSid;
    const missing = await sendSigned(app, noSid);
    expect(missing.status).toBe(400);
    expect(JSON.parse(missing.text)).toMatchObject({ code: 'BadRequest' });

    const empty = await post(app, '', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(empty.status).toBe(403);
    expect(JSON.parse(empty.text)).toMatchObject({ code: 'Forbidden' });

    await expectNothingStored(app, from);
    await expectUp(app);
    // And the same number can still write.
    expect((await sms(app, { from, body: 'Hello' })).messages.length).toBeGreaterThan(0);
  });
});

describe('SMS without Twilio configured', () => {
  it('answers 404 JSON at /api/sms and has no senders', async () => {
    const app = await startTestServer({ TWILIO_ACCOUNT_SID: '', TWILIO_AUTH_TOKEN: '' });
    try {
      expect(app.parts.config.twilio).toBeNull();
      expect(app.parts.senders).toEqual({});
      const params = webhookParams({ from: nextNumber(), body: 'Hello' });
      const res = await sendSigned(app, params);
      expect(res.status).toBe(404);
      expect(JSON.parse(res.text)).toMatchObject({ code: 'NotFound' });
      await expectUp(app);
    } finally {
      await app.close();
    }
  });
});

describe('inactivity over SMS and WhatsApp', () => {
  let fake: FakeTwilio;
  let app: TestServer;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    app = await startTestServer({ TWILIO_API_URL: fake.url, REMINDER_MINUTES: String(REMINDER_MINUTES), ABANDON_MINUTES: String(ABANDON_MINUTES) });
  });
  afterEach(async () => {
    await app?.close();
    await fake?.close();
  });

  it('sends one reminder with the last question through Twilio, then marks the intake abandoned, silently', async () => {
    const from = nextNumber();
    const replies = await conversation(app, from, ['Hello', 'yes', 'no']);
    const lastQuestion = replies.at(-1)!.messages.at(-1)!;
    const now = Date.now();

    const reminderAt = new Date(now + minutes(REMINDER_MINUTES + 1));
    expect(await app.parts.scheduler.tick(reminderAt)).toBe(1);
    const sent = fake.to(from);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ from: FIRM_NUMBER, accountSid: TEST_TWILIO.accountSid, username: TEST_TWILIO.accountSid, password: TEST_TWILIO.authToken });
    expect(sent[0].body).toContain(text(app, 'say.reminder_sms'));
    expect(sent[0].body).toContain(lastQuestion);
    expect(sent[0].body.length).toBeLessThanOrEqual(320);

    // Nothing more at the same time.
    expect(await app.parts.scheduler.tick(reminderAt)).toBe(0);
    expect(fake.to(from)).toHaveLength(1);

    const ctx = await contextOf(app, from);
    expect((await app.parts.store.getIntake(ctx.intakeId))!.status).toBe('in_progress');
    expect(await app.parts.scheduler.tick(new Date(reminderAt.getTime() + minutes(ABANDON_MINUTES + 1)))).toBe(1);
    expect(fake.to(from)).toHaveLength(1);
    expect((await app.parts.store.getIntake(ctx.intakeId))!.status).toBe('abandoned');
    // And nothing is due any more.
    expect(await app.parts.scheduler.tick(new Date(reminderAt.getTime() + minutes(10 * ABANDON_MINUTES)))).toBe(0);
    expect(fake.messages).toHaveLength(1);
  });

  it('counts the silence from the reply when a message is answered late (replayed after an outage)', async () => {
    const from = nextNumber();
    await conversation(app, from, ['Hello']);
    const cameIn = Date.now() - minutes(3 * 60);
    const answered = new Date();
    // As the outage spool's replayer hands it over: it came in three hours ago, it is answered now.
    await app.parts.service.receive({
      channel: 'sms',
      address: from,
      id: nextSid(),
      at: new Date(cameIn).toISOString(),
      text: 'yes',
      media: [],
      answeredAt: answered.toISOString(),
    });
    const record = await app.parts.store.findConversation(keyOf(from));
    expect(record!.remindAt).toBe(new Date(answered.getTime() + minutes(REMINDER_MINUTES)).toISOString());
    // Nothing is due right after the replay; it is once the family has been quiet that long.
    expect(await app.parts.scheduler.tick(new Date(answered.getTime() + minutes(1)))).toBe(0);
    expect(await app.parts.scheduler.tick(new Date(answered.getTime() + minutes(REMINDER_MINUTES + 1)))).toBe(1);
  });

  it('reminds on WhatsApp from the WhatsApp sender', async () => {
    const number = nextNumber();
    const from = `whatsapp:${number}`;
    const [, consent] = await conversation(app, from, ['Hello', 'yes']);
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
    expect(fake.to(number)).toEqual([]);
    const sent = fake.to(from);
    expect(sent).toHaveLength(1);
    expect(sent[0].from).toBe(`whatsapp:${FIRM_NUMBER}`);
    expect(sent[0].body).toContain(text(app, 'say.reminder_sms'));
    expect(sent[0].body).toContain(consent.messages.at(-1)!);
  });

  it('never reminds a number that opted out, whichever way it did', async () => {
    // STOP to us.
    const stopped = nextNumber();
    await conversation(app, stopped, ['Hello', 'yes', 'STOP']);
    // Opted out in the store meanwhile (e.g. on another conversation of the same number).
    const recorded = nextNumber();
    await conversation(app, recorded, ['Hello', 'yes']);
    await app.parts.store.setOptOut(recorded, true, new Date().toISOString());
    // Opted out at Twilio (STOP answered by Twilio itself): Twilio refuses with 21610.
    const atTwilio = nextNumber();
    await conversation(app, atTwilio, ['Hello', 'yes']);
    fake.unsubscribed.add(atTwilio);
    // Someone who did not opt out, for contrast.
    const active = nextNumber();
    await conversation(app, active, ['Hello', 'yes']);

    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
    expect(fake.to(stopped)).toEqual([]);
    expect(fake.to(recorded)).toEqual([]);
    expect(fake.to(atTwilio)).toEqual([]);
    expect(fake.to(active)).toHaveLength(1);
    // Twilio's refusal is remembered: the number is opted out here too.
    expect(await app.parts.store.isOptedOut(atTwilio)).toBe(true);
    // Later ticks send nothing to them either.
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + ABANDON_MINUTES + 2)));
    expect(fake.messages.map((m) => m.to)).toEqual([active]);
  });
});

describe('a restart', () => {
  it('loses nothing: the reminder is still due and the next SMS continues where the user was', async () => {
    const fake = await startFakeTwilio();
    const env = { TWILIO_API_URL: fake.url, REMINDER_MINUTES: String(REMINDER_MINUTES) };
    const from = nextNumber();
    const first = await startTestServer(env);
    let second: TestServer | null = null;
    try {
      const replies = await conversation(first, from, ['Hello', 'yes', 'no']);
      const lastQuestion = replies.at(-1)!.messages.at(-1)!;
      await first.close();

      second = await startTestServer(env, { dataDir: first.dataDir });
      expect(second.url).not.toBe(first.url);
      await second.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
      expect(fake.to(from)).toHaveLength(1);
      expect(fake.to(from)[0].body).toContain(lastQuestion);

      const next = await sms(second, { from, body: 'outside the US' });
      const c = converse(['Hello', 'yes', 'no', 'outside the US'], { knownPhone: from });
      expect(next.messages).toEqual(after(c, 'outside the US').sms);
      const transcript = await transcriptOf(second, from);
      expect(inbound(transcript).map((e) => e.text)).toEqual(['Hello', 'yes', 'no', 'outside the US']);
    } finally {
      await second?.close();
      await fake.close();
    }
  });
});

function minutes(n: number) {
  return n * 60_000;
}
