/**
 * Danger first, through the running app: a message telling of danger now gets the 911 / 988
 * message as its first reply at any point — before the language and the notice, after the notice
 * was refused — and staff are alerted (an escalation in the outbox) although no intake is kept
 * yet. If the family goes on, the notice comes then; if they go silent, the conversation ends
 * like any other before consent (on both stores). And through the engine: danger at every point, and noise
 * asked again briefly, never kept.
 */
import { randomBytes } from 'node:crypto';
import type { ConversationKey } from '../src/store/store';
import { EscalatedPayloadSchema } from '../src/handoff/outbox-plan';
import { scratchDatabases } from './support/mongo-server';
import { startTestServer, type TestServer } from './support/server';
import { after, converse } from './support/converse';
import { REFERENCE } from './scripts.reference';

const MINUTE = 60_000;
const databases = scratchDatabases('danger');
const STORES: Array<[string, () => Record<string, string>]> = [
  ['embedded (SQLite)', () => ({})],
  ['MongoDB', () => ({ MONGODB_URI: databases.fresh('service'), ENCRYPTION_KEY: randomBytes(32).toString('base64') })],
];

describe.each(STORES)('danger first, through the running app, on the %s store', (_name, storeEnv) => {
  let app: TestServer;
  beforeAll(async () => {
    app = await startTestServer({ REMINDER_MINUTES: '30', ABANDON_MINUTES: '60', ...storeEnv() });
  });
  afterAll(() => app.close());

  let sid = 0;
  const write = async (key: ConversationKey, text: string, at: number) =>
    (await app.parts.service.receive({ ...key, id: `d${++sid}`, at: new Date(at).toISOString(), text, media: [] })).replies.map((r) => r.key);
  const intakeIdOf = async (key: ConversationKey) => (await app.parts.store.findConversation(key))!.intakeId!;
  /** The reasons of every escalation planned for the intake. */
  const escalations = async (intakeId: string) =>
    (await app.parts.handoffStore.outboxItems({ intakeId })).filter((i) => i.kind === 'escalated').map((i) => EscalatedPayloadSchema.parse(i.payload).reasons);
  const statusOf = async (key: ConversationKey) =>
    ((await app.parts.store.findConversation(key))!.snapshot as unknown as { context: { status: string } }).context.status;

  it('as the first message: 911 before any notice, staff alerted; writing again, the notice, and the message is the story', async () => {
    const key: ConversationKey = { channel: 'sms', address: '+17165550611' };
    const t0 = Date.now();
    expect(await write(key, 'my grandpa fell in the kitchen and he is unconscious, what do we do', t0)).toEqual(['say.emergency']);
    const intakeId = await intakeIdOf(key);
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
    // No intake is kept before consent: the alert carries the reference, nothing sensitive.
    expect(await app.parts.store.getIntake(intakeId)).toBeNull();

    expect(await write(key, 'ok the ambulance came', t0 + MINUTE)).toEqual(['say.goOn', 'q.consent.intro', 'q.consent.prompt']);
    expect(await write(key, 'yes', t0 + 2 * MINUTE)).toEqual(['q.danger.prompt']);
    const intake = await app.parts.store.getIntake(intakeId);
    expect(intake!.request.narrative).toBe('my grandpa fell in the kitchen and he is unconscious, what do we do');
    expect(intake!.triage.tier).toBe('E0');
    // Alerted once.
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
  });

  it('after the notice was refused: 911 and staff alerted all the same, nothing kept', async () => {
    const key: ConversationKey = { channel: 'sms', address: '+17165550612' };
    const t0 = Date.now();
    await write(key, 'Hello', t0);
    expect(await write(key, 'no', t0 + MINUTE)).toEqual(['say.declined']);
    expect(await write(key, 'ESTA CONVULSIONANDO AHORITA', t0 + 2 * MINUTE)).toEqual(['say.emergency']);
    const intakeId = await intakeIdOf(key);
    expect(await escalations(intakeId)).toEqual([['emergency_now']]);
    expect(await app.parts.store.getIntake(intakeId)).toBeNull();
    // They declined: what they wrote is not kept.
    const transcript = await app.parts.store.transcript((await app.parts.store.findConversation(key))!.id);
    expect(transcript.filter((e) => e.direction === 'in').map((e) => e.text)).toEqual(['', '', '']);
    expect(await write(key, 'gracias', t0 + 3 * MINUTE)).toEqual(['say.declinedStill']);
  });

  it('an emergency before consent, then silence: abandoned like any conversation before consent', async () => {
    const key: ConversationKey = { channel: 'webchat', address: 'dl-danger-quiet' };
    const t0 = Date.now();
    await app.parts.service.open(key, new Date(t0), 'fr');
    expect(await write(key, 'il respire plus', t0 + MINUTE)).toEqual(['say.emergency']);
    expect(await statusOf(key)).toBe('in_progress');
    await app.parts.scheduler.tick(new Date(t0 + 60 * MINUTE));
    expect(await statusOf(key)).toBe('in_progress');
    await app.parts.scheduler.tick(new Date(t0 + 62 * MINUTE));
    expect(await statusOf(key)).toBe('abandoned');
  });
});

