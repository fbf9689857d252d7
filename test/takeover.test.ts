/**
 * An attorney takes a family's conversation over from the assistant and hands it back, through the
 * real server (signed Twilio webhooks in, the local fake of Twilio's REST API out), on both stores:
 * while held the assistant says nothing (no answer, no reminder, no late reply), the family's
 * messages are kept and shown on the intake page, the hold survives a restart, and handing back
 * asks the question the family was on, from where they were.
 */
import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
import twilio from 'twilio';
import type { IntakeContext } from '../dialogs/context';
import { issueApiToken } from '../src/api/tokens';
import type { Attorney } from '../src/store/account-store';
import { authorOf, type ConversationKey } from '../src/store/store';
import { after, converse } from './support/converse';
import { createAttorney, escaped, fieldOf, signedIn } from './support/attorneys';
import { startFakeTwilio, type FakeTwilio } from './support/fake-twilio';
import { testMongoUri } from './support/mongo-server';
import { startTestServer, TEST_TWILIO, type TestServer } from './support/server';
import { inboundSmsParams, postSignedToTwilioRoute } from './support/twilio-params';

const FIRM_NUMBER = '+17165550100';
const REMINDER_MINUTES = 30;
const minutes = (n: number) => n * 60_000;

let seq = 0;
const nextSid = () => 'SM' + (++seq).toString(16).padStart(32, 'a');
const nextNumber = () => `+1716555${String(3000 + ++seq).slice(-4)}`;

function messagesOf(twiml: string): string[] {
  return [...twiml.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) =>
    m[1].replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!),
  );
}

/** A text from the family, posted and signed as Twilio does; the TwiML's messages back. */
async function sms(app: TestServer, from: string, body: string): Promise<string[]> {
  const params = inboundSmsParams({ from, to: FIRM_NUMBER, sid: nextSid(), body, accountSid: TEST_TWILIO.accountSid });
  const res = await postSignedToTwilioRoute(app, '/api/sms', params, TEST_TWILIO.authToken);
  expect(res.status).toBe(200);
  return messagesOf(await res.text());
}