describe('danger first, at every point of the conversation', () => {
  const toReview = REFERENCE.en.slice(0, -1);
  const escalatedNow = (t: { effects: unknown[] }) => expect(t.effects).toEqual([{ type: 'escalate', reasons: ['emergency_now'], tier: 'E0' }]);

  it('as the first message, in the language it is written in; the notice only if they go on', () => {
    const c = converse(['mon bébé respire plus aidez-nous', 'ça va mieux, il respire', 'oui']);
    expect(c.turns[0].keys).toEqual(['say.emergency']);
    expect(c.turns[0].sms[0]).toMatch(/911/);
    expect(c.context.language).toBe('fr');
    escalatedNow(c.turns[0]);
    expect(c.turns[1].keys).toEqual(['say.goOn', 'q.consent.intro', 'q.consent.prompt']);
    expect(c.turns[2].keys).toEqual(['q.danger.prompt']);
    expect(c.context.narrative).toBe('mon bébé respire plus aidez-nous');
  });

  it('at the danger question, what they say of it is kept with the yes for the staff alerted', () => {
    const c = converse(['English', 'yes', 'yes she stopped breathing']);
    escalatedNow(c.turns[2]);
    expect(c.context.answers.danger).toEqual({ value: 'yes', details: expect.stringContaining('she stopped breathing') });
    const es = converse(['Español', 'sí', 'me siento muy mal, ya no quiero seguir viviendo']);
    expect(es.context.answers.danger).toEqual({ value: 'yes', details: 'me siento muy mal, ya no quiero seguir viviendo' });
  });

  it('at the notice, before it is accepted: the message is held, not used', () => {
    const c = converse(['Hello', 'my daughter took a whole bottle of pills, what do I do']);
    expect(c.turns[1].keys).toEqual(['say.emergency']);
    escalatedNow(c.turns[1]);
    expect(c.context.consent).toBeNull();
    expect(c.context.opener?.text).toBe('my daughter took a whole bottle of pills, what do I do');
  });

  it('mid-intake: the question it interrupted is asked again when they go on', () => {
    const c = converse(['Hello', 'yes', 'no', 'outside the US', 'I am the traveler', 'medical', 'MI HIJO ESTA CONVULSIONANDO AHORITA', 'ya paso, esta bien']);
    const urgent = after(c, 'MI HIJO ESTA CONVULSIONANDO AHORITA');
    expect(urgent.keys).toEqual(['say.emergency']);
    escalatedNow(urgent);
    expect(after(c, 'ya paso, esta bien').keys).toEqual(['say.goOn', 'q.patient.prompt']);
    expect(c.context.answers.patient).toBeUndefined();
  });

  it('at the review, and after the request was sent', () => {
    const atReview = converse([...toReview, 'he stopped breathing', 'ok']);
    escalatedNow(after(atReview, 'he stopped breathing'));
    expect(after(atReview, 'ok').keys).toEqual(['say.goOn', 'ui.reviewIntro', 'ui.reviewPrompt']);
    const sent = converse([...REFERENCE.en, 'someone is shooting at our house right now', 'thank you']);
    const urgent = after(sent, 'someone is shooting at our house right now');
    expect(urgent.keys).toEqual(['say.emergency']);
    escalatedNow(urgent);
    expect(after(sent, 'thank you').keys).toEqual(['say.alreadySubmitted']);
    expect(sent.context.status).toBe('complete');
  });

  it('opted out: the emergency message and the alert, and still opted out', () => {
    const c = converse(['Hello', 'yes', 'STOP', 'she cant breathe']);
    expect(c.turns[3].keys).toEqual(['say.emergency']);
    escalatedNow(c.turns[3]);
    expect(c.context.status).toBe('opted_out');
  });

  it('a danger that is over is a story, not an emergency', () => {
    const c = converse(['my father had a heart attack last year and now he needs surgery in Boston']);
    expect(c.turns[0].keys).toEqual(['q.consent.intro', 'q.consent.prompt']);
    expect(c.effects).toEqual([]);
  });
});

describe('noise is asked again, briefly, and never kept', () => {
  it('a flood at the notice is not the story', () => {
    const flood = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA '.repeat(80);
    expect(flood.length).toBeGreaterThan(3_800);
    const c = converse(['Hello', flood, 'yes']);
    expect(c.turns[1].keys).toEqual(['reprompt.noise']);
    expect(c.turns[1].sms.join(' ')).toContain('Sorry, I could not read that.');
    expect(c.context.consent).not.toBeNull();
    expect(c.context.narrative).toBeNull();
  });

  it('a link, emoji or mash at a question: nothing recorded, the question again', () => {
    const c = converse(['Hello', 'yes', 'no', 'outside the US', 'https://example.org/x', '🙏🙏', 'sdfsdfsdf', 'family']);
    for (const noise of ['https://example.org/x', '🙏🙏', 'sdfsdfsdf']) {
      expect(after(c, noise).keys).toEqual(['reprompt.noise']);
      expect(after(c, noise).asking).toBe('role');
    }
    expect(c.context.answers.role).toEqual({ value: 'family' });
    // Asked again three times: a person is offered.
    expect(after(c, 'sdfsdfsdf').sms.join(' ')).toMatch(/AGENT/);
  });

  it('a spam opener with a link is not held as a story', () => {
    const c = converse(['WIN a free phone today, claim your prize at bit.ly/abc123', 'English', 'yes']);
    expect(c.context.narrative).toBeNull();
  });
});

describe('what a danger message says besides, once consent is given', () => {
  it('fills the questions not answered yet, never the one it interrupted', () => {
    const c = converse(['Hello', 'yes', 'no', "he's at the peace bridge and collapsed, he's not breathing", 'ok']);
    // At the location question: the location is asked again, not taken from the emergency.
    expect(c.turns[3].keys).toEqual(['say.emergency']);
    expect(c.context.answers.location).toBeUndefined();
    expect(after(c, 'ok').keys).toEqual(['say.goOn', 'q.location.prompt']);
    // Later, what it says about the questions ahead is kept: the reason is not asked again.
    // (A surgery still to come: one that "was cancelled" is told of the past, no reason read from it.)
    const later = converse(['Hello', 'yes', 'no', 'outside the US', 'his surgery is next week and now he is having a seizure', 'ok', 'me']);
    expect(later.context.answers.reason).toEqual({ value: 'medical' });
    expect(after(later, 'ok').keys).toEqual(['say.goOn', 'q.role.prompt']);
    expect(after(later, 'me').asking).toBe('patient');
  });
});