/** A status callback for a message sent, posted to the URL it asked for and signed as Twilio signs it. */
async function statusCallback(app: TestServer, url: string, params: Record<string, string>, o: { sign?: boolean } = {}): Promise<number> {
  const path = new URL(url).pathname;
  const signature = o.sign === false ? 'bad' : twilio.getExpectedTwilioSignature(TEST_TWILIO.authToken, url, params);
  const res = await fetch(`${app.url}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': signature },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  return res.status;
}

const keyOf = (address: string): ConversationKey => ({ channel: 'sms', address });

async function intakeIdOf(app: TestServer, address: string): Promise<string> {
  const record = await app.parts.store.findConversation(keyOf(address));
  return (record!.snapshot as unknown as { context: IntakeContext }).context.intakeId;
}

interface Backend {
  name: string;
  env: () => Record<string, string>;
  cleanUp: (env: Record<string, string>) => Promise<void>;
}

const BACKENDS: Backend[] = [
  { name: 'embedded (SQLite)', env: () => ({}), cleanUp: async () => undefined },
  {
    name: 'MongoDB',
    env: () => ({ MONGODB_URI: testMongoUri('takeover'), ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
    cleanUp: async (env) => {
      const client = await MongoClient.connect(env.MONGODB_URI);
      await client.db().dropDatabase();
      await client.close();
    },
  },
];

describe.each(BACKENDS)('taking the conversation over ($name)', (backend) => {
  let fake: FakeTwilio;
  let app: TestServer;
  let env: Record<string, string>;
  let ann: Attorney;
  let bob: Attorney;

  beforeEach(async () => {
    fake = await startFakeTwilio();
    env = { TWILIO_API_URL: fake.url, REMINDER_MINUTES: String(REMINDER_MINUTES), ...backend.env() };
    app = await startTestServer(env);
    ann = await createAttorney(app.parts.accounts, { name: 'Ann Lee' });
    bob = await createAttorney(app.parts.accounts, { name: 'Bob Roy' });
  }, 60_000);
  afterEach(async () => {
    await app?.close();
    await fake?.close();
    await backend.cleanUp(env);
  });

  it('keeps the assistant silent while held (no answer, no reminder, across a restart) and hands back at the question the family was on', async () => {
    const from = nextNumber();
    const lines = ['Hello', 'yes', 'no'];
    let last: string[] = [];
    for (const line of lines) last = await sms(app, from, line);
    const lastQuestion = last.at(-1)!;
    const id = await intakeIdOf(app, from);

    const annC = await signedIn(app.url, ann);
    const page = await annC.get(`/intakes/${id}`);
    expect(page.text).toContain('The assistant is talking with the family.');
    const take = await annC.post(`/intakes/${id}/conversation`, { csrf: fieldOf(page.text, 'csrf'), action: 'hold' });
    expect(take.status).toBe(303);
    const held = await annC.follow(take);
    expect(held.text).toContain('You hold the conversation: the assistant is silent.');
    expect(held.text).toContain('Hand back to the assistant');
    expect(await app.parts.handoffStore.getHold(id)).toEqual({ by: ann.id, at: expect.any(String) });

    // Bob cannot take it from her.
    const bobC = await signedIn(app.url, bob);
    const bobPage = await bobC.get(`/intakes/${id}`);
    expect(bobPage.text).toContain('Ann Lee holds the conversation');
    const grab = await bobC.post(`/intakes/${id}/conversation`, { csrf: fieldOf(bobPage.text, 'csrf'), action: 'hold' });
    expect((await bobC.follow(grab)).text).toContain('Another attorney holds this conversation: nothing was changed.');
    expect((await app.parts.handoffStore.getHold(id))!.by).toBe(ann.id);

    // The family writes: nothing is answered, and what they wrote is on the intake page.
    expect(await sms(app, from, 'Is anyone there? My brother is waiting.')).toEqual([]);
    const shown = await annC.get(`/intakes/${id}`);
    expect(shown.text).toContain(escaped('Is anyone there? My brother is waiting.'));
    // No reminder, however long they are quiet.
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(10 * REMINDER_MINUTES)));
    expect(fake.to(from)).toEqual([]);

    // A restart keeps the hold: still silent.
    await app.close();
    app = await startTestServer(env, { dataDir: app.dataDir });
    expect((await app.parts.handoffStore.getHold(id))!.by).toBe(ann.id);
    expect(await sms(app, from, 'Hello?')).toEqual([]);
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(20 * REMINDER_MINUTES)));
    expect(fake.to(from)).toEqual([]);

    // Handed back (from the page as it was: the holder it showed): the question they were on, by SMS.
    const again = await signedIn(app.url, ann);
    const before = await again.get(`/intakes/${id}`);
    const back = await again.post(`/intakes/${id}/conversation`, {
      csrf: fieldOf(before.text, 'csrf'),
      action: 'handback',
      heldBy: fieldOf(before.text, 'heldBy'),
    });
    expect((await again.follow(back)).text).toContain('Handed back: the assistant asks the family the question they were on.');
    expect(await app.parts.handoffStore.getHold(id)).toBeNull();
    expect(fake.to(from)).toHaveLength(1);
    expect(fake.to(from)[0]).toMatchObject({ from: FIRM_NUMBER });
    expect(fake.to(from)[0].body).toContain(lastQuestion);
    // A second hand back from the same page changes nothing and sends nothing.
    const twice = await again.post(`/intakes/${id}/conversation`, { csrf: fieldOf(before.text, 'csrf'), action: 'handback', heldBy: ann.id });
    expect((await again.follow(twice)).text).toContain('The conversation changed hands meanwhile');
    expect(fake.to(from)).toHaveLength(1);

    // The family answers: the assistant goes on from where they were, as if there had been no hold.
    const next = await sms(app, from, 'outside the US');
    const c = converse([...lines, 'outside the US'], { knownPhone: from });
    expect(next).toEqual(after(c, 'outside the US').sms);
    // And reminds again when they are quiet.
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
    expect(fake.to(from)).toHaveLength(2);

    // Everything is in the transcript, each entry with its author; the steps are audited.
    const record = await app.parts.store.findConversation(keyOf(from));
    const transcript = await app.parts.store.transcript(record!.id);
    const family = transcript.filter((e) => authorOf(e).kind === 'family').map((e) => e.text);
    expect(family).toEqual([...lines, 'Is anyone there? My brother is waiting.', 'Hello?', 'outside the US']);
    // The held messages got no reply; the question asked again is the assistant's.
    const heldIds = transcript.filter((e) => e.text === 'Hello?' || e.text.startsWith('Is anyone')).map((e) => e.messageId);
    expect(transcript.filter((e) => e.replyTo && heldIds.includes(e.replyTo))).toEqual([]);
    const audit = await app.parts.handoffStore.auditLog({ intakeId: id });
    expect(
      audit
        .filter((e) => e.action === 'held' || e.action === 'handed_back')
        .map((e) => [e.actor, e.action])
        .reverse(),
    ).toEqual([
      [ann.id, 'held'],
      [ann.id, 'handed_back'],
    ]);
  }, 120_000);

  it("sends an attorney message from the firm number, stored with its author, with each text's status from signed callbacks, never after STOP", async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes', 'no']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    const annC = await signedIn(app.url, ann);
    const page = await annC.get(`/intakes/${id}`);
    const csrf = fieldOf(page.text, 'csrf');
    expect(page.text).toContain('<form method="post" action="/intakes/' + id + '/messages" id="compose">');

    // Empty: refused, nothing stored or sent.
    const empty = await annC.post(`/intakes/${id}/messages`, { csrf, text: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('The message is empty: nothing was sent.');
    // Too long: refused, and what she wrote is still in the box.
    const long = 'x'.repeat(1601);
    const tooLong = await annC.post(`/intakes/${id}/messages`, { csrf, text: long });
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain(`>${long}</textarea>`);
    expect(fake.to(from)).toEqual([]);
    expect(await app.parts.handoffStore.getHold(id)).toBeNull();

    // Writing takes the conversation and goes out from the firm's number, as written.
    const words = "This is Ann Lee, the firm's attorney. I will call you at 3 pm: is this number right?";
    const sent = await annC.post(`/intakes/${id}/messages`, { csrf, text: words });
    expect(sent.status).toBe(303);
    expect((await annC.follow(sent)).text).toContain('Message sent to the family.');
    expect((await app.parts.handoffStore.getHold(id))!.by).toBe(ann.id);
    expect(fake.to(from)).toHaveLength(1);
    const out = fake.to(from)[0];
    expect(out).toMatchObject({ from: FIRM_NUMBER, body: words, statusCallback: `${app.env.PUBLIC_BASE_URL}/api/sms/status` });
    const record = await app.parts.store.findConversation(keyOf(from));
    const entry = (await app.parts.store.transcript(record!.id)).at(-1)!;
    expect(entry).toMatchObject({ direction: 'out', text: words, author: `attorney:${ann.id}` });
    expect(authorOf(entry)).toEqual({ kind: 'attorney', id: ann.id });
    const audit = (await app.parts.handoffStore.auditLog({ intakeId: id })).find((e) => e.action === 'wrote')!;
    expect(audit).toMatchObject({ actor: ann.id, detail: { channel: 'sms', characters: words.length } });
    expect(JSON.stringify(audit)).not.toContain('3 pm');

    // Twilio reports its status: only signed callbacks count, and a late "sent" does not undo "delivered".
    const report = (status: string, extra: Record<string, string> = {}) => ({
      MessageSid: out.sid,
      MessageStatus: status,
      AccountSid: TEST_TWILIO.accountSid,
      To: from,
      From: FIRM_NUMBER,
      ...extra,
    });
    expect(await statusCallback(app, out.statusCallback!, report('delivered'), { sign: false })).toBe(403);
    expect((await app.parts.handoffStore.smsOf(id)).map((m) => [m.sid, m.kind, m.state])).toEqual([[out.sid, 'attorney', 'queued']]);
    expect(await statusCallback(app, out.statusCallback!, report('delivered'))).toBe(204);
    expect(await statusCallback(app, out.statusCallback!, report('sent'))).toBe(204);
    const shown = (await annC.get(`/intakes/${id}`)).text;
    expect(shown).toContain('Ann Lee (attorney)');
    expect(shown).toContain(escaped(words));
    expect(shown).toContain('<span class="text-state delivered">delivered</span>');

    // The family answers: kept and shown, not answered by the assistant.
    expect(await sms(app, from, 'Yes 3 pm is fine')).toEqual([]);
    expect((await annC.get(`/intakes/${id}`)).text).toContain('Yes 3 pm is fine');

    // Handed back: the question asked again is a text with its own status (here it fails).
    const before = await annC.get(`/intakes/${id}`);
    await annC.post(`/intakes/${id}/conversation`, { csrf, action: 'handback', heldBy: fieldOf(before.text, 'heldBy') });
    const question = fake.to(from)[1];
    expect(question.statusCallback).toBe(out.statusCallback);
    expect(
      await statusCallback(app, question.statusCallback!, {
        MessageSid: question.sid,
        MessageStatus: 'undelivered',
        ErrorCode: '30003',
        AccountSid: TEST_TWILIO.accountSid,
      }),
    ).toBe(204);
    // And the reminder, when they are quiet.
    await app.parts.scheduler.tick(new Date(Date.now() + minutes(REMINDER_MINUTES + 1)));
    expect(fake.to(from)).toHaveLength(3);
    expect((await app.parts.handoffStore.smsOf(id)).map((m) => [m.kind, m.state, m.errorCode])).toEqual([
      ['attorney', 'delivered', null],
      ['question', 'failed', '30003'],
      ['reminder', 'queued', null],
    ]);
    const texts = (await annC.get(`/intakes/${id}`)).text;
    expect(texts).toContain('Question asked again · <span class="text-state failed">failed</span>');
    expect(texts).toContain('last error 30003');

    // STOP: nobody writes to them any more, the attorney included; nothing is stored, her words stay in the box.
    await sms(app, from, 'STOP');
    const count = (await app.parts.store.transcript(record!.id)).length;
    const stopped = await annC.post(`/intakes/${id}/messages`, { csrf, text: 'One more thing' });
    expect(stopped.status).toBe(409);
    expect(stopped.text).toContain('The family opted out (STOP): nothing was sent.');
    expect(stopped.text).toContain('One more thing</textarea>');
    expect(fake.to(from)).toHaveLength(3);
    expect(await app.parts.store.transcript(record!.id)).toHaveLength(count);
    // Opted out at Twilio between the page and the send (21610): not sent either, and recorded.
    const other = nextNumber();
    for (const line of ['Hello', 'yes']) await sms(app, other, line);
    const otherId = await intakeIdOf(app, other);
    fake.unsubscribed.add(other);
    const refused = await annC.post(`/intakes/${otherId}/messages`, { csrf, text: 'Hello from the firm' });
    expect((await annC.follow(refused)).text).toContain('could not be sent');
    expect(fake.to(other)).toEqual([]);
    expect(await app.parts.store.isOptedOut(other)).toBe(true);
  }, 120_000);

  it('takes the same through the API: POST a message (write scope), GET the transcript with its authors and text states', async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes', 'no']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    const writer = await issueApiToken(app.parts.accounts, 'crm', new Date(), ['read', 'write']);
    const reader = await issueApiToken(app.parts.accounts, 'reports', new Date(), ['read']);
    const call = async (path: string, token: string, body?: unknown) => {
      const res = await fetch(`${app.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as any };
    };
    // A token that only reads cannot write; a bad body is a 400 naming the field; nothing is sent.
    expect((await call(`/api/intakes/${id}/messages`, reader, { text: 'Hello' })).status).toBe(403);
    expect(await call(`/api/intakes/${id}/messages`, writer, { text: '  ' })).toEqual({
      status: 400,
      body: { error: { code: 'bad_body', message: expect.any(String), parameter: 'text' } },
    });
    expect((await call(`/api/intakes/${id}/messages`, writer, { text: 'Hi', to: '+15550000000' })).status).toBe(400);
    expect((await call('/api/intakes/nope/messages', writer, { text: 'Hi' })).status).toBe(404);
    expect(fake.to(from)).toEqual([]);

    const sent = await call(`/api/intakes/${id}/messages`, writer, { text: 'The firm will call you today.' });
    expect(sent).toEqual({ status: 201, body: { intakeId: id, messageId: expect.any(String), sent: true } });
    expect(fake.to(from).map((m) => m.body)).toEqual(['The firm will call you today.']);
    expect(await app.parts.handoffStore.getHold(id)).toEqual({ by: 'token:crm', at: expect.any(String) });
    // Held by the token: an attorney on the dashboard cannot write over it, the family is not answered.
    expect((await app.parts.takeover.write((await app.parts.store.getIntake(id))!, ann.id, 'Me too', new Date())).ok).toBe(false);
    expect(await sms(app, from, 'ok thanks')).toEqual([]);
    await statusCallback(app, fake.to(from)[0].statusCallback!, {
      MessageSid: fake.to(from)[0].sid,
      MessageStatus: 'delivered',
      AccountSid: TEST_TWILIO.accountSid,
    });

    const transcript = await call(`/api/intakes/${id}/transcript`, reader);
    expect(transcript.status).toBe(200);
    const entries = transcript.body.entries as Array<{ author: string; by: string | null; text: string; textState: string | null; direction: string }>;
    expect(entries.slice(-2).map((e) => [e.direction, e.author, e.by, e.text, e.textState])).toEqual([
      ['out', 'attorney', 'token:crm', 'The firm will call you today.', 'delivered'],
      ['in', 'family', null, 'ok thanks', null],
    ]);
    expect(entries.filter((e) => e.author === 'assistant').every((e) => e.by === null && e.textState === null && e.direction === 'out')).toBe(true);
    // STOP, though the conversation is held: recorded and confirmed (the carriers' rules), then 409 opted_out, nothing sent.
    expect(await sms(app, from, 'STOP')).not.toEqual([]);
    expect(await app.parts.store.isOptedOut(from)).toBe(true);
    expect(await call(`/api/intakes/${id}/messages`, writer, { text: 'Still there?' })).toEqual({
      status: 409,
      body: { error: { code: 'opted_out', message: expect.any(String) } },
    });
    expect(fake.to(from)).toHaveLength(1);
    const audit = await app.parts.handoffStore.auditLog({ intakeId: id });
    expect(
      audit
        .filter((e) => e.actor === 'token:crm')
        .map((e) => e.action)
        .reverse(),
    ).toEqual(['held', 'wrote']);
    expect(audit.filter((e) => e.actor === 'token:reports').map((e) => e.action)).toEqual(['api_transcript']);
  });

  it('answers danger now even while held: the 911 message first, and staff paged', async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes', 'no']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    expect((await app.parts.takeover.hold((await app.parts.store.getIntake(id))!, ann.id, new Date())).ok).toBe(true);
    expect(await sms(app, from, 'thank you')).toEqual([]);
    expect((await sms(app, from, 'MY BABY IS NOT BREATHING')).join(' ')).toContain('911');
    expect((await app.parts.store.getIntake(id))!.triage.escalationReasons).toContain('emergency_now');
  });

  it("gives the intake page's live script the family's replies and the texts' states only when they changed, audited when seen", async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes', 'no']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    const annC = await signedIn(app.url, ann);
    const script = await annC.get('/dashboard/live.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.text).toContain("getAttribute('data-live')");
    const page = await annC.get(`/intakes/${id}`);
    const version = /data-version="([^"]+)"/.exec(page.text)![1];
    expect(page.text).toContain(`data-live="/intakes/${id}/live"`);
    await annC.post(`/intakes/${id}/messages`, { csrf: fieldOf(page.text, 'csrf'), text: 'Ann here: can you talk now?' });
    const seen = async (since: string) => JSON.parse((await annC.get(`/intakes/${id}/live?since=${encodeURIComponent(since)}`)).text);
    const afterWrite = await seen(version);
    expect(afterWrite.version).not.toBe(version);
    expect(afterWrite.transcript).toContain('Ann here: can you talk now?');
    expect(afterWrite.texts).toContain('queued');
    // Nothing new: only the version comes back, and nothing is audited.
    const audited = async () => (await app.parts.handoffStore.auditLog({ intakeId: id })).filter((e) => e.action === 'viewed_transcript').length;
    const before = await audited();
    expect(await seen(afterWrite.version)).toEqual({ version: afterWrite.version });
    expect(await audited()).toBe(before);
    // The family replies: it comes with the next look, as the page shows it (escaped, with who wrote it).
    await sms(app, from, 'Yes <now> is good');
    const reply = await seen(afterWrite.version);
    expect(reply.transcript).toContain(`<li class="in"><span class="who">Family · `);
    expect(reply.transcript).toContain('Yes &lt;now&gt; is good');
    expect(reply.transcript).toMatch(/^<section id="transcript" data-live=/);
    expect(await audited()).toBe(before + 1);
    // A delivery report changes the version too.
    const out = fake.to(from)[0];
    await statusCallback(app, out.statusCallback!, { MessageSid: out.sid, MessageStatus: 'delivered', AccountSid: TEST_TWILIO.accountSid });
    const delivered = await seen(reply.version);
    expect(delivered.texts).toContain('<span class="text-state delivered">delivered</span>');
    // Not signed in: nothing.
    const anonymous = await fetch(`${app.url}/intakes/${id}/live`, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
  });

  it('withdraws a late reply the assistant never sent once an attorney holds the conversation', async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    // A turn whose replies never left (the process died before its TwiML): as the service stores it.
    const at = new Date();
    await app.parts.service.receive({ channel: 'sms', address: from, id: nextSid(), at: at.toISOString(), text: 'no', media: [], confirmsDelivery: true });
    expect((await app.parts.store.findConversation(keyOf(from)))!.unsent).not.toBeNull();
    expect((await app.parts.takeover.hold((await app.parts.store.getIntake(id))!, ann.id, at)).ok).toBe(true);
    expect(await app.parts.redelivery.tick(new Date(at.getTime() + minutes(1)))).toBe(0);
    expect(fake.to(from)).toEqual([]);
    // Withdrawn for good: handing back asks the question once, and nothing late follows.
    expect((await app.parts.takeover.handBack((await app.parts.store.getIntake(id))!, ann.id, ann.id, new Date(at.getTime() + minutes(2)))).ok).toBe(true);
    expect(fake.to(from)).toHaveLength(1);
    expect(await app.parts.redelivery.tick(new Date(at.getTime() + minutes(3)))).toBe(0);
    expect(fake.to(from)).toHaveLength(1);
  });

  it('says so when handing back leaves the assistant silent all the same (the intake is marked contacted)', async () => {
    const from = nextNumber();
    for (const line of ['Hello', 'yes', 'no']) await sms(app, from, line);
    const id = await intakeIdOf(app, from);
    const annC = await signedIn(app.url, ann);
    const page = await annC.get(`/intakes/${id}`);
    const csrf = fieldOf(page.text, 'csrf');
    await annC.post(`/intakes/${id}/conversation`, { csrf, action: 'hold' });
    await annC.post(`/intakes/${id}/status`, { csrf, action: 'contacted', expected: 'new', claimedBy: '' });
    expect((await app.parts.handoffStore.getHandling(id)).status).toBe('contacted');
    const back = await annC.post(`/intakes/${id}/conversation`, { csrf, action: 'handback', heldBy: ann.id });
    expect((await annC.follow(back)).text).toContain('The assistant asks the family nothing: the intake is marked contacted or closed');
    expect(await app.parts.handoffStore.getHold(id)).toBeNull();
    expect(fake.to(from)).toEqual([]);
    expect(await sms(app, from, 'hello?')).toEqual([]);
  });
});
